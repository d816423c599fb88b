/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file vmalloc.h
 * @brief Non-contiguous memory allocation: vmalloc, vmap and ioremap
 * (Linux: linux/vmalloc.h; the book's Chapter 8).
 *
 * vmalloc() gives memory that is contiguous in the kernel's virtual
 * address space but made of page frames from anywhere, high memory
 * included. Each allocation takes a range of the window
 * [VMALLOC_START, VMALLOC_END) (pgtable.h), one guard page longer than
 * asked, and maps its pages there in the master page table of init_mm.
 *
 * A range is described by a struct vm_struct. How free ranges are found
 * is chosen at boot:
 *
 *  - `vmalloc=2.4` (the default, the book's design): the vm_structs form
 *    one list sorted by address, vmlist; get_vm_area() takes the first
 *    gap that fits, vfree() searches the list, and every vfree() flushes
 *    the whole TLB.
 *  - `vmalloc=2.6` (Linux 2.6.28 to 2.6.32, the seed's design): each range
 *    is also a struct vmap_area in a red-black tree and an address-sorted
 *    list; freed ranges stay mapped and reserved until enough have
 *    gathered (lazy_max_pages()), then one purge unmaps them all behind a
 *    single TLB flush. vm_structs record their pages[] as in 2.6.32.
 *
 * vmalloc_init() turns the choice into one struct vmalloc_ops, which the
 * public functions below call through. Both designs edit only init_mm's
 * page tables; other page directories learn new mappings through the
 * vmalloc fault (mm/fault.c).
 */
#ifndef _VMM_VMALLOC_H
#define _VMM_VMALLOC_H

#include <types.h>
#include <list.h>
#include <rbtree.h>
#include <pgtable.h>
#include <spinlock.h>

struct page;

#define VM_IOREMAP	0x00000001	/**< ioremap(): device memory */
#define VM_ALLOC	0x00000002	/**< vmalloc(): pages of its own */
#define VM_MAP		0x00000004	/**< vmap(): the caller's pages */
#define VM_VPAGES	0x00000010	/**< 2.6: pages[] was vmalloc'ed */
/**
 * Set while an area is reserved but not yet mapped: vread() and
 * /proc/vmallocinfo pass over it as if it were not there. vmalloc(),
 * vmap() and ioremap() reserve with it and clear it once every page is
 * mapped (Linux 3.10 added the same flag for the same race).
 */
#define VM_UNINITIALIZED	0x00000020

/**
 * struct vm_struct - one range of the vmalloc window in use.
 *
 * Linux 2.4 has only flags, addr, size and next; 2.6.32 adds the rest.
 * vmm386 keeps all of them in both designs for reports (the oops on a
 * guard page, /proc/vmallocinfo), but only the 2.6 design records the
 * pages of a vmalloc() in pages[]: the 2.4 design finds them again in the
 * page tables when it frees them.
 */
struct vm_struct {
	struct vm_struct *next;	/**< next area in vmlist, higher address */
	void *addr;		/**< first address of the area */
	unsigned long size;	/**< bytes, the guard page included */
	unsigned long flags;	/**< VM_ALLOC, VM_MAP or VM_IOREMAP */
	struct page **pages;	/**< 2.6: the nr_pages pages mapped, in order */
	unsigned int nr_pages;	/**< pages mapped (the guard page excluded) */
	unsigned long phys_addr;	/**< ioremap(): physical address */
	void *caller;		/**< who asked: a return address, for reports */
};

/** Every vm_struct in use, sorted by address (both designs). */
extern struct vm_struct *vmlist;
/** Guards vmlist (Linux uses a reader-writer lock; one CPU needs less). */
extern spinlock_t vmlist_lock;

/** The two designs `vmalloc=` chooses between. */
enum vmalloc_impl {
	VMALLOC_DESIGN_24,	/**< the sorted vm_struct list (default) */
	VMALLOC_DESIGN_26,	/**< vmap_area tree, lazy TLB purging */
};
/**
 * The design asked for on the command line (`vmalloc=`). vmalloc_init()
 * reads it once and chooses the design's struct vmalloc_ops; nothing
 * else in the kernel looks at it.
 */
extern enum vmalloc_impl vmalloc_design;

/**
 * struct vmalloc_ops - what a design of vmalloc does its own way.
 *
 * The public functions of vmalloc.h check their arguments, then call
 * through the one set vmalloc_init() chose at boot; the page-table
 * walks, vmlist's readers (vread(), /proc/vmallocinfo) and the messages
 * for bad input are shared. The 2.4 set lives in vmalloc.c, the 2.6 set
 * (vmap_area_ops) in vmap_area.c.
 */
struct vmalloc_ops {
	/** For the boot message. */
	const char *name;
	/** Reserve @p size bytes plus a guard page in [@p start, @p end). */
	struct vm_struct *(*get_area)(unsigned long size, unsigned long flags,
				      unsigned long start, unsigned long end,
				      void *caller);
	/** The area that starts at @p addr, or NULL. */
	struct vm_struct *(*find_area)(const void *addr);
	/** Unlink and unmap the area at @p addr; its pages stay. */
	struct vm_struct *(*remove_area)(const void *addr);
	/**
	 * Take down the area at @p addr, and free its pages if
	 * @p deallocate_pages; -EINVAL if no area starts there.
	 */
	int (*vunmap)(const void *addr, int deallocate_pages);
	/** Give a reserved VM_ALLOC area its pages and map them. */
	int (*fill_area)(struct vm_struct *area, unsigned int gfp_mask,
			 pgprot_t prot);
	/** The most pages one vmalloc() may ask for. */
	const unsigned long *vmalloc_limit;
	/** The most pages one vmap() may map. */
	const unsigned long *vmap_limit;
	/** Whether vmap() takes a reference on each page (2.4 does). */
	bool vmap_takes_ref;
	/** vm_unmap_aliases(), or NULL if freeing leaves no aliases. */
	void (*unmap_aliases)(void);
	/** For the oops report: an address in a freed, unpurged range. */
	bool (*show_freed_area)(unsigned long address);
	/** Set the design up, or NULL. */
	void (*init)(void);
};

#define VM_LAZY_FREE	0x01	/**< vmap_area: freed, not yet purged */
#define VM_LAZY_FREEING	0x02	/**< vmap_area: being purged */
#define VM_VM_AREA	0x04	/**< vmap_area: private is its vm_struct */

/**
 * struct vmap_area - a reserved range of kernel virtual addresses in the
 * 2.6 design (Linux 2.6.28+: mm/vmalloc.c).
 *
 * Every area sits in a red-black tree keyed by address, for O(log n)
 * lookups, and in a list in the same order, for walking neighbours. A
 * freed area is only marked VM_LAZY_FREE: it keeps its range and its page
 * table entries until purge_vmap_area_lazy() unmaps a whole batch and
 * flushes the TLB once for all of them.
 */
struct vmap_area {
	unsigned long va_start;	/**< first address */
	unsigned long va_end;	/**< one past the last address */
	unsigned long flags;	/**< VM_LAZY_FREE, VM_VM_AREA ... */
	struct rb_node rb_node;	/**< in vmap_area_root, by address */
	struct list_head list;	/**< in vmap_area_list, by address */
	struct list_head purge_list;	/**< on the list of one purge */
	void *private;		/**< the vm_struct using it (VM_VM_AREA) */
};

/**
 * struct vmap_stats - what the 2.6 design's lazy freeing is doing, for
 * tests and `make bench`.
 */
struct vmap_stats {
	unsigned long lazy_pages;	/**< pages freed, awaiting a purge */
	unsigned long purges;		/**< purges that unmapped something */
	unsigned long purged_areas;	/**< areas those purges released */
	unsigned long live_areas;	/**< vmap_areas in the tree */
	unsigned long failures;		/**< "vmap allocation ... failed" */
};
/** Counters of the 2.6 design (all zero under the 2.4 design). */
extern struct vmap_stats vmap_stats;

void vmalloc_init(void);

void *vmalloc(unsigned long size);
void *vmalloc_dma(unsigned long size);
void *vmalloc_32(unsigned long size);
void *__vmalloc(unsigned long size, unsigned int gfp_mask, pgprot_t prot);
void vfree(const void *addr);
void *vmap(struct page **pages, unsigned int count, unsigned long flags,
	   pgprot_t prot);
void vunmap(const void *addr);
long vread(char *buf, char *addr, unsigned long count);
struct page *vmalloc_to_page(const void *addr);

struct vm_struct *get_vm_area(unsigned long size, unsigned long flags);
struct vm_struct *__get_vm_area(unsigned long size, unsigned long flags,
				unsigned long start, unsigned long end);
struct vm_struct *__get_vm_area_caller(unsigned long size,
				       unsigned long flags,
				       unsigned long start, unsigned long end,
				       void *caller);
struct vm_struct *find_vm_area(const void *addr);
struct vm_struct *remove_vm_area(const void *addr);
void free_vm_area(struct vm_struct *area);

int vmalloc_area_pages(unsigned long address, unsigned long size,
		       unsigned int gfp_mask, pgprot_t prot);
void vmfree_area_pages(unsigned long address, unsigned long size);
int map_vm_area(struct vm_struct *area, pgprot_t prot,
		struct page ***pages);
int remap_area_pages(unsigned long address, unsigned long phys_addr,
		     unsigned long size, pgprot_t prot);
void unmap_kernel_range(unsigned long addr, unsigned long size);

unsigned long lazy_max_pages(void);
void vm_unmap_aliases(void);

int vmallocinfo_read(char *buf, size_t size);
void show_vmalloc_area(unsigned long address);

#endif /* _VMM_VMALLOC_H */
