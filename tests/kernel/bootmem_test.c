// SPDX-License-Identifier: GPL-2.0-only
/*
 * bootmem_test.c - Chapter 6, the boot memory allocator, seen after the
 * fact: it is retired, later calls are refused and reported, what it
 * reserved at boot is still reserved (page 0, kernel, initramfs, early
 * page tables, mem_map, the buddy bitmaps), what it did not reserve went
 * to the buddy allocator (its own bitmap included), its goal and sub-page
 * packing show in where the boot structures landed. The Bochs oracle
 * checks the bitmap itself, from outside, at the "bootmem" checkpoint.
 */
#include "mm_test.h"
#include <bootmem.h>
#include <setup.h>
#include <pgtable.h>
#include <bootparam.h>
#include <checkpoint.h>

extern char _text[], _end[];
extern unsigned long init_pg_tables_start, init_pg_tables_end;

/* True if every frame of physical [@start, @end) is reserved. */
static bool all_reserved(unsigned long start, unsigned long end)
{
	for (unsigned long pfn = PFN_DOWN(start); pfn < PFN_UP(end); pfn++)
		if (!PageReserved(pfn_to_page(pfn)))
			return false;
	return true;
}

/* True if no frame of physical [@start, @end) is reserved. */
static bool none_reserved(unsigned long start, unsigned long end)
{
	for (unsigned long pfn = PFN_DOWN(start); pfn < PFN_UP(end); pfn++)
		if (PageReserved(pfn_to_page(pfn)))
			return false;
	return true;
}

static void bootmem_is_retired(struct kunit *test)
{
	KUNIT_EXPECT_NULL(test, contig_page_data.bdata->node_bootmem_map);
	KUNIT_EXPECT_EQ(test, contig_page_data.bdata->node_low_pfn, max_low_pfn);
	KUNIT_EXPECT_EQ(test, min_low_pfn, PFN_DOWN(bootmap_phys));
}

static void late_calls_are_reported_and_refused(struct kunit *test)
{
	const char *mark = "bootmem_test: late calls";
	unsigned long free = nr_free_pages();

	mm_log_marker(mark);
	KUNIT_EXPECT_NULL(test, __alloc_bootmem(64, 32, 0));
	KUNIT_EXPECT_NULL(test, alloc_bootmem_pages(PAGE_SIZE));
	KUNIT_EXPECT_NULL(test, __alloc_bootmem_nopanic(64, 32, 0));
	KUNIT_EXPECT_EQ(test, free_all_bootmem(), 0);
	reserve_bootmem(0x200000, PAGE_SIZE);
	free_bootmem(0x200000, PAGE_SIZE);
	KUNIT_EXPECT_TRUE(test, mm_log_since(mark, "__alloc_bootmem() called "
					     "after free_all_bootmem() retired "
					     "the boot allocator: refused"));
	KUNIT_EXPECT_TRUE(test, mm_log_since(mark, "free_all_bootmem() called"));
	KUNIT_EXPECT_TRUE(test, mm_log_since(mark, "reserve_bootmem() called"));
	KUNIT_EXPECT_TRUE(test, mm_log_since(mark, "free_bootmem() called"));
	KUNIT_EXPECT_EQ(test, nr_free_pages(), free);
}

static void boot_reservations_are_still_reserved(struct kunit *test)
{
	unsigned long map_bytes = (max_mapnr + 1) * sizeof(struct page);

	KUNIT_EXPECT_TRUE(test, all_reserved(0, PAGE_SIZE));
	KUNIT_EXPECT_TRUE(test, all_reserved(__pa(_text), __pa(_end)));
	if (boot_params.initrd_size)
		KUNIT_EXPECT_TRUE(test, all_reserved(boot_params.initrd_start,
			boot_params.initrd_start + boot_params.initrd_size));
	KUNIT_EXPECT_TRUE(test, all_reserved(init_pg_tables_start,
					     init_pg_tables_end));
	/* The BIOS area and the VGA hole: not RAM, never freed. */
	KUNIT_EXPECT_TRUE(test, all_reserved(0x9f000, 0x100000));
	/* What bootmem allocated: mem_map, page tables, buddy bitmaps. */
	KUNIT_EXPECT_TRUE(test, all_reserved(__pa(mem_map),
					     __pa(mem_map) + map_bytes));
	KUNIT_EXPECT_TRUE(test, all_reserved(__pa(pkmap_page_table),
					     __pa(pkmap_page_table) + 1));
	for (int z = 0; z < MAX_NR_ZONES; z++)
		if (mm_zone(z)->size)
			KUNIT_EXPECT_TRUE(test, all_reserved(
				__pa(mm_zone(z)->free_area[0].map),
				__pa(mm_zone(z)->free_area[0].map) + 1));
	KUNIT_EXPECT_EQ(test, bootmem_reserved_twice, 0);
}

static void the_bitmap_went_to_the_buddy_allocator(struct kunit *test)
{
	/* Placed right after the early page tables; one bit per frame. */
	KUNIT_EXPECT_EQ(test, bootmap_phys, PAGE_ALIGN(init_pg_tables_end));
	KUNIT_EXPECT_EQ(test, bootmap_bytes,
			ALIGN((max_low_pfn + 7) / 8, sizeof(long)));
	KUNIT_EXPECT_TRUE(test, none_reserved(bootmap_phys,
					      bootmap_phys + bootmap_bytes));
}

