/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file rwsem.h
 * @brief Sleeping reader/writer semaphores (Linux 2.4: linux/rwsem.h).
 *
 * An address space's mmap_sem is one: page faults and read-only walks of
 * the VMA list take it for reading, so any number of them run together;
 * mmap, munmap, mprotect and the other calls that change the list take it
 * for writing, alone. A task that cannot have it sleeps on the
 * semaphore's wait queue instead of spinning, because the holder may
 * itself sleep (allocating a page, reading a file).
 *
 * How vmm386 differs from Linux: Linux 2.4's i386 rwsem is a counter
 * changed by one atomic instruction on the uncontended path, with a slow
 * path in assembly; vmm386 keeps the state in plain fields, changed with
 * interrupts off (enough on one CPU: nothing else runs meanwhile; an SMP
 * kernel would add a spinlock), and sleeps with wait_event(). A waiting
 * writer holds off new readers, so a stream of page faults cannot starve
 * an munmap().
 */
#ifndef _VMM_RWSEM_H
#define _VMM_RWSEM_H

#include <spinlock.h>
#include <wait.h>

/**
 * struct rw_semaphore - a reader/writer semaphore that sleeps.
 */
struct rw_semaphore {
	int activity;			/**< readers inside, or -1: a writer */
	int writers_waiting;		/**< writers asleep for it */
	wait_queue_head_t wait;		/**< where both kinds sleep */
};

/** Static initializer of a free semaphore named @p name. */
#define __RWSEM_INITIALIZER(name) \
	{ 0, 0, \
	  __WAIT_QUEUE_HEAD_INITIALIZER((name).wait) }

void init_rwsem(struct rw_semaphore *sem);
void rwsem_wait_to_read(struct rw_semaphore *sem);
void rwsem_up_read_unheld(struct rw_semaphore *sem);

/**
 * Enter @p sem as a reader if no writer is inside or waiting. Returns 1
 * on success. The test and the entry are one step with interrupts off,
 * so wait_event() can use it as its condition.
 */
static inline int rwsem_try_enter_read(struct rw_semaphore *sem)
{
	unsigned long flags;
	int ok;

	local_irq_save(flags);
	ok = sem->activity >= 0 && !sem->writers_waiting;
	if (ok)
		sem->activity++;
	local_irq_restore(flags);
	return ok;
}

/**
 * True if someone sleeps on @p sem. Asked with interrupts off, right
 * after the count changed: a task that is not on the queue yet has not
 * tested its condition yet either (wait_event() queues itself first), so
 * it will see the new count and need no wake-up. Saves the wake-up's lock
 * and walk on every page fault, where nobody waits.
 */
static inline bool rwsem_has_sleepers(struct rw_semaphore *sem)
{
	return waitqueue_active(&sem->wait);
}

#ifndef __VMM_HOST_TEST
/*
 * The read side is inline: every page fault takes and releases mmap_sem
 * for reading, and without contention each is a handful of instructions,
 * fewer than a call costs. Sleeping stays out of line.
 */

/**
 * Take @p sem for reading, sleeping while a writer holds it or waits.
 */
static inline void down_read(struct rw_semaphore *sem)
{
	if (!rwsem_try_enter_read(sem))
		rwsem_wait_to_read(sem);
}

/**
 * Leave @p sem as a reader; the last reader out wakes the sleepers.
 */
static inline void up_read(struct rw_semaphore *sem)
{
	unsigned long flags;
	bool wake;

	local_irq_save(flags);
	if (unlikely(sem->activity <= 0))
		rwsem_up_read_unheld(sem);
	wake = --sem->activity == 0 && rwsem_has_sleepers(sem);
	local_irq_restore(flags);
	if (wake)
		wake_up(&sem->wait);
}
#else
/* Host unit tests provide their own. */
void down_read(struct rw_semaphore *sem);
void up_read(struct rw_semaphore *sem);
#endif
void down_write(struct rw_semaphore *sem);
void up_write(struct rw_semaphore *sem);
int down_read_trylock(struct rw_semaphore *sem);
int down_write_trylock(struct rw_semaphore *sem);

#endif /* _VMM_RWSEM_H */
