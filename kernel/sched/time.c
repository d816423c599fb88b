// SPDX-License-Identifier: GPL-2.0-only
/*
 * time.c - the clocks and the time system calls: time, gettimeofday,
 * clock_gettime, clock_getres, clock_nanosleep, times, sysinfo; CPU-time
 * and load-average accounting; schedule_timeout() (Linux: kernel/time.c,
 * kernel/timer.c, kernel/sys.c's sysinfo, arch/i386/kernel/time.c).
 *
 * Time is the PIT's tick count (jiffies, HZ a second) plus the fraction
 * of a tick channel 0's counter has counted down since, so a reading
 * moves in steps of under a microsecond. The wall clock is that plus the
 * CMOS clock's reading at boot: Linux 2.4 also reads the CMOS clock once
 * and then counts ticks. Under Bochs with `clock: sync=none, time0=1`
 * the CMOS clock says 1970-01-01 00:00:01 and every run sees the same
 * times at the same instructions.
 */
#include <timekeeping.h>
#include <sched.h>
#include <jiffies.h>
#include <math64.h>
#include <io.h>
#include <irq.h>
#include <gfp.h>
#include <mm.h>
#include <kernel.h>
#include <string.h>
#include <errno.h>
#include <syscalls.h>
#include <system.h>
#include <uaccess.h>

#define CLOCK_REALTIME		0
#define CLOCK_MONOTONIC		1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID	3
#define CLOCK_MONOTONIC_RAW	4
#define CLOCK_REALTIME_COARSE	5
#define CLOCK_MONOTONIC_COARSE	6
#define CLOCK_BOOTTIME		7
#define TIMER_ABSTIME		1

#define NSEC_PER_TICK	(NSEC_PER_SEC / HZ)
/* Resolution of the fine clocks: one count of the PIT, rounded up. */
#define PIT_RES_NS	839

struct kernel_stat kstat;
unsigned long avenrun[3];
unsigned long boot_epoch;

/* struct timespec and struct timeval of 32-bit Linux. */
struct timespec32 {
	s32 tv_sec;
	s32 tv_nsec;
};

struct timeval32 {
	s32 tv_sec;
	s32 tv_usec;
};

/* struct __kernel_timespec: the time64 calls' 64-bit timespec. */
struct timespec64 {
	s64 tv_sec;
	s64 tv_nsec;
};

/* ---- the CMOS clock --------------------------------------------------- */

#define CMOS_INDEX	0x70
#define CMOS_DATA	0x71
#define RTC_UIP		0x80	/* register A: an update is in progress */
#define RTC_DM_BINARY	0x04	/* register B: values are binary, not BCD */

/* One CMOS register. */
static unsigned int cmos_read(unsigned int reg)
{
	outb(reg, CMOS_INDEX);
	return inb(CMOS_DATA);
}

/* A CMOS time field, converted from BCD unless the clock is binary. */
static unsigned int cmos_field(unsigned int reg, bool binary)
{
	unsigned int v = cmos_read(reg);

	return binary ? v : (v & 15) + (v >> 4) * 10;
}

/* Days from 1970-01-01 to @year-@mon-@day (Gauss's algorithm). */
static unsigned long days_since_epoch(unsigned int year, unsigned int mon,
				      unsigned int day)
{
	if (mon <= 2) {		/* March first: February ends the year */
		mon += 12;
		year--;
	}
	return year * 365 + year / 4 - year / 100 + year / 400 +
	       (153 * (mon - 3) + 2) / 5 + day - 719469;
}

/*
 * Seconds since the Epoch by the CMOS clock, read once no update is in
 * progress (the clock counts in local time; vmm386 takes it as UTC).
 */
