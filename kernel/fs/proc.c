// SPDX-License-Identifier: GPL-2.0-only
/*
 * proc.c - /proc as files, in Linux's formats, so that Linux tools can
 * parse them (Linux: fs/proc/base.c, array.c, task_mmu.c, proc_misc.c).
 *
 * /proc holds meminfo, zoneinfo and buddyinfo (their text comes from
 * proc_mm.c), mounts (statfs.c), a directory per process named by its
 * pid -- maps, status, stat, cmdline, mounts -- and self, the reading
 * process's own. A file's text is
 * made when it is opened, like Linux's single_open() files, and read from
 * that snapshot; it never changes under a reader.
 */
#include <proc_fs.h>
#include <proc_mm.h>
#include <fs.h>
#include <sched.h>
#include <mm_types.h>
#include <mman.h>
#include <rwsem.h>
#include <kernel.h>
#include <slab.h>
#include <string.h>
#include <errno.h>
#include <pagemap.h>
#include <timekeeping.h>
#include <tty.h>
#include <pgwalk.h>
#include <pgtable.h>
#include <highmem.h>
#include <system.h>

#define S_IFREG		0100000
#define DT_DIR		4
#define DT_REG		8
#define PROC_BUF	PAGE_SIZE

static const char *const top_files[] = { "meminfo", "zoneinfo", "buddyinfo",
					  "uptime", "stat", "loadavg", "mounts" };
static const char *const pid_files[] = { "maps", "status", "stat", "cmdline",
					  "mounts" };

/* Parse a decimal pid of @len bytes at @s; -1 if it is not one. */
static int parse_pid(const char *s, size_t len)
{
	int pid = 0;

	if (!len || len > 6)
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		pid = pid * 10 + s[i] - '0';
	}
	return pid;
}

/* Split @path into its pid part and the rest; the task, or NULL. */
static struct task_struct *path_task(const char *path, const char **rest)
{
	const char *slash = strchr(path, '/');
	size_t len = slash ? (size_t)(slash - path) : strlen(path);
	struct task_struct *p;
	int pid;

	*rest = slash ? slash + 1 : "";
	if (len == 4 && !strncmp(path, "self", 4))
		return current;
	pid = parse_pid(path, len);
	if (pid <= 0)
		return NULL;
	p = find_task_by_pid(pid);
	return p && p->state != TASK_DEAD ? p : NULL;
}

/* Is @name one of the @n strings of @list? */
static bool in_list(const char *name, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(name, list[i]))
			return true;
	return false;
}

/** What /proc path @p path names. */
enum proc_kind proc_lookup(const char *path)
{
	const char *rest;

	if (!*path)
		return PROC_DIR;
	if (in_list(path, top_files, ARRAY_SIZE(top_files)))
		return PROC_FILE;
	if (!path_task(path, &rest))
		return PROC_NONE;
	if (!*rest)
		return PROC_DIR;
	return in_list(rest, pid_files, ARRAY_SIZE(pid_files)) ? PROC_FILE
							       : PROC_NONE;
}

/* The name of @vma for maps: [heap], [stack] or nothing. */
static const char *vma_name(const struct vm_area_struct *vma)
{
	const struct mm_struct *mm = vma->vm_mm;

	if (vma->vm_flags & VM_GROWSDOWN)
		return "[stack]";
	if (vma->vm_start <= mm->start_brk && mm->start_brk < vma->vm_end)
		return "[heap]";
	if (vma->vm_start >= PAGE_ALIGN(mm->start_brk) &&
	    vma->vm_end <= PAGE_ALIGN(mm->brk))
		return "[heap]";
	return "";
}

/* Column at which maps prints a region's name (after 26 spaces). */
#define MAPS_NAME_COLUMN	66

/*
 * One line of /proc/PID/maps for @v into @buf: a file region shows the
 * file's device, inode number and path ("(deleted)" once a tmpfs file
 * lost its name), as Linux does; an anonymous one 00:00 0 and its
 * [heap] or [stack] name.
 */
