/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file slab_def.h
 * @brief The slab allocator's data structures: caches, slabs, free-object
 * indices and per-CPU object arrays (Linux 2.4 keeps them private to
 * mm/slab.c; Linux 2.6 moved struct kmem_cache to linux/slab_def.h).
 *
 * vmm386 puts them in a header so that the book can show them and the
 * tests can check the allocator's invariants from outside it. Only the
 * allocator's own files (kernel/mm/slab*.c, which share slab_internal.h)
 * change them; everything else treats kmem_cache_t as opaque.
 *
 * The layout of one slab whose management is on the slab ("on-slab"):
 *
 *     | colour | slab_t | kmem_bufctl_t[num] | pad | obj 0 | obj 1 | ... |
 *     ^ page_address                                ^ s_mem
 *
 * and of one whose management lives in a sizes cache ("off-slab"):
 *
 *     | colour | obj 0 | obj 1 | ... |       slab_t + kmem_bufctl_t[num]
 *     ^ page_address                          (an object of size-N)
 *     ^ s_mem - colour
 */
#ifndef _VMM_SLAB_DEF_H
#define _VMM_SLAB_DEF_H

#include <types.h>
#include <list.h>
#include <spinlock.h>
#include <cache.h>
#include <smp.h>
#include <slab.h>

/**
 * kmem_bufctl_t - one entry of a slab's free-object index. For a free
 * object in the slab, its entry holds the number of the next free object
 * (BUFCTL_END for the last), so the free objects form a chain through the
 * array that starts at slab_t.free. vmm386 also gives the entries of
 * objects that are not on that chain a state (BUFCTL_ACTIVE,
 * BUFCTL_PERCPU), which lets every free be checked in constant time.
 */
typedef unsigned int kmem_bufctl_t;

/** End of a slab's chain of free objects. */
#define BUFCTL_END	0xffffffffU
/** vmm386: the object is allocated (held by a caller). */
#define BUFCTL_ACTIVE	0xfffffffeU
/** vmm386: the object is free, parked in a per-CPU array (cpucache_t). */
#define BUFCTL_PERCPU	0xfffffffdU
/** Most objects one slab may hold: every smaller index is a valid one. */
#define SLAB_LIMIT	0xfffffffcU

/**
 * slab_t - the management structure of one slab: where its objects start,
 * how many are in use, and the head of its free-object chain. Followed in
 * memory by the slab's kmem_bufctl_t array (see slab_bufctl()).
 */
typedef struct slab_s {
	struct list_head list;	/**< on one of the cache's three lists */
	unsigned long colouroff; /**< bytes from the first page to s_mem */
	void *s_mem;		/**< the first object (past the colour) */
	unsigned int inuse;	/**< objects not free in this slab */
	kmem_bufctl_t free;	/**< first free object, or BUFCTL_END */
} slab_t;

/** The kmem_bufctl_t array that follows @p slabp. */
#define slab_bufctl(slabp)	((kmem_bufctl_t *)(((slab_t *)(slabp)) + 1))

/**
 * cpucache_t - a per-CPU array of free objects of one cache (Linux 2.4:
 * SMP only). Allocations pop from it and frees push onto it without
 * touching the slabs; it is refilled from, or drained to, the slabs
 * batchcount objects at a time. The object pointers follow the header
 * (see cc_entry()). vmm386 has one CPU and keeps these arrays anyway.
 */
typedef struct cpucache_s {
	unsigned int avail;	/**< objects in the array */
	unsigned int limit;	/**< its capacity */
} cpucache_t;

/** The array of object pointers that follows @p cpucache. */
#define cc_entry(cpucache)	((void **)(((cpucache_t *)(cpucache)) + 1))
/** The per-CPU array of @p cachep for the running CPU (may be NULL). */
#define cc_data(cachep)		((cachep)->cpudata[smp_processor_id()])

/** Longest cache name, with its terminating NUL. */
#define CACHE_NAMELEN	20

/**
 * struct kmem_cache_s - a cache of objects of one size and kind (the
 * kmem_cache_t of slab.h). Caches are chained on cache_cache.next; their
 * descriptors are themselves objects of cache_cache.
 */
struct kmem_cache_s {
	/* 1) used by every allocation and free */
	struct list_head slabs_full;	/**< slabs with no object free */
	struct list_head slabs_partial;	/**< slabs with some free */
	struct list_head slabs_free;	/**< slabs with no object in use */
	unsigned int objsize;	/**< object size, alignment included */
	unsigned int flags;	/**< SLAB_* and CFLGS_* flags */
	unsigned int num;	/**< objects per slab */
	spinlock_t spinlock;	/**< protects the lists and the slabs */
	unsigned int batchcount; /**< objects per refill or drain */

