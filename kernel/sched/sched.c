// SPDX-License-Identifier: GPL-2.0-only
/*
 * sched.c - a round-robin scheduler for kernel threads
 * (Linux: kernel/sched.c, much simplified).
 *
 * Runnable tasks wait on one run queue in FIFO order; the idle task (pid 0,
 * the boot thread) runs only when the queue is empty. The timer takes one
 * tick off the running task's slice each interrupt and asks for a switch
 * when the slice is used up; the switch happens on the way out of the
 * interrupt if the task is preemptible (see handle_interrupt()).
 */
#include <sched.h>
#include <kernel.h>
#include <system.h>
#include <desc.h>
#include <jiffies.h>
#include <preempt.h>
#include <string.h>
#include <mm_types.h>
#include <kallsyms.h>
#include <process.h>
#include <timekeeping.h>
#include <signal.h>

static LIST_HEAD(runqueue);
LIST_HEAD(task_list);
/** Task switches since boot (/proc/stat's ctxt). */
unsigned long nr_context_switches;
/* The task switched away from, for the task switched to to clean up. */
static struct task_struct *last_task;
/* The address space a kernel thread stopped borrowing, to mmdrop() after
 * the switch, once CR3 no longer points to it. */
static struct mm_struct *last_borrowed_mm;

extern void switch_to_asm(unsigned long *prev_esp, unsigned long next_esp);
extern void release_task(struct task_struct *p);

static bool on_runqueue(struct task_struct *p)
{
	return !list_empty(&p->run_list);
}

/** Number of tasks in existence, zombies included. */
unsigned long nr_tasks(void)
{
	return list_count(&task_list);
}

/** The task with pid @p pid, or NULL. */
struct task_struct *find_task_by_pid(int pid)
{
	struct task_struct *p;

	list_for_each_entry(p, &task_list, tasks)
		if (p->pid == pid)
			return p;
	return NULL;
}

/*
 * Mark @p running and queue it unless it is queued already; the current
 * task is asked to reschedule. Interrupts are off.
 */
static void make_running(struct task_struct *p)
{
	p->state = TASK_RUNNING;
	if (!on_runqueue(p) && p != &init_task)
		list_add_tail(&p->run_list, &runqueue);
	if (p != current)
		current->need_resched = 1;
}

/**
 * Make @p p runnable: mark it running and queue it unless it is queued
 * already (a task that set itself asleep but has not called schedule()
 * yet is still on the queue, and simply keeps running).
 */
void wake_up_process(struct task_struct *p)
{
	unsigned long flags;

	local_irq_save(flags);
	if (p->state == TASK_UNINTERRUPTIBLE ||
	    p->state == TASK_INTERRUPTIBLE) {
		p->timeout = 0;
		make_running(p);
	}
	local_irq_restore(flags);
}

/**
 * Resume @p p if a signal stopped it (TASK_STOPPED): SIGCONT or SIGKILL
 * was sent to it. wake_up_process() leaves stopped tasks alone, so that
 * nothing else can resume them.
 */
void wake_up_stopped(struct task_struct *p)
{
	unsigned long flags;

	local_irq_save(flags);
	if (p->state == TASK_STOPPED)
		make_running(p);
	local_irq_restore(flags);
}

/**
 * Finish a switch on the new task's stack: drop the reference of the
 * address space the previous task borrowed, and free that task if it was
 * dead. Neither could happen on the old side of the switch: CR3 still
 * pointed to the page directory, and the dead task was still running on
 * its own stack.
 */
void schedule_tail(void)
{
	struct task_struct *prev = last_task;
	struct mm_struct *borrowed = last_borrowed_mm;

	last_task = NULL;
	last_borrowed_mm = NULL;
	if (borrowed)
		mmdrop(borrowed);
	if (prev && prev->state == TASK_DEAD)
		release_task(prev);
}

