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
 */
#include <vmalloc.h>
#include <mm.h>
#include <pgtable.h>
#include <tlbflush.h>
#include <slab.h>
#include <kernel.h>
#include <string.h>
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

/* The area that starts at @addr, or NULL. */
struct vmap_area *find_vmap_area(unsigned long addr)
{
	struct vmap_area *va;

	spin_lock(&vmap_area_lock);
	va = __find_vmap_area(addr);
	spin_unlock(&vmap_area_lock);
	return va;
}

/*
 * Link @va into the tree by address and into the list right after its
 * in-order predecessor. Overlapping another area is a kernel bug.
 */
static void __insert_vmap_area(struct vmap_area *va)
{
	struct rb_node **p = &vmap_area_root.rb_node, *parent = NULL, *prev;

	while (*p) {
		struct vmap_area *tmp;

		parent = *p;
		tmp = rb_entry(parent, struct vmap_area, rb_node);
		if (va->va_end <= tmp->va_start)
			p = &parent->rb_left;
		else if (va->va_start >= tmp->va_end)
			p = &parent->rb_right;
		else
			BUG();
	}
	rb_link_node(&va->rb_node, parent, p);
	rb_insert_color(&va->rb_node, &vmap_area_root);
	prev = rb_prev(&va->rb_node);
	if (prev)
		list_add(&va->list,
			 &rb_entry(prev, struct vmap_area, rb_node)->list);
	else
		list_add(&va->list, &vmap_area_list);
	vmap_stats.live_areas++;
}

static void purge_vmap_area_lazy(void);

/*
 * Find @size bytes (guard page included) aligned to @align inside
 * [@vstart, @vend) and return a new vmap_area for them, or NULL.
 *
 * Start from the cached area if the cache may be used, else descend the
 * tree to the lowest area that ends at or after @vstart. Then walk the
 * list upwards: while the candidate range runs into the area ahead, move
 * the candidate past that area plus one page. (2.6.32 keeps that extra
 * page between areas, on top of the guard page each range includes.)
 * If nothing fits, purge the lazily freed areas once and try again.
 */
struct vmap_area *alloc_vmap_area(unsigned long size, unsigned long align,
				  unsigned long vstart, unsigned long vend)
{
	struct vmap_area *va, *first = NULL;
	struct rb_node *n;
	unsigned long addr;
	int purged = 0;

	BUG_ON(!size || (size & ~PAGE_MASK));
	va = kmalloc(sizeof(*va), GFP_KERNEL);
	if (!va)
		return NULL;
retry:
	spin_lock(&vmap_area_lock);
	if (!vmap_hole_cache || !free_vmap_cache ||
	    size <= cached_hole_size || vstart < cached_vstart ||
	    align < cached_align) {
nocache:
		cached_hole_size = 0;
		free_vmap_cache = NULL;
	}
	cached_vstart = vstart;
	cached_align = align;

	if (free_vmap_cache) {
		first = rb_entry(free_vmap_cache, struct vmap_area, rb_node);
		addr = ALIGN(first->va_end + PAGE_SIZE, align);
		if (addr < vstart)
			goto nocache;
		if (addr + size - 1 < addr)
			goto overflow;
	} else {
		addr = ALIGN(vstart, align);
		if (addr + size - 1 < addr)
			goto overflow;
		first = NULL;
		for (n = vmap_area_root.rb_node; n; ) {
			struct vmap_area *tmp;

			tmp = rb_entry(n, struct vmap_area, rb_node);
			if (tmp->va_end >= addr) {
				first = tmp;
				n = n->rb_left;
			} else {
				n = n->rb_right;
			}
		}
		if (!first)
			goto found;
	}

	while (addr + size > first->va_start && addr + size <= vend) {
		if (addr + cached_hole_size < first->va_start)
			cached_hole_size = first->va_start - addr;
		addr = ALIGN(first->va_end + PAGE_SIZE, align);
		if (addr + size - 1 < addr)
			goto overflow;
		if (first->list.next == &vmap_area_list)
			goto found;
		first = list_entry(first->list.next, struct vmap_area, list);
	}
found:
	if (addr + size > vend || addr + size < addr)
		goto overflow;
	va->va_start = addr;
	va->va_end = addr + size;
	va->flags = 0;
	va->private = NULL;
	__insert_vmap_area(va);
	free_vmap_cache = &va->rb_node;
	spin_unlock(&vmap_area_lock);
	return va;

overflow:
	spin_unlock(&vmap_area_lock);
	if (!purged) {
		purge_vmap_area_lazy();
		purged = 1;
		goto retry;
	}
	printk(KERN_WARNING "vmap allocation for size %lu failed: use "
	       "vmalloc=<size> to increase size.\n", size);
	vmap_stats.failures++;
	kfree(va);
	return NULL;
}

/*
 * Take @va out of the tree and the list and free it; vmap_area_lock held.
 * If it was at or below the cached search start, the cache moves to its
 * predecessor so the gap it leaves is found.
 */
