// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_proc.c - /proc in Linux's formats: meminfo, the process's maps,
 * status, stat and cmdline, its parent's directory, and the listing.
 */
#include <ulib.h>

#define PLAN	12

static char text[4096];

/* Read the whole of @path into text; its length or -errno. */
static long slurp(const char *path)
{
	return read_file(path, text, sizeof(text));
}

/* Does text contain @s? */
static int has(const char *s)
{
	size_t n = strlen(s);

	for (const char *p = text; *p; p++)
		if (!strncmp(p, s, n))
			return 1;
	return 0;
}

/* Does a maps line start at @addr with permissions @perms and end in @tail? */
static int maps_line(unsigned long addr, const char *perms, const char *tail)
{
	char head[32];

	snprintf(head, sizeof(head), "%08lx-", addr);
	for (char *line = text; *line;) {
		char *end = strchr(line, '\n');

		if (!end)
			break;
		*end = 0;
		if (!strncmp(line, head, 9) && !strncmp(line + 18, perms, 4) &&
		    (!*tail || !strcmp(end - strlen(tail), tail))) {
			*end = '\n';
			return 1;
		}
		*end = '\n';
		line = end + 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	char want[64];
	char *heap = sys_brk(0);

	ktap_plan(PLAN);
	sys_brk(heap + 8192);
	heap[0] = 1;
	ktap_check(slurp("/proc/meminfo") > 0 && has("MemTotal:") &&
		   has("MemFree:"), "/proc/meminfo has MemTotal and MemFree");
	ktap_check(slurp("/proc/self/maps") > 0 &&
		   maps_line(0x08049000, "r-xp", ""),
		   "maps shows the program text r-xp at 0x08049000");
	ktap_check(has("rw-p") && has(" [stack]\n") && has(" [heap]\n"),
		   "maps shows the heap and the stack");
	snprintf(want, sizeof(want), "Pid:\t%ld\n", getpid());
	ktap_check(slurp("/proc/self/status") > 0 && has("Name:\tt_proc\n") &&
		   has(want), "status names the process and its pid");
	ktap_check(has("VmSize:") && has("VmRSS:") && has("VmStk:") &&
		   has("VmExe:") && has("VmLck:") && has("VmData:"),
		   "status has the Vm lines");
	snprintf(want, sizeof(want), "%ld (t_proc) R %ld ", getpid(), getppid());
	ktap_check(slurp("/proc/self/stat") > 0 && !strncmp(text, want, strlen(want)),
		   "stat starts with pid (comm) state ppid");
	ktap_check(slurp("/proc/self/cmdline") == (long)strlen(argv[0]) + 1 &&
		   !strcmp(text, argv[0]), "cmdline is argv, NUL-terminated");
	snprintf(want, sizeof(want), "/proc/%ld/status", getppid());
	ktap_check(slurp(want) > 0 && has("Name:\tinit\n"),
		   "the parent's status names init");
	snprintf(want, sizeof(want), "/proc/%ld/cmdline", getppid());
	ktap_check(slurp(want) >= 10 && !strcmp(text, "/bin/init"),
		   "another process's cmdline is read from its memory");
	ktap_eq(slurp("/proc/99999/status"), -ENOENT, "a missing pid is ENOENT");
	ktap_eq(syscall3(5, "/proc/meminfo", 1, 0), -30,
		"opening /proc/meminfo for writing is EROFS");
	ktap_check(slurp("/proc/self/status") > 0 && slurp("/proc/1/stat") > 0 &&
		   !strncmp(text, "1 (init) ", 9), "/proc/1/stat is init's");
	return ktap_done();
}
