// SPDX-License-Identifier: GPL-2.0-only
/*
 * page_alloc.c - the zoned buddy allocator (Linux 2.4: mm/page_alloc.c;
 * the book's Chapters 3 and 7).
 *
 * Physical memory is cut into zones (mmzone.h). Each zone keeps its free
 * memory as blocks of 2^order pages, order 0 to MAX_ORDER-1, one list per
 * order. A block of order n and its "buddy" (the block whose index differs
 * in bit n) together form the block of order n+1 they were split from.
 *
 * Linux 2.4 knows whether a buddy is free without looking at it: each
 * order has a bitmap with one bit per buddy pair, flipped every time
 * either buddy is allocated or freed. So the bit is 1 exactly when one of
 * the pair is free. When a block is freed and flipping its pair's bit
 * gives 0, the buddy was free too: the two merge and the same question is
 * asked one order up. Allocation takes the smallest free block that is
 * big enough and splits it in halves (expand()), putting back the halves
 * it does not need: the lower ones, as in Linux 2.4.22 (2.6 keeps the
 * lower half and puts back the upper).
 *
 * Block indices are relative to the zone's first page (zone_mem_map), as
 * in Linux 2.4: a block of order n starts at a multiple of 2^n pages from
 * the zone's start. vmm386 additionally marks the first page of each free
 * block with PG_buddy and its order in page->private: the algorithm does
 * not need them, but they let the allocator and its tests check that the
 * bitmaps, the lists and the pages agree, and let a double free be told
 * apart from a legitimate one.
 *
 * __alloc_pages() walks a zonelist (for example HighMem, Normal, DMA)
 * against the zones' watermarks as 2.4 does. There is no page reclaim yet
 * (Chapter 11), so when every zone is at its minimum the allocation fails
 * instead of waiting for kswapd, with a message of our own (Linux 2.4.22
 * fails silently).
 */
#include <mm.h>
#include <mmzone.h>
#include <bootmem.h>
#include <kernel.h>
#include <string.h>
#include <bitops.h>
#include <spinlock.h>
#include <sched.h>
#include <kallsyms.h>

static bootmem_data_t contig_bootmem_data;
/** The one node of a PC; its boot allocator state is contig_bootmem_data. */
pg_data_t contig_page_data = { .bdata = &contig_bootmem_data };
pg_data_t *pgdat_list;

/*
 * The physical memory map and its bounds (Linux keeps these in
 * mm/memory.c; here they live with the allocator that fills them).
 */
struct page *mem_map;
unsigned long max_mapnr;
unsigned long num_physpages;
void *high_memory;
struct page *highmem_start_page;

unsigned long totalram_pages;
unsigned long totalhigh_pages;
unsigned long nr_bad_pages;
unsigned long nr_failed_allocs;

const char *const zone_names[MAX_NR_ZONES] = { "DMA", "Normal", "HighMem" };

/*
 * Where an interrupt, or a task preempting this one, could run between
 * reading a page's reference count and changing it. Nothing in the
 * kernel; the host unit tests (tests/unit/mm_host.h) run a simulated
 * interrupt here to show that the count cannot be lost or go negative.
 */
#ifdef __VMM_HOST_TEST
void host_page_count_window(struct page *page);
#define page_count_window(page)	host_page_count_window(page)
#else
#define page_count_window(page)	do { } while (0)
#endif

/* A page outside its zone: a corrupted list or a caller's wild pointer. */
#define BAD_RANGE(zone, page) \
	((unsigned long)((page) - (zone)->zone_mem_map) >= (zone)->size || \
	 page_zone(page) != (zone))

/* Flags a page must not carry when it is freed. */
#define PAGE_FLAGS_CHECK_AT_FREE \
	((1UL << PG_locked) | (1UL << PG_lru) | (1UL << PG_active) | \
	 (1UL << PG_slab) | (1UL << PG_buddy) | (1UL << PG_reserved))

/*
 * Report a page that cannot be freed, as Linux 2.6 reports it, with a
 * backtrace of the caller. The free is refused: the allocator's lists,
 * bitmaps and counters stay exactly as they were.
 */
