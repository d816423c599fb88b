/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file pgalloc.h
 * @brief Allocating page directories (Linux 2.4: asm-i386/pgalloc.h).
 *
 * The start of Chapter 5 (the process address space): every address space
 * has a page directory of its own. Its user half begins empty; its kernel
 * half is a copy of swapper_pg_dir's, so the kernel is mapped the same way
 * whichever directory CR3 holds. The copy is a snapshot: kernel page
 * tables added later (by vmalloc()) reach it through the vmalloc fault.
 */
#ifndef _VMM_PGALLOC_H
#define _VMM_PGALLOC_H

#include <pgtable.h>

struct mm_struct;

pgd_t *pgd_alloc(struct mm_struct *mm);
void pgd_free(pgd_t *pgd);

#endif /* _VMM_PGALLOC_H */
