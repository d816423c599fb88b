/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file slab.h
 * @brief The slab allocator and kmalloc (Linux 2.4: linux/slab.h; the
 * book's Chapter 9).
 *
 * A cache hands out objects of one size. It takes whole pages from the
 * buddy allocator in blocks called slabs, cuts each slab into objects and
 * keeps the slabs on three lists: full, partial and free. kmalloc() is a
 * front end over a set of general caches of 32 bytes to 128 KiB, each with
 * a twin for memory that ISA DMA can reach. The structures themselves are
 * in slab_def.h.
 */
#ifndef _VMM_SLAB_H
#define _VMM_SLAB_H

#include <types.h>
#include <gfp.h>

/** Handle of an object cache (struct kmem_cache_s, in slab_def.h). */
typedef struct kmem_cache_s kmem_cache_t;

/*
 * Flags for kmem_cache_alloc() and kmalloc(): the GFP masks of gfp.h under
 * the slab allocator's names, plus SLAB_NO_GROW.
 */
#define SLAB_NOFS	GFP_NOFS	/**< may sleep, no filesystem calls */
#define SLAB_NOIO	GFP_NOIO	/**< may sleep, no I/O */
#define SLAB_NOHIGHIO	GFP_NOHIGHIO	/**< no I/O on highmem */
#define SLAB_ATOMIC	GFP_ATOMIC	/**< must not sleep */
#define SLAB_USER	GFP_USER	/**< on behalf of user space */
#define SLAB_KERNEL	GFP_KERNEL	/**< the ordinary allocation */
#define SLAB_DMA	GFP_DMA		/**< for SLAB_CACHE_DMA caches */

/** The GFP bits that say how hard an allocation may try. */
#define SLAB_LEVEL_MASK	(__GFP_WAIT | __GFP_HIGH | __GFP_IO | \
			 __GFP_HIGHIO | __GFP_FS)
/** kmem_cache_alloc(): fail rather than grow the cache. */
#define SLAB_NO_GROW	0x00001000UL

/* Flags for kmem_cache_create(). */
#define SLAB_HWCACHE_ALIGN	0x00002000UL	/**< align objects to cache lines */
#define SLAB_CACHE_DMA		0x00004000UL	/**< take pages from ZONE_DMA */
#define SLAB_POISON		0x00000800UL	/**< pattern in free objects */
#define SLAB_RED_ZONE		0x00000400UL	/**< guard words around objects */
/** kmem_cache_reap() never takes slabs from this cache. */
#define SLAB_NO_REAP		0x00001000UL

/* Flags passed to constructors and destructors. */
#define SLAB_CTOR_CONSTRUCTOR	0x001UL	/**< set: constructing */
#define SLAB_CTOR_ATOMIC	0x002UL	/**< the call must not sleep */

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

kmem_cache_t *kmem_find_general_cachep(size_t size, int gfpflags);
int kmem_cache_reap(int gfp_mask);
int kmem_tune_cpucache(kmem_cache_t *cachep, int limit, int batchcount);
int get_slabinfo(char *buf, size_t size);
ssize_t slabinfo_write(const char *buffer, size_t count);
unsigned long kmem_cache_live_objects(void);

#endif /* _VMM_SLAB_H */
