// SPDX-License-Identifier: GPL-2.0-only
/*
 * user_pages.c - a stop-gap: user memory mapped eagerly, page by page,
 * without memory regions.
 *
 * Chapter 5's real address space (VMAs, do_mmap_pgoff, demand paging,
 * copy-on-write) is being built alongside the process code; until it is
 * in place, execve, brk and fork need some way to give a process memory.
 * This file is that way and nothing more: it allocates a zeroed page for
 * every user page at once, maps it with the permissions asked for, copies
 * every page at fork and frees every page at exit. There is no record of
 * ranges other than the page tables themselves. When the VMA code lands,
 * exec maps through do_mmap_pgoff()/do_brk(), fork through dup_mmap() and
 * exit through exit_mmap(), and this file goes.
 *
 * Pages come from low memory (GFP_KERNEL) so they can be filled through
 * the direct map without kmap.
 */
#include <user_pages.h>
#include <mm.h>
#include <mm_types.h>
#include <pgtable.h>
#include <processor.h>
#include <string.h>
#include <errno.h>

/*
 * The pte of user address @addr in @mm, or NULL if there is no page table
 * for it and @alloc is false (or no page is free for one).
 */
static pte_t *user_pte(struct mm_struct *mm, unsigned long addr, bool alloc)
{
	pmd_t *pmd = pmd_offset(pgd_offset(mm, addr), addr);

	if (pmd_none(*pmd)) {
		unsigned long table;

		if (!alloc)
			return NULL;
		table = get_zeroed_page(GFP_KERNEL);
		if (!table)
			return NULL;
		set_pmd(pmd, __pmd(_PAGE_TABLE | __pa(table)));
	}
	return pte_offset_kernel(pmd, addr);
}

/**
 * Give [@p start, @p end) of @p mm zeroed pages, user-accessible and
 * writable if @p writable. Pages already mapped are kept (and made
 * writable if asked). Returns 0, or -ENOMEM with what was mapped left for
 * free_user_pages().
 */
int map_user_range(struct mm_struct *mm, unsigned long start,
		   unsigned long end, bool writable)
{
	pgprot_t prot = writable ? PAGE_SHARED : PAGE_READONLY;

	for (unsigned long a = start & PAGE_MASK; a < end; a += PAGE_SIZE) {
		pte_t *pte = user_pte(mm, a, true);
		unsigned long page;

		if (!pte)
			return -ENOMEM;
		if (pte_present(*pte)) {
			if (writable)
				set_pte(pte, pte_mkwrite(*pte));
			continue;
		}
		page = get_zeroed_page(GFP_KERNEL);
		if (!page)
			return -ENOMEM;
		set_pte(pte, mk_pte_phys(__pa(page), prot));
	}
	return 0;
}

/* Free the page behind @pte, if any, and clear the pte. */
static void free_user_pte(pte_t *pte)
{
	if (!pte_present(*pte))
		return;
	free_page((unsigned long)__va(pte_phys(*pte)));
	pte_clear(pte);
}

/**
 * Unmap and free the pages of [@p start, @p end) in @p mm (brk shrinking).
 * The caller flushes the TLB if @p mm is loaded.
 */
void unmap_user_range(struct mm_struct *mm, unsigned long start,
		      unsigned long end)
{
	for (unsigned long a = start & PAGE_MASK; a < end; a += PAGE_SIZE) {
		pte_t *pte = user_pte(mm, a, false);

		if (pte)
			free_user_pte(pte);
	}
}

/**
 * Free every user page and user page table of @p mm, leaving an empty
 * user half (exit, and execve replacing a program).
 */
void free_user_pages(struct mm_struct *mm)
{
	for (unsigned long i = 0; i < USER_PTRS_PER_PGD; i++) {
		pmd_t *pmd = (pmd_t *)(mm->pgd + i);
		pte_t *table;

		if (pmd_none(*pmd))
			continue;
		table = pmd_page_kernel(*pmd);
		for (int j = 0; j < PTRS_PER_PTE; j++)
			free_user_pte(&table[j]);
		pmd_clear(pmd);
		free_page((unsigned long)table);
	}
}

/**
 * Copy every user page of @p src into fresh pages of @p dst, with the same
 * permissions (fork, until copy-on-write). Returns 0 or -ENOMEM.
 */
int copy_user_pages(struct mm_struct *dst, struct mm_struct *src)
{
	for (unsigned long i = 0; i < USER_PTRS_PER_PGD; i++) {
		pmd_t *pmd = (pmd_t *)(src->pgd + i);
		pte_t *table;

		if (pmd_none(*pmd))
			continue;
		table = pmd_page_kernel(*pmd);
		for (unsigned long j = 0; j < PTRS_PER_PTE; j++) {
			unsigned long addr = (i << PGDIR_SHIFT) |
					     (j << PAGE_SHIFT);
			pte_t *to;

			if (!pte_present(table[j]))
				continue;
			if (map_user_range(dst, addr, addr + PAGE_SIZE,
					   pte_write(table[j])))
				return -ENOMEM;
			to = user_pte(dst, addr, false);
			memcpy(__va(pte_phys(*to)), __va(pte_phys(table[j])),
			       PAGE_SIZE);
		}
	}
	return 0;
}

/**
 * Copy @p len bytes from kernel memory @p src to user address @p addr of
 * @p mm, which need not be the loaded address space; the pages must be
 * mapped. Returns 0, or -EFAULT at the first unmapped page.
 */
int copy_to_mm(struct mm_struct *mm, unsigned long addr, const void *src,
	       unsigned long len)
{
	const char *from = src;

	while (len) {
		pte_t *pte = user_pte(mm, addr, false);
		unsigned long off = addr & ~PAGE_MASK;
		unsigned long n = PAGE_SIZE - off < len ? PAGE_SIZE - off : len;

		if (!pte || !pte_present(*pte))
			return -EFAULT;
		memcpy((char *)__va(pte_phys(*pte)) + off, from, n);
		from += n;
		addr += n;
		len -= n;
	}
	return 0;
}
