// SPDX-License-Identifier: GPL-2.0-only
/*
 * buddy_test.c - Chapter 7, the buddy allocator in the running kernel:
 * every order in every zone, splitting and merging as predicted,
 * exhaustion that returns NULL exactly at Linux 2.4's watermarks and
 * leaves the allocator usable, double and bad frees reported and refused,
 * GFP zone selection (GFP_DMA below 16 MiB, GFP_HIGHUSER from highmem
 * when there is any), task blocks as order-1 pages, a random run, and a
 * worked example that prints each step for the book's figure.
 * buddy_check.h checks the whole state from outside the allocator's code.
 * The free-page counter of the test framework fails any case that does not
 * give back every page it took.
 */
#include "mm_test.h"
#include <sched.h>
#include <bootmem.h>
#include <proc_mm.h>

#define BUDDY_REPORT(...) kunit_info(kunit_current(), __VA_ARGS__)
#include "buddy_check.h"

#define DMA_PFN	4096UL

/* Free blocks per zone and order. */
struct counts {
	unsigned long n[MAX_NR_ZONES][MAX_ORDER];
};

static void count_blocks(struct counts *c)
{
	for (int z = 0; z < MAX_NR_ZONES; z++)
		for (unsigned int o = 0; o < MAX_ORDER; o++)
			c->n[z][o] = zone_free_blocks(mm_zone(z), o);
}

static bool same_counts(const struct counts *a, const struct counts *b)
{
	return !memcmp(a, b, sizeof(*a));
}

/* The GFP mask whose zonelist starts with zone @z. */
static unsigned int gfp_for_zone(int z)
{
	return z == ZONE_DMA ? GFP_KERNEL | __GFP_DMA :
	       z == ZONE_NORMAL ? GFP_KERNEL : GFP_HIGHUSER;
}

static void allocator_state_is_consistent(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, buddy_check_all(), 0);
}

static void every_order_in_every_zone(struct kunit *test)
{
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		zone_t *zone = mm_zone(z);
		bool aligned = !(zone->zone_start_mapnr & ((1UL << (MAX_ORDER - 1)) - 1));

		if (!zone->size)
			continue;
		for (unsigned int o = 0; o < MAX_ORDER; o++) {
			unsigned long before = zone->free_pages;
			struct page *page = alloc_pages(gfp_for_zone(z), o);
			unsigned long idx;

			KUNIT_ASSERT_NOT_NULL(test, page);
			idx = page - zone->zone_mem_map;
			KUNIT_EXPECT_PTR_EQ(test, page->zone, zone);
			KUNIT_EXPECT_EQ(test, idx & ((1UL << o) - 1), 0);
			if (aligned)
				KUNIT_EXPECT_EQ(test, page_to_pfn(page) &
						((1UL << o) - 1), 0);
			KUNIT_EXPECT_EQ(test, page_count(page), 1);
			KUNIT_EXPECT_EQ(test, zone->free_pages,
					before - (1UL << o));
			/* The memory is there: write every page of the block. */
			for (unsigned long i = 0; z != ZONE_HIGHMEM &&
			     i < (1UL << o); i++) {
				u32 *w = page_address(page + i);

				w[0] = w[PAGE_SIZE / 4 - 1] = (u32)(o << 16 | i);
			}
			for (unsigned long i = 0; z != ZONE_HIGHMEM &&
			     i < (1UL << o); i++) {
				u32 *w = page_address(page + i);

				if (w[0] != (o << 16 | i) ||
				    w[PAGE_SIZE / 4 - 1] != (o << 16 | i))
					KUNIT_FAIL(test, "order %u page %lu", o, i);
			}
			__free_pages(page, o);
			KUNIT_EXPECT_EQ(test, zone->free_pages, before);
		}
	}
}

static void blocks_split_and_merge_as_predicted(struct kunit *test)
{
	int z = mm_zone(ZONE_NORMAL)->size ? ZONE_NORMAL : ZONE_DMA;
	struct counts before, during, after;
	unsigned int j = 0;
	struct page *page;

	count_blocks(&before);
	while (j < MAX_ORDER && !before.n[z][j])
		j++;
	KUNIT_ASSERT_LT(test, j, MAX_ORDER);
	page = alloc_pages(gfp_for_zone(z), 0);
	KUNIT_ASSERT_NOT_NULL(test, page);
	count_blocks(&during);
	/* The smallest block (order j) was split: one half per order below. */
	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		long want = before.n[z][o] + (o < j) - (o == j);

		KUNIT_EXPECT_EQ(test, during.n[z][o], want);
	}
	__free_page(page);
	count_blocks(&after);
	KUNIT_EXPECT_TRUE(test, same_counts(&before, &after));
}

