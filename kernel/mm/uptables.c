// SPDX-License-Identifier: GPL-2.0-only
/*
 * uptables.c - what the region code asks of a process's page tables
 * (Linux 2.4: zap_page_range and copy_page_range in mm/memory.c,
 * change_protection in mm/mprotect.c, move_page_tables in mm/mremap.c,
 * clear_page_tables in mm/memory.c): remove the pages of a range, copy a
 * region's ptes for fork (copy-on-write), change the protection of a
 * range, move a range's ptes for mremap, and free the page tables.
 *
 * Each is a callback or two on the shared walker (pgwalk.h) instead of
 * 2.4's three nested loops per job. Where 2.4 frees page tables of an
 * unmapped range at once (free_pgtables), vmm386 keeps them until the
 * address space goes (exit_mmap -> clear_page_tables).
 *
 * A pte that is not present but not empty would hold a swap entry
 * (Chapter 12); none can exist yet, so meeting one is reported as a bug.
 */
#include <mman.h>
#include <mm.h>
#include <pgwalk.h>
#include <pgtable.h>
#include <tlbflush.h>
#include <kernel.h>
#include <errno.h>
#include <sched.h>

/** A non-present, non-empty pte was met (a swap entry before swap). */
unsigned long nr_swap_pte_bugs;

/* Report a pte that can only be a swap entry, which cannot exist yet. */
static void report_swap_pte(unsigned long addr, pte_t pte)
{
	nr_swap_pte_bugs++;
	printk(KERN_ERR "vmm386: swap pte %08lx at %08lx before swap exists\n",
	       pte_val(pte), addr);
}

/* ---- zap ------------------------------------------------------------------ */

struct zap_state {
	unsigned long unmapped;	/* pages that were counted in rss */
};

/* Clear one pte and drop its page. */
static void zap_pte(struct zap_state *zap, pte_t *pte, unsigned long addr)
{
	pte_t old = *pte;
	struct page *page;

	if (pte_none(old))
		return;
	pte_clear(pte);
	if (!pte_present(old)) {
		report_swap_pte(addr, old);
		return;
	}
	page = pte_page(old);
	if (VALID_PAGE(page) && !PageReserved(page))
		zap->unmapped++;
	drop_page(page);
}

/*
 * Zap the ptes of [@addr, @end), all under the page table of @pmd: one
 * callback per table and a plain loop inside it, rather than a callback
 * per pte, which cost half of a fork+exit+wait's work per page.
 */
static int zap_pte_table(pmd_t *pmd, unsigned long addr, unsigned long end,
			 struct pgwalk *walk)
{
	pte_t *table, *pte;

	if (pmd_none(*pmd))
		return 0;
	table = pte_offset_map(pmd, addr);
	for (pte = table; addr != end; pte++, addr += PAGE_SIZE)
		zap_pte(walk->private, pte, addr);
	pte_unmap(table);
	return 0;
}

/**
 * Unmap every page of [@p address, @p address + @p size) in @p mm: the
 * ptes are cleared, each page loses a reference (the last frees it),
 * rss goes down, and the TLB forgets the range. The page tables stay.
 */
void zap_page_range(struct mm_struct *mm, unsigned long address,
		    unsigned long size)
{
	struct zap_state zap = { 0 };
	struct pgwalk walk = {
		.dir = mm->pgd, .pmd_entry = zap_pte_table, .private = &zap,
	};

	spin_lock(&mm->page_table_lock);
	walk_page_range(address, address + size, &walk);
	mm->rss -= min(zap.unmapped, mm->rss);
	spin_unlock(&mm->page_table_lock);
	flush_tlb_range(mm, address, address + size);
}

/* ---- copy (fork) -------------------------------------------------------- */

struct copy_state {
	struct mm_struct *dst;
	bool cow;		/* private and writable: share read-only */
};

/*
 * Give the child a page table wherever the parent has one in the range,
 * before any lock is taken: allocating may sleep.
 */
static int prepare_child_table(pmd_t *pmd, unsigned long addr,
			       unsigned long end, struct pgwalk *walk)
{
	struct copy_state *copy = walk->private;

	if (pmd_none(*pmd))
		return 0;
	return pgwalk_alloc(copy->dst, addr) ? 0 : -ENOMEM;
}

