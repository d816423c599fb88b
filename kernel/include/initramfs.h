/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file initramfs.h
 * @brief The initramfs: a cpio "newc" archive the loader placed in memory.
 *
 * vmm386 does not copy the files anywhere: it indexes the archive where it
 * lies (in memory the boot allocator reserved) and serves lookups from it.
 */
#ifndef _VMM_INITRAMFS_H
#define _VMM_INITRAMFS_H

#include <types.h>

struct address_space;
struct file;

/** Most files the index keeps (busybox's applet links are most of them). */
#define INITRAMFS_MAX_FILES	512

/** Most symbolic links followed in one lookup, as Linux's MAX_NESTED_LINKS. */
#define INITRAMFS_MAX_LINKS	8

/**
 * struct initramfs_file - one regular file or symbolic link of the archive
 * (a link's data is its target, as cpio stores it).
 */
struct initramfs_file {
	const char *name;	/**< path inside the archive, no leading / */
	const void *data;	/**< its bytes, inside the archive */
	unsigned long size;	/**< length in bytes */
	unsigned long mode;	/**< type and permission bits */
};

int unpack_initramfs(const void *start, unsigned long size);
const struct initramfs_file *initramfs_lookup(const char *name);
const struct initramfs_file *initramfs_lookup_link(const char *name);
bool initramfs_is_link(const struct initramfs_file *f);
int initramfs_nr_files(void);
const struct initramfs_file *initramfs_file_at(int i);
struct address_space *initramfs_mapping(const struct initramfs_file *file);
const struct initramfs_file *initramfs_file_of(const struct file *f);
int initramfs_follow(const char *name, char *out);
struct file *initramfs_open(const struct initramfs_file *file,
			    unsigned int flags);

#endif /* _VMM_INITRAMFS_H */
