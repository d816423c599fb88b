// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_bootmem.c - kernel/mm/bootmem.c on a host "machine" (mm_host.h):
 * rounding of free and reserve, "reserved twice", first fit from a goal
 * with fallback, alignment, sub-page packing, zeroing, a random model
 * check that allocations never overlap each other or reserved memory,
 * the panic on exhaustion, and the hand-over to the buddy allocator.
 *
 * UNIT-SOURCES: kernel/mm/bootmem.c kernel/mm/page_alloc.c kernel/lib/string.c
 */
#include "mm_host.h"

#define PAGES	1024	/* a 4 MiB machine */

/* The bitmap bit of frame @pfn (1 = reserved). */
static int reserved(unsigned long pfn)
{
	return test_bit(pfn, contig_page_data.bdata->node_bootmem_map);
}

static unsigned long pa(void *p)
{
	return __pa(p);
}

/* A fresh allocator over PAGES frames, bitmap at frame 0, nothing free. */
static void fresh(void)
{
	machine_reset(PAGES, 0);
	init_bootmem(0, PAGES);
}

/* As fresh(), then everything free except frame 0 (the bitmap's). */
static void fresh_free(void)
{
	fresh();
	free_bootmem(0, PAGES * PAGE_SIZE);
	reserve_bootmem(0, PAGE_SIZE);
}

static void bitmap_size_and_initial_state(void)
{
	CHECK_EQ(bootmem_bootmap_pages(1), 1);
	CHECK_EQ(bootmem_bootmap_pages(8 * PAGE_SIZE), 1);
	CHECK_EQ(bootmem_bootmap_pages(8 * PAGE_SIZE + 1), 2);
	machine_reset(PAGES, 0);
	/* Bitmap size: one bit per frame, rounded to whole longs. */
	CHECK_EQ(init_bootmem(3, 100), 16);
	CHECK_EQ(max_low_pfn, 100);
	CHECK_EQ(min_low_pfn, 3);
	CHECK(contig_page_data.bdata->node_bootmem_map == __va(3 * PAGE_SIZE));
	CHECK(pgdat_list == &contig_page_data);
	for (unsigned long pfn = 0; pfn < 100; pfn++)
		CHECK(reserved(pfn));
	/* Nothing is free yet, so nothing can be allocated. */
	CHECK(__alloc_bootmem_nopanic(1, 32, 0) == NULL);
	/* A second init must not link the node into pgdat_list twice. */
	init_bootmem(3, 100);
	CHECK(pgdat_list == &contig_page_data && !pgdat_list->node_next);
}

static void free_rounds_inwards_reserve_rounds_outwards(void)
{
	fresh();
	/* [0x1800, 0x4800): only frames 2 and 3 are entirely inside. */
	free_bootmem(0x1800, 0x3000);
	CHECK(reserved(1));
	CHECK(!reserved(2));
	CHECK(!reserved(3));
	CHECK(reserved(4));
	/* 256 bytes inside frame 2 reserve all of it. */
	reserve_bootmem(0x2800, 0x100);
	CHECK(reserved(2));
	CHECK(!reserved(3));
	/* A range straddling frames 2 and 3 reserves both (3 newly). */
	free_bootmem(0x2000, 0x2000);
	reserve_bootmem(0x2fff, 2);
	CHECK(reserved(2) && reserved(3));
	CHECK_EQ(bootmem_reserved_twice, 0);
	CHECK_QUIESCENT();
}

static void reserved_twice_is_reported(void)
{
	fresh_free();
	reserve_bootmem(0x5000, 0x2000);
	CHECK_EQ(bootmem_reserved_twice, 0);
	log_clear();
	reserve_bootmem(0x6000, 0x2000);	/* frame 6 again, 7 new */
	CHECK_EQ(bootmem_reserved_twice, 1);
	CHECK(log_has("hm, page 00006000 reserved twice."));
	CHECK(!log_has("page 00007000"));
	CHECK(reserved(7));
	/* Freeing what is already free is reported too. */
	log_clear();
	free_bootmem(0x9000, 0x1000);
	CHECK(log_has("page 00009000 freed but was not reserved"));
}

static void out_of_range_requests_are_clipped_and_reported(void)
{
	fresh_free();
	log_clear();
	reserve_bootmem((PAGES - 1) * PAGE_SIZE, 4 * PAGE_SIZE);
	CHECK(log_has("ends beyond low memory"));
	CHECK(reserved(PAGES - 1));
	log_clear();
	reserve_bootmem(0x3000, 0);
	CHECK(log_has("outside the node: ignored"));
	CHECK(!reserved(3));
}

