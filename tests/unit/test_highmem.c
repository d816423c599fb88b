// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_highmem.c - the pkmap slot logic of kernel/mm/highmem.c on a host
 * "machine" (mm_host.h), under AddressSanitizer: the lazy counts checked
 * against a model over long random sequences of kmap()/kunmap(), one
 * flush per wrap, the non-blocking variant, the sleeping path with a
 * scripted "other thread" running inside schedule(), misuse reports, the
 * atomic windows, and the emergency pool's accounting.
 *
 * The pkmap page table and the fixmap ptes are arrays here; kmap_high()
 * returns addresses in the pkmap window, which are never dereferenced.
 * Highmem pages have no memory behind them on the host, so the copies of
 * bounce buffers are left to the guest suite (tests/kernel/bounce_test.c).
 *
 * UNIT-SOURCES: kernel/mm/highmem.c kernel/mm/bootmem.c kernel/mm/page_alloc.c kernel/sched/wait.c kernel/lib/string.c kernel/lib/vsprintf.c
 */
#include "mm_host.h"
#include <highmem.h>
#include <blkdev.h>
#include <fixmap.h>
#include <tlbflush.h>
#include <preempt.h>
#include <leakcheck.h>

#define DMA_PAGES	1024
#define NORMAL_PAGES	1536
#define HIGH_PAGES	2048

/* ---- what highmem.c needs from the rest of the kernel -------------------- */

static pte_t pkmap_ptes[LAST_PKMAP];
static pte_t fixmap_ptes[KM_TYPE_NR];
pte_t *pkmap_page_table = pkmap_ptes;
pte_t *kmap_pte = fixmap_ptes + KM_TYPE_NR - 1;	/* slot i is kmap_pte - i */
pgprot_t kmap_prot = PAGE_KERNEL;

static unsigned long flush_alls, flush_pages, schedules, wakeups;
static int irq_depth, preempt;
/* What "another thread" does while the current one sleeps. */
static void (*while_asleep)(void);

void flush_tlb_all(void)
{
	flush_alls++;
}

void flush_tlb_kernel_page(unsigned long addr)
{
	(void)addr;
	flush_pages++;
}

int in_interrupt(void)
{
	return irq_depth > 0;
}

void preempt_disable(void)
{
	preempt++;
}

void preempt_enable(void)
{
	preempt--;
}

static int counters_registered;

void register_leak_counter(const struct leak_counter *counter)
{
	(void)counter;
	counters_registered++;
}

/* vsprintf's %pS; the reports here print no symbols. */
const char *kallsyms_lookup(unsigned long addr, unsigned long *offset,
			    unsigned long *size)
{
	(void)addr;
	(void)offset;
	(void)size;
	return NULL;
}

void wake_up_process(struct task_struct *p)
{
	wakeups++;
	p->state = TASK_RUNNING;
}

/*
 * The only task sleeps: let the scripted other thread run (it may kunmap
 * and wake us). A sleep nobody ends would hang the kernel; here it aborts.
 */
void schedule(void)
{
	if (++schedules > 100 || !while_asleep) {
		fprintf(stderr, "schedule(): nobody will ever wake us\n");
		abort();
	}
	if (current->state != TASK_RUNNING)
		while_asleep();
	if (current->state != TASK_RUNNING) {
		fprintf(stderr, "schedule(): still asleep after the other "
			"thread ran\n");
		abort();
	}
}

/* ---- helpers ------------------------------------------------------------- */

static void reset(void)
{
	machine_boot(DMA_PAGES, NORMAL_PAGES, HIGH_PAGES);
	memset(pkmap_ptes, 0, sizeof(pkmap_ptes));
	memset(fixmap_ptes, 0, sizeof(fixmap_ptes));
	memset(pkmap_count, 0, sizeof(pkmap_count));
	memset(&kmap_stats, 0, sizeof(kmap_stats));
	last_pkmap_nr = 0;
	highmem_debug = 0;
	flush_alls = flush_pages = schedules = wakeups = 0;
	irq_depth = preempt = 0;
	while_asleep = NULL;
	host_task.state = TASK_RUNNING;
}

