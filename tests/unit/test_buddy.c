// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_buddy.c - kernel/mm/page_alloc.c on a host "machine" (mm_host.h):
 * the state after boot, every order in every zone, a worked example of
 * Linux 2.4's buddy bitmaps, long random sequences checked against a
 * model and against tests/kernel/buddy_check.h after every step, the
 * zonelists, the watermark formula, exhaustion stopping exactly where
 * 2.4's cumulative watermarks say, and bad frees being refused.
 *
 * UNIT-SOURCES: kernel/mm/bootmem.c kernel/mm/page_alloc.c kernel/lib/string.c
 */
#include <signal.h>
#include <unistd.h>
#include <sys/wait.h>
#include "mm_host.h"

#define BUDDY_REPORT(...) do { \
	printf("    # buddy_check: "); \
	printf(__VA_ARGS__); \
	printf("\n"); \
} while (0)
#include "../kernel/buddy_check.h"

#define CHECK_BUDDY()	CHECK_EQ(buddy_check_all(), 0)

/* The default machine: 4 MiB DMA, 6 MiB Normal, 8 MiB HighMem. */
#define DMA_PAGES	1024
#define NORMAL_PAGES	1536
#define HIGH_PAGES	2048

/* ---- snapshots of the free lists ------------------------------------------ */

/* For each page of each zone: 1 + order if it heads a free block, else 0. */
struct snapshot {
	unsigned char *head[MAX_NR_ZONES];
	unsigned long free[MAX_NR_ZONES];
};

static void snap(struct snapshot *s)
{
	for (int z = 0; z < MAX_NR_ZONES; z++) {
		zone_t *zn = zone(z);

		s->head[z] = calloc(zn->size + 1, 1);
		s->free[z] = zn->free_pages;
		for (unsigned int o = 0; o < MAX_ORDER; o++) {
			struct list_head *pos;

			list_for_each(pos, &zn->free_area[o].free_list)
				s->head[z][list_entry(pos, struct page, list) -
					   zn->zone_mem_map] = o + 1;
		}
	}
}

static int snap_equal(const struct snapshot *a, const struct snapshot *b)
{
	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (a->free[z] != b->free[z] ||
		    memcmp(a->head[z], b->head[z], zone(z)->size))
			return 0;
	return 1;
}

static void snap_drop(struct snapshot *s)
{
	for (int z = 0; z < MAX_NR_ZONES; z++)
		free(s->head[z]);
}

/* Is @z in the zonelist @gfp selects? */
static int zone_allowed(unsigned int gfp, const zone_t *z)
{
	zonelist_t *zl = contig_page_data.node_zonelists + (gfp & GFP_ZONEMASK);

	for (zone_t **zp = zl->zones; *zp; zp++)
		if (*zp == z)
			return 1;
	return 0;
}

/* ---- the cases -------------------------------------------------------------- */

static void boot_state_is_fully_coalesced(void)
{
	unsigned long unreserved = 0, total = DMA_PAGES + NORMAL_PAGES + HIGH_PAGES;

	machine_boot(DMA_PAGES, NORMAL_PAGES, HIGH_PAGES);
	CHECK_BUDDY();
	CHECK_QUIESCENT();
	for (unsigned long pfn = 0; pfn < total; pfn++)
		unreserved += !PageReserved(mem_map + pfn);
	CHECK_EQ(nr_free_pages(), unreserved);
	CHECK_EQ(totalram_pages, unreserved);
	CHECK_EQ(totalhigh_pages, HIGH_PAGES);
	CHECK_EQ(nr_free_highpages(), HIGH_PAGES);
	CHECK_EQ(zone(ZONE_NORMAL)->free_pages, NORMAL_PAGES);
	/* 2048 free highmem pages are four blocks of 512. */
	CHECK_EQ(zone_free_blocks(zone(ZONE_HIGHMEM), MAX_ORDER - 1), 4);
	CHECK_EQ(zone_free_blocks(zone(ZONE_NORMAL), MAX_ORDER - 1), 3);
	CHECK(PageReserved(mem_map + 0));
	CHECK_EQ(zone(ZONE_DMA)->zone_start_mapnr, 0);
	CHECK_EQ(zone(ZONE_NORMAL)->zone_start_mapnr, DMA_PAGES);
	CHECK_EQ(zone(ZONE_HIGHMEM)->zone_start_mapnr, DMA_PAGES + NORMAL_PAGES);
	CHECK_STREQ(zone(ZONE_HIGHMEM)->name, "HighMem");
	for (unsigned long pfn = 0; pfn < total; pfn++) {
		struct page *p = mem_map + pfn;
		unsigned long high = pfn >= DMA_PAGES + NORMAL_PAGES;

		if (PageHighMem(p) != high ||
		    (high ? p->virtual != NULL
			  : p->virtual != __va(pfn << PAGE_SHIFT)) ||
		    p->zone != zone(pfn < DMA_PAGES ? 0 : high ? 2 : 1)) {
			CHECK(!"page flags, virtual or zone wrong");
			break;
		}
	}
}