/*
 * Lazy TLB: kernel thread @next, which has no address space, runs on the
 * one @prev leaves loaded, and takes an mm_count reference on it so that
 * it cannot be freed while CR3 points to it (Linux 2.4's schedule() does
 * the same). Returns the address space to load.
 */
static struct mm_struct *borrow_mm(struct task_struct *prev,
				   struct task_struct *next)
{
	struct mm_struct *mm = prev->active_mm;

	mmgrab(mm);
	next->active_mm = mm;
	return mm;
}

/*
 * A kernel thread being switched out stops borrowing: it forgets the
 * address space, whose reference is dropped after the switch.
 */
static void end_borrow(struct task_struct *prev)
{
	last_borrowed_mm = prev->active_mm;
	prev->active_mm = NULL;
}

/* Switch address spaces and stacks from @prev to @next. */
static void context_switch(struct task_struct *prev, struct task_struct *next)
{
	struct mm_struct *next_mm = next->mm ? next->mm : borrow_mm(prev, next);

	switch_mm(prev->active_mm, next_mm, next);
	if (!prev->mm)
		end_borrow(prev);
	init_tss.esp0 = next->thread.esp0;
	nr_context_switches++;
	__switch_to(prev, next);
	last_task = prev;
	switch_to_asm(&prev->thread.esp, next->thread.esp);
	schedule_tail();
}

/*
 * The core of schedule(). A task that is being preempted keeps its place
 * on the queue whatever its state: it may have set itself asleep in
 * wait_event() and been interrupted before it could test its condition.
 */
static void __schedule(bool preempted)
{
	struct task_struct *prev = current, *next;
	unsigned long flags;

	local_irq_save(flags);
	prev->need_resched = 0;
	if (prev != &init_task) {
		if (prev->state == TASK_RUNNING || preempted) {
			if (on_runqueue(prev))
				list_move_tail(&prev->run_list, &runqueue);
		} else if (on_runqueue(prev)) {
			list_del_init(&prev->run_list);
		}
	}
	if (list_empty(&runqueue))
		next = &init_task;
	else
		next = list_first_entry(&runqueue, struct task_struct,
					run_list);
	next->counter = DEF_TIMESLICE;
	if (next != prev)
		context_switch(prev, next);
	local_irq_restore(flags);
}

/**
 * Give up the CPU. If the current task is no longer TASK_RUNNING it leaves
 * the run queue and only a wake_up_process() brings it back. Sleeping with
 * preemption disabled (holding a spinlock) is a bug and is reported.
 */
void schedule(void)
{
	if (unlikely(current->preempt_count &&
		     !(current->flags & PF_EXITING))) {
		printk(KERN_ERR "BUG: scheduling while atomic: %s/%d/0x%08x\n",
		       current->comm, current->pid, current->preempt_count);
		dump_stack();
	}
	__schedule(false);
}

/** Preemption from the interrupt return path (interrupts are off). */
void preempt_schedule_irq(void)
{
	current->preempt_count++;	/* no nested preemption meanwhile */
	local_irq_enable();
	local_irq_disable();
	current->preempt_count--;
	__schedule(true);
}

/** Let other runnable tasks go first. */
void yield(void)
{
	__schedule(true);
}

/** Sleep for @p ticks timer ticks. */
void schedule_timeout_ticks(unsigned long ticks)
{
	unsigned long flags;

	local_irq_save(flags);
	current->timeout = jiffies + ticks;
	if (!current->timeout)
		current->timeout = 1;
	set_current_state(TASK_UNINTERRUPTIBLE);
	local_irq_restore(flags);
	schedule();
}

/**
 * Sleep for up to @p ticks timer ticks, or until a signal the task does
 * not block is pending. Returns the ticks left: 0 if the time ran out.
 */
