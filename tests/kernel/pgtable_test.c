// SPDX-License-Identifier: GPL-2.0-only
/*
 * pgtable_test.c - Chapter 4, page tables: what paging_init() built (the
 * direct map of exactly ZONE_DMA + ZONE_NORMAL, 4 MiB pages or 4 KiB
 * tables, the fixmap and pkmap tables), set_fixmap()/clear_fixmap(), the
 * TLB API and its counters, and pte_alloc_kernel(). The kernel's own
 * walker (lookup_address) is used here; the Bochs oracle walks the same
 * tables from outside at the "paging_init", "tlb_stale" and "tlb_fresh"
 * checkpoints.
 */
#include "mm_test.h"
#include <bootmem.h>
#include <pgtable.h>
#include <fixmap.h>
#include <tlbflush.h>
#include <processor.h>
#include <extable.h>
#include <errno.h>
#include <system.h>
#include <checkpoint.h>
#include <mm_types.h>
#include <sched.h>

/*
 * The fixmap slot the tests borrow: the last kmap_atomic window, which
 * nothing uses until Chapter 10 (and tests leave it empty again).
 */
#define TEST_SLOT	(FIX_KMAP_BEGIN + KM_SOFTIRQ1)

/* Physical address kernel address @va translates to, or -1. */
static unsigned long walk(unsigned long va)
{
	pte_t *pte = lookup_address(va);
	pmd_t *pmd = pmd_offset(pgd_offset_k(va), va);

	if (!pte || !pte_present(*pte))
		return -1UL;
	if (pmd_large(*pmd))
		return (pmd_val(*pmd) & PGDIR_MASK) | (va & ~PGDIR_MASK);
	return pte_phys(*pte) | (va & ~PAGE_MASK);
}

static bool readable(unsigned long va)
{
	char c;

	return probe_kernel_read(&c, (void *)va, 1) == 0;
}

static void direct_map_is_exactly_low_memory(struct kunit *test)
{
	unsigned long end = (unsigned long)high_memory, bad = 0;

	/* Every 64 KiB, and both ends: mapped 1:1, kernel-only, writable. */
	for (unsigned long va = PAGE_OFFSET; va < end; va += 0x10000) {
		unsigned long probe[2] = { va, va + 0xfffc };

		for (int i = 0; i < 2; i++) {
			pte_t *pte = lookup_address(probe[i]);

			if (probe[i] >= end)
				continue;
			if (walk(probe[i]) != __pa(probe[i]) || !pte ||
			    (pte_val(*pte) & _PAGE_USER) || !pte_write(*pte)) {
				if (!bad++)
					KUNIT_FAIL(test, "%08lx maps to %08lx",
						   probe[i], walk(probe[i]));
			}
		}
	}
	KUNIT_EXPECT_EQ(test, bad, 0);
	KUNIT_EXPECT_EQ(test, walk(end - 1), __pa(end - 1));
	KUNIT_EXPECT_TRUE(test, readable(PAGE_OFFSET));
	KUNIT_EXPECT_TRUE(test, readable(end - 1));
	/* Nothing past high_memory: not the ACPI tail, not highmem. */
	KUNIT_EXPECT_EQ(test, walk(end), -1UL);
	KUNIT_EXPECT_FALSE(test, readable(end));
	KUNIT_EXPECT_FALSE(test, readable(end + PAGE_SIZE));
	KUNIT_EXPECT_FALSE(test, readable(VMALLOC_START - 1));
	/* The identity mapping of head.asm is gone. */
	for (unsigned long i = 0; i < USER_PTRS_PER_PGD; i++)
		if (pgd_val(swapper_pg_dir[i]))
			KUNIT_FAIL(test, "user pgd slot %lu is %08lx", i,
				   pgd_val(swapper_pg_dir[i]));
	KUNIT_EXPECT_FALSE(test, readable(0));
	KUNIT_EXPECT_EQ(test, read_cr3(), __pa(swapper_pg_dir));
}

