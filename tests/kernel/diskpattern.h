/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * diskpattern.h - the known contents of the test disk (ata0-slave), the C
 * twin of tools/diskpattern.py: pattern A is what the host writes before
 * boot, pattern B what the kernel's tests write. The two implementations
 * are independent, so agreement means the data really went through the
 * disk.
 */
#ifndef _DISKPATTERN_H
#define _DISKPATTERN_H

#include <types.h>
#include <ata.h>

/* Byte @i of sector @s in pattern A (host) or B (guest). */
static inline u8 pattern(unsigned long s, unsigned int i, char kind)
{
	u32 head = kind == 'A' ? (u32)s : (u32)s ^ 0x5a5a5a5a;

	if (i < 4)
		return (u8)(head >> (8 * i));
	if (kind == 'A')
		return (u8)(s * 131 + i * 7 + (s >> 8) * 3);
	return (u8)(s * 13 + i * 3 + 0x5a);
}

/* Fill @count sectors at @data with pattern @kind for sectors @first... */
static inline void fill_pattern(u8 *data, unsigned long first,
				     unsigned int count, char kind)
{
	for (unsigned int n = 0; n < count; n++)
		for (unsigned int i = 0; i < ATA_SECTOR_SIZE; i++)
			data[n * ATA_SECTOR_SIZE + i] =
				pattern(first + n, i, kind);
}

/* First sector of @count at @first whose bytes in @data are wrong, or -1. */
static inline long check_pattern(const u8 *data, unsigned long first,
				      unsigned int count, char kind)
{
	for (unsigned int n = 0; n < count; n++)
		for (unsigned int i = 0; i < ATA_SECTOR_SIZE; i++)
			if (data[n * ATA_SECTOR_SIZE + i] !=
			    pattern(first + n, i, kind))
				return (long)(first + n);
	return -1;
}

#endif /* _DISKPATTERN_H */
