// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_exhaust.c - running out, and staying apart: a mapping larger than the
 * address space and the map-count limit are -ENOMEM; unbounded recursion
 * ends in SIGSEGV at the stack limit; a fork bomb ends in -EAGAIN (vmm386
 * only: Linux does not limit root's processes); a process that touches
 * memory until none is left is killed (SIGKILL, "VM: killing process" in
 * the log) while another lives on, and every page comes back (the runner's
 * leak counters); a new anonymous page reads zero right after another
 * process freed pages full of data; and user mode cannot halt, load CR3
 * or the GDT, or load the kernel's data segment.
 */
#include <ulib.h>

#define PLAN		13
#define P		4096UL
#define PROT_NONE	0
#define MAX_MAPS	70000

static long mmap2(unsigned long addr, unsigned long len, long prot,
		  long flags, long fd, long pgoff)
{
	return syscall6(192, addr, len, prot, flags, fd, pgoff);
}

static long anon(unsigned long len, long prot)
{
	return mmap2(0, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static bool on_vmm386(void)
{
	return syscall2(1001, NULL, 0) != -ENOSYS;
}

/* Run @fn in a child; its wait status. */
static int in_child(void (*fn)(void))
{
	int status = -1;
	long pid = fork();

	if (pid == 0) {
		fn();
		exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

static bool killed_by(int status, int sig)
{
	return status >= 0 && WIFSIGNALED(status) && WTERMSIG(status) == sig;
}

/* ---- address space limits --------------------------------------------------- */

static void too_large(void)
{
	ktap_ok(anon(0xC0001000UL, PROT_READ) == -ENOMEM &&
		anon(0xFFFFF001UL, PROT_READ) == -ENOMEM &&
		anon(0xBFF00000UL, PROT_READ) == -ENOMEM,
		"a mapping larger than the address space (or with no room "
		"for it) is ENOMEM");
}

static unsigned long maps[MAX_MAPS];

/*
 * Map single pages, alternating protections so that no two merge, until
 * the kernel says no; then a munmap that must split a region also fails.
 */
static void map_count_limit(void)
{
	long three = anon(3 * P, PROT_READ), last = 0;
	int n = 0;

	while (n < MAX_MAPS) {
		last = anon(P, n % 2 ? PROT_READ : PROT_NONE);
		if (last < 0 && last > -4096)
			break;
		maps[n++] = last;
	}
	ktap_ok(n > 0 && n < MAX_MAPS && last == -ENOMEM,
		"mapping until the map-count limit ends in ENOMEM");
	ktap_eq(munmap((void *)(three + P), P), -ENOMEM,
		"at the limit, a munmap that splits a region is ENOMEM");
	while (n--)
		munmap((void *)maps[n], P);
	munmap((void *)three, 3 * P);
}

static volatile int depth_reached, keep_going = 1;

/* Recurse while keep_going, which nothing clears: until the stack ends. */
static int recurse(int depth)
{
	volatile char frame[1024];

	frame[0] = (char)depth;
	depth_reached = depth;
	if (!keep_going)
		return frame[0];
	return recurse(depth + 1) + frame[0];
}

static void run_away(void)
{
	recurse(0);
}

static void stack_limit(void)
{
	ktap_ok(killed_by(in_child(run_away), SIGSEGV),
		"unbounded recursion ends in SIGSEGV at the stack limit");
}

/* ---- processes and memory ------------------------------------------------------ */

#define MAX_BOMB	200

/*
 * Fork blocked children until fork() fails. vmm386 stops at its 64
 * tasks; on Linux the runner (init) has set kernel.threads-max to 64
 * more than the tasks it found, a limit that binds root too.
 */
static void fork_bomb(void)
{
	long pids[MAX_BOMB], pid = 0;
	int fds[2], n = 0;
	char c;

	syscall1(42, fds);
	while (n < MAX_BOMB) {
		pid = fork();
		if (pid == 0) {
			close(fds[1]);
			read(fds[0], &c, 1);	/* until the parent closes */
			exit(0);
		}
		if (pid < 0)
			break;
		pids[n++] = pid;
	}
	close(fds[0]);
	close(fds[1]);
	for (int i = 0; i < n; i++)
		waitpid(pids[i], NULL, 0);
	ktap_ok(pid == -EAGAIN && n > 0, "a fork bomb ends in EAGAIN");
	pid = fork();
	if (pid == 0)
		exit(0);
	ktap_ok(pid > 0 && waitpid(pid, NULL, 0) == pid,
		"and fork works again once its children are gone");
}

/* The machine's memory in KiB, from /proc/meminfo; 0 if unknown. */
static unsigned long mem_total_kb(void)
{
	char buf[1024];
	long fd = syscall3(5, "/proc/meminfo", 0, 0), n;
	unsigned long kb = 0;
	const char *p = NULL;

	if (fd < 0)
		return 0;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	buf[n] = 0;
	for (long i = 0; i + 9 <= n && !p; i++)
		if (!strncmp(buf + i, "MemTotal:", 9))
			p = buf + i + 9;
	while (p && *p && (*p < '0' || *p > '9'))
		p++;
	while (p && *p >= '0' && *p <= '9')
		kb = kb * 10 + (*p++ - '0');
	return kb;
}

/* Map and touch a MiB at a time, for ever: the kernel must kill it. */
static void hog(void)
{
	for (;;) {
		long a = anon(1 << 20, PROT_READ | PROT_WRITE);

		if (a < 0 && a > -4096)
			exit(2);	/* refused, not killed */
		for (unsigned long off = 0; off < (1 << 20); off += P)
			*(volatile char *)(a + off) = 1;
	}
}

static void out_of_memory(void)
{
	unsigned long kb = mem_total_kb();
	int fds[2], status = -1;
	long bystander;
	char c;

	if (!kb || kb > 160 * 1024) {
		ktap_skip("more than 160 MiB: too slow under Bochs",
			  "the process that exhausts memory is killed");
		ktap_skip("more than 160 MiB", "and another process lives on");
		return;
	}
	syscall1(42, fds);
	bystander = fork();
	if (bystander == 0) {
		close(fds[1]);
		exit(read(fds[0], &c, 1) == 0 ? 0 : 3);
	}
	ktap_ok(killed_by(in_child(hog), SIGKILL),
		"the process that exhausts memory is killed (SIGKILL)");
	close(fds[0]);
	close(fds[1]);
	waitpid(bystander, &status, 0);
	ktap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		"and another process lives on");
}

#define DIRTY_PAGES	256

static void dirty_and_exit(void)
{
	long a = anon(DIRTY_PAGES * P, PROT_READ | PROT_WRITE);

	memset((void *)a, 0x5a, DIRTY_PAGES * P);
}

/* Pages another process just freed come back as zeroes. */
static void fresh_pages_are_zero(void)
{
	long a;
	bool zero = true;

	in_child(dirty_and_exit);
	a = anon(DIRTY_PAGES * P, PROT_READ | PROT_WRITE);
	for (unsigned long pg = 0; pg < DIRTY_PAGES; pg++) {
		const unsigned char *b = (const unsigned char *)(a + pg * P);

		*(volatile char *)(a + pg * P + P - 1) = 0;	/* a new page */
		for (unsigned long i = 0; i < P && zero; i++)
			zero = b[i] == 0;
	}
	munmap((void *)a, DIRTY_PAGES * P);
	ktap_ok(zero, "new anonymous pages read zero right after another "
		"process freed pages of data");
}

/* ---- privilege -------------------------------------------------------------------- */

static void halt(void) { asm volatile("hlt"); }
static void load_cr3(void) { asm volatile("movl %0, %%cr3" : : "r"(0)); }

static void load_gdt(void)
{
	static const struct { uint16_t limit; uint32_t base; }
		__attribute__((packed)) gdt = { 7, 0 };

	asm volatile("lgdt %0" : : "m"(gdt));
}

/* The kernel's data selector: vmm386's __KERNEL_DS, or Linux's. */
static void load_kernel_ds(void)
{
	uint16_t sel = on_vmm386() ? 0x18 : 0x68;

	asm volatile("movw %0, %%ds" : : "r"(sel));
}

static void privilege(void)
{
	ktap_ok(killed_by(in_child(halt), SIGSEGV), "hlt in user mode is SIGSEGV");
	ktap_ok(killed_by(in_child(load_cr3), SIGSEGV),
		"loading CR3 in user mode is SIGSEGV");
	ktap_ok(killed_by(in_child(load_gdt), SIGSEGV),
		"lgdt in user mode is SIGSEGV");
	ktap_ok(killed_by(in_child(load_kernel_ds), SIGSEGV),
		"loading the kernel's data segment is SIGSEGV");
}

int main(void)
{
	ktap_plan(PLAN);
	too_large();
	map_count_limit();
	stack_limit();
	fork_bomb();
	out_of_memory();
	fresh_pages_are_zero();
	privilege();
	return ktap_done();
}
