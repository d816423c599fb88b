/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file gfp.h
 * @brief "Get free page" flags and the page allocator's API
 * (Linux 2.4: linux/mm.h and linux/gfp.h).
 *
 * The low bits of a GFP mask choose the zones an allocation may use (its
 * zonelist); the others say what the allocator may do to find memory:
 * sleep, start I/O, call into filesystems, dip into the reserves.
 */
#ifndef _VMM_GFP_H
#define _VMM_GFP_H

#include <types.h>

struct page;

#define __GFP_DMA	0x01	/**< only ZONE_DMA (below 16 MiB) */
#define __GFP_HIGHMEM	0x02	/**< ZONE_HIGHMEM allowed, preferred */
#define __GFP_WAIT	0x10	/**< may sleep */
#define __GFP_HIGH	0x20	/**< urgent (Linux 2.4.22 does not test it) */
#define __GFP_IO	0x40	/**< may start low-level I/O */
#define __GFP_HIGHIO	0x80	/**< may start I/O on highmem pages */
#define __GFP_FS	0x100	/**< may call into filesystems */

/** The bits of a GFP mask that select a zonelist. */
#define GFP_ZONEMASK	0x0f

/** Cannot sleep: interrupt handlers, code holding spinlocks. */
#define GFP_ATOMIC	(__GFP_HIGH)
/** May sleep, but must not start I/O (used by the I/O layer itself). */
#define GFP_NOIO	(__GFP_HIGH | __GFP_WAIT)
/** May sleep and do I/O, but not on highmem pages. */
#define GFP_NOHIGHIO	(__GFP_HIGH | __GFP_WAIT | __GFP_IO)
/** May sleep and do I/O, but not call filesystems. */
#define GFP_NOFS	(__GFP_HIGH | __GFP_WAIT | __GFP_IO | __GFP_HIGHIO)
/** The ordinary kernel allocation. */
#define GFP_KERNEL	(__GFP_HIGH | __GFP_WAIT | __GFP_IO | __GFP_HIGHIO | \
			 __GFP_FS)
/** Pages for user space, from low memory. */
#define GFP_USER	(__GFP_WAIT | __GFP_IO | __GFP_HIGHIO | __GFP_FS)
/** Pages for user space, preferably high memory. */
#define GFP_HIGHUSER	(GFP_USER | __GFP_HIGHMEM)
/** Pages for ISA DMA, below 16 MiB. */
#define GFP_DMA		__GFP_DMA

/**
 * Allocate 2^@p order contiguous pages from the zones @p gfp_mask allows
 * (its zone bits choose the zonelist). Returns the struct page of the
 * block's first page, with a count of 1, or NULL on failure.
 */
struct page *alloc_pages(unsigned int gfp_mask, unsigned int order);
/**
 * Drop a reference to the 2^@p order block at @p page; free it when it was
 * the last. Reserved pages (the kernel, holes, boot-time data) are ignored.
 * Freeing a page nobody holds (a double free, a tail page of a block) or
 * one whose flags say it is in use is reported ("Bad page state") and
 * refused.
 */
void __free_pages(struct page *page, unsigned int order);
/**
 * alloc_pages() for low memory, returning the block's kernel virtual address
 * (0 on failure). A highmem page has no such address: __GFP_HIGHMEM is
 * refused with a report.
 */
unsigned long __get_free_pages(unsigned int gfp_mask, unsigned int order);
/**
 * One page from low memory, filled with zeroes; its kernel virtual address,
 * or 0.
 */
unsigned long get_zeroed_page(unsigned int gfp_mask);
/**
 * Free the 2^@p order block at kernel virtual address @p addr, which must
 * be in the direct mapping (0 is ignored).
 */
void free_pages(unsigned long addr, unsigned int order);

/** Allocate one page. */
#define alloc_page(gfp_mask)		alloc_pages(gfp_mask, 0)
/** Allocate one page and return its kernel virtual address. */
#define __get_free_page(gfp_mask)	__get_free_pages(gfp_mask, 0)
/** Free one page given its struct page. */
#define __free_page(page)		__free_pages(page, 0)
/** Free one page given its kernel virtual address. */
#define free_page(addr)			free_pages(addr, 0)

/** Free pages in all zones of all nodes. */
unsigned long nr_free_pages(void);
/** Free pages in ZONE_HIGHMEM. */
unsigned long nr_free_highpages(void);

#endif /* _VMM_GFP_H */
