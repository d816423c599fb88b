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
void down_read(struct rw_semaphore *sem);
void up_read(struct rw_semaphore *sem);
void down_write(struct rw_semaphore *sem);
void up_write(struct rw_semaphore *sem);
int down_read_trylock(struct rw_semaphore *sem);
int down_write_trylock(struct rw_semaphore *sem);

#endif /* _VMM_RWSEM_H */
