// SPDX-License-Identifier: GPL-2.0-only
/*
 * sys.c - the small system calls: identities, uname, reboot, sleeping,
 * brk, and vmm386's checkpoint (Linux: kernel/sys.c, kernel/timer.c,
 * mm/mmap.c's sys_brk).
 */
#include <syscalls.h>
#include <sched.h>
#include <kernel.h>
#include <string.h>
#include <errno.h>
#include <reboot.h>
#include <version.h>
#include <jiffies.h>
#include <desc.h>
#include <mm_types.h>
#include <checkpoint.h>
#include <leakcheck.h>
#include <signal.h>

/** getpid(2). */
long sys_getpid(void)
{
	return current->pid;
}

/** gettid(2): one thread per process, so the pid. */
long sys_gettid(void)
{
	return current->pid;
}

/** getppid(2): the parent's pid (0 for init, whose parent is swapper). */
long sys_getppid(void)
{
	return current->parent ? current->parent->pid : 0;
}

/** getuid32(2) and its kin: every process is root. */
long sys_getuid(void)
{
	return 0;
}

/* struct new_utsname: six 65-byte strings. */
struct new_utsname {
	char sysname[65], nodename[65], release[65];
	char version[65], machine[65], domainname[65];
};

/**
 * uname(2). The system calls are Linux's, so the system says it is Linux;
 * the release names the model and vmm386.
 */
long sys_uname(void __user *name)
{
	struct new_utsname u;

	memset(&u, 0, sizeof(u));
	strlcpy(u.sysname, "Linux", sizeof(u.sysname));
	strlcpy(u.nodename, "vmm386", sizeof(u.nodename));
	strlcpy(u.release, "2.4.22-vmm386-" VMM386_RELEASE, sizeof(u.release));
	strlcpy(u.version, "#1", sizeof(u.version));
	strlcpy(u.machine, "i686", sizeof(u.machine));
	strlcpy(u.domainname, "(none)", sizeof(u.domainname));
	return copy_to_user(name, &u, sizeof(u)) ? -EFAULT : 0;
}

#define LINUX_REBOOT_MAGIC1		0xfee1dead
#define LINUX_REBOOT_MAGIC2		672274793
#define LINUX_REBOOT_MAGIC2A		85072278
#define LINUX_REBOOT_MAGIC2B		369367448
#define LINUX_REBOOT_MAGIC2C		537993216
#define LINUX_REBOOT_CMD_RESTART	0x01234567
#define LINUX_REBOOT_CMD_HALT		0xCDEF0123
#define LINUX_REBOOT_CMD_POWER_OFF	0x4321FEDC
#define LINUX_REBOOT_CMD_CAD_ON		0x89ABCDEF
#define LINUX_REBOOT_CMD_CAD_OFF	0x00000000

/**
 * reboot(2) with Linux's magic numbers: POWER_OFF ends the machine (under
 * Bochs, the run), HALT stops it, RESTART is treated as a power-off (there
 * is nothing to restart into). Wrong magic: -EINVAL.
 */
long sys_reboot(int magic1, int magic2, unsigned int cmd, void __user *arg)
{
	if ((unsigned int)magic1 != LINUX_REBOOT_MAGIC1 ||
	    (magic2 != LINUX_REBOOT_MAGIC2 && magic2 != LINUX_REBOOT_MAGIC2A &&
	     magic2 != LINUX_REBOOT_MAGIC2B && magic2 != LINUX_REBOOT_MAGIC2C))
		return -EINVAL;
	switch (cmd) {
	case LINUX_REBOOT_CMD_POWER_OFF:
	case LINUX_REBOOT_CMD_RESTART:
		printk(KERN_EMERG "System halted.\n");
		machine_power_off();
	case LINUX_REBOOT_CMD_HALT:
		printk(KERN_EMERG "System halted.\n");
		machine_halt();
	case LINUX_REBOOT_CMD_CAD_ON:
	case LINUX_REBOOT_CMD_CAD_OFF:
		return 0;
	default:
		return -EINVAL;
	}
}

/** sched_yield(2). */
long sys_sched_yield(void)
{
	yield();
	return 0;
}

/* struct timespec of 32-bit Linux. */
struct timespec32 {
	long tv_sec;
	long tv_nsec;
};

