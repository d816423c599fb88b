// SPDX-License-Identifier: GPL-2.0-only
/*
 * slab.c - the slab allocator and kmalloc (Linux 2.4: mm/slab.c; the book's
 * Chapter 9).
 *
 * The buddy allocator deals in pages; the kernel mostly wants small objects
 * of a few fixed kinds. A cache (kmem_cache_t) serves one kind. It asks the
 * buddy allocator for a block of 2^gfporder pages, a slab, and cuts it into
 * `num` objects; the slab's management (slab_t plus one kmem_bufctl_t per
 * object) sits at the start of the slab, or, for objects of PAGE_SIZE/8 or
 * more, in an object of one of the general "size-N" caches. Slabs hang on
 * one of three lists by how many of their objects are in use: full,
 * partial, free. Allocation prefers partial slabs (so free slabs stay free
 * and can be given back), then free slabs, and only then grows the cache.
 *
 * Successive slabs start their objects at different offsets ("colours")
 * within the space the objects leave over, so that objects at the same
 * index in different slabs use different CPU cache lines.
 *
 * In front of the slabs, each cache has a per-CPU array of free objects
 * (cpucache_t): a free pushes onto it, an allocation pops from it, and only
 * when it is empty or full are batchcount objects moved from or to the
 * slabs. In Linux 2.4 these arrays exist only on SMP kernels; vmm386 has
 * one CPU and keeps them anyway (NR_CPUS is 1), so the mechanism can be
 * read, tuned (slabinfo_write) and measured (make bench).
 *
 * How vmm386 differs from Linux 2.4.22, and why:
 * - Every free is checked: a pointer that is not an object of a slab, an
 *   object of another cache, or an object freed twice is reported and
 *   refused (Linux 2.4 checks only with CONFIG_DEBUG_SLAB, and then BUG()s).
 *   To find a double free in constant time the kmem_bufctl_t entry of an
 *   object off the free chain records whether it is held by a caller
 *   (BUFCTL_ACTIVE) or parked in a per-CPU array (BUFCTL_PERCPU).
 * - SLAB_RED_ZONE and SLAB_POISON are always available (Linux: with
 *   CONFIG_DEBUG_SLAB) and are checked where objects enter and leave the
 *   allocator, as Linux 2.6 does, since the per-CPU arrays are always on.
 *   A violation is reported rather than BUG()ed.
 * - Bad arguments to kmem_cache_create (and a duplicate name) are reported
 *   and the call returns NULL; Linux BUG()s.
 * - kmem_cache_shrink() drains the per-CPU array first (as 2.4's own
 *   kmem_cache_destroy() and 2.6's kmem_cache_shrink() do), so it really
 *   releases every empty slab.
 * - The cache chain is protected by a spinlock, not a semaphore: nothing
 *   here sleeps (constructors and destructors must not either).
 * - /proc/slabinfo does not exist yet (no VFS): get_slabinfo() writes the
 *   same text into a caller's buffer.
 *
 * Linux 2.4 keeps the whole allocator in mm/slab.c. vmm386 splits it by
 * concern, with what the files share in slab_internal.h:
 *   slab.c        pages, slabs, allocating and freeing objects, kmalloc
 *   slab_debug.c  red zones and poison
 *   slab_cpu.c    creating, tuning and draining the per-CPU arrays
 *   slab_cache.c  creating, shrinking and destroying caches; boot
 *   slab_reap.c   kmem_cache_reap(), for the page reclaimer
 *   slab_info.c   the text of /proc/slabinfo, and tuning through it
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

/* The general caches, smallest first (Linux 2.4's table for 4 KiB pages). */
cache_sizes_t cache_sizes[] = {
	{ 32, NULL, NULL },
	{ 64, NULL, NULL },
	{ 128, NULL, NULL },
	{ 256, NULL, NULL },
	{ 512, NULL, NULL },
	{ 1024, NULL, NULL },
	{ 2048, NULL, NULL },
	{ 4096, NULL, NULL },
	{ 8192, NULL, NULL },
	{ 16384, NULL, NULL },
	{ 32768, NULL, NULL },
	{ 65536, NULL, NULL },
	{ 131072, NULL, NULL },
	{ 0, NULL, NULL }
};

