/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file timekeeping.h
 * @brief Wall-clock and monotonic time from the PIT tick and the CMOS
 * clock; CPU time and load accounting (Linux: kernel/timer.c, kernel/time.c,
 * arch/i386/kernel/time.c, linux/kernel_stat.h, linux/sched.h's avenrun).
 */
#ifndef _VMM_TIMEKEEPING_H
#define _VMM_TIMEKEEPING_H

#include <types.h>

/** Nanoseconds in a second. */
#define NSEC_PER_SEC	1000000000L

/** Fixed-point bits of the load averages (Linux's FSHIFT). */
#define FSHIFT		11
/** 1.0 in the load averages' fixed point. */
#define FIXED_1		(1 << FSHIFT)
/** Integer part of load average @p x. */
#define LOAD_INT(x)	((x) >> FSHIFT)
/** Hundredths of load average @p x. */
#define LOAD_FRAC(x)	LOAD_INT(((x) & (FIXED_1 - 1)) * 100)

/**
 * struct kernel_stat - where the CPU's ticks went, for /proc/stat's cpu
 * line (Linux: struct kernel_stat's per-CPU counters).
 */
struct kernel_stat {
	unsigned long user;	/**< ticks in user mode */
	unsigned long system;	/**< ticks in the kernel, not idle */
	unsigned long idle;	/**< ticks in the idle task */
};

/** The CPU's tick accounting. */
extern struct kernel_stat kstat;
/** Load averages over 1, 5 and 15 minutes, in FSHIFT fixed point. */
extern unsigned long avenrun[3];
/** Seconds since the Epoch at boot, from the CMOS clock. */
extern unsigned long boot_epoch;
/** Task switches since boot. */
extern unsigned long nr_context_switches;
/** Processes created since boot. */
extern unsigned long total_forks;

u64 monotonic_ns(void);
u64 realtime_ns(void);
unsigned long pit_ns_since_tick(void);
void timekeeping_init(void);
unsigned long nr_running(void);
unsigned long nr_uninterruptible(void);
int last_pid(void);
int uptime_read(char *buf, size_t size);
int stat_read(char *buf, size_t size);
int loadavg_read(char *buf, size_t size);

#endif /* _VMM_TIMEKEEPING_H */
