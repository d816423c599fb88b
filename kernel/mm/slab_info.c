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
