// SPDX-License-Identifier: GPL-2.0-only
/*
 * signal.c - sending signals and their default actions (Linux:
 * kernel/signal.c and arch/i386/kernel/signal.c's do_signal).
 *
 * A signal is a bit in the target's pending set, with what its siginfo
 * will say; it is acted on when the target next returns to user mode
 * (exit_to_user_mode_or_kernel()): ignored, its default action taken --
 * terminate, stop, ignore -- or its handler run on the user stack
 * (arch/signal_frame.c).
 *
 * Job control is 2.4's: a stop signal (SIGSTOP, SIGTSTP, SIGTTIN,
 * SIGTTOU) without a handler stops the process in TASK_STOPPED, where
 * only SIGCONT or SIGKILL resumes it; sending either discards the pending
 * stop signals, and sending a stop signal discards a pending SIGCONT.
 * The parent hears of the stop through wait4(WUNTRACED) and SIGCHLD.
 */
#include <signal.h>
#include <sched.h>
#include <ptrace.h>
#include <kernel.h>
#include <slab.h>
#include <string.h>
#include <errno.h>
#include <syscalls.h>
#include <system.h>
#include <tty.h>

/* Signals whose default action is to do nothing. */
#define SIG_KERNEL_IGNORE_MASK (sigmask(SIGCHLD) | sigmask(SIGCONT) | \
	sigmask(SIGURG) | sigmask(SIGWINCH))
/* Signals whose default action stops the process. */
#define SIG_KERNEL_STOP_MASK (sigmask(SIGSTOP) | sigmask(SIGTSTP) | \
	sigmask(SIGTTIN) | sigmask(SIGTTOU))
/* The stop signals of terminals, which an orphaned process group ignores. */
#define SIG_TTY_STOP_MASK (sigmask(SIGTSTP) | sigmask(SIGTTIN) | \
	sigmask(SIGTTOU))
/* Signals that resume a stopped process. */
#define SIG_CONTINUE_MASK	(sigmask(SIGCONT) | sigmask(SIGKILL))
/* Signals that cannot be caught, blocked or ignored. */
#define SIG_KERNEL_ONLY_MASK	(sigmask(SIGKILL) | sigmask(SIGSTOP))

/** True if @p p has a signal pending that it does not block. */
bool signal_pending(struct task_struct *p)
{
	return p->sig_pending & ~p->sig_blocked;
}

/* The action of @sig in @p, or NULL for a task without handlers. */
static struct k_sigaction *sig_action(struct task_struct *p, int sig)
{
	return p->sig ? &p->sig->action[sig - 1] : NULL;
}

/*
 * True if @p would do nothing with @sig: its handler is SIG_IGN, or
 * SIG_DFL for a signal whose default is to be ignored (SIGCHLD ...).
 * SIGKILL and SIGSTOP are never ignored.
 */
static bool sig_ignored(struct task_struct *p, int sig)
{
	struct k_sigaction *ka = sig_action(p, sig);
	unsigned long handler = ka ? ka->handler : SIG_DFL;

	if (sigmask(sig) & SIG_KERNEL_ONLY_MASK)
		return false;
	if (handler == SIG_IGN)
		return true;
	return handler == SIG_DFL && (sigmask(sig) & SIG_KERNEL_IGNORE_MASK);
}

/*
 * Mark @sig pending for @p, with @code and @value for its siginfo, and
 * wake it if it sleeps interruptibly.
 */
static void signal_wake_up(int sig, struct task_struct *p, int code,
			   unsigned long value)
{
	unsigned long flags;

	local_irq_save(flags);
	if (p->sig) {
		p->sig->info[sig - 1].code = code;
		p->sig->info[sig - 1].value = value;
	}
	p->sig_pending |= sigmask(sig);
	if (p->state == TASK_INTERRUPTIBLE && signal_pending(p))
		wake_up_process(p);
	local_irq_restore(flags);
}

