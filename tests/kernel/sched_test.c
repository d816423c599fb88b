// SPDX-License-Identifier: GPL-2.0-only
/*
 * sched_test.c - kernel threads, preemption and wait queues: what later
 * chapters lean on when threads contend for kmap slots.
 */
#include <kunit.h>
#include <sched.h>
#include <wait.h>
#include <jiffies.h>
#include <system.h>
#include <errno.h>

static int return_arg(void *arg)
{
	return (int)(long)arg;
}

static void thread_exit_code(struct kunit *test)
{
	int code = 0, pid = kernel_thread(return_arg, (void *)42L, "ret42", 0);

	KUNIT_ASSERT_GT(test, pid, 0);
	KUNIT_EXPECT_EQ(test, kthread_wait(pid, &code), 0);
	KUNIT_EXPECT_EQ(test, code, 42);
	KUNIT_EXPECT_EQ(test, kthread_wait(pid, &code), -ESRCH);
}

static volatile unsigned long spin_counts[2];
static volatile bool spin_stop;

/* Spin without ever yielding: only the timer can take the CPU away. */
static int spinner(void *arg)
{
	long me = (long)arg;

	while (!spin_stop)
		spin_counts[me]++;
	return 0;
}

static void timer_preempts_busy_threads(struct kunit *test)
{
	int a, b;
	unsigned long start = jiffies;

	spin_counts[0] = spin_counts[1] = 0;
	spin_stop = false;
	a = kernel_thread(spinner, (void *)0L, "spin0", 0);
	b = kernel_thread(spinner, (void *)1L, "spin1", 0);
	KUNIT_ASSERT_GT(test, a, 0);
	KUNIT_ASSERT_GT(test, b, 0);
	/* Sleep: the two spinners must share the CPU while we wait. */
	schedule_timeout_ticks(4 * DEF_TIMESLICE);
	spin_stop = true;
	kthread_wait(a, NULL);
	kthread_wait(b, NULL);
	KUNIT_EXPECT_GE(test, jiffies - start, 4 * DEF_TIMESLICE);
	KUNIT_EXPECT_GT(test, spin_counts[0], 0);
	KUNIT_EXPECT_GT(test, spin_counts[1], 0);
}

static DECLARE_WAIT_QUEUE_HEAD(ping_wq);
static DECLARE_WAIT_QUEUE_HEAD(pong_wq);
static volatile int ball;	/* even: ping's turn, odd: pong's turn */
#define ROUNDS 500

static int ponger(void *arg)
{
	(void)arg;
	for (int i = 0; i < ROUNDS; i++) {
		wait_event(pong_wq, ball % 2 == 1);
		ball++;
		wake_up(&ping_wq);
	}
	return 0;
}

static void wait_event_loses_no_wakeup(struct kunit *test)
{
	int pid, code = -1;

	ball = 0;
	pid = kernel_thread(ponger, NULL, "ponger", 0);
	KUNIT_ASSERT_GT(test, pid, 0);
	for (int i = 0; i < ROUNDS; i++) {
		wait_event(ping_wq, ball % 2 == 0);
		ball++;
		wake_up(&pong_wq);
	}
	wait_event(ping_wq, ball == 2 * ROUNDS);
	kthread_wait(pid, &code);
	KUNIT_EXPECT_EQ(test, ball, 2 * ROUNDS);
	KUNIT_EXPECT_EQ(test, code, 0);
	KUNIT_EXPECT_EQ(test, waitqueue_len(&ping_wq), 0);
	KUNIT_EXPECT_EQ(test, waitqueue_len(&pong_wq), 0);
}

static void sleep_lasts_the_timeout(struct kunit *test)
{
	unsigned long start = jiffies;

	schedule_timeout_ticks(3);
	KUNIT_EXPECT_GE(test, jiffies - start, 3);
	KUNIT_EXPECT_LE(test, jiffies - start, 4);
}

static DEFINE_SPINLOCK(test_lock);

static int lock_twice(void *arg)
{
	(void)arg;
	spin_lock(&test_lock);
	spin_lock(&test_lock);	/* recursion: BUG -> oops */
	return 0;
}

static void spinlock_recursion_is_caught(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, kunit_run_expect_oops(test, lock_twice, NULL),
			EXIT_OOPS);
	test_lock.locked = 0;	/* the dead thread held it */
	KUNIT_EXPECT_TRUE(test, spin_trylock(&test_lock));
	spin_unlock(&test_lock);
}

static void spinlock_disables_preemption(struct kunit *test)
{
	int before = preempt_count();

	spin_lock(&test_lock);
	KUNIT_EXPECT_EQ(test, preempt_count(), before + 1);
	KUNIT_EXPECT_FALSE(test, spin_trylock(&test_lock));
	spin_unlock(&test_lock);
	KUNIT_EXPECT_EQ(test, preempt_count(), before);
}

static struct kunit_case sched_cases[] = {
	KUNIT_CASE(thread_exit_code),
	KUNIT_CASE(timer_preempts_busy_threads),
	KUNIT_CASE(wait_event_loses_no_wakeup),
	KUNIT_CASE(sleep_lasts_the_timeout),
	KUNIT_CASE(spinlock_disables_preemption),
	KUNIT_CASE(spinlock_recursion_is_caught),
	{}
};

static struct kunit_suite sched_suite = {
	.name = "sched",
	.test_cases = sched_cases,
};
kunit_test_suite(sched_suite);
