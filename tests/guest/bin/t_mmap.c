// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_mmap.c - the process address space from user mode: anonymous
 * mappings read as zeroes and keep what is written; fork shares pages
 * copy-on-write (the child's writes never reach the parent and back);
 * mprotect and munmap take effect at once (a write after them kills with
 * SIGSEGV); mremap moves a mapping with its contents; MADV_DONTNEED drops
 * pages; mincore sees which pages are in memory; brk grows a usable heap;
 * the stack grows down; and each call's bad arguments get Linux's errno.
 * Only behaviour today's Linux shares is checked, so the program runs
 * unchanged on Linux i386.
 */
#include <ulib.h>

#define PLAN	21
#define P	4096UL

#define PROT_NONE	0
#define PROT_EXEC	4
#define MAP_SHARED	1
#define MAP_FIXED	0x10
#define MREMAP_MAYMOVE	1
#define MADV_DONTNEED	4
#define MS_SYNC		4
#define MCL_CURRENT	1

static long mmap2(unsigned long addr, unsigned long len, long prot,
		  long flags, long fd, long pgoff)
{
	return syscall6(192, addr, len, prot, flags, fd, pgoff);
}

#define mprotect(a, l, p)	syscall3(125, (a), (l), (p))
#define mremap(a, o, n, f)	syscall4(163, (a), (o), (n), (f))
#define madvise(a, l, b)	syscall3(219, (a), (l), (b))
#define msync(a, l, f)		syscall3(144, (a), (l), (f))
#define mincore(a, l, v)	syscall3(218, (a), (l), (v))
#define mlock(a, l)		syscall2(150, (a), (l))
#define munlock(a, l)		syscall2(151, (a), (l))
#define mlockall(f)		syscall1(152, (f))
#define munlockall()		syscall0(153)
#define brk(a)			((unsigned long)syscall1(45, (a)))

static unsigned long anon(unsigned long len, long prot)
{
	return mmap2(0, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static volatile int *at(unsigned long addr)
{
	return (volatile int *)addr;
}

static int write_there(unsigned long addr)
{
	*at(addr) = 1;
	return 0;
}

/* The child sees the parent's value, then writes its own. */
static int child_cow(unsigned long addr)
{
	if (*at(addr) != 1234)
		return 1;
	vmm386_checkpoint("vma_cow");	/* the oracle: pages shared */
	*at(addr) = 5678;
	return *at(addr) == 5678 ? 0 : 2;
}

static int recurse(int depth)
{
	volatile char pad[4000];

	pad[0] = (char)depth;
	if (depth && recurse(depth - 1))
		return 1;
	return pad[0] != (char)depth;	/* 0 if the frame kept its byte */
}

static void zeroes_and_data(unsigned long a)
{
	int zero = 1;

	for (unsigned long off = 0; off < 4 * P; off += 512)
		zero &= *at(a + off) == 0;
	ktap_ok((a & (P - 1)) == 0 && zero,
		"anonymous mapping is page aligned and reads as zeroes");
	for (int i = 0; i < 4; i++)
		*at(a + i * P) = i + 100;
	ktap_ok(*at(a) == 100 && *at(a + 3 * P) == 103,
		"written values read back");
}

static void copy_on_write(unsigned long a)
{
	*at(a) = 1234;
	ktap_ok(run_in_child(child_cow, a) == 0,
		"child sees the parent's data and writes its own copy");
	ktap_ok(*at(a) == 1234, "the child's write did not reach the parent");
}

/*
 * For the oracle of the "vma" checkpoint (tools/oracle_vmcmds.py): the
 * kernel's own /proc/self/maps, which the debugger's `vm maps`, decoding
 * the same regions from outside, must agree with column by column. Only
 * on vmm386 (Linux has no such oracle, and no call 1001).
 */
static void show_maps_for_oracle(void)
{
	static char maps[4096];
	char *line = maps, *end;

	if (syscall2(1001, NULL, 0) == -ENOSYS ||
	    read_file("/proc/self/maps", maps, sizeof(maps)) <= 0)
		return;
	for (; (end = strchr(line, '\n')); line = end + 1) {
		*end = '\0';
		ktap_diag("maps: %s", line);
	}
}

static void protection(unsigned long a)
{
	ktap_ok(mprotect(a + P, P, PROT_READ) == 0 &&
		run_in_child(write_there, a + P) == 128 + SIGSEGV,
		"a write to a page made read-only is SIGSEGV");
	ktap_ok(mprotect(a + P, P, PROT_READ | PROT_WRITE) == 0 &&
		run_in_child(write_there, a + P) == 0,
		"and allowed again after mprotect back");
	*at(a + P) = 5;		/* writable again since the fork */
	ktap_ok(mprotect(a + P, P, PROT_READ) == 0 && *at(a + P) == 5,
		"mprotect PROT_READ keeps the page's contents");
	show_maps_for_oracle();
	vmm386_checkpoint("vma");	/* the oracle: a present read-only page */
	mprotect(a + P, P, PROT_READ | PROT_WRITE);
	ktap_ok(munmap((void *)(a + 2 * P), P) == 0 &&
		run_in_child(write_there, a + 2 * P) == 128 + SIGSEGV,
		"a write to an unmapped page is SIGSEGV");
}

static void remap_and_advice(void)
{
	unsigned long a = anon(2 * P, PROT_READ | PROT_WRITE), b;
	unsigned char vec[4] = { 9, 9, 9, 9 };

	*at(a) = 11;
	*at(a + P) = 22;
	b = mremap(a, 2 * P, 64 * P, MREMAP_MAYMOVE);
	ktap_ok(!(b & (P - 1)) && *at(b) == 11 && *at(b + P) == 22,
		"mremap grows the mapping and keeps its contents");
	ktap_ok(mincore(b, 3 * P, vec) == 0 && (vec[0] & 1) && (vec[1] & 1) &&
		!(vec[2] & 1), "mincore: touched pages resident, others not");
	ktap_ok(madvise(b, P, MADV_DONTNEED) == 0 && *at(b) == 0 &&
		*at(b + P) == 22, "MADV_DONTNEED: the page reads as zeroes again");
	ktap_ok(mlock(b, 2 * P) == 0 && munlock(b, 2 * P) == 0 &&
		msync(b, P, MS_SYNC) == 0, "mlock, munlock, msync succeed");
	munmap((void *)b, 64 * P);
}

static void heap_and_stack(void)
{
	unsigned long end = brk(0), grown;

	grown = brk(end + 3 * P);
	ktap_ok(grown == end + 3 * P, "brk grows the heap");
	*at(end + 2 * P) = 7;
	ktap_ok(*at(end + 2 * P) == 7 && brk(end) == end,
		"the heap is usable, and brk shrinks it");
	ktap_ok(recurse(40) == 0, "the stack grows down by 160 KiB");
}

static void errors(unsigned long a)
{
	ktap_ok(munmap((void *)(a + 1), P) == -EINVAL &&
		munmap((void *)a, 0) == -EINVAL,
		"munmap: unaligned address or zero length is EINVAL");
	ktap_ok(mmap2(a + 1, P, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS |
		      MAP_FIXED, -1, 0) == -EINVAL &&
		mmap2(0, P, PROT_READ, MAP_ANONYMOUS, -1, 0) == -EINVAL,
		"mmap: unaligned MAP_FIXED or no type is EINVAL");
	ktap_ok(mprotect(a + 1, P, PROT_READ) == -EINVAL &&
		mprotect(a + 2 * P, P, PROT_READ) == -ENOMEM,
		"mprotect: unaligned is EINVAL, unmapped ENOMEM");
	ktap_ok(mremap(a, P, 2 * P, 0) == -ENOMEM &&
		mremap(a, P, P, 8) == -EINVAL,
		"mremap: no room without MAYMOVE is ENOMEM, bad flags EINVAL");
	ktap_ok(madvise(a, P, 77) == -EINVAL &&
		msync(a + 1, P, MS_SYNC) == -EINVAL &&
		msync(a + 2 * P, P, MS_SYNC) == -ENOMEM &&
		mlockall(0) == -EINVAL,
		"madvise, msync, mlockall: Linux's errnos");
	ktap_ok(mincore(a + 1, P, (void *)0) == -EINVAL &&
		mincore(a, P, (void *)0xc0000000) == -EFAULT,
		"mincore: unaligned is EINVAL, a kernel buffer EFAULT");
}

int main(void)
{
	unsigned long a = anon(4 * P, PROT_READ | PROT_WRITE);

	ktap_plan(PLAN);
	zeroes_and_data(a);
	copy_on_write(a);
	protection(a);
	remap_and_advice();
	heap_and_stack();
	errors(a);
	return ktap_done();
}
