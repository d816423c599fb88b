// SPDX-License-Identifier: GPL-2.0-only
/*
 * traps_test.c - faults in kernel mode: the exception table turns a fault
 * into an error return; anything else is an oops that kills only the
 * faulting thread while the kernel carries on.
 */
#include <kunit.h>
#include <kernel.h>
#include <sched.h>
#include <extable.h>
#include <traps.h>
#include <errno.h>
#include <page.h>

static void probe_of_unmapped_address_fails(struct kunit *test)
{
	unsigned long fixups = nr_exception_fixups;
	char c;

	/* The identity mapping is gone: page 0 and user space are unmapped. */
	KUNIT_EXPECT_EQ(test, probe_kernel_read(&c, (void *)0, 1), -EFAULT);
	KUNIT_EXPECT_EQ(test, probe_kernel_read(&c, (void *)0x400000, 1), -EFAULT);
	KUNIT_EXPECT_EQ(test, probe_kernel_write((void *)0x1000, &c, 1), -EFAULT);
	KUNIT_EXPECT_EQ(test, nr_exception_fixups, fixups + 3);
}

static void probe_of_mapped_address_works(struct kunit *test)
{
	static int target = 7;
	int v = 0, w = 9;

	KUNIT_EXPECT_EQ(test, probe_kernel_read(&v, &target, sizeof(v)), 0);
	KUNIT_EXPECT_EQ(test, v, 7);
	KUNIT_EXPECT_EQ(test, probe_kernel_write(&target, &w, sizeof(w)), 0);
	KUNIT_EXPECT_EQ(test, target, 9);
	/* The first page of the direct mapping is physical page 0. */
	KUNIT_EXPECT_EQ(test, probe_kernel_read(&v, __va(0), 1), 0);
}

static void extable_is_sorted(struct kunit *test)
{
	extern struct exception_table_entry __start___ex_table[];
	extern struct exception_table_entry __stop___ex_table[];
	long n = __stop___ex_table - __start___ex_table;

	KUNIT_EXPECT_GE(test, n, 2);
	for (long i = 1; i < n; i++)
		KUNIT_EXPECT_LT(test, __start___ex_table[i - 1].insn,
				__start___ex_table[i].insn);
	KUNIT_EXPECT_NULL(test, search_exception_tables((unsigned long)schedule));
}

static int deref_null(void *arg)
{
	(void)arg;
	return *(volatile int *)0x10;
}

static int write_kernel_text(void *arg)
{
	(void)arg;
	/* Kernel page tables are writable today; use an unmapped address. */
	*(volatile int *)0xbffff000 = 1;
	return 0;
}

static int hit_bug(void *arg)
{
	(void)arg;
	BUG();
	return 0;
}

static int divide_by(void *arg)
{
	volatile int zero = (int)(long)arg;

	return 100 / zero;
}

static void oops_kills_only_the_thread(struct kunit *test)
{
	unsigned long oopses = oops_count;

	KUNIT_EXPECT_EQ(test, kunit_run_expect_oops(test, deref_null, NULL),
			EXIT_OOPS);
	KUNIT_EXPECT_EQ(test, kunit_run_expect_oops(test, write_kernel_text, NULL),
			EXIT_OOPS);
	KUNIT_EXPECT_EQ(test, kunit_run_expect_oops(test, hit_bug, NULL),
			EXIT_OOPS);
	KUNIT_EXPECT_EQ(test, kunit_run_expect_oops(test, divide_by, (void *)0L),
			EXIT_OOPS);
	KUNIT_EXPECT_EQ(test, oops_count, oopses + 4);
	/* ... and the kernel still runs threads afterwards. */
	KUNIT_EXPECT_EQ(test, kunit_run_expect_oops(test, divide_by, (void *)5L),
			20);
}

static struct kunit_case traps_cases[] = {
	KUNIT_CASE(probe_of_unmapped_address_fails),
	KUNIT_CASE(probe_of_mapped_address_works),
	KUNIT_CASE(extable_is_sorted),
	KUNIT_CASE(oops_kills_only_the_thread),
	{}
};

static struct kunit_suite traps_suite = {
	.name = "traps",
	.test_cases = traps_cases,
};
kunit_test_suite(traps_suite);