static void every_order_in_every_zone(void)
{
	static const unsigned int gfps[] = { GFP_DMA, GFP_KERNEL, GFP_HIGHUSER };
	struct snapshot before, after;

	machine_boot(DMA_PAGES, NORMAL_PAGES, HIGH_PAGES);
	snap(&before);
	for (int z = 0; z < 3; z++) {
		for (unsigned int o = 0; o < MAX_ORDER; o++) {
			zone_t *zn = zone(z);
			unsigned long f = zn->free_pages;
			struct page *page = alloc_pages(gfps[z], o);

			CHECK(page != NULL);
			if (!page)
				continue;
			CHECK(page->zone == zn);
			CHECK_EQ((page - zn->zone_mem_map) & ((1UL << o) - 1), 0);
			CHECK_EQ(page_count(page), 1);
			CHECK(!PageBuddy(page));
			CHECK_EQ(zn->free_pages, f - (1UL << o));
			CHECK_BUDDY();
			__free_pages(page, o);
			CHECK_EQ(zn->free_pages, f);
			CHECK_QUIESCENT();
		}
	}
	snap(&after);
	CHECK(snap_equal(&before, &after));
	snap_drop(&before);
	snap_drop(&after);
}

/* Bit of @idx's pair at order @o in the DMA zone's bitmap. */
static int bit(unsigned int o, unsigned long idx)
{
	return test_bit(idx >> (o + 1), zone(ZONE_DMA)->free_area[o].map);
}

/* The index of the only block on order @o's list, or -1 (none, or many). */
static long only_block(unsigned int o)
{
	zone_t *z = zone(ZONE_DMA);
	struct list_head *head = &z->free_area[o].free_list;

	if (list_count(head) != 1)
		return -1;
	return list_entry(head->next, struct page, list) - z->zone_mem_map;
}

/*
 * A worked example on a 64-page zone, after everything below frame 32
 * is taken: the order-5 block at 32 is split for one page (the block's
 * last, as in Linux 2.4.22) and merged back, and the bitmaps are checked
 * at each step against values worked out by hand from Linux 2.4's rule (a
 * pair's bit is 1 when exactly one of the two is free).
 */
static void bitmaps_follow_the_worked_example(void)
{
	struct page *held[64], *a, *b;
	unsigned int held_order[64];
	int nheld = 0;
	zone_t *z;

	unsigned long boot_free;

	machine_boot(64, 0, 0);
	z = zone(ZONE_DMA);
	boot_free = z->free_pages;
	z->pages_min = z->pages_low = z->pages_high = 0;
	for (unsigned int o = 0; o < 5; o++)
		while (zone_free_blocks(z, o)) {
			held_order[nheld] = o;
			held[nheld++] = alloc_pages(GFP_DMA, o);
		}
	CHECK_EQ(only_block(5), 32);
	CHECK_EQ(z->free_pages, 32);
	CHECK_EQ(bit(5, 32), 1);		/* 32 free, 0 held */
	for (unsigned int o = 0; o < 5; o++)
		CHECK_EQ(bit(o, 32), 0);

	/*
	 * Allocating one page splits 32 as Linux 2.4.22 does: each lower half
	 * goes free (32, 48, 56, 60, 62) and the last page, 63, is handed out.
	 */
	a = alloc_pages(GFP_DMA, 0);
	CHECK_EQ(a - z->zone_mem_map, 63);
	CHECK_EQ(only_block(4), 32);
	CHECK_EQ(only_block(3), 48);
	CHECK_EQ(only_block(2), 56);
	CHECK_EQ(only_block(1), 60);
	CHECK_EQ(only_block(0), 62);
	CHECK_EQ(bit(5, 32), 0);
	CHECK_EQ(bit(4, 32), 1);
	CHECK_EQ(bit(3, 48), 1);
	CHECK_EQ(bit(2, 56), 1);
	CHECK_EQ(bit(1, 60), 1);
	CHECK_EQ(bit(0, 62), 1);

	/* The next page comes straight from the order-0 list. */
	b = alloc_pages(GFP_DMA, 0);
	CHECK_EQ(b - z->zone_mem_map, 62);
	CHECK_EQ(bit(0, 62), 0);		/* both in use */
	CHECK_EQ(zone_free_blocks(z, 0), 0);

	/* Freeing 63: its buddy 62 is in use (bit was 0), no merge. */
	__free_page(a);
	CHECK_EQ(only_block(0), 63);
	CHECK_EQ(bit(0, 62), 1);

	/* Freeing 62: the bit was 1, so 63 is free: merge all the way up. */
	__free_page(b);
	CHECK_EQ(only_block(5), 32);
	for (unsigned int o = 0; o < 5; o++)
		CHECK_EQ(zone_free_blocks(z, o), 0);
	CHECK_EQ(bit(5, 32), 1);
	for (unsigned int o = 0; o < 5; o++)
		CHECK_EQ(bit(o, 32), 0);
	CHECK_BUDDY();
	while (nheld--)
		__free_pages(held[nheld], held_order[nheld]);
	CHECK_EQ(z->free_pages, boot_free);
	CHECK_BUDDY();
}