static void first_fit_from_goal_then_from_zero(void)
{
	void *p;

	fresh_free();
	/* Goal honoured: the first free page at or above it. */
	p = __alloc_bootmem_nopanic(PAGE_SIZE, PAGE_SIZE, 0x100000);
	CHECK_EQ(pa(p), 0x100000);
	reserve_bootmem(0x101000, 0x1000);
	p = __alloc_bootmem_nopanic(2 * PAGE_SIZE, PAGE_SIZE, 0x100000);
	CHECK_EQ(pa(p), 0x102000);	/* 0x101000 is taken */
	/* No room above the goal: fall back to the start of memory. */
	reserve_bootmem(0x200000, 0x200000);
	p = __alloc_bootmem_nopanic(0x80000, PAGE_SIZE, 0x200000);
	CHECK_EQ(pa(p), 0x1000);
	/* A goal outside the node means "anywhere". */
	p = __alloc_bootmem_nopanic(PAGE_SIZE, PAGE_SIZE, 0x40000000);
	CHECK_EQ(pa(p), 0x81000);
	/* Too big for any hole. */
	CHECK(__alloc_bootmem_nopanic(0x200000, PAGE_SIZE, 0) == NULL);
	CHECK_QUIESCENT();
}

static void alignment_is_honoured(void)
{
	void *p;

	fresh_free();
	reserve_bootmem(0x1000, 0x1000);
	p = __alloc_bootmem_nopanic(100, 0x10000, 0);
	CHECK_EQ(pa(p), 0x10000);
	p = __alloc_bootmem_nopanic(100, 0x10000, 0x10000);
	CHECK_EQ(pa(p), 0x20000);
	p = __alloc_bootmem_nopanic(10, 64, 0x30000);
	CHECK_EQ(pa(p) & 63, 0);
	/* Not a power of two: refused with a report, nothing reserved. */
	log_clear();
	CHECK(__alloc_bootmem_nopanic(10, 48, 0) == NULL);
	CHECK(log_has("bad request"));
	CHECK(__alloc_bootmem_nopanic(0, 32, 0) == NULL);
}

static void small_allocations_share_a_page(void)
{
	char *a, *b, *c, *d, *e;

	fresh_free();
	a = __alloc_bootmem_nopanic(100, 32, 0x10000);
	b = __alloc_bootmem_nopanic(100, 32, 0x10000);
	CHECK_EQ(pa(a), 0x10000);
	CHECK(b == a + 128);		/* 100 rounded up to 32 */
	CHECK(!reserved(0x11));
	/* 4000 bytes do not fit in what is left: they spill into 0x11. */
	c = __alloc_bootmem_nopanic(4000, 32, 0x10000);
	CHECK(c == a + 256);
	CHECK(reserved(0x11));
	CHECK_EQ(contig_page_data.bdata->last_pos, 0x11);
	CHECK_EQ(contig_page_data.bdata->last_offset, 256 + 4000 - PAGE_SIZE);
	/* The next small one continues in frame 0x11. */
	d = __alloc_bootmem_nopanic(8, 32, 0x10000);
	CHECK_EQ(pa(d), 0x11000 + ALIGN(256 + 4000 - PAGE_SIZE, 32));
	/* Page-aligned requests start a new page. */
	e = __alloc_bootmem_nopanic(PAGE_SIZE, PAGE_SIZE, 0x10000);
	CHECK_EQ(pa(e), 0x12000);
	/* Not adjacent to the last allocation: no packing. */
	a = __alloc_bootmem_nopanic(16, 32, 0x20000);
	b = __alloc_bootmem_nopanic(16, 32, 0x30000);
	CHECK_EQ(pa(a), 0x20000);
	CHECK_EQ(pa(b), 0x30000);
}

static void memory_is_zeroed(void)
{
	unsigned char *p;
	int dirty = 0;

	fresh_free();	/* machine memory is filled with 0x5a */
	p = __alloc_bootmem_nopanic(3 * PAGE_SIZE + 7, 32, 0);
	for (unsigned long i = 0; i < 3 * PAGE_SIZE + 7; i++)
		dirty |= p[i];
	CHECK_EQ(dirty, 0);
	CHECK_EQ(p[3 * PAGE_SIZE + 7], 0x5a);	/* and not more */
}