/*
 * Copy one pte, @src_pte, into the child's @dst_pte. A private writable
 * page is write-protected in both: the first write, by either, copies it
 * (do_wp_page).
 */
static void copy_pte(struct copy_state *copy, pte_t *src_pte,
		     pte_t *dst_pte, unsigned long addr)
{
	pte_t pte = *src_pte;
	struct page *page;

	if (pte_none(pte))
		return;
	if (!pte_present(pte)) {
		report_swap_pte(addr, pte);
		return;
	}
	if (copy->cow && pte_write(pte)) {
		pte = pte_wrprotect(pte);
		set_pte(src_pte, pte);
	}
	page = pte_page(pte);
	if (VALID_PAGE(page) && !PageReserved(page)) {
		get_page(page);
		copy->dst->rss++;
	}
	set_pte(dst_pte, pte_mkold(pte));
}

/*
 * Copy the ptes of [@addr, @end), all under the parent's page table of
 * @pmd, into the child's table, which prepare_child_table() made: the
 * child's table is looked up once, then both are walked in step.
 */
static int copy_pte_table(pmd_t *pmd, unsigned long addr, unsigned long end,
			  struct pgwalk *walk)
{
	struct copy_state *copy = walk->private;
	struct pgwalk_slot slot;
	pte_t *table, *src, *dst;

	if (pmd_none(*pmd))
		return 0;
	if (pgwalk_lookup(copy->dst->pgd, addr, &slot) != PGWALK_PTE)
		return -ENOMEM;
	table = pte_offset_map(pmd, addr);
	for (src = table, dst = slot.pte; addr != end;
	     src++, dst++, addr += PAGE_SIZE)
		copy_pte(copy, src, dst, addr);
	pte_unmap(table);
	return 0;
}

/**
 * Copy the ptes of region @p vma of @p src into @p dst for fork. Both
 * share every page (each gains a reference); in a private region that
 * may be written, the parent's writable ptes and the child's copies are
 * write-protected, so a write by either copies the page then. Returns 0
 * or -ENOMEM (no page for a page table). Called with @p src's mmap_sem
 * held for writing: nothing else changes its page tables meanwhile.
 */
int copy_page_range(struct mm_struct *dst, struct mm_struct *src,
		    struct vm_area_struct *vma)
{
	struct copy_state copy = {
		.dst = dst,
		.cow = (vma->vm_flags & (VM_SHARED | VM_MAYWRITE)) ==
		       VM_MAYWRITE,
	};
	struct pgwalk walk = {
		.dir = src->pgd, .pmd_entry = prepare_child_table,
		.private = &copy,
	};
	int err = walk_page_range(vma->vm_start, vma->vm_end, &walk);

	if (err)
		return err;
	walk.pmd_entry = copy_pte_table;
	spin_lock(&src->page_table_lock);
	spin_lock(&dst->page_table_lock);
	err = walk_page_range(vma->vm_start, vma->vm_end, &walk);
	spin_unlock(&dst->page_table_lock);
	spin_unlock(&src->page_table_lock);
	if (copy.cow)
		flush_tlb_range(src, vma->vm_start, vma->vm_end);
	return err;
}

/* ---- change of protection ---------------------------------------------- */

/*
 * Give one pte the walk's protection. The zero page stays read-only
 * whatever the region allows: it is shared by every process.
 */
static int protect_pte(pte_t *pte, unsigned long addr, struct pgwalk *walk)
{
	pgprot_t *prot = walk->private;
	pte_t entry;

	if (!pte_present(*pte))
		return 0;
	entry = pte_modify(*pte, *prot);
	if (pte_page(entry) == ZERO_PAGE(addr))
		entry = pte_wrprotect(entry);
	set_pte(pte, entry);
	return 0;
}

/**
 * Give every mapped page of [@p start, @p end) in @p vma the protection
 * @p newprot, keeping the frames and their accessed and dirty bits, and
 * flush the range from the TLB.
 */
