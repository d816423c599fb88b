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
#include <signal.h>

static irq_handler_t irq_handlers[NR_IRQS];
static const char *irq_names[NR_IRQS];
unsigned long irq_count[NR_IRQS];
int irq_nesting;

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
	unsigned int irq = ~regs->orig_eax;

	irq_nesting++;
	irq_count[irq]++;
	if (irq_handlers[irq])
		irq_handlers[irq](irq, regs);
	ack_8259A_irq(irq);
	irq_nesting--;
}

/**
 * Called by asm/entry.asm for every exception and hardware interrupt, with
 * the vector and the CPU's error code (0 if it pushes none). The frame's
 * orig_eax says which kind of entry it was, as in Linux: -1 for an
 * exception, ~irq for an interrupt. A page fault, the most frequent
 * exception by far, goes straight to do_page_fault().
 */
void handle_interrupt(struct pt_regs *regs, unsigned long vector,
		      unsigned long error_code)
{
	if (vector == 14) {
		do_page_fault(regs, error_code);
		return;
	}
	if (vector < FIRST_EXTERNAL_VECTOR) {
		do_exception(regs, vector, error_code);
		return;
	}
	regs->orig_eax = ~(long)(vector - FIRST_EXTERNAL_VECTOR);
	do_IRQ(regs);
}

/*
 * Returning to user mode: switch if the timer asked for it, and deliver
 * pending signals, until neither is due. Each step may sleep or switch,
 * so interrupts go on for it and off again before the next test.
 */
static void exit_to_user_mode(struct pt_regs *regs)
{
	struct task_struct *tsk = current;

	for (;;) {
		if (tsk->need_resched) {
			local_irq_enable();
			schedule();
		} else if (signal_pending(tsk)) {
			local_irq_enable();
			do_signal(regs);
		} else {
			return;
		}
		local_irq_disable();
	}
}

/**
 * The last C code of every exit from the kernel (asm/entry.asm's
 * ret_from_intr). Returns with interrupts off, the frame ready for iret.
 * Back to user mode, it runs the work due first; back to kernel code, it
 * is the preemption point: if the timer asked for a reschedule and the
 * interrupted code allowed preemption (interrupts on, preempt_count
 * zero, not inside an interrupt handler), switch tasks now.
 */
void exit_to_user_mode_or_kernel(struct pt_regs *regs)
{
	struct task_struct *tsk = current;

	local_irq_disable();
	if (user_mode(regs)) {
		exit_to_user_mode(regs);
		return;
	}
	if (tsk->need_resched && !tsk->preempt_count &&
	    (regs->eflags & X86_EFLAGS_IF) && !irq_nesting)
		preempt_schedule_irq();
}
