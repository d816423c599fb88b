// SPDX-License-Identifier: GPL-2.0-only
/*
 * initramfs.c - index the cpio "newc" archive the loader brought
 * (Linux: init/initramfs.c, which unpacks into a RAM filesystem).
 *
 * A newc member is a 110-byte ASCII header ("070701" and thirteen 8-digit
 * hex fields), the NUL-terminated name, padding to 4 bytes, the data and
 * padding to 4 bytes again. "TRAILER!!!" ends the archive. Every length is
 * checked against the archive's end, so a corrupt archive is reported, not
 * followed into random memory.
 *
 * Each file also has an address space (pagemap.h): read(), mmap() and
 * execve() reach its bytes through the page cache, whose readpage copies
 * them out of the archive.
 */
#include <initramfs.h>
#include <pagemap.h>
#include <highmem.h>
#include <kernel.h>
#include <string.h>
#include <errno.h>
#include <fs.h>

#define NEWC_HDR_LEN	110
#define S_IFMT		0170000
#define S_IFREG		0100000
#define S_IFLNK		0120000

static struct initramfs_file files[INITRAMFS_MAX_FILES];
static struct address_space mappings[INITRAMFS_MAX_FILES];
static int nr_files;

/*
 * Fill a page of an initramfs file from the archive: the bytes of the
 * file at the page's offset, zeroes past the end of the file.
 */
static int initramfs_readpage(struct address_space *mapping,
			      struct page *page)
{
	unsigned long pos = page->index << PAGE_SHIFT, n = 0;
	char *kaddr = kmap(page);

	if (pos < mapping->size)
		n = min(mapping->size - pos, PAGE_SIZE);
	memcpy(kaddr, (const char *)mapping->data + pos, n);
	memset(kaddr + n, 0, PAGE_SIZE - n);
	kunmap(page);
	return 0;
}

static const struct address_space_operations initramfs_aops = {
	.readpage = initramfs_readpage,
};

/*
 * Give file @i its address space, unless the cache still holds pages of
 * it (the archive was indexed again: the same file is there).
 */
static void init_file_mapping(int i)
{
	struct address_space *mapping = &mappings[i];

	if (mapping->nrpages)
		return;
	init_address_space(mapping, &initramfs_aops);
	mapping->data = files[i].data;
	mapping->size = files[i].size;
	mapping->name = files[i].name;
	mapping->dev = ROOTFS_DEV;
}

/** The address space (page cache) of initramfs file @p file. */
struct address_space *initramfs_mapping(const struct initramfs_file *file)
{
	return &mappings[file - files];
}

/* Field @index (0 = c_ino) of a newc header, or -1 if not hex. */
static long newc_field(const char *hdr, int index)
{
	const char *p = hdr + 6 + 8 * index;
	long v = 0;

	for (int i = 0; i < 8; i++) {
		char c = p[i];
		int d;

		if (c >= '0' && c <= '9')
			d = c - '0';
		else if (c >= 'a' && c <= 'f')
			d = c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			d = c - 'A' + 10;
		else
			return -1;
		v = v * 16 + d;
	}
	return v;
}

/**
 * Index the archive of @p size bytes at @p start. Returns the number of
 * regular files, or -EINVAL for a malformed archive (what was indexed
 * before the damage stays available).
 */