unsigned long slab_errors;

/* Objects handed out by the public API and not yet freed. */
static unsigned long live_objects;

/* ---- reports ------------------------------------------------------------- */

/**
 * Report misuse of @p cachep found in @p func, in Linux 2.6's wording,
 * with a backtrace that shows the caller; count it against the cache
 * (slabinfo's "errors") and in slab_errors.
 */
void slab_error(kmem_cache_t *cachep, const char *func, const char *fmt, ...)
{
	char msg[96];
	va_list args;

	va_start(args, fmt);
	vsnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);
	printk(KERN_ERR "slab error in %s(): cache `%s': %s\n", func,
	       cachep->name, msg);
	dump_stack();
	cachep->errors++;
	slab_errors++;
}

/* Report a pointer that no cache owns, in Linux 2.4's wording. */
static void slab_bad_ptr(const char *func, const char *what, const void *objp)
{
	printk(KERN_ERR "%s: %s %lxh.\n", func, what, (unsigned long)objp);
	dump_stack();
	slab_errors++;
}

/* ---- pages --------------------------------------------------------------- */

/*
 * Get the pages of one slab. The cache's own GFP flags (GFP_DMA for a DMA
 * cache) are added to the caller's, so the zone is the cache's choice.
 */
static void *kmem_getpages(kmem_cache_t *cachep, unsigned long flags)
{
	struct page *page;

	flags &= SLAB_LEVEL_MASK | SLAB_DMA;
	page = alloc_pages(flags | cachep->gfpflags, cachep->gfporder);
	if (!page)
		return NULL;
	return page_address(page);
}

/*
 * Give the pages of one slab back to the buddy allocator. They stop being
 * slab pages first: PG_slab is the slab allocator's to clear.
 */
static void kmem_freepages(kmem_cache_t *cachep, void *addr)
{
	struct page *first = virt_to_page(addr);
	struct page *end = first + (1UL << cachep->gfporder);
	struct page *page;

	for (page = first; page < end; page++)
		PageClearSlab(page);
	__free_pages(first, cachep->gfporder);
}

/* ---- slabs --------------------------------------------------------------- */

/* The slab of an object of @cachep and the object's index in it. */
static slab_t *kmem_locate(kmem_cache_t *cachep, void *objp,
			   unsigned int *objnr)
{
	slab_t *slabp = GET_PAGE_SLAB(virt_to_page(objp));

	*objnr = ((char *)objp - (char *)slabp->s_mem) / cachep->objsize;
	return slabp;
}

static void *__kmem_cache_alloc(kmem_cache_t *cachep, int flags, bool count);
static void __kmem_cache_free_trusted(kmem_cache_t *cachep, void *objp);

/*
 * Where the descriptor of a new slab whose pages start at @base goes: an
 * object of the cache's slabp_cache when the management is off the slab,
 * else the bytes right after the colour. NULL when the off-slab
 * descriptor cannot be allocated.
 */
static slab_t *kmem_slab_descriptor(kmem_cache_t *cachep, char *base,
				    size_t colour_off, int local_flags)
{
	if (!OFF_SLAB(cachep))
		return (slab_t *)(base + colour_off);
	return __kmem_cache_alloc(cachep->slabp_cache, local_flags, false);
}

/*
 * Distance from the start of a slab's pages to its first object: the
 * colour, and for on-slab management also the descriptor and its bufctls,
 * rounded to a cache line so that the first object starts on one.
 */
static size_t kmem_first_obj_offset(kmem_cache_t *cachep, size_t colour_off)
{
	if (OFF_SLAB(cachep))
		return colour_off;
	return colour_off + slab_mgmt_size(cachep->num);
}

/*
 * Give a new slab whose pages start at @base its management: a
 * descriptor that says where the objects start and that none is in use
 * yet. Returns NULL when an off-slab descriptor cannot be allocated.
 */