static struct page *high(unsigned long i)
{
	return mem_map + DMA_PAGES + NORMAL_PAGES + i;
}

static int slot_of(struct page *page)
{
	unsigned long va = (unsigned long)page_address(page);

	return va ? (int)PKMAP_NR(va) : -1;
}

/*
 * The invariants, against @users (kmaps held per highmem page): a page
 * with users is mapped in a slot whose count is users + 1; every slot at
 * 1 or more maps a page whose virtual is that slot; free slots have no
 * pte. Returns the number of violations.
 */
static int check_window(const int *users)
{
	int bad = 0, used = 0;

	for (int i = 0; i < LAST_PKMAP; i++) {
		pte_t pte = pkmap_ptes[i];

		if (!pkmap_count[i]) {
			bad += !pte_none(pte);
			continue;
		}
		used += pkmap_count[i] >= 2;
		bad += !pte_present(pte) ||
		       page_address(pte_page(pte)) != (void *)PKMAP_ADDR(i) ||
		       !PageHighMem(pte_page(pte));
	}
	for (int p = 0; users && p < HIGH_PAGES; p++) {
		int s = slot_of(high(p));

		if (users[p])
			bad += s < 0 || pkmap_count[s] != users[p] + 1;
		used -= users[p] > 0;
	}
	if (users)
		bad += used != 0;
	return bad;
}

/* ---- the cases ----------------------------------------------------------- */

static void low_pages_need_no_slot(void)
{
	struct page *low;

	reset();
	low = mem_map + 100;
	CHECK(kmap(low) == page_address(low));
	kunmap(low);
	CHECK(kmap_atomic(low, KM_USER0) == page_address(low));
	CHECK_EQ(preempt, 1);
	kunmap_atomic(page_address(low), KM_USER0);
	CHECK_EQ(preempt, 0);
	CHECK_EQ(kmap_stats.kmap_high, 0);
	CHECK_EQ(flush_pages, 0);
	CHECK_EQ(check_window(NULL), 0);
}

static void a_mapping_lives_until_the_next_wrap(void)
{
	struct page *p;
	void *va;

	reset();
	p = high(7);
	va = kmap(p);
	CHECK(va == (void *)PKMAP_ADDR(1));	/* the search starts after 0 */
	CHECK_EQ(pkmap_count[1], 2);
	CHECK_EQ(pte_val(pkmap_ptes[1]), pte_val(mk_pte(p, kmap_prot)));
	CHECK(kmap(p) == va);
	CHECK_EQ(pkmap_count[1], 3);
	kunmap(p);
	kunmap(p);
	CHECK_EQ(pkmap_count[1], 1);
	CHECK(page_address(p) == va);
	/* Mapped again before any wrap: same slot, no new mapping. */
	CHECK(kmap(p) == va);
	CHECK_EQ(kmap_stats.new_mappings, 1);
	kunmap(p);
	CHECK_EQ(flush_alls, 0);
	CHECK_QUIESCENT();
}

static void one_flush_per_wrap_frees_every_unused_slot(void)
{
	reset();
	/* Pages 0..1022 take slots 1..1023; every other one is let go. */
	for (int i = 0; i < LAST_PKMAP - 1; i++) {
		kmap(high(i));
		if (i % 2)
			kunmap(high(i));
	}
	CHECK_EQ(flush_alls, 0);
	CHECK_EQ(slot_of(high(LAST_PKMAP - 2)), LAST_PKMAP - 1);
	/* The next new page wraps: the 511 unused slots go at once. */
	CHECK(kmap(high(LAST_PKMAP - 1)) == (void *)PKMAP_ADDR(0));
	CHECK_EQ(flush_alls, 1);
	CHECK_EQ(kmap_stats.flushes, 1);
	CHECK_EQ(kmap_stats.slots_flushed, LAST_PKMAP / 2 - 1);
	for (int i = 1; i < LAST_PKMAP - 1; i += 2)
		CHECK(page_address(high(i)) == NULL);
	for (int i = 0; i < LAST_PKMAP - 1; i += 2)
		CHECK_EQ(slot_of(high(i)), i + 1);
	/* Then the search goes on from slot 0: page 1's old slot is free. */
	CHECK(kmap(high(LAST_PKMAP)) == (void *)PKMAP_ADDR(2));
	CHECK_EQ(flush_alls, 1);
	CHECK_EQ(check_window(NULL), 0);
}

