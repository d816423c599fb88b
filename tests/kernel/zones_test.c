// SPDX-License-Identifier: GPL-2.0-only
/*
 * zones_test.c - Chapter 3, describing physical memory: the node, its
 * zones and their boundaries, the watermarks, mem_map, the zonelists, and
 * the /proc texts that show them. The zone boundaries are also checked
 * from outside by the Bochs oracle ("zones" checkpoint), against an e820
 * map computed on the host from the machine's memory size.
 */
#include "mm_test.h"
#include <bootmem.h>
#include <pgtable.h>
#include <proc_mm.h>

#define DMA_PFN	4096UL		/* 16 MiB */

static void one_node_holds_every_frame(struct kunit *test)
{
	pg_data_t *pgdat = &contig_page_data;
	unsigned long total = 0;

	KUNIT_EXPECT_PTR_EQ(test, pgdat_list, pgdat);
	KUNIT_EXPECT_NULL(test, pgdat->node_next);
	KUNIT_EXPECT_EQ(test, pgdat->node_id, 0);
	KUNIT_EXPECT_PTR_EQ(test, pgdat->node_mem_map, mem_map);
	KUNIT_EXPECT_EQ(test, pgdat->node_start_paddr, 0);
	KUNIT_EXPECT_EQ(test, pgdat->node_size, max_pfn);
	KUNIT_EXPECT_EQ(test, max_mapnr, max_pfn);
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		zone_t *z = mm_zone(i);

		KUNIT_EXPECT_STREQ(test, z->name, zone_names[i]);
		KUNIT_EXPECT_PTR_EQ(test, z->zone_pgdat, pgdat);
		KUNIT_EXPECT_EQ(test, z->zone_start_mapnr, total);
		KUNIT_EXPECT_EQ(test, z->zone_start_paddr, total << PAGE_SHIFT);
		KUNIT_EXPECT_PTR_EQ(test, z->zone_mem_map, mem_map + total);
		total += z->size;
	}
	KUNIT_EXPECT_EQ(test, total, max_pfn);
	KUNIT_EXPECT_EQ(test, pgdat->nr_zones, mm_zone(2)->size ? 3 :
			mm_zone(1)->size ? 2 : 1);
	KUNIT_EXPECT_STREQ(test, zone_names[0], "DMA");
	KUNIT_EXPECT_STREQ(test, zone_names[1], "Normal");
	KUNIT_EXPECT_STREQ(test, zone_names[2], "HighMem");
}

static void zone_boundaries_are_linux_24s(struct kunit *test)
{
	bool highmem_option = cmdline_has("highmem=");

	KUNIT_EXPECT_LE(test, max_low_pfn, max_pfn);
	KUNIT_EXPECT_LE(test, max_low_pfn, MAXMEM >> PAGE_SHIFT);
	if (max_pfn > (MAXMEM >> PAGE_SHIFT) && !highmem_option)
		KUNIT_EXPECT_EQ(test, max_low_pfn, MAXMEM >> PAGE_SHIFT);
	if (max_pfn <= (MAXMEM >> PAGE_SHIFT) && !highmem_option)
		KUNIT_EXPECT_EQ(test, max_low_pfn, max_pfn);
	if (max_low_pfn < max_pfn)	/* highmem= keeps 64 MiB of lowmem */
		KUNIT_EXPECT_GE(test, max_low_pfn, (64UL << 20) >> PAGE_SHIFT);
	KUNIT_EXPECT_EQ(test, mm_zone(ZONE_DMA)->size, min(max_low_pfn, DMA_PFN));
	KUNIT_EXPECT_EQ(test, mm_zone(ZONE_NORMAL)->size,
			max_low_pfn > DMA_PFN ? max_low_pfn - DMA_PFN : 0);
	KUNIT_EXPECT_EQ(test, mm_zone(ZONE_HIGHMEM)->size, max_pfn - max_low_pfn);
	KUNIT_EXPECT_EQ(test, highstart_pfn, max_low_pfn);
	KUNIT_EXPECT_EQ(test, highend_pfn, max_pfn);
	KUNIT_EXPECT_PTR_EQ(test, high_memory, __va(max_low_pfn << PAGE_SHIFT));
	KUNIT_EXPECT_PTR_EQ(test, highmem_start_page, mem_map + max_low_pfn);
	KUNIT_EXPECT_EQ(test, VMALLOC_START,
			((unsigned long)high_memory + 2 * VMALLOC_OFFSET - 1) &
			~(VMALLOC_OFFSET - 1));
	/* num_physpages counts RAM: the holes below 1 MiB are not in it. */
	KUNIT_EXPECT_LT(test, num_physpages, max_pfn);
	KUNIT_EXPECT_GE(test, num_physpages, max_pfn - 0x61);
}

