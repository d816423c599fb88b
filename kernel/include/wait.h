/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file wait.h
 * @brief Wait queues: how a task sleeps until something happens
 * (Linux: linux/wait.h). kmap's pkmap_map_wait is one of them.
 */
#ifndef _VMM_WAIT_H
#define _VMM_WAIT_H

#include <list.h>
#include <spinlock.h>

struct task_struct;

/**
 * wait_queue_head_t - a list of sleeping tasks and the lock guarding it.
 */
typedef struct {
	spinlock_t lock;		/**< protects task_list */
	struct list_head task_list;	/**< the wait_queue_t entries */
} wait_queue_head_t;

/**
 * wait_queue_t - one sleeping task's entry on a wait queue. It lives on
 * the sleeper's stack for as long as it sleeps.
 */
typedef struct {
	struct task_struct *task;	/**< who sleeps */
	struct list_head task_list;	/**< link in wait_queue_head_t */
} wait_queue_t;

/** Static initializer of an empty wait queue named @p name. */
#define __WAIT_QUEUE_HEAD_INITIALIZER(name) \
	{ SPIN_LOCK_UNLOCKED(name), LIST_HEAD_INIT((name).task_list) }
/** Define an empty wait queue. */
#define DECLARE_WAIT_QUEUE_HEAD(name) \
	wait_queue_head_t name = __WAIT_QUEUE_HEAD_INITIALIZER(name)
/** Define a wait queue entry for task @p tsk. */
#define DECLARE_WAITQUEUE(name, tsk) \
	wait_queue_t name = { (tsk), { NULL, NULL } }

void init_waitqueue_head(wait_queue_head_t *q);
void add_wait_queue(wait_queue_head_t *q, wait_queue_t *wait);
void remove_wait_queue(wait_queue_head_t *q, wait_queue_t *wait);
void wake_up(wait_queue_head_t *q);
void sleep_on(wait_queue_head_t *q);
unsigned long waitqueue_len(wait_queue_head_t *q);

/**
 * True if some task sleeps on @p q. A hint, not a promise: the caller must
 * hold a lock that sleepers take before adding themselves (kunmap_high()
 * holds kmap_lock), or a sleeper may arrive just after the test.
 */
static inline bool waitqueue_active(wait_queue_head_t *q)
{
	return !list_empty(&q->task_list);
}

/**
 * Sleep (uninterruptibly) on @p wq until @p condition is true.
 *
 * The task marks itself asleep *before* testing the condition, so a
 * wake_up() that comes between the test and schedule() sets it running
 * again and schedule() returns at once: no wake-up is lost.
 */
#define wait_event(wq, condition) do { \
	if (condition) \
		break; \
	DECLARE_WAITQUEUE(__wait, current); \
	add_wait_queue(&(wq), &__wait); \
	for (;;) { \
		set_current_state(TASK_UNINTERRUPTIBLE); \
		if (condition) \
			break; \
		schedule(); \
	} \
	set_current_state(TASK_RUNNING); \
	remove_wait_queue(&(wq), &__wait); \
} while (0)

#endif /* _VMM_WAIT_H */
