// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmap_area.c - the 2.6 design of vmalloc (Linux 2.6.28 to 2.6.32:
 * mm/vmalloc.c's "global kva allocator"), chosen with `vmalloc=2.6`.
 *
 * What changed from 2.4:
 *
 *  - Ranges are struct vmap_area, kept in a red-black tree by address (to
 *    find the area of an address in O(log n)) and in a list in the same
 *    order (to walk neighbours when looking for a gap). A vm_struct sits
 *    on top of its vmap_area (va->private) and is still linked in vmlist,
 *    which vread() and /proc/vmallocinfo walk, as in 2.6.32.
 *  - Freeing is lazy. vfree() frees the pages at once but only marks the
 *    range VM_LAZY_FREE: its ptes stay and nobody else can get the range.
 *    When more than lazy_max_pages() pages are waiting, one purge clears
 *    all their ptes and flushes the TLB once. A TLB flush interrupts
 *    every CPU on SMP; batching them is the point of the design. The
 *    price: until the purge, the freed pages are still mapped at their
 *    old vmalloc addresses (harmless unless someone uses a dangling
 *    pointer, which would read or corrupt the pages' new owner).
 *  - vmalloc() allocates all pages into the vm_struct's pages[] first,
 *    then maps them; vfree() frees them from that array, not from the
 *    page tables.
 *  - When no gap fits, the lazily freed ranges are purged and the search
 *    is tried once more before giving up with Linux's message.
 *
 * How vmm386 differs from 2.6.32: the search for a gap starts from a
 * one-entry cache of where the last one ended (free_vmap_cache), which
 * 2.6.32's own source asks for ("XXX: could have a last_hole cache") and
 * Linux 2.6.36 added; without it the tree finds where to start, but the
 * walk through packed areas after that is as linear as 2.4's list.
 * (vmap_hole_cache = false gives 2.6.32 exactly; `make bench` measures
 * both.) vmap_areas are freed at once, not after an RCU grace period;
 * there are no per-CPU vmap blocks (vm_map_ram()); and a removed area
 * loses VM_VM_AREA at once, so a second vfree() of it is refused instead
 * of freeing a vm_struct twice (as later Linux also does).
 *
 * vmalloc.c calls this design through vmap_area_ops, at the end of this
 * file; the functions it points to keep Linux 2.6's names.
 */
#include <vmalloc.h>
#include <mm.h>
#include <pgtable.h>
#include <tlbflush.h>
#include <slab.h>
#include <kernel.h>
#include <string.h>
#include <errno.h>
#include <leakcheck.h>
#include "internal.h"

/* Alignment of ioremap() ranges: up to 128 pages (2.6's default). */
#define IOREMAP_MAX_ORDER	(7 + PAGE_SHIFT)

static DEFINE_SPINLOCK(vmap_area_lock);
static struct rb_root vmap_area_root = RB_ROOT;
static LIST_HEAD(vmap_area_list);

struct vmap_stats vmap_stats;

/*
 * The gap-search cache (Linux 2.6.36's free_vmap_cache): the area the
 * last search ended at, and what that search asked for. The largest gap
 * the searches walked past below it is cached_hole_size; a request that
 * could fit such a gap, or asks for a lower start or a looser alignment,
 * searches from the start again, so the result is always first fit.
 */
bool vmap_hole_cache = true;
static struct rb_node *free_vmap_cache;
static unsigned long cached_hole_size, cached_vstart, cached_align;

/* Index of the most significant set bit, counting from 1; 0 for 0. */
static int fls(unsigned long x)
{
	int r = 0;

	while (x) {
		x >>= 1;
		r++;
	}
	return r;
}

/**
 * How many pages of lazily freed ranges may wait before a purge: 32 MiB
 * worth, times log2 of the number of CPUs plus one (Linux 2.6.32's
 * lazy_max_pages(); one CPU here, so 8192 pages).
 */
unsigned long lazy_max_pages(void)
{
	return fls(1) * (32UL * 1024 * 1024 / PAGE_SIZE);
}

/* ---- the tree and the list ----------------------------------------------- */

/* The area that starts exactly at @addr; vmap_area_lock held. */
static struct vmap_area *__find_vmap_area(unsigned long addr)
{
	struct rb_node *n = vmap_area_root.rb_node;

	while (n) {
		struct vmap_area *va = rb_entry(n, struct vmap_area, rb_node);

		if (addr < va->va_start)
			n = n->rb_left;
		else if (addr > va->va_start)
			n = n->rb_right;
		else
			return va;
	}
	return NULL;
}

/** The area that starts at @p addr, or NULL. */
struct vmap_area *find_vmap_area(unsigned long addr)
{
	struct vmap_area *va;

	spin_lock(&vmap_area_lock);
	va = __find_vmap_area(addr);
	spin_unlock(&vmap_area_lock);
	return va;
}

/* The next area up from @va in address order, or NULL after the last. */
static struct vmap_area *vmap_area_after(struct vmap_area *va)
{
	if (va->list.next == &vmap_area_list)
		return NULL;
	return list_entry(va->list.next, struct vmap_area, list);
}

/*
 * The lowest area that ends at or after @addr (the first one a range
 * starting at @addr could run into), or NULL: one descent of the tree.
 */
static struct vmap_area *lowest_area_ending_from(unsigned long addr)
{
	struct rb_node *n = vmap_area_root.rb_node;
	struct vmap_area *lowest = NULL;

	while (n) {
		struct vmap_area *va = rb_entry(n, struct vmap_area, rb_node);

		if (va->va_end >= addr) {
			lowest = va;
			n = n->rb_left;
		} else {
			n = n->rb_right;
		}
	}
	return lowest;
}

/*
 * Where @va goes in the tree: the empty child link under *@parent that
 * keeps it ordered by address. Overlapping another area is a kernel bug.
 */
static struct rb_node **vmap_tree_slot(struct vmap_area *va,
				       struct rb_node **parent)
{
	struct rb_node **slot = &vmap_area_root.rb_node;

	*parent = NULL;
	while (*slot) {
		struct vmap_area *there;

		*parent = *slot;
		there = rb_entry(*parent, struct vmap_area, rb_node);
		if (va->va_end <= there->va_start)
			slot = &(*parent)->rb_left;
		else if (va->va_start >= there->va_end)
			slot = &(*parent)->rb_right;
		else
			BUG();
	}
	return slot;
}

/*
 * Add @va to the tree, then to the list right after its in-order
 * predecessor (at the head if it has none), so both stay sorted.
 * vmap_area_lock held.
 */
static void __insert_vmap_area(struct vmap_area *va)
{
	struct rb_node *parent, **slot = vmap_tree_slot(va, &parent);
	struct rb_node *below;

	rb_link_node(&va->rb_node, parent, slot);
	rb_insert_color(&va->rb_node, &vmap_area_root);
	below = rb_prev(&va->rb_node);
	if (below)
		list_add(&va->list,
			 &rb_entry(below, struct vmap_area, rb_node)->list);
	else
		list_add(&va->list, &vmap_area_list);
	vmap_stats.live_areas++;
}

/* ---- finding a range ----------------------------------------------------- */

/*
 * Whether a range of @size bytes at @addr would wrap past 4 GiB (its
 * last byte below its first).
 */
static bool range_wraps(unsigned long addr, unsigned long size)
{
	return addr + size - 1 < addr;
}

/* Drop the gap-search cache: the next search starts from the bottom. */
static void forget_vmap_cache(void)
{
	cached_hole_size = 0;
	free_vmap_cache = NULL;
}

/*
 * Whether a search for @size bytes from @vstart aligned to @align may
 * start where the last one ended: only if no gap it walked past could
 * hold @size, and it searched from no higher a start, with no looser an
 * alignment. Otherwise a lower first fit might exist.
 */
static bool vmap_cache_usable(unsigned long size, unsigned long align,
			      unsigned long vstart)
{
	return vmap_hole_cache && free_vmap_cache &&
	       size > cached_hole_size && vstart >= cached_vstart &&
	       align >= cached_align;
}

/*
 * Where a search begins: the first candidate address, and in *@ahead the
 * lowest area that candidate may run into (NULL: none). From the cache,
 * that is just past the cached area (plus 2.6.32's spare page); else from
 * ALIGN(@vstart), with the tree finding the first area in the way.
 * Records what this search asks for, for the next one's
 * vmap_cache_usable(). vmap_area_lock held.
 */
static unsigned long vmap_search_start(unsigned long size,
				       unsigned long align,
				       unsigned long vstart,
				       struct vmap_area **ahead)
{
	unsigned long addr;

	if (!vmap_cache_usable(size, align, vstart))
		forget_vmap_cache();
	cached_vstart = vstart;
	cached_align = align;
	if (free_vmap_cache) {
		struct vmap_area *last = rb_entry(free_vmap_cache,
						  struct vmap_area, rb_node);

		addr = ALIGN(last->va_end + PAGE_SIZE, align);
		if (addr >= vstart) {
			*ahead = vmap_area_after(last);
			return addr;
		}
		forget_vmap_cache();
	}
	addr = ALIGN(vstart, align);
	*ahead = lowest_area_ending_from(addr);
	return addr;
}

/*
 * Remember the gap below @va that the candidate at @addr could not use,
 * if it is the widest yet: a later, smaller request must not skip it.
 */
static void note_skipped_hole(unsigned long addr, struct vmap_area *va)
{
	if (addr + cached_hole_size < va->va_start)
		cached_hole_size = va->va_start - addr;
}

/*
 * First fit for @size bytes aligned to @align in [@vstart, @vend): from
 * the search start, move the candidate past each area it runs into, one
 * spare page beyond the area's end (2.6.32 keeps that page between
 * areas, on top of the guard page each range includes), until it fits
 * before the next area or there is none. Returns true with the address
 * in *@found. vmap_area_lock held.
 */
static bool find_vmap_gap(unsigned long size, unsigned long align,
			  unsigned long vstart, unsigned long vend,
			  unsigned long *found)
{
	struct vmap_area *ahead;
	unsigned long addr = vmap_search_start(size, align, vstart, &ahead);

	if (range_wraps(addr, size))
		return false;
	for (; ahead; ahead = vmap_area_after(ahead)) {
		if (addr + size <= ahead->va_start || addr + size > vend)
			break;
		note_skipped_hole(addr, ahead);
		addr = ALIGN(ahead->va_end + PAGE_SIZE, align);
		if (range_wraps(addr, size))
			return false;
	}
	if (addr + size > vend || addr + size < addr)
		return false;
	*found = addr;
	return true;
}

/*
 * Make @va the first gap of @size bytes that fits, insert it, and point
 * the cache at it. False if there is no such gap.
 */
static bool claim_vmap_range(struct vmap_area *va, unsigned long size,
			     unsigned long align, unsigned long vstart,
			     unsigned long vend)
{
	unsigned long addr;
	bool found;

	spin_lock(&vmap_area_lock);
	found = find_vmap_gap(size, align, vstart, vend, &addr);
	if (found) {
		va->va_start = addr;
		va->va_end = addr + size;
		va->flags = 0;
		va->private = NULL;
		__insert_vmap_area(va);
		free_vmap_cache = &va->rb_node;
	}
	spin_unlock(&vmap_area_lock);
	return found;
}

static void purge_vmap_area_lazy(void);

/**
 * Reserve @p size bytes (a multiple of pages, guard page included)
 * aligned to @p align inside [@p vstart, @p vend) and return a new
 * vmap_area for them, or NULL with Linux's message.
 *
 * The placement is Linux 2.6.32's: first fit, one spare page after every
 * area. The search is 2.6.36's: it may start from where the last one
 * ended (free_vmap_cache) when no lower gap can serve, which saves the
 * walk but never changes the answer (the host tests compare both with a
 * model of first fit). Lazily freed ranges still hold their place; if
 * nothing fits, they are purged and the search is made once more.
 */
struct vmap_area *alloc_vmap_area(unsigned long size, unsigned long align,
				  unsigned long vstart, unsigned long vend)
{
	struct vmap_area *va;

	BUG_ON(!size || (size & ~PAGE_MASK));
	va = kmalloc(sizeof(*va), GFP_KERNEL);
	if (!va)
		return NULL;
	if (claim_vmap_range(va, size, align, vstart, vend))
		return va;
	purge_vmap_area_lazy();
	if (claim_vmap_range(va, size, align, vstart, vend))
		return va;
	printk(KERN_WARNING "vmap allocation for size %lu failed: use "
	       "vmalloc=<size> to increase size.\n", size);
	vmap_stats.failures++;
	kfree(va);
	return NULL;
}

/* ---- freeing ranges, lazily ---------------------------------------------- */

/*
 * @va is about to leave the tree. If the search cache stands at or above
 * it, the gap it leaves must not be skipped: move the cache down to the
 * area below @va (none: search from the bottom), or drop the cache if
 * @va lies wholly below where the cached searches started.
 */
static void uncache_freed_range(struct vmap_area *va)
{
	struct vmap_area *cached;

	if (!free_vmap_cache)
		return;
	if (va->va_end < cached_vstart) {
		free_vmap_cache = NULL;
		return;
	}
	cached = rb_entry(free_vmap_cache, struct vmap_area, rb_node);
	if (va->va_start <= cached->va_start)
		free_vmap_cache = rb_prev(&va->rb_node);
}

/* Take @va out of the tree and the list and free it; vmap_area_lock held. */
static void __free_vmap_area(struct vmap_area *va)
{
	uncache_freed_range(va);
	rb_erase(&va->rb_node, &vmap_area_root);
	RB_CLEAR_NODE(&va->rb_node);
	list_del(&va->list);
	vmap_stats.live_areas--;
	kfree(va);
}

/*
 * Clear the ptes of every lazily freed area, mark it as being purged and
 * move it onto @batch. Returns the pages they spanned. No TLB flush yet:
 * the ranges must not be handed out until there was one.
 */
static unsigned long unmap_lazy_areas(struct list_head *batch)
{
	struct vmap_area *va;
	unsigned long pages = 0;

	spin_lock(&vmap_area_lock);
	list_for_each_entry(va, &vmap_area_list, list) {
		unsigned long bytes = va->va_end - va->va_start;

		if (!(va->flags & VM_LAZY_FREE))
			continue;
		unmap_kernel_range_noflush(va->va_start, bytes);
		va->flags = (va->flags & ~VM_LAZY_FREE) | VM_LAZY_FREEING;
		list_add_tail(&va->purge_list, batch);
		pages += bytes >> PAGE_SHIFT;
	}
	vmap_stats.lazy_pages -= pages;
	spin_unlock(&vmap_area_lock);
	return pages;
}

/* Give the ranges of @batch back to the tree, after the flush. */
static void release_purged_areas(struct list_head *batch)
{
	struct vmap_area *va, *next;

	spin_lock(&vmap_area_lock);
	list_for_each_entry_safe(va, next, batch, purge_list) {
		__free_vmap_area(va);
		vmap_stats.purged_areas++;
	}
	vmap_stats.purges++;
	spin_unlock(&vmap_area_lock);
}

/*
 * One purge (Linux's __purge_vmap_area_lazy()): unmap every lazily freed
 * area, flush the TLB once for all of them, and only then release their
 * ranges -- the order is what keeps a range from being handed out while
 * a TLB may still map it. With @wait a purge in progress is waited for;
 * without, it is left to finish the work. (On one CPU a purge cannot be
 * in progress when another starts: the spinlock keeps the purger from
 * being preempted. 2.6's force_flush argument is not needed: no caller
 * wants a flush when nothing was freed.)
 */
static void __purge_vmap_area_lazy(bool wait)
{
	static DEFINE_SPINLOCK(purge_lock);
	LIST_HEAD(batch);

	if (wait)
		spin_lock(&purge_lock);
	else if (!spin_trylock(&purge_lock))
		return;
	if (unmap_lazy_areas(&batch)) {
		/* 2.6: flush_tlb_kernel_range(); on i386 a full flush. */
		flush_tlb_all();
		release_purged_areas(&batch);
	}
	spin_unlock(&purge_lock);
}

/* Purge unless someone else is purging already. */
static void try_purge_vmap_area_lazy(void)
{
	__purge_vmap_area_lazy(false);
}

/* Purge, waiting for any purge in progress (the 2.6 vm_unmap_aliases()). */
static void purge_vmap_area_lazy(void)
{
	__purge_vmap_area_lazy(true);
}

/**
 * Free @p va lazily: its ptes and its range stay until a purge. Too many
 * pages waiting starts one.
 */
void free_unmap_vmap_area(struct vmap_area *va)
{
	unsigned long waiting;

	spin_lock(&vmap_area_lock);
	va->flags |= VM_LAZY_FREE;
	vmap_stats.lazy_pages += (va->va_end - va->va_start) >> PAGE_SHIFT;
	waiting = vmap_stats.lazy_pages;
	spin_unlock(&vmap_area_lock);
	if (waiting > lazy_max_pages())
		try_purge_vmap_area_lazy();
}

/* ---- vm_struct on top of vmap_area --------------------------------------- */

/*
 * The alignment 2.6 gives an ioremap() range of @size bytes: the size
 * rounded up to a power of two, between one page and 128 pages, so that
 * large device mappings could use large pages on machines that have them.
 */
static unsigned long ioremap_alignment(unsigned long size)
{
	int bit = fls(size);

	if (bit > IOREMAP_MAX_ORDER)
		bit = IOREMAP_MAX_ORDER;
	else if (bit < PAGE_SHIFT)
		bit = PAGE_SHIFT;
	return 1UL << bit;
}

/*
 * Fill the new vm_struct @area for @va, tie the two together and link
 * @area into vmlist (which 2.6.32 keeps for vread() and vmallocinfo).
 */
static void attach_vm_struct(struct vm_struct *area, struct vmap_area *va,
			     unsigned long flags, void *caller)
{
	memset(area, 0, sizeof(*area));
	area->flags = flags;
	area->addr = (void *)va->va_start;
	area->size = va->va_end - va->va_start;
	area->caller = caller;
	va->private = area;
	va->flags |= VM_VM_AREA;
	insert_vmalloc_vmlist(area);
}

/*
 * The 2.6 get_vm_area(): a vm_struct for a new vmap_area of @size bytes
 * (rounded up to pages) plus a guard page inside [@start, @end), aligned
 * to @align -- or, for an ioremap() area, to ioremap_alignment().
 */
static struct vm_struct *__get_vm_area_node(unsigned long size,
					    unsigned long align,
					    unsigned long flags,
					    unsigned long start,
					    unsigned long end, void *caller)
{
	struct vm_struct *area;
	struct vmap_area *va;

	if (flags & VM_IOREMAP)
		align = ioremap_alignment(size);
	size = PAGE_ALIGN(size);
	if (!size || size + PAGE_SIZE < size || start >= end)
		return NULL;
	area = kmalloc(sizeof(*area), GFP_KERNEL);
	if (!area)
		return NULL;
	va = alloc_vmap_area(size + PAGE_SIZE, align, start, end);
	if (!va) {
		kfree(area);
		return NULL;
	}
	attach_vm_struct(area, va, flags, caller);
	return area;
}

/* The 2.6 design's get_area: page alignment, unless ioremap() wants more. */
static struct vm_struct *vmap_get_area(unsigned long size, unsigned long flags,
				       unsigned long start, unsigned long end,
				       void *caller)
{
	return __get_vm_area_node(size, 1, flags, start, end, caller);
}

/* The 2.6 find_vm_area(): the tree finds the vmap_area. */
static struct vm_struct *__find_vm_area(const void *addr)
{
	struct vmap_area *va = find_vmap_area((unsigned long)addr);

	if (va && (va->flags & VM_VM_AREA))
		return va->private;
	return NULL;
}

/*
 * The 2.6 remove_vm_area(): find the vmap_area in the tree, detach its
 * vm_struct (from it and from vmlist) and free the range lazily.
 */
static struct vm_struct *__remove_vm_area(const void *addr)
{
	struct vmap_area *va;
	struct vm_struct *vm = NULL;

	spin_lock(&vmap_area_lock);
	va = __find_vmap_area((unsigned long)addr);
	if (va && (va->flags & VM_VM_AREA)) {
		vm = va->private;
		va->private = NULL;
		va->flags &= ~VM_VM_AREA;
	}
	spin_unlock(&vmap_area_lock);
	if (!vm)
		return NULL;
	unlink_vmalloc_vmlist(vm);
	free_unmap_vmap_area(va);
	return vm;
}

/*
 * Give back the pages a 2.6 vmalloc() recorded in @area->pages, then the
 * array itself (vfree()'d if it was vmalloc'ed).
 */
static void free_page_array(struct vm_struct *area)
{
	for (unsigned int i = 0; i < area->nr_pages; i++)
		__free_page(area->pages[i]);
	if (area->flags & VM_VPAGES)
		vfree(area->pages);
	else
		kfree(area->pages);
}

/*
 * The 2.6 vfree() (@deallocate_pages) and vunmap(): remove the area,
 * free its pages from pages[] if asked, and the vm_struct. -EINVAL if no
 * area starts at @addr (vfree() reports it; 2.6 puts the message in a
 * WARN(), vmm386 prints it as 2.4 does).
 */
static int __vunmap(const void *addr, int deallocate_pages)
{
	struct vm_struct *area = __remove_vm_area(addr);

	if (!area)
		return -EINVAL;
	if (deallocate_pages && area->pages)
		free_page_array(area);
	kfree(area);
	return 0;
}

/*
 * An empty array for @nr page pointers, for @area: kmalloc'ed, or
 * vmalloc'ed itself if it is larger than a page (flag VM_VPAGES).
 */
static struct page **alloc_page_array(struct vm_struct *area,
				      unsigned int nr, unsigned int gfp_mask)
{
	unsigned long bytes = nr * sizeof(struct page *);
	struct page **array;

	if (bytes <= PAGE_SIZE) {
		array = kmalloc(bytes, GFP_KERNEL);
	} else {
		array = __vmalloc_node(bytes, gfp_mask, PAGE_KERNEL,
				       area->caller);
		if (array)
			area->flags |= VM_VPAGES;
	}
	if (array)
		memset(array, 0, bytes);
	return array;
}

/*
 * Fill @area's array with @nr pages from alloc_page(@gfp_mask), counting
 * each in nr_pages as it comes, so that vfree() can give back exactly
 * those if one is missing.
 */
static int alloc_array_pages(struct vm_struct *area, unsigned int nr,
			     unsigned int gfp_mask)
{
	while (area->nr_pages < nr) {
		struct page *page = alloc_page(gfp_mask);

		if (!page)
			return -ENOMEM;
		area->pages[area->nr_pages++] = page;
	}
	return 0;
}

/*
 * The 2.6 way to fill a vmalloc() area: the array of its pages, every
 * page, then one mapping of them all. On failure what was obtained stays
 * recorded in @area, for vfree(); no page table was touched unless the
 * mapping itself failed.
 */
static int __vmalloc_area_node(struct vm_struct *area, unsigned int gfp_mask,
			       pgprot_t prot)
{
	unsigned int nr = (area->size - PAGE_SIZE) >> PAGE_SHIFT;
	struct page **next;

	area->pages = alloc_page_array(area, nr, gfp_mask);
	if (!area->pages)
		return -ENOMEM;
	if (alloc_array_pages(area, nr, gfp_mask))
		return -ENOMEM;
	next = area->pages;
	return map_vm_area(area, prot, &next);
}

/* The area whose range holds @address, or NULL; vmap_area_lock held. */
static struct vmap_area *vmap_area_containing(unsigned long address)
{
	struct rb_node *n = vmap_area_root.rb_node;

	while (n) {
		struct vmap_area *va = rb_entry(n, struct vmap_area, rb_node);

		if (address < va->va_start)
			n = n->rb_left;
		else if (address >= va->va_end)
			n = n->rb_right;
		else
			return va;
	}
	return NULL;
}

/*
 * For the oops report: if @address is inside a vmap_area that was freed
 * but not yet purged, say so. Returns true if it printed something.
 */
static bool show_vmap_area(unsigned long address)
{
	struct vmap_area *va;

	if (!spin_trylock(&vmap_area_lock))
		return false;
	va = vmap_area_containing(address);
	if (va)
		printk(KERN_ALERT "vmalloc: %08lx is in vmap area "
		       "0x%08lx-0x%08lx, freed, awaiting a purge\n",
		       address, va->va_start, va->va_end);
	spin_unlock(&vmap_area_lock);
	return va != NULL;
}

/*
 * Let the test framework read its counters in a settled state: lazily
 * freed areas still hold their vmap_area objects, which a case that
 * freed everything must not be blamed for.
 */
static void vmap_settle(void)
{
	vm_unmap_aliases();
}

/* Start the 2.6 design (from vmalloc_init()). */
static void vmap_area_init(void)
{
	register_settle(vmap_settle);
}

/**
 * The 2.6 design (`vmalloc=2.6`), for vmalloc_init() to choose: ranges
 * from the vmap_area tree, pages recorded in pages[], freeing lazy.
 */
const struct vmalloc_ops vmap_area_ops = {
	.name		= "Linux 2.6 vmap_area tree, lazy TLB purging",
	.get_area	= vmap_get_area,
	.find_area	= __find_vm_area,
	.remove_area	= __remove_vm_area,
	.vunmap		= __vunmap,
	.fill_area	= __vmalloc_area_node,
	.vmalloc_limit	= &totalram_pages,	/* 2.6's __vmalloc_node() */
	.vmap_limit	= &totalram_pages,	/* 2.6's vmap() */
	.vmap_takes_ref	= false,
	.unmap_aliases	= purge_vmap_area_lazy,
	.show_freed_area = show_vmap_area,
	.init		= vmap_area_init,
};
