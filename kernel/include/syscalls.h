/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file syscalls.h
 * @brief The system call handlers (Linux: linux/syscalls.h). Each takes
 * the register arguments of its call, in order, with the types Linux
 * gives them, and returns a result or a negative errno.
 */
#ifndef _VMM_SYSCALLS_H
#define _VMM_SYSCALLS_H

#include <types.h>
#include <uaccess.h>

struct pt_regs;

long sys_exit(int code);
long sys_exit_group(int code);
long sys_fork(struct pt_regs *regs);
long sys_execve(struct pt_regs *regs);
long sys_read(unsigned int fd, char __user *buf, unsigned long count);
long sys_write(unsigned int fd, const char __user *buf, unsigned long count);
long sys_close(unsigned int fd);
long sys_waitpid(int pid, int __user *status, int options);
long sys_wait4(int pid, int __user *status, int options, void __user *ru);
long sys_lseek(unsigned int fd, long offset, unsigned int whence);
long sys_llseek(unsigned int fd, unsigned long offset_high,
		unsigned long offset_low, long long __user *result,
		unsigned int whence);
long sys_getpid(void);
long sys_getppid(void);
long sys_gettid(void);
long sys_kill(int pid, int sig);
long sys_tgkill(int tgid, int tid, int sig);
long sys_tkill(int tid, int sig);
long sys_dup(unsigned int fd);
long sys_dup2(unsigned int oldfd, unsigned int newfd);
long sys_ioctl(unsigned int fd, unsigned int cmd, unsigned long arg);
long sys_fcntl64(unsigned int fd, unsigned int cmd, unsigned long arg);
long sys_reboot(int magic1, int magic2, unsigned int cmd, void __user *arg);
long sys_uname(void __user *name);
long sys_sched_yield(void);
long sys_nanosleep(const void __user *req, void __user *rem);
/** rt_sigprocmask(2): change the blocked set (kernel/sched/signal.c). */
long sys_rt_sigprocmask(int how, const unsigned long long __user *set,
			unsigned long long __user *oset, unsigned long size);
long sys_getuid(void);
long sys_set_tid_address(int __user *tidptr);
long sys_open(const char __user *path, unsigned int flags, unsigned int mode);
long sys_openat(int dirfd, const char __user *path, unsigned int flags,
		unsigned int mode);
long sys_stat64(const char __user *path, void __user *buf);
long sys_fstat64(unsigned int fd, void __user *buf);
long sys_getdents64(unsigned int fd, void __user *buf, unsigned int count);
long sys_getcwd(char __user *buf, unsigned long size);
long sys_chdir(const char __user *path);
long sys_unlink(const char __user *path);
long sys_mkdir(const char __user *path, unsigned int mode);
long sys_rmdir(const char __user *path);
long sys_ftruncate(unsigned int fd, unsigned long length);
long sys_ftruncate64(unsigned int fd, unsigned long length_low,
		     unsigned long length_high);
long sys_pipe(int __user *fds);
long sys_pipe2(int __user *fds, unsigned int flags);
/** rt_sigaction(2): read or set a signal's action (kernel/sched/signal.c). */
long sys_rt_sigaction(int sig, const void __user *act, void __user *oact,
		      unsigned long size);
long sys_sigreturn(struct pt_regs *regs);
long sys_pause(void);
long sys_alarm(unsigned int seconds);
long sys_sigsuspend(int history0, int history1, unsigned long mask);
/** rt_sigsuspend(2): wait for a signal with a mask (kernel/sched/signal.c). */
long sys_rt_sigsuspend(const unsigned long long __user *mask,
		       unsigned long size);
/** sigpending(2), the old call (kernel/sched/signal.c). */
long sys_sigpending(unsigned long __user *set);
/** rt_sigpending(2): the blocked, pending signals (kernel/sched/signal.c). */
long sys_rt_sigpending(unsigned long long __user *set, unsigned long size);
/** sigaltstack(2): the alternate signal stack (kernel/sched/signal.c). */
long sys_sigaltstack(const void __user *uss, void __user *uoss);
long sys_rt_sigreturn(struct pt_regs *regs);
long sys_old_mmap(const void __user *arg);
/* ---- the terminal, poll/select, time, process groups (issue 14) ---- */
struct pollfd;
struct timeval32;
struct timespec32;
struct timespec64;
struct tms;
struct sysinfo;
struct sigmask_arg;
long sys_setpgid(int pid, int pgid);
long sys_getpgid(int pid);
long sys_getpgrp(void);
long sys_setsid(void);
long sys_getsid(int pid);
long sys_poll(struct pollfd __user *ufds, unsigned int nfds, long timeout_ms);
long sys_select(int n, void __user *inp, void __user *outp,
		void __user *exp, struct timeval32 __user *tvp);
long sys_pselect6(int n, void __user *inp, void __user *outp,
		  void __user *exp, struct timespec32 __user *tsp,
		  const struct sigmask_arg __user *smp);
long sys_time(s32 __user *tloc);
long sys_gettimeofday(struct timeval32 __user *tv, void __user *tz);
long sys_clock_gettime(int clk, struct timespec32 __user *ts);
long sys_clock_gettime64(int clk, struct timespec64 __user *ts);
long sys_clock_getres(int clk, struct timespec32 __user *ts);
long sys_clock_getres64(int clk, struct timespec64 __user *ts);
long sys_clock_nanosleep(int clk, int flags,
			 const struct timespec32 __user *req,
			 struct timespec32 __user *rem);
long sys_times(struct tms __user *buf);
long sys_sysinfo(struct sysinfo __user *info);
/* ---- what glibc and busybox need (issue 14) ---- */
long sys_clone(struct pt_regs *regs);
long sys_vfork(struct pt_regs *regs);
struct user_desc;
long sys_set_thread_area(struct user_desc __user *u_info);
long sys_get_thread_area(struct user_desc __user *u_info);
long sys_lstat64(const char __user *path, void __user *buf);
long sys_fstatat64(int dirfd, const char __user *path, void __user *buf,
		   int flags);
long sys_readlink(const char __user *path, char __user *buf, int size);
long sys_access(const char __user *path, int mode);
long sys_statfs(const char __user *path, void __user *buf);
long sys_fstatfs(unsigned int fd, void __user *buf);
long sys_statfs64(const char __user *path, size_t size, void __user *buf);
long sys_fstatfs64(unsigned int fd, size_t size, void __user *buf);
long sys_chmod(const char __user *path, unsigned int mode);
long sys_fchmod(unsigned int fd, unsigned int mode);
struct rlimit;
struct rlimit64;
long sys_getrlimit(unsigned int resource, struct rlimit __user *rlim);
long sys_old_getrlimit(unsigned int resource, struct rlimit __user *rlim);
long sys_setrlimit(unsigned int resource, const struct rlimit __user *rlim);
long sys_prlimit64(int pid, unsigned int resource,
		   const struct rlimit64 __user *new_rlim,
		   struct rlimit64 __user *old_rlim);
long sys_umask(unsigned int mask);
long sys_getrandom(void __user *buf, unsigned long count, unsigned int flags);
long sys_prctl(int option, unsigned long arg2, unsigned long arg3,
	       unsigned long arg4, unsigned long arg5);
long sys_sync(void);
long sys_getgroups(int size, u32 __user *list);
long sys_vmm386_checkpoint(const char __user *name);
long sys_vmm386_leak_counters(void __user *buf, int max);
long sys_vmm386_audit(void);

#endif /* _VMM_SYSCALLS_H */
