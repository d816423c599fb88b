// SPDX-License-Identifier: GPL-2.0-only
/*
 * test.c - the in-kernel test framework: runs the suites selected by
 * `test=` and reports in KTAP version 1 (Linux: lib/kunit/test.c).
 *
 * Each case runs in a kernel thread of its own. When the thread ends, the
 * framework knows how: normally, by a failed assertion (kunit_abort), by a
 * skip, or killed by an oops. Before and after every case it reads the
 * registered counters (free pages, tasks, ...) and fails a case that does
 * not leave them as it found them: a test that leaks is a failed test.
 */
#include <kunit.h>
#include <kernel.h>
#include <string.h>
#include <sched.h>
#include <reboot.h>
#include <kunit_selftest.h>
#include <checkpoint.h>
#include <gfp.h>

#define KUNIT_ABORTED	0x4b41	/* exit code of an aborted case */
#define KUNIT_SKIPPED	0x4b53	/* exit code of a skipped case */
#define MAX_COUNTERS	8
#define MAX_SETTLERS	4
#define MAX_GLOBS	8

extern struct kunit_suite *__kunit_suites_start[], *__kunit_suites_end[];

static const struct leak_counter *counters[MAX_COUNTERS];
static int nr_counters;
static void (*settlers[MAX_SETTLERS])(void);
static int nr_settlers;

/* The test= option split into words; "suite" or "suite.case" globs. */
static char glob_buf[256];
static char *globs[MAX_GLOBS];
static int nr_globs;

/** Ask the framework to check @p counter around every case. */
void register_leak_counter(const struct leak_counter *counter)
{
	if (nr_counters < MAX_COUNTERS)
		counters[nr_counters++] = counter;
}

/**
 * Have the framework call @p fn right before it reads the counters, before
 * and after every case. Allocators that keep freed memory for reuse (the
 * slab allocator's per-CPU arrays and free slabs) give it back there, so
 * that a counter such as "free pages" compares like with like: a case that
 * used kmalloc() and freed everything must not look as if it leaked pages.
 * They run in the reverse order of registration: an allocator registered
 * later is built on earlier ones (vmalloc's lazily freed areas hold slab
 * objects), so what it gives back must reach them before they settle.
 */
void register_settle(void (*fn)(void))
{
	if (nr_settlers < MAX_SETTLERS)
		settlers[nr_settlers++] = fn;
}

/* Bring every registered cache to its settled state. */
static void settle(void)
{
	for (int i = nr_settlers - 1; i >= 0; i--)
		settlers[i]();
}

/** The test the current thread runs, or NULL. */
struct kunit *kunit_current(void)
{
	return current->test;
}

static unsigned long count_tasks(void)
{
	return nr_tasks();
}

static const struct leak_counter tasks_counter = { "tasks", count_tasks };
/* Every case must give back every page it takes (a leak is a failure). */
static const struct leak_counter free_pages_counter = {
	"free pages", nr_free_pages
};

/* Register the framework's own counters, once. */
static void register_core_counters(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	register_leak_counter(&tasks_counter);
	register_leak_counter(&free_pages_counter);
}

/**
 * Settle the caches and read every leak counter into @p out (at most
 * @p max). Returns how many there are. The user-space test runner reads
 * them through vmm386's system call 1001 around each test program.
 */
int read_leak_counters(struct leak_counter_value *out, int max)
{
	int n = 0;

	register_core_counters();
	settle();
	for (int i = 0; i < nr_counters && n < max; i++, n++) {
		strlcpy(out[n].name, counters[i]->name, sizeof(out[n].name));
		out[n].value = counters[i]->read();
	}
	return n;
}

/* ---- reporting -------------------------------------------------------- */

static void kunit_abort(struct kunit *test)
{
	(void)test;
	do_exit(KUNIT_ABORTED);
}

static void fail_header(struct kunit *test, bool assert, const char *file,
			int line)
{
	test->failures++;
	printk(KERN_RAW "    # %s: %s FAILED at %s:%d\n", test->name,
	       assert ? "ASSERTION" : "EXPECTATION", file, line);
}

/** Report a failed integer comparison; see KUNIT_BINARY(). */
void kunit_fail_binary(struct kunit *test, bool assert, const char *file,
		       int line, const char *left, const char *op,
		       const char *right, long long lv, long long rv)
{
	fail_header(test, assert, file, line);
	printk(KERN_RAW "    # Expected %s %s %s, but\n", left, op, right);
	printk(KERN_RAW "    #     %s == %lld (%#llx)\n", left, lv,
	       (unsigned long long)lv);
	printk(KERN_RAW "    #     %s == %lld (%#llx)\n", right, rv,
	       (unsigned long long)rv);
	if (assert)
		kunit_abort(test);
}

