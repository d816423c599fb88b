// SPDX-License-Identifier: GPL-2.0-only
/*
 * bounce_test.c - Chapter 10, bounce buffers: disk I/O on highmem pages
 * through low bounce pages, READs copied back in the interrupt handler,
 * WRITEs copied before the I/O, and the emergency pool carrying the I/O
 * when low memory is exhausted. The data is pattern B of
 * tests/kernel/diskpattern.h; after Bochs exits, the host checks every
 * sector of the disk image (tests/targets.py: BOUNCE_WRITTEN), so a
 * WRITE that took its data from the wrong place, or wrote the wrong
 * sectors, fails there even if the guest's own read-back agrees with it.
 * Completion handlers also show what interrupt context allows: kmap() is
 * refused, kmap_atomic() works.
 */
#include "highmem_test.h"
#include "diskpattern.h"
#include <blkdev.h>
#include <ata.h>
#include <errno.h>
#include <preempt.h>
#include <system.h>
#include <irq.h>

/* Where the suite writes pattern B (tests/targets.py: BOUNCE_WRITTEN). */
#define WRITE_FIRST	4096	/* 16 pages = 128 sectors */
#define WRITE_PAGES	16
#define POOL_FIRST	4352	/* 40 pages = 320 sectors */
#define POOL_PAGES	40
#define PART_FIRST	4800	/* 3 sectors from byte 1536 of a page */
#define PART_SECTORS	3
#define PART_OFFSET	1536
#define SECTORS		(PAGE_SIZE / ATA_SECTOR_SIZE)
#define WAIT_TICKS	(2 * HZ)

static struct page *pages[2 * POOL_PAGES];

static int bounce_init_case(struct kunit *test)
{
	if (!ata_capacity())
		kunit_skip(test, "no disk at ata0-slave in this boot");
	return 0;
}

static void need_high_pages(struct kunit *test, int n)
{
	if (nr_free_highpages() < (unsigned long)n + 64)
		kunit_skip(test, "no highmem in this boot: nothing to bounce");
	KUNIT_ASSERT_TRUE(test, alloc_high_pages(pages, n));
}

/* Fill highmem @page with pattern @kind of its 8 sectors from @first. */
static void fill_high(struct page *page, unsigned long first, char kind)
{
	u8 *va = kmap(page);

	fill_pattern(va, first, SECTORS, kind);
	kunmap(page);
}

/* The first wrong sector of @page, read back from @first, or -1. */
static long check_high(struct page *page, unsigned long first, char kind)
{
	u8 *va = kmap(page);
	long bad = check_pattern(va, first, SECTORS, kind);

	kunmap(page);
	return bad;
}

static void low_pages_go_to_the_disk_directly(struct kunit *test)
{
	struct page *low = alloc_page(GFP_KERNEL);
	struct bounce_stats bs = bounce_stats;
	unsigned long bounced = blk_stats.bounced;

	KUNIT_ASSERT_NOT_NULL(test, low);
	memset(page_address(low), 0, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, submit_page_io(READ, low, 8), 0);
	KUNIT_EXPECT_EQ(test, check_pattern(page_address(low), 8, SECTORS,
						 'A'), -1);
	KUNIT_EXPECT_EQ(test, blk_stats.bounced, bounced);
	KUNIT_EXPECT_EQ(test, bounce_stats.bounced_reads, bs.bounced_reads);
	KUNIT_EXPECT_EQ(test, bounce_stats.pool_allocs, bs.pool_allocs);
	__free_page(low);
	if (!totalhigh_pages)
		KUNIT_EXPECT_EQ(test, nr_emergency_pages, 0);
}

static void high_page_reads_copy_back_on_completion(struct kunit *test)
{
	struct bounce_stats bs = bounce_stats;
	unsigned long bounced = blk_stats.bounced, atomic;
	u8 *va;

	need_high_pages(test, WRITE_PAGES);
	for (int i = 0; i < WRITE_PAGES; i++) {
		va = kmap(pages[i]);
		memset(va, 0xee, PAGE_SIZE);
		kunmap(pages[i]);
	}
	atomic = kmap_stats.atomic;
	for (int i = 0; i < WRITE_PAGES; i++)
		KUNIT_EXPECT_EQ(test, submit_page_io(READ, pages[i],
						     i * SECTORS), 0);
	for (int i = 0; i < WRITE_PAGES; i++)
		KUNIT_EXPECT_EQ(test, check_high(pages[i], i * SECTORS, 'A'),
				-1);
	KUNIT_EXPECT_EQ(test, blk_stats.bounced, bounced + WRITE_PAGES);
	KUNIT_EXPECT_EQ(test, bounce_stats.bounced_reads,
			bs.bounced_reads + WRITE_PAGES);
	KUNIT_EXPECT_EQ(test, bounce_stats.bounced_writes, bs.bounced_writes);
	/* Each copy went through the KM_BOUNCE_READ window. */
	KUNIT_EXPECT_GE(test, kmap_stats.atomic, atomic + WRITE_PAGES);
	KUNIT_EXPECT_EQ(test, nr_emergency_pages, POOL_SIZE);
	free_page_array(pages, WRITE_PAGES);
}