static void large_pages_when_the_cpu_has_pse(struct kunit *test)
{
	unsigned long end = (unsigned long)high_memory;
	bool nopentium = cmdline_has("nopentium") ||
			 cmdline_has("mem=nopentium");

	KUNIT_EXPECT_EQ(test, cpu_has_pse, !nopentium);
	KUNIT_EXPECT_EQ(test, !!(read_cr4() & X86_CR4_PSE), cpu_has_pse);
	KUNIT_EXPECT_EQ(test, !!(read_cr4() & X86_CR4_PGE),
			cpu_has_pse && cpu_has_pge);
	for (unsigned long va = PAGE_OFFSET; va < end; va += PGDIR_SIZE) {
		pmd_t pmd = *pmd_offset(pgd_offset_k(va), va);
		bool whole = end - va >= PGDIR_SIZE;

		/* 4 MiB pages for whole chunks, a table for a partial one. */
		if (!!pmd_large(pmd) != (cpu_has_pse && whole)) {
			KUNIT_FAIL(test, "pmd of %08lx is %08lx", va, pmd_val(pmd));
			break;
		}
		if (pmd_large(pmd) &&
		    !!(pmd_val(pmd) & _PAGE_GLOBAL) != cpu_has_pge) {
			KUNIT_FAIL(test, "global bit of %08lx", va);
			break;
		}
		if (!pmd_large(pmd) && pmd_bad(pmd)) {
			KUNIT_FAIL(test, "bad pmd %08lx", pmd_val(pmd));
			break;
		}
	}
}

static void fixmap_and_pkmap_have_page_tables(struct kunit *test)
{
	unsigned long kva = fix_to_virt(FIX_KMAP_BEGIN);

	for (unsigned long va = FIXADDR_START; va < FIXADDR_TOP; va += PAGE_SIZE) {
		pmd_t *pmd = pmd_offset(pgd_offset_k(va), va);

		KUNIT_EXPECT_TRUE(test, pmd_present(*pmd));
		KUNIT_EXPECT_FALSE(test, pmd_large(*pmd));
		KUNIT_EXPECT_FALSE(test, pmd_bad(*pmd));
		KUNIT_EXPECT_FALSE(test, pmd_val(*pmd) & _PAGE_USER);
	}
	KUNIT_EXPECT_PTR_EQ(test, kmap_pte, lookup_address(kva));
	KUNIT_EXPECT_PTR_EQ(test, kmap_pte - (KM_TYPE_NR - 1),
			    lookup_address(fix_to_virt(FIX_KMAP_END)));
	KUNIT_EXPECT_EQ(test, pgprot_val(kmap_prot), pgprot_val(PAGE_KERNEL));
	KUNIT_EXPECT_PTR_EQ(test, pkmap_page_table, lookup_address(PKMAP_BASE));
	KUNIT_EXPECT_PTR_EQ(test, pkmap_page_table + LAST_PKMAP - 1,
			    lookup_address(PKMAP_ADDR(LAST_PKMAP - 1)));
	KUNIT_EXPECT_FALSE(test, pmd_large(*pmd_offset(pgd_offset_k(PKMAP_BASE),
						       PKMAP_BASE)));
	/* The tables came from low memory, as Linux's bootmem_low_pages. */
	KUNIT_EXPECT_LT(test, __pa(pkmap_page_table), 16UL << 20);
	KUNIT_EXPECT_EQ(test, fix_to_virt(FIX_HOLE), FIXADDR_TOP);
	KUNIT_EXPECT_EQ(test, __virt_to_fix(fix_to_virt(TEST_SLOT)), TEST_SLOT);
	KUNIT_EXPECT_FALSE(test, readable(fix_to_virt(FIX_HOLE)));
}

/* A page filled with the word @v. */
static struct page *page_of(u32 v)
{
	struct page *p = alloc_page(GFP_KERNEL);

