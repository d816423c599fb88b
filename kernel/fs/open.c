// SPDX-License-Identifier: GPL-2.0-only
/*
 * open.c - the initramfs as a read-only tree of directories and files:
 * open, openat, stat64, fstat64, getdents64, getcwd, chdir (Linux:
 * fs/open.c, fs/stat.c, fs/readdir.c, fs/namei.c; the tree is what
 * Linux's ramfs would hold after unpacking, read-only here).
 *
 * The archive's index holds regular files by their full path. A directory
 * is any path that is a prefix of a file's ("bin" of "bin/init"); the root
 * always exists, and so do /dev/console, the console as a character
 * device, /dev/null and /dev/zero, and /proc (proc.c). A path is made
 * absolute from the process's current directory and cleaned of "." and
 * ".." before it is looked up; a symbolic link of the archive (busybox's
 * applets) is followed when it is the last component. A file reads
 * through the page cache (generic_file_read) and can be mapped; anything
 * that would write gets -EROFS -- except under /tmp, which is tmpfs
 * (tmpfs.c): there files and directories can be created, written,
 * truncated and removed (unlink, mkdir, rmdir, ftruncate are here).
 */
#include <fs.h>
#include <initramfs.h>
#include <sched.h>
#include <slab.h>
#include <string.h>
#include <errno.h>
#include <syscalls.h>
#include <proc_fs.h>
#include <kernel.h>
#include <pagemap.h>
#include <tmpfs.h>

#define S_IFDIR		0040000
#define S_IFREG		0100000
#define S_IFCHR		0020000
#define S_IFLNK		0120000
#define AT_FDCWD	(-100)
#define AT_EMPTY_PATH	0x1000
#define AT_SYMLINK_NOFOLLOW	0x100
#define DT_CHR		2
#define DT_DIR		4
#define DT_REG		8
#define DT_LNK		10
#define CONSOLE_PATH	"dev/console"
#define CONSOLE_RDEV	((5 << 8) | 1)	/* major 5, minor 1 */

/* What a cleaned path names. */
enum node_kind {
	NODE_NONE, NODE_FILE, NODE_DIR, NODE_CONSOLE, NODE_PROC, NODE_TMPFILE,
	NODE_LINK, NODE_MEMDEV
};

/* struct stat64 of i386 Linux: 96 bytes, no hole before st_size. */
struct stat64 {
	u64 st_dev;
	u32 __pad1;
	u32 __st_ino;
	u32 st_mode;
	u32 st_nlink;
	u32 st_uid;
	u32 st_gid;
	u64 st_rdev;
	u32 __pad2;
	s64 st_size;
	u32 st_blksize;
	u64 st_blocks;
	u32 st_atime, st_atime_nsec;
	u32 st_mtime, st_mtime_nsec;
	u32 st_ctime, st_ctime_nsec;
	u64 st_ino;
} __attribute__((packed));
_Static_assert(sizeof(struct stat64) == 96, "struct stat64");

/* ---- /dev/null and /dev/zero (Linux: drivers/char/mem.c) ---------------- */

/* /dev/null reads as end of file and swallows every write. */
static long null_read(struct file *f, char __user *buf, unsigned long n)
{
	return 0;
}

static long null_write(struct file *f, const char __user *buf,
		       unsigned long n)
{
	return n;
}

/* /dev/zero reads as zeros, as many as asked, and swallows writes. */
static long zero_read(struct file *f, char __user *buf, unsigned long n)
{
	return clear_user(buf, n) ? -EFAULT : (long)n;
}

static const struct file_operations null_fops = {
	.read = null_read,
	.write = null_write,
};

static const struct file_operations zero_fops = {
	.read = zero_read,
	.write = null_write,
};

/* The memory devices of /dev: name, device number (major 1), operations. */
static const struct memdev {
	const char *name;
	u32 rdev;
	const struct file_operations *fops;
} memdevs[] = {
	{ "null", (1 << 8) | 3, &null_fops },
	{ "zero", (1 << 8) | 5, &zero_fops },
};

/* The memory device at cleaned @path ("dev/null"), or NULL. */
static const struct memdev *memdev_at(const char *path)
{
	if (strncmp(path, "dev/", 4))
		return NULL;
	for (unsigned int i = 0; i < ARRAY_SIZE(memdevs); i++)
		if (!strcmp(path + 4, memdevs[i].name))
			return &memdevs[i];
	return NULL;
}