/*
 * Move @count sectors from @sector to or from @offset bytes into @page
 * (low or high), and wait for the end. Returns 0, or -EIO or
 * submit_bh()'s refusal.
 */
static int transfer_part(int rw, struct page *page, unsigned long offset,
			 unsigned long sector, unsigned int count)
{
	wait_queue_head_t wq;
	struct buffer_head bh = {
		.b_rsector = sector, .b_size = count * ATA_SECTOR_SIZE,
		.b_end_io = end_buffer_io_sync, .b_private = &wq,
	};
	int err;

	init_waitqueue_head(&wq);
	set_bh_page(&bh, page, offset);
	err = submit_bh(rw, &bh);
	if (err)
		return err;
	wait_event(wq, !buffer_locked(&bh));
	return buffer_uptodate(&bh) ? 0 : -EIO;
}

static void part_of_a_high_page_moves_only_its_sectors(struct kunit *test)
{
	u8 *va;

	need_high_pages(test, 1);
	va = kmap(pages[0]);
	memset(va, 0x11, PAGE_SIZE);
	kunmap(pages[0]);
	/* Sectors 777 and 778 into bytes 1024..2047 of the page. */
	KUNIT_EXPECT_EQ(test, transfer_part(READ, pages[0], 1024, 777, 2), 0);
	va = kmap(pages[0]);
	KUNIT_EXPECT_EQ(test, check_pattern(va + 1024, 777, 2, 'A'), -1);
	KUNIT_EXPECT_EQ(test, va[1023], 0x11);
	KUNIT_EXPECT_EQ(test, va[2048], 0x11);
	kunmap(pages[0]);
	free_page_array(pages, 1);
}

/*
 * A WRITE from the middle of a highmem page must take its data from
 * bh_offset() on: the rest of the page holds other bytes, which must not
 * reach the disk. Read back into a low page, not bounced, with a sector
 * of pattern A on each side: only the written sectors changed. The host
 * checks the same on the disk image after the run.
 */
static void write_from_part_of_a_high_page(struct kunit *test)
{
	struct bounce_stats bs = bounce_stats;
	struct page *low;
	u8 *va;

	need_high_pages(test, 1);
	low = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, low);
	va = kmap(pages[0]);
	memset(va, 0x11, PAGE_SIZE);
	fill_pattern(va + PART_OFFSET, PART_FIRST, PART_SECTORS, 'B');
	kunmap(pages[0]);
	KUNIT_EXPECT_EQ(test, transfer_part(WRITE, pages[0], PART_OFFSET,
					    PART_FIRST, PART_SECTORS), 0);
	KUNIT_EXPECT_EQ(test, bounce_stats.bounced_writes,
			bs.bounced_writes + 1);

	/* Sectors PART_FIRST - 1 .. PART_FIRST + 6, straight to low memory. */
	va = page_address(low);
	memset(va, 0, PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, submit_page_io(READ, low, PART_FIRST - 1), 0);
	KUNIT_EXPECT_EQ(test, check_pattern(va, PART_FIRST - 1, 1, 'A'), -1);
	KUNIT_EXPECT_EQ(test, check_pattern(va + ATA_SECTOR_SIZE, PART_FIRST,
					    PART_SECTORS, 'B'), -1);
	KUNIT_EXPECT_EQ(test, check_pattern(va + (1 + PART_SECTORS) *
					    ATA_SECTOR_SIZE,
					    PART_FIRST + PART_SECTORS,
					    SECTORS - 1 - PART_SECTORS, 'A'),
			-1);
	__free_page(low);
	free_page_array(pages, 1);
}