static void watermarks_are_size_over_128(struct kunit *test)
{
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		zone_t *z = mm_zone(i);
		unsigned long m = z->size / 128;

		if (!z->size)
			continue;
		m = m < 20 ? 20 : m > 255 ? 255 : m;
		KUNIT_EXPECT_EQ(test, z->pages_min, m);
		KUNIT_EXPECT_EQ(test, z->pages_low, 2 * m);
		KUNIT_EXPECT_EQ(test, z->pages_high, 3 * m);
		KUNIT_EXPECT_EQ(test, z->present_pages, z->size);
	}
}

static void mem_map_describes_every_frame(struct kunit *test)
{
	unsigned long unreserved = 0, bad = 0;

	for (unsigned long pfn = 0; pfn < max_pfn; pfn++) {
		struct page *p = mem_map + pfn;
		int zi = pfn < DMA_PFN ? ZONE_DMA : pfn < max_low_pfn ?
			 ZONE_NORMAL : ZONE_HIGHMEM;
		bool high = pfn >= max_low_pfn;

		if (p->zone != mm_zone(zi) || PageHighMem(p) != high ||
		    p->virtual != (high ? NULL : __va(pfn << PAGE_SHIFT)) ||
		    (!page_is_ram(pfn) && !PageReserved(p))) {
			if (!bad++)
				KUNIT_FAIL(test, "pfn %#lx: zone %p flags %#lx "
					   "virtual %p", pfn, (void *)p->zone,
					   p->flags, p->virtual);
		}
		unreserved += !PageReserved(p);
	}
	KUNIT_EXPECT_EQ(test, bad, 0);
	/* Every page not reserved went to the page allocator at boot. */
	KUNIT_EXPECT_EQ(test, unreserved, totalram_pages);
	KUNIT_EXPECT_TRUE(test, PageReserved(mem_map));
	KUNIT_EXPECT_FALSE(test, page_is_ram(0x9f));	/* BIOS area */
	KUNIT_EXPECT_FALSE(test, page_is_ram(0xa0));	/* VGA hole */
	KUNIT_EXPECT_TRUE(test, page_is_ram(0x100));
	KUNIT_EXPECT_FALSE(test, page_is_ram(max_pfn));
	KUNIT_EXPECT_EQ(test, page_to_pfn(virt_to_page(high_memory - 1)),
			max_low_pfn - 1);
}

static void zonelists_fall_back_downwards(struct kunit *test)
{
	static const struct { unsigned int gfp; int first; } cases[] = {
		{ GFP_KERNEL, ZONE_NORMAL }, { GFP_ATOMIC, ZONE_NORMAL },
		{ GFP_USER, ZONE_NORMAL }, { GFP_DMA, ZONE_DMA },
		{ GFP_KERNEL | __GFP_DMA, ZONE_DMA },
		{ GFP_HIGHUSER, ZONE_HIGHMEM },
		{ __GFP_DMA | __GFP_HIGHMEM, ZONE_DMA },
	};

	for (unsigned int c = 0; c < ARRAY_SIZE(cases); c++) {
		zone_t **zl = contig_page_data.node_zonelists[
				cases[c].gfp & GFP_ZONEMASK].zones;
		int j = 0;

		for (int k = cases[c].first; k >= 0; k--)
			if (mm_zone(k)->size)
				KUNIT_EXPECT_PTR_EQ(test, zl[j++], mm_zone(k));
		KUNIT_EXPECT_NULL(test, zl[j]);
	}
}

/* Skip the spaces at @p. */
static char *skip_spaces(const char *p)
{
	while (*p == ' ')
		p++;
	return (char *)p;
}

/* The number after @key (and spaces) in @text, or -1. */
static long field(const char *text, const char *key)
{
	const char *p = strstr(text, key);

	return p ? (long)simple_strtoul(skip_spaces(p + strlen(key)), NULL, 10)
		 : -1;
}

static void meminfo_matches_the_counters(struct kunit *test)
{
	static char buf[2048];
	unsigned long free, high;
	int len;

	len = meminfo_read(buf, sizeof(buf));
	free = nr_free_pages();
	high = nr_free_highpages();
	KUNIT_EXPECT_EQ(test, len, strlen(buf));
	KUNIT_EXPECT_EQ(test, strncmp(buf, "        total:    used:    free:  "
				      "shared: buffers:  cached:\nMem:  ", 64), 0);
	KUNIT_EXPECT_EQ(test, field(buf, "MemTotal:"), totalram_pages * 4);
	KUNIT_EXPECT_EQ(test, field(buf, "MemFree:"), free * 4);
	KUNIT_EXPECT_EQ(test, field(buf, "HighTotal:"), totalhigh_pages * 4);
	KUNIT_EXPECT_EQ(test, field(buf, "HighFree:"), high * 4);
	KUNIT_EXPECT_EQ(test, field(buf, "LowTotal:"),
			(totalram_pages - totalhigh_pages) * 4);
	KUNIT_EXPECT_EQ(test, field(buf, "LowFree:"), (free - high) * 4);
	KUNIT_EXPECT_EQ(test, field(buf, "SwapTotal:"), 0);
	/* A short buffer gets a NUL-terminated prefix. */
	KUNIT_EXPECT_EQ(test, meminfo_read(buf, 16), 15);
	KUNIT_EXPECT_EQ(test, strlen(buf), 15);
}