/* The memory device an open file @f is, or NULL. */
static const struct memdev *memdev_of(const struct file *f)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(memdevs); i++)
		if (f->f_op == memdevs[i].fops)
			return &memdevs[i];
	return NULL;
}

static u32 node_ino(const char *path);

/* ---- paths ------------------------------------------------------------- */

/**
 * A new current-directory record: a copy of @p old, or the root if
 * @p old is NULL. NULL if memory is short.
 */
struct fs_struct *copy_fs(const struct fs_struct *old)
{
	struct fs_struct *fs = kmalloc(sizeof(*fs), GFP_KERNEL);

	if (!fs)
		return NULL;
	if (old)
		*fs = *old;
	else
		fs->cwd[0] = '\0';
	return fs;
}

/** Free a current-directory record (exit). */
void put_fs(struct fs_struct *fs)
{
	kfree(fs);
}

/* Append component @c (@len bytes) to @out (@used bytes), "." and ".."
 * applied. -ENAMETOOLONG if it does not fit. */
static int add_component(char *out, size_t *used, const char *c, size_t len)
{
	if (len == 1 && c[0] == '.')
		return 0;
	if (len == 2 && c[0] == '.' && c[1] == '.') {
		char *slash;

		out[*used] = '\0';
		slash = strrchr(out, '/');
		*used = slash ? (size_t)(slash - out) : 0;
		out[*used] = '\0';
		return 0;
	}
	if (*used + !!*used + len + 1 > PATH_MAX)
		return -ENAMETOOLONG;
	if (*used)
		out[(*used)++] = '/';
	memcpy(out + *used, c, len);
	*used += len;
	out[*used] = '\0';
	return 0;
}

/* Add the components of @path to @out. */
static int add_path(char *out, size_t *used, const char *path)
{
	while (*path) {
		const char *end = strchr(path, '/');
		size_t len = end ? (size_t)(end - path) : strlen(path);
		int err;

		if (len) {
			err = add_component(out, used, path, len);
			if (err)
				return err;
		}
		path += len;
		while (*path == '/')
			path++;
	}
	return 0;
}

/**
 * Make @p path absolute from directory @p base (empty: the root) and clean
 * it: @p out gets it without the leading `/`, empty for the root. Returns 0,
 * -ENOENT for an empty path, -ENAMETOOLONG.
 */
int resolve_path(const char *base, const char *path, char *out)
{
	size_t used = 0;
	int err;

	if (!*path)
		return -ENOENT;
	out[0] = '\0';
	if (*path != '/') {
		err = add_path(out, &used, base);
		if (err)
			return err;
	}
	return add_path(out, &used, path);
}

/* Is @dir ("" = root) a prefix directory of file path @name? */
static bool in_dir(const char *name, const char *dir)
{
	size_t n = strlen(dir);

	if (!n)
		return true;
	return !strncmp(name, dir, n) && name[n] == '/';
}

/* What cleaned @path names in tmpfs; its node in *@tmp. */
static enum node_kind lookup_tmpfs(const char *path, struct tmpfs_node **tmp)
{
	*tmp = tmpfs_lookup(path);
	if (!*tmp)
		return NODE_NONE;
	return tmpfs_is_dir(*tmp) ? NODE_DIR : NODE_TMPFILE;
}

/*
 * What @path (cleaned) names, and its file if it is one: an initramfs
 * file in *@file, a tmpfs node in *@tmp (@tmp may be NULL if the caller
 * does not need it).
 */
static enum node_kind lookup_node(const char *path,
				  const struct initramfs_file **file,
				  struct tmpfs_node **tmp)
{
	struct tmpfs_node *scratch;

