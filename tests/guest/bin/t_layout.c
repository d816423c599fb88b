// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_layout.c - a process for the book to look at (Chapter 5's figures and
 * copy-on-write transcript). Booted as process 1 (init=/bin/t_layout), it
 * gives each part of a process's address space something to show, and
 * stops at checkpoints where the Bochs debugger reads its regions, its
 * page tables and its region tree from outside:
 *
 *  1. "vma": text, data, bss, a heap grown by brk, an anonymous mapping at
 *     TASK_UNMAPPED_BASE (pages written, read, untouched), the stack;
 *  2. "vma_cow": in the child just after fork -- every private page
 *     shared, read-only in both processes;
 *  3. "vma": in the child after it wrote two pages of the mapping -- those
 *     two split off, the rest still shared;
 *  4. "vma_tree" (several): the parent adds one-page regions separated by
 *     holes, so that none merges, and the region tree grows.
 *
 * The names "vma" and "vma_cow" are those of tools/oracle_vma.py, which
 * checks the page tables against the regions when the test runner meets
 * them. Then it prints KTAP and powers the machine off.
 */
#include <ulib.h>

#define P	4096UL
#define TREE_STEPS	4

/* Data and bss of their own, so that the figures have pages to show. */
static int data_word = 42;
static char bss_pages[2 * P];

static volatile int *at(unsigned long addr)
{
	return (volatile int *)addr;
}

/*
 * The child: it shares every page with the parent until it writes. It
 * writes the first page of the mapping (a copy) and its third page (the
 * zero page's replacement), nothing else, then exits.
 */
static int child(unsigned long map)
{
	int before = *at(map);

	vmm386_checkpoint("vma_cow");
	*at(map) = 2;			/* copy-on-write: a copy */
	*at(map + 2 * P) = 3;		/* the zero page: a fresh page */
	vmm386_checkpoint("vma");
	return before == 1 && *at(map + P) == 11 ? 0 : 1;
}

int main(void)
{
	char *heap = sys_brk(0);
	unsigned long map, hole;
	int status = -1, ok_tree = 1;
	long pid;

	ktap_plan(4);
	sys_brk(heap + 3 * P);
	heap[0] = heap[2 * P] = 1;	/* two of the heap's three pages */
	bss_pages[0] = (char)data_word;
	map = (unsigned long)mmap(0, 4 * P, PROT_READ | PROT_WRITE,
				  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	*at(map) = 1;			/* written */
	*at(map + P) = 11;		/* written */
	(void)*at(map + 2 * P);		/* read: the zero page */
	vmm386_checkpoint("vma");	/* the whole layout */
	pid = fork();
	if (pid == 0)
		exit(child(map));
	ktap_ok(pid > 0 && waitpid(pid, &status, 0) == pid && status == 0,
		"the child saw the parent's pages and wrote its own copies");
	ktap_ok(*at(map) == 1 && *at(map + 2 * P) == 0,
		"the child's writes did not reach the parent");
	/* One-page regions with a page of hole between them: none merges. */
	hole = map + 8 * P;
	for (int step = 0, n = 0; step < TREE_STEPS; step++) {
		for (; n < (2 << step) - 1; n++) {
			unsigned long want = hole + 2 * n * P;

			ok_tree &= (unsigned long)mmap((void *)want, P, PROT_READ,
						       MAP_PRIVATE | MAP_ANONYMOUS,
						       -1, 0) == want;
		}
		vmm386_checkpoint("vma_tree");
	}
	ktap_ok(ok_tree, "one-page regions placed where asked, in holes");
	ktap_ok(heap[P] == 0 && bss_pages[P] == 0, "untouched pages read zero");
	status = ktap_done();
	if (getpid() == 1)
		reboot_power_off();
	return status;
}
