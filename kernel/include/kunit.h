/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file kunit.h
 * @brief In-kernel unit tests, modelled on Linux's KUnit, reporting KTAP.
 *
 * A suite is a named array of cases. kunit_test_suite() places a pointer to
 * it in the .kunit_test_suites section; the `test=` command-line option
 * selects suites (and optionally cases, as `suite.case`) by glob. Each case
 * runs in a kernel thread of its own, so a failed assertion or an oops ends
 * only that case. The results are printed in KTAP version 1, the format of
 * Linux's own test output, and the host-side runner parses them.
 */
#ifndef _VMM_KUNIT_H
#define _VMM_KUNIT_H

#include <leakcheck.h>
#include <types.h>

struct kunit_suite;

/**
 * struct kunit - the state of one running test case.
 */
struct kunit {
	const char *name;		/**< the case's name */
	struct kunit_suite *suite;	/**< the suite it belongs to */
	int failures;			/**< failed expectations so far */
	bool skipped;			/**< kunit_skip() was called */
	const char *skip_reason;	/**< why */
	void *priv;			/**< for the suite's init/exit */
};

/**
 * struct kunit_case - one test: a function and its name.
 */
struct kunit_case {
	void (*run_case)(struct kunit *test);	/**< the test body */
	const char *name;			/**< its name in KTAP */
};

/** Declare a case from its function; the function name is its name. */
#define KUNIT_CASE(fn)	{ .run_case = fn, .name = #fn }

/**
 * struct kunit_suite - a group of cases with optional setup, per case
 * (init, exit: in the case's thread) and per suite (suite_init,
 * suite_exit: once, around all its cases, outside the counters' watch;
 * Linux KUnit's names).
 */
struct kunit_suite {
	const char *name;			/**< matched by test= */
	int (*init)(struct kunit *test);	/**< before each case */
	void (*exit)(struct kunit *test);	/**< after each case */
	struct kunit_case *test_cases;		/**< ends with an empty case */
	int (*suite_init)(struct kunit_suite *suite);	/**< before all */
	void (*suite_exit)(struct kunit_suite *suite);	/**< after all */
};

/** Register @p suite with the test framework. */
#define kunit_test_suite(suite) \
	static struct kunit_suite *__kunit_suite_ptr_##suite \
	__attribute__((used, section(".kunit_test_suites"), aligned(4))) = \
		&(suite)


/* Reporting helpers behind the macros; not for direct use. */
void kunit_fail_binary(struct kunit *test, bool assert, const char *file,
		       int line, const char *left, const char *op,
		       const char *right, long long lv, long long rv);
void kunit_fail_ptr(struct kunit *test, bool assert, const char *file,
		    int line, const char *left, const char *op,
		    const char *right, const void *lv, const void *rv);
void kunit_fail_str(struct kunit *test, bool assert, const char *file,
		    int line, const char *left, const char *right,
		    const char *lv, const char *rv);