	*file = NULL;
	if (!tmp)
		tmp = &scratch;
	*tmp = NULL;
	if (is_tmpfs_path(path))
		return lookup_tmpfs(path, tmp);
	if (!*path || !strcmp(path, "dev"))
		return NODE_DIR;
	if (!strcmp(path, "proc") || !strncmp(path, "proc/", 5)) {
		switch (proc_lookup(path[4] ? path + 5 : "")) {
		case PROC_DIR:
			return NODE_DIR;
		case PROC_FILE:
			return NODE_PROC;
		default:
			return NODE_NONE;
		}
	}
	if (!strcmp(path, CONSOLE_PATH))
		return NODE_CONSOLE;
	if (memdev_at(path))
		return NODE_MEMDEV;
	*file = initramfs_lookup(path);
	if (*file)
		return NODE_FILE;
	for (int i = 0; i < initramfs_nr_files(); i++)
		if (in_dir(initramfs_file_at(i)->name, path))
			return NODE_DIR;
	return NODE_NONE;
}

/* Copy user path @upath into @buf and resolve it from the cwd. */
static int user_path(const char __user *upath, char *out)
{
	char buf[PATH_MAX];
	long n = strncpy_from_user(buf, upath, sizeof(buf));

	if (n < 0)
		return n;
	if (n == sizeof(buf))
		return -ENAMETOOLONG;
	return resolve_path(current->fs ? current->fs->cwd : "", buf, out);
}

/* ---- open files of the tree ---------------------------------------------- */

/* An initramfs file reads and maps through the page cache. */
static const struct file_operations ramfs_file_fops = {
	.read = generic_file_read,
	.mmap = generic_file_mmap,
};

/* A directory's file: its path, kept for getdents64 and fstat. */
static void ramfs_dir_release(struct file *f)
{
	kfree(f->private_data);
}

static long ramfs_dir_read(struct file *f, char __user *buf, unsigned long n)
{
	return -EISDIR;
}

static const struct file_operations ramfs_dir_fops = {
	.read = ramfs_dir_read,
	.release = ramfs_dir_release,
};

/**
 * The initramfs file @p f was opened on, or NULL when @p f is something
 * else (a tmpfs file, a directory, the console, a pipe): execve() of
 * /proc/self/exe finds the running program through it.
 */
const struct initramfs_file *initramfs_file_of(const struct file *f)
{
	return f && f->f_op == &ramfs_file_fops ? f->private_data : NULL;
}

/**
 * An open file, with @p flags, of initramfs file @p file (open(), and
 * execve() for the program it maps), or NULL if memory is short. Its
 * page cache learns the file's inode number, for /proc/PID/maps.
 */
struct file *initramfs_open(const struct initramfs_file *file,
			    unsigned int flags)
{
	struct file *f = alloc_file(&ramfs_file_fops, flags);

	if (!f)
		return NULL;
	f->private_data = (void *)file;
	f->f_size = file->size;
	f->f_mode = S_IFREG | (file->mode & 07777);
	f->f_mapping = initramfs_mapping(file);
	f->f_mapping->ino = node_ino(file->name);
	return f;
}

/* An open file for @kind at @path, or NULL if memory is short. */
static struct file *open_node(enum node_kind kind, const char *path,
			      const struct initramfs_file *file,
			      struct tmpfs_node *tmp, unsigned int flags)
{
	struct file *f;

	if (kind == NODE_CONSOLE)
		return alloc_file(&console_fops, flags);
	if (kind == NODE_MEMDEV) {
		f = alloc_file(memdev_at(path)->fops, flags);
		if (f)
			f->f_mode = S_IFCHR | 0666;
		return f;
	}
	if (kind == NODE_PROC)
		return proc_open(path + 5, flags);
	if (kind == NODE_FILE)
		return initramfs_open(file, flags);
	if (kind == NODE_TMPFILE)
		return tmpfs_open(tmp, flags);
	f = alloc_file(&ramfs_dir_fops, flags);
	if (!f)
		return NULL;
	f->private_data = kmalloc(strlen(path) + 1, GFP_KERNEL);
	if (!f->private_data) {
		kfree(f);
		return NULL;
	}
	strcpy(f->private_data, path);
	f->f_mode = S_IFDIR | 0755;
	return f;
}

/*
 * The errno for opening @kind at @path with @flags, or 0: -ENOENT for
 * what does not exist (O_CREAT creates it under /tmp; elsewhere the tree
 * is read-only: -EROFS), -EEXIST for O_CREAT|O_EXCL on what exists,
 * -ENOTDIR for O_DIRECTORY on a non-directory, -EISDIR for writing a
 * directory, -EROFS for writing a file outside /tmp.
 */
