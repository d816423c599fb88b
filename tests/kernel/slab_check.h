/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * slab_check.h - an independent check of one slab cache's state, shared
 * by the host unit tests (tests/unit/test_slab.c) and the guest suite
 * (tests/kernel/slab_test.c).
 *
 * It reuses none of the allocator's code (kernel/mm/slab*.c): it walks
 * the three lists, every slab, every page and every object, and
 * recomputes what must hold.
 *
 *  1. List membership matches the use count: a slab on slabs_full has all
 *     num objects in use, one on slabs_partial some, one on slabs_free
 *     none.
 *  2. Layout: the slab's pages start on a page boundary, its objects end
 *     inside them; an on-slab slab_t sits right after the colour, and the
 *     objects right after it and its bufctls; an off-slab slab_t is an
 *     object of the cache's slabp_cache. The colour is a multiple of
 *     colour_off below colour * colour_off.
 *  3. Every page of the slab is PG_slab and points back at the cache
 *     (list.next) and the slab (list.prev).
 *  4. The free chain visits num - inuse distinct objects and ends with
 *     BUFCTL_END; every other object is either allocated (BUFCTL_ACTIVE)
 *     or parked in the per-CPU array (BUFCTL_PERCPU), and the two add up
 *     to inuse.
 *  5. The per-CPU array holds exactly the parked objects, each once, all
 *     of this cache; its fill is within its limit. num_active is the sum
 *     of inuse.
 *
 * The includer defines SLAB_REPORT(fmt, ...) to print one violation.
 * slab_check_cache() returns the number of violations.
 */
#ifndef _SLAB_CHECK_H
#define _SLAB_CHECK_H

#include <mm.h>
#include <slab.h>
#include <slab_def.h>

/* Report at most this many violations per check. */
#define SLAB_CHECK_MAX_REPORTS	8
/* Largest per-CPU array checked for duplicates. */
#define SLAB_CHECK_MAX_ARRAY	1024
/* Largest num checked object by object. */
#define SLAB_CHECK_MAX_NUM	1024

#define SLAB_FAIL(n, ...) do { \
	if ((n)++ < SLAB_CHECK_MAX_REPORTS) \
		SLAB_REPORT(__VA_ARGS__); \
} while (0)

/* Bytes of an on-slab slab_t with its bufctls, as the layout rounds it. */
static inline unsigned long slab_check_mgmt(const kmem_cache_t *c)
{
	return L1_CACHE_ALIGN(sizeof(slab_t) +
			      c->num * sizeof(kmem_bufctl_t));
}

/* Sort @n pointers (Shell's sort: no library, no recursion). */
static inline void slab_check_sort(void **v, unsigned int n)
{
	for (unsigned int gap = n / 2; gap; gap /= 2)
		for (unsigned int i = gap; i < n; i++)
			for (unsigned int j = i; j >= gap &&
			     (char *)v[j - gap] > (char *)v[j]; j -= gap) {
				void *t = v[j];

				v[j] = v[j - gap];
				v[j - gap] = t;
			}
}

