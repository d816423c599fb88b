/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file system.h
 * @brief Interrupt flag control and control registers (Linux: asm/system.h).
 *
 * vmm386 runs on one CPU, so "locking" against interrupt handlers means
 * clearing EFLAGS.IF. local_irq_save() remembers whether interrupts were on
 * so that nested sections restore the right state.
 */
#ifndef _VMM_SYSTEM_H
#define _VMM_SYSTEM_H

#include <types.h>

/** EFLAGS.IF: maskable interrupts are enabled. */
#define X86_EFLAGS_IF	0x00000200

/** Stop the compiler from moving memory accesses across this point. */
#define barrier()	asm volatile("" : : : "memory")

#ifndef __VMM_HOST_TEST
/** Disable maskable interrupts. */
static inline void local_irq_disable(void)
{
	asm volatile("cli" : : : "memory");
}

/** Enable maskable interrupts. */
static inline void local_irq_enable(void)
{
	asm volatile("sti" : : : "memory");
}

/** Read EFLAGS. */
static inline unsigned long read_eflags(void)
{
	unsigned long flags;

	asm volatile("pushfl; popl %0" : "=r"(flags) : : "memory");
	return flags;
}
#else
/*
 * Host unit tests (tests/unit) compile mm code as an ordinary 64-bit
 * program: there are no interrupts to mask, so the interrupt flag is a
 * variable the test can inspect (host_eflags, defined by the test).
 */
extern unsigned long host_eflags;
static inline void local_irq_disable(void) { host_eflags &= ~X86_EFLAGS_IF; }
static inline void local_irq_enable(void) { host_eflags |= X86_EFLAGS_IF; }
static inline unsigned long read_eflags(void) { return host_eflags; }
#endif

/** True when interrupts are disabled on this CPU. */
static inline bool irqs_disabled(void)
{
	return !(read_eflags() & X86_EFLAGS_IF);
}

/** Save EFLAGS into @p flags and disable interrupts. */
#define local_irq_save(flags) \
	do { (flags) = read_eflags(); local_irq_disable(); } while (0)

/** Restore the interrupt flag saved by local_irq_save(). */
#define local_irq_restore(flags) \
	do { if ((flags) & X86_EFLAGS_IF) local_irq_enable(); } while (0)

/** Halt until the next interrupt. */
static inline void safe_halt(void)
{
	asm volatile("sti; hlt" : : : "memory");
}

/** Read CR0 (PG, WP, PE ...). */
static inline unsigned long read_cr0(void)
{
	unsigned long v;

	asm volatile("movl %%cr0, %0" : "=r"(v));
	return v;
}

/** Read CR2, the linear address of the last page fault. */
static inline unsigned long read_cr2(void)
{
	unsigned long v;

	asm volatile("movl %%cr2, %0" : "=r"(v));
	return v;
}

/** Read CR3, the physical address of the current page directory. */
static inline unsigned long read_cr3(void)
{
	unsigned long v;

	asm volatile("movl %%cr3, %0" : "=r"(v));
	return v;
}

/** Load CR3: switches page directory and flushes non-global TLB entries. */
static inline void write_cr3(unsigned long v)
{
	asm volatile("movl %0, %%cr3" : : "r"(v) : "memory");
}

/** Read CR4 (PSE, PGE, PAE ...). */
static inline unsigned long read_cr4(void)
{
	unsigned long v;

	asm volatile("movl %%cr4, %0" : "=r"(v));
	return v;
}

/** Write CR4. */
static inline void write_cr4(unsigned long v)
{
	asm volatile("movl %0, %%cr4" : : "r"(v) : "memory");
}

/** Read the time-stamp counter: emulated instructions under Bochs. */
static inline u64 rdtsc(void)
{
	u32 lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

#endif /* _VMM_SYSTEM_H */
