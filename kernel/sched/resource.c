// SPDX-License-Identifier: GPL-2.0-only
/*
 * resource.c - resource limits, the file-creation mask and the process
 * name: getrlimit, setrlimit, ugetrlimit, prlimit64, umask, prctl,
 * getgroups32 (Linux: kernel/sys.c).
 *
 * Every process has Linux's sixteen limits, inherited across fork and
 * execve. glibc asks for RLIMIT_STACK at startup, ash's `ulimit` shows
 * and sets them all. vmm386 enforces only the limits its own fixed sizes
 * already impose and reports those sizes as the limits: RLIMIT_NOFILE is
 * NR_OPEN, RLIMIT_NPROC is PID_MAX_TASKS, RLIMIT_STACK is the stack
 * region's size. The others are stored and reported, not enforced (say
 * so if you lower one and expect an effect).
 */
#include <sched.h>
#include <errno.h>
#include <fs.h>
#include <string.h>
#include <syscalls.h>
#include <uaccess.h>
#include <resource.h>

/* rlimit64 of prlimit64: two 64-bit values, RLIM64_INFINITY = ~0. */
struct rlimit64 {
	u64 rlim_cur;
	u64 rlim_max;
};

/**
 * Give @p tsk, the first process, Linux's default limits (the ones a
 * process of a fresh Linux 2.6 system sees) bounded by vmm386's sizes.
 */
void rlimit_init(struct task_struct *tsk)
{
	for (int i = 0; i < RLIM_NLIMITS; i++)
		tsk->rlim[i] = (struct rlimit){ RLIM_INFINITY, RLIM_INFINITY };
	tsk->rlim[RLIMIT_STACK].rlim_cur = 8UL << 20;
	tsk->rlim[RLIMIT_CORE].rlim_cur = 0;
	tsk->rlim[RLIMIT_NOFILE] = (struct rlimit){ NR_OPEN, NR_OPEN };
	tsk->rlim[RLIMIT_NPROC] = (struct rlimit){ PID_MAX_TASKS,
						   PID_MAX_TASKS };
	tsk->rlim[RLIMIT_MEMLOCK] = (struct rlimit){ 64UL << 10, 64UL << 10 };
	tsk->rlim[RLIMIT_SIGPENDING] = (struct rlimit){ 64, 64 };
	tsk->umask = 022;
}

/*
 * A new limit for @resource of the current process: -EINVAL if cur
 * exceeds max, -EPERM for raising NOFILE or NPROC beyond vmm386's fixed
 * size (Linux answers -EPERM to a raise above a hard limit too).
 */
static long set_limit(unsigned int resource, struct rlimit new)
{
	if (new.rlim_cur > new.rlim_max)
		return -EINVAL;
	if ((resource == RLIMIT_NOFILE && new.rlim_max > NR_OPEN) ||
	    (resource == RLIMIT_NPROC && new.rlim_max > PID_MAX_TASKS))
		return -EPERM;
	current->rlim[resource] = new;
	return 0;
}

/**
 * getrlimit(2) as ugetrlimit (191): limit @p resource into @p rlim,
 * RLIM_INFINITY as 0xffffffff. -EINVAL for an unknown resource.
 */
long sys_getrlimit(unsigned int resource, struct rlimit __user *rlim)
{
	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	return copy_to_user(rlim, &current->rlim[resource],
			    sizeof(*rlim)) ? -EFAULT : 0;
}

/**
 * The old getrlimit (76) of Linux 2.4's i386, which reports an infinite
 * limit as 0x7fffffff (programs of its time took the value as signed).
 */
long sys_old_getrlimit(unsigned int resource, struct rlimit __user *rlim)
{
	struct rlimit r;

	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	r = current->rlim[resource];
	if (r.rlim_cur > 0x7fffffffUL)
		r.rlim_cur = 0x7fffffffUL;
	if (r.rlim_max > 0x7fffffffUL)
		r.rlim_max = 0x7fffffffUL;
	return copy_to_user(rlim, &r, sizeof(r)) ? -EFAULT : 0;
}

