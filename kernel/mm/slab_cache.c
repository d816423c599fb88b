// SPDX-License-Identifier: GPL-2.0-only
/*
 * slab_cache.c - the life of a cache: sizing its slabs, creating it,
 * shrinking it, destroying it; and the boot of the slab allocator, which
 * must create the first caches without a cache to allocate them from
 * (Linux 2.4: mm/slab.c; the book's Chapter 9).
 */
#include <slab.h>
#include <slab_def.h>
#include <slab_internal.h>
#include <mm.h>
#include <gfp.h>
#include <page.h>
#include <kernel.h>
#include <kallsyms.h>
#include <string.h>
#include <spinlock.h>
#include <system.h>
#include <leakcheck.h>

/* The flags kmem_cache_create() accepts. */
#define CREATE_MASK	(SLAB_HWCACHE_ALIGN | SLAB_NO_REAP | \
			 SLAB_CACHE_DMA | SLAB_RED_ZONE | SLAB_POISON)

/*
 * The cache of cache descriptors must exist before any cache can be
 * created, so it is the one cache defined statically; kmem_cache_init()
 * completes it. Its `next` field is the head of the chain of all caches.
 */
kmem_cache_t cache_cache = {
	.slabs_full = LIST_HEAD_INIT(cache_cache.slabs_full),
	.slabs_partial = LIST_HEAD_INIT(cache_cache.slabs_partial),
	.slabs_free = LIST_HEAD_INIT(cache_cache.slabs_free),
	.objsize = sizeof(kmem_cache_t),
	.flags = SLAB_NO_REAP,
	.spinlock = SPIN_LOCK_UNLOCKED(cache_cache),
	.colour_off = L1_CACHE_BYTES,
	.name = "kmem_cache",
	.next = LIST_HEAD_INIT(cache_cache.next),
};

/* Guards the cache chain (see slab_internal.h). */
DEFINE_SPINLOCK(cache_chain_lock);

/*
 * Most objects an off-slab slab may hold: its slab_t and bufctls must fit
 * in an on-slab sizes cache, or growing the management cache could recurse.
 * (Linux 2.4 divides by 2 where it means sizeof(kmem_bufctl_t); with its
 * sizes table and break orders no cache comes near either limit.)
 */
static unsigned long offslab_limit;
/* Largest slab order kmem_cache_create() picks just to pack objects. */
static unsigned int slab_break_gfp_order = BREAK_GFP_ORDER_LO;
/* Set once kmalloc() works: new caches then get a per-CPU array. */
static int g_cpucache_up;

/* ---- sizing a cache ------------------------------------------------------ */

/*
 * Bytes a slab of @n objects of @size needs: the objects, and for on-slab
 * management (@flags without CFLGS_OFF_SLAB) its slab_t and one
 * kmem_bufctl_t per object, rounded up to a cache line so that the first
 * object starts on one.
 */
static size_t kmem_slab_bytes(size_t size, unsigned int n, int flags)
{
	if (flags & CFLGS_OFF_SLAB)
		return n * size;
	return n * size + slab_mgmt_size(n);
}

/*
 * How many objects of @size fit in a slab of 2^@gfporder pages (at most
 * SLAB_LIMIT), and how many bytes are left over for colouring.
 */
static void kmem_cache_estimate(unsigned long gfporder, size_t size,
				int flags, size_t *left_over,
				unsigned int *num)
{
	size_t bytes = PAGE_SIZE << gfporder;
	unsigned int n = 0;

	while (n < SLAB_LIMIT && kmem_slab_bytes(size, n + 1, flags) <= bytes)
		n++;
	*num = n;
	*left_over = bytes - kmem_slab_bytes(size, n, flags);
}

/*
 * Choose the slab order of a new cache: the smallest order that holds at
 * least one object and wastes at most 1/8 of the slab, but no larger than
 * slab_break_gfp_order unless not even one object fits (big orders are
 * hard for the buddy allocator to find). Returns the bytes left over.
 */
static size_t kmem_cache_choose_order(kmem_cache_t *cachep, size_t size,
				      unsigned long flags)
{
	size_t left_over;

	for (;;) {
		kmem_cache_estimate(cachep->gfporder, size, flags, &left_over,
				    &cachep->num);
		if (cachep->gfporder >= MAX_GFP_ORDER)
			break;
		if (!cachep->num) {
			cachep->gfporder++;
			continue;
		}
		if ((flags & CFLGS_OFF_SLAB) && cachep->num > offslab_limit &&
		    cachep->gfporder) {
			/* Too many bufctls for an on-slab sizes cache. */
			cachep->gfporder--;
			kmem_cache_estimate(cachep->gfporder, size, flags,
					    &left_over, &cachep->num);
			break;
		}
		if (cachep->gfporder >= slab_break_gfp_order)
			break;
		if (left_over * 8 <= (PAGE_SIZE << cachep->gfporder))
			break;	/* acceptable internal fragmentation */
		cachep->gfporder++;
	}
	return left_over;
}

