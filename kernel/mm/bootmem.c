// SPDX-License-Identifier: GPL-2.0-only
/*
 * bootmem.c - the boot memory allocator (Linux 2.4: mm/bootmem.c; the
 * book's Chapter 6).
 *
 * Before the buddy allocator can run it needs memory itself: mem_map (one
 * struct page per frame), the buddy bitmaps, the kernel's page tables. The
 * boot allocator provides it with the simplest structure that works: one
 * bit per page frame of low memory, 1 = reserved, and a first-fit scan.
 * Small requests are packed into the tail of the previous request's last
 * page (last_pos / last_offset), so a dozen 100-byte bitmaps do not use a
 * dozen pages.
 *
 * Everything here runs once, on one CPU, before interrupts are on: no
 * locking. Misuse is reported, never obeyed silently: reserving a page
 * twice prints Linux's "hm, page ... reserved twice." and any call after
 * free_all_bootmem() retired the allocator is refused with a backtrace.
 */
#include <bootmem.h>
#include <mm.h>
#include <kernel.h>
#include <string.h>
#include <bitops.h>
#include <kallsyms.h>

unsigned long max_low_pfn;
unsigned long min_low_pfn;
unsigned long max_pfn;
unsigned long bootmem_reserved_twice;
struct bootmem_record bootmem_ledger[BOOTMEM_LEDGER_SIZE];
unsigned long bootmem_ledger_len;

/* Report a call made when no bitmap exists (retired, or never set up). */
static bool bootmem_gone(const bootmem_data_t *bdata, const char *what)
{
	if (bdata->node_bootmem_map)
		return false;
	printk(KERN_ERR "bootmem: %s called after free_all_bootmem() retired "
	       "the boot allocator: refused\n", what);
	dump_stack();
	return true;
}

/**
 * Pages needed for a bitmap covering @p pages page frames: one bit each,
 * rounded up to whole pages.
 */
unsigned long bootmem_bootmap_pages(unsigned long pages)
{
	unsigned long mapsize = (pages + 7) / 8;

	return PAGE_ALIGN(mapsize) >> PAGE_SHIFT;
}

/*
 * Put the bitmap at frame @mapstart, covering frames [@start, @end), every
 * frame reserved: the caller frees what the firmware says is RAM. Returns
 * the bitmap's size in bytes (a whole number of longs).
 */
static unsigned long init_bootmem_core(pg_data_t *pgdat,
				       unsigned long mapstart,
				       unsigned long start, unsigned long end)
{
	bootmem_data_t *bdata = pgdat->bdata;
	unsigned long mapsize = ALIGN((end - start + 7) / 8, sizeof(long));
	pg_data_t *p;

	for (p = pgdat_list; p && p != pgdat; p = p->node_next)
		;
	if (!p) {
		pgdat->node_next = pgdat_list;
		pgdat_list = pgdat;
	}
	bdata->node_bootmem_map = __va(PFN_PHYS(mapstart));
	bdata->node_boot_start = PFN_PHYS(start);
	bdata->node_low_pfn = end;
	bdata->last_pos = 0;
	bdata->last_offset = 0;
	memset(bdata->node_bootmem_map, 0xff, mapsize);
	return mapsize;
}

/*
 * Clip [@sidx, @eidx) (bitmap indices) to the node; report a range that
 * sticks out, which Linux would BUG() on.
 */
static bool clip_range(const bootmem_data_t *bdata, const char *what,
		       unsigned long addr, unsigned long size,
		       unsigned long *sidx, unsigned long *eidx)
{
	unsigned long limit = bdata->node_low_pfn -
			      PFN_DOWN(bdata->node_boot_start);

	if (!size || addr < bdata->node_boot_start) {
		printk(KERN_ERR "bootmem: %s(%#lx, %#lx): empty, or outside "
		       "the node: ignored\n", what, addr, size);
		dump_stack();
		return false;
	}
	if (*eidx > limit) {
		printk(KERN_ERR "bootmem: %s(%#lx, %#lx) ends beyond low memory "
		       "(pfn %#lx): clipped\n", what, addr, size,
		       bdata->node_low_pfn);
		dump_stack();
		*eidx = limit;
	}
	return *sidx < *eidx;
}

/*
 * Mark [@addr, @addr + @size) reserved. A partly covered page counts as
 * reserved: the range is rounded outwards. A page that was already
 * reserved is reported (two owners for one page is a boot-time bug).
 */
