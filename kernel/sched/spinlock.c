// SPDX-License-Identifier: GPL-2.0-only
/*
 * spinlock.c - uniprocessor spinlocks with recursion detection.
 */
#include <spinlock.h>
#include <kernel.h>
#include <kallsyms.h>

/** Initialise @p lock as unlocked. */
void spin_lock_init(spinlock_t *lock)
{
	lock->locked = 0;
	lock->name = "(dynamic)";
}

/**
 * Report an attempt by spin_lock() to take @p lock while the current
 * context already holds it, and stop: the oops shows who did it.
 */
void spin_lock_recursion(spinlock_t *lock)
{
	printk(KERN_EMERG "BUG: spinlock recursion on %s\n", lock->name);
	BUG();
}

/**
 * Report spin_unlock() of @p lock, which nobody holds, with the stack of
 * the caller; the release goes on (the lock word is cleared anyway).
 */
void spin_unlock_unheld(spinlock_t *lock)
{
	printk(KERN_ERR "BUG: unlocking unlocked spinlock %s\n", lock->name);
	dump_stack();
}

/** Take @p lock if it is free; returns 1 on success. */
int spin_trylock(spinlock_t *lock)
{
	preempt_disable();
	if (lock->locked) {
		preempt_enable();
		return 0;
	}
	lock->locked = 1;
	return 1;
}