static int maps_line(const struct vm_area_struct *v, char *buf, size_t size)
{
	const struct address_space *mapping =
		v->vm_file ? v->vm_file->f_mapping : NULL;
	const char *name = vma_name(v);
	int len;

	len = scnprintf(buf, size, "%08lx-%08lx %c%c%c%c %08lx %02x:%02x %lu ",
			v->vm_start, v->vm_end,
			v->vm_flags & VM_READ ? 'r' : '-',
			v->vm_flags & VM_WRITE ? 'w' : '-',
			v->vm_flags & VM_EXEC ? 'x' : '-',
			v->vm_flags & VM_MAYSHARE ? 's' : 'p',
			v->vm_pgoff << PAGE_SHIFT,
			mapping ? mapping->dev >> 8 : 0,
			mapping ? mapping->dev & 0xff : 0,
			mapping ? mapping->ino : 0);
	if (mapping)
		return len + scnprintf(buf + len, size - len, "%*s/%s%s\n",
				       max(MAPS_NAME_COLUMN - len, 0), "",
				       mapping->name,
				       mapping->unlinked ? " (deleted)" : "");
	if (*name)
		return len + scnprintf(buf + len, size - len, "%*s%s\n",
				       max(MAPS_NAME_COLUMN - len, 0), "",
				       name);
	return len + scnprintf(buf + len, size - len, "\n");
}

/* /proc/PID/maps: one line per region, Linux's format. */
static int show_maps(struct task_struct *p, char *buf, size_t size)
{
	struct mm_struct *mm = p->mm;
	int len = 0;

	if (!mm)
		return 0;
	down_read(&mm->mmap_sem);
	for (struct vm_area_struct *v = mm->mmap; v; v = v->vm_next)
		len += maps_line(v, buf + len, size - len);
	up_read(&mm->mmap_sem);
	return len;
}

/* The one-letter state of @p, and its word, as Linux prints them. */
static const char *task_state(const struct task_struct *p)
{
	switch (p->state) {
	case TASK_RUNNING:
		return "R (running)";
	case TASK_INTERRUPTIBLE:
		return "S (sleeping)";
	case TASK_UNINTERRUPTIBLE:
		return "D (disk sleep)";
	case TASK_STOPPED:
		return "T (stopped)";
	case TASK_ZOMBIE:
		return "Z (zombie)";
	default:
		return "X (dead)";
	}
}

/* Pages of @mm's regions with all of the flags @flags. */
static unsigned long vm_pages(struct mm_struct *mm, unsigned long flags)
{
	unsigned long n = 0;

	for (struct vm_area_struct *v = mm->mmap; v; v = v->vm_next)
		if ((v->vm_flags & flags) == flags)
			n += (v->vm_end - v->vm_start) >> PAGE_SHIFT;
	return n;
}

#define KB(pages)	((pages) << (PAGE_SHIFT - 10))

/* /proc/PID/status: the lines of Linux's format that vmm386 has. */
static int show_status(struct task_struct *p, char *buf, size_t size)
{
	struct mm_struct *mm = p->mm;
	int len;

	len = scnprintf(buf, size,
			"Name:\t%s\nState:\t%s\nTgid:\t%d\nPid:\t%d\nPPid:\t%d\n"
			"TracerPid:\t0\nUid:\t0\t0\t0\t0\nGid:\t0\t0\t0\t0\n",
			p->comm, task_state(p), p->pid, p->pid,
			p->parent ? p->parent->pid : 0);
	if (!mm)
		return len + scnprintf(buf + len, size - len, "Threads:\t1\n");
	down_read(&mm->mmap_sem);
	len += scnprintf(buf + len, size - len,
			 "VmSize:\t%8lu kB\nVmLck:\t%8lu kB\nVmRSS:\t%8lu kB\n"
			 "VmData:\t%8lu kB\nVmStk:\t%8lu kB\nVmExe:\t%8lu kB\n"
			 "Threads:\t1\n",
			 KB(mm->total_vm), KB(mm->locked_vm), KB(mm->rss),
			 KB(vm_pages(mm, VM_WRITE) - vm_pages(mm, VM_GROWSDOWN)),
			 KB(vm_pages(mm, VM_GROWSDOWN)),
			 (PAGE_ALIGN(mm->end_code) - (mm->start_code & PAGE_MASK))
			 >> 10);
	up_read(&mm->mmap_sem);
	return len;
}