static slab_t *kmem_cache_slabmgmt(kmem_cache_t *cachep, void *base,
				   size_t colour_off, int local_flags)
{
	slab_t *slabp = kmem_slab_descriptor(cachep, base, colour_off,
					     local_flags);

	if (!slabp)
		return NULL;
	slabp->inuse = 0;
	slabp->colouroff = kmem_first_obj_offset(cachep, colour_off);
	slabp->s_mem = (char *)base + slabp->colouroff;
	return slabp;
}

/*
 * Make a fresh object ready for its first allocation: red zones (the
 * object is free), the constructor on the part the user sees, then the
 * poison of a free object.
 */
static void kmem_prepare_obj(kmem_cache_t *cachep, void *objp,
			     unsigned long ctor_flags)
{
	size_t len;

	kmem_redzone_mark_free(cachep, objp);
	if (cachep->ctor)
		cachep->ctor(kmem_obj_payload(cachep, objp, &len), cachep,
			     ctor_flags);
	kmem_poison_free_obj(cachep, objp);
}

/*
 * Prepare every object of a new slab and chain all of them on its free
 * list in address order: the head is object 0, the entry of object i
 * names i + 1, and the last one ends the chain.
 */
static void kmem_cache_init_objs(kmem_cache_t *cachep, slab_t *slabp,
				 unsigned long ctor_flags)
{
	kmem_bufctl_t *bufctl = slab_bufctl(slabp);
	unsigned int last = cachep->num - 1;
	unsigned int i;

	for (i = 0; i < cachep->num; i++)
		kmem_prepare_obj(cachep, (char *)slabp->s_mem +
				 cachep->objsize * i, ctor_flags);
	for (i = 0; i < last; i++)
		bufctl[i] = i + 1;
	bufctl[last] = BUFCTL_END;
	slabp->free = 0;
}

/*
 * The colour of the next slab, as a byte offset, and the cycle moved on:
 * colours 0 .. colour - 1 in turn, each colour_off bytes apart. Cache
 * lock held.
 */
static size_t kmem_next_colour(kmem_cache_t *cachep)
{
	unsigned int colour = cachep->colour_next;

	cachep->colour_next = colour + 1 < cachep->colour ? colour + 1 : 0;
	return colour * cachep->colour_off;
}

/*
 * Announce that @cachep is growing, so that kmem_cache_shrink() and
 * kmem_cache_reap() leave it alone while its lock is dropped, and that it
 * grew (the reaper spares it once). Returns the new slab's colour offset.
 */
static size_t kmem_grow_begin(kmem_cache_t *cachep)
{
	unsigned long irqflags;
	size_t colour_off;

	spin_lock_irqsave(&cachep->spinlock, irqflags);
	colour_off = kmem_next_colour(cachep);
	cachep->dflags |= DFLGS_GROWN;
	cachep->growing++;
	spin_unlock_irqrestore(&cachep->spinlock, irqflags);
	return colour_off;
}

/*
 * End a growth that kmem_grow_begin() announced: add the new slab, if
 * there is one, to slabs_free, where the allocation that needed it will
 * find it.
 */
static void kmem_grow_end(kmem_cache_t *cachep, slab_t *slabp)
{
	unsigned long irqflags;

	spin_lock_irqsave(&cachep->spinlock, irqflags);
	cachep->growing--;
	if (slabp) {
		list_add_tail(&slabp->list, &cachep->slabs_free);
		cachep->grown++;
	}
	spin_unlock_irqrestore(&cachep->spinlock, irqflags);
}

/*
 * Point every page of a new slab at @base back at its cache and its slab
 * and mark it PG_slab: this is how a free finds both from an address.
 */
static void kmem_mark_slab_pages(kmem_cache_t *cachep, slab_t *slabp,
				 void *base)
{
	struct page *page = virt_to_page(base);
	struct page *end = page + (1UL << cachep->gfporder);

	for (; page < end; page++) {
		SET_PAGE_CACHE(page, cachep);
		SET_PAGE_SLAB(page, slabp);
		PageSetSlab(page);
	}
}

