/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file highmem.h
 * @brief Mapping high memory into the kernel's address space, and bounce
 * buffers for devices that cannot reach it (Linux 2.4: linux/highmem.h
 * and asm-i386/highmem.h; the book's Chapter 10).
 *
 * Above 896 MiB, physical memory has no permanent kernel address. Code
 * that must touch such a page borrows a window onto it:
 *
 * - kmap() lends one of the LAST_PKMAP pages at PKMAP_BASE ("pkmap"). It
 *   may sleep until a window is free, so it is for process context only,
 *   and the mapping lasts until kunmap().
 * - kmap_atomic() uses a fixmap page reserved for one purpose (enum
 *   km_type). It never sleeps and works in interrupt handlers, but the
 *   caller must not sleep or be preempted until kunmap_atomic().
 *
 * A low-memory page needs neither: both return its direct-map address.
 * Devices that can only reach low memory (the ATA driver) get a copy of
 * a highmem page in a low "bounce" page; see blkdev.h.
 */
#ifndef _VMM_HIGHMEM_H
#define _VMM_HIGHMEM_H

#include <types.h>
#include <mm.h>
#include <highmem_layout.h>
#include <kmap_types.h>
#include <spinlock.h>
#include <wait.h>

/**
 * Users of each pkmap slot, plus one. 0: free, and no TLB can hold a
 * translation for it. 1: nobody uses it, but its pte is still set and may
 * be cached in a TLB, so it cannot be reused before the next
 * flush_all_zero_pkmaps(). n >= 2: n - 1 callers of kmap() hold the page.
 * Protected by kmap_lock.
 */
extern int pkmap_count[LAST_PKMAP];
/** The slot the last new mapping took; the next search starts after it. */
extern unsigned int last_pkmap_nr;
/** Protects pkmap_count, last_pkmap_nr, the pkmap ptes, page->virtual. */
extern spinlock_t kmap_lock;
/** Where kmap() sleeps when every slot is in use; kunmap() wakes it. */
extern wait_queue_head_t pkmap_map_wait;
/**
 * Set by the boot option `highmem_debug`: kunmap_atomic() then clears and
 * flushes the window (as Linux 2.6 always does), so a use after unmap
 * faults, and kmap_atomic() reports a window that is still in use.
 */
extern int highmem_debug;

/**
 * struct kmap_stats - what the kmap code has done since boot; tests check
 * these and `make bench` divides by them.
 */
struct kmap_stats {
	unsigned long kmap_high;	/**< kmap_high() calls */
	unsigned long new_mappings;	/**< slots taken by map_new_virtual() */
	unsigned long flushes;		/**< flush_all_zero_pkmaps() calls */
	unsigned long slots_flushed;	/**< slots freed by those calls */
	unsigned long sleeps;		/**< kmap() sleeps on pkmap_map_wait */
	unsigned long nonblock_failures;/**< kmap_nonblock() found no slot */
	unsigned long atomic;		/**< kmap_atomic() of a highmem page */
	unsigned long bugs;		/**< misuses reported (see highmem.c) */
};

/** kmap counters since boot. */
extern struct kmap_stats kmap_stats;

void *kmap(struct page *page);
void *kmap_nonblock(struct page *page);
void kunmap(struct page *page);
void *kmap_high(struct page *page, int nonblocking);
void kunmap_high(struct page *page);
void *kmap_atomic(struct page *page, enum km_type type);
void kunmap_atomic(void *kvaddr, enum km_type type);

void clear_highpage(struct page *page);
void clear_user_highpage(struct page *page, unsigned long vaddr);
void copy_highpage(struct page *to, struct page *from);
void copy_user_highpage(struct page *to, struct page *from,
			unsigned long vaddr);

/* ---- bounce buffers and the emergency pool ------------------------------ */

/** Pages kept in reserve for bounce buffers when low memory runs out. */
#define POOL_SIZE	32

/** The reserve of low pages for bounce buffers (linked through page->list). */
extern struct list_head emergency_pages;
/** Pages now in emergency_pages. */
extern int nr_emergency_pages;
/** Protects emergency_pages and nr_emergency_pages; taken in interrupts. */
extern spinlock_t emergency_lock;

/**
 * struct bounce_stats - what the bounce code has done since boot.
 */
struct bounce_stats {
	unsigned long bounced_writes;	/**< WRITEs copied to a bounce page */
	unsigned long bounced_reads;	/**< READs copied back on completion */
	unsigned long pool_allocs;	/**< bounce pages taken from the pool */
	unsigned long pool_refills;	/**< pages given back to the pool */
	unsigned long pool_waits;	/**< waits for the empty pool */
	unsigned long pool_low;		/**< lowest nr_emergency_pages seen */
};

/** Bounce counters since boot. */
extern struct bounce_stats bounce_stats;

struct buffer_head;
struct ata_request;

void init_emergency_pool(void);
struct page *alloc_bounce_page(void);
struct ata_request *create_bounce(int rw, struct buffer_head *bh_orig);

#endif /* _VMM_HIGHMEM_H */
