// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_stop.c - stop signals and job control: SIGSTOP, SIGTSTP, SIGTTIN and
 * SIGTTOU stop a process, its parent hears of it through wait4 with
 * WUNTRACED (0x7f | sig << 8) and SIGCHLD (unless SA_NOCLDSTOP), /proc
 * shows state T; SIGCONT resumes it, SIGKILL kills it even stopped; the
 * last of "stop" and "continue" sent wins over a pending other; a
 * terminal's stop signal does not stop an orphaned process group; a
 * background group reading the terminal gets SIGTTIN (EIO if it ignores
 * it), and writing it with TOSTOP set SIGTTOU.
 *
 * Most cases talk to a child that serves commands over two pipes, so the
 * parent can tell whether the child runs: a stopped child does not answer.
 */
#include <ulib.h>

#define PLAN		20

#define SIGCONT		18
#define SIGSTOP		19
#define SIGTSTP		20
#define SIGTTIN		21
#define SIGTTOU		22
#define SIG_BLOCK	0
#define SA_NOCLDSTOP	0x00000001
#define SA_RESTORER	0x04000000
#define SA_RESTART	0x10000000
#define WUNTRACED	2
#define WIFSTOPPED(s)	(((s) & 0xff) == 0x7f)
#define WSTOPSIG(s)	(((s) >> 8) & 0xff)
#define EIO		5
#define POLLIN		1
#define TCGETS		0x5401
#define TCSETS		0x5402
#define TOSTOP		0000400

struct sigaction {
	void *handler;
	unsigned long flags;
	void (*restorer)(void);
	unsigned long long mask;
};

struct pollfd {
	int fd;
	short events, revents;
};

extern void __restore(void);

static long sigaction(int sig, void *handler, unsigned long flags)
{
	struct sigaction sa = { handler, flags | SA_RESTORER, __restore, 0 };

	return syscall4(174, sig, &sa, NULL, 8);
}

static long sigprocmask_block(unsigned long long set)
{
	return syscall4(175, SIG_BLOCK, &set, NULL, 8);
}

static unsigned long long sigpending(void)
{
	unsigned long long set = 0;

	syscall2(176, &set, 8);
	return set;
}

#define BIT(sig)	(1ULL << ((sig) - 1))

static volatile int chld_count, cont_count;

static void on_sigchld(int sig) { chld_count++; }
static void on_sigcont(int sig) { cont_count++; }

/* ---- a child that answers commands ------------------------------------ */

struct server {
	long pid;
	int cmd, reply;		/* the parent's ends */
};

/* Serve: 'p' answers 0, 'q' answers the pending set; EOF ends. */
static void serve(int cmd, int reply)
{
	char c;

	while (read(cmd, &c, 1) == 1) {
		unsigned long long answer = c == 'q' ? sigpending() : 0;

		write(reply, &answer, sizeof(answer));
	}
	exit(0);
}

/* Send command @c and wait for the answer. */
static unsigned long long ask(struct server *s, char c)
{
	unsigned long long answer = ~0ULL;

	write(s->cmd, &c, 1);
	if (read(s->reply, &answer, sizeof(answer)) != sizeof(answer))
		return ~0ULL;
	return answer;
}

/*
 * Start a server child; @blocked is the set it blocks first. It gets a
 * process group of its own, which its parent, in another group of the
 * session, keeps from being orphaned: SIGTSTP stops it.
 */
static int start_server(struct server *s, unsigned long long blocked)
{
	int to[2], from[2];

	if (syscall1(42, to) || syscall1(42, from))
		return -1;
	s->pid = fork();
	if (s->pid == 0) {
		syscall2(57, 0, 0);	/* its own group, not orphaned */
		close(to[1]);
		close(from[0]);
		if (blocked) {
			sigaction(SIGCONT, on_sigcont, 0);
			sigprocmask_block(blocked);
		}
		serve(to[0], from[1]);
	}
	close(to[0]);
	close(from[1]);
	s->cmd = to[1];
	s->reply = from[0];
	return s->pid > 0 && ask(s, 'p') == 0 ? 0 : -1;	/* set up */
}


/* True if an answer is waiting, after giving the child time to answer. */
static int answered(struct server *s)
{
	struct pollfd p = { s->reply, POLLIN, 0 };

	for (int i = 0; i < 20; i++)
		sched_yield();
	return syscall3(168, &p, 1, 10) == 1;
}

