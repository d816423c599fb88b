// SPDX-License-Identifier: GPL-2.0-only
/*
 * vmalloc_test.c - Chapter 8, non-contiguous memory allocation, on the
 * machine: vmalloc() and vfree() as the Bochs oracle sees them (the
 * "vmalloc_areas", "vfree_areas" and "vmap_purge" checkpoints), the guard
 * page's oops, the vmalloc fault in a page directory copied too early
 * ("vmalloc_fault_before/after"), highmem pages, failures half-way,
 * exhaustion of the window, bad frees, vmap(), vread() (and a reader
 * thread racing vmalloc()), vmalloc_to_page() on the direct map, ioremap()
 * of the BIOS ROM ("ioremap_area") and of the VGA buffer,
 * /proc/vmallocinfo and the lazy purging of the 2.6 design. Every case
 * runs under both designs (`vmalloc=2.6` selects the second); where they
 * differ, the case says what each must do.
 *
 * Page tables of the vmalloc window are never freed, so a case that made
 * one would look like a leak to the free-pages counter. The suite makes
 * those its cases use beforehand (suite_init), after taking the copy of
 * swapper_pg_dir the vmalloc-fault case runs on: that copy predates them,
 * exactly like a process's page directory made before a vmalloc().
 */
#include "mm_test.h"
#include <vmalloc.h>
#include <pgtable.h>
#include <pgalloc.h>
#include <mm_types.h>
#include <mmu_context.h>
#include <tlbflush.h>
#include <traps.h>
#include <checkpoint.h>
#include <system.h>
#include <sched.h>
#include <io.h>
#include <slab.h>
#include <stddef.h>
#include <kallsyms.h>
#include <extable.h>

#define P		PAGE_SIZE
/* The part of the window whose page tables suite_init makes. */
#define TEST_SPAN	(48UL << 20)
#define PATTERN		0x56000000U
#define BIOS_ROM	0xffff0000UL	/* the BIOS ROM's last 64 KiB */

static bool v26(void)
{
	return vmalloc_design == VMALLOC_DESIGN_26;
}

/* ---- the suite's fixtures ------------------------------------------------ */

/* A page directory copied before the window's page tables existed. */
static struct mm_struct *early_mm;

static unsigned long test_span_end(void)
{
	return min(VMALLOC_START + TEST_SPAN, VMALLOC_END);
}

static int vmalloc_suite_init(struct kunit_suite *suite)
{
	(void)suite;
	early_mm = mm_alloc();
	if (!early_mm)
		return -1;
	return populate_vmalloc_tables(TEST_SPAN);
}

static void vmalloc_suite_exit(struct kunit_suite *suite)
{
	(void)suite;
	mmput(early_mm);
}

/* Every page of @p is mapped in swapper_pg_dir, kernel-only, writable;
 * the guard page after it is not. */
static bool area_mapped(const void *p, unsigned int pages)
{
	for (unsigned int i = 0; i <= pages; i++) {
		pte_t *pte = lookup_address((unsigned long)p + i * P);
		bool ok = pte && pte_present(*pte) && pte_write(*pte) &&
			  !pte_user(*pte);

		if (ok != (i < pages))
			return false;
	}
	return true;
}

static bool area_unmapped(const void *p, unsigned int pages)
{
	for (unsigned int i = 0; i <= pages; i++) {
		pte_t *pte = lookup_address((unsigned long)p + i * P);

		if (pte && pte_present(*pte))
			return false;
	}
	return true;
}

/* True if reading @addr does not fault. */
static bool readable(const void *addr)
{
	char c;

	return probe_kernel_read(&c, addr, 1) == 0;
}

/* ---- what the oracle reads ----------------------------------------------- */

/*
 * The areas a checkpoint describes, for the oracle to read with xp: for
 * each area its address, its pages and the frames the kernel recorded
 * for them (2.6: area->pages[]; 2.4 keeps no such record, so the frames
 * vmalloc_to_page() finds in the page tables).
 */
#define SEEN_AREAS	4
#define SEEN_FRAMES	64
static struct {
	u32 n;
	u32 addr[SEEN_AREAS];
	u32 pages[SEEN_AREAS];
	u32 first[SEEN_AREAS];		/* index of its first frame */
	u32 pfn[SEEN_FRAMES];
} seen;

static void seen_add(struct kunit *test, void *p)
{
	struct vm_struct *area = find_vm_area(p);
	u32 first = seen.n ? seen.first[seen.n - 1] + seen.pages[seen.n - 1]
			   : 0;

	KUNIT_ASSERT_NOT_NULL(test, area);
	KUNIT_ASSERT_LE(test, first + area->nr_pages, SEEN_FRAMES);
	seen.addr[seen.n] = (u32)(unsigned long)p;
	seen.pages[seen.n] = area->nr_pages;
	seen.first[seen.n] = first;
	for (unsigned int i = 0; i < area->nr_pages; i++) {
		struct page *page = v26() ? area->pages[i]
			: vmalloc_to_page((char *)p + i * P);

		seen.pfn[first + i] = page_to_pfn(page);
	}
	seen.n++;
}

