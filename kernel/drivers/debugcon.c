// SPDX-License-Identifier: GPL-2.0-only
/*
 * debugcon.c - Bochs' debug port 0xe9 as a console.
 *
 * With `port_e9_hack: enabled=1`, every byte written to port 0xe9 appears
 * on Bochs' standard output at once. It is the channel the test runner
 * reads KTAP from: no UART timing, nothing lost, and on real hardware the
 * writes go nowhere.
 */
#include <console.h>
#include <io.h>

#define DEBUGCON_PORT	0xe9

static void debugcon_write(const char *s, size_t len)
{
	while (len--)
		outb(*s++, DEBUGCON_PORT);
}

static struct console debugcon = { .name = "e9", .write = debugcon_write };

/** Register the Bochs debug port as a console. */
void debugcon_init(void)
{
	register_console(&debugcon);
}
