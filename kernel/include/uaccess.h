/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file uaccess.h
 * @brief Copying to and from user space (Linux: asm-i386/uaccess.h).
 *
 * A system call's pointer arguments come from the user and cannot be
 * trusted: they may be NULL, point into the kernel, into a hole, or run off
 * the end of a mapping. access_ok() refuses kernel addresses; every other
 * bad address is caught when the copy faults. The copying instructions are
 * listed in the exception table, so the page-fault handler resumes at a
 * fixup that makes the copy report how much it could not do, instead of
 * oopsing (Chapter 5.5 and 5.7).
 */
#ifndef _VMM_UACCESS_H
#define _VMM_UACCESS_H

#include <types.h>
#include <processor.h>

/** User pointers are plain pointers marked for the reader. */
#define __user

/**
 * True if [@p addr, @p addr + @p size) lies wholly below TASK_SIZE, without
 * overflow. It says nothing about whether the range is mapped.
 */
static inline bool access_ok(const void __user *addr, unsigned long size)
{
	unsigned long a = (unsigned long)addr;

	return size <= TASK_SIZE && a <= TASK_SIZE - size;
}

unsigned long copy_from_user(void *to, const void __user *from,
			     unsigned long n);
unsigned long copy_to_user(void __user *to, const void *from,
			   unsigned long n);
unsigned long clear_user(void __user *to, unsigned long n);
long strncpy_from_user(char *dst, const char __user *src, long count);
long strnlen_user(const char __user *s, long n);

/**
 * Read one value from user address @p ptr into @p x, a variable of the
 * same size as *@p ptr: 0, or -EFAULT (and @p x zeroed) if it cannot be
 * read.
 */
#define get_user(x, ptr) ({						\
	__typeof__(x) __gu_val;						\
	int __gu_err;							\
	_Static_assert(sizeof(__gu_val) == sizeof(*(ptr)), "get_user");\
	__gu_err = copy_from_user(&__gu_val, (ptr),			\
				  sizeof(__gu_val)) ? -EFAULT : 0;	\
	(x) = __gu_val;							\
	__gu_err; })

/**
 * Store @p x at user address @p ptr, with *@p ptr's type: 0, or -EFAULT if
 * it cannot be written.
 */
#define put_user(x, ptr) ({						\
	__typeof__(*(ptr)) __pu_val = (x);				\
	copy_to_user((ptr), &__pu_val, sizeof(__pu_val)) ? -EFAULT : 0; })

#endif /* _VMM_UACCESS_H */
