// SPDX-License-Identifier: GPL-2.0-only
/*
 * init.c - the kernel's page tables and the hand-over of memory to the
 * page allocator (Linux 2.4: arch/i386/mm/init.c; the book's Chapters 3, 4
 * and 7).
 *
 * asm/head.asm mapped just enough memory to run: the kernel, the initramfs,
 * its own page tables and some slack. paging_init() replaces that with the
 * kernel's permanent view of memory in swapper_pg_dir:
 *
 *   PAGE_OFFSET .. high_memory    all of ZONE_DMA and ZONE_NORMAL, 1:1,
 *                                 with 4 MiB pages where the CPU has PSE
 *   PKMAP_BASE .. + 4 MiB         an empty page table for kmap()
 *   FIXADDR_START .. FIXADDR_TOP  an empty page table for set_fixmap()
 *
 * then describes memory as zones (zone_sizes_init() -> free_area_init()).
 * mem_init(), later, gives every free page to the buddy allocator
 * (free_all_bootmem() for low memory, one page at a time for highmem)
 * and removes the identity mapping head.asm needed.
 */
#include <mm.h>
#include <bootmem.h>
#include <pgtable.h>
#include <fixmap.h>
#include <tlbflush.h>
#include <processor.h>
#include <setup.h>
#include <kernel.h>
#include <string.h>
#include <system.h>
#include <checkpoint.h>
#include <mm_types.h>
#include <proc_mm.h>
#include <pgwalk.h>

unsigned long highstart_pfn, highend_pfn;
pte_t *kmap_pte;
pgprot_t kmap_prot;
pte_t *pkmap_page_table;

extern unsigned long init_pg_tables_start, init_pg_tables_end;
extern char _text[], _etext[], _edata[], _end[];

/**
 * True if frame @p pfn is usable RAM according to the e820 map (only
 * whole pages count).
 */
int page_is_ram(unsigned long pfn)
{
	for (int i = 0; i < e820.nr_map; i++) {
		const struct e820entry *e = &e820.map[i];

		if (e->type != E820_RAM)
			continue;
		if (pfn >= PFN_UP(e->addr) && pfn < PFN_DOWN(e->addr + e->size))
			return 1;
	}
	return 0;
}

/* ---- page tables ---------------------------------------------------------- */

/* A walk over swapper_pg_dir with @pmd_entry called on every pmd. */
static void walk_kernel_pmds(unsigned long start, unsigned long end,
			     int (*pmd_entry)(pmd_t *, unsigned long,
					      unsigned long, struct pgwalk *),
			     void *private)
{
	struct pgwalk walk = {
		.dir = swapper_pg_dir,
		.pmd_entry = pmd_entry,
		.private = private,
	};

	walk_page_range(start, end, &walk);
}

/* pmd_entry: give an empty pmd a zeroed page table from bootmem. */
static int add_empty_table(pmd_t *pmd, unsigned long addr, unsigned long end,
			   struct pgwalk *walk)
{
	pte_t *table;

	if (!pmd_none(*pmd))
		return 0;
	table = alloc_bootmem_low_pages(PAGE_SIZE);
	set_pmd(pmd, __pmd(_KERNPG_TABLE | __pa(table)));
	BUG_ON(table != pte_offset_kernel(pmd, 0));
	return 0;
}

/*
 * Make sure every pmd covering [@start, @end) points to a page table, so
 * that later mappings there only write ptes. @end == 0 means "to the top
 * of the address space". The tables come from bootmem, zeroed.
 */
static void fixrange_init(unsigned long start, unsigned long end)
{
	walk_kernel_pmds(start & PMD_MASK, end, add_empty_table, NULL);
}

/*
 * pmd_entry of the direct map: map [@addr, @end) at __pa(@addr). A whole
 * 4 MiB becomes one large page if the CPU has PSE; otherwise a page table
 * from bootmem is filled first and linked last, so the range, which may
 * hold the code running now, is never left unmapped. *@walk->private
 * holds the global bit, or 0.
 */
static int map_low_memory(pmd_t *pmd, unsigned long addr, unsigned long end,
			  struct pgwalk *walk)
{
	unsigned long global = *(unsigned long *)walk->private;
	pte_t *table;

