/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file desc.h
 * @brief Segment selectors, the GDT, the IDT and the TSS (Linux:
 * asm/desc.h and asm/segment.h). Selector values are Linux 2.4's.
 */
#ifndef _VMM_DESC_H
#define _VMM_DESC_H

#include <types.h>

#define __KERNEL_CS	0x10	/**< kernel code selector */
#define __KERNEL_DS	0x18	/**< kernel data selector */
#define __USER_CS	0x23	/**< user code selector (RPL 3) */
#define __USER_DS	0x2B	/**< user data selector (RPL 3) */
#define __TSS		0x60	/**< the task state segment (entry 12, as 2.4) */

/**
 * First of the three GDT entries (6, 7, 8) that hold the current task's
 * thread-local-storage segments (set_thread_area(), Linux 2.6's
 * GDT_ENTRY_TLS_MIN); glibc loads %gs with entry 6: selector 0x33.
 */
#define GDT_ENTRY_TLS_MIN	6
/** How many TLS entries each task has (Linux's GDT_ENTRY_TLS_ENTRIES). */
#define GDT_ENTRY_TLS_ENTRIES	3
/** Entries in the GDT: up to the TSS (12). */
#define GDT_ENTRIES		13

/** Vector of the Linux system call gate, int 0x80. */
#define SYSCALL_VECTOR	0x80
/** First vector the PIC's interrupts arrive on (IRQ 0 = vector 32). */
#define FIRST_EXTERNAL_VECTOR	0x20

/**
 * struct tss_struct - the hardware task state segment. vmm386 uses it only
 * for what Linux uses it for: the kernel stack (ss0:esp0) loaded when an
 * interrupt arrives in user mode.
 */
struct tss_struct {
	u32 back_link;	/**< unused */
	u32 esp0;	/**< kernel stack for entries from user mode */
	u32 ss0;	/**< its segment, __KERNEL_DS */
	u32 unused[22];	/**< the rest of the hardware layout */
	u16 trap;	/**< debug trap flag, unused */
	u16 io_bitmap_base;	/**< beyond the limit: no I/O ports for users */
} __attribute__((packed));

/** The one TSS of the one CPU. */
extern struct tss_struct init_tss;

struct thread_struct;

void gdt_init(void);
void trap_init(void);
void load_TLS(const struct thread_struct *t);

#endif /* _VMM_DESC_H */
