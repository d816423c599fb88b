/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file err.h
 * @brief Errors inside pointers (Linux: linux/err.h). The top 4095
 * addresses are kernel addresses no object has, so a function returning a
 * pointer can return -errno in it instead.
 */
#ifndef _VMM_ERR_H
#define _VMM_ERR_H

#include <types.h>

/** Largest errno an error pointer can carry. */
#define MAX_ERRNO	4095

/** A pointer that carries negative errno @p error. */
static inline void *ERR_PTR(long error)
{
	return (void *)error;
}

/** The negative errno carried by error pointer @p ptr. */
static inline long PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

/** True if @p ptr is an error pointer rather than an object. */
static inline bool IS_ERR(const void *ptr)
{
	return (unsigned long)ptr >= (unsigned long)-MAX_ERRNO;
}

/** True if the address-sized result @p x is a negative errno. */
#define IS_ERR_VALUE(x)	((unsigned long)(x) >= (unsigned long)-MAX_ERRNO)

#endif /* _VMM_ERR_H */
