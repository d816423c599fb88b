// SPDX-License-Identifier: GPL-2.0-only
/*
 * exit.c - ending a task and reaping it (Linux: kernel/exit.c).
 *
 * A kernel thread's exit code is collected by kthread_wait(). A process
 * releases what it holds -- its address space, its files, its handlers --
 * at once, gives its children to init, tells its parent with SIGCHLD and
 * stays a zombie, holding only its descriptor and its wait status, until
 * the parent reaps it with wait4() or waitpid().
 */
#include <sched.h>
#include <kernel.h>
#include <system.h>
#include <errno.h>
#include <task_alloc.h>
#include <mmu_context.h>
#include <mm_types.h>
#include <signal.h>
#include <fs.h>
#include <tty.h>
#include <syscalls.h>

#define WNOHANG		0x00000001	/* wait4: do not sleep */
#define WUNTRACED	0x00000002	/* wait4: also stopped children */
#define __WNOTHREAD	0x20000000
#define __WALL		0x40000000
#define __WCLONE	0x80000000

/** Unlink a dead task and free its descriptor and stack. */
void release_task(struct task_struct *p)
{
	list_del(&p->tasks);
	if (p->parent)
		list_del(&p->sibling);
	free_task_struct(p);
}

/*
 * Leave the process's address space: load the kernel's page directory
 * (the process's may be freed now) and drop this task's use of it.
 */
static void exit_mm(struct task_struct *tsk)
{
	struct mm_struct *mm = tsk->mm;
	unsigned long flags;

	local_irq_save(flags);
	tsk->mm = NULL;
	tsk->active_mm = &init_mm;
	switch_mm(mm, &init_mm, tsk);
	local_irq_restore(flags);
	mmput(mm);
}

/*
 * Give the children of @tsk to init (pid 1), as Linux's forget_original_
 * parent does, and wake init if one of them is already a zombie.
 */
static void reparent_children(struct task_struct *tsk)
{
	struct task_struct *reaper = find_task_by_pid(1), *p, *n;
	bool zombie = false;

	if (!reaper || reaper == tsk)
		reaper = &init_task;
	list_for_each_entry_safe(p, n, &tsk->children, sibling) {
		p->parent = reaper;
		list_move_tail(&p->sibling, &reaper->children);
		zombie |= p->state == TASK_ZOMBIE;
	}
	if (zombie)
		wake_up(&reaper->wait_chldexit);
}

/*
 * Everything a process holds beyond its descriptor goes now; only the
 * descriptor and the wait status remain for the parent.
 */
static void exit_process(struct task_struct *tsk)
{
	mm_release(tsk);
	if (tsk->mm)
		exit_mm(tsk);
	if (tsk->files) {
		put_files(tsk->files);
		tsk->files = NULL;
	}
	if (tsk->fs) {
		put_fs(tsk->fs);
		tsk->fs = NULL;
	}
	exit_sighand(tsk);
	if (tsk->leader)
		disassociate_ctty(tsk);
	reparent_children(tsk);
}

/*
 * Linux's reaction to the death of init: the system cannot go on without
 * it. Under test (panic=-1) the panic powers the machine off.
 */
static void init_died(int code)
{
	panic("Attempted to kill init! exitcode=0x%08x", code);
}

/**
 * End the current task with exit code @p code. For a process, @p code is
 * the wait status (exit(n): (n & 0xff) << 8; a signal: its number). A
 * detached kernel thread is freed by the next task to run
 * (schedule_tail()); any other task becomes a zombie until kthread_wait()
 * or wait4() collects its exit code. Interrupts stay off from the final
 * state change to the switch, so nobody can free this stack while it is
 * still in use. A kernel thread that adopted an address space with
 * use_mm() gives it back first, so that whoever owns it can free it.
 */
