/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file kmap_types.h
 * @brief The kmap_atomic() windows, one per use (Linux 2.4:
 * asm/kmap_types.h). Code that can interrupt other code must use its own
 * window so it never overwrites a mapping in use below it.
 */
#ifndef _VMM_KMAP_TYPES_H
#define _VMM_KMAP_TYPES_H

/**
 * enum km_type - who is using an atomic kmap window.
 */
enum km_type {
	KM_BOUNCE_READ,	/**< copying a bounce buffer back after a read */
	KM_SKB_SUNRPC_DATA,	/**< network buffers (kept for Linux's numbering) */
	KM_SKB_DATA_SOFTIRQ,	/**< network buffers in softirqs */
	KM_USER0,	/**< process context, first page */
	KM_USER1,	/**< process context, second page (copies) */
	KM_BH_IRQ,	/**< bottom halves and interrupts */
	KM_SOFTIRQ0,	/**< softirq, first page */
	KM_SOFTIRQ1,	/**< softirq, second page */
	KM_TYPE_NR	/**< number of windows */
};

#endif /* _VMM_KMAP_TYPES_H */
