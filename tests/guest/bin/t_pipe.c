// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_pipe.c - pipes: data through the ring, blocking, end of file,
 * EPIPE and SIGPIPE, O_NONBLOCK, and a child's stdout through dup2.
 */
#include <ulib.h>

#define PLAN		13
#define O_NONBLOCK	04000
#define SIGPIPE		13
#define EPIPE		32
#define BIG		10000

static long pipe(int fds[2]) { return syscall1(42, fds); }
static long pipe2(int fds[2], int flags) { return syscall2(331, fds, flags); }

static void test_basic(void)
{
	int fds[2] = { -1, -1 };
	char buf[8];

	ktap_eq(pipe(fds), 0, "pipe() succeeds");
	ktap_check(fds[0] >= 3 && fds[1] > fds[0], "two new descriptors");
	ktap_eq(write(fds[1], "hello", 5), 5, "write 5 bytes");
	ktap_eq(read(fds[0], buf, sizeof(buf)), 5, "read returns what is there");
	ktap_check(!memcmp(buf, "hello", 5), "the same bytes");
	close(fds[0]);
	close(fds[1]);
	ktap_eq(pipe(NULL), -EFAULT, "pipe(NULL) is EFAULT");
}

/* The child writes BIG bytes, more than the pipe holds, and exits. */
static void test_blocking_and_eof(void)
{
	static char buf[BIG];
	int fds[2], status = -1, ok = 1;
	long pid, got = 0, n;

	pipe(fds);
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		for (int i = 0; i < BIG; i++)
			buf[i] = (char)(i * 7);
		exit(write(fds[1], buf, BIG) == BIG ? 0 : 1);
	}
	close(fds[1]);
	memset(buf, 0, sizeof(buf));
	while ((n = read(fds[0], buf + got, BIG - got + 1)) > 0)
		got += n;
	for (int i = 0; i < got; i++)
		ok &= buf[i] == (char)(i * 7);
	waitpid(pid, &status, 0);
	ktap_check(got == BIG && ok && status == 0,
		   "a writer blocks on a full pipe; the reader gets every byte");
	ktap_eq(n, 0, "then end of file once the writer is gone");
	close(fds[0]);
}

static void test_epipe(void)
{
	int fds[2], status = -1;
	long pid;

	pipe(fds);
	close(fds[0]);
	pid = fork();
	if (pid == 0) {
		write(fds[1], "x", 1);
		exit(0);
	}
	waitpid(pid, &status, 0);
	ktap_check(WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE &&
		   !WCOREDUMP(status),
		   "writing with no reader kills with SIGPIPE");
	close(fds[1]);
}

static void test_nonblock_and_dup2(void)
{
	int fds[2], status = -1;
	char buf[32];
	long pid, n;

	ktap_eq(pipe2(fds, O_NONBLOCK), 0, "pipe2(O_NONBLOCK)");
	ktap_eq(read(fds[0], buf, 1), -EAGAIN, "reading it empty is EAGAIN");
	close(fds[0]);
	close(fds[1]);
	ktap_eq(pipe2(fds, 1), -EINVAL, "pipe2 with an unknown flag is EINVAL");
	pipe(fds);
	pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		printf("via stdout");
		exit(0);
	}
	close(fds[1]);
	n = read(fds[0], buf, sizeof(buf) - 1);
	waitpid(pid, &status, 0);
	buf[n > 0 ? n : 0] = 0;
	ktap_check(!strcmp(buf, "via stdout"), "a child's stdout, dup2'd onto a pipe");
	close(fds[0]);
}

int main(void)
{
	ktap_plan(PLAN);
	test_basic();
	test_blocking_and_eof();
	test_epipe();
	test_nonblock_and_dup2();
	return ktap_done();
}
