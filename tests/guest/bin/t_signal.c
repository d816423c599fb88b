// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_signal.c - signal handlers: rt_sigaction, the old and the rt frame,
 * sigreturn, blocking, SA_RESETHAND, SIG_IGN, and a fault's siginfo.
 */
#include <ulib.h>

#define PLAN		15
#define SIGUSR2		12
#define SA_SIGINFO	4
#define SA_RESTORER	0x04000000
#define SA_RESETHAND	0x80000000
#define SIG_BLOCK	0
#define SIG_UNBLOCK	1
#define SEGV_MAPERR	1

struct sigaction {
	void *handler;
	unsigned long flags;
	void (*restorer)(void);
	unsigned long long mask;
};

struct siginfo {
	int si_signo, si_errno, si_code;
	unsigned long addr_or_pid;
	int pad[28];
};

extern void __restore(void), __restore_rt(void);

static volatile int got_sig, got_code, got_pid, got_signo, aligned;
static volatile unsigned long got_addr;

static long sigaction(int sig, const struct sigaction *act,
		      struct sigaction *old)
{
	return syscall4(174, sig, act, old, 8);
}

static long sigprocmask(int how, unsigned long long set)
{
	return syscall4(175, how, &set, NULL, 8);
}

static void plain_handler(int sig)
{
	unsigned long esp;

	asm volatile("movl %%esp, %0" : "=r"(esp));
	got_sig = sig;
}

static void info_handler(int sig, struct siginfo *info, void *uc)
{
	got_sig = sig;
	got_signo = info->si_signo;
	got_code = info->si_code;
	got_pid = info->addr_or_pid;
	aligned = ((unsigned long)__builtin_frame_address(0) + 8) % 16 == 0;
}

static void segv_handler(int sig, struct siginfo *info, void *uc)
{
	exit(sig == SIGSEGV && info->si_code == SEGV_MAPERR &&
	     info->addr_or_pid == 0x1234 ? 42 : 43);
}

static void test_plain(void)
{
	struct sigaction sa = { plain_handler, SA_RESTORER, __restore, 0 };
	volatile int keep = 1234;

	ktap_eq(sigaction(SIGUSR1, &sa, NULL), 0, "rt_sigaction(SIGUSR1, plain)");
	got_sig = 0;
	ktap_eq(kill(getpid(), SIGUSR1), 0, "kill(self, SIGUSR1)");
	ktap_check(got_sig == SIGUSR1 && keep == 1234,
		   "the handler ran and sigreturn resumed the program");
}

static void test_siginfo(void)
{
	struct sigaction sa = { info_handler, SA_SIGINFO | SA_RESTORER,
				__restore_rt, 0 };

	sigaction(SIGUSR2, &sa, NULL);
	got_sig = 0;
	kill(getpid(), SIGUSR2);
	ktap_check(got_sig == SIGUSR2 && got_signo == SIGUSR2 && got_code == 0 &&
		   got_pid == getpid(),
		   "an SA_SIGINFO handler gets si_signo, SI_USER and the sender's pid");
	ktap_check(aligned, "the handler's stack is 16-byte aligned as after a call");
}

static void test_blocking(void)
{
	struct sigaction sa = { plain_handler, SA_RESTORER | SA_RESETHAND,
				__restore, 0 }, old;

	sigaction(SIGUSR1, &sa, NULL);
	got_sig = 0;
	sigprocmask(SIG_BLOCK, 1ULL << (SIGUSR1 - 1));
	kill(getpid(), SIGUSR1);
	ktap_eq(got_sig, 0, "a blocked signal waits");
	sigprocmask(SIG_UNBLOCK, 1ULL << (SIGUSR1 - 1));
	ktap_eq(got_sig, SIGUSR1, "and is delivered when unblocked");
	sigaction(SIGUSR1, NULL, &old);
	ktap_check(old.handler == 0, "SA_RESETHAND put the default action back");
}

static void test_rules(void)
{
	struct sigaction sa = { (void *)1, 0, 0, 0 };	/* SIG_IGN */

	ktap_eq(sigaction(SIGKILL, &sa, NULL), -EINVAL,
		"SIGKILL cannot be given an action");
	ktap_eq(sigaction(0, &sa, NULL), -EINVAL, "signal 0 has no action");
	ktap_eq(syscall4(174, SIGUSR1, &sa, NULL, 4), -EINVAL,
		"a sigset size other than 8 is EINVAL");
	ktap_eq(sigaction(SIGUSR1, (void *)0x30000000, NULL), -EFAULT,
		"an unmapped action is EFAULT");
	ktap_eq(sigaction(SIGTERM, &sa, NULL), 0, "SIG_IGN for SIGTERM");
	ktap_eq(kill(getpid(), SIGTERM), 0, "an ignored SIGTERM does nothing");
}

static void test_fault_siginfo(void)
{
	struct sigaction sa = { segv_handler, SA_SIGINFO | SA_RESTORER,
				__restore_rt, 0 };
	int status = -1;
	long pid = fork();

	if (pid == 0) {
		sigaction(SIGSEGV, &sa, NULL);
		*(volatile int *)0x1234 = 1;
		exit(44);
	}
	waitpid(pid, &status, 0);
	ktap_eq(WEXITSTATUS(status), 42,
		"a SIGSEGV handler gets SEGV_MAPERR and the faulting address");
}

int main(void)
{
	ktap_plan(PLAN);
	test_plain();
	test_siginfo();
	test_blocking();
	test_rules();
	test_fault_siginfo();
	return ktap_done();
}
