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

#endif /* _MM_TEST_H */
