// SPDX-License-Identifier: GPL-2.0-only
/*
 * mlock.c - locking pages in memory (Linux 2.4: mm/mlock.c). A locked
 * region (VM_LOCKED) has all its pages faulted in at once and, once the
 * page-out code of Chapter 11 exists, is never paged out. mlockall() can
 * also lock every region created later (mm->def_flags).
 *
 * Limits: no more than mlock_limit_pages (Linux: RLIMIT_MEMLOCK) and no
 * more than half of physical memory may be locked: -ENOMEM otherwise.
 * Linux also requires CAP_IPC_LOCK (-EPERM); vmm386 has no users or
 * capabilities yet, so every process may lock.
 *
 * How vmm386 differs from Linux 2.4: the per-region step, mlock_fixup,
 * uses the shared walk and split of mmap.c, and merges the region with
 * its neighbours when they became alike (2.4 leaves them split).
 */
#include <mman.h>
#include <mm.h>
#include <kernel.h>
#include <errno.h>
#include <sched.h>

/*
 * Set (@lock) or clear VM_LOCKED on [@start, @end) inside @vma, counting
 * the pages in locked_vm, and fault the pages in when locking.
 */
static int mlock_fixup(struct vm_area_struct *vma, unsigned long start,
		       unsigned long end, unsigned long lock)
{
	unsigned long newflags = lock ? vma->vm_flags | VM_LOCKED
				      : vma->vm_flags & ~VM_LOCKED;
	unsigned long pages = (end - start) >> PAGE_SHIFT;
	struct mm_struct *mm = vma->vm_mm;
	int err;

	if (newflags == vma->vm_flags)
		return 0;
	err = split_to_range(vma, start, end);
	if (err)
		return err;
	vma->vm_flags = newflags;
	if (lock)
		mm->locked_vm += pages;
	else
		mm->locked_vm -= pages;
	vma_merge_neighbours(vma);
	if (lock)
		make_pages_present(start, end);
	return 0;
}

/* True if @pages more locked pages pass the limits (see the header). */
static bool lock_would_exceed(struct mm_struct *mm, unsigned long pages)
{
	unsigned long locked = pages + mm->locked_vm;

	return locked > mlock_limit_pages || locked > num_physpages / 2;
}

/* Lock or unlock the pages of [start, start + len), widened to pages. */
static long do_mlock(unsigned long start, size_t len, unsigned long lock)
{
	struct mm_struct *mm = current->mm;
	unsigned long end;
	long err;

	len = PAGE_ALIGN(len + (start & ~PAGE_MASK));
	start &= PAGE_MASK;
	end = start + len;
	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	down_write(&mm->mmap_sem);
	if (lock && lock_would_exceed(mm, len >> PAGE_SHIFT))
		err = -ENOMEM;
	else
		err = apply_to_vma_range(mm, start, end, mlock_fixup, lock);
	up_write(&mm->mmap_sem);
	return err;
}

/**
 * mlock(2): lock the pages of [@p start, @p start + @p len) (widened to
 * whole pages) in memory, faulting them in. Returns 0; -ENOMEM if part is
 * unmapped or the limits would be passed; -EINVAL if the range wraps.
 */
long sys_mlock(unsigned long start, size_t len)
{
	return do_mlock(start, len, 1);
}

/**
 * munlock(2): unlock the pages of [@p start, @p start + @p len). Errors
 * as mlock(), without the limits.
 */
long sys_munlock(unsigned long start, size_t len)
{
	return do_mlock(start, len, 0);
}

/*
 * Apply mlockall's @flags to every region and to the regions to come:
 * MCL_CURRENT locks the existing ones (without it they are unlocked),
 * MCL_FUTURE sets def_flags so later ones are locked.
 */
static long apply_mlockall(struct mm_struct *mm, int flags)
{
	struct vm_area_struct *vma = mm->mmap;
	long err = 0;

	mm->def_flags = (flags & MCL_FUTURE) ? VM_LOCKED : 0;
	while (vma && !err) {
		unsigned long next_start = vma->vm_end;

		err = mlock_fixup(vma, vma->vm_start, vma->vm_end,
				  flags & MCL_CURRENT);
		/* mlock_fixup may merge vma away: go on by address. */
		vma = find_vma(mm, next_start);
	}
	return err;
}

/**
 * mlockall(2): @p flags is MCL_CURRENT, MCL_FUTURE or both; anything else
 * is -EINVAL. -ENOMEM if locking every page now mapped would pass the
 * limits.
 */
long sys_mlockall(int flags)
{
	struct mm_struct *mm = current->mm;
	long err;

	if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE)))
		return -EINVAL;
	down_write(&mm->mmap_sem);
	if ((flags & MCL_CURRENT) && lock_would_exceed(mm, mm->total_vm -
							   mm->locked_vm))
		err = -ENOMEM;
	else
		err = apply_mlockall(mm, flags);
	up_write(&mm->mmap_sem);
	return err;
}

/**
 * munlockall(2): unlock every region and stop locking new ones.
 */
long sys_munlockall(void)
{
	struct mm_struct *mm = current->mm;
	long err;

	down_write(&mm->mmap_sem);
	err = apply_mlockall(mm, 0);
	up_write(&mm->mmap_sem);
	return err;
}