static void __free_vmap_area(struct vmap_area *va)
{
	if (free_vmap_cache) {
		struct vmap_area *cache = rb_entry(free_vmap_cache,
						   struct vmap_area, rb_node);

		if (va->va_end < cached_vstart)
			free_vmap_cache = NULL;
		else if (va->va_start <= cache->va_start)
			free_vmap_cache = rb_prev(&va->rb_node);
	}
	rb_erase(&va->rb_node, &vmap_area_root);
	RB_CLEAR_NODE(&va->rb_node);
	list_del(&va->list);
	vmap_stats.live_areas--;
	kfree(va);
}

/*
 * Unmap every lazily freed area, flush the TLB once for all of them, and
 * free them (Linux's __purge_vmap_area_lazy()). @sync waits for a purge
 * in progress instead of leaving the work to it; @force_flush flushes
 * even if nothing was waiting. The unmapping happens first, the flush
 * next, and only then may the ranges be given out again.
 */
static void __purge_vmap_area_lazy(int sync, int force_flush)
{
	static DEFINE_SPINLOCK(purge_lock);
	LIST_HEAD(valist);
	struct vmap_area *va, *n_va;
	unsigned long nr = 0, areas = 0;

	if (!sync && !force_flush) {
		if (!spin_trylock(&purge_lock))
			return;
	} else {
		spin_lock(&purge_lock);
	}
	spin_lock(&vmap_area_lock);
	list_for_each_entry(va, &vmap_area_list, list) {
		if (!(va->flags & VM_LAZY_FREE))
			continue;
		nr += (va->va_end - va->va_start) >> PAGE_SHIFT;
		unmap_kernel_range_noflush(va->va_start,
					   va->va_end - va->va_start);
		list_add_tail(&va->purge_list, &valist);
		va->flags |= VM_LAZY_FREEING;
		va->flags &= ~VM_LAZY_FREE;
	}
	vmap_stats.lazy_pages -= nr;
	spin_unlock(&vmap_area_lock);

	/* 2.6: flush_tlb_kernel_range(), which on i386 flushes it all. */
	if (nr || force_flush)
		flush_tlb_all();
	if (nr) {
		spin_lock(&vmap_area_lock);
		list_for_each_entry_safe(va, n_va, &valist, purge_list) {
			__free_vmap_area(va);
			areas++;
		}
		vmap_stats.purges++;
		vmap_stats.purged_areas += areas;
		spin_unlock(&vmap_area_lock);
	}
	spin_unlock(&purge_lock);
}

/* Purge unless someone else is purging already. */
static void try_purge_vmap_area_lazy(void)
{
	__purge_vmap_area_lazy(0, 0);
}

/* Purge, waiting for any purge in progress. */
static void purge_vmap_area_lazy(void)
{
	__purge_vmap_area_lazy(1, 0);
}

/*
 * Free @va lazily: its ptes and its range stay until a purge. Too many
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

/**
 * Make sure no vmalloc range that was freed is still mapped, in the page
 * tables or in a TLB: purge every lazily freed area now (Linux 2.6's
 * vm_unmap_aliases()). A no-op under the 2.4 design, which never leaves
 * such aliases.
 */
void vm_unmap_aliases(void)
{
	if (vmalloc_design != VMALLOC_DESIGN_26)
		return;
	purge_vmap_area_lazy();
}

/* ---- vm_struct on top of vmap_area --------------------------------------- */

/*
 * The 2.6 get_vm_area(): a vm_struct for a new vmap_area of @size bytes
 * plus a guard page, inside [@start, @end). An ioremap() range is aligned
 * to its size rounded up to a power of two (at most 128 pages), so large
 * device mappings can use large pages on machines that have them.
 */
struct vm_struct *__get_vm_area_node(unsigned long size, unsigned long align,
				     unsigned long flags, unsigned long start,
				     unsigned long end, void *caller)
{
	struct vmap_area *va;
	struct vm_struct *area;

	if (flags & VM_IOREMAP) {
		int bit = fls(size);

		if (bit > IOREMAP_MAX_ORDER)
			bit = IOREMAP_MAX_ORDER;
		else if (bit < PAGE_SHIFT)
			bit = PAGE_SHIFT;
		align = 1UL << bit;
	}
	size = PAGE_ALIGN(size);
	if (!size || size + PAGE_SIZE < size || start >= end)
		return NULL;
	area = kmalloc(sizeof(*area), GFP_KERNEL);
	if (!area)
		return NULL;
	size += PAGE_SIZE;			/* the guard page */
	va = alloc_vmap_area(size, align, start, end);
	if (!va) {
		kfree(area);
		return NULL;
	}
	memset(area, 0, sizeof(*area));
	area->flags = flags;
	area->addr = (void *)va->va_start;
	area->size = va->va_end - va->va_start;
	area->caller = caller;
	va->private = area;
	va->flags |= VM_VM_AREA;
	insert_vmalloc_vmlist(area);
	return area;
}