/* Allocate with @gfp until it fails, big blocks first, onto @taken. */
static unsigned long exhaust(unsigned int gfp, struct list_head *taken)
{
	unsigned long n = 0;

	for (int o = MAX_ORDER - 1; o >= 0; o--) {
		struct page *p;

		while ((p = alloc_pages(gfp, o))) {
			p->private = o;
			list_add(&p->list, taken);
			n++;
		}
	}
	return n;
}

static void give_back(struct list_head *taken)
{
	while (!list_empty(taken)) {
		struct page *p = list_entry(taken->next, struct page, list);

		list_del(&p->list);
		__free_pages(p, p->private);
	}
}

/* ---- a worked example, step by step (the book's Chapter 7 draws it) ---- */

#define EX_FRAMES	16UL	/* one block of order 4 */

/*
 * One step: allocate a block of @order (expected at @frame), or free the
 * block of @order at @frame. @frames says, per frame, 'a' (in use) or the
 * order of the free block it lies in ('+': 4 or more, merged beyond the
 * sixteen frames); @bits are the bits of orders 0, 1, 2 and 3 for the
 * pairs inside the sixteen frames. Both were worked out by hand from
 * Linux 2.4.22's rules: a split hands out the upper half and frees the
 * lower, and a pair's bit is 1 when exactly one of the two is free.
 */
struct ex_step {
	bool alloc;
	unsigned int order;
	unsigned int frame;
	const char *frames;
	const char *bits;
};

static const struct ex_step ex_steps[] = {
	{ true,  0, 15, "333333332222110a", "00000001 0001 01 1" },
	{ true,  0, 14, "33333333222211aa", "00000000 0001 01 1" },
	{ true,  1, 12, "333333332222aaaa", "00000000 0000 01 1" },
	{ true,  0, 11, "33333333110aaaaa", "00000100 0010 00 1" },
	{ false, 0, 14, "33333333110aaa0a", "00000101 0010 00 1" },
	{ false, 0, 15, "33333333110aaa11", "00000100 0011 00 1" },
	{ false, 1, 12, "33333333110a2222", "00000100 0010 01 1" },
	{ false, 0, 11, "++++++++++++++++", "00000000 0000 00 0" },
};

/* The frames and bits of the EX_FRAMES frames at zone index @base. */
static void ex_state(const zone_t *zone, unsigned long base, char *frames,
		     char *bits)
{
	for (unsigned long i = 0; i < EX_FRAMES; i++) {
		frames[i] = 'a';
		for (unsigned int o = 0; o < MAX_ORDER; o++) {
			unsigned long head = (base + i) & ~((1UL << o) - 1);

			if (buddy_check_is_free(zone, head, o)) {
				frames[i] = '0' + o;
				break;
			}
		}
	}
	frames[EX_FRAMES] = '\0';
	for (unsigned int o = 0; o < 4; o++) {
		for (unsigned long i = 0; i < (EX_FRAMES >> (o + 1)); i++)
			*bits++ = '0' + test_bit((base >> (o + 1)) + i,
						 zone->free_area[o].map);
		*bits++ = o < 3 ? ' ' : '\0';
	}
}

/* @frames as expected by @want ('+' stands for any order from 4 up)? */
static bool ex_frames_match(const char *frames, const char *want)
{
	for (unsigned long i = 0; i < EX_FRAMES; i++)
		if (want[i] == '+' ? frames[i] < '4' || frames[i] > '9'
				   : frames[i] != want[i])
			return false;
	return true;
}

static void print_buddyinfo(struct kunit *test, const char *when)
{
	static char buf[512];
	char *line = buf, *nl;

	buddyinfo_read(buf, sizeof(buf));
	kunit_info(test, "/proc/buddyinfo %s:", when);
	while ((nl = strchr(line, '\n'))) {
		*nl = '\0';
		kunit_info(test, "%s", line);
		line = nl + 1;
	}
}

