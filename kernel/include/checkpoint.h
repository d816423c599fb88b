/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file checkpoint.h
 * @brief Checkpoints: places where the host's test runner stops the
 * machine and inspects it from outside through the Bochs debugger.
 *
 * checkpoint() prints `# checkpoint: NAME key=value ...` (a KTAP
 * diagnostic line, so transcripts show it) and then executes `xchg bx,bx`,
 * Bochs' magic breakpoint, with a sequence number in EAX. Under Bochs with
 * magic_break enabled, the runner stops there, checks the machine against
 * the line's key=value claims (page tables, TLB, memory) and continues. On
 * any other machine it is a no-op.
 */
#ifndef _VMM_CHECKPOINT_H
#define _VMM_CHECKPOINT_H

void checkpoint(const char *name, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/** Checkpoints passed since boot; the runner checks EAX against it. */
extern unsigned long checkpoint_seq;

#endif /* _VMM_CHECKPOINT_H */
