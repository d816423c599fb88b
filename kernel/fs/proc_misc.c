// SPDX-License-Identifier: GPL-2.0-only
/*
 * proc_misc.c - /proc/uptime, /proc/stat and /proc/loadavg in Linux's
 * formats, which uptime, top and free parse (Linux: fs/proc/proc_misc.c
 * in 2.4; fs/proc/uptime.c, stat.c, loadavg.c in 2.6).
 */
#include <timekeeping.h>
#include <sched.h>
#include <jiffies.h>
#include <irq.h>
#include <kernel.h>

/* Ticks as "seconds.hundredths". */
static int print_ticks(char *buf, size_t size, unsigned long ticks)
{
	return scnprintf(buf, size, "%lu.%02lu", ticks / HZ,
			 ticks % HZ * 100 / HZ);
}

/** /proc/uptime: seconds since boot and seconds spent idle. */
int uptime_read(char *buf, size_t size)
{
	int len = print_ticks(buf, size, jiffies);

	len += scnprintf(buf + len, size - len, " ");
	len += print_ticks(buf + len, size - len, kstat.idle);
	return len + scnprintf(buf + len, size - len, "\n");
}

/* A cpu line: user nice system idle iowait irq softirq steal. */
static int print_cpu_line(char *buf, size_t size, const char *name)
{
	return scnprintf(buf, size, "%s %lu 0 %lu %lu 0 0 0 0\n", name,
			 kstat.user, kstat.system, kstat.idle);
}

/**
 * /proc/stat: the CPU's ticks (one CPU, so `cpu` and `cpu0` agree),
 * interrupts per line, task switches, boot time, processes created,
 * running and blocked.
 */
int stat_read(char *buf, size_t size)
{
	unsigned long total = 0;
	int len;

	len = print_cpu_line(buf, size, "cpu ");
	len += print_cpu_line(buf + len, size - len, "cpu0");
	for (int i = 0; i < NR_IRQS; i++)
		total += irq_count[i];
	len += scnprintf(buf + len, size - len, "intr %lu", total);
	for (int i = 0; i < NR_IRQS; i++)
		len += scnprintf(buf + len, size - len, " %lu", irq_count[i]);
	return len + scnprintf(buf + len, size - len,
			       "\nctxt %lu\nbtime %lu\nprocesses %lu\n"
			       "procs_running %lu\nprocs_blocked %lu\n",
			       nr_context_switches, boot_epoch, total_forks,
			       nr_running(), nr_uninterruptible());
}

/**
 * /proc/loadavg: the 1, 5 and 15 minute load averages, runnable/all
 * tasks, and the last pid given out.
 */
int loadavg_read(char *buf, size_t size)
{
	return scnprintf(buf, size, "%lu.%02lu %lu.%02lu %lu.%02lu %lu/%lu %d\n",
			 LOAD_INT(avenrun[0]), LOAD_FRAC(avenrun[0]),
			 LOAD_INT(avenrun[1]), LOAD_FRAC(avenrun[1]),
			 LOAD_INT(avenrun[2]), LOAD_FRAC(avenrun[2]),
			 nr_running(), nr_tasks() - 1, last_pid());
}
