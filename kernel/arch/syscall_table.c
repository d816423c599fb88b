// SPDX-License-Identifier: GPL-2.0-only
/*
 * syscall_table.c - the system call table and its dispatcher (Linux:
 * sys_call_table in arch/i386/kernel/entry.S).
 *
 * asm/entry.asm's system_call saves the registers as struct pt_regs and
 * calls do_syscall(). The table is indexed by Linux's i386 numbers, so an
 * unmodified Linux program finds each call where it expects it. Every
 * entry carries the call's name, for reports; an entry without a handler
 * is a call vmm386 knows of but does not implement yet.
 */
#include <syscalls.h>
#include <unistd_32.h>
#include <ptrace.h>
#include <kernel.h>
#include <sched.h>
#include <errno.h>
#include <mman.h>

/* A handler taking the six register arguments, ebx to ebp. */
typedef long (*syscall_fn_t)(unsigned long, unsigned long, unsigned long,
			     unsigned long, unsigned long, unsigned long);
/* A handler that needs the whole frame (fork, execve, sigreturn). */
typedef long (*syscall_regs_fn_t)(struct pt_regs *regs);

/**
 * struct syscall_entry - one slot of the system call table.
 */
struct syscall_entry {
	const char *name;	/**< Linux's name, for reports */
	syscall_fn_t fn;	/**< handler of the register arguments */
	syscall_regs_fn_t regs_fn;	/**< or handler of the frame */
};

/*
 * Handlers are declared with their own prototypes; the table calls them
 * through one type with six arguments, which i386's C calling convention
 * allows (the caller pops the arguments, unused ones are ignored).
 */