unsigned long schedule_timeout_interruptible(unsigned long ticks)
{
	unsigned long expire = jiffies + ticks;
	unsigned long flags;

	while (time_before(jiffies, expire) && !signal_pending(current)) {
		local_irq_save(flags);
		current->timeout = expire ? expire : 1;
		set_current_state(TASK_INTERRUPTIBLE);
		local_irq_restore(flags);
		if (!signal_pending(current))
			schedule();
		set_current_state(TASK_RUNNING);
		current->timeout = 0;
	}
	return time_before(jiffies, expire) ? expire - jiffies : 0;
}

/* alarm(): send SIGALRM to @p if its alarm is due (timer interrupt). */
static void check_alarm(struct task_struct *p)
{
	if (!p->alarm_at || time_before(jiffies, p->alarm_at) ||
	    p->state == TASK_ZOMBIE || p->state == TASK_DEAD)
		return;
	p->alarm_at = 0;
	send_sig_priv(SIGALRM, p);
}

/**
 * Called from the timer interrupt: wake sleepers whose timeout passed,
 * send the SIGALRMs that are due, and charge the running task one tick
 * of its slice.
 */
void scheduler_tick(void)
{
	struct task_struct *p, *cur = current;

	list_for_each_entry(p, &task_list, tasks) {
		if (p->timeout && time_after_eq(jiffies, p->timeout))
			wake_up_process(p);
		check_alarm(p);
	}
	if (cur == &init_task) {
		if (!list_empty(&runqueue))
			cur->need_resched = 1;
		return;
	}
	if (--cur->counter <= 0)
		cur->need_resched = 1;
}

/* ---- preemption counter ---------------------------------------------- */

/** The current task's preemption count. */
int current_thread_preempt_count(void)
{
	return current->preempt_count;
}

/** Forbid preemption of the current task (nests). */
void preempt_disable(void)
{
	current->preempt_count++;
	barrier();
}

/** Undo preempt_disable() without checking for a pending reschedule. */
void preempt_enable_no_resched(void)
{
	barrier();
	current->preempt_count--;
}

/**
 * Undo preempt_disable(); if that makes the task preemptible and the timer
 * asked for a switch meanwhile, switch now.
 */
void preempt_enable(void)
{
	struct task_struct *tsk = current;

	barrier();
	if (--tsk->preempt_count == 0 && tsk->need_resched && !irqs_disabled()
	    && !in_interrupt())
		__schedule(true);
}

/** The boot task becomes the idle task: it halts until there is work. */
void cpu_idle(void)
{
	for (;;) {
		local_irq_disable();
		if (current->need_resched || !list_empty(&runqueue)) {
			local_irq_enable();
			schedule();
			continue;
		}
		safe_halt();	/* sti; hlt: no wake-up can slip between */
	}
}

/** Make the boot thread the idle task and start the run queue. */
void sched_init(void)
{
	struct task_struct *idle = &init_task;

	idle->state = TASK_RUNNING;
	idle->pid = 0;
	idle->flags = PF_KTHREAD;
	strlcpy(idle->comm, "swapper", sizeof(idle->comm));
	idle->thread.esp0 = (unsigned long)idle + THREAD_SIZE;
	idle->active_mm = &init_mm;
	INIT_LIST_HEAD(&idle->run_list);
	INIT_LIST_HEAD(&idle->children);
	INIT_LIST_HEAD(&idle->sibling);
	init_waitqueue_head(&idle->wait_chldexit);
	list_add_tail(&idle->tasks, &task_list);
	init_tss.esp0 = idle->thread.esp0;
}

/** Print every task and its state (a small `ps`). */
void show_tasks(void)
{
	static const char *const names[] = { "R", "S", "D", "?", "Z", "?",
					     "?", "?", "X" };
	struct task_struct *p;

	printk(KERN_INFO "  PID STATE COMM\n");
	list_for_each_entry(p, &task_list, tasks)
		printk(KERN_INFO "%5d %-5s %s\n", p->pid,
		       p->state <= 8 ? names[p->state] : "?", p->comm);
}
