// SPDX-License-Identifier: GPL-2.0-only
/*
 * kmap_test.c - Chapter 10, mapping high memory: kmap() and kunmap() on
 * low and high pages, the lazy pkmap counts, the wrap that flushes every
 * unused slot with one TLB flush, kernel threads that use up all 1024
 * slots so that the next kmap() sleeps until a kunmap() (and the
 * non-blocking variant fails instead), misuse reports, kmap_atomic()'s
 * windows with and without `highmem_debug`, and the page helpers.
 *
 * At the "pkmap", "kmap_atomic" and "kunmap_atomic" checkpoints the Bochs
 * oracle reads pkmap_count, the pkmap page table, struct pages, the
 * wait queue and the TLB from outside (tools/oracle.py).
 */
#include "highmem_test.h"
#include <tlbflush.h>
#include <extable.h>
#include <preempt.h>
#include <system.h>
#include <wait.h>

/* Room for a whole pkmap window of pages, and one more. */
#define NPAGES	(LAST_PKMAP + 1)

static struct page *pages[NPAGES];

/* Skip @test on a machine without enough highmem; else fill pages[]. */
static void need_high_pages(struct kunit *test, int n)
{
	if (nr_free_highpages() < (unsigned long)n + 64)
		kunit_skip(test, "not enough highmem in this boot");
	KUNIT_ASSERT_TRUE(test, alloc_high_pages(pages, n));
}

/* The pkmap slot @page is mapped at, or -1. */
static int slot_of(struct page *page)
{
	unsigned long va = (unsigned long)page_address(page);

	if (va < PKMAP_BASE || va >= PKMAP_ADDR(LAST_PKMAP))
		return -1;
	return PKMAP_NR(va);
}

static void low_pages_map_to_their_direct_address(struct kunit *test)
{
	struct page *low = alloc_page(GFP_KERNEL);
	struct kmap_stats before = kmap_stats;
	unsigned long flushes = tlb_stats.flush_page;
	int count[LAST_PKMAP];
	void *va;

	KUNIT_ASSERT_NOT_NULL(test, low);
	memcpy(count, pkmap_count, sizeof(count));
	KUNIT_EXPECT_PTR_EQ(test, kmap(low), page_address(low));
	KUNIT_EXPECT_PTR_EQ(test, kmap_nonblock(low), page_address(low));
	kunmap(low);
	kunmap(low);
	va = kmap_atomic(low, KM_USER0);
	KUNIT_EXPECT_PTR_EQ(test, va, page_address(low));
	kunmap_atomic(va, KM_USER0);
	/* Nothing in the window or the TLB was touched. */
	KUNIT_EXPECT_EQ(test, memcmp(count, pkmap_count, sizeof(count)), 0);
	KUNIT_EXPECT_EQ(test, kmap_stats.kmap_high, before.kmap_high);
	KUNIT_EXPECT_EQ(test, kmap_stats.atomic, before.atomic);
	KUNIT_EXPECT_EQ(test, tlb_stats.flush_page, flushes);
	KUNIT_EXPECT_EQ(test, pkmap_check(), 0);
	__free_page(low);
	/* Without highmem nothing was reserved for bounce buffers. */
	if (!totalhigh_pages)
		KUNIT_EXPECT_EQ(test, nr_emergency_pages, 0);
}