	if (p)
		for (unsigned int i = 0; i < PAGE_SIZE / 4; i++)
			((u32 *)page_address(p))[i] = v;
	return p;
}

static void set_fixmap_maps_and_clear_fixmap_unmaps(struct kunit *test)
{
	unsigned long va = fix_to_virt(TEST_SLOT);
	unsigned long flushes = tlb_stats.flush_page;
	struct page *a = page_of(0xa5a5a5a5);
	pte_t *pte = lookup_address(va);

	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_EXPECT_TRUE(test, pte_none(*pte));
	set_fixmap(TEST_SLOT, page_to_phys(a));
	KUNIT_EXPECT_EQ(test, tlb_stats.flush_page, flushes + 1);
	KUNIT_EXPECT_EQ(test, pte_val(*pte), pte_val(mk_pte(a, PAGE_KERNEL)));
	KUNIT_EXPECT_PTR_EQ(test, pte_page(*pte), a);
	KUNIT_EXPECT_EQ(test, *(u32 *)(va + 100), 0xa5a5a5a5);
	*(u32 *)(va + 8) = 0x12345678;		/* one page, two addresses */
	KUNIT_EXPECT_EQ(test, ((u32 *)page_address(a))[2], 0x12345678);
	clear_fixmap(TEST_SLOT);
	KUNIT_EXPECT_EQ(test, tlb_stats.flush_page, flushes + 2);
	KUNIT_EXPECT_TRUE(test, pte_none(*pte));
	KUNIT_EXPECT_FALSE(test, readable(va));
	/* Out-of-range slots are refused with Linux's message. */
	mm_log_marker("pgtable_test: bad slot");
	__set_fixmap(__end_of_fixed_addresses, page_to_phys(a), PAGE_KERNEL);
	KUNIT_EXPECT_TRUE(test, mm_log_since("pgtable_test: bad slot",
					     "Invalid __set_fixmap"));
	__free_page(a);
}

/*
 * Change a pte behind the TLB's back: under Bochs the old translation
 * stays in the TLB (and the oracle sees it there with `tlb`) until the
 * page is flushed. Runs with interrupts off so nothing else can evict it.
 */
static void stale_tlb_entry_until_flushed(struct kunit *test)
{
	unsigned long va = fix_to_virt(TEST_SLOT), flags, flushes;
	struct page *a = page_of(0xaaaaaaaa), *b = page_of(0xbbbbbbbb);
	pte_t *pte = lookup_address(va);
	u32 before, stale, fresh;

	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	local_irq_save(flags);
	set_fixmap(TEST_SLOT, page_to_phys(a));
	before = *(volatile u32 *)va;
	set_pte(pte, mk_pte(b, PAGE_KERNEL));	/* no flush */
	stale = *(volatile u32 *)va;
	checkpoint("tlb_stale", "vaddr=%#lx pte_phys=%#lx tlb_phys=%#lx",
		   va, page_to_phys(b), page_to_phys(a));
	flushes = tlb_stats.flush_page;
	flush_tlb_kernel_page(va);
	fresh = *(volatile u32 *)va;
	checkpoint("tlb_fresh", "vaddr=%#lx pte_phys=%#lx tlb_phys=%#lx",
		   va, page_to_phys(b), page_to_phys(b));
	clear_fixmap(TEST_SLOT);
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, before, 0xaaaaaaaa);
	KUNIT_EXPECT_EQ(test, stale, 0xaaaaaaaa);	/* Bochs-specific */
	KUNIT_EXPECT_EQ(test, fresh, 0xbbbbbbbb);
	/* flush_tlb_kernel_page(), then clear_fixmap()'s own. */
	KUNIT_EXPECT_EQ(test, tlb_stats.flush_page, flushes + 2);
	__free_page(a);
	__free_page(b);
}

