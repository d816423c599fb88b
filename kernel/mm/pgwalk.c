// SPDX-License-Identifier: GPL-2.0-only
/*
 * pgwalk.c - the page-table walker (see pgwalk.h): pgwalk_lookup() for one
 * address, walk_page_range() for a range, one function per level.
 *
 * Linux 2.4 writes a fresh set of nested loops for each job
 * (zap_page_range, copy_page_range, change_protection, the vmalloc
 * mappers); vmm386 writes the loops once and lets the jobs be callbacks.
 */
#include <pgwalk.h>
#include <pgtable.h>
#include <mm_types.h>
#include <kernel.h>
#include <errno.h>

/**
 * Find the entries that translate @p addr in page directory @p dir: the
 * pgd entry, the pmd and, if a page table covers the address, its pte
 * (reached through the direct map: page tables live in low memory). Fills
 * @p slot and says how far it got. Nothing is allocated and nothing is
 * locked; the caller keeps the tables from changing under it.
 */
enum pgwalk_found pgwalk_lookup(pgd_t *dir, unsigned long addr,
				struct pgwalk_slot *slot)
{
	slot->pgd = dir + pgd_index(addr);
	slot->pmd = NULL;
	slot->pte = NULL;
	if (pgd_none(*slot->pgd))
		return PGWALK_NONE;
	slot->pmd = pmd_offset(slot->pgd, addr);
	if (!pmd_present(*slot->pmd))
		return PGWALK_NONE;
	if (pmd_large(*slot->pmd))
		return PGWALK_LARGE;
	slot->pte = pte_offset_kernel(slot->pmd, addr);
	return PGWALK_PTE;
}

/**
 * The pte of @p addr in address space @p mm, allocating the page table
 * that holds it if there is none (pte_alloc(): a kernel-only table for
 * init_mm, a user one for any other mm). NULL if no page is free, or if a
 * 4 MiB page maps the address. Call it without mm->page_table_lock: the
 * allocation may sleep.
 */
pte_t *pgwalk_alloc(struct mm_struct *mm, unsigned long addr)
{
	pgd_t *pgd = pgd_offset(mm, addr);
	pmd_t *pmd = pmd_alloc(mm, pgd, addr);

	if (!pmd)
		return NULL;
	/* The common case, a page table already there, needs no call. */
	if (pmd_present(*pmd) && !pmd_large(*pmd))
		return pte_offset_kernel(pmd, addr);
	return pte_alloc(mm, pmd, addr);
}

/*
 * Where the piece of [@addr, @end) inside one @size-aligned block ends:
 * the next boundary, or @end if that comes first. Comparing "minus one"
 * values keeps it right when the boundary or @end is the top of the
 * address space, written as 0.
 */
static unsigned long piece_end(unsigned long addr, unsigned long size,
			       unsigned long end)
{
	unsigned long boundary = (addr + size) & ~(size - 1);

	return boundary - 1 < end - 1 ? boundary : end;
}

/* Report a pmd that is neither empty nor a present page table. */
static int bad_pmd(pmd_t *pmd, unsigned long addr)
{
	printk(KERN_ERR "pgwalk: bad pmd %08lx at %08lx\n", pmd_val(*pmd),
	       addr);
	return -EFAULT;
}

/* Visit every pte of [@addr, @end), all under the page table of @pmd. */
static int walk_pte_range(pmd_t *pmd, unsigned long addr, unsigned long end,
			  struct pgwalk *walk)
{
	pte_t *table = pte_offset_map(pmd, addr);
	pte_t *pte = table;
	int ret = 0;

	do {
		ret = walk->pte_entry(pte, addr, walk);
		if (ret)
			break;
		pte++;
		addr += PAGE_SIZE;
	} while (addr != end);
	pte_unmap(table);
	return ret;
}

/*
 * One pmd: let the caller see (and change) it, then descend if it now
 * points to a page table and the caller wants ptes.
 */
static int visit_pmd(pmd_t *pmd, unsigned long addr, unsigned long end,
		     struct pgwalk *walk)
{
	if (walk->pmd_entry) {
		int ret = walk->pmd_entry(pmd, addr, end, walk);

		if (ret)
			return ret;
	}
	if (!walk->pte_entry || pmd_none(*pmd))
		return 0;
	if (pmd_present(*pmd) && pmd_large(*pmd))
		return 0;
	if (pmd_bad(*pmd))
		return bad_pmd(pmd, addr);
	return walk_pte_range(pmd, addr, end, walk);
}

/* Visit every pmd of [@addr, @end), all under pgd entry @pgd. */
static int walk_pmd_range(pgd_t *pgd, unsigned long addr, unsigned long end,
			  struct pgwalk *walk)
{
	pmd_t *pmd = pmd_offset(pgd, addr);

	do {
		unsigned long next = piece_end(addr, PMD_SIZE, end);
		int ret = visit_pmd(pmd, addr, next, walk);

		if (ret)
			return ret;
		pmd++;
		addr = next;
	} while (addr != end);
	return 0;
}

/**
 * Walk [@p start, @p end) of the page directory @p walk->dir, calling
 * @p walk->pmd_entry for every pmd the range touches and
 * @p walk->pte_entry for every pte under a present page table (4 MiB
 * pages have no ptes: pmd_entry sees them). @p start is rounded down and
 * @p end up to a page; an @p end of 0 means the top of the address space.
 * The first callback to return non-zero stops the walk, and its value is
 * returned; a pmd that is neither empty, nor a 4 MiB page, nor a page
 * table stops it with -EFAULT and a message. 0 when the whole range was
 * walked.
 */
int walk_page_range(unsigned long start, unsigned long end,
		    struct pgwalk *walk)
{
	unsigned long addr = start & PAGE_MASK;
	pgd_t *pgd = walk->dir + pgd_index(addr);

	end = PAGE_ALIGN(end);
	if (end - 1 < addr)	/* empty or reversed; 0 is the top */
		return 0;
	do {
		unsigned long next = piece_end(addr, PGDIR_SIZE, end);
		int ret = 0;

		if (pgd_bad(*pgd))
			ret = -EFAULT;
		else if (!pgd_none(*pgd))
			ret = walk_pmd_range(pgd, addr, next, walk);
		if (ret)
			return ret;
		pgd++;
		addr = next;
	} while (addr != end);
	return 0;
}
