// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_process.c - processes: fork, execve, exit and wait, with Linux's
 * status encoding and errno values.
 */
#include <ulib.h>

#define PLAN	22

static int global = 42;

/* Fork a child that runs @fn and exits with its result; its wait status. */
static int run_child(int (*fn)(void))
{
	int status = -1;
	long pid = fork();

	if (pid == 0)
		exit(fn());
	if (pid < 0)
		return pid;
	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return status;
}

static int child_writes_global(void)
{
	global = 7;
	return global == 7 ? 3 : 4;
}

static int __attribute__((noreturn)) child_sleeps(void)
{
	for (;;)
		sched_yield();
}

static void test_fork_wait(void)
{
	int status = -1;
	long pid, me = getpid();

	pid = fork();
	if (pid == 0)
		exit(getppid() == me ? 5 : 6);
	ktap_check(pid > me, "fork returns the child's pid to the parent");
	ktap_eq(waitpid(pid, &status, 0), pid, "waitpid returns the child's pid");
	ktap_check(WIFEXITED(status), "the child exited normally");
	ktap_eq(WEXITSTATUS(status), 5,
		"the child saw fork return 0 and its parent's pid");
	ktap_eq(status, 5 << 8, "status is (code & 0xff) << 8");
	ktap_eq(waitpid(pid, &status, 0), -ECHILD, "a reaped child is gone: ECHILD");
	ktap_eq(waitpid(-1, &status, 0), -ECHILD, "no children at all: ECHILD");
	ktap_eq(WEXITSTATUS(run_child(child_writes_global)), 3,
		"the child wrote its copy of a global");
	ktap_eq(global, 42, "the parent's copy is unchanged");
	ktap_eq(waitpid(-1, &status, 99), -EINVAL, "unknown wait options: EINVAL");
}

static void test_nohang_and_kill(void)
{
	int status = -1;
	long pid = fork();

	if (pid == 0)
		child_sleeps();
	ktap_eq(waitpid(pid, &status, WNOHANG), 0,
		"WNOHANG with a live child returns 0");
	ktap_eq(kill(pid, SIGKILL), 0, "kill(child, SIGKILL)");
	ktap_eq(waitpid(pid, &status, 0), pid, "the killed child is reaped");
	ktap_check(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL &&
		   !WCOREDUMP(status), "its status says SIGKILL, no core");
	ktap_eq(kill(pid, 0), -ESRCH, "a reaped pid no longer exists");
	ktap_eq(kill(getpid(), 0), 0, "signal 0 checks that a process exists");
}

static void test_exec(void)
{
	char *argv[] = { "/bin/t_execargs", "one", "two", NULL };
	char *envp[] = { "ALPHA=1", "BETA=two", NULL };
	long pid;
	int status = -1;

	ktap_eq(execve("/bin/no-such-program", argv, envp), -ENOENT,
		"execve of a missing file is ENOENT");
	ktap_eq(execve("/README", argv, envp), -ENOEXEC,
		"execve of a text file is ENOEXEC");
	ktap_eq(execve(NULL, argv, envp), -EFAULT, "execve(NULL path) is EFAULT");
	ktap_eq(execve("/bin/t_execargs", (char **)0x30000000, envp), -EFAULT,
		"execve with a bad argv is EFAULT");
	pid = fork();
	if (pid == 0) {
		execve(argv[0], argv, envp);
		exit(99);
	}
	waitpid(pid, &status, 0);
	ktap_eq(status, 0, "a program run by execve sees its argv, envp and auxv");
}

/*
 * Fork until the kernel refuses, then kill and reap every child: exit 0
 * if the refusal was EAGAIN and every child was reaped.
 */
static int fork_bomb(void)
{
	static long pids[256];
	long n = 0, err = 0;
	int reaped = 0, status;

	while (n < 256) {
		long pid = fork();

		if (pid == 0)
			child_sleeps();
		if (pid < 0) {
			err = pid;
			break;
		}
		pids[n++] = pid;
	}
	for (long i = 0; i < n; i++)
		kill(pids[i], SIGKILL);
	for (long i = 0; i < n; i++)
		reaped += waitpid(pids[i], &status, 0) == pids[i];
	if (err != -EAGAIN)
		return 1;
	return reaped == n ? 0 : 2;
}

static void test_limits(void)
{
	int status = run_child(fork_bomb);

	ktap_eq(status, 0, "a fork bomb stops at the process limit with EAGAIN");
}

int main(void)
{
	ktap_plan(PLAN);
	test_fork_wait();
	test_nohang_and_kill();
	test_exec();
	test_limits();
	return ktap_done();
}
