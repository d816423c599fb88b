/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file tlbflush.h
 * @brief The TLB API (Linux 2.4: asm/pgalloc.h; the book's Section 3.8).
 *
 * The TLB caches translations; after a pte changes, the stale entry must
 * go. i386 offers two tools: invlpg drops one page's entry, and reloading
 * CR3 drops every non-global entry. Each function counts its calls in
 * tlb_stats so tests and benchmarks can see how often the kernel flushes.
 */
#ifndef _VMM_TLBFLUSH_H
#define _VMM_TLBFLUSH_H

#include <system.h>
#include <processor.h>

struct mm_struct;

/**
 * struct tlb_stats - how often each kind of flush happened since boot.
 */
struct tlb_stats {
	unsigned long flush_all;	/**< flush_tlb_all() calls */
	unsigned long flush_mm;		/**< flush_tlb_mm() calls */
	unsigned long flush_range;	/**< flush_tlb_range() calls */
	unsigned long flush_page;	/**< single-page flushes (invlpg) */
};

/** Flush counters since boot. */
extern struct tlb_stats tlb_stats;

/** Flush every TLB entry, global ones included. */
void flush_tlb_all(void);
/** Flush the TLB entries of address space @p mm. */
void flush_tlb_mm(struct mm_struct *mm);
/** Flush the TLB entries of [@p start, @p end) in @p mm. */
void flush_tlb_range(struct mm_struct *mm, unsigned long start,
		     unsigned long end);
/** Flush the TLB entry of one kernel page with invlpg. */
void flush_tlb_kernel_page(unsigned long addr);

/** Drop the TLB entry of one page with invlpg (not counted). */
static inline void __flush_tlb_one(unsigned long addr)
{
	asm volatile("invlpg (%0)" : : "r"(addr) : "memory");
}

/**
 * Drop every non-global TLB entry by reloading CR3 (not counted). Global
 * entries (the kernel's direct mapping when PGE is on) survive. Call it
 * with preemption or interrupts off: a task switch between the read and
 * the write of CR3 would load the directory of the address space this
 * task ran on before the switch.
 */
static inline void __flush_tlb(void)
{
	write_cr3(read_cr3());
}

/**
 * Drop every TLB entry, global ones included (not counted). With global
 * pages enabled a CR3 load keeps them, so CR4.PGE is turned off and on
 * again, which flushes everything (Linux's __flush_tlb_global()).
 */
static inline void __flush_tlb_all(void)
{
	unsigned long cr4 = read_cr4();

	if (cr4 & X86_CR4_PGE) {
		write_cr4(cr4 & ~X86_CR4_PGE);
		write_cr4(cr4);
	} else {
		__flush_tlb();
	}
}

#endif /* _VMM_TLBFLUSH_H */
