// SPDX-License-Identifier: GPL-2.0-only
/*
 * rwsem.c - sleeping reader/writer semaphores (Linux 2.4: lib/rwsem.c and
 * include/asm-i386/rwsem.h). See rwsem.h for the rules and how they
 * differ from Linux's.
 */
#include <rwsem.h>
#include <sched.h>
#include <kernel.h>

/**
 * Make @p sem free: no reader, no writer, nobody waiting.
 */
void init_rwsem(struct rw_semaphore *sem)
{
	sem->activity = 0;
	sem->writers_waiting = 0;
	init_waitqueue_head(&sem->wait);
}

/*
 * Enter as a reader if no writer is inside or waiting. Returns 1 on
 * success. The test and the entry are one step with interrupts off, so
 * wait_event() can use it as its condition.
 */
static int try_enter_read(struct rw_semaphore *sem)
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

/* Enter as the writer if nobody is inside. Returns 1 on success. */
static int try_enter_write(struct rw_semaphore *sem)
{
	unsigned long flags;
	int ok;

	local_irq_save(flags);
	ok = sem->activity == 0;
	if (ok)
		sem->activity = -1;
	local_irq_restore(flags);
	return ok;
}

/* Count the caller in or out of the writers waiting for @sem. */
static void note_waiting_writer(struct rw_semaphore *sem, int delta)
{
	unsigned long flags;

	local_irq_save(flags);
	sem->writers_waiting += delta;
	local_irq_restore(flags);
}

/*
 * Sleep until @sem lets a reader in, and enter. Kept out of down_read()
 * so that the uncontended path, every page fault's, does not pay for
 * the wait-queue entry's stack frame.
 */
static __attribute__((noinline)) void wait_to_read(struct rw_semaphore *sem)
{
	wait_event(sem->wait, try_enter_read(sem));
}

/**
 * Take @p sem for reading, sleeping while a writer holds it or waits.
 */
void down_read(struct rw_semaphore *sem)
{
	if (!try_enter_read(sem))
		wait_to_read(sem);
}

/**
 * Take @p sem for writing, sleeping until no reader or writer is inside.
 * While it waits, new readers wait behind it.
 */
void down_write(struct rw_semaphore *sem)
{
	if (try_enter_write(sem))
		return;
	note_waiting_writer(sem, 1);
	wait_event(sem->wait, try_enter_write(sem));
	note_waiting_writer(sem, -1);
}

/**
 * Take @p sem for reading if that needs no sleep. Returns 1 if taken.
 */
int down_read_trylock(struct rw_semaphore *sem)
{
	return try_enter_read(sem);
}

/**
 * Take @p sem for writing if that needs no sleep. Returns 1 if taken.
 */
int down_write_trylock(struct rw_semaphore *sem)
{
	return try_enter_write(sem);
}

/*
 * True if someone sleeps on @sem. Asked with interrupts off, right after
 * the count changed: a task that is not on the queue yet has not tested
 * its condition yet either (wait_event() queues itself first), so it will
 * see the new count and need no wake-up. Saves the wake-up's lock and
 * walk on every page fault, where nobody waits.
 */
static bool has_sleepers(struct rw_semaphore *sem)
{
	return waitqueue_active(&sem->wait);
}

/**
 * Leave @p sem as a reader; the last reader out wakes the sleepers.
 */
void up_read(struct rw_semaphore *sem)
{
	unsigned long flags;
	bool wake;

	local_irq_save(flags);
	BUG_ON(sem->activity <= 0);
	wake = --sem->activity == 0 && has_sleepers(sem);
	local_irq_restore(flags);
	if (wake)
		wake_up(&sem->wait);
}

/**
 * Leave @p sem as the writer and wake everyone waiting: the readers all
 * get in together, or one writer does.
 */
void up_write(struct rw_semaphore *sem)
{
	unsigned long flags;
	bool wake;

	local_irq_save(flags);
	BUG_ON(sem->activity != -1);
	sem->activity = 0;
	wake = has_sleepers(sem);
	local_irq_restore(flags);
	if (wake)
		wake_up(&sem->wait);
}
