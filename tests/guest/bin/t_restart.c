// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_restart.c - what a signal does to a system call that sleeps: with a
 * handler, -EINTR, or a restart if the handler has SA_RESTART; without
 * one, a restart the program never sees. Pipes, wait4, pause, sigsuspend
 * and nanosleep are the sleeps; alarm, sigpending and rt_sigpending are
 * checked on the way.
 *
 * A helper child waits until the parent is asleep (state S in
 * /proc/PID/stat), then signals or writes to it, so no test depends on
 * timing.
 */
#include <ulib.h>

#define PLAN		18
#define SIGUSR2		12
#define SIGALRM		14
#define SIGSTOP		19
#define SIGCONT		18
#define SA_RESTORER	0x04000000
#define SA_RESTART	0x10000000
#define SIG_BLOCK	0
#define SIG_SETMASK	2

struct sigaction {
	void *handler;
	unsigned long flags;
	void (*restorer)(void);
	unsigned long long mask;
};

struct timespec {
	long tv_sec, tv_nsec;
};

extern void __restore(void);

static volatile int got_sig, handled;

static void handler(int sig)
{
	got_sig = sig;
	handled++;
}

static long set_handler(int sig, unsigned long flags)
{
	struct sigaction sa = { handler, SA_RESTORER | flags, __restore, 0 };

	return syscall4(174, sig, &sa, NULL, 8);
}

static long sigprocmask(int how, unsigned long long set,
			unsigned long long *old)
{
	return syscall4(175, how, &set, old, 8);
}

static long pipe(int fds[2]) { return syscall1(42, fds); }
static long alarm(unsigned int s) { return syscall1(27, s); }
static long pause(void) { return syscall0(29); }

/* The state letter of process @pid in /proc/PID/stat, or 0. */
static char proc_state(long pid)
{
	char path[32], buf[256];
	long fd, n;
	char *p;

	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	fd = syscall3(5, path, 0, 0);
	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	p = strchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : 0;
}

/* Yield until process @pid sleeps interruptibly. */
static void wait_asleep(long pid)
{
	while (proc_state(pid) != 'S')
		sched_yield();
}

/*
 * Fork a helper that waits for the parent to sleep, sends it @sig (if
 * not 0) and at once @sig2 (if not 0), then, if @then_write, waits for it
 * to sleep again and writes one byte to @wfd. Returns its pid.
 */
static long helper(int sig, int sig2, int then_write, int wfd)
{
	long parent = getpid();
	long pid = fork();

	if (pid)
		return pid;
	wait_asleep(parent);
	if (sig)
		kill(parent, sig);
	if (sig2)
		kill(parent, sig2);
	if (then_write) {
		wait_asleep(parent);	/* asleep again: restarted */
		write(wfd, "x", 1);
	}
	exit(0);
}

static void reap(long pid)
{
	int status;

	waitpid(pid, &status, 0);
}

/* A handler without SA_RESTART: the blocked read fails with -EINTR. */
static void test_read_eintr(void)
{
	int fds[2];
	char c;
	long pid;

	pipe(fds);
	set_handler(SIGUSR1, 0);
	handled = 0;
	pid = helper(SIGUSR1, 0, 0, fds[1]);
	ktap_eq(read(fds[0], &c, 1), -EINTR,
		"a pipe read interrupted by a handler is EINTR");
	ktap_eq(handled, 1, "and the handler ran once");
	reap(pid);
	close(fds[0]);
	close(fds[1]);
}

/* SA_RESTART: the read is restarted and gets the byte written later. */
static void test_read_sa_restart(void)
{
	int fds[2];
	char c = 0;
	long pid;

	pipe(fds);
	set_handler(SIGUSR1, SA_RESTART);
	handled = 0;
	pid = helper(SIGUSR1, 0, 1, fds[1]);
	ktap_eq(read(fds[0], &c, 1), 1,
		"with SA_RESTART the read is restarted after the handler");
	ktap_check(c == 'x' && handled == 1,
		   "it returns the byte written after the signal");
	reap(pid);
	close(fds[0]);
	close(fds[1]);
}