/* The checkpoint keys that tell the oracle where and how to read. */
static void seen_checkpoint(const char *name, const char *extra)
{
	checkpoint(name, "seen=%#lx memmap=%#lx psize=%u pflags=%u pcount=%u "
		   "pprivate=%u pattern=%#x lazy=%d %s", __pa(&seen),
		   __pa(mem_map), (unsigned int)sizeof(struct page),
		   (unsigned int)offsetof(struct page, flags),
		   (unsigned int)offsetof(struct page, count),
		   (unsigned int)offsetof(struct page, private), PATTERN,
		   v26(), extra);
}

/* Fill page @i of area @a (the @a-th seen) with its own pattern. */
static void fill(void *p, unsigned int a, unsigned int pages)
{
	for (unsigned int i = 0; i < pages; i++) {
		u32 *w = (u32 *)((char *)p + i * P);

		for (unsigned int k = 0; k < P / 4; k++)
			w[k] = PATTERN | a << 16 | i << 8 | (k & 0xff);
	}
}

/* ---- allocating and freeing, seen from outside --------------------------- */

/*
 * Three areas of 16, 1 and 4 pages: mapped exactly to the frames the
 * kernel recorded, their data in those frames, guard pages empty (oracle
 * "vmalloc_areas"). Then they are freed with interrupts off, so Bochs'
 * TLB keeps what the code last touched: under 2.4 each vfree() flushed,
 * the ranges are unmapped and the TLB holds none of them; under 2.6 they
 * are still mapped, to frames already free, and the TLB still translates
 * them (oracle "vfree_areas"), until one purge clears and flushes all
 * three ("vmap_purge").
 */
static void vmalloc_seen_from_outside(struct kunit *test)
{
	static const unsigned int sizes[3] = { 16, 1, 4 };
	struct tlb_stats before;
	unsigned long flags, high = 0;
	char extra[96];
	void *p[3];

	memset(&seen, 0, sizeof(seen));
	for (int a = 0; a < 3; a++) {
		p[a] = vmalloc(sizes[a] * P);
		KUNIT_ASSERT_NOT_NULL(test, p[a]);
		KUNIT_EXPECT_TRUE(test, area_mapped(p[a], sizes[a]));
		fill(p[a], a, sizes[a]);
		seen_add(test, p[a]);
	}
	for (unsigned int i = 0; i < 21; i++)
		high += seen.pfn[i] >= highstart_pfn;
	/* vmalloc() asks for __GFP_HIGHMEM: high memory comes first. */
	KUNIT_EXPECT_EQ(test, high, nr_free_highpages() ? 21 : 0);
	snprintf(extra, sizeof(extra), "highstart=%#lx high=%lu first=%#x "
		 "guard=%#x", highstart_pfn, high, seen.addr[0],
		 seen.addr[0] + seen.pages[0] * (u32)P);
	seen_checkpoint("vmalloc_areas", extra);

	local_irq_save(flags);
	before = tlb_stats;
	for (int a = 0; a < 3; a++) {
		(void)*(volatile u32 *)p[a];	/* a fresh TLB entry each */
		vfree(p[a]);
	}
	snprintf(extra, sizeof(extra), "flushes=%lu first=%#x",
		 tlb_stats.flush_all - before.flush_all, seen.addr[0]);
	seen_checkpoint("vfree_areas", extra);
	KUNIT_EXPECT_EQ(test, tlb_stats.flush_all - before.flush_all,
			v26() ? 0 : 3);
	if (v26()) {
		KUNIT_EXPECT_TRUE(test, area_mapped(p[0], 16));
		KUNIT_EXPECT_EQ(test, vmap_stats.lazy_pages, 17 + 2 + 5);
		vm_unmap_aliases();
		snprintf(extra, sizeof(extra), "flush_all=%lu",
			 tlb_stats.flush_all);
		seen_checkpoint("vmap_purge", extra);
		KUNIT_EXPECT_EQ(test, tlb_stats.flush_all - before.flush_all,
				1);
	}
	local_irq_restore(flags);
	for (int a = 0; a < 3; a++) {
		KUNIT_EXPECT_TRUE(test, area_unmapped(p[a], sizes[a]));
		KUNIT_EXPECT_NULL(test, find_vm_area(p[a]));
		KUNIT_EXPECT_FALSE(test, readable(p[a]));
	}
	for (unsigned int i = 0; i < 21; i++)
		KUNIT_EXPECT_EQ(test, page_count(pfn_to_page(seen.pfn[i])), 0);
}

