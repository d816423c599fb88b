/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file signal.h
 * @brief Signals: numbers, actions and the per-process state (Linux:
 * asm-i386/signal.h, linux/signal.h). Numbers and flag values are Linux
 * i386's, so unmodified programs can use them.
 */
#ifndef _VMM_SIGNAL_H
#define _VMM_SIGNAL_H

#include <types.h>

#define SIGHUP		1	/**< hangup */
#define SIGINT		2	/**< interrupt (^C) */
#define SIGQUIT		3	/**< quit, with core */
#define SIGILL		4	/**< illegal instruction */
#define SIGTRAP		5	/**< breakpoint */
#define SIGABRT		6	/**< abort() */
#define SIGBUS		7	/**< bus error */
#define SIGFPE		8	/**< arithmetic error */
#define SIGKILL		9	/**< kill, cannot be caught */
#define SIGUSR1		10	/**< user-defined 1 */
#define SIGSEGV		11	/**< invalid memory reference */
#define SIGUSR2		12	/**< user-defined 2 */
#define SIGPIPE		13	/**< write to a pipe with no reader */
#define SIGALRM		14	/**< timer */
#define SIGTERM		15	/**< termination */
#define SIGSTKFLT	16	/**< unused */
#define SIGCHLD		17	/**< a child stopped or exited */
#define SIGCONT		18	/**< continue */
#define SIGSTOP		19	/**< stop, cannot be caught */
#define SIGTSTP		20	/**< stop from the terminal */
#define SIGTTIN		21	/**< background read */
#define SIGTTOU		22	/**< background write */
#define SIGURG		23	/**< urgent socket data */
#define SIGXCPU		24	/**< CPU limit */
#define SIGXFSZ		25	/**< file size limit */
#define SIGVTALRM	26	/**< virtual timer */
#define SIGPROF		27	/**< profiling timer */
#define SIGWINCH	28	/**< window size change */
#define SIGIO		29	/**< I/O possible */
#define SIGPWR		30	/**< power failure */
#define SIGSYS		31	/**< bad system call */
#define _NSIG		64	/**< signals 1-64 (32-64 real-time) */

#define SIG_DFL		((unsigned long)0)	/**< the default action */
#define SIG_IGN		((unsigned long)1)	/**< ignore the signal */

#define SA_NOCLDSTOP	0x00000001	/**< no SIGCHLD when children stop */
#define SA_NOCLDWAIT	0x00000002	/**< children are not zombies */
#define SA_SIGINFO	0x00000004	/**< handler takes siginfo, rt frame */
#define SA_RESTORER	0x04000000	/**< sa_restorer is the return path */
#define SA_ONSTACK	0x08000000	/**< run on the alternate stack */
#define SA_RESTART	0x10000000	/**< restart interrupted calls */
#define SA_NODEFER	0x40000000	/**< do not block the signal itself */
#define SA_RESETHAND	0x80000000	/**< back to SIG_DFL once delivered */

#define SS_ONSTACK	1	/**< sigaltstack: running on the stack */
#define SS_DISABLE	2	/**< sigaltstack: no alternate stack */
/** The smallest alternate signal stack sigaltstack() accepts. */
#define MINSIGSTKSZ	2048

#define SIG_BLOCK	0	/**< rt_sigprocmask: add to the mask */
#define SIG_UNBLOCK	1	/**< remove from the mask */
#define SIG_SETMASK	2	/**< replace the mask */

/** The bit of signal @p sig in a 64-bit signal set. */
#define sigmask(sig)	(1ULL << ((sig) - 1))

/**
 * struct k_sigaction - one signal's disposition, in the layout of
 * rt_sigaction's struct (20 bytes: handler, flags, restorer, mask).
 */
struct k_sigaction {
	unsigned long handler;	/**< SIG_DFL, SIG_IGN or a user address */
	unsigned long flags;	/**< SA_* */
	unsigned long restorer;	/**< user code that calls sigreturn */
	unsigned long long mask;	/**< blocked while the handler runs */
} __attribute__((packed));

/**
 * struct pending_info - what the siginfo of a pending signal will say.
 */
struct pending_info {
	int code;		/**< si_code */
	unsigned long value;	/**< si_pid (kill) or si_addr (a fault) */
};

/**
 * struct signal_struct - the handlers of a process, shared by nobody yet
 * (threads would share it, through a count, as in Linux).
 */
struct signal_struct {
	struct k_sigaction action[_NSIG];	/**< action[n-1] for signal n */
	struct pending_info info[_NSIG];	/**< info[n-1] for signal n */
};

#define SI_USER		0	/**< si_code: sent by kill() */
#define SI_KERNEL	0x80	/**< si_code: sent by the kernel */
#define BUS_ADRERR	2	/**< si_code: nonexistent physical address */
#define SEGV_MAPERR	1	/**< si_code: address not mapped */
#define SEGV_ACCERR	2	/**< si_code: access not allowed */
#define ILL_ILLOPN	2	/**< si_code: illegal operand */
#define FPE_INTDIV	1	/**< si_code: integer divide by zero */
#define TRAP_BRKPT	1	/**< si_code: breakpoint */
#define CLD_EXITED	1	/**< si_code of SIGCHLD: the child exited */
#define CLD_STOPPED	5	/**< si_code of SIGCHLD: a child stopped */

struct task_struct;
struct pt_regs;

/**
 * struct user_stack_t - stack_t of sigaltstack(2) and of a ucontext, as
 * Linux i386 lays it out (12 bytes).
 */
struct user_stack_t {
	u32 ss_sp;	/**< lowest address of the stack */
	s32 ss_flags;	/**< SS_ONSTACK, SS_DISABLE or 0 */
	u32 ss_size;	/**< its size in bytes */
};

int send_sig(int sig, struct task_struct *p);
int send_sig_priv(int sig, struct task_struct *p);
bool sig_ignored_or_blocked(struct task_struct *p, int sig);
bool is_orphaned_pgrp(int pgrp);
void force_sig(int sig, struct task_struct *p);
void force_sig_fault(int sig, int code, unsigned long addr,
		     struct task_struct *p);
void handle_signal(int sig, struct k_sigaction *ka, struct pt_regs *regs);
bool signal_pending(struct task_struct *p);
void do_signal(struct pt_regs *regs);
struct signal_struct *copy_sighand(struct signal_struct *old);
void exit_sighand(struct task_struct *tsk);
void flush_signal_handlers(struct task_struct *tsk);
bool on_sig_stack(unsigned long sp);
int sas_ss_flags(unsigned long sp);
int set_sigaltstack(const struct user_stack_t *ss, unsigned long sp);
bool syscall_restart(struct pt_regs *regs, const struct k_sigaction *ka);

#endif /* _VMM_SIGNAL_H */
