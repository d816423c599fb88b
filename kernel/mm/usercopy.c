// SPDX-License-Identifier: GPL-2.0-only
/*
 * usercopy.c - the user-copy primitives (Linux: arch/i386/lib/usercopy.c).
 *
 * Each primitive is one string instruction (rep movsb, rep stosb) or one
 * byte load, listed in the exception table. When it faults on a bad user
 * address, do_page_fault() finds no mapping to fix, looks the instruction
 * up in the table and resumes at its fixup, which simply falls through:
 * the count register then says how many bytes were not done. Linux 2.4
 * copies by words with a byte tail and a longer fixup; vmm386 lets the CPU
 * keep the count, which is exact to the byte and needs no arithmetic.
 */
#include <uaccess.h>
#include <string.h>
#include <errno.h>

/*
 * Copy @n bytes from @from to @to, either of which may be a user address
 * already checked by access_ok(). Returns the number of bytes not copied:
 * rep movsb leaves that count in ECX when it faults.
 */
static unsigned long copy_user_bytes(void *to, const void *from,
				     unsigned long n)
{
	asm volatile("1:	rep movsb\n"
		     "2:\n"
		     "	.section __ex_table, \"a\"\n"
		     "	.balign 4\n"
		     "	.long 1b, 2b\n"
		     "	.previous\n"
		     : "+c"(n), "+D"(to), "+S"(from) : : "memory");
	return n;
}

/**
 * Copy @p n bytes from user address @p from to kernel buffer @p to.
 * Returns the number of bytes that could not be copied (0 on success);
 * those last bytes of @p to are zero-filled, so a partly failed copy never
 * leaves stale kernel data in the buffer.
 */
unsigned long copy_from_user(void *to, const void __user *from,
			     unsigned long n)
{
	unsigned long left = n;

	if (access_ok(from, n))
		left = copy_user_bytes(to, from, n);
	if (left)
		memset((char *)to + (n - left), 0, left);
	return left;
}

/**
 * Copy @p n bytes from kernel buffer @p from to user address @p to.
 * Returns the number of bytes that could not be copied (0 on success).
 */
unsigned long copy_to_user(void __user *to, const void *from,
			   unsigned long n)
{
	if (!access_ok(to, n))
		return n;
	return copy_user_bytes(to, from, n);
}

/**
 * Zero @p n bytes at user address @p to. Returns the number of bytes that
 * could not be cleared.
 */
unsigned long clear_user(void __user *to, unsigned long n)
{
	if (!access_ok(to, n))
		return n;
	asm volatile("1:	rep stosb\n"
		     "2:\n"
		     "	.section __ex_table, \"a\"\n"
		     "	.balign 4\n"
		     "	.long 1b, 2b\n"
		     "	.previous\n"
		     : "+c"(n), "+D"(to) : "a"(0) : "memory");
	return n;
}

/**
 * Copy a NUL-terminated string from user address @p src into @p dst, at
 * most @p count bytes. Returns its length (without the NUL, which is
 * copied too), @p count if no NUL came within @p count bytes (then @p dst
 * is not terminated), or -EFAULT if the string runs into a bad address.
 */
long strncpy_from_user(char *dst, const char __user *src, long count)
{
	long i;

	for (i = 0; i < count; i++) {
		if (get_user(dst[i], src + i))
			return -EFAULT;
		if (!dst[i])
			return i;
	}
	return count;
}

/**
 * The size of the user string at @p s including its NUL, looking at no
 * more than @p n bytes: a value above @p n means it is longer; 0 means it
 * runs into a bad address (Linux's convention).
 */
long strnlen_user(const char __user *s, long n)
{
	char c;

	for (long i = 0; i < n; i++) {
		if (get_user(c, s + i))
			return 0;
		if (!c)
			return i + 1;
	}
	return n + 1;
}