	if (cpu_has_pse && end - addr == PMD_SIZE) {
		set_pmd(pmd, __pmd(_KERNPG_TABLE | _PAGE_PSE | global |
				   __pa(addr)));
		return 0;
	}
	table = alloc_bootmem_low_pages(PAGE_SIZE);
	for (unsigned long va = addr; va != end; va += PAGE_SIZE)
		set_pte(table + pte_index(va),
			__pte(pte_val(mk_pte_phys(__pa(va), PAGE_KERNEL)) |
			      global));
	set_pmd(pmd, __pmd(_KERNPG_TABLE | __pa(table)));
	return 0;
}

/* pmd_entry: empty the pmd, whatever it held. */
static int clear_pmd(pmd_t *pmd, unsigned long addr, unsigned long end,
		     struct pgwalk *walk)
{
	pmd_clear(pmd);
	return 0;
}

/*
 * Map all of low memory, frames [0, max_low_pfn), at PAGE_OFFSET in
 * swapper_pg_dir, kernel-only and writable. With PSE each whole 4 MiB is
 * one pgd entry with the PS bit (and the global bit if the CPU has PGE:
 * the kernel's mapping is the same in every address space, so it may stay
 * in the TLB across CR3 loads). Where 4 MiB would go past max_low_pfn, and
 * everywhere under `nopentium`, a page table from bootmem maps 4 KiB at a
 * time, exactly up to max_low_pfn.
 *
 * How vmm386 differs from Linux 2.4: Linux maps the last 4 MiB whole even
 * if memory ends inside it, so a few frames past max_low_pfn (ACPI tables,
 * or the start of highmem under highmem=) are mapped too; vmm386 maps
 * exactly ZONE_DMA + ZONE_NORMAL. Linux also marks its 4 KiB kernel ptes
 * global (PAGE_KERNEL includes _PAGE_GLOBAL when the CPU has PGE); vmm386's
 * PAGE_KERNEL is not global, so vmalloc and kmap mappings never need the
 * expensive global flush; only the direct map is global.
 */
static void pagetable_init(void)
{
	unsigned long end = (unsigned long)__va(PFN_PHYS(max_low_pfn));
	unsigned long global = 0;

	if (cpu_has_pse) {
		set_in_cr4(X86_CR4_PSE);
		if (cpu_has_pge) {
			set_in_cr4(X86_CR4_PGE);
			global = _PAGE_GLOBAL;
		}
	}
	walk_kernel_pmds(PAGE_OFFSET, end, map_low_memory, &global);
	/*
	 * head.asm maps a fixed amount beyond the kernel: with a small mem=
	 * that reaches past max_low_pfn. Nothing may map memory the kernel
	 * does not own, so those entries go.
	 */
	walk_kernel_pmds(ALIGN(end, PGDIR_SIZE), PKMAP_BASE, clear_pmd, NULL);

	/* Page tables for the fixmap and the pkmap window, no mappings. */
	fixrange_init(__fix_to_virt(__end_of_fixed_addresses - 1), 0);
	fixrange_init(PKMAP_BASE, PKMAP_BASE + PAGE_SIZE * LAST_PKMAP);
	pkmap_page_table = lookup_address(PKMAP_BASE);
}

/* Remember where kmap_atomic()'s first fixmap pte is (Linux: kmap_init). */
static void kmap_init(void)
{
	kmap_pte = lookup_address(__fix_to_virt(FIX_KMAP_BEGIN));
	kmap_prot = PAGE_KERNEL;
}

/*
 * Set the pte of kernel address @vaddr (whose page table exists) to map
 * @phys with @prot, and drop the old translation from the TLB.
 */
static void set_pte_phys(unsigned long vaddr, unsigned long phys,
			 pgprot_t prot)
{
	struct pgwalk_slot slot;

	if (pgwalk_lookup(swapper_pg_dir, vaddr, &slot) != PGWALK_PTE) {
		printk(KERN_ERR "set_pte_phys: no page table for %08lx\n",
		       vaddr);
		return;
	}
	set_pte(slot.pte, mk_pte_phys(phys, prot));
	flush_tlb_kernel_page(vaddr);
}

/**
 * Point fixmap slot @p idx at physical address @p phys with protection
 * @p flags. The slot's old translation is flushed from the TLB.
 */
void __set_fixmap(enum fixed_addresses idx, unsigned long phys,
		  pgprot_t flags)
{
	if (idx >= __end_of_fixed_addresses) {
		printk(KERN_ERR "Invalid __set_fixmap\n");
		return;
	}
	set_pte_phys(__fix_to_virt(idx), phys, flags);
}