void change_protection(struct vm_area_struct *vma, unsigned long start,
		       unsigned long end, pgprot_t newprot)
{
	struct mm_struct *mm = vma->vm_mm;
	struct pgwalk walk = {
		.dir = mm->pgd, .pte_entry = protect_pte, .private = &newprot,
	};

	spin_lock(&mm->page_table_lock);
	walk_page_range(start, end, &walk);
	spin_unlock(&mm->page_table_lock);
	flush_tlb_range(mm, start, end);
}

/* ---- moving (mremap) ------------------------------------------------------ */

struct move_state {
	struct mm_struct *mm;
	unsigned long delta;	/* new address minus old address */
};

/* Move one pte to its new address, whose page table exists. */
static int move_pte(pte_t *pte, unsigned long addr, struct pgwalk *walk)
{
	struct move_state *move = walk->private;
	struct pgwalk_slot slot;

	if (pte_none(*pte))
		return 0;
	if (pgwalk_lookup(move->mm->pgd, addr + move->delta, &slot) !=
	    PGWALK_PTE)
		return -ENOMEM;
	set_pte(slot.pte, *pte);
	pte_clear(pte);
	return 0;
}

/**
 * Move the ptes of [@p old_addr, @p old_addr + @p len) to @p new_addr in
 * @p vma's address space (mremap): the pages go with them, nothing is
 * copied. The page tables of the new range are allocated first, so on
 * -ENOMEM nothing has moved.
 */
int move_page_tables(struct vm_area_struct *vma, unsigned long new_addr,
		     unsigned long old_addr, unsigned long len)
{
	struct mm_struct *mm = vma->vm_mm;
	struct move_state move = { mm, new_addr - old_addr };
	struct pgwalk walk = {
		.dir = mm->pgd, .pte_entry = move_pte, .private = &move,
	};
	unsigned long addr;

	for (addr = new_addr; addr < new_addr + len;
	     addr = (addr + PMD_SIZE) & PMD_MASK)
		if (!pgwalk_alloc(mm, addr))
			return -ENOMEM;
	spin_lock(&mm->page_table_lock);
	walk_page_range(old_addr, old_addr + len, &walk);
	spin_unlock(&mm->page_table_lock);
	flush_tlb_range(mm, old_addr, old_addr + len);
	return 0;
}

/* ---- freeing the page tables ------------------------------------------- */

/* True if no pte of the page table under @pmd is in use. */
static bool table_is_empty(pmd_t *pmd)
{
	pte_t *pte = pte_offset_map(pmd, 0);
	bool empty = true;

	for (int i = 0; i < PTRS_PER_PTE && empty; i++)
		empty = pte_none(pte[i]);
	pte_unmap(pte);
	return empty;
}

/*
 * Free the page table the user pmd @pmd (covering @addr) points to, if
 * any, and clear the pmd. Returns 1 if a table was freed.
 */
static int free_user_table(pmd_t *pmd, unsigned long addr)
{
	if (pmd_none(*pmd))
		return 0;
	if (!table_is_empty(pmd))
		printk(KERN_ERR "clear_page_tables: table at %08lx still "
		       "maps pages\n", addr);
	__free_page(pmd_page(*pmd));
	pmd_clear(pmd);
	return 1;
}

/**
 * Free every user page table of @p mm (its regions are gone: exit_mmap).
 * The kernel half of the page directory is shared and stays.
 *
 * A plain loop over the user entries of the directory, as Linux 2.4's
 * clear_page_tables has, not the generic walker: the walker's callback
 * per entry cost some 80 instructions for each of the 768 entries, most
 * of them empty -- 62,000 instructions, three quarters of a
 * fork+exit+wait of a small process. The loop costs a few per entry.
 */
void clear_page_tables(struct mm_struct *mm)
{
	unsigned long freed = 0;

	spin_lock(&mm->page_table_lock);
	for (unsigned long i = 0; i < USER_PTRS_PER_PGD; i++) {
		unsigned long addr = i * PGDIR_SIZE;

		freed += free_user_table(pmd_offset(mm->pgd + i, addr), addr);
	}
	spin_unlock(&mm->page_table_lock);
	if (freed)
		flush_tlb_mm(mm);
}
