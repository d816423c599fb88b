// SPDX-License-Identifier: GPL-2.0-only
/*
 * pagefault.c - resolving a page fault inside a region (Linux 2.4:
 * handle_mm_fault and what it calls in mm/memory.c, expand_stack in
 * linux/mm.h, and the region part of do_page_fault in
 * arch/i386/mm/fault.c).
 *
 * A fault on a user address comes here once the handler knows the address
 * is inside a region that allows the access (mm_fault_user_area). Then:
 *  - no pte yet: do_no_page -- the region's nopage() for a file, else
 *    do_anonymous_page: a read maps the shared zero page read-only, a
 *    write maps a fresh zeroed page;
 *  - a present read-only pte written to: do_wp_page -- copy-on-write,
 *    or reuse when this mapping is the page's only user;
 *  - otherwise the pte only needs its accessed/dirty bits (another path
 *    resolved the fault first).
 *
 * How vmm386 differs from Linux 2.4:
 *  - Minor and major faults are counted in handle_mm_fault itself (2.4
 *    counts in do_page_fault), so make_pages_present's faults count too.
 *  - A shared anonymous region is a region of a shmem object, as in 2.4
 *    (map_shared_anon() in mmap.c): its faults go to the object's page
 *    cache through filemap_nopage(), never to the zero page.
 *  - expand_stack refuses to grow into the region below (2.6's rule);
 *    2.4 relies on the stack limit alone.
 */
#include <mman.h>
#include <mm.h>
#include <pgwalk.h>
#include <pgtable.h>
#include <tlbflush.h>
#include <highmem.h>
#include <kernel.h>
#include <errno.h>
#include <sched.h>
#include <traps.h>
#include <preempt.h>
#include <processor.h>

/**
 * The zero page: mapped read-only wherever an anonymous page is read
 * before it is written. Part of the kernel image, so PG_reserved: never
 * counted, never freed.
 */
unsigned char empty_zero_page[PAGE_SIZE] __attribute__((aligned(PAGE_SIZE)));

/** Faults resolved since boot, by kind (tests read them). */
struct fault_stats fault_stats;

/*
 * Forget the TLB entry of user page @addr of @mm, if @mm is loaded: one
 * invlpg, cheaper than flush_tlb_range()'s CR3 reload for one page.
 */
static void flush_user_page(struct mm_struct *mm, unsigned long addr)
{
	preempt_disable();
	if (mm == current->active_mm) {
		tlb_stats.flush_page++;
		__flush_tlb_one(addr);
	}
	preempt_enable();
}

/*
 * Install @entry in the empty pte @pte unless another path filled it
 * while the lock was dropped; count an ordinary page in rss. Returns
 * false if the pte was taken (the caller drops its page). Inline: it is
 * a few instructions inside every first-touch fault.
 */
static inline __attribute__((always_inline))
bool install_pte(struct mm_struct *mm, pte_t *pte, pte_t entry,
		 struct page *page)
{
	spin_lock(&mm->page_table_lock);
	if (!pte_none(*pte)) {
		spin_unlock(&mm->page_table_lock);
		return false;
	}
	set_pte(pte, entry);
	if (!PageReserved(page))
		mm->rss++;
	spin_unlock(&mm->page_table_lock);
	return true;
}

/* A fresh page for user address @addr, zeroed through kmap_atomic. */
static struct page *alloc_zeroed_user_page(unsigned long addr)
{
	struct page *page = alloc_page(GFP_HIGHUSER);

	if (page)
		clear_user_highpage(page, addr);
	return page;
}

/*
 * The first touch of an anonymous page. A read of a private region maps
 * the zero page read-only; anything else gets a zeroed page of its own,
 * writable if this was a write. Inline in handle_mm_fault(): it is the
 * most frequent fault.
 */
static inline __attribute__((always_inline))
int do_anonymous_page(struct mm_struct *mm, struct vm_area_struct *vma,
			     pte_t *pte, int write_access, unsigned long addr)
{
	struct page *page;
	pte_t entry;

	if (!write_access && !(vma->vm_flags & VM_SHARED)) {
		page = ZERO_PAGE(addr);
		entry = pte_wrprotect(mk_pte(page, vma->vm_page_prot));
		install_pte(mm, pte, entry, page);
		return VM_FAULT_MINOR;
	}
	page = alloc_zeroed_user_page(addr);
	if (!page)
		return VM_FAULT_OOM;
	entry = mk_pte(page, vma->vm_page_prot);
	if (write_access)
		entry = pte_mkwrite(pte_mkdirty(entry));
	if (!install_pte(mm, pte, entry, page))
		__free_page(page);
	return VM_FAULT_MINOR;
}

