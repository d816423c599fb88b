/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file proc_fs.h
 * @brief /proc: the kernel's state as files, in Linux's formats (Linux:
 * fs/proc). Paths here are relative to /proc (empty for /proc itself).
 */
#ifndef _VMM_PROC_FS_H
#define _VMM_PROC_FS_H

#include <types.h>

struct file;

/** What a /proc path names: nothing, a file, or a directory. */
enum proc_kind {
	PROC_NONE,	/**< no such /proc path */
	PROC_FILE,	/**< a file: proc_open() makes its text */
	PROC_DIR,	/**< a directory: proc_dir_entry() lists it */
};

enum proc_kind proc_lookup(const char *path);
struct file *proc_open(const char *path, unsigned int flags);
bool proc_dir_entry(const char *dir, int k, char *name, size_t size,
		    unsigned char *type);
bool is_proc_file(const struct file *f);
int mounts_read(char *buf, size_t size);

#endif /* _VMM_PROC_FS_H */