/* @ts as timer ticks, rounded up: the sleep is never shorter. */
static unsigned long timespec_to_ticks(const struct timespec32 *ts)
{
	return ts->tv_sec * HZ + (ts->tv_nsec + 1000000000L / HZ - 1) /
				 (1000000000L / HZ);
}

/* @ticks as a struct timespec32. */
static struct timespec32 ticks_to_timespec(unsigned long ticks)
{
	struct timespec32 ts = { ticks / HZ,
				 (ticks % HZ) * (1000000000L / HZ) };

	return ts;
}

/**
 * nanosleep(2), to the timer's resolution (10 ms), rounded up. A signal
 * ends the sleep early, Linux 2.4's way: -EINTR, and the time left stored
 * at @p rem if it is not NULL -- even when the signal had no handler (a
 * stop and continue), which is the wart Linux 2.6 removed: there the call
 * returns -ERESTART_RESTARTBLOCK with the remaining time kept in the
 * task's restart_block, so a signal without a handler resumes the sleep
 * for what is left and only a handler sees -EINTR.
 */
long sys_nanosleep(const void __user *req, void __user *rem)
{
	struct timespec32 ts;
	unsigned long left;

	if (copy_from_user(&ts, req, sizeof(ts)))
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000L)
		return -EINVAL;
	left = schedule_timeout_interruptible(timespec_to_ticks(&ts));
	if (!left)
		return 0;
	ts = ticks_to_timespec(left);
	if (rem && copy_to_user(rem, &ts, sizeof(ts)))
		return -EFAULT;
	return -EINTR;
}

/**
 * alarm(2): send SIGALRM after @p seconds (0: cancel). Returns the
 * seconds that were left of the previous alarm, rounded up so that a
 * pending alarm never reads as 0 (as Linux does).
 */
long sys_alarm(unsigned int seconds)
{
	struct task_struct *tsk = current;
	unsigned long flags, left = 0;

	local_irq_save(flags);
	if (tsk->alarm_at && time_before(jiffies, tsk->alarm_at))
		left = (tsk->alarm_at - jiffies + HZ - 1) / HZ;
	tsk->alarm_at = seconds ? jiffies + seconds * HZ : 0;
	if (seconds && !tsk->alarm_at)
		tsk->alarm_at = 1;
	local_irq_restore(flags);
	return left;
}

/**
 * set_tid_address(2): remember where to clear the thread id at exit
 * (threads are not implemented, so it is only stored) and return the tid.
 */
long sys_set_tid_address(int __user *tidptr)
{
	current->clear_child_tid = tidptr;
	return current->pid;
}

/**
 * vmm386's own system call (number 1000, unused by Linux, where it fails
 * with -ENOSYS): a checkpoint reached from a user program. The kernel
 * prints what it believes -- the process's page directory, the top of its
 * kernel stack, the user eip the call came from -- and stops at a magic
 * breakpoint, where the host's oracle checks those claims from outside.
 * @p name (at most 31 characters) names the checkpoint.
 */
long sys_vmm386_checkpoint(const char __user *name)
{
	struct task_struct *tsk = current;
	struct pt_regs *regs = task_pt_regs(tsk);
	char buf[32];
	long n = strncpy_from_user(buf, name, sizeof(buf));

	if (n < 0)
		return n;
	if (n == sizeof(buf))
		return -ENAMETOOLONG;
	checkpoint(buf, "pid=%d task=%#lx pgd=%#lx esp0=%#lx ueip=%#lx",
		   tsk->pid, (unsigned long)tsk, __pa(tsk->mm->pgd),
		   tsk->thread.esp0, regs->eip);
	return 0;
}

/**
 * vmm386's system call 1001 (-ENOSYS on Linux): copy up to @p max of the
 * kernel's leak counters (free pages, tasks, slab objects ...), settled,
 * to @p buf, an array of struct leak_counter_value. Returns how many were
 * copied. The user-space test runner compares them around each program.
 */
long sys_vmm386_leak_counters(void __user *buf, int max)
{
	struct leak_counter_value vals[16];
	int n;

	if (max < 0)
		return -EINVAL;
	n = read_leak_counters(vals, max < 16 ? max : 16);
	if (copy_to_user(buf, vals, n * sizeof(vals[0])))
		return -EFAULT;
	return n;
}