/* Sizes round up to pages; the guard page follows; 2.6 adds a gap page. */
static void sizes_round_up_and_guard_pages(struct kunit *test)
{
	void *a = vmalloc(1), *b = vmalloc(P + 1), *c;
	struct vm_struct *va, *vb;
	unsigned long off, len;

	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	va = find_vm_area(a);
	vb = find_vm_area(b);
	KUNIT_EXPECT_EQ(test, va->size, 2 * P);
	KUNIT_EXPECT_EQ(test, va->nr_pages, 1);
	KUNIT_EXPECT_EQ(test, vb->size, 3 * P);
	KUNIT_EXPECT_EQ(test, vb->flags, VM_ALLOC);
	KUNIT_EXPECT_EQ(test, (unsigned long)b - (unsigned long)a,
			v26() ? 3 * P : 2 * P);
	KUNIT_EXPECT_TRUE(test, (unsigned long)a >= VMALLOC_START &&
			  (unsigned long)b + vb->size <= VMALLOC_END);
	KUNIT_EXPECT_STREQ(test, kallsyms_lookup((unsigned long)va->caller,
						&off, &len),
			   "sizes_round_up_and_guard_pages");
	c = vmalloc(2 * P);
	KUNIT_ASSERT_NOT_NULL(test, c);
	/* vmlist is sorted by address. */
	spin_lock(&vmlist_lock);
	for (struct vm_struct *v = vmlist; v && v->next; v = v->next)
		KUNIT_EXPECT_LT(test, (unsigned long)v->addr + v->size - 1,
				(unsigned long)v->next->addr);
	spin_unlock(&vmlist_lock);
	vfree(a);
	vfree(b);
	vfree(c);
}

/* Nothing for 0 bytes, more than all memory, or more than the window. */
static void impossible_sizes_get_null(struct kunit *test)
{
	unsigned long window = VMALLOC_END - VMALLOC_START;

	KUNIT_EXPECT_NULL(test, vmalloc(0));
	KUNIT_EXPECT_NULL(test, vmalloc((num_physpages + 1) * P));
	KUNIT_EXPECT_NULL(test, vmalloc(~0UL));
	KUNIT_EXPECT_NULL(test, vmalloc(-P));
	KUNIT_EXPECT_NULL(test, get_vm_area(window, VM_ALLOC));
	if (window < num_physpages * P)	/* 1 GiB: an 88 MiB window */
		KUNIT_EXPECT_NULL(test, vmalloc(window));
	KUNIT_EXPECT_NULL(test, vmap(NULL, 0, VM_MAP, PAGE_KERNEL));
}

/* Writing into the guard page is an oops that names the area. */
static int write_guard_page(void *arg)
{
	char *p = arg;

	p[2 * P] = 1;		/* the page after the two mapped ones */
	return 0;
}

static void guard_page_write_oopses(struct kunit *test)
{
	char *p = vmalloc(2 * P), line[96];
	unsigned long faults = nr_vmalloc_faults;

	KUNIT_ASSERT_NOT_NULL(test, p);
	p[2 * P - 1] = 1;	/* the last byte is fine */
	snprintf(line, sizeof(line), "vmalloc area 0x%08lx-0x%08lx (2 pages, "
		 "caller guard_page_write_oopses+", (unsigned long)p,
		 (unsigned long)p + 3 * P);
	mm_log_marker("vmalloc_test: guard page");
	KUNIT_EXPECT_EQ(test, kunit_run_expect_oops(test, write_guard_page, p),
			EXIT_OOPS);
	KUNIT_EXPECT_TRUE(test, mm_log_since("vmalloc_test: guard page",
					     line));
	KUNIT_EXPECT_TRUE(test, mm_log_since("vmalloc_test: guard page",
					     ") guard page\n"));
	KUNIT_EXPECT_EQ(test, nr_vmalloc_faults, faults);	/* not fixed */
	vfree(p);
}

/*
 * The vmalloc fault. early_mm's page directory was copied before the
 * suite gave the window its page tables, so it lacks the pgd entry of a
 * new area. Running on it, the first access faults; the handler copies
 * the entry from swapper_pg_dir; the access succeeds; a second access
 * does not fault. The oracle checks the entry before and after.
 * Then: vfree() is not propagated (the entry stays; the shared page table
 * has the pte cleared), and an address without a page table in init_mm
 * either is an oops, not a vmalloc fault.
 */
static int read_unmapped_window(void *arg)
{
	return *(volatile int *)arg;
}

