// SPDX-License-Identifier: GPL-2.0-only
/*
 * init.c - the user-space test runner, run as process 1 (init=/bin/init).
 *
 * It forks and execs each test program of the list below (or those named
 * on its command line; "all" runs them all), each with KTAP_INDENT and
 * KTAP_NAME in its environment so that its KTAP prints as an indented
 * subtest, waits for it, and reports one result per program: ok when it
 * exited with status 0. Around each program it reads the kernel's leak
 * counters (free pages, tasks, slab objects ...; vmm386's system call
 * 1001) and fails a program that did not give back what it took. Then it
 * powers the machine off with reboot(), as a test run must end.
 *
 * The same file is process 1 of the reference boot on Debian's Linux
 * kernel (tools/linuxref.py), where it first makes the machine look like
 * vmm386's: see prepare_reference().
 */
#include <ulib.h>

static const char *const default_tests[] = {
	"t_syscall", "t_process", "t_fault", "t_files", "t_pipe",
	"t_signal", "t_proc", "t_mmap", "t_filemap", "t_tty", "t_time",
	"t_pgrp", "t_poll", "t_restart", "t_sigframe", NULL,
};

#define MAX_COUNTERS	16

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

/* Read a small file into @buf (NUL-terminated); its length or -errno. */
static long read_file(const char *path, char *buf, size_t size)
{
	long fd = syscall3(5, path, 0, 0), n;

	if (fd < 0)
		return fd;
	n = read(fd, buf, size - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	return n;
}

/*
 * On a real Linux kernel the runner is process 1 of a bare initramfs:
 * nothing has mounted /proc, and root's fork() is limited by memory
 * only, so t_process's fork bomb would fill the machine with 256
 * spinning children. Mount /proc, and a tmpfs at /tmp as vmm386 has
 * one; give the user programs a task limit like vmm386's PID_MAX_TASKS
 * (64) through kernel.threads-max, counting the tasks that exist now
 * (Linux's kernel threads; the total is the fourth field of
 * /proc/loadavg). On vmm386 /proc is there and has no sys/ directory:
 * nothing is done.
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

int main(int argc, char **argv)
{
	const char *const *tests = default_tests;
	struct leak_counter_value before[MAX_COUNTERS], after[MAX_COUNTERS];
	int n = 0, failed = 0;

	prepare_reference();
	if (argc > 1 && !strcmp(argv[1], "all"))
		printf("# runner: every program, as the command line asked\n");
	else if (argc > 1)
		tests = (const char *const *)argv + 1;
	while (tests[n])
		n++;
	printf("KTAP version 1\n1..%d\n", n);
	for (int i = 0; i < n; i++) {
		long nc = read_counters(before);
		int status = run_one(tests[i]);
		int ok = status == 0;

		if (nc > 0 && read_counters(after) == nc &&
		    leaks(tests[i], before, after, nc))
			ok = 0;
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
	printf("# Totals: pass:%d fail:%d skip:0 total:%d\n", n - failed,
	       failed, n);
	reboot_power_off();
	return failed != 0;
}