/* Random allocations and frees; the model owns every allocated frame. */
static void random_run(unsigned long dma, unsigned long normal,
		       unsigned long high, int steps, int check_every)
{
	static const unsigned int gfps[] = {
		GFP_KERNEL, GFP_USER, GFP_DMA, GFP_KERNEL | __GFP_DMA,
		GFP_HIGHUSER, GFP_ATOMIC, GFP_ATOMIC | __GFP_HIGHMEM,
	};
	struct { struct page *page; unsigned int order; } *blocks;
	unsigned long total = dma + normal + high, model_free, nblocks = 0;
	unsigned char *owned = calloc(total, 1);
	struct snapshot initial, final;
	unsigned long failures = 0, errors = 0;

	blocks = calloc(total, sizeof(*blocks));
	machine_boot(dma, normal, high);
	snap(&initial);
	model_free = nr_free_pages();
	for (int step = 0; step < steps && !unit_case_failed; step++) {
		if (nblocks && (rand() % 100 < 45 || nblocks == total)) {
			unsigned long i = rand() % nblocks;
			struct page *p = blocks[i].page;
			unsigned int o = blocks[i].order;

			for (unsigned long k = 0; k < (1UL << o); k++)
				owned[page_to_pfn(p) + k] = 0;
			__free_pages(p, o);
			model_free += 1UL << o;
			blocks[i] = blocks[--nblocks];
		} else {
			unsigned int o = rand() % 8 ? rand() % 3
						    : rand() % MAX_ORDER;
			unsigned int gfp = gfps[rand() % ARRAY_SIZE(gfps)];
			struct page *p = alloc_pages(gfp, o);
			unsigned long pfn;

			if (!p) {
				failures++;
				CHECK_EQ(nr_free_pages(), model_free);
				continue;
			}
			pfn = page_to_pfn(p);
			CHECK(zone_allowed(gfp, p->zone));
			CHECK_EQ((p - p->zone->zone_mem_map) & ((1UL << o) - 1), 0);
			CHECK(pfn + (1UL << o) <= total);
			CHECK_EQ(page_count(p), 1);
			for (unsigned long k = 0; k < (1UL << o); k++) {
				if (owned[pfn + k] || PageBuddy(p + k) ||
				    PageReserved(p + k)) {
					CHECK(!"allocated a frame in use");
					break;
				}
				owned[pfn + k] = 1;
			}
			model_free -= 1UL << o;
			blocks[nblocks].page = p;
			blocks[nblocks++].order = o;
		}
		CHECK_EQ(nr_free_pages(), model_free);
		CHECK_QUIESCENT();
		if (step % check_every == 0)
			errors += buddy_check_all();
	}
	CHECK_EQ(errors, 0);
	CHECK(failures > 0);	/* memory ran short at times */
	while (nblocks--)
		__free_pages(blocks[nblocks].page, blocks[nblocks].order);
	CHECK_BUDDY();
	snap(&final);
	CHECK(snap_equal(&initial, &final));	/* fully coalesced again */
	snap_drop(&initial);
	snap_drop(&final);
	free(blocks);
	free(owned);
}

