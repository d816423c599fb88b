// SPDX-License-Identifier: GPL-2.0-only
/*
 * fork.c - creating kernel threads and processes (Linux: kernel/fork.c
 * and arch/i386/kernel/process.c's kernel_thread()).
 */
#include <sched.h>
#include <kernel.h>
#include <string.h>
#include <system.h>
#include <errno.h>
#include <task_alloc.h>
#include <mm_types.h>
#include <pgalloc.h>
#include <slab.h>
#include <signal.h>
#include <fs.h>
#include <process.h>
#include <syscalls.h>
#include <err.h>
#include <mman.h>
#include <jiffies.h>

extern void kernel_thread_helper(void);

static int next_pid = 1;
/** Processes and threads created since boot (/proc/stat's processes). */
unsigned long total_forks;

/** The pid given to the newest task (/proc/loadavg's last field). */
int last_pid(void)
{
	return next_pid - 1;
}

/*
 * Lay out a new task's kernel stack so that the first switch_to_asm() to it
 * "returns" into kernel_thread_helper with @fn in EBX and @arg in ESI. The
 * saved EFLAGS has IF clear, as inside schedule(); kernel_thread_start()
 * turns interrupts on. The top of the stack is left free for a pt_regs
 * frame, where a kernel thread that becomes a process (init) builds the
 * frame it leaves the kernel through.
 */
static void copy_thread(struct task_struct *p, int (*fn)(void *), void *arg)
{
	unsigned long *sp = (unsigned long *)((unsigned long)p + THREAD_SIZE -
					      sizeof(struct pt_regs));

	*--sp = (unsigned long)kernel_thread_helper;	/* return address */
	*--sp = 0;				/* ebp */
	*--sp = (unsigned long)fn;		/* ebx */
	*--sp = (unsigned long)arg;		/* esi */
	*--sp = 0;				/* edi */
	*--sp = 0x00000002;			/* eflags: IF off */
	p->thread.esp = (unsigned long)sp;
	p->thread.esp0 = (unsigned long)p + THREAD_SIZE;
}

/**
 * Where every kernel thread begins (called from kernel_thread_helper): finish
 * the switch that brought us here, enable interrupts, run the thread's
 * function and exit with its return value.
 */
void kernel_thread_start(int (*fn)(void *), void *arg)
{
	schedule_tail();
	local_irq_enable();
	do_exit(fn(arg));
}

/**
 * Start a kernel thread running @p fn(@p arg), named @p name. @p flags may
 * add PF_DETACHED (freed on exit, nobody waits) or PF_OOPS_EXPECTED.
 * Returns the new pid, or -ENOMEM when no task block is available.
 */
int kernel_thread(int (*fn)(void *), void *arg, const char *name,
		  unsigned long flags)
{
	struct task_struct *p = alloc_task_struct();
	unsigned long irqflags;

	if (!p)
		return -ENOMEM;
	memset(p, 0, sizeof(*p));
	p->state = TASK_RUNNING;
	p->flags = PF_KTHREAD | flags;
	p->counter = DEF_TIMESLICE;
	strlcpy(p->comm, name, sizeof(p->comm));
	INIT_LIST_HEAD(&p->run_list);
	INIT_LIST_HEAD(&p->children);
	INIT_LIST_HEAD(&p->sibling);
	init_waitqueue_head(&p->wait_chldexit);
	copy_thread(p, fn, arg);

	local_irq_save(irqflags);
	p->pid = next_pid++;
	list_add_tail(&p->tasks, &task_list);
	p->state = TASK_UNINTERRUPTIBLE;
	wake_up_process(p);	/* onto the run queue */
	local_irq_restore(irqflags);
	return p->pid;
}

/* ---- address spaces (the start of Chapter 5) ----------------------------- */

/**
 * A new, empty address space: one user (the caller), one reference, and a
 * page directory whose kernel half is swapper_pg_dir's (pgd_alloc()).
 * NULL if memory is short. (Linux takes it from a slab cache of its own,
 * mm_cachep; vmm386 uses kmalloc().)
 */
struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm = kmalloc(sizeof(*mm), GFP_KERNEL);

	if (!mm)
		return NULL;
	memset(mm, 0, sizeof(*mm));
	mm->mm_users = 1;
	mm->mm_count = 1;
	spin_lock_init(&mm->page_table_lock);
	init_rwsem(&mm->mmap_sem);
	mm->mm_rb = RB_ROOT;
	mm->pgd = pgd_alloc(mm);
	if (!mm->pgd) {
		kfree(mm);
		return NULL;
	}
	return mm;
}

/**
 * Take a reference to the mm_struct itself, not to its mappings: the
 * structure and its page directory stay until the matching mmdrop(). A
 * kernel thread borrowing an address space holds one (context_switch()),
 * as use_mm() does. init_mm is never freed, so it is not counted.
 */
void mmgrab(struct mm_struct *mm)
{
	unsigned long flags;

	if (mm == &init_mm)
		return;
	local_irq_save(flags);
	mm->mm_count++;
	local_irq_restore(flags);
}

/**
 * Drop a reference to the mm_struct itself; the last one frees the page
 * directory and the structure. init_mm is never freed.
 */
void mmdrop(struct mm_struct *mm)
{
	unsigned long flags;
	int last;

	if (mm == &init_mm)
		return;
	local_irq_save(flags);
	last = --mm->mm_count == 0;
	local_irq_restore(flags);
	if (last) {
		pgd_free(mm->pgd);
		kfree(mm);
	}
}

/**
 * Drop a user of @p mm. The last user tears the address space down (its
 * regions, pages and page tables: exit_mmap()) and drops the users'
 * reference to the structure.
 */
void mmput(struct mm_struct *mm)
{
	unsigned long flags;
	int last;

	local_irq_save(flags);
	last = --mm->mm_users == 0;
	local_irq_restore(flags);
	if (!last)
		return;
	exit_mmap(mm);
	mmdrop(mm);
}

/* ---- processes -------------------------------------------------------- */

/* Number of user processes (tasks that are not kernel threads). */
static unsigned long nr_processes(void)
{
	struct task_struct *p;
	unsigned long n = 0;

	list_for_each_entry(p, &task_list, tasks)
		if (!(p->flags & PF_KTHREAD))
			n++;
	return n;
}

/*
 * Give @p the current process's address space: with CLONE_VM the same one
 * (one more user: vfork's child borrows it until it execs or exits);
 * otherwise a copy, a new mm with the same regions and layout, its
 * private pages shared copy-on-write (dup_mmap()).
 */
static int copy_mm(struct task_struct *p, unsigned long clone_flags)
{
	struct mm_struct *mm;
	unsigned long flags;

	if (clone_flags & CLONE_VM) {
		local_irq_save(flags);
		current->mm->mm_users++;
		local_irq_restore(flags);
		p->mm = p->active_mm = current->mm;
		return 0;
	}
	mm = mm_alloc();

	if (!mm)
		return -ENOMEM;
	if (dup_mmap(mm, current->mm)) {
		mmput(mm);
		return -ENOMEM;
	}
	p->mm = mm;
	p->active_mm = mm;
	return 0;
}

/* Free what copy_process() gave @p before it failed. */
static void undo_copy_process(struct task_struct *p)
{
	if (p->files)
		put_files(p->files);
	if (p->fs)
		put_fs(p->fs);
	kfree(p->sig);
	if (p->mm)
		mmput(p->mm);
	free_task_struct(p);
}

/*
 * A new task descriptor for a child of the current process: its own
 * copies of the handlers and the descriptor table, the address space
 * copied or (CLONE_VM) shared, the parent's name, blocked signals and
 * registers. NULL-free errors: -EAGAIN at the process limit, -ENOMEM.
 */
