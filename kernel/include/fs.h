/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file fs.h
 * @brief Open files and file descriptors (Linux: linux/fs.h,
 * linux/file.h). vmm386 has no VFS: a struct file carries its operations
 * directly (the console, a file of the initramfs, a pipe end).
 */
#ifndef _VMM_FS_H
#define _VMM_FS_H

#include <types.h>
#include <uaccess.h>

/** Longest path, with its NUL. */
#define PATH_MAX	256

/** Most descriptors a process may have open. */
#define NR_OPEN		64

#define O_ACCMODE	0003		/**< the access-mode bits */
#define O_RDONLY	00		/**< open for reading */
#define O_WRONLY	01		/**< open for writing */
#define O_RDWR		02		/**< both */
#define O_CREAT		0100		/**< create if missing */
#define O_EXCL		0200		/**< with O_CREAT: fail if it exists */
#define O_TRUNC		01000		/**< truncate */
#define O_APPEND	02000		/**< writes go to the end */
#define O_NONBLOCK	04000		/**< do not sleep */
#define O_LARGEFILE	0100000		/**< accepted and ignored */
#define O_DIRECTORY	0200000		/**< fail unless a directory */
#define O_CLOEXEC	02000000	/**< close on execve */

#define F_DUPFD		0	/**< fcntl: duplicate to >= arg */
#define F_GETFD		1	/**< get FD_CLOEXEC */
#define F_SETFD		2	/**< set FD_CLOEXEC */
#define F_GETFL		3	/**< get the open flags */
#define F_SETFL		4	/**< set O_APPEND/O_NONBLOCK */
#define F_DUPFD_CLOEXEC	1030	/**< F_DUPFD with FD_CLOEXEC */
#define FD_CLOEXEC	1	/**< the close-on-exec descriptor flag */

#define SEEK_SET	0	/**< lseek from the start */
#define SEEK_CUR	1	/**< from the current position */
#define SEEK_END	2	/**< from the end */

struct file;
struct vm_area_struct;
struct address_space;
struct poll_table_struct;

/**
 * struct file_operations - what can be done to an open file. A missing
 * operation gives the errno Linux gives for it.
 */
struct file_operations {
	/** Read up to @p n bytes into user memory at the file position. */
	long (*read)(struct file *f, char __user *buf, unsigned long n);
	/** Write @p n bytes from user memory. */
	long (*write)(struct file *f, const char __user *buf,
		      unsigned long n);
	/** Device control; NULL means -ENOTTY. */
	long (*ioctl)(struct file *f, unsigned int cmd, unsigned long arg);
	/** The last descriptor of the file was closed. */
	void (*release)(struct file *f);
	/**
	 * Set up region @p vma to map the file (its vm_ops); NULL means
	 * the file cannot be mapped: mmap() gives -ENODEV.
	 */
	int (*mmap)(struct file *f, struct vm_area_struct *vma);
	/**
	 * The POLL* events ready now; if @p pt is not NULL, also put the
	 * caller on the wait queues that announce a change (poll_wait()).
	 * NULL means always ready (DEFAULT_POLLMASK).
	 */
	unsigned int (*poll)(struct file *f, struct poll_table_struct *pt);
};

/**
 * struct file - an open file: shared by every descriptor dup() and fork()
 * made from the one open(), with one position.
 */
struct file {
	const struct file_operations *f_op;	/**< how to read/write it */
	int f_count;		/**< descriptors (and users) holding it */
	unsigned int f_flags;	/**< O_* given to open() */
	long long f_pos;	/**< the file position */
	void *private_data;	/**< the object behind it */
	unsigned long f_size;	/**< size, for seekable files */
	unsigned int f_mode;	/**< S_IF* type and permission bits */
	/** The page cache of the file's contents, or NULL (pagemap.h). */
	struct address_space *f_mapping;
};

/** True if @p f was opened for reading. */
#define file_readable(f)	(((f)->f_flags & O_ACCMODE) != O_WRONLY)
/** True if @p f was opened for writing. */
#define file_writable(f)	(((f)->f_flags & O_ACCMODE) != O_RDONLY)
/** Take one more reference to @p f (a region that maps it). */
#define get_file(f)		((f)->f_count++)

/**
 * struct files_struct - a process's descriptor table (shared by no one
 * yet: fork copies it, taking a reference on every file).
 */
struct files_struct {
	struct file *fd[NR_OPEN];	/**< the open file of each descriptor */
	unsigned long long close_on_exec;	/**< bit n: FD_CLOEXEC of fd n */
};

/**
 * struct fs_struct - a process's current directory, as an absolute path
 * without the leading `/` (empty for the root); fork copies it.
 */
struct fs_struct {
	char cwd[PATH_MAX];	/**< the current directory */
};

struct task_struct;

struct fs_struct *copy_fs(const struct fs_struct *old);
void put_fs(struct fs_struct *fs);
int resolve_path(const char *base, const char *path, char *out);
int user_path_lookup(const char __user *upath, char *path);
const char *file_dir_path(const struct file *f);
bool is_pipe_file(const struct file *f);
unsigned int path_dev(const char *path);
struct file *alloc_file(const struct file_operations *op, unsigned int flags);
struct file *fget(unsigned int fd);
void fput(struct file *f);
int get_unused_fd(unsigned int from);
void fd_install(unsigned int fd, struct file *f);
struct files_struct *alloc_files(void);
struct files_struct *dup_files(struct files_struct *old);
void put_files(struct files_struct *files);
void close_on_exec(struct files_struct *files);
int open_console_fds(struct files_struct *files);

extern const struct file_operations console_fops;

#endif /* _VMM_FS_H */
