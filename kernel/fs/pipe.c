// SPDX-License-Identifier: GPL-2.0-only
/*
 * pipe.c - pipes (Linux: fs/pipe.c).
 *
 * A pipe is one page of buffer used as a ring, and two open files: a read
 * end and a write end, each counted, so the pipe knows when one side has
 * gone. A reader sleeps while the pipe is empty and a writer exists, and
 * reads end of file (0) once the last writer has closed; a writer sleeps
 * while the pipe is full and a reader exists, and gets SIGPIPE and -EPIPE
 * once the last reader has closed. A signal ends either sleep with
 * -ERESTARTSYS: the call is restarted if the handler has SA_RESTART or
 * no handler runs, and fails with -EINTR otherwise (a write that moved
 * some bytes returns their count instead).
 * Writes of up to a page are atomic, as POSIX's PIPE_BUF requires.
 */
#include <fs.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <slab.h>
#include <mm.h>
#include <string.h>
#include <errno.h>
#include <syscalls.h>
#include <system.h>

/* A pipe: the ring, its fill, and the counts of its two ends. */
struct pipe_inode_info {
	char *base;		/* one page */
	unsigned int start;	/* offset of the oldest byte */
	unsigned int len;	/* bytes in the pipe */
	int readers, writers;	/* open files of each end */
	wait_queue_head_t wait;	/* readers and writers sleep here */
};

#define PIPE_SIZE	PAGE_SIZE

/* Copy up to @n bytes out of the ring to user memory; bytes moved. */
static long pipe_take(struct pipe_inode_info *pipe, char __user *buf,
		      unsigned long n)
{
	unsigned long done = 0;

	while (done < n && pipe->len) {
		unsigned int chunk = PIPE_SIZE - pipe->start;

		if (chunk > pipe->len)
			chunk = pipe->len;
		if (chunk > n - done)
			chunk = n - done;
		if (copy_to_user(buf + done, pipe->base + pipe->start, chunk))
			return done ? (long)done : -EFAULT;
		pipe->start = (pipe->start + chunk) % PIPE_SIZE;
		pipe->len -= chunk;
		done += chunk;
	}
	return done;
}

/* Copy up to @n bytes of user memory into the ring's free space. */
static long pipe_put(struct pipe_inode_info *pipe, const char __user *buf,
		     unsigned long n)
{
	unsigned long done = 0;

	while (done < n && pipe->len < PIPE_SIZE) {
		unsigned int end = (pipe->start + pipe->len) % PIPE_SIZE;
		unsigned int chunk = end >= pipe->start ? PIPE_SIZE - end
							: pipe->start - end;

		if (chunk > PIPE_SIZE - pipe->len)
			chunk = PIPE_SIZE - pipe->len;
		if (chunk > n - done)
			chunk = n - done;
		if (copy_from_user(pipe->base + end, buf + done, chunk))
			return done ? (long)done : -EFAULT;
		pipe->len += chunk;
		done += chunk;
	}
	return done;
}

/*
 * Can the caller go on? A reader (@need 0) when there are bytes or no
 * writer is left; a writer when @need bytes fit or no reader is left.
 */
static bool pipe_ready(struct pipe_inode_info *pipe, unsigned long need)
{
	if (!need)
		return pipe->len || !pipe->writers;
	return !pipe->readers || PIPE_SIZE - pipe->len >= need;
}

/*
 * Sleep on @pipe's queue until pipe_ready(@need); -ERESTARTSYS if a
 * signal comes first. The task marks itself asleep before testing, so no
 * wake-up is lost.
 */
static int pipe_wait(struct pipe_inode_info *pipe, unsigned long need)
{
	DECLARE_WAITQUEUE(wait, current);
	int err = 0;

	add_wait_queue(&pipe->wait, &wait);
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (pipe_ready(pipe, need))
			break;
		if (signal_pending(current)) {
			err = -ERESTARTSYS;
			break;
		}
		schedule();
	}
	set_current_state(TASK_RUNNING);
	remove_wait_queue(&pipe->wait, &wait);
	return err;
}

static long pipe_read(struct file *f, char __user *buf, unsigned long n)
{
	struct pipe_inode_info *pipe = f->private_data;
	long got;
	int err;

	if (!n)
		return 0;
	if (!pipe_ready(pipe, 0) && (f->f_flags & O_NONBLOCK))
		return -EAGAIN;
	err = pipe_wait(pipe, 0);
	if (err)
		return err;
	got = pipe_take(pipe, buf, n);
	wake_up(&pipe->wait);
	return got;
}

