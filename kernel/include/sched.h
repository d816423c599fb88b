/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file sched.h
 * @brief Tasks, kernel threads and the scheduler (Linux: linux/sched.h).
 *
 * As in Linux 2.4, a task's descriptor and its kernel stack share one
 * 8 KiB block (union task_union): the descriptor at the bottom, the stack
 * growing down from the top, so `current` is the stack pointer rounded down.
 */
#ifndef _VMM_SCHED_H
#define _VMM_SCHED_H

#include <types.h>
#include <list.h>
#include <wait.h>
#include <ptrace.h>
#include <resource.h>

#define TASK_RUNNING		0	/**< runnable, or running */
#define TASK_INTERRUPTIBLE	1	/**< asleep; signals would wake it */
#define TASK_UNINTERRUPTIBLE	2	/**< asleep until woken explicitly */
#define TASK_ZOMBIE		4	/**< exited, waiting to be reaped */
#define TASK_DEAD		8	/**< reaped; freed after switching away */
#define TASK_STOPPED		16	/**< stopped by a signal */

/** Size of a task's descriptor plus kernel stack. */
#define THREAD_SIZE	8192
/** Length of a task's name. */
#define TASK_COMM_LEN	16

#define PF_KTHREAD		0x0001	/**< a kernel thread */
#define PF_EXITING		0x0004	/**< in do_exit() */
#define PF_OOPS_EXPECTED	0x0100	/**< a test expects this task to oops */
#define PF_DETACHED		0x0200	/**< nobody reaps it: freed on exit */
#define PF_USED_MATH		0x2000	/**< the FPU state in thread.i387 is live */

/** Exit code of a task that was killed by an oops. */
#define EXIT_OOPS	(-9)

/** Ticks a task runs before the timer preempts it. */
#define DEF_TIMESLICE	5

/** Most processes that may exist at once; fork() beyond it fails. */
#define PID_MAX_TASKS	64

/* clone(2) flags (Linux's linux/sched.h); the low byte is the exit signal. */
#define CSIGNAL			0x000000ff	/**< signal to the parent at exit */
#define CLONE_VM		0x00000100	/**< share the address space */
#define CLONE_VFORK		0x00004000	/**< parent sleeps until exec/exit */
#define CLONE_SETTLS		0x00080000	/**< TLS segment from a user_desc */
#define CLONE_PARENT_SETTID	0x00100000	/**< tid into the parent's word */
#define CLONE_CHILD_CLEARTID	0x00200000	/**< clear the child's word at exit */
#define CLONE_CHILD_SETTID	0x01000000	/**< tid into the child's word */

struct mm_struct;
struct files_struct;
struct fs_struct;
struct signal_struct;
struct tty_struct;

/**
 * struct i387_fxsave_struct - the FPU/SSE registers as fxsave stores them
 * (512 bytes, 16-byte aligned); on a CPU without FXSR the first 108 bytes
 * hold fnsave's image instead.
 */
struct i387_fxsave_struct {
	u8 image[512];	/**< the fxsave/fnsave area */
} __attribute__((aligned(16)));

/**
 * struct thread_struct - the CPU state switch_to() keeps per task.
 *
 * Besides the kernel stack, what the entry path does not save: fs and gs,
 * which the kernel never uses and leaves holding the user's values (saved
 * and reloaded at each switch, as Linux 2.4's __switch_to does), and the
 * FPU state of a process that has used the FPU.
 */
struct thread_struct {
	unsigned long esp;	/**< kernel stack pointer while switched out */
	unsigned long esp0;	/**< top of the kernel stack (TSS.esp0) */
	unsigned long fs;	/**< user fs selector while switched out */
	unsigned long gs;	/**< user gs selector while switched out */
	unsigned long cr2;	/**< address of the last user page fault */
	unsigned long trap_no;	/**< vector of the last user exception */
	unsigned long error_code;	/**< its error code */
	u64 tls_array[3];	/**< TLS descriptors for GDT entries 6-8 */
	struct i387_fxsave_struct i387;	/**< saved FPU/SSE state */
};

/**
 * struct task_struct - one thread of execution.
 */