static int check_open(enum node_kind kind, const char *path,
		      unsigned int flags)
{
	bool writing = (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC);

	if (kind == NODE_NONE && !(flags & O_CREAT))
		return -ENOENT;
	if (kind == NODE_NONE)
		return is_tmpfs_path(path) ? 0 : -EROFS;
	if ((flags & (O_CREAT | O_EXCL)) == (O_CREAT | O_EXCL))
		return -EEXIST;
	if ((flags & O_DIRECTORY) && kind != NODE_DIR)
		return -ENOTDIR;
	if (kind == NODE_DIR && writing)
		return -EISDIR;
	if ((kind == NODE_FILE || kind == NODE_PROC) && writing)
		return -EROFS;
	return 0;
}

/*
 * Create tmpfs file @path with permission bits @mode for open(O_CREAT),
 * less the process's umask as in Linux; *@tmp gets it. 0 or the errno.
 */
static int create_file(const char *path, unsigned int mode,
		       struct tmpfs_node **tmp)
{
	mode &= 07777 & ~current->umask;
	return tmpfs_create(path, S_IFREG | mode, tmp);
}

/** open(2) on the initramfs tree, tmpfs at /tmp and /dev/console. */
long sys_open(const char __user *upath, unsigned int flags, unsigned int mode)
{
	char path[PATH_MAX];
	const struct initramfs_file *file;
	struct tmpfs_node *tmp;
	enum node_kind kind;
	struct file *f;
	int err = user_path(upath, path), fd;

	if (!err)
		err = initramfs_follow(path, path);
	if (err)
		return err;
	kind = lookup_node(path, &file, &tmp);
	err = check_open(kind, path, flags);
	if (err)
		return err;
	fd = get_unused_fd(0);
	if (fd < 0)
		return fd;
	if (kind == NODE_NONE) {
		err = create_file(path, mode, &tmp);
		if (err)
			return err;
		kind = NODE_TMPFILE;
	}
	if (kind == NODE_TMPFILE && (flags & O_TRUNC))
		tmpfs_truncate(tmp, 0);
	f = open_node(kind, path, file, tmp, flags & ~(O_CREAT | O_TRUNC |
						       O_EXCL));
	if (!f)
		return -ENOMEM;
	fd_install(fd, f);
	if (flags & O_CLOEXEC)
		current->files->close_on_exec |= 1ULL << fd;
	return fd;
}

/**
 * openat(2): only AT_FDCWD or an absolute path is supported as the start
 * of the lookup; another descriptor gives -EBADF if closed, else -ENOSYS.
 */
long sys_openat(int dirfd, const char __user *upath, unsigned int flags,
		unsigned int mode)
{
	char first;

	if (dirfd != AT_FDCWD && (get_user(first, upath) || first != '/')) {
		if (dirfd < 0 || !fget(dirfd))
			return -EBADF;
		return -ENOSYS;
	}
	return sys_open(upath, flags, mode);
}

/* ---- stat ------------------------------------------------------------ */

/* A stable inode number for @path. */
static u32 node_ino(const char *path)
{
	u32 h = 2166136261u;	/* FNV-1a */

	while (*path)
		h = (h ^ (u8)*path++) * 16777619u;
	return (h & 0x7fffffff) | 1;
}

/* Fill @st for a tmpfs file @tmp: its own inode number and device. */
static void fill_tmpfs_stat(struct stat64 *st, const struct tmpfs_node *tmp)
{
	const struct address_space *mapping = &tmp->mapping;

	st->st_mode = tmp->mode;
	st->st_nlink = tmp->linked;
	st->st_size = mapping->size;
	st->st_blocks = mapping->nrpages * (PAGE_SIZE / 512);
	st->st_ino = st->__st_ino = mapping->ino;
	st->st_dev = mapping->dev;
}

