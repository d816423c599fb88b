/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file bootmem.h
 * @brief The boot memory allocator (Linux 2.4: linux/bootmem.h; the book's
 * Chapter 6): a bitmap over the node's page frames, first fit, used until
 * the buddy allocator exists and then retired by free_all_bootmem().
 */
#ifndef _VMM_BOOTMEM_H
#define _VMM_BOOTMEM_H

#include <types.h>

/**
 * bootmem_data_t - the state of the boot allocator for one node.
 */
typedef struct bootmem_data {
	unsigned long node_boot_start;	/**< physical start of the node */
	unsigned long node_low_pfn;	/**< end of low memory (frame number) */
	void *node_bootmem_map;		/**< the bitmap: 1 bit per frame */
	unsigned long last_offset;	/**< end of the last allocation in its page */
	unsigned long last_pos;		/**< frame of the last allocation */
} bootmem_data_t;

/** Lowest physical address bootmem hands out by default (above ISA DMA). */
#define MAX_DMA_ADDRESS	(PAGE_OFFSET + 0x1000000UL)

/**
 * Start the boot allocator over frames @p start_pfn to @p end_pfn, all
 * reserved; returns the bitmap's size in bytes.
 */
unsigned long init_bootmem(unsigned long start_pfn, unsigned long end_pfn);
/** Mark the pages wholly inside [@p addr, @p addr + @p size) free. */
void free_bootmem(unsigned long addr, unsigned long size);
/** Mark every page touching [@p addr, @p addr + @p size) reserved. */
void reserve_bootmem(unsigned long addr, unsigned long size);
/**
 * First-fit allocation of @p size bytes aligned to @p align, at or above
 * physical address @p goal if possible.
 */
void *__alloc_bootmem(unsigned long size, unsigned long align,
		      unsigned long goal);
/**
 * Hand every free boot page to the buddy allocator and retire the bitmap;
 * returns the pages released.
 */
unsigned long free_all_bootmem(void);

/** Allocate @p x bytes, cache-line aligned, above ISA DMA if possible. */
#define alloc_bootmem(x) \
	__alloc_bootmem((x), 32, __pa(MAX_DMA_ADDRESS))
/** Allocate @p x bytes anywhere in low memory. */
#define alloc_bootmem_low(x)	__alloc_bootmem((x), 32, 0)
/** Allocate @p x bytes of whole pages, above ISA DMA if possible. */
#define alloc_bootmem_pages(x) \
	__alloc_bootmem((x), PAGE_SIZE, __pa(MAX_DMA_ADDRESS))
/** Allocate @p x bytes of whole pages anywhere in low memory. */
#define alloc_bootmem_low_pages(x)	__alloc_bootmem((x), PAGE_SIZE, 0)

#endif /* _VMM_BOOTMEM_H */
