// SPDX-License-Identifier: GPL-2.0-only
/*
 * setup.c - what the loader left us: the boot parameter page, the BIOS
 * memory map and the command line (Linux: arch/i386/kernel/setup.c).
 */
#include <bootparam.h>
#include <kernel.h>
#include <string.h>
#include <init.h>
#include <setup.h>
#include <bootmem.h>
#include <mm.h>
#include <pgtable.h>
#include <processor.h>
#include <system.h>
#include <bench.h>
#include <checkpoint.h>

/* The C layout must match the offsets the loader writes with. */
_Static_assert(offsetof(struct boot_params, e820_entries) == BP_E820_ENTRIES,
	       "e820_entries");
_Static_assert(offsetof(struct boot_params, initrd_start) == BP_INITRD_START,
	       "initrd_start");
_Static_assert(offsetof(struct boot_params, initrd_size) == BP_INITRD_SIZE,
	       "initrd_size");
_Static_assert(offsetof(struct boot_params, kernel_end) == BP_KERNEL_END,
	       "kernel_end");
_Static_assert(offsetof(struct boot_params, boot_drive) == BP_BOOT_DRIVE,
	       "boot_drive");
_Static_assert(offsetof(struct boot_params, e820_source) == BP_E820_SOURCE,
	       "e820_source");
_Static_assert(offsetof(struct boot_params, cmdline) == BP_CMDLINE, "cmdline");
_Static_assert(offsetof(struct boot_params, e820_map) == BP_E820_MAP, "e820");
_Static_assert(sizeof(struct e820entry) == BP_E820_ENTRY_SIZE, "e820entry");
_Static_assert(sizeof(struct boot_params) == BP_SIZE, "boot_params size");

/** The loader's page, copied here by asm/head.asm before paging is on. */
struct boot_params boot_params __attribute__((aligned(4096)));

/** The command line as the loader passed it (parse_args() splits a copy). */
char saved_command_line[BP_CMDLINE_SIZE];
static char command_line[BP_CMDLINE_SIZE];

/** The BIOS memory map, sanitized: sorted, no zero-length entries. */
struct e820map e820;

static const char *e820_type_name(u32 type)
{
	switch (type) {
	case E820_RAM:
		return "usable";
	case E820_RESERVED:
		return "reserved";
	case E820_ACPI:
		return "ACPI data";
	case E820_NVS:
		return "ACPI NVS";
	default:
		return "type?";
	}
}

/* Copy the loader's table, sorted by address (insertion sort: tiny). */
static void copy_e820_map(void)
{
	u32 n = boot_params.e820_entries;

	if (n > BP_E820_MAX)
		n = BP_E820_MAX;
	e820.nr_map = 0;
	for (u32 i = 0; i < n; i++) {
		struct e820entry e = boot_params.e820_map[i];
		int j;

		if (!e.size)
			continue;
		j = e820.nr_map++;
		while (j > 0 && e820.map[j - 1].addr > e.addr) {
			e820.map[j] = e820.map[j - 1];
			j--;
		}
		e820.map[j] = e;
	}
}

/** Print the BIOS memory map like Linux's "BIOS-provided physical RAM map". */
void print_memory_map(const char *who)
{
	printk(KERN_INFO "BIOS-provided physical RAM map:\n");
	for (int i = 0; i < e820.nr_map; i++) {
		const struct e820entry *e = &e820.map[i];

		printk(KERN_INFO " %s: %016llx - %016llx (%s)\n", who,
		       (unsigned long long)e->addr,
		       (unsigned long long)(e->addr + e->size),
		       e820_type_name(e->type));
	}
}

/**
 * Total usable RAM below 4 GiB in bytes, from the e820 map (what Bochs was
 * given with `megs:`, less what the BIOS keeps).
 */
unsigned long long e820_ram_bytes(void)
{
	unsigned long long total = 0;

	for (int i = 0; i < e820.nr_map; i++)
		if (e820.map[i].type == E820_RAM)
			total += e820.map[i].size;
	return total;
}

/* ---- the CPU ------------------------------------------------------------ */

struct cpuinfo_x86 boot_cpu_data;

static void cpuid(unsigned int op, unsigned int *a, unsigned int *b,
		  unsigned int *c, unsigned int *d)
{
	asm volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
		     : "0"(op), "2"(0));
}