static void bad_page(const char *function, struct page *page,
		     unsigned int order, const char *why)
{
	nr_bad_pages++;
	printk(KERN_EMERG "Bad page state at %s (in process '%s', page %p)\n",
	       function, current ? current->comm : "?", (void *)page);
	printk(KERN_EMERG "flags:0x%08lx mapping:%p count:%d pfn:%#lx "
	       "order:%u (%s)\n", page->flags, page->mapping, page->count,
	       page_to_pfn(page), order, why);
	printk(KERN_EMERG "Backtrace:\n");
	dump_stack();
	printk(KERN_EMERG "The free was refused; the page keeps its state.\n");
}

/*
 * Why @page (about to become a free block of @order) cannot be freed, or
 * NULL if it can.
 */
static const char *free_pages_check(struct page *page, unsigned int order)
{
	zone_t *zone = page_zone(page);
	unsigned long idx;

	if (!zone || BAD_RANGE(zone, page))
		return "not in its zone";
	idx = page - zone->zone_mem_map;
	if (idx & ((1UL << order) - 1))
		return "not aligned for its order";
	if (idx + (1UL << order) > zone->size)
		return "block runs past the end of its zone";
	if (page->flags & PAGE_FLAGS_CHECK_AT_FREE)
		return "flags say it is in use";
	if (page->mapping)
		return "still in an address space";
	return NULL;
}

/*
 * Unlink the free block at @page, of order @order, from its list and
 * clear its mark. The pair's bit is the caller's business: taking a block
 * for an allocation flips it, merging a buddy on a free does not (the
 * freed half already flipped it).
 */
static void detach_free_block(zone_t *zone, struct page *page,
			      unsigned int order)
{
	BUG_ON(BAD_RANGE(zone, page) || !PageBuddy(page) ||
	       page->private != order);
	list_del(&page->list);
	ClearPageBuddy(page);
	page->private = 0;
}

/* Mark @page as the head of a free block of order @order and list it. */
static void attach_free_block(zone_t *zone, struct page *page,
			      unsigned int order)
{
	BUG_ON(BAD_RANGE(zone, page));
	SetPageBuddy(page);
	page->private = order;
	list_add(&page->list, &zone->free_area[order].free_list);
}

/*
 * Flip the bit of the pair that block @idx of order @order belongs to and
 * return its old value: 1 if exactly one of the pair was free before. The
 * largest order has no pairs, hence no bitmap.
 */
static int flip_pair_bit(zone_t *zone, unsigned long idx, unsigned int order)
{
	if (order >= MAX_ORDER - 1)
		return 0;
	return __test_and_change_bit(idx >> (order + 1),
				     zone->free_area[order].map);
}

/*
 * Put the block of 2^@order pages at @page back on its zone's free lists,
 * merging it with its buddy as long as the bitmap says the buddy is free.
 * The caller has dropped the last reference and checked the page.
 */
static void __free_pages_ok(struct page *page, unsigned int order)
{
	zone_t *zone = page_zone(page);
	unsigned long idx = page - zone->zone_mem_map;
	unsigned long flags;

	page->flags &= ~((1UL << PG_referenced) | (1UL << PG_dirty));
	spin_lock_irqsave(&zone->lock, flags);
	zone->free_pages += 1UL << order;
	/* A pair bit that was 1 means the buddy is the free one: merge. */
	while (flip_pair_bit(zone, idx, order)) {
		unsigned long buddy_idx = idx ^ (1UL << order);
		struct page *buddy = zone->zone_mem_map + buddy_idx;

		if (BAD_RANGE(zone, buddy) || !PageBuddy(buddy) ||
		    buddy->private != order) {
			printk(KERN_EMERG "buddy: bitmap of %s order %u says pfn "
			       "%#lx is free, its page disagrees\n", zone->name,
			       order, page_to_pfn(buddy));
			BUG();
		}
		detach_free_block(zone, buddy, order);
		/* The merged block starts where the lower of the two did. */
		idx &= ~(1UL << order);
		order++;
	}
	attach_free_block(zone, zone->zone_mem_map + idx, order);
	spin_unlock_irqrestore(&zone->lock, flags);
}

/*
 * Cut the block at @block, just taken off the list of order @have, down
 * to order @want, the way Linux 2.4.22 does: each time, the lower half
 * goes on the free list one order down (its pair's bit flips: one half
 * free, one in use) and the upper half is cut further. Returns the page
 * to hand out, the last 2^@want pages of the block. (Linux 2.6 keeps the
 * lower half instead; the book's Chapter 7 compares the two.)
 */
