// SPDX-License-Identifier: GPL-2.0-only
/*
 * tmpfs.c - a writable tree at /tmp whose files live in the page cache
 * (Linux: mm/shmem.c and fs/ramfs/inode.c; see tmpfs.h).
 *
 * The nodes are kept in one list by full path, as the initramfs index
 * keeps its files: a directory's children are the nodes whose path is the
 * directory's plus one component. /tmp itself is a node that always
 * exists. A file's data are the pages of its address space, pinned in the
 * page cache; reading a hole fills a zeroed page.
 *
 * How vmm386 differs from Linux: no swap behind the pages (2.4's shmem
 * can swap them out), no size limit but free memory, no links, renames or
 * permissions beyond the mode bits. Truncating a mapped file unmaps the
 * pages past its new end in every process, as in Linux (vmtruncate()).
 */
#include <tmpfs.h>
#include <highmem.h>
#include <slab.h>
#include <string.h>
#include <errno.h>
#include <kernel.h>

#define S_IFMT		0170000
#define S_IFDIR		0040000
#define S_IFREG		0100000
#define DT_DIR		4
#define DT_REG		8
/* Inode numbers of tmpfs nodes start here (the root has the first). */
#define TMPFS_FIRST_INO	2

static struct tmpfs_node tmpfs_root = {
	.path = TMPFS_ROOT,
	.mode = S_IFDIR | 01777,
	.linked = true,
};
static LIST_HEAD(tmpfs_nodes);
static unsigned long next_ino = TMPFS_FIRST_INO + 1;

/** True if cleaned path @p path is /tmp or lies under it. */
bool is_tmpfs_path(const char *path)
{
	size_t n = strlen(TMPFS_ROOT);

	return !strncmp(path, TMPFS_ROOT, n) && (!path[n] || path[n] == '/');
}

/** The node at cleaned path @p path (/tmp itself included), or NULL. */
struct tmpfs_node *tmpfs_lookup(const char *path)
{
	struct tmpfs_node *node;

	if (!strcmp(path, TMPFS_ROOT))
		return &tmpfs_root;
	list_for_each_entry(node, &tmpfs_nodes, list)
		if (!strcmp(node->path, path))
			return node;
	return NULL;
}

/** True if @p node is a directory. */
bool tmpfs_is_dir(const struct tmpfs_node *node)
{
	return (node->mode & S_IFMT) == S_IFDIR;
}

/* A hole of a tmpfs file: the page reads as zeroes. */
static int tmpfs_readpage(struct address_space *mapping, struct page *page)
{
	(void)mapping;
	clear_highpage(page);
	return 0;
}

static const struct address_space_operations tmpfs_aops = {
	.readpage = tmpfs_readpage,
};

/*
 * Check that the parent directory of @path exists in tmpfs: 0, -ENOENT,
 * or -ENOTDIR if it is a file.
 */
static int check_parent(const char *path)
{
	const char *slash = strrchr(path, '/');
	char parent[PATH_MAX];
	struct tmpfs_node *dir;

	if (!slash)
		return -ENOENT;
	memcpy(parent, path, slash - path);
	parent[slash - path] = '\0';
	dir = tmpfs_lookup(parent);
	if (!dir)
		return -ENOENT;
	return tmpfs_is_dir(dir) ? 0 : -ENOTDIR;
}

/**
 * Create the node @p path (cleaned, under /tmp) with @p mode (S_IFREG or
 * S_IFDIR and permission bits); *@p out gets it. Returns 0, -EEXIST,
 * -ENOENT or -ENOTDIR for a parent that is missing or not a directory,
 * -ENOMEM.
 */
int tmpfs_create(const char *path, unsigned int mode, struct tmpfs_node **out)
{
	struct tmpfs_node *node;
	int err;

	if (tmpfs_lookup(path))
		return -EEXIST;
	err = check_parent(path);
	if (err)
		return err;
	node = kmalloc(sizeof(*node), GFP_KERNEL);
	if (!node)
		return -ENOMEM;
	memset(node, 0, sizeof(*node));
	strlcpy(node->path, path, sizeof(node->path));
	node->mode = mode;
	node->linked = true;
	init_address_space(&node->mapping, &tmpfs_aops);
	node->mapping.pinned = true;
	node->mapping.name = node->path;
	node->mapping.dev = TMPFS_DEV;
	node->mapping.ino = next_ino++;
	list_add_tail(&node->list, &tmpfs_nodes);
	*out = node;
	return 0;
}

/* Free @node if it has neither a name nor an open file, pages and all. */
static void put_node(struct tmpfs_node *node)
{
	if (node->linked || node->opens)
		return;
	truncate_inode_pages(&node->mapping, 0);
	kfree(node);
}

/* The last descriptor (or mapping) of a tmpfs file went away. */
static void tmpfs_release(struct file *f)
{
	struct tmpfs_node *node = f->private_data;

	node->opens--;
	put_node(node);
}

static const struct file_operations tmpfs_file_fops = {
	.read = generic_file_read,
	.write = generic_file_write,
	.release = tmpfs_release,
	.mmap = generic_file_mmap,
};