/**
 * Ask CPUID what the boot CPU can do, less what boot options disabled
 * (nopentium hides PSE). Every i586 or later has CPUID; vmm386 needs one.
 */
void identify_cpu(void)
{
	unsigned int a, b, c, d;

	cpuid(0, &a, &b, &c, &d);
	memcpy(boot_cpu_data.x86_vendor_id + 0, &b, 4);
	memcpy(boot_cpu_data.x86_vendor_id + 4, &d, 4);
	memcpy(boot_cpu_data.x86_vendor_id + 8, &c, 4);
	boot_cpu_data.x86_vendor_id[12] = '\0';
	cpuid(1, &a, &b, &c, &d);
	boot_cpu_data.x86_capability = d & ~boot_cpu_data.disabled_caps;
	printk(KERN_INFO "CPU: %s, family %u model %u; 4 MiB pages (PSE): %s, "
	       "global pages (PGE): %s\n", boot_cpu_data.x86_vendor_id,
	       (a >> 8) & 0xf, (a >> 4) & 0xf,
	       cpu_has_pse ? "yes" : (d & X86_FEATURE_PSE) ? "disabled" : "no",
	       cpu_has_pge ? "yes" : "no");
}

/** Turn on the CR4 bits in @p mask (PSE, PGE). */
void set_in_cr4(unsigned long mask)
{
	write_cr4(read_cr4() | mask);
}

/* ---- memory options -------------------------------------------------------- */

/* highmem=: pages of highmem wanted, or -1 for "as the hardware has". */
static unsigned long highmem_pages = -1UL;
/* mem= trimmed the map: print it, as Linux prints the "user" map. */
static bool userdef;
/* The map as the BIOS gave it, in case mem= asks for too little. */
static struct e820map bios_e820;

/*
 * Trim the map so that RAM ends at @size bytes: the RAM range containing
 * @size is shortened and every entry after it dropped (Linux 2.4's
 * limit_regions(), which also drops the ACPI tables above).
 */
static void limit_regions(unsigned long long size)
{
	for (int i = 0; i < e820.nr_map; i++) {
		struct e820entry *e = &e820.map[i];

		if (e->type != E820_RAM)
			continue;
		if (e->addr + e->size >= size) {
			e->size = size > e->addr ? size - e->addr : 0;
			e820.nr_map = i + 1;
			return;
		}
	}
}

/*
 * "mem=SIZE" caps memory at SIZE bytes (K, M, G suffixes); Linux 2.4's
 * "mem=nopentium" disables 4 MiB pages.
 */
static int __init parse_mem(char *arg)
{
	char *end;
	unsigned long long size;

	if (!strcmp(arg, "nopentium")) {
		boot_cpu_data.disabled_caps |= X86_FEATURE_PSE;
		return 1;
	}
	size = memparse(arg, &end);
	if (end == arg || *end)
		return 0;
	limit_regions(size);
	userdef = true;
	return 1;
}
early_param("mem=", parse_mem);

/*
 * "highmem=SIZE": make the top SIZE bytes of RAM high memory, even on a
 * machine small enough to map all of it (find_max_low_pfn() checks it).
 */
static int __init parse_highmem(char *arg)
{
	char *end;

	highmem_pages = memparse(arg, &end) >> PAGE_SHIFT;
	return end != arg && !*end;
}
early_param("highmem=", parse_highmem);

/* "nopentium": no 4 MiB pages; the direct map uses 4 KiB page tables. */
static int __init parse_nopentium(char *arg)
{
	boot_cpu_data.disabled_caps |= X86_FEATURE_PSE;
	return 1;
}
early_param("nopentium", parse_nopentium);

/* ---- from the e820 map to the boot allocator ---------------------------- */

/* Megabytes in @x pages. */
#define pages_to_mb(x)	((x) >> (20 - PAGE_SHIFT))
/* Frames a 32-bit physical address can reach (no PAE). */
#define MAX_NONPAE_PFN	(1UL << 20)
/* Frames of the directly mapped zones at most (896 MiB). */
#define MAXMEM_PFN	PFN_DOWN(MAXMEM)