struct task_struct {
	volatile long state;	/**< TASK_RUNNING, TASK_UNINTERRUPTIBLE ... */
	unsigned long flags;	/**< PF_* */
	int preempt_count;	/**< >0: must not be preempted */
	int need_resched;	/**< the timer wants this task switched out */
	int counter;		/**< ticks left in the time slice */
	int pid;		/**< task number; 0 is the idle task */
	char comm[TASK_COMM_LEN];	/**< name, for reports */
	struct thread_struct thread;	/**< saved CPU state */
	struct mm_struct *mm;	/**< user address space; NULL for kthreads */
	struct mm_struct *active_mm;	/**< the page tables in use */
	struct list_head run_list;	/**< link in the run queue */
	struct list_head tasks;	/**< link in the list of all tasks */
	int exit_code;		/**< do_exit()'s argument */
	wait_queue_head_t wait_chldexit;	/**< where kthread_wait sleeps */
	unsigned long oopses;	/**< oopses this task caused */
	void *test;		/**< the kunit test this task runs, if any */
	unsigned long timeout;	/**< jiffies to wake at, 0 if none */
	/* ---- processes (Chapter 5) ---- */
	struct task_struct *parent;	/**< who is told when this task exits */
	struct list_head children;	/**< this task's children (sibling) */
	struct list_head sibling;	/**< link in the parent's children */
	int exit_signal;	/**< sent to the parent at exit (SIGCHLD) */
	unsigned long long sig_pending;	/**< signals sent, bit n-1 = signal n */
	unsigned long long sig_blocked;	/**< signals held back */
	struct signal_struct *sig;	/**< handlers (sigaction) */
	unsigned long long saved_sigmask;	/**< mask sigsuspend replaced */
	int restore_sigmask;	/**< put saved_sigmask back after the signal */
	unsigned long sas_ss_sp;	/**< alternate signal stack: base */
	unsigned long sas_ss_size;	/**< its size, 0 if there is none */
	unsigned long alarm_at;	/**< jiffies to send SIGALRM at, 0: none */
	struct files_struct *files;	/**< open file descriptors */
	struct fs_struct *fs;	/**< current directory */
	int *clear_child_tid;	/**< set_tid_address(): user word */
	int *set_child_tid;	/**< CLONE_CHILD_SETTID: tid goes here */
	/** CLONE_VFORK: the parent, asleep until this child execs or exits */
	struct task_struct *vfork_parent;
	struct rlimit rlim[RLIM_NLIMITS];	/**< getrlimit()'s limits */
	unsigned int umask;	/**< file-creation mask (umask()) */
	unsigned long min_flt;	/**< page faults resolved without I/O */
	unsigned long maj_flt;	/**< page faults that read a file page */
	/* ---- terminal, process groups, time (issue 14) ---- */
	int pgrp;		/**< process group id (setpgid) */
	int session;		/**< session id (setsid) */
	int leader;		/**< 1 if this process leads its session */
	int did_exec;		/**< has called execve since fork */
	struct tty_struct *tty;	/**< controlling terminal, or NULL */
	unsigned long utime;	/**< ticks spent in user mode */
	unsigned long stime;	/**< ticks spent in the kernel */
	unsigned long cutime;	/**< utime of reaped children */
	unsigned long cstime;	/**< stime of reaped children */
	unsigned long start_time;	/**< jiffies at fork */
};

/**
 * union task_union - a task descriptor and its kernel stack in one block.
 */
union task_union {
	struct task_struct task;	/**< at the bottom */
	unsigned long stack[THREAD_SIZE / sizeof(long)];	/**< the rest */
};

extern union task_union init_task_union;
/** The boot task, which becomes the idle task (pid 0). */
#define init_task	(init_task_union.task)

#ifndef __VMM_HOST_TEST
/** The task running on this CPU: found from the stack pointer. */
static inline struct task_struct *get_current(void)
{
	unsigned long esp;

	asm("movl %%esp, %0" : "=r"(esp));
	return (struct task_struct *)(esp & ~(THREAD_SIZE - 1UL));
}
#else
/* Host unit tests: the test program provides a task to be "current". */
extern struct task_struct *host_current;
static inline struct task_struct *get_current(void) { return host_current; }
#endif
/** The running task. */
#define current	get_current()

/** Set the current task's state; a barrier keeps the order of tests. */
#define set_current_state(st) \
	do { current->state = (st); asm volatile("" : : : "memory"); } while (0)

/** All tasks, for reports. */
extern struct list_head task_list;

void sched_init(void);
void schedule(void);
void preempt_schedule_irq(void);
void schedule_tail(void);
void scheduler_tick(void);
void wake_up_process(struct task_struct *p);
void wake_up_stopped(struct task_struct *p);
void yield(void);
void cpu_idle(void) __attribute__((noreturn));
void schedule_timeout_ticks(unsigned long ticks);
/** schedule_timeout()'s "no time limit". */
#define MAX_SCHEDULE_TIMEOUT	0x7fffffffL
long schedule_timeout(long timeout);
void update_process_times(int user_tick);
unsigned long schedule_timeout_interruptible(unsigned long ticks);

int kernel_thread(int (*fn)(void *), void *arg, const char *name,
		  unsigned long flags);
int kthread_wait(int pid, int *exit_code);
struct task_struct *find_task_by_pid(int pid);
void do_exit(int code) __attribute__((noreturn));
struct user_desc;
long do_fork(unsigned long clone_flags, unsigned long newsp,
	     struct pt_regs *regs, int *ptid,
	     struct user_desc *tls, int *ctid);
void fork_child_start(void);
void mm_release(struct task_struct *tsk);
void show_tasks(void);
unsigned long nr_tasks(void);

/**
 * The register frame a task's entries from user mode save: the top of its
 * kernel stack.
 */
#define task_pt_regs(tsk) \
	((struct pt_regs *)((tsk)->thread.esp0) - 1)

#endif /* _VMM_SCHED_H */
