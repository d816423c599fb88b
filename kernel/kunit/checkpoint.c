// SPDX-License-Identifier: GPL-2.0-only
/*
 * checkpoint.c - stop points for the host-side Bochs oracle; see
 * checkpoint.h.
 */
#include <checkpoint.h>
#include <kernel.h>

unsigned long checkpoint_seq;

/**
 * Announce checkpoint @p name with optional key=value text, then stop in
 * the Bochs debugger (magic breakpoint `xchg %bx, %bx`) with the sequence
 * number in EAX. Noinline, so the stop is always in this function.
 */
__attribute__((noinline)) void checkpoint(const char *name, const char *fmt, ...)
{
	char buf[256];
	unsigned long seq = ++checkpoint_seq;
	va_list args;

	buf[0] = '\0';
	if (fmt) {
		va_start(args, fmt);
		vsnprintf(buf, sizeof(buf), fmt, args);
		va_end(args);
	}
	printk(KERN_RAW "# checkpoint: %s seq=%lu%s%s\n", name, seq,
	       buf[0] ? " " : "", buf);
	asm volatile("xchgw %%bx, %%bx" : : "a"(seq) : "memory");
}