static unsigned long read_cmos_time(void)
{
	unsigned int sec, min, hour, day, mon, year, cent;
	bool binary;
	int spins = 1000000;

	while ((cmos_read(0x0a) & RTC_UIP) && --spins)
		;
	binary = cmos_read(0x0b) & RTC_DM_BINARY;
	sec = cmos_field(0x00, binary);
	min = cmos_field(0x02, binary);
	hour = cmos_field(0x04, binary);
	day = cmos_field(0x07, binary);
	mon = cmos_field(0x08, binary);
	year = cmos_field(0x09, binary);
	cent = cmos_field(0x32, binary);
	year += cent >= 19 && cent <= 20 ? cent * 100 : year < 70 ? 2000 : 1900;
	if (mon < 1 || mon > 12 || day < 1 || day > 31)
		return 0;
	return ((days_since_epoch(year, mon, day) * 24 + hour) * 60 + min) *
	       60 + sec;
}

/** Read the wall clock's starting point (from time_init()). */
void timekeeping_init(void)
{
	boot_epoch = read_cmos_time();
}

/* ---- reading the clocks ----------------------------------------------- */

/** Nanoseconds since boot: whole ticks plus the PIT's fraction of one. */
u64 monotonic_ns(void)
{
	unsigned long flags, ticks, frac;

	local_irq_save(flags);
	ticks = jiffies;
	frac = pit_ns_since_tick();
	local_irq_restore(flags);
	return (u64)ticks * NSEC_PER_TICK + frac;
}

/** Nanoseconds since the Epoch. */
u64 realtime_ns(void)
{
	return (u64)boot_epoch * NSEC_PER_SEC + monotonic_ns();
}

/* Split @ns into seconds and nanoseconds. */
static void ns_split(u64 ns, s64 *sec, long *nsec)
{
	u32 rem;

	*sec = div_u64_rem(ns, NSEC_PER_SEC, &rem);
	*nsec = rem;
}

/* Ticks as nanoseconds. */
static u64 ticks_ns(unsigned long ticks)
{
	return (u64)ticks * NSEC_PER_TICK;
}

/*
 * Clock @clk now, in nanoseconds, into *@ns; -EINVAL for a clock vmm386
 * does not have. The coarse clocks stop at the last tick, as in Linux.
 */
static int clock_read(int clk, u64 *ns)
{
	switch (clk) {
	case CLOCK_REALTIME:
		*ns = realtime_ns();
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_BOOTTIME:
		*ns = monotonic_ns();
		return 0;
	case CLOCK_REALTIME_COARSE:
		*ns = (u64)boot_epoch * NSEC_PER_SEC + ticks_ns(jiffies);
		return 0;
	case CLOCK_MONOTONIC_COARSE:
		*ns = ticks_ns(jiffies);
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		*ns = ticks_ns(current->utime + current->stime);
		return 0;
	default:
		return -EINVAL;
	}
}

/* The resolution of clock @clk in nanoseconds, or -EINVAL. */
static long clock_resolution(int clk)
{
	switch (clk) {
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_BOOTTIME:
		return PIT_RES_NS;
	case CLOCK_REALTIME_COARSE:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_PROCESS_CPUTIME_ID:
	case CLOCK_THREAD_CPUTIME_ID:
		return NSEC_PER_TICK;
	default:
		return -EINVAL;
	}
}

/* Store @ns at @ts as a 32-bit struct timespec. */
static long put_timespec32(u64 ns, struct timespec32 __user *ts)
{
	struct timespec32 t;
	s64 sec;
	long nsec;

	ns_split(ns, &sec, &nsec);
	t.tv_sec = (s32)sec;
	t.tv_nsec = nsec;
	return copy_to_user(ts, &t, sizeof(t)) ? -EFAULT : 0;
}

/* Store @ns at @ts as a 64-bit struct __kernel_timespec. */
static long put_timespec64(u64 ns, struct timespec64 __user *ts)
{
	struct timespec64 t;
	long nsec;

	ns_split(ns, &t.tv_sec, &nsec);
	t.tv_nsec = nsec;
	return copy_to_user(ts, &t, sizeof(t)) ? -EFAULT : 0;
}

/** time(2): seconds since the Epoch, also stored at @p tloc if not NULL. */
long sys_time(s32 __user *tloc)
{
	s64 sec;
	long nsec;

	ns_split(realtime_ns(), &sec, &nsec);
	if (tloc && put_user((s32)sec, tloc))
		return -EFAULT;
	return (s32)sec;
}

