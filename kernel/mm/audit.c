// SPDX-License-Identifier: GPL-2.0-only
/*
 * audit.c - vmm386's invariant audit of the address spaces: a debug system
 * call (1002) that a test program calls between batches of operations.
 *
 * Linux has nothing like it as a system call; its nearest relatives are
 * CONFIG_DEBUG_VM_RB's validate_mm() (list and tree agree) and the
 * "Bad rss-counter state" check at exit. The audit checks, for every
 * address space on the task list:
 *
 *  - the region list is sorted, disjoint, page aligned, below TASK_SIZE,
 *    each region points back to its mm, map_count counts it, total_vm and
 *    locked_vm add up, and an in-order walk of the red-black tree visits
 *    the same regions in the same order;
 *  - every present pte lies inside a region and gives no more than the
 *    region allows (writable only in a VM_WRITE region, user-accessible
 *    only in a readable, writable or executable one), the zero page is
 *    never writable, and a private page mapped by several ptes is never
 *    writable (copy-on-write would be lost);
 *  - no pte maps a free page (count 0) or a reserved page other than the
 *    zero page, and rss equals the number of present ptes of real pages;
 *  - no entry of the kernel's part of the page directory lets user mode
 *    in.
 *
 * And across all address spaces, when every one of them is quiet (its
 * mmap_sem free, no task exiting): each mapped page's count equals the
 * number of ptes mapping it plus the page cache's reference.
 *
 * And for each file region of a locked mm: the region is on its file's
 * i_mmap list, and every region on that list whose mm is locked too is
 * a region of that mm.
 */
#include <mman.h>
#include <mm.h>
#include <pgwalk.h>
#include <pgtable.h>
#include <kernel.h>
#include <errno.h>
#include <sched.h>
#include <preempt.h>
#include <syscalls.h>
#include <fs.h>
#include <pagemap.h>

#define MAX_MMS		64	/* address spaces one audit looks at */
#define MAX_REPORTS	8	/* problems printed per audit */

/*
 * What one audit has found so far. While the mms are quiet, the audit
 * counts each mapped page's ptes in page->private, which the buddy
 * allocator uses only while a page is free and leaves 0 otherwise; the
 * comparison puts 0 back. No memory is allocated for the audit: the
 * leak counters around a test see nothing.
 */
struct audit {
	long problems;
	bool quiet;		/* every mm locked: counts can be compared */
};

/* Count and print (the first few) problems. */
static void problem(struct audit *a, struct mm_struct *mm, const char *what,
		    unsigned long addr, unsigned long value)
{
	if (a->problems++ < MAX_REPORTS)
		printk(KERN_ERR "audit: mm %p: %s at %#lx (%#lx)\n", mm, what,
		       addr, value);
}

/* ---- regions --------------------------------------------------------------- */

/* The region list's own rules, and total_vm and locked_vm. */
static void audit_region_list(struct audit *a, struct mm_struct *mm)
{
	struct vm_area_struct *vma;
	unsigned long prev_end = 0, total = 0, locked = 0;
	int count = 0;

	for (vma = mm->mmap; vma; vma = vma->vm_next) {
		unsigned long pages = (vma->vm_end - vma->vm_start) >> PAGE_SHIFT;

		if (vma->vm_start >= vma->vm_end ||
		    ((vma->vm_start | vma->vm_end) & ~PAGE_MASK) ||
		    vma->vm_end > TASK_SIZE)
			problem(a, mm, "malformed region", vma->vm_start,
				vma->vm_end);
		if (vma->vm_start < prev_end)
			problem(a, mm, "regions overlap or are unsorted",
				vma->vm_start, prev_end);
		if (vma->vm_mm != mm)
			problem(a, mm, "region of another mm", vma->vm_start,
				(unsigned long)vma->vm_mm);
		prev_end = vma->vm_end;
		total += pages;
		if (vma->vm_flags & VM_LOCKED)
			locked += pages;
		if (++count > mm->map_count)
			break;
	}
	if (count != mm->map_count)
		problem(a, mm, "map_count is not the list's length", count,
			mm->map_count);
	if (total != mm->total_vm)
		problem(a, mm, "total_vm is not the regions' pages", total,
			mm->total_vm);
	if (locked != mm->locked_vm)
		problem(a, mm, "locked_vm is not the locked regions' pages",
			locked, mm->locked_vm);
}