static void reserve_bootmem_core(bootmem_data_t *bdata, unsigned long addr,
				 unsigned long size)
{
	unsigned long sidx = (addr - bdata->node_boot_start) / PAGE_SIZE;
	unsigned long eidx = (addr + size - bdata->node_boot_start +
			      PAGE_SIZE - 1) / PAGE_SIZE;

	if (bootmem_gone(bdata, "reserve_bootmem()"))
		return;
	if (!clip_range(bdata, "reserve_bootmem", addr, size, &sidx, &eidx))
		return;
	for (unsigned long i = sidx; i < eidx; i++) {
		if (__test_and_set_bit(i, bdata->node_bootmem_map)) {
			bootmem_reserved_twice++;
			printk(KERN_WARNING "hm, page %08lx reserved twice.\n",
			       i * PAGE_SIZE + bdata->node_boot_start);
		}
	}
}

/*
 * Mark [@addr, @addr + @size) free. A partly covered page stays reserved:
 * the range is rounded inwards, so a page is only handed out if all of it
 * is usable RAM. Freeing a page that is not reserved is reported.
 */
static void free_bootmem_core(bootmem_data_t *bdata, unsigned long addr,
			      unsigned long size)
{
	unsigned long sidx = (PFN_UP(addr) > PFN_DOWN(bdata->node_boot_start) ?
			      PFN_UP(addr) - PFN_DOWN(bdata->node_boot_start) : 0);
	unsigned long eidx = (addr + size - bdata->node_boot_start) / PAGE_SIZE;

	if (bootmem_gone(bdata, "free_bootmem()"))
		return;
	if (!clip_range(bdata, "free_bootmem", addr, size, &sidx, &eidx))
		return;
	for (unsigned long i = sidx; i < eidx; i++) {
		if (!__test_and_clear_bit(i, bdata->node_bootmem_map))
			printk(KERN_WARNING "bootmem: page %08lx freed but was "
			       "not reserved\n",
			       i * PAGE_SIZE + bdata->node_boot_start);
	}
}

/* Returned by find_free_run() when no run of free frames fits. */
#define NO_RUN	(~0UL)

/* Frames covered by @bdata's bitmap: the node's frames of low memory. */
static unsigned long node_frames(const bootmem_data_t *bdata)
{
	return bdata->node_low_pfn - PFN_DOWN(bdata->node_boot_start);
}

/* Whether the @count frames from bitmap index @first are all free. */
static bool run_is_free(const unsigned long *map, unsigned long first,
			unsigned long count)
{
	for (unsigned long i = first; i < first + count; i++)
		if (test_bit(i, map))
			return false;
	return true;
}

/*
 * First fit: the lowest bitmap index from @from, in steps of @step, where
 * @count free frames start inside the node; NO_RUN if there is none.
 */
static unsigned long find_free_run(const bootmem_data_t *bdata,
				   unsigned long from, unsigned long step,
				   unsigned long count)
{
	unsigned long end = node_frames(bdata);

	for (unsigned long i = from; i < end && count <= end - i; i += step)
		if (run_is_free(bdata->node_bootmem_map, i, count))
			return i;
	return NO_RUN;
}

/*
 * The bitmap index of the node's first frame whose physical address is a
 * multiple of @align (0 unless the node starts off an @align boundary).
 */
static unsigned long first_aligned_index(const bootmem_data_t *bdata,
					 unsigned long align)
{
	unsigned long misalign = bdata->node_boot_start & (align - 1);

	return misalign ? PFN_DOWN(align - misalign) : 0;
}

/*
 * The bitmap index where the search for @goal starts: @goal's offset in
 * the node rounded up to @align, from the first aligned frame; the first
 * aligned frame itself if @goal is 0 or outside the node's low memory.
 */
static unsigned long goal_index(const bootmem_data_t *bdata,
				unsigned long goal, unsigned long align)
{
	unsigned long first = first_aligned_index(bdata, align);

	if (!goal || goal < bdata->node_boot_start ||
	    PFN_DOWN(goal) >= bdata->node_low_pfn)
		return first;
	return first + PFN_DOWN(ALIGN(goal - bdata->node_boot_start, align));
}

/*
 * Whether an allocation whose free frames start at index @start may begin
 * inside the previous allocation's last, partly used page instead: that
 * page must be the one just before @start, and @align small enough for an
 * offset inside a page to honour it.
 */
static bool continues_last_page(const bootmem_data_t *bdata,
				unsigned long start, unsigned long align)
{
	return align <= PAGE_SIZE && bdata->last_offset &&
	       bdata->last_pos + 1 == start;
}

