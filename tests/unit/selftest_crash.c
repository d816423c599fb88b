// SPDX-License-Identifier: GPL-2.0-only
/*
 * selftest_crash.c - a unit program that dies on purpose, for the runner's
 * self-tests (tests/runner/test_unit_runner.py and the "runner" target):
 * a crashed program must be reported as a failure, with its last output,
 * never vanish from the results. Not named test_*.c, so the ordinary unit
 * layers do not run it; run.py --program runs it.
 *
 * UNIT_CRASH in the environment says how it dies, and in which case:
 *   segv    a NULL dereference in the second case (a signal)
 *   abort   abort() in the second case, as a host BUG() does
 *   asan    a heap buffer overflow in the second case (AddressSanitizer)
 *   ubsan   a signed overflow in the second case (UBSan, no recovery)
 *   first   a NULL dereference in the first case, before any result
 *   loop    an endless loop in the second case (run.py stops it)
 *   none    no crash: three passing cases (the control)
 */
// UNIT-SOURCES:
#include <stdlib.h>
#include <limits.h>
#include "unit.h"

static const char *mode(void)
{
	const char *m = getenv("UNIT_CRASH");

	return m ? m : "none";
}

/* Die the way UNIT_CRASH says. volatile keeps the compiler honest. */
static void crash(void)
{
	const char *m = mode();

	printf("    # about to crash: %s\n", m);
	if (!strcmp(m, "segv") || !strcmp(m, "first")) {
		volatile int *volatile p = NULL;

		*p = 1;
	} else if (!strcmp(m, "abort")) {
		abort();
	} else if (!strcmp(m, "asan")) {
		volatile size_t n = 8;	/* a size UBSan cannot see */
		char *buf = malloc(n);

		buf[n] = 1;
		free(buf);
	} else if (!strcmp(m, "ubsan")) {
		volatile int big = INT_MAX;

		big = big + 1;
	} else if (!strcmp(m, "loop")) {
		for (volatile int spin = 1; spin;)
			;
	}
}

static void first_case(void)
{
	if (!strcmp(mode(), "first"))
		crash();
	CHECK_EQ(1 + 1, 2);
}

static void second_case(void)
{
	if (strcmp(mode(), "first"))
		crash();
	CHECK_EQ(2 + 2, 4);
}

static void third_case(void)
{
	CHECK_EQ(3 + 3, 6);
}

static const struct unit_case cases[] = {
	UNIT_CASE(first_case),
	UNIT_CASE(second_case),
	UNIT_CASE(third_case),
};

int main(void)
{
	return unit_main("crash_selftest", cases, ARRAY_SIZE(cases));
}