/*
 * What the constructor is told about a slab grown for an allocation with
 * @flags: that it constructs, and whether it may sleep.
 */
static unsigned long kmem_ctor_flags(int flags)
{
	if (flags & __GFP_WAIT)
		return SLAB_CTOR_CONSTRUCTOR;
	return SLAB_CTOR_CONSTRUCTOR | SLAB_CTOR_ATOMIC;
}

/*
 * Build one slab of @cachep at colour offset @colour_off, not yet on any
 * list: its pages, its management, the page marks and its objects. On
 * failure nothing stays allocated and NULL is returned.
 */
static slab_t *kmem_build_slab(kmem_cache_t *cachep, int flags,
			       size_t colour_off)
{
	int level = flags & SLAB_LEVEL_MASK;
	slab_t *slabp;
	void *base;

	base = kmem_getpages(cachep, flags);
	if (!base)
		return NULL;
	slabp = kmem_cache_slabmgmt(cachep, base, colour_off, level);
	if (!slabp) {
		kmem_freepages(cachep, base);
		return NULL;
	}
	kmem_mark_slab_pages(cachep, slabp, base);
	kmem_cache_init_objs(cachep, slabp, kmem_ctor_flags(level));
	return slabp;
}

/*
 * True if @flags are allocation flags the slab allocator knows; anything
 * else (__GFP_HIGHMEM above all: a slab needs a permanent address) is
 * reported. Checked here, off the allocation fast path, as Linux does.
 */
static bool kmem_grow_flags_ok(kmem_cache_t *cachep, int flags)
{
	if (!(flags & ~(SLAB_DMA | SLAB_LEVEL_MASK | SLAB_NO_GROW)))
		return true;
	slab_error(cachep, "kmem_cache_grow", "bad allocation flags %#x",
		   flags);
	return false;
}

/*
 * Add one slab to @cachep. The cache lock is not held while the slab is
 * built (pages, management, objects); `growing` keeps kmem_cache_shrink()
 * and kmem_cache_reap() away meanwhile. Returns 1 if a slab was added to
 * slabs_free, 0 if the flags forbid growing or memory ran out.
 */
static int kmem_cache_grow(kmem_cache_t *cachep, int flags)
{
	size_t colour_off;
	slab_t *slabp;

	if (!kmem_grow_flags_ok(cachep, flags) || (flags & SLAB_NO_GROW))
		return 0;
	colour_off = kmem_grow_begin(cachep);
	slabp = kmem_build_slab(cachep, flags, colour_off);
	kmem_grow_end(cachep, slabp);
	return slabp != NULL;
}

/*
 * Say goodbye to every object of a slab about to be destroyed: check the
 * red zones and poison of a debugging cache one last time, and run the
 * destructor.
 */
static void kmem_slab_retire_objs(kmem_cache_t *cachep, slab_t *slabp)
{
	unsigned int i;
	size_t len;

	for (i = 0; i < cachep->num; i++) {
		void *objp = (char *)slabp->s_mem + cachep->objsize * i;

		kmem_check_idle_obj(cachep, objp);
		if (cachep->dtor)
			cachep->dtor(kmem_obj_payload(cachep, objp, &len),
				     cachep, 0);
	}
}

/**
 * Release @p slabp, a slab of @p cachep already unlinked from its lists
 * and with no object in use: retire its objects (when there is a
 * destructor or debugging to do), give its pages back to the buddy
 * allocator and an off-slab descriptor back to its sizes cache.
 */
void kmem_slab_destroy(kmem_cache_t *cachep, slab_t *slabp)
{
	if (cachep->dtor || kmem_debugging(cachep))
		kmem_slab_retire_objs(cachep, slabp);
	kmem_freepages(cachep, (char *)slabp->s_mem - slabp->colouroff);
	if (OFF_SLAB(cachep))
		__kmem_cache_free_trusted(cachep->slabp_cache, slabp);
}