/** Map physical page @p phys, kernel read-write, at fixmap slot @p idx. */
void set_fixmap(enum fixed_addresses idx, unsigned long phys)
{
	__set_fixmap(idx, phys, PAGE_KERNEL);
}

/** Unmap fixmap slot @p idx (its pte becomes empty; TLB flushed). */
void clear_fixmap(enum fixed_addresses idx)
{
	__set_fixmap(idx, 0, __pgprot(0));
}

/*
 * Cut memory into zones: ZONE_DMA below 16 MiB, ZONE_NORMAL up to
 * max_low_pfn, ZONE_HIGHMEM up to max_pfn (Linux 2.4's zone_sizes_init()).
 * As Linux 2.4 on i386, no hole sizes are given: the BIOS area and the
 * ACPI tail count in their zones' sizes (and watermarks) and simply stay
 * reserved.
 */
static void zone_sizes_init(void)
{
	unsigned long zones_size[MAX_NR_ZONES] = { 0, 0, 0 };
	unsigned long max_dma = __pa(MAX_DMA_ADDRESS) >> PAGE_SHIFT;

	if (max_low_pfn < max_dma) {
		zones_size[ZONE_DMA] = max_low_pfn;
	} else {
		zones_size[ZONE_DMA] = max_dma;
		zones_size[ZONE_NORMAL] = max_low_pfn - max_dma;
		zones_size[ZONE_HIGHMEM] = highend_pfn - max_low_pfn;
	}
	free_area_init(zones_size);
}

/* The range of frames of zone @z, for the checkpoint line. */
static unsigned long zone_end(const zone_t *z)
{
	return z->zone_start_mapnr + z->size;
}

/**
 * Build the kernel's page tables (see pagetable_init()), switch to them,
 * find the kmap ptes and describe memory as zones. Runs from setup_arch(),
 * with the boot allocator up. Two checkpoints let the Bochs oracle check
 * the result from outside: "paging_init" (the page tables) and "zones".
 */
void paging_init(void)
{
	zone_t *z = contig_page_data.node_zones;

	pagetable_init();
	write_cr3(__pa(swapper_pg_dir));
	__flush_tlb_all();
	kmap_init();
	checkpoint("paging_init", "cr3=%#lx pse=%d pge=%d max_low_pfn=%#lx "
		   "high_memory=%#lx vmalloc_start=%#lx fixaddr_start=%#lx "
		   "pkmap_pt=%#lx kmap_pte=%#lx",
		   read_cr3(), !!(read_cr4() & X86_CR4_PSE),
		   !!(read_cr4() & X86_CR4_PGE), max_low_pfn,
		   (unsigned long)high_memory, VMALLOC_START, FIXADDR_START,
		   __pa(pkmap_page_table), __pa(kmap_pte));
	zone_sizes_init();
	checkpoint("zones", "max_pfn=%#lx max_low_pfn=%#lx dma=%#lx-%#lx "
		   "normal=%#lx-%#lx highmem=%#lx-%#lx min=%lu,%lu,%lu",
		   max_pfn, max_low_pfn, z[0].zone_start_mapnr, zone_end(&z[0]),
		   z[1].zone_start_mapnr, zone_end(&z[1]),
		   z[2].zone_start_mapnr, zone_end(&z[2]),
		   z[0].pages_min, z[1].pages_min, z[2].pages_min);
}

/**
 * Remove the identity mapping of low memory that asm/head.asm needed to
 * turn paging on. From now on, virtual addresses below PAGE_OFFSET belong
 * to user space, and a NULL pointer dereference faults. (Linux 2.4 does it
 * at the end of mem_init() too.) The early page tables stay reserved.
 */
void zap_low_mappings(void)
{
	walk_kernel_pmds(0, PAGE_OFFSET, clear_pmd, NULL);
	flush_tlb_all();
	checkpoint("paging", "cr3=%#lx early_tables=%#lx-%#lx",
		   read_cr3(), init_pg_tables_start, init_pg_tables_end);
}

/* Count RAM frames in [@start, @end) from the e820 map. */
static unsigned long ram_pages(unsigned long start, unsigned long end)
{
	unsigned long n = 0;

	for (int i = 0; i < e820.nr_map; i++) {
		const struct e820entry *e = &e820.map[i];
		unsigned long long first = PFN_UP(e->addr);
		unsigned long long last = PFN_DOWN(e->addr + e->size);

		if (e->type != E820_RAM)
			continue;
		if (first < start)
			first = start;
		if (last > end)
			last = end;
		if (last > first)
			n += last - first;
	}
	return n;
}