static struct page *expand(zone_t *zone, struct page *block,
			   unsigned int have, unsigned int want)
{
	while (have > want) {
		have--;
		attach_free_block(zone, block, have);
		flip_pair_bit(zone, block - zone->zone_mem_map, have);
		block += 1UL << have;
	}
	BUG_ON(BAD_RANGE(zone, block));
	return block;
}

/*
 * The first block of the smallest non-empty free list of @zone of order
 * @order or more, its order in *@found; NULL if every such list is empty.
 * Lists are stacks: the block freed last is found first.
 */
static struct page *smallest_free_block(zone_t *zone, unsigned int order,
					unsigned int *found)
{
	for (unsigned int o = order; o < MAX_ORDER; o++) {
		struct list_head *head = &zone->free_area[o].free_list;

		if (list_empty(head))
			continue;
		*found = o;
		return list_entry(head->next, struct page, list);
	}
	return NULL;
}

/*
 * Take a block of 2^@order pages from @zone, with its lock held: the
 * smallest free block that is large enough, off its list (its pair's bit
 * flips: it is no longer free), cut down to size by expand(). The zone's
 * free count drops by what the caller gets, not by the block's size: the
 * parts expand() puts back stay free. NULL if no block is large enough.
 */
static struct page *take_block(zone_t *zone, unsigned int order)
{
	unsigned int found;
	struct page *block = smallest_free_block(zone, order, &found);

	if (!block)
		return NULL;
	detach_free_block(zone, block, found);
	flip_pair_bit(zone, block - zone->zone_mem_map, found);
	zone->free_pages -= 1UL << order;
	return expand(zone, block, found, order);
}

/*
 * Take a block of 2^@order pages from @zone under its lock and give it
 * its first reference. NULL if the zone has no block that large. Never
 * inlined, so that a debugger can stop on every allocation that reaches
 * a zone (Chapter 7's "Try it").
 */
static __attribute__((noinline)) struct page *rmqueue(zone_t *zone,
						      unsigned int order)
{
	struct page *page;
	unsigned long flags;

	spin_lock_irqsave(&zone->lock, flags);
	page = take_block(zone, order);
	spin_unlock_irqrestore(&zone->lock, flags);
	if (page)
		set_page_count(page, 1);
	return page;
}

/*
 * One pass over @zonelist: take the block from the first zone that has
 * more than its threshold free. Each zone's threshold adds to the previous
 * one's (Linux 2.4's cumulative "min"): falling back to a lower zone asks
 * more of it, which protects DMA memory from ordinary allocations.
 */
static struct page *zonelist_pass(zonelist_t *zonelist, unsigned int order,
				  unsigned long (*mark)(zone_t *, unsigned int),
				  unsigned int gfp_mask)
{
	unsigned long min = 1UL << order;

	for (zone_t **zp = zonelist->zones; *zp; zp++) {
		zone_t *z = *zp;
		struct page *page;

		min += mark(z, gfp_mask);
		if (z->free_pages > min) {
			page = rmqueue(z, order);
			if (page)
				return page;
		}
	}
	return NULL;
}

/* The first pass's threshold: pages_low, where kswapd would wake. */
static unsigned long mark_low(zone_t *z, unsigned int gfp_mask)
{
	return z->pages_low;
}

/*
 * The second pass's: pages_min, of which an allocation that cannot sleep
 * (GFP_ATOMIC: no __GFP_WAIT) may use three quarters.
 */
static unsigned long mark_min(zone_t *z, unsigned int gfp_mask)
{
	return gfp_mask & __GFP_WAIT ? z->pages_min : z->pages_min >> 2;
}

/**
 * The heart of the zoned buddy allocator: find 2^@p order contiguous pages
 * in the zones of @p zonelist, trying them in order.
 *
 * First pass: any zone above its pages_low watermark (cumulatively). If
 * none, the first zone is marked as needing balance (kswapd's cue) and a
 * second pass accepts zones above pages_min, a quarter of it for callers
 * that cannot sleep. Linux would then reclaim pages and retry; vmm386 has
 * no reclaim yet (Chapter 11), so the allocation fails: NULL, with a
 * message that is vmm386's own (Linux 2.4.22 returns NULL silently; 2.4.9
 * printed one like it). An order of MAX_ORDER or more always fails.
 */
