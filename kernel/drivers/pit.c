// SPDX-License-Identifier: GPL-2.0-only
/*
 * pit.c - the 8253/8254 programmable interval timer at HZ interrupts per
 * second, the kernel's clock (Linux: arch/i386/kernel/time.c).
 *
 * Under Bochs with `clock: sync=none`, time is counted in emulated
 * instructions, so every run sees the same ticks at the same instructions.
 */
#include <jiffies.h>
#include <irq.h>
#include <io.h>
#include <sched.h>

#define PIT_FREQ	1193182	/* the PIT's input clock, Hz */
#define PIT_CH0		0x40
#define PIT_CMD		0x43
/** Divisor giving HZ interrupts per second, rounded as Linux's LATCH. */
#define LATCH		((PIT_FREQ + HZ / 2) / HZ)

volatile unsigned long jiffies;

static void timer_interrupt(int irq, struct pt_regs *regs)
{
	(void)irq;
	(void)regs;
	jiffies++;
	scheduler_tick();
}

/** Program channel 0 as a rate generator and take IRQ 0. */
void time_init(void)
{
	outb(0x34, PIT_CMD);		/* channel 0, lobyte/hibyte, mode 2 */
	outb(LATCH & 0xff, PIT_CH0);
	outb(LATCH >> 8, PIT_CH0);
	request_irq(TIMER_IRQ, timer_interrupt, "timer");
}
