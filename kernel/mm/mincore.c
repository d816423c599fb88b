// SPDX-License-Identifier: GPL-2.0-only
/*
 * mincore.c - which pages of a range are in memory (Linux 2.4:
 * mm/filemap.c's mincore code). One byte per page goes to user space:
 * bit 0 set if a pte maps the page or, in a file region, if the page
 * cache holds the file's page there.
 *
 * How vmm386 differs from Linux 2.4: 2.4 answers for file regions from
 * the page cache alone and for anonymous ones "present" for every page;
 * vmm386 (as 2.6 does) asks the page table first, so an anonymous page
 * never touched -- or dropped by MADV_DONTNEED -- reads as absent, and a
 * file page counts if either holds it.
 */
#include <mman.h>
#include <mm.h>
#include <pgwalk.h>
#include <pagemap.h>
#include <fs.h>
#include <uaccess.h>
#include <kernel.h>
#include <errno.h>
#include <sched.h>
#include <processor.h>

/* Bytes of answers gathered on the kernel stack per copy to user space. */
#define MINCORE_CHUNK	64

/* 1 if a pte of @mm maps the page at @addr, else 0. */
static unsigned char pte_is_present(struct mm_struct *mm, unsigned long addr)
{
	struct pgwalk_slot slot;

	if (pgwalk_lookup(mm->pgd, addr, &slot) != PGWALK_PTE)
		return 0;
	return pte_present(*slot.pte) ? 1 : 0;
}

/* 1 if the page at @addr of @vma is in memory: mapped, or cached. */
static unsigned char page_is_resident(struct vm_area_struct *vma,
				      unsigned long addr)
{
	unsigned long index;

	if (pte_is_present(vma->vm_mm, addr))
		return 1;
	if (!vma->vm_file)
		return 0;
	index = ((addr - vma->vm_start) >> PAGE_SHIFT) + vma->vm_pgoff;
	return page_cache_resident(vma->vm_file->f_mapping, index);
}

/*
 * Fill @vec (user memory) with the answers for the @pages pages from
 * @start, which lie inside region @vma: -EFAULT if @vec cannot be written.
 */
static long report_pages(struct vm_area_struct *vma, unsigned long start,
			 unsigned long pages, unsigned char __user *vec)
{
	unsigned char buf[MINCORE_CHUNK];

	while (pages) {
		unsigned long n = min(pages, (unsigned long)MINCORE_CHUNK);

		for (unsigned long i = 0; i < n; i++)
			buf[i] = page_is_resident(vma, start + i * PAGE_SIZE);
		if (copy_to_user(vec, buf, n))
			return -EFAULT;
		vec += n;
		start += n * PAGE_SIZE;
		pages -= n;
	}
	return 0;
}

/**
 * mincore(2): for each page of [@p start, @p start + @p len), one byte at
 * @p vec whose bit 0 says whether the page is in memory. Returns 0;
 * -EINVAL for an unaligned @p start or a range past TASK_SIZE; -ENOMEM if
 * part of the range is unmapped (the pages before the hole are reported);
 * -EFAULT if @p vec is not writable.
 */
long sys_mincore(unsigned long start, size_t len, unsigned char __user *vec)
{
	struct mm_struct *mm = current->mm;
	unsigned long end;
	long err = 0;

	if (user_page_range(start, len, &end) || end > TASK_SIZE)
		return -EINVAL;
	down_read(&mm->mmap_sem);
	while (start < end && !err) {
		struct vm_area_struct *vma = find_vma(mm, start);
		unsigned long stop;

		if (!vma || vma->vm_start > start) {
			err = -ENOMEM;
			break;
		}
		stop = min(end, vma->vm_end);
		err = report_pages(vma, start, (stop - start) >> PAGE_SHIFT, vec);
		vec += (stop - start) >> PAGE_SHIFT;
		start = stop;
	}
	up_read(&mm->mmap_sem);
	return err;
}
