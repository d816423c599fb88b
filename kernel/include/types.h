/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file types.h
 * @brief Fixed-width integer types and the few basic definitions the
 * kernel uses everywhere, named as in Linux (u8 ... u64, size_t, bool).
 */
#ifndef _VMM_TYPES_H
#define _VMM_TYPES_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

typedef uint8_t u8;	/**< unsigned 8-bit quantity */
typedef uint16_t u16;	/**< unsigned 16-bit quantity */
typedef uint32_t u32;	/**< unsigned 32-bit quantity */
typedef uint64_t u64;	/**< unsigned 64-bit quantity */
typedef int8_t s8;	/**< signed 8-bit quantity */
typedef int16_t s16;	/**< signed 16-bit quantity */
typedef int32_t s32;	/**< signed 32-bit quantity */
typedef int64_t s64;	/**< signed 64-bit quantity */

/**
 * A size, or a negative errno: the C library's ssize_t, as wide as a
 * pointer difference (int on i386).
 */
typedef ptrdiff_t ssize_t;

/** A physical address: 32 bits without PAE. */
typedef unsigned long phys_addr_t;

/** Mark a function or object that is only used while booting. */
#define __init
/** Mark data that is only used while booting. */
#define __initdata

/** Tell the compiler a branch is likely to be taken. */
#define likely(x)	__builtin_expect(!!(x), 1)
/** Tell the compiler a branch is unlikely to be taken. */
#define unlikely(x)	__builtin_expect(!!(x), 0)

/** Number of elements of a true array (not a pointer). */
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/**
 * Get the structure that contains @p ptr as its member @p member.
 * The classic Linux idiom behind every intrusive list.
 */
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

/** Round @p x up to a multiple of @p a (a power of two). */
#define ALIGN(x, a)	(((x) + ((a) - 1)) & ~((typeof(x))(a) - 1))

/** The smaller of two values of the same type. */
#define min(a, b)	((a) < (b) ? (a) : (b))
/** The larger of two values of the same type. */
#define max(a, b)	((a) > (b) ? (a) : (b))

#endif /* _VMM_TYPES_H */
