// SPDX-License-Identifier: GPL-2.0-only
/*
 * syscall.c - the system call wrappers: Linux i386 numbers, arguments in
 * ebx, ecx, edx, esi, edi, ebp, result in eax, through int $0x80.
 */
#include <ulib.h>

char **environ;

long syscall6(long nr, long a, long b, long c, long d, long e, long f)
{
	/*
	 * Every register but esp carries something, and ebp cannot be an
	 * operand: pass the number and the sixth argument in memory, through
	 * eax, and load them after saving ebp.
	 */
	long nr_and_f[2] = { nr, f };
	long ret;

	asm volatile("pushl %%ebp\n\t"
		     "movl 4(%%eax), %%ebp\n\t"
		     "movl (%%eax), %%eax\n\t"
		     "int $0x80\n\t"
		     "popl %%ebp"
		     : "=a"(ret)
		     : "a"(nr_and_f), "b"(a), "c"(b), "d"(c), "S"(d), "D"(e)
		     : "memory", "cc");
	return ret;
}

void exit(int code)
{
	for (;;)
		syscall1(252, code);	/* exit_group */
}

long read(int fd, void *buf, size_t n) { return syscall3(3, fd, buf, n); }
long write(int fd, const void *buf, size_t n) { return syscall3(4, fd, buf, n); }
long close(int fd) { return syscall1(6, fd); }
long fork(void) { return syscall0(2); }
long execve(const char *path, char *const argv[], char *const envp[])
{
	return syscall3(11, path, argv, envp);
}
long waitpid(long pid, int *status, int options)
{
	return syscall3(7, pid, status, options);
}
long wait4(long pid, int *status, int options, void *rusage)
{
	return syscall4(114, pid, status, options, rusage);
}
long getpid(void) { return syscall0(20); }
long getppid(void) { return syscall0(64); }
long kill(long pid, int sig) { return syscall2(37, pid, sig); }
long dup(int fd) { return syscall1(41, fd); }
long dup2(int oldfd, int newfd) { return syscall2(63, oldfd, newfd); }
long fcntl(int fd, int cmd, long arg) { return syscall3(221, fd, cmd, arg); }
long ioctl(int fd, unsigned long cmd, void *arg)
{
	return syscall3(54, fd, cmd, arg);
}
long lseek(int fd, long off, int whence)
{
	return syscall3(19, fd, off, whence);
}
void *sys_brk(void *addr) { return (void *)syscall1(45, addr); }
long uname(void *buf) { return syscall1(122, buf); }
long sched_yield(void) { return syscall0(158); }

long reboot_power_off(void)
{
	return syscall4(88, 0xfee1dead, 672274793, 0x4321FEDC, 0);
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, long off)
{
	long r = syscall6(192, (long)addr, len, prot, flags, fd, off >> 12);

	return (unsigned long)r > -4096UL ? MAP_FAILED : (void *)r;
}

long munmap(void *addr, size_t len) { return syscall2(91, addr, len); }

/* vmm386's checkpoint call (number 1000); -ENOSYS on Linux. */
long vmm386_checkpoint(const char *name) { return syscall1(1000, name); }
