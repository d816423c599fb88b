/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file tmpfs.h
 * @brief tmpfs at /tmp: a writable directory tree whose file contents are
 * page-cache pages and nothing else (Linux: mm/shmem.c, fs/ramfs).
 *
 * A file of tmpfs is an address space whose pages are pinned in the page
 * cache: the cache is their only copy, so they are never dropped, and a
 * hole reads as zeroes. Writes with write() and stores through a shared
 * mapping reach the same page, so every reader and every mapping sees
 * them. A node lives while it has a name or an open file (a mapping holds
 * its file open); unlinking a file that is still open or mapped only
 * removes the name, and its pages come back when the last user goes.
 */
#ifndef _VMM_TMPFS_H
#define _VMM_TMPFS_H

#include <types.h>
#include <list.h>
#include <pagemap.h>
#include <fs.h>

/** Where tmpfs is mounted, without the leading `/`. */
#define TMPFS_ROOT	"tmp"

/**
 * struct tmpfs_node - a file or directory of tmpfs (Linux: its inode and
 * dentry in one).
 */
struct tmpfs_node {
	struct list_head list;	/**< in the list of named nodes */
	char path[PATH_MAX];	/**< full path without the leading `/` */
	unsigned int mode;	/**< S_IFREG or S_IFDIR, and permission bits */
	int opens;		/**< open files (and so mappings) of it */
	bool linked;		/**< still has its name */
	struct address_space mapping;	/**< its contents (files) */
};

bool is_tmpfs_path(const char *path);
struct tmpfs_node *tmpfs_lookup(const char *path);
bool tmpfs_is_dir(const struct tmpfs_node *node);
int tmpfs_create(const char *path, unsigned int mode,
		 struct tmpfs_node **out);
struct file *tmpfs_open(struct tmpfs_node *node, unsigned int flags);
struct tmpfs_node *tmpfs_file_node(struct file *f);
int tmpfs_unlink(const char *path);
int tmpfs_rmdir(const char *path);
int tmpfs_truncate(struct tmpfs_node *node, unsigned long size);
struct file *shmem_file_setup(unsigned long size);
bool tmpfs_dir_entry(const char *dir, int k, const char **name, size_t *len,
		     unsigned char *type);

#endif /* _VMM_TMPFS_H */