/** Report a failed pointer comparison; see KUNIT_BINARY_PTR(). */
void kunit_fail_ptr(struct kunit *test, bool assert, const char *file,
		    int line, const char *left, const char *op,
		    const char *right, const void *lv, const void *rv)
{
	fail_header(test, assert, file, line);
	printk(KERN_RAW "    # Expected %s %s %s, but\n", left, op, right);
	printk(KERN_RAW "    #     %s == %p\n", left, lv);
	printk(KERN_RAW "    #     %s == %p\n", right, rv);
	if (assert)
		kunit_abort(test);
}

/** Report a failed string comparison; see KUNIT_BINARY_STR(). */
void kunit_fail_str(struct kunit *test, bool assert, const char *file,
		    int line, const char *left, const char *right,
		    const char *lv, const char *rv)
{
	fail_header(test, assert, file, line);
	printk(KERN_RAW "    # Expected %s == %s, but\n", left, right);
	printk(KERN_RAW "    #     %s == \"%s\"\n", left, lv);
	printk(KERN_RAW "    #     %s == \"%s\"\n", right, rv);
	if (assert)
		kunit_abort(test);
}

/** Report a failure described by a message; see KUNIT_FAIL(). */
void kunit_fail_msg(struct kunit *test, bool assert, const char *file,
		    int line, const char *fmt, ...)
{
	char buf[256];
	va_list args;

	va_start(args, fmt);
	vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	fail_header(test, assert, file, line);
	printk(KERN_RAW "    # %s\n", buf);
	if (assert)
		kunit_abort(test);
}

/** Print a diagnostic line for the current case. */
void kunit_info(struct kunit *test, const char *fmt, ...)
{
	char buf[256];
	va_list args;

	va_start(args, fmt);
	vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	printk(KERN_RAW "    # %s: %s\n", test->name, buf);
}

/** End the current case as skipped, with @p reason (KTAP `# SKIP`). */
void kunit_skip(struct kunit *test, const char *reason)
{
	test->skipped = true;
	test->skip_reason = reason;
	do_exit(KUNIT_SKIPPED);
}

/**
 * Run @p fn(@p arg) in a thread that is expected to oops, wait for it and
 * return its exit code (EXIT_OOPS if it did oops). The oops report is
 * printed in full, preceded by a marker line that tells the host runner
 * the oops belongs to a test.
 */
int kunit_run_expect_oops(struct kunit *test, int (*fn)(void *), void *arg)
{
	int code = 0;
	int pid = kernel_thread(fn, arg, "kunit_oops", PF_OOPS_EXPECTED);

	if (pid < 0) {
		KUNIT_FAIL(test, "cannot start a thread: %d", pid);
		return pid;
	}
	kthread_wait(pid, &code);
	return code;
}

/* ---- running ------------------------------------------------------------ */

/* What a case's thread needs: the test state and the case to run. */
struct kunit_ctx {
	struct kunit test;
	struct kunit_case kcase;
};

/* The body of a case's thread: the suite's init, then the case itself. */
static int kunit_case_thread(void *data)
{
	struct kunit_ctx *ctx = data;
	struct kunit *test = &ctx->test;
	struct kunit_case *kcase = &ctx->kcase;

	current->test = test;
	if (test->suite->init && test->suite->init(test)) {
		KUNIT_FAIL(test, "suite init failed");
		return KUNIT_ABORTED;
	}
	kcase->run_case(test);
	return 0;
}

static bool glob_selects(const char *suite, const char *kcase)
{
	for (int i = 0; i < nr_globs; i++) {
		char *dot = strchr(globs[i], '.');
		bool match;

		if (!dot) {
			if (glob_match(globs[i], suite))
				return true;
			continue;
		}
		*dot = '\0';
		match = glob_match(globs[i], suite) &&
			(!kcase || glob_match(dot + 1, kcase));
		*dot = '.';
		if (match)
			return true;
	}
	return false;
}

static int count_cases(struct kunit_suite *suite)
{
	int n = 0;

	for (struct kunit_case *c = suite->test_cases; c->run_case; c++)
		if (glob_selects(suite->name, c->name))
			n++;
	return n;
}