/* An in-order walk of the tree must meet the list's regions in order. */
static void audit_region_tree(struct audit *a, struct mm_struct *mm)
{
	struct vm_area_struct *vma = mm->mmap;
	struct rb_node *node;

	for (node = rb_first(&mm->mm_rb); node; node = rb_next(node)) {
		struct vm_area_struct *in_tree = rb_entry(node,
					struct vm_area_struct, vm_rb);

		if (in_tree != vma) {
			problem(a, mm, "tree and list disagree",
				in_tree->vm_start, vma ? vma->vm_start : 0);
			return;
		}
		vma = vma->vm_next;
	}
	if (vma)
		problem(a, mm, "a region is missing from the tree",
			vma->vm_start, 0);
}

/* ---- files' lists of regions ----------------------------------------------- */

/* True if @entry is on the list @head. */
static bool list_holds(struct list_head *head, struct list_head *entry)
{
	struct list_head *pos;

	list_for_each(pos, head)
		if (pos == entry)
			return true;
	return false;
}

/* True if @vma is one of @mm's regions. */
static bool region_of(struct mm_struct *mm, struct vm_area_struct *vma)
{
	for (struct vm_area_struct *v = mm->mmap; v; v = v->vm_next)
		if (v == vma)
			return true;
	return false;
}

/*
 * True if @vma is the first of @mm's regions, in address order, to map
 * @mapping: that region alone checks the list for stale entries, so a
 * file mapped many times costs one walk of the list, not one per region.
 */
static bool first_to_map(struct mm_struct *mm, struct vm_area_struct *vma,
			 struct address_space *mapping)
{
	for (struct vm_area_struct *v = mm->mmap; v != vma; v = v->vm_next)
		if (v->vm_file && v->vm_file->f_mapping == mapping)
			return false;
	return true;
}

/*
 * Every region on @mapping's list whose mm is one the audit locked
 * (@mms[0..@n)) must be a region of that mm: one left on the list after
 * munmap would mislead truncation. The regions of other address spaces
 * may be changing and are not looked at.
 */
static void audit_i_mmap(struct audit *a, struct address_space *mapping,
			 struct mm_struct **mms, int n)
{
	struct vm_area_struct *v;

	list_for_each_entry(v, &mapping->i_mmap, vm_shared) {
		bool checkable = false;

		for (int i = 0; i < n && !checkable; i++)
			checkable = v->vm_mm == mms[i];
		if (checkable && !region_of(v->vm_mm, v))
			problem(a, v->vm_mm, "i_mmap holds a region "
				"its mm does not have", v->vm_start, v->vm_end);
	}
}

/*
 * Each file region of @mm must be on its file's i_mmap list, and the
 * list must hold no stale region (audit_i_mmap()): a region missing from
 * it after a split, fork or mremap would escape truncation.
 */
static void audit_file_links(struct audit *a, struct mm_struct *mm,
			     struct mm_struct **mms, int n)
{
	for (struct vm_area_struct *vma = mm->mmap; vma; vma = vma->vm_next) {
		struct address_space *mapping =
			vma->vm_file ? vma->vm_file->f_mapping : NULL;

		if (!mapping)
			continue;
		spin_lock(&mapping->i_shared_lock);
		if (!list_holds(&mapping->i_mmap, &vma->vm_shared))
			problem(a, mm, "file region not on its file's i_mmap",
				vma->vm_start, vma->vm_pgoff);
		if (first_to_map(mm, vma, mapping))
			audit_i_mmap(a, mapping, mms, n);
		spin_unlock(&mapping->i_shared_lock);
	}
}

/* ---- page tables ------------------------------------------------------------ */

/* The walk's state: the mm, the region at or after the last address. */
struct pte_audit {
	struct audit *audit;
	struct mm_struct *mm;
	struct vm_area_struct *vma;
	unsigned long rss;
};

