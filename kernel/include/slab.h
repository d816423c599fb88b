/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file slab.h
 * @brief The slab allocator and kmalloc (Linux 2.4: linux/slab.h; the
 * book's Chapter 9).
 */
#ifndef _VMM_SLAB_H
#define _VMM_SLAB_H

#include <types.h>
#include <gfp.h>

/** Opaque handle of an object cache; defined in mm/slab.c. */
typedef struct kmem_cache_s kmem_cache_t;

#define SLAB_HWCACHE_ALIGN	0x00002000UL	/**< align objects to cache lines */
#define SLAB_CACHE_DMA		0x00004000UL	/**< take pages from ZONE_DMA */
#define SLAB_POISON		0x00000800UL	/**< fill free objects with a pattern */
#define SLAB_RED_ZONE		0x00000400UL	/**< guard words around objects */

/** Largest object kmalloc serves (the biggest sizes cache). */
#define KMALLOC_MAX_SIZE	(128 * 1024)

/** Bootstrap the cache of caches. */
void kmem_cache_init(void);
/** Create the general caches kmalloc() serves from. */
void kmem_cache_sizes_init(void);
/**
 * Create a cache of objects of @p size bytes named @p name; @p ctor and @p
 * dtor may be NULL.
 */
kmem_cache_t *kmem_cache_create(const char *name, size_t size, size_t offset,
				unsigned long flags,
				void (*ctor)(void *, kmem_cache_t *, unsigned long),
				void (*dtor)(void *, kmem_cache_t *, unsigned long));
/** Destroy @p cachep, which must have no objects in use; nonzero on failure. */
int kmem_cache_destroy(kmem_cache_t *cachep);
/** Give the free slabs of @p cachep back to the page allocator. */
int kmem_cache_shrink(kmem_cache_t *cachep);
/** Allocate an object from @p cachep; @p flags are GFP flags. */
void *kmem_cache_alloc(kmem_cache_t *cachep, int flags);
/** Return object @p objp to @p cachep. */
void kmem_cache_free(kmem_cache_t *cachep, void *objp);
/** Size of the objects of @p cachep. */
unsigned int kmem_cache_size(kmem_cache_t *cachep);

/** Allocate @p size bytes from the smallest general cache that fits. */
void *kmalloc(size_t size, int flags);
/** Free memory from kmalloc(); NULL is ignored. */
void kfree(const void *objp);

#endif /* _VMM_SLAB_H */