/** An open file of tmpfs file @p node with @p flags, or NULL. */
struct file *tmpfs_open(struct tmpfs_node *node, unsigned int flags)
{
	struct file *f = alloc_file(&tmpfs_file_fops, flags);

	if (!f)
		return NULL;
	f->private_data = node;
	f->f_mapping = &node->mapping;
	f->f_mode = node->mode;
	node->opens++;
	return f;
}

/** The name a shared anonymous region's object shows in /proc/PID/maps. */
#define SHMEM_ZERO_NAME	"dev/zero"

/**
 * The object behind a shared anonymous region of @p size bytes (Linux
 * 2.4: shmem_file_setup("dev/zero", size), as shmem_zero_setup() calls
 * it): a tmpfs file with no name, @p size bytes of zeroes, opened
 * read-write. The caller maps it and drops this reference with fput();
 * the region's own reference keeps it, and its pages go when the last
 * region that maps it does. Its pages count as Shmem in /proc/meminfo,
 * and maps shows it as "/dev/zero (deleted)", as Linux does. A page
 * past @p size (a region grown by mremap) is SIGBUS, as on Linux. NULL if
 * memory is short.
 */
struct file *shmem_file_setup(unsigned long size)
{
	struct tmpfs_node *node = kmalloc(sizeof(*node), GFP_KERNEL);
	struct file *f;

	if (!node)
		return NULL;
	memset(node, 0, sizeof(*node));
	strlcpy(node->path, SHMEM_ZERO_NAME, sizeof(node->path));
	node->mode = S_IFREG | 0600;
	init_address_space(&node->mapping, &tmpfs_aops);
	node->mapping.pinned = true;
	node->mapping.unlinked = true;
	node->mapping.name = node->path;
	node->mapping.dev = TMPFS_DEV;
	node->mapping.ino = next_ino++;
	node->mapping.size = size;
	f = tmpfs_open(node, O_RDWR);
	if (!f)
		kfree(node);
	return f;
}

/** The tmpfs node of open file @p f, or NULL if it is not a tmpfs file. */
struct tmpfs_node *tmpfs_file_node(struct file *f)
{
	return f->f_op == &tmpfs_file_fops ? f->private_data : NULL;
}

/* Take @node's name away (unlink, rmdir). */
static void unlink_node(struct tmpfs_node *node)
{
	list_del(&node->list);
	node->linked = false;
	node->mapping.unlinked = true;
}

/**
 * unlink() in tmpfs: remove file @p path's name. Its pages go at once if
 * no one has it open or mapped, else when the last one closes or unmaps.
 * Returns 0, -ENOENT, -EISDIR.
 */
int tmpfs_unlink(const char *path)
{
	struct tmpfs_node *node = tmpfs_lookup(path);

	if (!node)
		return -ENOENT;
	if (tmpfs_is_dir(node))
		return -EISDIR;
	unlink_node(node);
	put_node(node);
	return 0;
}

/* True if directory @dir has any node under it. */
static bool has_children(const struct tmpfs_node *dir)
{
	size_t n = strlen(dir->path);
	struct tmpfs_node *node;

	list_for_each_entry(node, &tmpfs_nodes, list)
		if (!strncmp(node->path, dir->path, n) && node->path[n] == '/')
			return true;
	return false;
}

/**
 * rmdir() in tmpfs: remove the empty directory @p path. Returns 0,
 * -ENOENT, -ENOTDIR, -ENOTEMPTY, or -EBUSY for /tmp itself (a mount
 * point).
 */
int tmpfs_rmdir(const char *path)
{
	struct tmpfs_node *node = tmpfs_lookup(path);

	if (!node)
		return -ENOENT;
	if (!tmpfs_is_dir(node))
		return -ENOTDIR;
	if (node == &tmpfs_root)
		return -EBUSY;
	if (has_children(node))
		return -ENOTEMPTY;
	unlink_node(node);
	put_node(node);
	return 0;
}

/**
 * Make file @p node @p size bytes long: pages past the end are unmapped
 * from every process and leave the page cache, and what grows reads as
 * zeroes. Returns 0 or -EFBIG past 2 GiB.
 */
int tmpfs_truncate(struct tmpfs_node *node, unsigned long size)
{
	if (size > 0x7fffffffUL)
		return -EFBIG;
	vmtruncate(&node->mapping, size);
	return 0;
}

/**
 * The @p k-th entry (from 0, @c "." and @c ".." not counted) of tmpfs
 * directory @p dir: its name (@p len bytes, not NUL-terminated) and type.
 * False past the last.
 */
bool tmpfs_dir_entry(const char *dir, int k, const char **name, size_t *len,
		     unsigned char *type)
{
	size_t n = strlen(dir);
	struct tmpfs_node *node;

	list_for_each_entry(node, &tmpfs_nodes, list) {
		const char *rest = node->path + n + 1;

		if (strncmp(node->path, dir, n) || node->path[n] != '/' ||
		    strchr(rest, '/'))
			continue;
		if (k--)
			continue;
		*name = rest;
		*len = strlen(rest);
		*type = tmpfs_is_dir(node) ? DT_DIR : DT_REG;
		return true;
	}
	return false;
}