struct page *__alloc_pages(unsigned int gfp_mask, unsigned int order,
			   zonelist_t *zonelist)
{
	zone_t *classzone = zonelist->zones[0];
	struct page *page;

	if (!classzone)
		return NULL;	/* no memory of this kind (or not set up) */
	if (order >= MAX_ORDER)
		goto fail;
	page = zonelist_pass(zonelist, order, mark_low, gfp_mask);
	if (page)
		return page;
	classzone->need_balance = 1;
	page = zonelist_pass(zonelist, order, mark_min, gfp_mask);
	if (page)
		return page;
fail:
	nr_failed_allocs++;
	printk(KERN_NOTICE "__alloc_pages: %u-order allocation failed "
	       "(gfp=0x%x/0)\n", order, gfp_mask);
	return NULL;
}

/*
 * Allocate 2^@p order contiguous pages, from the zones @p gfp_mask's zone
 * bits select (Linux 2.4's _alloc_pages). Returns the first page's struct
 * page with a count of 1, or NULL.
 */
struct page *alloc_pages(unsigned int gfp_mask, unsigned int order)
{
	return __alloc_pages(gfp_mask, order, contig_page_data.node_zonelists +
			     (gfp_mask & GFP_ZONEMASK));
}

/*
 * Allocate 2^@p order pages of low memory and return their kernel virtual
 * address, or 0. A highmem page has no such address, so __GFP_HIGHMEM is
 * refused with a report.
 */
unsigned long __get_free_pages(unsigned int gfp_mask, unsigned int order)
{
	struct page *page;

	if (gfp_mask & __GFP_HIGHMEM) {
		printk(KERN_ERR "__get_free_pages: __GFP_HIGHMEM pages have "
		       "no kernel address: refused\n");
		dump_stack();
		return 0;
	}
	page = alloc_pages(gfp_mask, order);
	return page ? (unsigned long)page_address(page) : 0;
}

/* Allocate one page of low memory filled with zeros; its address or 0. */
unsigned long get_zeroed_page(unsigned int gfp_mask)
{
	unsigned long addr = __get_free_pages(gfp_mask, 0);

	if (addr)
		memset((void *)addr, 0, PAGE_SIZE);
	return addr;
}

/*
 * Whether @page lies inside a block on its zone's free lists: the head of
 * the block of some order that contains it is marked as a free block of
 * that order. Only the error path asks, to tell a double free from the
 * free of a page that was never handed out on its own.
 */
static bool page_in_free_block(struct page *page)
{
	zone_t *zone = page_zone(page);
	unsigned long idx, flags;
	bool found = false;

	if (!zone || BAD_RANGE(zone, page))
		return false;
	idx = page - zone->zone_mem_map;
	spin_lock_irqsave(&zone->lock, flags);
	for (unsigned int o = 0; o < MAX_ORDER && !found; o++) {
		struct page *head = zone->zone_mem_map +
				    (idx & ~((1UL << o) - 1));

		found = PageBuddy(head) && head->private == o;
	}
	spin_unlock_irqrestore(&zone->lock, flags);
	return found;
}

/*
 * Drop one reference to @page unless it has none, in one indivisible
 * step: a compare-and-exchange from the count we saw to one less, retried
 * if the count changed meanwhile. An interrupt, or a task preempting this
 * one, that drops a reference to the same page between our read and our
 * write makes the exchange fail, and the decision is taken again on the
 * new count. Returns the count seen when the decision was taken: 1 means
 * this call dropped the last reference; 0 or less that there was none to
 * drop, and nothing changed.
 */
static int put_page_unless_unused(struct page *page)
{
	int seen = __atomic_load_n(&page->count, __ATOMIC_RELAXED);

	while (seen > 0) {
		page_count_window(page);
		if (__atomic_compare_exchange_n(&page->count, &seen, seen - 1,
						false, __ATOMIC_SEQ_CST,
						__ATOMIC_RELAXED))
			break;
	}
	return seen;
}

/*
 * Drop a reference to the block of 2^@p order pages at @p page; the last
 * one frees it. Reserved pages (the kernel image, holes, boot-time data)
 * are never freed and are ignored, as in Linux. Freeing a page nobody
 * holds (count 0: a double free, or a tail page of a block), or one whose
 * flags say it is still in use, is reported ("Bad page state") and
 * refused. The count is tested and dropped in one step, so a free racing
 * an interrupt or a preempting task that frees the same page is decided
 * once: one of the two frees it, the other is reported.
 */
