// SPDX-License-Identifier: GPL-2.0-only
/*
 * string.c - the kernel's string and memory functions.
 *
 * Written for clarity rather than speed: byte loops the compiler can see
 * through. They are compiled for the host too (tests/unit) and checked
 * against the C library there.
 */
#include <string.h>
#include <page.h>

/**
 * Fill @p n bytes at @p s with the byte @p c.
 *
 * On i386 the fill is `rep stosl` for the whole words and `rep stosb` for
 * the rest: boot zeroes mem_map, some 15 MiB on a 2 GiB machine, and a
 * byte loop there costs tens of millions of instructions (Bochs emulates
 * a repeated string instruction in bulk). The host build, used by the unit
 * tests, keeps the plain loop.
 */
void *memset(void *s, int c, size_t n)
{
#ifdef __i386__
	unsigned long ecx, edi;

	asm volatile("rep stosl\n\t"
		     "movl %4, %%ecx\n\t"
		     "rep stosb"
		     : "=&c"(ecx), "=&D"(edi)
		     : "a"((unsigned char)c * 0x01010101UL), "0"(n / 4),
		       "g"(n & 3), "1"(s)
		     : "memory");
#else
	unsigned char *p = s;

	while (n--)
		*p++ = (unsigned char)c;
#endif
	return s;
}

/**
 * Fill the page-aligned page at @p page with zeros: memset() without
 * its byte tail, one `rep stosl` of PAGE_SIZE / 4 words (Linux's
 * clear_page() without MMX). A fresh anonymous page is cleared this way,
 * and on i386 that one instruction is most of a write fault's cost.
 */
void clear_page(void *page)
{
#ifdef __i386__
	unsigned long ecx, edi;

	asm volatile("rep stosl"
		     : "=&c"(ecx), "=&D"(edi)
		     : "a"(0), "0"(PAGE_SIZE / 4), "1"(page)
		     : "memory");
#else
	memset(page, 0, PAGE_SIZE);
#endif
}

/**
 * Copy @p n bytes; the regions must not overlap (see memmove()). On i386,
 * `rep movsl` then `rep movsb`, for the same reason as memset().
 */
void *memcpy(void *dest, const void *src, size_t n)
{
#ifdef __i386__
	unsigned long ecx, edi, esi;

	asm volatile("rep movsl\n\t"
		     "movl %5, %%ecx\n\t"
		     "rep movsb"
		     : "=&c"(ecx), "=&D"(edi), "=&S"(esi)
		     : "0"(n / 4), "1"(dest), "g"(n & 3), "2"(src)
		     : "memory");
#else
	unsigned char *d = dest;
	const unsigned char *s = src;

	while (n--)
		*d++ = *s++;
#endif
	return dest;
}

/** Copy @p n bytes between regions that may overlap. */
void *memmove(void *dest, const void *src, size_t n)
{
	unsigned char *d = dest;
	const unsigned char *s = src;

	if (d == s || n == 0)
		return dest;
	if (d < s || d >= s + n) {	/* a forward copy is safe */
		return memcpy(dest, src, n);
	} else {
		d += n;
		s += n;
		while (n--)
			*--d = *--s;
	}
	return dest;
}

/** Compare @p n bytes; <0, 0 or >0 like the C library. */
int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

/** Find the first byte @p c in the first @p n bytes of @p s. */
void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

/** Length of a NUL-terminated string. */
size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return p - s;
}

/** Length of @p s, but at most @p max. */
size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

/** Compare two strings as unsigned bytes. */
int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

/** Compare at most @p n bytes of two strings. */
int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			break;
	}
	return 0;
}

/** Copy a string, terminator included. */
char *strcpy(char *dest, const char *src)
{
	char *d = dest;

	while ((*d++ = *src++))
		;
	return dest;
}

/** Copy at most @p n bytes, padding with NULs (the C library's rules). */
char *strncpy(char *dest, const char *src, size_t n)
{
	size_t i = 0;

	for (; i < n && src[i]; i++)
		dest[i] = src[i];
	for (; i < n; i++)
		dest[i] = '\0';
	return dest;
}

/**
 * Copy @p src into a buffer of @p size bytes, always NUL-terminated when
 * @p size is not 0. Returns strlen(src), so truncation is detectable.
 */
size_t strlcpy(char *dest, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len >= size ? size - 1 : len;

		memcpy(dest, src, n);
		dest[n] = '\0';
	}
	return len;
}

/** First occurrence of @p c in @p s (the terminator counts). */
char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

/** Last occurrence of @p c in @p s (the terminator counts). */
char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

/** First occurrence of @p needle in @p haystack. */
char *strstr(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);

	for (; *haystack; haystack++)
		if (!strncmp(haystack, needle, n))
			return (char *)haystack;
	return n ? NULL : (char *)haystack;
}

/**
 * Shell-style matching of @p str against @p pattern with `*` (any run of
 * characters) and `?` (one character). Used by the `test=` option.
 *
 * Backtracking only to the last `*` keeps it linear in practice: a later
 * star subsumes what an earlier one could have matched.
 */
bool glob_match(const char *pattern, const char *str)
{
	const char *star = NULL, *resume = NULL;

	while (*str) {
		if (*pattern == '*') {
			star = ++pattern;
			resume = str;
		} else if (*pattern == '?' || *pattern == *str) {
			pattern++;
			str++;
		} else if (star) {
			pattern = star;
			str = ++resume;
		} else {
			return false;
		}
	}
	while (*pattern == '*')
		pattern++;
	return !*pattern;
}