int unpack_initramfs(const void *start, unsigned long size)
{
	const char *base = start, *end = base + size, *p = base;

	nr_files = 0;
	while (p + NEWC_HDR_LEN <= end) {
		long mode = newc_field(p, 1), filesize = newc_field(p, 6);
		long namesize = newc_field(p, 11);
		const char *name = p + NEWC_HDR_LEN, *data;

		if (memcmp(p, "070701", 6) || mode < 0 || filesize < 0 ||
		    namesize < 1 || name + namesize > end ||
		    name[namesize - 1] != '\0')
			goto corrupt;
		data = base + ALIGN((unsigned long)(name + namesize - base), 4);
		if (data + filesize > end)
			goto corrupt;
		if (!strcmp(name, "TRAILER!!!"))
			return nr_files;
		if ((mode & S_IFMT) == S_IFREG || (mode & S_IFMT) == S_IFLNK) {
			if (nr_files == INITRAMFS_MAX_FILES) {
				printk(KERN_WARNING "initramfs: more than %d files, rest ignored\n",
				       INITRAMFS_MAX_FILES);
				return nr_files;
			}
			files[nr_files] = (struct initramfs_file) {
				name, data, (unsigned long)filesize,
				(unsigned long)mode };
			init_file_mapping(nr_files++);
		}
		p = base + ALIGN((unsigned long)(data + filesize - base), 4);
	}
corrupt:
	printk(KERN_ERR "initramfs: archive corrupt at offset %lu\n",
	       (unsigned long)(p - base));
	return -EINVAL;
}

/**
 * The member called @p name (no leading `/` needed) itself, a symbolic
 * link not followed (lstat, readlink), or NULL.
 */
const struct initramfs_file *initramfs_lookup_link(const char *name)
{
	if (*name == '/')
		name++;
	for (int i = 0; i < nr_files; i++)
		if (!strcmp(files[i].name, name))
			return &files[i];
	return NULL;
}

/** True if @p f is a symbolic link. */
bool initramfs_is_link(const struct initramfs_file *f)
{
	return (f->mode & S_IFMT) == S_IFLNK;
}

/*
 * Where link @l points: its target made absolute from the link's own
 * directory and cleaned, into @out (PATH_MAX bytes). -ENOENT if the
 * target does not fit.
 */
static int link_target(const struct initramfs_file *l, char *out)
{
	char dir[PATH_MAX], target[PATH_MAX];
	const char *slash = strrchr(l->name, '/');
	size_t dlen = slash ? (size_t)(slash - l->name) : 0;

	if (l->size >= sizeof(target))
		return -ENOENT;
	memcpy(dir, l->name, dlen);
	dir[dlen] = '\0';
	memcpy(target, l->data, l->size);
	target[l->size] = '\0';
	return resolve_path(dir, target, out);
}

/**
 * Follow @p name while it is a symbolic link of the archive, and copy the
 * path it finally names to @p out (PATH_MAX bytes; @p name itself when it
 * is no link). The target may lie outside the archive: /etc/mtab names
 * /proc/mounts. -ENOENT when a link's target is too long, -ENOENT too
 * after INITRAMFS_MAX_LINKS links (Linux: ELOOP; vmm386 has no ELOOP).
 */
int initramfs_follow(const char *name, char *out)
{
	const struct initramfs_file *l = initramfs_lookup_link(name);
	char path[PATH_MAX];

	strlcpy(path, name, sizeof(path));
	for (int n = 0; l && initramfs_is_link(l); n++) {
		if (n == INITRAMFS_MAX_LINKS || link_target(l, path))
			return -ENOENT;
		l = initramfs_lookup_link(path);
	}
	strlcpy(out, path, PATH_MAX);
	return 0;
}

/**
 * The regular file called @p name, symbolic links followed (at most
 * INITRAMFS_MAX_LINKS of them, as Linux gives up with ELOOP), or NULL.
 * Only the last component may be a link: the archive's directories are
 * the prefixes of its members' names, never links.
 */
const struct initramfs_file *initramfs_lookup(const char *name)
{
	const struct initramfs_file *f = initramfs_lookup_link(name);
	char path[PATH_MAX];

	for (int n = 0; f && initramfs_is_link(f); n++) {
		if (n == INITRAMFS_MAX_LINKS || link_target(f, path))
			return NULL;
		f = initramfs_lookup_link(path);
	}
	return f;
}

/** The @p i-th regular file of the archive (0 <= @p i < the count). */
const struct initramfs_file *initramfs_file_at(int i)
{
	return &files[i];
}

/** How many regular files the archive holds. */
int initramfs_nr_files(void)
{
	return nr_files;
}
