// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench_vmalloc.c - what Chapter 8's mechanisms cost, in emulated
 * instructions, under whichever design the boot chose (`make bench` boots
 * once with each): vmalloc() and vfree() of 1, 16 and 256 pages; finding
 * room, looking up and freeing an area with 1, 64, 1024 and 4096 areas
 * already in the window; and how many TLB flushes 1000 vfree()s cost.
 *
 * The areas of the scaling runs are reservations only (get_vm_area(), no
 * pages), packed from VMALLOC_START the way a long-running kernel's first
 * allocations are: a new area then goes after all of them, the worst case
 * of a first-fit search from the bottom. Under the 2.6 design the range
 * allocator (alloc_vmap_area()) is also timed alone, with and without its
 * gap-search cache: without it (Linux 2.6.32 as it was), the tree only
 * finds where to start and the walk after it is as long as 2.4's.
 *
 * vfree() costs are averaged over enough calls to include the purges the
 * 2.6 design's lazy freeing runs now and then.
 */
#include <kunit.h>
#include <bench.h>
#include <vmalloc.h>
#include <tlbflush.h>
#include <math64.h>
#include <slab.h>
#include <kernel.h>
#include <mm.h>
#include "mm_test.h"
#include "../../kernel/mm/internal.h"

#define P	PAGE_SIZE

static const char *design(void)
{
	return vmalloc_design == VMALLOC_DESIGN_26 ? "2.6" : "2.4";
}

static void report(const char *what, unsigned long n, u64 value,
		   const char *unit)
{
	char key[80];

	snprintf(key, sizeof(key), "vmalloc.%s.%s_%lu", design(), what, n);
	bench_report(key, value, unit);
}

/*
 * @rounds times vmalloc(@pages pages), then vfree() of it: the average
 * cost of each. Everything left lazily freed is purged at the end, and
 * that purge is counted with the vfree()s.
 */
static void alloc_free_pairs(struct kunit *test, unsigned long pages,
			     unsigned long rounds)
{
	u64 t_alloc = 0, t_free = 0;
	struct bench b;

	for (unsigned long i = 0; i < rounds; i++) {
		void *p;

		bench_begin(&b);
		p = vmalloc(pages * P);
		t_alloc += bench_end(&b);
		KUNIT_ASSERT_NOT_NULL(test, p);
		bench_begin(&b);
		vfree(p);
		t_free += bench_end(&b);
	}
	bench_begin(&b);
	vm_unmap_aliases();
	t_free += bench_end(&b);
	report("vmalloc_pages", pages, div_u64(t_alloc, rounds), "insns");
	report("vfree_pages", pages, div_u64(t_free, rounds), "insns");
}

static void vmalloc_and_vfree(struct kunit *test)
{
	alloc_free_pairs(test, 1, 5000);
	alloc_free_pairs(test, 16, 1000);
	alloc_free_pairs(test, 256, 100);
}

/*
 * TLB flushes for 1000 vfree()s of 1-page and 16-page areas, the final
 * purge of what was still waiting included.
 */
static void tlb_flushes_per_1000_vfree(struct kunit *test)
{
	static const unsigned long sizes[2] = { 1, 16 };

	for (int s = 0; s < 2; s++) {
		unsigned long before = tlb_stats.flush_all;

		for (int i = 0; i < 1000; i++) {
			void *p = vmalloc(sizes[s] * P);

			KUNIT_ASSERT_NOT_NULL(test, p);
			vfree(p);
		}
		vm_unmap_aliases();
		report("tlb_flushes_per_1000_vfree", sizes[s],
		       tlb_stats.flush_all - before, "flushes");
	}
}

#define MAX_LIVE	4096
#define REPEAT		8
static struct vm_struct *live[MAX_LIVE];

/* Grow the set of live reservations to @n. */
static void grow(struct kunit *test, unsigned long *have, unsigned long n)
{
	while (*have < n) {
		live[*have] = get_vm_area(P, VM_ALLOC);
		KUNIT_ASSERT_NOT_NULL(test, live[*have]);
		(*have)++;
	}
}