static void kmap_maps_a_high_page_in_a_pkmap_slot(struct kunit *test)
{
	struct kmap_stats before = kmap_stats;
	struct page *p;
	void *was, *va;
	int nr;

	need_high_pages(test, 1);
	p = pages[0];
	/* A freed page may still sit in an unused slot: then it is reused. */
	was = page_address(p);
	va = kmap(p);
	nr = slot_of(p);
	KUNIT_ASSERT_GE(test, nr, 0);
	KUNIT_EXPECT_PTR_EQ(test, va, (void *)PKMAP_ADDR(nr));
	if (was)
		KUNIT_EXPECT_PTR_EQ(test, va, was);
	KUNIT_EXPECT_EQ(test, kmap_stats.new_mappings,
			before.new_mappings + !was);
	KUNIT_EXPECT_EQ(test, pkmap_count[nr], 2);
	KUNIT_EXPECT_EQ(test, pte_val(pkmap_page_table[nr]),
			pte_val(mk_pte(p, kmap_prot)));
	*(u32 *)va = 0x10c0ffee;
	((u32 *)va)[1023] = page_to_pfn(p);
	/* A second user shares the slot. */
	KUNIT_EXPECT_PTR_EQ(test, kmap(p), va);
	KUNIT_EXPECT_EQ(test, pkmap_count[nr], 3);
	pkmap_checkpoint("pkmap", " stage=mapped vaddr=%#lx pfn=%#lx "
			 "magic=0x10c0ffee", (unsigned long)va,
			 page_to_pfn(p));
	kunmap(p);
	kunmap(p);
	/* Unused, but still mapped until the next wrap: no flush now. */
	KUNIT_EXPECT_EQ(test, pkmap_count[nr], 1);
	KUNIT_EXPECT_PTR_EQ(test, page_address(p), va);
	KUNIT_EXPECT_TRUE(test, pte_present(pkmap_page_table[nr]));
	KUNIT_EXPECT_EQ(test, *(volatile u32 *)va, 0x10c0ffee);
	/* The same frame through another window: the pte is right. */
	va = kmap_atomic(p, KM_USER0);
	KUNIT_EXPECT_EQ(test, *(u32 *)va, 0x10c0ffee);
	KUNIT_EXPECT_EQ(test, ((u32 *)va)[1023], page_to_pfn(p));
	kunmap_atomic(va, KM_USER0);
	KUNIT_EXPECT_EQ(test, pkmap_check(), 0);
	__free_page(p);
}

/* Map @p and drop the mapping at once: its slot ends up at count 1. */
static void *touch_kmap(struct page *p)
{
	void *va = kmap(p);

	*(volatile u32 *)va = page_to_pfn(p);
	kunmap(p);
	return va;
}

/*
 * Fill the window from slot 1 to the last, keeping every fourth slot in
 * use and leaving the others unused; then one more kmap() must wrap: a
 * single flush_all_zero_pkmaps() frees every unused slot, with a single
 * flush_tlb_all(), and the new page takes slot 0. The oracle records the
 * unused slots (and which of them Bochs' TLB holds) before the wrap and
 * checks after it that they are unmapped and gone from the TLB.
 */