static void vmalloc_fault_copies_the_pgd_entry(struct kunit *test)
{
	u32 *p = vmalloc(P);
	unsigned long idx, faults, flags, nopt;
	pgd_t *pgd;
	u32 first, second;

	KUNIT_ASSERT_NOT_NULL(test, p);
	*p = 0xfa017ed;
	idx = pgd_index((unsigned long)p);
	pgd = early_mm->pgd;
	if (pgd_val(pgd[idx])) {
		vfree(p);
		kunit_skip(test, "the area's pgd slot predates the copy");
	}
	KUNIT_ASSERT_TRUE(test, pgd_val(swapper_pg_dir[idx]) & _PAGE_PRESENT);

	use_mm(early_mm);
	KUNIT_EXPECT_EQ(test, read_cr3(), __pa(early_mm->pgd));
	local_irq_save(flags);
	faults = nr_vmalloc_faults;
	checkpoint("vmalloc_fault_before", "pgd=%#lx index=%lu addr=%#lx "
		   "kernel_pde=%#lx faults=%lu frame=%#lx", __pa(pgd), idx,
		   (unsigned long)p, pgd_val(swapper_pg_dir[idx]), faults,
		   page_to_phys(vmalloc_to_page(p)));
	first = *(volatile u32 *)p;
	checkpoint("vmalloc_fault_after", "pgd=%#lx index=%lu addr=%#lx "
		   "kernel_pde=%#lx faults=%lu frame=%#lx", __pa(pgd), idx,
		   (unsigned long)p, pgd_val(swapper_pg_dir[idx]), faults,
		   page_to_phys(vmalloc_to_page(p)));
	second = *(volatile u32 *)p;
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, first, 0xfa017ed);
	KUNIT_EXPECT_EQ(test, second, 0xfa017ed);
	KUNIT_EXPECT_EQ(test, nr_vmalloc_faults, faults + 1);
	KUNIT_EXPECT_EQ(test, pgd_val(pgd[idx]), pgd_val(swapper_pg_dir[idx]));

	vfree(p);
	vm_unmap_aliases();
	/* Not propagated: the copied entry stays; its table is shared. */
	KUNIT_EXPECT_EQ(test, pgd_val(pgd[idx]), pgd_val(swapper_pg_dir[idx]));
	KUNIT_EXPECT_FALSE(test, readable(p));
	unuse_mm(early_mm);
	KUNIT_EXPECT_EQ(test, read_cr3(), __pa(swapper_pg_dir));

	/* No page table in init_mm: a real fault, and an oops. */
	for (nopt = VMALLOC_END - P; nopt > test_span_end(); nopt -= PGDIR_SIZE)
		if (pmd_none(*pmd_offset(pgd_offset_k(nopt), nopt)))
			break;
	KUNIT_ASSERT_GT(test, nopt, test_span_end());
	faults = nr_vmalloc_faults;
	mm_log_marker("vmalloc_test: no page table");
	KUNIT_EXPECT_EQ(test, kunit_run_expect_oops(test, read_unmapped_window,
						    (void *)nopt), EXIT_OOPS);
	KUNIT_EXPECT_TRUE(test, mm_log_since("vmalloc_test: no page table",
			"Unable to handle kernel paging request"));
	KUNIT_EXPECT_TRUE(test, mm_log_since("vmalloc_test: no page table",
					     "is in no vmalloc area"));
	KUNIT_EXPECT_EQ(test, nr_vmalloc_faults, faults);
}

/* vmalloc() takes high memory first; vmalloc_32/_dma keep to their zones. */
static void zones_of_the_pages(struct kunit *test)
{
	unsigned int n = 64, high = 0;
	char *p = vmalloc(n * P), *q, *r;

	KUNIT_ASSERT_NOT_NULL(test, p);
	for (unsigned int i = 0; i < n; i++) {
		struct page *page = vmalloc_to_page(p + i * P);

		high += PageHighMem(page);
		p[i * P] = (char)i;	/* reachable only through vmalloc */
	}
	KUNIT_EXPECT_EQ(test, high, totalhigh_pages ? n : 0);
	for (unsigned int i = 0; i < n; i++)
		KUNIT_EXPECT_EQ(test, p[i * P], (char)i);
	q = vmalloc_32(8 * P);
	r = vmalloc_dma(8 * P);
	KUNIT_ASSERT_NOT_NULL(test, q);
	KUNIT_ASSERT_NOT_NULL(test, r);
	for (unsigned int i = 0; i < 8; i++) {
		KUNIT_EXPECT_FALSE(test,
				   PageHighMem(vmalloc_to_page(q + i * P)));
		KUNIT_EXPECT_LT(test, page_to_phys(vmalloc_to_page(r + i * P)),
				16UL << 20);
	}
	vfree(p);
	vfree(q);
	vfree(r);
}

/*
 * More pages than ZONE_DMA has free: vmalloc_dma() fails part of the way
 * and gives every page back (the framework compares the free pages).
 */
static void failure_half_way_gives_everything_back(struct kunit *test)
{
	unsigned long dma = mm_zone(ZONE_DMA)->free_pages;
	unsigned long failed = nr_failed_allocs;

	KUNIT_EXPECT_NULL(test, vmalloc_dma((dma + 16) * P));
	KUNIT_EXPECT_GT(test, nr_failed_allocs, failed);
	KUNIT_EXPECT_NULL(test, vmlist);
	/* And the allocator still works. */
	vfree(vmalloc_dma(4 * P));
}

/*
 * Fill the window with reservations until it is full (4 MiB ones, then
 * ever smaller down to one page): NULL, no panic; vmalloc() fails too
 * (2.6 says why, after a purge found nothing to free). Then one range
 * freed is found again, and once everything is freed the window is
 * whole again.
 */