/* Run one case; returns 0 for pass, 1 for fail, 2 for skip. */
static int run_case(struct kunit_suite *suite, struct kunit_case *kcase,
		    int index)
{
	struct kunit_ctx ctx = { { .name = kcase->name, .suite = suite },
				 *kcase };
	unsigned long before[MAX_COUNTERS];
	int code = 0, pid;

	settle();
	for (int i = 0; i < nr_counters; i++)
		before[i] = counters[i]->read();
	pid = kernel_thread(kunit_case_thread, &ctx, kcase->name, 0);
	if (pid < 0) {
		printk(KERN_RAW "    # %s: cannot start thread (%d)\n",
		       kcase->name, pid);
		code = KUNIT_ABORTED;
		ctx.test.failures++;
	} else {
		kthread_wait(pid, &code);
	}
	if (code == EXIT_OOPS) {
		printk(KERN_RAW "    # %s: killed by an oops\n", kcase->name);
		ctx.test.failures++;
	}
	if (suite->exit)
		suite->exit(&ctx.test);
	settle();
	for (int i = 0; i < nr_counters; i++) {
		unsigned long after = counters[i]->read();

		if (after != before[i] && code != EXIT_OOPS) {
			printk(KERN_RAW "    # %s: leak: %s %lu -> %lu\n",
			       kcase->name, counters[i]->name, before[i],
			       after);
			ctx.test.failures++;
		}
	}
	kunit_selftest_after_case(index);
	if (ctx.test.skipped && !ctx.test.failures) {
		printk(KERN_RAW "    ok %d %s # SKIP %s\n", index, kcase->name,
		       ctx.test.skip_reason);
		return 2;
	}
	printk(KERN_RAW "    %s %d %s\n", ctx.test.failures ? "not ok" : "ok",
	       index, kcase->name);
	return ctx.test.failures ? 1 : 0;
}

/*
 * Run the selected cases of @suite as KTAP subtest number @index, between
 * its suite_init and suite_exit. If suite_init fails, every case fails
 * without running.
 */
static int run_suite(struct kunit_suite *suite, int index, int *totals)
{
	int n = count_cases(suite), i = 0, failed = 0, err = 0;

	printk(KERN_RAW "    KTAP version 1\n");
	printk(KERN_RAW "    # Subtest: %s\n", suite->name);
	printk(KERN_RAW "    1..%d\n", n + kunit_selftest_plan_bias());
	if (suite->suite_init)
		err = suite->suite_init(suite);
	if (err)
		printk(KERN_RAW "    # %s: suite_init failed (%d)\n",
		       suite->name, err);
	for (struct kunit_case *c = suite->test_cases; c->run_case; c++) {
		int r = 1;

		if (!glob_selects(suite->name, c->name))
			continue;
		if (err)
			printk(KERN_RAW "    not ok %d %s\n", ++i, c->name);
		else
			r = run_case(suite, c, ++i);
		totals[r]++;
		failed |= r == 1;
	}
	if (!err && suite->suite_exit)
		suite->suite_exit(suite);
	printk(KERN_RAW "%s %d %s\n", failed ? "not ok" : "ok", index,
	       suite->name);
	return failed;
}

static void split_globs(const char *list)
{
	char *p;

	strlcpy(glob_buf, list, sizeof(glob_buf));
	nr_globs = 0;
	p = glob_buf;
	while (*p && nr_globs < MAX_GLOBS) {
		globs[nr_globs++] = p;
		p = strchr(p, ',');
		if (!p)
			break;
		*p++ = '\0';
	}
}

/**
 * Run every suite selected by @p list (comma-separated globs, `suite` or
 * `suite.case`) and print KTAP. Returns the number of failed suites.
 */
int kunit_run_all_tests(const char *list)
{
	struct kunit_suite **s;
	int nsuites = 0, index = 0, failed = 0;
	int totals[3] = { 0, 0, 0 };

	split_globs(list);
	register_core_counters();
	for (s = __kunit_suites_start; s < __kunit_suites_end; s++)
		if (count_cases(*s))
			nsuites++;
	/* Lets the runner read the emulated time from reset to the tests. */
	checkpoint("kunit_start", "suites=%d", nsuites);
	printk(KERN_RAW "KTAP version 1\n");
	printk(KERN_RAW "1..%d\n", nsuites);
	if (!nsuites)
		printk(KERN_RAW "# no test suite matches test=%s\n", list);
	for (s = __kunit_suites_start; s < __kunit_suites_end; s++)
		if (count_cases(*s))
			failed += run_suite(*s, ++index, totals);
	printk(KERN_RAW "# Totals: pass:%d fail:%d skip:%d total:%d\n",
	       totals[0], totals[1], totals[2],
	       totals[0] + totals[1] + totals[2]);
	return failed;
}