/* Fill @st for @kind at @path (@file or @tmp: its file, if it is one). */
static void fill_stat(struct stat64 *st, enum node_kind kind, const char *path,
		      const struct initramfs_file *file,
		      const struct tmpfs_node *tmp)
{
	memset(st, 0, sizeof(*st));
	st->st_ino = st->__st_ino = node_ino(path);
	st->st_dev = path_dev(path);
	st->st_nlink = 1;
	st->st_blksize = PAGE_SIZE;
	switch (kind) {
	case NODE_FILE:
		st->st_mode = S_IFREG | (file->mode & 07777);
		st->st_size = file->size;
		st->st_blocks = (file->size + 511) / 512;
		st->st_dev = ROOTFS_DEV;
		break;
	case NODE_TMPFILE:
		fill_tmpfs_stat(st, tmp);
		break;
	case NODE_PROC:
		st->st_mode = S_IFREG | 0444;	/* size 0, as in Linux */
		break;
	case NODE_LINK:
		st->st_mode = S_IFLNK | 0777;
		st->st_size = file->size;	/* the target's length */
		break;
	case NODE_MEMDEV:
		st->st_mode = S_IFCHR | 0666;
		st->st_rdev = memdev_at(path)->rdev;
		break;
	case NODE_CONSOLE:
		st->st_mode = S_IFCHR | 0600;
		st->st_rdev = CONSOLE_RDEV;
		break;
	default:
		st->st_mode = S_IFDIR | 0755;
		st->st_nlink = 2;
	}
}

/*
 * What cleaned @path names, like lookup_node(), except that a symbolic
 * link itself is NODE_LINK when @follow is false (lstat, readlink).
 */
static enum node_kind lookup_node_link(const char *path, bool follow,
				       const struct initramfs_file **file,
				       struct tmpfs_node **tmp)
{
	const struct initramfs_file *l = initramfs_lookup_link(path);

	if (!follow && l && initramfs_is_link(l)) {
		*file = l;
		if (tmp)
			*tmp = NULL;
		return NODE_LINK;
	}
	return lookup_node(path, file, tmp);
}

/**
 * Copy user path @p upath into @p path (absolute, cleaned, without the
 * leading `/`, a last symbolic link followed): 0 when it names something,
 * -ENOENT when it does not, or the error of copying it (statfs()).
 */
int user_path_lookup(const char __user *upath, char *path)
{
	const struct initramfs_file *file;
	int err = user_path(upath, path);

	if (!err)
		err = initramfs_follow(path, path);
	if (err)
		return err;
	return lookup_node_link(path, true, &file, NULL) == NODE_NONE ?
		-ENOENT : 0;
}

/**
 * The path (cleaned, no leading `/`) of directory @p f was opened on, or
 * NULL when @p f is not a directory of the tree (fstatfs()).
 */
const char *file_dir_path(const struct file *f)
{
	return f->f_op == &ramfs_dir_fops ? f->private_data : NULL;
}

/* stat of cleaned @path into user @buf, links followed if @follow. */
static long stat_path(const char *path, bool follow, void __user *buf)
{
	const struct initramfs_file *file;
	struct tmpfs_node *tmp;
	char target[PATH_MAX];
	enum node_kind kind;
	struct stat64 st;

	if (follow && !initramfs_follow(path, target))
		path = target;
	kind = lookup_node_link(path, follow, &file, &tmp);
	if (kind == NODE_NONE)
		return -ENOENT;
	fill_stat(&st, kind, path, file, tmp);
	return copy_to_user(buf, &st, sizeof(st)) ? -EFAULT : 0;
}

/** stat64(2): the status of what @p upath names, links followed. */
long sys_stat64(const char __user *upath, void __user *buf)
{
	char path[PATH_MAX];
	int err = user_path(upath, path);

	return err ? err : stat_path(path, true, buf);
}

/** lstat64(2): like stat64(), but a symbolic link is described itself. */
long sys_lstat64(const char __user *upath, void __user *buf)
{
	char path[PATH_MAX];
	int err = user_path(upath, path);

	return err ? err : stat_path(path, false, buf);
}

/**
 * readlink(2): the target of symbolic link @p upath, @p size bytes at most
 * and no NUL added; returns its length. -EINVAL if it is not a link.
 * /proc/self/exe is not a link here (vmm386 keeps no file of a process),
 * so glibc's look at it gets -ENOENT and ash finds applets through PATH.
 */
