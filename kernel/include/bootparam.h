/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file bootparam.h
 * @brief The contract between the boot loader (asm/setup.asm) and the kernel.
 *
 * The loader leaves one page of boot parameters at physical address
 * #BP_PHYS, the way Linux 2.4's setup.S leaves its "zero page" at
 * 0x90000. The kernel entry code copies that page into ::boot_params before
 * anything can overwrite low memory.
 *
 * The `BP_` and `BI_` offsets below are the single source of truth: the
 * Makefile turns every `#define BP_...`/`BI_...` line of this file into a
 * NASM `%define` (build/bootparam.inc), so the assembler and C always agree.
 */
#ifndef _VMM_BOOTPARAM_H
#define _VMM_BOOTPARAM_H

/* ---- physical addresses used while booting -------------------------- */
/** Where the loader builds the boot parameter page. */
#define BP_PHYS			0x90000
/** Where the boot sector loads the second-stage loader. */
#define BP_LOADER_PHYS		0x8000
/** Low-memory bounce buffer the loader reads disk sectors into. */
#define BP_BOUNCE_PHYS		0x10000
/** Size of the bounce buffer, in 512-byte sectors (32 KiB). */
#define BP_BOUNCE_SECTORS	64
/** `VMMB`: marks a valid boot parameter page. */
#define BP_MAGIC_VALUE		0x424d4d56

/* ---- offsets inside the boot parameter page ------------------------- */
#define BP_MAGIC		0x000	/**< u32: BP_MAGIC_VALUE */
#define BP_E820_ENTRIES		0x004	/**< u32: number of e820 entries */
#define BP_INITRD_START		0x008	/**< u32: physical start of initrd */
#define BP_INITRD_SIZE		0x00c	/**< u32: initrd size in bytes */
#define BP_KERNEL_END		0x010	/**< u32: physical end of kernel */
#define BP_BOOT_DRIVE		0x014	/**< u32: BIOS drive number */
#define BP_E820_SOURCE		0x018	/**< u32: 0xe820 or 0xe801 */
#define BP_CMDLINE		0x100	/**< char[BP_CMDLINE_SIZE] */
#define BP_CMDLINE_SIZE		512	/**< one disk sector */
#define BP_E820_MAP		0x400	/**< struct e820entry[] */
#define BP_E820_MAX		128	/**< capacity of the e820 table */
#define BP_E820_ENTRY_SIZE	20	/**< bytes per e820 entry */
#define BP_SIZE			0x1000	/**< the whole page */

/* ---- the boot info block inside the boot sector --------------------- */
/*
 * tools/mkimage.py patches these little-endian u32 fields into the boot
 * sector so the loader knows where everything lives on the disk.
 */
#define BI_OFFSET		0x1a0	/**< offset of the block in sector 0 */
#define BI_LOADER_LBA		0x1a0	/**< first sector of the loader */
#define BI_LOADER_SECTORS	0x1a4	/**< loader length in sectors */
#define BI_KERNEL_LBA		0x1a8	/**< first sector of the kernel ELF */
#define BI_KERNEL_SECTORS	0x1ac	/**< kernel ELF length in sectors */
#define BI_INITRD_LBA		0x1b0	/**< first sector of the initramfs */
#define BI_INITRD_BYTES		0x1b4	/**< initramfs length in bytes */
#define BI_CMDLINE_LBA		0x1b8	/**< the sector holding the command line */

#ifndef __ASSEMBLER__
#include <types.h>

/** Types of e820 ranges, as the BIOS reports them. */
#define E820_RAM	1	/**< usable RAM */
#define E820_RESERVED	2	/**< reserved by the firmware */
#define E820_ACPI	3	/**< ACPI tables, reclaimable */
#define E820_NVS	4	/**< ACPI non-volatile storage */

/**
 * struct e820entry - one range of the BIOS memory map (int 15h, eax=e820h).
 */
struct e820entry {
	u64 addr;	/**< physical start of the range */
	u64 size;	/**< length of the range in bytes */
	u32 type;	/**< E820_RAM, E820_RESERVED, ... */
} __attribute__((packed));

/**
 * struct boot_params - the page of facts the loader hands to the kernel.
 *
 * Its layout is fixed by the `BP_` offsets; static assertions in
 * arch/setup.c check the two never drift apart.
 */
struct boot_params {
	u32 magic;		/**< BP_MAGIC_VALUE when the page is valid */
	u32 e820_entries;	/**< how many entries e820_map holds */
	u32 initrd_start;	/**< physical address of the initramfs */
	u32 initrd_size;	/**< its size in bytes, 0 when absent */
	u32 kernel_end;		/**< physical end of the loaded kernel */
	u32 boot_drive;		/**< BIOS drive the kernel came from */
	u32 e820_source;	/**< 0xe820, or 0xe801 for the fallback */
	u8 pad0[BP_CMDLINE - 0x1c];	/**< up to the command line */
	char cmdline[BP_CMDLINE_SIZE];	/**< NUL-terminated command line */
	/** up to the map */
	u8 pad1[BP_E820_MAP - BP_CMDLINE - BP_CMDLINE_SIZE];
	struct e820entry e820_map[BP_E820_MAX];	/**< the BIOS memory map */
	/** to the end of the page */
	u8 pad2[BP_SIZE - BP_E820_MAP - BP_E820_MAX * BP_E820_ENTRY_SIZE];
} __attribute__((packed));

extern struct boot_params boot_params;

#endif /* __ASSEMBLER__ */
#endif /* _VMM_BOOTPARAM_H */