/**
 * True if @p p would not be stopped or interrupted by @p sig: it blocks
 * it or its handler is SIG_IGN (Linux 2.4's is_ignored(), which the
 * terminal asks before sending SIGTTIN or SIGTTOU).
 */
bool sig_ignored_or_blocked(struct task_struct *p, int sig)
{
	struct k_sigaction *ka = sig_action(p, sig);

	return (p->sig_blocked & sigmask(sig)) ||
	       (ka && ka->handler == SIG_IGN);
}

/*
 * What sending @sig does at once, whether @p ignores it or not: SIGCONT
 * and SIGKILL resume a stopped process and discard its pending stop
 * signals; a stop signal discards a pending SIGCONT. So the last of
 * "stop" and "continue" sent wins.
 */
static void stop_or_continue(int sig, struct task_struct *p)
{
	unsigned long flags;

	local_irq_save(flags);
	if (sigmask(sig) & SIG_CONTINUE_MASK) {
		p->sig_pending &= ~SIG_KERNEL_STOP_MASK;
		if (p->state == TASK_STOPPED) {
			p->exit_code = 0;	/* no stop left to report */
			wake_up_stopped(p);
		}
	} else if (sigmask(sig) & SIG_KERNEL_STOP_MASK) {
		p->sig_pending &= ~sigmask(SIGCONT);
	}
	local_irq_restore(flags);
}

/**
 * Send signal @p sig to process @p p. A signal the target ignores is
 * dropped at once, as in Linux, after SIGCONT or SIGKILL resumed the
 * target if it was stopped. Returns 0, or -EINVAL for a bad number.
 */
int send_sig(int sig, struct task_struct *p)
{
	if (sig < 1 || sig > _NSIG)
		return -EINVAL;
	if (p->flags & PF_KTHREAD)
		return 0;	/* kernel threads take no signals */
	stop_or_continue(sig, p);
	if (sig_ignored(p, sig))
		return 0;
	signal_wake_up(sig, p, sig == SIGCHLD ? CLD_EXITED : SI_USER,
		       current->pid);
	return 0;
}

/**
 * Send @p sig to @p p on the kernel's behalf (a timer: SIGALRM), with
 * si_code SI_KERNEL; like send_sig() it respects what @p p ignores and
 * blocks. Callable from an interrupt handler.
 */
int send_sig_priv(int sig, struct task_struct *p)
{
	if (sig < 1 || sig > _NSIG)
		return -EINVAL;
	if (!(p->flags & PF_KTHREAD))
		stop_or_continue(sig, p);
	if (p->flags & PF_KTHREAD || sig_ignored(p, sig))
		return 0;
	signal_wake_up(sig, p, SI_KERNEL, 0);
	return 0;
}

/**
 * Send @p sig to @p p (the current task) because of what it just did -- a
 * fault, an illegal instruction. The signal cannot be blocked or ignored
 * away: blocking or ignoring a fault would only repeat it forever, so the
 * action is reset to the default (Linux's force_sig_info).
 */
void force_sig(int sig, struct task_struct *p)
{
	force_sig_fault(sig, SI_KERNEL, 0, p);
}

/**
 * force_sig() for a fault: the siginfo says @p code (SEGV_MAPERR ...) and
 * the address @p addr.
 */
void force_sig_fault(int sig, int code, unsigned long addr,
		     struct task_struct *p)
{
	struct k_sigaction *ka = sig_action(p, sig);

	if (ka && ka->handler == SIG_IGN)
		ka->handler = SIG_DFL;
	p->sig_blocked &= ~sigmask(sig);
	signal_wake_up(sig, p, code, addr);
}

/* The lowest-numbered pending, unblocked signal of @p, taken off. */
static int dequeue_signal(struct task_struct *p)
{
	unsigned long long ready = p->sig_pending & ~p->sig_blocked;
	int sig;

	if (!ready)
		return 0;
	if ((u32)ready)
		sig = __builtin_ctz((u32)ready) + 1;
	else
		sig = __builtin_ctz((u32)(ready >> 32)) + 33;
	p->sig_pending &= ~sigmask(sig);
	return sig;
}

