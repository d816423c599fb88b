// SPDX-License-Identifier: GPL-2.0-only
/*
 * true.c - the smallest program: exits with status 0. bench_proc execs
 * it to measure execve of a small static program.
 */
#include <ulib.h>

int main(void)
{
	return 0;
}
