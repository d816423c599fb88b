// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_vmalloc.c - kernel/mm/vmalloc.c and vmap_area.c on a host
 * "machine" (mm_host.h), both designs: where get_vm_area() puts areas
 * (first fit, guard pages, 2.6's extra gap page, checked against a model
 * of its own), that 2.6's gap-search cache never changes the answer, the
 * window's limits, exhaustion and recovery, the page tables vmalloc()
 * builds (every page mapped to the frames it allocated, kernel-only, the
 * guard page empty), freeing (pages back, ptes cleared, one TLB flush per
 * vfree() under 2.4, one per purge under 2.6), failures half-way through,
 * bad frees, vmap() references, ioremap-style mappings and vread()'s holes.
 *
 * The vmalloc addresses are only looked up in the test's page tables
 * (swapper_pg_dir here is an ordinary array), never dereferenced.
 *
 * UNIT-SOURCES: kernel/mm/vmalloc.c kernel/mm/vmap_area.c kernel/mm/memory.c
 * UNIT-SOURCES: kernel/mm/pgwalk.c
 * UNIT-SOURCES: kernel/mm/page_alloc.c kernel/mm/bootmem.c
 * UNIT-SOURCES: kernel/lib/rbtree.c kernel/lib/string.c kernel/lib/vsprintf.c
 */
#include "mm_host.h"
#include <vmalloc.h>
#include <mm_types.h>
#include <tlbflush.h>
#include <slab.h>
#include <leakcheck.h>
#include "../../kernel/mm/internal.h"

/* ---- what the mm code needs from the rest of the kernel ------------------ */

pgd_t swapper_pg_dir[PTRS_PER_PGD] __attribute__((aligned(4096)));
struct mm_struct init_mm = {
	.pgd = swapper_pg_dir,
	.page_table_lock = SPIN_LOCK_UNLOCKED(init_mm.page_table_lock),
};
struct tlb_stats tlb_stats;
unsigned long host_vmalloc_start, host_vmalloc_end;
static unsigned long live_kmallocs;

void flush_tlb_all(void)
{
	tlb_stats.flush_all++;
}

void *kmalloc(size_t size, int flags)
{
	(void)flags;
	live_kmallocs++;
	return malloc(size);
}

void kfree(const void *p)
{
	if (p)
		live_kmallocs--;
	free((void *)p);
}

int spin_trylock(spinlock_t *lock)
{
	if (lock->locked)
		return 0;
	spin_lock(lock);
	return 1;
}

const char *kallsyms_lookup(unsigned long addr, unsigned long *offset,
			    unsigned long *size)
{
	(void)addr;
	(void)offset;
	(void)size;
	return NULL;
}

static void (*settle_fn)(void);

void register_settle(void (*fn)(void))
{
	settle_fn = fn;
}

/* ---- the machine --------------------------------------------------------- */

#define DMA_PAGES	1024		/* 4 MiB */
#define NORMAL_PAGES	1536		/* 6 MiB */
#define HIGH_PAGES	2048		/* 8 MiB */
#define WINDOW		(64UL << 20)	/* the vmalloc window: 16384 pages */
#define P		PAGE_SIZE

/* A fresh machine running @design, with an empty window. */
static void boot(enum vmalloc_impl design)
{
	CHECK(vmlist == NULL);	/* the previous case gave everything back */
	memset(swapper_pg_dir, 0, sizeof(swapper_pg_dir));
	machine_boot(DMA_PAGES, NORMAL_PAGES, HIGH_PAGES);
	num_physpages = DMA_PAGES + NORMAL_PAGES + HIGH_PAGES;
	host_vmalloc_start = 0xc2800000UL;
	host_vmalloc_end = host_vmalloc_start + WINDOW;
	vmalloc_design = design;
	vmap_hole_cache = true;
	memset(&vmap_stats, 0, sizeof(vmap_stats));
	tlb_stats.flush_all = 0;
	live_kmallocs = 0;
	vmalloc_init();
	log_clear();
}

/* The case is over: nothing may be left behind, lazily or not. */
static void done(void)
{
	vm_unmap_aliases();
	CHECK(vmlist == NULL);
	CHECK_EQ(vmap_stats.live_areas, 0);
	CHECK_EQ(vmap_stats.lazy_pages, 0);
	CHECK_EQ(live_kmallocs, 0);
	CHECK_QUIESCENT();
}