static void wrap_flushes_every_unused_slot_once(struct kunit *test)
{
	static bool held[LAST_PKMAP];
	struct kmap_stats before;
	unsigned long tlb_all, flags;
	struct page *q;
	int k, unused, i, n = 0;

	need_high_pages(test, NPAGES);
	q = pages[LAST_PKMAP];
	/* Warm up: map new pages until the search wraps once. */
	before = kmap_stats;
	for (k = 0; k < LAST_PKMAP && kmap_stats.flushes == before.flushes;
	     k++)
		touch_kmap(pages[k]);
	KUNIT_ASSERT_EQ(test, kmap_stats.flushes, before.flushes + 1);
	k--;
	/* Now only pages[k] is mapped, in slot 0, unused. */
	KUNIT_EXPECT_EQ(test, slot_of(pages[k]), 0);
	KUNIT_EXPECT_EQ(test, pkmap_slots_at(1), 1);
	KUNIT_EXPECT_EQ(test, pkmap_slots_at(0), LAST_PKMAP - 1);
	pkmap_checkpoint("pkmap", " stage=after_warm_up");
	memset(held, 0, sizeof(held));
	for (i = 0; last_pkmap_nr != LAST_PKMAP - 1; i++) {
		if (i == k)
			continue;
		KUNIT_ASSERT_LT(test, i, LAST_PKMAP);
		if (last_pkmap_nr % 4 == 3) {	/* the next slot is kept */
			held[last_pkmap_nr + 1] = true;
			*(volatile u32 *)kmap(pages[i]) = page_to_pfn(pages[i]);
		} else {
			touch_kmap(pages[i]);
		}
		n++;
		if (n == LAST_PKMAP / 2)
			pkmap_checkpoint("pkmap", " stage=filling");
	}
	KUNIT_EXPECT_EQ(test, n, LAST_PKMAP - 1);
	unused = pkmap_slots_at(1);
	/* Slot 0 (the warm-up's page) and three slots in four are unused. */
	KUNIT_EXPECT_EQ(test, unused, 3 * LAST_PKMAP / 4 + 1);
	KUNIT_EXPECT_EQ(test, pkmap_slots_at(2), LAST_PKMAP / 4 - 1);
	KUNIT_EXPECT_EQ(test, pkmap_slots_at(0), 0);

	/* No interrupt in between, so the TLB keeps what we load into it. */
	local_irq_save(flags);
	for (int s = 0; s < LAST_PKMAP; s++)
		if (pkmap_count[s])
			(void)*(volatile u32 *)PKMAP_ADDR(s);
	before = kmap_stats;
	tlb_all = tlb_stats.flush_all;
	/* slot1=: the unused slot the book's debugger session looks at. */
	pkmap_checkpoint("pkmap", " stage=before_wrap slot1=%#lx",
			 PKMAP_ADDR(1));
	KUNIT_EXPECT_PTR_EQ(test, kmap(q), (void *)PKMAP_ADDR(0));
	pkmap_checkpoint("pkmap", " stage=after_wrap slot1=%#lx",
			 PKMAP_ADDR(1));
	local_irq_restore(flags);

	KUNIT_EXPECT_EQ(test, kmap_stats.flushes, before.flushes + 1);
	KUNIT_EXPECT_EQ(test, tlb_stats.flush_all, tlb_all + 1);
	KUNIT_EXPECT_EQ(test, kmap_stats.slots_flushed,
			before.slots_flushed + unused);
	KUNIT_EXPECT_EQ(test, pkmap_count[0], 2);
	KUNIT_EXPECT_EQ(test, pkmap_slots_at(1), 0);
	KUNIT_EXPECT_EQ(test, pkmap_slots_at(0), 3 * LAST_PKMAP / 4);
	for (i = 0, n = 0; i < LAST_PKMAP; i++) {
		int s = slot_of(pages[i]);

		if (s >= 0 && !held[s])
			KUNIT_FAIL(test, "page %d still in slot %d", i, s);
		if (s < 0 || !held[s])
			continue;
		/* Kept mappings are untouched, and still show their page. */
		KUNIT_EXPECT_EQ(test, *(volatile u32 *)page_address(pages[i]),
				page_to_pfn(pages[i]));
		kunmap(pages[i]);
		n++;
	}
	KUNIT_EXPECT_EQ(test, n, LAST_PKMAP / 4 - 1);
	for (int s = 1; s < LAST_PKMAP; s++)
		if (!held[s] && !pte_none(pkmap_page_table[s]))
			KUNIT_FAIL(test, "unused slot %d still has a pte", s);
	kunmap(q);
	KUNIT_EXPECT_EQ(test, pkmap_check(), 0);
	free_page_array(pages, NPAGES);
}

/* ---- threads that use up the window -------------------------------------- */

#define HOLDERS		3
#define WAIT_TICKS	(2 * HZ)

/* A thread that kmap()s a share of the pages and keeps them until told. */
struct holder {
	struct page **pages;
	int n;
	volatile bool mapped;
	volatile bool release;
	wait_queue_head_t wq;
	int pid;
};

/* A thread whose kmap() is expected to sleep. */
struct sleeper {
	struct page *page;
	void *volatile vaddr;
	volatile bool done;
	volatile bool release;
	wait_queue_head_t wq;
	int pid;
};

static struct holder holders[HOLDERS];
static struct sleeper sleepers[2];

static int hold_kmaps(void *arg)
{
	struct holder *h = arg;

	for (int i = 0; i < h->n; i++)
		*(volatile u32 *)kmap(h->pages[i]) = i;
	h->mapped = true;
	wait_event(h->wq, h->release);
	for (int i = 0; i < h->n; i++)
		kunmap(h->pages[i]);
	return 0;
}

static int sleep_in_kmap(void *arg)
{
	struct sleeper *s = arg;

	s->vaddr = kmap(s->page);
	s->done = true;
	wait_event(s->wq, s->release);
	kunmap(s->page);
	return 0;
}

