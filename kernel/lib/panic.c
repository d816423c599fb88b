// SPDX-License-Identifier: GPL-2.0-only
/*
 * panic.c - when the kernel cannot go on (Linux: kernel/panic.c), and the
 * softer BUG() and WARN_ON().
 */
#include <kernel.h>
#include <kallsyms.h>
#include <checkpoint.h>
#include <reboot.h>
#include <system.h>
#include <init.h>

/**
 * What panic() does after reporting: 0 halts the machine (the message stays
 * on the screen), anything else powers it off, as Linux's `panic=N` reboots
 * after N seconds. The test runner boots with `panic=-1`.
 */
static long panic_timeout;
unsigned long nr_warnings;

/**
 * Report a fatal error, show the backtrace, and stop. The checkpoint lets a
 * runner attached to the Bochs debugger see the panic at once.
 */
void panic(const char *fmt, ...)
{
	static char buf[512];
	va_list args;

	local_irq_disable();
	va_start(args, fmt);
	vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	printk(KERN_EMERG "Kernel panic - not syncing: %s\n", buf);
	dump_stack();
	printk(KERN_EMERG "---[ end Kernel panic - not syncing: %s ]---\n", buf);
	checkpoint("panic", NULL);
	if (panic_timeout)
		machine_power_off();
	machine_halt();
}

/**
 * BUG(): say where, then execute ud2 so that the invalid-opcode trap
 * produces a full oops with registers and kills the current thread.
 */
void __bug(const char *file, int line)
{
	printk(KERN_EMERG "kernel BUG at %s:%d!\n", file, line);
	asm volatile("ud2");
	__builtin_unreachable();
}

/** WARN_ON(): report with a backtrace and carry on. */
void __warn(const char *file, int line, const char *cond)
{
	nr_warnings++;
	printk(KERN_WARNING "WARNING: at %s:%d: %s\n", file, line, cond);
	dump_stack();
}

static int __init panic_setup(char *str)
{
	panic_timeout = simple_strtol(str, NULL, 0);
	return 1;
}
__setup("panic=", panic_setup);
