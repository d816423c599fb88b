// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_badptr.c - every implemented system call with a pointer argument,
 * given bad pointers: NULL, -1, 0xC0000000 (the kernel's first byte),
 * 0xFFFFF000, an unmapped hole, a read-only page (where the kernel
 * writes), a PROT_NONE page, and a buffer or string that runs off the end
 * of a mapping.
 *
 * Expected, as Linux does: -EFAULT (a read, write or getdents64 whose
 * buffer runs off the end may instead return the part that fitted), the
 * caller's pages unchanged (the read-only page keeps its bytes; where a
 * buffer ran off, each byte before the end is either untouched or what a
 * good call writes there -- never a byte of kernel memory), and never an
 * oops (the runner watches the log).
 *
 * The list of calls is the kernel's own table (build/guest/include/
 * syscall_list.h, made by tools/syscall_list.py): each implemented call is
 * looked up below, among the calls with pointers (with how to call them)
 * or the calls without; a call in neither is reported as a skip naming it,
 * so that a call added to the kernel is never silently left out.
 */
#include <ulib.h>

#define P		4096UL
#define PROT_NONE	0
#define MAP_FIXED	0x10
#define O_DIRECTORY	0200000
#define TCGETS		0x5401
#define CANARY		0xa5

/* Where an argument points. */
enum kind { IN, OUT, STR, ARGV };
#define OPT		1	/* NULL is a valid value of the argument */
#define PARTIAL		2	/* running off the end may give a short count */
#define STABLE		4	/* two good calls write the same bytes */

/** One pointer argument of one call, and how to call it with @p p. */
struct probe {
	const char *call;	/* the table's name */
	const char *arg;
	enum kind kind;
	int size;		/* bytes the call reads or writes */
	int runoff;		/* bytes that fit when the buffer runs off */
	int flags;
	long (*fn)(void *p);
};

/* ---- the test area ---------------------------------------------------------
 * Pages: 0 writable (watched), 1 a hole, 2 read-only, 3 PROT_NONE,
 * 4 and 5 writable, the mapping's end, then nothing.
 */
static unsigned long area;
#define HOLE		(area + 1 * P)
#define RDONLY		(area + 2 * P)
#define NOACCESS	(area + 3 * P)
#define AREA_END	(area + 6 * P)

static long mmap2(unsigned long addr, unsigned long len, long prot,
		  long flags, long fd, long pgoff)
{
	return syscall6(192, addr, len, prot, flags, fd, pgoff);
}