/* The pte of @va in swapper_pg_dir, or NULL if no page table covers it. */
static pte_t *pte_of(unsigned long va)
{
	return lookup_address(va);
}

static bool mapped(unsigned long va)
{
	pte_t *pte = pte_of(va);

	return pte && pte_present(*pte);
}

/* Give every pgd slot of the window a page table now, so that page counts
 * compare like with like (page tables are never freed). */
static void populate_window_tables(void)
{
	for (unsigned long va = VMALLOC_START; va < VMALLOC_END;
	     va += PGDIR_SIZE)
		CHECK(pte_alloc_kernel(pmd_alloc(&init_mm, pgd_offset_k(va),
						 va), va) != NULL);
}

/* How many pgd slots of the window have a page table. */
static unsigned long window_tables(void)
{
	unsigned long n = 0;

	for (unsigned long va = VMALLOC_START; va < VMALLOC_END;
	     va += PGDIR_SIZE)
		n += !pmd_none(*pmd_offset(pgd_offset_k(va), va));
	return n;
}

/* vmlist is sorted, inside the window, non-overlapping, and (2.6) every
 * area is found again through the tree. */
static int vmlist_ok(void)
{
	unsigned long last_end = VMALLOC_START;

	for (struct vm_struct *v = vmlist; v; v = v->next) {
		unsigned long a = (unsigned long)v->addr;

		if (a < last_end || a + v->size > VMALLOC_END ||
		    v->size < 2 * P || (a | v->size) & (P - 1))
			return 0;
		if (find_vm_area(v->addr) != v)
			return 0;
		last_end = a + v->size;
	}
	return 1;
}

/* ---- where areas go ------------------------------------------------------ */

static void first_fit_24(void)
{
	struct vm_struct *a, *b, *c, *d, *e;
	unsigned long s;

	boot(VMALLOC_DESIGN_24);
	s = VMALLOC_START;
	a = get_vm_area(P, VM_ALLOC);
	b = get_vm_area(P, VM_ALLOC);
	c = get_vm_area(3 * P, VM_ALLOC);
	CHECK_EQ((unsigned long)a->addr, s);
	CHECK_EQ(a->size, 2 * P);			/* the guard page */
	CHECK_EQ((unsigned long)b->addr, s + 2 * P);	/* right after it */
	CHECK_EQ((unsigned long)c->addr, s + 4 * P);
	CHECK_EQ(c->size, 4 * P);
	CHECK(vmlist == a && a->next == b && b->next == c && !c->next);
	free_vm_area(b);
	CHECK(vmlist_ok());
	e = get_vm_area(2 * P, VM_ALLOC);	/* needs 3: the hole has 2 */
	CHECK_EQ((unsigned long)e->addr, s + 8 * P);
	d = get_vm_area(1, VM_ALLOC);		/* rounded up; fits the hole */
	CHECK_EQ((unsigned long)d->addr, s + 2 * P);
	CHECK(a->next == d && d->next == c && c->next == e);
	CHECK_EQ(tlb_stats.flush_all, 1);	/* free_vm_area() flushed */
	free_vm_area(a);
	free_vm_area(c);
	free_vm_area(d);
	free_vm_area(e);
	done();
}

static void first_fit_26(void)
{
	struct vm_struct *a, *b, *c, *d, *e;
	unsigned long s;

	boot(VMALLOC_DESIGN_26);
	s = VMALLOC_START;
	a = get_vm_area(P, VM_ALLOC);
	b = get_vm_area(P, VM_ALLOC);
	c = get_vm_area(P, VM_ALLOC);
	CHECK_EQ((unsigned long)a->addr, s);
	CHECK_EQ(a->size, 2 * P);
	/* 2.6.32 leaves one more page between vmap_areas. */
	CHECK_EQ((unsigned long)b->addr, s + 3 * P);
	CHECK_EQ((unsigned long)c->addr, s + 6 * P);
	CHECK_EQ(vmap_stats.live_areas, 3);
	free_vm_area(b);
	/* Lazily freed: the range stays taken, no TLB flush yet. */
	CHECK_EQ(vmap_stats.lazy_pages, 2);
	CHECK_EQ(vmap_stats.live_areas, 3);
	CHECK_EQ(tlb_stats.flush_all, 0);
	CHECK(find_vm_area((void *)(s + 3 * P)) == NULL);
	d = get_vm_area(P, VM_ALLOC);
	CHECK_EQ((unsigned long)d->addr, s + 9 * P);
	vm_unmap_aliases();
	CHECK_EQ(tlb_stats.flush_all, 1);
	CHECK_EQ(vmap_stats.purges, 1);
	CHECK_EQ(vmap_stats.lazy_pages, 0);
	e = get_vm_area(P, VM_ALLOC);		/* b's old range, now free */
	CHECK_EQ((unsigned long)e->addr, s + 3 * P);
	CHECK(vmlist == a && a->next == e && e->next == c && c->next == d);
	CHECK(vmlist_ok());
	free_vm_area(a);
	free_vm_area(c);
	free_vm_area(d);
	free_vm_area(e);
	done();
}