static void worked_example(struct kunit *test)
{
	int z = mm_zone(ZONE_NORMAL)->size ? ZONE_NORMAL : ZONE_DMA;
	zone_t *zone = mm_zone(z);
	unsigned int gfp = gfp_for_zone(z);
	struct page *blk[EX_FRAMES] = { NULL };
	char frames[EX_FRAMES + 1], bits[20];
	struct counts initial, final;
	unsigned long base = 0;
	LIST_HEAD(drained);

	count_blocks(&initial);
	print_buddyinfo(test, "before");
	/*
	 * Empty the lists of orders 0 to 3: the first page must then come
	 * from a block of 16 pages or more, and the sixteen frames it ends
	 * (a split hands out the upper half) are free but for it.
	 */
	for (unsigned int o = 0; o < 4; o++) {
		/* Each request takes one block off the list: bounded. */
		for (unsigned long n = zone_free_blocks(zone, o); n; n--) {
			struct page *p = alloc_pages(gfp, o);

			KUNIT_ASSERT_NOT_NULL(test, p);
			KUNIT_ASSERT_PTR_EQ(test, p->zone, zone);
			p->private = o;
			list_add(&p->list, &drained);
		}
		KUNIT_ASSERT_EQ(test, zone_free_blocks(zone, o), 0);
	}
	print_buddyinfo(test, "with orders 0-3 emptied");
	for (unsigned int i = 0; i < ARRAY_SIZE(ex_steps); i++) {
		const struct ex_step *s = &ex_steps[i];
		unsigned long at = s->frame;

		if (s->alloc) {
			struct page *p = alloc_pages(gfp, s->order);

			KUNIT_ASSERT_NOT_NULL(test, p);
			KUNIT_ASSERT_PTR_EQ(test, p->zone, zone);
			if (!i) {
				base = (p - zone->zone_mem_map) & ~(EX_FRAMES - 1UL);
				kunit_info(test, "16 frames of zone %s from pfn %#lx",
					   zone->name, zone->zone_start_mapnr + base);
			}
			at = p - zone->zone_mem_map - base;
			KUNIT_ASSERT_LT(test, at, EX_FRAMES);
			KUNIT_EXPECT_EQ(test, at, s->frame);
			blk[at] = p;
		} else {
			KUNIT_ASSERT_NOT_NULL(test, blk[at]);
			__free_pages(blk[at], s->order);
			blk[at] = NULL;
		}
		ex_state(zone, base, frames, bits);
		kunit_info(test, "step %u: %-5s order %u at +%lu  frames %s  "
			   "bits %s", i + 1, s->alloc ? "alloc" : "free",
			   s->order, at, frames, bits);
		KUNIT_EXPECT_TRUE(test, ex_frames_match(frames, s->frames));
		KUNIT_EXPECT_STREQ(test, bits, s->bits);
		KUNIT_EXPECT_EQ(test, buddy_check_zone(zone), 0);
	}
	give_back(&drained);
	print_buddyinfo(test, "after giving everything back");
	count_blocks(&final);
	KUNIT_EXPECT_TRUE(test, same_counts(&initial, &final));
}

static void exhaustion_stops_at_the_watermarks(struct kunit *test)
{
	unsigned long before[MAX_NR_ZONES], failed = nr_failed_allocs;
	unsigned int gfps[2] = { GFP_KERNEL, GFP_HIGHUSER };
	struct counts initial, now;
	int runs = mm_zone(ZONE_HIGHMEM)->size ? 2 : 1;
	LIST_HEAD(taken);

	for (int z = 0; z < MAX_NR_ZONES; z++)
		before[z] = mm_zone(z)->free_pages;
	count_blocks(&initial);
	for (int r = 0; r < runs; r++) {
		unsigned long sum = 0;
		int top = r ? ZONE_HIGHMEM : ZONE_NORMAL;

		mm_log_marker("buddy_test: exhausting");
		KUNIT_EXPECT_GT(test, exhaust(gfps[r], &taken), 0);
		/*
		 * Linux 2.4's thresholds add up down the zonelist: the last
		 * order-0 request needs more than 1 + the sum of pages_min
		 * of the zones tried so far.
		 */
		for (int z = top; z >= 0; z--) {
			if (!mm_zone(z)->size)
				continue;
			sum += mm_zone(z)->pages_min;
			KUNIT_EXPECT_EQ(test, mm_zone(z)->free_pages, sum + 1);
		}
		for (int z = top + 1; z < MAX_NR_ZONES; z++)
			KUNIT_EXPECT_EQ(test, mm_zone(z)->free_pages, before[z]);
		KUNIT_EXPECT_TRUE(test, mm_log_since("buddy_test: exhausting",
			"__alloc_pages: 0-order allocation failed"));
		KUNIT_EXPECT_EQ(test, buddy_check_all(), 0);
		/* Still usable: a page given back can be had again. */
		give_back(&taken);
		count_blocks(&now);
		KUNIT_EXPECT_TRUE(test, same_counts(&initial, &now));
		{
			struct page *p = alloc_pages(gfps[r], MAX_ORDER - 1);

			KUNIT_EXPECT_NOT_NULL(test, p);
			if (p)
				__free_pages(p, MAX_ORDER - 1);
		}
	}
	KUNIT_EXPECT_EQ(test, nr_failed_allocs, failed + runs * MAX_ORDER);
}