/** Complete the static cache_cache; the first step of the slab allocator. */
void __init kmem_cache_init(void)
{
	size_t left_over;

	kmem_cache_estimate(0, cache_cache.objsize, 0, &left_over,
			    &cache_cache.num);
	if (!cache_cache.num)
		panic("kmem_cache_init: no room for a cache descriptor");
	cache_cache.colour = left_over / cache_cache.colour_off;
	cache_cache.colour_next = 0;
}

/* ---- creating and destroying caches -------------------------------------- */

/* Report a kmem_cache_create() call that cannot be honoured. */
static kmem_cache_t *kmem_create_refuse(const char *name, const char *why)
{
	printk(KERN_ERR "kmem_cache_create: %s - %s\n", why,
	       name ? name : "(null)");
	dump_stack();
	slab_errors++;
	return NULL;
}

/*
 * Why kmem_cache_create() must refuse its arguments, or NULL if they are
 * acceptable.
 */
static const char *kmem_create_bad_args(const char *name, size_t size,
					size_t offset, unsigned long flags,
					bool has_ctor, bool has_dtor)
{
	if (!name || strlen(name) >= CACHE_NAMELEN)
		return "bad name";
	if (size < BYTES_PER_WORD || size > (PAGE_SIZE << MAX_OBJ_ORDER))
		return "bad object size";
	if (has_dtor && !has_ctor)
		return "destructor without constructor";
	if (offset > size)
		return "colour offset above size";
	if (flags & ~CREATE_MASK)
		return "unknown flags";
	return NULL;
}

/*
 * The creation flags a cache really gets: no poison with a constructor
 * (the poison would destroy what the constructor built; reported, as 2.4
 * does), and no cache-line alignment with red zones (the guard words
 * would undo it).
 */
static unsigned long kmem_create_flags(const char *name, unsigned long flags,
				       bool has_ctor)
{
	if ((flags & SLAB_POISON) && has_ctor) {
		printk(KERN_ERR "kmem_create: Poisoning requested, but con given - %s\n",
		       name);
		flags &= ~SLAB_POISON;
	}
	if (flags & SLAB_RED_ZONE)
		flags &= ~SLAB_HWCACHE_ALIGN;
	return flags;
}

/*
 * The size of an object before alignment: whole words (2.4 complains
 * about a size that is not), which keep on-slab bufctls and red zones
 * aligned, plus a red zone word at each end.
 */
static size_t kmem_padded_size(const char *name, size_t size,
			       unsigned long flags)
{
	if (size & (BYTES_PER_WORD - 1)) {
		size = ALIGN(size, BYTES_PER_WORD);
		printk(KERN_ERR "kmem_create: Forcing size word alignment - %s\n",
		       name);
	}
	if (flags & SLAB_RED_ZONE)
		size += 2 * BYTES_PER_WORD;
	return size;
}

/*
 * The alignment of objects of @size: a word, or with SLAB_HWCACHE_ALIGN a
 * cache line -- for small objects the smallest half, quarter ... of one
 * that holds them, so that they share lines without straddling them.
 */
static size_t kmem_obj_align(size_t size, unsigned long flags)
{
	size_t align = L1_CACHE_BYTES;

	if (!(flags & SLAB_HWCACHE_ALIGN))
		return BYTES_PER_WORD;
	while (size < align / 2)
		align /= 2;
	return align;
}

/*
 * Lay out the slabs of @cachep for objects of @size: the slab order and
 * the objects per slab; off-slab management (as @flags ask) comes back on
 * the slab if it fits in what the objects leave over; the rest of the
 * leftover makes the colours, @offset apart (rounded up to @align; 0
 * means a cache line). Sets flags, gfporder, num, colour_off and colour.
 * Returns false, after a report, if not even one object fits.
 */
