// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmu_context.c - a kernel thread adopting an address space (Linux 2.6:
 * mm/mmu_context.c). See mmu_context.h.
 *
 * How vmm386 differs from Linux: Linux's unuse_mm() keeps the address
 * space loaded ("lazy TLB") and drops its reference at the next task
 * switch; vmm386 has no such deferred drop, so unuse_mm() loads
 * swapper_pg_dir at once and the address space can be freed right away.
 */
#include <mmu_context.h>
#include <mm_types.h>
#include <sched.h>
#include <system.h>

/**
 * Make the current kernel thread run in @p mm: it becomes its mm and
 * active_mm, and its page directory is loaded. The caller must hold a
 * reference (mm_users) for as long as it uses @p mm; use_mm() takes one
 * on mm_count for the page directory it loads.
 */
void use_mm(struct mm_struct *mm)
{
	struct task_struct *tsk = current;
	struct mm_struct *active;
	unsigned long flags;

	local_irq_save(flags);
	active = tsk->active_mm;
	mm->mm_count++;
	tsk->mm = mm;
	tsk->active_mm = mm;
	switch_mm(active, mm, tsk);
	local_irq_restore(flags);
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