/* tty_nr of /dev/console: major 5, minor 1. */
#define CONSOLE_TTY_NR	((5 << 8) | 1)

/* /proc/PID/stat: Linux 2.4's 37 fields on one line. */
static int show_stat(struct task_struct *p, char *buf, size_t size)
{
	struct mm_struct *mm = p->mm;
	unsigned long vsize = mm ? mm->total_vm << PAGE_SHIFT : 0;
	unsigned long rss = mm ? mm->rss : 0;

	return scnprintf(buf, size,
			 "%d (%s) %c %d %d %d %d %d 0 %lu 0 %lu 0 %lu %lu %lu %lu "
			 "15 0 1 0 %lu %lu %lu 4294967295 %lu %lu %lu 0 0 %llu %llu "
			 "0 0 0 0 0 17 0\n",
			 p->pid, p->comm, task_state(p)[0],
			 p->parent ? p->parent->pid : 0, p->pgrp, p->session,
			 p->tty ? CONSOLE_TTY_NR : 0,
			 p->tty ? p->tty->pgrp : -1,
			 p->min_flt, p->maj_flt, p->utime, p->stime, p->cutime,
			 p->cstime, p->start_time, vsize, rss,
			 mm ? mm->start_code : 0, mm ? mm->end_code : 0,
			 mm ? mm->start_stack : 0, p->sig_pending,
			 p->sig_blocked);
}

/*
 * Copy up to @len bytes at user address @addr of @mm into @buf, through
 * @mm's page tables, each page mapped with kmap_atomic() (it may be in
 * high memory); stops at the first page that is not present. Returns the
 * bytes copied. Linux's access_process_vm() also faults pages in; the
 * argument pages were written by execve, so they are present.
 */
static size_t read_mm(struct mm_struct *mm, unsigned long addr, char *buf,
		      size_t len)
{
	size_t done = 0;

	spin_lock(&mm->page_table_lock);
	while (done < len) {
		unsigned long off = (addr + done) & ~PAGE_MASK;
		size_t chunk = min(len - done, (size_t)(PAGE_SIZE - off));
		struct pgwalk_slot slot;
		char *kaddr;

		if (pgwalk_lookup(mm->pgd, addr + done, &slot) != PGWALK_PTE ||
		    !pte_present(*slot.pte))
			break;
		kaddr = kmap_atomic(pte_page(*slot.pte), KM_USER0);
		memcpy(buf + done, kaddr + off, chunk);
		kunmap_atomic(kaddr, KM_USER0);
		done += chunk;
	}
	spin_unlock(&mm->page_table_lock);
	return done;
}

/*
 * /proc/PID/cmdline: the argument strings, NUL-separated, read from the
 * process's own memory through its page tables, so any process's can be
 * read, as in Linux; a zombie's (no memory left) reads empty.
 */
static int show_cmdline(struct task_struct *p, char *buf, size_t size)
{
	struct mm_struct *mm;
	unsigned long len, flags;

	local_irq_save(flags);	/* p cannot exit between the test and the get */
	mm = p->mm;
	if (mm)
		mm->mm_users++;	/* kept while we may sleep on mmap_sem */
	local_irq_restore(flags);
	if (!mm)
		return 0;
	down_read(&mm->mmap_sem);
	len = mm->arg_end - mm->arg_start;
	if (len > size)
		len = size;
	len = read_mm(mm, mm->arg_start, buf, len);
	up_read(&mm->mmap_sem);
	mmput(mm);
	return len;
}

