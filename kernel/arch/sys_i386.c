// SPDX-License-Identifier: GPL-2.0-only
/*
 * sys_i386.c - system calls with an i386-only calling convention (Linux:
 * arch/i386/kernel/sys_i386.c).
 */
#include <syscalls.h>
#include <mman.h>
#include <errno.h>

/* The argument block of the old mmap (90): six longs in user memory. */
struct mmap_arg_struct {
	unsigned long addr, len, prot, flags, fd, offset;
};

/**
 * The old mmap(2), number 90: i386 once had only five argument registers,
 * so ebx points to a block of the six arguments. The offset is in bytes
 * and must be page-aligned (-EINVAL); the rest is mmap2's.
 */
long sys_old_mmap(const void __user *arg)
{
	struct mmap_arg_struct a;

	if (copy_from_user(&a, arg, sizeof(a)))
		return -EFAULT;
	if (a.offset & ~PAGE_MASK)
		return -EINVAL;
	return sys_mmap2(a.addr, a.len, a.prot, a.flags, a.fd,
			 a.offset >> PAGE_SHIFT);
}
