// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmu_context.c - a kernel thread adopting an address space (Linux 2.6:
 * mm/mmu_context.c). See mmu_context.h.
 *
 * How vmm386 differs from Linux: Linux's unuse_mm() keeps the address
 * space loaded as a lazy-TLB borrow, whose reference the next task switch
 * drops; vmm386's unuse_mm() loads swapper_pg_dir at once, so the address
 * space can be freed right away.
 */
#include <mmu_context.h>
#include <mm_types.h>
#include <sched.h>
#include <system.h>

/**
 * Make the current kernel thread run in @p mm: it becomes its mm and
 * active_mm, and its page directory is loaded. The caller must hold a
 * reference (mm_users) for as long as it uses @p mm; use_mm() takes one
 * on mm_count for the page directory it loads, and drops the one the
 * thread held on the address space it was borrowing (lazy TLB), once CR3
 * no longer points there.
 */
void use_mm(struct mm_struct *mm)
{
	struct task_struct *tsk = current;
	struct mm_struct *borrowed;
	unsigned long flags;

	mmgrab(mm);
	local_irq_save(flags);
	borrowed = tsk->active_mm;
	tsk->mm = mm;
	tsk->active_mm = mm;
	switch_mm(borrowed, mm, tsk);
	local_irq_restore(flags);
	mmdrop(borrowed);
}

/**
 * Stop using @p mm (from use_mm()): the thread is a plain kernel thread
 * again, on swapper_pg_dir, and mm_count loses use_mm()'s reference.
 */
void unuse_mm(struct mm_struct *mm)
{
	struct task_struct *tsk = current;
	unsigned long flags;

	local_irq_save(flags);
	tsk->mm = NULL;
	tsk->active_mm = &init_mm;
	switch_mm(mm, &init_mm, tsk);
	local_irq_restore(flags);
	mmdrop(mm);
}
