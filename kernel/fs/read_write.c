// SPDX-License-Identifier: GPL-2.0-only
/*
 * read_write.c - read, write, lseek and _llseek (Linux: fs/read_write.c).
 */
#include <fs.h>
#include <pagemap.h>
#include <errno.h>
#include <syscalls.h>

/** read(2): up to @p count bytes from @p fd into user memory @p buf. */
long sys_read(unsigned int fd, char __user *buf, unsigned long count)
{
	struct file *f = fget(fd);

	if (!f || (f->f_flags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	if (!f->f_op->read)
		return -EINVAL;
	if (!access_ok(buf, count))
		return -EFAULT;
	return f->f_op->read(f, buf, count);
}

/** write(2): @p count bytes from user memory @p buf to @p fd. */
long sys_write(unsigned int fd, const char __user *buf, unsigned long count)
{
	struct file *f = fget(fd);

	if (!f || (f->f_flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	if (!f->f_op->write)
		return -EINVAL;
	if (!access_ok(buf, count))
		return -EFAULT;
	return f->f_op->write(f, buf, count);
}

/*
 * The new position of @f for (@offset, @whence), or -EINVAL if @whence is
 * unknown or the result would be negative. Files without a size (the
 * console, pipes) cannot seek: -ESPIPE.
 */
static long long new_position(struct file *f, long long offset, int whence)
{
	long long base;

	if (!f->f_mode)
		return -ESPIPE;
	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = f->f_pos;
		break;
	case SEEK_END:
		base = f->f_mapping ? f->f_mapping->size : f->f_size;
		break;
	default:
		return -EINVAL;
	}
	if (base + offset < 0)
		return -EINVAL;
	return base + offset;
}

/**
 * lseek(2): move @p fd's position. A result beyond 2^31 - 1 cannot be
 * returned in 32 bits: -EOVERFLOW (use _llseek).
 */
long sys_lseek(unsigned int fd, long offset, unsigned int whence)
{
	struct file *f = fget(fd);
	long long pos;

	if (!f)
		return -EBADF;
	pos = new_position(f, offset, whence);
	if (pos < 0)
		return pos;
	if (pos > 0x7fffffffLL)
		return -EOVERFLOW;
	f->f_pos = pos;
	return pos;
}

/**
 * _llseek(2): the 64-bit lseek of 32-bit Linux; the offset comes in two
 * halves and the new position is stored at user address @p result.
 */
long sys_llseek(unsigned int fd, unsigned long offset_high,
		unsigned long offset_low, long long __user *result,
		unsigned int whence)
{
	struct file *f = fget(fd);
	long long pos;

	if (!f)
		return -EBADF;
	pos = new_position(f, (long long)(((unsigned long long)offset_high << 32)
					  | offset_low), whence);
	if (pos < 0)
		return pos;
	if (put_user(pos, result))
		return -EFAULT;
	f->f_pos = pos;
	return 0;
}