/* The text of /proc file @path into @buf. */
static int proc_text(const char *path, char *buf, size_t size)
{
	struct task_struct *p;
	const char *rest;

	if (!strcmp(path, "meminfo"))
		return meminfo_read(buf, size);
	if (!strcmp(path, "zoneinfo"))
		return zoneinfo_read(buf, size);
	if (!strcmp(path, "buddyinfo"))
		return buddyinfo_read(buf, size);
	if (!strcmp(path, "uptime"))
		return uptime_read(buf, size);
	if (!strcmp(path, "stat"))
		return stat_read(buf, size);
	if (!strcmp(path, "loadavg"))
		return loadavg_read(buf, size);
	if (!strcmp(path, "mounts"))
		return mounts_read(buf, size);
	p = path_task(path, &rest);
	if (!p)
		return 0;
	if (!strcmp(rest, "mounts"))
		return mounts_read(buf, size);
	if (!strcmp(rest, "maps"))
		return show_maps(p, buf, size);
	if (!strcmp(rest, "status"))
		return show_status(p, buf, size);
	if (!strcmp(rest, "stat"))
		return show_stat(p, buf, size);
	return show_cmdline(p, buf, size);
}

static long proc_file_read(struct file *f, char __user *buf, unsigned long n)
{
	if (f->f_pos >= (long long)f->f_size)
		return 0;
	if (n > f->f_size - f->f_pos)
		n = f->f_size - f->f_pos;
	if (copy_to_user(buf, (char *)f->private_data + f->f_pos, n))
		return -EFAULT;
	f->f_pos += n;
	return n;
}

static void proc_file_release(struct file *f)
{
	kfree(f->private_data);
}

static const struct file_operations proc_file_fops = {
	.read = proc_file_read,
	.release = proc_file_release,
};

/** True when @p f is an open /proc file (fstatfs() says proc). */
bool is_proc_file(const struct file *f)
{
	return f->f_op == &proc_file_fops;
}

/**
 * Open /proc file @p path (proc_lookup() said PROC_FILE): its text is
 * made now. NULL if memory is short.
 */
struct file *proc_open(const char *path, unsigned int flags)
{
	struct file *f = alloc_file(&proc_file_fops, flags);
	char *buf = kmalloc(PROC_BUF, GFP_KERNEL);

	if (!f || !buf) {
		kfree(f);
		kfree(buf);
		return NULL;
	}
	f->private_data = buf;
	f->f_size = proc_text(path, buf, PROC_BUF);
	f->f_mode = S_IFREG | 0444;
	return f;
}

/* The @k-th live task, or NULL. */
static struct task_struct *nth_task(int k)
{
	struct task_struct *p;

	list_for_each_entry(p, &task_list, tasks)
		if (p->pid > 0 && p->state != TASK_DEAD && !k--)
			return p;
	return NULL;
}

/**
 * The @p k-th entry (after @c "." and @c "..") of /proc directory @p dir:
 * its name into @p name and its type. False past the end.
 */
bool proc_dir_entry(const char *dir, int k, char *name, size_t size,
		    unsigned char *type)
{
	struct task_struct *p;

	*type = DT_REG;
	if (*dir) {
		if (k >= (int)ARRAY_SIZE(pid_files))
			return false;
		strlcpy(name, pid_files[k], size);
		return true;
	}
	if (k < (int)ARRAY_SIZE(top_files)) {
		strlcpy(name, top_files[k], size);
		return true;
	}
	k -= ARRAY_SIZE(top_files);
	*type = DT_DIR;
	if (k == 0) {
		strlcpy(name, "self", size);
		return true;
	}
	p = nth_task(k - 1);
	if (!p)
		return false;
	snprintf(name, size, "%d", p->pid);
	return true;
}