static void end_server(struct server *s)
{
	int status;

	kill(s->pid, SIGKILL);
	waitpid(s->pid, &status, 0);
	close(s->cmd);
	close(s->reply);
}

/* The state letter of /proc/PID/stat and the State line of status. */
static void proc_state(long pid, char *stat_state, char *status_line,
		       size_t size)
{
	char path[48], buf[512], *p;

	*stat_state = '?';
	snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
	if (read_file(path, buf, sizeof(buf)) > 0 && (p = strchr(buf, ')')))
		*stat_state = p[2];
	strcpy(status_line, "?");
	snprintf(path, sizeof(path), "/proc/%ld/status", pid);
	if (read_file(path, buf, sizeof(buf)) <= 0)
		return;
	for (p = buf; *p && strncmp(p, "State:", 6); p = strchr(p, '\n') + 1)
		if (!strchr(p, '\n'))
			return;
	if (*p) {
		size_t n = 0;

		while (p[n] && p[n] != '\n' && n + 1 < size) {
			status_line[n] = p[n];
			n++;
		}
		status_line[n] = 0;
	}
}

/* ---- the cases ---------------------------------------------------------- */

static void test_sigstop(void)
{
	struct server s;
	int status = 0;
	char state, line[64];

	if (start_server(&s, 0)) {
		ktap_ok(0, "server child");
		return;
	}
	ktap_eq(ask(&s, 'p'), 0, "the child answers while it runs");
	kill(s.pid, SIGSTOP);
	ktap_check(waitpid(s.pid, &status, WUNTRACED) == s.pid &&
		   WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP &&
		   status == 0x137f,
		   "SIGSTOP stops it: wait4 with WUNTRACED reports 0x137f");
	proc_state(s.pid, &state, line, sizeof(line));
	ktap_check(state == 'T' && !strcmp(line, "State:\tT (stopped)"),
		   "/proc/PID/stat and status show state T (stopped)");
	write(s.cmd, "p", 1);
	ktap_check(!answered(&s), "a stopped child does not run");
	ktap_eq(waitpid(s.pid, &status, WUNTRACED | WNOHANG), 0,
		"the stop is reported once");
	kill(s.pid, SIGCONT);
	{
		unsigned long long answer = ~0ULL;

		ktap_check(read(s.reply, &answer, 8) == 8 && answer == 0,
			   "SIGCONT resumes it: the command is answered");
	}
	ktap_eq(waitpid(s.pid, &status, WUNTRACED | WNOHANG), 0,
		"a running child has nothing to report");
	kill(s.pid, SIGTSTP);
	ktap_check(waitpid(s.pid, &status, WUNTRACED) == s.pid &&
		   status == 0x147f, "SIGTSTP stops it too (0x147f)");
	kill(s.pid, SIGKILL);
	ktap_check(waitpid(s.pid, &status, 0) == s.pid &&
		   WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
		   "SIGKILL kills a stopped child");
	close(s.cmd);
	close(s.reply);
}

static void test_sigchld(void)
{
	struct server s;
	int status = 0, before;

	sigaction(SIGCHLD, on_sigchld, SA_RESTART);
	if (start_server(&s, 0)) {
		ktap_ok(0, "server child");
		return;
	}
	ask(&s, 'p');
	before = chld_count;
	kill(s.pid, SIGSTOP);
	waitpid(s.pid, &status, WUNTRACED);
	ktap_eq(chld_count - before, 1,
		"the parent gets SIGCHLD when it stops");
	sigaction(SIGCHLD, on_sigchld, SA_NOCLDSTOP | SA_RESTART);
	kill(s.pid, SIGCONT);
	ask(&s, 'p');
	before = chld_count;
	kill(s.pid, SIGSTOP);
	ktap_check(waitpid(s.pid, &status, WUNTRACED) == s.pid &&
		   status == 0x137f && chld_count == before,
		   "with SA_NOCLDSTOP: the stop is reported, no SIGCHLD");
	end_server(&s);
	sigaction(SIGCHLD, (void *)0, 0);
}

/*
 * A child blocking SIGTSTP and SIGCONT (with a handler: not ignored)
 * keeps them pending; it reports its pending set.
 */
