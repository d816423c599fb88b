// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench_sched.c - what the foundation's mechanisms cost, in emulated
 * instructions: a context switch, creating and reaping a kernel thread,
 * a printk line, a fault fixed up through the exception table.
 */
#include <kunit.h>
#include <bench.h>
#include <sched.h>
#include <extable.h>
#include <kernel.h>
#include <math64.h>

#define SWITCHES 1000

static int yielder(void *arg)
{
	for (int i = 0; i < SWITCHES; i++)
		yield();
	return 0;
}

static void context_switch(struct kunit *test)
{
	struct bench b;
	u64 t;
	int pid = kernel_thread(yielder, NULL, "yielder", 0);

	KUNIT_ASSERT_GT(test, pid, 0);
	yield();	/* let it start */
	bench_begin(&b);
	for (int i = 0; i < SWITCHES; i++)
		yield();	/* to the yielder and back: two switches */
	t = bench_end(&b);
	kthread_wait(pid, NULL);
	bench_report("sched.context_switch", div_u64(t, 2 * SWITCHES), "insns");
}

static int nothing(void *arg)
{
	return 0;
}

static void thread_create_and_reap(struct kunit *test)
{
	struct bench b;
	u64 total = 0;

	for (int i = 0; i < 100; i++) {
		int pid;

		bench_begin(&b);
		pid = kernel_thread(nothing, NULL, "nothing", 0);
		total += bench_end(&b);
		KUNIT_ASSERT_GT(test, pid, 0);
		kthread_wait(pid, NULL);
	}
	bench_report("sched.kernel_thread", div_u64(total, 100), "insns");
}

static void exception_fixup(struct kunit *test)
{
	struct bench b;
	char c;
	u64 bad, good;

	bench_begin(&b);
	for (int i = 0; i < 100; i++)
		probe_kernel_read(&c, (void *)0, 1);
	bad = bench_end(&b);
	bench_begin(&b);
	for (int i = 0; i < 100; i++)
		probe_kernel_read(&c, &b, 1);
	good = bench_end(&b);
	KUNIT_EXPECT_GT(test, bad, good);
	bench_report("traps.probe_fault_fixup", div_u64(bad, 100), "insns");
	bench_report("traps.probe_no_fault", div_u64(good, 100), "insns");
}

static struct kunit_case bench_sched_cases[] = {
	KUNIT_CASE(context_switch),
	KUNIT_CASE(thread_create_and_reap),
	KUNIT_CASE(exception_fixup),
	{}
};

static struct kunit_suite bench_sched_suite = {
	.name = "bench_sched",
	.test_cases = bench_sched_cases,
};
kunit_test_suite(bench_sched_suite);