/* The highest RAM frame of the map, plus one: max_pfn. */
static void find_max_pfn(void)
{
	unsigned long long top = 0;

	for (int i = 0; i < e820.nr_map; i++) {
		const struct e820entry *e = &e820.map[i];
		unsigned long long start = (e->addr + PAGE_SIZE - 1) >> PAGE_SHIFT;
		unsigned long long end = (e->addr + e->size) >> PAGE_SHIFT;

		if (e->type == E820_RAM && start < end && end > top)
			top = end;
	}
	if (top > MAX_NONPAE_PFN) {
		printk(KERN_WARNING "Warning only 4GB will be used.\n");
		printk(KERN_WARNING "Use a PAE enabled kernel.\n");
		top = MAX_NONPAE_PFN;
	}
	max_pfn = top;
}

/*
 * Where low memory ends. Above 896 MiB (MAXMEM) the rest is highmem;
 * highmem= can shrink that, or, on a smaller machine, carve highmem out of
 * the top of RAM as long as 64 MiB of low memory remain (Linux 2.4's
 * find_max_low_pfn(), messages included).
 */
static unsigned long find_max_low_pfn(void)
{
	unsigned long low = max_pfn;

	if (low > MAXMEM_PFN) {
		if (highmem_pages == -1UL)
			highmem_pages = max_pfn - MAXMEM_PFN;
		if (highmem_pages + MAXMEM_PFN < max_pfn)
			max_pfn = MAXMEM_PFN + highmem_pages;
		if (highmem_pages + MAXMEM_PFN > max_pfn) {
			printk(KERN_WARNING "only %luMB highmem pages available, "
			       "ignoring highmem size of %luMB.\n",
			       pages_to_mb(max_pfn - MAXMEM_PFN),
			       pages_to_mb(highmem_pages));
			highmem_pages = 0;
		}
		return MAXMEM_PFN;
	}
	if (highmem_pages == -1UL)
		highmem_pages = 0;
	if (highmem_pages >= max_pfn) {
		printk(KERN_ERR "highmem size specified (%luMB) is bigger than "
		       "pages available (%luMB)!.\n", pages_to_mb(highmem_pages),
		       pages_to_mb(max_pfn));
		highmem_pages = 0;
	}
	if (highmem_pages) {
		if (low - highmem_pages < 64 * 1024 * 1024 / PAGE_SIZE) {
			printk(KERN_ERR "highmem size %luMB results in smaller "
			       "than 64MB lowmem, ignoring it.\n",
			       pages_to_mb(highmem_pages));
			highmem_pages = 0;
		}
		low -= highmem_pages;
	}
	return low;
}

/*
 * Give the boot allocator every whole page of RAM below max_low_pfn. What
 * the map does not call RAM (the BIOS area at 640 KiB - 1 MiB, ACPI
 * tables, holes) stays reserved for ever.
 */
static void register_bootmem_low_pages(void)
{
	for (int i = 0; i < e820.nr_map; i++) {
		const struct e820entry *e = &e820.map[i];
		unsigned long long first, last;

		if (e->type != E820_RAM)
			continue;
		first = (e->addr + PAGE_SIZE - 1) >> PAGE_SHIFT;
		last = (e->addr + e->size) >> PAGE_SHIFT;
		if (first >= max_low_pfn)
			continue;
		if (last > max_low_pfn)
			last = max_low_pfn;
		if (last <= first)
			continue;
		free_bootmem(PFN_PHYS(first), PFN_PHYS(last - first));
	}
}

extern char _text[], _end[];
extern unsigned long init_pg_tables_start, init_pg_tables_end;

/** Where setup_memory() put the boot allocator's bitmap, and its size. */
unsigned long bootmap_phys, bootmap_bytes;
/** Emulated-instruction counts of the boot memory setup (bench_mm). */
struct mm_boot_ticks mm_boot_ticks;

/*
 * Size memory from the e820 map (and mem=, highmem=), then start the boot
 * allocator: its bitmap goes right after everything the loader and
 * head.asm placed in memory (kernel image, initramfs, early page tables);
 * RAM below max_low_pfn is freed into it, and what is in use reserved
 * again: the bitmap, page 0 (the BIOS's), the kernel image, the
 * initramfs, the early page tables.
 */
