// SPDX-License-Identifier: GPL-2.0-only
/*
 * ktap.c - KTAP version 1 output for the test programs.
 *
 * Run alone, a program prints a top-level KTAP document. Run by the test
 * runner (bin/init), it finds KTAP_INDENT and KTAP_NAME in its
 * environment and prints itself as an indented subtest named KTAP_NAME,
 * so the runner's output nests every program's results without having to
 * read and re-indent them.
 */
#include <ulib.h>

static int planned, done_cases, failed;

static const char *indent(void)
{
	const char *s = getenv("KTAP_INDENT");

	return s ? s : "";
}

void ktap_plan(int n)
{
	const char *name = getenv("KTAP_NAME");

	planned = n;
	printf("%sKTAP version 1\n", indent());
	if (name)
		printf("%s# Subtest: %s\n", indent(), name);
	printf("%s1..%d\n", indent(), n);
}

static void result(bool ok, const char *directive, const char *fmt,
		   va_list ap)
{
	char name[200];

	vsnprintf(name, sizeof(name), fmt, ap);
	done_cases++;
	if (!ok)
		failed++;
	printf("%s%s %d %s%s\n", indent(), ok ? "ok" : "not ok", done_cases,
	       name, directive);
}

void ktap_ok(int ok, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	result(ok, "", fmt, ap);
	va_end(ap);
}

void ktap_skip(const char *reason, const char *fmt, ...)
{
	char directive[120];
	va_list ap;

	snprintf(directive, sizeof(directive), " # SKIP %s", reason);
	va_start(ap, fmt);
	result(true, directive, fmt, ap);
	va_end(ap);
}

void ktap_diag(const char *fmt, ...)
{
	char line[300];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	printf("%s# %s\n", indent(), line);
}

void ktap_eq_at(long got, long want, const char *name, const char *expr)
{
	if (got != want)
		ktap_diag("%s: %s is %ld (%#lx), expected %ld (%#lx)", name,
			  expr, got, got, want, want);
	ktap_ok(got == want, "%s", name);
}

int ktap_done(void)
{
	if (done_cases != planned)
		ktap_diag("planned %d cases, ran %d", planned, done_cases);
	return failed || done_cases != planned;
}
