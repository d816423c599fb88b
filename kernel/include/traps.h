/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file traps.h
 * @brief CPU exceptions, the page-fault entry point and the oops report.
 */
#ifndef _VMM_TRAPS_H
#define _VMM_TRAPS_H

#include <ptrace.h>

/** Page-fault error code bit: 1 = protection violation, 0 = not present. */
#define PF_PROT		0x1
/** Page-fault error code bit: the access was a write. */
#define PF_WRITE	0x2
/** Page-fault error code bit: the CPU was in user mode. */
#define PF_USER		0x4
/** Page-fault error code bit: a reserved bit was set in a paging entry. */
#define PF_RSVD		0x8

void do_exception(struct pt_regs *regs, unsigned long vector,
		  unsigned long error_code);
void do_page_fault(struct pt_regs *regs, unsigned long error_code);
void die(const char *str, struct pt_regs *regs, unsigned long err)
	__attribute__((noreturn));
void show_registers(struct pt_regs *regs);
const char *exception_name(unsigned long vector);
void handle_interrupt(struct pt_regs *regs, unsigned long vector,
		      unsigned long error_code);
void exit_to_user_mode_or_kernel(struct pt_regs *regs);
void do_syscall(struct pt_regs *regs);
const char *syscall_name(unsigned long nr);

/** Oopses since boot. */
extern unsigned long oops_count;
/** Page faults taken since boot (all kinds). */
extern unsigned long nr_page_faults;
/**
 * Vmalloc faults resolved since boot: kernel accesses to a kernel address
 * whose page table the current page directory did not have yet.
 */
extern unsigned long nr_vmalloc_faults;

#endif /* _VMM_TRAPS_H */