/*
 * An independent model of both designs' placement: areas as [start, end)
 * pairs in address order; first fit from the window start, keeping
 * @gap pages between areas (0 for 2.4, 1 for 2.6).
 */
#define MAXA 400
static unsigned long m_start[MAXA], m_end[MAXA];
static int m_n;

static unsigned long model_alloc(unsigned long size, unsigned long gap)
{
	unsigned long addr = VMALLOC_START;
	int i;

	for (i = 0; i < m_n; i++) {
		if (addr + size <= m_start[i])
			break;
		addr = m_end[i] + gap;
	}
	if (addr + size > VMALLOC_END)
		return 0;
	memmove(m_start + i + 1, m_start + i, (m_n - i) * sizeof(long));
	memmove(m_end + i + 1, m_end + i, (m_n - i) * sizeof(long));
	m_start[i] = addr;
	m_end[i] = addr + size;
	m_n++;
	return addr;
}

static void model_free(unsigned long addr)
{
	for (int i = 0; i < m_n; i++) {
		if (m_start[i] == addr) {
			memmove(m_start + i, m_start + i + 1,
				(m_n - i - 1) * sizeof(long));
			memmove(m_end + i, m_end + i + 1,
				(m_n - i - 1) * sizeof(long));
			m_n--;
			return;
		}
	}
	CHECK(!"model_free: no such area");
}

/*
 * Random allocations and frees, each checked against the model. Under 2.6
 * every free is followed by a purge, so the model needs no lazy state;
 * run with the gap-search cache on and off, which must agree.
 */
static void random_placement(enum vmalloc_impl design, bool cache)
{
	static struct vm_struct *live[MAXA];
	unsigned long gap = design == VMALLOC_DESIGN_26 ? P : 0;
	int n = 0, bad = 0;

	boot(design);
	vmap_hole_cache = cache;
	m_n = 0;
	srand(42);
	for (int step = 0; step < 3000 && !bad; step++) {
		if (n < MAXA && (n == 0 || rand() % 100 < 55)) {
			unsigned long pages = 1 + (rand() % 4 ? rand() % 8
							      : rand() % 300);
			struct vm_struct *v = get_vm_area(pages * P, VM_ALLOC);
			unsigned long want = model_alloc((pages + 1) * P, gap);

			if ((v ? (unsigned long)v->addr : 0) != want) {
				printf("    # step %d: %lu pages at %lx, model "
				       "%lx\n", step, pages,
				       v ? (unsigned long)v->addr : 0, want);
				bad = 1;
			}
			if (v)
				live[n++] = v;
		} else {
			int i = rand() % n;

			model_free((unsigned long)live[i]->addr);
			free_vm_area(live[i]);
			vm_unmap_aliases();
			live[i] = live[--n];
		}
		if (step % 50 == 0 && !vmlist_ok())
			bad = 1;
	}
	CHECK(!bad);
	CHECK(vmlist_ok());
	while (n)
		free_vm_area(live[--n]);
	done();
}

static void random_placement_24(void)
{
	random_placement(VMALLOC_DESIGN_24, true);
}

static void random_placement_26_with_cache(void)
{
	random_placement(VMALLOC_DESIGN_26, true);
}

static void random_placement_26_without_cache(void)
{
	random_placement(VMALLOC_DESIGN_26, false);
}

/* ---- the window's limits ------------------------------------------------- */

