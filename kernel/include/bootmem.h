/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file bootmem.h
 * @brief The boot memory allocator (Linux 2.4: linux/bootmem.h; the book's
 * Chapter 6): a bitmap over the node's page frames, first fit, used until
 * the buddy allocator exists and then retired by free_all_bootmem().
 *
 * The life of the allocator on a PC (arch/setup.c's setup_memory()):
 *  1. init_bootmem() places the bitmap after the kernel image, the
 *     initramfs and the early page tables, with every frame marked
 *     reserved (bit set);
 *  2. free_bootmem() clears the bits of the RAM ranges of the e820 map
 *     below max_low_pfn;
 *  3. reserve_bootmem() sets them again for what is already in use: page 0,
 *     the kernel image, the initramfs, the early page tables, the bitmap;
 *  4. __alloc_bootmem() and its wrappers serve paging_init() (page tables)
 *     and free_area_init() (mem_map, buddy bitmaps);
 *  5. free_all_bootmem(), from mem_init(), gives every frame whose bit is
 *     clear, then the bitmap's own frames, to the buddy allocator. The
 *     allocator is then retired: later calls are reported, not obeyed.
 */
#ifndef _VMM_BOOTMEM_H
#define _VMM_BOOTMEM_H

#include <types.h>
#include <page.h>

struct pglist_data;

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

#ifndef __VMM_HOST_TEST
/**
 * Kernel virtual address of the end of ISA DMA memory (16 MiB). The boot
 * allocator's default goal is above it, so that boot-time structures do
 * not use up the memory only ISA devices can reach (Linux: asm/dma.h).
 */
#define MAX_DMA_ADDRESS	(PAGE_OFFSET + 0x1000000UL)
#else
/* Host unit tests: the direct mapping starts at host_phys_base (page.h). */
#define MAX_DMA_ADDRESS	(host_phys_base + 0x1000000UL)
#endif

/**
 * struct bootmem_record - one allocation the boot allocator made: where it
 * starts (physical) and how many bytes were asked for. The ledger of them
 * is how an outside observer (the test runner's oracle) accounts for every
 * frame the boot allocator left reserved, without trusting its bitmap.
 */
struct bootmem_record {
	unsigned long phys;	/**< physical address of the allocation */
	unsigned long size;	/**< bytes requested */
};

/** Capacity of bootmem_ledger: more than a 896 MiB nopentium boot needs. */
#define BOOTMEM_LEDGER_SIZE	512

/** Every allocation of the boot allocator, in order (the first ones). */
extern struct bootmem_record bootmem_ledger[BOOTMEM_LEDGER_SIZE];
/** Allocations made; beyond BOOTMEM_LEDGER_SIZE they are counted only. */
extern unsigned long bootmem_ledger_len;

/** Highest frame number of directly mapped (low) memory, plus one. */
extern unsigned long max_low_pfn;
/** First frame after the kernel's boot-time data (where the bitmap went). */
extern unsigned long min_low_pfn;
/** Highest frame number of RAM, plus one (highmem included). */
extern unsigned long max_pfn;

/** Frame number of the page containing physical address @p x, rounded up. */
#define PFN_UP(x)	(((x) + PAGE_SIZE - 1) >> PAGE_SHIFT)
/** Frame number of the page containing physical address @p x. */
#define PFN_DOWN(x)	((x) >> PAGE_SHIFT)
/** Physical address of frame @p x. */
#define PFN_PHYS(x)	((unsigned long)(x) << PAGE_SHIFT)

unsigned long bootmem_bootmap_pages(unsigned long pages);
unsigned long init_bootmem(unsigned long start_pfn, unsigned long end_pfn);
unsigned long init_bootmem_node(struct pglist_data *pgdat,
				unsigned long freepfn, unsigned long startpfn,
				unsigned long endpfn);
void free_bootmem(unsigned long addr, unsigned long size);
/**
 * Mark every page touching [@p addr, @p addr + @p size) reserved: the range
 * is rounded outwards. A page reserved twice is reported, with Linux's
 * message.
 */
void reserve_bootmem(unsigned long addr, unsigned long size);
/**
 * First-fit allocation of @p size bytes of zeroed low memory aligned to
 * @p align, at or above physical address @p goal if possible, else from the
 * start of memory. Boot cannot go on without it: failure panics
 * ("Out of memory"), as in Linux. A call after free_all_bootmem() retired
 * the allocator is a bug in the caller: it is reported and gets NULL.
 */
void *__alloc_bootmem(unsigned long size, unsigned long align,
		      unsigned long goal);
void *__alloc_bootmem_nopanic(unsigned long size, unsigned long align,
			      unsigned long goal);
void *__alloc_bootmem_node(struct pglist_data *pgdat, unsigned long size,
			   unsigned long align, unsigned long goal);
unsigned long free_all_bootmem(void);
unsigned long free_all_bootmem_node(struct pglist_data *pgdat);

/** Number of "reserved twice" reports since boot (tests read it). */
extern unsigned long bootmem_reserved_twice;

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
/** Allocate @p x bytes on node @p pgdat, above ISA DMA if possible. */
#define alloc_bootmem_node(pgdat, x) \
	__alloc_bootmem_node((pgdat), (x), 32, __pa(MAX_DMA_ADDRESS))

#endif /* _VMM_BOOTMEM_H */
