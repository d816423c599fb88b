/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * ulib.h - vmm386's own small C library for its user-space test programs.
 *
 * The programs are static i386 Linux ELF executables: they talk to the
 * kernel only through `int $0x80` with Linux's numbers and registers, so
 * the same file runs on vmm386 and on a real Linux i386 kernel. System
 * call wrappers return the kernel's raw result: a negative errno on
 * failure (there is no global errno).
 */
#ifndef _ULIB_H
#define _ULIB_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#define NULL_FD		(-1)

/* errno values (Linux i386). */
#define EPERM	1
#define ENOENT	2
#define ESRCH	3
#define EINTR	4
#define E2BIG	7
#define ENOEXEC	8
#define EBADF	9
#define ECHILD	10
#define EAGAIN	11
#define ENOMEM	12
#define EFAULT	14
#define EINVAL	22
#define EMFILE	24
#define ENOTTY	25
#define ESPIPE	29
#define ENAMETOOLONG 36
#define ENOSYS	38

/* Signals, wait status. */
#define SIGKILL	9
#define SIGSEGV	11
#define SIGILL	4
#define SIGFPE	8
#define SIGTRAP	5
#define SIGTERM	15
#define SIGUSR1	10
#define SIGCHLD	17
#define WNOHANG	1
#define WIFEXITED(s)	(((s) & 0x7f) == 0)
#define WEXITSTATUS(s)	(((s) >> 8) & 0xff)
#define WIFSIGNALED(s)	(((s) & 0x7f) != 0 && ((s) & 0x7f) != 0x7f)
#define WTERMSIG(s)	((s) & 0x7f)
#define WCOREDUMP(s)	((s) & 0x80)

/* Descriptors. */
#define F_GETFD	1
#define F_SETFD	2
#define F_GETFL	3
#define FD_CLOEXEC 1
#define SEEK_SET 0

/* The raw system call: number and up to six arguments. */
long syscall6(long nr, long a, long b, long c, long d, long e, long f);
#define syscall0(n)		syscall6((n), 0, 0, 0, 0, 0, 0)
#define syscall1(n, a)		syscall6((n), (long)(a), 0, 0, 0, 0, 0)
#define syscall2(n, a, b)	syscall6((n), (long)(a), (long)(b), 0, 0, 0, 0)
#define syscall3(n, a, b, c)	syscall6((n), (long)(a), (long)(b), \
					 (long)(c), 0, 0, 0)
#define syscall4(n, a, b, c, d)	syscall6((n), (long)(a), (long)(b), \
					 (long)(c), (long)(d), 0, 0)

/* System calls. */
void exit(int code) __attribute__((noreturn));
long read(int fd, void *buf, size_t n);
long write(int fd, const void *buf, size_t n);
long close(int fd);
long fork(void);
long execve(const char *path, char *const argv[], char *const envp[]);
long waitpid(long pid, int *status, int options);
long wait4(long pid, int *status, int options, void *rusage);
long getpid(void);
long getppid(void);
long kill(long pid, int sig);
long dup(int fd);
long dup2(int oldfd, int newfd);
long fcntl(int fd, int cmd, long arg);
long ioctl(int fd, unsigned long cmd, void *arg);
long lseek(int fd, long off, int whence);
void *sys_brk(void *addr);
long uname(void *buf);
long sched_yield(void);
long reboot_power_off(void);
void *mmap(void *addr, size_t len, int prot, int flags, int fd, long off);
long munmap(void *addr, size_t len);
long vmm386_checkpoint(const char *name);

#define PROT_READ	1
#define PROT_WRITE	2
#define MAP_PRIVATE	2
#define MAP_ANONYMOUS	0x20
#define MAP_FAILED	((void *)-1)

/* The program's environment, set by crt0. */
extern char **environ;

/* Strings and memory. */
size_t strlen(const char *s);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strcpy(char *d, const char *s);
char *strchr(const char *s, int c);
void *memset(void *s, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
const char *getenv(const char *name);

/* Formatted output. */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int dprintf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Memory allocation: brk first, mmap when brk cannot grow. */
void *malloc(size_t n);
void free(void *p);
void *calloc(size_t n, size_t size);

/*
 * KTAP output (Linux's test format): ktap_plan(n) once, then one
 * ktap_ok()/ktap_check() per case, ktap_done() at the end, which returns
 * the exit status (0 if every case passed).
 */
void ktap_plan(int n);
void ktap_ok(int ok, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ktap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void ktap_skip(const char *reason, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int ktap_done(void);
/* One case: @cond must hold; the expression and @name are reported. */
#define ktap_check(cond, name) \
	ktap_ok((cond), "%s", (name))
/* One case comparing two longs, both printed when they differ. */
#define ktap_eq(got, want, name) \
	ktap_eq_at((long)(got), (long)(want), (name), #got)
void ktap_eq_at(long got, long want, const char *name, const char *expr);

/* Helpers (lib/util.c). */
long read_file(const char *path, char *buf, size_t size);
int run_in_child(int (*fn)(unsigned long), unsigned long arg);

#endif /* _ULIB_H */
