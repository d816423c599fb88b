/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file ptrace.h
 * @brief The register frame saved on every entry to the kernel, in Linux
 * 2.4's i386 layout.
 */
#ifndef _VMM_PTRACE_H
#define _VMM_PTRACE_H

#include <types.h>

/**
 * struct pt_regs - registers as asm/entry.asm saves them on the kernel stack.
 *
 * The layout is Linux 2.4's (include/asm-i386/ptrace.h), 60 bytes: the
 * entry code pushes es, ds and the general registers, the CPU pushed eip,
 * cs, eflags and, coming from user mode, esp and ss. `orig_eax` tells what
 * kind of entry this was: the system call number (>= 0) for int 0x80, -1
 * for a CPU exception, ~irq for a hardware interrupt. `eax` starts as the
 * same number and becomes the system call's result, so a call that must be
 * restarted can find its number again. The exception vector and the CPU's
 * error code are not kept in the frame: the entry code hands them to
 * handle_interrupt() as arguments, as Linux hands error_code to each trap
 * handler.
 */
struct pt_regs {
	unsigned long ebx;	/**< saved EBX: first system call argument */
	unsigned long ecx;	/**< saved ECX: second argument */
	unsigned long edx;	/**< saved EDX: third argument */
	unsigned long esi;	/**< saved ESI: fourth argument */
	unsigned long edi;	/**< saved EDI: fifth argument */
	unsigned long ebp;	/**< saved EBP: sixth argument, frame pointer */
	unsigned long eax;	/**< saved EAX: system call number, then result */
	unsigned long xds;	/**< saved DS */
	unsigned long xes;	/**< saved ES */
	long orig_eax;		/**< call number, -1 (exception) or ~irq */
	unsigned long eip;	/**< where the interrupted code resumes */
	unsigned long xcs;	/**< its code segment: the privilege level */
	unsigned long eflags;	/**< its flags */
	unsigned long esp;	/**< user stack pointer (from user mode only) */
	unsigned long xss;	/**< user stack segment (from user mode only) */
};

/** True when the frame was saved on entry from user mode (CPL 3). */
static inline bool user_mode(const struct pt_regs *regs)
{
	return (regs->xcs & 3) == 3;
}

#endif /* _VMM_PTRACE_H */
