/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file spinlock.h
 * @brief Spinlocks for a uniprocessor with a preemptive scheduler.
 *
 * On one CPU nothing can spin: taking a lock only has to stop the two
 * things that could run code inside the critical section meanwhile,
 * preemption (spin_lock) and interrupt handlers (spin_lock_irqsave). The
 * lock word still records its holder so that taking a held lock, the one
 * deadlock possible here, is reported instead of silently corrupting data.
 */
#ifndef _VMM_SPINLOCK_H
#define _VMM_SPINLOCK_H

#include <types.h>
#include <system.h>
#include <preempt.h>

/**
 * spinlock_t - a lock; on a uniprocessor it records who holds it.
 */
typedef struct {
	volatile int locked;	/**< 1 while held */
	const char *name;	/**< for reports */
} spinlock_t;

/** Static initializer of an unlocked spinlock named @p n. */
#define SPIN_LOCK_UNLOCKED(n)	{ 0, #n }
/** Define an unlocked spinlock. */
#define DEFINE_SPINLOCK(n)	spinlock_t n = SPIN_LOCK_UNLOCKED(n)

void spin_lock_init(spinlock_t *lock);
int spin_trylock(spinlock_t *lock);
void spin_lock_recursion(spinlock_t *lock);
void spin_unlock_unheld(spinlock_t *lock);

#ifndef __VMM_HOST_TEST
/*
 * Taking and releasing a lock are inline: a call, a frame and a return
 * around three instructions of work cost more than the work, and a page
 * fault takes two locks (the zone's and page_table_lock). The reports of
 * misuse stay out of line.
 */

/**
 * Take @p lock: disable preemption. Finding it already held means the
 * current context holds it (nothing else can run while it is held), a
 * certain deadlock on real SMP hardware: spin_lock_recursion() reports it
 * loudly.
 */
static inline void spin_lock(spinlock_t *lock)
{
	preempt_disable();
	if (unlikely(lock->locked))
		spin_lock_recursion(lock);
	lock->locked = 1;
}

/**
 * Release @p lock and allow preemption again; releasing a lock nobody
 * holds is reported by spin_unlock_unheld().
 */
static inline void spin_unlock(spinlock_t *lock)
{
	if (unlikely(!lock->locked))
		spin_unlock_unheld(lock);
	lock->locked = 0;
	preempt_enable();
}
#else
/* Host unit tests provide their own. */
void spin_lock(spinlock_t *lock);
void spin_unlock(spinlock_t *lock);
#endif

/** True while @p lock is held. */
static inline bool spin_is_locked(spinlock_t *lock)
{
	return lock->locked;
}

/** Save the interrupt flag, disable interrupts and take @p lock. */
#define spin_lock_irqsave(lock, flags) \
	do { local_irq_save(flags); spin_lock(lock); } while (0)

/** Release @p lock and restore the saved interrupt flag. */
#define spin_unlock_irqrestore(lock, flags) \
	do { spin_unlock(lock); local_irq_restore(flags); } while (0)

/** Disable interrupts and take @p lock. */
#define spin_lock_irq(lock) \
	do { local_irq_disable(); spin_lock(lock); } while (0)

/** Release @p lock and enable interrupts. */
#define spin_unlock_irq(lock) \
	do { spin_unlock(lock); local_irq_enable(); } while (0)

#endif /* _VMM_SPINLOCK_H */