/* ---- allocation ---------------------------------------------------------- */

/*
 * Move @slabp, whose use count has just changed from @was_inuse, to the
 * list its new count calls for, at the head, where allocation looks
 * first. A slab whose list does not change keeps its place. Cache lock
 * held.
 */
static void kmem_slab_relist(kmem_cache_t *cachep, slab_t *slabp,
			     unsigned int was_inuse)
{
	struct list_head *list = kmem_slab_list(cachep, slabp->inuse);

	if (list != kmem_slab_list(cachep, was_inuse))
		list_move(&slabp->list, list);
}

/*
 * Take the first free object of @slabp, which has one, marking its bufctl
 * with @state (held by a caller, or parked in a per-CPU array); the slab
 * moves to slabs_partial or slabs_full as its use count calls for. Cache
 * lock held.
 */
static void *kmem_cache_alloc_one_tail(kmem_cache_t *cachep, slab_t *slabp,
				       kmem_bufctl_t state)
{
	kmem_bufctl_t *bufctl = slab_bufctl(slabp);
	unsigned int objnr = slabp->free;

	slabp->free = bufctl[objnr];
	bufctl[objnr] = state;
	slabp->inuse++;
	kmem_slab_relist(cachep, slabp, slabp->inuse - 1);
	cachep->num_allocations++;
	cachep->num_active++;
	if (cachep->num_active > cachep->high_mark)
		cachep->high_mark = cachep->num_active;
	return (char *)slabp->s_mem + objnr * cachep->objsize;
}

/*
 * The slab the next object comes from: a partial one if any (so free slabs
 * stay free for kmem_cache_shrink()), else a free one. NULL when the cache
 * must grow. Cache lock held.
 */
static slab_t *kmem_cache_pick_slab(kmem_cache_t *cachep)
{
	if (likely(!list_empty(&cachep->slabs_partial)))
		return list_first_entry(&cachep->slabs_partial, slab_t, list);
	if (likely(!list_empty(&cachep->slabs_free)))
		return list_first_entry(&cachep->slabs_free, slab_t, list);
	return NULL;
}

/*
 * Pop the object on top of the per-CPU array @cc, which has one, and mark
 * it held by a caller. Interrupts off.
 */
static void *kmem_cpucache_pop(kmem_cache_t *cachep, cpucache_t *cc)
{
	void *objp = cc_entry(cc)[--cc->avail];
	unsigned int objnr;
	slab_t *slabp = kmem_locate(cachep, objp, &objnr);

	slab_bufctl(slabp)[objnr] = BUFCTL_ACTIVE;
	return objp;
}

/*
 * Refill an empty per-CPU array with up to batchcount objects from the
 * slabs, under one acquisition of the cache lock, and take one of them.
 * NULL when the slabs are exhausted too. Interrupts off.
 */
static void *kmem_cache_alloc_batch(kmem_cache_t *cachep, cpucache_t *cc)
{
	unsigned int batchcount = cachep->batchcount;
	slab_t *slabp;

	spin_lock(&cachep->spinlock);
	while (batchcount--) {
		slabp = kmem_cache_pick_slab(cachep);
		if (!slabp)
			break;
		cc_entry(cc)[cc->avail++] =
			kmem_cache_alloc_one_tail(cachep, slabp, BUFCTL_PERCPU);
	}
	spin_unlock(&cachep->spinlock);
	if (!cc->avail)
		return NULL;
	return kmem_cpucache_pop(cachep, cc);
}

/*
 * Take an object through the per-CPU array @cc: pop one if it has any (a
 * hit), else refill it from the slabs first (a miss). Interrupts off.
 */
static void *kmem_cache_take_cpu(kmem_cache_t *cachep, cpucache_t *cc)
{
	if (likely(cc->avail)) {
		cachep->allochit++;
		return kmem_cpucache_pop(cachep, cc);
	}
	cachep->allocmiss++;
	return kmem_cache_alloc_batch(cachep, cc);
}