/*
 * The first touch of a page of a file region: the region's nopage()
 * gives the (page cache) page with a reference for us. A write to a
 * private region gets a copy at once rather than the cache page.
 */
static int do_file_page(struct mm_struct *mm, struct vm_area_struct *vma,
			unsigned long addr, int write_access, pte_t *pte)
{
	struct page *page, *copy;
	pte_t entry;

	page = vma->vm_ops->nopage(vma, addr & PAGE_MASK, write_access);
	if (page == NOPAGE_SIGBUS)
		return VM_FAULT_SIGBUS;
	if (page == NOPAGE_OOM)
		return VM_FAULT_OOM;
	if (write_access && !(vma->vm_flags & VM_SHARED)) {
		copy = alloc_page(GFP_HIGHUSER);
		if (!copy) {
			put_page(page);
			return VM_FAULT_OOM;
		}
		copy_user_highpage(copy, page, addr);
		put_page(page);
		page = copy;
	}
	entry = mk_pte(page, vma->vm_page_prot);
	if (write_access)
		entry = pte_mkwrite(pte_mkdirty(entry));
	if (!install_pte(mm, pte, entry, page))
		put_page(page);
	return VM_FAULT_MAJOR;
}

/*
 * The first touch of a page whose pte is empty: the region's nopage()
 * for a file, else an anonymous page. Inline in handle_pte_fault(): the
 * anonymous write fault is the most frequent fault of all.
 */
static inline __attribute__((always_inline))
int do_no_page(struct mm_struct *mm, struct vm_area_struct *vma,
	       unsigned long addr, int write_access, pte_t *pte)
{
	if (vma->vm_ops && vma->vm_ops->nopage)
		return do_file_page(mm, vma, addr, write_access, pte);
	return do_anonymous_page(mm, vma, pte, write_access, addr);
}

/*
 * True if the mapping at @pte is @page's only user: reuse it for writes.
 * A page of the page cache is never reused by a private mapping, whatever
 * its count: the write must not reach the file.
 */
static bool sole_user(struct page *page)
{
	return !PageReserved(page) && !page->mapping && page_count(page) == 1;
}

/*
 * Replace @orig at @pte with @new_page, writable, if nobody changed the
 * pte meanwhile. Returns true if it was replaced.
 */
static bool break_cow(struct mm_struct *mm, struct vm_area_struct *vma,
		      unsigned long addr, pte_t *pte, pte_t orig,
		      struct page *new_page)
{
	bool done = false;

	spin_lock(&mm->page_table_lock);
	if (pte_same(*pte, orig)) {
		if (PageReserved(pte_page(orig)))
			mm->rss++;	/* the zero page was not counted */
		set_pte(pte, pte_mkwrite(pte_mkdirty(mk_pte(new_page,
						vma->vm_page_prot))));
		flush_user_page(mm, addr);
		done = true;
	}
	spin_unlock(&mm->page_table_lock);
	return done;
}

/*
 * A write to a present, write-protected page of a writable region:
 * copy-on-write. The page's only user simply gets write access back, and
 * so does a shared region (its page is everyone's, a file's cache page
 * included); otherwise the writer gets a copy (of the zero page: a zeroed
 * page, never a copy). Called with page_table_lock held; returns with it
 * released.
 */
static int do_wp_page(struct mm_struct *mm, struct vm_area_struct *vma,
		      unsigned long addr, pte_t *pte, pte_t orig)
{
	struct page *old_page = pte_page(orig), *new_page;

	if (!VALID_PAGE(old_page)) {
		spin_unlock(&mm->page_table_lock);
		printk(KERN_ERR "do_wp_page: bogus page at %08lx\n", addr);
		return VM_FAULT_OOM;
	}
	if (sole_user(old_page) || (vma->vm_flags & VM_SHARED)) {
		set_pte(pte, pte_mkyoung(pte_mkdirty(pte_mkwrite(orig))));
		flush_user_page(mm, addr);
		spin_unlock(&mm->page_table_lock);
		fault_stats.cow_reused++;
		return VM_FAULT_MINOR;
	}
	hold_page(old_page);
	spin_unlock(&mm->page_table_lock);
	if (old_page == ZERO_PAGE(addr)) {
		new_page = alloc_zeroed_user_page(addr);
	} else {
		new_page = alloc_page(GFP_HIGHUSER);
		if (new_page)
			copy_user_highpage(new_page, old_page, addr);
	}
	if (!new_page) {
		drop_page(old_page);
		return VM_FAULT_OOM;
	}
	if (break_cow(mm, vma, addr, pte, orig, new_page)) {
		drop_page(old_page);	/* the pte's reference */
		fault_stats.cow_copied++;
	} else {
		__free_page(new_page);
	}
	drop_page(old_page);		/* ours */
	return VM_FAULT_MINOR;
}