/*
 * With @n areas live: the average cost of get_vm_area() of one page (it
 * lands after all of them), of find_vm_area() of the highest area (the
 * end of 2.4's list), and of free_vm_area() of the new one. Under 2.6,
 * alloc_vmap_area() alone, with the cache and without it, and the purge
 * of what the frees left waiting is not timed.
 */
static void measure_with_live(struct kunit *test, unsigned long n)
{
	u64 t_alloc = 0, t_find = 0, t_free = 0, t_va = 0, t_va_nocache = 0;
	struct vm_struct *area, *found;
	struct bench b;

	for (int r = 0; r < REPEAT; r++) {
		bench_begin(&b);
		area = get_vm_area(P, VM_ALLOC);
		t_alloc += bench_end(&b);
		KUNIT_ASSERT_NOT_NULL(test, area);
		bench_begin(&b);
		found = find_vm_area(live[n - 1]->addr);
		t_find += bench_end(&b);
		KUNIT_EXPECT_PTR_EQ(test, found, live[n - 1]);
		bench_begin(&b);
		free_vm_area(area);
		t_free += bench_end(&b);
		vm_unmap_aliases();
	}
	report("get_vm_area_live", n, div_u64(t_alloc, REPEAT), "insns");
	report("find_vm_area_live", n, div_u64(t_find, REPEAT), "insns");
	report("free_vm_area_live", n, div_u64(t_free, REPEAT), "insns");
	if (vmalloc_design != VMALLOC_DESIGN_26)
		return;
	for (int cache = 1; cache >= 0; cache--) {
		vmap_hole_cache = cache;
		for (int r = 0; r < REPEAT; r++) {
			struct vmap_area *va;

			/* Prime the cache: the search before this one. */
			va = alloc_vmap_area(2 * P, 1, VMALLOC_START,
					     VMALLOC_END);
			KUNIT_ASSERT_NOT_NULL(test, va);
			free_unmap_vmap_area(va);
			vm_unmap_aliases();
			(void)find_vmap_area((unsigned long)live[n - 1]->addr);
			bench_begin(&b);
			va = alloc_vmap_area(2 * P, 1, VMALLOC_START,
					     VMALLOC_END);
			if (cache)
				t_va += bench_end(&b);
			else
				t_va_nocache += bench_end(&b);
			KUNIT_ASSERT_NOT_NULL(test, va);
			free_unmap_vmap_area(va);
			vm_unmap_aliases();
		}
	}
	vmap_hole_cache = true;
	report("alloc_vmap_area_live", n, div_u64(t_va, REPEAT), "insns");
	report("alloc_vmap_area_nocache_live", n,
	       div_u64(t_va_nocache, REPEAT), "insns");
	bench_begin(&b);
	(void)find_vmap_area((unsigned long)live[n - 1]->addr);
	report("find_vmap_area_live", n, bench_end(&b), "insns");
}

static void scaling_with_live_areas(struct kunit *test)
{
	static const unsigned long counts[] = { 1, 64, 1024, 4096 };
	unsigned long have = 0;

	for (unsigned int i = 0; i < ARRAY_SIZE(counts); i++) {
		grow(test, &have, counts[i]);
		measure_with_live(test, counts[i]);
	}
	/*
	 * Not measured: free from the bottom, where both designs' address-
	 * sorted vmlist starts, so that tearing down stays linear.
	 */
	for (unsigned long i = 0; i < have; i++)
		free_vm_area(live[i]);
}

static struct kunit_case bench_vmalloc_cases[] = {
	KUNIT_CASE(vmalloc_and_vfree),
	KUNIT_CASE(tlb_flushes_per_1000_vfree),
	KUNIT_CASE(scaling_with_live_areas),
	{}
};

/* The page tables every case will need, made before any is watched. */
static int bench_vmalloc_init(struct kunit_suite *suite)
{
	(void)suite;
	return populate_vmalloc_tables(64UL << 20);
}

static struct kunit_suite bench_vmalloc_suite = {
	.name = "bench_vmalloc",
	.test_cases = bench_vmalloc_cases,
	.suite_init = bench_vmalloc_init,
};
kunit_test_suite(bench_vmalloc_suite);