/*
 * Take an object straight from a slab, for a cache without a per-CPU
 * array. Interrupts off.
 */
static void *kmem_cache_take_slab(kmem_cache_t *cachep)
{
	slab_t *slabp;
	void *objp = NULL;

	spin_lock(&cachep->spinlock);
	slabp = kmem_cache_pick_slab(cachep);
	if (slabp)
		objp = kmem_cache_alloc_one_tail(cachep, slabp, BUFCTL_ACTIVE);
	spin_unlock(&cachep->spinlock);
	return objp;
}

/*
 * Take an object of @cachep without growing it: through its per-CPU array
 * if it has one, else from a slab. NULL when the slabs have no free object
 * left. @count: a caller's object (counted as live).
 */
static void *kmem_cache_take(kmem_cache_t *cachep, bool count)
{
	unsigned long irqflags;
	cpucache_t *cc;
	void *objp;

	local_irq_save(irqflags);
	cc = cc_data(cachep);
	objp = cc ? kmem_cache_take_cpu(cachep, cc) :
		    kmem_cache_take_slab(cachep);
	if (objp && count)
		live_objects++;
	local_irq_restore(irqflags);
	return objp;
}

/*
 * Report an allocation whose GFP_DMA flag does not match the cache: the
 * cache alone decides the zone, and a caller asking otherwise is confused.
 */
static bool kmem_cache_alloc_head(kmem_cache_t *cachep, int flags)
{
	bool dma_cache = cachep->gfpflags & GFP_DMA;

	if (likely(!(flags & SLAB_DMA) == !dma_cache))
		return true;
	slab_error(cachep, "kmem_cache_alloc", dma_cache ?
		   "allocation without GFP_DMA from a DMA cache" :
		   "GFP_DMA allocation from a cache without SLAB_CACHE_DMA");
	return false;
}

/*
 * Allocate an object: from the per-CPU array if it has one, else from the
 * slabs; grow the cache by a slab and retry when both are empty. Returns
 * the object itself (red zone included) or NULL. @count: a caller's object
 * (counted as live), not a slab descriptor.
 */
static void *__kmem_cache_alloc(kmem_cache_t *cachep, int flags, bool count)
{
	void *objp;

	if (unlikely(!kmem_cache_alloc_head(cachep, flags)))
		return NULL;
	/* Should another thread take the new slab's objects, grow again. */
	do {
		objp = kmem_cache_take(cachep, count);
		if (objp)
			return objp;
	} while (kmem_cache_grow(cachep, flags));
	return NULL;
}

/**
 * Allocate an object from @p cachep. @p flags (SLAB_KERNEL, SLAB_ATOMIC,
 * SLAB_DMA for a DMA cache, SLAB_NO_GROW ...) only matter when the cache
 * has to grow. Returns NULL when no memory can be found.
 */
void *kmem_cache_alloc(kmem_cache_t *cachep, int flags)
{
	return kmem_alloc_debug(cachep, __kmem_cache_alloc(cachep, flags,
							    true));
}

/**
 * Allocate @p size bytes from the smallest sizes cache that holds them
 * ("size-N(DMA)" with GFP_DMA). kmalloc(0) gets a 32-byte object, as in
 * Linux 2.4; more than KMALLOC_MAX_SIZE gets NULL.
 */
void *kmalloc(size_t size, int flags)
{
	cache_sizes_t *csizep;

	for (csizep = cache_sizes; csizep->cs_size; csizep++) {
		kmem_cache_t *cachep;

		if (size > csizep->cs_size)
			continue;
		cachep = (flags & GFP_DMA) ? csizep->cs_dmacachep :
					     csizep->cs_cachep;
		if (unlikely(!cachep))
			return NULL;	/* before kmem_cache_sizes_init() */
		return kmem_cache_alloc(cachep, flags);
	}
	return NULL;
}

/* ---- freeing ------------------------------------------------------------- */

/*
 * Put object @objnr back on the free chain of @slabp and move the slab to
 * the list its new use count calls for. Cache lock held.
 */
