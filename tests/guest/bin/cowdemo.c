// SPDX-License-Identifier: GPL-2.0-only
/*
 * cowdemo - watch copy-on-write happen (make run: type `cowdemo`).
 *
 * The program maps 64 pages of anonymous memory, touches them, forks, and
 * lets the child write them, printing at each step its /proc/self/maps
 * line for the region and the free memory /proc/meminfo reports, with its
 * change since the step before (page tables and the stack move it by a
 * few kB too). Mapping
 * costs nothing (the pages are not there yet); touching allocates 64
 * pages; fork() copies no page (parent and child share them, read-only in
 * both page tables); the child's writes fault and copy each page, so
 * MemFree drops again by about 64 pages (256 kB); when the child exits
 * its copies are freed. An argument changes the number of pages.
 */
#include <ulib.h>

#define PROT_READ	1
#define PROT_WRITE	2
#define MAP_PRIVATE	2
#define MAP_ANONYMOUS	0x20

static char text[8192];

/* Read the whole of @path into text; its length or -errno. */
static long slurp(const char *path)
{
	return read_file(path, text, sizeof(text));
}

/* The number after "@key" in text, or -1. */
static long number_after(const char *key)
{
	size_t n = strlen(key);

	for (const char *p = text; *p; p++) {
		long v = 0;

		if (strncmp(p, key, n))
			continue;
		for (p += n; *p == ' '; p++)
			;
		while (*p >= '0' && *p <= '9')
			v = v * 10 + (*p++ - '0');
		return v;
	}
	return -1;
}

/* MemFree from /proc/meminfo, in kB. */
static long mem_free(void)
{
	if (slurp("/proc/meminfo") < 0)
		return -1;
	return number_after("MemFree:");
}

/* Print the /proc/self/maps line of the region at @addr. */
static void show_region(const char *who, unsigned long addr)
{
	char head[16];

	snprintf(head, sizeof(head), "%08lx-", addr);
	if (slurp("/proc/self/maps") < 0)
		return;
	for (char *line = text; *line; ) {
		char *end = strchr(line, '\n');

		if (end)
			*end = 0;
		if (!strncmp(line, head, strlen(head)))
			printf("  %-7s maps: %s\n", who, line);
		if (!end)
			break;
		line = end + 1;
	}
}

/*
 * Print step @what of @who: MemFree and its change since @before (the
 * previous step's figure), then the region's maps line.
 */
static long step(const char *who, const char *what, unsigned long addr,
		 long before)
{
	long now = mem_free(), diff = now - before;

	printf("%-7s %-36s MemFree %6ld kB (%c%ld kB)\n", who, what, now,
	       diff < 0 ? '-' : '+', diff < 0 ? -diff : diff);
	show_region(who, addr);
	return now;
}

int main(int argc, char **argv)
{
	long pages = 64, free, pid;
	char *mem;
	int status;

	if (argc > 1) {
		pages = 0;
		for (const char *p = argv[1]; *p >= '0' && *p <= '9'; p++)
			pages = pages * 10 + (*p - '0');
		if (pages <= 0 || pages > 4096) {
			printf("usage: cowdemo [pages, 1-4096]\n");
			return 1;
		}
	}
	free = mem_free();
	mem = mmap(NULL, pages * 4096, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if ((long)mem < 0 && (long)mem > -4096) {
		printf("cowdemo: mmap: error %ld\n", (long)mem);
		return 1;
	}
	free = step("parent", "mapped: no page yet", (unsigned long)mem,
		    free);
	for (long i = 0; i < pages; i++)
		mem[i * 4096] = 1;
	free = step("parent", "touched every page: allocated",
		    (unsigned long)mem, free);
	pid = fork();
	if (pid == 0) {
		free = step("child", "forked: pages shared, read-only",
			    (unsigned long)mem, free);
		for (long i = 0; i < pages; i++)
			mem[i * 4096] = 2;
		step("child", "wrote every page: each one copied",
		     (unsigned long)mem, free);
		exit(0);
	}
	if (pid < 0) {
		printf("cowdemo: fork: error %ld\n", pid);
		return 1;
	}
	waitpid(pid, &status, 0);
	/* free is still the figure before fork(): the child's were its own */
	free = step("parent", "child exited: back to before fork()",
		    (unsigned long)mem, free);
	printf("parent  still reads its own value: %d (the child wrote 2)\n",
	       mem[0]);
	munmap(mem, pages * 4096);
	step("parent", "unmapped: the parent's pages freed",
	     (unsigned long)mem, free);
	return 0;
}