void __free_pages(struct page *page, unsigned int order)
{
	const char *why;
	int seen;

	if (!page || !VALID_PAGE(page)) {
		nr_bad_pages++;
		printk(KERN_EMERG "__free_pages: %p is not a page of mem_map: "
		       "refused\n", (void *)page);
		dump_stack();
		return;
	}
	if (PageReserved(page))
		return;
	if (order >= MAX_ORDER) {
		bad_page(__func__, page, order, "order too large");
		return;
	}
	seen = put_page_unless_unused(page);
	if (seen <= 0) {
		bad_page(__func__, page, order, page_in_free_block(page) ?
			 "already free" : "count is zero");
		return;
	}
	if (seen > 1)
		return;		/* others still hold it */
	why = free_pages_check(page, order);
	if (why) {
		set_page_count(page, 1);	/* the caller still has it */
		bad_page(__func__, page, order, why);
		return;
	}
	__free_pages_ok(page, order);
}

/*
 * Free 2^@p order pages given their kernel virtual address @p addr (0 is
 * ignored). The address must be in the direct mapping.
 */
void free_pages(unsigned long addr, unsigned int order)
{
	if (!addr)
		return;
	if (addr < (unsigned long)__va(0) || addr >= (unsigned long)high_memory) {
		nr_bad_pages++;
		printk(KERN_EMERG "free_pages: %#lx is not a directly mapped "
		       "address: refused\n", addr);
		dump_stack();
		return;
	}
	__free_pages(virt_to_page(addr), order);
}

/** Drop a reference to one page; the last reference frees it. */
void put_page(struct page *page)
{
	__free_pages(page, 0);
}

/* Free pages in all zones of all nodes. */
unsigned long nr_free_pages(void)
{
	unsigned long sum = 0;
	pg_data_t *pgdat;

	for_each_pgdat(pgdat)
		for (int i = 0; i < MAX_NR_ZONES; i++)
			sum += pgdat->node_zones[i].free_pages;
	return sum;
}

/* Free pages in ZONE_HIGHMEM. */
unsigned long nr_free_highpages(void)
{
	unsigned long sum = 0;
	pg_data_t *pgdat;

	for_each_pgdat(pgdat)
		sum += pgdat->node_zones[ZONE_HIGHMEM].free_pages;
	return sum;
}

/*
 * Count the blocks on @head, a free list of order @order of @zone, with
 * the zone's lock held. A list can hold no more blocks than the zone has
 * room for; a walk that goes on longer never comes back to @head (a block
 * listed twice, a stray pointer) and would spin for ever: it stops and
 * reports the corruption instead.
 */
static unsigned long count_free_list(const zone_t *zone,
				     const struct list_head *head,
				     unsigned int order)
{
	unsigned long room = (zone->size >> order) + 1, n = 0;

	for (const struct list_head *pos = head->next; pos != head;
	     pos = pos->next) {
		if (++n > room) {
			printk(KERN_EMERG "buddy: the order %u free list of %s "
			       "does not end after %lu blocks: corrupt\n",
			       order, zone->name, room);
			BUG();
		}
	}
	return n;
}

/** Number of free blocks on @p zone's list of order @p order. */
unsigned long zone_free_blocks(const zone_t *zone, unsigned int order)
{
	unsigned long n, flags;

	spin_lock_irqsave((spinlock_t *)&zone->lock, flags);
	n = count_free_list(zone, &zone->free_area[order].free_list, order);
	spin_unlock_irqrestore((spinlock_t *)&zone->lock, flags);
	return n;
}

/* Kilobytes in @x pages. */
#define K(x) ((x) << (PAGE_SHIFT - 10))

/**
 * Print the free memory of every zone: the totals and watermarks in Linux
 * 2.4's format, then each zone's free blocks by order ("3*4kB 1*8kB ...").
 */