static struct task_struct *copy_process(struct pt_regs *regs,
					unsigned long clone_flags)
{
	struct task_struct *p;

	if (nr_processes() >= PID_MAX_TASKS)
		return ERR_PTR(-EAGAIN);
	p = alloc_task_struct();
	if (!p)
		return ERR_PTR(-ENOMEM);
	memset(p, 0, sizeof(*p));
	p->flags = current->flags & PF_USED_MATH;
	p->counter = DEF_TIMESLICE;
	strlcpy(p->comm, current->comm, sizeof(p->comm));
	INIT_LIST_HEAD(&p->run_list);
	INIT_LIST_HEAD(&p->children);
	INIT_LIST_HEAD(&p->sibling);
	init_waitqueue_head(&p->wait_chldexit);
	p->exit_signal = clone_flags & CSIGNAL;
	p->pgrp = current->pgrp;
	p->session = current->session;
	p->tty = current->tty;
	p->start_time = jiffies;
	p->sig_blocked = current->sig_blocked;
	memcpy(p->rlim, current->rlim, sizeof(p->rlim));
	p->umask = current->umask;
	p->sas_ss_sp = current->sas_ss_sp;	/* in the child's memory too */
	p->sas_ss_size = current->sas_ss_size;
	p->sig = copy_sighand(current->sig);
	p->files = dup_files(current->files);
	p->fs = copy_fs(current->fs);
	if (!p->sig || !p->files || !p->fs || copy_mm(p, clone_flags)) {
		undo_copy_process(p);
		return ERR_PTR(-ENOMEM);
	}
	copy_thread_user(p, regs);
	return p;
}

/* The clone flags vmm386 implements: what fork, vfork and glibc use. */
#define CLONE_SUPPORTED	(CSIGNAL | CLONE_VM | CLONE_VFORK | CLONE_SETTLS | \
			 CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | \
			 CLONE_CHILD_CLEARTID)

/*
 * Refuse clone flags vmm386 does not implement (threads: CLONE_THREAD,
 * CLONE_SIGHAND, CLONE_FILES ...) with -EINVAL, naming them in the log
 * the first time, rather than giving a silently different process.
 */
static long check_clone_flags(unsigned long flags)
{
	static unsigned long reported;
	unsigned long bad = flags & ~CLONE_SUPPORTED;

	if (!bad)
		return 0;
	if (bad & ~reported)
		printk(KERN_WARNING "vmm386: clone flags %#lx not implemented\n",
		       bad);
	reported |= bad;
	return -EINVAL;
}

/*
 * The parts of clone() that touch user memory or the child's registers
 * before it first runs: its stack (@newsp, 0 = the parent's), its TLS
 * segment (CLONE_SETTLS: a struct user_desc at @tls), where it stores and
 * clears its tid (CLONE_CHILD_SETTID/CLEARTID: @ctid, in its own memory).
 */
static int setup_child(struct task_struct *p, unsigned long flags,
		       unsigned long newsp, struct user_desc __user *tls,
		       int __user *ctid)
{
	if (newsp)
		task_pt_regs(p)->esp = newsp;
	if (flags & CLONE_CHILD_SETTID)
		p->set_child_tid = ctid;
	if (flags & CLONE_CHILD_CLEARTID)
		p->clear_child_tid = ctid;
	if (flags & CLONE_SETTLS)
		return do_set_thread_area(p, tls);
	return 0;
}

/* Give @p a pid and a place among the tasks and the caller's children. */
static void attach_child(struct task_struct *p)
{
	unsigned long flags;

	local_irq_save(flags);
	p->pid = next_pid++;
	total_forks++;
	p->parent = current;
	list_add_tail(&p->sibling, &current->children);
	list_add_tail(&p->tasks, &task_list);
	local_irq_restore(flags);
}

/*
 * vfork: sleep until child @p no longer borrows our address space (it
 * called execve or exited: mm_release()). Uninterruptible, as Linux's
 * wait_for_completion(): the child runs on our stack meanwhile.
 */
static void wait_for_vfork_done(struct task_struct *p)
{
	wait_event(current->wait_chldexit, !p->vfork_parent);
}

/**
 * Create a child of the current process as clone(2) asks (Linux's
 * do_fork()): @p clone_flags' low byte is the signal sent to the parent
 * at its exit, CLONE_VM shares the address space, CLONE_VFORK suspends
 * the caller until the child execs or exits, and the TID and TLS flags
 * are described at setup_child(). @p regs is the caller's frame, which
 * the child leaves the kernel through with eax = 0. Returns the child's
 * pid; -EINVAL for flags vmm386 lacks (threads), -EAGAIN at the process
 * limit, -ENOMEM, -EFAULT; nothing is left behind on failure.
 */
