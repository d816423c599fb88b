// SPDX-License-Identifier: GPL-2.0-only
/*
 * serial.c - COM1: 8N1, 115200 baud unless `console=ttyS0,BAUD` says
 * otherwise. Input comes by interrupt (IRQ 4) and goes to the console's
 * line discipline, so a terminal on COM1 (or the host's test runner,
 * through Bochs) can type at the console as the keyboard does. COM1 prints
 * kernel messages only when `console=ttyS0` makes it a console: output is
 * polled, each byte waiting for the transmitter (console.c says why that
 * is not the default).
 */
#include <console.h>
#include <tty.h>
#include <irq.h>
#include <io.h>
#include <kernel.h>

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
/** The UART's clock divided by 16: the baud rate of divisor 1. */
#define UART_BASE_BAUD	115200

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

/* Program the line: 8N1 at @p baud, FIFOs on, DTR and RTS up. Once only:
 * the console and the input side both need it, in either order. */
static void uart_setup(unsigned long baud)
{
	static bool done;
	unsigned long divisor = UART_BASE_BAUD / baud;

	if (done)
		return;
	done = true;
	outb(0x00, COM1 + UART_IER);	/* no interrupts until input_init */
	outb(0x80, COM1 + UART_LCR);	/* DLAB on */
	outb(divisor & 0xff, COM1 + UART_DLL);
	outb(divisor >> 8, COM1 + UART_DLM);
	outb(0x03, COM1 + UART_LCR);	/* 8N1, DLAB off */
	outb(0xc7, COM1 + UART_FCR);	/* FIFOs on and cleared */
	outb(0x03, COM1 + UART_MCR);	/* DTR, RTS */
}

/* The baud rate of `console=ttyS0,OPTIONS` ("9600n8": the digits), or
 * 115200 when there are none or they name no rate the UART can make. */
static unsigned long console_baud(const char *options)
{
	char *end;
	unsigned long baud = simple_strtoul(options, &end, 10);

	if (end == options)
		return UART_BASE_BAUD;
	if (!baud || baud > UART_BASE_BAUD || UART_BASE_BAUD % baud) {
		printk(KERN_WARNING "console=ttyS0,%s: %lu baud is not 115200 "
		       "divided by a whole number; using 115200\n",
		       options, baud);
		return UART_BASE_BAUD;
	}
	return baud;
}

/**
 * Program COM1 for `console=ttyS0,OPTIONS` (OPTIONS may be empty) and
 * return it as a console for console_init() to register. Parity and data
 * bits in OPTIONS are ignored: the line is always 8N1.
 */
struct console *serial_console_init(const char *options)
{
	uart_setup(console_baud(options));
	return &serial_console;
}

/**
 * Let COM1 interrupt when a byte arrives (after init_IRQ(); when
 * `console=ttyS0` made COM1 a console, console_init() set the line up
 * earlier, at the baud rate the option asked for).
 */
void serial_input_init(void)
{
	uart_setup(UART_BASE_BAUD);	/* when COM1 is no console */
	request_irq(COM1_IRQ, serial_interrupt, "serial");
	outb(0x03 | UART_MCR_OUT2, COM1 + UART_MCR);
	outb(UART_IER_RDI, COM1 + UART_IER);
	serial_interrupt(COM1_IRQ, NULL);	/* what came before */
}
