// SPDX-License-Identifier: GPL-2.0-only
/*
 * msync.c - writing a shared file mapping's changes back (Linux 2.4:
 * mm/filemap.c's msync code).
 *
 * vmm386's files have no backing store to write to: the initramfs is
 * read-only, and a tmpfs file's pages in the page cache are the file, so
 * a store through a shared mapping is already where read() finds it.
 * msync checks its arguments and the range as Linux does and returns. The
 * one refusal besides them: a locked range cannot be invalidated
 * (MS_INVALIDATE, -EBUSY).
 */
#include <mman.h>
#include <mm.h>
#include <kernel.h>
#include <errno.h>
#include <sched.h>

/* Sync [@start, @end) inside @vma with @flags (MS_*). */
static int msync_interval(struct vm_area_struct *vma, unsigned long start,
			  unsigned long end, unsigned long flags)
{
	if ((flags & MS_INVALIDATE) && (vma->vm_flags & VM_LOCKED))
		return -EBUSY;
	return 0;
}

/**
 * msync(2): write back the changes to [@p start, @p start + @p len).
 * Returns 0; -EINVAL for an unaligned @p start, a wrapping range, unknown
 * flags, or MS_ASYNC with MS_SYNC (2.6's rule); -ENOMEM if part of the
 * range is unmapped; -EBUSY for MS_INVALIDATE on locked pages.
 */
long sys_msync(unsigned long start, size_t len, int flags)
{
	struct mm_struct *mm = current->mm;
	unsigned long end;
	int err;

	if (user_page_range(start, len, &end))
		return -EINVAL;
	if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
		return -EINVAL;
	if ((flags & MS_ASYNC) && (flags & MS_SYNC))
		return -EINVAL;
	if (end == start)
		return 0;
	down_read(&mm->mmap_sem);
	err = visit_vma_range(mm, start, end, msync_interval, flags);
	up_read(&mm->mmap_sem);
	return err;
}
