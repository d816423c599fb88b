// SPDX-License-Identifier: GPL-2.0-only
/*
 * statfs.c - the mounted file systems: /proc/mounts, and statfs(2) and
 * fstatfs(2) in their old and 64-bit forms (Linux: fs/statfs.c,
 * fs/proc_namespace.c), which busybox's df and mount read; and chmod(2)
 * and fchmod(2), which can change only tmpfs files.
 *
 * vmm386 mounts three file systems at boot, once, and nothing else can be
 * mounted: the initramfs as the root (rootfs; read-only here, where
 * Linux's rootfs is a writable ramfs), proc at /proc and tmpfs at /tmp.
 * A path belongs to the one whose mount point is its longest prefix; an
 * open file to the one it was opened on, and a pipe to pipefs, as on
 * Linux. The figures are Linux's for the same kind of file system: ramfs
 * and proc have no blocks to count (df shows zeros), tmpfs counts pages,
 * and can grow while free pages last (vmm386's tmpfs has no size= limit).
 */
#include <fs.h>
#include <proc_fs.h>
#include <tmpfs.h>
#include <pagemap.h>
#include <gfp.h>
#include <mm.h>
#include <kernel.h>
#include <string.h>
#include <errno.h>
#include <syscalls.h>
#include <uaccess.h>

/* Linux's magic numbers (include/uapi/linux/magic.h). */
#define RAMFS_MAGIC		0x858458f6
#define PROC_SUPER_MAGIC	0x9fa0
#define TMPFS_MAGIC		0x01021994
#define PIPEFS_MAGIC		0x50495045

/* statfs f_flags (Linux 2.6.36 on): the field is valid; read-only. */
#define ST_VALID		0x0020
#define ST_RDONLY		0x0001
#define ST_NOSUID		0x0002
#define ST_NODEV		0x0004
#define ST_NOEXEC		0x0008
#define NAME_MAX		255

/*
 * One mounted file system: what /proc/mounts prints for it and what
 * statfs() says of it.
 */
struct mount_entry {
	const char *device;	/* the "device" column */
	const char *dir;	/* mount point, without the leading '/' */
	const char *type;
	const char *options;
	unsigned long magic;
	unsigned long flags;	/* ST_* */
	unsigned int dev;	/* st_dev of its files (pagemap.h) */
};

static const struct mount_entry mounts[] = {
	{ "rootfs", "", "rootfs", "ro", RAMFS_MAGIC, ST_VALID | ST_RDONLY,
	  ROOTFS_DEV },
	{ "proc", "proc", "proc", "rw,nosuid,nodev,noexec", PROC_SUPER_MAGIC,
	  ST_VALID | ST_NOSUID | ST_NODEV | ST_NOEXEC, PROC_DEV },
	{ "tmpfs", "tmp", "tmpfs", "rw", TMPFS_MAGIC, ST_VALID, TMPFS_DEV },
};

static const struct mount_entry pipefs = {
	"pipefs", NULL, "pipefs", "rw", PIPEFS_MAGIC, ST_VALID, 0
};

/** /proc/mounts (and /proc/PID/mounts): one line per mount, as Linux. */
int mounts_read(char *buf, size_t size)
{
	int len = 0;

	for (size_t i = 0; i < ARRAY_SIZE(mounts); i++)
		len += scnprintf(buf + len, size - len, "%s /%s %s %s 0 0\n",
				 mounts[i].device, mounts[i].dir,
				 mounts[i].type, mounts[i].options);
	return len;
}

/* Is mount point @dir ("" the root) a prefix directory of @path? */
static bool under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	return !n || (!strncmp(path, dir, n) && (!path[n] || path[n] == '/'));
}

/* The mount @path (cleaned, no leading '/') lies on: the longest prefix. */
static const struct mount_entry *mount_of_path(const char *path)
{
	const struct mount_entry *best = &mounts[0];

	for (size_t i = 1; i < ARRAY_SIZE(mounts); i++)
		if (under(path, mounts[i].dir) &&
		    strlen(mounts[i].dir) > strlen(best->dir))
			best = &mounts[i];
	return best;
}

/**
 * The device number stat() reports for @p path (cleaned, no leading `/`):
 * its mount's, so that df finds a path's file system as Linux's does.
 */
unsigned int path_dev(const char *path)
{
	return mount_of_path(path)->dev;
}

/* The mount open file @f was opened on. */
static const struct mount_entry *mount_of_file(const struct file *f)
{
	const char *dir = file_dir_path(f);

	if (is_pipe_file(f))
		return &pipefs;
	if (tmpfs_file_node((struct file *)f))
		return mount_of_path("tmp");
	if (is_proc_file(f))
		return mount_of_path("proc");
	return mount_of_path(dir ? dir : "");
}

/*
 * What statfs says of a mount, in the widest form: blocks are pages.
 * tmpfs holds its files' pages and could take every free page more.
 */
struct kstatfs {
	unsigned long type, bsize, namelen, flags;
	unsigned long long blocks, bfree, files, ffree;
};

static void fill_kstatfs(const struct mount_entry *m, struct kstatfs *st)
{
	memset(st, 0, sizeof(*st));
	st->type = m->magic;
	st->bsize = PAGE_SIZE;
	st->namelen = NAME_MAX;
	st->flags = m->flags;
	if (m->magic == TMPFS_MAGIC) {
		st->bfree = nr_free_pages();
		st->blocks = shmem_pages + st->bfree;
	}
}

