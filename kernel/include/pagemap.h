/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file pagemap.h
 * @brief The page cache: the pages of files, found by (file, offset)
 * (Linux 2.4: linux/pagemap.h, linux/fs.h's struct address_space,
 * mm/filemap.c).
 *
 * Every file that can be read through the cache -- a file of the
 * initramfs, a file of tmpfs -- has one struct address_space. A page of
 * its contents, once read, lives in the page cache: its struct page
 * records the owner in page->mapping and the offset, in pages, in
 * page->index, and a hash table keyed by the pair finds it again. Every
 * read(), every fault of a file mapping and every execve of the file goes
 * through that one page, so two processes mapping a file share its
 * frames. The cache holds one reference on each of its pages.
 */
#ifndef _VMM_PAGEMAP_H
#define _VMM_PAGEMAP_H

#include <types.h>
#include <list.h>
#include <mm.h>
#include <uaccess.h>

struct address_space;
struct vm_area_struct;
struct file;

/**
 * struct address_space_operations - how a file's pages are brought into
 * the cache (Linux 2.4: struct address_space_operations, of which vmm386
 * needs only readpage).
 */
struct address_space_operations {
	/**
	 * Fill @p page, new and not yet in the cache, with the file's bytes
	 * at page index page->index; bytes past the end of the file read as
	 * zero. Returns 0.
	 */
	int (*readpage)(struct address_space *mapping, struct page *page);
};

/**
 * struct address_space - the cached contents of one file, and what
 * /proc/PID/maps and stat() say about the file (Linux 2.4 keeps those in
 * the inode, which vmm386 does not have).
 */
struct address_space {
	struct list_head pages;	/**< its pages in the cache (page->lru) */
	unsigned long nrpages;	/**< how many */
	unsigned long size;	/**< the file's length in bytes (i_size) */
	const struct address_space_operations *a_ops;	/**< readpage */
	const void *data;	/**< the initramfs bytes behind it, or NULL */
	const char *name;	/**< its path without the leading `/` */
	unsigned long ino;	/**< inode number, as stat() reports it */
	unsigned int dev;	/**< device number (major << 8 | minor) */
	bool pinned;		/**< tmpfs: the pages are the only copy */
	bool unlinked;		/**< tmpfs: no name any more ("(deleted)") */
	struct list_head i_mmap;	/**< regions mapping it (vm_shared) */
	spinlock_t i_shared_lock;	/**< guards i_mmap */
};

/** Device number of the initramfs (Linux's rootfs is an unnamed 0:1). */
#define ROOTFS_DEV	0x0001
/** Device number of tmpfs at /tmp (an unnamed 0:2). */
#define TMPFS_DEV	0x0002
/** Device number of proc at /proc (an unnamed 0:3). */
#define PROC_DEV	0x0003

/** Pages in the page cache (/proc/meminfo's Cached). */
extern unsigned long page_cache_size;
/** Of those, the pages of tmpfs files (Shmem). */
extern unsigned long shmem_pages;

void page_cache_init(void);
void init_address_space(struct address_space *mapping,
			const struct address_space_operations *a_ops);
struct page *find_get_page(struct address_space *mapping,
			   unsigned long index);
int add_to_page_cache(struct page *page, struct address_space *mapping,
		      unsigned long index);
void remove_from_page_cache(struct page *page);
struct page *read_cache_page(struct address_space *mapping,
			     unsigned long index);
void truncate_inode_pages(struct address_space *mapping, unsigned long size);
void vmtruncate(struct address_space *mapping, unsigned long size);
unsigned long shrink_page_cache(void);
bool page_cache_resident(struct address_space *mapping, unsigned long index);

long generic_file_read(struct file *f, char __user *buf, unsigned long n);
long generic_file_write(struct file *f, const char __user *buf,
			unsigned long n);
int generic_file_mmap(struct file *file, struct vm_area_struct *vma);
struct page *filemap_nopage(struct vm_area_struct *area,
			    unsigned long address, int write_access);

/** The struct address_space a page of the cache belongs to, or NULL. */
static inline struct address_space *page_mapping(struct page *page)
{
	return page->mapping;
}

#endif /* _VMM_PAGEMAP_H */