static void set_up_area(void)
{
	area = mmap2(0, 8 * P, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset((void *)area, CANARY, 6 * P);
	munmap((void *)HOLE, P);
	munmap((void *)AREA_END, 2 * P);
	syscall3(125, RDONLY, P, PROT_READ);
	syscall3(125, NOACCESS, P, PROT_NONE);
}

/* ---- the calls -------------------------------------------------------------- */

static char good_path[] = "/bin/init";
static char write_data[64] = "bytes for write(2)";
static int pipe_fds[2];

static long open_file(void)
{
	return syscall3(5, good_path, 0, 0);
}

static long p_read(void *p)
{
	long fd = open_file(), r = read(fd, p, 64);

	close(fd);
	return r;
}

static long p_write(void *p)
{
	long r = write(pipe_fds[1], p, 64);
	char sink[64];

	if (r > 0)
		read(pipe_fds[0], sink, r);
	return r;
}

static long p_open(void *p)
{
	long fd = syscall3(5, p, 0, 0);

	if (fd >= 0)
		close(fd);
	return fd;
}

static long p_openat(void *p)
{
	long fd = syscall4(295, -100, p, 0, 0);	/* AT_FDCWD */

	if (fd >= 0)
		close(fd);
	return fd;
}

static long p_chdir(void *p)
{
	return syscall1(12, p);
}

/* A child that exits at once, for the wait calls. */
static long quick_child(void)
{
	long pid = fork();

	if (pid == 0)
		exit(0);
	return pid;
}

/* Reap @pid whatever the call under test did. */
static void reap(long pid)
{
	waitpid(pid, NULL, 0);
}

static long p_waitpid(void *p)
{
	long pid = quick_child(), r = syscall3(7, pid, p, 0);

	reap(pid);
	return r == pid ? 0 : r;
}

static long p_wait4_status(void *p)
{
	long pid = quick_child(), r = wait4(pid, p, 0, NULL);

	reap(pid);
	return r == pid ? 0 : r;
}

static long p_wait4_rusage(void *p)
{
	long pid = quick_child(), r = wait4(pid, NULL, 0, p);

	reap(pid);
	return r == pid ? 0 : r;
}

static char *good_argv[] = { "/bin/t_execargs", "one", "two", NULL };
static char *good_envp[] = { "ALPHA=1", "BETA=two", NULL };

/* execve in a child: its exit code is the error (0 if it ran). */
static long exec_child(void *path, void *argv, void *envp)
{
	int status = 0;
	long pid = fork();

	if (pid == 0)
		exit((int)-syscall3(11, path, argv, envp));
	waitpid(pid, &status, 0);
	return WIFEXITED(status) && WEXITSTATUS(status) ?
	       -(long)WEXITSTATUS(status) : 0;
}

static long p_execve_path(void *p)
{
	return exec_child(p, good_argv, good_envp);
}

static long p_execve_argv(void *p)
{
	return exec_child(good_argv[0], p, good_envp);
}

static long p_execve_envp(void *p)
{
	return exec_child(good_argv[0], good_argv, p);
}

static long p_pipe(void *p)
{
	long r = syscall1(42, p);

	if (r == 0) {
		close(((int *)p)[0]);
		close(((int *)p)[1]);
	}
	return r;
}

static long p_pipe2(void *p)
{
	long r = syscall2(331, p, 0);

	if (r == 0) {
		close(((int *)p)[0]);
		close(((int *)p)[1]);
	}
	return r;
}

static long p_ioctl(void *p)
{
	return ioctl(1, TCGETS, p);
}

static unsigned long old_mmap_args[6] = {
	0, P, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, (unsigned long)-1, 0,
};

static long p_old_mmap(void *p)
{
	long r = syscall1(90, p);

	if (r > 0 || r < -4096)
		munmap((void *)r, P);
	return r > 0 || r < -4096 ? 0 : r;
}

static long p_uname(void *p)
{
	return syscall1(122, p);
}

static long p_llseek(void *p)
{
	long fd = open_file(), r = syscall6(140, fd, 0, 0, (long)p, SEEK_SET, 0);

	close(fd);
	return r;
}

static long timespec_short[2] = { 0, 1000 };

static long p_nanosleep(void *p)
{
	return syscall2(162, p, NULL);
}

static unsigned long sigaction_ign[5] = { 1, 0, 0, 0, 0 };	/* SIG_IGN */

static long p_sigaction_act(void *p)
{
	return syscall4(174, SIGUSR1, p, NULL, 8);
}

static long p_sigaction_oact(void *p)
{
	return syscall4(174, SIGUSR1, sigaction_ign, p, 8);
}

static unsigned long long empty_set;

static long p_sigprocmask_set(void *p)
{
	return syscall4(175, 0, p, NULL, 8);	/* SIG_BLOCK */
}

static long p_sigprocmask_oset(void *p)
{
	return syscall4(175, 0, &empty_set, p, 8);
}

static long p_getcwd(void *p)
{
	return syscall2(183, p, 64);
}

static long p_stat64_path(void *p)
{
	char st[96];

	return syscall2(195, p, st);
}

static long p_stat64_buf(void *p)
{
	return syscall2(195, good_path, p);
}

static long p_lstat64_path(void *p)
{
	char st[96];

	return syscall2(196, p, st);
}

static long p_lstat64_buf(void *p)
{
	return syscall2(196, good_path, p);
}

static long p_statfs64_path(void *p)
{
	char st[84];

	return syscall3(268, p, sizeof(st), st);
}

static long p_statfs64_buf(void *p)
{
	return syscall3(268, good_path, 84, p);
}

static long p_fstatfs64(void *p)
{
	long fd = open_file(), r = syscall3(269, fd, 84, p);

	close(fd);
	return r;
}

static long p_statfs_path(void *p)
{
	char st[64];

	return syscall2(99, p, st);
}

static long p_statfs_buf(void *p)
{
	return syscall2(99, good_path, p);
}

static long p_fstatfs(void *p)
{
	long fd = open_file(), r = syscall2(100, fd, p);

	close(fd);
	return r;
}

static long p_chmod(void *p)
{
	return syscall2(15, p, 0755);
}

static long p_fstat64(void *p)
{
	long fd = open_file(), r = syscall2(197, fd, p);

	close(fd);
	return r;
}

static long p_mincore(void *p)
{
	return syscall3(218, area + 4 * P, 2 * P, p);
}

static long p_getdents64(void *p)
{
	long fd = syscall3(5, "/", O_DIRECTORY, 0), r = syscall3(220, fd, p, 256);

	close(fd);
	return r;
}

/* ---- the calls added with files, time, limits, signals, TLS -------------- */

#define RLIMIT_NOFILE	7
#define CLOCK_MONOTONIC	1
#define AT_FDCWD	(-100)
#define PR_SET_NAME	15
#define PR_GET_NAME	16
#define CLONE_SETTLS	0x00080000
#define SS_DISABLE	2
#define SA_RESTORER	0x04000000
#define SIGUSR2		12

/* A non-negative result (a time, a count of ticks) counts as success. */
static long ok_if_positive(long r)
{
	return r < 0 ? r : 0;
}

static long p_unlink(void *p)
{
	return syscall1(10, p);
}

static long p_access(void *p)
{
	return syscall2(33, p, 0);
}

/* A bad path must never create a directory; if one appears, remove it. */
static long p_mkdir(void *p)
{
	long r = syscall2(39, p, 0755);

	if (r == 0)
		syscall1(40, p);
	return r;
}

static long p_rmdir(void *p)
{
	return syscall1(40, p);
}

static long p_time(void *p)
{
	return ok_if_positive(syscall1(13, p));
}

static long p_times(void *p)
{
	return ok_if_positive(syscall1(43, p));
}

static long p_sigpending(void *p)
{
	return syscall1(73, p);
}

static long p_rt_sigpending(void *p)
{
	return syscall2(176, p, 8);
}

/*
 * rt_sigsuspend would sleep until a signal came: SIGUSR2 is made pending
 * (blocked) first, so a call that reads its mask (the good one, all
 * unblocked) is woken by it at once and returns -EINTR, which counts as
 * success; a bad mask must give -EFAULT without sleeping. The signal is
 * delivered afterwards by unblocking it.
 */
struct ksigaction {
	void *handler;
	unsigned long flags;
	void (*restorer)(void);
	unsigned long long mask;
};

extern void __restore(void);

static void on_usr2(int sig)
{
	(void)sig;
}

static long p_rt_sigsuspend(void *p)
{
	struct ksigaction sa = { on_usr2, SA_RESTORER, __restore, 0 };
	unsigned long long usr2 = 1ULL << (SIGUSR2 - 1);
	long r;

	syscall4(174, SIGUSR2, &sa, NULL, 8);
	syscall4(175, 0, &usr2, NULL, 8);		/* SIG_BLOCK */
	kill(getpid(), SIGUSR2);
	r = syscall2(179, p, 8);
	syscall4(175, 1, &usr2, NULL, 8);		/* SIG_UNBLOCK */
	return r == -EINTR ? 0 : r;
}

static unsigned long altstack_off[3] = { 0, SS_DISABLE, 0 };

static long p_sigaltstack_ss(void *p)
{
	return syscall2(186, p, NULL);
}

static long p_sigaltstack_oss(void *p)
{
	return syscall2(186, NULL, p);
}

/* The current RLIMIT_NOFILE, set back unchanged by the good calls. */
static unsigned long nofile[2];
static unsigned long long nofile64[2];

static void read_limits(void)
{
	syscall2(191, RLIMIT_NOFILE, nofile);
	syscall4(340, 0, RLIMIT_NOFILE, NULL, nofile64);
}

static long p_setrlimit(void *p)
{
	return syscall2(75, RLIMIT_NOFILE, p);
}

static long p_getrlimit(void *p)
{
	return syscall2(76, RLIMIT_NOFILE, p);
}

static long p_ugetrlimit(void *p)
{
	return syscall2(191, RLIMIT_NOFILE, p);
}

static long p_prlimit64_new(void *p)
{
	return syscall4(340, 0, RLIMIT_NOFILE, p, NULL);
}

static long p_prlimit64_old(void *p)
{
	return syscall4(340, 0, RLIMIT_NOFILE, NULL, p);
}

static long p_gettimeofday_tv(void *p)
{
	return syscall2(78, p, NULL);
}

static long p_gettimeofday_tz(void *p)
{
	return syscall2(78, NULL, p);
}

static long p_readlink_path(void *p)
{
	char buf[64];

	return syscall3(85, p, buf, sizeof(buf));
}

static long p_sysinfo(void *p)
{
	return syscall1(116, p);
}

/*
 * clone with CLONE_SETTLS reads the TLS descriptor before any child
 * exists: a bad one fails the call. No stack is given (the child runs on
 * a copy of the caller's, like fork's), so a child created by mistake
 * only exits.
 */
static long p_clone_tls(void *p)
{
	long pid = syscall6(120, CLONE_SETTLS | SIGCHLD, 0, 0, (long)p, 0, 0);

	if (pid == 0)
		exit(0);
	if (pid > 0)
		reap(pid);
	return pid > 0 ? 0 : pid;
}

static long p_set_thread_area(void *p)
{
	return syscall1(243, p);
}

static long p_get_thread_area(void *p)
{
	return syscall1(244, p);
}

static long p_clock_gettime(void *p)
{
	return syscall2(265, CLOCK_MONOTONIC, p);
}

static long p_clock_getres(void *p)
{
	return syscall2(266, CLOCK_MONOTONIC, p);
}

static long p_clock_gettime64(void *p)
{
	return syscall2(403, CLOCK_MONOTONIC, p);
}

static long p_clock_getres64(void *p)
{
	return syscall2(406, CLOCK_MONOTONIC, p);
}

static long p_clock_nanosleep(void *p)
{
	return syscall4(267, CLOCK_MONOTONIC, 0, p, NULL);
}

static long p_fstatat64_path(void *p)
{
	char st[96];

	return syscall4(300, AT_FDCWD, p, st, 0);
}

static long p_fstatat64_buf(void *p)
{
	return syscall4(300, AT_FDCWD, good_path, p, 0);
}

/*
 * select and pselect6 on descriptor 0 alone (n = 1), with a zero timeout
 * so that they never wait: the write set is read and written back (a
 * whole 32-bit long, as Linux), the timeout read.
 */
static long zero_time[2];

static long p_select_set(void *p)
{
	return ok_if_positive(syscall6(142, 1, 0, (long)p, 0,
				       (long)zero_time, 0));
}

static long p_select_timeout(void *p)
{
	return syscall6(142, 0, 0, 0, 0, (long)p, 0);
}

static long p_pselect6_set(void *p)
{
	return ok_if_positive(syscall6(308, 1, 0, (long)p, 0,
				       (long)zero_time, 0));
}

static long p_pselect6_timeout(void *p)
{
	return syscall6(308, 0, 0, 0, 0, (long)p, 0);
}

/* pselect6's sixth argument: { the mask's address, its size }. */
static unsigned long pselect_sigmask[2] = { (unsigned long)&empty_set, 8 };

static long p_pselect6_sigmask(void *p)
{
	return syscall6(308, 0, 0, 0, 0, (long)zero_time, (long)p);
}

static long p_pselect6_mask(void *p)
{
	unsigned long arg[2] = { (unsigned long)p, 8 };

	return syscall6(308, 0, 0, 0, 0, (long)zero_time, (long)arg);
}

/*
 * poll of one pollfd with a zero timeout: read, then written back (its
 * revents). The canary bytes make a negative descriptor, which poll
 * ignores (revents 0), so the good call is the same every time.
 */
static long p_poll(void *p)
{
	return ok_if_positive(syscall3(168, p, 1, 0));
}

static long p_getrandom(void *p)
{
	long r = syscall3(355, p, 16, 0);

	return r == 16 ? 0 : r;
}

static long p_prctl_set_name(void *p)
{
	return syscall2(172, PR_SET_NAME, p);
}

static long p_prctl_get_name(void *p)
{
	return syscall2(172, PR_GET_NAME, p);
}

/* ---- the table --------------------------------------------------------------- */

static const struct probe probes[] = {
	{ "read", "buf", OUT, 64, 16, PARTIAL | STABLE, p_read },
	{ "write", "buf", IN, 64, 16, PARTIAL, p_write },
	{ "open", "path", STR, 0, 8, 0, p_open },
	{ "openat", "path", STR, 0, 8, 0, p_openat },
	{ "chdir", "path", STR, 0, 8, 0, p_chdir },
	{ "waitpid", "status", OUT, 4, 2, OPT, p_waitpid },
	{ "wait4", "status", OUT, 4, 2, OPT, p_wait4_status },
	{ "wait4", "rusage", OUT, 72, 16, OPT, p_wait4_rusage },
	{ "execve", "path", STR, 0, 8, 0, p_execve_path },
	{ "execve", "argv", ARGV, 16, 8, OPT, p_execve_argv },
	{ "execve", "envp", ARGV, 12, 8, OPT, p_execve_envp },
	{ "pipe", "fds", OUT, 8, 4, 0, p_pipe },
	{ "pipe2", "fds", OUT, 8, 4, 0, p_pipe2 },
	{ "ioctl", "TCGETS termios", OUT, 36, 12, STABLE, p_ioctl },
	{ "mmap", "args", IN, 24, 12, 0, p_old_mmap },
	{ "uname", "buf", OUT, 390, 100, STABLE, p_uname },
	{ "_llseek", "result", OUT, 8, 4, STABLE, p_llseek },
	{ "nanosleep", "req", IN, 8, 4, 0, p_nanosleep },
	{ "rt_sigaction", "act", IN, 20, 8, OPT, p_sigaction_act },
	{ "rt_sigaction", "oact", OUT, 20, 8, OPT | STABLE, p_sigaction_oact },
	{ "rt_sigprocmask", "set", IN, 8, 4, OPT, p_sigprocmask_set },
	{ "rt_sigprocmask", "oset", OUT, 8, 4, OPT | STABLE, p_sigprocmask_oset },
	{ "getcwd", "buf", OUT, 2, 1, STABLE, p_getcwd },
	{ "stat64", "path", STR, 0, 8, 0, p_stat64_path },
	{ "statfs64", "path", STR, 0, 8, 0, p_statfs64_path },
	{ "statfs64", "buf", OUT, 84, 40, STABLE, p_statfs64_buf },
	{ "fstatfs64", "buf", OUT, 84, 40, STABLE, p_fstatfs64 },
	{ "statfs", "path", STR, 0, 8, 0, p_statfs_path },
	{ "chmod", "path", STR, 0, 8, 0, p_chmod },
	{ "statfs", "buf", OUT, 64, 40, STABLE, p_statfs_buf },
	{ "fstatfs", "buf", OUT, 64, 40, STABLE, p_fstatfs },
	{ "stat64", "buf", OUT, 96, 40, STABLE, p_stat64_buf },
	{ "lstat64", "path", STR, 0, 8, 0, p_lstat64_path },
	{ "lstat64", "buf", OUT, 96, 40, STABLE, p_lstat64_buf },
	{ "fstat64", "buf", OUT, 96, 40, STABLE, p_fstat64 },
	{ "mincore", "vec", OUT, 2, 1, STABLE, p_mincore },
	{ "getdents64", "dirp", OUT, 256, 40, PARTIAL | STABLE, p_getdents64 },
	{ "unlink", "path", STR, 0, 8, 0, p_unlink },
	{ "access", "path", STR, 0, 8, 0, p_access },
	{ "mkdir", "path", STR, 0, 8, 0, p_mkdir },
	{ "rmdir", "path", STR, 0, 8, 0, p_rmdir },
	{ "time", "tloc", OUT, 4, 2, OPT, p_time },
	{ "times", "buf", OUT, 16, 8, OPT, p_times },
	{ "sigpending", "set", OUT, 4, 2, STABLE, p_sigpending },
	{ "rt_sigpending", "set", OUT, 8, 4, STABLE, p_rt_sigpending },
	{ "rt_sigsuspend", "mask", IN, 8, 4, 0, p_rt_sigsuspend },
	{ "sigaltstack", "ss", IN, 12, 8, OPT, p_sigaltstack_ss },
	{ "sigaltstack", "oss", OUT, 12, 8, OPT | STABLE, p_sigaltstack_oss },
	{ "setrlimit", "rlim", IN, 8, 4, 0, p_setrlimit },
	{ "getrlimit", "rlim", OUT, 8, 4, STABLE, p_getrlimit },
	{ "ugetrlimit", "rlim", OUT, 8, 4, STABLE, p_ugetrlimit },
	{ "prlimit64", "new", IN, 16, 8, OPT, p_prlimit64_new },
	{ "prlimit64", "old", OUT, 16, 8, OPT | STABLE, p_prlimit64_old },
	{ "gettimeofday", "tv", OUT, 8, 4, OPT, p_gettimeofday_tv },
	{ "gettimeofday", "tz", OUT, 8, 4, OPT | STABLE, p_gettimeofday_tz },
	{ "readlink", "path", STR, 0, 8, 0, p_readlink_path },
	{ "sysinfo", "info", OUT, 64, 32, 0, p_sysinfo },
	{ "clone", "tls", IN, 16, 8, 0, p_clone_tls },
	{ "set_thread_area", "u_info", IN, 16, 8, 0, p_set_thread_area },
	{ "get_thread_area", "u_info", IN, 16, 2, 0, p_get_thread_area },
	{ "clock_gettime", "tp", OUT, 8, 4, 0, p_clock_gettime },
	{ "clock_getres", "res", OUT, 8, 4, OPT | STABLE, p_clock_getres },
	{ "clock_gettime64", "tp", OUT, 16, 8, 0, p_clock_gettime64 },
	{ "clock_getres_time64", "res", OUT, 16, 8, OPT | STABLE,
	  p_clock_getres64 },
	{ "clock_nanosleep", "req", IN, 8, 4, 0, p_clock_nanosleep },
	{ "fstatat64", "path", STR, 0, 8, 0, p_fstatat64_path },
	{ "fstatat64", "buf", OUT, 96, 40, STABLE, p_fstatat64_buf },
	{ "_newselect", "writefds", OUT, 4, 2, OPT | STABLE, p_select_set },
	{ "_newselect", "timeout", IN, 8, 4, OPT, p_select_timeout },
	{ "pselect6", "writefds", OUT, 4, 2, OPT | STABLE, p_pselect6_set },
	{ "pselect6", "timeout", IN, 8, 4, OPT, p_pselect6_timeout },
	{ "pselect6", "sigmask arg", IN, 8, 4, OPT, p_pselect6_sigmask },
	{ "pselect6", "sigmask", IN, 8, 4, OPT, p_pselect6_mask },
	{ "poll", "fds", OUT, 8, 4, STABLE, p_poll },
	{ "getrandom", "buf", OUT, 16, 8, PARTIAL, p_getrandom },
	{ "prctl", "PR_SET_NAME name", STR, 0, 8, 0, p_prctl_set_name },
	{ "prctl", "PR_GET_NAME name", OUT, 16, 8, STABLE, p_prctl_get_name },
};

/*
 * Calls without pointer arguments the kernel reads or writes (addresses
 * of the caller's own mappings are not pointers the kernel follows), and
 * calls not safe to call with bad arguments here (reboot, the sigreturns,
 * whose argument is the stack itself, and set_tid_address, which Linux
 * only stores). Among the later ones: pause and the old sigsuspend
 * (whose mask is a value, not a pointer) only sleep; getgroups32's list
 * is never touched, as on Linux, because a process here has no
 * supplementary groups to copy (the answer is 0 whatever the buffer).
 */
static const char *const no_pointers[] = {
	"exit", "fork", "close", "lseek", "getpid", "kill", "dup", "brk",
	"fcntl", "dup2", "getppid", "reboot", "munmap", "sigreturn",
	"mprotect", "msync", "mlock", "munlock", "mlockall", "munlockall",
	"sched_yield", "mremap", "rt_sigreturn", "vfork", "mmap2",
	"getuid32", "getgid32", "geteuid32", "getegid32", "madvise",
	"fcntl64", "gettid", "exit_group", "set_tid_address", "alarm",
	"pause", "sync", "setpgid", "umask", "getpgrp", "setsid", "getpgid",
	"getsid", "ftruncate", "ftruncate64", "sigsuspend", "getgroups32",
	"tkill", "tgkill", "fchmod",
	NULL,
};

/* The kernel's implemented calls, from its table. */
#define SYSCALL_ENTRY(nr, name)	{ nr, name },
static const struct { int nr; const char *name; } implemented[] = {
#include <syscall_list.h>
};
#undef SYSCALL_ENTRY

/* ---- running a probe ------------------------------------------------------------ */

static unsigned char reference[512];	/* a good call's output */
static const char *failure;

static void put_good_input(const struct probe *pr, unsigned char *p, int n)
{
	const void *src = pr->fn == p_write ? (const void *)write_data :
			  pr->fn == p_old_mmap ? (const void *)old_mmap_args :
			  pr->fn == p_nanosleep ? (const void *)timespec_short :
			  pr->fn == p_sigaction_act ? (const void *)sigaction_ign :
			  pr->fn == p_sigaltstack_ss ? (const void *)altstack_off :
			  pr->fn == p_setrlimit ? (const void *)nofile :
			  pr->fn == p_prlimit64_new ? (const void *)nofile64 :
			  pr->fn == p_clock_nanosleep ?
				(const void *)timespec_short :
			  pr->fn == p_pselect6_sigmask ?
				(const void *)pselect_sigmask :
			  (const void *)&empty_set;

	if (pr->kind == STR) {
		memset(p, 'a', n);	/* no NUL before the end */
		return;
	}
	if (pr->kind == ARGV) {
		for (int i = 0; i + 4 <= n; i += 4)	/* no NULL pointer */
			*(char **)(p + i) = good_argv[0];
		return;
	}
	if (pr->kind == IN)
		memcpy(p, src, n);
}

/*
 * The output of a good call, for comparing what a run-off call wrote:
 * the second of two, as the calls that follow see the state the first
 * left (rt_sigaction's old action is the one it set).
 */
static void take_reference(const struct probe *pr)
{
	pr->fn(reference);
	memset(reference, CANARY, sizeof(reference));
	pr->fn(reference);
}

/* True if the watched pages kept their bytes (all CANARY). */
static bool pages_untouched(void)
{
	const unsigned char *w = (const unsigned char *)area;
	const unsigned char *r = (const unsigned char *)RDONLY;

	for (unsigned long i = 0; i < P; i++)
		if (w[i] != CANARY || r[i] != CANARY)
			return false;
	return true;
}

/*
 * Every byte before the end: untouched, or a good call's byte. (A call
 * whose output differs from call to call -- descriptors, a child's usage
 * -- may leave part of its own output there; nothing can be compared.)
 */
static bool runoff_bytes_legal(const struct probe *pr, const unsigned char *p)
{
	if (!(pr->flags & STABLE))
		return true;
	for (int i = 0; i < pr->runoff; i++)
		if (p[i] != CANARY && p[i] != reference[i])
			return false;
	return true;
}

/* One bad pointer: the result, the caller's memory. */
static bool try_pointer(const struct probe *pr, unsigned long ptr,
			const char *what, bool runoff)
{
	long r;

	if (runoff) {
		memset((void *)(AREA_END - P), CANARY, P);
		put_good_input(pr, (unsigned char *)ptr, pr->runoff);
	}
	r = pr->fn((void *)ptr);
	if (runoff && (pr->flags & PARTIAL) && r > 0 && r <= pr->runoff)
		r = -EFAULT;	/* the part that fitted: allowed */
	if (r != -EFAULT) {
		ktap_diag("%s(%s = %s): %ld, want %d", pr->call, pr->arg, what,
			  r, -EFAULT);
		failure = what;
		return false;
	}
	if (!pages_untouched() ||
	    (runoff && pr->kind == OUT &&
	     !runoff_bytes_legal(pr, (unsigned char *)ptr))) {
		ktap_diag("%s(%s = %s): memory changed", pr->call, pr->arg,
			  what);
		failure = what;
		return false;
	}
	return true;
}

/* Every bad pointer for one argument; true if all gave Linux's answer. */
static bool run_probe(const struct probe *pr)
{
	bool ok = true;

	if (pr->kind == OUT)
		take_reference(pr);
	if (!(pr->flags & OPT))
		ok &= try_pointer(pr, 0, "NULL", false);
	ok &= try_pointer(pr, (unsigned long)-1, "-1", false);
	ok &= try_pointer(pr, 0xC0000000UL, "0xC0000000", false);
	ok &= try_pointer(pr, 0xFFFFF000UL, "0xFFFFF000", false);
	ok &= try_pointer(pr, HOLE, "a hole", false);
	if (pr->kind == OUT)
		ok &= try_pointer(pr, RDONLY, "a read-only page", false);
	ok &= try_pointer(pr, NOACCESS, "a PROT_NONE page", false);
	ok &= try_pointer(pr, AREA_END - pr->runoff, "off a mapping's end",
			  true);
	return ok;
}

static bool listed(const char *name, const char *const *list)
{
	for (int i = 0; list[i]; i++)
		if (!strcmp(list[i], name))
			return true;
	return false;
}

/* Every probe of call @name; how many there were (0: none). */
static int test_call(const char *name, bool *ok)
{
	int n = 0;

	*ok = true;
	for (unsigned int i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		if (strcmp(probes[i].call, name))
			continue;
		n++;
		*ok &= run_probe(&probes[i]);
	}
	return n;
}

int main(void)
{
	int n = sizeof(implemented) / sizeof(implemented[0]), plan = 0;

	set_up_area();
	read_limits();
	syscall1(42, pipe_fds);
	for (int i = 0; i < n; i++)
		plan += !listed(implemented[i].name, no_pointers);
	ktap_plan(plan);
	for (int i = 0; i < n; i++) {
		const char *name = implemented[i].name;
		bool ok;
		int probes_run;

		if (listed(name, no_pointers))
			continue;
		probes_run = test_call(name, &ok);
		if (!probes_run)
			ktap_skip("not described in t_badptr.c",
				  "%s: bad pointers", name);
		else
			ktap_ok(ok, "%s: every bad pointer is EFAULT, memory "
				"unchanged", name);
	}
	return ktap_done();
}
