/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * internal.h - what the files of kernel/mm share among themselves and no
 * one else needs (Linux: mm/internal.h).
 *
 * vmalloc.c holds the 2.4 design of Chapter 8 and everything both designs
 * share (the page-table walks, vread, /proc/vmallocinfo); vmap_area.c holds
 * the 2.6 design. vmalloc_init() picks one design's struct vmalloc_ops,
 * and the public functions of vmalloc.h call through it.
 */
#ifndef _VMM_MM_INTERNAL_H
#define _VMM_MM_INTERNAL_H

#include <vmalloc.h>

/* vmalloc.c: clear the ptes of a range, no TLB flush, no page freed. */
void unmap_kernel_range_noflush(unsigned long addr, unsigned long size);
/* vmalloc.c: map @area's pages from @pages, taking a reference or not. */
int __map_vm_area(struct vm_struct *area, pgprot_t prot, struct page **pages,
		  int get_ref);
/* vmalloc.c: link @vm into vmlist at its address (vmlist_lock taken). */
void insert_vmalloc_vmlist(struct vm_struct *vm);
/* vmalloc.c: unlink @vm from vmlist (vmlist_lock taken). */
void unlink_vmalloc_vmlist(struct vm_struct *vm);

/* vmalloc.c: vmalloc() for @caller; the 2.6 pages[] array uses it too. */
void *__vmalloc_node(unsigned long size, unsigned int gfp_mask,
		     pgprot_t prot, void *caller);
/* vmalloc.c: show a reserved area to vread(): it is mapped now. */
void clear_vm_uninitialized_flag(struct vm_struct *area);

/* vmap_area.c: the 2.6 design, for vmalloc_init() to choose. */
extern const struct vmalloc_ops vmap_area_ops;

/*
 * vmap_area.c: the range allocator of the 2.6 design on its own (static
 * in Linux; `make bench` times it apart from the vm_struct bookkeeping),
 * and the switch that turns its gap-search cache off (2.6.32 as it was).
 */
struct vmap_area *alloc_vmap_area(unsigned long size, unsigned long align,
				  unsigned long vstart, unsigned long vend);
struct vmap_area *find_vmap_area(unsigned long addr);
void free_unmap_vmap_area(struct vmap_area *va);
extern bool vmap_hole_cache;

#endif /* _VMM_MM_INTERNAL_H */
