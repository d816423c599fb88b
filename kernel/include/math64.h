/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file math64.h
 * @brief 64-bit division on a 32-bit kernel (Linux: linux/math64.h).
 *
 * gcc turns a plain u64 / u32 into a call to libgcc's __udivdi3, which the
 * kernel does not link. div_u64() divides in two 32-bit `divl` steps.
 */
#ifndef _VMM_MATH64_H
#define _VMM_MATH64_H

#include <types.h>

/** @p dividend / @p divisor, with the remainder in *@p rem if not NULL. */
static inline u64 div_u64_rem(u64 dividend, u32 divisor, u32 *rem)
{
	u32 high = (u32)(dividend >> 32), low = (u32)dividend, r;
	u32 qhigh = high / divisor;

	high %= divisor;
	asm("divl %2" : "+a"(low), "=d"(r) : "rm"(divisor), "1"(high));
	if (rem)
		*rem = r;
	return ((u64)qhigh << 32) | low;
}

/** @p dividend / @p divisor for a 64-bit dividend. */
static inline u64 div_u64(u64 dividend, u32 divisor)
{
	return div_u64_rem(dividend, divisor, NULL);
}

#endif /* _VMM_MATH64_H */
