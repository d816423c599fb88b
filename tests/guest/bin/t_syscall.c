// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_syscall.c - the system-call boundary: numbers, arguments, results and
 * errno values as Linux i386 gives them, bad pointers refused with
 * -EFAULT, descriptors, brk and malloc.
 */
#include <ulib.h>

#define KERNEL_ADDR	((void *)0xc0100000)
#define HOLE_ADDR	((void *)0x30000000)
#define TCGETS		0x5401
#define TIOCGWINSZ	0x5413

#define PLAN		57

/* Every register but eax survives a system call. */
static int registers_preserved(void)
{
	unsigned long b = 0x11111111, c = 0x22222222, d = 0x33333333;
	unsigned long s = 0x44444444, di = 0x55555555, a = 20;

	asm volatile("int $0x80"
		     : "+a"(a), "+b"(b), "+c"(c), "+d"(d), "+S"(s), "+D"(di)
		     : : "memory");
	return b == 0x11111111 && c == 0x22222222 && d == 0x33333333 &&
	       s == 0x44444444 && di == 0x55555555;
}

static void test_identity(void)
{
	char u[6][65];

	ktap_check(getpid() > 1, "getpid returns the process's pid");
	ktap_check(getppid() >= 1, "getppid returns the runner's pid");
	ktap_check(registers_preserved(), "ebx ecx edx esi edi survive int 0x80");
	ktap_eq(uname(u), 0, "uname succeeds");
	ktap_check(!strcmp(u[0], "Linux") && !strcmp(u[4], "i686"),
		   "uname says Linux on i686");
	ktap_eq(uname(NULL), -EFAULT, "uname(NULL) is EFAULT");
	ktap_eq(uname(KERNEL_ADDR), -EFAULT, "uname(kernel address) is EFAULT");
	ktap_eq(uname(HOLE_ADDR), -EFAULT, "uname(unmapped hole) is EFAULT");
	ktap_eq(uname((void *)registers_preserved), -EFAULT,
		"uname into read-only program text is EFAULT");
}

static void test_unknown_calls(void)
{
	ktap_eq(syscall0(999), -ENOSYS, "system call 999 is ENOSYS");
	ktap_eq(syscall0(999), -ENOSYS, "and again (reported once)");
	ktap_eq(syscall0(-1), -ENOSYS, "system call -1 is ENOSYS");
	ktap_eq(syscall0(100000), -ENOSYS, "system call 100000 is ENOSYS");
}

static void test_write(void)
{
	static const char msg[] = "# t_syscall: hello from user mode\n";
	char *end = sys_brk(0);

	ktap_eq(write(1, msg, sizeof(msg) - 1), sizeof(msg) - 1,
		"write to the console returns its count");
	ktap_eq(write(1, msg, 0), 0, "write of 0 bytes returns 0");
	ktap_eq(write(42, msg, 1), -EBADF, "write to a closed fd is EBADF");
	ktap_eq(write(-1, msg, 1), -EBADF, "write to fd -1 is EBADF");
	ktap_eq(write(1, NULL, 1), -EFAULT, "write from NULL is EFAULT");
	ktap_eq(write(1, KERNEL_ADDR, 1), -EFAULT,
		"write from a kernel address is EFAULT");
	ktap_eq(write(1, HOLE_ADDR, 1), -EFAULT,
		"write from an unmapped hole is EFAULT");
	ktap_eq(write(1, (void *)0xbffffff0, 0x40), -EFAULT,
		"write from a buffer running past TASK_SIZE is EFAULT");
	/* The break's page is mapped up to its end; the next page is not. */
	end = (char *)(((unsigned long)end + 4095) & ~4095UL);
	ktap_eq(write(1, end - 8, 64), -EFAULT,
		"write from a buffer running into an unmapped page is EFAULT");
}

