// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_vsprintf.c - kernel/lib/vsprintf.c against the C library's
 * snprintf: every combination of flags, width, precision and length for
 * every integer conversion over a set of edge values, plus strings,
 * characters, truncation and Linux's own pointer formats.
 *
 * UNIT-SOURCES: kernel/lib/vsprintf.c kernel/lib/string.c
 */
#include <stdio.h>
#include <string.h>
#include <stdint.h>
#include "unit.h"
#include "vmm_lib.h"

/* vsprintf.c's %pS needs a symbol table; the host has a fake one. */
const char *kallsyms_lookup(unsigned long addr, unsigned long *offset,
			    unsigned long *size)
{
	if (addr < 0x1000 || addr >= 0x1100)
		return NULL;
	if (offset)
		*offset = addr - 0x1000;
	if (size)
		*size = 0x100;
	return "fake_function";
}

static int compared;

#define SAME(fmt, ...) do { \
	char __a[160], __b[160]; \
	int __na = vmm_snprintf(__a, sizeof(__a), fmt, __VA_ARGS__); \
	int __nb = snprintf(__b, sizeof(__b), fmt, __VA_ARGS__); \
	compared++; \
	if (__na != __nb || strcmp(__a, __b)) { \
		printf("    # format \"%s\": ours \"%s\" (%d), libc \"%s\" (%d)\n", \
		       fmt, __a, __na, __b, __nb); \
		unit_case_failed = 1; \
	} \
} while (0)

static const char *const flag_sets[] = { "", "-", "+", " ", "#", "0", "-+",
					 "+0", " 0", "#0", "-#", "+ ", "-0" };
static const char *const widths[] = { "", "1", "5", "12" };
static const char *const precisions[] = { "", ".0", ".1", ".4", ".10" };

static void integers_match_libc(void)
{
	static const long long values[] = { 0, 1, -1, 7, -42, 255, 4096,
		2147483647LL, -2147483647LL - 1, 4294967295LL,
		9223372036854775807LL, -9223372036854775807LL - 1 };
	static const char convs[] = "diouxX";
	char fmt[32];

	for (unsigned f = 0; f < sizeof(flag_sets) / sizeof(*flag_sets); f++)
	for (unsigned w = 0; w < sizeof(widths) / sizeof(*widths); w++)
	for (unsigned p = 0; p < sizeof(precisions) / sizeof(*precisions); p++)
	for (unsigned c = 0; c < sizeof(convs) - 1; c++)
	for (unsigned v = 0; v < sizeof(values) / sizeof(*values); v++) {
		long long x = values[v];

		snprintf(fmt, sizeof(fmt), "[%%%s%s%s%c]", flag_sets[f],
			 widths[w], precisions[p], convs[c]);
		SAME(fmt, (int)x);
		snprintf(fmt, sizeof(fmt), "[%%%s%s%sl%c]", flag_sets[f],
			 widths[w], precisions[p], convs[c]);
		SAME(fmt, (long)x);
		snprintf(fmt, sizeof(fmt), "[%%%s%s%sll%c]", flag_sets[f],
			 widths[w], precisions[p], convs[c]);
		SAME(fmt, x);
		snprintf(fmt, sizeof(fmt), "[%%%s%s%sh%c]", flag_sets[f],
			 widths[w], precisions[p], convs[c]);
		SAME(fmt, (int)x);
		snprintf(fmt, sizeof(fmt), "[%%%s%s%shh%c]", flag_sets[f],
			 widths[w], precisions[p], convs[c]);
		SAME(fmt, (int)x);
		snprintf(fmt, sizeof(fmt), "[%%%s%s%sz%c]", flag_sets[f],
			 widths[w], precisions[p], convs[c]);
		SAME(fmt, (size_t)x);
	}
	CHECK(compared > 10000);
}

static void star_width_and_precision(void)
{
	for (int w = -8; w <= 8; w++)
		for (int p = -2; p <= 6; p++) {
			SAME("[%*.*d]", w, p, 42);
			SAME("[%*.*s]", w, p, "hello");
			SAME("[%-*x]", w, 0xbeef);
		}
}

