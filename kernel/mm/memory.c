// SPDX-License-Identifier: GPL-2.0-only
/*
 * memory.c - page-table helpers shared by the kernel's mappers (Linux:
 * mm/memory.c; the book's Chapter 4). The process address space code of
 * Chapter 5 (faults, copy-on-write) will join them here.
 *
 * The walk always goes pgd -> pmd -> pte, even though the i386 pmd is
 * folded into the pgd, so that the same code reads like Linux's on three
 * levels (conventions: one walker, layered).
 */
#include <mm.h>
#include <pgtable.h>
#include <mm_types.h>
#include <spinlock.h>
#include <kernel.h>
#include <kallsyms.h>

/**
 * The pte of kernel address @p address in pmd @p pmd, allocating its page
 * table first if the pmd is empty (Linux 2.6's pte_alloc_kernel(); 2.4
 * calls it pte_alloc(&init_mm, ...)). The table is a zeroed page from
 * GFP_KERNEL, linked with kernel-only flags (_KERNPG_TABLE). Call it
 * without init_mm.page_table_lock held: it may sleep to allocate, then
 * takes the lock and, if someone else filled the pmd meanwhile, frees its
 * page. Returns NULL if no page is available, or if the pmd maps a 4 MiB
 * page (the direct map), which has no page table to add a pte to.
 */
pte_t *pte_alloc_kernel(pmd_t *pmd, unsigned long address)
{
	if (pmd_none(*pmd)) {
		pte_t *new = (pte_t *)get_zeroed_page(GFP_KERNEL);

		if (!new)
			return NULL;
		spin_lock(&init_mm.page_table_lock);
		if (pmd_none(*pmd)) {
			set_pmd(pmd, __pmd(_KERNPG_TABLE | __pa(new)));
			new = NULL;
		}
		spin_unlock(&init_mm.page_table_lock);
		if (new)
			free_page((unsigned long)new);
	}
	if (pmd_large(*pmd)) {
		printk(KERN_ERR "pte_alloc_kernel: %08lx is inside a 4 MiB "
		       "page\n", address);
		dump_stack();
		return NULL;
	}
	return pte_offset_kernel(pmd, address);
}

/**
 * Find how kernel address @p address is mapped in swapper_pg_dir: a
 * pointer to its pte, or to its pmd (cast to a pte) if a 4 MiB page maps
 * it, or NULL if no page table covers it (Linux 2.6's lookup_address()).
 * The pte itself may be empty: test it with pte_present().
 */
pte_t *lookup_address(unsigned long address)
{
	pgd_t *pgd = pgd_offset_k(address);
	pmd_t *pmd;

	if (pgd_none(*pgd))
		return NULL;
	pmd = pmd_offset(pgd, address);
	if (!pmd_present(*pmd))
		return NULL;
	if (pmd_large(*pmd))
		return (pte_t *)pmd;
	return pte_offset_kernel(pmd, address);
}