/* Map @a, load the TLB, repoint the pte at @b, @flush, read again. */
static u32 reread_after(struct page *a, struct page *b, void (*flush)(void))
{
	unsigned long va = fix_to_virt(TEST_SLOT), flags;
	u32 v;

	local_irq_save(flags);
	set_fixmap(TEST_SLOT, page_to_phys(a));
	(void)*(volatile u32 *)va;
	set_pte(lookup_address(va), mk_pte(b, PAGE_KERNEL));
	flush();
	v = *(volatile u32 *)va;
	clear_fixmap(TEST_SLOT);
	local_irq_restore(flags);
	return v;
}

static void do_flush_all(void)
{
	flush_tlb_all();
}

static void do_flush_mm(void)
{
	flush_tlb_mm(current->active_mm);
}

static void do_flush_range(void)
{
	flush_tlb_range(current->active_mm, FIXADDR_START, FIXADDR_TOP);
}

static void do_flush_other_mm(void)
{
	static struct mm_struct other;

	flush_tlb_mm(&other);	/* not loaded: nothing to flush */
}

static void every_flush_counts_and_works(struct kunit *test)
{
	struct tlb_stats before = tlb_stats;
	struct page *a = page_of(1), *b = page_of(2);
	unsigned long cr4 = read_cr4();

	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_EXPECT_PTR_EQ(test, current->active_mm, &init_mm);
	KUNIT_EXPECT_EQ(test, reread_after(a, b, do_flush_all), 2);
	KUNIT_EXPECT_EQ(test, tlb_stats.flush_all, before.flush_all + 1);
	KUNIT_EXPECT_EQ(test, read_cr4(), cr4);	/* PGE back on */
	KUNIT_EXPECT_EQ(test, reread_after(a, b, do_flush_mm), 2);
	KUNIT_EXPECT_EQ(test, tlb_stats.flush_mm, before.flush_mm + 1);
	KUNIT_EXPECT_EQ(test, reread_after(a, b, do_flush_range), 2);
	KUNIT_EXPECT_EQ(test, tlb_stats.flush_range, before.flush_range + 1);
	/* Another address space's flush leaves ours alone (Bochs-specific). */
	KUNIT_EXPECT_EQ(test, reread_after(a, b, do_flush_other_mm), 1);
	KUNIT_EXPECT_EQ(test, tlb_stats.flush_mm, before.flush_mm + 2);
	/* set_fixmap and clear_fixmap: one invlpg each, eight calls. */
	KUNIT_EXPECT_EQ(test, tlb_stats.flush_page, before.flush_page + 8);
	__free_page(a);
	__free_page(b);
}

static void pte_alloc_kernel_adds_one_table(struct kunit *test)
{
	unsigned long va, free = nr_free_pages();
	pmd_t *pmd = NULL;
	pte_t *pte;
	struct page *table;

	/* An empty 4 MiB slot of the vmalloc area. */
	for (va = VMALLOC_START; va < VMALLOC_END; va += PGDIR_SIZE) {
		pmd = pmd_alloc(&init_mm, pgd_offset_k(va), va);
		if (pmd_none(*pmd))
			break;
	}
	if (va >= VMALLOC_END)
		kunit_skip(test, "no empty pgd slot in the vmalloc area");
	va += 5 * PAGE_SIZE;
	pte = pte_alloc_kernel(pmd, va);
	KUNIT_ASSERT_NOT_NULL(test, pte);
	KUNIT_EXPECT_EQ(test, nr_free_pages(), free - 1);
	KUNIT_EXPECT_EQ(test, pmd_val(*pmd) & ~PAGE_MASK, _KERNPG_TABLE);
	KUNIT_EXPECT_PTR_EQ(test, pte, lookup_address(va));
	KUNIT_EXPECT_TRUE(test, pte_none(*pte));
	KUNIT_EXPECT_EQ(test, pte_index(va), 5);
	/* A second call finds the table: no new page. */
	KUNIT_EXPECT_PTR_EQ(test, pte_alloc_kernel(pmd, va + PAGE_SIZE), pte + 1);
	KUNIT_EXPECT_EQ(test, nr_free_pages(), free - 1);
	table = pmd_page(*pmd);
	pmd_clear(pmd);
	flush_tlb_all();
	__free_page(table);
	/* No table can go where a 4 MiB page maps the direct map. */
	if (cpu_has_pse) {
		pmd = pmd_offset(pgd_offset_k(PAGE_OFFSET), PAGE_OFFSET);
		KUNIT_EXPECT_NULL(test, pte_alloc_kernel(pmd, PAGE_OFFSET));
	}
}

