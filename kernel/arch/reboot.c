// SPDX-License-Identifier: GPL-2.0-only
/*
 * reboot.c - stopping the machine.
 *
 * Bochs powers off when the string "Shutdown" is written to port 0x8900,
 * the old APM shutdown port its BIOS understands; Bochs then exits, which
 * is how a test run ends. On other machines the loop that follows halts.
 */
#include <reboot.h>
#include <io.h>
#include <system.h>
#include <kernel.h>

#define BOCHS_SHUTDOWN_PORT	0x8900

/** Power the machine off (Bochs: exit). */
void machine_power_off(void)
{
	const char *s = "Shutdown";

	local_irq_disable();
	printk(KERN_EMERG "Power down.\n");
	while (*s)
		outb(*s++, BOCHS_SHUTDOWN_PORT);
	machine_halt();
}

/** Stop executing, forever, with interrupts off. */
void machine_halt(void)
{
	local_irq_disable();
	for (;;)
		asm volatile("hlt");
}