void show_free_areas(void)
{
	pg_data_t *pgdat;

	printk(KERN_INFO "Free pages:      %6lukB (%6lukB HighMem)\n",
	       K(nr_free_pages()), K(nr_free_highpages()));
	for_each_pgdat(pgdat) {
		for (int i = 0; i < MAX_NR_ZONES; i++) {
			zone_t *zone = pgdat->node_zones + i;

			printk(KERN_INFO "Zone:%s freepages:%6lukB min:%6lukB "
			       "low:%6lukB high:%6lukB\n", zone_names[i],
			       K(zone->free_pages), K(zone->pages_min),
			       K(zone->pages_low), K(zone->pages_high));
		}
	}
	printk(KERN_INFO "( Active: 0, inactive: 0, free: %lu )\n",
	       nr_free_pages());
	for_each_pgdat(pgdat) {
		for (int i = 0; i < MAX_NR_ZONES; i++) {
			zone_t *zone = pgdat->node_zones + i;
			unsigned long total = 0;

			if (!populated_zone(zone))
				continue;
			printk(KERN_INFO "%s: ", zone->name);
			for (unsigned int o = 0; o < MAX_ORDER; o++) {
				unsigned long nr = zone_free_blocks(zone, o);

				total += nr << o;
				printk(KERN_CONT "%lu*%lukB ", nr, K(1UL << o));
			}
			printk(KERN_CONT "= %lukB\n", K(total));
		}
	}
}

/*
 * Build the node's zonelists, one per combination of GFP zone bits: an
 * allocation may fall back from HighMem to Normal to DMA, never upwards.
 * __GFP_DMA wins over __GFP_HIGHMEM. Empty zones are left out.
 */
static void build_zonelists(pg_data_t *pgdat)
{
	for (unsigned int i = 0; i <= GFP_ZONEMASK; i++) {
		zonelist_t *zonelist = pgdat->node_zonelists + i;
		int j = 0, k = ZONE_NORMAL;

		memset(zonelist, 0, sizeof(*zonelist));
		if (i & __GFP_HIGHMEM)
			k = ZONE_HIGHMEM;
		if (i & __GFP_DMA)
			k = ZONE_DMA;
		for (; k >= ZONE_DMA; k--) {
			zone_t *zone = pgdat->node_zones + k;

			if (populated_zone(zone))
				zonelist->zones[j++] = zone;
		}
		zonelist->zones[j] = NULL;
	}
}

/*
 * pages_min of a zone of @realsize pages: 1/128 of it, clamped to
 * [20, 255] pages (Linux 2.4's zone_balance_ratio/_min/_max).
 */
static unsigned long zone_pages_min(unsigned long realsize)
{
	unsigned long mask = realsize / ZONE_BALANCE_RATIO;

	if (mask < ZONE_BALANCE_MIN)
		mask = ZONE_BALANCE_MIN;
	else if (mask > ZONE_BALANCE_MAX)
		mask = ZONE_BALANCE_MAX;
	return mask;
}

/*
 * Give each of @zone's pages its boot state: in the zone, no users,
 * reserved (free_all_bootmem() and mem_init() free the usable ones), on
 * no list, and with its address in the direct mapping -- or, in
 * ZONE_HIGHMEM, flagged high and with no address until kmap() gives one.
 * mem_map came zeroed from bootmem; only what is not 0 is filled in.
 */
static void init_zone_pages(zone_t *zone, bool high)
{
	unsigned long phys = zone->zone_start_paddr;

	for (unsigned long i = 0; i < zone->size; i++, phys += PAGE_SIZE) {
		struct page *page = zone->zone_mem_map + i;

		page->zone = zone;
		set_page_count(page, 0);
		page->flags = 1UL << PG_reserved;
		INIT_LIST_HEAD(&page->list);
		INIT_LIST_HEAD(&page->lru);
		if (high) {
			SetPageHighMem(page);
			set_page_address(page, NULL);
		} else {
			set_page_address(page, __va(phys));
		}
	}
}

/*
 * Take @zone's buddy bitmaps from the boot allocator. A bitmap per order
 * but the last: bit i of order o covers blocks 2i and 2i+1, and the
 * largest block index is (size-1) >> o. Rounded up to whole longs.
 */
static void alloc_buddy_bitmaps(pg_data_t *pgdat, zone_t *zone)
{
	for (int o = 0; o < MAX_ORDER - 1; o++) {
		unsigned long bytes = ((zone->size - 1) >> (o + 4)) + 1;

		bytes = ALIGN(bytes, sizeof(long));
		zone->free_area[o].map = alloc_bootmem_node(pgdat, bytes);
	}
}

/*
 * Say so when @zone does not start on a boundary of the largest block:
 * its blocks are aligned to the zone's start, not in physical memory.
 */