static bool all_mapped(void)
{
	for (int i = 0; i < HOLDERS; i++)
		if (!holders[i].mapped)
			return false;
	return true;
}

/*
 * Use up every pkmap slot: this thread kmap()s pages[0], and HOLDERS
 * threads the other LAST_PKMAP - 1 pages. pages[LAST_PKMAP] stays unmapped.
 */
static void fill_window(struct kunit *test)
{
	int share = (LAST_PKMAP - 1) / HOLDERS;

	need_high_pages(test, NPAGES);
	KUNIT_ASSERT_EQ(test, share * HOLDERS, LAST_PKMAP - 1);
	kmap(pages[0]);
	for (int i = 0; i < HOLDERS; i++) {
		struct holder *h = &holders[i];

		*h = (struct holder) { .pages = pages + 1 + i * share,
				       .n = share };
		init_waitqueue_head(&h->wq);
		h->pid = kernel_thread(hold_kmaps, h, "kmap_holder", 0);
	}
	KUNIT_EXPECT_TRUE(test, wait_until(all_mapped(), WAIT_TICKS));
	KUNIT_EXPECT_EQ(test, pkmap_slots_at(2), LAST_PKMAP);
}

static void start_sleeper(struct sleeper *s, struct page *page)
{
	*s = (struct sleeper) { .page = page };
	init_waitqueue_head(&s->wq);
	s->pid = kernel_thread(sleep_in_kmap, s, "kmap_sleeper", 0);
}

/*
 * Let every thread go and wait for it. If a test failed with a sleeper
 * still asleep, the holders' kunmap()s wake it; the extra wake_up() makes
 * sure a broken kunmap_high() cannot hang the whole run.
 */
static void release_all(struct kunit *test, int nsleepers)
{
	for (int i = 0; i < HOLDERS; i++) {
		holders[i].release = true;
		wake_up(&holders[i].wq);
	}
	for (int i = 0; i < HOLDERS; i++)
		kthread_wait(holders[i].pid, NULL);
	wake_up(&pkmap_map_wait);
	for (int i = 0; i < nsleepers; i++) {
		wait_until(sleepers[i].done, WAIT_TICKS);
		sleepers[i].release = true;
		wake_up(&sleepers[i].wq);
		kthread_wait(sleepers[i].pid, NULL);
	}
	KUNIT_EXPECT_EQ(test, pkmap_slots_at(2), 0);
	KUNIT_EXPECT_EQ(test, waitqueue_len(&pkmap_map_wait), 0);
	KUNIT_EXPECT_EQ(test, pkmap_check(), 0);
	free_page_array(pages, NPAGES);
}

/* The checkpoint at which the oracle finds @s asleep on pkmap_map_wait. */
static void sleeper_checkpoint(struct sleeper *s, int waiters)
{
	pkmap_checkpoint("pkmap", " stage=sleeping waiters=%d pid=%d page=%#lx"
			 " wait_task_off=%u wait_list_off=%u wq_list_off=%u "
			 "task_pid_off=%u task_state_off=%u", waiters, s->pid,
			 (unsigned long)s->page,
			 (unsigned int)offsetof(wait_queue_t, task),
			 (unsigned int)offsetof(wait_queue_t, task_list),
			 (unsigned int)offsetof(wait_queue_head_t, task_list),
			 (unsigned int)offsetof(struct task_struct, pid),
			 (unsigned int)offsetof(struct task_struct, state));
}