long sys_readlink(const char __user *upath, char __user *buf, int size)
{
	char path[PATH_MAX];
	const struct initramfs_file *file;
	int err = user_path(upath, path);
	unsigned long n;

	if (err)
		return err;
	if (size <= 0)
		return -EINVAL;
	switch (lookup_node_link(path, false, &file, NULL)) {
	case NODE_NONE:
		return -ENOENT;
	case NODE_LINK:
		break;
	default:
		return -EINVAL;
	}
	n = file->size < (unsigned long)size ? file->size : (unsigned long)size;
	return copy_to_user(buf, file->data, n) ? -EFAULT : (long)n;
}

/**
 * fstatat64(2), which glibc 2.36 uses for stat(), lstat() and fstat()
 * once statx() answers -ENOSYS: @p upath from @p dirfd (only AT_FDCWD or
 * an absolute path, as openat()), AT_SYMLINK_NOFOLLOW for lstat, and
 * AT_EMPTY_PATH with an empty path for the descriptor itself (fstat).
 */
long sys_fstatat64(int dirfd, const char __user *upath, void __user *buf,
		   int flags)
{
	char path[PATH_MAX], first;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | 0x800))
		return -EINVAL;
	if (get_user(first, upath))
		return -EFAULT;
	if (!first && (flags & AT_EMPTY_PATH))
		return sys_fstat64(dirfd, buf);
	if (dirfd != AT_FDCWD && first != '/') {
		if (dirfd < 0 || !fget(dirfd))
			return -EBADF;
		return -ENOSYS;
	}
	err = user_path(upath, path);
	if (err)
		return err;
	return stat_path(path, !(flags & AT_SYMLINK_NOFOLLOW), buf);
}

/**
 * access(2): does @p upath exist? Everyone is root here, and root may
 * read and write anything, so only the execute bit of a file (@p mode
 * X_OK, 1) and a write to the read-only tree outside /tmp (W_OK, 2) are
 * refused.
 */
long sys_access(const char __user *upath, int mode)
{
	char path[PATH_MAX];
	const struct initramfs_file *file;
	enum node_kind kind;
	int err = user_path(upath, path);

	if (err)
		return err;
	if (mode & ~7)
		return -EINVAL;
	kind = lookup_node(path, &file, NULL);
	if (kind == NODE_NONE)
		return -ENOENT;
	if ((mode & 1) && kind == NODE_FILE && !(file->mode & 0111))
		return -EACCES;
	if ((mode & 2) && (kind == NODE_FILE || kind == NODE_DIR) &&
	    !is_tmpfs_path(path))
		return -EROFS;
	return 0;
}

/** fstat64(2): the status of an open file. */
long sys_fstat64(unsigned int fd, void __user *buf)
{
	struct file *f = fget(fd);
	struct tmpfs_node *tmp;
	struct stat64 st;

	if (!f)
		return -EBADF;
	tmp = tmpfs_file_node(f);
	if (f->f_op == &ramfs_file_fops) {
		const struct initramfs_file *file = f->private_data;

		fill_stat(&st, NODE_FILE, file->name, file, NULL);
	} else if (tmp) {
		fill_stat(&st, NODE_TMPFILE, tmp->path, NULL, tmp);
	} else if (f->f_op == &ramfs_dir_fops) {
		fill_stat(&st, NODE_DIR, f->private_data, NULL, NULL);
	} else if (f->f_op == &console_fops) {
		fill_stat(&st, NODE_CONSOLE, CONSOLE_PATH, NULL, NULL);
	} else if (memdev_of(f)) {
		char path[16];

		snprintf(path, sizeof(path), "dev/%s", memdev_of(f)->name);
		fill_stat(&st, NODE_MEMDEV, path, NULL, NULL);
	} else {
		memset(&st, 0, sizeof(st));
		st.st_mode = f->f_mode;
	}
	return copy_to_user(buf, &st, sizeof(st)) ? -EFAULT : 0;
}

/* ---- directories ---------------------------------------------------------- */

/*
 * The @k-th entry of directory @dir (0 ".", 1 "..", then each child once,
 * in the archive's order): its name in @name (@len bytes) and its type.
 * False past the end.
 */
