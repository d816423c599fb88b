/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file fixmap.h
 * @brief Fixed-address mappings at the top of the address space
 * (Linux 2.4: asm/fixmap.h).
 *
 * Each slot is one page at an address known at compile time, counted down
 * from FIXADDR_TOP; set_fixmap() points a slot at a physical page. The
 * kmap_atomic() windows are fixmap slots, one per km_type.
 */
#ifndef _VMM_FIXMAP_H
#define _VMM_FIXMAP_H

#include <page.h>
#include <pgtable.h>
#include <kmap_types.h>

/** Address just above the highest fixmap slot (slot 0). */
#define FIXADDR_TOP	0xffffe000UL

/**
 * enum fixed_addresses - the fixmap slots. Slot 0 is the highest address.
 */
enum fixed_addresses {
	FIX_HOLE,	/**< unmapped: catches runaway pointers near -1 */
	FIX_KMAP_BEGIN,	/**< first kmap_atomic window */
	FIX_KMAP_END = FIX_KMAP_BEGIN + KM_TYPE_NR - 1,	/**< last window */
	__end_of_fixed_addresses	/**< number of slots */
};

/** Bytes covered by the fixmap. */
#define FIXADDR_SIZE	((unsigned long)__end_of_fixed_addresses << PAGE_SHIFT)
/** Lowest fixmap address. */
#define FIXADDR_START	(FIXADDR_TOP - FIXADDR_SIZE)

/** Virtual address of fixmap slot @p x. */
#define __fix_to_virt(x)	(FIXADDR_TOP - ((unsigned long)(x) << PAGE_SHIFT))
/** Fixmap slot of virtual address @p x. */
#define __virt_to_fix(x)	((FIXADDR_TOP - ((x) & PAGE_MASK)) >> PAGE_SHIFT)

/** Virtual address of fixmap slot @p idx. */
static inline unsigned long fix_to_virt(enum fixed_addresses idx)
{
	return __fix_to_virt(idx);
}

void __set_fixmap(enum fixed_addresses idx, unsigned long phys,
		  pgprot_t flags);
void set_fixmap(enum fixed_addresses idx, unsigned long phys);
/** Unmap fixmap slot @p idx. */
void clear_fixmap(enum fixed_addresses idx);

/**
 * The pte of fixmap slot FIX_KMAP_BEGIN. The slots are consecutive ptes of
 * one page table, counting down in address: the pte of slot
 * FIX_KMAP_BEGIN + i is kmap_pte - i. Set up by paging_init() for
 * kmap_atomic() (Chapter 10).
 */
extern pte_t *kmap_pte;
/** The protection kmap_atomic() maps pages with (PAGE_KERNEL). */
extern pgprot_t kmap_prot;

#endif /* _VMM_FIXMAP_H */