static void window_limits(enum vmalloc_impl design)
{
	struct vm_struct *v;

	boot(design);
	CHECK(get_vm_area(0, VM_ALLOC) == NULL);
	CHECK(get_vm_area(WINDOW, VM_ALLOC) == NULL);	/* + guard: too big */
	CHECK(get_vm_area(-1UL, VM_ALLOC) == NULL);	/* rounds up to 0 */
	CHECK(get_vm_area(-P, VM_ALLOC) == NULL);	/* + guard wraps */
	CHECK(get_vm_area(-3 * P, VM_ALLOC) == NULL);	/* wraps the window */
	v = get_vm_area(WINDOW - P, VM_ALLOC);		/* exactly fits */
	CHECK(v && (unsigned long)v->addr == VMALLOC_START &&
	      v->size == WINDOW);
	CHECK(get_vm_area(P, VM_ALLOC) == NULL);	/* nothing left */
	free_vm_area(v);
	/* A range of the window: the result stays inside it. */
	v = __get_vm_area(P, VM_ALLOC, VMALLOC_START + 8 * PGDIR_SIZE,
			  VMALLOC_START + 9 * PGDIR_SIZE);
	CHECK(v && (unsigned long)v->addr == VMALLOC_START + 8 * PGDIR_SIZE);
	CHECK(__get_vm_area(P, VM_ALLOC, VMALLOC_START + P,
			    VMALLOC_START + P) == NULL);
	CHECK(__get_vm_area(PGDIR_SIZE, VM_ALLOC, VMALLOC_START,
			    VMALLOC_START + PGDIR_SIZE) == NULL);
	free_vm_area(v);
	if (design == VMALLOC_DESIGN_26)
		CHECK(log_has("vmap allocation for size"));
	done();
}

static void window_limits_24(void)
{
	window_limits(VMALLOC_DESIGN_24);
}

static void window_limits_26(void)
{
	window_limits(VMALLOC_DESIGN_26);
}

/*
 * Fill the window with 1 MiB areas until get_vm_area() says no; the count
 * is what the spacing predicts. Then give one back and take it again, and
 * free everything: the allocator works as before.
 */
static void exhaustion(enum vmalloc_impl design)
{
	static struct vm_struct *v[128];
	unsigned long per = (256 + 1 + (design == VMALLOC_DESIGN_26)) * P;
	int n = 0;
	void *hole;

	boot(design);
	while (n < 128 && (v[n] = get_vm_area(256 * P, VM_ALLOC)))
		n++;
	/* The last area needs no gap page after it. */
	CHECK_EQ(n, (WINDOW + (design == VMALLOC_DESIGN_26) * P) / per);
	CHECK(get_vm_area(P * 256, VM_ALLOC) == NULL);
	CHECK(vmlist_ok());
	if (design == VMALLOC_DESIGN_26) {
		/* Both refusals said why, after a purge found nothing. */
		CHECK_EQ(vmap_stats.failures, 2);
		CHECK_EQ(vmap_stats.purges, 0);
		CHECK(log_has("vmap allocation for size 1052672 failed: use "
			      "vmalloc=<size> to increase size."));
	}
	hole = v[n / 2]->addr;
	free_vm_area(v[n / 2]);
	/* 2.6: the freed range is lazy; the failed search purges, retries. */
	v[n / 2] = get_vm_area(256 * P, VM_ALLOC);
	CHECK(v[n / 2] && v[n / 2]->addr == hole);
	if (design == VMALLOC_DESIGN_26) {
		CHECK_EQ(vmap_stats.purges, 1);
		CHECK_EQ(vmap_stats.failures, 2);
	}
	while (n)
		free_vm_area(v[--n]);
	v[0] = get_vm_area(WINDOW - P, VM_ALLOC);
	CHECK(v[0] != NULL);
	free_vm_area(v[0]);
	done();
}

static void exhaustion_24(void)
{
	exhaustion(VMALLOC_DESIGN_24);
}

static void exhaustion_26(void)
{
	exhaustion(VMALLOC_DESIGN_26);
}

/* ---- mapping and freeing ------------------------------------------------- */

/* Every page of @v maps a distinct, allocated frame, kernel-only and
 * writable; the guard page maps nothing. Returns the number of problems. */
static int area_mapped(struct vm_struct *v, struct page **frames)
{
	unsigned long a = (unsigned long)v->addr;
	int bad = 0, n = v->size / P - 1;

	for (int i = 0; i < n; i++) {
		pte_t *pte = pte_of(a + i * P);

		if (!pte || !pte_present(*pte) || pte_user(*pte) ||
		    !pte_write(*pte)) {
			bad++;
			continue;
		}
		frames[i] = pte_page(*pte);
		if (page_count(frames[i]) != 1 || PageBuddy(frames[i]))
			bad++;
		for (int j = 0; j < i; j++)
			if (frames[j] == frames[i])
				bad++;
		if (v->pages && v->pages[i] != frames[i])
			bad++;
		if (vmalloc_to_page((void *)(a + i * P)) != frames[i])
			bad++;
	}
	if (mapped(a + n * P))
		bad++;
	return bad;
}