/*
 * Claim @size bytes for an allocation whose free frames start at index
 * @start, packing it behind the previous one when continues_last_page()
 * allows. Marks the frames it newly occupies (none, if it fits in the
 * previous page's tail) and records where it ends for the next request.
 * Returns the allocation's offset in the node, in bytes.
 */
static unsigned long claim_area(bootmem_data_t *bdata, unsigned long start,
				unsigned long size, unsigned long align)
{
	unsigned long begin, end;

	if (continues_last_page(bdata, start, align))
		begin = PFN_PHYS(bdata->last_pos) +
			ALIGN(bdata->last_offset, align);
	else
		begin = PFN_PHYS(start);
	end = begin + size;
	for (unsigned long i = start; i < PFN_UP(end); i++)
		if (__test_and_set_bit(i, bdata->node_bootmem_map))
			BUG();	/* find_free_run() said these were free */
	bdata->last_pos = PFN_UP(end) - 1;
	bdata->last_offset = end & ~PAGE_MASK;
	return begin;
}

/*
 * Note an allocation in bootmem_ledger, for whoever accounts for the
 * reserved frames from outside (Chapter 6's test and its oracle).
 */
static void record_allocation(unsigned long phys, unsigned long size)
{
	if (bootmem_ledger_len < BOOTMEM_LEDGER_SIZE) {
		bootmem_ledger[bootmem_ledger_len].phys = phys;
		bootmem_ledger[bootmem_ledger_len].size = size;
	}
	bootmem_ledger_len++;
}

/*
 * The allocator proper. First fit: look for PFN_UP(@size) free frames on
 * an @align boundary from @goal (if it lies in the node), then from the
 * start of the node. @align must be a power of two; 0 is taken as 1 (in
 * Linux 2.4.22 it would make the mask 0: the goal is ignored and the
 * allocation overlaps the previous one's last page). The second search
 * is made only when the goal is above the node's first aligned frame:
 * 2.4.22 retries whenever its first search did not start at frame 0, and
 * loops forever on a node that starts off an @align boundary.
 *
 * Packing: an allocation whose frames would start right after the
 * previous allocation's last page starts instead inside that page, at the
 * previous end rounded up to @align (claim_area()). Returns zeroed
 * memory, or NULL if no area fits.
 */
static void *__alloc_bootmem_core(bootmem_data_t *bdata, unsigned long size,
				  unsigned long align, unsigned long goal)
{
	unsigned long step, from, first, start;
	void *area;

	if (!size || (align & (align - 1))) {
		printk(KERN_ERR "bootmem: bad request: size %lu align %lu\n",
		       size, align);
		dump_stack();
		return NULL;
	}
	if (!align)
		align = 1;
	step = align > PAGE_SIZE ? PFN_DOWN(align) : 1;
	first = first_aligned_index(bdata, align);
	from = goal_index(bdata, goal, align);
	start = find_free_run(bdata, from, step, PFN_UP(size));
	if (start == NO_RUN && from > first)
		start = find_free_run(bdata, first, step, PFN_UP(size));
	if (start == NO_RUN)
		return NULL;
	area = __va(bdata->node_boot_start +
		    claim_area(bdata, start, size, align));
	memset(area, 0, size);
	record_allocation(__pa(area), size);
	return area;
}

/*
 * Hand one reserved page to the buddy allocator: a count of 1, then
 * __free_page(), which is how a page is born into the free lists.
 */
static void give_page_to_buddy(struct page *page)
{
	ClearPageReserved(page);
	set_page_count(page, 1);
	__free_page(page);
}

/*
 * Retire the allocator: every frame whose bit is clear goes to the buddy
 * allocator, then the bitmap's own frames, which nothing needs any more.
 * Returns the number of pages handed over.
 */
static unsigned long free_all_bootmem_core(pg_data_t *pgdat)
{
	bootmem_data_t *bdata = pgdat->bdata;
	unsigned long *map = bdata->node_bootmem_map;
	struct page *node_first, *map_first;
	unsigned long frames, map_pages, given = 0;

	if (bootmem_gone(bdata, "free_all_bootmem()"))
		return 0;
	frames = node_frames(bdata);
	node_first = pgdat->node_mem_map + PFN_DOWN(bdata->node_boot_start);
	for (unsigned long i = 0; i < frames; i++) {
		if (test_bit(i, map))
			continue;
		give_page_to_buddy(node_first + i);
		given++;
	}
	map_first = virt_to_page(map);
	map_pages = bootmem_bootmap_pages(frames);
	for (unsigned long i = 0; i < map_pages; i++)
		give_page_to_buddy(map_first + i);
	bdata->node_bootmem_map = NULL;
	return given + map_pages;
}

