// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench_regions.c - Chapter 5's memory-region costs measured from user
 * space, in emulated instructions: each kind of page fault (anonymous
 * write, the zero page, the write after it, copy-on-write in a forked
 * child, the write-protect fault that reuses the page once the child is
 * gone), the region calls (mmap+munmap of a page, mprotect of a region,
 * a split in three and the merge back, brk by a page) and an mprotect
 * that changes nothing among 10 to 10,000 regions.
 *
 * The kernel suite bench_vma measures the same operations from a kernel
 * thread; this program measures them as a process sees them, trap and
 * system-call entry included, so that the very same file gives the
 * figures of vmm386 and of an unmodified Linux kernel in the same Bochs
 * (make bench-linux). Each figure is rdtsc around N operations divided
 * by N; under Bochs with `clock: sync=none` the counter advances by one
 * per emulated instruction. Results are KTAP diagnostics,
 *
 *     # bench: uvma.fault.anon_write 3227 insns
 *
 * Addresses are the kernel's choice (2.4 maps bottom-up, 6.1 top-down):
 * everything is placed relative to what mmap returned. Run as init, it
 * powers the machine off at the end.
 */
#include <ulib.h>

#define P		4096
#define N		256
#define RW		(PROT_READ | PROT_WRITE)
#define ANON		(MAP_PRIVATE | MAP_ANONYMOUS)
#define MAP_FIXED	0x10
#define mprotect(a, l, p)	syscall3(125, (a), (l), (p))

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

static char *map_anon(unsigned long len)
{
	return mmap(NULL, len, RW, ANON, -1, 0);
}

/* The instructions per page of touching @pages pages at @a once. */
static unsigned long per_touch(char *a, int pages, int write)
{
	unsigned long t = tsc();

	for (int i = 0; i < pages; i++) {
		volatile char *p = a + i * P;

		if (write)
			*p = 1;
		else
			(void)*p;
	}
	return (tsc() - t) / pages;
}

static void faults(void)
{
	char *a = map_anon(N * P), *b = map_anon(N * P);

	ktap_ok(a != MAP_FAILED && b != MAP_FAILED, "two regions of %d pages", N);
	ktap_diag("bench: uvma.fault.anon_write %lu insns", per_touch(a, N, 1));
	ktap_diag("bench: uvma.fault.read_zero_page %lu insns", per_touch(b, N, 0));
	ktap_diag("bench: uvma.fault.write_after_zero_page %lu insns",
		  per_touch(b, N, 1));
	munmap(a, N * P);
	munmap(b, N * P);
}

/*
 * Copy-on-write: the child writes every page it shares with its parent
 * (a copy each) and reports; once it is gone the parent writes them
 * again, and each write-protect fault finds the page no longer shared.
 */
static void copy_on_write(void)
{
	char *a = map_anon(N * P);
	int status = -1;
	long pid;

	per_touch(a, N, 1);
	pid = fork();
	if (pid == 0) {
		ktap_diag("bench: uvma.fault.cow_copy_in_child %lu insns",
			  per_touch(a, N, 1));
		exit(0);
	}
	ktap_ok(pid > 0 && waitpid(pid, &status, 0) == pid && status == 0,
		"the child wrote its copies");
	ktap_diag("bench: uvma.fault.cow_reuse %lu insns", per_touch(a, N, 1));
	munmap(a, N * P);
}

static void region_calls(void)
{
	char *a = map_anon(3 * P), *heap = (char *)sys_brk(0);
	unsigned long t, split = 0, merge = 0, bad = 0;

	t = tsc();
	for (int i = 0; i < N; i++)
		bad += munmap(map_anon(P), P) != 0;
	report("uvma.mmap_munmap_one_page", tsc() - t, N);
	t = tsc();
	for (int i = 0; i < N; i++)
		bad += mprotect(a, 3 * P, (i & 1) ? RW : PROT_READ) != 0;
	report("uvma.mprotect_whole_region", tsc() - t, N);
	for (int i = 0; i < N; i++) {
		t = tsc();
		bad += mprotect(a + P, P, PROT_READ) != 0;
		split += tsc() - t;
		t = tsc();
		bad += mprotect(a + P, P, RW) != 0;
		merge += tsc() - t;
	}
	report("uvma.mprotect_split_in_three", split, N);
	report("uvma.mprotect_merge_back", merge, N);
	t = tsc();
	for (int i = 1; i <= N; i++)
		bad += (char *)sys_brk(heap + i * P) != heap + i * P;
	report("uvma.brk_grow_one_page", tsc() - t, N);
	sys_brk(heap);
	munmap(a, 3 * P);
	ktap_ok(!bad, "mmap, munmap, mprotect and brk succeeded");
}

/*
 * An mprotect that finds its region and changes nothing, among @n
 * one-page regions separated by one-page holes (so none merge), placed
 * in a range the kernel chose: the cost of finding the region.
 */
static void noop_mprotect_among(int n)
{
	char *base = map_anon(2UL * n * P), key[48];
	unsigned long t, bad = 0;

	if (base == MAP_FAILED) {
		ktap_ok(0, "a range for %d regions", n);
		return;
	}
	munmap(base, 2UL * n * P);
	for (int i = 0; i < n; i++)
		bad += mmap(base + 2L * i * P, P, RW, ANON | MAP_FIXED, -1, 0) !=
		       base + 2L * i * P;
	t = tsc();
	for (int i = 0; i < N; i++)
		bad += mprotect(base + 2L * ((i * 7919) % n) * P, P, RW) != 0;
	snprintf(key, sizeof(key), "uvma.noop_mprotect_among_%d", n);
	report(key, tsc() - t, N);
	munmap(base, 2UL * n * P);
	ktap_ok(!bad, "%d regions mapped, %d no-op mprotects", n, N);
}

int main(void)
{
	ktap_plan(7);
	faults();
	copy_on_write();
	region_calls();
	noop_mprotect_among(10);
	noop_mprotect_among(100);
	noop_mprotect_among(1000);
	noop_mprotect_among(10000);
	if (getpid() == 1) {
		ktap_done();
		reboot_power_off();
	}
	return ktap_done();
}