static void vmalloc_maps_vfree_frees(enum vmalloc_impl design)
{
	struct page *frames[40];
	unsigned long free, flushes;
	struct vm_struct *v;
	void *p;

	boot(design);
	populate_window_tables();
	free = nr_free_pages();
	p = vmalloc(40 * P - 100);		/* rounds up to 40 pages */
	CHECK(p != NULL);
	v = find_vm_area(p);
	CHECK(v && v->size == 41 * P && v->flags == VM_ALLOC &&
	      v->nr_pages == 40);
	CHECK_EQ(!!v->pages, design == VMALLOC_DESIGN_26);
	CHECK_EQ(area_mapped(v, frames), 0);
	CHECK_EQ(nr_free_pages(), free - 40);
	/* GFP_HIGHMEM: high memory first. */
	for (int i = 0; i < 40; i++)
		CHECK(PageHighMem(frames[i]));
	flushes = tlb_stats.flush_all;
	vfree(p);
	CHECK_EQ(nr_free_pages(), free);	/* pages back at once */
	for (int i = 0; i < 40; i++)
		CHECK_EQ(page_count(frames[i]), 0);
	if (design == VMALLOC_DESIGN_24) {
		CHECK_EQ(tlb_stats.flush_all, flushes + 1);
		for (int i = 0; i < 41; i++)
			CHECK(!mapped((unsigned long)p + i * P));
	} else {
		/* Still mapped (to free pages!) until the purge. */
		CHECK_EQ(tlb_stats.flush_all, flushes);
		CHECK(mapped((unsigned long)p));
		CHECK(mapped((unsigned long)p + 39 * P));
		CHECK_EQ(vmap_stats.lazy_pages, 41);
		vm_unmap_aliases();
		CHECK_EQ(tlb_stats.flush_all, flushes + 1);
		for (int i = 0; i < 41; i++)
			CHECK(!mapped((unsigned long)p + i * P));
	}
	CHECK(find_vm_area(p) == NULL);
	/* vmalloc_32 and vmalloc_dma keep to their zones. */
	p = vmalloc_32(8 * P);
	CHECK_EQ(area_mapped(find_vm_area(p), frames), 0);
	for (int i = 0; i < 8; i++)
		CHECK(!PageHighMem(frames[i]));
	vfree(p);
	p = vmalloc_dma(8 * P);
	CHECK_EQ(area_mapped(find_vm_area(p), frames), 0);
	for (int i = 0; i < 8; i++)
		CHECK(page_to_pfn(frames[i]) < DMA_PAGES);
	vfree(p);
	vm_unmap_aliases();
	CHECK_EQ(nr_free_pages(), free);
	done();
}

static void vmalloc_maps_vfree_frees_24(void)
{
	vmalloc_maps_vfree_frees(VMALLOC_DESIGN_24);
}

static void vmalloc_maps_vfree_frees_26(void)
{
	vmalloc_maps_vfree_frees(VMALLOC_DESIGN_26);
}

static void sizes_refused(enum vmalloc_impl design)
{
	unsigned long free;

	boot(design);
	free = nr_free_pages();
	CHECK(vmalloc(0) == NULL);
	CHECK(vmalloc((num_physpages + 1) * P) == NULL);
	CHECK(vmalloc(-1UL) == NULL);
	CHECK(vmalloc(-P) == NULL);
	CHECK(vmap(NULL, 0, VM_MAP, PAGE_KERNEL) == NULL);
	CHECK_EQ(nr_free_pages(), free);
	done();
}

static void sizes_refused_24(void)
{
	sizes_refused(VMALLOC_DESIGN_24);
}

static void sizes_refused_26(void)
{
	sizes_refused(VMALLOC_DESIGN_26);
}

/*
 * vmalloc_dma() of more pages than ZONE_DMA has free: the page allocator
 * fails part of the way; every page taken goes back. (ZONE_DMA is first
 * cut down to 200 free pages, so that 2.6's pages[] array fits in one
 * kmalloc(): a vmalloc'ed one could not be written on the host.)
 */
