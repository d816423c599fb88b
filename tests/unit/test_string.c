// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_string.c - kernel/lib/string.c against the C library, on fixed
 * corner cases and on thousands of pseudo-random inputs.
 *
 * UNIT-SOURCES: kernel/lib/string.c
 */
#include <stdlib.h>
#include <string.h>
#include "unit.h"
#include "vmm_lib.h"

static int sign(int v)
{
	return (v > 0) - (v < 0);
}

static void mem_functions_match_libc(void)
{
	unsigned char a[300], b[300], c[300];

	srand(1);
	for (int iter = 0; iter < 2000; iter++) {
		size_t n = rand() % 256, off = rand() % 40;
		int v = rand() % 256;

		for (size_t i = 0; i < sizeof(a); i++)
			a[i] = b[i] = c[i] = rand() % 4;	/* many equal bytes */
		CHECK(vmm_memset(a + off, v, n) == a + off);
		memset(b + off, v, n);
		CHECK(!memcmp(a, b, sizeof(a)));
		CHECK(vmm_memcpy(a, c + off, n) == a);
		memcpy(b, c + off, n);
		CHECK(!memcmp(a, b, sizeof(a)));
		CHECK_EQ(sign(vmm_memcmp(a, c, n)), sign(memcmp(a, c, n)));
		CHECK(vmm_memchr(c, v % 4, n) == memchr(c, v % 4, n));
	}
}

static void memmove_handles_overlap(void)
{
	char a[64], b[64];

	for (int src = 0; src < 20; src++) {
		for (int dst = 0; dst < 20; dst++) {
			for (int i = 0; i < 64; i++)
				a[i] = b[i] = (char)('A' + i % 26);
			vmm_memmove(a + dst, a + src, 30);
			memmove(b + dst, b + src, 30);
			CHECK(!memcmp(a, b, sizeof(a)));
		}
	}
}

static const char *const words[] = {
	"", "a", "ab", "abc", "abd", "b", "ABC", "abcdefghij", "\xff", "a\xff",
	"hello world", "hello", "world", "lo w", "zzz",
};

static void str_functions_match_libc(void)
{
	int n = sizeof(words) / sizeof(words[0]);

	for (int i = 0; i < n; i++) {
		const char *s = words[i];

		CHECK_EQ(vmm_strlen(s), strlen(s));
		for (size_t max = 0; max < 12; max++)
			CHECK_EQ(vmm_strnlen(s, max), strnlen(s, max));
		for (int c = 0; c < 256; c += 17) {
			CHECK(vmm_strchr(s, c) == strchr(s, c));
			CHECK(vmm_strrchr(s, c) == strrchr(s, c));
		}
		CHECK(vmm_strchr(s, 0) == strchr(s, 0));
		for (int j = 0; j < n; j++) {
			const char *t = words[j];

			CHECK_EQ(sign(vmm_strcmp(s, t)), sign(strcmp(s, t)));
			for (size_t k = 0; k < 6; k++)
				CHECK_EQ(sign(vmm_strncmp(s, t, k)),
					 sign(strncmp(s, t, k)));
			CHECK(vmm_strstr(s, t) == strstr(s, t));
		}
	}
}

static void copies_terminate(void)
{
	char a[16], b[16];

	memset(a, 'x', sizeof(a));
	memset(b, 'x', sizeof(b));
	vmm_strncpy(a, "abc", 8);
	strncpy(b, "abc", 8);
	CHECK(!memcmp(a, b, sizeof(a)));
	vmm_strcpy(a, "hello");
	CHECK_STREQ(a, "hello");
	CHECK_EQ(vmm_strlcpy(a, "0123456789abcdefXYZ", sizeof(a)), 19);
	CHECK_STREQ(a, "0123456789abcde");
	CHECK_EQ(vmm_strlcpy(a, "hi", 0), 2);
	CHECK_STREQ(a, "0123456789abcde");
	CHECK_EQ(vmm_strlcpy(a, "", sizeof(a)), 0);
	CHECK_STREQ(a, "");
}

static void glob_matches_like_a_shell(void)
{
	CHECK(glob_match("*", "anything"));
	CHECK(glob_match("ch?", "ch8"));
	CHECK(!glob_match("ch?", "ch10"));
	CHECK(glob_match("ch*", "ch10"));
	CHECK(glob_match("*alloc", "vmalloc"));
	CHECK(!glob_match("*alloc", "vmalloc_32"));
	CHECK(glob_match("a*b*c*d", "aXbYcZd"));
	CHECK(!glob_match("a*b*c*d", "aXbYcZ"));
	CHECK(glob_match("", ""));
	CHECK(!glob_match("", "x"));
	CHECK(glob_match("**", ""));
}

static const struct unit_case cases[] = {
	UNIT_CASE(mem_functions_match_libc),
	UNIT_CASE(memmove_handles_overlap),
	UNIT_CASE(str_functions_match_libc),
	UNIT_CASE(copies_terminate),
	UNIT_CASE(glob_matches_like_a_shell),
};

int main(void)
{
	return unit_main("string", cases, sizeof(cases) / sizeof(cases[0]));
}
