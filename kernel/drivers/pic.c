// SPDX-License-Identifier: GPL-2.0-only
/*
 * pic.c - the two cascaded 8259A interrupt controllers (Linux: i8259.c).
 *
 * The BIOS leaves IRQ 0-7 on vectors 8-15, on top of the CPU's own
 * exceptions. init_8259A() moves IRQ 0-15 to vectors 0x20-0x2f, as Linux
 * does, and masks every line until a driver asks for it.
 */
#include <irq.h>
#include <io.h>
#include <desc.h>

#define PIC_MASTER_CMD	0x20
#define PIC_MASTER_DATA	0x21
#define PIC_SLAVE_CMD	0xa0
#define PIC_SLAVE_DATA	0xa1
#define PIC_EOI		0x20
#define CASCADE_IRQ	2

static u16 cached_irq_mask = 0xffff;

static void write_mask(void)
{
	outb(cached_irq_mask & 0xff, PIC_MASTER_DATA);
	outb(cached_irq_mask >> 8, PIC_SLAVE_DATA);
}

/** Program both PICs: vectors 0x20-0x2f, cascade on IRQ 2, all masked. */
void init_8259A(void)
{
	outb(0x11, PIC_MASTER_CMD);	/* ICW1: edge, cascade, ICW4 */
	io_delay();
	outb(0x11, PIC_SLAVE_CMD);
	io_delay();
	outb(FIRST_EXTERNAL_VECTOR, PIC_MASTER_DATA);	/* ICW2 */
	io_delay();
	outb(FIRST_EXTERNAL_VECTOR + 8, PIC_SLAVE_DATA);
	io_delay();
	outb(1 << CASCADE_IRQ, PIC_MASTER_DATA);	/* ICW3 */
	io_delay();
	outb(CASCADE_IRQ, PIC_SLAVE_DATA);
	io_delay();
	outb(0x01, PIC_MASTER_DATA);	/* ICW4: 8086 mode */
	io_delay();
	outb(0x01, PIC_SLAVE_DATA);
	io_delay();
	cached_irq_mask = 0xffff & ~(1 << CASCADE_IRQ);
	write_mask();
}

/** Unmask line @p irq. */
void enable_8259A_irq(unsigned int irq)
{
	cached_irq_mask &= ~(1u << irq);
	write_mask();
}

/** Mask line @p irq. */
void disable_8259A_irq(unsigned int irq)
{
	cached_irq_mask |= 1u << irq;
	write_mask();
}

/** Tell the PIC(s) the interrupt on @p irq has been handled. */
void ack_8259A_irq(unsigned int irq)
{
	if (irq >= 8)
		outb(PIC_EOI, PIC_SLAVE_CMD);
	outb(PIC_EOI, PIC_MASTER_CMD);
}