static bool kmem_cache_layout(kmem_cache_t *cachep, const char *name,
			      size_t size, size_t align, size_t offset,
			      unsigned long flags)
{
	size_t left_over = kmem_cache_choose_order(cachep, size, flags);
	size_t mgmt;

	if (!cachep->num) {
		printk(KERN_ERR "kmem_cache_create: couldn't create cache %s.\n",
		       name);
		return false;
	}
	mgmt = slab_mgmt_size(cachep->num);
	if ((flags & CFLGS_OFF_SLAB) && left_over >= mgmt) {
		flags &= ~CFLGS_OFF_SLAB;
		left_over -= mgmt;
	}
	offset = ALIGN(offset, align);
	cachep->colour_off = offset ? offset : L1_CACHE_BYTES;
	cachep->colour = left_over / cachep->colour_off;
	cachep->flags = flags;
	return true;
}

/*
 * For a cache with off-slab management, find the sizes cache its slab
 * descriptors come from. Returns false, after a report, if there is none.
 */
static bool kmem_cache_find_slabp_cache(kmem_cache_t *cachep,
					const char *name)
{
	if (!OFF_SLAB(cachep))
		return true;
	cachep->slabp_cache = kmem_find_general_cachep(
					slab_mgmt_size(cachep->num), 0);
	if (cachep->slabp_cache)
		return true;
	printk(KERN_ERR "kmem_cache_create: no sizes cache for the slabs of %s\n",
	       name);
	return false;
}

/*
 * Fill in the rest of a laid-out descriptor: zone, lock, object size,
 * empty slab lists, constructor, destructor and name.
 */
static void kmem_cache_init_desc(kmem_cache_t *cachep, const char *name,
		size_t size,
		void (*ctor)(void *, kmem_cache_t *, unsigned long),
		void (*dtor)(void *, kmem_cache_t *, unsigned long))
{
	cachep->gfpflags = (cachep->flags & SLAB_CACHE_DMA) ? GFP_DMA : 0;
	spin_lock_init(&cachep->spinlock);
	cachep->objsize = size;
	INIT_LIST_HEAD(&cachep->slabs_full);
	INIT_LIST_HEAD(&cachep->slabs_partial);
	INIT_LIST_HEAD(&cachep->slabs_free);
	cachep->ctor = ctor;
	cachep->dtor = dtor;
	strlcpy(cachep->name, name, sizeof(cachep->name));
	cachep->spinlock.name = cachep->name;
}

/*
 * Put @cachep on the cache chain, unless a cache of the same name is
 * already there (vmm386 refuses duplicates; 2.4 BUG()s). True if added.
 */
static bool kmem_cache_chain_add(kmem_cache_t *cachep)
{
	kmem_cache_t *other;
	bool unique = true;

	spin_lock(&cache_chain_lock);
	list_for_each_entry(other, &cache_chain, next)
		if (!strcmp(other->name, cachep->name))
			unique = false;
	if (unique)
		list_add(&cachep->next, &cache_chain);
	spin_unlock(&cache_chain_lock);
	return unique;
}

/**
 * Create a cache named @p name of objects of @p size bytes. @p offset is
 * the colour step (0: one cache line). @p flags: SLAB_HWCACHE_ALIGN,
 * SLAB_CACHE_DMA, SLAB_NO_REAP, SLAB_POISON, SLAB_RED_ZONE. @p ctor runs on
 * every object when its slab is created, @p dtor when it is destroyed.
 *
 * The object size is rounded to a word (to a cache line, or a fraction of
 * one for small objects, with SLAB_HWCACHE_ALIGN); the management goes off
 * the slab for objects of PAGE_SIZE/8 or more unless it fits in what they
 * leave over; the slab order is chosen as kmem_cache_estimate() allows.
 * Returns the cache, or NULL on bad arguments, a duplicate name or no
 * memory.
 */
kmem_cache_t *kmem_cache_create(const char *name, size_t size, size_t offset,
		unsigned long flags,
		void (*ctor)(void *, kmem_cache_t *, unsigned long),
		void (*dtor)(void *, kmem_cache_t *, unsigned long))
{
	const char *why;
	kmem_cache_t *cachep;
	size_t align;

	why = kmem_create_bad_args(name, size, offset, flags, ctor, dtor);
	if (why)
		return kmem_create_refuse(name, why);
	flags = kmem_create_flags(name, flags, ctor);
	cachep = kmem_cache_alloc(&cache_cache, SLAB_KERNEL);
	if (!cachep)
		return NULL;
	memset(cachep, 0, sizeof(*cachep));

	size = kmem_padded_size(name, size, flags);
	/* Large objects: management off the slab packs them better. */
	if (size >= (PAGE_SIZE >> 3))
		flags |= CFLGS_OFF_SLAB;
	align = kmem_obj_align(size, flags);
	size = ALIGN(size, align);
	if (!kmem_cache_layout(cachep, name, size, align, offset, flags) ||
	    !kmem_cache_find_slabp_cache(cachep, name)) {
		kmem_cache_free(&cache_cache, cachep);
		return NULL;
	}
	kmem_cache_init_desc(cachep, name, size, ctor, dtor);
	if (g_cpucache_up)
		enable_cpucache(cachep);
	if (!kmem_cache_chain_add(cachep)) {
		kfree(cachep->cpudata[0]);
		kmem_cache_free(&cache_cache, cachep);
		return kmem_create_refuse(name, "duplicate cache name");
	}
	return cachep;
}