/* struct statfs64 of i386 Linux: 84 bytes, packed to 4. */
struct statfs64 {
	u32 f_type;
	u32 f_bsize;
	u64 f_blocks;
	u64 f_bfree;
	u64 f_bavail;
	u64 f_files;
	u64 f_ffree;
	u32 f_fsid[2];
	u32 f_namelen;
	u32 f_frsize;
	u32 f_flags;
	u32 f_spare[4];
} __attribute__((packed, aligned(4)));

/* struct statfs of i386 Linux: 64 bytes, 32-bit counts. */
struct statfs {
	u32 f_type;
	u32 f_bsize;
	u32 f_blocks;
	u32 f_bfree;
	u32 f_bavail;
	u32 f_files;
	u32 f_ffree;
	u32 f_fsid[2];
	u32 f_namelen;
	u32 f_frsize;
	u32 f_flags;
	u32 f_spare[4];
};

/*
 * Fill @st, a struct statfs or statfs64 (the same fields, of different
 * widths), from the kernel's @k: one place for what both layouts say.
 */
#define STATFS_FROM_KSTATFS(st, k) do {				\
	(st).f_type = (k).type;						\
	(st).f_bsize = (st).f_frsize = (k).bsize;			\
	(st).f_blocks = (k).blocks;					\
	(st).f_bfree = (st).f_bavail = (k).bfree;			\
	(st).f_files = (k).files;					\
	(st).f_ffree = (k).ffree;					\
	(st).f_namelen = (k).namelen;					\
	(st).f_flags = (k).flags;					\
} while (0)

/* Copy @m's statfs64 to user @buf, which the caller said is @size bytes. */
static long put_statfs64(const struct mount_entry *m, size_t size,
			 void __user *buf)
{
	struct kstatfs k;
	struct statfs64 st;

	if (size != sizeof(st))
		return -EINVAL;
	fill_kstatfs(m, &k);
	memset(&st, 0, sizeof(st));
	STATFS_FROM_KSTATFS(st, k);
	return copy_to_user(buf, &st, sizeof(st)) ? -EFAULT : 0;
}

/* Copy @m's old struct statfs to user @buf. */
static long put_statfs(const struct mount_entry *m, void __user *buf)
{
	struct kstatfs k;
	struct statfs st;

	fill_kstatfs(m, &k);
	memset(&st, 0, sizeof(st));
	STATFS_FROM_KSTATFS(st, k);
	return copy_to_user(buf, &st, sizeof(st)) ? -EFAULT : 0;
}

/* The mount of user path @upath into *@m, or -ENOENT, -EFAULT ... */
static long mount_of_user_path(const char __user *upath,
			       const struct mount_entry **m)
{
	char path[PATH_MAX];
	long err = user_path_lookup(upath, path);

	if (!err)
		*m = mount_of_path(path);
	return err;
}

/**
 * statfs64(2): the file system @p upath lies on, into the struct statfs64
 * at @p buf, whose size @p size must be Linux's (84): -EINVAL otherwise.
 */
long sys_statfs64(const char __user *upath, size_t size, void __user *buf)
{
	const struct mount_entry *m;
	long err = mount_of_user_path(upath, &m);

	return err ? err : put_statfs64(m, size, buf);
}

/** fstatfs64(2): statfs64() of the file system open file @p fd is on. */
long sys_fstatfs64(unsigned int fd, size_t size, void __user *buf)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	return put_statfs64(mount_of_file(f), size, buf);
}

/** statfs(2): the old form, with 32-bit counts. */
long sys_statfs(const char __user *upath, void __user *buf)
{
	const struct mount_entry *m;
	long err = mount_of_user_path(upath, &m);

	return err ? err : put_statfs(m, buf);
}

/** fstatfs(2): the old form of fstatfs64(). */
long sys_fstatfs(unsigned int fd, void __user *buf)
{
	struct file *f = fget(fd);

	return f ? put_statfs(mount_of_file(f), buf) : -EBADF;
}

/* ---- chmod ---------------------------------------------------------------- */

#define S_IFMT_BITS	0170000

/*
 * Give tmpfs node @node the permission bits of @mode; a file elsewhere
 * is on a file system that cannot change (rootfs, read-only here) or
 * whose modes are fixed (proc, pipes: -EPERM as Linux's proc answers).
 */
static long set_mode(const struct mount_entry *m, struct tmpfs_node *node,
		     unsigned int mode)
{
	if (node) {
		node->mode = (node->mode & S_IFMT_BITS) | (mode & 07777);
		return 0;
	}
	return m->magic == RAMFS_MAGIC ? -EROFS : -EPERM;
}

/**
 * chmod(2): the permission bits of @p upath. Only tmpfs files (/tmp) can
 * change; the initramfs is read-only here (-EROFS).
 */
long sys_chmod(const char __user *upath, unsigned int mode)
{
	char path[PATH_MAX];
	long err = user_path_lookup(upath, path);
	const struct mount_entry *m;

	if (err)
		return err;
	m = mount_of_path(path);
	return set_mode(m, m->magic == TMPFS_MAGIC ? tmpfs_lookup(path) : NULL,
			mode);
}

/** fchmod(2): chmod() of open file @p fd. */
long sys_fchmod(unsigned int fd, unsigned int mode)
{
	struct file *f = fget(fd);
	struct tmpfs_node *node;
	const char *dir;

	if (!f)
		return -EBADF;
	node = tmpfs_file_node(f);
	dir = file_dir_path(f);
	if (!node && dir && is_tmpfs_path(dir))
		node = tmpfs_lookup(dir);
	return set_mode(mount_of_file(f), node, mode);
}