/**
 * Take a reference to a mapped @p page, unless it is reserved (the zero
 * page and the kernel's own frames are never counted).
 */
void hold_page(struct page *page)
{
	if (VALID_PAGE(page) && !PageReserved(page))
		get_page(page);
}

/**
 * Drop a reference taken by hold_page() or held by a pte; the last one
 * frees the page.
 */
void drop_page(struct page *page)
{
	if (VALID_PAGE(page) && !PageReserved(page))
		put_page(page);
}

/*
 * The fault at @addr whose pte is @pte: dispatch on what the pte holds
 * (nothing, a swap entry, a page). Inline in handle_mm_fault(), its only
 * caller, so that the way to do_anonymous_page() is a branch, not a call.
 */
static inline __attribute__((always_inline))
int handle_pte_fault(struct mm_struct *mm, struct vm_area_struct *vma,
			    unsigned long addr, int write_access, pte_t *pte)
{
	pte_t entry;

	/*
	 * A first look without the lock: an empty pte only needs a page, and
	 * install_pte() looks again under the lock before it fills it.
	 */
	if (pte_none(*pte))
		return do_no_page(mm, vma, addr, write_access, pte);
	spin_lock(&mm->page_table_lock);
	entry = *pte;
	if (pte_none(entry)) {
		spin_unlock(&mm->page_table_lock);
		return do_no_page(mm, vma, addr, write_access, pte);
	}
	if (!pte_present(entry)) {
		spin_unlock(&mm->page_table_lock);
		printk(KERN_ERR "vmm386: swap pte %08lx at %08lx before swap "
		       "exists\n", pte_val(entry), addr);
		return VM_FAULT_SIGBUS;
	}
	if (write_access && !pte_write(entry))
		return do_wp_page(mm, vma, addr, pte, entry);
	if (write_access)
		entry = pte_mkdirty(entry);
	set_pte(pte, pte_mkyoung(entry));
	flush_user_page(mm, addr);
	spin_unlock(&mm->page_table_lock);
	return VM_FAULT_MINOR;
}

/**
 * Resolve a fault at @p address in region @p vma of @p mm, a write if
 * @p write_access: find or make the pte's page table, then handle the
 * pte. The caller holds mm->mmap_sem (for reading at least) and has
 * checked that the region allows the access. Returns VM_FAULT_MINOR (1),
 * VM_FAULT_MAJOR (2: a file page was read), VM_FAULT_SIGBUS (0: nothing
 * there, e.g. past the end of a file) or VM_FAULT_OOM (-1), Linux 2.4's
 * codes; minor and major faults are counted on the current task.
 */
int handle_mm_fault(struct mm_struct *mm, struct vm_area_struct *vma,
		    unsigned long address, int write_access)
{
	pte_t *pte = pgwalk_alloc(mm, address);
	int ret;

	if (!pte)
		return VM_FAULT_OOM;
	ret = handle_pte_fault(mm, vma, address, write_access, pte);
	if (ret == VM_FAULT_MINOR)
		current->min_flt++;
	else if (ret == VM_FAULT_MAJOR)
		current->maj_flt++;
	return ret;
}

/**
 * Grow the stack region @p vma (VM_GROWSDOWN) down to cover @p address.
 * Returns 0, or -ENOMEM if that would pass the stack limit
 * (STACK_LIMIT, Linux's default RLIMIT_STACK) or reach the region below.
 * The caller holds mmap_sem.
 */
