/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file mmu_context.h
 * @brief Kernel threads borrowing an address space (Linux 2.6:
 * linux/mmu_context.h, mm/mmu_context.c).
 *
 * A kernel thread has no address space of its own (mm is NULL) and runs
 * on whichever page directory was loaded. use_mm() makes it adopt one,
 * CR3 included, until unuse_mm(). Chapter 8's tests use it to run on a
 * page directory copied before a vmalloc() and watch the vmalloc fault
 * bring the copy up to date.
 */
#ifndef _VMM_MMU_CONTEXT_H
#define _VMM_MMU_CONTEXT_H

struct mm_struct;

void use_mm(struct mm_struct *mm);
void unuse_mm(struct mm_struct *mm);

#endif /* _VMM_MMU_CONTEXT_H */
