/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file user_pages.h
 * @brief A stop-gap for user memory until Chapter 5's memory regions are
 * in place: pages mapped eagerly, copied at fork, freed at exit
 * (kernel/mm/user_pages.c).
 */
#ifndef _VMM_USER_PAGES_H
#define _VMM_USER_PAGES_H

#include <types.h>

struct mm_struct;

int map_user_range(struct mm_struct *mm, unsigned long start,
		   unsigned long end, bool writable);
void unmap_user_range(struct mm_struct *mm, unsigned long start,
		      unsigned long end);
void free_user_pages(struct mm_struct *mm);
int copy_user_pages(struct mm_struct *dst, struct mm_struct *src);
int copy_to_mm(struct mm_struct *mm, unsigned long addr, const void *src,
	       unsigned long len);

#endif /* _VMM_USER_PAGES_H */
