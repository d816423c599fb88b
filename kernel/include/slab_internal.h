/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file slab_internal.h
 * @brief What the files of the slab allocator share among themselves and
 * no one else needs.
 *
 * Linux 2.4 keeps the whole slab allocator in mm/slab.c. vmm386 splits it
 * by concern: slab.c (pages, slabs, allocating and freeing objects,
 * kmalloc), slab_debug.c (red zones and poison), slab_cpu.c (the per-CPU
 * arrays), slab_cache.c (creating, shrinking and destroying caches; boot),
 * slab_reap.c (kmem_cache_reap()) and slab_info.c (/proc/slabinfo). Only
 * those files include this header.
 */
#ifndef _VMM_SLAB_INTERNAL_H
#define _VMM_SLAB_INTERNAL_H

#include <types.h>
#include <list.h>
#include <spinlock.h>
#include <cache.h>
#include <slab_def.h>

/** Bytes in a word: the unit of object sizes and of a red zone. */
#define BYTES_PER_WORD	sizeof(void *)

/** The head of the chain of all caches but cache_cache itself. */
#define cache_chain	(cache_cache.next)

/** kmem_release_free_slabs(): every free slab there is. */
#define ALL_FREE_SLABS	(~0U)

/**
 * Guards the cache chain and the reaper's clock hand (Linux: the
 * semaphore cache_chain_sem). Nothing under it sleeps.
 */
extern spinlock_t cache_chain_lock;

/**
 * Bytes of on-slab management for @p num objects: the slab_t and one
 * kmem_bufctl_t per object, rounded up to a cache line so that the first
 * object starts on one.
 */
static inline size_t slab_mgmt_size(unsigned int num)
{
	return L1_CACHE_ALIGN(sizeof(slab_t) + num * sizeof(kmem_bufctl_t));
}

/**
 * The cache after @p cachep on the cache chain; after the last cache
 * comes cache_cache, whose `next` is the chain's head.
 */
static inline kmem_cache_t *next_cache(kmem_cache_t *cachep)
{
	return list_entry(cachep->next.next, kmem_cache_t, next);
}

/**
 * The list of @p cachep a slab with @p inuse objects in use belongs on:
 * slabs_free for none, slabs_full for all, slabs_partial in between.
 */
static inline struct list_head *kmem_slab_list(kmem_cache_t *cachep,
					       unsigned int inuse)
{
	if (!inuse)
		return &cachep->slabs_free;
	if (inuse == cachep->num)
		return &cachep->slabs_full;
	return &cachep->slabs_partial;
}

/** True if @p cachep has red zones or poison to keep and check. */
static inline bool kmem_debugging(kmem_cache_t *cachep)
{
	return cachep->flags & (SLAB_POISON | SLAB_RED_ZONE);
}

/* slab.c: the allocator core */
void slab_error(kmem_cache_t *cachep, const char *func, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void kmem_slab_destroy(kmem_cache_t *cachep, slab_t *slabp);
void __free_block(kmem_cache_t *cachep, void **objpp, unsigned int len);
void free_block(kmem_cache_t *cachep, void **objpp, unsigned int len);

/* slab_debug.c: red zones and poison */
void *kmem_obj_payload(kmem_cache_t *cachep, void *objp, size_t *len);
void kmem_redzone_mark_free(kmem_cache_t *cachep, void *objp);
void kmem_poison_free_obj(kmem_cache_t *cachep, void *objp);
void kmem_check_idle_obj(kmem_cache_t *cachep, void *objp);
void *kmem_alloc_debug(kmem_cache_t *cachep, void *objp);
void kmem_free_debug(kmem_cache_t *cachep, void *objp, const char *func);

/* slab_cpu.c: the per-CPU arrays */
void enable_cpucache(kmem_cache_t *cachep);
void enable_all_cpucaches(void);
void drain_cpu_caches(kmem_cache_t *cachep);

/* slab_cache.c: the life of a cache */
unsigned int kmem_release_free_slabs(kmem_cache_t *cachep, unsigned int max);

/* slab_reap.c: the reaper */
void kmem_reap_forget(kmem_cache_t *cachep);

#endif
