// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_tty.c - the console as a terminal: termios round trips, the window
 * size, raw-mode timeouts, and then input typed on COM1 by the host's
 * test runner (tests/targets.py's TTY_SCRIPT): a line, erase and kill,
 * ^D, a short read, raw mode, and ^C killing a foreground child.
 *
 * Before each typed step the program prints a marker ("@@name@@") and
 * only then reads, so the runner never types before the program is
 * ready for it; input typed early simply waits in the line discipline.
 */
#include <ulib.h>

#define PLAN		37

#define TCGETS		0x5401
#define TCSETS		0x5402
#define TCSETSW		0x5403
#define TCSETSF		0x5404
#define TIOCGPGRP	0x540F
#define TIOCSPGRP	0x5410
#define TIOCGWINSZ	0x5413
#define TIOCSWINSZ	0x5414
#define FIONREAD	0x541B
#define F_SETFL		4
#define O_NONBLOCK	04000
#define O_RDWR		2

#define VINTR		0
#define VERASE		2
#define VKILL		3
#define VEOF		4
#define VTIME		5
#define VMIN		6
#define ICRNL		0000400
#define OPOST		0000001
#define ONLCR		0000004
#define ISIG		0000001
#define ICANON		0000002
#define ECHO		0000010

#define SIGINT		2
#define SIGTTOU		22
#define SIGCONT		18
#define WUNTRACED	2

struct termios {
	unsigned int c_iflag, c_oflag, c_cflag, c_lflag;
	unsigned char c_line, c_cc[19];
};

struct winsize {
	unsigned short ws_row, ws_col, ws_xpixel, ws_ypixel;
};

struct kernel_sigaction {
	unsigned long handler, flags, restorer;
	unsigned long long mask;
};

struct timespec {
	long tv_sec, tv_nsec;
};

/* Milliseconds on CLOCK_MONOTONIC. */
static long now_ms(void)
{
	struct timespec ts;

	syscall2(265, 1, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static long tcgets(struct termios *t)
{
	return ioctl(0, TCGETS, t);
}

static long tcsets(const struct termios *t)
{
	return ioctl(0, TCSETS, (void *)t);
}

/* Read once from the console; NUL-terminate what came. */
static long read_line(char *buf, size_t size)
{
	long n = read(0, buf, size - 1);

	buf[n > 0 ? n : 0] = '\0';
	return n;
}

static void test_termios(struct termios *saved)
{
	struct termios t, back;
	int p[2];

	ktap_eq(tcgets(saved), 0, "TCGETS on the console");
	ktap_check((saved->c_lflag & (ICANON | ECHO | ISIG)) ==
		   (ICANON | ECHO | ISIG),
		   "the console starts canonical, echoing, with signals");
	ktap_check(saved->c_cc[VINTR] == 3 && saved->c_cc[VERASE] == 127 &&
		   saved->c_cc[VKILL] == 21 && saved->c_cc[VEOF] == 4,
		   "INTR is ^C, ERASE DEL, KILL ^U, EOF ^D");
	ktap_check((saved->c_iflag & ICRNL) &&
		   (saved->c_oflag & (OPOST | ONLCR)) == (OPOST | ONLCR),
		   "ICRNL on input, OPOST|ONLCR on output");
	t = *saved;
	t.c_lflag &= ~(ICANON | ECHO);
	t.c_cc[VMIN] = 5;
	t.c_cc[VTIME] = 7;
	ktap_eq(ioctl(0, TCSETSW, &t), 0, "TCSETSW to raw mode");
	memset(&back, 0, sizeof(back));
	tcgets(&back);
	ktap_check(!memcmp(&back, &t, sizeof(t)),
		   "TCGETS reads back what TCSETSW set");
	ktap_eq(ioctl(0, TCSETSF, saved), 0, "TCSETSF back to the start");
	tcgets(&back);
	ktap_check(!memcmp(&back, saved, sizeof(back)),
		   "and TCGETS reads the first settings again");
	ktap_eq(ioctl(0, TCSETS, (void *)4), -EFAULT,
		"TCSETS from a bad pointer is EFAULT");
	ktap_eq(ioctl(0, 0x54ff, &t), -EINVAL,
		"an unknown terminal ioctl is EINVAL");
	syscall1(42, p);
	ktap_eq(ioctl(p[0], TCGETS, &t), -ENOTTY, "TCGETS on a pipe is ENOTTY");
	close(p[0]);
	close(p[1]);
}

static void test_winsize(void)
{
	struct winsize ws, big = { 30, 100, 0, 0 }, back;

	ktap_eq(ioctl(0, TIOCGWINSZ, &ws), 0, "TIOCGWINSZ");
	ktap_check(ws.ws_row > 0 && ws.ws_col > 0, "the window has a size");
	ktap_eq(ioctl(0, TIOCSWINSZ, &big), 0, "TIOCSWINSZ 30x100");
	ioctl(0, TIOCGWINSZ, &back);
	ktap_check(back.ws_row == 30 && back.ws_col == 100,
		   "TIOCGWINSZ reads the new size back");
	ioctl(0, TIOCSWINSZ, &ws);
}

/* Raw reads with nothing typed: VMIN/VTIME decide how long they wait. */
static void test_raw_timeouts(const struct termios *saved)
{
	struct termios t = *saved;
	char c;
	long start, n;
	int avail = -1;

	ktap_eq(ioctl(0, FIONREAD, &avail), 0, "FIONREAD");
	ktap_eq(avail, 0, "nothing has been typed yet");
	t.c_lflag &= ~(ICANON | ECHO);
	t.c_cc[VMIN] = 0;
	t.c_cc[VTIME] = 0;
	tcsets(&t);
	ktap_eq(read(0, &c, 1), 0, "raw, MIN 0 TIME 0: read returns 0 at once");
	t.c_cc[VTIME] = 3;
	tcsets(&t);
	start = now_ms();
	n = read(0, &c, 1);
	ktap_eq(n, 0, "raw, MIN 0 TIME 3: read times out with 0");
	start = now_ms() - start;
	ktap_check(start >= 300, "after at least 0.3 s");
	if (start < 300)
		ktap_diag("it took %ld ms", start);
	tcsets(saved);
	fcntl(0, F_SETFL, O_RDWR | O_NONBLOCK);
	ktap_eq(read(0, &c, 1), -EAGAIN,
		"canonical read with O_NONBLOCK and no line is EAGAIN");
	fcntl(0, F_SETFL, O_RDWR);
}

/* The steps typed on COM1 by the runner. */
static void test_typed(const struct termios *saved)
{
	struct termios raw = *saved;
	char buf[64];
	long n;

	ktap_diag("@@line@@");
	n = read_line(buf, sizeof(buf));
	ktap_check(n == 6 && !strcmp(buf, "hello\n"),
		   "a typed line reads as one line, CR mapped to NL");
	ktap_diag("@@erase@@");
	read_line(buf, sizeof(buf));
	ktap_check(!strcmp(buf, "abd\n"), "DEL and ^H erase a character");
	ktap_diag("@@kill@@");
	read_line(buf, sizeof(buf));
	ktap_check(!strcmp(buf, "ok\n"), "^U kills the line, ^W a word");
	ktap_diag("@@eof@@");
	n = read_line(buf, sizeof(buf));
	printf("\n");	/* the echo stopped at "partial" */
	ktap_check(n == 7 && !strcmp(buf, "partial"),
		   "^D ends a line without a newline");
	ktap_eq(read_line(buf, sizeof(buf)), 0, "^D on an empty line is EOF");
	ktap_diag("@@split@@");
	n = read(0, buf, 3);
	ktap_check(n == 3 && !memcmp(buf, "abc", 3),
		   "a short read takes the start of the line");
	read_line(buf, sizeof(buf));
	ktap_check(!strcmp(buf, "defgh\n"), "the next read the rest of it");
	raw.c_lflag &= ~(ICANON | ECHO);
	raw.c_cc[VMIN] = 3;
	raw.c_cc[VTIME] = 0;
	tcsets(&raw);
	ktap_diag("@@raw@@");
	n = read_line(buf, sizeof(buf));
	ktap_check(n == 3 && !strcmp(buf, "q\nw"),
		   "raw, MIN 3: three bytes, no line editing");
	tcsets(saved);
}

/*
 * ^C: a child in a process group of its own, made the foreground one,
 * blocks reading the console; ^C must kill it with SIGINT and leave this
 * process (in the background group) alone.
 */
/*
 * Fork a child that, as a shell's child does, makes its own process group
 * and takes the foreground before it blocks reading the console (a
 * background read would stop it); it exits 3 if the read ever returns.
 * The parent sets the child's group too, so either order works.
 */
static long fork_foreground_reader(void)
{
	char buf[16];
	long pid = fork();

	if (pid == 0) {
		int self = getpid();

		syscall2(57, 0, 0);
		ioctl(0, TIOCSPGRP, &self);
		read(0, buf, sizeof(buf));
		exit(3);
	}
	syscall2(57, pid, pid);
	return pid;
}

static void test_intr(void)
{
	struct kernel_sigaction ign = { 1, 0, 0, 0 };
	int status = 0, fg = 0, me = syscall0(65);
	long pid;

	syscall4(174, SIGTTOU, &ign, NULL, 8);	/* as a shell does */
	pid = fork_foreground_reader();
	ktap_eq(ioctl(0, TIOCSPGRP, &pid), 0, "TIOCSPGRP to the child's group");
	ioctl(0, TIOCGPGRP, &fg);
	ktap_eq(fg, pid, "TIOCGPGRP reads it back");
	ktap_diag("@@intr@@");
	waitpid(pid, &status, 0);
	printf("\n");	/* after the echoed ^C, as a shell does */
	ktap_check(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT,
		   "^C kills the foreground child with SIGINT");
	ktap_eq(ioctl(0, TIOCSPGRP, &me), 0, "the foreground group back");
	ktap_ok(1, "the background parent was not interrupted");
}

/*
 * ^Z: a child in the foreground group blocks reading the console; ^Z
 * must stop it with SIGTSTP. Resumed with SIGCONT after this process took
 * the foreground back, its read restarts in the background, and SIGTTIN
 * stops it again. SIGKILL then ends it.
 */
static void test_susp(void)
{
	int status = 0, me = syscall0(65);
	long pid;

	pid = fork_foreground_reader();
	ioctl(0, TIOCSPGRP, &pid);
	ktap_diag("@@susp@@");
	waitpid(pid, &status, WUNTRACED);
	printf("\n");	/* after the echoed ^Z, as a shell does */
	ktap_eq(status, 0x147f, "^Z stops the foreground child: SIGTSTP");
	ioctl(0, TIOCSPGRP, &me);
	kill(pid, SIGCONT);
	status = 0;
	waitpid(pid, &status, WUNTRACED);
	ktap_eq(status, 0x157f,
		"continued in the background, its read gets SIGTTIN");
	kill(pid, SIGKILL);
	status = 0;
	waitpid(pid, &status, 0);
	ktap_check(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
		   "SIGKILL ends the stopped child");
}

int main(void)
{
	struct termios saved;

	ktap_plan(PLAN);
	test_termios(&saved);
	test_winsize();
	test_raw_timeouts(&saved);
	test_typed(&saved);
	test_intr();
	test_susp();
	return ktap_done();
}
