// SPDX-License-Identifier: GPL-2.0-only
/*
 * pgtable.c - page directories for address spaces other than init_mm
 * (Linux 2.4: get_pgd_slow()/free_pgd_slow() in asm-i386/pgalloc.h; 2.6:
 * arch/x86/mm/pgtable.c). The start of Chapter 5.
 *
 * How vmm386 differs from Linux 2.4: there is no quicklist of free page
 * directories (pgd_alloc() always takes a fresh page), and no list of all
 * page directories (2.6's pgd_list, which vmalloc_sync_all() walks).
 */
#include <pgalloc.h>
#include <mm.h>
#include <mm_types.h>
#include <string.h>
#include <kernel.h>
#include <kallsyms.h>
#include <system.h>

/**
 * A new page directory for @p mm: a page from low memory (CR3 must point
 * below 4 GiB and the kernel must reach it through the direct map), with
 * an empty user half and a copy of swapper_pg_dir's kernel half, as Linux
 * 2.4's get_pgd_slow() makes it. NULL if no page is free. No lock is
 * taken: an entry swapper_pg_dir gains while the copy is made is fetched
 * later by the vmalloc fault, like any entry gained after.
 */
pgd_t *pgd_alloc(struct mm_struct *mm)
{
	pgd_t *pgd = (pgd_t *)__get_free_page(GFP_KERNEL);

	(void)mm;
	if (!pgd)
		return NULL;
	memset(pgd, 0, USER_PTRS_PER_PGD * sizeof(pgd_t));
	memcpy(pgd + USER_PTRS_PER_PGD, swapper_pg_dir + USER_PTRS_PER_PGD,
	       (PTRS_PER_PGD - USER_PTRS_PER_PGD) * sizeof(pgd_t));
	return pgd;
}

/**
 * Free page directory @p pgd. Its user page tables must be gone already
 * (Chapter 5's exit_mmap()); the kernel page tables it points to are
 * shared with swapper_pg_dir and stay. Freeing swapper_pg_dir itself, or
 * the directory CR3 holds, is refused.
 */
void pgd_free(pgd_t *pgd)
{
	if (pgd == swapper_pg_dir ||
	    __pa(pgd) == (read_cr3() & PAGE_MASK)) {
		printk(KERN_ERR "pgd_free: %p is in use\n", pgd);
		dump_stack();
		return;
	}
	free_page((unsigned long)pgd);
}
