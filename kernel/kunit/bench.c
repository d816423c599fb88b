// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench.c - report benchmark results; see bench.h.
 */
#include <bench.h>
#include <kernel.h>

/** Print one result as `# bench: KEY VALUE UNIT` for tools/bench.py. */
void bench_report(const char *key, unsigned long long value, const char *unit)
{
	printk(KERN_RAW "    # bench: %s %llu %s\n", key, value, unit);
}
