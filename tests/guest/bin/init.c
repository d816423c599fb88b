// SPDX-License-Identifier: GPL-2.0-only
/*
 * init.c - the user-space test runner, run as process 1 (init=/bin/init).
 *
 * It forks and execs each test program of the list below (or those named
 * on its command line: "all" runs them all, "+name" adds one to them),
 * each with KTAP_INDENT and KTAP_NAME in its environment so that its KTAP
 * prints as an indented subtest, waits for it, and reports one result per
 * program: ok when it exited with status 0, skipped when it exited with
 * 77 (it lacks what it tests: automake's convention). Around each program
 * it reads the kernel's leak counters (free pages, tasks, slab objects
 * ...; vmm386's system call 1001) and fails a program that did not give
 * back what it took. Then it powers the machine off with reboot(), as a
 * test run must end.
 */
#include <ulib.h>

static const char *const default_tests[] = {
	"t_syscall", "t_process", "t_fault", "t_files", "t_pipe",
	"t_signal", "t_proc", "t_mmap", "t_restart", "t_sigframe", "t_tls",
	"t_filemap", NULL,
};

#define MAX_COUNTERS	16
#define MAX_TESTS	32
#define EXIT_SKIP	77

struct leak_counter_value {
	char name[24];
	unsigned long value;
};

static long read_counters(struct leak_counter_value *c)
{
	return syscall2(1001, c, MAX_COUNTERS);
}

/* Compare counters before and after; report and count differences. */
static int leaks(const char *prog, const struct leak_counter_value *before,
		 const struct leak_counter_value *after, long n)
{
	int bad = 0;

	for (long i = 0; i < n; i++) {
		if (before[i].value == after[i].value)
			continue;
		printf("    # %s: leak: %s %lu -> %lu\n", prog, before[i].name,
		       before[i].value, after[i].value);
		bad++;
	}
	return bad;
}

/* Run one program as a subtest; its exit status (or -errno). */
static int run_one(const char *prog)
{
	char path[64], name[80];
	char *argv[] = { path, NULL };
	char *envp[] = { "KTAP_INDENT=    ", name, "HOME=/", NULL };
	int status = 0;
	long pid;

	snprintf(path, sizeof(path), "/bin/%s", prog);
	snprintf(name, sizeof(name), "KTAP_NAME=%s", prog);
	pid = fork();
	if (pid == 0) {
		long err = execve(path, argv, envp);

		printf("    KTAP version 1\n    # Subtest: %s\n    1..1\n"
		       "    not ok 1 execve %s: error %ld\n", prog, path, err);
		exit(127);
	}
	if (pid < 0) {
		printf("    # fork failed: %ld\n", pid);
		return (int)pid;
	}
	if (waitpid(pid, &status, 0) != pid)
		return -ECHILD;
	return status;
}

/* True if @arg names a program to run instead of the default list. */
static bool replaces_defaults(const char *arg)
{
	return arg[0] != '+' && strcmp(arg, "all");
}

/*
 * The programs to run into @tests: the default list, or the arguments if
 * any is a plain name; "+name" arguments are added to the default list,
 * "all" asks for it explicitly. Returns how many.
 */
static int list_tests(int argc, char **argv, const char **tests)
{
	int n = 0;
	bool plain = false;

	for (int i = 1; i < argc; i++) {
		plain |= replaces_defaults(argv[i]);
		if (!strcmp(argv[i], "all"))
			printf("# runner: every program, as the command line asked\n");
	}
	for (int i = 0; !plain && default_tests[i] && n < MAX_TESTS; i++)
		tests[n++] = default_tests[i];
	for (int i = 1; i < argc && n < MAX_TESTS; i++)
		if (strcmp(argv[i], "all"))
			tests[n++] = argv[i] + (argv[i][0] == '+');
	tests[n] = NULL;
	return n;
}

int main(int argc, char **argv)
{
	const char *tests[MAX_TESTS + 1];
	struct leak_counter_value before[MAX_COUNTERS], after[MAX_COUNTERS];
	int n = list_tests(argc, argv, tests), failed = 0, skipped = 0;

	printf("KTAP version 1\n1..%d\n", n);
	for (int i = 0; i < n; i++) {
		long nc = read_counters(before);
		int status = run_one(tests[i]);
		int ok = status == 0;
		bool leaked = nc > 0 && read_counters(after) == nc &&
			      leaks(tests[i], before, after, nc);

		if (leaked)
			ok = 0;
		if (!leaked && WIFEXITED(status) &&
		    WEXITSTATUS(status) == EXIT_SKIP) {
			printf("ok %d %s # SKIP\n", i + 1, tests[i]);
			skipped++;
			continue;
		}
		if (status && WIFSIGNALED(status))
			printf("# %s: killed by signal %d%s\n", tests[i],
			       WTERMSIG(status),
			       WCOREDUMP(status) ? " (core dumped)" : "");
		else if (status)
			printf("# %s: exit status %d\n", tests[i],
			       WEXITSTATUS(status));
		printf("%s %d %s\n", ok ? "ok" : "not ok", i + 1, tests[i]);
		failed += !ok;
	}
	printf("# Totals: pass:%d fail:%d skip:%d total:%d\n",
	       n - failed - skipped, failed, skipped, n);
	reboot_power_off();
	return failed != 0;
}