/* Long random sequences of kmap()/kunmap() against the model. */
static void random_sequences_keep_the_invariants(void)
{
	static int users[HIGH_PAGES];
	unsigned int seed = 12345;
	unsigned long flushes_seen = 0;
	int held = 0, bad = 0;

	reset();
	memset(users, 0, sizeof(users));
	for (int step = 0; step < 200000; step++) {
		int p, wrap;

		seed = seed * 1103515245 + 12345;
		p = (seed >> 8) % 1500;
		if (users[p] && ((seed >> 4) & 1 || held > 1000)) {
			kunmap(high(p));
			users[p]--;
			held -= !users[p];
			continue;
		}
		if (held >= 1000)
			continue;
		wrap = !page_address(high(p)) &&
		       last_pkmap_nr == LAST_PKMAP - 1;
		if (kmap(high(p)) != page_address(high(p)))
			bad++;
		held += !users[p]++;
		flushes_seen += wrap;
		if (step % 997 == 0)
			bad += check_window(users);
	}
	CHECK_EQ(bad, 0);
	CHECK_EQ(check_window(users), 0);
	CHECK(kmap_stats.flushes >= flushes_seen && kmap_stats.flushes > 10);
	CHECK_EQ(flush_alls, kmap_stats.flushes);
	CHECK_EQ(schedules, 0);
	CHECK_QUIESCENT();
}

/* Map pages 0..1023: every slot in use. */
static void fill(void)
{
	for (int i = 0; i < LAST_PKMAP; i++)
		kmap(high(i));
}

static void nonblocking_kmap_fails_when_full(void)
{
	reset();
	fill();
	CHECK(kmap_nonblock(high(LAST_PKMAP)) == NULL);
	CHECK_EQ(kmap_stats.nonblock_failures, 1);
	CHECK_EQ(schedules, 0);
	CHECK(page_address(high(LAST_PKMAP)) == NULL);
	CHECK_QUIESCENT();
}

static void other_thread_kunmaps(void)
{
	kunmap(high(5));
}

static void kmap_sleeps_until_a_kunmap(void)
{
	int slot;

	reset();
	fill();
	slot = slot_of(high(5));
	while_asleep = other_thread_kunmaps;
	CHECK(kmap(high(LAST_PKMAP)) == (void *)PKMAP_ADDR(slot));
	CHECK_EQ(schedules, 1);
	CHECK_EQ(kmap_stats.sleeps, 1);
	CHECK_EQ(wakeups, 1);
	CHECK(page_address(high(5)) == NULL);
	CHECK(list_empty(&pkmap_map_wait.task_list));
	CHECK_EQ(check_window(NULL), 0);
	CHECK_QUIESCENT();
}

static void other_thread_maps_the_same_page(void)
{
	kunmap(high(5));
	kmap(high(LAST_PKMAP));
}

static void a_sleeper_takes_the_mapping_made_meanwhile(void)
{
	int slot;

	reset();
	fill();
	slot = slot_of(high(5));
	while_asleep = other_thread_maps_the_same_page;
	CHECK(kmap(high(LAST_PKMAP)) == (void *)PKMAP_ADDR(slot));
	CHECK_EQ(schedules, 1);
	CHECK_EQ(pkmap_count[slot], 3);
	CHECK_EQ(kmap_stats.new_mappings, LAST_PKMAP + 1);
	CHECK_QUIESCENT();
}

static void misuse_is_reported_and_refused(void)
{
	struct page *p;
	int slot;

	reset();
	p = high(3);
	kmap(p);
	slot = slot_of(p);
	kunmap(p);
	log_clear();
	kunmap(p);
	CHECK(log_has("BUG: kunmap_high: pkmap slot 1 has no user to drop"));
	CHECK_EQ(pkmap_count[slot], 1);
	kunmap(high(4));
	CHECK(log_has("is not kmapped"));
	irq_depth = 1;
	CHECK(kmap(p) == NULL);
	CHECK(log_has("BUG: kmap() called from interrupt context"));
	kunmap(p);
	CHECK(log_has("BUG: kunmap() called from interrupt context"));
	irq_depth = 0;
	CHECK_EQ(pkmap_count[slot], 1);
	CHECK_EQ(kmap_stats.bugs, 4);
	CHECK_QUIESCENT();
}

