/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file pgwalk.h
 * @brief The page-table walker: one lookup of an address, and one walk
 * over a range, level by level (pgd -> pmd -> pte).
 *
 * Every piece of vmm386 that follows page tables does it through these
 * functions: lookup_address(), the vmalloc fault and the oops report in
 * fault.c, paging_init() building the direct map, and Chapter 5's
 * walkers of user address spaces (zap, copy, change of protection).
 * Linux 2.4 open-codes each walk (three nested loops in mm/memory.c and
 * mm/vmalloc.c, one per level); Linux 2.6.32 has walk_page_range() with a
 * struct mm_walk of callbacks, which this walker resembles.
 *
 * Two ideas shape it:
 *
 * - The walk is layered like the tables: walk_page_range() visits the
 *   pgd entries of the range, each pgd entry its pmds, each pmd that
 *   points to a page table its ptes. With the pmd folded into the pgd on
 *   i386 the middle level has one entry, and the same code would walk
 *   three real levels.
 * - The caller says what to do at each level with a callback. A callback
 *   returns 0 to go on, anything else to stop the walk at once; the walk
 *   then returns that value (an -errno for an error, or a positive value
 *   for "found it").
 *
 * Page tables are in low memory in vmm386 (as in Linux 2.4 on i386), so a
 * pte is reached through the direct map. The range walk still maps each
 * page table with pte_offset_map() and releases it with pte_unmap(): with
 * page tables in high memory (Linux 2.6's CONFIG_HIGHPTE) only those two
 * would change, to kmap_atomic() and kunmap_atomic().
 */
#ifndef _VMM_PGWALK_H
#define _VMM_PGWALK_H

#include <pgtable.h>

struct mm_struct;

/** What pgwalk_lookup() found for an address. */
enum pgwalk_found {
	PGWALK_NONE,	/**< no page table and no 4 MiB page covers it */
	PGWALK_LARGE,	/**< a 4 MiB page (a pmd with _PAGE_PSE) maps it */
	PGWALK_PTE,	/**< a page table covers it; its pte may be empty */
};

/**
 * struct pgwalk_slot - the entry at each level that translates one address.
 * A level the lookup did not reach is NULL.
 */
struct pgwalk_slot {
	pgd_t *pgd;	/**< the page directory entry */
	pmd_t *pmd;	/**< the pmd (on i386 the pgd entry itself) */
	pte_t *pte;	/**< the pte, when a page table covers the address */
};

enum pgwalk_found pgwalk_lookup(pgd_t *dir, unsigned long addr,
				struct pgwalk_slot *slot);
pte_t *pgwalk_alloc(struct mm_struct *mm, unsigned long addr);

/**
 * struct pgwalk - one walk over a range of a page directory: the directory
 * and what to do at each level. Either callback may be NULL.
 */
struct pgwalk {
	/** The page directory walked (mm->pgd, swapper_pg_dir, ...). */
	pgd_t *dir;
	/**
	 * Called for every pmd the range touches, whatever it holds (empty,
	 * a 4 MiB page, a page table), with the part [addr, end) of the range
	 * that it covers. It may change the pmd: the walk reads it again
	 * afterwards, and descends only into a present page table.
	 */
	int (*pmd_entry)(pmd_t *pmd, unsigned long addr, unsigned long end,
			 struct pgwalk *walk);
	/** Called for every pte of the range under a present page table. */
	int (*pte_entry)(pte_t *pte, unsigned long addr, struct pgwalk *walk);
	/** Whatever the callbacks share: counts, a second mm, flags. */
	void *private;
};

int walk_page_range(unsigned long start, unsigned long end,
		    struct pgwalk *walk);

#endif /* _VMM_PGWALK_H */
