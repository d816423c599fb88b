// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench_highmem.c - what Chapter 10's mechanisms cost, in emulated
 * instructions: kmap()/kunmap() of a page that is already mapped and of a
 * new page, the amortised cost over many pages including the wraps and
 * their TLB flushes (and how many flushes 10,000 kmaps need), atomic
 * kmaps, and a disk write from a highmem page (bounced) against one from
 * a low page.
 */
#include "highmem_test.h"
#include <bench.h>
#include <blkdev.h>
#include <tlbflush.h>
#include <math64.h>

#define N		1000
#define CYCLE		2048	/* more pages than slots: every kmap is new */
#define HOT		256	/* fewer: after one round every kmap hits */
#define AMORTISED	10000
#define IO_PAGES	32
#define IO_FIRST	6144	/* scratch sectors of the bench disk */

static struct page *pages[CYCLE];

static void need_highmem(struct kunit *test, int n)
{
	if (nr_free_highpages() < (unsigned long)n + 64)
		kunit_skip(test, "not enough highmem");
	KUNIT_ASSERT_TRUE(test, alloc_high_pages(pages, n));
}

/* Map and unmap new pages until the search wraps: a clean window. */
static void clean_window(void)
{
	unsigned long flushes = kmap_stats.flushes;

	for (int i = 0; kmap_stats.flushes == flushes; i = (i + 1) % CYCLE) {
		kmap(pages[i]);
		kunmap(pages[i]);
	}
}

static void kmap_of_a_mapped_page(struct kunit *test)
{
	struct bench b;
	u64 t;

	need_highmem(test, 1);
	kmap(pages[0]);		/* held: every kmap below finds it mapped */
	bench_begin(&b);
	for (int i = 0; i < N; i++) {
		kmap(pages[0]);
		kunmap(pages[0]);
	}
	t = bench_end(&b);
	kunmap(pages[0]);
	bench_report("kmap.mapped_page.kmap_kunmap_pair", div_u64(t, N),
		     "insns");
	free_page_array(pages, 1);
}

static void kmap_of_a_new_page(struct kunit *test)
{
	const int n = LAST_PKMAP / 2;	/* no wrap on the way */
	unsigned long mapped, flushes;
	struct bench b;
	u64 t;

	need_highmem(test, CYCLE);
	clean_window();
	mapped = kmap_stats.new_mappings;
	flushes = tlb_stats.flush_all;
	bench_begin(&b);
	for (int i = CYCLE - n; i < CYCLE; i++)
		kmap(pages[i]);
	t = bench_end(&b);
	KUNIT_EXPECT_EQ(test, kmap_stats.new_mappings, mapped + n);
	KUNIT_EXPECT_EQ(test, tlb_stats.flush_all, flushes);
	bench_report("kmap.new_page.kmap", div_u64(t, n), "insns");
	bench_begin(&b);
	for (int i = CYCLE - n; i < CYCLE; i++)
		kunmap(pages[i]);
	t = bench_end(&b);
	bench_report("kmap.new_page.kunmap", div_u64(t, n), "insns");
	free_page_array(pages, CYCLE);
}

/* @rounds kmap/kunmap pairs over @npages pages, round robin. */
static void amortised(struct kunit *test, const char *name, int npages)
{
	struct kmap_stats before;
	unsigned long flushes;
	char key[64];
	struct bench b;
	u64 t;

	need_highmem(test, CYCLE);
	clean_window();
	for (int i = 0; i < npages; i++) {	/* warm: one round first */
		kmap(pages[i]);
		kunmap(pages[i]);
	}
	before = kmap_stats;
	flushes = tlb_stats.flush_all;
	bench_begin(&b);
	for (int i = 0; i < AMORTISED; i++) {
		kmap(pages[i % npages]);
		kunmap(pages[i % npages]);
	}
	t = bench_end(&b);
	snprintf(key, sizeof(key), "kmap.%s.kmap_kunmap_pair", name);
	bench_report(key, div_u64(t, AMORTISED), "insns");
	snprintf(key, sizeof(key), "kmap.%s.tlb_flushes_per_10000_kmaps", name);
	bench_report(key, tlb_stats.flush_all - flushes, "flushes");
	snprintf(key, sizeof(key), "kmap.%s.new_mappings_per_10000_kmaps",
		 name);
	bench_report(key, kmap_stats.new_mappings - before.new_mappings,
		     "mappings");
	KUNIT_EXPECT_EQ(test, tlb_stats.flush_all - flushes,
			kmap_stats.flushes - before.flushes);
	free_page_array(pages, CYCLE);
}

