// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_poll.c - poll, select and pselect6 on pipes, the console and a
 * regular file: readiness, hang-up and error, timeouts that last as long
 * as asked, a wake-up from another process, and a signal ending the wait.
 */
#include <ulib.h>

#define PLAN		31

#define POLLIN		0x0001
#define POLLOUT		0x0004
#define POLLERR		0x0008
#define POLLHUP		0x0010
#define POLLNVAL	0x0020
#define SA_RESTORER	0x04000000

struct pollfd {
	int fd;
	short events, revents;
};

struct timeval {
	long tv_sec, tv_usec;
};

struct timespec {
	long tv_sec, tv_nsec;
};

struct kernel_sigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	unsigned long long mask;
};

extern void __restore(void);

static long poll(struct pollfd *fds, unsigned int n, long ms)
{
	return syscall3(168, fds, n, ms);
}

static long select(int n, unsigned long *in, unsigned long *out,
		   unsigned long *ex, struct timeval *tv)
{
	return syscall6(142, n, (long)in, (long)out, (long)ex, (long)tv, 0);
}

static long pipe(int *fds)
{
	return syscall1(42, fds);
}

/* Milliseconds on CLOCK_MONOTONIC. */
static long now_ms(void)
{
	struct timespec ts;

	syscall2(265, 1, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { 0, ms * 1000000 };

	syscall2(162, &ts, NULL);
}

static volatile int got_usr1;

static void on_usr1(int sig)
{
	got_usr1 = sig;
}

static void test_pipe_poll(void)
{
	int p[2];
	struct pollfd fds[2];
	long start, n;

	pipe(p);
	fds[0] = (struct pollfd){ p[0], POLLIN, 0 };
	fds[1] = (struct pollfd){ p[1], POLLOUT, 0 };
	n = poll(fds, 2, 0);
	ktap_eq(n, 1, "an empty pipe: only the write end is ready");
	ktap_check(fds[0].revents == 0 && fds[1].revents == POLLOUT,
		   "POLLOUT on the write end, nothing on the read end");
	start = now_ms();
	ktap_eq(poll(fds, 1, 50), 0, "poll on the empty read end times out");
	ktap_check(now_ms() - start >= 50, "after at least 50 ms");
	write(p[1], "x", 1);
	ktap_eq(poll(fds, 1, 1000), 1, "a byte in the pipe: readable");
	ktap_eq(fds[0].revents, POLLIN, "POLLIN");
	close(p[1]);
	read(p[0], &n, 1);
	poll(fds, 1, 0);
	ktap_check(fds[0].revents & POLLHUP,
		   "the writer gone: POLLHUP on the read end");
	close(p[0]);
	pipe(p);
	close(p[0]);
	fds[1].fd = p[1];
	poll(&fds[1], 1, 0);
	ktap_check(fds[1].revents & POLLERR,
		   "the reader gone: POLLERR on the write end");
	close(p[1]);
	fds[0] = (struct pollfd){ 42, POLLIN, 0 };
	fds[1] = (struct pollfd){ -1, POLLIN, 7 };
	ktap_eq(poll(fds, 2, 0), 1, "a closed fd counts, fd -1 does not");
	ktap_check(fds[0].revents == POLLNVAL && fds[1].revents == 0,
		   "POLLNVAL for the closed fd, nothing for -1");
	ktap_eq(poll(NULL, 1 << 20, 0), -EINVAL,
		"more fds than may be open: EINVAL");
	ktap_eq(poll((void *)4, 1, 0), -EFAULT, "a bad array: EFAULT");
}

/* poll() with no timeout is woken by a child writing later. */
static void test_wakeup(void)
{
	int p[2], status;
	struct pollfd fd;
	long pid, start, n;

	pipe(p);
	start = now_ms();
	pid = fork();
	if (pid == 0) {
		sleep_ms(30);
		write(p[1], "y", 1);
		exit(0);
	}
	fd = (struct pollfd){ p[0], POLLIN, 0 };
	n = poll(&fd, 1, -1);
	ktap_check(n == 1 && fd.revents == POLLIN,
		   "poll without a timeout wakes when a child writes");
	ktap_check(now_ms() - start >= 30, "which it did after its 30 ms sleep");
	waitpid(pid, &status, 0);
	close(p[0]);
	close(p[1]);
}

/*
 * A signal with a handler ends an endless poll with EINTR. The child
 * signals every 20 ms, so one signal lands in the poll however late the
 * parent reaches it.
 */
static void test_signal(void)
{
	struct kernel_sigaction sa = { on_usr1, SA_RESTORER, __restore, 0 };
	int p[2], status;
	struct pollfd fd;
	long pid, n;

	syscall4(174, SIGUSR1, &sa, NULL, 8);
	pipe(p);
	pid = fork();
	if (pid == 0) {
		for (;;) {
			sleep_ms(20);
			kill(getppid(), SIGUSR1);
		}
	}
	fd = (struct pollfd){ p[0], POLLIN, 0 };
	n = poll(&fd, 1, -1);
	ktap_eq(n, -EINTR, "a signal ends poll with EINTR");
	ktap_eq(got_usr1, SIGUSR1, "after the handler ran");
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	close(p[0]);
	close(p[1]);
}

static void test_select(void)
{
	int p[2];
	unsigned long in, out;
	struct timeval tv = { 0, 60000 };
	struct timespec ts = { 0, 0 };
	long start, n, fd;

	pipe(p);
	in = 1UL << p[0];
	start = now_ms();
	n = select(p[0] + 1, &in, NULL, NULL, &tv);
	ktap_eq(n, 0, "select on an empty pipe times out");
	ktap_check(now_ms() - start >= 60 && in == 0,
		   "after at least 60 ms, with the set cleared");
	ktap_check(tv.tv_sec == 0 && tv.tv_usec == 0,
		   "and the timeout rewritten to the time left, 0");
	write(p[1], "z", 1);
	in = 1UL << p[0];
	tv = (struct timeval){ 5, 0 };
	n = select(p[0] + 1, &in, NULL, NULL, &tv);
	ktap_eq(n, 1, "a byte in the pipe: the read end is ready");
	ktap_check(in == 1UL << p[0] && tv.tv_sec <= 5,
		   "its bit alone is set, the time left no more than given");
	in = 1UL << 9;
	ktap_eq(select(10, &in, NULL, NULL, &tv), -EBADF,
		"select on a closed fd is EBADF");
	ktap_eq(select(-1, NULL, NULL, NULL, &tv), -EINVAL,
		"select with a negative count is EINVAL");
	tv = (struct timeval){ 0, -1 };
	ktap_eq(select(1, NULL, NULL, NULL, &tv), -EINVAL,
		"a negative timeout is EINVAL");
	in = 1UL << p[0];
	tv = (struct timeval){ 0, 1000000 };
	ktap_eq(select(p[0] + 1, &in, NULL, NULL, &tv), 1,
		"a timeout of 1000000 us is taken as 1 s, not refused");
	in = 1UL << p[0];
	ktap_eq(syscall6(308, p[0] + 1, (long)&in, 0, 0, (long)&ts, 0), 1,
		"pselect6 sees the byte too");
	fd = syscall3(5, "/README", 0, 0);
	in = 1UL << fd;
	out = 1UL << 1;
	tv = (struct timeval){ 0, 0 };
	ktap_eq(select(fd + 1, &in, &out, NULL, &tv), 2,
		"a regular file is always readable, the console writable");
	close(fd);
	close(p[0]);
	close(p[1]);
}

/*
 * A timeout in a read-only page: the kernel reads it, waits, and cannot
 * write the time left back. Linux (2.4 and 6.1 alike) ignores that
 * failed write: the call succeeds and the page keeps its bytes.
 */
static void test_readonly_timeout(void)
{
	struct timeval *tv = mmap(NULL, 4096, 3, MAP_PRIVATE | MAP_ANONYMOUS,
				  -1, 0);
	struct timespec *ts = (struct timespec *)(tv + 1);

	*tv = (struct timeval){ 0, 20000 };
	*ts = (struct timespec){ 0, 20000000 };
	syscall3(125, tv, 4096, 1);		/* mprotect(PROT_READ) */
	ktap_eq(select(0, NULL, NULL, NULL, tv), 0,
		"select with a read-only timeout times out, no EFAULT");
	ktap_check(tv->tv_sec == 0 && tv->tv_usec == 20000,
		   "and the read-only timeout keeps its value");
	ktap_eq(syscall6(308, 0, 0, 0, 0, (long)ts, 0), 0,
		"pselect6 with a read-only timeout times out, no EFAULT");
	ktap_check(ts->tv_sec == 0 && ts->tv_nsec == 20000000,
		   "and its read-only timeout keeps its value");
	munmap(tv, 4096);
}

int main(void)
{
	ktap_plan(PLAN);
	test_pipe_poll();
	test_wakeup();
	test_signal();
	test_select();
	test_readonly_timeout();
	return ktap_done();
}
