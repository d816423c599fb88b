// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_shell.c - busybox's interactive shell on the console, for the scripted
 * session of make test-ch5 (tests/targets.py, SHELL_SESSION).
 *
 * The program starts /bin/sh as make run's /sbin/init does: a login shell
 * ("-sh": /etc/profile sets the vmm386:/# prompt) in a session of its own
 * whose controlling terminal is the console, so that the shell does job
 * control and ^C signals its foreground job. The runner on the host types
 * the commands at COM1 once each prompt has appeared, and checks the
 * answers in the console's output; this program reports only how the
 * shell ended. It must come last on the runner's list: taking the console
 * for the shell's session takes it from the runner's (TIOCSCTTY with 1,
 * as root may on Linux). Without busybox (the test image, or a build that
 * could not fetch it) it exits with 77: skipped.
 */
#include <ulib.h>

#define EXIT_SKIP	77
#define TIOCSCTTY	0x540E
#define NR_SETSID	66

static char *const shell_argv[] = { "-sh", NULL };
static char *const shell_envp[] = {
	"HOME=/", "PATH=/bin:/sbin", "TERM=linux", "SHELL=/bin/sh", NULL,
};

/* In the child: a new session on the console, then the shell. */
static void exec_login_shell(void)
{
	long err = syscall0(NR_SETSID);

	if (err < 0) {
		printf("    # t_shell: setsid: error %ld\n", err);
		exit(1);
	}
	err = ioctl(0, TIOCSCTTY, (void *)1);
	if (err < 0) {
		printf("    # t_shell: TIOCSCTTY: error %ld\n", err);
		exit(1);
	}
	err = execve("/bin/sh", shell_argv, shell_envp);
	exit(err == -ENOENT ? EXIT_SKIP : 127);
}

int main(void)
{
	int status = 0;
	long pid;

	pid = fork();
	if (pid == 0)
		exec_login_shell();
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		printf("    # t_shell: fork or wait failed (%ld)\n", pid);
		return 1;
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == EXIT_SKIP) {
		printf("    # t_shell: no /bin/sh here (busybox not fetched)\n");
		return EXIT_SKIP;
	}
	printf("    KTAP version 1\n    # Subtest: t_shell\n    1..1\n");
	printf("    %s 1 the interactive shell exited with status 0\n",
	       status == 0 ? "ok" : "not ok");
	if (status)
		printf("    # t_shell: wait status 0x%x\n", status);
	return status != 0;
}