static void failure_half_way(enum vmalloc_impl design)
{
	static struct page *hog[DMA_PAGES];
	unsigned long free, kmallocs, dma;
	int nhog = 0;

	boot(design);
	populate_window_tables();
	while (contig_page_data.node_zones[ZONE_DMA].free_pages > 200)
		hog[nhog++] = alloc_page(GFP_DMA);
	free = nr_free_pages();
	kmallocs = live_kmallocs;
	dma = contig_page_data.node_zones[ZONE_DMA].free_pages;
	CHECK(vmalloc_dma((dma + 5) * P) == NULL);
	CHECK(nr_failed_allocs > 0);
	vm_unmap_aliases();
	CHECK_EQ(nr_free_pages(), free);
	CHECK_EQ(live_kmallocs, kmallocs);
	CHECK(vmlist == NULL);
	/* The same, with the page tables still to be made on the way. */
	memset(swapper_pg_dir, 0, sizeof(swapper_pg_dir));
	free = nr_free_pages();
	CHECK(vmalloc_dma((dma + 5) * P) == NULL);
	vm_unmap_aliases();
	/*
	 * 2.4 maps as it allocates: the page tables made on the way stay
	 * (never freed). 2.6 allocates every page before it maps any, so it
	 * failed before it needed a page table.
	 */
	CHECK_EQ(window_tables() > 0, design == VMALLOC_DESIGN_24);
	CHECK_EQ(nr_free_pages(), free - window_tables());
	while (nhog)
		__free_page(hog[--nhog]);
	done();
}

static void failure_half_way_24(void)
{
	failure_half_way(VMALLOC_DESIGN_24);
}

static void failure_half_way_26(void)
{
	failure_half_way(VMALLOC_DESIGN_26);
}

/* ---- bad input ----------------------------------------------------------- */

static void bad_frees(enum vmalloc_impl design)
{
	struct page *frames[4];
	unsigned long free;
	void *p;

	boot(design);
	populate_window_tables();
	p = vmalloc(4 * P);
	free = nr_free_pages();
	vfree(NULL);
	CHECK_EQ(log_len, 0);
	vfree((char *)p + 1);
	CHECK(log_has("Trying to vfree() bad address ("));
	log_clear();
	vfree((char *)p + P);
	CHECK(log_has("Trying to vfree() nonexistent vm area ("));
	log_clear();
	vfree((void *)(VMALLOC_END + 8 * P));
	CHECK(log_has("Trying to vfree() nonexistent vm area ("));
	CHECK_EQ(nr_free_pages(), free);
	CHECK_EQ(area_mapped(find_vm_area(p), frames), 0);
	vfree(p);
	log_clear();
	vfree(p);			/* twice */
	CHECK(log_has("Trying to vfree() nonexistent vm area ("));
	vm_unmap_aliases();
	log_clear();
	vfree(p);			/* after the purge, too */
	CHECK(log_has("Trying to vfree() nonexistent vm area ("));
	done();
}

static void bad_frees_24(void)
{
	bad_frees(VMALLOC_DESIGN_24);
}

static void bad_frees_26(void)
{
	bad_frees(VMALLOC_DESIGN_26);
}

/* ---- vmap, ioremap-style mappings, vread --------------------------------- */

/* Like area_mapped(), for vmap: the frames are @pages, in order; under
 * 2.4 each carries vmap()'s extra reference. */
static int area_mapped_refs(struct vm_struct *v, struct page **frames,
			    struct page **pages)
{
	int refs = vmalloc_design == VMALLOC_DESIGN_24 ? 2 : 1, bad = 0;
	int n = v->size / P - 1;

	for (int i = 0; i < n; i++) {
		frames[i] = vmalloc_to_page((char *)v->addr + i * P);
		if (frames[i] != pages[i] || page_count(pages[i]) != refs)
			bad++;
	}
	return bad + mapped((unsigned long)v->addr + n * P);
}

