/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file resource.h
 * @brief Resource limits (Linux: linux/resource.h, asm/resource.h): the
 * per-process table getrlimit(), setrlimit() and prlimit64() read and
 * write (kernel/sched/resource.c).
 */
#ifndef _VMM_RESOURCE_H
#define _VMM_RESOURCE_H

#define RLIMIT_CPU		0	/**< CPU time in seconds */
#define RLIMIT_FSIZE		1	/**< largest file */
#define RLIMIT_DATA		2	/**< data segment and heap */
#define RLIMIT_STACK		3	/**< stack size */
#define RLIMIT_CORE		4	/**< core file size */
#define RLIMIT_RSS		5	/**< resident pages */
#define RLIMIT_NPROC		6	/**< processes of the user */
#define RLIMIT_NOFILE		7	/**< open descriptors */
#define RLIMIT_MEMLOCK		8	/**< locked memory */
#define RLIMIT_AS		9	/**< address space */
#define RLIMIT_LOCKS		10	/**< file locks */
#define RLIMIT_SIGPENDING	11	/**< queued signals */
#define RLIMIT_MSGQUEUE		12	/**< POSIX message queues */
#define RLIMIT_NICE		13	/**< nice ceiling */
#define RLIMIT_RTPRIO		14	/**< real-time priority */
#define RLIMIT_RTTIME		15	/**< real-time CPU time */
/** Number of limits (Linux 2.6's; 2.4 had the first eleven). */
#define RLIM_NLIMITS		16

/** No limit, in the 32-bit struct rlimit. */
#define RLIM_INFINITY		(~0UL)

/**
 * struct rlimit - one limit: the soft value in force and the hard
 * ceiling it may be raised to.
 */
struct rlimit {
	unsigned long rlim_cur;	/**< soft limit */
	unsigned long rlim_max;	/**< hard limit */
};

struct task_struct;

void rlimit_init(struct task_struct *tsk);

#endif /* _VMM_RESOURCE_H */
