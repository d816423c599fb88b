// SPDX-License-Identifier: GPL-2.0-only
/*
 * file.c - descriptor tables and the calls that manage descriptors:
 * close, dup, dup2, fcntl64, ioctl (Linux: fs/file.c, fs/open.c,
 * fs/fcntl.c, fs/ioctl.c).
 *
 * A descriptor is an index into the process's table of struct file
 * pointers. dup() and fork() share one struct file (and so one file
 * position) between descriptors; the file is released when its count
 * drops to zero.
 */
#include <fs.h>
#include <sched.h>
#include <slab.h>
#include <string.h>
#include <errno.h>
#include <syscalls.h>

/**
 * A new open file with operations @p op and open flags @p flags, held
 * once by the caller; NULL if memory is short.
 */
struct file *alloc_file(const struct file_operations *op, unsigned int flags)
{
	struct file *f = kmalloc(sizeof(*f), GFP_KERNEL);

	if (!f)
		return NULL;
	memset(f, 0, sizeof(*f));
	f->f_op = op;
	f->f_count = 1;
	f->f_flags = flags;
	return f;
}

/** The open file of descriptor @p fd of the current process, or NULL. */
struct file *fget(unsigned int fd)
{
	struct files_struct *files = current->files;

	if (!files || fd >= NR_OPEN)
		return NULL;
	return files->fd[fd];
}

/** Drop a reference to @p f; the last one releases and frees it. */
void fput(struct file *f)
{
	if (--f->f_count)
		return;
	if (f->f_op->release)
		f->f_op->release(f);
	kfree(f);
}

/**
 * The lowest free descriptor of the current process that is at least
 * @p from, or -EMFILE if there is none.
 */
int get_unused_fd(unsigned int from)
{
	struct files_struct *files = current->files;

	for (unsigned int fd = from; fd < NR_OPEN; fd++)
		if (!files->fd[fd])
			return fd;
	return -EMFILE;
}

/** Make descriptor @p fd (free, from get_unused_fd()) refer to @p f. */
void fd_install(unsigned int fd, struct file *f)
{
	current->files->fd[fd] = f;
	current->files->close_on_exec &= ~(1ULL << fd);
}

/** An empty descriptor table, or NULL if memory is short. */
struct files_struct *alloc_files(void)
{
	struct files_struct *files = kmalloc(sizeof(*files), GFP_KERNEL);

	if (files)
		memset(files, 0, sizeof(*files));
	return files;
}

/**
 * A copy of table @p old for a child of fork(): the same files, each
 * with one more reference, and the same close-on-exec bits.
 */
struct files_struct *dup_files(struct files_struct *old)
{
	struct files_struct *files = alloc_files();

	if (!files)
		return NULL;
	*files = *old;
	for (int fd = 0; fd < NR_OPEN; fd++)
		if (files->fd[fd])
			files->fd[fd]->f_count++;
	return files;
}

/* Close descriptor @fd of table @files if it is open. */
static void close_fd(struct files_struct *files, unsigned int fd)
{
	struct file *f = files->fd[fd];

	if (!f)
		return;
	files->fd[fd] = NULL;
	files->close_on_exec &= ~(1ULL << fd);
	fput(f);
}

/** Close every descriptor of @p files and free the table (exit). */
void put_files(struct files_struct *files)
{
	for (unsigned int fd = 0; fd < NR_OPEN; fd++)
		close_fd(files, fd);
	kfree(files);
}

/** Close the descriptors marked FD_CLOEXEC (execve). */
void close_on_exec(struct files_struct *files)
{
	for (unsigned int fd = 0; fd < NR_OPEN; fd++)
		if (files->close_on_exec & (1ULL << fd))
			close_fd(files, fd);
}

/**
 * Open /dev/console as descriptors 0, 1 and 2 of table @p files, which
 * must be empty, as Linux's init does before it runs the first program.
 * Returns 0 or -ENOMEM.
 */
int open_console_fds(struct files_struct *files)
{
	struct file *f = alloc_file(&console_fops, O_RDWR);

	if (!f)
		return -ENOMEM;
	f->f_count = 3;
	files->fd[0] = files->fd[1] = files->fd[2] = f;
	return 0;
}

/** close(2). */
long sys_close(unsigned int fd)
{
	if (!fget(fd))
		return -EBADF;
	close_fd(current->files, fd);
	return 0;
}

/* Make @newfd refer to @f too (closing what it had), with no FD_CLOEXEC. */
static long dup_to(struct file *f, unsigned int newfd)
{
	struct files_struct *files = current->files;

	f->f_count++;
	close_fd(files, newfd);
	fd_install(newfd, f);
	return newfd;
}

/** dup(2): the lowest free descriptor, sharing @p fd's file. */
long sys_dup(unsigned int fd)
{
	struct file *f = fget(fd);
	int newfd;

	if (!f)
		return -EBADF;
	newfd = get_unused_fd(0);
	if (newfd < 0)
		return newfd;
	return dup_to(f, newfd);
}

/** dup2(2): @p newfd, closed first if open, shares @p oldfd's file. */
long sys_dup2(unsigned int oldfd, unsigned int newfd)
{
	struct file *f = fget(oldfd);

	if (!f)
		return -EBADF;
	if (newfd >= NR_OPEN)
		return -EBADF;
	if (newfd == oldfd)
		return newfd;
	return dup_to(f, newfd);
}

/* F_DUPFD and F_DUPFD_CLOEXEC: the lowest free descriptor >= @from. */
static long dup_from(struct file *f, unsigned long from, bool cloexec)
{
	int newfd;

	if (from >= NR_OPEN)
		return -EINVAL;
	newfd = get_unused_fd(from);
	if (newfd < 0)
		return newfd;
	dup_to(f, newfd);
	if (cloexec)
		current->files->close_on_exec |= 1ULL << newfd;
	return newfd;
}

/** fcntl64(2) (and fcntl 55): descriptor flags, file flags, F_DUPFD. */
long sys_fcntl64(unsigned int fd, unsigned int cmd, unsigned long arg)
{
	struct files_struct *files = current->files;
	struct file *f = fget(fd);
	const unsigned int settable = O_APPEND | O_NONBLOCK;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		return dup_from(f, arg, cmd == F_DUPFD_CLOEXEC);
	case F_GETFD:
		return (files->close_on_exec >> fd) & 1;
	case F_SETFD:
		if (arg & FD_CLOEXEC)
			files->close_on_exec |= 1ULL << fd;
		else
			files->close_on_exec &= ~(1ULL << fd);
		return 0;
	case F_GETFL:
		return f->f_flags;
	case F_SETFL:
		f->f_flags = (f->f_flags & ~settable) | (arg & settable);
		return 0;
	default:
		return -EINVAL;
	}
}

/** ioctl(2): the file's own ioctl, or -ENOTTY for files that have none. */
long sys_ioctl(unsigned int fd, unsigned int cmd, unsigned long arg)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	if (!f->f_op->ioctl)
		return -ENOTTY;
	return f->f_op->ioctl(f, cmd, arg);
}