	/* 2) used when a slab is added or removed */
	unsigned int gfporder;	/**< a slab is 2^gfporder pages */
	unsigned int gfpflags;	/**< added to page requests (GFP_DMA) */
	size_t colour;		/**< colours: offsets 0 to colour-1 */
	unsigned int colour_off; /**< bytes per colour step */
	unsigned int colour_next; /**< colour of the next new slab */
	kmem_cache_t *slabp_cache; /**< holds off-slab slab_t's */
	unsigned int growing;	/**< kmem_cache_grow() calls running */
	unsigned int dflags;	/**< DFLGS_* flags (under spinlock) */
	/** Constructor: prepares each object when its slab is created. */
	void (*ctor)(void *objp, kmem_cache_t *cachep, unsigned long flags);
	/** Destructor: called on each object before its slab is freed. */
	void (*dtor)(void *objp, kmem_cache_t *cachep, unsigned long flags);

	/* 3) used when caches are created, destroyed, listed */
	char name[CACHE_NAMELEN];	/**< shown by /proc/slabinfo */
	struct list_head next;	/**< link in the cache chain */

	/* 4) per-CPU data */
	cpucache_t *cpudata[NR_CPUS];	/**< per-CPU object arrays */

	/* 5) statistics (Linux 2.4: CONFIG_DEBUG_SLAB only) */
	unsigned long num_active;	/**< objects not free in slabs */
	unsigned long num_allocations;	/**< objects taken from slabs */
	unsigned long high_mark;	/**< highest num_active */
	unsigned long grown;	/**< slabs created */
	unsigned long reaped;	/**< slabs freed by kmem_cache_reap() */
	unsigned long errors;	/**< refused frees, corruptions */
	unsigned long allochit;	/**< allocations from the array */
	unsigned long allocmiss; /**< allocations that refilled it */
	unsigned long freehit;	/**< frees kept in the array */
	unsigned long freemiss;	/**< frees that drained part of it */
};

/** Internal flag: the slab_t and bufctls live in slabp_cache. */
#define CFLGS_OFF_SLAB	0x010000UL
/** Dynamic flag: the cache grew since kmem_cache_reap() last looked. */
#define DFLGS_GROWN	0x000001UL
/** True if @p x keeps its slab management off the slab. */
#define OFF_SLAB(x)	((x)->flags & CFLGS_OFF_SLAB)

/** Objects bigger than 2^MAX_OBJ_ORDER pages are refused. */
#define MAX_OBJ_ORDER	5
/** Slabs are never bigger than 2^MAX_GFP_ORDER pages. */
#define MAX_GFP_ORDER	5
/** Largest slab order chosen for mere packing on machines > 32 MiB. */
#define BREAK_GFP_ORDER_HI	2
/** Largest slab order chosen for mere packing on small machines. */
#define BREAK_GFP_ORDER_LO	1

/** Caches kmem_cache_reap() examines per call. */
#define REAP_SCANLEN	10
/** A cache with this many free pages is reaped without looking further. */
#define REAP_PERFECT	10

/** Red zone word of an object that is free. */
#define RED_MAGIC1	0x5A2CF071UL
/** Red zone word of an object that is allocated. */
#define RED_MAGIC2	0x170FC2A5UL
/** Fill byte of a free object in a SLAB_POISON cache. */
#define POISON_BYTE	0x5a
/** Last byte of a poisoned object. */
#define POISON_END	0xa5

/*
 * The slab allocator borrows the list field of every page of a slab, which
 * the buddy allocator only uses while the page is free: list.next points to
 * the cache and list.prev to the slab. kfree() finds an object's cache, and
 * every free finds an object's slab, in constant time through its page.
 */
/** Record in @p pg the cache @p x it belongs to. */
#define SET_PAGE_CACHE(pg, x) \
	((pg)->list.next = (struct list_head *)(x))
/** The cache a slab page belongs to. */
#define GET_PAGE_CACHE(pg)	((kmem_cache_t *)(pg)->list.next)
/** Record in @p pg the slab @p x it is part of. */
#define SET_PAGE_SLAB(pg, x) \
	((pg)->list.prev = (struct list_head *)(x))
/** The slab a slab page is part of. */
#define GET_PAGE_SLAB(pg)	((slab_t *)(pg)->list.prev)

/**
 * cache_sizes_t - one size class of kmalloc(): its size and its two
 * caches, for ordinary and for DMA-able memory.
 */
typedef struct cache_sizes {
	size_t cs_size;			/**< a power of two */
	kmem_cache_t *cs_cachep;	/**< "size-N" */
	kmem_cache_t *cs_dmacachep;	/**< "size-N(DMA)", from ZONE_DMA */
} cache_sizes_t;

/** The sizes caches, 32 B to 128 KiB, ended by a zero cs_size. */
extern cache_sizes_t cache_sizes[];
/** The cache of cache descriptors; head of the chain of all caches. */
extern kmem_cache_t cache_cache;
/** Refused frees and detected corruptions since boot, in every cache. */
extern unsigned long slab_errors;

#endif /* _VMM_SLAB_DEF_H */