static void mk_pte_and_pte_page_agree(struct kunit *test)
{
	unsigned long pfns[] = { 0, 1, max_low_pfn - 1, max_pfn - 1 };

	for (unsigned int i = 0; i < ARRAY_SIZE(pfns); i++) {
		struct page *p = pfn_to_page(pfns[i]);
		pte_t pte = mk_pte(p, PAGE_KERNEL);

		KUNIT_EXPECT_PTR_EQ(test, pte_page(pte), p);
		KUNIT_EXPECT_EQ(test, pte_pfn(pte), pfns[i]);
		KUNIT_EXPECT_EQ(test, pte_val(pte) & ~PAGE_MASK,
				pgprot_val(PAGE_KERNEL));
		KUNIT_EXPECT_TRUE(test, pte_present(pte) && pte_write(pte));
		KUNIT_EXPECT_FALSE(test, pte_user(pte));
		KUNIT_EXPECT_FALSE(test, pte_write(pte_wrprotect(pte)));
	}
}

/*
 * Global pages (PGE): a global translation survives a CR3 load, which is
 * why the kernel's direct map is global, and why flush_tlb_all() must
 * toggle CR4.PGE. A global fixmap pte shows both (Bochs-specific).
 */
static void global_entries_survive_all_but_flush_tlb_all(struct kunit *test)
{
	unsigned long va = fix_to_virt(TEST_SLOT), flags;
	struct page *a = page_of(0xaaaa0000), *b = page_of(0xbbbb0000);
	pgprot_t global = __pgprot(pgprot_val(PAGE_KERNEL) | _PAGE_GLOBAL);
	pte_t *pte = lookup_address(va);
	u32 after_cr3, after_all;

	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	if (!(read_cr4() & X86_CR4_PGE)) {
		__free_page(a);
		__free_page(b);
		kunit_skip(test, "global pages are off (no PGE, or nopentium)");
	}
	local_irq_save(flags);
	__set_fixmap(TEST_SLOT, page_to_phys(a), global);
	(void)*(volatile u32 *)va;
	set_pte(pte, mk_pte(b, global));
	flush_tlb_mm(current->active_mm);	/* a CR3 load */
	after_cr3 = *(volatile u32 *)va;
	flush_tlb_all();			/* CR4.PGE off and on */
	after_all = *(volatile u32 *)va;
	clear_fixmap(TEST_SLOT);
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, after_cr3, 0xaaaa0000);
	KUNIT_EXPECT_EQ(test, after_all, 0xbbbb0000);
	__free_page(a);
	__free_page(b);
}

static struct kunit_case pgtable_cases[] = {
	KUNIT_CASE(direct_map_is_exactly_low_memory),
	KUNIT_CASE(large_pages_when_the_cpu_has_pse),
	KUNIT_CASE(fixmap_and_pkmap_have_page_tables),
	KUNIT_CASE(set_fixmap_maps_and_clear_fixmap_unmaps),
	KUNIT_CASE(stale_tlb_entry_until_flushed),
	KUNIT_CASE(every_flush_counts_and_works),
	KUNIT_CASE(global_entries_survive_all_but_flush_tlb_all),
	KUNIT_CASE(pte_alloc_kernel_adds_one_table),
	KUNIT_CASE(mk_pte_and_pte_page_agree),
	{}
};

static struct kunit_suite pgtable_suite = {
	.name = "pgtable",
	.test_cases = pgtable_cases,
};
kunit_test_suite(pgtable_suite);
