// SPDX-License-Identifier: GPL-2.0-only
/*
 * task_alloc.c - task blocks (descriptor + 8 KiB kernel stack).
 *
 * Linux 2.4 takes each block from the buddy allocator as an order-1 page
 * pair. Until the physical page allocator is up, a fixed pool in .bss
 * serves; every block is aligned to THREAD_SIZE, which `current` needs.
 */
#include <sched.h>
#include <task_alloc.h>

/** How many tasks may exist besides the idle task. */
#define NR_TASK_BLOCKS	32

static union task_union task_pool[NR_TASK_BLOCKS]
	__attribute__((aligned(THREAD_SIZE)));
static bool task_used[NR_TASK_BLOCKS];

/** A free, THREAD_SIZE-aligned task block, or NULL if all are in use. */
struct task_struct *alloc_task_struct(void)
{
	for (int i = 0; i < NR_TASK_BLOCKS; i++) {
		if (!task_used[i]) {
			task_used[i] = true;
			return &task_pool[i].task;
		}
	}
	return NULL;
}

/** Return task block @p p to the pool. */
void free_task_struct(struct task_struct *p)
{
	union task_union *u = (union task_union *)p;

	if (u >= task_pool && u < task_pool + NR_TASK_BLOCKS)
		task_used[u - task_pool] = false;
}
