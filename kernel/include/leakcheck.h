/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file leakcheck.h
 * @brief The one hook memory-manager code has into the test framework:
 * counters that must come back to where they were, and settle functions
 * that drain caches before the counters are read.
 *
 * An allocator registers what it can count (live slab objects, kmap
 * slots in use) and how to bring its caches to rest (the slab's per-CPU
 * arrays, the 2.6 vmalloc's lazily freed areas). Whoever checks for
 * leaks -- today the in-kernel test framework around every case, later
 * the process tests around every program -- reads the counters before
 * and after, settling first. mm code includes this header, never kunit.h.
 */
#ifndef _VMM_LEAKCHECK_H
#define _VMM_LEAKCHECK_H

/**
 * struct leak_counter - a quantity that must be left as it was found
 * (free pages, live slab objects, tasks, kmap slots in use).
 */
struct leak_counter {
	const char *name;		/**< for the report */
	unsigned long (*read)(void);	/**< current value */
};

/** Have @p counter read before and after every checked stretch of work. */
void register_leak_counter(const struct leak_counter *counter);

/**
 * Have @p fn called right before the counters are read, so that what a
 * cache holds lazily (per-CPU arrays, purge lists) is given back first
 * and counts compare like with like.
 */
void register_settle(void (*fn)(void));

/**
 * struct leak_counter_value - one counter as read_leak_counters() reports
 * it (and system call 1001 copies it to user space).
 */
struct leak_counter_value {
	char name[24];		/**< the counter's name, NUL-terminated */
	unsigned long value;	/**< its value */
};

int read_leak_counters(struct leak_counter_value *out, int max);

#endif /* _VMM_LEAKCHECK_H */