static bool dir_entry(const char *dir, int k, const char **name, size_t *len,
		      unsigned char *type, char scratch[16])
{
	static const char *const dots[] = { ".", ".." };
	size_t dlen = strlen(dir) + !!*dir;

	if (k < 2) {
		*name = dots[k];
		*len = k + 1;
		*type = DT_DIR;
		return true;
	}
	if (!strcmp(dir, "proc") || !strncmp(dir, "proc/", 5)) {
		if (!proc_dir_entry(dir[4] ? dir + 5 : "", k - 2, scratch, 16,
				    type))
			return false;
		*name = scratch;
		*len = strlen(scratch);
		return true;
	}
	if (is_tmpfs_path(dir))
		return tmpfs_dir_entry(dir, k - 2, name, len, type);
	if (!strcmp(dir, "dev") && k == 2) {
		*name = "console";
		*len = 7;
		*type = DT_CHR;
		return true;
	}
	if (!strcmp(dir, "dev") && k - 3 < (int)ARRAY_SIZE(memdevs)) {
		*name = memdevs[k - 3].name;
		*len = strlen(*name);
		*type = DT_CHR;
		return true;
	}
	k -= 2;
	for (int i = 0; i < initramfs_nr_files(); i++) {
		const char *p = initramfs_file_at(i)->name, *rest, *slash;
		bool seen = false;

		if (!in_dir(p, dir))
			continue;
		rest = p + dlen;
		slash = strchr(rest, '/');
		*len = slash ? (size_t)(slash - rest) : strlen(rest);
		for (int j = 0; j < i && !seen; j++) {
			const char *q = initramfs_file_at(j)->name;

			seen = in_dir(q, dir) && !strncmp(q + dlen, rest, *len) &&
			       (q[dlen + *len] == '/' || !q[dlen + *len]);
		}
		if (seen || k--)
			continue;
		*name = rest;
		*type = slash ? DT_DIR :
			initramfs_is_link(initramfs_file_at(i)) ? DT_LNK :
			DT_REG;
		return true;
	}
	if (!*dir && k < 3) {
		static const char *const extra[] = { "dev", "proc", "tmp" };

		*name = extra[k];
		*len = strlen(extra[k]);
		*type = DT_DIR;
		return true;
	}
	return false;
}

/* One linux_dirent64 record: header, then the NUL-terminated name. */
struct linux_dirent64 {
	u64 d_ino;
	s64 d_off;
	u16 d_reclen;
	u8 d_type;
} __attribute__((packed));

/**
 * getdents64(2): as many entries of directory @p fd as fit in @p count
 * bytes at @p buf, from the directory's position on. Returns the bytes
 * filled, 0 at the end, -EINVAL if the first entry does not fit, -ENOTDIR
 * for a file that is not a directory.
 */
long sys_getdents64(unsigned int fd, void __user *buf, unsigned int count)
{
	struct file *f = fget(fd);
	unsigned int used = 0;
	const char *dir;

	if (!f)
		return -EBADF;
	if (f->f_op != &ramfs_dir_fops)
		return -ENOTDIR;
	dir = f->private_data;
	for (;;) {
		struct linux_dirent64 d;
		const char *name;
		size_t len;
		unsigned int reclen;
		char path[PATH_MAX], scratch[16];

		if (!dir_entry(dir, f->f_pos, &name, &len, &d.d_type, scratch))
			break;
		reclen = ALIGN(sizeof(d) + len + 1, 8);
		if (used + reclen > count)
			return used ? (long)used : -EINVAL;
		snprintf(path, sizeof(path), "%s/%.*s", dir, (int)len, name);
		d.d_ino = node_ino(path);
		d.d_off = f->f_pos + 1;
		d.d_reclen = reclen;
		if (copy_to_user((char __user *)buf + used, &d, sizeof(d)) ||
		    copy_to_user((char __user *)buf + used + sizeof(d), name,
				 len) ||
		    clear_user((char __user *)buf + used + sizeof(d) + len,
			       reclen - sizeof(d) - len))
			return -EFAULT;
		used += reclen;
		f->f_pos++;
	}
	return used;
}

/**
 * getcwd(2): the current directory's absolute path in @p buf; returns its
 * length with the NUL, -ERANGE if @p size is too small.
 */
long sys_getcwd(char __user *buf, unsigned long size)
{
	char path[PATH_MAX + 1];
	size_t len;

	snprintf(path, sizeof(path), "/%s", current->fs ? current->fs->cwd : "");
	len = strlen(path) + 1;
	if (size < len)
		return -ERANGE;
	return copy_to_user(buf, path, len) ? -EFAULT : (long)len;
}

