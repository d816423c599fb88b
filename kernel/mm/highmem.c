// SPDX-License-Identifier: GPL-2.0-only
/*
 * highmem.c - high memory: the persistent kmap window, the atomic kmap
 * windows, and bounce buffers with their emergency pool (Linux 2.4:
 * mm/highmem.c and asm-i386/highmem.h; the book's Chapter 10).
 *
 * Physical memory above max_low_pfn has no kernel address. The kernel
 * reaches such a page by mapping it, for a while, at an address it keeps
 * for the purpose:
 *
 *   PKMAP_BASE .. + LAST_PKMAP pages   kmap(): one page table's worth of
 *                                      slots, shared by everyone, reused
 *                                      lazily; the caller may sleep
 *   FIX_KMAP_BEGIN .. FIX_KMAP_END     kmap_atomic(): one fixmap page per
 *                                      km_type; never sleeps
 *
 * The pkmap window is managed by counts, not by unmapping: kunmap() only
 * drops a slot's count to 1 ("unused, maybe still in a TLB"). Unused
 * slots are all cleaned at once, with a single TLB flush, when the search
 * for a free slot wraps around (flush_all_zero_pkmaps()). A kmap() that
 * finds nothing free after a whole round sleeps on pkmap_map_wait until a
 * kunmap() leaves a slot unused.
 *
 * vmm386's ATA driver, like 2.4's ISA-era devices, can only move data to
 * and from low memory. An I/O on a highmem page is done through a low
 * "bounce" page: copied there before a WRITE, copied back after a READ.
 * Bounce pages come from the page allocator or, when low memory is
 * exhausted, from a reserve of POOL_SIZE pages set aside at boot, which
 * completions refill.
 *
 * How vmm386 differs from Linux 2.4:
 * - kmap(), kunmap(), kmap_atomic() and kunmap_atomic() are functions
 *   here, not inlines, so the debugger can break on them and the book's
 *   call graphs show them.
 * - vmm386's kernel is preemptible (Linux 2.4's is not): kmap_atomic()
 *   disables preemption until kunmap_atomic(), as Linux 2.6 does,
 *   otherwise another thread could take over the same window.
 * - Misuse (kmap() in an interrupt, a kunmap() too many, a busy atomic
 *   window) is reported with a "BUG:" line and a backtrace, counted in
 *   kmap_stats.bugs, and refused; Linux 2.4 oopses on most of them.
 * - When the emergency pool is empty, a bounce allocation sleeps until a
 *   completion refills it (as 2.6's mempools do) instead of 2.4's loop of
 *   yield() calls.
 */
#include <highmem.h>
#include <blkdev.h>
#include <ata.h>
#include <mm.h>
#include <pgtable.h>
#include <fixmap.h>
#include <tlbflush.h>
#include <preempt.h>
#include <sched.h>
#include <wait.h>
#include <kernel.h>
#include <kallsyms.h>
#include <string.h>
#include <init.h>
#include <leakcheck.h>

int pkmap_count[LAST_PKMAP];
unsigned int last_pkmap_nr;
DEFINE_SPINLOCK(kmap_lock);
DECLARE_WAIT_QUEUE_HEAD(pkmap_map_wait);
int highmem_debug;
struct kmap_stats kmap_stats;

/*
 * Report a misuse of the kmap API: a "BUG:" line, as Linux 2.6 words its
 * non-fatal reports, and a backtrace pointing at the caller. The caller
 * then refuses the operation, so the kernel goes on (2.4's spirit of
 * out_of_line_bug() for interrupt-context callers).
 */
static void highmem_bug(const char *fmt, ...)
{
	char buf[128];
	va_list args;

	va_start(args, fmt);
	vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	kmap_stats.bugs++;
	printk(KERN_ERR "BUG: %s\n", buf);
	dump_stack();
}

/* The boot option `highmem_debug`: see highmem.h. */
static int __init highmem_debug_setup(char *str)
{
	(void)str;
	highmem_debug = 1;
	return 1;
}
__setup("highmem_debug", highmem_debug_setup);

/* ---- the persistent kmap window ------------------------------------------ */

/*
 * The three states of a pkmap slot (pkmap_count[]): 0 is free and in no
 * TLB; 1 is mapped but unused, its translation perhaps still cached;
 * n >= 2 is held by n - 1 callers of kmap().
 */