static void writes_from_high_pages_reach_the_disk(struct kunit *test)
{
	struct bounce_stats bs = bounce_stats;
	struct page **back = pages + WRITE_PAGES;

	need_high_pages(test, 2 * WRITE_PAGES);
	for (int i = 0; i < WRITE_PAGES; i++)
		fill_high(pages[i], WRITE_FIRST + i * SECTORS, 'B');
	for (int i = 0; i < WRITE_PAGES; i++)
		KUNIT_EXPECT_EQ(test, submit_page_io(WRITE, pages[i],
					WRITE_FIRST + i * SECTORS), 0);
	KUNIT_EXPECT_EQ(test, bounce_stats.bounced_writes,
			bs.bounced_writes + WRITE_PAGES);
	/* Read back into other highmem pages: both directions bounce. */
	for (int i = 0; i < WRITE_PAGES; i++) {
		fill_high(back[i], 0, 'A');
		KUNIT_EXPECT_EQ(test, submit_page_io(READ, back[i],
					WRITE_FIRST + i * SECTORS), 0);
		KUNIT_EXPECT_EQ(test, check_high(back[i], WRITE_FIRST +
						 i * SECTORS, 'B'), -1);
	}
	KUNIT_EXPECT_EQ(test, bounce_stats.bounced_reads,
			bs.bounced_reads + WRITE_PAGES);
	free_page_array(pages, 2 * WRITE_PAGES);
}

/* ---- the emergency pool -------------------------------------------------- */

static struct buffer_head pool_bhs[POOL_PAGES];
static volatile int pool_done, pool_errors, late_submitted;
static volatile bool late_go;
static DECLARE_WAIT_QUEUE_HEAD(late_wq);

static void end_pool_write(struct buffer_head *bh, int uptodate)
{
	pool_errors += !uptodate;
	pool_done++;
}

/* Queue the write of pages[@i] to its place in the pool's range. */
static int submit_pool_write(int i)
{
	pool_bhs[i] = (struct buffer_head) {
		.b_rsector = POOL_FIRST + i * SECTORS,
		.b_size = PAGE_SIZE, .b_end_io = end_pool_write,
	};
	set_bh_page(&pool_bhs[i], pages[i], 0);
	return submit_bh(WRITE, &pool_bhs[i]);
}

/*
 * The writes after the first POOL_SIZE, from a thread that will wait for
 * a bounce page. It is started while memory is plentiful (a task needs
 * two low pages) and told when to go.
 */
static int submit_late_writes(void *unused)
{
	int err = 0;

	wait_event(late_wq, late_go);
	for (int i = POOL_SIZE; i < POOL_PAGES; i++) {
		err |= submit_pool_write(i);
		late_submitted++;
	}
	return err;
}

/* Take every page GFP_KERNEL can have, biggest blocks first. */
static void exhaust_low_memory(struct list_head *taken)
{
	for (int o = MAX_ORDER - 1; o >= 0; o--) {
		struct page *p;

		while ((p = alloc_pages(GFP_KERNEL, o))) {
			p->private = o;
			list_add(&p->list, taken);
		}
	}
}

static void give_back(struct list_head *taken)
{
	while (!list_empty(taken)) {
		struct page *p = list_first_entry(taken, struct page, list);

		list_del(&p->list);
		__free_pages(p, p->private);
	}
}

/*
 * With low memory exhausted, POOL_PAGES writes from highmem must take
 * their bounce pages from the pool. The disk's interrupt is masked while
 * they are queued, so none completes: the first POOL_SIZE empty the pool,
 * and the next one's submitter sleeps until, the interrupt unmasked,
 * completions refill it. Afterwards the pool is full again and every
 * sector reads back right.
 */
