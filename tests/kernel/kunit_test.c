// SPDX-License-Identifier: GPL-2.0-only
/*
 * kunit_test.c - tests of the test framework itself: a failed expectation
 * is counted and reported, a failed assertion ends the case's thread, skips
 * and globs behave. A framework whose failures went unnoticed would make
 * every other suite worthless.
 */
#include <kunit.h>
#include <string.h>
#include <sched.h>

/* A detached test record: failures land here, not in the real case. */
static struct kunit fake = { .name = "fake" };

static void expect_counts_failures(struct kunit *test)
{
	fake.failures = 0;
	KUNIT_EXPECT_EQ(&fake, 1 + 1, 2);
	KUNIT_EXPECT_EQ(test, fake.failures, 0);
	KUNIT_EXPECT_EQ(&fake, 1 + 1, 3);	/* prints a diagnostic */
	KUNIT_EXPECT_EQ(test, fake.failures, 1);
	KUNIT_EXPECT_STREQ(&fake, "abc", "abd");
	KUNIT_EXPECT_EQ(test, fake.failures, 2);
	KUNIT_EXPECT_NULL(&fake, (void *)test);
	KUNIT_EXPECT_EQ(test, fake.failures, 3);
	KUNIT_EXPECT_LT(&fake, 5, 4);
	KUNIT_EXPECT_EQ(test, fake.failures, 4);
}

static bool after_assert;

static int failing_assert(void *arg)
{
	(void)arg;
	fake.failures = 0;
	KUNIT_ASSERT_EQ(&fake, 1, 2);
	after_assert = true;	/* must not be reached */
	return 0;
}

static void assert_ends_the_thread(struct kunit *test)
{
	int code = 0, pid;

	after_assert = false;
	pid = kernel_thread(failing_assert, NULL, "assert", 0);
	KUNIT_ASSERT_GT(test, pid, 0);
	KUNIT_ASSERT_EQ(test, kthread_wait(pid, &code), 0);
	KUNIT_EXPECT_NE(test, code, 0);
	KUNIT_EXPECT_FALSE(test, after_assert);
	KUNIT_EXPECT_EQ(test, fake.failures, 1);
}

static void glob_matching(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, glob_match("ch8", "ch8"));
	KUNIT_EXPECT_FALSE(test, glob_match("ch8", "ch81"));
	KUNIT_EXPECT_TRUE(test, glob_match("ch*", "ch10"));
	KUNIT_EXPECT_TRUE(test, glob_match("*", ""));
	KUNIT_EXPECT_TRUE(test, glob_match("v?alloc*", "vmalloc_guard"));
	KUNIT_EXPECT_FALSE(test, glob_match("v?alloc", "valloc"));
	KUNIT_EXPECT_TRUE(test, glob_match("*a*b*c", "xaxbxbxc"));
	KUNIT_EXPECT_FALSE(test, glob_match("*a*b*c", "xaxbxbx"));
}

static void current_test_is_known(struct kunit *test)
{
	KUNIT_EXPECT_PTR_EQ(test, kunit_current(), test);
	KUNIT_EXPECT_STREQ(test, kunit_current()->name, "current_test_is_known");
}

static void skip_is_reported(struct kunit *test)
{
	kunit_skip(test, "demonstrates a skipped case");
	KUNIT_FAIL(test, "kunit_skip() returned");
}

static struct kunit_case kunit_cases[] = {
	KUNIT_CASE(expect_counts_failures),
	KUNIT_CASE(assert_ends_the_thread),
	KUNIT_CASE(glob_matching),
	KUNIT_CASE(current_test_is_known),
	KUNIT_CASE(skip_is_reported),
	{}
};

static struct kunit_suite kunit_suite = {
	.name = "kunit",
	.test_cases = kunit_cases,
};
kunit_test_suite(kunit_suite);
