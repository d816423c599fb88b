/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * unit.h - a tiny host-side test harness printing KTAP, so host unit tests
 * and in-kernel suites are read by the same parser (tools/ktap.py).
 */
#ifndef _UNIT_H
#define _UNIT_H

#include <stdio.h>
#include <string.h>

struct unit_case {
	void (*fn)(void);
	const char *name;
};

#define UNIT_CASE(f)	{ f, #f }

static int unit_case_failed;

#define CHECK(cond) do { \
	if (!(cond)) { \
		printf("    # %s:%d: CHECK(%s) failed\n", __FILE__, __LINE__, \
		       #cond); \
		unit_case_failed = 1; \
	} \
} while (0)

#define CHECK_EQ(a, b) do { \
	long long __a = (long long)(a), __b = (long long)(b); \
	if (__a != __b) { \
		printf("    # %s:%d: %s == %lld, %s == %lld\n", __FILE__, \
		       __LINE__, #a, __a, #b, __b); \
		unit_case_failed = 1; \
	} \
} while (0)

#define CHECK_STREQ(a, b) do { \
	const char *__a = (a), *__b = (b); \
	if (strcmp(__a, __b)) { \
		printf("    # %s:%d: \"%s\" != \"%s\"\n", __FILE__, __LINE__, \
		       __a, __b); \
		unit_case_failed = 1; \
	} \
} while (0)

/* Run the cases of one suite and print it as a one-suite KTAP document. */
static inline int unit_main(const char *suite, const struct unit_case *cases,
			    int n)
{
	int failed = 0;

	/*
	 * Line by line: a program that crashes (a BUG(), a sanitizer
	 * report, a signal) still delivers what it printed before, which
	 * run.py then shows as the crash's last output.
	 */
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("KTAP version 1\n1..1\n    KTAP version 1\n");
	printf("    # Subtest: %s\n    1..%d\n", suite, n);
	for (int i = 0; i < n; i++) {
		unit_case_failed = 0;
		cases[i].fn();
		printf("    %s %d %s\n", unit_case_failed ? "not ok" : "ok",
		       i + 1, cases[i].name);
		failed |= unit_case_failed;
		fflush(stdout);
	}
	printf("%s 1 %s\n", failed ? "not ok" : "ok", suite);
	return failed;
}

#endif /* _UNIT_H */
