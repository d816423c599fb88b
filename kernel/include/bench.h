/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file bench.h
 * @brief Measuring costs in emulated instructions.
 *
 * Benchmarks are KUnit suites named "bench_*", run by `make bench`. Under
 * Bochs with `clock: sync=none` the time-stamp counter advances by one per
 * emulated instruction and is identical from run to run, so a cost is a
 * count, not a time. Interrupts are off between bench_begin() and
 * bench_end(): a timer interrupt in the middle would be counted too.
 * Results are printed as KTAP diagnostics,
 *
 *     # bench: vmalloc.alloc_1_page 5321 insns
 *
 * which tools/bench.py collects into build/bench/results.json.
 */
#ifndef _VMM_BENCH_H
#define _VMM_BENCH_H

#include <types.h>
#include <system.h>

/**
 * struct bench - one measurement in progress.
 */
struct bench {
	u64 start;		/**< rdtsc at bench_begin() */
	unsigned long flags;	/**< saved interrupt flag */
};

/** Start measuring: interrupts off, read the counter. */
static inline void bench_begin(struct bench *b)
{
	local_irq_save(b->flags);
	b->start = rdtsc();
}

/** Stop measuring; returns emulated instructions since bench_begin(). */
static inline u64 bench_end(struct bench *b)
{
	u64 t = rdtsc() - b->start;

	local_irq_restore(b->flags);
	return t;
}

void bench_report(const char *key, unsigned long long value,
		  const char *unit);

#endif /* _VMM_BENCH_H */
