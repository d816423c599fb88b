// SPDX-License-Identifier: GPL-2.0-only
/*
 * madvise.c - advice about how a range will be used (Linux 2.4:
 * mm/filemap.c's madvise code). MADV_NORMAL, MADV_SEQUENTIAL and
 * MADV_RANDOM set the read-ahead hint flags of the regions (splitting
 * them); MADV_WILLNEED asks for a file's pages ahead of time;
 * MADV_DONTNEED throws the pages away, so the next touch finds zeroes
 * (anonymous) or the file's contents again.
 *
 * Holes in the range are skipped, and reported at the end with -ENOMEM,
 * as Linux does (visit_vma_range in mmap.c).
 */
#include <mman.h>
#include <mm.h>
#include <kernel.h>
#include <errno.h>
#include <sched.h>

/* Set the read-ahead hint flags of [@start, @end) inside @vma. */
static int madvise_behavior(struct vm_area_struct *vma, unsigned long start,
			    unsigned long end, unsigned long hint)
{
	unsigned long newflags = vma->vm_flags & ~(VM_SEQ_READ | VM_RAND_READ);
	int err;

	newflags |= hint;
	if (newflags == vma->vm_flags)
		return 0;
	err = split_to_range(vma, start, end);
	if (err)
		return err;
	vma->vm_flags = newflags;
	vma_merge_neighbours(vma);
	return 0;
}

/*
 * MADV_DONTNEED: drop the pages of [@start, @end). Locked pages may not
 * be dropped (-EINVAL).
 */
static int madvise_dontneed(struct vm_area_struct *vma, unsigned long start,
			    unsigned long end, unsigned long unused)
{
	if (vma->vm_flags & VM_LOCKED)
		return -EINVAL;
	zap_page_range(vma->vm_mm, start, end - start);
	return 0;
}

/*
 * MADV_WILLNEED: read a file's pages ahead. Anonymous memory has no file
 * (-EBADF, as 2.4); the initramfs is in memory already, so there is
 * nothing to start.
 */
static int madvise_willneed(struct vm_area_struct *vma, unsigned long start,
			    unsigned long end, unsigned long unused)
{
	return vma->vm_file ? 0 : -EBADF;
}

/* The step for advice @behavior, with its argument in *@arg, or NULL. */
static vma_range_fn madvise_step(int behavior, unsigned long *arg)
{
	*arg = 0;
	switch (behavior) {
	case MADV_NORMAL:
		return madvise_behavior;
	case MADV_SEQUENTIAL:
		*arg = VM_SEQ_READ;
		return madvise_behavior;
	case MADV_RANDOM:
		*arg = VM_RAND_READ;
		return madvise_behavior;
	case MADV_WILLNEED:
		return madvise_willneed;
	case MADV_DONTNEED:
		return madvise_dontneed;
	default:
		return NULL;
	}
}

/**
 * madvise(2): apply advice @p behavior (MADV_*) to [@p start, @p start +
 * @p len). Returns 0; -EINVAL for an unaligned @p start, a wrapping range,
 * unknown advice, or MADV_DONTNEED on locked pages; -ENOMEM if part of
 * the range is unmapped (the mapped parts still get the advice); -EBADF
 * for MADV_WILLNEED on anonymous memory. A zero length does nothing.
 */
long sys_madvise(unsigned long start, size_t len, int behavior)
{
	struct mm_struct *mm = current->mm;
	unsigned long end, arg;
	vma_range_fn step;
	int err;

	if (user_page_range(start, len, &end))
		return -EINVAL;
	if (end == start)
		return 0;
	step = madvise_step(behavior, &arg);
	if (!step)
		return -EINVAL;
	down_write(&mm->mmap_sem);
	err = visit_vma_range(mm, start, end, step, arg);
	up_write(&mm->mmap_sem);
	return err;
}