static bool pkmap_slot_unused(int nr)
{
	return pkmap_count[nr] == 1;
}

/*
 * Make unused slot @nr free: forget its page's address and clear its pte.
 * The TLB may still hold the old translation, so the slot must not be
 * handed out before the caller's flush. A slot at 1 always has a pte; one
 * without is reported (Linux BUG()s) and just marked free. Called with
 * kmap_lock held.
 */
static void free_unused_pkmap_slot(int nr)
{
	pte_t *pte = &pkmap_page_table[nr];

	pkmap_count[nr] = 0;
	if (pte_none(*pte)) {
		highmem_bug("pkmap slot %d is unused but unmapped", nr);
		return;
	}
	set_page_address(pte_page(*pte), NULL);
	pte_clear(pte);
	kmap_stats.slots_flushed++;
}

/*
 * Free every slot that nobody uses any more, then drop all their
 * translations with one flush_tlb_all(): that single flush for a whole
 * round of kmaps is the point of the lazy scheme. (Linux also calls
 * flush_cache_all() first, a no-op on i386.) Called with kmap_lock held,
 * when the search for a free slot passes slot 0.
 */
static void flush_all_zero_pkmaps(void)
{
	kmap_stats.flushes++;
	for (int nr = 0; nr < LAST_PKMAP; nr++) {
		if (pkmap_slot_unused(nr))
			free_unused_pkmap_slot(nr);
	}
	flush_tlb_all();
}

/*
 * Find a free slot, going round from the one after last_pkmap_nr so that
 * recently used slots are not searched again and again. Passing slot 0
 * starts a new round: flush_all_zero_pkmaps() frees every unused slot, so
 * all LAST_PKMAP slots deserve another look. Returns the slot (now
 * last_pkmap_nr), or -1 if LAST_PKMAP slots in a row are all in use.
 * Called with kmap_lock held.
 */
static int scan_pkmap(void)
{
	int left = LAST_PKMAP;

	do {
		last_pkmap_nr = (last_pkmap_nr + 1) & LAST_PKMAP_MASK;
		if (!last_pkmap_nr) {
			flush_all_zero_pkmaps();
			left = LAST_PKMAP;
		}
		if (!pkmap_count[last_pkmap_nr])
			return last_pkmap_nr;
	} while (--left);
	return -1;
}

/*
 * Sleep until a kunmap() leaves a slot unused. The task is on the wait
 * queue before kmap_lock is dropped, so the wake-up of a kunmap_high()
 * that runs in between cannot be lost. The sleep is uninterruptible: the
 * caller has no way to give up. Returns with kmap_lock held again.
 */
static void wait_for_pkmap_slot(void)
{
	DECLARE_WAITQUEUE(wait, current);

	kmap_stats.sleeps++;
	set_current_state(TASK_UNINTERRUPTIBLE);
	add_wait_queue(&pkmap_map_wait, &wait);
	spin_unlock(&kmap_lock);
	schedule();
	remove_wait_queue(&pkmap_map_wait, &wait);
	spin_lock(&kmap_lock);
}

/*
 * Give @page a pkmap slot: set the slot's pte, its count to 1 (mapped,
 * no users yet: kmap_high() adds the user) and page->virtual. No TLB
 * flush is needed: a free slot is in no TLB (that is what 0 means). When
 * every slot is in use, sleep and search again; after a sleep someone
 * else may have mapped @page meanwhile, and that mapping is the answer.
 * With @nonblocking, fail instead of sleeping. Called with kmap_lock held.
 */
static void *map_new_virtual(struct page *page, int nonblocking)
{
	int nr;

	while ((nr = scan_pkmap()) < 0) {
		if (nonblocking) {
			kmap_stats.nonblock_failures++;
			return NULL;
		}
		wait_for_pkmap_slot();
		if (page_address(page))
			return page_address(page);
	}
	set_pte(&pkmap_page_table[nr], mk_pte(page, kmap_prot));
	pkmap_count[nr] = 1;
	set_page_address(page, (void *)PKMAP_ADDR(nr));
	kmap_stats.new_mappings++;
	return page_address(page);
}

