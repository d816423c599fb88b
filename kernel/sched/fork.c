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
 * Give @p a copy of the current process's address space: a new mm with
 * the same regions and layout, its private pages shared copy-on-write
 * (dup_mmap()).
 */
static int copy_mm(struct task_struct *p)
{
	struct mm_struct *mm = mm_alloc();

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
 * copies of the handlers, the descriptor table and the address space,
 * the parent's name, blocked signals and registers. NULL-free errors:
 * -EAGAIN at the process limit, -ENOMEM.
 */
static struct task_struct *copy_process(struct pt_regs *regs)
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
	p->exit_signal = SIGCHLD;
	p->pgrp = current->pgrp;
	p->session = current->session;
	p->tty = current->tty;
	p->start_time = jiffies;
	p->sig_blocked = current->sig_blocked;
	p->sas_ss_sp = current->sas_ss_sp;	/* in the child's memory too */
	p->sas_ss_size = current->sas_ss_size;
	p->sig = copy_sighand(current->sig);
	p->files = dup_files(current->files);
	p->fs = copy_fs(current->fs);
	if (!p->sig || !p->files || !p->fs || copy_mm(p)) {
		undo_copy_process(p);
		return ERR_PTR(-ENOMEM);
	}
	copy_thread_user(p, regs);
	return p;
}

/**
 * fork(2) (and vfork, which vmm386 treats as a fork): a child that is a
 * copy of the caller, returning 0 in the child and the child's pid in the
 * parent. -EAGAIN when PID_MAX_TASKS processes exist, -ENOMEM when memory
 * is short; the kernel's state is unchanged then.
 */
long sys_fork(struct pt_regs *regs)
{
	struct task_struct *p = copy_process(regs);
	unsigned long flags;

	if (IS_ERR(p))
		return PTR_ERR(p);
	local_irq_save(flags);
	p->pid = next_pid++;
	total_forks++;
	p->parent = current;
	list_add_tail(&p->sibling, &current->children);
	list_add_tail(&p->tasks, &task_list);
	p->state = TASK_UNINTERRUPTIBLE;
	wake_up_process(p);
	local_irq_restore(flags);
	return p->pid;
}