/** chdir(2): make @p upath, a directory, the current directory. */
long sys_chdir(const char __user *upath)
{
	char path[PATH_MAX];
	const struct initramfs_file *file;
	int err = user_path(upath, path);

	if (err)
		return err;
	switch (lookup_node(path, &file, NULL)) {
	case NODE_DIR:
		strcpy(current->fs->cwd, path);
		return 0;
	case NODE_NONE:
		return -ENOENT;
	default:
		return -ENOTDIR;
	}
}

/* ---- changing the tree: tmpfs only ---------------------------------------- */

/*
 * The errno for changing @path outside tmpfs, where the tree is
 * read-only: -ENOENT if it does not exist and @missing_is_enoent, else
 * -EROFS (Linux answers a missing name on a read-only file system with
 * -ENOENT for unlink and rmdir, -EROFS for mkdir).
 */
static int read_only_errno(const char *path, bool missing_is_enoent)
{
	const struct initramfs_file *file;

	if (lookup_node(path, &file, NULL) == NODE_NONE && missing_is_enoent)
		return -ENOENT;
	return -EROFS;
}

/** unlink(2): remove a file's name (tmpfs). */
long sys_unlink(const char __user *upath)
{
	char path[PATH_MAX];
	const struct initramfs_file *file;
	int err = user_path(upath, path);

	if (err)
		return err;
	if (!is_tmpfs_path(path)) {
		if (lookup_node(path, &file, NULL) == NODE_DIR)
			return -EISDIR;
		return read_only_errno(path, true);
	}
	return tmpfs_unlink(path);
}

/** mkdir(2): make a directory (tmpfs); -EEXIST if the name is taken. */
long sys_mkdir(const char __user *upath, unsigned int mode)
{
	char path[PATH_MAX];
	const struct initramfs_file *file;
	struct tmpfs_node *node;
	int err = user_path(upath, path);

	if (err)
		return err;
	if (lookup_node(path, &file, NULL) != NODE_NONE)
		return -EEXIST;
	if (!is_tmpfs_path(path))
		return -EROFS;
	mode &= 07777 & ~current->umask;	/* as open(O_CREAT) */
	return tmpfs_create(path, S_IFDIR | mode, &node);
}

/** rmdir(2): remove an empty directory (tmpfs). */
long sys_rmdir(const char __user *upath)
{
	char path[PATH_MAX];
	const struct initramfs_file *file;
	enum node_kind kind;
	int err = user_path(upath, path);

	if (err)
		return err;
	if (is_tmpfs_path(path))
		return tmpfs_rmdir(path);
	kind = lookup_node(path, &file, NULL);
	if (kind == NODE_NONE)
		return -ENOENT;
	if (kind != NODE_DIR)
		return -ENOTDIR;
	return -EROFS;
}

/*
 * Truncate the file of descriptor @fd to @length bytes: -EBADF, -EINVAL
 * for a negative length, a file that is not a tmpfs file or one not
 * opened for writing (Linux's rules).
 */
static long truncate_fd(unsigned int fd, long long length)
{
	struct file *f = fget(fd);
	struct tmpfs_node *tmp;

	if (length < 0)
		return -EINVAL;
	if (!f)
		return -EBADF;
	tmp = tmpfs_file_node(f);
	if (!tmp || !file_writable(f))
		return -EINVAL;
	if (length > 0x7fffffffLL)
		return -EFBIG;
	return tmpfs_truncate(tmp, length);
}

/** ftruncate(2): set the length of an open file. */
long sys_ftruncate(unsigned int fd, unsigned long length)
{
	return truncate_fd(fd, (long)length);
}

/** ftruncate64(2): ftruncate with a 64-bit length in two halves. */
long sys_ftruncate64(unsigned int fd, unsigned long length_low,
		     unsigned long length_high)
{
	return truncate_fd(fd, (long long)(((unsigned long long)length_high
					     << 32) | length_low));
}

/**
 * sync(2): write every dirty buffer back. vmm386 has no buffer cache (its
 * files live in memory; a block written with submit_bh() goes to the disk
 * when it is submitted), so nothing is ever waiting: 0.
 */
long sys_sync(void)
{
	return 0;
}
