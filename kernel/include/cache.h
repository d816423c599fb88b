/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file cache.h
 * @brief The size of a hardware cache line (Linux 2.4: asm-i386/cache.h and
 * linux/cache.h).
 *
 * The slab allocator aligns objects of SLAB_HWCACHE_ALIGN caches to a cache
 * line and moves successive slabs by multiples of it ("colouring"), so that
 * objects at the same offset in different slabs fall into different lines
 * of the CPU cache. vmm386 is built for the i686 (-march=i686), whose L1
 * lines are 32 bytes, as Linux 2.4's CONFIG_X86_L1_CACHE_SHIFT=5 for the
 * Pentium Pro/II/III.
 */
#ifndef _VMM_CACHE_H
#define _VMM_CACHE_H

/** log2 of the L1 cache line size. */
#define L1_CACHE_SHIFT	5
/** Bytes in an L1 cache line: 32 on the i686. */
#define L1_CACHE_BYTES	(1 << L1_CACHE_SHIFT)
/** Round @p x up to a whole number of L1 cache lines. */
#define L1_CACHE_ALIGN(x)	(((x) + (L1_CACHE_BYTES - 1)) & \
				 ~(L1_CACHE_BYTES - 1))

#endif /* _VMM_CACHE_H */