static void random_sequences_keep_every_invariant(void)
{
	srand(42);
	/* Odd zone sizes: blocks at the ends have no buddy. */
	random_run(1000, 1531, 1517, 12000, 1);
}

static void long_random_sequences_on_a_larger_machine(void)
{
	srand(7);
	random_run(4096, 12000, 9000, 150000, 500);
}

static void zonelists_fall_back_downwards(void)
{
	unsigned long machines[3][3] = {
		{ DMA_PAGES, NORMAL_PAGES, HIGH_PAGES },
		{ DMA_PAGES, NORMAL_PAGES, 0 },
		{ DMA_PAGES, 0, 0 },
	};

	for (int m = 0; m < 3; m++) {
		machine_boot(machines[m][0], machines[m][1], machines[m][2]);
		for (unsigned int i = 0; i <= GFP_ZONEMASK; i++) {
			zone_t **zl = contig_page_data.node_zonelists[i].zones;
			int k = i & __GFP_DMA ? ZONE_DMA :
				i & __GFP_HIGHMEM ? ZONE_HIGHMEM : ZONE_NORMAL;
			int j = 0;

			for (; k >= 0; k--)
				if (machines[m][k])
					CHECK(zl[j++] == zone(k));
			CHECK(zl[j] == NULL);
		}
	}
}

static void watermarks_follow_the_24_formula(void)
{
	/* size -> pages_min: size/128 clamped to [20, 255]. */
	static const unsigned long cases[][2] = {
		{ 1, 20 }, { 2559, 20 }, { 2560, 20 }, { 2688, 21 },
		{ 12800, 100 }, { 32640, 255 }, { 32768, 255 }, { 40000, 255 },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(cases); i++) {
		unsigned long zones[MAX_NR_ZONES] = { 512, 512, cases[i][0] };
		zone_t *z = zone(ZONE_HIGHMEM);

		machine_reset(2048, cases[i][0]);
		init_bootmem(1, 2048);
		free_bootmem(PAGE_SIZE, 2047 * PAGE_SIZE);
		free_area_init(zones);
		CHECK_EQ(z->pages_min, cases[i][1]);
		CHECK_EQ(z->pages_low, 2 * cases[i][1]);
		CHECK_EQ(z->pages_high, 3 * cases[i][1]);
		CHECK_EQ(z->present_pages, cases[i][0]);
	}
	/* With holes, the watermarks use the size without them. */
	{
		unsigned long zones[MAX_NR_ZONES] = { 512, 512, 40000 };
		unsigned long holes[MAX_NR_ZONES] = { 100, 0, 10000 };

		machine_reset(2048, 40000);
		init_bootmem(1, 2048);
		free_bootmem(PAGE_SIZE, 2047 * PAGE_SIZE);
		free_area_init_core(0, &contig_page_data, &mem_map, zones, 0,
				    holes, NULL);
		CHECK_EQ(zone(ZONE_HIGHMEM)->pages_min, 30000 / 128);
		CHECK_EQ(zone(ZONE_HIGHMEM)->present_pages, 30000);
		CHECK_EQ(zone(ZONE_DMA)->present_pages, 412);
		CHECK_EQ(zone(ZONE_HIGHMEM)->size, 40000);
	}
}

/* Allocate until @gfp fails, big blocks first; returns the blocks taken. */
static unsigned long exhaust(unsigned int gfp, struct page **pages,
			     unsigned int *orders)
{
	unsigned long n = 0;

	for (int o = MAX_ORDER - 1; o >= 0; o--) {
		struct page *p;

		while ((p = alloc_pages(gfp, o))) {
			pages[n] = p;
			orders[n++] = o;
		}
	}
	return n;
}

