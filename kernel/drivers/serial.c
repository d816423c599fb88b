// SPDX-License-Identifier: GPL-2.0-only
/*
 * serial.c - COM1 as a console: 115200 baud, 8N1. Output is polled;
 * input comes by interrupt (IRQ 4) and goes to the console's line
 * discipline, so a terminal on COM1 (or the host's test runner, through
 * Bochs) can type at the console as the keyboard does.
 */
#include <console.h>
#include <tty.h>
#include <irq.h>
#include <io.h>

#define COM1		0x3f8
#define UART_THR	0	/* transmit holding register */
#define UART_RBR	0	/* receive buffer register */
#define UART_IER	1	/* interrupt enable */
#define UART_DLL	0	/* divisor latch, low (DLAB=1) */
#define UART_DLM	1	/* divisor latch, high (DLAB=1) */
#define UART_FCR	2	/* FIFO control */
#define UART_LCR	3	/* line control */
#define UART_MCR	4	/* modem control */
#define UART_LSR	5	/* line status */
#define UART_LSR_THRE	0x20	/* transmitter ready for a byte */
#define UART_LSR_DR	0x01	/* a received byte is ready */
#define UART_IER_RDI	0x01	/* interrupt when a byte arrives */
#define UART_MCR_OUT2	0x08	/* gates the UART's interrupt to the PIC */
#define COM1_IRQ	4

static void serial_putc(char c)
{
	int spins = 100000;

	while (!(inb(COM1 + UART_LSR) & UART_LSR_THRE) && --spins)
		;
	outb(c, COM1 + UART_THR);
}

static void serial_write(const char *s, size_t len)
{
	while (len--) {
		if (*s == '\n')
			serial_putc('\r');
		serial_putc(*s++);
	}
}

static struct console serial_console = {
	.name = "ttyS0",
	.write = serial_write,
};

/* IRQ 4: hand every received byte to the console's line discipline. */
static void serial_interrupt(int irq, struct pt_regs *regs)
{
	int spins = 256;

	(void)irq;
	(void)regs;
	while ((inb(COM1 + UART_LSR) & UART_LSR_DR) && --spins)
		tty_receive_char(&console_tty, inb(COM1 + UART_RBR));
}

/**
 * Let COM1 interrupt when a byte arrives (after init_IRQ(); the console
 * itself is set up earlier, by serial_console_init()).
 */
void serial_input_init(void)
{
	request_irq(COM1_IRQ, serial_interrupt, "serial");
	outb(0x03 | UART_MCR_OUT2, COM1 + UART_MCR);
	outb(UART_IER_RDI, COM1 + UART_IER);
	serial_interrupt(COM1_IRQ, NULL);	/* what came before */
}

/** Program COM1 and register it as a console. */
void serial_console_init(void)
{
	outb(0x00, COM1 + UART_IER);	/* no interrupts until input_init */
	outb(0x80, COM1 + UART_LCR);	/* DLAB on */
	outb(0x01, COM1 + UART_DLL);	/* 115200 = 115200 / 1 */
	outb(0x00, COM1 + UART_DLM);
	outb(0x03, COM1 + UART_LCR);	/* 8N1, DLAB off */
	outb(0xc7, COM1 + UART_FCR);	/* FIFOs on and cleared */
	outb(0x03, COM1 + UART_MCR);	/* DTR, RTS */
	register_console(&serial_console);
}