static void kmap_sleeps_until_kunmap_when_full(struct kunit *test)
{
	struct sleeper *s = &sleepers[0];
	struct page *x;
	struct kmap_stats before;
	struct task_struct *t;
	int slot;

	fill_window(test);
	x = pages[LAST_PKMAP];
	before = kmap_stats;
	/* The non-blocking variant gives up at once. */
	KUNIT_EXPECT_NULL(test, kmap_nonblock(x));
	KUNIT_EXPECT_EQ(test, kmap_stats.nonblock_failures,
			before.nonblock_failures + 1);
	KUNIT_EXPECT_NULL(test, page_address(x));
	/* The blocking one sleeps, uninterruptibly, on pkmap_map_wait. */
	start_sleeper(s, x);
	KUNIT_EXPECT_TRUE(test, wait_until(waitqueue_active(&pkmap_map_wait),
					   WAIT_TICKS));
	t = find_task_by_pid(s->pid);
	KUNIT_ASSERT_NOT_NULL(test, t);
	KUNIT_EXPECT_EQ(test, t->state, TASK_UNINTERRUPTIBLE);
	KUNIT_EXPECT_EQ(test, waitqueue_len(&pkmap_map_wait), 1);
	KUNIT_EXPECT_EQ(test, kmap_stats.sleeps, before.sleeps + 1);
	KUNIT_EXPECT_FALSE(test, s->done);
	sleeper_checkpoint(s, 1);
	/* Still asleep a while later: nothing wakes it but a kunmap(). */
	schedule_timeout_ticks(5);
	KUNIT_EXPECT_FALSE(test, s->done);
	/* One kunmap(): the slot becomes unused, the sleeper is woken,
	 * wraps, flushes it and takes it. */
	slot = slot_of(pages[0]);
	kunmap(pages[0]);
	KUNIT_EXPECT_TRUE(test, wait_until(s->done, WAIT_TICKS));
	KUNIT_EXPECT_PTR_EQ(test, s->vaddr, (void *)PKMAP_ADDR(slot));
	KUNIT_EXPECT_PTR_EQ(test, page_address(x), s->vaddr);
	KUNIT_EXPECT_NULL(test, page_address(pages[0]));
	KUNIT_EXPECT_EQ(test, pkmap_count[slot], 2);
	KUNIT_EXPECT_GE(test, kmap_stats.flushes, before.flushes + 1);
	pkmap_checkpoint("pkmap", " stage=woken");
	release_all(test, 1);
}

static void sleepers_share_a_mapping_made_meanwhile(struct kunit *test)
{
	struct page *x;
	int slot;

	fill_window(test);
	x = pages[LAST_PKMAP];
	/* Two threads want the same page; both sleep. */
	start_sleeper(&sleepers[0], x);
	start_sleeper(&sleepers[1], x);
	KUNIT_EXPECT_TRUE(test, wait_until(waitqueue_len(&pkmap_map_wait) == 2,
					   WAIT_TICKS));
	sleeper_checkpoint(&sleepers[1], 2);
	/* One slot frees up: the first to run maps x, the second finds
	 * x mapped when it wakes, and shares the slot. */
	slot = slot_of(pages[0]);
	kunmap(pages[0]);
	KUNIT_EXPECT_TRUE(test, wait_until(sleepers[0].done && sleepers[1].done,
					   WAIT_TICKS));
	KUNIT_EXPECT_PTR_EQ(test, sleepers[0].vaddr, (void *)PKMAP_ADDR(slot));
	KUNIT_EXPECT_PTR_EQ(test, sleepers[1].vaddr, (void *)PKMAP_ADDR(slot));
	KUNIT_EXPECT_EQ(test, pkmap_count[slot], 3);
	release_all(test, 2);
}

/* ---- misuse -------------------------------------------------------------- */

static void kunmap_without_kmap_is_reported(struct kunit *test)
{
	unsigned long bugs = kmap_stats.bugs;
	struct page *p;
	int nr;

	need_high_pages(test, 2);
	p = pages[0];
	kmap(p);
	nr = slot_of(p);
	kunmap(p);
	mm_log_marker("kmap_test: kunmap too many");
	expect_report("a kunmap() without its kmap()");
	kunmap(p);
	KUNIT_EXPECT_EQ(test, kmap_stats.bugs, bugs + 1);
	KUNIT_EXPECT_TRUE(test, mm_log_since("kmap_test: kunmap too many",
					     "has no user to drop"));
	/* The slot is left as it was: unused, still mapping the page. */
	KUNIT_EXPECT_EQ(test, pkmap_count[nr], 1);
	KUNIT_EXPECT_EQ(test, slot_of(p), nr);
	/* A page that is not mapped at all. */
	if (!page_address(pages[1])) {
		expect_report("a kunmap() of an unmapped page");
		kunmap(pages[1]);
		KUNIT_EXPECT_EQ(test, kmap_stats.bugs, bugs + 2);
		KUNIT_EXPECT_TRUE(test, mm_log_since(
			"kmap_test: kunmap too many", "is not kmapped"));
	}
	KUNIT_EXPECT_EQ(test, pkmap_check(), 0);
	free_page_array(pages, 2);
}

