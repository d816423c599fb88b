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

/**
 * Check the boot parameter page, take the memory map and the command line.
 * Returns a writable copy of the command line for parse_args().
 */
char *setup_arch(void)
{
	if (boot_params.magic != BP_MAGIC_VALUE)
		panic("boot parameters missing (magic %08x): not booted by the vmm386 loader",
		      boot_params.magic);
	copy_e820_map();
	strlcpy(saved_command_line, boot_params.cmdline,
		sizeof(saved_command_line));
	strlcpy(command_line, boot_params.cmdline, sizeof(command_line));
	print_memory_map(boot_params.e820_source == 0xe801 ? "BIOS-e801"
							   : "BIOS-e820");
	return command_line;
}
