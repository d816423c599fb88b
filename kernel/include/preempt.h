/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file preempt.h
 * @brief The preemption counter (Linux 2.6's CONFIG_PREEMPT model).
 *
 * Linux 2.4 never preempts kernel code; vmm386's kernel threads are
 * preempted by the timer so that tests can make them contend, as issue
 * "kmap exhaustion" needs. Code that must not be preempted raises
 * preempt_count; the timer only switches tasks when it is zero.
 */
#ifndef _VMM_PREEMPT_H
#define _VMM_PREEMPT_H

/** Nesting depth of preemption-disabled sections of the current task. */
#define preempt_count()	(current_thread_preempt_count())

int current_thread_preempt_count(void);
void preempt_disable(void);
void preempt_enable(void);
void preempt_enable_no_resched(void);

/** How deep in hardware interrupt handlers this CPU is (arch/irq.c). */
extern int irq_nesting;

#ifndef __VMM_HOST_TEST
/** True inside a hardware interrupt handler. */
static inline int in_interrupt(void)
{
	return irq_nesting > 0;
}
#else
int in_interrupt(void);		/* host unit tests provide their own */
#endif

#endif /* _VMM_PREEMPT_H */