long do_fork(unsigned long clone_flags, unsigned long newsp,
	     struct pt_regs *regs, int __user *ptid,
	     struct user_desc __user *tls, int __user *ctid)
{
	struct task_struct *p;
	long err = check_clone_flags(clone_flags);
	int pid;

	if (err)
		return err;
	p = copy_process(regs, clone_flags);
	if (IS_ERR(p))
		return PTR_ERR(p);
	err = setup_child(p, clone_flags, newsp, tls, ctid);
	if (err) {
		undo_copy_process(p);
		return err;
	}
	attach_child(p);
	pid = p->pid;
	if ((clone_flags & CLONE_PARENT_SETTID) && put_user(pid, ptid))
		printk(KERN_DEBUG "clone: CLONE_PARENT_SETTID word unwritable\n");
	if (clone_flags & CLONE_VFORK)
		p->vfork_parent = current;
	p->state = TASK_UNINTERRUPTIBLE;
	wake_up_process(p);
	if (clone_flags & CLONE_VFORK)
		wait_for_vfork_done(p);
	return pid;
}

/**
 * fork(2): a child that is a copy of the caller, returning 0 in the child
 * and the child's pid in the parent. -EAGAIN when PID_MAX_TASKS processes
 * exist, -ENOMEM when memory is short; the kernel's state is unchanged
 * then.
 */
long sys_fork(struct pt_regs *regs)
{
	return do_fork(SIGCHLD, 0, regs, NULL, NULL, NULL);
}

/**
 * vfork(2): a child that borrows the caller's address space (no copy, not
 * even of the page tables) while the caller sleeps, until the child calls
 * execve() or exits. It must do nothing else: it runs on the parent's
 * stack.
 */
long sys_vfork(struct pt_regs *regs)
{
	return do_fork(CLONE_VFORK | CLONE_VM | SIGCHLD, 0, regs, NULL, NULL,
		       NULL);
}

/**
 * clone(2), i386 argument order: flags in ebx, the child's stack in ecx,
 * the parent's tid word in edx, the TLS user_desc in esi, the child's tid
 * word in edi. glibc's fork() is clone(CLONE_CHILD_SETTID |
 * CLONE_CHILD_CLEARTID | SIGCHLD, 0, NULL, NULL, &tid).
 */
long sys_clone(struct pt_regs *regs)
{
	return do_fork(regs->ebx, regs->ecx, regs, (int __user *)regs->edx,
		       (struct user_desc __user *)regs->esi,
		       (int __user *)regs->edi);
}

/**
 * Where a child created by fork or clone first runs in the kernel
 * (called from ret_from_fork): finish the switch (schedule_tail()), then,
 * for CLONE_CHILD_SETTID, store the child's tid in its own memory, as
 * Linux 2.6's schedule_tail() does.
 */
void fork_child_start(void)
{
	schedule_tail();
	if (current->set_child_tid &&
	    put_user(current->pid, current->set_child_tid))
		printk(KERN_DEBUG "clone: CLONE_CHILD_SETTID word unwritable\n");
}

/**
 * The task @p tsk stops using its address space (execve or exit; Linux's
 * mm_release()): wake a vfork parent waiting for it, and for a task that
 * shares the mm, clear the tid word set_tid_address() or
 * CLONE_CHILD_CLEARTID named (glibc's thread join watches it; a child of
 * fork has a copy of the memory and nobody to tell, so Linux skips it).
 */
void mm_release(struct task_struct *tsk)
{
	struct task_struct *parent = tsk->vfork_parent;

	if (tsk->clear_child_tid && tsk->mm && tsk->mm->mm_users > 1)
		put_user(0, tsk->clear_child_tid);
	tsk->clear_child_tid = NULL;
	if (parent) {
		tsk->vfork_parent = NULL;
		wake_up(&parent->wait_chldexit);
	}
}