static void emergency_pool_when_low_memory_runs_out(struct kunit *test)
{
	struct bounce_stats bs = bounce_stats;
	struct task_struct *t;
	struct page *probe;
	LIST_HEAD(taken);
	int pid, code = -1;

	need_high_pages(test, 2 * POOL_PAGES);
	KUNIT_ASSERT_EQ(test, nr_emergency_pages, POOL_SIZE);
	for (int i = 0; i < POOL_PAGES; i++)
		fill_high(pages[i], POOL_FIRST + i * SECTORS, 'B');

	pool_done = pool_errors = late_submitted = 0;
	late_go = false;
	pid = kernel_thread(submit_late_writes, NULL, "bounce_late", 0);
	KUNIT_ASSERT_GT(test, pid, 0);
	mm_log_marker("bounce_test: exhausting low memory");
	exhaust_low_memory(&taken);
	probe = alloc_page(GFP_NOHIGHIO);
	KUNIT_EXPECT_NULL(test, probe);
	if (probe)
		__free_page(probe);

	disable_8259A_irq(ATA_PRIMARY_IRQ);
	for (int i = 0; i < POOL_SIZE; i++)
		KUNIT_EXPECT_EQ(test, submit_pool_write(i), 0);
	KUNIT_EXPECT_EQ(test, nr_emergency_pages, 0);
	KUNIT_EXPECT_EQ(test, bounce_stats.pool_allocs,
			bs.pool_allocs + POOL_SIZE);
	KUNIT_EXPECT_EQ(test, pool_done, 0);
	/* The next write finds the pool empty: its submitter sleeps. */
	late_go = true;
	wake_up(&late_wq);
	KUNIT_EXPECT_TRUE(test, wait_until(bounce_stats.pool_waits >
					   bs.pool_waits, WAIT_TICKS));
	t = find_task_by_pid(pid);
	KUNIT_EXPECT_TRUE(test, t && t->state == TASK_UNINTERRUPTIBLE);
	KUNIT_EXPECT_EQ(test, late_submitted, 0);
	enable_8259A_irq(ATA_PRIMARY_IRQ);

	KUNIT_EXPECT_TRUE(test, wait_until(pool_done == POOL_PAGES, 10 * HZ));
	kthread_wait(pid, &code);
	KUNIT_EXPECT_EQ(test, code, 0);
	KUNIT_EXPECT_EQ(test, pool_errors, 0);
	/* Every bounce page came from the pool, which ran dry and refilled. */
	KUNIT_EXPECT_EQ(test, bounce_stats.pool_allocs,
			bs.pool_allocs + POOL_PAGES);
	KUNIT_EXPECT_EQ(test, bounce_stats.pool_refills,
			bs.pool_refills + POOL_PAGES);
	KUNIT_EXPECT_EQ(test, bounce_stats.pool_low, 0);
	KUNIT_EXPECT_EQ(test, nr_emergency_pages, POOL_SIZE);
	kunit_info(test, "pool: %lu allocations, %lu waits, lowest %lu",
		   bounce_stats.pool_allocs - bs.pool_allocs,
		   bounce_stats.pool_waits - bs.pool_waits,
		   bounce_stats.pool_low);
	give_back(&taken);
	KUNIT_EXPECT_TRUE(test, mm_log_since(
		"bounce_test: exhausting low memory",
		"0-order allocation failed"));

	/* With memory back, the bounce pages come from the allocator. */
	bs = bounce_stats;
	for (int i = 0; i < POOL_PAGES; i++) {
		struct page *p = pages[POOL_PAGES + i];

		KUNIT_EXPECT_EQ(test, submit_page_io(READ, p,
					POOL_FIRST + i * SECTORS), 0);
		KUNIT_EXPECT_EQ(test, check_high(p, POOL_FIRST + i * SECTORS,
						 'B'), -1);
	}
	KUNIT_EXPECT_EQ(test, bounce_stats.pool_allocs, bs.pool_allocs);
	free_page_array(pages, 2 * POOL_PAGES);
}

/* ---- interrupt context --------------------------------------------------- */

struct irq_probe {
	struct page *high;
	volatile bool done;
	bool in_irq;
	void *kmapped;
	u32 atomic_word;
	int preempt_inside;
};

/* A completion that tries kmap(), which interrupt context must not use. */
static void end_io_tries_kmap(struct buffer_head *bh, int uptodate)
{
	struct irq_probe *p = bh->b_private;

	p->in_irq = in_interrupt();
	p->kmapped = kmap(p->high);
	p->done = true;
}

/* A completion that uses kmap_atomic() with its own window. */
static void end_io_uses_kmap_atomic(struct buffer_head *bh, int uptodate)
{
	struct irq_probe *p = bh->b_private;
	u32 *va = kmap_atomic(p->high, KM_BH_IRQ);

	p->atomic_word = *va;
	p->preempt_inside = preempt_count();
	kunmap_atomic(va, KM_BH_IRQ);
	kunmap(p->high);	/* refused too: reported */
	p->in_irq = in_interrupt();
	p->done = true;
}

static void run_probe(struct kunit *test, struct irq_probe *p,
		      void (*end_io)(struct buffer_head *, int))
{
	static struct buffer_head bh;
	struct page *low = alloc_page(GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, low);
	bh = (struct buffer_head) { .b_rsector = 0, .b_size = ATA_SECTOR_SIZE,
				    .b_end_io = end_io, .b_private = p };
	set_bh_page(&bh, low, 0);
	KUNIT_EXPECT_EQ(test, submit_bh(READ, &bh), 0);
	KUNIT_EXPECT_TRUE(test, wait_until(p->done, HZ));
	__free_page(low);
}

