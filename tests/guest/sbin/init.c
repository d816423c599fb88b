// SPDX-License-Identifier: GPL-2.0-only
/*
 * /sbin/init - process 1 of `make run`: start a login shell on the
 * console, reap every orphan, and power the machine off when the shell
 * exits or when busybox's halt, poweroff or reboot asks for it.
 *
 * Linux's kernel runs /sbin/init when no init= is given (vmm386 too). A
 * shell as process 1 would do, but it must not exit (the kernel panics
 * when init dies) and busybox's poweroff signals process 1 rather than
 * calling reboot() itself: SIGUSR1 halt, SIGUSR2 poweroff, SIGTERM reboot,
 * which a real init (sysvinit, busybox init) handles. This one handles
 * all three by powering off: under Bochs, that ends the run.
 */
#include <ulib.h>

#define SIGUSR2		12
#define SA_RESTORER	0x04000000

struct sigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	unsigned long long mask;
};

extern void __restore(void);

static char *const shell_argv[] = { "-sh", NULL };	/* "-": a login shell */
static char *const shell_envp[] = {
	"HOME=/", "PATH=/bin:/sbin", "TERM=linux", "SHELL=/bin/sh",
	"USER=root", "LOGNAME=root", NULL,
};

/* What the missing-busybox case prints, with what to do about it. */
static const char no_shell[] =
	"init: /bin/sh is missing: this image was built without Debian's\n"
	"init: busybox (tools/busybox.sh could not fetch it). As root, run\n"
	"init: `make busybox`, then `make run` again. Powering off.\n";

/* busybox's halt, poweroff and reboot end up here: end the run. */
static void power_off(int sig)
{
	printf("init: %s requested: powering off\n",
	       sig == SIGTERM ? "reboot" : sig == SIGUSR1 ? "halt" : "poweroff");
	reboot_power_off();
}

static void catch(int sig)
{
	struct sigaction sa = { power_off, SA_RESTORER, __restore, 0 };

	syscall4(174, sig, &sa, NULL, 8);
}

/* Fork the login shell; its pid. */
static long start_shell(void)
{
	long pid = fork();

	if (pid == 0) {
		execve("/bin/sh", shell_argv, shell_envp);
		write(2, no_shell, sizeof(no_shell) - 1);
		exit(127);
	}
	return pid;
}

int main(void)
{
	long shell;
	int status;

	if (getpid() != 1) {
		printf("init: must be run as process 1 (by the kernel)\n");
		return 1;
	}
	catch(SIGUSR1);
	catch(SIGUSR2);
	catch(SIGTERM);
	shell = start_shell();
	if (shell < 0) {
		printf("init: cannot fork the shell: error %ld\n", shell);
		reboot_power_off();
	}
	for (;;) {
		long pid = wait4(-1, &status, 0, NULL);

		if (pid == shell) {
			printf("init: the shell exited (status %d): powering off\n",
			       WEXITSTATUS(status));
			reboot_power_off();
		}
		if (pid < 0 && pid != -EINTR) {
			printf("init: wait4: error %ld: powering off\n", pid);
			reboot_power_off();
		}
	}
}
