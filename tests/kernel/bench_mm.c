// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench_mm.c - what the memory chapters' mechanisms cost, in emulated
 * instructions: the boot memory setup (bootmem, paging_init, mem_init),
 * page allocation and freeing at orders 0 and 3, zeroed pages, highmem
 * pages, and the three ways to flush the TLB.
 *
 * An alloc-then-free pair right after boot is the buddy allocator's worst
 * case: the page comes from splitting a 2 MiB block (nine halvings) and
 * its free merges it all back. Allocating a batch first, then freeing it,
 * shows the cheap case: most requests find a block of the right size.
 */
#include <kunit.h>
#include <bench.h>
#include <mm.h>
#include <tlbflush.h>
#include <fixmap.h>
#include <math64.h>
#include <sched.h>
#include <mm_types.h>
#include <kernel.h>

#define N	1000

static struct page *pages[N];

static void boot_memory_setup(struct kunit *test)
{
	const struct mm_boot_ticks *t = &mm_boot_ticks;

	KUNIT_ASSERT_GT(test, t->mem_init_done, t->setup_start);
	bench_report("mm.boot.bootmem_setup", t->bootmem_ready - t->setup_start,
		     "insns");
	bench_report("mm.boot.paging_init", t->paging_done - t->bootmem_ready,
		     "insns");
	bench_report("mm.boot.mem_init", t->mem_init_done - t->mem_init_start,
		     "insns");
	bench_report("mm.boot.setup_arch_to_mem_init_done",
		     t->mem_init_done - t->setup_start, "insns");
	bench_report("mm.boot.pages_freed_by_mem_init", totalram_pages,
		     "pages");
	bench_report("mm.boot.mem_init_per_page",
		     div_u64(t->mem_init_done - t->mem_init_start,
			     totalram_pages), "insns");
}

/* One alloc_pages(@gfp, @order) then its free, N times: the pair cost. */
static u64 pair(unsigned int gfp, unsigned int order)
{
	struct bench b;
	u64 t;

	bench_begin(&b);
	for (int i = 0; i < N; i++)
		__free_pages(alloc_pages(gfp, order), order);
	t = bench_end(&b);
	return div_u64(t, N);
}

/*
 * @n allocations, then @n frees: reports both averages. (@n blocks must
 * fit in the smallest guest: 200 order-3 blocks are 6.4 MiB.)
 */
static void batch(struct kunit *test, const char *name, unsigned int gfp,
		  unsigned int order, int n)
{
	char key[64];
	struct bench b;
	u64 t;

	bench_begin(&b);
	for (int i = 0; i < n; i++)
		pages[i] = alloc_pages(gfp, order);
	t = bench_end(&b);
	for (int i = 0; i < n; i++)
		KUNIT_ASSERT_NOT_NULL(test, pages[i]);
	snprintf(key, sizeof(key), "mm.%s.alloc_batch", name);
	bench_report(key, div_u64(t, n), "insns");
	bench_begin(&b);
	for (int i = 0; i < n; i++)
		__free_pages(pages[i], order);
	t = bench_end(&b);
	snprintf(key, sizeof(key), "mm.%s.free_batch", name);
	bench_report(key, div_u64(t, n), "insns");
}

static void alloc_page_free_page(struct kunit *test)
{
	bench_report("mm.alloc_page_free_page.pair", pair(GFP_KERNEL, 0), "insns");
	batch(test, "alloc_page", GFP_KERNEL, 0, N);
}

static void order3_allocations(struct kunit *test)
{
	bench_report("mm.order3.pair", pair(GFP_KERNEL, 3), "insns");
	batch(test, "order3", GFP_KERNEL, 3, 200);
}

static void zeroed_and_high_pages(struct kunit *test)
{
	struct bench b;
	u64 t;

	bench_begin(&b);
	for (int i = 0; i < N; i++)
		free_page(get_zeroed_page(GFP_KERNEL));
	t = bench_end(&b);
	bench_report("mm.get_zeroed_page_free_page.pair", div_u64(t, N), "insns");
	if (!nr_free_highpages())
		kunit_skip(test, "no highmem");
	bench_report("mm.highuser_page.pair", pair(GFP_HIGHUSER, 0), "insns");
}

static void tlb_flushes(struct kunit *test)
{
	unsigned long va = fix_to_virt(FIX_KMAP_BEGIN + KM_SOFTIRQ1);
	struct bench b;
	u64 t;

	bench_begin(&b);
	for (int i = 0; i < N; i++)
		flush_tlb_all();
	t = bench_end(&b);
	bench_report("tlb.flush_tlb_all", div_u64(t, N), "insns");
	bench_begin(&b);
	for (int i = 0; i < N; i++)
		flush_tlb_mm(current->active_mm);
	t = bench_end(&b);
	bench_report("tlb.flush_tlb_mm", div_u64(t, N), "insns");
	bench_begin(&b);
	for (int i = 0; i < N; i++)
		flush_tlb_kernel_page(va);
	t = bench_end(&b);
	bench_report("tlb.flush_tlb_kernel_page", div_u64(t, N), "insns");
	KUNIT_EXPECT_GE(test, tlb_stats.flush_all, N);
}

static struct kunit_case bench_mm_cases[] = {
	KUNIT_CASE(boot_memory_setup),
	KUNIT_CASE(alloc_page_free_page),
	KUNIT_CASE(order3_allocations),
	KUNIT_CASE(zeroed_and_high_pages),
	KUNIT_CASE(tlb_flushes),
	{}
};

static struct kunit_suite bench_mm_suite = {
	.name = "bench_mm",
	.test_cases = bench_mm_cases,
};
kunit_test_suite(bench_mm_suite);
