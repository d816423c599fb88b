/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file jiffies.h
 * @brief The timer tick count (Linux: linux/jiffies.h).
 */
#ifndef _VMM_JIFFIES_H
#define _VMM_JIFFIES_H

/** Timer interrupts per second, as Linux 2.4 on i386. */
#define HZ	100

/** Timer ticks since boot. */
extern volatile unsigned long jiffies;

/** True if jiffies value @p a is after @p b, correct across wrap-around. */
#define time_after(a, b)	((long)((b) - (a)) < 0)
/** True if @p a is after or equal to @p b, correct across wrap-around. */
#define time_after_eq(a, b)	((long)((a) - (b)) >= 0)
/** True if @p a is before @p b, correct across wrap-around. */
#define time_before(a, b)	time_after(b, a)

void time_init(void);

#endif /* _VMM_JIFFIES_H */