/*
 * End the current process because of @sig, with the wait status Linux
 * reports: the signal number. Linux adds 0x80 ("core dumped") only when
 * it wrote a core file, which needs an RLIMIT_CORE above 0 (init's is 0
 * in 2.4 and 6.1); vmm386 writes no core files, so the signals whose
 * default action dumps core (SIGSEGV, SIGQUIT ...) end a process like
 * the others, as they do on Linux with the default limit.
 */
static void __attribute__((noreturn)) terminate_by_signal(int sig)
{
	do_exit(sig);
}

/*
 * True if the default action of @sig in @tsk does nothing: the signals
 * ignored by default; every signal but SIGKILL for pid 1, as in Linux:
 * init cannot be killed or stopped by a signal it did not ask for; and a
 * terminal's stop signals in an orphaned process group, which no shell
 * could resume (POSIX; SIGSTOP still stops).
 */
static bool default_does_nothing(struct task_struct *tsk, int sig)
{
	if (sigmask(sig) & SIG_KERNEL_IGNORE_MASK)
		return true;
	if (tsk->pid == 1 && sig != SIGKILL)
		return true;
	return (sigmask(sig) & SIG_TTY_STOP_MASK) &&
	       is_orphaned_pgrp(tsk->pgrp);
}

/*
 * Tell the parent of @tsk, which has just stopped: a SIGCHLD (si_code
 * CLD_STOPPED) unless its SIGCHLD handler has SA_NOCLDSTOP or it ignores
 * SIGCHLD, and in any case a wake-up for a wait4() with WUNTRACED.
 */
static void notify_parent_stopped(struct task_struct *tsk)
{
	struct task_struct *parent = tsk->parent;
	struct k_sigaction *ka;

	if (!parent || (parent->flags & PF_KTHREAD))
		return;
	ka = sig_action(parent, SIGCHLD);
	if (!(ka && (ka->flags & SA_NOCLDSTOP)) &&
	    !sig_ignored(parent, SIGCHLD))
		signal_wake_up(SIGCHLD, parent, CLD_STOPPED, tsk->pid);
	wake_up(&parent->wait_chldexit);
}

/*
 * The default action of stop signal @sig: the current process stops
 * until SIGCONT or SIGKILL resumes it (stop_or_continue()); wait4 with
 * WUNTRACED reports @sig, kept in exit_code meanwhile, as 2.4 keeps it.
 */
static void stop_by_signal(struct task_struct *tsk, int sig)
{
	unsigned long flags;

	local_irq_save(flags);
	tsk->exit_code = sig;
	set_current_state(TASK_STOPPED);
	notify_parent_stopped(tsk);
	local_irq_restore(flags);
	schedule();
}

/*
 * No handler ran: a system call interrupted for nothing is restarted,
 * and the mask sigsuspend replaced comes back (the restarted sigsuspend
 * sets its own again).
 */
static void no_handler_ran(struct task_struct *tsk, struct pt_regs *regs)
{
	syscall_restart(regs, NULL);
	if (tsk->restore_sigmask) {
		tsk->restore_sigmask = 0;
		tsk->sig_blocked = tsk->saved_sigmask;
	}
}

/**
 * Act on the current process's pending signals before it returns to user
 * mode through @p regs. A signal with a handler gets a frame on the user
 * stack and @p regs enter the handler, after the interrupted system call,
 * if any, was given its fate (syscall_restart()): -EINTR, or restarted.
 * The others are handled here: ignored ones dropped, stop signals stop
 * it, the rest end the process. If no handler runs, an interrupted call
 * is restarted: the signal that woke it had nothing to say to the
 * program.
 */
