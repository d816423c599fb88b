// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_time.c - the clocks: time, gettimeofday, clock_gettime and its
 * resolution, times, sysinfo, and /proc/uptime, /proc/stat and
 * /proc/loadavg in the formats Linux tools parse.
 */
#include <ulib.h>

#define PLAN		28

#define CLOCK_REALTIME		0
#define CLOCK_MONOTONIC		1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_REALTIME_COARSE	5
#define CLOCK_MONOTONIC_COARSE	6

struct timespec {
	long tv_sec, tv_nsec;
};

struct timeval {
	long tv_sec, tv_usec;
};

struct tms {
	long utime, stime, cutime, cstime;
};

struct sysinfo {
	long uptime;
	unsigned long loads[3];
	unsigned long totalram, freeram, sharedram, bufferram;
	unsigned long totalswap, freeswap;
	unsigned short procs, pad;
	unsigned long totalhigh, freehigh;
	unsigned int mem_unit;
	char f[8];
};

static long clock_gettime(int clk, struct timespec *ts)
{
	return syscall2(265, clk, ts);
}

/* Nanoseconds on clock @clk. */
static long long clock_ns(int clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long nanosleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000 };

	return syscall2(162, &ts, NULL);
}

/* Does @hay contain @needle? */
static int contains(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (!strncmp(hay, needle, n))
			return 1;
	return 0;
}

/* Parse an unsigned decimal at *@s, moving past it; -1 if none. */
static long number(const char **s)
{
	long v = 0;
	int digits = 0;

	while (**s == ' ')
		(*s)++;
	while (**s >= '0' && **s <= '9') {
		v = v * 10 + (*(*s)++ - '0');
		digits++;
	}
	return digits ? v : -1;
}

static void test_clocks(void)
{
	struct timespec ts, res;
	struct timeval tv;
	long long prev, now;
	long t, tloc = 0;
	int monotonic = 1;

	t = syscall1(13, &tloc);
	ktap_check(t >= 0 && t == tloc, "time() returns the seconds and stores them");
	ktap_eq(syscall2(78, &tv, NULL), 0, "gettimeofday");
	ktap_check(tv.tv_usec >= 0 && tv.tv_usec < 1000000 &&
		   tv.tv_sec >= t && tv.tv_sec <= t + 1,
		   "gettimeofday agrees with time()");
	ktap_eq(clock_gettime(CLOCK_REALTIME, &ts), 0, "clock_gettime(REALTIME)");
	ktap_check(ts.tv_nsec >= 0 && ts.tv_nsec < 1000000000 &&
		   ts.tv_sec >= tv.tv_sec && ts.tv_sec <= tv.tv_sec + 1,
		   "CLOCK_REALTIME agrees with gettimeofday");
	ktap_eq(clock_gettime(CLOCK_REALTIME_COARSE, &ts), 0,
		"clock_gettime(REALTIME_COARSE), which glibc's time() uses");
	ktap_eq(clock_gettime(99, &ts), -EINVAL, "an unknown clock is EINVAL");
	ktap_eq(clock_gettime(CLOCK_MONOTONIC, NULL), -EFAULT,
		"clock_gettime into NULL is EFAULT");
	prev = clock_ns(CLOCK_MONOTONIC);
	for (int i = 0; i < 2000; i++) {
		now = clock_ns(CLOCK_MONOTONIC);
		monotonic &= now >= prev;
		prev = now;
	}
	ktap_check(monotonic, "CLOCK_MONOTONIC never goes back (2000 reads)");
	prev = clock_ns(CLOCK_MONOTONIC);
	nanosleep_ms(50);
	now = clock_ns(CLOCK_MONOTONIC);
	ktap_check(now - prev >= 50000000LL,
		   "a 50 ms nanosleep moves CLOCK_MONOTONIC by at least 50 ms");
	ktap_check(now - prev < 5000000000LL, "and by less than 5 s");
	ktap_check(clock_ns(CLOCK_MONOTONIC_COARSE) <= clock_ns(CLOCK_MONOTONIC),
		   "the coarse clock is not ahead of the fine one");
	ktap_eq(syscall2(266, CLOCK_MONOTONIC, &res), 0, "clock_getres(MONOTONIC)");
	ktap_check(res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 10000000,
		   "its resolution is at most a tick");
	ktap_eq(syscall2(266, 99, &res), -EINVAL, "clock_getres of a bad clock");
}