static void exhaustion_stops_exactly_at_the_watermarks(void)
{
	static struct page *pages[DMA_PAGES + NORMAL_PAGES + HIGH_PAGES];
	static unsigned int orders[ARRAY_SIZE(pages)];
	/* gfp, then the free pages left in DMA, Normal, HighMem. */
	const unsigned long m = 20, q = 20 >> 2;	/* every pages_min */
	const struct { unsigned int gfp; long left[3]; } cases[] = {
		{ GFP_DMA, { q + 1, -1, -1 } },
		{ GFP_KERNEL | __GFP_DMA, { m + 1, -1, -1 } },
		{ GFP_KERNEL, { 2 * m + 1, m + 1, -1 } },
		{ GFP_ATOMIC, { 2 * q + 1, q + 1, -1 } },
		{ GFP_HIGHUSER, { 3 * m + 1, 2 * m + 1, m + 1 } },
		{ GFP_ATOMIC | __GFP_HIGHMEM, { 3 * q + 1, 2 * q + 1, q + 1 } },
	};
	struct snapshot initial, now;

	machine_boot(DMA_PAGES, NORMAL_PAGES, HIGH_PAGES);
	for (int z = 0; z < 3; z++)
		CHECK_EQ(zone(z)->pages_min, m);
	snap(&initial);
	for (unsigned int c = 0; c < ARRAY_SIZE(cases); c++) {
		unsigned long n, failed = nr_failed_allocs;
		zone_t *classzone = contig_page_data.node_zonelists[
			cases[c].gfp & GFP_ZONEMASK].zones[0];

		classzone->need_balance = 0;
		log_clear();
		n = exhaust(cases[c].gfp, pages, orders);
		CHECK(n > 0);
		for (int z = 0; z < 3; z++) {
			long left = cases[c].left[z];
			unsigned long want = left < 0 ? initial.free[z]
						     : (unsigned long)left;

			if (zone(z)->free_pages != want) {
				printf("    # gfp %#x zone %d: %lu free, "
				       "expected %lu\n", cases[c].gfp, z,
				       zone(z)->free_pages, want);
				CHECK(0);
			}
		}
		CHECK_EQ(nr_failed_allocs, failed + MAX_ORDER);
		CHECK(log_has("__alloc_pages: 0-order allocation failed"));
		CHECK(classzone->need_balance);
		CHECK_BUDDY();
		/* Still usable: free one page and get it back. */
		__free_pages(pages[n - 1], orders[n - 1]);
		pages[n - 1] = alloc_pages(cases[c].gfp, orders[n - 1]);
		CHECK(pages[n - 1] != NULL);
		while (n--)
			__free_pages(pages[n], orders[n]);
		snap(&now);
		CHECK(snap_equal(&initial, &now));
		snap_drop(&now);
	}
	snap_drop(&initial);
	CHECK_QUIESCENT();
}

/*
 * The first pass serves allocations while a zone stays above pages_low;
 * the one that finds it at pages_low takes the second pass (above
 * pages_min) and marks the zone as needing balance, kswapd's cue.
 */
static void below_pages_low_the_zone_needs_balance(void)
{
	static struct page *pages[DMA_PAGES];
	const unsigned int gfp = GFP_KERNEL | __GFP_DMA;
	zone_t *z;
	unsigned long n = 0;

	machine_boot(DMA_PAGES, NORMAL_PAGES, HIGH_PAGES);
	z = zone(ZONE_DMA);
	while (z->free_pages > z->pages_low + 1) {
		pages[n] = alloc_pages(gfp, 0);
		CHECK(pages[n++] != NULL);
		if (z->need_balance) {
			CHECK(!"need_balance set above pages_low");
			break;
		}
	}
	pages[n] = alloc_pages(gfp, 0);
	CHECK(pages[n++] != NULL);	/* second pass: above pages_min */
	CHECK(z->need_balance);
	CHECK_EQ(z->free_pages, z->pages_low);
	CHECK_EQ(nr_failed_allocs, 0);
	while (n--)
		__free_page(pages[n]);
	CHECK_BUDDY();
}

static void too_large_orders_fail_cleanly(void)
{
	unsigned long f;

	machine_boot(DMA_PAGES, NORMAL_PAGES, HIGH_PAGES);
	f = nr_free_pages();
	log_clear();
	CHECK(alloc_pages(GFP_KERNEL, MAX_ORDER) == NULL);
	CHECK(log_has("__alloc_pages: 10-order allocation failed"));
	CHECK(alloc_pages(GFP_KERNEL, 31) == NULL);
	CHECK(alloc_pages(GFP_KERNEL, 1000) == NULL);
	CHECK(__get_free_pages(GFP_KERNEL, 64) == 0);
	CHECK_EQ(nr_free_pages(), f);
	CHECK_EQ(nr_failed_allocs, 4);
	CHECK_BUDDY();
}

