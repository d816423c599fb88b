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
 */
#include <slab.h>
#include <slab_def.h>
#include <mm.h>
#include <gfp.h>
#include <page.h>
#include <kernel.h>
#include <kallsyms.h>
#include <string.h>
#include <spinlock.h>
#include <system.h>
#include <errno.h>
#include <leakcheck.h>

#define BYTES_PER_WORD	sizeof(void *)

/* The flags kmem_cache_create() accepts. */
#define CREATE_MASK	(SLAB_HWCACHE_ALIGN | SLAB_NO_REAP | \
			 SLAB_CACHE_DMA | SLAB_RED_ZONE | SLAB_POISON)

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

#define cache_chain	(cache_cache.next)

unsigned long slab_errors;

/* Bytes of on-slab management for @num objects, to a whole cache line. */
static inline size_t slab_mgmt_size(unsigned int num)
{
	return L1_CACHE_ALIGN(sizeof(slab_t) + num * sizeof(kmem_bufctl_t));
}

/* The cache after @cachep on the chain, which wraps to cache_cache. */
static inline kmem_cache_t *next_cache(kmem_cache_t *cachep)
{
	return list_entry(cachep->next.next, kmem_cache_t, next);
}

/* kmem_release_free_slabs(): no limit. */
#define ALL_FREE_SLABS	(~0U)

/* Guards the cache chain (Linux: the semaphore cache_chain_sem). */
static DEFINE_SPINLOCK(cache_chain_lock);
/* Where kmem_cache_reap() resumes its round over the chain. */
static kmem_cache_t *clock_searchp = &cache_cache;
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
/* Objects handed out by the public API and not yet freed. */
static unsigned long live_objects;

/* ---- reports ------------------------------------------------------------- */

/*
 * Report misuse of a cache, in Linux 2.6's wording, with a backtrace that
 * shows the caller; count it against the cache (slabinfo's "errors").
 */
static void slab_error(kmem_cache_t *cachep, const char *func,
		       const char *fmt, ...)
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

/* ---- sizing a cache ------------------------------------------------------ */

/*
 * How many objects of @size fit in a slab of 2^@gfporder pages, and how
 * many bytes are left over for colouring. An on-slab slab also holds its
 * slab_t and one kmem_bufctl_t per object, rounded up to a cache line so
 * that the first object starts on one.
 */