static void vmap_leaves_pages_to_owner(enum vmalloc_impl design)
{
	struct page *pages[5], *frames[5];
	unsigned long free;
	void *p;

	boot(design);
	populate_window_tables();
	free = nr_free_pages();
	for (int i = 0; i < 5; i++)
		pages[i] = alloc_page(GFP_KERNEL | (i & 1 ? __GFP_HIGHMEM : 0));
	p = vmap(pages, 5, VM_MAP, PAGE_KERNEL);
	CHECK(p && find_vm_area(p)->flags == VM_MAP);
	CHECK_EQ(area_mapped_refs(find_vm_area(p), frames, pages), 0);
	vunmap(p);
	vm_unmap_aliases();
	for (int i = 0; i < 5; i++) {
		CHECK_EQ(page_count(pages[i]), 1);
		CHECK(!mapped((unsigned long)p + i * P));
		__free_page(pages[i]);
	}
	/* A NULL in the array fails the vmap and unmaps what was mapped. */
	pages[2] = NULL;
	pages[0] = alloc_page(GFP_KERNEL);
	pages[1] = alloc_page(GFP_KERNEL);
	CHECK(vmap(pages, 3, VM_MAP, PAGE_KERNEL) == NULL);
	vm_unmap_aliases();
	CHECK_EQ(page_count(pages[0]), 1);
	CHECK_EQ(page_count(pages[1]), 1);
	__free_page(pages[0]);
	__free_page(pages[1]);
	CHECK_EQ(nr_free_pages(), free);
	done();
}

static void vmap_leaves_pages_to_owner_24(void)
{
	vmap_leaves_pages_to_owner(VMALLOC_DESIGN_24);
}

static void vmap_leaves_pages_to_owner_26(void)
{
	vmap_leaves_pages_to_owner(VMALLOC_DESIGN_26);
}

/*
 * remap_area_pages(): consecutive frames with the caller's protection;
 * vfree() of a VM_IOREMAP area leaves the frames alone, even RAM ones.
 */
static void physical_ranges(enum vmalloc_impl design)
{
	unsigned long phys, free, a;
	struct vm_struct *v;
	struct page *ram;

	boot(design);
	populate_window_tables();
	ram = alloc_page(GFP_KERNEL);
	phys = page_to_phys(ram);
	free = nr_free_pages();
	v = get_vm_area(3 * P, VM_IOREMAP);
	a = (unsigned long)v->addr;
	CHECK_EQ(remap_area_pages(a, phys, 3 * P, PAGE_KERNEL_NOCACHE), 0);
	for (int i = 0; i < 3; i++) {
		pte_t *pte = pte_of(a + i * P);

		CHECK(pte && pte_phys(*pte) == phys + i * P);
		CHECK(pte && (pte_val(*pte) & _PAGE_PCD));
	}
	CHECK(!mapped(a + 3 * P));
	CHECK_EQ(page_count(ram), 1);		/* no reference taken */
	vfree(v->addr);
	vm_unmap_aliases();
	CHECK(!mapped(a));
	CHECK_EQ(page_count(ram), 1);
	CHECK_EQ(nr_free_pages(), free);
	__free_page(ram);
	done();
}

static void physical_ranges_24(void)
{
	physical_ranges(VMALLOC_DESIGN_24);
}

static void physical_ranges_26(void)
{
	physical_ranges(VMALLOC_DESIGN_26);
}

/*
 * vread() over reserved (never mapped) areas only, as vmalloc addresses
 * cannot be read here: holes and guard pages read as zeros, the window
 * after the last area ends the read. (The guest suite reads real data.)
 */
static void vread_holes(void)
{
	static char buf[20 * 4096];
	struct vm_struct *a, *b;
	char *s;

	boot(VMALLOC_DESIGN_24);
	a = __get_vm_area(P, VM_IOREMAP, VMALLOC_START + 2 * P, VMALLOC_END);
	b = __get_vm_area(2 * P, VM_IOREMAP, VMALLOC_START + 8 * P,
			  VMALLOC_END);
	s = (char *)VMALLOC_START;
	memset(buf, 0x5a, sizeof(buf));
	/* From the window start to past b: stops at the end of b's pages. */
	CHECK_EQ(vread(buf, s, sizeof(buf)), 10 * P);
	CHECK(buf[0] == 0 && buf[10 * P - 1] == 0 && buf[10 * P] == 0x5a);
	CHECK_EQ(vread(buf, s + 11 * P, P), 0);		/* b's guard page on */
	CHECK_EQ(vread(buf, s + 3 * P, 2), 2);		/* a's guard page */
	CHECK_EQ(vread(buf, (char *)-P, 2 * P), 0);	/* wraps: clamped */
	free_vm_area(a);
	free_vm_area(b);
	done();
}

