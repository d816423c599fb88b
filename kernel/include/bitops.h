/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file bitops.h
 * @brief Bit operations on bitmaps of unsigned longs (Linux: asm/bitops.h).
 *
 * Bit @p nr of a bitmap lives in word nr / BITS_PER_LONG at position
 * nr % BITS_PER_LONG, so a bitmap has the same layout in memory on i386
 * and on a 64-bit host running the unit tests (both little-endian).
 *
 * Only the non-atomic ("__") forms exist: every bitmap in vmm386 is
 * protected by its owner, the boot allocator running alone at boot or the
 * buddy allocator under its zone lock, as Linux's own allocators use
 * __test_and_change_bit under zone->lock.
 */
#ifndef _VMM_BITOPS_H
#define _VMM_BITOPS_H

#include <types.h>

/** Bits in an unsigned long: 32 in the kernel, 64 in host unit tests. */
#define BITS_PER_LONG	(8 * sizeof(unsigned long))
/** Index of the word holding bit @p nr. */
#define BIT_WORD(nr)	((nr) / BITS_PER_LONG)
/** Mask of bit @p nr inside its word. */
#define BIT_MASK(nr)	(1UL << ((nr) % BITS_PER_LONG))
/** Words needed for a bitmap of @p bits bits. */
#define BITS_TO_LONGS(bits)	(((bits) + BITS_PER_LONG - 1) / BITS_PER_LONG)

/** True if bit @p nr of @p addr is set. */
static inline int test_bit(unsigned long nr, const unsigned long *addr)
{
	return (addr[BIT_WORD(nr)] & BIT_MASK(nr)) != 0;
}

/** Set bit @p nr of @p addr. */
static inline void __set_bit(unsigned long nr, unsigned long *addr)
{
	addr[BIT_WORD(nr)] |= BIT_MASK(nr);
}

/** Clear bit @p nr of @p addr. */
static inline void __clear_bit(unsigned long nr, unsigned long *addr)
{
	addr[BIT_WORD(nr)] &= ~BIT_MASK(nr);
}

/** Flip bit @p nr of @p addr. */
static inline void __change_bit(unsigned long nr, unsigned long *addr)
{
	addr[BIT_WORD(nr)] ^= BIT_MASK(nr);
}

/** Set bit @p nr of @p addr; returns its old value. */
static inline int __test_and_set_bit(unsigned long nr, unsigned long *addr)
{
	int old = test_bit(nr, addr);

	__set_bit(nr, addr);
	return old;
}

/** Clear bit @p nr of @p addr; returns its old value. */
static inline int __test_and_clear_bit(unsigned long nr, unsigned long *addr)
{
	int old = test_bit(nr, addr);

	__clear_bit(nr, addr);
	return old;
}

/** Flip bit @p nr of @p addr; returns its old value. */
static inline int __test_and_change_bit(unsigned long nr, unsigned long *addr)
{
	int old = test_bit(nr, addr);

	__change_bit(nr, addr);
	return old;
}

#endif /* _VMM_BITOPS_H */
