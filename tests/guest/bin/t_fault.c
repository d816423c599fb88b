// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_fault.c - faults in user mode become signals, never oopses: each
 * case runs in a child that does something forbidden, and the parent
 * checks how the child died: of the right signal, without the "core
 * dumped" bit (0x80), which Linux sets only when it wrote a core file --
 * never with init's RLIMIT_CORE of 0, which the first case checks.
 */
#include <ulib.h>

#define PLAN	11
#define RLIMIT_CORE	4
#define NR_ugetrlimit	191

struct rlimit {
	unsigned long rlim_cur, rlim_max;
};

static void null_read(void) { (void)*(volatile int *)0; }
static void kernel_write(void) { *(volatile int *)0xc0100000 = 1; }
static void text_write(void) { *(volatile char *)null_read = 0; }
static void hole_write(void) { *(volatile int *)0x30000000 = 1; }
static void privileged(void) { asm volatile("cli"); }
static void port_io(void) { asm volatile("inb $0x60, %%al" : : : "eax"); }
static void bad_int(void) { asm volatile("int $0x81"); }
static void undefined(void) { asm volatile("ud2"); }
static void divide(void)
{
	asm volatile("divl %0" : : "r"(0), "a"(1), "d"(0));
}
static void breakpoint(void) { asm volatile("int3"); }

/* Run @fn in a child; the signal that killed it, or -1. */
static int death_signal(void (*fn)(void), int *core)
{
	int status = 0;
	long pid = fork();

	if (pid == 0) {
		fn();
		exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	*core = WCOREDUMP(status) != 0;
	return WIFSIGNALED(status) ? WTERMSIG(status) : -1;
}

static void expect(void (*fn)(void), int sig, const char *what)
{
	int core = 0;
	int got = death_signal(fn, &core);

	if (got != sig)
		ktap_diag("%s: died of signal %d, expected %d", what, got, sig);
	if (core)
		ktap_diag("%s: the wait status says core dumped", what);
	ktap_ok(got == sig && !core, "%s", what);
}

int main(void)
{
	struct rlimit core_limit = { 1, 1 };

	ktap_plan(PLAN);
	ktap_ok(syscall2(NR_ugetrlimit, RLIMIT_CORE, &core_limit) == 0 &&
		core_limit.rlim_cur == 0,
		"RLIMIT_CORE's soft limit is 0: no core files");
	expect(null_read, SIGSEGV, "NULL read is SIGSEGV");
	expect(kernel_write, SIGSEGV, "write to a kernel address is SIGSEGV");
	expect(text_write, SIGSEGV, "write to read-only text is SIGSEGV");
	expect(hole_write, SIGSEGV, "write to an unmapped hole is SIGSEGV");
	expect(privileged, SIGSEGV, "cli in user mode is SIGSEGV");
	expect(port_io, SIGSEGV, "port I/O in user mode is SIGSEGV");
	expect(bad_int, SIGSEGV, "int $0x81 (DPL 0 gate) is SIGSEGV");
	expect(undefined, SIGILL, "ud2 is SIGILL");
	expect(divide, SIGFPE, "division by zero is SIGFPE");
	expect(breakpoint, SIGTRAP, "int3 is SIGTRAP");
	return ktap_done();
}