static void kmem_cache_free_one(kmem_cache_t *cachep, slab_t *slabp,
				unsigned int objnr)
{
	slab_bufctl(slabp)[objnr] = slabp->free;
	slabp->free = objnr;
	slabp->inuse--;
	kmem_slab_relist(cachep, slabp, slabp->inuse + 1);
	cachep->num_active--;
}

/**
 * Return the @p len objects at @p objpp, taken from a per-CPU array of
 * @p cachep, to their slabs. The cache lock is held.
 */
void __free_block(kmem_cache_t *cachep, void **objpp, unsigned int len)
{
	unsigned int objnr;
	slab_t *slabp;

	for (; len > 0; len--, objpp++) {
		slabp = kmem_locate(cachep, *objpp, &objnr);
		kmem_cache_free_one(cachep, slabp, objnr);
	}
}

/**
 * Return the @p len objects at @p objpp, taken from a per-CPU array of
 * @p cachep, to their slabs; takes the cache lock. Interrupts off.
 */
void free_block(kmem_cache_t *cachep, void **objpp, unsigned int len)
{
	spin_lock(&cachep->spinlock);
	__free_block(cachep, objpp, len);
	spin_unlock(&cachep->spinlock);
}

/*
 * Make room in the full per-CPU array @cc (a free miss): move batchcount
 * objects back to their slabs -- those on top, freed most recently, as
 * Linux 2.4 does (2.6 moves the oldest). Interrupts off.
 */
static void kmem_cpucache_make_room(kmem_cache_t *cachep, cpucache_t *cc)
{
	cachep->freemiss++;
	cc->avail -= cachep->batchcount;
	free_block(cachep, cc_entry(cc) + cc->avail, cachep->batchcount);
}

/*
 * Free object @objnr of @slabp, known to be a held object of @cachep: onto
 * the per-CPU array if there is room, else after moving batchcount objects
 * of the array back to their slabs; straight to the slab when the cache
 * has no array. Interrupts off.
 */
static void __kmem_cache_free(kmem_cache_t *cachep, slab_t *slabp,
			      unsigned int objnr, void *objp)
{
	cpucache_t *cc = cc_data(cachep);

	if (!cc) {
		spin_lock(&cachep->spinlock);
		kmem_cache_free_one(cachep, slabp, objnr);
		spin_unlock(&cachep->spinlock);
		return;
	}
	if (likely(cc->avail < cc->limit))
		cachep->freehit++;
	else
		kmem_cpucache_make_room(cachep, cc);
	slab_bufctl(slabp)[objnr] = BUFCTL_PERCPU;
	cc_entry(cc)[cc->avail++] = objp;
}

/* Free an object the allocator itself allocated (an off-slab slab_t). */
static void __kmem_cache_free_trusted(kmem_cache_t *cachep, void *objp)
{
	unsigned long flags;
	unsigned int objnr;
	slab_t *slabp;

	local_irq_save(flags);
	slabp = kmem_locate(cachep, objp, &objnr);
	__kmem_cache_free(cachep, slabp, objnr, objp);
	local_irq_restore(flags);
}

/*
 * Check that @ptr, which a caller of @func wants to free, is an object it
 * holds: inside the direct mapping, in a PG_slab page, of @cachep (or, for
 * kfree with @cachep NULL, of whatever cache owns the page), the start of
 * an object, and allocated. Reports and returns NULL if not; otherwise
 * returns the slab and sets *@cachepp, *@objpp (the object, red zone
 * included) and *@objnrp. Interrupts off.
 */
