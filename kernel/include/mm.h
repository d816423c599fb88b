/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file mm.h
 * @brief struct page and the physical memory map (Linux 2.4: linux/mm.h).
 *
 * Every physical page frame has a struct page in the array mem_map, indexed
 * by page frame number. For a page in ZONE_DMA or ZONE_NORMAL, `virtual` is
 * its address in the kernel's direct mapping; for a highmem page it is set
 * only while the page is mapped by kmap().
 */
#ifndef _VMM_MM_H
#define _VMM_MM_H

#include <types.h>
#include <list.h>
#include <page.h>
#include <mmzone.h>
#include <gfp.h>

struct address_space;

/**
 * struct page - the kernel's record of one physical page frame.
 *
 * The buddy allocator links free blocks through `list`; the slab allocator
 * reuses `list.next`/`list.prev` to find the cache and slab of an object
 * (as Linux's SET_PAGE_CACHE/SET_PAGE_SLAB do); a page of the page cache
 * (pagemap.h) is on a hash chain through `list` and on its file's list
 * through `lru`.
 */
typedef struct page {
	struct list_head list;	/**< buddy free list, or slab back-pointers */
	unsigned long flags;	/**< PG_* bits */
	int count;		/**< users; 0 means free */
	struct list_head lru;	/**< page-reclaim lists (Chapter 11) */
	struct address_space *mapping;	/**< the file it caches, or NULL */
	unsigned long index;	/**< its offset in that file, in pages */
	void *virtual;		/**< kernel virtual address, or NULL */
	zone_t *zone;		/**< the zone it belongs to */
	unsigned long private;	/**< owner's data (buddy: order while free) */
} mem_map_t;

#define PG_locked	0	/**< under I/O */
#define PG_error	1	/**< I/O failed */
#define PG_referenced	2	/**< recently used */
#define PG_uptodate	3	/**< contents valid */
#define PG_dirty	4	/**< must be written back */
#define PG_lru		6	/**< on an LRU list */
#define PG_active	7	/**< on the active list */
#define PG_slab		8	/**< owned by the slab allocator */
#define PG_highmem	11	/**< in ZONE_HIGHMEM */
#define PG_reserved	14	/**< never allocated or freed (kernel, holes) */
#define PG_buddy	20	/**< vmm386: head of a free buddy block */

/** Test page flag @p bit. */
#define PageTest(page, bit)	(((page)->flags >> (bit)) & 1)
/** Set page flag @p bit. */
#define PageSet(page, bit)	((page)->flags |= 1UL << (bit))
/** Clear page flag @p bit. */
#define PageClear(page, bit)	((page)->flags &= ~(1UL << (bit)))

#define PageReserved(p)		PageTest(p, PG_reserved)	/**< reserved? */
#define SetPageReserved(p)	PageSet(p, PG_reserved)	/**< mark reserved */
#define ClearPageReserved(p)	PageClear(p, PG_reserved)	/**< unreserve */
#define PageSlab(p)		PageTest(p, PG_slab)	/**< a slab page? */
#define PageSetSlab(p)		PageSet(p, PG_slab)	/**< mark slab */
#define PageClearSlab(p)	PageClear(p, PG_slab)	/**< unmark slab */
#define PageHighMem(p)		PageTest(p, PG_highmem)	/**< in highmem? */
#define SetPageHighMem(p)	PageSet(p, PG_highmem)	/**< mark highmem */
#define PageBuddy(p)		PageTest(p, PG_buddy)	/**< free block head? */
#define SetPageBuddy(p)		PageSet(p, PG_buddy)	/**< mark block head */
#define ClearPageBuddy(p)	PageClear(p, PG_buddy)	/**< unmark it */
#define PageLRU(p)		PageTest(p, PG_lru)	/**< on an LRU list? */
#define PageActive(p)		PageTest(p, PG_active)	/**< on the active list? */
#define PageLocked(p)		PageTest(p, PG_locked)	/**< under I/O? */