/* ---- atomic kmaps -------------------------------------------------------- */

static bool readable(unsigned long va)
{
	u32 v;

	return probe_kernel_read(&v, (void *)va, sizeof(v)) == 0;
}

static void kmap_atomic_uses_one_window_per_type(struct kunit *test)
{
	unsigned long flushes = tlb_stats.flush_page;
	unsigned long atomic = kmap_stats.atomic;
	int preempt = preempt_count();
	unsigned long a0, a1;
	u32 *va0, *va1;

	need_high_pages(test, 2);
	va0 = kmap_atomic(pages[0], KM_USER0);
	va1 = kmap_atomic(pages[1], KM_USER1);
	a0 = (unsigned long)va0;
	a1 = (unsigned long)va1;
	KUNIT_EXPECT_EQ(test, a0, fix_to_virt(FIX_KMAP_BEGIN + KM_USER0));
	KUNIT_EXPECT_EQ(test, a1, fix_to_virt(FIX_KMAP_BEGIN + KM_USER1));
	KUNIT_EXPECT_EQ(test, pte_val(*(kmap_pte - KM_USER0)),
			pte_val(mk_pte(pages[0], kmap_prot)));
	KUNIT_EXPECT_EQ(test, pte_val(*(kmap_pte - KM_USER1)),
			pte_val(mk_pte(pages[1], kmap_prot)));
	/* One invlpg each, no pkmap slot, and no preemption meanwhile. */
	KUNIT_EXPECT_EQ(test, tlb_stats.flush_page, flushes + 2);
	KUNIT_EXPECT_EQ(test, kmap_stats.atomic, atomic + 2);
	KUNIT_EXPECT_EQ(test, preempt_count(), preempt + 2);
	va0[0] = 0xa70a70a0;
	va1[0] = 0xa70a70a1;
	checkpoint("kmap_atomic", "vaddr=%#lx pfn=%#lx magic=0xa70a70a0 "
		   "vaddr1=%#lx pfn1=%#lx magic1=0xa70a70a1", a0,
		   page_to_pfn(pages[0]), a1, page_to_pfn(pages[1]));
	kunmap_atomic(va1, KM_USER1);
	kunmap_atomic(va0, KM_USER0);
	KUNIT_EXPECT_EQ(test, preempt_count(), preempt);
	checkpoint("kunmap_atomic", "vaddr=%#lx pfn=%#lx debug=%d", a0,
		   page_to_pfn(pages[0]), highmem_debug);
	if (highmem_debug) {
		/* Cleared and flushed: a use after the unmap faults. */
		KUNIT_EXPECT_TRUE(test, pte_none(*(kmap_pte - KM_USER0)));
		KUNIT_EXPECT_FALSE(test, readable(a0));
		KUNIT_EXPECT_EQ(test, tlb_stats.flush_page, flushes + 4);
	} else {
		/* Left in place until the window's next use (Linux 2.4). */
		KUNIT_EXPECT_EQ(test, pte_val(*(kmap_pte - KM_USER0)),
				pte_val(mk_pte(pages[0], kmap_prot)));
		KUNIT_EXPECT_EQ(test, tlb_stats.flush_page, flushes + 2);
	}
	/* The data went to the pages: read it back through kmap(). */
	KUNIT_EXPECT_EQ(test, *(u32 *)kmap(pages[0]), 0xa70a70a0);
	KUNIT_EXPECT_EQ(test, *(u32 *)kmap(pages[1]), 0xa70a70a1);
	kunmap(pages[0]);
	kunmap(pages[1]);
	free_page_array(pages, 2);
}