/*
 * Give every RAM frame of ZONE_HIGHMEM to the buddy allocator, from the
 * top down as Linux does (one_highpage_init()). Frames the map does not
 * call RAM stay reserved. Returns the number freed.
 */
static unsigned long free_highpages(void)
{
	unsigned long n = 0;

	for (int i = e820.nr_map - 1; i >= 0; i--) {
		const struct e820entry *e = &e820.map[i];
		unsigned long long first = PFN_UP(e->addr);
		unsigned long long last = PFN_DOWN(e->addr + e->size);

		if (e->type != E820_RAM)
			continue;
		if (first < highstart_pfn)
			first = highstart_pfn;
		if (last > highend_pfn)
			last = highend_pfn;
		for (unsigned long long pfn = last; pfn > first; pfn--) {
			struct page *page = pfn_to_page(pfn - 1);

			ClearPageReserved(page);
			set_page_count(page, 1);
			__free_page(page);
			n++;
		}
	}
	return n;
}

/* Reserved RAM frames of low memory: the kernel, boot data, mem_map. */
static unsigned long count_reserved_low(void)
{
	unsigned long n = 0;

	for (int i = 0; i < e820.nr_map; i++) {
		const struct e820entry *e = &e820.map[i];
		unsigned long long first = PFN_UP(e->addr);
		unsigned long long last = PFN_DOWN(e->addr + e->size);

		if (e->type != E820_RAM)
			continue;
		if (last > max_low_pfn)
			last = max_low_pfn;
		for (unsigned long long pfn = first; pfn < last; pfn++)
			if (PageReserved(pfn_to_page(pfn)))
				n++;
	}
	return n;
}

/* Print a multi-line text at KERN_DEBUG, a line at a time. */
static void print_lines(const char *text)
{
	while (*text) {
		const char *nl = strchr(text, '\n');
		int len = nl ? (int)(nl - text) : (int)strlen(text);

		printk(KERN_DEBUG "%.*s\n", len, text);
		text += len + (nl ? 1 : 0);
	}
}

/*
 * With loglevel=8 (KERN_DEBUG messages on the console), show what memory
 * looks like once the buddy allocator has it: show_free_areas() and the
 * texts of /proc/meminfo, /proc/zoneinfo and /proc/buddyinfo.
 */
static void show_boot_memory(void)
{
	static char buf[2048];

	if (console_loglevel <= 7)
		return;
	show_free_areas();
	printk(KERN_DEBUG "/proc/meminfo:\n");
	meminfo_read(buf, sizeof(buf));
	print_lines(buf);
	printk(KERN_DEBUG "/proc/zoneinfo:\n");
	zoneinfo_read(buf, sizeof(buf));
	print_lines(buf);
	printk(KERN_DEBUG "/proc/buddyinfo:\n");
	buddyinfo_read(buf, sizeof(buf));
	print_lines(buf);
}

/**
 * Hand memory to the buddy allocator: every free low page (and the boot
 * allocator's bitmap) through free_all_bootmem(), which retires bootmem,
 * then every RAM page of ZONE_HIGHMEM. Prints Linux's "Memory:" summary,
 * then removes the identity mapping (zap_low_mappings()).
 */
void mem_init(void)
{
	unsigned long reserved, codesize, datasize;

	mm_boot_ticks.mem_init_start = rdtsc();
	BUG_ON(!mem_map);
	highmem_start_page = mem_map + highstart_pfn;
	max_mapnr = highend_pfn;
	num_physpages = ram_pages(0, highend_pfn);

	totalram_pages += free_all_bootmem();
	reserved = count_reserved_low();
	totalhigh_pages += free_highpages();
	totalram_pages += totalhigh_pages;

	codesize = _etext - _text;
	datasize = _edata - _etext;
	printk(KERN_INFO "Memory: %luk/%luk available (%luk kernel code, "
	       "%luk reserved, %luk data, %luk highmem)\n",
	       nr_free_pages() << (PAGE_SHIFT - 10),
	       num_physpages << (PAGE_SHIFT - 10), codesize >> 10,
	       reserved << (PAGE_SHIFT - 10), datasize >> 10,
	       totalhigh_pages << (PAGE_SHIFT - 10));
	mm_boot_ticks.mem_init_done = rdtsc();
	show_boot_memory();
	zap_low_mappings();
}
