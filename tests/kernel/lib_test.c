// SPDX-License-Identifier: GPL-2.0-only
/*
 * lib_test.c - the kernel library as compiled for i386. The host unit tests
 * (tests/unit) check the same code against the C library on x86-64; these
 * cases cover what only the i386 build has, such as the 64-bit division
 * behind %llu, and the kernel's own symbol table.
 */
#include <kunit.h>
#include <kernel.h>
#include <string.h>
#include <kallsyms.h>
#include <list.h>
#include <sched.h>

static void vsnprintf_64bit(struct kunit *test)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%llu", 18446744073709551615ULL);
	KUNIT_EXPECT_STREQ(test, buf, "18446744073709551615");
	snprintf(buf, sizeof(buf), "%lld", -9223372036854775807LL - 1);
	KUNIT_EXPECT_STREQ(test, buf, "-9223372036854775808");
	snprintf(buf, sizeof(buf), "%#llx", 0x123456789abcdefULL);
	KUNIT_EXPECT_STREQ(test, buf, "0x123456789abcdef");
	snprintf(buf, sizeof(buf), "%llo", 01777777777777777777777ULL);
	KUNIT_EXPECT_STREQ(test, buf, "1777777777777777777777");
}

static void vsnprintf_truncates(struct kunit *test)
{
	char buf[8];
	int n = snprintf(buf, sizeof(buf), "%s-%d", "abcdef", 12345);

	KUNIT_EXPECT_EQ(test, n, 12);
	KUNIT_EXPECT_STREQ(test, buf, "abcdef-");
	KUNIT_EXPECT_EQ(test, scnprintf(buf, sizeof(buf), "%s", "0123456789"), 7);
}

static void kallsyms_finds_functions(struct kunit *test)
{
	unsigned long off = 1, size = 0;
	const char *name = kallsyms_lookup((unsigned long)schedule, &off, &size);
	char buf[KSYM_NAME_LEN + 32];

	KUNIT_ASSERT_NOT_NULL(test, name);
	KUNIT_EXPECT_STREQ(test, name, "schedule");
	KUNIT_EXPECT_EQ(test, off, 0);
	KUNIT_EXPECT_GT(test, size, 0);
	name = kallsyms_lookup((unsigned long)schedule + 3, &off, NULL);
	KUNIT_EXPECT_STREQ(test, name, "schedule");
	KUNIT_EXPECT_EQ(test, off, 3);
	KUNIT_EXPECT_EQ(test, kallsyms_lookup_name("kernel_thread"),
			(unsigned long)kernel_thread);
	KUNIT_EXPECT_EQ(test, kallsyms_lookup_name("no_such_symbol"), 0);
	snprintf(buf, sizeof(buf), "%ps", (void *)kunit_run_all_tests);
	KUNIT_EXPECT_STREQ(test, buf, "kunit_run_all_tests");
	KUNIT_EXPECT_NULL(test, kallsyms_lookup(0x1000, NULL, NULL));
}


/*
 * memset/memcpy/memmove use rep string instructions on i386 (the host unit
 * tests check the plain C versions): compare them with byte loops over
 * every small size and alignment, and over overlapping moves both ways.
 */
static void string_ops_match_byte_loops(struct kunit *test)
{
	static u8 a[160], b[160], src[160];
	int bad = 0;

	for (int i = 0; i < 160; i++)
		src[i] = (u8)(i * 37 + 11);
	for (int off = 0; off < 4; off++) {
		for (int n = 0; n <= 70; n++) {
			for (int i = 0; i < 160; i++)
				a[i] = b[i] = 0x5a;
			memset(a + off, 0xc3, n);
			for (int i = 0; i < n; i++)
				b[off + i] = 0xc3;
			bad += memcmp(a, b, sizeof(a)) != 0;
			memcpy(a + off, src + (3 - off), n);
			for (int i = 0; i < n; i++)
				b[off + i] = src[3 - off + i];
			bad += memcmp(a, b, sizeof(a)) != 0;
		}
	}
	for (int shift = -9; shift <= 9; shift++) {
		for (int i = 0; i < 160; i++)
			a[i] = b[i] = src[i];
		memmove(a + 40 + shift, a + 40, 64);
		if (shift > 0)
			for (int i = 63; i >= 0; i--)
				b[40 + shift + i] = b[40 + i];
		else
			for (int i = 0; i < 64; i++)
				b[40 + shift + i] = b[40 + i];
		bad += memcmp(a, b, sizeof(a)) != 0;
	}
	KUNIT_EXPECT_EQ(test, bad, 0);
}

struct item {
	int v;
	struct list_head link;
};

static void list_operations(struct kunit *test)
{
	struct item items[4];
	struct item *pos, *n;
	LIST_HEAD(head);
	int expect = 0;

	for (int i = 0; i < 4; i++) {
		items[i].v = i;
		list_add_tail(&items[i].link, &head);
	}
	KUNIT_EXPECT_EQ(test, list_count(&head), 4);
	list_for_each_entry(pos, &head, link)
		KUNIT_EXPECT_EQ(test, pos->v, expect++);
	list_for_each_entry_safe(pos, n, &head, link)
		if (pos->v % 2)
			list_del(&pos->link);
	KUNIT_EXPECT_EQ(test, list_count(&head), 2);
	list_move(&items[2].link, &head);
	KUNIT_EXPECT_EQ(test, list_first_entry(&head, struct item, link)->v, 2);
	list_del_init(&items[0].link);
	KUNIT_EXPECT_TRUE(test, list_empty(&items[0].link));
	KUNIT_EXPECT_TRUE(test, list_is_singular(&head));
}

static struct kunit_case lib_cases[] = {
	KUNIT_CASE(vsnprintf_64bit),
	KUNIT_CASE(vsnprintf_truncates),
	KUNIT_CASE(kallsyms_finds_functions),
	KUNIT_CASE(list_operations),
	KUNIT_CASE(string_ops_match_byte_loops),
	{}
};

static struct kunit_suite lib_suite = {
	.name = "lib",
	.test_cases = lib_cases,
};
kunit_test_suite(lib_suite);