static void highmem_debug_reports_busy_and_wrong_windows(struct kunit *test)
{
	unsigned long bugs = kmap_stats.bugs;
	int preempt = preempt_count();
	void *va, *vb;

	if (!highmem_debug)
		kunit_skip(test, "boot without highmem_debug");
	need_high_pages(test, 2);
	mm_log_marker("kmap_test: debug");
	va = kmap_atomic(pages[0], KM_USER0);
	expect_report("kmap_atomic() of a window in use");
	vb = kmap_atomic(pages[1], KM_USER0);
	KUNIT_EXPECT_PTR_EQ(test, vb, va);
	KUNIT_EXPECT_EQ(test, kmap_stats.bugs, bugs + 1);
	KUNIT_EXPECT_TRUE(test, mm_log_since("kmap_test: debug",
					     "window 3 is still in use"));
	kunmap_atomic(vb, KM_USER0);
	kunmap_atomic(va, KM_USER0);
	/* kunmap_atomic() of the wrong type: reported, window kept. */
	va = kmap_atomic(pages[0], KM_USER1);
	expect_report("kunmap_atomic() with the wrong type");
	kunmap_atomic(va, KM_USER0);
	KUNIT_EXPECT_EQ(test, kmap_stats.bugs, bugs + 2);
	KUNIT_EXPECT_TRUE(test, mm_log_since("kmap_test: debug",
					     "is not the window of type 3"));
	KUNIT_EXPECT_FALSE(test, pte_none(*(kmap_pte - KM_USER1)));
	preempt_disable();
	kunmap_atomic(va, KM_USER1);
	KUNIT_EXPECT_TRUE(test, pte_none(*(kmap_pte - KM_USER1)));
	KUNIT_EXPECT_EQ(test, preempt_count(), preempt);
	free_page_array(pages, 2);
}

static void page_helpers_clear_and_copy_high_pages(struct kunit *test)
{
	struct page *low = alloc_page(GFP_KERNEL);
	u32 *v;
	bool ok = true;

	KUNIT_ASSERT_NOT_NULL(test, low);
	if (nr_free_highpages() < 64) {
		__free_page(low);
		kunit_skip(test, "no highmem in this boot");
	}
	KUNIT_ASSERT_TRUE(test, alloc_high_pages(pages, 2));
	v = kmap(pages[0]);
	memset(v, 0x77, PAGE_SIZE);
	kunmap(pages[0]);
	clear_user_highpage(pages[0], 0x8048000);
	v = kmap(pages[0]);
	for (int i = 0; i < 1024; i++)
		ok &= v[i] == 0;
	KUNIT_EXPECT_TRUE(test, ok);
	for (int i = 0; i < 1024; i++)
		v[i] = i * 2654435761u;
	kunmap(pages[0]);
	/* high -> high, then high -> low */
	copy_user_highpage(pages[1], pages[0], 0x8048000);
	copy_user_highpage(low, pages[1], 0x8049000);
	v = page_address(low);
	for (int i = 0; i < 1024; i++)
		ok &= v[i] == i * 2654435761u;
	KUNIT_EXPECT_TRUE(test, ok);
	KUNIT_EXPECT_EQ(test, preempt_count(), 0);
	__free_page(low);
	free_page_array(pages, 2);
}

static struct kunit_case kmap_cases[] = {
	KUNIT_CASE(low_pages_map_to_their_direct_address),
	KUNIT_CASE(kmap_maps_a_high_page_in_a_pkmap_slot),
	KUNIT_CASE(wrap_flushes_every_unused_slot_once),
	KUNIT_CASE(kmap_sleeps_until_kunmap_when_full),
	KUNIT_CASE(sleepers_share_a_mapping_made_meanwhile),
	KUNIT_CASE(kunmap_without_kmap_is_reported),
	KUNIT_CASE(kmap_atomic_uses_one_window_per_type),
	KUNIT_CASE(highmem_debug_reports_busy_and_wrong_windows),
	KUNIT_CASE(page_helpers_clear_and_copy_high_pages),
	{}
};

static struct kunit_suite kmap_suite = {
	.name = "kmap",
	.test_cases = kmap_cases,
};
kunit_test_suite(kmap_suite);
