// SPDX-License-Identifier: GPL-2.0-only
/*
 * slab_reap.c - kmem_cache_reap(): giving free slabs back when the page
 * reclaimer asks for memory (Linux 2.4: mm/slab.c; the book's Chapter 9).
 */
#include <slab.h>
#include <slab_def.h>
#include <slab_internal.h>
#include <gfp.h>
#include <list.h>
#include <spinlock.h>
#include <system.h>

/* Where kmem_cache_reap() resumes its round over the chain. */
static kmem_cache_t *clock_searchp = &cache_cache;

/**
 * Move the reaper's clock hand off @p cachep, which is about to leave the
 * cache chain. Chain locked.
 */
void kmem_reap_forget(kmem_cache_t *cachep)
{
	if (clock_searchp == cachep)
		clock_searchp = next_cache(cachep);
}

/** The cache the reaper has chosen so far in one round, and its worth. */
struct reap_choice {
	kmem_cache_t *cachep;		/**< NULL until a cache qualifies */
	unsigned int free_slabs;	/**< its free slabs when looked at */
	unsigned int score;		/**< what they are worth, in pages */
};

/*
 * True if the reaper may take slabs from @cachep now: not while it grows,
 * and not on the first look after it grew (the look clears the mark, so
 * a cache is spared once per growth). Cache lock held.
 */
static bool reap_may_take(kmem_cache_t *cachep)
{
	if (cachep->growing)
		return false;
	if (cachep->dflags & DFLGS_GROWN) {
		cachep->dflags &= ~DFLGS_GROWN;
		return false;
	}
	return true;
}

/*
 * Move the objects parked in @cachep's per-CPU array back to their slabs:
 * they may be all that keeps a slab off slabs_free. Cache lock held,
 * interrupts off.
 */
static void reap_drain_cpucache(kmem_cache_t *cachep)
{
	cpucache_t *cc = cc_data(cachep);

	if (!cc || !cc->avail)
		return;
	__free_block(cachep, cc_entry(cc), cc->avail);
	cc->avail = 0;
}

/*
 * What @free_slabs free slabs of @cachep are worth to the reaper, in
 * pages: each counts its pages, less a fifth if rebuilding its objects
 * costs constructor calls, and less a fifth again if it spans several
 * pages (harder to get back from the buddy allocator).
 */
static unsigned int reap_worth(kmem_cache_t *cachep, unsigned int free_slabs)
{
	unsigned int pages = free_slabs << cachep->gfporder;

	if (cachep->ctor)
		pages = (pages * 4 + 1) / 5;
	if (cachep->gfporder)
		pages = (pages * 4 + 1) / 5;
	return pages;
}

/*
 * Look at one cache in the reaper's round: unless it may not be reaped
 * now, drain its per-CPU array, count its free slabs and keep it in @best
 * if it is worth more than the best so far. Returns true if it is worth
 * REAP_PERFECT pages or more, which ends the round.
 */
static bool reap_consider(kmem_cache_t *cachep, struct reap_choice *best)
{
	unsigned int free_slabs = 0, score = 0;
	unsigned long irqflags;

	if (cachep->flags & SLAB_NO_REAP)
		return false;
	spin_lock_irqsave(&cachep->spinlock, irqflags);
	if (reap_may_take(cachep)) {
		reap_drain_cpucache(cachep);
		free_slabs = list_count(&cachep->slabs_free);
		score = reap_worth(cachep, free_slabs);
	}
	spin_unlock_irqrestore(&cachep->spinlock, irqflags);
	if (score <= best->score)
		return false;
	best->cachep = cachep;
	best->free_slabs = free_slabs;
	best->score = score;
	return score >= REAP_PERFECT;
}

/*
 * One round of the reaper's clock hand: from where the last round
 * stopped, look at up to REAP_SCANLEN caches (fewer if the hand comes
 * round to its start, or a perfect candidate turns up), and leave the
 * hand on the cache after the last one looked at. Chain locked.
 */
static struct reap_choice reap_choose(void)
{
	struct reap_choice best = { NULL, 0, 0 };
	kmem_cache_t *cachep = clock_searchp;
	unsigned int looked;
	bool perfect;

	for (looked = 0; looked < REAP_SCANLEN; looked++) {
		perfect = reap_consider(cachep, &best);
		cachep = next_cache(cachep);
		if (perfect || cachep == clock_searchp)
			break;
	}
	clock_searchp = cachep;
	return best;
}

/*
 * Free half of the free slabs the reaper counted in @choice, rounded up
 * (fewer if the cache has started to grow, or its free slabs went
 * meanwhile), and count them as reaped. Returns the pages freed.
 */
static int reap_half(const struct reap_choice *choice)
{
	kmem_cache_t *cachep = choice->cachep;
	unsigned long irqflags;
	unsigned int freed;

	freed = kmem_release_free_slabs(cachep, (choice->free_slabs + 1) / 2);
	spin_lock_irqsave(&cachep->spinlock, irqflags);
	cachep->reaped += freed;
	spin_unlock_irqrestore(&cachep->spinlock, irqflags);
	return freed << cachep->gfporder;
}

/**
 * Free memory held in free slabs, for the page reclaimer (Chapter 11).
 * Looks at up to REAP_SCANLEN caches from where the last call stopped,
 * skipping SLAB_NO_REAP caches and caches that grew since the last look,
 * empties their per-CPU arrays and picks the one with most free pages
 * (slabs with constructors or of high order count less); half its free
 * slabs are freed. Returns the number of pages freed.
 */
int kmem_cache_reap(int gfp_mask)
{
	struct reap_choice choice;
	int pages = 0;

	/*
	 * Linux sleeps for the chain semaphore when it may (__GFP_WAIT). On
	 * one CPU a held chain lock means this very context holds it, so
	 * waiting would never end: always give up instead.
	 */
	(void)gfp_mask;
	if (!spin_trylock(&cache_chain_lock))
		return 0;
	choice = reap_choose();
	if (choice.cachep)
		pages = reap_half(&choice);
	spin_unlock(&cache_chain_lock);
	return pages;
}