#define SYSCALL(nr, call) \
	[nr] = { #call, (syscall_fn_t)(void *)sys_##call, NULL }
#define SYSCALL_REGS(nr, call)	[nr] = { #call, NULL, sys_##call }
#define SYSCALL_TODO(nr, call)	[nr] = { #call, NULL, NULL }
/*
 * A call answered -ENOSYS on purpose, quietly: its callers fall back to
 * another call vmm386 has (the reason is given at the entry).
 */
#define SYSCALL_ENOSYS(nr, call) \
	[nr] = { #call, (syscall_fn_t)(void *)sys_enosys, NULL }

/* The handler of SYSCALL_ENOSYS entries. */
static long sys_enosys(void)
{
	return -ENOSYS;
}

static const struct syscall_entry sys_call_table[NR_syscalls] = {
	SYSCALL(__NR_exit, exit),
	SYSCALL_REGS(__NR_fork, fork),
	SYSCALL(__NR_read, read),
	SYSCALL(__NR_write, write),
	SYSCALL(__NR_open, open),
	SYSCALL(__NR_close, close),
	SYSCALL(__NR_waitpid, waitpid),
	SYSCALL(__NR_unlink, unlink),
	SYSCALL_REGS(__NR_execve, execve),
	SYSCALL(__NR_chdir, chdir),
	SYSCALL(__NR_lseek, lseek),
	SYSCALL(__NR_getpid, getpid),
	SYSCALL(__NR_kill, kill),
	SYSCALL(__NR_tkill, tkill),
	SYSCALL(__NR_tgkill, tgkill),
	SYSCALL(__NR_mkdir, mkdir),
	SYSCALL(__NR_rmdir, rmdir),
	SYSCALL(__NR_dup, dup),
	SYSCALL(__NR_pipe, pipe),
	SYSCALL(__NR_brk, brk),
	SYSCALL(__NR_ioctl, ioctl),
	SYSCALL(__NR_fcntl, fcntl64),
	SYSCALL(__NR_dup2, dup2),
	SYSCALL(__NR_getppid, getppid),
	SYSCALL(__NR_reboot, reboot),
	SYSCALL(__NR_mmap, old_mmap),
	SYSCALL(__NR_munmap, munmap),
	SYSCALL(__NR_ftruncate, ftruncate),
	SYSCALL(__NR_wait4, wait4),
	SYSCALL_REGS(__NR_sigreturn, sigreturn),
	SYSCALL(__NR_uname, uname),
	SYSCALL(__NR_mprotect, mprotect),
	SYSCALL(__NR__llseek, llseek),
	SYSCALL(__NR_msync, msync),
	SYSCALL(__NR_mlock, mlock),
	SYSCALL(__NR_munlock, munlock),
	SYSCALL(__NR_mlockall, mlockall),
	SYSCALL(__NR_munlockall, munlockall),
	SYSCALL(__NR_sched_yield, sched_yield),
	SYSCALL(__NR_nanosleep, nanosleep),
	SYSCALL(__NR_mremap, mremap),
	SYSCALL_REGS(__NR_rt_sigreturn, rt_sigreturn),
	SYSCALL(__NR_rt_sigaction, rt_sigaction),
	SYSCALL(__NR_rt_sigprocmask, rt_sigprocmask),
	SYSCALL(__NR_getcwd, getcwd),
	SYSCALL_REGS(__NR_vfork, vfork),
	SYSCALL(__NR_mmap2, mmap2),
	SYSCALL(__NR_ftruncate64, ftruncate64),
	SYSCALL(__NR_stat64, stat64),
	SYSCALL(__NR_lstat64, lstat64),
	SYSCALL(__NR_fstat64, fstat64),
	SYSCALL(__NR_getuid32, getuid),
	SYSCALL(__NR_getgid32, getuid),
	SYSCALL(__NR_geteuid32, getuid),
	SYSCALL(__NR_getegid32, getuid),
	SYSCALL(__NR_mincore, mincore),
	SYSCALL(__NR_madvise, madvise),
	SYSCALL(__NR_getdents64, getdents64),
	SYSCALL(__NR_fcntl64, fcntl64),
	SYSCALL(__NR_gettid, gettid),
	SYSCALL(__NR_set_thread_area, set_thread_area),
	SYSCALL(__NR_exit_group, exit_group),
	SYSCALL(__NR_set_tid_address, set_tid_address),
	SYSCALL(__NR_openat, openat),
	SYSCALL(__NR_pipe2, pipe2),
	/* the terminal, poll/select, time, process groups (issue 14) */
	SYSCALL(__NR_time, time),
	SYSCALL(__NR_times, times),
	SYSCALL(__NR_setpgid, setpgid),
	SYSCALL(__NR_getpgrp, getpgrp),
	SYSCALL(__NR_setsid, setsid),
	SYSCALL(__NR_gettimeofday, gettimeofday),
	SYSCALL(__NR_sysinfo, sysinfo),
	SYSCALL(__NR_getpgid, getpgid),
	SYSCALL(__NR__newselect, select),
	SYSCALL(__NR_getsid, getsid),
	SYSCALL(__NR_poll, poll),
	SYSCALL(__NR_clock_gettime, clock_gettime),
	SYSCALL(__NR_clock_getres, clock_getres),
	SYSCALL(__NR_clock_nanosleep, clock_nanosleep),
	SYSCALL(__NR_pselect6, pselect6),
	SYSCALL(__NR_clock_gettime64, clock_gettime64),
	SYSCALL(__NR_clock_getres_time64, clock_getres64),
	/* ---- what glibc 2.36 and busybox need (issue 14) ---- */
	SYSCALL(__NR_access, access),
	SYSCALL(__NR_umask, umask),
	SYSCALL(__NR_setrlimit, setrlimit),
	SYSCALL(__NR_getrlimit, old_getrlimit),
	SYSCALL(__NR_readlink, readlink),
	SYSCALL_REGS(__NR_clone, clone),
	SYSCALL(__NR_ugetrlimit, getrlimit),
	SYSCALL(__NR_get_thread_area, get_thread_area),
	SYSCALL(__NR_fstatat64, fstatat64),
	SYSCALL(__NR_prlimit64, prlimit64),
	SYSCALL(__NR_getrandom, getrandom),
	SYSCALL(__NR_sync, sync),
	SYSCALL(__NR_prctl, prctl),
	SYSCALL(__NR_getgroups32, getgroups),
	/* df and mount, chmod (statfs.c) */
	SYSCALL(__NR_statfs, statfs),
	SYSCALL(__NR_fstatfs, fstatfs),
	SYSCALL(__NR_statfs64, statfs64),
	SYSCALL(__NR_fstatfs64, fstatfs64),
	SYSCALL(__NR_chmod, chmod),
	SYSCALL(__NR_fchmod, fchmod),
	/*
	 * Deliberately -ENOSYS, without a report: glibc falls back. statx:
	 * to fstatat64 (one stat structure is enough to keep right);
	 * set_robust_list and rseq: threads' futex lists and restartable
	 * sequences, which need threads vmm386 does not have; sendfile64:
	 * busybox's cat and cp copy with read() and write() on any error;
	 */
	SYSCALL_ENOSYS(__NR_sendfile64, sendfile64),
	SYSCALL_ENOSYS(__NR_statx, statx),
	SYSCALL_ENOSYS(__NR_set_robust_list, set_robust_list),
	SYSCALL_ENOSYS(__NR_rseq, rseq),
	/* Waiting for signals, and the alternate signal stack. */
	SYSCALL(__NR_alarm, alarm),
	SYSCALL(__NR_pause, pause),
	SYSCALL(__NR_sigsuspend, sigsuspend),
	SYSCALL(__NR_sigpending, sigpending),
	SYSCALL(__NR_rt_sigpending, rt_sigpending),
	SYSCALL(__NR_rt_sigsuspend, rt_sigsuspend),
	SYSCALL(__NR_sigaltstack, sigaltstack),
};

/* Numbers above the table already reported (a few; the rest are quiet). */
static unsigned long reported_high[8];
static unsigned long reported_low[NR_syscalls / 32 + 1];

/* True the first time @nr is asked about, so each is reported once. */
static bool first_report(unsigned long nr)
{
	if (nr < NR_syscalls) {
		unsigned long bit = 1UL << (nr % 32);
		bool first = !(reported_low[nr / 32] & bit);

		reported_low[nr / 32] |= bit;
		return first;
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(reported_high); i++) {
		if (reported_high[i] == nr)
			return false;
		if (!reported_high[i]) {
			reported_high[i] = nr;
			return true;
		}
	}
	return false;
}

/*
 * A call with no handler: -ENOSYS, and one line in the log the first time
 * each number is used, naming the call if the table knows it.
 */
static long ni_syscall(unsigned long nr, const char *name)
{
	if (first_report(nr)) {
		if (name)
			printk(KERN_WARNING "vmm386: system call %lu (%s) not implemented\n",
			       nr, name);
		else
			printk(KERN_WARNING "vmm386: system call %lu not implemented\n",
			       nr);
	}
	return -ENOSYS;
}

/** The name of system call @p nr, or NULL if the table has none. */
const char *syscall_name(unsigned long nr)
{
	return nr < NR_syscalls ? sys_call_table[nr].name : NULL;
}

/**
 * Run the system call whose number is in @p regs->orig_eax with the
 * arguments in ebx, ecx, edx, esi, edi and ebp, and leave its result in
 * @p regs->eax, where the return to user mode loads it. Numbers are
 * unsigned: a negative number is a huge one, and gets -ENOSYS.
 */
void do_syscall(struct pt_regs *regs)
{
	unsigned long nr = regs->orig_eax;
	const struct syscall_entry *e;

	if (nr == __NR_vmm386_checkpoint) {
		regs->eax = sys_vmm386_checkpoint((const char __user *)regs->ebx);
		return;
	}
	if (nr == __NR_vmm386_leak_counters) {
		regs->eax = sys_vmm386_leak_counters((void __user *)regs->ebx,
						     regs->ecx);
		return;
	}
	if (nr == __NR_vmm386_audit) {
		regs->eax = sys_vmm386_audit();
		return;
	}
	if (nr >= NR_syscalls) {
		regs->eax = ni_syscall(nr, NULL);
		return;
	}
	e = &sys_call_table[nr];
	if (e->regs_fn)
		regs->eax = e->regs_fn(regs);
	else if (e->fn)
		regs->eax = e->fn(regs->ebx, regs->ecx, regs->edx, regs->esi,
				  regs->edi, regs->ebp);
	else
		regs->eax = ni_syscall(nr, e->name);
}
