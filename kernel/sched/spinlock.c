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
 * Take @p lock: disable preemption. Finding it already held means the
 * current context holds it (nothing else can run while it is held), a
 * certain deadlock on real SMP hardware: report it loudly.
 */
void spin_lock(spinlock_t *lock)
{
	preempt_disable();
	if (unlikely(lock->locked)) {
		printk(KERN_EMERG "BUG: spinlock recursion on %s\n",
		       lock->name);
		BUG();
	}
	lock->locked = 1;
}

/** Release @p lock and allow preemption again. */
void spin_unlock(spinlock_t *lock)
{
	if (unlikely(!lock->locked)) {
		printk(KERN_ERR "BUG: unlocking unlocked spinlock %s\n",
		       lock->name);
		dump_stack();
	}
	lock->locked = 0;
	preempt_enable();
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