void do_signal(struct pt_regs *regs)
{
	struct task_struct *tsk = current;
	int sig;

	while ((sig = dequeue_signal(tsk))) {
		struct k_sigaction *ka = sig_action(tsk, sig);

		if (ka && ka->handler == SIG_IGN)
			continue;
		if (ka && ka->handler != SIG_DFL) {
			syscall_restart(regs, ka);
			handle_signal(sig, ka, regs);
			return;	/* one frame at a time */
		}
		if (default_does_nothing(tsk, sig))
			continue;
		if (sigmask(sig) & SIG_KERNEL_STOP_MASK) {
			stop_by_signal(tsk, sig);
			continue;	/* resumed: act on what came */
		}
		terminate_by_signal(sig);
	}
	no_handler_ran(tsk, regs);
}

/**
 * The handlers for a new process: a copy of @p old's, or all SIG_DFL if
 * @p old is NULL. NULL if memory is short.
 */
struct signal_struct *copy_sighand(struct signal_struct *old)
{
	struct signal_struct *sig = kmalloc(sizeof(*sig), GFP_KERNEL);

	if (!sig)
		return NULL;
	if (old)
		*sig = *old;
	else
		memset(sig, 0, sizeof(*sig));
	return sig;
}

/** Free @p tsk's handlers (exit). */
void exit_sighand(struct task_struct *tsk)
{
	kfree(tsk->sig);
	tsk->sig = NULL;
}

/**
 * execve: caught signals go back to SIG_DFL (the handlers' code is gone);
 * ignored ones stay ignored. Flags, masks and restorers are cleared, and
 * so is the alternate signal stack, which was memory of the old program.
 */
void flush_signal_handlers(struct task_struct *tsk)
{
	tsk->sas_ss_sp = 0;
	tsk->sas_ss_size = 0;
	if (!tsk->sig)
		return;
	for (int i = 0; i < _NSIG; i++) {
		struct k_sigaction *ka = &tsk->sig->action[i];

		if (ka->handler != SIG_IGN)
			ka->handler = SIG_DFL;
		ka->flags = 0;
		ka->restorer = 0;
		ka->mask = 0;
	}
}

/**
 * kill(2) for one process (@p pid > 0), every process but init and the
 * caller (@p pid == -1), the caller's process group (@p pid == 0) or
 * group -@p pid (@p pid < -1). Signal 0 only checks that the target
 * exists.
 */
long sys_kill(int pid, int sig)
{
	struct task_struct *p;
	int found = 0;

	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	if (pid == 0)
		return kill_pgrp(current->pgrp, sig);
	if (pid < -1)
		return kill_pgrp(-pid, sig);
	list_for_each_entry(p, &task_list, tasks) {
		if (p->flags & PF_KTHREAD || p->state == TASK_ZOMBIE ||
		    p->state == TASK_DEAD)
			continue;
		if (pid > 0 ? p->pid != pid :
		    pid != -1 || p->pid == 1 || p == current)
			continue;
		found++;
		if (sig)
			send_sig(sig, p);
	}
	return found ? 0 : -ESRCH;
}

/**
 * tgkill(2): signal thread @p tid of thread group @p tgid. A vmm386
 * process is a single thread whose thread id and group id are both its
 * pid, so the call is kill() of @p tid once the two ids agree; glibc's
 * raise() and abort() call it on themselves (busybox's shell re-raises
 * the SIGINT that killed its foreground job this way).
 */
long sys_tgkill(int tgid, int tid, int sig)
{
	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	if (tgid != tid)
		return -ESRCH;
	return sys_kill(tid, sig);
}

/** tkill(2): signal thread @p tid, here the process of that pid. */
long sys_tkill(int tid, int sig)
{
	if (tid <= 0)
		return -EINVAL;
	return sys_kill(tid, sig);
}

/**
 * rt_sigprocmask(2): block, unblock or set the blocked set; the old set
 * is stored at @p oset if not NULL. SIGKILL and SIGSTOP cannot be blocked;
 * @p size must be 8, the size of the kernel's set.
 */