int expand_stack(struct vm_area_struct *vma, unsigned long address)
{
	struct mm_struct *mm = vma->vm_mm;
	struct vm_area_struct *prev;
	unsigned long grow;

	address &= PAGE_MASK;
	if (address >= vma->vm_start)
		return 0;
	if (vma->vm_end - address > STACK_LIMIT)
		return -ENOMEM;
	find_vma_prev(mm, vma->vm_start, &prev);
	if (prev && prev->vm_end > address)
		return -ENOMEM;
	grow = (vma->vm_start - address) >> PAGE_SHIFT;
	spin_lock(&mm->page_table_lock);
	vma->vm_start = address;
	vma->vm_pgoff -= grow;
	spin_unlock(&mm->page_table_lock);
	mm->total_vm += grow;
	if (vma->vm_flags & VM_LOCKED)
		mm->locked_vm += grow;
	return 0;
}

/*
 * The region that a fault at @address may be resolved in, growing a
 * stack down to it if needed; NULL if none (SEGV_MAPERR). @esp is the
 * user stack pointer for user-mode faults: an address more than 32 bytes
 * below it is not a stack access (the slack covers pusha, which writes
 * 32 bytes below ESP before moving it). @esp is 0 for kernel-mode faults.
 */
static struct vm_area_struct *fault_region(struct mm_struct *mm,
					   unsigned long address,
					   unsigned long esp)
{
	struct vm_area_struct *vma = find_vma(mm, address);

	if (!vma)
		return NULL;
	if (vma->vm_start <= address)
		return vma;
	if (!(vma->vm_flags & VM_GROWSDOWN))
		return NULL;
	if (esp && address + 32 < esp)
		return NULL;
	if (expand_stack(vma, address))
		return NULL;
	return vma;
}

/* True if region @vma allows the access that @error_code describes. */
static bool access_allowed(struct vm_area_struct *vma,
			   unsigned long error_code)
{
	if (error_code & PF_WRITE)
		return vma->vm_flags & VM_WRITE;
	if (error_code & PF_PROT)	/* a read of a present page: never ok */
		return false;
	return vma->vm_flags & (VM_READ | VM_EXEC);
}

/**
 * The region part of the page-fault handler (Linux 2.4's do_page_fault
 * from find_vma to handle_mm_fault): with mmap_sem held for reading, find
 * the region of @p address (growing the stack if it is just below one),
 * check that it allows the access in @p error_code, and resolve the fault.
 * @p esp is the user stack pointer if the fault came from user mode, else
 * 0. Returns MM_FAULT_DONE, MM_FAULT_MAPERR (no region), MM_FAULT_ACCERR
 * (the region forbids it), MM_FAULT_SIGBUS, or MM_FAULT_OOM after
 * printing "VM: killing process NAME"; the caller turns the others into a
 * signal or, in kernel mode, the exception-table fixup.
 */
int mm_fault_user_area(struct mm_struct *mm, unsigned long address,
		       unsigned long error_code, unsigned long esp)
{
	struct vm_area_struct *vma;
	int ret;

	down_read(&mm->mmap_sem);
	vma = fault_region(mm, address, esp);
	if (!vma) {
		up_read(&mm->mmap_sem);
		return MM_FAULT_MAPERR;
	}
	if (!access_allowed(vma, error_code)) {
		up_read(&mm->mmap_sem);
		return MM_FAULT_ACCERR;
	}
	ret = handle_mm_fault(mm, vma, address, error_code & PF_WRITE);
	up_read(&mm->mmap_sem);
	if (ret == VM_FAULT_SIGBUS)
		return MM_FAULT_SIGBUS;
	if (ret == VM_FAULT_OOM) {
		printk(KERN_ERR "VM: killing process %s\n", current->comm);
		return MM_FAULT_OOM;
	}
	return MM_FAULT_DONE;
}

/**
 * Fault in every page of [@p addr, @p end) of the current address space,
 * for writing if the region is writable (mlock, MAP_LOCKED). A page
 * past the end of a file is left out, as in 2.4. The caller holds
 * mmap_sem. Returns 0, or -EFAULT if part of the range is not mapped,
 * -ENOMEM if memory ran out.
 */
int make_pages_present(unsigned long addr, unsigned long end)
{
	struct mm_struct *mm = current->mm;

	for (addr &= PAGE_MASK; addr < end; addr += PAGE_SIZE) {
		struct vm_area_struct *vma = find_vma(mm, addr);
		int ret;

		if (!vma || vma->vm_start > addr)
			return -EFAULT;
		ret = handle_mm_fault(mm, vma, addr,
				      (vma->vm_flags & VM_WRITE) != 0);
		if (ret == VM_FAULT_OOM)
			return -ENOMEM;
	}
	return 0;
}