static void exhausting_the_window(struct kunit *test)
{
	unsigned long window = VMALLOC_END - VMALLOC_START, n = 0, max;
	struct vm_struct **v, *all;
	void *hole, *p;

	max = window / (4UL << 20) + 32;
	v = kmalloc(max * sizeof(*v), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, v);
	for (unsigned long size = 4UL << 20; size >= P; size /= 2)
		while (n < max && (v[n] = get_vm_area(size, VM_ALLOC)))
			n++;
	KUNIT_EXPECT_GT(test, n, 0);
	KUNIT_EXPECT_LT(test, n, max);
	mm_log_marker("vmalloc_test: exhausted");
	p = vmalloc(P);
	KUNIT_EXPECT_NULL(test, p);
	vfree(p);
	if (v26())
		KUNIT_EXPECT_TRUE(test, mm_log_since("vmalloc_test: exhausted",
			"vmap allocation for size 8192 failed: use "
			"vmalloc=<size> to increase size."));
	hole = v[n / 2]->addr;
	free_vm_area(v[n / 2]);
	v[n / 2] = get_vm_area(4UL << 20, VM_ALLOC);
	KUNIT_EXPECT_NOT_NULL(test, v[n / 2]);
	KUNIT_EXPECT_PTR_EQ(test, v[n / 2] ? v[n / 2]->addr : NULL, hole);
	while (n--)
		if (v[n])
			free_vm_area(v[n]);
	kfree(v);
	vm_unmap_aliases();
	all = get_vm_area(window - P, VM_ALLOC);
	KUNIT_ASSERT_NOT_NULL(test, all);
	KUNIT_EXPECT_EQ(test, (unsigned long)all->addr, VMALLOC_START);
	free_vm_area(all);
}

/* Bad frees get Linux's messages and change nothing. */
static void bad_frees_are_refused(struct kunit *test)
{
	u32 *p = vmalloc(2 * P);
	const char *m = "vmalloc_test: bad frees";

	KUNIT_ASSERT_NOT_NULL(test, p);
	p[0] = 0x600d;
	mm_log_marker(m);
	vfree(NULL);
	vfree((char *)p + 1);
	KUNIT_EXPECT_TRUE(test, mm_log_since(m,
			"Trying to vfree() bad address ("));
	vfree((char *)p + P);
	KUNIT_EXPECT_TRUE(test, mm_log_since(m,
			"Trying to vfree() nonexistent vm area ("));
	KUNIT_EXPECT_TRUE(test, area_mapped(p, 2));
	KUNIT_EXPECT_EQ(test, p[0], 0x600d);
	vfree(p);
	mm_log_marker(m);
	vfree(p);
	KUNIT_EXPECT_TRUE(test, mm_log_since(m,
			"Trying to vfree() nonexistent vm area ("));
	mm_log_marker(m);
	iounmap(p);
	KUNIT_EXPECT_TRUE(test, mm_log_since(m, "iounmap: bad address"));
}

/*
 * vmap() maps the caller's pages, in the caller's order; vunmap() leaves
 * them to the caller. 2.4 takes a reference per page while mapped.
 */
static void vmap_maps_the_callers_pages(struct kunit *test)
{
	struct page *pages[4];
	u32 *v;

	for (int i = 0; i < 4; i++) {
		pages[i] = alloc_page(GFP_KERNEL | (i & 1 ? __GFP_HIGHMEM : 0));
		KUNIT_ASSERT_NOT_NULL(test, pages[i]);
	}
	v = vmap(pages, 4, VM_MAP, PAGE_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, v);
	KUNIT_EXPECT_EQ(test, find_vm_area(v)->flags, VM_MAP);
	for (int i = 0; i < 4; i++) {
		KUNIT_EXPECT_PTR_EQ(test, vmalloc_to_page((char *)v + i * P),
				    pages[i]);
		KUNIT_EXPECT_EQ(test, page_count(pages[i]), v26() ? 1 : 2);
		v[i * P / 4] = 0xab0 + i;
	}
	/* The low pages show the same data through the direct map. */
	KUNIT_EXPECT_EQ(test, *(u32 *)page_address(pages[0]), 0xab0);
	KUNIT_EXPECT_EQ(test, *(u32 *)page_address(pages[2]), 0xab2);
	KUNIT_EXPECT_TRUE(test, area_mapped(v, 4));
	vunmap(v);
	vm_unmap_aliases();
	KUNIT_EXPECT_TRUE(test, area_unmapped(v, 4));
	for (int i = 0; i < 4; i++) {
		KUNIT_EXPECT_EQ(test, page_count(pages[i]), 1);
		__free_page(pages[i]);
	}
}

/*
 * vread() copies what areas hold and reads the gaps between them (guard
 * pages included) and ioremap() areas as zeros; it stops at the end of
 * the last area.
 */
