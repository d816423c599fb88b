/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file irq.h
 * @brief Hardware interrupts: the 8259A PIC pair and handler registration.
 */
#ifndef _VMM_IRQ_H
#define _VMM_IRQ_H

#include <ptrace.h>

/** Interrupt lines of the two cascaded 8259A PICs. */
#define NR_IRQS		16
/** The PIT's line. */
#define TIMER_IRQ	0
/** The primary ATA channel's line. */
#define ATA_PRIMARY_IRQ	14

/** An interrupt handler: gets the line number and the saved registers. */
typedef void (*irq_handler_t)(int irq, struct pt_regs *regs);

int request_irq(unsigned int irq, irq_handler_t handler, const char *name);
void free_irq(unsigned int irq);
void init_IRQ(void);
void init_8259A(void);
void enable_8259A_irq(unsigned int irq);
void disable_8259A_irq(unsigned int irq);
void ack_8259A_irq(unsigned int irq);
void do_IRQ(struct pt_regs *regs);

/** Interrupts handled per line since boot. */
extern unsigned long irq_count[NR_IRQS];

#endif /* _VMM_IRQ_H */