static void completions_run_in_interrupt_context(struct kunit *test)
{
	unsigned long bugs = kmap_stats.bugs;
	struct irq_probe p = { 0 };
	u32 *va;

	need_high_pages(test, 1);
	p.high = pages[0];
	va = kmap(p.high);
	*va = 0x1e0a1e0a;
	kunmap(p.high);
	mm_log_marker("bounce_test: interrupt context");
	expect_report("kmap() in a completion handler");
	run_probe(test, &p, end_io_tries_kmap);
	KUNIT_EXPECT_TRUE(test, p.in_irq);
	KUNIT_EXPECT_NULL(test, p.kmapped);
	KUNIT_EXPECT_EQ(test, kmap_stats.bugs, bugs + 1);
	KUNIT_EXPECT_TRUE(test, mm_log_since("bounce_test: interrupt context",
			"BUG: kmap() called from interrupt context"));

	p = (struct irq_probe) { .high = pages[0] };
	expect_report("kunmap() in a completion handler");
	run_probe(test, &p, end_io_uses_kmap_atomic);
	KUNIT_EXPECT_TRUE(test, p.in_irq);
	KUNIT_EXPECT_EQ(test, p.atomic_word, 0x1e0a1e0a);
	KUNIT_EXPECT_GT(test, p.preempt_inside, 0);
	KUNIT_EXPECT_EQ(test, kmap_stats.bugs, bugs + 2);
	KUNIT_EXPECT_EQ(test, preempt_count(), 0);
	free_page_array(pages, 1);
}

static void end_never(struct buffer_head *bh, int uptodate)
{
	(void)bh;
	(void)uptodate;
}

static void bad_buffer_heads_are_refused(struct kunit *test)
{
	struct page *low = alloc_page(GFP_KERNEL);
	struct buffer_head bh = { .b_size = ATA_SECTOR_SIZE,
				  .b_end_io = end_never };
	unsigned long refused = blk_stats.refused;
	unsigned long requests = ata_stats.requests;
	int pool = nr_emergency_pages;

	KUNIT_ASSERT_NOT_NULL(test, low);
	set_bh_page(&bh, low, 0);
	KUNIT_EXPECT_EQ(test, submit_bh(7, &bh), -EINVAL);
	bh.b_size = 100;
	KUNIT_EXPECT_EQ(test, submit_bh(READ, &bh), -EINVAL);
	bh.b_size = 0;
	KUNIT_EXPECT_EQ(test, submit_bh(READ, &bh), -EINVAL);
	bh.b_size = 2 * ATA_SECTOR_SIZE;	/* past the end of the page */
	set_bh_page(&bh, low, PAGE_SIZE - ATA_SECTOR_SIZE);
	KUNIT_EXPECT_EQ(test, submit_bh(READ, &bh), -EINVAL);
	set_bh_page(&bh, low, 0);
	bh.b_end_io = NULL;
	KUNIT_EXPECT_EQ(test, submit_bh(READ, &bh), -EINVAL);
	bh.b_end_io = end_never;
	bh.b_rsector = ata_capacity() - 1;	/* past the end of the disk */
	KUNIT_EXPECT_EQ(test, submit_bh(READ, &bh), -EIO);
	KUNIT_EXPECT_EQ(test, blk_stats.refused, refused + 6);
	KUNIT_EXPECT_EQ(test, ata_stats.requests, requests);
	KUNIT_EXPECT_EQ(test, nr_emergency_pages, pool);
	__free_page(low);
}

static struct kunit_case bounce_cases[] = {
	KUNIT_CASE(low_pages_go_to_the_disk_directly),
	KUNIT_CASE(high_page_reads_copy_back_on_completion),
	KUNIT_CASE(part_of_a_high_page_moves_only_its_sectors),
	KUNIT_CASE(writes_from_high_pages_reach_the_disk),
	KUNIT_CASE(write_from_part_of_a_high_page),
	KUNIT_CASE(emergency_pool_when_low_memory_runs_out),
	KUNIT_CASE(completions_run_in_interrupt_context),
	KUNIT_CASE(bad_buffer_heads_are_refused),
	{}
};

static struct kunit_suite bounce_suite = {
	.name = "bounce",
	.init = bounce_init_case,
	.test_cases = bounce_cases,
};
kunit_test_suite(bounce_suite);
