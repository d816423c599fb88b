// SPDX-License-Identifier: GPL-2.0-only
/*
 * memhog - hold N MiB of touched anonymous memory until a signal ends it
 * (make run: `memhog 8 &`, then `free` or `grep MemFree /proc/meminfo`,
 * then `kill %1`).
 *
 * The program maps N MiB (8 without an argument) of private anonymous
 * memory, writes one byte to each page so that every page fault gives it
 * a frame of its own, says so, and waits in pause() until a signal kills
 * it. Meanwhile MemFree is about N MiB lower; once it has exited, its
 * pages are back on the free lists. The scripted shell session of the
 * tests (tests/targets.py, SHELL_SESSION) watches exactly that.
 */
#include <ulib.h>

#define PROT_READ	1
#define PROT_WRITE	2
#define MAP_PRIVATE	2
#define MAP_ANONYMOUS	0x20
#define PAGE_SIZE	4096
#define NR_PAUSE	29

/* The MiB to hold: the argument as a decimal number, 8 without one. */
static unsigned long megabytes(int argc, char **argv)
{
	unsigned long n = 0;

	if (argc < 2)
		return 8;
	for (const char *p = argv[1]; *p >= '0' && *p <= '9'; p++)
		n = n * 10 + (unsigned long)(*p - '0');
	return n;
}

int main(int argc, char **argv)
{
	unsigned long mb = megabytes(argc, argv), len = mb << 20;
	char *mem;

	if (mb == 0 || mb > 1024) {
		printf("usage: memhog [MiB]   (1 to 1024; 8 by default)\n");
		return 2;
	}
	mem = mmap(NULL, len, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if ((long)mem < 0 && (long)mem > -4096) {
		printf("memhog: mmap of %lu MiB: error %ld\n", mb, (long)mem);
		return 1;
	}
	for (unsigned long off = 0; off < len; off += PAGE_SIZE)
		mem[off] = 1;
	printf("memhog: %lu MiB mapped and touched; waiting for a signal\n",
	       mb);
	for (;;)
		syscall0(NR_PAUSE);
}
