// SPDX-License-Identifier: GPL-2.0-only
/*
 * serial.c - COM1 as a console: 115200 baud, 8N1, polled.
 */
#include <console.h>
#include <io.h>

#define COM1		0x3f8
#define UART_THR	0	/* transmit holding register */
#define UART_IER	1	/* interrupt enable */
#define UART_DLL	0	/* divisor latch, low (DLAB=1) */
#define UART_DLM	1	/* divisor latch, high (DLAB=1) */
#define UART_FCR	2	/* FIFO control */
#define UART_LCR	3	/* line control */
#define UART_MCR	4	/* modem control */
#define UART_LSR	5	/* line status */
#define UART_LSR_THRE	0x20	/* transmitter ready for a byte */

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

/** Program COM1 and register it as a console. */
void serial_console_init(void)
{
	outb(0x00, COM1 + UART_IER);	/* no interrupts: we poll */
	outb(0x80, COM1 + UART_LCR);	/* DLAB on */
	outb(0x01, COM1 + UART_DLL);	/* 115200 = 115200 / 1 */
	outb(0x00, COM1 + UART_DLM);
	outb(0x03, COM1 + UART_LCR);	/* 8N1, DLAB off */
	outb(0xc7, COM1 + UART_FCR);	/* FIFOs on and cleared */
	outb(0x03, COM1 + UART_MCR);	/* DTR, RTS */
	register_console(&serial_console);
}