static void strings_and_chars(void)
{
	const char *strs[] = { "", "a", "hello", "hello world, long string" };

	for (unsigned i = 0; i < sizeof(strs) / sizeof(*strs); i++)
		for (unsigned w = 0; w < sizeof(widths) / sizeof(*widths); w++)
			for (unsigned p = 0; p < 5; p++) {
				char fmt[32];

				snprintf(fmt, sizeof(fmt), "<%%%s%ss>", widths[w],
					 precisions[p]);
				SAME(fmt, strs[i]);
				snprintf(fmt, sizeof(fmt), "<%%-%s%ss>", widths[w],
					 precisions[p]);
				SAME(fmt, strs[i]);
			}
	SAME("%c%c%c", 'a', 'b', 'c');
	SAME("[%5c][%-5c]", 'x', 'y');
	SAME("100%% %s", "sure");
	SAME("%s and %d and %x", "mixed", -3, 255U);
}

static void truncation_and_return_value(void)
{
	char buf[8];

	for (size_t size = 0; size <= sizeof(buf); size++) {
		char ref[8];
		int a, b;

		memset(buf, 'Z', sizeof(buf));
		memset(ref, 'Z', sizeof(ref));
		a = vmm_snprintf(buf, size, "%s=%d", "value", 12345);
		b = snprintf(ref, size, "%s=%d", "value", 12345);
		CHECK_EQ(a, b);
		CHECK(!memcmp(buf, ref, sizeof(buf)));
	}
	CHECK_EQ(vmm_scnprintf(buf, sizeof(buf), "%s", "0123456789"), 7);
	CHECK_EQ(vmm_scnprintf(buf, 0, "%s", "x"), 0);
	CHECK_EQ(vmm_snprintf(NULL, 0, "%d", 123456), 6);
}

static void linux_pointer_formats(void)
{
	char buf[64];

	vmm_snprintf(buf, sizeof(buf), "%p", (void *)0xc0101234UL);
	CHECK_STREQ(buf, "00000000c0101234");	/* 2 digits per byte of void * */
	vmm_snprintf(buf, sizeof(buf), "%pS", (void *)0x1012UL);
	CHECK_STREQ(buf, "fake_function+0x12/0x100");
	vmm_snprintf(buf, sizeof(buf), "%ps", (void *)0x1012UL);
	CHECK_STREQ(buf, "fake_function");
	vmm_snprintf(buf, sizeof(buf), "%pS", (void *)0x42UL);
	CHECK_STREQ(buf, "0x42");
	vmm_snprintf(buf, sizeof(buf), "[%s]", (char *)NULL);
	CHECK_STREQ(buf, "[(null)]");
	vmm_snprintf(buf, sizeof(buf), "%q%");	/* unknown conversions */
	CHECK_STREQ(buf, "%q%");
}

static void number_parsing(void)
{
	char *end;

	CHECK_EQ(simple_strtoul("123abc", &end, 10), 123);
	CHECK_STREQ(end, "abc");
	CHECK_EQ(simple_strtoul("0x1fG", &end, 0), 0x1f);
	CHECK_STREQ(end, "G");
	CHECK_EQ(simple_strtoul("017", NULL, 0), 017);
	CHECK_EQ(simple_strtoul("0x", &end, 0), 0);
	CHECK_EQ(simple_strtol("-42", NULL, 10), -42);
	CHECK_EQ(memparse("64M", &end), 64ULL << 20);
	CHECK_EQ(memparse("2G", NULL), 2ULL << 30);
	CHECK_EQ(memparse("512k", NULL), 512ULL << 10);
	CHECK_EQ(memparse("4096", &end), 4096);
	CHECK_STREQ(end, "");
}

static const struct unit_case cases[] = {
	UNIT_CASE(integers_match_libc),
	UNIT_CASE(star_width_and_precision),
	UNIT_CASE(strings_and_chars),
	UNIT_CASE(truncation_and_return_value),
	UNIT_CASE(linux_pointer_formats),
	UNIT_CASE(number_parsing),
};

int main(void)
{
	return unit_main("vsprintf", cases, sizeof(cases) / sizeof(cases[0]));
}
