/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file ptrace.h
 * @brief The register frame saved on every entry to the kernel.
 */
#ifndef _VMM_PTRACE_H
#define _VMM_PTRACE_H

#include <types.h>

/**
 * struct pt_regs - registers as asm/entry.asm saves them on the kernel stack.
 *
 * The order is the push order of common_entry, then what the CPU pushed.
 * Linux 2.4 keeps the system call number in `orig_eax`; vmm386 instead keeps
 * the interrupt vector and the CPU's error code, which the exception
 * handlers need (see "How vmm386 differs from Linux" in the book).
 */
struct pt_regs {
	unsigned long ebx;	/**< saved EBX */
	unsigned long ecx;	/**< saved ECX */
	unsigned long edx;	/**< saved EDX */
	unsigned long esi;	/**< saved ESI */
	unsigned long edi;	/**< saved EDI */
	unsigned long ebp;	/**< saved EBP: the frame-pointer chain */
	unsigned long eax;	/**< saved EAX: system call number and result */
	unsigned long xds;	/**< saved DS */
	unsigned long xes;	/**< saved ES */
	unsigned long vector;	/**< interrupt vector, 0-255 */
	unsigned long error_code;	/**< CPU error code, or 0 */
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
