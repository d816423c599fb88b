// SPDX-License-Identifier: GPL-2.0-only
/*
 * exit.c - ending a task and reaping it (Linux: kernel/exit.c).
 */
#include <sched.h>
#include <kernel.h>
#include <system.h>
#include <errno.h>
#include <task_alloc.h>
#include <mmu_context.h>

/** Unlink a dead task and free its descriptor and stack. */
void release_task(struct task_struct *p)
{
	list_del(&p->tasks);
	free_task_struct(p);
}

/**
 * End the current task with exit code @p code. A detached task is freed by
 * the next task to run (schedule_tail()); any other becomes a zombie until
 * kthread_wait() collects its exit code. Interrupts stay off from here to
 * the final switch, so nobody can free this stack while it is still in use.
 * A kernel thread that adopted an address space with use_mm() gives it
 * back first, so that whoever owns it can free it.
 */
void do_exit(int code)
{
	struct task_struct *tsk = current;

	if (tsk->mm)
		unuse_mm(tsk->mm);
	local_irq_disable();
	if (tsk->pid == 0)
		panic("Attempted to kill the idle task!");
	tsk->flags |= PF_EXITING;
	tsk->exit_code = code;
	tsk->preempt_count = 0;
	if (tsk->flags & PF_DETACHED) {
		tsk->state = TASK_DEAD;
	} else {
		tsk->state = TASK_ZOMBIE;
		wake_up(&tsk->wait_chldexit);
	}
	schedule();
	panic("do_exit: zombie %s/%d ran again", tsk->comm, tsk->pid);
}

/**
 * Wait for task @p pid to exit, free it and store its exit code in
 * *@p exit_code (EXIT_OOPS if an oops killed it). Returns 0, or -ESRCH if
 * there is no such task or it cannot be waited for.
 */
int kthread_wait(int pid, int *exit_code)
{
	struct task_struct *p = find_task_by_pid(pid);

	if (!p || p == current || (p->flags & PF_DETACHED))
		return -ESRCH;
	wait_event(p->wait_chldexit, p->state == TASK_ZOMBIE);
	if (exit_code)
		*exit_code = p->exit_code;
	p->state = TASK_DEAD;
	release_task(p);
	return 0;
}
