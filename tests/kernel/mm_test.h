/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mm_test.h - helpers shared by the memory chapters' guest suites.
 */
#ifndef _MM_TEST_H
#define _MM_TEST_H

#include <kunit.h>
#include <kernel.h>
#include <string.h>
#include <mm.h>
#include <init.h>
#include <pgtable.h>
#include <mm_types.h>
#include <mmu_context.h>
#include <sched.h>

/* Zone @i of the only node. */
static inline zone_t *mm_zone(int i)
{
	return contig_page_data.node_zones + i;
}

/* How much of the end of the kernel log mm_log_since() looks at. */
#define MM_LOG_TAIL	8192

/*
 * Print a marker line into the kernel log, so that mm_log_since() can
 * tell what was printed after it.
 */
static inline void mm_log_marker(const char *marker)
{
	printk(KERN_INFO "%s\n", marker);
}

/*
 * True if the kernel log, after the last occurrence of @marker, contains
 * @s: a message the test itself provoked, not an older one.
 */
static inline bool mm_log_since(const char *marker, const char *s)
{
	static char buf[MM_LOG_TAIL];
	char *p, *last = NULL;

	log_buf_copy(buf, sizeof(buf));
	for (p = buf; (p = strstr(p, marker)); p++)
		last = p;
	return last && strstr(last, s);
}

/* True if the kernel command line has the word @word. */
static inline bool cmdline_has(const char *word)
{
	const char *p = saved_command_line;
	size_t n = strlen(word);

	while ((p = strstr(p, word))) {
		if ((p == saved_command_line || p[-1] == ' ') &&
		    (p[n] == ' ' || p[n] == '\0' || p[n - 1] == '='))
			return true;
		p += n;
	}
	return false;
}

/*
 * Give the first @span bytes of the vmalloc window their page tables now.
 * The kernel never frees them, so a case that made one would look like a
 * leak to the free-pages counter: suites that vmalloc() call this from
 * suite_init, before any case is watched. Returns 0, or -1 if memory ran
 * out.
 */
static inline int populate_vmalloc_tables(unsigned long span)
{
	unsigned long end = VMALLOC_START + span;

	if (end > VMALLOC_END || end < VMALLOC_START)
		end = VMALLOC_END;
	for (unsigned long va = VMALLOC_START; va < end; va += PGDIR_SIZE) {
		pmd_t *pmd = pmd_alloc(&init_mm, pgd_offset_k(va), va);

		if (!pte_alloc_kernel(pmd, va))
			return -1;
	}
	return 0;
}

/* A fresh address space the current kernel thread runs in. */
static inline struct mm_struct *enter_new_mm(struct kunit *test)
{
	struct mm_struct *mm = mm_alloc();

	KUNIT_ASSERT_NOT_NULL(test, mm);
	use_mm(mm);
	return mm;
}

/* Leave @mm and drop it: its regions, pages and page tables go. */
static inline void leave_mm(struct mm_struct *mm)
{
	unuse_mm(mm);
	mmput(mm);
}

#endif /* _MM_TEST_H */