static void setup_memory(void)
{
	unsigned long start_pfn = PFN_UP(init_pg_tables_end);
	unsigned long need = start_pfn + 1024;	/* bitmap and 4 MiB to work */
	unsigned long initrd_end;

	find_max_pfn();
	if (max_pfn < need) {
		printk(KERN_ERR "mem=: %luk leaves no room for the kernel; "
		       "ignoring it\n", max_pfn << (PAGE_SHIFT - 10));
		e820 = bios_e820;
		find_max_pfn();
	}
	max_low_pfn = find_max_low_pfn();
	highstart_pfn = highend_pfn = max_pfn;
	if (max_pfn > max_low_pfn)
		highstart_pfn = max_low_pfn;
	printk(KERN_NOTICE "%luMB HIGHMEM available.\n",
	       pages_to_mb(highend_pfn - highstart_pfn));
	printk(KERN_NOTICE "%luMB LOWMEM available.\n",
	       pages_to_mb(max_low_pfn));
	high_memory = __va(PFN_PHYS(max_low_pfn));

	bootmap_bytes = init_bootmem(start_pfn, max_low_pfn);
	bootmap_phys = PFN_PHYS(start_pfn);
	register_bootmem_low_pages();
	reserve_bootmem(bootmap_phys, bootmap_bytes);
	reserve_bootmem(0, PAGE_SIZE);
	reserve_bootmem(__pa(_text), __pa(_end) - __pa(_text));
	initrd_end = boot_params.initrd_start + boot_params.initrd_size;
	if (boot_params.initrd_size) {
		if (initrd_end <= PFN_PHYS(max_low_pfn)) {
			reserve_bootmem(boot_params.initrd_start,
					boot_params.initrd_size);
		} else {
			printk(KERN_ERR "initrd extends beyond end of memory "
			       "(0x%08lx > 0x%08lx)\ndisabling initrd\n",
			       initrd_end, PFN_PHYS(max_low_pfn));
			boot_params.initrd_size = 0;
		}
	}
	reserve_bootmem(init_pg_tables_start,
			init_pg_tables_end - init_pg_tables_start);
	checkpoint("bootmem", "map=%#lx bytes=%#lx max_low_pfn=%#lx "
		   "kernel=%#lx-%#lx initrd=%#lx-%#lx tables=%#lx-%#lx",
		   bootmap_phys, bootmap_bytes, max_low_pfn, __pa(_text),
		   __pa(_end), (unsigned long)boot_params.initrd_start,
		   boot_params.initrd_size ? initrd_end :
		   (unsigned long)boot_params.initrd_start,
		   init_pg_tables_start, init_pg_tables_end);
}

/**
 * The architecture's part of booting (Linux: setup_arch()): check the boot
 * parameter page, take the memory map and the command line, run the early
 * options (mem=, highmem=, nopentium, loglevel=), identify the CPU, size
 * memory and start the boot allocator, then build the kernel's page
 * tables and describe memory as zones (paging_init()). Returns a writable
 * copy of the command line for parse_args().
 */
char *setup_arch(void)
{
	if (boot_params.magic != BP_MAGIC_VALUE)
		panic("boot parameters missing (magic %08x): not booted by the vmm386 loader",
		      boot_params.magic);
	mm_boot_ticks.setup_start = rdtsc();
	copy_e820_map();
	bios_e820 = e820;
	strlcpy(saved_command_line, boot_params.cmdline,
		sizeof(saved_command_line));
	strlcpy(command_line, boot_params.cmdline, sizeof(command_line));
	print_memory_map(boot_params.e820_source == 0xe801 ? "BIOS-e801"
							   : "BIOS-e820");
	parse_early_param(command_line);
	if (userdef) {
		printk(KERN_INFO "user-defined physical RAM map:\n");
		for (int i = 0; i < e820.nr_map; i++)
			printk(KERN_INFO " user: %016llx - %016llx (%s)\n",
			       (unsigned long long)e820.map[i].addr,
			       (unsigned long long)(e820.map[i].addr +
						    e820.map[i].size),
			       e820_type_name(e820.map[i].type));
	}
	identify_cpu();
	setup_memory();
	mm_boot_ticks.bootmem_ready = rdtsc();
	paging_init();
	mm_boot_ticks.paging_done = rdtsc();
	return command_line;
}
