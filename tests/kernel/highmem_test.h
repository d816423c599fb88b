/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * highmem_test.h - helpers shared by Chapter 10's suites (kmap, bounce)
 * and its benchmarks: batches of highmem pages, an in-kernel check of the
 * pkmap window's invariants, and the marker for reports a test provokes.
 */
#ifndef _HIGHMEM_TEST_H
#define _HIGHMEM_TEST_H

#include "mm_test.h"
#include <highmem.h>
#include <pgtable.h>
#include <fixmap.h>
#include <sched.h>
#include <jiffies.h>
#include <checkpoint.h>

/*
 * Tell the host runner that the next "BUG:" report is provoked on purpose
 * (tools/testrun.py accepts a report announced within three lines).
 */
static inline void expect_report(const char *what)
{
	printk(KERN_RAW "# expected report follows (%s)\n", what);
}

/* Allocate @n highmem pages into @pages; false (none kept) if short. */
static inline bool alloc_high_pages(struct page **pages, int n)
{
	for (int i = 0; i < n; i++) {
		pages[i] = alloc_page(GFP_HIGHUSER);
		if (!pages[i] || !PageHighMem(pages[i])) {
			for (int j = 0; j <= i; j++)
				if (pages[j])
					__free_page(pages[j]);
			return false;
		}
	}
	return true;
}

static inline void free_page_array(struct page **pages, int n)
{
	for (int i = 0; i < n; i++)
		__free_page(pages[i]);
}

/*
 * The invariants of the pkmap window, checked from inside (the Bochs
 * oracle checks the same from outside): a slot at 0 has an empty pte; a
 * slot at 1 or more maps a highmem page whose ->virtual is that slot.
 * Returns the number of slots that break them, printing the first few.
 */
static inline int pkmap_check(void)
{
	int bad = 0;

	for (int i = 0; i < LAST_PKMAP; i++) {
		pte_t pte = pkmap_page_table[i];
		const char *why = NULL;

		if (pkmap_count[i] < 0)
			why = "negative count";
		else if (!pkmap_count[i] && !pte_none(pte))
			why = "free but mapped";
		else if (pkmap_count[i] && !pte_present(pte))
			why = "used but not mapped";
		else if (pkmap_count[i] &&
			 (!PageHighMem(pte_page(pte)) ||
			  page_address(pte_page(pte)) != (void *)PKMAP_ADDR(i)))
			why = "page->virtual is elsewhere";
		if (why && bad++ < 4)
			printk(KERN_RAW "    # pkmap slot %d: %s (count %d, "
			       "pte %08lx)\n", i, why, pkmap_count[i],
			       pte_val(pte));
	}
	return bad;
}

/* Slots with a count of exactly @n (n = 2 counts every slot >= 2). */
static inline int pkmap_slots_at(int n)
{
	int k = 0;

	for (int i = 0; i < LAST_PKMAP; i++)
		if (n >= 2 ? pkmap_count[i] >= 2 : pkmap_count[i] == n)
			k++;
	return k;
}

/*
 * Announce a checkpoint of the pkmap window for the oracle, which reads
 * pkmap_count, the pkmap page table and the struct pages itself. The line
 * gives struct page's layout and the kernel's own tally of the slots.
 */
#define pkmap_checkpoint(name, fmt, ...) \
	checkpoint(name, "page_size=%u virtual_off=%u used=%d unused=%d " \
		   "free=%d last=%u" fmt, (unsigned int)sizeof(struct page), \
		   (unsigned int)offsetof(struct page, virtual), \
		   pkmap_slots_at(2), pkmap_slots_at(1), pkmap_slots_at(0), \
		   last_pkmap_nr, ##__VA_ARGS__)

/* Sleep a tick at a time until @cond holds or @ticks pass; true if held. */
#define wait_until(cond, ticks) ({ \
	unsigned long __end = jiffies + (ticks); \
	while (!(cond) && !time_after_eq(jiffies, __end)) \
		schedule_timeout_ticks(1); \
	(bool)(cond); })

#endif /* _HIGHMEM_TEST_H */