static void vread_reads_holes_as_zeros(struct kunit *test)
{
	char *buf = kmalloc(16 * P, GFP_KERNEL);
	char *a = vmalloc(2 * P), *b = vmalloc(P), *io;
	unsigned long len, n;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	memset(a, 0x11, 2 * P);
	memset(b, 0x22, P);
	io = ioremap(BIOS_ROM, P);
	KUNIT_ASSERT_NOT_NULL(test, io);
	KUNIT_ASSERT_TRUE(test, io > b);
	len = io + P - a;
	KUNIT_ASSERT_LE(test, len + P, 16 * P);
	memset(buf, 0x77, len + P);
	n = vread(buf, a, len + P);
	KUNIT_EXPECT_EQ(test, n, len);		/* no area after io */
	for (unsigned long i = 0; i < len; i++) {
		char want = i < 2 * P ? 0x11
			: a + i >= b && a + i < b + P ? 0x22 : 0;

		if (buf[i] != want) {
			KUNIT_FAIL(test, "byte %lu is %#x, not %#x", i,
				   buf[i] & 0xff, want);
			break;
		}
	}
	KUNIT_EXPECT_EQ(test, buf[len], 0x77);
	KUNIT_EXPECT_EQ(test, vread(buf, a + 2 * P, 2), 2);	/* guard */
	KUNIT_EXPECT_EQ(test, buf[0] | buf[1], 0);
	KUNIT_EXPECT_EQ(test, vread(buf, (char *)VMALLOC_END - P, P), 0);
	iounmap(io);
	vfree(a);
	vfree(b);
	kfree(buf);
}

/*
 * vread() racing vmalloc(). A reader thread sweeps the window with
 * vread() each time it runs while this thread is inside vmalloc(); this
 * thread allocates and frees a 256-page area over and over. The timer
 * preempts it part-way through building an area -- pages being allocated
 * and mapped, no lock held -- and the reader runs then. It must not find
 * the area until every page is mapped: when both designs listed the area
 * before mapping it, the reader copied from empty ptes and oopsed.
 * The case counts the sweeps made while an area was listed in vmlist but
 * its last page not yet mapped, and goes on until there was one, so that
 * it cannot pass without the race having been run.
 */
#define RACE_PAGES	256
#define RACE_CHUNK	(4 * P)
#define RACE_ROUNDS	400	/* rounds before the case gives up */

static struct {
	volatile bool building;		/* this thread is inside vmalloc() */
	volatile bool stop;
	volatile unsigned long sweeps;	/* made while an area was half-built */
	volatile unsigned long bytes;	/* what those sweeps read */
	char *buf;
} race;

/* Whether some area in vmlist does not map its last page yet. */
static bool area_half_built(void)
{
	bool half = false;

	spin_lock(&vmlist_lock);
	for (struct vm_struct *vm = vmlist; vm; vm = vm->next) {
		pte_t *pte = lookup_address((unsigned long)vm->addr +
					    vm->size - 2 * P);

		if (!pte || !pte_present(*pte))
			half = true;
	}
	spin_unlock(&vmlist_lock);
	return half;
}

/* Read the window from its start up to the end of its last area. */
static unsigned long vread_sweep(void)
{
	unsigned long total = 0;
	long n;

	do {
		n = vread(race.buf, (char *)VMALLOC_START + total, RACE_CHUNK);
		total += n;
	} while (n == RACE_CHUNK && total < TEST_SPAN);
	return total;
}

static int vread_sweeper(void *arg)
{
	(void)arg;
	while (!race.stop) {
		if (race.building && area_half_built()) {
			unsigned long n = vread_sweep();

			if (race.building) {
				race.sweeps++;
				race.bytes += n;
			}
		}
		yield();
	}
	return 0;
}

static void vread_never_sees_an_area_being_built(struct kunit *test)
{
	unsigned long rounds = 0;
	int pid, code = -1;

	memset(&race, 0, sizeof(race));
	race.buf = kmalloc(RACE_CHUNK, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, race.buf);
	pid = kernel_thread(vread_sweeper, NULL, "vread_sweeper", 0);
	KUNIT_ASSERT_GT(test, pid, 0);
	while (!race.sweeps && rounds++ < RACE_ROUNDS) {
		void *p;

		race.building = true;
		p = vmalloc(RACE_PAGES * P);
		race.building = false;
		if (!p) {
			KUNIT_FAIL(test, "vmalloc(%d pages) failed",
				   RACE_PAGES);
			break;
		}
		vfree(p);
		vm_unmap_aliases();
	}
	race.stop = true;
	KUNIT_EXPECT_EQ(test, kthread_wait(pid, &code), 0);
	KUNIT_EXPECT_EQ(test, code, 0);
	kunit_info(test, "%lu rounds, %lu sweeps of a half-built area, "
		   "%lu bytes", rounds, race.sweeps, race.bytes);
	KUNIT_EXPECT_GE(test, race.sweeps, 1);
	kfree(race.buf);
}

/*
 * vmalloc_to_page() outside the window: the direct map is made of 4 MiB
 * pages (all but a last, partial 4 MiB), which have no pte, so an
 * address there -- low memory, the kernel image -- gives NULL, not the
 * first page of the large page.
 */
static void vmalloc_to_page_outside_the_window(struct kunit *test)
{
	unsigned long second = PAGE_OFFSET + PGDIR_SIZE + 5 * P;
	char *p = vmalloc(2 * P);

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_TRUE(test, pmd_large(*pmd_offset(pgd_offset_k(second),
						      second)));
	KUNIT_ASSERT_TRUE(test, pmd_large(*pmd_offset(pgd_offset_k(
		PAGE_OFFSET), PAGE_OFFSET)));
	KUNIT_EXPECT_NULL(test, vmalloc_to_page((void *)PAGE_OFFSET));
	KUNIT_EXPECT_NULL(test, vmalloc_to_page((void *)second));
	KUNIT_EXPECT_NULL(test, vmalloc_to_page(&seen));
	/* Inside the window the answer is the page mapped, or NULL. */
	KUNIT_EXPECT_NOT_NULL(test, vmalloc_to_page(p + P));
	KUNIT_EXPECT_NULL(test, vmalloc_to_page(p + 2 * P));	/* guard */
	vfree(p);
}