/**
 * Map highmem page @p page into the pkmap window and return its address:
 * the slot it already has if it is mapped (its count goes up), else a new
 * one (map_new_virtual()). May sleep until a slot is free, unless
 * @p nonblocking, in which case it returns NULL instead. Process context
 * only; use kmap(), which also handles low pages.
 */
void *kmap_high(struct page *page, int nonblocking)
{
	void *vaddr;

	spin_lock(&kmap_lock);
	kmap_stats.kmap_high++;
	vaddr = page_address(page);
	if (!vaddr)
		vaddr = map_new_virtual(page, nonblocking);
	if (vaddr)
		pkmap_count[PKMAP_NR((unsigned long)vaddr)]++;
	spin_unlock(&kmap_lock);
	return vaddr;
}

/*
 * The pkmap slot of @page, or -1 (with a report) if @page is not mapped
 * there. Called with kmap_lock held.
 */
static int pkmap_slot(struct page *page)
{
	unsigned long vaddr = (unsigned long)page_address(page);

	if (vaddr < PKMAP_BASE || vaddr >= PKMAP_ADDR(LAST_PKMAP)) {
		highmem_bug("kunmap_high: page %#lx is not kmapped (%08lx)",
			    page_to_pfn(page), vaddr);
		return -1;
	}
	return PKMAP_NR(vaddr);
}

/*
 * Drop one user of pkmap slot @nr. Returns true if that left the slot
 * unused (count 1): the moment a kmap() sleeping for a slot can hope for
 * one. A slot with no user to drop means a kunmap() without its kmap();
 * it is reported and left as it was -- in particular not made free, as a
 * TLB may still hold its translation. Called with kmap_lock held.
 */
static bool drop_pkmap_user(int nr)
{
	if (pkmap_count[nr] < 2) {
		highmem_bug("kunmap_high: pkmap slot %d has no user to drop",
			    nr);
		return false;
	}
	pkmap_count[nr]--;
	return pkmap_slot_unused(nr);
}

/**
 * Drop one user of highmem page @p page's pkmap slot. The mapping stays
 * (count 1, "unused") until the next round of flush_all_zero_pkmaps():
 * unmapping now would cost a TLB flush per kunmap. When a slot becomes
 * unused, tasks sleeping in kmap() are woken -- after the lock is
 * dropped, and only if there are any (the common case has none). A
 * kunmap() of a page that is not kmapped, or without its kmap(), is
 * reported and changes nothing.
 */
void kunmap_high(struct page *page)
{
	bool wake_sleepers = false;
	int nr;

	spin_lock(&kmap_lock);
	nr = pkmap_slot(page);
	if (nr >= 0 && drop_pkmap_user(nr))
		wake_sleepers = waitqueue_active(&pkmap_map_wait);
	spin_unlock(&kmap_lock);
	if (wake_sleepers)
		wake_up(&pkmap_map_wait);
}

/**
 * Return a kernel address for @p page until kunmap(): its direct-map
 * address if it is in low memory, else a pkmap slot (kmap_high()), which
 * may mean sleeping until one is free. It must not be called from an
 * interrupt handler, which cannot sleep: that is reported and refused
 * with NULL. Callers should kunmap() soon: the window is small and shared.
 */
void *kmap(struct page *page)
{
	if (in_interrupt()) {
		highmem_bug("kmap() called from interrupt context");
		return NULL;
	}
	if (!PageHighMem(page))
		return page_address(page);
	return kmap_high(page, 0);
}

/**
 * Like kmap(), but when every pkmap slot is in use return NULL at once
 * instead of sleeping (Linux 2.4.22's kmap_nonblock()).
 */
void *kmap_nonblock(struct page *page)
{
	if (in_interrupt()) {
		highmem_bug("kmap_nonblock() called from interrupt context");
		return NULL;
	}
	if (!PageHighMem(page))
		return page_address(page);
	return kmap_high(page, 1);
}

/**
 * Undo one kmap() of @p page. Nothing to do for a low page; for a highmem
 * page see kunmap_high(). From an interrupt handler it is reported and
 * ignored, like kmap().
 */
void kunmap(struct page *page)
{
	if (in_interrupt()) {
		highmem_bug("kunmap() called from interrupt context");
		return;
	}
	if (!PageHighMem(page))
		return;
	kunmap_high(page);
}

/* ---- atomic kmaps -------------------------------------------------------- */

