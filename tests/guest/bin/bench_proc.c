// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench_proc.c - what the process mechanisms cost, in emulated
 * instructions, measured from user space: the null system call
 * (getppid), fork+exit+wait of a process with 0, 256 and 4,096 pages
 * touched, fork+execve of a small static program (/bin/true)+exit+wait,
 * a signal delivered to a handler and returned from, and a pipe
 * ping-pong (one byte each way between two processes).
 *
 * Each figure is the time-stamp counter read with rdtsc around N
 * iterations, divided by N. Under Bochs with `clock: sync=none` the
 * counter advances by one per emulated instruction, so the figure is an
 * instruction count, the same from run to run, and comparable with an
 * unmodified Linux kernel running this same binary in the same Bochs.
 * Timer interrupts that fall inside the loop are counted, amortized over
 * the iterations, as they are on Linux. Results are KTAP diagnostics,
 *
 *     # bench: proc.getppid 123 insns
 *
 * which tools/bench.py collects. Run as init (`make bench`), it powers
 * the machine off at the end; run by another program, it just exits.
 */
#include <ulib.h>

#define SIGUSR1_NR	10
#define SA_RESTORER	0x04000000
#define PAGE		4096

struct sigaction {
	void *handler;
	unsigned long flags;
	void (*restorer)(void);
	unsigned long long mask;
};

extern void __restore(void);

/* The low 32 bits of the time-stamp counter: enough for one loop. */
static inline unsigned long tsc(void)
{
	unsigned long lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return lo;
}

static void report(const char *key, unsigned long total, unsigned long n)
{
	ktap_diag("bench: %s %lu insns", key, total / n);
}

static void bench_getppid(void)
{
	const unsigned long n = 5000;
	unsigned long t = tsc();

	for (unsigned long i = 0; i < n; i++)
		getppid();
	report("proc.getppid", tsc() - t, n);
	ktap_check(getppid() >= 0, "getppid");
}

/* fork+exit+wait, N times, after touching @pages pages. */
static void bench_fork(const char *key, int pages, unsigned long n)
{
	char *mem = NULL;
	unsigned long t, ok = 0;

	if (pages) {
		mem = mmap(NULL, pages * PAGE, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (mem == MAP_FAILED) {
			ktap_ok(0, "%s: mmap of %d pages", key, pages);
			return;
		}
		for (int i = 0; i < pages; i++)
			mem[i * PAGE] = 1;
	}
	t = tsc();
	for (unsigned long i = 0; i < n; i++) {
		int status = -1;
		long pid = fork();

		if (pid == 0)
			exit(0);
		ok += waitpid(pid, &status, 0) == pid && status == 0;
	}
	report(key, tsc() - t, n);
	ktap_ok(ok == n, "%s: %lu children forked and reaped", key, n);
	if (mem)
		munmap(mem, pages * PAGE);
}

/* fork+execve(/bin/true)+exit+wait. */
static void bench_exec(void)
{
	const unsigned long n = 10;
	char *argv[] = { "/bin/true", NULL }, *envp[] = { NULL };
	unsigned long t = tsc(), ok = 0;

	for (unsigned long i = 0; i < n; i++) {
		int status = -1;
		long pid = fork();

		if (pid == 0) {
			execve(argv[0], argv, envp);
			exit(127);
		}
		ok += waitpid(pid, &status, 0) == pid && status == 0;
	}
	report("proc.fork_execve_exit_wait", tsc() - t, n);
	ktap_ok(ok == n, "fork+execve+exit+wait: %lu runs of /bin/true", n);
}

static volatile unsigned long handled;

static void handler(int sig)
{
	handled++;
}

/* kill(self) with a handler: delivery, the handler, sigreturn. */
static void bench_signal(void)
{
	const unsigned long n = 1000;
	struct sigaction sa = { handler, SA_RESTORER, __restore, 0 };
	long self = getpid();
	unsigned long t;

	syscall4(174, SIGUSR1_NR, &sa, NULL, 8);
	t = tsc();
	for (unsigned long i = 0; i < n; i++)
		kill(self, SIGUSR1_NR);
	report("proc.signal_kill_handler_return", tsc() - t, n);
	ktap_ok(handled == n, "%lu signals handled", n);
}

/* One byte each way between two processes, through two pipes. */
static void bench_pipe(void)
{
	const unsigned long n = 500;
	int ping[2], pong[2], status;
	unsigned long t, ok = 0;
	char c = 'x';
	long pid;

	syscall1(42, ping);
	syscall1(42, pong);
	pid = fork();
	if (pid == 0) {
		close(ping[1]);
		close(pong[0]);
		while (read(ping[0], &c, 1) == 1)
			write(pong[1], &c, 1);
		exit(0);
	}
	t = tsc();
	for (unsigned long i = 0; i < n; i++) {
		write(ping[1], &c, 1);
		ok += read(pong[0], &c, 1) == 1;
	}
	report("proc.pipe_pingpong_round_trip", tsc() - t, n);
	close(ping[1]);
	waitpid(pid, &status, 0);
	close(ping[0]);
	close(pong[0]);
	close(pong[1]);
	ktap_ok(ok == n, "%lu pipe round trips", n);
}

int main(void)
{
	ktap_plan(7);
	bench_getppid();
	bench_fork("proc.fork_exit_wait_0_pages", 0, 20);
	bench_fork("proc.fork_exit_wait_256_pages", 256, 10);
	bench_fork("proc.fork_exit_wait_4096_pages", 4096, 4);
	bench_exec();
	bench_signal();
	bench_pipe();
	if (getpid() == 1) {
		ktap_done();
		reboot_power_off();
	}
	return ktap_done();
}
