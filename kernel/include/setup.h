/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file setup.h
 * @brief The BIOS memory map as the kernel keeps it (Linux: asm/e820.h).
 */
#ifndef _VMM_SETUP_H
#define _VMM_SETUP_H

#include <bootparam.h>

/**
 * struct e820map - the BIOS memory map, sorted by address.
 */
struct e820map {
	int nr_map;				/**< entries in use */
	struct e820entry map[BP_E820_MAX];	/**< the ranges */
};

/** The sanitized BIOS memory map. */
extern struct e820map e820;

/** Physical address of the boot allocator's bitmap (freed by mem_init). */
extern unsigned long bootmap_phys;
/** Size in bytes of the boot allocator's bitmap. */
extern unsigned long bootmap_bytes;

char *setup_arch(void);
void print_memory_map(const char *who);
unsigned long long e820_ram_bytes(void);

#endif /* _VMM_SETUP_H */
