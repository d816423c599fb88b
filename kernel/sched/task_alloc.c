// SPDX-License-Identifier: GPL-2.0-only
/*
 * task_alloc.c - task blocks (descriptor + 8 KiB kernel stack).
 *
 * As in Linux 2.4, each block is an order-1 page pair from the buddy
 * allocator (GFP_KERNEL: low memory, so it has a kernel address). The
 * pair is THREAD_SIZE aligned, which `current` needs: a block of order 1
 * starts at an even frame of its zone, and every low zone starts at an
 * even frame (0, and 16 MiB).
 *
 * No boot-time fallback is needed: the only task that exists before
 * mem_init() is the boot task, whose block (init_task_union) is in the
 * kernel image. A kernel_thread() before mem_init() would simply get
 * -ENOMEM (alloc_pages() finds no zone yet).
 */
#include <sched.h>
#include <task_alloc.h>
#include <mm.h>
#include <kernel.h>

/** Order of a task block: 2 pages (THREAD_SIZE). */
#define TASK_ORDER	1

_Static_assert(PAGE_SIZE << TASK_ORDER == THREAD_SIZE, "THREAD_SIZE");

/** A THREAD_SIZE-aligned task block, or NULL if memory is short. */
struct task_struct *alloc_task_struct(void)
{
	unsigned long p = __get_free_pages(GFP_KERNEL, TASK_ORDER);

	if (p & (THREAD_SIZE - 1)) {
		printk(KERN_ERR "alloc_task_struct: block %#lx is not "
		       "THREAD_SIZE aligned\n", p);
		free_pages(p, TASK_ORDER);
		return NULL;
	}
	return (struct task_struct *)p;
}

/** Return task block @p p to the buddy allocator. */
void free_task_struct(struct task_struct *p)
{
	free_pages((unsigned long)p, TASK_ORDER);
}