/* Runs of reserved low frames, [first, end) pairs, for the oracle to read. */
#define MAX_RUNS	512
static unsigned long reserved_runs[MAX_RUNS][2];

/* Fill reserved_runs from the PG_reserved flags; the number of runs. */
static unsigned long collect_reserved_runs(void)
{
	unsigned long n = 0;

	for (unsigned long pfn = 0; pfn < max_low_pfn; pfn++) {
		if (!PageReserved(pfn_to_page(pfn)))
			continue;
		if (n && reserved_runs[n - 1][1] == pfn) {
			reserved_runs[n - 1][1]++;
			continue;
		}
		if (n == MAX_RUNS)
			return n + 1;	/* too many: the caller fails */
		reserved_runs[n][0] = pfn;
		reserved_runs[n][1] = pfn + 1;
		n++;
	}
	return n;
}

/*
 * What the boot allocator left reserved must be accounted for from
 * outside: the "bootmem_retired" checkpoint hands the oracle the reserved
 * runs and the boot allocator's ledger, and the oracle checks them
 * against its own e820 model, the reservations it verified at the
 * "bootmem" checkpoint, the sizes Linux 2.4's formulas give mem_map and
 * the buddy bitmaps, and the page tables it finds from CR3.
 */
static void every_low_frame_is_accounted_for(struct kunit *test)
{
	unsigned long ram = 0, reserved_ram = 0, hole_free = 0, runs;

	for (unsigned long pfn = 0; pfn < max_low_pfn; pfn++) {
		bool res = PageReserved(pfn_to_page(pfn));

		if (page_is_ram(pfn)) {
			ram++;
			reserved_ram += res;
		} else {
			hole_free += !res;
		}
	}
	KUNIT_EXPECT_EQ(test, hole_free, 0);
	KUNIT_EXPECT_EQ(test, ram - reserved_ram,
			totalram_pages - totalhigh_pages);
	/* The kernel and its boot data are a small part of memory. */
	KUNIT_EXPECT_LT(test, reserved_ram, ram / 8 + 512);
	runs = collect_reserved_runs();
	KUNIT_ASSERT_LE(test, runs, MAX_RUNS);
	KUNIT_ASSERT_LE(test, bootmem_ledger_len, BOOTMEM_LEDGER_SIZE);
	checkpoint("bootmem_retired", "ledger=%#lx records=%lu runs=%#lx "
		   "nruns=%lu page_struct=%u max_pfn=%#lx",
		   __pa(bootmem_ledger), bootmem_ledger_len,
		   __pa(reserved_runs), runs, (unsigned int)sizeof(struct page),
		   max_pfn);
}

static void boot_allocations_show_goal_and_packing(struct kunit *test)
{
	zone_t *dma = mm_zone(ZONE_DMA);
	unsigned long map_bytes = (max_mapnr + 1) * sizeof(struct page);
	char *end_of_mem_map = (char *)mem_map + map_bytes;

	/* alloc_bootmem() aims above ISA DMA memory when it can. */
	if (max_low_pfn > PFN_DOWN(32UL << 20))
		KUNIT_EXPECT_GE(test, __pa(mem_map), 16UL << 20);
	/* alloc_bootmem_low_pages() takes the lowest free frames. */
	KUNIT_EXPECT_LT(test, __pa(pkmap_page_table), 16UL << 20);
	KUNIT_EXPECT_LT(test, __pa(pkmap_page_table), __pa(mem_map));
	/*
	 * The DMA zone's first bitmap was packed into the tail of mem_map's
	 * last page, and each bitmap follows the previous one, 32-byte
	 * aligned, without starting a new page.
	 */
	KUNIT_EXPECT_PTR_EQ(test, dma->free_area[0].map,
			    (void *)ALIGN((unsigned long)end_of_mem_map, 32));
	for (int o = 0; o < MAX_ORDER - 2; o++) {
		unsigned long bytes = ALIGN(((dma->size - 1) >> (o + 4)) + 1,
					    sizeof(long));

		KUNIT_EXPECT_PTR_EQ(test, dma->free_area[o + 1].map,
				    (void *)ALIGN((unsigned long)
						  dma->free_area[o].map + bytes,
						  32));
	}
	KUNIT_EXPECT_NULL(test, dma->free_area[MAX_ORDER - 1].map);
}

static struct kunit_case bootmem_cases[] = {
	KUNIT_CASE(bootmem_is_retired),
	KUNIT_CASE(late_calls_are_reported_and_refused),
	KUNIT_CASE(boot_reservations_are_still_reserved),
	KUNIT_CASE(the_bitmap_went_to_the_buddy_allocator),
	KUNIT_CASE(every_low_frame_is_accounted_for),
	KUNIT_CASE(boot_allocations_show_goal_and_packing),
	{}
};

static struct kunit_suite bootmem_suite = {
	.name = "bootmem",
	.test_cases = bootmem_cases,
};
kunit_test_suite(bootmem_suite);
