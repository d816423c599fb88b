// SPDX-License-Identifier: GPL-2.0-only
/*
 * mprotect.c - changing the access rights of a range (Linux 2.4:
 * mm/mprotect.c). Each region of the range gets the new PROT_* bits;
 * regions crossing the range's ends are split first, and afterwards a
 * region that became like a neighbour merges with it, so protecting a
 * page and unprotecting it again leaves one region, as before.
 *
 * How vmm386 differs from Linux 2.4: the walk over the regions and the
 * split are shared with mlock() and madvise() (apply_to_vma_range and
 * split_to_range in mmap.c) instead of 2.4's four mprotect_fixup_*
 * variants; merging is vma_merge_neighbours(), which 2.4 does by hand at
 * the end of sys_mprotect.
 */
#include <mman.h>
#include <mm.h>
#include <kernel.h>
#include <errno.h>
#include <sched.h>

/*
 * Give [@start, @end), inside @vma, the access bits @prot (VM_READ,
 * VM_WRITE, VM_EXEC), split off from the rest of @vma. A right the region
 * may never have (VM_MAY* clear: a read-only file mapped shared) gives
 * -EACCES.
 */
static int mprotect_fixup(struct vm_area_struct *vma, unsigned long start,
			  unsigned long end, unsigned long prot)
{
	unsigned long newflags = (vma->vm_flags & ~VM_ACCESS_FLAGS) | prot;
	int err;

	if (prot & ~(newflags >> 4))
		return -EACCES;
	if (newflags == vma->vm_flags)
		return 0;
	err = split_to_range(vma, start, end);
	if (err)
		return err;
	vma->vm_flags = newflags;
	vma->vm_page_prot = protection_map[newflags & 0x0f];
	change_protection(vma, start, end, vma->vm_page_prot);
	vma_merge_neighbours(vma);
	return 0;
}

/**
 * mprotect(2): give [@p start, @p start + @p len) the rights @p prot
 * (PROT_READ|PROT_WRITE|PROT_EXEC). Returns 0; -EINVAL for an unaligned
 * @p start, unknown bits or a range that wraps; -ENOMEM if part of the
 * range is unmapped (regions before the hole are already changed, as in
 * Linux) or a split finds no memory; -EACCES for a right the mapping may
 * not have. A zero length does nothing.
 */
long sys_mprotect(unsigned long start, size_t len, unsigned long prot)
{
	struct mm_struct *mm = current->mm;
	unsigned long end;
	int err;

	if (user_page_range(start, len, &end))
		return -EINVAL;
	if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC))
		return -EINVAL;
	if (end == start)
		return 0;
	down_write(&mm->mmap_sem);
	err = apply_to_vma_range(mm, start, end, mprotect_fixup, prot);
	up_write(&mm->mmap_sem);
	return err;
}
