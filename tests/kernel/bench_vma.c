// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench_vma.c - what Chapter 5's mechanisms cost, in emulated
 * instructions: each kind of page fault (anonymous write, the zero page,
 * the write after it, copy-on-write after dup_mmap, the write-protect
 * fault that reuses the page), the region calls (mmap+munmap of a page,
 * mprotect of a one-page region, a split in three and the merge back,
 * brk growing by a page), an mprotect that changes nothing among 10 to
 * 10,000 regions (find_vma's O(log n)), and copying and tearing down an
 * address space with 0, 256 and 4,096 pages touched.
 *
 * A kernel thread runs in an address space of its own (use_mm) and
 * touches user memory from kernel mode, so each fault takes the real
 * path through do_page_fault. Issue 11 lists unmodified Linux 6.1's
 * figures for the same operations, measured the same way.
 */
#include "mm_test.h"
#include <bench.h>
#include <mm.h>
#include <mman.h>
#include <mmu_context.h>
#include <math64.h>
#include <sched.h>
#include <kernel.h>

#define P	PAGE_SIZE
#define RW	(PROT_READ | PROT_WRITE)
#define ANON	(MAP_PRIVATE | MAP_ANONYMOUS)
#define N	256

static unsigned long map_anon(unsigned long addr, unsigned long len,
			      unsigned long prot, unsigned long flags)
{
	return (unsigned long)sys_mmap2(addr, len, prot, flags, -1UL, 0);
}

static void touch_all(unsigned long a, int pages, bool write)
{
	for (int i = 0; i < pages; i++) {
		volatile int *p = (volatile int *)(a + i * P);

		if (write)
			*p = i;
		else
			(void)*p;
	}
}

/* The average cost of touching each of @pages pages at @a once. */
static u64 per_touch(unsigned long a, int pages, bool write)
{
	struct bench b;

	bench_begin(&b);
	touch_all(a, pages, write);
	return div_u64(bench_end(&b), pages);
}

static void faults(struct kunit *test)
{
	struct mm_struct *mm = enter_new_mm(test);
	unsigned long a = map_anon(0, N * P, RW, ANON);
	unsigned long b = map_anon(0, N * P, RW, ANON);

	KUNIT_ASSERT_EQ(test, a & ~PAGE_MASK, 0);
	bench_report("vma.fault.anon_write", per_touch(a, N, true), "insns");
	bench_report("vma.fault.read_zero_page", per_touch(b, N, false),
		     "insns");
	bench_report("vma.fault.write_after_zero_page", per_touch(b, N, true),
		     "insns");
	KUNIT_EXPECT_EQ(test, mm->rss, 2 * N);
	leave_mm(mm);
}

static void copy_on_write(struct kunit *test)
{
	struct mm_struct *parent = enter_new_mm(test);
	struct mm_struct *child = mm_alloc();
	unsigned long a = map_anon(0, N * P, RW, ANON);
	unsigned long copied = fault_stats.cow_copied;
	unsigned long reused = fault_stats.cow_reused;

	KUNIT_ASSERT_NOT_NULL(test, child);
	touch_all(a, N, true);
	KUNIT_ASSERT_EQ(test, dup_mmap(child, parent), 0);
	unuse_mm(parent);
	use_mm(child);
	bench_report("vma.fault.cow_copy_in_child", per_touch(a, N, true),
		     "insns");
	unuse_mm(child);
	mmput(child);
	use_mm(parent);
	bench_report("vma.fault.cow_reuse", per_touch(a, N, true), "insns");
	KUNIT_EXPECT_EQ(test, fault_stats.cow_copied - copied, N);
	KUNIT_EXPECT_EQ(test, fault_stats.cow_reused - reused, N);
	leave_mm(parent);
}

static void region_calls(struct kunit *test)
{
	struct mm_struct *mm = enter_new_mm(test);
	unsigned long a = map_anon(0, 3 * P, RW, ANON), heap = 0x08100000;
	/*
	 * A one-page region of its own, below where mmap looks for room, so
	 * that neither it nor the mmaps below merge with anything.
	 */
	unsigned long one = map_anon(TASK_UNMAPPED_BASE - 2 * P, P, RW,
				     ANON | MAP_FIXED);
	struct bench b;
	u64 t, split = 0, merge = 0;

	bench_begin(&b);
	for (int i = 0; i < N; i++)
		sys_munmap(map_anon(0, P, RW, ANON), P);
	bench_report("vma.mmap_munmap_one_page", div_u64(bench_end(&b), N),
		     "insns");
	KUNIT_EXPECT_EQ(test, mm->map_count, 2);
	bench_begin(&b);
	for (int i = 0; i < N; i++)
		sys_mprotect(one, P, (i & 1) ? RW : PROT_READ);
	bench_report("vma.mprotect_one_page_region",
		     div_u64(bench_end(&b), N), "insns");
	KUNIT_EXPECT_EQ(test, find_vma(mm, one)->vm_end - one, P);
	for (int i = 0; i < N; i++) {
		bench_begin(&b);
		sys_mprotect(a + P, P, PROT_READ);
		t = bench_end(&b);
		split += t;
		bench_begin(&b);
		sys_mprotect(a + P, P, RW);
		merge += bench_end(&b);
	}
	bench_report("vma.mprotect_split_in_three", div_u64(split, N),
		     "insns");
	bench_report("vma.mprotect_merge_back", div_u64(merge, N), "insns");
	KUNIT_EXPECT_EQ(test, mm->map_count, 2);
	mm->start_brk = mm->brk = heap;
	bench_begin(&b);
	for (int i = 1; i <= N; i++)
		sys_brk(heap + i * P);
	bench_report("vma.brk_grow_one_page", div_u64(bench_end(&b), N),
		     "insns");
	KUNIT_EXPECT_EQ(test, mm->brk, heap + N * P);
	leave_mm(mm);
}

/*
 * An mprotect that finds its region and changes nothing, among @n
 * one-page regions separated by holes: the cost of finding the region.
 */
static void noop_mprotect_among(struct kunit *test, int n)
{
	struct mm_struct *mm = enter_new_mm(test);
	unsigned long base = TASK_UNMAPPED_BASE;
	char key[48];
	struct bench b;

	for (int i = 0; i < n; i++)
		KUNIT_ASSERT_EQ(test, map_anon(base + 2 * i * P, P, RW,
					       ANON | MAP_FIXED),
				base + 2 * i * P);
	KUNIT_ASSERT_EQ(test, mm->map_count, n);
	bench_begin(&b);
	for (int i = 0; i < N; i++)
		sys_mprotect(base + 2 * ((i * 7919) % n) * P, P, RW);
	snprintf(key, sizeof(key), "vma.noop_mprotect_among_%d", n);
	bench_report(key, div_u64(bench_end(&b), N), "insns");
	leave_mm(mm);
}

static void noop_mprotect(struct kunit *test)
{
	noop_mprotect_among(test, 10);
	noop_mprotect_among(test, 100);
	noop_mprotect_among(test, 1000);
	noop_mprotect_among(test, 10000);
}

/* dup_mmap + exit_mmap of an address space with @pages pages touched. */
static void copy_and_teardown(struct kunit *test, int pages)
{
	struct mm_struct *mm = enter_new_mm(test);
	unsigned long a = map_anon(0, (pages + 1) * P, RW, ANON);
	struct mm_struct *child = mm_alloc();
	char key[48];
	struct bench b;

	KUNIT_ASSERT_NOT_NULL(test, child);
	touch_all(a, pages, true);
	bench_begin(&b);
	KUNIT_EXPECT_EQ(test, dup_mmap(child, mm), 0);
	mmput(child);
	snprintf(key, sizeof(key), "vma.dup_and_exit_mmap_%d_pages", pages);
	bench_report(key, bench_end(&b), "insns");
	leave_mm(mm);
}

static void address_space_copies(struct kunit *test)
{
	copy_and_teardown(test, 0);
	copy_and_teardown(test, 256);
	copy_and_teardown(test, 4096);
}

static struct kunit_case bench_vma_cases[] = {
	KUNIT_CASE(faults),
	KUNIT_CASE(copy_on_write),
	KUNIT_CASE(region_calls),
	KUNIT_CASE(noop_mprotect),
	KUNIT_CASE(address_space_copies),
	{}
};

static struct kunit_suite bench_vma_suite = {
	.name = "bench_vma",
	.test_cases = bench_vma_cases,
};
kunit_test_suite(bench_vma_suite);
