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

/*
 * The allocator proper. First fit: scan the bitmap from @goal (if it lies
 * in the node) for @size bytes of free pages starting on an @align
 * boundary, then from the start of the node. @align must be a power of two
 * (0 is taken as 1).
 *
 * Packing: if the area found begins on the page right after the previous
 * allocation's last page (last_pos) and @align allows, the allocation
 * starts instead inside that last page, at last_offset rounded up to
 * @align. It may then need fewer new pages, or none. Returns zeroed
 * memory, or NULL if no area fits.
 */
static void *__alloc_bootmem_core(bootmem_data_t *bdata, unsigned long size,
				  unsigned long align, unsigned long goal)
{
	unsigned long *map = bdata->node_bootmem_map;
	unsigned long eidx = bdata->node_low_pfn -
			     PFN_DOWN(bdata->node_boot_start);
	unsigned long offset = 0, preferred, areasize, incr, i, start = 0;
	void *ret;

	if (!size || (align & (align - 1))) {
		printk(KERN_ERR "bootmem: bad request: size %lu align %lu\n",
		       size, align);
		dump_stack();
		return NULL;
	}
	if (!align)
		align = 1;
	/* The first frame of the node that satisfies the alignment. */
	if (bdata->node_boot_start & (align - 1))
		offset = align - (bdata->node_boot_start & (align - 1));
	offset >>= PAGE_SHIFT;

	if (goal && goal >= bdata->node_boot_start &&
	    PFN_DOWN(goal) < bdata->node_low_pfn)
		preferred = goal - bdata->node_boot_start;
	else
		preferred = 0;
	preferred = ALIGN(preferred, align) >> PAGE_SHIFT;
	preferred += offset;
	areasize = (size + PAGE_SIZE - 1) / PAGE_SIZE;
	incr = align >> PAGE_SHIFT ? align >> PAGE_SHIFT : 1;

restart_scan:
	for (i = preferred; i < eidx; i += incr) {
		unsigned long j;

		if (test_bit(i, map))
			continue;
		for (j = i + 1; j < i + areasize; j++)
			if (j >= eidx || test_bit(j, map))
				break;
		if (j == i + areasize) {
			start = i;
			goto found;
		}
	}
	if (preferred > offset) {
		preferred = offset;
		goto restart_scan;
	}
	return NULL;

found:
	if (align <= PAGE_SIZE && bdata->last_offset &&
	    bdata->last_pos + 1 == start) {
		/* Continue inside the previous allocation's last page. */
		unsigned long off = ALIGN(bdata->last_offset, align);
		unsigned long room = PAGE_SIZE - off;

		ret = __va(PFN_PHYS(bdata->last_pos) + off +
			   bdata->node_boot_start);
		if (size < room) {
			areasize = 0;
			bdata->last_offset = off + size;
		} else {
			unsigned long rest = size - room;

			areasize = (rest + PAGE_SIZE - 1) / PAGE_SIZE;
			bdata->last_pos = start + areasize - 1;
			bdata->last_offset = rest;
		}
		bdata->last_offset &= ~PAGE_MASK;
	} else {
		bdata->last_pos = start + areasize - 1;
		bdata->last_offset = size & ~PAGE_MASK;
		ret = __va(PFN_PHYS(start) + bdata->node_boot_start);
	}
	for (i = start; i < start + areasize; i++)
		if (__test_and_set_bit(i, map))
			BUG();	/* the scan said these were free */
	memset(ret, 0, size);
	return ret;
}

/*
 * Retire the allocator: every frame whose bit is clear goes to the buddy
 * allocator (count 1, then __free_page(), which is how a page is born
 * into the free lists), then the bitmap's own frames, which nothing needs
 * any more. Returns the number of pages handed over.
 */
static unsigned long free_all_bootmem_core(pg_data_t *pgdat)
{
	bootmem_data_t *bdata = pgdat->bdata;
	unsigned long *map = bdata->node_bootmem_map;
	unsigned long first = PFN_DOWN(bdata->node_boot_start);
	unsigned long idx = bdata->node_low_pfn - first;
	unsigned long total = 0, mappages;
	struct page *page;

	if (bootmem_gone(bdata, "free_all_bootmem()"))
		return 0;
	page = pgdat->node_mem_map + first;
	for (unsigned long i = 0; i < idx; i++, page++) {
		if (test_bit(i, map))
			continue;
		ClearPageReserved(page);
		set_page_count(page, 1);
		__free_page(page);
		total++;
	}

	page = virt_to_page(map);
	mappages = bootmem_bootmap_pages(idx);
	for (unsigned long i = 0; i < mappages; i++, page++) {
		ClearPageReserved(page);
		set_page_count(page, 1);
		__free_page(page);
		total++;
	}
	bdata->node_bootmem_map = NULL;
	return total;
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
