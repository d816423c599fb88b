/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file mmzone.h
 * @brief Nodes and zones: how physical memory is described
 * (Linux 2.4: linux/mmzone.h; the book's Chapter 3).
 *
 * A node (pg_data_t) is a bank of memory; a PC has one, contig_page_data.
 * Its memory is split into zones by what hardware can reach: ZONE_DMA below
 * 16 MiB for ISA DMA, ZONE_NORMAL up to 896 MiB (directly mapped by the
 * kernel), ZONE_HIGHMEM above (reachable only through kmap).
 */
#ifndef _VMM_MMZONE_H
#define _VMM_MMZONE_H

#include <types.h>
#include <list.h>
#include <spinlock.h>
#include <gfp.h>

/** Number of block sizes the buddy allocator manages: 2^0 to 2^9 pages. */
#define MAX_ORDER	10

#define ZONE_DMA	0	/**< index of the DMA zone */
#define ZONE_NORMAL	1	/**< index of the directly mapped zone */
#define ZONE_HIGHMEM	2	/**< index of high memory */
#define MAX_NR_ZONES	3	/**< zones per node */

struct page;
struct bootmem_data;
struct pglist_data;

/**
 * free_area_t - the free blocks of one order in a zone. The bitmap has one
 * bit per pair of buddies, toggled on every allocation and free of either:
 * a set bit means exactly one of the two is free (Linux 2.4's scheme).
 */
typedef struct free_area_struct {
	struct list_head free_list;	/**< free blocks of this order */
	unsigned long *map;		/**< one bit per buddy pair */
} free_area_t;

/**
 * zone_t - one zone of a node.
 */
typedef struct zone_struct {
	spinlock_t lock;		/**< protects the free areas */
	unsigned long free_pages;	/**< free pages in this zone */
	unsigned long pages_min;	/**< only GFP_ATOMIC below this */
	unsigned long pages_low;	/**< kswapd would wake here */
	unsigned long pages_high;	/**< kswapd would rest here */
	int need_balance;		/**< set when under pages_low */
	free_area_t free_area[MAX_ORDER];	/**< buddy lists by order */
	struct pglist_data *zone_pgdat;	/**< the node it belongs to */
	struct page *zone_mem_map;	/**< its first struct page */
	unsigned long zone_start_paddr;	/**< its first physical address */
	unsigned long zone_start_mapnr;	/**< its first page frame number */
	const char *name;		/**< "DMA", "Normal", "HighMem" */
	unsigned long size;		/**< pages spanned */
	unsigned long present_pages;	/**< pages that are real RAM */
} zone_t;

/**
 * zonelist_t - the zones to try, in order, for one kind of allocation
 * (for example HighMem, then Normal, then DMA).
 */
typedef struct zonelist_struct {
	zone_t *zones[MAX_NR_ZONES + 1];	/**< NULL-terminated */
} zonelist_t;

/**
 * pg_data_t - a memory node: its zones, zonelists and mem_map.
 */
typedef struct pglist_data {
	zone_t node_zones[MAX_NR_ZONES];	/**< DMA, Normal, HighMem */
	zonelist_t node_zonelists[GFP_ZONEMASK + 1];	/**< by GFP zone bits */
	int nr_zones;			/**< zones in use */
	struct page *node_mem_map;	/**< struct page of the first frame */
	struct bootmem_data *bdata;	/**< the boot allocator's state */
	unsigned long node_start_paddr;	/**< first physical address */
	unsigned long node_start_mapnr;	/**< first frame number */
	unsigned long node_size;	/**< frames spanned */
	int node_id;			/**< 0 on a PC */
	struct pglist_data *node_next;	/**< next node, NULL */
} pg_data_t;

/** The one node of a PC. */
extern pg_data_t contig_page_data;
/** The list of nodes (just contig_page_data). */
extern pg_data_t *pgdat_list;
/** Zone names, indexed by ZONE_*. */
extern const char *const zone_names[MAX_NR_ZONES];

/** Iterate @p pgdat over every node. */
#define for_each_pgdat(pgdat) \
	for ((pgdat) = pgdat_list; (pgdat); (pgdat) = (pgdat)->node_next)

/** Index of @p zone in its node: ZONE_DMA, ZONE_NORMAL or ZONE_HIGHMEM. */
#define zone_idx(zone)	((unsigned long)((zone) - (zone)->zone_pgdat->node_zones))

/** True if @p zone has any pages at all (a 32 MiB PC has no HighMem). */
#define populated_zone(zone)	((zone)->size != 0)

/** The zone's first page frame number. */
#define zone_start_pfn(zone)	((zone)->zone_start_mapnr)

/**
 * The pages_min of each zone is its size divided by this, clamped to
 * [ZONE_BALANCE_MIN, ZONE_BALANCE_MAX] (Linux 2.4's zone_balance_ratio,
 * _min, _max).
 */
#define ZONE_BALANCE_RATIO	128
#define ZONE_BALANCE_MIN	20	/**< smallest pages_min of a zone */
#define ZONE_BALANCE_MAX	255	/**< largest pages_min of a zone */

struct page *__alloc_pages(unsigned int gfp_mask, unsigned int order,
			   zonelist_t *zonelist);
void free_area_init(unsigned long *zones_size);
void free_area_init_core(int nid, pg_data_t *pgdat, struct page **gmap,
			 unsigned long *zones_size,
			 unsigned long zone_start_paddr,
			 unsigned long *zholes_size, struct page *lmem_map);
unsigned long zone_free_blocks(const zone_t *zone, unsigned int order);

#endif /* _VMM_MMZONE_H */