static void bad_frees_are_reported_and_refused(void)
{
	struct snapshot initial, now;
	struct page *p, *q;
	unsigned long f, bad;

	machine_boot(DMA_PAGES, NORMAL_PAGES, HIGH_PAGES);
	snap(&initial);

	/* Double free. */
	p = alloc_page(GFP_KERNEL);
	__free_page(p);
	f = nr_free_pages();
	bad = nr_bad_pages;
	log_clear();
	__free_page(p);
	CHECK_EQ(nr_bad_pages, bad + 1);
	CHECK(log_has("Bad page state at __free_pages (in process 'unit'"));
	CHECK(log_has("already free"));
	CHECK(log_has("<backtrace>"));
	CHECK_EQ(nr_free_pages(), f);
	CHECK_BUDDY();

	/* A tail page of a block: nobody holds it by itself. */
	p = alloc_pages(GFP_KERNEL, 1);
	log_clear();
	__free_page(p + 1);
	CHECK(log_has("count is zero"));
	CHECK_EQ(nr_bad_pages, bad + 2);
	__free_pages(p, 1);

	/* The wrong order: a page at an odd index freed as order 1. */
	p = alloc_page(GFP_KERNEL);
	q = alloc_page(GFP_KERNEL);
	if ((p - p->zone->zone_mem_map) % 2 == 0) {
		struct page *t = p;

		p = q;
		q = t;
	}
	CHECK((p - p->zone->zone_mem_map) % 2 == 1);
	log_clear();
	__free_pages(p, 1);
	CHECK(log_has("not aligned for its order"));
	CHECK_EQ(page_count(p), 1);	/* the caller still holds it */
	__free_page(p);
	__free_page(q);

	/* Flags or a mapping that say the page is still in use. */
	p = alloc_page(GFP_KERNEL);
	PageSet(p, PG_lru);
	log_clear();
	__free_page(p);
	CHECK(log_has("flags say it is in use"));
	PageClear(p, PG_lru);
	PageSetSlab(p);
	__free_page(p);
	PageClearSlab(p);
	p->mapping = (void *)p;
	__free_page(p);
	CHECK(log_has("still in an address space"));
	p->mapping = NULL;
	CHECK_EQ(nr_bad_pages, bad + 6);
	__free_page(p);
	CHECK_EQ(nr_bad_pages, bad + 6);

	/* Not pages at all, or no direct-mapped address. */
	log_clear();
	__free_pages(NULL, 0);
	__free_pages(mem_map + max_mapnr + 5, 0);
	free_pages(0x1000, 0);
	CHECK_EQ(nr_bad_pages, bad + 9);
	CHECK(log_has("is not a page of mem_map"));
	CHECK(log_has("is not a directly mapped address"));
	p = alloc_page(GFP_KERNEL);
	__free_pages(p, MAX_ORDER);
	CHECK(log_has("order too large"));
	__free_page(p);

	/* Reserved pages are silently left alone, as in Linux. */
	log_clear();
	__free_page(mem_map);
	CHECK_EQ(nr_bad_pages, bad + 10);
	CHECK(PageReserved(mem_map));
	CHECK_EQ(log_len, 0);

	CHECK_BUDDY();
	CHECK_QUIESCENT();
	snap(&now);
	CHECK(snap_equal(&initial, &now));
	snap_drop(&now);
	snap_drop(&initial);
}

/* What the simulated interrupt does: drop one reference to @page. */
static void interrupt_frees(struct page *page)
{
	__free_page(page);
}

/*
 * __free_pages() reads a page's count, decides, and changes it; an
 * interrupt (or a task preempting this one) may free the same page in
 * between. The host machine runs such an "interrupt" exactly there
 * (host_count_interrupt), so the race is tested deterministically rather
 * than by hoping a timer hits a window of a few instructions.
 */
static void a_free_racing_an_interrupt_is_decided_once(void)
{
	unsigned long f, bad;
	struct page *p;

	machine_boot(DMA_PAGES, NORMAL_PAGES, HIGH_PAGES);
	f = nr_free_pages();
	bad = nr_bad_pages;

	/* Two references, one dropped by the interrupt: the page is freed. */
	p = alloc_page(GFP_KERNEL);
	get_page(p);
	host_count_interrupt = interrupt_frees;
	__free_page(p);
	CHECK(host_count_interrupt == NULL);	/* it did run */
	CHECK_EQ(page_count(p), 0);
	CHECK_EQ(nr_free_pages(), f);
	CHECK_EQ(nr_bad_pages, bad);

	/*
	 * One reference, freed twice: by the interrupt and by the task. One
	 * of the two frees the page; the other is a double free and must be
	 * reported, not drive the count to -1 without a word.
	 */
	p = alloc_page(GFP_KERNEL);
	host_count_interrupt = interrupt_frees;
	log_clear();
	__free_page(p);
	CHECK(host_count_interrupt == NULL);
	CHECK_EQ(page_count(p), 0);
	CHECK_EQ(nr_free_pages(), f);
	CHECK_EQ(nr_bad_pages, bad + 1);
	CHECK(log_has("already free"));
	CHECK_BUDDY();
}

