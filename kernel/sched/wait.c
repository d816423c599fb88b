// SPDX-License-Identifier: GPL-2.0-only
/*
 * wait.c - wait queues (Linux: kernel/sched.c's wait-queue half).
 */
#include <wait.h>
#include <sched.h>

/** Make @p q an empty wait queue. */
void init_waitqueue_head(wait_queue_head_t *q)
{
	spin_lock_init(&q->lock);
	INIT_LIST_HEAD(&q->task_list);
}

/** Put @p wait (an entry for the current task) on @p q. */
void add_wait_queue(wait_queue_head_t *q, wait_queue_t *wait)
{
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	list_add_tail(&wait->task_list, &q->task_list);
	spin_unlock_irqrestore(&q->lock, flags);
}

/** Take @p wait off @p q. */
void remove_wait_queue(wait_queue_head_t *q, wait_queue_t *wait)
{
	unsigned long flags;

	spin_lock_irqsave(&q->lock, flags);
	list_del(&wait->task_list);
	spin_unlock_irqrestore(&q->lock, flags);
}

/**
 * Wake every task sleeping on @p q. They re-test their conditions; those
 * that find them still false sleep again (wait_event()'s loop).
 */
void wake_up(wait_queue_head_t *q)
{
	unsigned long flags;
	wait_queue_t *w;

	spin_lock_irqsave(&q->lock, flags);
	list_for_each_entry(w, &q->task_list, task_list)
		wake_up_process(w->task);
	spin_unlock_irqrestore(&q->lock, flags);
}

/** Number of tasks waiting on @p q (for tests and reports). */
unsigned long waitqueue_len(wait_queue_head_t *q)
{
	unsigned long flags, n;

	spin_lock_irqsave(&q->lock, flags);
	n = list_count(&q->task_list);
	spin_unlock_irqrestore(&q->lock, flags);
	return n;
}

/**
 * Sleep on @p q until woken. The classic 2.4 primitive: the caller must
 * itself make sure the event has not already happened, which is why new
 * code uses wait_event().
 */
void sleep_on(wait_queue_head_t *q)
{
	DECLARE_WAITQUEUE(wait, current);

	set_current_state(TASK_UNINTERRUPTIBLE);
	add_wait_queue(q, &wait);
	schedule();
	remove_wait_queue(q, &wait);
}