/**
 * Set up the boot allocator of node @p pgdat: its bitmap at frame
 * @p freepfn, covering frames [@p startpfn, @p endpfn), all reserved.
 * Returns the bitmap's size in bytes.
 */
unsigned long init_bootmem_node(pg_data_t *pgdat, unsigned long freepfn,
				unsigned long startpfn, unsigned long endpfn)
{
	return init_bootmem_core(pgdat, freepfn, startpfn, endpfn);
}

/**
 * Set up the boot allocator of the only node, contig_page_data: the bitmap
 * goes at frame @p start_pfn (the first frame after the kernel's boot-time
 * data, which becomes min_low_pfn) and covers frames [0, @p end_pfn), where
 * @p end_pfn is max_low_pfn. Every frame starts reserved. Returns the size
 * of the bitmap in bytes, which the caller then reserves too.
 */
unsigned long init_bootmem(unsigned long start_pfn, unsigned long end_pfn)
{
	max_low_pfn = end_pfn;
	min_low_pfn = start_pfn;
	return init_bootmem_core(&contig_page_data, start_pfn, 0, end_pfn);
}

/*
 * Mark physical range [@p addr, @p addr + @p size) reserved, rounded
 * outwards to whole pages. Pages reserved twice are reported.
 */
void reserve_bootmem(unsigned long addr, unsigned long size)
{
	reserve_bootmem_core(contig_page_data.bdata, addr, size);
}

/**
 * Mark physical range [@p addr, @p addr + @p size) free, rounded inwards to
 * whole pages: only pages that are entirely inside become allocatable.
 */
void free_bootmem(unsigned long addr, unsigned long size)
{
	free_bootmem_core(contig_page_data.bdata, addr, size);
}

/**
 * Allocate @p size bytes of zeroed low memory aligned to @p align, first
 * fit from physical address @p goal, else from the start of memory.
 * Returns NULL on failure (or once the allocator is retired, reported).
 */
void *__alloc_bootmem_nopanic(unsigned long size, unsigned long align,
			      unsigned long goal)
{
	pg_data_t *pgdat;
	void *ptr;

	for (pgdat = pgdat_list; pgdat; pgdat = pgdat->node_next) {
		if (bootmem_gone(pgdat->bdata, "__alloc_bootmem()"))
			return NULL;
		ptr = __alloc_bootmem_core(pgdat->bdata, size, align, goal);
		if (ptr)
			return ptr;
	}
	return NULL;
}

/*
 * Allocate @p size bytes of zeroed low memory aligned to @p align, first
 * fit from physical address @p goal. Boot cannot go on without the memory:
 * failure panics, as in Linux ("Out of memory"). A call after the
 * allocator was retired is a bug in the caller: it is reported and gets
 * NULL.
 */
void *__alloc_bootmem(unsigned long size, unsigned long align,
		      unsigned long goal)
{
	void *ptr;

	if (!contig_page_data.bdata->node_bootmem_map) {
		bootmem_gone(contig_page_data.bdata, "__alloc_bootmem()");
		return NULL;
	}
	ptr = __alloc_bootmem_nopanic(size, align, goal);
	if (ptr)
		return ptr;
	printk(KERN_ALERT "bootmem alloc of %lu bytes failed!\n", size);
	panic("Out of memory");
}

/**
 * Allocate @p size bytes on node @p pgdat; as __alloc_bootmem().
 */
void *__alloc_bootmem_node(pg_data_t *pgdat, unsigned long size,
			   unsigned long align, unsigned long goal)
{
	void *ptr;

	if (bootmem_gone(pgdat->bdata, "__alloc_bootmem_node()"))
		return NULL;
	ptr = __alloc_bootmem_core(pgdat->bdata, size, align, goal);
	if (ptr)
		return ptr;
	printk(KERN_ALERT "bootmem alloc of %lu bytes failed!\n", size);
	panic("Out of memory");
}

/**
 * Hand node @p pgdat's free low memory, then its bitmap, to the buddy
 * allocator and retire its boot allocator. Returns the pages freed.
 */
unsigned long free_all_bootmem_node(pg_data_t *pgdat)
{
	return free_all_bootmem_core(pgdat);
}

/**
 * Hand all free low memory, then the bitmap, to the buddy allocator and
 * retire the boot allocator (mem_init() calls it once). Returns the number
 * of pages freed; a second call is reported and returns 0.
 */
unsigned long free_all_bootmem(void)
{
	return free_all_bootmem_core(&contig_page_data);
}