void do_exit(int code)
{
	struct task_struct *tsk = current;
	bool process = !(tsk->flags & PF_KTHREAD);

	if (tsk->pid == 0)
		panic("Attempted to kill the idle task!");
	if (process) {
		if (tsk->pid == 1)
			init_died(code);
		exit_process(tsk);
	} else if (tsk->mm) {
		unuse_mm(tsk->mm);
	}
	local_irq_disable();
	tsk->flags |= PF_EXITING;
	tsk->exit_code = code;
	tsk->preempt_count = 0;
	if (tsk->flags & PF_DETACHED) {
		tsk->state = TASK_DEAD;
	} else {
		tsk->state = TASK_ZOMBIE;
		wake_up(&tsk->wait_chldexit);
		if (process && tsk->parent) {
			send_sig(tsk->exit_signal, tsk->parent);
			wake_up(&tsk->parent->wait_chldexit);
		}
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

/** exit(2): end the calling process with status @p code & 0xff. */
long sys_exit(int code)
{
	do_exit((code & 0xff) << 8);
}

/** exit_group(2): the same as exit() while processes have one thread. */
long sys_exit_group(int code)
{
	do_exit((code & 0xff) << 8);
}

/*
 * True if child @p is one that wait4(@pid) asks about: any (-1), that
 * one (> 0), one of the caller's group (0) or of group -@pid (< -1).
 */
static bool wait_matches(struct task_struct *p, int pid)
{
	if (pid == -1)
		return true;
	if (pid > 0)
		return p->pid == pid;
	if (pid == 0)
		return p->pgrp == current->pgrp;
	return p->pgrp == -pid;
}

/*
 * Report stopped child @p (wait4 with WUNTRACED): store the status Linux
 * gives, 0x7f | (signal << 8), at user address @status and return its
 * pid. Each stop is reported once: its signal is forgotten then.
 */
static long report_stopped(struct task_struct *p, int __user *status)
{
	if (status && put_user((p->exit_code << 8) | 0x7f, status))
		return -EFAULT;
	p->exit_code = 0;
	return p->pid;
}

/*
 * Reap zombie @p: store its status at user address @status, free it and
 * return its pid. If the status cannot be stored, the zombie stays.
 */
static long reap_child(struct task_struct *p, int __user *status)
{
	int pid = p->pid;

	if (status && put_user(p->exit_code, status))
		return -EFAULT;
	current->cutime += p->utime + p->cutime;
	current->cstime += p->stime + p->cstime;
	p->state = TASK_DEAD;
	release_task(p);
	return pid;
}

/**
 * wait4(2): wait for a child to exit and reap it. @p pid > 0 waits for
 * that child, -1 for any, 0 for one in the caller's process group, < -1
 * for one in group -@p pid. With WUNTRACED a child's stop counts too
 * (reported once, 0x7f | (signal << 8)). With WNOHANG, 0 if no child has
 * exited yet. -ECHILD if there is no such child, -ERESTARTSYS if a signal
 * comes first (restarted, or -EINTR after a handler without SA_RESTART),
 * -EINVAL for unknown options. Resource usage is not collected:
 * @p ru, if given, is cleared.
 */
long sys_wait4(int pid, int __user *status, int options, void __user *ru)
{
	struct task_struct *tsk = current, *p;
	DECLARE_WAITQUEUE(wait, tsk);
	long ret;

	if (options & ~(WNOHANG | WUNTRACED | __WNOTHREAD | __WALL | __WCLONE))
		return -EINVAL;
	if (ru && clear_user(ru, 72))	/* sizeof(struct rusage) */
		return -EFAULT;
	add_wait_queue(&tsk->wait_chldexit, &wait);
	for (;;) {
		bool found = false;

		set_current_state(TASK_INTERRUPTIBLE);
		ret = 0;
		list_for_each_entry(p, &tsk->children, sibling) {
			if (!wait_matches(p, pid))
				continue;
			found = true;
			if (p->state == TASK_ZOMBIE) {
				ret = reap_child(p, status);
				break;
			}
			if ((options & WUNTRACED) &&
			    p->state == TASK_STOPPED && p->exit_code) {
				ret = report_stopped(p, status);
				break;
			}
		}
		if (ret)
			break;
		if (!found) {
			ret = -ECHILD;
			break;
		}
		if (options & WNOHANG)
			break;
		if (signal_pending(tsk)) {
			ret = -ERESTARTSYS;
			break;
		}
		schedule();
	}
	set_current_state(TASK_RUNNING);
	remove_wait_queue(&tsk->wait_chldexit, &wait);
	return ret;
}

/** waitpid(2): wait4() without the resource usage. */
long sys_waitpid(int pid, int __user *status, int options)
{
	return sys_wait4(pid, status, options, NULL);
}