static void double_free_is_reported_and_refused(struct kunit *test)
{
	const char *mark = "buddy_test: double free";
	unsigned long bad = nr_bad_pages, free;
	struct page *p, *q;

	p = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	__free_page(p);
	free = nr_free_pages();
	mm_log_marker(mark);
	__free_page(p);
	KUNIT_EXPECT_EQ(test, nr_bad_pages, bad + 1);
	KUNIT_EXPECT_EQ(test, nr_free_pages(), free);
	KUNIT_EXPECT_TRUE(test, mm_log_since(mark, "Bad page state at "
					     "__free_pages (in process '"));
	KUNIT_EXPECT_TRUE(test, mm_log_since(mark, "already free"));
	KUNIT_EXPECT_TRUE(test, mm_log_since(mark, "Backtrace:"));
	/* The page is on the free lists once: two allocations differ. */
	p = alloc_page(GFP_KERNEL);
	q = alloc_page(GFP_KERNEL);
	KUNIT_EXPECT_PTR_NE(test, p, q);
	__free_page(q);
	/* A tail page of a block is nobody's to free. */
	q = alloc_pages(GFP_KERNEL, 1);
	__free_page(q + 1);
	KUNIT_EXPECT_EQ(test, nr_bad_pages, bad + 2);
	__free_pages(q, 1);
	__free_page(p);
	KUNIT_EXPECT_EQ(test, buddy_check_all(), 0);
}

static void busy_flags_refuse_the_free(struct kunit *test)
{
	const char *mark = "buddy_test: busy flags";
	unsigned long bad = nr_bad_pages, free;
	struct page *p = alloc_page(GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, p);
	free = nr_free_pages();
	PageSetSlab(p);
	mm_log_marker(mark);
	__free_page(p);
	KUNIT_EXPECT_TRUE(test, mm_log_since(mark, "flags say it is in use"));
	KUNIT_EXPECT_EQ(test, nr_free_pages(), free);
	KUNIT_EXPECT_EQ(test, page_count(p), 1);	/* still the caller's */
	PageClearSlab(p);
	__free_page(p);
	KUNIT_EXPECT_EQ(test, nr_free_pages(), free + 1);
	KUNIT_EXPECT_EQ(test, nr_bad_pages, bad + 1);
}

static void gfp_masks_choose_the_zone(struct kunit *test)
{
	struct page *dma = alloc_page(GFP_DMA);
	struct page *low = alloc_page(GFP_KERNEL);
	struct page *high = alloc_page(GFP_HIGHUSER);
	unsigned long addr = __get_free_page(GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, dma);
	KUNIT_ASSERT_NOT_NULL(test, low);
	KUNIT_ASSERT_NOT_NULL(test, high);
	KUNIT_EXPECT_LT(test, page_to_phys(dma), 16UL << 20);
	KUNIT_EXPECT_PTR_EQ(test, dma->zone, mm_zone(ZONE_DMA));
	KUNIT_EXPECT_PTR_EQ(test, low->zone, mm_zone(max_low_pfn > DMA_PFN ?
						     ZONE_NORMAL : ZONE_DMA));
	KUNIT_EXPECT_NOT_NULL(test, page_address(low));
	KUNIT_EXPECT_LT(test, page_to_pfn(low), max_low_pfn);
	if (mm_zone(ZONE_HIGHMEM)->size) {
		KUNIT_EXPECT_TRUE(test, PageHighMem(high));
		KUNIT_EXPECT_NULL(test, page_address(high));
		KUNIT_EXPECT_GE(test, page_to_pfn(high), max_low_pfn);
	} else {
		KUNIT_EXPECT_PTR_EQ(test, high->zone, low->zone);
	}
	KUNIT_EXPECT_GE(test, addr, PAGE_OFFSET);
	KUNIT_EXPECT_LT(test, addr, (unsigned long)high_memory);
	KUNIT_EXPECT_EQ(test, __get_free_page(GFP_HIGHUSER), 0);
	__free_page(dma);
	__free_page(low);
	__free_page(high);
	free_page(addr);
}

