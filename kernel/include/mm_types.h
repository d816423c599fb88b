/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file mm_types.h
 * @brief The address-space descriptor (struct mm_struct) and its memory
 * regions (struct vm_area_struct) -- Linux 2.4: linux/sched.h and
 * linux/mm.h.
 *
 * A process's address space is a set of disjoint regions (VMAs), each a
 * run of pages with one set of permissions and one backing: anonymous
 * memory or a file. The mm_struct keeps them twice, in a list sorted by
 * address (for walks in order) and in a red-black tree keyed by address
 * (for lookups in O(log n)), plus a one-entry cache of the last region
 * find_vma() returned. The VM_* flags, the mmap family and the fault
 * handlers are in mman.h.
 */
#ifndef _VMM_MM_TYPES_H
#define _VMM_MM_TYPES_H

#include <pgtable.h>
#include <spinlock.h>
#include <rbtree.h>
#include <rwsem.h>

struct task_struct;
struct file;
struct page;
struct vm_area_struct;

/**
 * struct vm_operations_struct - what a region's backing does when the
 * region is duplicated, removed, or touched where no page is mapped.
 * Anonymous regions have none (vm_ops is NULL).
 */
struct vm_operations_struct {
	/** A new region now shares this backing (fork, a split). */
	void (*open)(struct vm_area_struct *area);
	/** The region is going away (munmap, exit). */
	void (*close)(struct vm_area_struct *area);
	/**
	 * The page for user address @p address: a referenced struct page,
	 * NOPAGE_SIGBUS (NULL) past the end of the file, or NOPAGE_OOM.
	 */
	struct page *(*nopage)(struct vm_area_struct *area,
			       unsigned long address, int write_access);
};

/**
 * struct vm_area_struct - one memory region of an address space:
 * [vm_start, vm_end), page aligned, vm_end exclusive.
 */
struct vm_area_struct {
	struct mm_struct *vm_mm;	/**< the address space it belongs to */
	unsigned long vm_start;		/**< first address */
	unsigned long vm_end;		/**< first address after the region */
	struct vm_area_struct *vm_next;	/**< next region by address, or NULL */
	pgprot_t vm_page_prot;		/**< pte bits for its pages */
	unsigned long vm_flags;		/**< VM_* (mman.h) */
	struct rb_node vm_rb;		/**< node in mm->mm_rb */
	struct vm_operations_struct *vm_ops;	/**< backing's hooks, or NULL */
	unsigned long vm_pgoff;		/**< file offset of vm_start, in pages */
	struct file *vm_file;		/**< the mapped file, or NULL */
	struct list_head vm_shared;	/**< on vm_file's mapping's i_mmap */
	void *vm_private_data;		/**< the backing's own data */
};

/**
 * struct mm_struct - an address space: its regions, its page tables, who
 * uses it, and where the program's parts lie in it.
 */
struct mm_struct {
	struct vm_area_struct *mmap;	/**< regions, sorted by address */
	struct rb_root mm_rb;		/**< the same regions, as a tree */
	struct vm_area_struct *mmap_cache;	/**< last find_vma() result */
	pgd_t *pgd;		/**< the page directory (kernel virtual) */
	int mm_users;		/**< tasks whose address space this is */
	int mm_count;		/**< references, including lazy-TLB borrowers */
	int map_count;		/**< number of regions */
	struct rw_semaphore mmap_sem;	/**< guards the region list and tree */
	spinlock_t page_table_lock;	/**< guards the page tables and rss */
	unsigned long start_code;	/**< program text: first address */
	unsigned long end_code;		/**< program text: end */
	unsigned long start_data;	/**< initialised data: first address */
	unsigned long end_data;		/**< initialised data: end */
	unsigned long start_brk;	/**< heap: where brk() started */
	unsigned long brk;		/**< heap: its current end */
	unsigned long start_stack;	/**< the initial stack pointer (at argc) */
	unsigned long arg_start;	/**< argument strings: first byte */
	unsigned long arg_end;		/**< argument strings: end */
	unsigned long env_start;	/**< environment strings: first byte */
	unsigned long env_end;		/**< environment strings: end */
	unsigned long rss;		/**< pages mapped by its page tables */
	unsigned long total_vm;		/**< pages in all its regions */
	unsigned long locked_vm;	/**< pages in VM_LOCKED regions */
	unsigned long def_flags;	/**< flags every new region gets */
};

/** The kernel's own address space; its pgd is swapper_pg_dir. */
extern struct mm_struct init_mm;

struct mm_struct *mm_alloc(void);
void mmput(struct mm_struct *mm);
void mmgrab(struct mm_struct *mm);
void mmdrop(struct mm_struct *mm);

/**
 * Load @p next's page directory unless it is already loaded. Kernel threads
 * borrow the previous task's address space instead ("lazy TLB"): the kernel
 * half of every page directory is the same, so no CR3 load is needed. The
 * borrower holds an mm_count reference while it runs (context_switch()).
 */
static inline void switch_mm(struct mm_struct *prev, struct mm_struct *next,
			     struct task_struct *tsk)
{
	(void)tsk;
	if (prev != next)
		asm volatile("movl %0, %%cr3" : : "r"(__pa(next->pgd))
			     : "memory");
}

#endif /* _VMM_MM_TYPES_H */