/**
 * Map @p page at the fixmap window of @p type and return its address; a
 * low page just returns its direct-map address. Only this CPU's TLB entry
 * for the window is flushed (one invlpg): the window is private to
 * @p type, so nothing else can hold a stale translation of it that
 * matters. Never sleeps, so interrupt handlers may use it (each with a
 * type of its own). Preemption stays disabled until kunmap_atomic(): the
 * caller must not sleep in between. With `highmem_debug`, a window still
 * mapped from an earlier kmap_atomic() is reported (Linux 2.4 checks only
 * when built with HIGHMEM_DEBUG; 2.6.19 and later always BUG()).
 */
void *kmap_atomic(struct page *page, enum km_type type)
{
	unsigned long vaddr;
	pte_t *pte;

	preempt_disable();
	if (!PageHighMem(page))
		return page_address(page);
	if ((unsigned int)type >= KM_TYPE_NR) {
		/* Preemption stays off: the kunmap_atomic() will balance it. */
		highmem_bug("kmap_atomic: no window of type %d", type);
		return NULL;
	}
	/* On SMP the index would add KM_TYPE_NR * smp_processor_id(). */
	vaddr = __fix_to_virt(FIX_KMAP_BEGIN + type);
	pte = kmap_pte - type;
	if (highmem_debug && !pte_none(*pte))
		highmem_bug("kmap_atomic: window %d is still in use (frame "
			    "%#lx)", type, pte_pfn(*pte));
	set_pte(pte, mk_pte(page, kmap_prot));
	flush_tlb_kernel_page(vaddr);
	kmap_stats.atomic++;
	return (void *)vaddr;
}

/**
 * End an atomic kmap of type @p type at @p kvaddr and allow preemption
 * again. Normally the window simply stays mapped until its next use (as
 * in Linux 2.4). With `highmem_debug` its pte is cleared and flushed, so
 * a use after kunmap_atomic() faults, and an address that is not the
 * window of @p type is reported.
 */
void kunmap_atomic(void *kvaddr, enum km_type type)
{
	unsigned long vaddr = (unsigned long)kvaddr & PAGE_MASK;

	if (highmem_debug && vaddr >= FIXADDR_START) {
		if ((unsigned int)type >= KM_TYPE_NR ||
		    vaddr != __fix_to_virt(FIX_KMAP_BEGIN + type)) {
			highmem_bug("kunmap_atomic: %08lx is not the window of "
				    "type %d", vaddr, type);
		} else {
			pte_clear(kmap_pte - type);
			flush_tlb_kernel_page(vaddr);
		}
	}
	preempt_enable();
}

/* ---- page helpers for later chapters ------------------------------------- */

/**
 * Fill @p page, low or high, with zeros. A low page is cleared where the
 * direct map has it; only a high page needs the KM_USER0 window (2.4's
 * kmap_atomic() makes the same test, this saves the calls around it).
 */
void clear_highpage(struct page *page)
{
	void *kaddr;

	if (!PageHighMem(page)) {
		clear_page(page_address(page));
		return;
	}
	kaddr = kmap_atomic(page, KM_USER0);
	clear_page(kaddr);
	kunmap_atomic(kaddr, KM_USER0);
}

/**
 * Zero @p page, which will be mapped in user space at @p vaddr (a fresh
 * anonymous page: Chapter 5's do_anonymous_page()). @p vaddr matters only
 * on CPUs whose caches alias virtual addresses; i386 ignores it.
 */
void clear_user_highpage(struct page *page, unsigned long vaddr)
{
	(void)vaddr;
	clear_highpage(page);
}

/**
 * Copy page @p from to page @p to, either of which may be in highmem,
 * through the KM_USER0 and KM_USER1 windows.
 */
void copy_highpage(struct page *to, struct page *from)
{
	void *vfrom = kmap_atomic(from, KM_USER0);
	void *vto = kmap_atomic(to, KM_USER1);

	memcpy(vto, vfrom, PAGE_SIZE);
	kunmap_atomic(vto, KM_USER1);
	kunmap_atomic(vfrom, KM_USER0);
}

/**
 * Copy @p from to @p to for a user mapping at @p vaddr: copy-on-write
 * (Chapter 5's do_wp_page()). @p vaddr is ignored on i386.
 */
void copy_user_highpage(struct page *to, struct page *from,
			unsigned long vaddr)
{
	(void)vaddr;
	copy_highpage(to, from);
}

