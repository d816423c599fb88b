// SPDX-License-Identifier: GPL-2.0-only
/*
 * slab_cpu.c - the per-CPU object arrays in front of every cache: giving a
 * cache its array, tuning its size, and draining it (Linux 2.4: mm/slab.c,
 * on SMP kernels only; the book's Chapter 9).
 *
 * Taking objects from an array and putting them back is the allocation
 * and free fast path; it lives with the rest of it in slab.c.
 */
#include <slab.h>
#include <slab_def.h>
#include <slab_internal.h>
#include <gfp.h>
#include <page.h>
#include <kernel.h>
#include <spinlock.h>
#include <system.h>
#include <errno.h>

/**
 * Give @p cachep a per-CPU array of @p limit objects, refilled and drained
 * @p batchcount at a time; limit 0 removes it (every allocation then takes
 * the cache lock). Objects in the old array go back to their slabs.
 * Returns 0, -EINVAL for impossible values, -ENOMEM.
 */
int kmem_tune_cpucache(kmem_cache_t *cachep, int limit, int batchcount)
{
	cpucache_t *new = NULL, *old;
	unsigned long flags;

	if (limit < 0 || batchcount < 0 || batchcount > limit ||
	    (limit && !batchcount) ||
	    (size_t)limit > (KMALLOC_MAX_SIZE - sizeof(cpucache_t)) /
			    sizeof(void *))
		return -EINVAL;
	if (limit) {
		new = kmalloc(sizeof(void *) * limit + sizeof(cpucache_t),
			      GFP_KERNEL);
		if (!new)
			return -ENOMEM;
		new->limit = limit;
		new->avail = 0;
	}
	/* Swap the arrays with interrupts off: nothing else can use them. */
	spin_lock_irqsave(&cachep->spinlock, flags);
	cachep->batchcount = batchcount;
	spin_unlock_irqrestore(&cachep->spinlock, flags);
	local_irq_save(flags);
	old = cc_data(cachep);
	cc_data(cachep) = new;
	if (old && old->avail)
		free_block(cachep, cc_entry(old), old->avail);
	local_irq_restore(flags);
	kfree(old);
	return 0;
}

/*
 * Slots in the per-CPU array of a cache of @objsize-byte objects, as
 * Linux 2.4 sizes them: fewer for bigger objects, and none (0) for
 * objects of more than a page, which are too few per slab to be worth it.
 */
static int cpucache_default_limit(size_t objsize)
{
	static const struct {
		size_t objsize;		/* objects up to this size ... */
		int limit;		/* ... get this many slots */
	} sizes[] = {
		{ 256, 252 },
		{ 1024, 124 },
		{ PAGE_SIZE, 60 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		if (objsize <= sizes[i].objsize)
			return sizes[i].limit;
	return 0;
}

/**
 * Give @p cachep the per-CPU array Linux 2.4 would: fewer slots for
 * bigger objects, none for objects of more than a page; batches of half
 * the array.
 */
void enable_cpucache(kmem_cache_t *cachep)
{
	int limit = cpucache_default_limit(cachep->objsize);
	int err;

	if (!limit)
		return;
	err = kmem_tune_cpucache(cachep, limit, limit / 2);
	if (err)
		printk(KERN_ERR "enable_cpucache failed for %s, error %d.\n",
		       cachep->name, -err);
}

/** Give every cache of the chain, cache_cache first, its per-CPU array. */
void enable_all_cpucaches(void)
{
	struct list_head *p = &cache_cache.next;

	spin_lock(&cache_chain_lock);
	do {
		kmem_cache_t *cachep = list_entry(p, kmem_cache_t, next);

		enable_cpucache(cachep);
		p = cachep->next.next;
	} while (p != &cache_cache.next);
	spin_unlock(&cache_chain_lock);
}

/** Move every object of the per-CPU array of @p cachep back to its slab. */
void drain_cpu_caches(kmem_cache_t *cachep)
{
	unsigned long flags;
	cpucache_t *cc;

	local_irq_save(flags);
	cc = cc_data(cachep);
	if (cc && cc->avail) {
		free_block(cachep, cc_entry(cc), cc->avail);
		cc->avail = 0;
	}
	local_irq_restore(flags);
}