/* Checks 1-4 for one slab found on list @l (0 full, 1 partial, 2 free). */
static inline unsigned long slab_check_slab(kmem_cache_t *c, slab_t *s,
					    int l, unsigned long *parked)
{
	static unsigned char seen[SLAB_CHECK_MAX_NUM];
	char *base = (char *)s->s_mem - s->colouroff;
	unsigned long colour = s->colouroff, errors = 0;
	unsigned long bytes = PAGE_SIZE << c->gfporder;
	unsigned int nfree = 0, active = 0, percpu = 0;
	struct page *pg;

	if (l == 0 && s->inuse != c->num)
		SLAB_FAIL(errors, "%s: full slab %p has %u of %u in use",
			  c->name, (void *)s, s->inuse, c->num);
	if (l == 1 && (!s->inuse || s->inuse >= c->num))
		SLAB_FAIL(errors, "%s: partial slab %p has %u of %u in use",
			  c->name, (void *)s, s->inuse, c->num);
	if (l == 2 && s->inuse)
		SLAB_FAIL(errors, "%s: free slab %p has %u in use", c->name,
			  (void *)s, s->inuse);
	if ((unsigned long)base & (PAGE_SIZE - 1)) {
		SLAB_FAIL(errors, "%s: slab %p starts at %p, not a page",
			  c->name, (void *)s, base);
		return errors;
	}
	if ((char *)s->s_mem + (unsigned long)c->num * c->objsize >
	    base + bytes)
		SLAB_FAIL(errors, "%s: objects of slab %p run past its pages",
			  c->name, (void *)s);
	if (!OFF_SLAB(c)) {
		if (colour < slab_check_mgmt(c) ||
		    (char *)s != base + colour - slab_check_mgmt(c))
			SLAB_FAIL(errors, "%s: on-slab slab_t %p misplaced "
				  "(base %p, colouroff %lu)", c->name,
				  (void *)s, base, colour);
		colour -= slab_check_mgmt(c);
	} else {
		struct page *sp = virt_to_page(s);

		if (!PageSlab(sp) || GET_PAGE_CACHE(sp) != c->slabp_cache)
			SLAB_FAIL(errors, "%s: off-slab slab_t %p is not an "
				  "object of %s", c->name, (void *)s,
				  c->slabp_cache ? c->slabp_cache->name : "?");
	}
	if (colour % c->colour_off ||
	    colour >= (c->colour ? c->colour : 1) * c->colour_off)
		SLAB_FAIL(errors, "%s: slab %p has colour %lu (colour %lu of "
			  "%u bytes)", c->name, (void *)s, colour,
			  (unsigned long)c->colour, c->colour_off);
	pg = virt_to_page(base);
	for (unsigned int i = 0; i < 1U << c->gfporder; i++)
		if (!PageSlab(pg + i) || GET_PAGE_CACHE(pg + i) != c ||
		    GET_PAGE_SLAB(pg + i) != s)
			SLAB_FAIL(errors, "%s: page %u of slab %p: PG_slab %d "
				  "cache %p slab %p", c->name, i, (void *)s,
				  (int)PageSlab(pg + i),
				  (void *)GET_PAGE_CACHE(pg + i),
				  (void *)GET_PAGE_SLAB(pg + i));
	if (c->num > SLAB_CHECK_MAX_NUM)
		return errors;
	for (unsigned int i = 0; i < c->num; i++)
		seen[i] = 0;
	for (kmem_bufctl_t i = s->free; i != BUFCTL_END;
	     i = slab_bufctl(s)[i]) {
		if (i >= c->num || seen[i]) {
			SLAB_FAIL(errors, "%s: free chain of slab %p broken "
				  "at %u", c->name, (void *)s, i);
			return errors;
		}
		seen[i] = 1;
		nfree++;
	}
	if (nfree != c->num - s->inuse)
		SLAB_FAIL(errors, "%s: slab %p: %u free on its chain, %u in "
			  "use of %u", c->name, (void *)s, nfree, s->inuse,
			  c->num);
	for (unsigned int i = 0; i < c->num; i++) {
		if (seen[i])
			continue;
		active += slab_bufctl(s)[i] == BUFCTL_ACTIVE;
		percpu += slab_bufctl(s)[i] == BUFCTL_PERCPU;
	}
	if (active + percpu != s->inuse)
		SLAB_FAIL(errors, "%s: slab %p: %u allocated + %u parked, %u "
			  "in use", c->name, (void *)s, active, percpu,
			  s->inuse);
	*parked += percpu;
	return errors;
}

/* Check 5: the per-CPU array against the parked objects. */
static inline unsigned long slab_check_array(kmem_cache_t *c,
					     unsigned long parked)
{
	static void *entries[SLAB_CHECK_MAX_ARRAY];
	cpucache_t *cc = c->cpudata[0];
	unsigned long errors = 0;

	if (parked != (cc ? cc->avail : 0))
		SLAB_FAIL(errors, "%s: %lu objects parked, the array holds %u",
			  c->name, parked, cc ? cc->avail : 0);
	if (!cc)
		return errors;
	if (cc->avail > cc->limit || c->batchcount > cc->limit)
		SLAB_FAIL(errors, "%s: array holds %u, batch %u, limit %u",
			  c->name, cc->avail, c->batchcount, cc->limit);
	if (cc->avail > SLAB_CHECK_MAX_ARRAY)
		return errors;
	for (unsigned int i = 0; i < cc->avail; i++) {
		void *o = cc_entry(cc)[i];
		struct page *pg = virt_to_page(o);
		slab_t *s = GET_PAGE_SLAB(pg);
		unsigned long off = (char *)o - (char *)s->s_mem;

		entries[i] = o;
		if (!PageSlab(pg) || GET_PAGE_CACHE(pg) != c ||
		    off % c->objsize || off / c->objsize >= c->num ||
		    slab_bufctl(s)[off / c->objsize] != BUFCTL_PERCPU)
			SLAB_FAIL(errors, "%s: array entry %u (%p) is not a "
				  "parked object of the cache", c->name, i, o);
	}
	slab_check_sort(entries, cc->avail);
	for (unsigned int i = 1; i < cc->avail; i++)
		if (entries[i - 1] == entries[i])
			SLAB_FAIL(errors, "%s: %p twice in the array", c->name,
				  entries[i]);
	return errors;
}

/* Every check of the file's header comment, for cache @c. */
static inline unsigned long slab_check_cache(kmem_cache_t *c)
{
	struct list_head *heads[3] = { &c->slabs_full, &c->slabs_partial,
				       &c->slabs_free };
	unsigned long errors = 0, parked = 0, inuse = 0;
	slab_t *s;

	if (!c->num || (c->colour && c->colour_next >= c->colour))
		SLAB_FAIL(errors, "%s: num %u, colour_next %u of %lu", c->name,
			  c->num, c->colour_next, (unsigned long)c->colour);
	for (int l = 0; l < 3; l++) {
		list_for_each_entry(s, heads[l], list) {
			errors += slab_check_slab(c, s, l, &parked);
			inuse += s->inuse;
		}
	}
	if (inuse != c->num_active)
		SLAB_FAIL(errors, "%s: num_active %lu, %lu in use in slabs",
			  c->name, c->num_active, inuse);
	errors += slab_check_array(c, parked);
	return errors;
}

#endif /* _SLAB_CHECK_H */
