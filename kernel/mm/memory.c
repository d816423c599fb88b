// SPDX-License-Identifier: GPL-2.0-only
/*
 * memory.c - page-table helpers shared by the kernel's mappers (Linux:
 * mm/memory.c; the book's Chapter 4). The process address space code of
 * Chapter 5 (faults, copy-on-write) will join them here.
 *
 * Every walk goes through the walker of pgwalk.c, pgd -> pmd -> pte,
 * even though the i386 pmd is folded into the pgd, so that the same code
 * reads like Linux's on three levels.
 */
#include <mm.h>
#include <pgtable.h>
#include <mm_types.h>
#include <spinlock.h>
#include <kernel.h>
#include <kallsyms.h>
#include <pgwalk.h>

/* The flags linking a new page table into @mm: a user mm's tables let
 * user mode through (its ptes decide), the kernel's never do. */
static unsigned long table_flags(struct mm_struct *mm)
{
	return mm == &init_mm ? _KERNPG_TABLE : _PAGE_TABLE;
}

/*
 * Link page table @table into the empty @pmd of @mm, under the mm's
 * page_table_lock. False if another thread linked one first: the caller
 * still owns @table then.
 */
static bool link_page_table(struct mm_struct *mm, pmd_t *pmd, pte_t *table)
{
	bool linked = false;

	spin_lock(&mm->page_table_lock);
	if (pmd_none(*pmd)) {
		set_pmd(pmd, __pmd(table_flags(mm) | __pa(table)));
		linked = true;
	}
	spin_unlock(&mm->page_table_lock);
	return linked;
}

/**
 * The pte of @p address in pmd @p pmd of address space @p mm, allocating
 * its page table first if the pmd is empty (Linux 2.4's pte_alloc()). The
 * table is a zeroed page from GFP_KERNEL -- low memory, so the direct map
 * reaches it -- linked kernel-only (_KERNPG_TABLE) into init_mm and with
 * the user bit (_PAGE_TABLE) into any other mm. Call it without
 * mm->page_table_lock held (Linux 2.4 drops the caller's lock around the
 * allocation instead): it may sleep to allocate, then takes the lock and,
 * if someone else filled the pmd meanwhile, frees its page. Returns NULL
 * if no page is available, or if the pmd maps a 4 MiB page (the direct
 * map), which has no page table to add a pte to.
 */
pte_t *pte_alloc(struct mm_struct *mm, pmd_t *pmd, unsigned long address)
{
	if (pmd_none(*pmd)) {
		pte_t *table = (pte_t *)get_zeroed_page(GFP_KERNEL);

		if (!table)
			return NULL;
		if (!link_page_table(mm, pmd, table))
			free_page((unsigned long)table);
	}
	if (pmd_large(*pmd)) {
		printk(KERN_ERR "pte_alloc: %08lx is inside a 4 MiB page\n",
		       address);
		dump_stack();
		return NULL;
	}
	return pte_offset_kernel(pmd, address);
}

/**
 * The pte of kernel address @p address in pmd @p pmd of swapper_pg_dir,
 * allocating its page table if needed: pte_alloc() on init_mm (Linux
 * 2.6's name; 2.4 calls pte_alloc(&init_mm, ...)).
 */
pte_t *pte_alloc_kernel(pmd_t *pmd, unsigned long address)
{
	return pte_alloc(&init_mm, pmd, address);
}

/**
 * Find how kernel address @p address is mapped in swapper_pg_dir: a
 * pointer to its pte, or to its pmd (cast to a pte) if a 4 MiB page maps
 * it, or NULL if no page table covers it (Linux 2.6's lookup_address(),
 * on the walker's pgwalk_lookup()). The pte itself may be empty: test it
 * with pte_present().
 */
pte_t *lookup_address(unsigned long address)
{
	struct pgwalk_slot slot;

	switch (pgwalk_lookup(init_mm.pgd, address, &slot)) {
	case PGWALK_LARGE:
		return (pte_t *)slot.pmd;
	case PGWALK_PTE:
		return slot.pte;
	default:
		return NULL;
	}
}
