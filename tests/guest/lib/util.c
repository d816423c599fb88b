// SPDX-License-Identifier: GPL-2.0-only
/*
 * util.c - two helpers that several test programs need: reading a whole
 * (small) file, and running a function in a child process.
 */
#include <ulib.h>

/*
 * Read all of @path into @buf, at most @size - 1 bytes, and end it with a
 * NUL. Returns the length, or the -errno of open() or of a failed first
 * read. /proc files may come in several reads: it reads until EOF.
 */
long read_file(const char *path, char *buf, size_t size)
{
	long fd = syscall3(5, path, 0, 0), n = 0, len = 0;

	if (fd < 0)
		return fd;
	while (len + 1 < (long)size &&
	       (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += n;
	close(fd);
	buf[len] = 0;
	return n < 0 && !len ? n : len;
}

/*
 * Run @fn(@arg) in a child and wait for it: the child's exit code, 128 +
 * the signal that killed it, or -1 if fork or wait failed. Tests use it
 * for accesses that must fault without ending the test program.
 */
int run_in_child(int (*fn)(unsigned long), unsigned long arg)
{
	int status = 0;
	long pid = fork();

	if (pid == 0)
		exit(fn(arg));
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFSIGNALED(status) ? 128 + WTERMSIG(status)
				   : WEXITSTATUS(status);
}
