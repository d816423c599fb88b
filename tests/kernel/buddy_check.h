/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * buddy_check.h - an independent check of a zone's buddy allocator state,
 * shared by the host unit tests (tests/unit/test_buddy.c) and the guest
 * suites (tests/kernel/buddy_test.c).
 *
 * It does not reuse the allocator's code: it walks the free lists and the
 * pages and recomputes what the bitmaps must hold.
 *
 *  1. Every block on the list of order o lies in the zone, starts at a
 *     multiple of 2^o from the zone's start, is marked as a free block
 *     head (PG_buddy, order in page->private), is unused (count 0, not
 *     reserved) and contains no other block head: no two free blocks
 *     overlap. The lists are well linked.
 *  2. No page outside the lists is marked as a block head.
 *  3. The blocks add up to zone->free_pages.
 *  4. Everything is fully coalesced: no free block has a free buddy of
 *     the same order.
 *  5. Linux 2.4's bitmaps: bit i of order o is set exactly when one of
 *     blocks 2i and 2i+1 of order o is free.
 *
 * The includer defines BUDDY_REPORT(fmt, ...) to print one violation.
 * buddy_check_zone() returns the number of violations.
 */
#ifndef _BUDDY_CHECK_H
#define _BUDDY_CHECK_H

#include <mm.h>
#include <bitops.h>

/* Report at most this many violations per check. */
#define BUDDY_CHECK_MAX_REPORTS	8

#define BUDDY_FAIL(n, ...) do { \
	if ((n)++ < BUDDY_CHECK_MAX_REPORTS) \
		BUDDY_REPORT(__VA_ARGS__); \
} while (0)

/* Is the block of order @o at index @idx of @zone a free block head? */
static inline int buddy_check_is_free(const zone_t *zone, unsigned long idx,
				      unsigned int o)
{
	const struct page *p = zone->zone_mem_map + idx;

	return idx < zone->size && PageBuddy(p) && p->private == o;
}

static inline unsigned long buddy_check_zone(zone_t *zone)
{
	unsigned long errors = 0, blocks = 0, free = 0, heads = 0;

	if (!zone->size) {
		if (zone->free_pages)
			BUDDY_FAIL(errors, "empty zone %s has %lu free pages",
				   zone->name, zone->free_pages);
		return errors;
	}
	for (unsigned int o = 0; o < MAX_ORDER; o++) {
		struct list_head *head = &zone->free_area[o].free_list;
		struct list_head *pos = head;
		unsigned long steps = 0;

		while ((pos = pos->next) != head) {
			struct page *page = list_entry(pos, struct page, list);
			unsigned long idx = page - zone->zone_mem_map;

			if (++steps > zone->size) {
				BUDDY_FAIL(errors, "%s order %u: list loops",
					   zone->name, o);
				break;
			}
			if (pos->next->prev != pos || pos->prev->next != pos)
				BUDDY_FAIL(errors, "%s order %u: broken links",
					   zone->name, o);
			if (idx >= zone->size || idx + (1UL << o) > zone->size) {
				BUDDY_FAIL(errors, "%s order %u: block %lu "
					   "outside the zone", zone->name, o, idx);
				break;
			}
			if (idx & ((1UL << o) - 1))
				BUDDY_FAIL(errors, "%s order %u: block %lu "
					   "misaligned", zone->name, o, idx);
			if (!PageBuddy(page) || page->private != o)
				BUDDY_FAIL(errors, "%s order %u: block %lu not "
					   "marked (flags %#lx private %lu)",
					   zone->name, o, idx, page->flags,
					   page->private);
			if (page->zone != zone)
				BUDDY_FAIL(errors, "%s: block %lu in wrong zone",
					   zone->name, idx);
			for (unsigned long i = 0; i < (1UL << o); i++) {
				struct page *p = page + i;

				if (page_count(p) || PageReserved(p))
					BUDDY_FAIL(errors, "%s order %u: free "
						   "page %lu has count %d flags "
						   "%#lx", zone->name, o,
						   idx + i, page_count(p),
						   p->flags);
				if (i && PageBuddy(p))
					BUDDY_FAIL(errors, "%s order %u: block "
						   "%lu overlaps block %lu",
						   zone->name, o, idx, idx + i);
			}
			if (o < MAX_ORDER - 1 &&
			    buddy_check_is_free(zone, idx ^ (1UL << o), o))
				BUDDY_FAIL(errors, "%s order %u: blocks %lu and "
					   "%lu are both free: not coalesced",
					   zone->name, o, idx, idx ^ (1UL << o));
			blocks++;
			free += 1UL << o;
		}
	}
	for (unsigned long i = 0; i < zone->size; i++)
		if (PageBuddy(zone->zone_mem_map + i))
			heads++;
	if (heads != blocks)
		BUDDY_FAIL(errors, "%s: %lu pages marked as block heads, %lu "
			   "blocks on the lists", zone->name, heads, blocks);
	if (free != zone->free_pages)
		BUDDY_FAIL(errors, "%s: lists hold %lu pages, free_pages says "
			   "%lu", zone->name, free, zone->free_pages);
	for (unsigned int o = 0; o < MAX_ORDER - 1; o++) {
		unsigned long nbits = ((zone->size - 1) >> (o + 1)) + 1;
		const unsigned long *map = zone->free_area[o].map;

		for (unsigned long i = 0; i < nbits; i++) {
			int a = buddy_check_is_free(zone, (2 * i) << o, o);
			int b = buddy_check_is_free(zone, (2 * i + 1) << o, o);

			if (test_bit(i, map) != (a ^ b))
				BUDDY_FAIL(errors, "%s order %u: bit %lu is %d "
					   "but blocks %lu,%lu free: %d,%d",
					   zone->name, o, i, test_bit(i, map),
					   (2 * i) << o, (2 * i + 1) << o, a, b);
		}
	}
	return errors;
}

/* Check every zone of the node; returns the total number of violations. */
static inline unsigned long buddy_check_all(void)
{
	unsigned long errors = 0;

	for (int z = 0; z < MAX_NR_ZONES; z++)
		errors += buddy_check_zone(contig_page_data.node_zones + z);
	return errors;
}

#endif /* _BUDDY_CHECK_H */