/* The region holding @addr; the walk goes up, so the list is followed. */
static struct vm_area_struct *region_at(struct pte_audit *pa,
					unsigned long addr)
{
	while (pa->vma && pa->vma->vm_end <= addr)
		pa->vma = pa->vma->vm_next;
	if (pa->vma && pa->vma->vm_start <= addr)
		return pa->vma;
	return NULL;
}

/* True if a pte may give user mode what @pte gives inside @vma. */
static bool pte_within_region(pte_t pte, struct vm_area_struct *vma)
{
	if (pte_write(pte) && !(vma->vm_flags & VM_WRITE))
		return false;
	if (pte_user(pte) && !(vma->vm_flags & (VM_READ | VM_WRITE | VM_EXEC)))
		return false;
	return true;
}

/* The checks of the frame a present pte maps. */
static void audit_frame(struct pte_audit *pa, pte_t pte, unsigned long addr,
			struct vm_area_struct *vma)
{
	struct page *page = pte_page(pte);

	if (!VALID_PAGE(page)) {
		problem(pa->audit, pa->mm, "pte maps no frame", addr,
			pte_val(pte));
		return;
	}
	if (PageReserved(page)) {
		if (page != ZERO_PAGE(addr))
			problem(pa->audit, pa->mm, "reserved frame mapped",
				addr, pte_val(pte));
		else if (pte_write(pte))
			problem(pa->audit, pa->mm, "zero page writable", addr,
				pte_val(pte));
		return;
	}
	pa->rss++;
	if (page_count(page) <= 0)
		problem(pa->audit, pa->mm, "free page mapped", addr,
			pte_val(pte));
	if (pte_write(pte) && !(vma->vm_flags & VM_SHARED) &&
	    page_count(page) > 1 + (page->mapping != NULL))
		problem(pa->audit, pa->mm, "shared private page writable",
			addr, page_count(page));
	if (pa->audit->quiet)
		page->private++;
}

/* One pte of a user address: inside a region, no wider, a live frame. */
static int audit_pte(pte_t *ptep, unsigned long addr, struct pgwalk *walk)
{
	struct pte_audit *pa = walk->private;
	struct vm_area_struct *vma;
	pte_t pte = *ptep;

	if (pte_none(pte))
		return 0;
	vma = region_at(pa, addr);
	if (!vma) {
		problem(pa->audit, pa->mm, "pte outside every region", addr,
			pte_val(pte));
		return 0;
	}
	if (!pte_present(pte)) {
		problem(pa->audit, pa->mm, "swap pte before swap exists", addr,
			pte_val(pte));
		return 0;
	}
	if (!pte_within_region(pte, vma))
		problem(pa->audit, pa->mm, "pte wider than its region", addr,
			pte_val(pte));
	audit_frame(pa, pte, addr, vma);
	return 0;
}

/* Every user pte of @mm; then rss must equal the present real pages. */
static void audit_user_ptes(struct audit *a, struct mm_struct *mm)
{
	struct pte_audit pa = { a, mm, mm->mmap, 0 };
	struct pgwalk walk = {
		.dir = mm->pgd, .pte_entry = audit_pte, .private = &pa,
	};

	walk_page_range(0, TASK_SIZE, &walk);
	if (pa.rss != mm->rss)
		problem(a, mm, "rss is not the present ptes", pa.rss, mm->rss);
}

/* No entry of the kernel's part of @mm's page directory is user's. */
static void audit_kernel_half(struct audit *a, struct mm_struct *mm)
{
	for (unsigned long i = pgd_index(PAGE_OFFSET); i < PTRS_PER_PGD; i++) {
		pgd_t entry = mm->pgd[i];
		pte_t *table;

		if (!(pgd_val(entry) & _PAGE_PRESENT))
			continue;
		if (pgd_val(entry) & _PAGE_PSE) {
			if (pgd_val(entry) & _PAGE_USER)
				problem(a, mm, "kernel 4 MiB page is user's",
					i << PGDIR_SHIFT, pgd_val(entry));
			continue;
		}
		if (!(pgd_val(entry) & _PAGE_USER))
			continue;
		table = (pte_t *)__va(pgd_val(entry) & PAGE_MASK);
		for (int j = 0; j < PTRS_PER_PTE; j++)
			if (pte_present(table[j]) && pte_user(table[j]))
				problem(a, mm, "kernel page is user's",
					(i << PGDIR_SHIFT) + (j << PAGE_SHIFT),
					pte_val(table[j]));
	}
}