/* True if @cachep is on the cache chain (or is cache_cache). Chain locked. */
static bool is_chained_kmem_cache(kmem_cache_t *cachep)
{
	kmem_cache_t *pc;

	if (cachep == &cache_cache)
		return true;
	list_for_each_entry(pc, &cache_chain, next)
		if (pc == cachep)
			return true;
	return false;
}

/*
 * Unlink the oldest free slab of @cachep, from the tail of slabs_free
 * (allocation takes from the head). NULL if there is none, or if the
 * cache is growing: a slab being added is not one to take away.
 */
static slab_t *kmem_take_free_slab(kmem_cache_t *cachep)
{
	unsigned long irqflags;
	slab_t *slabp = NULL;

	spin_lock_irqsave(&cachep->spinlock, irqflags);
	if (!cachep->growing && !list_empty(&cachep->slabs_free)) {
		slabp = list_entry(cachep->slabs_free.prev, slab_t, list);
		list_del(&slabp->list);
	}
	spin_unlock_irqrestore(&cachep->spinlock, irqflags);
	return slabp;
}

/**
 * Destroy up to @p max free slabs of @p cachep (ALL_FREE_SLABS: no limit),
 * oldest first; fewer if the free slabs run out or the cache starts
 * growing. The cache lock is held only to unlink each slab, not while it
 * is destroyed. Returns the number of slabs destroyed.
 */
unsigned int kmem_release_free_slabs(kmem_cache_t *cachep,
					    unsigned int max)
{
	unsigned int freed = 0;
	slab_t *slabp;

	while (freed < max) {
		slabp = kmem_take_free_slab(cachep);
		if (!slabp)
			break;
		kmem_slab_destroy(cachep, slabp);
		freed++;
	}
	return freed;
}

/* Drain and shrink; returns nonzero if objects are still in use. */
static int __kmem_cache_shrink(kmem_cache_t *cachep)
{
	unsigned long flags;
	int ret;

	drain_cpu_caches(cachep);
	kmem_release_free_slabs(cachep, ALL_FREE_SLABS);
	spin_lock_irqsave(&cachep->spinlock, flags);
	ret = !list_empty(&cachep->slabs_full) ||
	      !list_empty(&cachep->slabs_partial);
	spin_unlock_irqrestore(&cachep->spinlock, flags);
	return ret;
}

/* Report a cache pointer the chain does not know; true if so. */
static bool kmem_cache_unknown(kmem_cache_t *cachep, const char *func)
{
	bool known;

	spin_lock(&cache_chain_lock);
	known = cachep && is_chained_kmem_cache(cachep);
	spin_unlock(&cache_chain_lock);
	if (known)
		return false;
	printk(KERN_ERR "%s: unknown cache %p\n", func, cachep);
	dump_stack();
	slab_errors++;
	return true;
}

/**
 * Give the pages of every free slab of @p cachep back to the buddy
 * allocator, after emptying its per-CPU array. Returns the number of pages
 * released.
 */
int kmem_cache_shrink(kmem_cache_t *cachep)
{
	if (kmem_cache_unknown(cachep, "kmem_cache_shrink"))
		return 0;
	drain_cpu_caches(cachep);
	return kmem_release_free_slabs(cachep, ALL_FREE_SLABS) <<
	       cachep->gfporder;
}

/* True if @cachep is one of kmalloc's caches, which must stay. */
static bool is_general_cache(kmem_cache_t *cachep)
{
	cache_sizes_t *csizep;

	for (csizep = cache_sizes; csizep->cs_size; csizep++)
		if (csizep->cs_cachep == cachep ||
		    csizep->cs_dmacachep == cachep)
			return true;
	return false;
}

/**
 * Remove @p cachep: drain and free all its slabs and its descriptor.
 * Returns 0, or 1 (after a complaint, leaving the cache in place) if some
 * of its objects are still allocated, or if it is not a cache that may be
 * destroyed.
 */