static void atomic_windows_and_highmem_debug(void)
{
	struct page *p, *q;
	void *va;

	reset();
	p = high(9);
	q = high(10);
	va = kmap_atomic(p, KM_USER1);
	CHECK(va == (void *)__fix_to_virt(FIX_KMAP_BEGIN + KM_USER1));
	CHECK_EQ(pte_val(fixmap_ptes[KM_TYPE_NR - 1 - KM_USER1]),
		 pte_val(mk_pte(p, kmap_prot)));
	CHECK_EQ(flush_pages, 1);
	CHECK_EQ(preempt, 1);
	kunmap_atomic(va, KM_USER1);
	/* Lazy without debugging: the pte stays. */
	CHECK(!pte_none(fixmap_ptes[KM_TYPE_NR - 1 - KM_USER1]));
	CHECK_EQ(preempt, 0);

	highmem_debug = 1;
	log_clear();
	va = kmap_atomic(q, KM_USER1);	/* still mapped from before */
	CHECK(log_has("BUG: kmap_atomic: window 4 is still in use"));
	kunmap_atomic(va, KM_USER1);
	CHECK(pte_none(fixmap_ptes[KM_TYPE_NR - 1 - KM_USER1]));
	va = kmap_atomic(q, KM_USER0);
	kunmap_atomic(va, KM_BOUNCE_READ);
	CHECK(log_has("is not the window of type 0"));
	CHECK_EQ(kmap_stats.bugs, 2);
	CHECK_EQ(preempt, 0);
	CHECK(kmap_atomic(q, KM_TYPE_NR) == NULL);
	CHECK_EQ(kmap_stats.bugs, 3);
	CHECK_QUIESCENT();
}

static void emergency_pool_accounting(void)
{
	struct page *taken[POOL_SIZE];
	unsigned long free;

	reset();
	CHECK_EQ(nr_emergency_pages, 0);
	init_emergency_pool();
	CHECK_EQ(nr_emergency_pages, POOL_SIZE);
	CHECK_EQ(counters_registered, 2);
	CHECK(log_has("32 pages reserved for bounce buffers"));
	/* With memory to spare, bounce pages come from the allocator. */
	free = nr_free_pages();
	taken[0] = alloc_bounce_page();
	CHECK(!PageHighMem(taken[0]));
	CHECK_EQ(nr_free_pages(), free - 1);
	CHECK_EQ(nr_emergency_pages, POOL_SIZE);
	__free_page(taken[0]);
	/* Exhausted: from the pool, which is the only low memory left. */
	while (alloc_page(GFP_NOHIGHIO))
		;
	for (int i = 0; i < POOL_SIZE; i++)
		taken[i] = alloc_bounce_page();
	CHECK_EQ(nr_emergency_pages, 0);
	CHECK_EQ(bounce_stats.pool_allocs, POOL_SIZE);
	CHECK_EQ(bounce_stats.pool_low, 0);
	for (int i = 0; i < POOL_SIZE; i++)
		CHECK(!PageHighMem(taken[i]));
	CHECK_QUIESCENT();
}

static const struct unit_case cases[] = {
	UNIT_CASE(low_pages_need_no_slot),
	UNIT_CASE(a_mapping_lives_until_the_next_wrap),
	UNIT_CASE(one_flush_per_wrap_frees_every_unused_slot),
	UNIT_CASE(random_sequences_keep_the_invariants),
	UNIT_CASE(nonblocking_kmap_fails_when_full),
	UNIT_CASE(kmap_sleeps_until_a_kunmap),
	UNIT_CASE(a_sleeper_takes_the_mapping_made_meanwhile),
	UNIT_CASE(misuse_is_reported_and_refused),
	UNIT_CASE(atomic_windows_and_highmem_debug),
	UNIT_CASE(emergency_pool_accounting),
};

int main(void)
{
	return unit_main("highmem", cases, ARRAY_SIZE(cases));
}
