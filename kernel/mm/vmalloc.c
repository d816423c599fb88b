// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmalloc.c - non-contiguous memory allocation (Linux 2.4: mm/vmalloc.c;
 * the book's Chapter 8). See vmalloc.h for the interface and the two
 * designs; this file is the 2.4 design and what both designs share.
 *
 * Allocating under the 2.4 design (Linux 2.4's call graph, with the
 * design's table in the middle):
 *
 *   vmalloc(size)
 *     __vmalloc_node(size, GFP_KERNEL | __GFP_HIGHMEM, PAGE_KERNEL)
 *       vmlist_get_area()              first gap in vmlist, + guard page
 *       vmlist_fill_area()
 *         vmalloc_area_pages()         for each pgd entry of the range:
 *           alloc_area_pmd()             for each pmd: pte_alloc_kernel()
 *             alloc_area_pte()             for each pte: alloc_page()
 *
 * Freeing walks the same levels: vfree() unlinks the vm_struct, then
 * vmfree_area_pages() -> free_area_pmd() -> free_area_pte() clears each
 * pte, frees its page and finally flushes the TLB. Page tables are never
 * freed: the vmalloc window keeps whatever tables it ever needed.
 *
 * Only init_mm's page tables (swapper_pg_dir) change. A page directory
 * copied earlier (another address space) lacks new pgd entries until its
 * first touch of them faults; the page-fault handler then copies the
 * entry (mm/fault.c). New ptes need no TLB flush: an empty pte cannot be
 * cached.
 *
 * One walk serves every mapper. Linux 2.4 has a second copy of it in
 * arch/i386/mm/ioremap.c (remap_area_pages() mapping consecutive frames)
 * and 2.6 a third (vmap_page_range()); here one walk is told where each
 * page comes from by a struct vm_source.
 *
 * What the two designs do differently is a struct vmalloc_ops: this
 * file's vmlist_ops, or vmap_area.c's vmap_area_ops under `vmalloc=2.6`.
 * vmalloc_init() chooses one at boot; the public functions check their
 * arguments and call through it. The page-table walks, vread() and
 * /proc/vmallocinfo are shared.
 *
 * An area becomes visible to vread() and /proc/vmallocinfo only when it
 * is mapped: vmalloc(), vmap() and ioremap() reserve it VM_UNINITIALIZED
 * and clear the flag when the last pte is in place. Both designs link an
 * area into vmlist when they reserve it, and a reader that came by in
 * between (a preempted vmalloc() is enough) would copy from ptes not yet
 * filled, and oops.
 */
#include <vmalloc.h>
#include <mm.h>
#include <pgtable.h>
#include <mm_types.h>
#include <tlbflush.h>
#include <slab.h>
#include <kernel.h>
#include <string.h>
#include <errno.h>
#include <init.h>
#include "internal.h"

struct vm_struct *vmlist;
DEFINE_SPINLOCK(vmlist_lock);
enum vmalloc_impl vmalloc_design = VMALLOC_DESIGN_24;

/* ---- the page-table walks ------------------------------------------------ */

/*
 * The end of the part of [@addr, @end) that one pgd (pmd) entry covers:
 * the next boundary, or @end if that comes first. Comparing "minus one"
 * keeps it right when the boundary wraps to 0 at the top of memory.
 */
static unsigned long pgd_range_end(unsigned long addr, unsigned long end)
{
	unsigned long boundary = (addr + PGDIR_SIZE) & PGDIR_MASK;

	return boundary - 1 < end - 1 ? boundary : end;
}

static unsigned long pmd_range_end(unsigned long addr, unsigned long end)
{
	unsigned long boundary = (addr + PMD_SIZE) & PMD_MASK;

	return boundary - 1 < end - 1 ? boundary : end;
}

/*
 * Clear the ptes of [@address, @end) under @pmd, one page table's worth.
 * A present page goes back to the buddy allocator if @free_pages says so
 * and it is an ordinary page (a reserved frame, or one outside mem_map,
 * belongs to a device or to the kernel image). There is no swapping of
 * kernel pages, so a pte that is neither empty nor present is corrupt.
 * A bad pmd (not a kernel page table: a large page, stray bits) is
 * reported and cleared, as Linux 2.4 does; whatever it pointed to is not
 * touched.
 */
static void free_area_pte(pmd_t *pmd, unsigned long address,
			  unsigned long end, int free_pages)
{
	pte_t *pte;

	if (pmd_none(*pmd))
		return;
	if (pmd_bad(*pmd)) {
		printk(KERN_ERR "free_area_pte: bad pmd %08lx for %08lx\n",
		       pmd_val(*pmd), address);
		pmd_clear(pmd);
		return;
	}
	pte = pte_offset_kernel(pmd, address);
	do {
		pte_t old = *pte;

		pte_clear(pte);
		if (pte_present(old)) {
			struct page *page = pte_page(old);

			if (free_pages && VALID_PAGE(page) &&
			    !PageReserved(page))
				__free_page(page);
		} else if (!pte_none(old)) {
			printk(KERN_CRIT "Whee.. Swapped out page in kernel "
			       "page table\n");
		}
	} while (pte++, address += PAGE_SIZE, address != end);
}

/*
 * The middle level of the walk: each pmd of one pgd entry's range. With
 * the pmd folded into the pgd, pgd_bad() is never true and the report
 * below never printed (Linux 2.4 also clears the entry there; here
 * there is no pgd_clear() to call: the pmd level does the clearing).
 */
static void free_area_pmd(pgd_t *dir, unsigned long address,
			  unsigned long end, int free_pages)
{
	pmd_t *pmd;
	unsigned long next;

	if (pgd_none(*dir))
		return;
	if (pgd_bad(*dir)) {
		printk(KERN_ERR "free_area_pmd: bad pgd %08lx\n",
		       pgd_val(*dir));
		return;
	}
	pmd = pmd_offset(dir, address);
	do {
		next = pmd_range_end(address, end);
		free_area_pte(pmd, address, next, free_pages);
	} while (pmd++, address = next, address != end);
}

/* The top of the walk: each pgd entry of [@address, @address + @size). */
static void free_area_pages(unsigned long address, unsigned long size,
			    int free_pages)
{
	pgd_t *dir = pgd_offset_k(address);
	unsigned long end = address + size, next;

	if (!size)
		return;
	do {
		next = pgd_range_end(address, end);
		free_area_pmd(dir, address, next, free_pages);
	} while (dir++, address = next, address != end);
}

/**
 * Unmap [@p address, @p address + @p size) in init_mm, free the pages it
 * mapped, then flush the whole TLB (Linux 2.4's vmfree_area_pages()). The
 * flush is what makes the range safe to hand out again: no CPU may still
 * translate it to the freed pages.
 */
void vmfree_area_pages(unsigned long address, unsigned long size)
{
	free_area_pages(address, size, 1);
	flush_tlb_all();
}

/**
 * Clear the ptes of [@p addr, @p addr + @p size) and nothing else: the
 * pages stay with their owner and the TLB may still hold the
 * translations (Linux 2.6's unmap_kernel_range_noflush(); the 2.6
 * design's purge flushes later).
 */
void unmap_kernel_range_noflush(unsigned long addr, unsigned long size)
{
	free_area_pages(addr, size, 0);
}

/**
 * Clear the ptes of [@p addr, @p addr + @p size) without freeing the pages
 * they map, then flush the TLB (Linux 2.6's unmap_kernel_range(); on i386
 * a kernel range flush is a full flush).
 */
void unmap_kernel_range(unsigned long addr, unsigned long size)
{
	unmap_kernel_range_noflush(addr, size);
	flush_tlb_all();
}

/* Where the mapping walk finds the frame for each pte it fills. */
enum vm_source_kind {
	VMS_ALLOC,	/* a new page from alloc_page(gfp_mask): vmalloc */
	VMS_PAGES,	/* the next page of an array: vmap */
	VMS_PHYS,	/* the next physical frame: ioremap */
};

struct vm_source {
	enum vm_source_kind kind;
	unsigned int gfp_mask;	/* VMS_ALLOC */
	struct page **pages;	/* VMS_PAGES: the next page to map */
	int get_ref;		/* VMS_PAGES: take a reference (2.4's vmap) */
	unsigned long phys;	/* VMS_PHYS: the next frame to map */
	unsigned long mapped;	/* ptes filled so far */
};

/* Make the pte for the next page of @src, or fail with -ENOMEM. */
static int next_pte(struct vm_source *src, pgprot_t prot, pte_t *entry)
{
	struct page *page;

	switch (src->kind) {
	case VMS_PHYS:
		*entry = mk_pte_phys(src->phys, prot);
		src->phys += PAGE_SIZE;
		return 0;
	case VMS_PAGES:
		page = *src->pages;
		if (!page)
			return -ENOMEM;
		src->pages++;
		if (src->get_ref)
			get_page(page);
		break;
	default:
		page = alloc_page(src->gfp_mask);
		if (!page)
			return -ENOMEM;
	}
	*entry = mk_pte(page, prot);
	return 0;
}

/*
 * Fill the ptes of [@address, @end), one page table's worth, from @src.
 * Linux 2.4 reports a pte that is already in use and overwrites it; so
 * does vmm386 (the old page is lost, never freed twice). On failure the
 * ptes filled so far stay: the caller's vfree() takes them down.
 */
static int alloc_area_pte(pte_t *pte, unsigned long address,
			  unsigned long end, pgprot_t prot,
			  struct vm_source *src)
{
	do {
		pte_t entry;
		int err;

		if (!pte_none(*pte))
			printk(KERN_ERR "alloc_area_pte: page already exists\n");
		err = next_pte(src, prot, &entry);
		if (err)
			return err;
		set_pte(pte, entry);
		src->mapped++;
	} while (pte++, address += PAGE_SIZE, address != end);
	return 0;
}

/*
 * The middle level: make sure each pmd of one pgd entry's range has a
 * page table (pte_alloc_kernel() adds one, from low memory, and it stays
 * forever), then fill it.
 */
static int alloc_area_pmd(pmd_t *pmd, unsigned long address,
			  unsigned long end, pgprot_t prot,
			  struct vm_source *src)
{
	unsigned long next;

	do {
		pte_t *pte = pte_alloc_kernel(pmd, address);
		int err;

		if (!pte)
			return -ENOMEM;
		next = pmd_range_end(address, end);
		err = alloc_area_pte(pte, address, next, prot, src);
		if (err)
			return err;
	} while (pmd++, address = next, address != end);
	return 0;
}

/*
 * The top of the mapping walk, over the pgd entries of init_mm for
 * [@address, @address + @size). Unlike Linux 2.4 no lock is held across
 * the walk: the range belongs to the caller alone, and the one shared
 * step, giving a pmd its page table, is made safe by pte_alloc_kernel()
 * with init_mm.page_table_lock (2.6 does the same).
 */
static int __vmalloc_area_pages(unsigned long address, unsigned long size,
				pgprot_t prot, struct vm_source *src)
{
	pgd_t *dir = pgd_offset_k(address);
	unsigned long end = address + size, next;

	if (!size)
		return 0;
	do {
		pmd_t *pmd = pmd_alloc(&init_mm, dir, address);
		int err;

		if (!pmd)
			return -ENOMEM;
		next = pgd_range_end(address, end);
		err = alloc_area_pmd(pmd, address, next, prot, src);
		if (err)
			return err;
	} while (dir++, address = next, address != end);
	return 0;
}

/**
 * Map new pages, from alloc_page(@p gfp_mask), at every page of
 * [@p address, @p address + @p size) in init_mm with protection @p prot
 * (Linux 2.4's vmalloc_area_pages()). Returns 0, or -ENOMEM with the
 * pages mapped so far still in place for the caller to vfree().
 */
int vmalloc_area_pages(unsigned long address, unsigned long size,
		       unsigned int gfp_mask, pgprot_t prot)
{
	struct vm_source src = { .kind = VMS_ALLOC, .gfp_mask = gfp_mask };

	return __vmalloc_area_pages(address, size, prot, &src);
}

/**
 * Map @p area (all but its guard page) to @p pages in order; with
 * @p get_ref, each page gets a reference of the mapping's own (Linux
 * 2.4's vmap() does that, and its vfree() drops it; 2.6 leaves
 * references alone).
 */
int __map_vm_area(struct vm_struct *area, pgprot_t prot, struct page **pages,
		  int get_ref)
{
	struct vm_source src = { .kind = VMS_PAGES, .pages = pages,
				 .get_ref = get_ref };

	return __vmalloc_area_pages((unsigned long)area->addr,
				    area->size - PAGE_SIZE, prot, &src);
}

/**
 * Map @p area, its guard page excepted, to the pages of the array
 * *@p pages, and advance *@p pages past the pages it used (Linux 2.6's
 * map_vm_area()). No reference is taken. Returns 0 or -ENOMEM (a NULL
 * entry in the array, or no page table).
 */
int map_vm_area(struct vm_struct *area, pgprot_t prot, struct page ***pages)
{
	struct vm_source src = { .kind = VMS_PAGES, .pages = *pages };
	int err = __vmalloc_area_pages((unsigned long)area->addr,
				       area->size - PAGE_SIZE, prot, &src);

	*pages += src.mapped;
	return err;
}

/**
 * Map the physical range [@p phys_addr, @p phys_addr + @p size) at
 * @p address with protection @p prot (the walk of Linux 2.4's
 * arch/i386/mm/ioremap.c). Frames are mapped as they are: no struct page
 * is touched, no reference taken.
 */
int remap_area_pages(unsigned long address, unsigned long phys_addr,
		     unsigned long size, pgprot_t prot)
{
	struct vm_source src = { .kind = VMS_PHYS, .phys = phys_addr };

	return __vmalloc_area_pages(address, size, prot, &src);
}

/* ---- the list of areas --------------------------------------------------- */

/*
 * The first link of vmlist (the list head or an area's next) that points
 * at an area starting at or above @addr, or at the end of the list: where
 * an area at @addr belongs. vmlist_lock held.
 */
static struct vm_struct **vmlist_link_from(const void *addr)
{
	struct vm_struct **link = &vmlist;

	while (*link && (*link)->addr < addr)
		link = &(*link)->next;
	return link;
}

/**
 * Link @p vm into vmlist in address order (the 2.6 design keeps vmlist
 * too, for vread() and /proc/vmallocinfo, as Linux 2.6.32 does).
 */
void insert_vmalloc_vmlist(struct vm_struct *vm)
{
	struct vm_struct **link;

	spin_lock(&vmlist_lock);
	link = vmlist_link_from(vm->addr);
	vm->next = *link;
	*link = vm;
	spin_unlock(&vmlist_lock);
}

/*
 * The link of vmlist that points at the area starting at @addr, or NULL
 * if no area starts there. vmlist_lock held.
 */
static struct vm_struct **vmlist_link_to(const void *addr)
{
	struct vm_struct **link = vmlist_link_from(addr);

	return *link && (*link)->addr == addr ? link : NULL;
}

/** Unlink @p vm from vmlist (it must be there). */
void unlink_vmalloc_vmlist(struct vm_struct *vm)
{
	struct vm_struct **link;

	spin_lock(&vmlist_lock);
	link = vmlist_link_to(vm->addr);
	if (link && *link == vm)
		*link = vm->next;
	spin_unlock(&vmlist_lock);
}

/*
 * Take the area that starts at @addr out of vmlist and return it, or
 * NULL if there is none. vmlist_lock held.
 */
static struct vm_struct *vmlist_unlink_at(const void *addr)
{
	struct vm_struct **link = vmlist_link_to(addr);
	struct vm_struct *vm;

	if (!link)
		return NULL;
	vm = *link;
	*link = vm->next;
	return vm;
}

/**
 * Let vread() and /proc/vmallocinfo see @p area: every page it is to map
 * is mapped now (Linux 3.10's clear_vm_uninitialized_flag()). Under
 * vmlist_lock, so a reader sees the area either not at all or whole.
 */
void clear_vm_uninitialized_flag(struct vm_struct *area)
{
	spin_lock(&vmlist_lock);
	area->flags &= ~VM_UNINITIALIZED;
	spin_unlock(&vmlist_lock);
}

/* Whether vmlist's readers may look at @vm: reserved and mapped both. */
static bool vm_area_visible(const struct vm_struct *vm)
{
	return !(vm->flags & VM_UNINITIALIZED);
}

/* ---- the 2.4 design: the sorted vm_struct list --------------------------- */

/*
 * Bytes of window an area of @size bytes takes: whole pages plus the
 * guard page. 0 if that is nothing or wraps past 4 GiB.
 */
static unsigned long span_with_guard(unsigned long size)
{
	size = PAGE_ALIGN(size);
	if (!size || size + PAGE_SIZE < size)
		return 0;
	return size + PAGE_SIZE;
}

/*
 * First fit in [@start, @end) for @span bytes: walk vmlist upwards with a
 * candidate address; each area either leaves room before it, or pushes
 * the candidate to its end. Returns the link where an area at *@found
 * keeps the list sorted, or NULL if the window has no such gap.
 * vmlist_lock held; @span fits in [@start, @end).
 */
static struct vm_struct **vmlist_first_fit(unsigned long span,
					   unsigned long start,
					   unsigned long end,
					   unsigned long *found)
{
	unsigned long highest = end - span;	/* the last start that fits */
	unsigned long candidate = start;
	struct vm_struct **link;

	for (link = &vmlist; *link; link = &(*link)->next) {
		unsigned long area_start = (unsigned long)(*link)->addr;

		if (candidate + span <= area_start)
			break;
		candidate = max(candidate, area_start + (*link)->size);
		if (candidate > highest)
			return NULL;
	}
	if (candidate > highest)
		return NULL;
	*found = candidate;
	return link;
}

/*
 * The 2.4 get_vm_area(): a new vm_struct for @size bytes plus a guard
 * page, first fit in [@start, @end), linked into vmlist where the walk
 * stopped. Linux 2.4 always searches the whole window; the range is
 * Linux 2.6's __get_vm_area() extension. Unlike 2.4 the size is rounded
 * up to pages here (2.6 does that too): an odd size would leave every
 * later area misaligned.
 */
static struct vm_struct *vmlist_get_area(unsigned long size,
					 unsigned long flags,
					 unsigned long start, unsigned long end,
					 void *caller)
{
	unsigned long span = span_with_guard(size), addr = 0;
	struct vm_struct *area, **link;

	if (!span || start >= end || span > end - start)
		return NULL;
	area = kmalloc(sizeof(*area), GFP_KERNEL);
	if (!area)
		return NULL;
	memset(area, 0, sizeof(*area));
	area->flags = flags;
	area->size = span;
	area->caller = caller;

	spin_lock(&vmlist_lock);
	link = vmlist_first_fit(span, start, end, &addr);
	if (link) {
		area->addr = (void *)addr;
		area->next = *link;
		*link = area;
	}
	spin_unlock(&vmlist_lock);
	if (!link) {
		kfree(area);
		return NULL;
	}
	return area;
}

/* The 2.4 find_vm_area(): a walk of vmlist. */
static struct vm_struct *vmlist_find_area(const void *addr)
{
	struct vm_struct **link;

	spin_lock(&vmlist_lock);
	link = vmlist_link_to(addr);
	spin_unlock(&vmlist_lock);
	return link ? *link : NULL;
}

/* The 2.4 remove_vm_area(): unlink, clear the ptes, flush at once. */
static struct vm_struct *vmlist_remove_area(const void *addr)
{
	struct vm_struct *area;

	spin_lock(&vmlist_lock);
	area = vmlist_unlink_at(addr);
	if (area)
		unmap_kernel_range((unsigned long)addr, area->size);
	spin_unlock(&vmlist_lock);
	return area;
}

/*
 * The 2.4 vfree(): unlink the area at @addr, give back every page its
 * ptes map -- for a vmap() area that drops the references vmap() took,
 * so 2.4 needs no separate vunmap() and @deallocate_pages does not
 * matter -- and flush the TLB. An ioremap() area's frames belong to a
 * device and are only unmapped. vmlist_lock is held over the whole
 * teardown, flush included, so no one can be given the range while a
 * TLB may still map it.
 */
static int vmlist_vunmap(const void *addr, int deallocate_pages)
{
	struct vm_struct *area;

	(void)deallocate_pages;
	spin_lock(&vmlist_lock);
	area = vmlist_unlink_at(addr);
	if (area && (area->flags & VM_IOREMAP))
		unmap_kernel_range((unsigned long)addr, area->size);
	else if (area)
		vmfree_area_pages((unsigned long)addr, area->size);
	spin_unlock(&vmlist_lock);
	if (!area)
		return -EINVAL;
	kfree(area);
	return 0;
}

/*
 * The 2.4 way to fill a vmalloc() area: one walk that allocates each page
 * as it maps it. On failure the pages mapped so far stay, for vfree().
 */
static int vmlist_fill_area(struct vm_struct *area, unsigned int gfp_mask,
			    pgprot_t prot)
{
	unsigned long bytes = area->size - PAGE_SIZE;
	int err;

	err = vmalloc_area_pages((unsigned long)area->addr, bytes, gfp_mask,
				 prot);
	if (!err)
		area->nr_pages = bytes >> PAGE_SHIFT;
	return err;
}

/* Linux 2.4's design (`vmalloc=2.4`, the default). */
static const struct vmalloc_ops vmlist_ops = {
	.name		= "Linux 2.4 vm_struct list",
	.get_area	= vmlist_get_area,
	.find_area	= vmlist_find_area,
	.remove_area	= vmlist_remove_area,
	.vunmap		= vmlist_vunmap,
	.fill_area	= vmlist_fill_area,
	.vmalloc_limit	= &num_physpages,	/* 2.4's __vmalloc() */
	.vmap_limit	= &max_mapnr,		/* 2.4's vmap() */
	.vmap_takes_ref	= true,
};

/* The design in use: chosen once, by vmalloc_init(). */
static const struct vmalloc_ops *vm_ops = &vmlist_ops;

/* ---- reserving and releasing ranges -------------------------------------- */

/**
 * Reserve @p size bytes (rounded up to pages, plus a guard page) of
 * kernel virtual space inside [@p start, @p end) and describe them with a
 * new vm_struct of @p flags, recording @p caller. NULL if the request is
 * empty, wraps around, or finds no gap. The 2.4 design takes the first
 * gap of vmlist; the 2.6 design asks its tree (alloc_vmap_area()).
 */
struct vm_struct *__get_vm_area_caller(unsigned long size,
				       unsigned long flags,
				       unsigned long start, unsigned long end,
				       void *caller)
{
	return vm_ops->get_area(size, flags, start, end, caller);
}

/**
 * Reserve a range of the vmalloc window for @p size bytes plus a guard
 * page: first fit from VMALLOC_START (Linux's get_vm_area()). The caller
 * maps it; vfree() (or free_vm_area()) gives it back. The area is
 * visible to vread() at once, as in Linux: map it before anyone reads.
 */
struct vm_struct *get_vm_area(unsigned long size, unsigned long flags)
{
	return __get_vm_area_caller(size, flags, VMALLOC_START, VMALLOC_END,
				    __builtin_return_address(0));
}

/**
 * Like get_vm_area(), but inside [@p start, @p end) (Linux 2.6's
 * __get_vm_area()).
 */
struct vm_struct *__get_vm_area(unsigned long size, unsigned long flags,
				unsigned long start, unsigned long end)
{
	return __get_vm_area_caller(size, flags, start, end,
				    __builtin_return_address(0));
}

/** The area that starts at @p addr, or NULL. */
struct vm_struct *find_vm_area(const void *addr)
{
	return vm_ops->find_area(addr);
}

/**
 * Take the area that starts at @p addr out of the window: unlink it and
 * clear its ptes (no page is freed), and return it for the caller to
 * kfree(); NULL if there is none (Linux 2.6's remove_vm_area()). Under
 * the 2.4 design the TLB is flushed at once, under 2.6 lazily.
 */
struct vm_struct *remove_vm_area(const void *addr)
{
	return vm_ops->remove_area(addr);
}

/**
 * Give back an area from get_vm_area() that the caller mapped (or not)
 * with its own pages: unmap it and free the vm_struct, leaving the pages
 * alone (Linux 2.6's free_vm_area()).
 */
void free_vm_area(struct vm_struct *area)
{
	struct vm_struct *ret = remove_vm_area(area->addr);

	if (ret != area) {
		printk(KERN_ERR "free_vm_area: %p is not a vm area in use\n",
		       area);
		return;
	}
	kfree(area);
}

/*
 * What vfree() and vunmap() share: NULL is nothing to do; an address
 * that is not page aligned, or where no area starts, is refused with
 * Linux's messages and changes nothing. The design takes the area down.
 */
static void take_down_area(const void *addr, int deallocate_pages)
{
	if (!addr)
		return;
	if ((unsigned long)addr & ~PAGE_MASK) {
		printk(KERN_ERR "Trying to vfree() bad address (%p)\n", addr);
		return;
	}
	if (vm_ops->vunmap(addr, deallocate_pages))
		printk(KERN_ERR "Trying to vfree() nonexistent vm area (%p)\n",
		       addr);
}

/**
 * Free the area @p addr that vmalloc() returned: unmap it, free its pages
 * and its vm_struct. NULL is ignored. An address that is not page aligned,
 * or where no area starts, is refused with Linux's messages and changes
 * nothing. The 2.4 design unmaps and flushes at once; the 2.6 design
 * frees the pages at once and the range lazily.
 */
void vfree(const void *addr)
{
	take_down_area(addr, 1);
}

/**
 * Undo a vmap(): unmap the range and free the vm_struct, leaving the
 * pages to their owner. (Linux 2.4 has no vunmap(): vfree() does it, and
 * drops the references vmap() took; so does this under the 2.4 design.)
 */
void vunmap(const void *addr)
{
	take_down_area(addr, 0);
}

/* ---- allocating ---------------------------------------------------------- */

/**
 * __vmalloc() for @p caller (Linux 2.6's name for the inner vmalloc). The
 * size is rounded up to pages; nothing is given for 0 bytes or for more
 * pages than the machine has. The area is reserved hidden from vread(),
 * filled by the design (2.4: page after page, mapping each; 2.6: all
 * pages, then one mapping), and shown only once it is whole. A failure
 * half-way gives everything back through vfree().
 */
void *__vmalloc_node(unsigned long size, unsigned int gfp_mask,
		     pgprot_t prot, void *caller)
{
	struct vm_struct *area;

	size = PAGE_ALIGN(size);
	if (!size || (size >> PAGE_SHIFT) > *vm_ops->vmalloc_limit)
		return NULL;
	area = __get_vm_area_caller(size, VM_ALLOC | VM_UNINITIALIZED,
				    VMALLOC_START, VMALLOC_END, caller);
	if (!area)
		return NULL;
	if (vm_ops->fill_area(area, gfp_mask, prot)) {
		vfree(area->addr);
		return NULL;
	}
	clear_vm_uninitialized_flag(area);
	return area->addr;
}

/**
 * Allocate @p size bytes of virtually contiguous memory from pages of
 * @p gfp_mask, mapped with @p prot. Returns NULL if @p size is 0, larger
 * than physical memory, or cannot be had.
 */
void *__vmalloc(unsigned long size, unsigned int gfp_mask, pgprot_t prot)
{
	return __vmalloc_node(size, gfp_mask, prot,
			      __builtin_return_address(0));
}

/**
 * Allocate @p size bytes of virtually contiguous kernel memory. The pages
 * may come from high memory: only the vmalloc mapping makes them
 * addressable. May sleep; not for interrupt context.
 */
void *vmalloc(unsigned long size)
{
	return __vmalloc_node(size, GFP_KERNEL | __GFP_HIGHMEM, PAGE_KERNEL,
			      __builtin_return_address(0));
}

/** Like vmalloc(), with every page from ZONE_DMA (below 16 MiB). */
void *vmalloc_dma(unsigned long size)
{
	return __vmalloc_node(size, GFP_KERNEL | GFP_DMA, PAGE_KERNEL,
			      __builtin_return_address(0));
}

/**
 * Like vmalloc(), with every page from low memory (32-bit addressable,
 * directly mapped: ZONE_NORMAL or ZONE_DMA).
 */
void *vmalloc_32(unsigned long size)
{
	return __vmalloc_node(size, GFP_KERNEL, PAGE_KERNEL,
			      __builtin_return_address(0));
}

/**
 * Map the @p count pages of @p pages, in order, at a new range of the
 * vmalloc window with protection @p prot; the area gets @p flags
 * (normally VM_MAP). The pages stay the caller's: vunmap() undoes the
 * mapping only. Under the 2.4 design each page gets an extra reference
 * while mapped, as in Linux 2.4.22. Returns NULL for 0 pages or more
 * pages than the machine has, or if no range or page table can be had.
 */
void *vmap(struct page **pages, unsigned int count, unsigned long flags,
	   pgprot_t prot)
{
	struct vm_struct *area;

	if (!count || count > *vm_ops->vmap_limit)
		return NULL;
	area = __get_vm_area_caller((unsigned long)count << PAGE_SHIFT,
				    flags | VM_UNINITIALIZED, VMALLOC_START,
				    VMALLOC_END, __builtin_return_address(0));
	if (!area)
		return NULL;
	if (__map_vm_area(area, prot, pages, vm_ops->vmap_takes_ref)) {
		vunmap(area->addr);
		return NULL;
	}
	clear_vm_uninitialized_flag(area);
	return area->addr;
}

/**
 * Make sure no vmalloc range that was freed is still mapped, in the page
 * tables or in a TLB (Linux 2.6's vm_unmap_aliases()). The 2.6 design
 * purges every lazily freed area now; the 2.4 design never leaves such
 * aliases, and there it does nothing.
 */
void vm_unmap_aliases(void)
{
	if (vm_ops->unmap_aliases)
		vm_ops->unmap_aliases();
}

/* ---- reading ------------------------------------------------------------- */

/**
 * The struct page mapped at vmalloc address @p addr in init_mm, or NULL
 * if none is (Linux's vmalloc_to_page()). Uses the kernel's one lookup,
 * lookup_address().
 */
struct page *vmalloc_to_page(const void *addr)
{
	unsigned long va = (unsigned long)addr;
	pte_t *pte = lookup_address(va);

	/* A 4 MiB page (the direct map) has no pte: not a vmalloc address. */
	if (!pte || pmd_large(*pmd_offset(pgd_offset_k(va), va)) ||
	    !pte_present(*pte))
		return NULL;
	return pte_page(*pte);
}

/* Where vread() stands: the next byte to read and to write, and how many
 * are left. */
struct vread_cursor {
	char *addr;
	char *buf;
	unsigned long left;
};

/*
 * Advance @cur up to @end (or as far as it has bytes left), copying what
 * lies there if @copy, writing zeros otherwise.
 */
static void vread_up_to(struct vread_cursor *cur, char *end, bool copy)
{
	unsigned long n;

	if (cur->addr >= end)
		return;
	n = min(cur->left, (unsigned long)(end - cur->addr));
	if (copy)
		memcpy(cur->buf, cur->addr, n);
	else
		memset(cur->buf, 0, n);
	cur->addr += n;
	cur->buf += n;
	cur->left -= n;
}

/**
 * Copy @p count bytes of the vmalloc window from @p addr into @p buf, the
 * way /dev/kmem reads it (Linux's vread()). The gaps between areas, guard
 * pages included, read as zeros, and so do ioremap() areas (device memory
 * may not like being read; Linux 2.6.32 treats them so) and areas still
 * being mapped (VM_UNINITIALIZED: they are not there yet). Reading stops
 * at the end of the last area. Returns the number of bytes written to
 * @p buf.
 */
long vread(char *buf, char *addr, unsigned long count)
{
	struct vread_cursor cur = { .addr = addr, .buf = buf, .left = count };
	struct vm_struct *vm;

	if ((unsigned long)addr + count < count)	/* no wrap past 4 GiB */
		cur.left = -(unsigned long)addr;
	spin_lock(&vmlist_lock);
	for (vm = vmlist; vm && cur.left; vm = vm->next) {
		char *start = vm->addr;
		char *end = start + vm->size - PAGE_SIZE;

		if (!vm_area_visible(vm) || cur.addr >= end)
			continue;
		vread_up_to(&cur, start, false);
		vread_up_to(&cur, end, !(vm->flags & VM_IOREMAP));
	}
	spin_unlock(&vmlist_lock);
	return cur.buf - buf;
}

/*
 * One line of /proc/vmallocinfo for @v at @buf (@size bytes left): its
 * range, guard page included, its size, the caller, then pages=, phys=
 * and the kind.
 */
static int vmallocinfo_line(char *buf, size_t size, const struct vm_struct *v)
{
	int len = scnprintf(buf, size, "0x%p-0x%p %7lu", v->addr,
			    (char *)v->addr + v->size, v->size);

	if (v->caller)
		len += scnprintf(buf + len, size - len, " %pS", v->caller);
	if (v->nr_pages)
		len += scnprintf(buf + len, size - len, " pages=%u",
				 v->nr_pages);
	if (v->phys_addr)
		len += scnprintf(buf + len, size - len, " phys=%lx",
				 v->phys_addr);
	if (v->flags & VM_IOREMAP)
		len += scnprintf(buf + len, size - len, " ioremap");
	if (v->flags & VM_ALLOC)
		len += scnprintf(buf + len, size - len, " vmalloc");
	if (v->flags & VM_MAP)
		len += scnprintf(buf + len, size - len, " vmap");
	if (v->flags & VM_VPAGES)
		len += scnprintf(buf + len, size - len, " vpages");
	return len + scnprintf(buf + len, size - len, "\n");
}

/**
 * Write the text of /proc/vmallocinfo into @p buf (at most @p size bytes,
 * NUL-terminated) and return its length. One line per area, in Linux
 * 2.6's format: the range (guard page included), its size in bytes, the
 * caller as symbol+offset/length, then pages=, phys= and the kind. Areas
 * still being mapped are left out, as vread() leaves them out.
 */
int vmallocinfo_read(char *buf, size_t size)
{
	struct vm_struct *v;
	int len = 0;

	if (size)
		buf[0] = '\0';
	spin_lock(&vmlist_lock);
	for (v = vmlist; v; v = v->next)
		if (vm_area_visible(v))
			len += vmallocinfo_line(buf + len, size - len, v);
	spin_unlock(&vmlist_lock);
	return len;
}

/*
 * Print which part of @vm the faulting @address is in: a page of it, or
 * its guard page.
 */
static void report_fault_in_area(const struct vm_struct *vm,
				 unsigned long address)
{
	unsigned long start = (unsigned long)vm->addr;
	unsigned long end = start + vm->size;
	unsigned long pages = (vm->size >> PAGE_SHIFT) - 1;

	printk(KERN_ALERT "vmalloc area 0x%08lx-0x%08lx (%lu page%s, "
	       "caller %pS) ", start, end, pages, pages == 1 ? "" : "s",
	       vm->caller);
	if (address >= end - PAGE_SIZE)
		printk(KERN_CONT "guard page\n");
	else
		printk(KERN_CONT "page %lu\n", (address - start) >> PAGE_SHIFT);
}

/**
 * For the oops report of a kernel page fault at @p address: if it is in
 * the vmalloc window, say which area it hit, and whether it was the guard
 * page, with the area's caller. The report must not deadlock if the
 * faulting code held vmlist_lock, so the lock is only tried.
 */
void show_vmalloc_area(unsigned long address)
{
	struct vm_struct *vm;

	if (address < VMALLOC_START || address >= VMALLOC_END)
		return;
	if (!spin_trylock(&vmlist_lock)) {
		printk(KERN_ALERT "vmalloc: vmlist is locked, areas not "
		       "searched\n");
		return;
	}
	for (vm = vmlist; vm; vm = vm->next) {
		unsigned long start = (unsigned long)vm->addr;

		if (address >= start && address - start < vm->size)
			break;
	}
	if (vm)
		report_fault_in_area(vm, address);
	spin_unlock(&vmlist_lock);
	if (vm)
		return;
	if (vm_ops->show_freed_area && vm_ops->show_freed_area(address))
		return;
	printk(KERN_ALERT "vmalloc: %08lx is in no vmalloc area\n", address);
}

/* ---- boot ---------------------------------------------------------------- */

/*
 * `vmalloc=2.4` or `vmalloc=2.6` picks the design. (Linux's vmalloc=
 * takes a size, the space to keep for vmalloc; vmm386 keeps Linux's
 * 128 MiB and reports any other value.)
 */
static int __init vmalloc_setup(char *str)
{
	if (!strcmp(str, "2.4"))
		vmalloc_design = VMALLOC_DESIGN_24;
	else if (!strcmp(str, "2.6"))
		vmalloc_design = VMALLOC_DESIGN_26;
	else
		printk(KERN_WARNING "vmalloc=%s: vmm386 takes 2.4 or 2.6 "
		       "(the design), not a size; keeping %s\n", str,
		       vmalloc_design == VMALLOC_DESIGN_26 ? "2.6" : "2.4");
	return 1;
}
__setup("vmalloc=", vmalloc_setup);

/**
 * Choose the design `vmalloc=` asked for -- the one place that looks at
 * vmalloc_design -- say which runs and where the window is, and set it
 * up. Called once, after the slab allocator is up (vm_structs are
 * kmalloc'ed) and before anyone calls vmalloc().
 */
void __init vmalloc_init(void)
{
	vm_ops = vmalloc_design == VMALLOC_DESIGN_26 ? &vmap_area_ops
						      : &vmlist_ops;
	printk(KERN_INFO "vmalloc: %s, window 0x%08lx-0x%08lx (%lu MiB)\n",
	       vm_ops->name, VMALLOC_START, VMALLOC_END,
	       (VMALLOC_END - VMALLOC_START) >> 20);
	if (vm_ops->init)
		vm_ops->init();
}