int kmem_cache_destroy(kmem_cache_t *cachep)
{
	int i;

	spin_lock(&cache_chain_lock);
	if (!cachep || !is_chained_kmem_cache(cachep)) {
		spin_unlock(&cache_chain_lock);
		printk(KERN_ERR "kmem_cache_destroy: unknown cache %p\n",
		       cachep);
		goto refuse;
	}
	if (cachep == &cache_cache || is_general_cache(cachep) ||
	    cachep->growing) {
		spin_unlock(&cache_chain_lock);
		printk(KERN_ERR "kmem_cache_destroy: cannot destroy %s\n",
		       cachep->name);
		goto refuse;
	}
	kmem_reap_forget(cachep);
	list_del(&cachep->next);
	spin_unlock(&cache_chain_lock);

	if (__kmem_cache_shrink(cachep)) {
		printk(KERN_ERR "kmem_cache_destroy: Can't free all objects %p\n",
		       cachep);
		spin_lock(&cache_chain_lock);
		list_add(&cachep->next, &cache_chain);
		spin_unlock(&cache_chain_lock);
		return 1;
	}
	for (i = 0; i < NR_CPUS; i++)
		kfree(cachep->cpudata[i]);
	kmem_cache_free(&cache_cache, cachep);
	return 0;
refuse:
	dump_stack();
	slab_errors++;
	return 1;
}

/* ---- boot ---------------------------------------------------------------- */

/* The count the test framework checks for leaks around every case. */
static const struct leak_counter slab_objects_counter = {
	"slab objects", kmem_cache_live_objects
};

/*
 * Empty every per-CPU array and give back every free slab of every cache:
 * the settled state in which the test framework reads its counters (a
 * case that freed all it allocated then leaves the free page count as it
 * found it). Freeing an off-slab slab frees its slab_t into a sizes cache,
 * which may empty a slab there: repeat until a pass frees nothing.
 */
static void slab_settle(void)
{
	kmem_cache_t *cachep;
	int freed;

	spin_lock(&cache_chain_lock);
	do {
		drain_cpu_caches(&cache_cache);
		freed = kmem_release_free_slabs(&cache_cache, ALL_FREE_SLABS);
		list_for_each_entry(cachep, &cache_chain, next) {
			drain_cpu_caches(cachep);
			freed += kmem_release_free_slabs(cachep,
							 ALL_FREE_SLABS);
		}
	} while (freed);
	spin_unlock(&cache_chain_lock);
}

/**
 * Create the general caches "size-32" ... "size-131072" and their DMA
 * twins, then give every cache its per-CPU array. Needs the page allocator
 * (after mem_init()). Linux turns the per-CPU arrays on later, in an
 * initcall once the other CPUs run; vmm386 has one CPU and does it here.
 * Also registers with the test framework the count of live objects, so a
 * test case that leaks an object fails, and slab_settle().
 */
void __init kmem_cache_sizes_init(void)
{
	cache_sizes_t *sizes;
	char name[CACHE_NAMELEN];

	/* Only machines with more than 32 MiB get slabs of order 2. */
	if (num_physpages > (32 << 20) >> PAGE_SHIFT)
		slab_break_gfp_order = BREAK_GFP_ORDER_HI;
	for (sizes = cache_sizes; sizes->cs_size; sizes++) {
		snprintf(name, sizeof(name), "size-%zu", sizes->cs_size);
		sizes->cs_cachep = kmem_cache_create(name, sizes->cs_size, 0,
						     SLAB_HWCACHE_ALIGN,
						     NULL, NULL);
		if (!sizes->cs_cachep)
			panic("kmem_cache_sizes_init: cannot create %s", name);
		/* The off-slab limit grows with the largest on-slab cache. */
		if (!OFF_SLAB(sizes->cs_cachep) &&
		    sizes->cs_size > sizeof(slab_t))
			offslab_limit = (sizes->cs_size - sizeof(slab_t)) /
					sizeof(kmem_bufctl_t);
		snprintf(name, sizeof(name), "size-%zu(DMA)", sizes->cs_size);
		sizes->cs_dmacachep = kmem_cache_create(name, sizes->cs_size,
				0, SLAB_CACHE_DMA | SLAB_HWCACHE_ALIGN,
				NULL, NULL);
		if (!sizes->cs_dmacachep)
			panic("kmem_cache_sizes_init: cannot create %s", name);
	}
	g_cpucache_up = 1;
	enable_all_cpucaches();
	register_leak_counter(&slab_objects_counter);
	register_settle(slab_settle);
}
