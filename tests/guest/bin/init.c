// SPDX-License-Identifier: GPL-2.0-only
/*
 * init.c - the user-space test runner, run as process 1 (init=/bin/init).
 *
 * It forks and execs each test program of the list below (or those named
 * on its command line), each with KTAP_INDENT and KTAP_NAME in its
 * environment so that its KTAP prints as an indented subtest, waits for
 * it, and reports one result per program: ok when it exited with status
 * 0, skipped when it exited with 77 (it lacks what it tests: automake's
 * convention). Around each program it reads the kernel's leak counters (free pages,
 * tasks, slab objects ...; vmm386's system call 1001) and fails a program
 * that did not give back what it took. A program's arguments follow its
 * name, after spaces in the list below or after colons on the kernel
 * command line (init=/bin/init t_random:7:100000); names given there
 * replace the list, or with a '+' (+t_random:2:20000) follow it. Then it
 * powers the machine off with reboot(), as a test run must end. The
 * argument "all" runs the default list, as if nothing were named.
 *
 * The same file is process 1 of the reference boot on Debian's Linux
 * kernel (tools/linuxref.py), where it first makes the machine look like
 * vmm386's: see prepare_reference().
 */
#include <ulib.h>

static const char *const default_tests[] = {
	"t_syscall", "t_process", "t_fault", "t_files", "t_pipe",
	"t_signal", "t_proc", "t_mmap", "t_filemap", "t_tty", "t_time",
	"t_pgrp", "t_poll", "t_restart", "t_sigframe", "t_stop", "t_tls",
	"t_random 1 3000", "t_badptr", "t_exhaust", NULL,
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

#define TIOCSCTTY	0x540E

/*
 * Linux only: a new session whose controlling terminal is the serial
 * port (the console's device, where the reference harness types t_tty's
 * input), on descriptors 0, 1 and 2. Left as it is if that fails.
 */
static void take_serial_terminal(void)
{
	long fd;

	syscall0(66);				/* setsid() */
	fd = syscall3(5, "/dev/ttyS0", 2, 0);	/* O_RDWR */
	if (fd < 0)
		return;
	if (ioctl(fd, TIOCSCTTY, 0) == 0)
		for (int i = 0; i < 3; i++)
			dup2(fd, i);
	if (fd > 2)
		close(fd);
}

/*
 * On a real Linux kernel the runner is process 1 of a bare initramfs:
 * nothing has mounted /proc, and root's fork() is limited by memory
 * only, so t_process's fork bomb would fill the machine with 256
 * spinning children. Mount /proc, and a tmpfs at /tmp as vmm386 has
 * one; give the user programs a task limit like vmm386's PID_MAX_TASKS
 * (64) through kernel.threads-max, counting the tasks that exist now
 * (Linux's kernel threads; the total is the fourth field of
 * /proc/loadavg). Give the programs a controlling terminal, as
 * vmm386's console is one (t_tty's ^C, t_pgrp's foreground group): on
 * Linux /dev/console never becomes one, so start a session and take the
 * serial port itself, /dev/ttyS0, as standard input, output and error.
 * On vmm386 /proc is there and has no sys/ directory: nothing is done.
 */
static void prepare_reference(void)
{
	char buf[64], *slash;
	long fd, tasks;

	if (read_file("/proc/self/stat", buf, sizeof(buf)) < 0)
		syscall4(21, "proc", "/proc", "proc", 0);
	fd = syscall3(5, "/proc/sys/kernel/threads-max", 1, 0);
	if (fd < 0)
		return;
	syscall4(21, "tmpfs", "/tmp", "tmpfs", 0);
	if (read_file("/proc/loadavg", buf, sizeof(buf)) > 0 &&
	    (slash = strchr(buf, '/'))) {
		tasks = 0;
		for (char *p = slash + 1; *p >= '0' && *p <= '9'; p++)
			tasks = tasks * 10 + *p - '0';
		snprintf(buf, sizeof(buf), "%ld\n", tasks + 64);
		write(fd, buf, strlen(buf));
	}
	close(fd);
	take_serial_terminal();
}

#define MAX_ARGS	8

/* True for the characters that separate a program's arguments. */
static bool is_separator(char c)
{
	return c == ' ' || c == ':';
}

/* The first separator in @s, or NULL. */
static char *next_separator(char *s)
{
	for (; *s; s++)
		if (is_separator(*s))
			return s;
	return NULL;
}

/*
 * Split @spec ("prog arg ..." or, from the kernel command line where
 * spaces separate init's own arguments, "prog:arg:...") into @argv with
 * "/bin/prog" first, in the buffers given; the program's name goes to
 * @prog.
 */
static void split_spec(const char *spec, char *path, size_t path_size,
		       char *args, size_t args_size, char **argv,
		       char *prog, size_t prog_size)
{
	int n = 1;
	char *p;

	snprintf(args, args_size, "%s", spec);
	p = next_separator(args);
	if (p)
		*p++ = 0;
	snprintf(prog, prog_size, "%s", args);
	snprintf(path, path_size, "/bin/%s", args);
	argv[0] = path;
	while (p && *p && n < MAX_ARGS - 1) {
		argv[n++] = p;
		p = next_separator(p);
		if (p)
			*p++ = 0;
	}
	argv[n] = NULL;
}

/*
 * Run one program as a subtest; its exit status (or -errno). @spec is
 * the program's name, followed by its arguments if it takes any.
 */
static int run_one(const char *spec)
{
	char path[64], name[80], args[128], prog[48];
	char *argv[MAX_ARGS];
	char *envp[] = { "KTAP_INDENT=    ", name, "HOME=/", NULL };
	int status = 0;
	long pid;

	split_spec(spec, path, sizeof(path), args, sizeof(args), argv,
		   prog, sizeof(prog));
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

/* The program's name at the start of @spec, copied to @buf. */
static const char *program_name(const char *spec, char *buf, size_t size)
{
	size_t n = 0;

	while (spec[n] && !is_separator(spec[n]) && n + 1 < size) {
		buf[n] = spec[n];
		n++;
	}
	buf[n] = 0;
	return buf;
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
	int n, failed = 0, skipped = 0;
	char name[48];

	prepare_reference();
	n = list_tests(argc, argv, tests);
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
			printf("ok %d %s # SKIP\n", i + 1,
			       program_name(tests[i], name, sizeof(name)));
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
		printf("%s %d %s\n", ok ? "ok" : "not ok", i + 1,
		       program_name(tests[i], name, sizeof(name)));
		failed += !ok;
	}
	printf("# Totals: pass:%d fail:%d skip:%d total:%d\n",
	       n - failed - skipped, failed, skipped, n);
	reboot_power_off();
	return failed != 0;
}
