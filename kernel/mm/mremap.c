// SPDX-License-Identifier: GPL-2.0-only
/*
 * mremap.c - resizing and moving a mapping (Linux 2.4: mm/mremap.c).
 *
 * Three outcomes, tried in order: shrink (unmap the tail), grow in place
 * (if the region ends where the old range ends and the pages after it
 * are free), or move (with MREMAP_MAYMOVE: a new region elsewhere, or at
 * new_addr with MREMAP_FIXED, receives the page tables, and the old
 * range is unmapped). Moving carries the ptes over, not the data: no page
 * is copied.
 *
 * How vmm386 differs from Linux 2.4: a zero new length and a zero old
 * length are -EINVAL (2.6's rules; 2.4 treats them as odd special
 * cases), a shrink with MREMAP_FIXED moves the shrunken range (2.4 then
 * tries to move the old length), and a grown or moved region merges with
 * an alike neighbour.
 */
#include <mman.h>
#include <mm.h>
#include <kernel.h>
#include <errno.h>
#include <sched.h>
#include <processor.h>
#include <fs.h>

/* -EINVAL if the MREMAP_FIXED target [new_addr, +new_len) is unusable. */
static long check_fixed_target(unsigned long addr, unsigned long old_len,
			       unsigned long new_addr, unsigned long new_len,
			       unsigned long flags)
{
	if (new_addr & ~PAGE_MASK)
		return -EINVAL;
	if (!(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if (new_len > TASK_SIZE || new_addr > TASK_SIZE - new_len)
		return -EINVAL;
	/* The old and the new range may not overlap. */
	if (new_addr < addr + old_len && addr < new_addr + new_len)
		return -EINVAL;
	return 0;
}

/*
 * The region holding all of [addr, addr + len), or NULL: mremap cannot
 * work across region boundaries.
 */
static struct vm_area_struct *region_holding(struct mm_struct *mm,
					     unsigned long addr,
					     unsigned long len)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	if (!vma || vma->vm_start > addr || len > vma->vm_end - addr)
		return NULL;
	return vma;
}

/* True if @vma can grow from @old_end to @new_end where it is. */
static bool can_grow_in_place(struct vm_area_struct *vma,
			      unsigned long old_end, unsigned long new_end)
{
	unsigned long limit = vma->vm_next ? vma->vm_next->vm_start
					   : TASK_SIZE;

	return old_end == vma->vm_end && new_end > old_end &&
	       new_end <= limit;
}

/* Extend @vma's end to @new_end; the pages there are free. */
static void grow_in_place(struct vm_area_struct *vma, unsigned long new_end)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long old_end = vma->vm_end;

	spin_lock(&mm->page_table_lock);
	vma->vm_end = new_end;
	spin_unlock(&mm->page_table_lock);
	account_new_range(mm, old_end, new_end - old_end, vma->vm_flags);
	vma_merge_neighbours(vma);
}

/*
 * Move [old_addr, +old_len) of @vma to a new region [new_addr, +new_len),
 * which is free: the page tables go over, the old range is unmapped.
 * Returns new_addr or -ENOMEM.
 */
static unsigned long move_vma(struct vm_area_struct *vma,
			      unsigned long old_addr, unsigned long old_len,
			      unsigned long new_len, unsigned long new_addr)
{
	struct mm_struct *mm = vma->vm_mm;
	struct vm_area_struct *new;
	unsigned long flags = vma->vm_flags;
	int splits = (old_addr > vma->vm_start) +
		     (old_addr + old_len < vma->vm_end);

	/* Room for the new region and the old range's splits. */
	if (mm->map_count + 1 + splits > max_map_count)
		return -ENOMEM;
	new = vm_area_dup(vma);
	if (!new)
		return -ENOMEM;
	new->vm_start = new_addr;
	new->vm_end = new_addr + new_len;
	new->vm_pgoff += (old_addr - vma->vm_start) >> PAGE_SHIFT;
	/*
	 * On the file's i_mmap before its pages move in, so that a truncation
	 * meanwhile finds each page at its old or its new place.
	 */
	vma_hold_file(new);
	if (move_page_tables(vma, new_addr, old_addr, old_len)) {
		vma_release_file(new);
		vm_area_free(new);
		return -ENOMEM;
	}
	insert_vm_struct(mm, new);
	if (new->vm_ops && new->vm_ops->open)
		new->vm_ops->open(new);
	/* do_munmap() takes the old pages off total_vm (and locked_vm). */
	do_munmap(mm, old_addr, old_len);
	mm->total_vm += old_len >> PAGE_SHIFT;
	if (flags & VM_LOCKED)
		mm->locked_vm += old_len >> PAGE_SHIFT;
	account_new_range(mm, new_addr + old_len, new_len - old_len, flags);
	vma_merge_neighbours(new);
	return new_addr;
}

