// SPDX-License-Identifier: GPL-2.0-only
/*
 * slab_debug.c - red zones and poison, the slab allocator's debugging aids
 * (Linux 2.4: mm/slab.c with CONFIG_DEBUG_SLAB; the book's Chapter 9).
 *
 * A cache created with SLAB_RED_ZONE has a guard word at each end of every
 * object, RED_MAGIC1 while the object is free and RED_MAGIC2 while it is
 * allocated; one with SLAB_POISON has every free object filled with
 * POISON_BYTE. Both are checked where objects leave and enter the
 * allocator (kmem_alloc_debug(), kmem_free_debug()) and once more when a
 * slab is destroyed (kmem_check_idle_obj()). Unlike 2.4, vmm386 always
 * has them, and reports a violation instead of calling BUG().
 */
#include <slab.h>
#include <slab_def.h>
#include <slab_internal.h>
#include <string.h>

/**
 * The part of object @p objp of @p cachep its user may touch (inside the
 * red zones, if any); its length goes to *@p len.
 */
void *kmem_obj_payload(kmem_cache_t *cachep, void *objp, size_t *len)
{
	*len = cachep->objsize;
	if (cachep->flags & SLAB_RED_ZONE) {
		*len -= 2 * BYTES_PER_WORD;
		return (char *)objp + BYTES_PER_WORD;
	}
	return objp;
}

/* The red zone words: the first and the last word of the object. */
static unsigned long *kmem_redzone1(void *objp)
{
	return objp;
}

static unsigned long *kmem_redzone2(kmem_cache_t *cachep, void *objp)
{
	return (unsigned long *)((char *)objp + cachep->objsize -
				 BYTES_PER_WORD);
}

/* Fill a free object with POISON_BYTE, ending with POISON_END. */
static void kmem_poison_obj(kmem_cache_t *cachep, void *objp)
{
	size_t len;
	unsigned char *p = kmem_obj_payload(cachep, objp, &len);

	memset(p, POISON_BYTE, len - 1);
	p[len - 1] = POISON_END;
}

/* True if a poisoned object was written to while it was free. */
static bool kmem_poison_damaged(kmem_cache_t *cachep, void *objp)
{
	size_t len, i;
	unsigned char *p = kmem_obj_payload(cachep, objp, &len);

	for (i = 0; i < len - 1; i++)
		if (p[i] != POISON_BYTE)
			return true;
	return p[len - 1] != POISON_END;
}

/*
 * Check that both red zone words of @objp read @from and set them to @to.
 * Anything else means a write ran over the object's start or end.
 */
static void kmem_redzone_flip(kmem_cache_t *cachep, void *objp,
			      unsigned long from, unsigned long to,
			      const char *func)
{
	unsigned long *r1 = kmem_redzone1(objp);
	unsigned long *r2 = kmem_redzone2(cachep, objp);

	if (*r1 != from || *r2 != from)
		slab_error(cachep, func,
			   "memory outside object %p was overwritten",
			   (char *)objp + BYTES_PER_WORD);
	*r1 = to;
	*r2 = to;
}

/**
 * The checks of object @p objp of @p cachep leaving the allocator:
 * untouched poison, free red zones (then marked allocated). Returns the
 * pointer the caller gets, past the first red zone; NULL stays NULL.
 */
void *kmem_alloc_debug(kmem_cache_t *cachep, void *objp)
{
	if (!objp || !kmem_debugging(cachep))
		return objp;
	if ((cachep->flags & SLAB_POISON) && kmem_poison_damaged(cachep, objp))
		slab_error(cachep, "kmem_cache_alloc",
			   "object %p was modified after it was freed", objp);
	if (cachep->flags & SLAB_RED_ZONE) {
		kmem_redzone_flip(cachep, objp, RED_MAGIC1,
				  RED_MAGIC2, "kmem_cache_alloc");
		return (char *)objp + BYTES_PER_WORD;
	}
	return objp;
}

/**
 * The checks of object @p objp of @p cachep coming back through @p func:
 * allocated red zones (then marked free), then fresh poison.
 */
void kmem_free_debug(kmem_cache_t *cachep, void *objp, const char *func)
{
	if (cachep->flags & SLAB_RED_ZONE)
		kmem_redzone_flip(cachep, objp, RED_MAGIC2, RED_MAGIC1, func);
	if (cachep->flags & SLAB_POISON)
		kmem_poison_obj(cachep, objp);
}

/**
 * Give a new object of @p cachep the red zones of a free object, if the
 * cache has red zones.
 */
void kmem_redzone_mark_free(kmem_cache_t *cachep, void *objp)
{
	if (!(cachep->flags & SLAB_RED_ZONE))
		return;
	*kmem_redzone1(objp) = RED_MAGIC1;
	*kmem_redzone2(cachep, objp) = RED_MAGIC1;
}

/**
 * Poison a new object of @p cachep, if the cache asks for poison: done
 * after the constructor, so what the poison check sees is the poison.
 */
void kmem_poison_free_obj(kmem_cache_t *cachep, void *objp)
{
	if (cachep->flags & SLAB_POISON)
		kmem_poison_obj(cachep, objp);
}

/**
 * Check a free object of @p cachep whose slab is being destroyed: its red
 * zones must still be those of a free object and its poison untouched.
 * A violation is reported, not fixed.
 */
void kmem_check_idle_obj(kmem_cache_t *cachep, void *objp)
{
	if ((cachep->flags & SLAB_RED_ZONE) &&
	    (*kmem_redzone1(objp) != RED_MAGIC1 ||
	     *kmem_redzone2(cachep, objp) != RED_MAGIC1))
		slab_error(cachep, "kmem_slab_destroy",
			   "red zone of %p overwritten", objp);
	if ((cachep->flags & SLAB_POISON) && kmem_poison_damaged(cachep, objp))
		slab_error(cachep, "kmem_slab_destroy",
			   "object %p modified after free", objp);
}
