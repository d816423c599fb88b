/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file page.h
 * @brief Page size and the kernel's linear mapping (Linux: asm/page.h).
 *
 * The i386 split: user space below PAGE_OFFSET (3 GiB), the kernel above.
 * Physical memory from 0 is mapped 1:1 at PAGE_OFFSET, so converting a
 * directly mapped kernel address to a physical one is a subtraction.
 */
#ifndef _VMM_PAGE_H
#define _VMM_PAGE_H

/** log2 of the page size. */
#define PAGE_SHIFT	12
/** The hardware page size, 4 KiB. */
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
/** Mask that keeps the page-aligned part of an address. */
#define PAGE_MASK	(~(PAGE_SIZE - 1))
/** Round an address up to the next page boundary. */
#define PAGE_ALIGN(addr)	(((addr) + PAGE_SIZE - 1) & PAGE_MASK)

/** Start of the kernel's part of every address space (3 GiB). */
#define PAGE_OFFSET	0xC0000000UL

#ifndef __ASSEMBLER__
#ifndef __VMM_HOST_TEST
/** Physical address of a directly mapped kernel virtual address. */
#define __pa(x)		((unsigned long)(x) - PAGE_OFFSET)
/** Kernel virtual address of a directly mapped physical address. */
#define __va(x)		((void *)((unsigned long)(x) + PAGE_OFFSET))
#else
/*
 * Host unit tests (tests/unit) compile mm code as an ordinary program: the
 * test's "physical memory" is an allocation at host_phys_base, and the
 * direct mapping is an offset from there.
 */
extern unsigned long host_phys_base;
#define __pa(x)		((unsigned long)(x) - host_phys_base)
#define __va(x)		((void *)((unsigned long)(x) + host_phys_base))
#endif
#endif

#endif /* _VMM_PAGE_H */
