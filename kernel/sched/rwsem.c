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

/**
 * Sleep until @p sem lets a reader in, and enter: down_read()'s slow
 * path. Kept out of line so that the uncontended path, every page
 * fault's, does not pay for the wait-queue entry's stack frame.
 */
void rwsem_wait_to_read(struct rw_semaphore *sem)
{
	wait_event(sem->wait, rwsem_try_enter_read(sem));
}

/**
 * up_read() of @p sem, which no reader holds: a bug in the caller.
 */
void rwsem_up_read_unheld(struct rw_semaphore *sem)
{
	BUG_ON(sem->activity <= 0);
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
	return rwsem_try_enter_read(sem);
}

/**
 * Take @p sem for writing if that needs no sleep. Returns 1 if taken.
 */
int down_write_trylock(struct rw_semaphore *sem)
{
	return try_enter_write(sem);
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
	wake = rwsem_has_sleepers(sem);
	local_irq_restore(flags);
	if (wake)
		wake_up(&sem->wait);
}