static void test_cpu_time(void)
{
	struct tms before, after;
	volatile unsigned long spin = 0;
	long t0, t1;
	long long cpu;

	/*
	 * Spin for at least three ticks of times() (30 ms), however fast the
	 * machine: a million additions take less than one tick on QEMU, where
	 * Linux charges CPU time only at its timer's ticks. The bound on the
	 * rounds ends the loop even if times() never advanced.
	 */
	t0 = syscall1(43, &before);
	t1 = t0;
	for (int round = 0; round < 100 && t1 - t0 < 3; round++) {
		for (unsigned long i = 0; i < 1000000; i++)
			spin += i;
		t1 = syscall1(43, &after);
	}
	ktap_check(t1 > t0, "times() returns ticks that advance");
	ktap_check(after.utime + after.stime > before.utime + before.stime,
		   "a busy loop is charged CPU time");
	cpu = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	ktap_check(cpu > 0, "CLOCK_PROCESS_CPUTIME_ID counts it too");
	ktap_eq(syscall1(43, (void *)4), -EFAULT, "times() into a bad pointer");
}

static void test_sysinfo(void)
{
	struct sysinfo si;
	struct timespec ts;

	memset(&si, 0, sizeof(si));
	ktap_eq(syscall1(116, &si), 0, "sysinfo");
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ktap_check(si.totalram > 0 && si.freeram <= si.totalram &&
		   si.mem_unit > 0, "sysinfo's memory: free <= total");
	ktap_check(si.procs >= 2, "sysinfo counts this process and init");
	ktap_check(si.uptime >= 0 && si.uptime <= ts.tv_sec,
		   "sysinfo's uptime agrees with CLOCK_MONOTONIC");
}

static void test_proc(void)
{
	char buf[1024];
	const char *s = buf;
	long a, b;

	ktap_check(read_file("/proc/uptime", buf, sizeof(buf)) > 0 &&
		   (a = number(&s)) >= 0 && *s++ == '.' && number(&s) >= 0 &&
		   *s++ == ' ' && (b = number(&s)) >= 0 && *s++ == '.' &&
		   b <= a + 1, "/proc/uptime: \"secs.cc idle.cc\"");
	ktap_check(read_file("/proc/stat", buf, sizeof(buf)) > 0 &&
		   !strncmp(buf, "cpu  ", 5), "/proc/stat starts with \"cpu  \"");
	s = buf + 4;
	ktap_check(number(&s) >= 0 && number(&s) >= 0 && number(&s) >= 0 &&
		   number(&s) >= 0, "the cpu line has at least 4 numbers");
	ktap_check(contains(buf, "\nbtime ") &&
		   contains(buf, "\nprocesses ") &&
		   contains(buf, "\nprocs_running ") &&
		   contains(buf, "\nctxt "),
		   "/proc/stat has ctxt, btime, processes, procs_running");
	s = buf;
	ktap_check(read_file("/proc/loadavg", buf, sizeof(buf)) > 0 &&
		   number(&s) >= 0 && *s++ == '.' && number(&s) >= 0 &&
		   number(&s) >= 0 && *s++ == '.' && number(&s) >= 0 &&
		   number(&s) >= 0 && *s++ == '.' && number(&s) >= 0 &&
		   (a = number(&s)) >= 1 && *s++ == '/' &&
		   (b = number(&s)) >= a && number(&s) > 0,
		   "/proc/loadavg: \"l1 l5 l15 running/total last_pid\"");
}

int main(void)
{
	ktap_plan(PLAN);
	test_clocks();
	test_cpu_time();
	test_sysinfo();
	test_proc();
	return ktap_done();
}