void kunit_fail_msg(struct kunit *test, bool assert, const char *file,
		    int line, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

void kunit_info(struct kunit *test, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void kunit_skip(struct kunit *test, const char *reason)
	__attribute__((noreturn));
int kunit_run_expect_oops(struct kunit *test, int (*fn)(void *), void *arg);
int kunit_run_all_tests(const char *globs);
struct kunit *kunit_current(void);

/* ---- expectations: record a failure and carry on ---------------------- */

/** Compare two integers with @p op; the generic form behind the macros. */
#define KUNIT_BINARY(test, assert, left, op, right, ltext, rtext) do { \
	long long __l = (long long)(left); \
	long long __r = (long long)(right); \
	if (!(__l op __r)) \
		kunit_fail_binary(test, assert, __FILE__, __LINE__, \
				  ltext, #op, rtext, __l, __r); \
} while (0)

/** Compare two pointers with @p op. */
#define KUNIT_BINARY_PTR(test, assert, left, op, right, ltext, rtext) do { \
	const void *__l = (const void *)(left); \
	const void *__r = (const void *)(right); \
	if (!(__l op __r)) \
		kunit_fail_ptr(test, assert, __FILE__, __LINE__, \
			       ltext, #op, rtext, __l, __r); \
} while (0)

/** Compare two strings. */
#define KUNIT_BINARY_STR(test, assert, left, right, ltext, rtext) do { \
	const char *__l = (left); \
	const char *__r = (right); \
	if (!__l || !__r || strcmp(__l, __r)) \
		kunit_fail_str(test, assert, __FILE__, __LINE__, \
			       ltext, rtext, __l, __r); \
} while (0)

/** Expect @p cond to be true. */
#define KUNIT_EXPECT_TRUE(test, cond) \
	KUNIT_BINARY(test, false, !!(cond), ==, 1, #cond, "true")
/** Expect @p cond to be false. */
#define KUNIT_EXPECT_FALSE(test, cond) \
	KUNIT_BINARY(test, false, !!(cond), ==, 0, #cond, "false")
/** Expect left == right (integers). */
#define KUNIT_EXPECT_EQ(test, l, r) \
	KUNIT_BINARY(test, false, l, ==, r, #l, #r)
/** Expect left != right (integers). */
#define KUNIT_EXPECT_NE(test, l, r) \
	KUNIT_BINARY(test, false, l, !=, r, #l, #r)
/** Expect left < right (integers). */
#define KUNIT_EXPECT_LT(test, l, r) \
	KUNIT_BINARY(test, false, l, <, r, #l, #r)
/** Expect left <= right (integers). */
#define KUNIT_EXPECT_LE(test, l, r) \
	KUNIT_BINARY(test, false, l, <=, r, #l, #r)
/** Expect left > right (integers). */
#define KUNIT_EXPECT_GT(test, l, r) \
	KUNIT_BINARY(test, false, l, >, r, #l, #r)
/** Expect left >= right (integers). */
#define KUNIT_EXPECT_GE(test, l, r) \
	KUNIT_BINARY(test, false, l, >=, r, #l, #r)
/** Expect two pointers to be equal. */
#define KUNIT_EXPECT_PTR_EQ(test, l, r) \
	KUNIT_BINARY_PTR(test, false, l, ==, r, #l, #r)
/** Expect two pointers to differ. */
#define KUNIT_EXPECT_PTR_NE(test, l, r) \
	KUNIT_BINARY_PTR(test, false, l, !=, r, #l, #r)
/** Expect a NULL pointer. */
#define KUNIT_EXPECT_NULL(test, p) \
	KUNIT_BINARY_PTR(test, false, p, ==, NULL, #p, "NULL")
/** Expect a non-NULL pointer. */
#define KUNIT_EXPECT_NOT_NULL(test, p) \
	KUNIT_BINARY_PTR(test, false, p, !=, NULL, #p, "NULL")
/** Expect two equal strings. */
#define KUNIT_EXPECT_STREQ(test, l, r) \
	KUNIT_BINARY_STR(test, false, l, r, #l, #r)
/** Record a failure with a message. */
#define KUNIT_FAIL(test, fmt, ...) \
	kunit_fail_msg(test, false, __FILE__, __LINE__, fmt, ##__VA_ARGS__)

/* ---- assertions: record a failure and end the case -------------------- */

/** Assert @p cond is true, else end the case. */
#define KUNIT_ASSERT_TRUE(test, cond) \
	KUNIT_BINARY(test, true, !!(cond), ==, 1, #cond, "true")
/** Assert @p cond is false, else end the case. */
#define KUNIT_ASSERT_FALSE(test, cond) \
	KUNIT_BINARY(test, true, !!(cond), ==, 0, #cond, "false")
/** Assert left == right, else end the case. */
#define KUNIT_ASSERT_EQ(test, l, r) \
	KUNIT_BINARY(test, true, l, ==, r, #l, #r)
/** Assert left != right, else end the case. */
#define KUNIT_ASSERT_NE(test, l, r) \
	KUNIT_BINARY(test, true, l, !=, r, #l, #r)
/** Assert left < right, else end the case. */
#define KUNIT_ASSERT_LT(test, l, r) \
	KUNIT_BINARY(test, true, l, <, r, #l, #r)
/** Assert left <= right, else end the case. */
#define KUNIT_ASSERT_LE(test, l, r) \
	KUNIT_BINARY(test, true, l, <=, r, #l, #r)
/** Assert left > right, else end the case. */
#define KUNIT_ASSERT_GT(test, l, r) \
	KUNIT_BINARY(test, true, l, >, r, #l, #r)
/** Assert left >= right, else end the case. */
#define KUNIT_ASSERT_GE(test, l, r) \
	KUNIT_BINARY(test, true, l, >=, r, #l, #r)
/** Assert a non-NULL pointer, else end the case. */
#define KUNIT_ASSERT_NOT_NULL(test, p) \
	KUNIT_BINARY_PTR(test, true, p, !=, NULL, #p, "NULL")
/** Assert a NULL pointer, else end the case. */
#define KUNIT_ASSERT_NULL(test, p) \
	KUNIT_BINARY_PTR(test, true, p, ==, NULL, #p, "NULL")
/** Assert two equal pointers, else end the case. */
#define KUNIT_ASSERT_PTR_EQ(test, l, r) \
	KUNIT_BINARY_PTR(test, true, l, ==, r, #l, #r)
/** Assert two equal strings, else end the case. */
#define KUNIT_ASSERT_STREQ(test, l, r) \
	KUNIT_BINARY_STR(test, true, l, r, #l, #r)

#endif /* _VMM_KUNIT_H */
