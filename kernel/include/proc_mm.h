/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file proc_mm.h
 * @brief The memory files of /proc, as text generators (Linux:
 * fs/proc/proc_misc.c and mm/vmstat.c).
 *
 * There is no VFS yet: each function writes what reading the file would
 * return into a caller's buffer, NUL-terminated and truncated to fit, and
 * returns the number of characters written (like scnprintf). The formats
 * are Linux's: /proc/meminfo as Linux 2.4 prints it, /proc/zoneinfo and
 * /proc/buddyinfo as Linux 2.6 does (2.4 has neither file).
 */
#ifndef _VMM_PROC_MM_H
#define _VMM_PROC_MM_H

#include <types.h>

int meminfo_read(char *buf, size_t size);
int zoneinfo_read(char *buf, size_t size);
int buddyinfo_read(char *buf, size_t size);

#endif /* _VMM_PROC_MM_H */
