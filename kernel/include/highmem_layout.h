/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file highmem_layout.h
 * @brief Where the persistent kmap window lies (Linux 2.4: asm/highmem.h).
 * Kept apart from highmem.h so that pgtable.h can place VMALLOC_END below
 * it without pulling in the kmap API.
 */
#ifndef _VMM_HIGHMEM_LAYOUT_H
#define _VMM_HIGHMEM_LAYOUT_H

/** Start of the persistent kmap window (pkmap). */
#define PKMAP_BASE	0xfe000000UL
/** Number of pkmap slots (one page table's worth without PAE). */
#define LAST_PKMAP	1024
/** Mask for wrapping a slot number. */
#define LAST_PKMAP_MASK	(LAST_PKMAP - 1)
/** Slot number of pkmap address @p virt. */
#define PKMAP_NR(virt)	(((virt) - PKMAP_BASE) >> PAGE_SHIFT)
/** Address of pkmap slot @p nr. */
#define PKMAP_ADDR(nr)	(PKMAP_BASE + ((unsigned long)(nr) << PAGE_SHIFT))

#endif /* _VMM_HIGHMEM_LAYOUT_H */
