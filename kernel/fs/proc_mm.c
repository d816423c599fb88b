// SPDX-License-Identifier: GPL-2.0-only
/*
 * proc_mm.c - the text of /proc/meminfo, /proc/zoneinfo and
 * /proc/buddyinfo (Linux: fs/proc/proc_misc.c, mm/vmstat.c); see
 * proc_mm.h. Numbers that belong to mechanisms vmm386 does not have yet
 * (swap, LRU lists, buffers) read 0, as on a Linux machine that has
 * never used them; lines of 2.6's zoneinfo for per-CPU lists and reclaim
 * state that have no 2.4 counterpart are left out.
 */
#include <proc_mm.h>
#include <mm.h>
#include <pagemap.h>
#include <kernel.h>

/* Kilobytes in @x pages, and bytes. */
#define K(x)	((unsigned long)(x) << (PAGE_SHIFT - 10))
#define B(x)	((unsigned long long)(x) << PAGE_SHIFT)

/**
 * /proc/meminfo in Linux 2.4's format: the old byte table, then the
 * tagged kB lines. MemTotal is the RAM given to the page allocator;
 * HighTotal/LowTotal split it by zone. Cached counts the page cache,
 * tmpfs files included; Shmem (a 2.6 line, after 2.4's) the tmpfs pages
 * alone.
 */
int meminfo_read(char *buf, size_t size)
{
	unsigned long total = totalram_pages, free = nr_free_pages();
	unsigned long high = totalhigh_pages, freehigh = nr_free_highpages();
	int len = 0;

	len += scnprintf(buf + len, size - len,
		"        total:    used:    free:  shared: buffers:  cached:\n"
		"Mem:  %8llu %8llu %8llu %8llu %8llu %8llu\n"
		"Swap: %8llu %8llu %8llu\n",
		B(total), B(total - free), B(free), B(0), B(0),
		B(page_cache_size),
		B(0), B(0), B(0));
	len += scnprintf(buf + len, size - len,
		"MemTotal:     %8lu kB\n"
		"MemFree:      %8lu kB\n"
		"MemShared:    %8lu kB\n"
		"Buffers:      %8lu kB\n"
		"Cached:       %8lu kB\n"
		"SwapCached:   %8lu kB\n"
		"Active:       %8lu kB\n"
		"Inactive:     %8lu kB\n"
		"HighTotal:    %8lu kB\n"
		"HighFree:     %8lu kB\n"
		"LowTotal:     %8lu kB\n"
		"LowFree:      %8lu kB\n"
		"SwapTotal:    %8lu kB\n"
		"SwapFree:     %8lu kB\n"
		"Shmem:        %8lu kB\n",
		K(total), K(free), K(0), K(0), K(page_cache_size), K(0), K(0),
		K(0), K(high), K(freehigh), K(total - high),
		K(free - freehigh), K(0), K(0), K(shmem_pages));
	return len;
}

/**
 * /proc/zoneinfo in Linux 2.6's format, for each zone that has pages:
 * free pages, the three watermarks, spanned and present pages, and the
 * first frame.
 */
int zoneinfo_read(char *buf, size_t size)
{
	pg_data_t *pgdat;
	int len = 0;

	for_each_pgdat(pgdat) {
		for (int i = 0; i < MAX_NR_ZONES; i++) {
			zone_t *zone = pgdat->node_zones + i;

			if (!populated_zone(zone))
				continue;
			len += scnprintf(buf + len, size - len,
				"Node %d, zone %8s\n"
				"  pages free     %lu\n"
				"        min      %lu\n"
				"        low      %lu\n"
				"        high     %lu\n"
				"        scanned  0\n"
				"        spanned  %lu\n"
				"        present  %lu\n"
				"    nr_free_pages %lu\n"
				"  all_unreclaimable: 0\n"
				"  prev_priority:     12\n"
				"  start_pfn:         %lu\n",
				pgdat->node_id, zone->name, zone->free_pages,
				zone->pages_min, zone->pages_low,
				zone->pages_high, zone->size,
				zone->present_pages, zone->free_pages,
				zone_start_pfn(zone));
		}
	}
	return len;
}

/**
 * /proc/buddyinfo in Linux 2.6's format: for each zone that has pages,
 * the number of free blocks of each order, 0 to MAX_ORDER-1.
 */
int buddyinfo_read(char *buf, size_t size)
{
	pg_data_t *pgdat;
	int len = 0;

	for_each_pgdat(pgdat) {
		for (int i = 0; i < MAX_NR_ZONES; i++) {
			zone_t *zone = pgdat->node_zones + i;

			if (!populated_zone(zone))
				continue;
			len += scnprintf(buf + len, size - len,
					 "Node %d, zone %8s ", pgdat->node_id,
					 zone->name);
			for (unsigned int o = 0; o < MAX_ORDER; o++)
				len += scnprintf(buf + len, size - len, "%6lu ",
						 zone_free_blocks(zone, o));
			len += scnprintf(buf + len, size - len, "\n");
		}
	}
	return len;
}