static void kmem_cache_estimate(unsigned long gfporder, size_t size,
				int flags, size_t *left_over,
				unsigned int *num)
{
	size_t bytes = PAGE_SIZE << gfporder;
	size_t base = 0, extra = 0;
	size_t n = 0;

	if (!(flags & CFLGS_OFF_SLAB)) {
		base = sizeof(slab_t);
		extra = sizeof(kmem_bufctl_t);
	}
	while ((n + 1) * size + L1_CACHE_ALIGN(base + (n + 1) * extra) <= bytes)
		n++;
	if (n > SLAB_LIMIT)
		n = SLAB_LIMIT;
	*num = n;
	*left_over = bytes - n * size - L1_CACHE_ALIGN(base + n * extra);
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

/* ---- debugging aids: poison and red zones -------------------------------- */

/* Start and length of the part of an object its user may touch. */
static void *kmem_obj_payload(kmem_cache_t *cachep, void *objp, size_t *len)
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

/*
 * The checks of an object leaving the allocator: untouched poison, free red
 * zones (then marked allocated). Returns the pointer the caller gets.
 */
static void *kmem_alloc_debug(kmem_cache_t *cachep, void *objp)
{
	if (!objp || !(cachep->flags & (SLAB_POISON | SLAB_RED_ZONE)))
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

/* The checks of an object coming back: allocated red zones, then poison. */
static void kmem_free_debug(kmem_cache_t *cachep, void *objp, const char *func)
{
	if (cachep->flags & SLAB_RED_ZONE)
		kmem_redzone_flip(cachep, objp, RED_MAGIC2, RED_MAGIC1, func);
	if (cachep->flags & SLAB_POISON)
		kmem_poison_obj(cachep, objp);
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

	if (cachep->flags & SLAB_RED_ZONE) {
		*kmem_redzone1(objp) = RED_MAGIC1;
		*kmem_redzone2(cachep, objp) = RED_MAGIC1;
	}
	if (cachep->ctor)
		cachep->ctor(kmem_obj_payload(cachep, objp, &len), cachep,
			     ctor_flags);
	if (cachep->flags & SLAB_POISON)
		kmem_poison_obj(cachep, objp);
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
 * Release a slab already unlinked from its cache: check the free objects
 * of a debugging cache, run the destructor on every object, free the pages
 * and an off-slab descriptor.
 */
static void kmem_slab_destroy(kmem_cache_t *cachep, slab_t *slabp)
{
	unsigned int i;

	if (cachep->dtor || (cachep->flags & (SLAB_POISON | SLAB_RED_ZONE))) {
		for (i = 0; i < cachep->num; i++) {
			void *objp = (char *)slabp->s_mem + cachep->objsize * i;
			size_t len;

			if ((cachep->flags & SLAB_RED_ZONE) &&
			    (*kmem_redzone1(objp) != RED_MAGIC1 ||
			     *kmem_redzone2(cachep, objp) != RED_MAGIC1))
				slab_error(cachep, "kmem_slab_destroy",
					   "red zone of %p overwritten", objp);
			if ((cachep->flags & SLAB_POISON) &&
			    kmem_poison_damaged(cachep, objp))
				slab_error(cachep, "kmem_slab_destroy",
					   "object %p modified after free",
					   objp);
			if (cachep->dtor)
				cachep->dtor(kmem_obj_payload(cachep, objp,
							      &len),
					     cachep, 0);
		}
	}
	kmem_freepages(cachep, (char *)slabp->s_mem - slabp->colouroff);
	if (OFF_SLAB(cachep))
		__kmem_cache_free_trusted(cachep->slabp_cache, slabp);
}

/* ---- allocation ---------------------------------------------------------- */

/*
 * The list of @cachep a slab with @inuse objects in use belongs on:
 * slabs_free for none, slabs_full for all, slabs_partial in between.
 */
static struct list_head *kmem_slab_list(kmem_cache_t *cachep,
					unsigned int inuse)
{
	if (!inuse)
		return &cachep->slabs_free;
	if (inuse == cachep->num)
		return &cachep->slabs_full;
	return &cachep->slabs_partial;
}

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
 * Refill an empty per-CPU array with up to batchcount objects from the
 * slabs, under one acquisition of the cache lock, and take one of them.
 * NULL when the slabs are exhausted too. Interrupts off.
 */
static void *kmem_cache_alloc_batch(kmem_cache_t *cachep, cpucache_t *cc)
{
	unsigned int batchcount = cachep->batchcount;
	unsigned int objnr;
	slab_t *slabp;
	void *objp;

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
	objp = cc_entry(cc)[--cc->avail];
	slabp = kmem_locate(cachep, objp, &objnr);
	slab_bufctl(slabp)[objnr] = BUFCTL_ACTIVE;
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
	unsigned long save_flags;
	unsigned int objnr;
	cpucache_t *cc;
	slab_t *slabp;
	void *objp;

	if (unlikely(!kmem_cache_alloc_head(cachep, flags)))
		return NULL;
try_again:
	local_irq_save(save_flags);
	cc = cc_data(cachep);
	if (cc) {
		if (cc->avail) {
			cachep->allochit++;
			objp = cc_entry(cc)[--cc->avail];
			slabp = kmem_locate(cachep, objp, &objnr);
			slab_bufctl(slabp)[objnr] = BUFCTL_ACTIVE;
		} else {
			cachep->allocmiss++;
			objp = kmem_cache_alloc_batch(cachep, cc);
		}
	} else {
		spin_lock(&cachep->spinlock);
		slabp = kmem_cache_pick_slab(cachep);
		objp = slabp ? kmem_cache_alloc_one_tail(cachep, slabp,
							 BUFCTL_ACTIVE) : NULL;
		spin_unlock(&cachep->spinlock);
	}
	if (objp && count)
		live_objects++;
	local_irq_restore(save_flags);
	if (objp)
		return objp;
	/* Retry; should another thread take the new objects, grow again. */
	if (kmem_cache_grow(cachep, flags))
		goto try_again;
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

/* Return @len objects from a per-CPU array to their slabs; lock held. */
static void __free_block(kmem_cache_t *cachep, void **objpp, unsigned int len)
{
	unsigned int objnr;
	slab_t *slabp;

	for (; len > 0; len--, objpp++) {
		slabp = kmem_locate(cachep, *objpp, &objnr);
		kmem_cache_free_one(cachep, slabp, objnr);
	}
}

/* Return @len objects from a per-CPU array to their slabs. */
static void free_block(kmem_cache_t *cachep, void **objpp, unsigned int len)
{
	spin_lock(&cachep->spinlock);
	__free_block(cachep, objpp, len);
	spin_unlock(&cachep->spinlock);
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

	if (cc) {
		if (cc->avail < cc->limit) {
			cachep->freehit++;
		} else {
			/* Linux 2.4 returns the most recently freed ones. */
			cachep->freemiss++;
			cc->avail -= cachep->batchcount;
			free_block(cachep, cc_entry(cc) + cc->avail,
				   cachep->batchcount);
		}
		slab_bufctl(slabp)[objnr] = BUFCTL_PERCPU;
		cc_entry(cc)[cc->avail++] = objp;
		return;
	}
	spin_lock(&cachep->spinlock);
	kmem_cache_free_one(cachep, slabp, objnr);
	spin_unlock(&cachep->spinlock);
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

/* ---- per-CPU arrays ------------------------------------------------------ */

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

/* Linux 2.4's sizes: fewer slots for bigger objects, none past a page. */
static void enable_cpucache(kmem_cache_t *cachep)
{
	int err, limit;

	if (cachep->objsize > PAGE_SIZE)
		return;
	if (cachep->objsize > 1024)
		limit = 60;
	else if (cachep->objsize > 256)
		limit = 124;
	else
		limit = 252;
	err = kmem_tune_cpucache(cachep, limit, limit / 2);
	if (err)
		printk(KERN_ERR "enable_cpucache failed for %s, error %d.\n",
		       cachep->name, -err);
}

/* Give every cache of the chain, cache_cache first, its per-CPU array. */
static void enable_all_cpucaches(void)
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

/* Move every object of the per-CPU array back to its slab. */
static void drain_cpu_caches(kmem_cache_t *cachep)
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

/*
 * Destroy up to @max free slabs of @cachep, oldest first; fewer if the
 * free slabs run out or the cache starts growing. The cache lock is held
 * only to unlink each slab, not while it is destroyed. Returns the number
 * of slabs destroyed.
 */
static unsigned int kmem_release_free_slabs(kmem_cache_t *cachep,
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
	if (clock_searchp == cachep)
		clock_searchp = next_cache(cachep);
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

/* ---- reaping ------------------------------------------------------------- */

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

/* ---- boot ---------------------------------------------------------------- */

static unsigned long read_live_objects(void)
{
	return live_objects;
}

static const struct leak_counter slab_objects_counter = {
	"slab objects", read_live_objects
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

/* ---- /proc/slabinfo ------------------------------------------------------ */

/** A bounded output buffer that still counts what did not fit. */
struct slabinfo_buf {
	char *buf;	/**< the caller's buffer */
	size_t size;	/**< its size */
	size_t len;	/**< length of the whole text so far */
};

static void sb_printf(struct slabinfo_buf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void sb_printf(struct slabinfo_buf *sb, const char *fmt, ...)
{
	size_t room = sb->len < sb->size ? sb->size - sb->len : 0;
	va_list args;

	va_start(args, fmt);
	sb->len += vsnprintf(room ? sb->buf + sb->len : NULL, room, fmt, args);
	va_end(args);
}

/* One line of slabinfo for @cachep; its lists are checked on the way. */
static void slabinfo_show(struct slabinfo_buf *sb, kmem_cache_t *cachep)
{
	unsigned long active_objs = 0, active_slabs = 0, num_slabs = 0;
	unsigned long flags, num_objs;
	bool broken = false;
	cpucache_t *cc;
	slab_t *slabp;

	spin_lock_irqsave(&cachep->spinlock, flags);
	list_for_each_entry(slabp, &cachep->slabs_full, list) {
		broken |= slabp->inuse != cachep->num;
		active_objs += cachep->num;
		active_slabs++;
	}
	list_for_each_entry(slabp, &cachep->slabs_partial, list) {
		broken |= slabp->inuse == cachep->num || !slabp->inuse;
		active_objs += slabp->inuse;
		active_slabs++;
	}
	list_for_each_entry(slabp, &cachep->slabs_free, list) {
		broken |= slabp->inuse != 0;
		num_slabs++;
	}
	num_slabs += active_slabs;
	num_objs = num_slabs * cachep->num;
	sb_printf(sb, "%-17s %6lu %6lu %6u %4lu %4lu %4u", cachep->name,
		  active_objs, num_objs, cachep->objsize, active_slabs,
		  num_slabs, 1U << cachep->gfporder);
	sb_printf(sb, " : %6lu %7lu %5lu %4lu %4lu", cachep->high_mark,
		  cachep->num_allocations, cachep->grown, cachep->reaped,
		  cachep->errors);
	cc = cc_data(cachep);
	sb_printf(sb, " : %4u %4u", cc ? cc->limit : 0, cachep->batchcount);
	sb_printf(sb, " : %6lu %6lu %6lu %6lu\n", cachep->allochit,
		  cachep->allocmiss, cachep->freehit, cachep->freemiss);
	spin_unlock_irqrestore(&cachep->spinlock, flags);
	if (broken)
		slab_error(cachep, "get_slabinfo", "slab lists inconsistent");
}

/**
 * Write the text of Linux 2.4's /proc/slabinfo into @p buf (at most
 * @p size bytes, NUL-terminated): a version line, then one line per cache,
 * cache_cache first and then the newest cache first. Per cache: name,
 * active objects, objects, object size, active slabs, slabs, pages per
 * slab; then the statistics (high mark, allocations, slabs grown, slabs
 * reaped, errors); the per-CPU array's limit and batchcount; and its hits
 * and misses (allochit, allocmiss, freehit, freemiss). This is the format
 * of a 2.4.22 SMP kernel with statistics: vmm386 always has the per-CPU
 * arrays and the counters, so it always prints them. Returns the length
 * of the whole text, which may exceed @p size - 1, as snprintf() does.
 */
int get_slabinfo(char *buf, size_t size)
{
	struct slabinfo_buf sb = { buf, size, 0 };
	kmem_cache_t *cachep;

	if (size)
		buf[0] = '\0';
	spin_lock(&cache_chain_lock);
	sb_printf(&sb, "slabinfo - version: 1.1 (statistics) (SMP)\n");
	slabinfo_show(&sb, &cache_cache);
	list_for_each_entry(cachep, &cache_chain, next)
		slabinfo_show(&sb, cachep);
	spin_unlock(&cache_chain_lock);
	return sb.len;
}

#define MAX_SLABINFO_WRITE	128

/**
 * Tune a cache's per-CPU array as writing "NAME LIMIT BATCHCOUNT" to
 * Linux 2.4's /proc/slabinfo does. Returns @p count, or -EINVAL for a
 * malformed line, an unknown cache or impossible values (-ENOMEM when the
 * array cannot be allocated).
 */
ssize_t slabinfo_write(const char *buffer, size_t count)
{
	char kbuf[MAX_SLABINFO_WRITE + 1], *tmp;
	int limit, batchcount, res = -EINVAL;
	kmem_cache_t *cachep;

	if (count > MAX_SLABINFO_WRITE)
		return -EINVAL;
	memcpy(kbuf, buffer, count);
	kbuf[count] = '\0';
	tmp = strchr(kbuf, ' ');
	if (!tmp)
		return -EINVAL;
	*tmp++ = '\0';
	limit = simple_strtol(tmp, &tmp, 10);
	while (*tmp == ' ')
		tmp++;
	batchcount = simple_strtol(tmp, &tmp, 10);

	spin_lock(&cache_chain_lock);
	if (!strcmp(cache_cache.name, kbuf)) {
		res = kmem_tune_cpucache(&cache_cache, limit, batchcount);
	} else {
		list_for_each_entry(cachep, &cache_chain, next) {
			if (!strcmp(cachep->name, kbuf)) {
				res = kmem_tune_cpucache(cachep, limit,
							 batchcount);
				break;
			}
		}
	}
	spin_unlock(&cache_chain_lock);
	return res < 0 ? res : (ssize_t)count;
}