long sys_rt_sigprocmask(int how, const unsigned long long __user *set,
			unsigned long long __user *oset, unsigned long size)
{
	struct task_struct *tsk = current;
	unsigned long long old = tsk->sig_blocked, new;

	if (size != sizeof(new))
		return -EINVAL;
	if (set) {
		if (copy_from_user(&new, set, sizeof(new)))
			return -EFAULT;
		new &= ~SIG_KERNEL_ONLY_MASK;
		switch (how) {
		case SIG_BLOCK:
			tsk->sig_blocked |= new;
			break;
		case SIG_UNBLOCK:
			tsk->sig_blocked &= ~new;
			break;
		case SIG_SETMASK:
			tsk->sig_blocked = new;
			break;
		default:
			return -EINVAL;
		}
	}
	if (oset && copy_to_user(oset, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* The 20-byte struct rt_sigaction reads and writes. */
struct user_sigaction {
	unsigned long handler, flags, restorer;
	unsigned long long mask;
} __attribute__((packed));

/**
 * rt_sigaction(2): read and/or set the action of @p sig. SIGKILL and
 * SIGSTOP cannot be given one (-EINVAL), nor can signal 0 or one above
 * 64; @p size must be 8. Setting SIG_IGN, or SIG_DFL for a signal ignored
 * by default, discards the signal if it is pending.
 */
long sys_rt_sigaction(int sig, const void __user *act, void __user *oact,
		      unsigned long size)
{
	struct task_struct *tsk = current;
	struct k_sigaction *ka;
	struct user_sigaction u;

	if (size != sizeof(u.mask) || sig < 1 || sig > _NSIG || !tsk->sig)
		return -EINVAL;
	if (act && (sigmask(sig) & SIG_KERNEL_ONLY_MASK))
		return -EINVAL;
	ka = sig_action(tsk, sig);
	u.handler = ka->handler;
	u.flags = ka->flags;
	u.restorer = ka->restorer;
	u.mask = ka->mask;
	if (act) {
		struct user_sigaction n;

		if (copy_from_user(&n, act, sizeof(n)))
			return -EFAULT;
		ka->handler = n.handler;
		ka->flags = n.flags;
		ka->restorer = n.restorer;
		ka->mask = n.mask & ~SIG_KERNEL_ONLY_MASK;
		if (sig_ignored(tsk, sig))
			tsk->sig_pending &= ~sigmask(sig);
	}
	if (oact && copy_to_user(oact, &u, sizeof(u)))
		return -EFAULT;
	return 0;
}

/* ---- waiting for a signal ------------------------------------------- */

/*
 * Sleep interruptibly until a signal the task does not block is pending.
 * The state is set before the test, so a signal sent in between is not
 * lost (signal_wake_up() finds the task interruptible and wakes it).
 */
static void wait_for_signal(void)
{
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (signal_pending(current))
			break;
		schedule();
	}
	set_current_state(TASK_RUNNING);
}

/**
 * pause(2): sleep until a signal is delivered. Returns -ERESTARTNOHAND:
 * the program sees -EINTR after a handler ran; a signal that neither runs
 * a handler nor ends the process restarts the call, which sleeps again.
 */
long sys_pause(void)
{
	wait_for_signal();
	return -ERESTARTNOHAND;
}

/*
 * The core of sigsuspend: replace the blocked set by @mask while asleep.
 * The old set is kept in saved_sigmask; the handler's frame records it,
 * so that sigreturn puts it back (Linux 2.6's TIF_RESTORE_SIGMASK; 2.4
 * instead loops calling do_signal() itself, inside the call).
 */
static long suspend_with_mask(unsigned long long mask)
{
	struct task_struct *tsk = current;

	tsk->saved_sigmask = tsk->sig_blocked;
	tsk->restore_sigmask = 1;
	tsk->sig_blocked = mask & ~SIG_KERNEL_ONLY_MASK;
	wait_for_signal();
	return -ERESTARTNOHAND;
}

/**
 * rt_sigsuspend(2): wait for a signal with the blocked set @p mask, then
 * restore the old set (after the handler). Always "fails": -EINTR once a
 * handler ran. @p size must be 8.
 */
long sys_rt_sigsuspend(const unsigned long long __user *mask,
		       unsigned long size)
{
	unsigned long long m;

	if (size != sizeof(m))
		return -EINVAL;
	if (copy_from_user(&m, mask, sizeof(m)))
		return -EFAULT;
	return suspend_with_mask(m);
}

/**
 * sigsuspend(2), the old call (72): the new blocked set is the 32-bit
 * @p mask itself; the first two arguments are history.
 */
long sys_sigsuspend(int history0, int history1, unsigned long mask)
{
	return suspend_with_mask(mask);
}

/**
 * rt_sigpending(2): store the signals pending while blocked (@p size
 * bytes of the set, at most 8).
 */
long sys_rt_sigpending(unsigned long long __user *set, unsigned long size)
{
	struct task_struct *tsk = current;
	unsigned long long pending = tsk->sig_pending & tsk->sig_blocked;

	if (size > sizeof(pending))
		return -EINVAL;
	return copy_to_user(set, &pending, size) ? -EFAULT : 0;
}

/** sigpending(2), the old call (73): the first 32 signals only. */
long sys_sigpending(unsigned long __user *set)
{
	return sys_rt_sigpending((unsigned long long __user *)set,
				 sizeof(*set));
}

/* ---- the alternate signal stack ----------------------------------- */

/**
 * True if @p sp is on the current task's alternate signal stack. The
 * stack grows down, so its top counts and its base does not.
 */
bool on_sig_stack(unsigned long sp)
{
	struct task_struct *tsk = current;

	return sp > tsk->sas_ss_sp && sp - tsk->sas_ss_sp <= tsk->sas_ss_size;
}

/**
 * The ss_flags sigaltstack() reports for stack pointer @p sp: SS_DISABLE
 * if there is no alternate stack, SS_ONSTACK while on it, else 0.
 */
int sas_ss_flags(unsigned long sp)
{
	if (!current->sas_ss_size)
		return SS_DISABLE;
	return on_sig_stack(sp) ? SS_ONSTACK : 0;
}

/**
 * Install @p ss as the alternate signal stack, for a task whose user
 * stack pointer is @p sp: -EPERM while running on the current one,
 * -EINVAL for unknown flags, -ENOMEM for a stack under MINSIGSTKSZ.
 * SS_DISABLE removes it. (Linux's do_sigaltstack, without the copies.)
 */
int set_sigaltstack(const struct user_stack_t *ss, unsigned long sp)
{
	struct task_struct *tsk = current;

	if (on_sig_stack(sp))
		return -EPERM;
	if (ss->ss_flags != SS_DISABLE && ss->ss_flags != SS_ONSTACK &&
	    ss->ss_flags != 0)
		return -EINVAL;
	if (ss->ss_flags == SS_DISABLE) {
		tsk->sas_ss_sp = 0;
		tsk->sas_ss_size = 0;
		return 0;
	}
	if (ss->ss_size < MINSIGSTKSZ)
		return -ENOMEM;
	tsk->sas_ss_sp = ss->ss_sp;
	tsk->sas_ss_size = ss->ss_size;
	return 0;
}

/**
 * sigaltstack(2): store the current alternate stack at @p uoss if not
 * NULL, then install @p uss if not NULL (set_sigaltstack()'s errors).
 */
long sys_sigaltstack(const void __user *uss, void __user *uoss)
{
	struct task_struct *tsk = current;
	unsigned long sp = task_pt_regs(tsk)->esp;
	struct user_stack_t old = { tsk->sas_ss_sp, sas_ss_flags(sp),
				    tsk->sas_ss_size };

	if (uss) {
		struct user_stack_t ss;
		int err;

		if (copy_from_user(&ss, uss, sizeof(ss)))
			return -EFAULT;
		err = set_sigaltstack(&ss, sp);
		if (err)
			return err;
	}
	if (uoss && copy_to_user(uoss, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}
