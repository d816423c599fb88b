// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_pgrp.c - process groups and sessions: setpgid's rules and errnos,
 * setsid and getsid, kill() and wait4() on a group, and the controlling
 * terminal seen from inside and outside its session.
 *
 * Run with the argument "exec-child" it is the child of the EACCES case:
 * it tells its parent it has exec'd (a byte on descriptor 11) and waits
 * for a byte on descriptor 10 before it exits.
 */
#include <ulib.h>

#define PLAN		29

#define TIOCSCTTY	0x540E
#define TIOCGPGRP	0x540F
#define TIOCSPGRP	0x5410
#define TIOCGSID	0x5429
#define EACCES		13

static long setpgid(long pid, long pgid) { return syscall2(57, pid, pgid); }
static long getpgid(long pid) { return syscall1(132, pid); }
static long getpgrp(void) { return syscall0(65); }
static long setsid(void) { return syscall0(66); }
static long getsid(long pid) { return syscall1(147, pid); }
static long pipe(int *fds) { return syscall1(42, fds); }

/* A child that blocks reading @fd until its parent writes or closes it. */
static long blocked_child(int fd, long pgid)
{
	long pid = fork();
	char c;

	if (pid)
		return pid;
	if (pgid >= 0)
		setpgid(0, pgid);
	read(fd, &c, 1);
	exit(0);
}

static void test_ids(void)
{
	long me = getpid();

	ktap_eq(getpgid(0), getpgrp(), "getpgid(0) is getpgrp()");
	ktap_eq(getpgid(me), getpgrp(), "getpgid(own pid) too");
	ktap_check(getsid(0) > 0, "getsid(0) names a session");
	ktap_eq(getpgid(30000), -ESRCH, "getpgid of no process is ESRCH");
	ktap_eq(getsid(30000), -ESRCH, "getsid of no process is ESRCH");
	ktap_eq(setpgid(0, -1), -EINVAL, "setpgid to a negative group is EINVAL");
	ktap_eq(setpgid(1, 0), -ESRCH,
		"setpgid of a process that is not a child is ESRCH");
	ktap_eq(setpgid(0, 30000), -EPERM,
		"setpgid into a group that does not exist is EPERM");
	ktap_eq(setpgid(0, 0), 0, "setpgid(0, 0) makes a group of its own");
	ktap_eq(getpgrp(), me, "named by its pid");
	ktap_eq(setsid(), -EPERM, "a group leader cannot setsid");
}

/* A child that starts a session: its ids, and what it may no longer do. */
static void test_session(void)
{
	int p[2], q[2], status = 0;
	long pid, pgid = -1;
	char c = 0;

	pipe(p);
	pipe(q);
	pid = fork();
	if (pid == 0) {
		long sid = setsid();
		int ok = sid == getpid() && getsid(0) == sid &&
			 getpgrp() == sid;
		int fg;

		ok = ok && setpgid(0, getppid()) == -EPERM;	/* leader */
		ok = ok && ioctl(0, TIOCGPGRP, &fg) == -ENOTTY;	/* no ctty */
		ok = ok && ioctl(0, TIOCSCTTY, 0) == -EPERM;	/* taken */
		c = ok ? 'y' : 'n';
		write(q[1], &c, 1);
		read(p[0], &c, 1);
		exit(0);
	}
	read(q[0], &c, 1);
	ktap_check(c == 'y', "setsid in a child: new session and group, "
		   "no terminal, cannot take the console's");
	ktap_eq(getsid(pid), pid, "getsid of the child is its pid");
	ktap_eq(setpgid(pid, getpgrp()), -EPERM,
		"setpgid of a child in another session is EPERM");
	pgid = getpgid(pid);
	ktap_eq(pgid, pid, "getpgid of it too");
	write(p[1], "x", 1);
	waitpid(pid, &status, 0);
	close(p[0]);
	close(p[1]);
	close(q[0]);
	close(q[1]);
}

/* setpgid of a child that has called execve: EACCES. */
static void test_exec_child(void)
{
	int p[2], q[2], status = 0;
	char *argv[] = { "/bin/t_pgrp", "exec-child", NULL };
	char c = 0;
	long pid;

	pipe(p);
	pipe(q);
	pid = fork();
	if (pid == 0) {
		dup2(p[0], 10);
		dup2(q[1], 11);
		execve(argv[0], argv, environ);
		exit(127);
	}
	read(q[0], &c, 1);
	ktap_eq(setpgid(pid, pid), -EACCES,
		"setpgid of a child after its execve is EACCES");
	write(p[1], "x", 1);
	waitpid(pid, &status, 0);
	ktap_check(WIFEXITED(status) && !WEXITSTATUS(status),
		   "the exec'd child ran");
	close(p[0]);
	close(p[1]);
	close(q[0]);
	close(q[1]);
}

/* Two children in one new group: kill(-pgrp) and wait4(-pgrp). */
static void test_group_signals(void)
{
	int p[2], status = 0, killed = 0;
	long a, b, got;

	pipe(p);
	a = blocked_child(p[0], 0);
	setpgid(a, a);			/* as shells do: both sides */
	b = blocked_child(p[0], a);
	setpgid(b, a);
	ktap_eq(getpgid(b), a, "the second child joined the first's group");
	ktap_eq(wait4(-a, &status, WNOHANG, NULL), 0,
		"wait4(-pgrp, WNOHANG) with live members returns 0");
	ktap_eq(kill(-a, SIGTERM), 0, "kill(-pgrp, SIGTERM)");
	for (int i = 0; i < 2; i++) {
		got = wait4(-a, &status, 0, NULL);
		killed += (got == a || got == b) && WIFSIGNALED(status) &&
			  WTERMSIG(status) == SIGTERM;
	}
	ktap_eq(killed, 2, "both members died of SIGTERM, reaped by wait4(-pgrp)");
	ktap_eq(kill(-a, 0), -ESRCH, "the group is gone: kill(-pgrp, 0) is ESRCH");
	ktap_eq(wait4(-a, &status, 0, NULL), -ECHILD,
		"wait4(-pgrp) with no member left is ECHILD");
	ktap_eq(kill(0, 0), 0, "kill(0, 0): the caller's own group exists");
	close(p[0]);
	close(p[1]);
}

/* The console is the controlling terminal of the runner's session. */
static void test_ctty(long first_pgrp)
{
	int fg = 0, sid = 0;

	ktap_eq(ioctl(0, TIOCGPGRP, &fg), 0, "TIOCGPGRP on the console");
	ktap_eq(fg, first_pgrp, "the foreground group is the one we started in");
	ktap_eq(ioctl(0, TIOCGSID, &sid), 0, "TIOCGSID");
	ktap_eq(sid, getsid(0), "the console belongs to our session");
	fg = 30000;
	ktap_eq(ioctl(0, TIOCSPGRP, &fg), -ESRCH,
		"TIOCSPGRP to a group that does not exist is ESRCH");
}

int main(int argc, char **argv)
{
	long first_pgrp = getpgrp();

	if (argc > 1 && !strcmp(argv[1], "exec-child")) {
		char c;

		write(11, "x", 1);
		read(10, &c, 1);
		return 0;
	}
	ktap_plan(PLAN);
	test_ctty(first_pgrp);
	test_ids();
	test_session();
	test_exec_child();
	test_group_signals();
	return ktap_done();
}