/* The 2.6 find_vm_area(): the tree finds the vmap_area. */
struct vm_struct *__find_vm_area(const void *addr)
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
struct vm_struct *__remove_vm_area(const void *addr)
{
	struct vmap_area *va;
	struct vm_struct *vm;

	spin_lock(&vmap_area_lock);
	va = __find_vmap_area((unsigned long)addr);
	if (!va || !(va->flags & VM_VM_AREA)) {
		spin_unlock(&vmap_area_lock);
		return NULL;
	}
	vm = va->private;
	va->private = NULL;
	va->flags &= ~VM_VM_AREA;
	spin_unlock(&vmap_area_lock);
	unlink_vmalloc_vmlist(vm);
	free_unmap_vmap_area(va);
	return vm;
}

/*
 * The 2.6 vfree() (@deallocate_pages) and vunmap(): remove the area, then
 * free its pages from pages[] and the array itself (vfree()'d if it was
 * vmalloc'ed), and the vm_struct. Bad addresses get Linux's messages.
 * (2.6 puts them in a WARN(); vmm386 prints them as 2.4 does.)
 */
void __vunmap(const void *addr, int deallocate_pages)
{
	struct vm_struct *area;

	if (!addr)
		return;
	if ((unsigned long)addr & ~PAGE_MASK) {
		printk(KERN_ERR "Trying to vfree() bad address (%p)\n", addr);
		return;
	}
	area = __remove_vm_area(addr);
	if (!area) {
		printk(KERN_ERR "Trying to vfree() nonexistent vm area (%p)\n",
		       addr);
		return;
	}
	if (deallocate_pages && area->pages) {
		for (unsigned int i = 0; i < area->nr_pages; i++)
			__free_page(area->pages[i]);
		if (area->flags & VM_VPAGES)
			vfree(area->pages);
		else
			kfree(area->pages);
	}
	kfree(area);
}

/*
 * Fill @area: an array of its pages (kmalloc'ed, or vmalloc'ed itself if
 * larger than a page), every page from alloc_page(@gfp_mask), then the
 * mapping. A failure anywhere frees what was allocated: nr_pages counts
 * only the pages obtained, and vfree() gives them back.
 */
static void *__vmalloc_area_node(struct vm_struct *area,
				 unsigned int gfp_mask, pgprot_t prot,
				 void *caller)
{
	unsigned int nr_pages = (area->size - PAGE_SIZE) >> PAGE_SHIFT;
	unsigned long array_size = nr_pages * sizeof(struct page *);
	struct page **pages;

	if (array_size > PAGE_SIZE) {
		pages = __vmalloc_node(array_size, gfp_mask, PAGE_KERNEL,
				       caller);
		area->flags |= VM_VPAGES;
	} else {
		pages = kmalloc(array_size, GFP_KERNEL);
	}
	if (!pages) {
		area->flags &= ~VM_VPAGES;
		vfree(area->addr);
		return NULL;
	}
	memset(pages, 0, array_size);
	area->pages = pages;
	for (unsigned int i = 0; i < nr_pages; i++) {
		struct page *page = alloc_page(gfp_mask);

		if (!page)
			goto fail;
		pages[i] = page;
		area->nr_pages = i + 1;
	}
	if (map_vm_area(area, prot, &pages))
		goto fail;
	return area->addr;

fail:
	vfree(area->addr);
	return NULL;
}

/* The 2.6 __vmalloc() for an already checked, page-aligned @size. */
void *__vmalloc_node(unsigned long size, unsigned int gfp_mask,
		     pgprot_t prot, void *caller)
{
	struct vm_struct *area;

	area = __get_vm_area_node(size, 1, VM_ALLOC, VMALLOC_START,
				  VMALLOC_END, caller);
	if (!area)
		return NULL;
	return __vmalloc_area_node(area, gfp_mask, prot, caller);
}

/*
 * For the oops report: if @address is inside a vmap_area that was freed
 * but not yet purged, say so. Returns true if it printed something.
 */
bool show_vmap_area(unsigned long address)
{
	struct vmap_area *va;
	struct rb_node *n;
	bool found = false;

	if (!spin_trylock(&vmap_area_lock))
		return false;
	for (n = vmap_area_root.rb_node; n; ) {
		va = rb_entry(n, struct vmap_area, rb_node);
		if (address < va->va_start) {
			n = n->rb_left;
		} else if (address >= va->va_end) {
			n = n->rb_right;
		} else {
			printk(KERN_ALERT "vmalloc: %08lx is in vmap area "
			       "0x%08lx-0x%08lx, freed, awaiting a purge\n",
			       address, va->va_start, va->va_end);
			found = true;
			break;
		}
	}
	spin_unlock(&vmap_area_lock);
	return found;
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
void vmap_area_init(void)
{
	register_settle(vmap_settle);
}