/* ---- bounce buffers and the emergency pool ------------------------------- */

LIST_HEAD(emergency_pages);
int nr_emergency_pages;
DEFINE_SPINLOCK(emergency_lock);
struct bounce_stats bounce_stats;
/* Where bounce allocations wait for a completion to refill the pool. */
static DECLARE_WAIT_QUEUE_HEAD(emergency_wait);

/* Users of all pkmap slots together: kmap()s not yet undone. */
static unsigned long kmaps_held(void)
{
	unsigned long n = 0;

	for (int i = 0; i < LAST_PKMAP; i++)
		if (pkmap_count[i] > 1)
			n += pkmap_count[i] - 1;
	return n;
}

static unsigned long emergency_pages_now(void)
{
	return nr_emergency_pages;
}

/* Every test case must leave these as it found them (leakcheck.h). */
static const struct leak_counter highmem_counters[] = {
	{ "kmaps held", kmaps_held },
	{ "emergency pages", emergency_pages_now },
};

/* Put @page in the emergency pool. Called with emergency_lock held. */
static void pool_add(struct page *page)
{
	/* The pool links its pages through page->list, as Linux. */
	list_add(&page->list, &emergency_pages);
	nr_emergency_pages++;
}

/* True while the pool holds fewer than POOL_SIZE pages. */
static bool pool_is_short(void)
{
	return nr_emergency_pages < POOL_SIZE;
}

/*
 * Fill the emergency pool up to POOL_SIZE from the page allocator.
 * GFP_ATOMIC, as the lock is held with interrupts off. Returns false if
 * low memory ran out first; the pool then starts smaller.
 */
static bool fill_emergency_pool(void)
{
	unsigned long flags;
	bool filled = true;

	spin_lock_irqsave(&emergency_lock, flags);
	while (filled && pool_is_short()) {
		struct page *page = alloc_page(GFP_ATOMIC);

		if (page)
			pool_add(page);
		else
			filled = false;
	}
	bounce_stats.pool_low = nr_emergency_pages;
	spin_unlock_irqrestore(&emergency_lock, flags);
	return filled;
}

/*
 * Make every in-kernel test case check that it leaves the kmaps held and
 * the pool's pages as it found them (leakcheck.h).
 */
static void register_highmem_counters(void)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(highmem_counters); i++)
		register_leak_counter(&highmem_counters[i]);
}

/**
 * Set aside POOL_SIZE low pages for bounce buffers, so that I/O on highmem
 * pages can still proceed when low memory runs out (writing pages out is
 * how memory is freed, so it must not depend on free memory). Nothing is
 * reserved on a machine without highmem: it never bounces. Also registers
 * the kmaps held and the pool's pages as counters that every in-kernel
 * test case must leave unchanged.
 */
void init_emergency_pool(void)
{
	register_highmem_counters();
	if (!totalhigh_pages)
		return;
	if (!fill_emergency_pool())
		printk(KERN_ERR "couldn't refill highmem emergency pages\n");
	printk(KERN_INFO "highmem: %d pages reserved for bounce buffers\n",
	       nr_emergency_pages);
}

/* Take a page from the pool, or NULL if it is empty. */
static struct page *take_emergency_page(void)
{
	struct page *page = NULL;
	unsigned long flags;

	spin_lock_irqsave(&emergency_lock, flags);
	if (!list_empty(&emergency_pages)) {
		page = list_first_entry(&emergency_pages, struct page, list);
		list_del(&page->list);
		nr_emergency_pages--;
		bounce_stats.pool_allocs++;
		if ((unsigned long)nr_emergency_pages < bounce_stats.pool_low)
			bounce_stats.pool_low = nr_emergency_pages;
	}
	spin_unlock_irqrestore(&emergency_lock, flags);
	return page;
}

/**
 * A low page for a bounce buffer: from the page allocator if it has one
 * (GFP_NOHIGHIO: may wait, but must not itself start highmem I/O), else
 * from the emergency pool, else wait until a completing bounce refills
 * the pool. Never fails; process context only.
 */
struct page *alloc_bounce_page(void)
{
	struct page *page = alloc_page(GFP_NOHIGHIO);

