// SPDX-License-Identifier: GPL-2.0-only
/*
 * irq.c - the one C entry point for every interrupt, exception and system
 * call, and the dispatch of hardware interrupts to their handlers
 * (Linux: arch/i386/kernel/irq.c).
 */
#include <irq.h>
#include <desc.h>
#include <kernel.h>
#include <sched.h>
#include <system.h>
#include <traps.h>
#include <errno.h>

static irq_handler_t irq_handlers[NR_IRQS];
static const char *irq_names[NR_IRQS];
unsigned long irq_count[NR_IRQS];
static int irq_nesting;

/** True inside a hardware interrupt handler. */
int in_interrupt(void)
{
	return irq_nesting > 0;
}

/**
 * Install @p handler for line @p irq and unmask it. Returns -EBUSY if the
 * line already has a handler, -EINVAL for a line that does not exist.
 */
int request_irq(unsigned int irq, irq_handler_t handler, const char *name)
{
	if (irq >= NR_IRQS || !handler)
		return -EINVAL;
	if (irq_handlers[irq])
		return -EBUSY;
	irq_handlers[irq] = handler;
	irq_names[irq] = name;
	enable_8259A_irq(irq);
	return 0;
}

/** Mask line @p irq and forget its handler. */
void free_irq(unsigned int irq)
{
	if (irq >= NR_IRQS)
		return;
	disable_8259A_irq(irq);
	irq_handlers[irq] = NULL;
	irq_names[irq] = NULL;
}

/** Program the interrupt controllers; every line starts masked. */
void init_IRQ(void)
{
	init_8259A();
}

/**
 * Run the handler of the hardware interrupt in @p regs and acknowledge it.
 * Interrupts stay disabled throughout: handlers are short.
 */
void do_IRQ(struct pt_regs *regs)
{
	unsigned int irq = regs->vector - FIRST_EXTERNAL_VECTOR;

	irq_nesting++;
	irq_count[irq]++;
	if (irq_handlers[irq])
		irq_handlers[irq](irq, regs);
	ack_8259A_irq(irq);
	irq_nesting--;
}

/* System calls arrive in Chapter 5; until then every call is ENOSYS. */
static void do_syscall(struct pt_regs *regs)
{
	regs->eax = (unsigned long)-ENOSYS;
}

/**
 * Called by asm/entry.asm for every entry into the kernel. On the way out,
 * this is the preemption point: if the timer asked for a reschedule and the
 * interrupted code allowed preemption (interrupts on, preempt_count zero),
 * switch tasks now.
 */
void handle_interrupt(struct pt_regs *regs)
{
	unsigned long vector = regs->vector;

	if (vector < FIRST_EXTERNAL_VECTOR)
		do_exception(regs);
	else if (vector < FIRST_EXTERNAL_VECTOR + NR_IRQS)
		do_IRQ(regs);
	else if (vector == SYSCALL_VECTOR)
		do_syscall(regs);

	if (current->need_resched && !current->preempt_count &&
	    (regs->eflags & X86_EFLAGS_IF) && !irq_nesting)
		preempt_schedule_irq();
}