static void report_zone_alignment(const zone_t *zone)
{
	const unsigned long largest = 1UL << (MAX_ORDER - 1);
	unsigned long first_pfn = zone->zone_start_paddr >> PAGE_SHIFT;

	if (first_pfn & (largest - 1))
		printk(KERN_NOTICE "zone %s starts at pfn %#lx, not on a "
		       "%lu-page boundary: its buddy blocks are aligned "
		       "to the zone's start\n", zone->name, first_pfn,
		       largest);
}

/*
 * Describe zone @j of @pgdat: @size frames (@holes of them not RAM)
 * starting at mem_map index @mapnr and physical address @paddr. An empty
 * zone gets its name and empty lists only; any other also its watermarks,
 * computed from the frames that are RAM, its pages and its bitmaps.
 */
static void init_zone(pg_data_t *pgdat, int j, unsigned long size,
		      unsigned long holes, unsigned long mapnr,
		      unsigned long paddr)
{
	zone_t *zone = pgdat->node_zones + j;
	unsigned long realsize = size - holes;

	printk(KERN_INFO "zone(%d): %lu pages.\n", j, size);
	spin_lock_init(&zone->lock);
	zone->size = size;
	zone->present_pages = realsize;
	zone->name = zone_names[j];
	zone->zone_pgdat = pgdat;
	zone->free_pages = 0;
	zone->need_balance = 0;
	zone->zone_mem_map = mem_map + mapnr;
	zone->zone_start_mapnr = mapnr;
	zone->zone_start_paddr = paddr;
	for (int o = 0; o < MAX_ORDER; o++) {
		INIT_LIST_HEAD(&zone->free_area[o].free_list);
		zone->free_area[o].map = NULL;
	}
	if (!size)
		return;
	pgdat->nr_zones = j + 1;
	zone->pages_min = zone_pages_min(realsize);
	zone->pages_low = zone->pages_min * 2;
	zone->pages_high = zone->pages_min * 3;
	report_zone_alignment(zone);
	init_zone_pages(zone, j == ZONE_HIGHMEM);
	alloc_buddy_bitmaps(pgdat, zone);
}

/**
 * Describe node @p pgdat (number @p nid) with zones of @p zones_size pages
 * each, starting at physical @p zone_start_paddr: allocate its mem_map from
 * bootmem (unless @p lmem_map is given) and store it in *@p gmap, set up
 * every zone (watermarks, free lists, buddy bitmaps), mark every page
 * reserved (free_all_bootmem() and mem_init() free the usable ones later)
 * and build the zonelists. @p zholes_size, if not NULL, gives each zone's
 * pages that are holes; the watermarks use the size without them.
 */
void free_area_init_core(int nid, pg_data_t *pgdat, struct page **gmap,
			 unsigned long *zones_size,
			 unsigned long zone_start_paddr,
			 unsigned long *zholes_size, struct page *lmem_map)
{
	unsigned long totalpages = 0, holes = 0, mapnr, paddr;

	for (int j = 0; j < MAX_NR_ZONES; j++) {
		totalpages += zones_size[j];
		holes += zholes_size ? zholes_size[j] : 0;
	}
	printk(KERN_INFO "On node %d totalpages: %lu\n", nid,
	       totalpages - holes);

	if (!lmem_map)
		lmem_map = alloc_bootmem_node(pgdat, (totalpages + 1) *
					      sizeof(struct page));
	*gmap = pgdat->node_mem_map = lmem_map;
	pgdat->node_size = totalpages;
	pgdat->node_start_paddr = zone_start_paddr;
	pgdat->node_start_mapnr = lmem_map - mem_map;
	pgdat->node_id = nid;
	pgdat->nr_zones = 0;

	mapnr = lmem_map - mem_map;
	paddr = zone_start_paddr;
	for (int j = 0; j < MAX_NR_ZONES; j++) {
		init_zone(pgdat, j, zones_size[j],
			  zholes_size ? zholes_size[j] : 0, mapnr, paddr);
		mapnr += zones_size[j];
		paddr += PFN_PHYS(zones_size[j]);
	}
	build_zonelists(pgdat);
}

/**
 * Set up the only node, contig_page_data, with zones of @p zones_size
 * pages from physical address 0; its mem_map becomes the global mem_map.
 */
void free_area_init(unsigned long *zones_size)
{
	free_area_init_core(0, &contig_page_data, &mem_map, zones_size, 0,
			    NULL, NULL);
}
