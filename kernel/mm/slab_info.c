// SPDX-License-Identifier: GPL-2.0-only
/*
 * slab_info.c - the text of Linux 2.4's /proc/slabinfo, and tuning the
 * per-CPU arrays by writing to it (Linux 2.4: mm/slab.c; the book's
 * Chapter 9). vmm386 has no VFS yet: get_slabinfo() and slabinfo_write()
 * are called directly.
 */
#include <slab.h>
#include <slab_def.h>
#include <slab_internal.h>
#include <kernel.h>
#include <string.h>
#include <spinlock.h>
#include <errno.h>

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

/** What one list of a cache holds, as slabinfo counts it. */
struct slab_census {
	unsigned long slabs;	/**< slabs on the list */
	unsigned long in_use;	/**< objects in use in them */
	bool misplaced;		/**< a slab whose use count belongs elsewhere */
};

/*
 * Count the slabs on @list, one of the lists of @cachep, and their objects
 * in use, and notice a slab that is on the wrong list. Cache lock held.
 */
static struct slab_census slabinfo_census(kmem_cache_t *cachep,
					  struct list_head *list)
{
	struct slab_census census = { 0, 0, false };
	slab_t *slabp;

	list_for_each_entry(slabp, list, list) {
		census.slabs++;
		census.in_use += slabp->inuse;
		census.misplaced |= kmem_slab_list(cachep, slabp->inuse) != list;
	}
	return census;
}

/*
 * One line of slabinfo for @cachep. A slab found on the wrong list is
 * reported after the line.
 */
static void slabinfo_show(struct slabinfo_buf *sb, kmem_cache_t *cachep)
{
	struct slab_census full, partial, empty;
	unsigned long irqflags, active_slabs, all_slabs;
	cpucache_t *cc;

	spin_lock_irqsave(&cachep->spinlock, irqflags);
	full = slabinfo_census(cachep, &cachep->slabs_full);
	partial = slabinfo_census(cachep, &cachep->slabs_partial);
	empty = slabinfo_census(cachep, &cachep->slabs_free);
	active_slabs = full.slabs + partial.slabs;
	all_slabs = active_slabs + empty.slabs;
	sb_printf(sb, "%-17s %6lu %6lu %6u %4lu %4lu %4u", cachep->name,
		  full.in_use + partial.in_use, all_slabs * cachep->num,
		  cachep->objsize, active_slabs, all_slabs,
		  1U << cachep->gfporder);
	sb_printf(sb, " : %6lu %7lu %5lu %4lu %4lu", cachep->high_mark,
		  cachep->num_allocations, cachep->grown, cachep->reaped,
		  cachep->errors);
	cc = cc_data(cachep);
	sb_printf(sb, " : %4u %4u", cc ? cc->limit : 0, cachep->batchcount);
	sb_printf(sb, " : %6lu %6lu %6lu %6lu\n", cachep->allochit,
		  cachep->allocmiss, cachep->freehit, cachep->freemiss);
	spin_unlock_irqrestore(&cachep->spinlock, irqflags);
	if (full.misplaced || partial.misplaced || empty.misplaced)
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

/* Longest line slabinfo_write() accepts. */
#define MAX_SLABINFO_WRITE	128

/* The first character of @p that is not a space. */
static char *skip_spaces(char *p)
{
	while (*p == ' ')
		p++;
	return p;
}

/* The cache named @name, cache_cache included, or NULL. Chain locked. */
static kmem_cache_t *slabinfo_find_cache(const char *name)
{
	kmem_cache_t *cachep = &cache_cache;

	do {
		if (!strcmp(cachep->name, name))
			return cachep;
		cachep = next_cache(cachep);
	} while (cachep != &cache_cache);
	return NULL;
}

/**
 * Tune a cache's per-CPU array as writing "NAME LIMIT BATCHCOUNT" to
 * Linux 2.4's /proc/slabinfo does. Returns @p count, or -EINVAL for a
 * malformed line, an unknown cache or impossible values (-ENOMEM when the
 * array cannot be allocated).
 */
ssize_t slabinfo_write(const char *buffer, size_t count)
{
	char line[MAX_SLABINFO_WRITE + 1];
	int limit, batchcount, err;
	kmem_cache_t *cachep;
	char *space, *end;

	if (count > MAX_SLABINFO_WRITE)
		return -EINVAL;
	memcpy(line, buffer, count);
	line[count] = '\0';
	space = strchr(line, ' ');
	if (!space)
		return -EINVAL;
	*space = '\0';		/* the name ends at the first space */
	/* As in 2.4: LIMIT right after it, spaces before BATCHCOUNT. */
	limit = simple_strtol(space + 1, &end, 10);
	batchcount = simple_strtol(skip_spaces(end), NULL, 10);

	spin_lock(&cache_chain_lock);
	cachep = slabinfo_find_cache(line);
	err = cachep ? kmem_tune_cpucache(cachep, limit, batchcount) : -EINVAL;
	spin_unlock(&cache_chain_lock);
	return err ? err : (ssize_t)count;
}
