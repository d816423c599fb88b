/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file io.h
 * @brief Port I/O: the x86 in/out instructions as C functions; and
 * ioremap(), which maps device memory into the vmalloc window.
 */
#ifndef _VMM_IO_H
#define _VMM_IO_H

#include <types.h>

/** Write byte @p val to I/O port @p port. */
static inline void outb(u8 val, u16 port)
{
	asm volatile("outb %0, %1" : : "a"(val), "Nd"(port));
}

/** Write 16-bit @p val to I/O port @p port. */
static inline void outw(u16 val, u16 port)
{
	asm volatile("outw %0, %1" : : "a"(val), "Nd"(port));
}

/** Read a byte from I/O port @p port. */
static inline u8 inb(u16 port)
{
	u8 val;

	asm volatile("inb %1, %0" : "=a"(val) : "Nd"(port));
	return val;
}

/** Read 16 bits from I/O port @p port. */
static inline u16 inw(u16 port)
{
	u16 val;

	asm volatile("inw %1, %0" : "=a"(val) : "Nd"(port));
	return val;
}

/** Read @p count 16-bit words from @p port into @p buf (ATA data). */
static inline void insw(u16 port, void *buf, unsigned long count)
{
	asm volatile("rep insw" : "+D"(buf), "+c"(count) : "d"(port)
		     : "memory");
}

/** Write @p count 16-bit words from @p buf to @p port (ATA data). */
static inline void outsw(u16 port, const void *buf, unsigned long count)
{
	asm volatile("rep outsw" : "+S"(buf), "+c"(count) : "d"(port));
}

/** A short pause for slow ISA devices (the classic write to port 0x80). */
static inline void io_delay(void)
{
	outb(0, 0x80);
}

/*
 * Device memory in the kernel's address space (Linux: asm/io.h; the
 * mapping itself is Chapter 8's, mm/ioremap.c).
 */
void *__ioremap(unsigned long phys_addr, unsigned long size,
		unsigned long flags);
void *ioremap(unsigned long phys_addr, unsigned long size);
void *ioremap_nocache(unsigned long phys_addr, unsigned long size);
void iounmap(void *addr);

#endif /* _VMM_IO_H */