/* Where a moved region goes without MREMAP_FIXED: a free range. */
static unsigned long find_new_home(struct vm_area_struct *vma,
				   unsigned long new_len)
{
	unsigned long map_flags = (vma->vm_flags & VM_SHARED) ? MAP_SHARED : 0;

	return get_unmapped_area(vma->vm_file, 0, new_len, vma->vm_pgoff,
				 map_flags);
}

/* -EAGAIN/-ENOMEM if growing @vma by @grow bytes passes a limit. */
static long check_growth(struct vm_area_struct *vma, unsigned long grow)
{
	struct mm_struct *mm = vma->vm_mm;
	unsigned long pages = grow >> PAGE_SHIFT;

	if ((vma->vm_flags & VM_DONTEXPAND) && grow)
		return -EFAULT;
	if ((vma->vm_flags & VM_LOCKED) &&
	    (mm->locked_vm + pages > mlock_limit_pages ||
	     mm->locked_vm + pages > num_physpages / 2))
		return -EAGAIN;
	return 0;
}

/**
 * Resize the mapping [@p addr, @p addr + @p old_len) of the current
 * address space to @p new_len bytes, moving it if @p flags has
 * MREMAP_MAYMOVE and it cannot grow where it is, to @p new_addr exactly
 * with MREMAP_FIXED. Returns the mapping's address; -EINVAL for bad flags,
 * unaligned addresses, zero lengths or overlapping FIXED ranges; -EFAULT
 * if the old range is not inside one region (or may not grow); -ENOMEM if
 * it cannot grow in place and may not move, or no room is found; -EAGAIN
 * over the lock limit. The caller holds mmap_sem for writing.
 */
unsigned long do_mremap(unsigned long addr, unsigned long old_len,
			unsigned long new_len, unsigned long flags,
			unsigned long new_addr)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;
	bool fixed = flags & MREMAP_FIXED;
	long err;

	if (flags & ~(MREMAP_FIXED | MREMAP_MAYMOVE))
		return -EINVAL;
	if (addr & ~PAGE_MASK)
		return -EINVAL;
	old_len = PAGE_ALIGN(old_len);
	new_len = PAGE_ALIGN(new_len);
	if (!old_len || !new_len)
		return -EINVAL;
	if (fixed) {
		err = check_fixed_target(addr, old_len, new_addr, new_len,
					 flags);
		if (err)
			return err;
		err = do_munmap(mm, new_addr, new_len);
		if (err)
			return err;
	}
	if (old_len > new_len) {
		err = do_munmap(mm, addr + new_len, old_len - new_len);
		if (err)
			return err;
		old_len = new_len;
	}
	if (old_len == new_len && (!fixed || new_addr == addr))
		return addr;
	vma = region_holding(mm, addr, old_len);
	if (!vma)
		return -EFAULT;
	err = check_growth(vma, new_len - old_len);
	if (err)
		return err;
	if (!fixed && can_grow_in_place(vma, addr + old_len, addr + new_len)) {
		grow_in_place(vma, addr + new_len);
		return addr;
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	if (!fixed) {
		new_addr = find_new_home(vma, new_len);
		if (new_addr & ~PAGE_MASK)
			return new_addr;
	}
	return move_vma(vma, addr, old_len, new_len, new_addr);
}

/**
 * mremap(2): do_mremap() on the current address space.
 */
long sys_mremap(unsigned long addr, unsigned long old_len,
		unsigned long new_len, unsigned long flags,
		unsigned long new_addr)
{
	struct mm_struct *mm = current->mm;
	unsigned long ret;

	down_write(&mm->mmap_sem);
	ret = do_mremap(addr, old_len, new_len, flags, new_addr);
	up_write(&mm->mmap_sem);
	return (long)ret;
}