	while (!page) {
		page = take_emergency_page();
		if (page)
			break;
		bounce_stats.pool_waits++;
		wait_event(emergency_wait, nr_emergency_pages > 0);
	}
	return page;
}

/*
 * Give a finished bounce page back: to the pool if it is short (whether
 * or not the page came from it), waking any bounce allocation waiting for
 * one, else to the page allocator. Interrupt context.
 */
static void free_bounce_page(struct page *page)
{
	unsigned long flags;
	bool to_pool;

	spin_lock_irqsave(&emergency_lock, flags);
	to_pool = pool_is_short();
	if (to_pool) {
		pool_add(page);
		bounce_stats.pool_refills++;
	}
	spin_unlock_irqrestore(&emergency_lock, flags);
	if (to_pool)
		wake_up(&emergency_wait);
	else
		__free_page(page);
}

/*
 * Copy between the low bounce buffer @low and @bh's part of its highmem
 * page, through the atomic window @type: into the highmem page if
 * @to_high, out of it otherwise. The caller picks the window for its
 * context. kunmap_atomic() takes any address inside the window, so the
 * offset need not be undone.
 */
static void bounce_copy(struct buffer_head *bh, void *low, bool to_high,
			enum km_type type)
{
	char *high = (char *)kmap_atomic(bh->b_page, type) + bh_offset(bh);

	if (to_high)
		memcpy(high, low, bh->b_size);
	else
		memcpy(low, high, bh->b_size);
	kunmap_atomic(high, type);
}

/*
 * Copy a WRITE's data from the caller's highmem page into the bounce
 * buffer @to, before the I/O starts. Process context: the KM_USER0 window.
 */
static void copy_from_high_bh(void *to, struct buffer_head *from)
{
	bounce_copy(from, to, false, KM_USER0);
}

/*
 * Copy a finished READ from the bounce buffer @from into the caller's
 * highmem page. Runs in the disk's interrupt handler, so it uses a window
 * of its own, KM_BOUNCE_READ, with interrupts off so that no other
 * handler can come in between and reuse it.
 */
static void copy_to_high_bh_irq(struct buffer_head *to, void *from)
{
	unsigned long flags;

	local_irq_save(flags);
	bounce_copy(to, from, true, KM_BOUNCE_READ);
	local_irq_restore(flags);
}

/*
 * The end of a bounced transfer, READ or WRITE: tell the caller (its
 * b_end_io), then give the bounce page back, refilling the pool first.
 */
static void bounce_end_io(struct ata_request *rq, int uptodate)
{
	struct buffer_head *bh_orig = rq->private;
	/* Read it now: b_end_io may let the owner reuse @rq, part of bh. */
	struct page *page = virt_to_page(rq->buffer);

	bh_orig->b_end_io(bh_orig, uptodate);
	free_bounce_page(page);
}

/* Completion of a bounced WRITE: the data is on the disk. */
static void bounce_end_io_write(struct ata_request *rq, int uptodate)
{
	bounce_end_io(rq, uptodate);
}

/* Completion of a bounced READ: copy the data up to the highmem page. */
static void bounce_end_io_read(struct ata_request *rq, int uptodate)
{
	struct buffer_head *bh_orig = rq->private;

	if (uptodate) {
		copy_to_high_bh_irq(bh_orig, rq->buffer);
		bounce_stats.bounced_reads++;
	}
	bounce_end_io(rq, uptodate);
}

/**
 * Route the transfer of @p bh_orig, whose page is in highmem, through a
 * low bounce page (alloc_bounce_page(); may sleep). A WRITE's data is
 * copied into the bounce page now; a READ's is copied back by the
 * completion (bounce_end_io_read()), which then calls the caller's
 * b_end_io and frees the bounce page. Returns the request to hand to the
 * driver: @p bh_orig's own b_rq, redirected to the bounce page.
 */
struct ata_request *create_bounce(int rw, struct buffer_head *bh_orig)
{
	struct ata_request *rq = &bh_orig->b_rq;
	void *bounce = page_address(alloc_bounce_page());

	if (rw == WRITE) {
		copy_from_high_bh(bounce, bh_orig);
		bounce_stats.bounced_writes++;
		rq->end_io = bounce_end_io_write;
	} else {
		rq->end_io = bounce_end_io_read;
	}
	rq->buffer = bounce;
	rq->private = bh_orig;
	return rq;
}