/*
 * ioremap() of the BIOS ROM at the top of 4 GiB: uncached ptes to the
 * ROM's frames in the vmalloc window (oracle "ioremap_area" compares the
 * frames with the BIOS image); RAM the kernel owns is refused; the VGA
 * buffer, in the ISA hole, is already mapped.
 */
static void ioremap_maps_device_memory(struct kunit *test)
{
	u8 *rom = ioremap(BIOS_ROM, 0x10000), *vga;
	struct vm_struct *area;
	struct page *ram;
	unsigned long flags;

	KUNIT_ASSERT_NOT_NULL(test, rom);
	area = find_vm_area(rom);
	KUNIT_ASSERT_NOT_NULL(test, area);
	KUNIT_EXPECT_EQ(test, area->flags, VM_IOREMAP);
	KUNIT_EXPECT_EQ(test, area->phys_addr, BIOS_ROM);
	KUNIT_EXPECT_EQ(test, area->size, 0x11000);
	for (unsigned long i = 0; i < 16; i++) {
		pte_t *pte = lookup_address((unsigned long)rom + i * P);

		KUNIT_ASSERT_TRUE(test, pte && pte_present(*pte));
		KUNIT_EXPECT_EQ(test, pte_phys(*pte), BIOS_ROM + i * P);
		KUNIT_EXPECT_EQ(test, pte_val(*pte) & ~PAGE_MASK,
				pgprot_val(PAGE_KERNEL_NOCACHE));
	}
	/* The reset vector: jmp far f000:e05b. */
	KUNIT_EXPECT_EQ(test, rom[0xfff0], 0xea);
	KUNIT_EXPECT_EQ(test, rom[0xfff1] | rom[0xfff2] << 8, 0xe05b);
	if (v26())	/* 2.6 aligns ioremap ranges to their size */
		KUNIT_EXPECT_EQ(test, (unsigned long)rom & 0x1ffff, 0);
	checkpoint("ioremap_area", "addr=%#lx phys=%#lx size=%#lx",
		   (unsigned long)rom, BIOS_ROM, area->size);
	local_irq_save(flags);
	(void)*(volatile u8 *)rom;
	iounmap(rom);
	vm_unmap_aliases();
	checkpoint("iounmap_area", "addr=%#lx size=%#lx", (unsigned long)rom,
		   0x11000UL);
	local_irq_restore(flags);
	KUNIT_EXPECT_FALSE(test, readable(rom));
	/* RAM that belongs to the page allocator cannot be remapped. */
	ram = alloc_page(GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ram);
	KUNIT_EXPECT_NULL(test, ioremap(page_to_phys(ram), P));
	__free_page(ram);
	KUNIT_EXPECT_NULL(test, ioremap(0x100000, 0));
	KUNIT_EXPECT_NULL(test, ioremap(~0UL - 10, 100));
	/* The VGA text buffer is in the direct map already. */
	vga = ioremap(0xb8000, 80 * 25 * 2);
	KUNIT_EXPECT_PTR_EQ(test, vga, __va(0xb8000));
	iounmap(vga);		/* nothing to undo */
	KUNIT_EXPECT_TRUE(test, readable(vga));
}

/* /proc/vmallocinfo: one line per area, in Linux 2.6's format. */
static void vmallocinfo_shows_each_kind(struct kunit *test)
{
	static char buf[2048], want[128];
	struct page *page = alloc_page(GFP_KERNEL);
	void *a = vmalloc(3 * P), *m, *io;
	struct vm_struct *area;
	int len;

	KUNIT_ASSERT_NOT_NULL(test, page);
	KUNIT_ASSERT_NOT_NULL(test, a);
	m = vmap(&page, 1, VM_MAP, PAGE_KERNEL);
	io = ioremap(BIOS_ROM, P);
	KUNIT_ASSERT_NOT_NULL(test, m);
	KUNIT_ASSERT_NOT_NULL(test, io);
	len = vmallocinfo_read(buf, sizeof(buf));
	KUNIT_EXPECT_EQ(test, len, (int)strlen(buf));
	snprintf(want, sizeof(want), "0x%08lx-0x%08lx   16384 "
		 "vmallocinfo_shows_each_kind+", (unsigned long)a,
		 (unsigned long)a + 4 * P);
	KUNIT_EXPECT_TRUE(test, strstr(buf, want) != NULL);
	area = find_vm_area(m);
	snprintf(want, sizeof(want), "0x%08lx-0x%08lx    8192 ",
		 (unsigned long)m, (unsigned long)m + 2 * P);
	KUNIT_EXPECT_TRUE(test, strstr(buf, want) != NULL);
	KUNIT_EXPECT_TRUE(test, strstr(buf, " pages=3 vmalloc\n") != NULL);
	KUNIT_EXPECT_TRUE(test,
			  strstr(buf, " phys=ffff0000 ioremap\n") != NULL);
	KUNIT_EXPECT_TRUE(test, area && strstr(buf, "/0x") &&
			  strstr(buf, " vmap\n"));
	printk(KERN_INFO "/proc/vmallocinfo:\n%s", buf);
	vunmap(m);
	iounmap(io);
	vfree(a);
	__free_page(page);
}

