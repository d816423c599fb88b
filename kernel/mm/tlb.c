// SPDX-License-Identifier: GPL-2.0-only
/*
 * tlb.c - the TLB flushing API with counters (Linux 2.4: the
 * uniprocessor versions in asm/pgalloc.h; the book's Section 3.8).
 *
 * i386 has two ways to drop stale translations: invlpg for one page, and a
 * CR3 load for every non-global entry. Linux 2.4 uses a CR3 load even for
 * a range (flush_tlb_range()); so does vmm386. Each call is counted in
 * tlb_stats so that tests and `make bench` can see how often the kernel
 * flushes, and what a change of design (2.6's lazy vmalloc purging) saves.
 */
#include <tlbflush.h>
#include <sched.h>
#include <mm_types.h>
#include <preempt.h>

struct tlb_stats tlb_stats;

/**
 * Flush every translation, global ones (the direct map) included. Without
 * global pages that is a CR3 reload, so preemption is off around it, as
 * in reload_cr3_if_loaded().
 */
void flush_tlb_all(void)
{
	tlb_stats.flush_all++;
	preempt_disable();
	__flush_tlb_all();
	preempt_enable();
}

/*
 * Reload CR3 if @mm is the address space loaded now. Preemption is off
 * from the test to the write: a task switch after CR3 was read would
 * bring this task back on another borrowed address space (lazy TLB), and
 * writing the old value would load a directory it no longer holds a
 * reference on (Linux 2.6 disables preemption the same way).
 */
static void reload_cr3_if_loaded(struct mm_struct *mm)
{
	preempt_disable();
	if (mm == current->active_mm)
		__flush_tlb();
	preempt_enable();
}

/**
 * Flush the user translations of @p mm: only needed if it is the address
 * space in the TLB now (a lazy-TLB kernel thread borrows it too).
 */
void flush_tlb_mm(struct mm_struct *mm)
{
	tlb_stats.flush_mm++;
	reload_cr3_if_loaded(mm);
}

/**
 * Flush the translations of [@p start, @p end) in @p mm. As in Linux 2.4
 * on i386, the whole non-global TLB goes: a CR3 load is cheaper than one
 * invlpg per page for all but the smallest ranges.
 */
void flush_tlb_range(struct mm_struct *mm, unsigned long start,
		     unsigned long end)
{
	(void)start;
	(void)end;
	tlb_stats.flush_range++;
	reload_cr3_if_loaded(mm);
}

/**
 * Flush the translation of kernel page @p addr (invlpg), global or not:
 * kernel mappings are the same in every address space.
 */
void flush_tlb_kernel_page(unsigned long addr)
{
	tlb_stats.flush_page++;
	__flush_tlb_one(addr);
}