static void kmap_amortised_over_many_pages(struct kunit *test)
{
	amortised(test, "cycle_2048_pages", CYCLE);
}

static void kmap_amortised_over_a_hot_set(struct kunit *test)
{
	amortised(test, "hot_256_pages", HOT);
}

static void kmap_atomic_pair(struct kunit *test)
{
	struct page *low = alloc_page(GFP_KERNEL);
	struct bench b;
	void *va;
	u64 t;

	KUNIT_ASSERT_NOT_NULL(test, low);
	need_highmem(test, 1);
	bench_begin(&b);
	for (int i = 0; i < N; i++) {
		va = kmap_atomic(pages[0], KM_USER0);
		kunmap_atomic(va, KM_USER0);
	}
	t = bench_end(&b);
	bench_report(highmem_debug ? "kmap_atomic.high_page_debug.pair" :
		     "kmap_atomic.high_page.pair", div_u64(t, N), "insns");
	bench_begin(&b);
	for (int i = 0; i < N; i++) {
		va = kmap_atomic(low, KM_USER0);
		kunmap_atomic(va, KM_USER0);
	}
	t = bench_end(&b);
	bench_report("kmap_atomic.low_page.pair", div_u64(t, N), "insns");
	__free_page(low);
	free_page_array(pages, 1);
}

/*
 * Whole-page writes, synchronous, with interrupts on (the disk needs
 * them): emulated instructions from submission to completion, the
 * disk's PIO transfer included, so the difference is the bounce.
 */
static u64 write_pages(struct kunit *test, struct page **p)
{
	const unsigned long sectors = PAGE_SIZE / ATA_SECTOR_SIZE;
	u64 start = rdtsc();

	for (int i = 0; i < IO_PAGES; i++)
		KUNIT_EXPECT_EQ(test, submit_page_io(WRITE, p[i],
				IO_FIRST + i * sectors), 0);
	return div_u64(rdtsc() - start, IO_PAGES);
}

static void bounced_write_against_low_write(struct kunit *test)
{
	struct page *low[IO_PAGES];
	unsigned long bounced = blk_stats.bounced;
	u64 lo, hi;

	if (!ata_capacity())
		kunit_skip(test, "no disk at ata0-slave");
	need_highmem(test, IO_PAGES);
	for (int i = 0; i < IO_PAGES; i++) {
		low[i] = alloc_page(GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, low[i]);
	}
	lo = write_pages(test, low);
	hi = write_pages(test, pages);
	KUNIT_EXPECT_EQ(test, blk_stats.bounced, bounced + IO_PAGES);
	bench_report("bounce.write_page.low", lo, "insns");
	bench_report("bounce.write_page.high_bounced", hi, "insns");
	bench_report("bounce.write_page.bounce_overhead", hi - lo, "insns");
	for (int i = 0; i < IO_PAGES; i++)
		__free_page(low[i]);
	free_page_array(pages, IO_PAGES);
}

static struct kunit_case bench_highmem_cases[] = {
	KUNIT_CASE(kmap_of_a_mapped_page),
	KUNIT_CASE(kmap_of_a_new_page),
	KUNIT_CASE(kmap_amortised_over_many_pages),
	KUNIT_CASE(kmap_amortised_over_a_hot_set),
	KUNIT_CASE(kmap_atomic_pair),
	KUNIT_CASE(bounced_write_against_low_write),
	{}
};

static struct kunit_suite bench_highmem_suite = {
	.name = "bench_highmem",
	.test_cases = bench_highmem_cases,
};
kunit_test_suite(bench_highmem_suite);