/**
 * gettimeofday(2): the wall clock in seconds and microseconds; the time
 * zone, if asked for, is UTC (zeros).
 */
long sys_gettimeofday(struct timeval32 __user *tv, void __user *tz)
{
	if (tv) {
		struct timeval32 t;
		s64 sec;
		long nsec;

		ns_split(realtime_ns(), &sec, &nsec);
		t.tv_sec = (s32)sec;
		t.tv_usec = nsec / 1000;
		if (copy_to_user(tv, &t, sizeof(t)))
			return -EFAULT;
	}
	if (tz && clear_user(tz, 8))
		return -EFAULT;
	return 0;
}

/**
 * clock_gettime(2): CLOCK_REALTIME, CLOCK_MONOTONIC (also _RAW and
 * BOOTTIME: vmm386 never suspends and never slews), their _COARSE
 * versions, and the calling process's CPU time. -EINVAL for other ids.
 */
long sys_clock_gettime(int clk, struct timespec32 __user *ts)
{
	u64 ns;
	int err = clock_read(clk, &ns);

	return err ? err : put_timespec32(ns, ts);
}

/** clock_gettime64(2): clock_gettime() with a 64-bit timespec. */
long sys_clock_gettime64(int clk, struct timespec64 __user *ts)
{
	u64 ns;
	int err = clock_read(clk, &ns);

	return err ? err : put_timespec64(ns, ts);
}

/** clock_getres(2): the clock's resolution; @p ts may be NULL. */
long sys_clock_getres(int clk, struct timespec32 __user *ts)
{
	long res = clock_resolution(clk);

	if (res < 0)
		return res;
	return ts ? put_timespec32(res, ts) : 0;
}

/** clock_getres_time64(2): clock_getres() with a 64-bit timespec. */
long sys_clock_getres64(int clk, struct timespec64 __user *ts)
{
	long res = clock_resolution(clk);

	if (res < 0)
		return res;
	return ts ? put_timespec64(res, ts) : 0;
}

/**
 * clock_nanosleep(2) on CLOCK_REALTIME or CLOCK_MONOTONIC: a relative
 * sleep is nanosleep(); with TIMER_ABSTIME, the sleep lasts until the
 * clock reads @p req (at once if it is past).
 */
long sys_clock_nanosleep(int clk, int flags,
			 const struct timespec32 __user *req,
			 struct timespec32 __user *rem)
{
	struct timespec32 t;
	u64 now, when;

	if (clk != CLOCK_REALTIME && clk != CLOCK_MONOTONIC)
		return clk == CLOCK_PROCESS_CPUTIME_ID ? -EINVAL : -EOPNOTSUPP;
	if (!(flags & TIMER_ABSTIME))
		return sys_nanosleep(req, rem);
	if (copy_from_user(&t, req, sizeof(t)))
		return -EFAULT;
	if (t.tv_sec < 0 || t.tv_nsec < 0 || t.tv_nsec >= NSEC_PER_SEC)
		return -EINVAL;
	clock_read(clk, &now);
	when = (u64)t.tv_sec * NSEC_PER_SEC + t.tv_nsec;
	if (when > now)		/* rounded up, plus the current tick's rest */
		schedule_timeout_ticks(div_u64(when - now + NSEC_PER_TICK - 1,
					       NSEC_PER_TICK) + 1);
	return 0;
}

/* struct tms: CPU time of the process and of its reaped children. */
struct tms {
	s32 tms_utime, tms_stime, tms_cutime, tms_cstime;
};

/**
 * times(2): CPU time in ticks (HZ a second, the AT_CLKTCK the auxiliary
 * vector announces) of the caller and its reaped children; returns the
 * ticks since boot.
 */
long sys_times(struct tms __user *buf)
{
	struct task_struct *tsk = current;

	if (buf) {
		struct tms t = { tsk->utime, tsk->stime, tsk->cutime,
				 tsk->cstime };

		if (copy_to_user(buf, &t, sizeof(t)))
			return -EFAULT;
	}
	return jiffies;
}