/* ---- across address spaces -------------------------------------------------- */

/* Gather the distinct mms of the task list (no kernel threads). */
static int collect_mms(struct mm_struct **mms, bool *exiting)
{
	struct task_struct *p;
	int n = 0;

	*exiting = false;
	list_for_each_entry(p, &task_list, tasks) {
		bool seen = false;

		if (p->flags & PF_EXITING)
			*exiting = true;
		if (!p->mm || p->mm == &init_mm)
			continue;
		for (int i = 0; i < n && !seen; i++)
			seen = mms[i] == p->mm;
		if (!seen && n < MAX_MMS)
			mms[n++] = p->mm;
	}
	return n;
}

/* The references the page cache holds on @page (2.4: one while cached). */
static int cache_references(struct page *page)
{
	return page->mapping ? 1 : 0;
}

/*
 * Second pass over the ptes: the first pte met of each counted page
 * compares the page's count with its ptes (page->private) plus the
 * cache's reference, and clears the tally.
 */
static int compare_count(pte_t *ptep, unsigned long addr, struct pgwalk *walk)
{
	struct audit *a = walk->private;
	struct page *page;
	long want;

	if (!pte_present(*ptep))
		return 0;
	page = pte_page(*ptep);
	if (!VALID_PAGE(page) || PageReserved(page) || !page->private)
		return 0;
	want = page->private + cache_references(page);
	if (page_count(page) != want)
		problem(a, NULL, "page count is not its mappings", addr,
			page_count(page));
	page->private = 0;
	return 0;
}

/* Each mapped page's count must be its ptes plus the cache's reference. */
static void audit_counts(struct audit *a, struct mm_struct **mms, int n)
{
	for (int i = 0; i < n; i++) {
		struct pgwalk walk = {
			.dir = mms[i]->pgd, .pte_entry = compare_count,
			.private = a,
		};

		walk_page_range(0, TASK_SIZE, &walk);
	}
}

/* Try to lock every mm against change; the number locked. */
static int lock_mms(struct mm_struct **mms, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (!down_write_trylock(&mms[i]->mmap_sem))
			break;
	return i;
}

static void unlock_mms(struct mm_struct **mms, int n)
{
	while (n--)
		up_write(&mms[n]->mmap_sem);
}

/**
 * vmm386's audit system call (number 1002, not Linux): check the
 * invariants of every address space (see the top of audit.c) and print
 * each problem found with KERN_ERR. The page-count comparison across
 * address spaces runs only when every mm could be locked and no task is
 * exiting; otherwise each mm that could be locked is still checked on
 * its own (one that is changing cannot be read safely). Returns the
 * number of problems (0: all is well).
 */
long sys_vmm386_audit(void)
{
	struct mm_struct *mms[MAX_MMS];
	struct audit a = { 0 };
	bool exiting;
	int n, locked;

	preempt_disable();
	n = collect_mms(mms, &exiting);
	locked = lock_mms(mms, n);
	a.quiet = locked == n && !exiting;
	for (int i = 0; i < locked; i++) {
		spin_lock(&mms[i]->page_table_lock);
		audit_region_list(&a, mms[i]);
		audit_region_tree(&a, mms[i]);
		audit_user_ptes(&a, mms[i]);
		audit_kernel_half(&a, mms[i]);
		spin_unlock(&mms[i]->page_table_lock);
		audit_file_links(&a, mms[i], mms, locked);
	}
	if (a.quiet)
		audit_counts(&a, mms, n);
	unlock_mms(mms, locked);
	preempt_enable();
	return a.problems;
}
