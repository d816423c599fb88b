// SPDX-License-Identifier: GPL-2.0-only
/*
 * signal.c - sending signals and their default actions (Linux:
 * kernel/signal.c and arch/i386/kernel/signal.c's do_signal).
 *
 * A signal is a bit in the target's pending set, with what its siginfo
 * will say; it is acted on when the target next returns to user mode
 * (exit_to_user_mode_or_kernel()): ignored, its default action taken --
 * terminate, terminate with core, ignore -- or its handler run on the
 * user stack (arch/signal_frame.c).
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

/* Signals whose default action ends the process with a core dump. */
#define SIG_KERNEL_COREDUMP_MASK (sigmask(SIGQUIT) | sigmask(SIGILL) | \
	sigmask(SIGTRAP) | sigmask(SIGABRT) | sigmask(SIGBUS) | \
	sigmask(SIGFPE) | sigmask(SIGSEGV) | sigmask(SIGXCPU) | \
	sigmask(SIGXFSZ) | sigmask(SIGSYS))
/* Signals whose default action is to do nothing. */
#define SIG_KERNEL_IGNORE_MASK (sigmask(SIGCHLD) | sigmask(SIGCONT) | \
	sigmask(SIGURG) | sigmask(SIGWINCH))
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
 * Send signal @p sig to process @p p. A signal the target ignores is
 * dropped at once, as in Linux. Returns 0, or -EINVAL for a bad number.
 */
int send_sig(int sig, struct task_struct *p)
{
	if (sig < 1 || sig > _NSIG)
		return -EINVAL;
	if (p->flags & PF_KTHREAD)
		return 0;	/* kernel threads take no signals */
	if (sig_ignored(p, sig))
		return 0;
	signal_wake_up(sig, p, sig == SIGCHLD ? CLD_EXITED : SI_USER,
		       current->pid);
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
 * reports: the signal number, plus 0x80 ("core dumped") for the signals
 * whose default action dumps core. No core file is written.
 */
static void __attribute__((noreturn)) terminate_by_signal(int sig)
{
	int status = sig;

	if (sigmask(sig) & SIG_KERNEL_COREDUMP_MASK)
		status |= 0x80;
	do_exit(status);
}

/**
 * Act on the current process's pending signals before it returns to user
 * mode through @p regs. A signal with a handler gets a frame on the user
 * stack and @p regs enter the handler; the others are handled here.
 * Ignored ones are dropped. Pid 1 takes no default
 * action, as in Linux: init cannot be killed by a signal it did not ask
 * for. Stop signals are not implemented yet and are ignored.
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
			handle_signal(sig, ka, regs);
			return;	/* one frame at a time */
		}
		if (sigmask(sig) & SIG_KERNEL_IGNORE_MASK)
			continue;
		if (tsk->pid == 1 && sig != SIGKILL)
			continue;
		if (sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN ||
		    sig == SIGTTOU)
			continue;
		terminate_by_signal(sig);
	}
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
 * ignored ones stay ignored. Flags, masks and restorers are cleared.
 */
void flush_signal_handlers(struct task_struct *tsk)
{
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