static void test_descriptors(void)
{
	char termios[36], ws[8];
	long fd;

	ktap_eq(ioctl(1, TCGETS, termios), 0, "TCGETS on the console succeeds");
	ktap_eq(ioctl(1, TIOCGWINSZ, ws), 0, "TIOCGWINSZ on the console");
	ktap_eq(ioctl(1, TCGETS, NULL), -EFAULT, "TCGETS into NULL is EFAULT");
	ktap_eq(ioctl(9, TCGETS, termios), -EBADF, "ioctl on a closed fd is EBADF");
	ktap_eq(lseek(1, 0, SEEK_SET), -ESPIPE, "lseek on the console is ESPIPE");
	fd = dup(1);
	ktap_eq(fd, 3, "dup(1) is the lowest free descriptor, 3");
	ktap_eq(write(fd, "", 0), 0, "the duplicate writes");
	ktap_eq(fcntl(fd, F_GETFD, 0), 0, "dup clears FD_CLOEXEC");
	ktap_eq(fcntl(fd, F_SETFD, FD_CLOEXEC), 0, "F_SETFD sets FD_CLOEXEC");
	ktap_eq(fcntl(fd, F_GETFD, 0), FD_CLOEXEC, "F_GETFD reads it back");
	ktap_eq(dup2(1, 10), 10, "dup2(1, 10) returns 10");
	ktap_eq(dup2(1, 1), 1, "dup2 onto itself returns the fd");
	ktap_eq(dup2(99, 5), -EBADF, "dup2 from a closed fd is EBADF");
	ktap_eq(close(10), 0, "close(10)");
	ktap_eq(close(10), -EBADF, "closing it again is EBADF");
	ktap_eq(close(fd), 0, "close(3)");
}

static void test_memory(void)
{
	char *start = sys_brk(0), *p;
	int zero = 1;
	char *a, *b;

	ktap_check(start != NULL, "brk(0) returns the current break");
	p = sys_brk(start + 3 * 4096 + 100);
	ktap_check(p == start + 3 * 4096 + 100, "brk grows the heap by 3 pages");
	for (char *q = start; q < p; q++)
		zero &= *q == 0;
	ktap_check(zero, "new heap memory reads as zero");
	memset(start, 0x5a, p - start);
	ktap_check(sys_brk(start) == start, "brk shrinks it back");
	ktap_check(sys_brk((void *)0x1000) == start,
		   "brk below the heap's start fails, returning the old break");
	ktap_check(sys_brk(&zero) == start,
		   "brk into the stack fails, returning the old break");
	ktap_check(sys_brk((void *)0xc0001000) == start,
		   "brk beyond TASK_SIZE fails, returning the old break");
	a = malloc(100);
	b = malloc(200000);
	ktap_check(a && b && a != b, "malloc serves small and large blocks");
	memset(b, 1, 200000);
	free(b);
	free(a);
	ktap_check(malloc(50) == a, "a freed block is reused");
}

static void test_misc(void)
{
	unsigned long long set = 1ULL << (SIGUSR1 - 1), old = 0;

	ktap_eq(syscall4(175, 0, &set, &old, 8), 0, "rt_sigprocmask blocks SIGUSR1");
	ktap_eq(syscall4(175, 2, NULL, &old, 8), 0, "and reads the mask back");
	ktap_check(old == set, "the mask holds SIGUSR1");
	ktap_eq(syscall4(175, 0, &set, NULL, 4), -EINVAL,
		"a sigset size other than 8 is EINVAL");
	ktap_eq(sched_yield(), 0, "sched_yield");
	ktap_eq(syscall4(88, 1, 2, 3, 4), -EINVAL,
		"reboot without the magic numbers is EINVAL");
	ktap_check(syscall4(88, 0xfee1dead, 672274793, 0, 0) == 0 &&
		   syscall4(88, 0xfee1dead, 85072278, 0, 0) == 0 &&
		   syscall4(88, 0xfee1dead, 369367448, 0, 0) == 0 &&
		   syscall4(88, 0xfee1dead, 537993216, 0, 0) == 0,
		   "reboot(CAD_OFF) takes each of Linux's four second magics");
	ktap_eq(syscall4(88, 0xfee1dead, 672274793, 0x12345678, 0), -EINVAL,
		"an unknown reboot command is EINVAL");
}

/*
 * vmm386's checkpoint call: the host's oracle inspects the machine while
 * this process is inside a system call (tools/oracle_user.py). On Linux
 * the number is unused and the case is skipped.
 */
static void test_checkpoint(void)
{
	long r = vmm386_checkpoint("user_mode");

	if (r == -ENOSYS) {
		ktap_skip("not vmm386", "checkpoint user_mode");
		ktap_skip("not vmm386", "checkpoint(NULL) is EFAULT");
		return;
	}
	ktap_eq(r, 0, "checkpoint user_mode");
	ktap_eq(vmm386_checkpoint(NULL), -EFAULT, "checkpoint(NULL) is EFAULT");
}

int main(void)
{
	ktap_plan(PLAN);
	test_identity();
	test_unknown_calls();
	test_write();
	test_descriptors();
	test_memory();
	test_misc();
	test_checkpoint();
	return ktap_done();
}