/* /proc/vmallocinfo: one line per area, with size, pages=, phys=, kind. */
static void vmallocinfo_lines(void)
{
	static char buf[1024];
	struct vm_struct *io;
	void *p;
	int len;

	boot(VMALLOC_DESIGN_24);
	populate_window_tables();
	p = vmalloc(3 * P);
	io = get_vm_area(P, VM_IOREMAP);
	io->phys_addr = 0xfebc0000;
	len = vmallocinfo_read(buf, sizeof(buf));
	CHECK_EQ(len, (int)strlen(buf));
	CHECK(strstr(buf, "   16384 ") && strstr(buf, " pages=3 vmalloc\n"));
	CHECK(strstr(buf, "    8192 ") &&
	      strstr(buf, " phys=febc0000 ioremap\n"));
	CHECK(strstr(buf, "c2800000-0x") && strstr(buf, "c2804000-0x"));
	CHECK_EQ(vmallocinfo_read(buf, 10), 9);		/* truncated */
	vfree(p);
	free_vm_area(io);
	CHECK_EQ(vmallocinfo_read(buf, sizeof(buf)), 0);
	done();
}

/* ---- lazy purging (2.6) -------------------------------------------------- */

static void purge_after_lazy_max_pages(void)
{
	static struct vm_struct *v[40];
	unsigned long per = 256 * P;	/* + guard = 257 pages lazily freed */
	int n = 0;

	boot(VMALLOC_DESIGN_26);
	CHECK_EQ(lazy_max_pages(), 8192);
	for (n = 0; n < 40; n++)
		v[n] = get_vm_area(per, VM_ALLOC);
	/* 31 * 257 = 7967 pages may wait; the 32nd free passes 8192. */
	for (int i = 0; i < 31; i++)
		free_vm_area(v[i]);
	CHECK_EQ(vmap_stats.purges, 0);
	CHECK_EQ(tlb_stats.flush_all, 0);
	CHECK_EQ(vmap_stats.lazy_pages, 31 * 257);
	free_vm_area(v[31]);
	CHECK_EQ(vmap_stats.purges, 1);
	CHECK_EQ(vmap_stats.purged_areas, 32);
	CHECK_EQ(tlb_stats.flush_all, 1);	/* one flush for 32 areas */
	CHECK_EQ(vmap_stats.lazy_pages, 0);
	for (int i = 32; i < 40; i++)
		free_vm_area(v[i]);
	CHECK_EQ(vmap_stats.purges, 1);
	done();
	CHECK_EQ(vmap_stats.purges, 2);		/* done() purged the rest */
	CHECK_EQ(tlb_stats.flush_all, 2);
}

/* The framework's settle hook is the purge: counters see no lazy areas. */
static void settle_hook_purges(void)
{
	boot(VMALLOC_DESIGN_26);
	CHECK(settle_fn != NULL);
	free_vm_area(get_vm_area(P, VM_ALLOC));
	CHECK_EQ(vmap_stats.live_areas, 1);
	settle_fn();
	CHECK_EQ(vmap_stats.live_areas, 0);
	CHECK_EQ(live_kmallocs, 0);
	done();
}

static const struct unit_case cases[] = {
	UNIT_CASE(first_fit_24),
	UNIT_CASE(first_fit_26),
	UNIT_CASE(random_placement_24),
	UNIT_CASE(random_placement_26_with_cache),
	UNIT_CASE(random_placement_26_without_cache),
	UNIT_CASE(window_limits_24),
	UNIT_CASE(window_limits_26),
	UNIT_CASE(exhaustion_24),
	UNIT_CASE(exhaustion_26),
	UNIT_CASE(vmalloc_maps_vfree_frees_24),
	UNIT_CASE(vmalloc_maps_vfree_frees_26),
	UNIT_CASE(sizes_refused_24),
	UNIT_CASE(sizes_refused_26),
	UNIT_CASE(failure_half_way_24),
	UNIT_CASE(failure_half_way_26),
	UNIT_CASE(bad_frees_24),
	UNIT_CASE(bad_frees_26),
	UNIT_CASE(vmap_leaves_pages_to_owner_24),
	UNIT_CASE(vmap_leaves_pages_to_owner_26),
	UNIT_CASE(physical_ranges_24),
	UNIT_CASE(physical_ranges_26),
	UNIT_CASE(vread_holes),
	UNIT_CASE(vmallocinfo_lines),
	UNIT_CASE(purge_after_lazy_max_pages),
	UNIT_CASE(settle_hook_purges),
};

int main(void)
{
	return unit_main("vmalloc", cases, ARRAY_SIZE(cases));
}