static void buddyinfo_adds_up_to_free_pages(struct kunit *test)
{
	static char buf[1024];
	const char *p = buf;
	int lines = 0;

	buddyinfo_read(buf, sizeof(buf));
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		zone_t *z = mm_zone(i);
		char head[32];
		unsigned long sum = 0;
		char *q;

		if (!z->size)
			continue;
		snprintf(head, sizeof(head), "Node 0, zone %8s ", z->name);
		KUNIT_ASSERT_EQ(test, strncmp(p, head, strlen(head)), 0);
		q = (char *)p + strlen(head);
		for (unsigned int o = 0; o < MAX_ORDER; o++)
			sum += simple_strtoul(skip_spaces(q), &q, 10) << o;
		KUNIT_EXPECT_EQ(test, sum, z->free_pages);
		KUNIT_EXPECT_EQ(test, strncmp(q, " \n", 2), 0);
		p = q + 2;
		lines++;
	}
	KUNIT_EXPECT_EQ(test, *p, '\0');
	KUNIT_EXPECT_EQ(test, lines, contig_page_data.nr_zones);
}

static void zoneinfo_shows_each_zone(struct kunit *test)
{
	static char buf[2048];

	zoneinfo_read(buf, sizeof(buf));
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		zone_t *z = mm_zone(i);
		char head[32];
		const char *p;

		snprintf(head, sizeof(head), "Node 0, zone %8s\n", z->name);
		p = strstr(buf, head);
		if (!z->size) {
			KUNIT_EXPECT_NULL(test, p);
			continue;
		}
		KUNIT_ASSERT_NOT_NULL(test, p);
		KUNIT_EXPECT_EQ(test, field(p, "pages free"), z->free_pages);
		KUNIT_EXPECT_EQ(test, field(p, "min"), z->pages_min);
		KUNIT_EXPECT_EQ(test, field(p, "low"), z->pages_low);
		KUNIT_EXPECT_EQ(test, field(p, "high"), z->pages_high);
		KUNIT_EXPECT_EQ(test, field(p, "spanned"), z->size);
		KUNIT_EXPECT_EQ(test, field(p, "present"), z->present_pages);
		KUNIT_EXPECT_EQ(test, field(p, "start_pfn:"), z->zone_start_mapnr);
	}
}

static void show_free_areas_prints_every_zone(struct kunit *test)
{
	char line[64];

	mm_log_marker("zones_test: show_free_areas");
	show_free_areas();
	snprintf(line, sizeof(line), "Free pages:      %6lukB",
		 nr_free_pages() * 4);
	KUNIT_EXPECT_TRUE(test, mm_log_since("zones_test: show_free_areas", line));
	for (int i = 0; i < MAX_NR_ZONES; i++) {
		zone_t *z = mm_zone(i);

		snprintf(line, sizeof(line), "Zone:%s freepages:%6lukB", z->name,
			 z->free_pages * 4);
		KUNIT_EXPECT_TRUE(test, mm_log_since("zones_test: show_free_areas",
						     line));
		if (!z->size)
			continue;
		snprintf(line, sizeof(line), "= %lukB\n", z->free_pages * 4);
		KUNIT_EXPECT_TRUE(test, mm_log_since("zones_test: show_free_areas",
						     line));
	}
}

static struct kunit_case zones_cases[] = {
	KUNIT_CASE(one_node_holds_every_frame),
	KUNIT_CASE(zone_boundaries_are_linux_24s),
	KUNIT_CASE(watermarks_are_size_over_128),
	KUNIT_CASE(mem_map_describes_every_frame),
	KUNIT_CASE(zonelists_fall_back_downwards),
	KUNIT_CASE(meminfo_matches_the_counters),
	KUNIT_CASE(buddyinfo_adds_up_to_free_pages),
	KUNIT_CASE(zoneinfo_shows_each_zone),
	KUNIT_CASE(show_free_areas_prints_every_zone),
	{}
};

static struct kunit_suite zones_suite = {
	.name = "zones",
	.test_cases = zones_cases,
};
kunit_test_suite(zones_suite);
