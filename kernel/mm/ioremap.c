// SPDX-License-Identifier: GPL-2.0-only
/*
 * ioremap.c - mapping device memory into the kernel's address space
 * (Linux 2.4: arch/i386/mm/ioremap.c; the book's Chapter 8).
 *
 * A device's registers or buffer live at physical addresses the direct
 * map does not cover (above RAM, like the BIOS ROM at the top of 4 GiB).
 * ioremap() reserves a range of the vmalloc window with get_vm_area(),
 * flag VM_IOREMAP, and points its ptes at consecutive physical frames
 * with remap_area_pages(), the same walk vmalloc() uses.
 *
 * Two cases need no mapping, as in Linux: the ISA hole (640 KiB to
 * 1 MiB: the VGA text buffer at 0xb8000, the BIOS) is inside the direct
 * map already, so ioremap() returns its direct address, and iounmap() of
 * any direct-map address does nothing.
 *
 * How vmm386 differs from Linux 2.4: ioremap() is uncached (Linux 2.4's
 * is cached and ioremap_nocache() is not; x86 Linux made ioremap()
 * uncached in 2.6.25); the refusal to map RAM covers every frame of
 * mem_map, high memory included (2.4 checks low memory only; 2.6 checks
 * all RAM); and iounmap() refuses an address that is not an ioremap()
 * area with 2.6's message instead of vfree()ing it.
 */
#include <io.h>
#include <vmalloc.h>
#include <mm.h>
#include <pgtable.h>
#include <kernel.h>
#include <kallsyms.h>
#include "internal.h"

/** The ISA hole: device memory below 1 MiB, always directly mapped. */
#define ISA_START	0xa0000UL
#define ISA_END		0x100000UL

/* Whether [@phys, @last] lies inside the ISA hole, always directly mapped. */
static bool in_isa_hole(unsigned long phys, unsigned long last)
{
	return phys >= ISA_START && last < ISA_END;
}

/*
 * Whether any frame of [@phys, @last] is RAM the page allocator owns (in
 * mem_map and not reserved): a second, uncached mapping of it would
 * corrupt whoever the allocator gives it to.
 */
static bool overlaps_owned_ram(unsigned long phys, unsigned long last)
{
	unsigned long pfn;

	for (pfn = phys >> PAGE_SHIFT; pfn <= last >> PAGE_SHIFT; pfn++)
		if (pfn < max_mapnr && !PageReserved(pfn_to_page(pfn)))
			return true;
	return false;
}

/*
 * Map the whole frames [@first_frame, @first_frame + @size) in a new
 * area of the vmalloc window, with @prot, for @caller. The area stays
 * hidden from vread() until every pte is in place. Returns the area's
 * address, or NULL.
 */
static void *map_device_frames(unsigned long first_frame, unsigned long size,
			       pgprot_t prot, void *caller)
{
	struct vm_struct *area;

	area = __get_vm_area_caller(size, VM_IOREMAP | VM_UNINITIALIZED,
				    VMALLOC_START, VMALLOC_END, caller);
	if (!area)
		return NULL;
	area->phys_addr = first_frame;
	if (remap_area_pages((unsigned long)area->addr, first_frame, size,
			     prot)) {
		free_vm_area(area);
		return NULL;
	}
	clear_vm_uninitialized_flag(area);
	return area->addr;
}

/*
 * Map @size bytes of device memory at physical @phys_addr, adding the pte
 * bits @flags (_PAGE_PCD, _PAGE_PWT) to PAGE_KERNEL's, for @caller.
 * Returns the kernel virtual address of @phys_addr, or NULL for an empty
 * or wrapping range, for RAM the kernel owns (a page frame that is not
 * reserved), or when the window is full.
 */
static void *__ioremap_caller(unsigned long phys_addr, unsigned long size,
			      unsigned long flags, void *caller)
{
	unsigned long last = phys_addr + size - 1;
	unsigned long first_frame = phys_addr & PAGE_MASK;
	char *mapped;

	if (!size || last < phys_addr)
		return NULL;
	if (in_isa_hole(phys_addr, last))
		return __va(phys_addr);
	if (overlaps_owned_ram(phys_addr, last))
		return NULL;
	mapped = map_device_frames(first_frame,
				   PAGE_ALIGN(last + 1) - first_frame,
				   __pgprot(pgprot_val(PAGE_KERNEL) | flags),
				   caller);
	return mapped ? mapped + (phys_addr & ~PAGE_MASK) : NULL;
}

/**
 * Map @p size bytes of device memory at physical @p phys_addr, adding the
 * pte bits @p flags (_PAGE_PCD, _PAGE_PWT) to PAGE_KERNEL's. Returns the
 * kernel virtual address of @p phys_addr, or NULL for an empty or
 * wrapping range, for RAM the kernel owns, or when the window is full.
 */
void *__ioremap(unsigned long phys_addr, unsigned long size,
		unsigned long flags)
{
	return __ioremap_caller(phys_addr, size, flags,
				__builtin_return_address(0));
}

/**
 * Map device memory uncached: every access reaches the device, in
 * order (PAGE_KERNEL_NOCACHE).
 */
void *ioremap(unsigned long phys_addr, unsigned long size)
{
	return __ioremap_caller(phys_addr, size, _PAGE_PCD,
				__builtin_return_address(0));
}

/** Linux's explicit name for the uncached ioremap(). */
void *ioremap_nocache(unsigned long phys_addr, unsigned long size)
{
	return __ioremap_caller(phys_addr, size, _PAGE_PCD,
				__builtin_return_address(0));
}

/**
 * Undo an ioremap(): unmap the range (the frames belong to the device and
 * are not freed) and free its vm_struct. A direct-map address (the ISA
 * hole) needs nothing; an address that is no ioremap() area is reported.
 */
void iounmap(void *addr)
{
	struct vm_struct *area;
	void *start = (void *)((unsigned long)addr & PAGE_MASK);

	if ((unsigned long)addr < VMALLOC_START)
		return;
	area = find_vm_area(start);
	if (!area || !(area->flags & VM_IOREMAP)) {
		printk(KERN_ERR "iounmap: bad address %p\n", addr);
		dump_stack();
		return;
	}
	free_vm_area(area);
}