static void references_and_zeroed_pages(struct kunit *test)
{
	unsigned long free = nr_free_pages(), addr;
	struct page *p = alloc_page(GFP_KERNEL);
	int dirty = 0;

	KUNIT_ASSERT_NOT_NULL(test, p);
	get_page(p);
	__free_page(p);
	KUNIT_EXPECT_EQ(test, nr_free_pages(), free - 1);
	put_page(p);
	KUNIT_EXPECT_EQ(test, nr_free_pages(), free);

	addr = __get_free_page(GFP_KERNEL);
	memset((void *)addr, 0x77, PAGE_SIZE);
	free_page(addr);
	addr = get_zeroed_page(GFP_KERNEL);
	for (unsigned long i = 0; i < PAGE_SIZE; i++)
		dirty |= ((u8 *)addr)[i];
	KUNIT_EXPECT_EQ(test, dirty, 0);
	free_page(addr);
}

static void too_large_orders_fail(struct kunit *test)
{
	unsigned long failed = nr_failed_allocs, free = nr_free_pages();

	KUNIT_EXPECT_NULL(test, alloc_pages(GFP_KERNEL, MAX_ORDER));
	KUNIT_EXPECT_NULL(test, alloc_pages(GFP_ATOMIC, 20));
	KUNIT_EXPECT_EQ(test, nr_failed_allocs, failed + 2);
	KUNIT_EXPECT_EQ(test, nr_free_pages(), free);
}

static volatile int waiter_go;

static int waiter(void *arg)
{
	while (!waiter_go)
		yield();
	return 0;
}

static void task_blocks_are_order1_pages(struct kunit *test)
{
	unsigned long free = nr_free_pages();
	struct task_struct *t;
	struct page *page;
	int pid;

	waiter_go = 0;
	pid = kernel_thread(waiter, NULL, "waiter", 0);
	KUNIT_ASSERT_GT(test, pid, 0);
	t = find_task_by_pid(pid);
	KUNIT_ASSERT_NOT_NULL(test, t);
	page = virt_to_page(t);
	KUNIT_EXPECT_EQ(test, nr_free_pages(), free - 2);
	KUNIT_EXPECT_EQ(test, (unsigned long)t & (THREAD_SIZE - 1), 0);
	KUNIT_EXPECT_EQ(test, page_count(page), 1);
	KUNIT_EXPECT_FALSE(test, PageReserved(page));
	KUNIT_EXPECT_FALSE(test, PageHighMem(page));
	waiter_go = 1;
	kthread_wait(pid, NULL);
	KUNIT_EXPECT_EQ(test, nr_free_pages(), free);
}

static void random_run_keeps_every_invariant(struct kunit *test)
{
	static struct { struct page *page; unsigned int order; } held[128];
	static const unsigned int gfps[] = {
		GFP_KERNEL, GFP_DMA, GFP_HIGHUSER, GFP_ATOMIC, GFP_USER,
	};
	unsigned long seed = 12345, errors = 0;
	struct counts initial, final;
	int n = 0;

	count_blocks(&initial);
	for (int step = 0; step < 3000; step++) {
		seed = seed * 1103515245 + 12345;
		if (n == ARRAY_SIZE(held) || (n && (seed >> 16) % 2)) {
			int i = (seed >> 8) % n;

			__free_pages(held[i].page, held[i].order);
			held[i] = held[--n];
		} else {
			unsigned int o = (seed >> 4) % 6;
			struct page *p = alloc_pages(gfps[(seed >> 12) % 5], o);

			if (p) {
				held[n].page = p;
				held[n++].order = o;
			}
		}
		if (step == 1500)	/* mid-run, with 100-odd blocks held */
			errors += buddy_check_all();
	}
	while (n--)
		__free_pages(held[n].page, held[n].order);
	KUNIT_EXPECT_EQ(test, errors, 0);
	KUNIT_EXPECT_EQ(test, buddy_check_all(), 0);
	count_blocks(&final);
	KUNIT_EXPECT_TRUE(test, same_counts(&initial, &final));
}

static struct kunit_case buddy_cases[] = {
	KUNIT_CASE(allocator_state_is_consistent),
	KUNIT_CASE(every_order_in_every_zone),
	KUNIT_CASE(blocks_split_and_merge_as_predicted),
	KUNIT_CASE(worked_example),
	KUNIT_CASE(exhaustion_stops_at_the_watermarks),
	KUNIT_CASE(double_free_is_reported_and_refused),
	KUNIT_CASE(busy_flags_refuse_the_free),
	KUNIT_CASE(gfp_masks_choose_the_zone),
	KUNIT_CASE(references_and_zeroed_pages),
	KUNIT_CASE(too_large_orders_fail),
	KUNIT_CASE(task_blocks_are_order1_pages),
	KUNIT_CASE(random_run_keeps_every_invariant),
	{}
};

static struct kunit_suite buddy_suite = {
	.name = "buddy",
	.test_cases = buddy_cases,
};
kunit_test_suite(buddy_suite);