static slab_t *kmem_check_free(kmem_cache_t **cachepp, const void *ptr,
			       void **objpp, unsigned int *objnrp,
			       const char *func)
{
	unsigned long addr = (unsigned long)ptr, pfn, off;
	kmem_cache_t *cachep;
	struct page *page;
	slab_t *slabp;

	if (addr < (unsigned long)__va(0) ||
	    addr >= (unsigned long)high_memory ||
	    (pfn = __pa(addr) >> PAGE_SHIFT) >= max_mapnr) {
		slab_bad_ptr(func, "out of range ptr", ptr);
		return NULL;
	}
	page = pfn_to_page(pfn);
	if (!PageSlab(page)) {
		slab_bad_ptr(func, "bad ptr", ptr);
		return NULL;
	}
	cachep = GET_PAGE_CACHE(page);
	if (*cachepp && *cachepp != cachep) {
		slab_error(*cachepp, func, "object %p belongs to cache `%s'",
			   ptr, cachep->name);
		return NULL;
	}
	if (cachep->flags & SLAB_RED_ZONE)
		addr -= BYTES_PER_WORD;
	slabp = GET_PAGE_SLAB(page);
	off = addr - (unsigned long)slabp->s_mem;
	if (addr < (unsigned long)slabp->s_mem || off % cachep->objsize ||
	    off / cachep->objsize >= cachep->num) {
		slab_error(cachep, func, "%p is not the start of an object",
			   ptr);
		return NULL;
	}
	*objnrp = off / cachep->objsize;
	if (slab_bufctl(slabp)[*objnrp] != BUFCTL_ACTIVE) {
		slab_error(cachep, func, "double free of object %p", ptr);
		return NULL;
	}
	*cachepp = cachep;
	*objpp = (void *)addr;
	return slabp;
}

/*
 * Check and free @ptr on behalf of @func. Returns false (after a report)
 * if it was refused. Interrupts off.
 */
static bool kmem_free_checked(kmem_cache_t *cachep, const void *ptr,
			      const char *func)
{
	unsigned int objnr;
	slab_t *slabp;
	void *objp;

	slabp = kmem_check_free(&cachep, ptr, &objp, &objnr, func);
	if (!slabp)
		return false;
	kmem_free_debug(cachep, objp, func);
	__kmem_cache_free(cachep, slabp, objnr, objp);
	live_objects--;
	return true;
}

/**
 * Give @p objp back to @p cachep. An object of another cache, a pointer
 * that is not an allocated object, or a second free of the same object is
 * reported and ignored.
 */
void kmem_cache_free(kmem_cache_t *cachep, void *objp)
{
	unsigned long flags;

	if (unlikely(!cachep)) {
		printk(KERN_ERR "kmem_cache_free: NULL cache for %p\n", objp);
		dump_stack();
		slab_errors++;
		return;
	}
	local_irq_save(flags);
	kmem_free_checked(cachep, objp, "kmem_cache_free");
	local_irq_restore(flags);
}

/**
 * Free memory from kmalloc() (or any slab object): the page of @p objp
 * names its cache. kfree(NULL) does nothing; anything that is not an
 * allocated slab object is reported and ignored.
 */
void kfree(const void *objp)
{
	unsigned long flags;

	if (!objp)
		return;
	local_irq_save(flags);
	kmem_free_checked(NULL, objp, "kfree");
	local_irq_restore(flags);
}

/** Bytes of an object of @p cachep a caller may use. */
unsigned int kmem_cache_size(kmem_cache_t *cachep)
{
	if (cachep->flags & SLAB_RED_ZONE)
		return cachep->objsize - 2 * BYTES_PER_WORD;
	return cachep->objsize;
}

/**
 * The sizes cache kmalloc(@p size, @p gfpflags) would use, or NULL when
 * @p size is more than KMALLOC_MAX_SIZE.
 */
kmem_cache_t *kmem_find_general_cachep(size_t size, int gfpflags)
{
	cache_sizes_t *csizep;

	for (csizep = cache_sizes; csizep->cs_size; csizep++)
		if (size <= csizep->cs_size)
			break;
	return (gfpflags & GFP_DMA) ? csizep->cs_dmacachep :
				      csizep->cs_cachep;
}

/** Objects handed out by kmem_cache_alloc()/kmalloc() and not yet freed. */
unsigned long kmem_cache_live_objects(void)
{
	return live_objects;
}