/** setrlimit(2): set limit @p resource from @p rlim (see set_limit()). */
long sys_setrlimit(unsigned int resource, const struct rlimit __user *rlim)
{
	struct rlimit r;

	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (copy_from_user(&r, rlim, sizeof(r)))
		return -EFAULT;
	return set_limit(resource, r);
}

/* A 64-bit limit as the 32-bit one, anything past 32 bits infinite. */
static unsigned long limit32(u64 v)
{
	return v >= RLIM_INFINITY ? RLIM_INFINITY : (unsigned long)v;
}

/* A 32-bit limit as the 64-bit one, RLIM_INFINITY becoming ~0. */
static u64 limit64(unsigned long v)
{
	return v == RLIM_INFINITY ? ~0ULL : v;
}

/**
 * prlimit64(2): read and/or set limit @p resource of process @p pid (0 or
 * the caller's own; another gives -EPERM here: only a process's own
 * limits are changed). glibc's getrlimit64() and setrlimit64() use it.
 */
long sys_prlimit64(int pid, unsigned int resource,
		   const struct rlimit64 __user *new_rlim,
		   struct rlimit64 __user *old_rlim)
{
	struct rlimit64 old, new;
	long err;

	if (resource >= RLIM_NLIMITS)
		return -EINVAL;
	if (pid && pid != current->pid)
		return find_task_by_pid(pid) ? -EPERM : -ESRCH;
	if (new_rlim && copy_from_user(&new, new_rlim, sizeof(new)))
		return -EFAULT;
	old.rlim_cur = limit64(current->rlim[resource].rlim_cur);
	old.rlim_max = limit64(current->rlim[resource].rlim_max);
	if (new_rlim) {
		err = set_limit(resource, (struct rlimit){
					limit32(new.rlim_cur),
					limit32(new.rlim_max) });
		if (err)
			return err;
	}
	if (old_rlim && copy_to_user(old_rlim, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/**
 * umask(2): set the file-creation mask to @p mask & 0777 and return the
 * old one. vmm386's files are created by tmpfs (mode & ~umask).
 */
long sys_umask(unsigned int mask)
{
	unsigned int old = current->umask;

	current->umask = mask & 0777;
	return old;
}

#define PR_SET_NAME	15	/* prctl: set the name (comm) */
#define PR_GET_NAME	16	/* prctl: read it, 16 bytes */

/**
 * prctl(2), the two options busybox uses: PR_SET_NAME gives the process
 * the name ps and /proc/PID/stat show (15 characters and a NUL, as
 * Linux's comm), PR_GET_NAME reads it. Every other option gets -EINVAL,
 * Linux's answer to an option it does not know.
 */
long sys_prctl(int option, unsigned long arg2, unsigned long arg3,
	       unsigned long arg4, unsigned long arg5)
{
	char name[TASK_COMM_LEN];
	long n;

	switch (option) {
	case PR_SET_NAME:
		n = strncpy_from_user(name, (const char __user *)arg2,
				      sizeof(name));
		if (n < 0)
			return n;
		name[sizeof(name) - 1] = '\0';
		strlcpy(current->comm, name, sizeof(current->comm));
		return 0;
	case PR_GET_NAME:
		strlcpy(name, current->comm, sizeof(name));
		return copy_to_user((char __user *)arg2, name, sizeof(name))
		       ? -EFAULT : 0;
	default:
		return -EINVAL;
	}
}


/**
 * getgroups32(2): the supplementary groups. Every process is root and
 * belongs to none besides its own group 0, so the answer is 0 groups,
 * whatever the buffer (-EINVAL for a negative size, as Linux).
 */
long sys_getgroups(int size, u32 __user *list)
{
	return size < 0 ? -EINVAL : 0;
}