static void test_pending(void)
{
	struct server s;
	unsigned long long set;

	if (start_server(&s, BIT(SIGTSTP) | BIT(SIGCONT))) {
		ktap_ok(0, "server child");
		return;
	}
	kill(s.pid, SIGTSTP);
	set = ask(&s, 'q');
	ktap_check(set == BIT(SIGTSTP), "a blocked SIGTSTP stays pending");
	kill(s.pid, SIGCONT);
	set = ask(&s, 'q');
	ktap_check(set == BIT(SIGCONT),
		   "SIGCONT discards the pending stop signal");
	kill(s.pid, SIGTSTP);
	set = ask(&s, 'q');
	ktap_check(set == BIT(SIGTSTP),
		   "a stop signal discards the pending SIGCONT");
	end_server(&s);
}

/*
 * Send ourselves SIGTSTP in a group of our own: not orphaned, since the
 * parent is in another group of the session; or (@arg) in a session of
 * our own, where the group is orphaned -- then SIGSTOP too.
 */
static int tstp_self(unsigned long arg)
{
	if (arg)
		syscall0(66);			/* setsid(): orphaned */
	else
		syscall2(57, 0, 0);		/* setpgid(0, 0) */
	kill(getpid(), SIGTSTP);
	if (arg)
		kill(getpid(), SIGSTOP);	/* stops even so */
	return 0;
}

/* Run tstp_self(@orphan) in a child: its wait status, WUNTRACED. */
static int stop_status(unsigned long orphan)
{
	int status = -1;
	long pid = fork();

	if (pid == 0)
		exit(tstp_self(orphan));
	waitpid(pid, &status, WUNTRACED);
	if (WIFSTOPPED(status)) {
		kill(pid, SIGKILL);
		waitpid(pid, (int *)0, 0);
	}
	return status;
}

static void test_orphaned(void)
{
	ktap_eq(stop_status(0), 0x147f,
		"SIGTSTP stops a process whose group has a parent outside");
	ktap_eq(stop_status(1), 0x137f,
		"in an orphaned group SIGTSTP is ignored, SIGSTOP stops");
}

/* A background child reads (or writes) the terminal: its wait status. */
static int background_child(int do_write, int ignore)
{
	int status = -1;
	long pid = fork();
	char c;

	if (pid == 0) {
		long r;

		syscall2(57, 0, 0);	/* its own group: the background */
		if (ignore)
			sigaction(SIGTTIN, (void *)1, 0);
		r = do_write ? write(1, "\n", 1) : read(0, &c, 1);
		exit(r == -EIO ? 5 : r < 0 ? 6 : 7);
	}
	waitpid(pid, &status, WUNTRACED);
	if (WIFSTOPPED(status)) {
		kill(pid, SIGKILL);
		waitpid(pid, (int *)0, 0);
	}
	return status;
}

static void test_terminal(void)
{
	unsigned int termios[15], saved[15];
	int fg = 0;

	/* TIOCGPGRP: only a foreground process can test the background */
	if (ioctl(0, 0x540f, &fg) || fg != syscall0(65)) {
		for (int i = 0; i < 4; i++)
			ktap_skip("not in the terminal's foreground group",
				  "terminal job control %d", i);
		return;
	}
	ktap_eq(background_child(0, 0), 0x157f,
		"a background read of the terminal stops the group: SIGTTIN");
	ktap_eq(background_child(0, 1), EIO << 8,
		"with SIGTTIN ignored, the read fails with EIO");
	ioctl(0, TCGETS, saved);
	memcpy(termios, saved, sizeof(termios));
	termios[3] &= ~TOSTOP;
	ioctl(0, TCSETS, termios);
	ktap_eq(background_child(1, 0), 7 << 8,
		"without TOSTOP a background write goes ahead");
	termios[3] |= TOSTOP;
	ioctl(0, TCSETS, termios);
	ktap_eq(background_child(1, 0), 0x167f,
		"with TOSTOP a background write stops the group: SIGTTOU");
	ioctl(0, TCSETS, saved);
}

int main(void)
{
	ktap_plan(PLAN);
	test_sigstop();
	test_sigchld();
	test_pending();
	test_orphaned();
	test_terminal();
	return ktap_done();
}