/*
 * A free list that never comes back to its head (here: a block linked to
 * itself, what listing a block twice does) must stop the walk that counts
 * it with a report, not spin for ever. The walk runs in a child process:
 * BUG() aborts it; an endless walk is ended by an alarm instead.
 */
static void a_corrupt_free_list_is_reported_not_walked_forever(void)
{
	struct page *p;
	int status;
	pid_t pid;

	machine_boot(DMA_PAGES, NORMAL_PAGES, HIGH_PAGES);
	p = alloc_page(GFP_KERNEL);
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		zone_t *z = p->zone;

		alarm(10);
		p->list.next = &p->list;	/* head -> p -> p -> ... */
		z->free_area[0].free_list.next = &p->list;
		freopen("/dev/null", "w", stderr);
		zone_free_blocks(z, 0);
		_exit(0);
	}
	CHECK(pid > 0);
	CHECK_EQ(waitpid(pid, &status, 0), pid);
	CHECK(WIFSIGNALED(status));
	CHECK_EQ(WTERMSIG(status), SIGABRT);	/* BUG(), not SIGALRM */
	__free_page(p);
}

static void references_and_addresses(void)
{
	unsigned long f, addr, z;
	struct page *p;
	int dirty = 0;

	machine_boot(DMA_PAGES, NORMAL_PAGES, HIGH_PAGES);
	f = nr_free_pages();
	p = alloc_page(GFP_KERNEL);
	get_page(p);
	__free_page(p);			/* one reference left */
	CHECK_EQ(nr_free_pages(), f - 1);
	CHECK_EQ(page_count(p), 1);
	put_page(p);
	CHECK_EQ(nr_free_pages(), f);

	addr = __get_free_pages(GFP_KERNEL, 2);
	CHECK(addr >= (unsigned long)__va(0) && addr < (unsigned long)high_memory);
	CHECK_EQ(page_count(virt_to_page(addr)), 1);
	memset((void *)addr, 0xab, 4 * PAGE_SIZE);
	free_pages(addr, 2);
	z = get_zeroed_page(GFP_KERNEL);
	for (unsigned long i = 0; i < PAGE_SIZE; i++)
		dirty |= ((unsigned char *)z)[i];
	CHECK_EQ(dirty, 0);
	free_page(z);
	free_page(0);			/* ignored, as in Linux */

	log_clear();
	CHECK_EQ(__get_free_pages(GFP_HIGHUSER, 0), 0);
	CHECK(log_has("__GFP_HIGHMEM pages have no kernel address"));
	p = alloc_page(GFP_HIGHUSER);
	CHECK(PageHighMem(p) && page_address(p) == NULL);
	__free_page(p);
	CHECK_EQ(nr_free_pages(), f);
	CHECK_BUDDY();
}

static const struct unit_case cases[] = {
	UNIT_CASE(boot_state_is_fully_coalesced),
	UNIT_CASE(every_order_in_every_zone),
	UNIT_CASE(bitmaps_follow_the_worked_example),
	UNIT_CASE(random_sequences_keep_every_invariant),
	UNIT_CASE(long_random_sequences_on_a_larger_machine),
	UNIT_CASE(zonelists_fall_back_downwards),
	UNIT_CASE(watermarks_follow_the_24_formula),
	UNIT_CASE(exhaustion_stops_exactly_at_the_watermarks),
	UNIT_CASE(below_pages_low_the_zone_needs_balance),
	UNIT_CASE(too_large_orders_fail_cleanly),
	UNIT_CASE(bad_frees_are_reported_and_refused),
	UNIT_CASE(a_free_racing_an_interrupt_is_decided_once),
	UNIT_CASE(a_corrupt_free_list_is_reported_not_walked_forever),
	UNIT_CASE(references_and_addresses),
};

int main(void)
{
	return unit_main("buddy", cases, ARRAY_SIZE(cases));
}