/* Random requests against a model of which bytes are taken. */
static void random_allocations_never_overlap(void)
{
	static unsigned char owner[PAGES * PAGE_SIZE];
	unsigned long fails = 0, allocs = 0;

	srand(11);
	for (int round = 0; round < 20; round++) {
		fresh_free();
		memset(owner, 0, sizeof(owner));
		memset(owner, 1, PAGE_SIZE);		/* the bitmap */
		/* Random reserved ranges, as firmware and the kernel make. */
		for (int i = 0; i < 6; i++) {
			unsigned long a = (rand() % PAGES) * PAGE_SIZE;
			unsigned long n = (1 + rand() % 40) * PAGE_SIZE;

			if (a + n > PAGES * PAGE_SIZE)
				n = PAGES * PAGE_SIZE - a;
			reserve_bootmem(a, n);
			memset(owner + a, 1, n);
		}
		bootmem_reserved_twice = 0;	/* the ranges may overlap */
		for (int i = 0; i < 1500; i++) {
			unsigned long size = 1 + (rand() % 3 ? rand() % 600UL
						: rand() % (5 * PAGE_SIZE));
			unsigned long align = 1UL << (rand() % 15);
			unsigned long goal = rand() % 2 ? 0 :
					     (rand() % PAGES) * PAGE_SIZE;
			unsigned char *p = __alloc_bootmem_nopanic(size, align,
								   goal);
			unsigned long at;

			if (!p) {
				fails++;
				continue;
			}
			allocs++;
			at = pa(p);
			CHECK_EQ(at & (align - 1), 0);
			CHECK(at + size <= PAGES * PAGE_SIZE);
			for (unsigned long b = at; b < at + size; b++) {
				if (owner[b]) {
					CHECK(!owner[b]);
					break;
				}
				owner[b] = 2;
			}
			/* Every page touched is now reserved. */
			for (unsigned long f = at / PAGE_SIZE;
			     f <= (at + size - 1) / PAGE_SIZE; f++)
				CHECK(reserved(f));
		}
	}
	CHECK(allocs > 1000);
	CHECK(fails > 0);
	CHECK_EQ(bootmem_reserved_twice, 0);
}

static void exhaustion_panics_like_linux(void)
{
	fresh_free();
	CHECK(__alloc_bootmem_nopanic(PAGES * PAGE_SIZE, PAGE_SIZE, 0) == NULL);
	panics = 0;
	panic_armed = 1;
	log_clear();
	if (!setjmp(panic_jmp))
		__alloc_bootmem(PAGES * PAGE_SIZE, PAGE_SIZE, 0);
	panic_armed = 0;
	CHECK_EQ(panics, 1);
	CHECK(log_has("bootmem alloc of 4194304 bytes failed!"));
	CHECK(log_has("Kernel panic - not syncing: Out of memory"));
}

static void free_all_bootmem_hands_pages_and_bitmap_to_buddy(void)
{
	unsigned long zones[MAX_NR_ZONES] = { PAGES, 0, 0 };
	unsigned long clear = 0, mapsize, total;
	void *late;

	machine_reset(PAGES, 0);
	mapsize = init_bootmem(10, PAGES);
	free_bootmem(0, PAGES * PAGE_SIZE);
	reserve_bootmem(0, PAGE_SIZE);
	reserve_bootmem(PFN_PHYS(10), mapsize);
	reserve_bootmem(0x40000, 0x8000);	/* "the kernel": 8 frames */
	free_area_init(zones);
	for (unsigned long pfn = 0; pfn < PAGES; pfn++)
		clear += !reserved(pfn);
	CHECK(PageReserved(mem_map + 10));
	total = free_all_bootmem();
	/* Every clear bit, plus the bitmap's one page. */
	CHECK_EQ(total, clear + 1);
	CHECK_EQ(nr_free_pages(), total);
	CHECK(!PageReserved(mem_map + 10));
	CHECK_EQ(page_count(mem_map + 10), 0);
	CHECK(PageReserved(mem_map + 0));
	CHECK(PageReserved(mem_map + 0x40));
	CHECK(PageReserved(mem_map + 0x47));
	CHECK(!PageReserved(mem_map + 0x48));
	CHECK(contig_page_data.bdata->node_bootmem_map == NULL);
	CHECK_QUIESCENT();

	/* Retired: every later call is reported and refused. */
	log_clear();
	CHECK_EQ(free_all_bootmem(), 0);
	CHECK(log_has("free_all_bootmem() called after free_all_bootmem() retired"));
	log_clear();
	late = __alloc_bootmem(100, 32, 0);
	CHECK(late == NULL);
	CHECK(log_has("__alloc_bootmem() called after"));
	CHECK(__alloc_bootmem_nopanic(100, 32, 0) == NULL);
	log_clear();
	reserve_bootmem(0x1000, 0x1000);
	CHECK(log_has("reserve_bootmem() called after"));
	log_clear();
	free_bootmem(0x1000, 0x1000);
	CHECK(log_has("free_bootmem() called after"));
	CHECK_EQ(nr_free_pages(), total);
}

static const struct unit_case cases[] = {
	UNIT_CASE(bitmap_size_and_initial_state),
	UNIT_CASE(free_rounds_inwards_reserve_rounds_outwards),
	UNIT_CASE(reserved_twice_is_reported),
	UNIT_CASE(out_of_range_requests_are_clipped_and_reported),
	UNIT_CASE(first_fit_from_goal_then_from_zero),
	UNIT_CASE(alignment_is_honoured),
	UNIT_CASE(small_allocations_share_a_page),
	UNIT_CASE(memory_is_zeroed),
	UNIT_CASE(random_allocations_never_overlap),
	UNIT_CASE(exhaustion_panics_like_linux),
	UNIT_CASE(free_all_bootmem_hands_pages_and_bitmap_to_buddy),
};

int main(void)
{
	return unit_main("bootmem", cases, ARRAY_SIZE(cases));
}
