/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file mm_types.h
 * @brief The address-space descriptor, struct mm_struct.
 *
 * Chapter 5 (the process address space) fills this in with VMAs; the
 * foundation needs only what the scheduler and the page-fault handler use:
 * the page directory and the reference counts. mm_alloc(), mmput() and
 * mmdrop() (kernel/sched/fork.c) are the start of Chapter 5: address
 * spaces with a page directory of their own and nothing else yet.
 */
#ifndef _VMM_MM_TYPES_H
#define _VMM_MM_TYPES_H

#include <pgtable.h>
#include <spinlock.h>

struct task_struct;

/**
 * struct mm_struct - an address space: its page tables, and who uses it.
 */
struct mm_struct {
	pgd_t *pgd;		/**< the page directory (kernel virtual) */
	int mm_users;		/**< tasks whose address space this is */
	int mm_count;		/**< references, including lazy-TLB borrowers */
	spinlock_t page_table_lock;	/**< guards the page tables */
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