/** The array of struct page, one per physical frame. */
extern struct page *mem_map;
/** Number of entries in mem_map. */
extern unsigned long max_mapnr;
/** Physical pages of RAM (holes excluded). */
extern unsigned long num_physpages;
/** Kernel virtual address of the end of directly mapped memory. */
extern void *high_memory;
/** The first highmem page (mem_map + its frame number). */
extern struct page *highmem_start_page;

/** Page frame number of @p page. */
#define page_to_pfn(page)	((unsigned long)((page) - mem_map))
/** struct page of frame @p pfn. */
#define pfn_to_page(pfn)	(mem_map + (pfn))
/** Physical address of @p page. */
#define page_to_phys(page)	(page_to_pfn(page) << PAGE_SHIFT)
/** struct page of a directly mapped kernel address. */
#define virt_to_page(kaddr)	pfn_to_page(__pa(kaddr) >> PAGE_SHIFT)
/** True if @p page is inside mem_map. */
#define VALID_PAGE(page)	((unsigned long)((page) - mem_map) < max_mapnr)
/**
 * Kernel virtual address of @p page: its direct-mapping address, or for a
 * highmem page the kmap address (NULL when not mapped).
 */
#define page_address(page)	((page)->virtual)

/** The zone @p page belongs to. */
#define page_zone(page)		((page)->zone)
/** Record the kernel virtual address of @p page (NULL: not mapped). */
#define set_page_address(page, address)	((page)->virtual = (address))
/** True if @p kaddr is an address of the kernel's direct mapping. */
#define virt_addr_valid(kaddr) \
	((unsigned long)(kaddr) >= PAGE_OFFSET && \
	 (unsigned long)(kaddr) < (unsigned long)high_memory)

/** Reference count of @p page. */
#define page_count(page)	((page)->count)
/** Set the reference count. */
#define set_page_count(page, v)	((page)->count = (v))
/**
 * Take a reference: one locked instruction, so an interrupt or a
 * preempting task that changes the count meanwhile cannot make it lose an
 * update.
 */
#define get_page(page)	\
	__atomic_fetch_add(&(page)->count, 1, __ATOMIC_SEQ_CST)
/** Drop a reference, as one locked step; true if it was the last one. */
#define put_page_testzero(page)	\
	(__atomic_sub_fetch(&(page)->count, 1, __ATOMIC_SEQ_CST) == 0)
void put_page(struct page *page);

/** Pages given to the page allocator at boot (low and high memory). */
extern unsigned long totalram_pages;
/** Of those, the pages of ZONE_HIGHMEM. */
extern unsigned long totalhigh_pages;
/** "Bad page state" reports since boot (tests read it). */
extern unsigned long nr_bad_pages;
/** Failed page allocations since boot (tests read it). */
extern unsigned long nr_failed_allocs;
/** First frame number of ZONE_HIGHMEM (max_low_pfn). */
extern unsigned long highstart_pfn;
/** Last frame number of ZONE_HIGHMEM, plus one (max_pfn). */
extern unsigned long highend_pfn;

/**
 * struct mm_boot_ticks - rdtsc readings (emulated instructions under
 * Bochs) along the boot memory setup, for `make bench`.
 */
struct mm_boot_ticks {
	u64 setup_start;	/**< setup_arch() begins */
	u64 bootmem_ready;	/**< setup_memory(): bootmem is set up */
	u64 paging_done;	/**< paging_init(): page tables and zones */
	u64 mem_init_start;	/**< mem_init() begins */
	u64 mem_init_done;	/**< every free page is in the buddy lists */
};
/** When each step of the boot memory setup finished. */
extern struct mm_boot_ticks mm_boot_ticks;

void show_free_areas(void);
/**
 * Release all boot memory to the buddy allocator and report the memory
 * sizes.
 */
void mem_init(void);
/** Build the kernel page tables for all low memory and set up the zones. */
void paging_init(void);
int page_is_ram(unsigned long pfn);

#endif /* _VMM_MM_H */
