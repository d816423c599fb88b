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
#include <timekeeping.h>
#include <types.h>

#define PIT_FREQ	1193182	/* the PIT's input clock, Hz */
#define PIT_CH0		0x40
#define PIT_CMD		0x43
/** Divisor giving HZ interrupts per second, rounded as Linux's LATCH. */
#define LATCH		((PIT_FREQ + HZ / 2) / HZ)

volatile unsigned long jiffies;

static void timer_interrupt(int irq, struct pt_regs *regs)
{
	(void)irq;
	jiffies++;
	update_process_times(user_mode(regs));
	scheduler_tick();
}

#define PIC_MASTER_CMD	0x20
#define PIC_READ_IRR	0x0a

/**
 * Nanoseconds since the last tick, from channel 0's down-counter (Linux
 * 2.4's do_gettimeoffset()). Call with interrupts off. If the counter has
 * wrapped but the tick is still pending at the PIC, jiffies is one tick
 * behind: the count says so.
 */
unsigned long pit_ns_since_tick(void)
{
	unsigned int count, elapsed;
	bool pending;

	outb(0x00, PIT_CMD);		/* latch channel 0 */
	count = inb(PIT_CH0);
	count |= inb(PIT_CH0) << 8;
	outb(PIC_READ_IRR, PIC_MASTER_CMD);
	pending = inb(PIC_MASTER_CMD) & (1 << TIMER_IRQ);
	elapsed = count <= LATCH ? LATCH - count : 0;
	if (pending && elapsed < LATCH / 2)
		elapsed += LATCH;
	/* 1e9 / PIT_FREQ = 838.095 ns per count */
	return elapsed * 838 + elapsed * 95 / 1000;
}

/** Program channel 0 as a rate generator and take IRQ 0. */
void time_init(void)
{
	outb(0x34, PIT_CMD);		/* channel 0, lobyte/hibyte, mode 2 */
	outb(LATCH & 0xff, PIT_CH0);
	outb(LATCH >> 8, PIT_CH0);
	timekeeping_init();
	request_irq(TIMER_IRQ, timer_interrupt, "timer");
}