static long pipe_write(struct file *f, const char __user *buf,
		       unsigned long n)
{
	struct pipe_inode_info *pipe = f->private_data;
	unsigned long done = 0;

	while (done < n) {
		/* Room for all of a small write (atomic), else for a byte. */
		unsigned long need = n - done <= PIPE_SIZE ? n - done : 1;
		long put;
		int err;

		err = pipe_wait(pipe, need);
		if (!err && !pipe->readers) {
			send_sig(SIGPIPE, current);
			err = -EPIPE;
		}
		if (err)
			return done ? (long)done : err;
		put = pipe_put(pipe, buf + done, n - done);
		wake_up(&pipe->wait);
		if (put < 0)
			return done ? (long)done : put;
		done += put;
	}
	return done;
}

/* Free the pipe once neither end is open. */
static void pipe_release_common(struct pipe_inode_info *pipe)
{
	wake_up(&pipe->wait);
	if (pipe->readers || pipe->writers)
		return;
	free_page((unsigned long)pipe->base);
	kfree(pipe);
}

static void pipe_read_release(struct file *f)
{
	struct pipe_inode_info *pipe = f->private_data;

	pipe->readers--;
	pipe_release_common(pipe);
}

static void pipe_write_release(struct file *f)
{
	struct pipe_inode_info *pipe = f->private_data;

	pipe->writers--;
	pipe_release_common(pipe);
}

/*
 * poll() on the read end: POLLIN with bytes waiting, POLLHUP once no
 * writer is left (Linux's pipe_poll).
 */
static unsigned int pipe_read_poll(struct file *f, poll_table *pt)
{
	struct pipe_inode_info *pipe = f->private_data;
	unsigned int mask = 0;

	poll_wait(f, &pipe->wait, pt);
	if (pipe->len)
		mask |= POLLIN | POLLRDNORM;
	if (!pipe->writers)
		mask |= POLLHUP;
	return mask;
}

/*
 * poll() on the write end: POLLOUT while a write of PIPE_BUF bytes would
 * not wait -- the buffer is one page, PIPE_BUF, so only when the pipe is
 * empty, as in Linux 2.4 -- and POLLERR once no reader is left.
 */
static unsigned int pipe_write_poll(struct file *f, poll_table *pt)
{
	struct pipe_inode_info *pipe = f->private_data;
	unsigned int mask = 0;

	poll_wait(f, &pipe->wait, pt);
	if (!pipe->len)
		mask |= POLLOUT | POLLWRNORM;
	if (!pipe->readers)
		mask |= POLLERR;
	return mask;
}

static const struct file_operations pipe_read_fops = {
	.read = pipe_read,
	.release = pipe_read_release,
	.poll = pipe_read_poll,
};

static const struct file_operations pipe_write_fops = {
	.write = pipe_write,
	.release = pipe_write_release,
	.poll = pipe_write_poll,
};

/** True when @p f is either end of a pipe (fstatfs() says pipefs). */
bool is_pipe_file(const struct file *f)
{
	return f->f_op == &pipe_read_fops || f->f_op == &pipe_write_fops;
}

/* A new pipe with one reader and one writer file, or -ENOMEM. */
static int create_pipe(struct file **files, unsigned int flags)
{
	struct pipe_inode_info *pipe = kmalloc(sizeof(*pipe), GFP_KERNEL);

	if (!pipe)
		return -ENOMEM;
	memset(pipe, 0, sizeof(*pipe));
	pipe->base = (char *)__get_free_page(GFP_KERNEL);
	files[0] = alloc_file(&pipe_read_fops, O_RDONLY | flags);
	files[1] = alloc_file(&pipe_write_fops, O_WRONLY | flags);
	if (!pipe->base || !files[0] || !files[1]) {
		kfree(files[0]);
		kfree(files[1]);
		if (pipe->base)
			free_page((unsigned long)pipe->base);
		kfree(pipe);
		return -ENOMEM;
	}
	init_waitqueue_head(&pipe->wait);
	pipe->readers = pipe->writers = 1;
	files[0]->private_data = files[1]->private_data = pipe;
	return 0;
}

/**
 * pipe2(2): a pipe whose read end is fds[0] and write end fds[1], with
 * O_CLOEXEC and O_NONBLOCK from @p flags (others: -EINVAL).
 */
long sys_pipe2(int __user *fds, unsigned int flags)
{
	struct file *files[2];
	int fd[2], err;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	fd[0] = get_unused_fd(0);
	fd[1] = fd[0] < 0 ? fd[0] : get_unused_fd(fd[0] + 1);
	if (fd[1] < 0)
		return fd[1];
	err = create_pipe(files, flags & O_NONBLOCK);
	if (err)
		return err;
	if (copy_to_user(fds, fd, sizeof(fd))) {
		fput(files[0]);
		fput(files[1]);
		return -EFAULT;
	}
	for (int i = 0; i < 2; i++) {
		fd_install(fd[i], files[i]);
		if (flags & O_CLOEXEC)
			current->files->close_on_exec |= 1ULL << fd[i];
	}
	return 0;
}

/** pipe(2): pipe2() without flags. */
long sys_pipe(int __user *fds)
{
	return sys_pipe2(fds, 0);
}