/*
 * Batching: eight vfree()s cost eight full TLB flushes under 2.4; under
 * 2.6 none, until one purge. Past lazy_max_pages() pages a purge starts
 * by itself.
 */
static void lazy_freeing_batches_tlb_flushes(struct kunit *test)
{
	unsigned long flushes = tlb_stats.flush_all, purges, waiting;
	struct vm_struct *v[33];
	void *p[8];

	for (int i = 0; i < 8; i++) {
		p[i] = vmalloc(P);
		KUNIT_ASSERT_NOT_NULL(test, p[i]);
	}
	for (int i = 0; i < 8; i++)
		vfree(p[i]);
	KUNIT_EXPECT_EQ(test, tlb_stats.flush_all - flushes, v26() ? 0 : 8);
	KUNIT_EXPECT_EQ(test, vmap_stats.lazy_pages, v26() ? 16 : 0);
	vm_unmap_aliases();
	KUNIT_EXPECT_EQ(test, tlb_stats.flush_all - flushes, v26() ? 1 : 8);
	KUNIT_EXPECT_EQ(test, vmap_stats.lazy_pages, 0);
	if (!v26())
		return;
	/* 32 ranges of 257 pages are 8224 > 8192 pages: one purge. */
	KUNIT_EXPECT_EQ(test, lazy_max_pages(), 8192);
	for (int i = 0; i < 33; i++) {
		v[i] = get_vm_area(256 * P, VM_ALLOC);
		KUNIT_ASSERT_NOT_NULL(test, v[i]);
	}
	purges = vmap_stats.purges;
	flushes = tlb_stats.flush_all;
	for (int i = 0; i < 31; i++)
		free_vm_area(v[i]);
	waiting = vmap_stats.lazy_pages;
	KUNIT_EXPECT_EQ(test, waiting, 31 * 257);
	KUNIT_EXPECT_EQ(test, vmap_stats.purges, purges);
	free_vm_area(v[31]);
	KUNIT_EXPECT_EQ(test, vmap_stats.purges, purges + 1);
	KUNIT_EXPECT_EQ(test, tlb_stats.flush_all, flushes + 1);
	KUNIT_EXPECT_EQ(test, vmap_stats.lazy_pages, 0);
	free_vm_area(v[32]);
}

/* More than 1024 pages: 2.6's pages[] array is vmalloc'ed itself. */
static void big_areas(struct kunit *test)
{
	unsigned long n = 1100;
	char *p = vmalloc(n * P);
	struct vm_struct *area;

	KUNIT_ASSERT_NOT_NULL(test, p);
	area = find_vm_area(p);
	KUNIT_EXPECT_EQ(test, area->nr_pages, n);
	KUNIT_EXPECT_EQ(test, !!(area->flags & VM_VPAGES), v26());
	if (v26())
		KUNIT_EXPECT_NOT_NULL(test, find_vm_area(area->pages));
	KUNIT_EXPECT_TRUE(test, area_mapped(p, n));
	p[0] = 1;
	p[n * P - 1] = 2;
	KUNIT_EXPECT_EQ(test, p[0] + p[n * P - 1], 3);
	vfree(p);
}

static struct kunit_case vmalloc_cases[] = {
	KUNIT_CASE(vmalloc_seen_from_outside),
	KUNIT_CASE(sizes_round_up_and_guard_pages),
	KUNIT_CASE(impossible_sizes_get_null),
	KUNIT_CASE(guard_page_write_oopses),
	KUNIT_CASE(vmalloc_fault_copies_the_pgd_entry),
	KUNIT_CASE(zones_of_the_pages),
	KUNIT_CASE(failure_half_way_gives_everything_back),
	KUNIT_CASE(exhausting_the_window),
	KUNIT_CASE(bad_frees_are_refused),
	KUNIT_CASE(vmap_maps_the_callers_pages),
	KUNIT_CASE(vread_reads_holes_as_zeros),
	KUNIT_CASE(vread_never_sees_an_area_being_built),
	KUNIT_CASE(vmalloc_to_page_outside_the_window),
	KUNIT_CASE(ioremap_maps_device_memory),
	KUNIT_CASE(vmallocinfo_shows_each_kind),
	KUNIT_CASE(lazy_freeing_batches_tlb_flushes),
	KUNIT_CASE(big_areas),
	{}
};

static struct kunit_suite vmalloc_suite = {
	.name = "vmalloc",
	.test_cases = vmalloc_cases,
	.suite_init = vmalloc_suite_init,
	.suite_exit = vmalloc_suite_exit,
};
kunit_test_suite(vmalloc_suite);