/*
 * No handler at all: a stop and a continue (or, where stopping is not
 * implemented, a signal whose default does nothing) wake the reader, and
 * the read is restarted without the program seeing it.
 */
static void test_read_no_handler(void)
{
	int fds[2];
	char c = 0;
	long pid;

	pipe(fds);
	pid = helper(SIGSTOP, SIGCONT, 1, fds[1]);
	ktap_eq(read(fds[0], &c, 1), 1,
		"a read woken by SIGSTOP/SIGCONT is restarted, unseen");
	reap(pid);
	close(fds[0]);
	close(fds[1]);
}

/* alarm(): the value of the previous alarm; SIGALRM interrupts wait4. */
static void test_alarm_and_wait(void)
{
	long child = fork();
	int status = 0;

	if (child == 0) {
		pause();
		exit(1);
	}
	ktap_eq(alarm(10), 0, "alarm(10) with no alarm set returns 0");
	ktap_eq(alarm(0), 10, "alarm(0) returns the 10 s that were left");
	set_handler(SIGALRM, 0);
	got_sig = 0;
	alarm(1);
	ktap_eq(waitpid(child, &status, 0), -EINTR,
		"SIGALRM's handler interrupts waitpid: EINTR");
	ktap_eq(got_sig, SIGALRM, "the alarm was SIGALRM");
	kill(child, SIGKILL);
	ktap_eq(waitpid(child, &status, 0), child,
		"waitpid then reaps the child");
}

/* pause() sleeps until a handler ran, then fails with EINTR. */
static void test_pause(void)
{
	long pid;

	set_handler(SIGUSR2, 0);
	got_sig = 0;
	pid = helper(SIGUSR2, 0, 0, -1);
	ktap_eq(pause(), -EINTR, "pause() returns EINTR after the handler");
	ktap_eq(got_sig, SIGUSR2, "which ran for SIGUSR2");
	reap(pid);
}

/*
 * rt_sigsuspend: a blocked, pending signal shows in sigpending; suspending
 * with an empty mask delivers it; the old mask is back afterwards.
 */
static void test_sigsuspend(void)
{
	unsigned long long bit = 1ULL << (SIGUSR1 - 1), empty = 0, set = 0,
			   mask = 0;
	unsigned long old_set = 0;

	set_handler(SIGUSR1, 0);
	sigprocmask(SIG_BLOCK, bit, NULL);
	handled = 0;
	kill(getpid(), SIGUSR1);
	syscall2(176, &set, 8);
	syscall1(73, &old_set);
	ktap_check(set == bit && old_set == bit && !handled,
		   "rt_sigpending and sigpending show the blocked SIGUSR1");
	ktap_eq(syscall2(176, &set, 9), -EINVAL,
		"rt_sigpending with a set larger than 8 bytes is EINVAL");
	ktap_eq(syscall2(179, &empty, 8), -EINTR,
		"rt_sigsuspend(empty mask) returns EINTR");
	sigprocmask(SIG_BLOCK, 0, &mask);
	ktap_check(handled == 1 && mask == bit,
		   "the handler ran and the old mask is back");
	sigprocmask(SIG_SETMASK, 0, NULL);
}

/* nanosleep interrupted by a handler: EINTR and the time that was left. */
static void test_nanosleep(void)
{
	struct timespec req = { 5, 0 }, rem = { -1, -1 };

	set_handler(SIGALRM, 0);
	alarm(1);
	ktap_eq(syscall2(162, &req, &rem), -EINTR,
		"nanosleep(5 s) interrupted by SIGALRM after 1 s is EINTR");
	ktap_check(rem.tv_sec >= 3 && rem.tv_sec <= 4 && rem.tv_nsec >= 0 &&
		   rem.tv_nsec < 1000000000,
		   "and stores the remaining time (about 4 s)");
	if (rem.tv_sec < 3 || rem.tv_sec > 4)
		ktap_diag("rem = %ld s %ld ns", rem.tv_sec, rem.tv_nsec);
}

int main(void)
{
	ktap_plan(PLAN);
	test_read_eintr();
	test_read_sa_restart();
	test_read_no_handler();
	test_alarm_and_wait();
	test_pause();
	test_sigsuspend();
	test_nanosleep();
	return ktap_done();
}