/* struct sysinfo of 32-bit Linux (64 bytes). */
struct sysinfo {
	s32 uptime;
	u32 loads[3];
	u32 totalram, freeram, sharedram, bufferram;
	u32 totalswap, freeswap;
	u16 procs, pad;
	u32 totalhigh, freehigh;
	u32 mem_unit;
	char _f[8];
};

/**
 * sysinfo(2): uptime, load averages (scaled by 65536), memory in pages
 * (mem_unit = PAGE_SIZE, which Linux 2.4 also uses when bytes would not
 * fit), no swap, and the number of tasks.
 */
long sys_sysinfo(struct sysinfo __user *info)
{
	struct sysinfo s;

	memset(&s, 0, sizeof(s));
	s.uptime = jiffies / HZ;
	for (int i = 0; i < 3; i++)
		s.loads[i] = avenrun[i] << (16 - FSHIFT);
	s.totalram = totalram_pages;
	s.freeram = nr_free_pages();
	s.totalhigh = totalhigh_pages;
	s.freehigh = nr_free_highpages();
	s.procs = nr_tasks();
	s.mem_unit = PAGE_SIZE;
	return copy_to_user(info, &s, sizeof(s)) ? -EFAULT : 0;
}

/* ---- accounting --------------------------------------------------------- */

/** Tasks that are runnable or running, the idle task aside. */
unsigned long nr_running(void)
{
	struct task_struct *p;
	unsigned long n = 0;

	list_for_each_entry(p, &task_list, tasks)
		if (p != &init_task && p->state == TASK_RUNNING)
			n++;
	return n;
}

/** Tasks in uninterruptible sleep (they count in the load, as in Linux). */
unsigned long nr_uninterruptible(void)
{
	struct task_struct *p;
	unsigned long n = 0;

	list_for_each_entry(p, &task_list, tasks)
		if (p->state == TASK_UNINTERRUPTIBLE)
			n++;
	return n;
}

/*
 * Linux's exponentially decaying averages, updated every 5 seconds:
 * load = load * e + active * (1 - e), with e = exp(-5 s / 1, 5, 15 min)
 * in FSHIFT fixed point.
 */
static void calc_load(void)
{
	static const unsigned long decay[3] = { 1884, 2014, 2037 };
	unsigned long active = (nr_running() + nr_uninterruptible()) * FIXED_1;

	for (int i = 0; i < 3; i++)
		avenrun[i] = (avenrun[i] * decay[i] +
			      active * (FIXED_1 - decay[i])) >> FSHIFT;
}

/**
 * Charge the tick that just happened (from the timer interrupt) to the
 * running task -- user or system time, as the interrupted mode says --
 * or to idle time, and refresh the load averages every 5 seconds.
 */
void update_process_times(int user_tick)
{
	struct task_struct *p = current;

	if (p == &init_task) {
		kstat.idle++;
	} else if (user_tick) {
		kstat.user++;
		p->utime++;
	} else {
		kstat.system++;
		p->stime++;
	}
	if (jiffies % (5 * HZ) == 0)
		calc_load();
}

/**
 * Sleep in the state the caller set (TASK_INTERRUPTIBLE, usually, after
 * joining a wait queue) until woken or @p timeout ticks pass;
 * MAX_SCHEDULE_TIMEOUT waits without a limit. Returns the ticks left, 0
 * if the time ran out (Linux's schedule_timeout(), on the timer tick's
 * walk of sleepers instead of a timer list).
 */
long schedule_timeout(long timeout)
{
	unsigned long expire, flags;
	long left;

	if (timeout == MAX_SCHEDULE_TIMEOUT) {
		schedule();
		return timeout;
	}
	if (timeout <= 0) {
		set_current_state(TASK_RUNNING);
		return 0;
	}
	expire = jiffies + timeout;
	local_irq_save(flags);
	current->timeout = expire ? expire : 1;
	local_irq_restore(flags);
	schedule();
	current->timeout = 0;
	left = (long)(expire - jiffies);
	return left < 0 ? 0 : left;
}
