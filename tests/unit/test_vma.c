// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_vma.c - the memory-region code (kernel/mm/mmap.c, mprotect.c,
 * mremap.c, mlock.c, madvise.c, msync.c) on the host, against a model
 * that knows nothing of regions: one entry per page of a 512-page window
 * holding the page's vm_flags (0: unmapped) and whether a pte maps it.
 *
 * Since every region here is anonymous, the regions the kernel keeps must
 * be exactly the maximal runs of pages with equal flags (no two alike
 * neighbours left unmerged), so the model predicts the whole list. Long
 * random sequences of mmap, munmap, brk, mprotect, mremap, mlock,
 * mlockall, madvise, msync and page touches run against both; after every
 * step the checks are: list and tree hold the same regions, sorted and
 * disjoint; the tree is a valid red-black tree; map_count, total_vm and
 * locked_vm are right; mmap_cache is a region of the mm; the regions are
 * the model's runs; the ptes (kept by the page-table hooks below, which
 * stand in for kernel/mm/memory.c) are the model's, each with its
 * region's protection; find_vma() and friends agree with a linear scan;
 * no descriptor leaked and mmap_sem was released.
 *
 * UNIT-SOURCES: kernel/mm/mmap.c kernel/mm/mprotect.c kernel/mm/mremap.c
 * UNIT-SOURCES: kernel/mm/mlock.c kernel/mm/madvise.c kernel/mm/msync.c
 * UNIT-SOURCES: kernel/lib/rbtree.c kernel/lib/string.c
 */
#include <stdlib.h>
#include <stdarg.h>
#include "unit.h"
#include <mman.h>
#include <mm.h>
#include <sched.h>
#include <slab.h>
#include <errno.h>
#include <processor.h>
#include <leakcheck.h>
#include <fs.h>

/* ---- the kernel services the region code uses ---------------------------- */

unsigned long host_phys_base;
unsigned long host_eflags = X86_EFLAGS_IF;
static struct task_struct host_task = { .comm = "unit" };
struct task_struct *host_current = &host_task;
unsigned long num_physpages = 1000;
static int locks_held, sem_readers, sem_writers;
static long live_objects;

int vmm_printk(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vfprintf(stderr, fmt, args);
	va_end(args);
	return 0;
}

void panic(const char *fmt, ...)
{
	fprintf(stderr, "panic: %s\n", fmt);
	abort();
}

void __bug(const char *file, int line)
{
	fprintf(stderr, "kernel BUG at %s:%d!\n", file, line);
	abort();
}

void spin_lock_init(spinlock_t *lock)
{
	lock->locked = 0;
}

void spin_lock(spinlock_t *lock)
{
	if (lock->locked) {
		fprintf(stderr, "spin_lock: taken twice\n");
		abort();
	}
	lock->locked = 1;
	locks_held++;
}

void spin_unlock(spinlock_t *lock)
{
	if (!lock->locked) {
		fprintf(stderr, "spin_unlock: not held\n");
		abort();
	}
	lock->locked = 0;
	locks_held--;
}

void down_read(struct rw_semaphore *sem)
{
	if (sem_writers)
		abort();
	sem_readers++;
}

void up_read(struct rw_semaphore *sem)
{
	sem_readers--;
}

void down_write(struct rw_semaphore *sem)
{
	if (sem_writers || sem_readers) {
		fprintf(stderr, "down_write: mmap_sem already held\n");
		abort();
	}
	sem_writers++;
}

void up_write(struct rw_semaphore *sem)
{
	sem_writers--;
}

/* The slab cache of descriptors: malloc, counted, and failable. */
static int fail_allocs_after = -1;

kmem_cache_t *kmem_cache_create(const char *name, size_t size, size_t offset,
		unsigned long flags,
		void (*ctor)(void *, kmem_cache_t *, unsigned long),
		void (*dtor)(void *, kmem_cache_t *, unsigned long))
{
	return (kmem_cache_t *)malloc(sizeof(size_t) + 0 * size);
}

void *kmem_cache_alloc(kmem_cache_t *cachep, int flags)
{
	if (fail_allocs_after == 0)
		return NULL;
	if (fail_allocs_after > 0)
		fail_allocs_after--;
	live_objects++;
	return malloc(sizeof(struct vm_area_struct));
}

void kmem_cache_free(kmem_cache_t *cachep, void *objp)
{
	live_objects--;
	free(objp);
}

static const struct leak_counter *vma_leak_counter;

void register_leak_counter(const struct leak_counter *counter)
{
	vma_leak_counter = counter;
}

/* ---- the address space and its page-table model --------------------------- */

#define NP		512		/* pages in the window */
#define WBASE		(TASK_UNMAPPED_BASE - 128 * PAGE_SIZE)
#define WEND		(WBASE + NP * PAGE_SIZE)
#define IDX(a)		(((a) - WBASE) >> PAGE_SHIFT)
#define ADDR(i)		(WBASE + (unsigned long)(i) * PAGE_SIZE)

static struct mm_struct test_mm;

/* What the page-table hooks hold: one "pte" per page of the window. */
static struct {
	unsigned char present;
	unsigned long prot;
} pte[NP];
static int hook_errors, copies, tables_cleared;

static int in_window(unsigned long addr)
{
	return addr >= WBASE && addr < WEND;
}

void zap_page_range(struct mm_struct *mm, unsigned long address,
		    unsigned long size)
{
	if (mm != &test_mm)
		return;
	for (unsigned long a = address; a < address + size; a += PAGE_SIZE) {
		if (!in_window(a)) {
			hook_errors++;
			continue;
		}
		pte[IDX(a)].present = 0;
	}
}

void change_protection(struct vm_area_struct *vma, unsigned long start,
		       unsigned long end, pgprot_t newprot)
{
	if (vma->vm_mm != &test_mm)
		return;
	if (start < vma->vm_start || end > vma->vm_end)
		hook_errors++;
	for (unsigned long a = start; a < end; a += PAGE_SIZE)
		pte[IDX(a)].prot = pgprot_val(newprot);
}

int move_page_tables(struct vm_area_struct *vma, unsigned long new_addr,
		     unsigned long old_addr, unsigned long len)
{
	for (unsigned long off = 0; off < len; off += PAGE_SIZE) {
		unsigned long from = IDX(old_addr + off), to = IDX(new_addr + off);

		if (pte[to].present)
			hook_errors++;	/* the target must be empty */
		pte[to] = pte[from];
		pte[from].present = 0;
	}
	return 0;
}

/* A fault on @addr in the current mm, as handle_mm_fault will do. */
static void fault_in(unsigned long addr)
{
	struct vm_area_struct *vma = find_vma(current->mm, addr);

	if (!vma || vma->vm_start > addr) {
		hook_errors++;
		return;
	}
	pte[IDX(addr)].present = 1;
	pte[IDX(addr)].prot = pgprot_val(vma->vm_page_prot);
}

int make_pages_present(unsigned long addr, unsigned long end)
{
	for (; addr < end; addr += PAGE_SIZE)
		fault_in(addr);
	return 0;
}

int copy_page_range(struct mm_struct *dst, struct mm_struct *src,
		    struct vm_area_struct *vma)
{
	if (vma->vm_mm != dst || src != &test_mm)
		hook_errors++;
	copies++;
	return 0;
}

void clear_page_tables(struct mm_struct *mm)
{
	tables_cleared++;
}

static const struct file_operations no_mmap_fops;
static struct file unmappable = { .f_op = &no_mmap_fops, .f_count = 1 };

/* The model maps no files: no descriptor is ever open. */
struct file *fget(unsigned int fd)
{
	return NULL;
}

void fput(struct file *f)
{
	hook_errors++;
}

struct file *shmem_file_setup(unsigned long size);

/* Never reached: the model makes no shared anonymous mappings. */
struct file *shmem_file_setup(unsigned long size)
{
	hook_errors++;
	return NULL;
}

/* ---- the model -------------------------------------------------------------- */

struct model {
	unsigned long flags[NP];	/* vm_flags, 0: unmapped */
	unsigned char present[NP];	/* a pte maps the page */
	unsigned long def_flags;
	unsigned long start_brk, brk;
};

static struct model M;
static int beyond_window;	/* the model cannot follow this operation */

/* The run of equal flags holding page @i: [*s, *e). 0 if unmapped. */
static int run_at(const struct model *m, long i, long *s, long *e)
{
	if (i < 0 || i >= NP || !m->flags[i])
		return 0;
	*s = i;
	*e = i + 1;
	while (*s > 0 && m->flags[*s - 1] == m->flags[i])
		(*s)--;
	while (*e < NP && m->flags[*e] == m->flags[i])
		(*e)++;
	return 1;
}

static int m_count(const struct model *m)
{
	int n = 0;

	for (long i = 0; i < NP; i++)
		if (m->flags[i] && (i == 0 || m->flags[i - 1] != m->flags[i]))
			n++;
	return n;
}

static unsigned long m_pages(const struct model *m, unsigned long flag)
{
	unsigned long n = 0;

	for (long i = 0; i < NP; i++)
		if (m->flags[i] && (m->flags[i] & flag) == flag)
			n++;
	return n;
}

/* The window's page range for [addr, end), clipped. */
static void clip(unsigned long addr, unsigned long end, long *a, long *e)
{
	*a = addr <= WBASE ? 0 : addr >= WEND ? NP : (long)IDX(addr);
	*e = end <= WBASE ? 0 : end >= WEND ? NP : (long)IDX(end);
}

static void m_clear(struct model *m, long a, long e)
{
	for (long i = a; i < e; i++) {
		m->flags[i] = 0;
		m->present[i] = 0;
	}
}

static long m_munmap(struct model *m, unsigned long addr, unsigned long len)
{
	long a, e, first = -1, last = -1, s, t;
	int splits = 0;

	if ((addr & ~PAGE_MASK) || addr > TASK_SIZE || len > TASK_SIZE - addr)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len)
		return -EINVAL;
	clip(addr, addr + len, &a, &e);
	for (long i = a; i < e; i++)
		if (m->flags[i]) {
			if (first < 0)
				first = i;
			last = i;
		}
	if (first < 0)
		return 0;
	run_at(m, first, &s, &t);
	splits += s < a;
	run_at(m, last, &s, &t);
	splits += t > e;
	if (splits && m_count(m) + splits > max_map_count)
		return -ENOMEM;
	m_clear(m, a, e);
	return 0;
}

static int m_free(const struct model *m, long a, long e)
{
	for (long i = a; i < e; i++)
		if (m->flags[i])
			return 0;
	return 1;
}

/* First fit of @pages from TASK_UNMAPPED_BASE, or -1 past the window. */
static long m_first_fit(const struct model *m, long pages)
{
	for (long i = IDX(TASK_UNMAPPED_BASE); i + pages <= NP; i++)
		if (m_free(m, i, i + pages))
			return i;
	beyond_window = 1;
	return -1;
}

static int m_over_lock_limit(const struct model *m, unsigned long pages)
{
	unsigned long locked = m_pages(m, VM_LOCKED) + pages;

	return locked > mlock_limit_pages || locked > num_physpages / 2;
}

static void m_map(struct model *m, long a, long e, unsigned long flags)
{
	for (long i = a; i < e; i++) {
		m->flags[i] = flags;
		m->present[i] = (flags & (VM_LOCKED | VM_SHARED)) != 0;
	}
}

/* True if get_unmapped_area takes the hint @addr (already aligned). */
static int m_hint_fits(const struct model *m, unsigned long addr,
		       unsigned long len)
{
	if (!addr || addr > TASK_SIZE - len)
		return 0;
	if (!in_window(addr) || IDX(addr) + (len >> PAGE_SHIFT) > NP) {
		beyond_window = 1;
		return 0;
	}
	return m_free(m, IDX(addr), IDX(addr) + (len >> PAGE_SHIFT));
}

static long m_mmap(struct model *m, unsigned long addr, unsigned long len,
		   unsigned long prot, unsigned long flags)
{
	unsigned long vmf, pages, type = flags & MAP_TYPE;
	long a, err;

	if (!len)
		return addr;
	len = PAGE_ALIGN(len);
	if (!len || len > TASK_SIZE)
		return -ENOMEM;
	if (m_count(m) > max_map_count)
		return -ENOMEM;
	vmf = (prot & 7) | m->def_flags | VM_MAYREAD | VM_MAYWRITE |
	      VM_MAYEXEC;
	if (flags & MAP_GROWSDOWN)
		vmf |= VM_GROWSDOWN;
	if (flags & MAP_LOCKED)
		vmf |= VM_LOCKED;
	if (type == MAP_SHARED)
		vmf |= VM_SHARED | VM_MAYSHARE;
	else if (type != MAP_PRIVATE)
		return -EINVAL;
	pages = len >> PAGE_SHIFT;
	if ((vmf & VM_LOCKED) && m_over_lock_limit(m, pages))
		return -EAGAIN;
	if (flags & MAP_FIXED) {
		if (addr > TASK_SIZE - len)
			return -ENOMEM;
		if (addr & ~PAGE_MASK)
			return -EINVAL;
		if (!in_window(addr) || IDX(addr) + pages > NP)
			beyond_window = 1;
		if (beyond_window)
			return -ENOMEM;
	} else if (!m_hint_fits(m, PAGE_ALIGN(addr), len)) {
		if (beyond_window)
			return -ENOMEM;
		a = m_first_fit(m, pages);
		if (a < 0)
			return -ENOMEM;
		addr = ADDR(a);
	} else {
		addr = PAGE_ALIGN(addr);
	}
	err = m_munmap(m, addr, len);
	if (err)
		return err;
	m_map(m, IDX(addr), IDX(addr) + pages, vmf);
	return addr;
}

static unsigned long m_brk(struct model *m, unsigned long brk)
{
	unsigned long newbrk = PAGE_ALIGN(brk), oldbrk = PAGE_ALIGN(m->brk);
	unsigned long vmf = VM_DATA_DEFAULT_FLAGS | m->def_flags;
	int ok;

	if (brk < m->start_brk || brk > TASK_SIZE)
		ok = 0;
	else if (newbrk == oldbrk)
		ok = 1;
	else if (brk < m->brk)
		ok = m_munmap(m, newbrk, oldbrk - newbrk) == 0;
	else if (!m_free(m, IDX(oldbrk), IDX(newbrk) + 1))
		ok = 0;
	else if ((vmf & VM_LOCKED) &&
		 m_over_lock_limit(m, (newbrk - oldbrk) >> PAGE_SHIFT))
		ok = 0;
	else if (m_count(m) > max_map_count)
		ok = 0;
	else {
		m_map(m, IDX(oldbrk), IDX(newbrk), vmf);
		ok = 1;
	}
	if (ok)
		m->brk = brk;
	return m->brk;
}

/* The per-region step of mprotect/mlock/madvise on the model. */
typedef long (*m_step)(struct model *m, long s, long e, long a, long b,
		       unsigned long arg);

/* Set @newflags on [a, b) inside run [s, e), with the split rule. */
static long m_refit(struct model *m, long s, long e, long a, long b,
		    unsigned long newflags)
{
	int splits = (a > s) + (b < e);

	if (newflags == m->flags[a])
		return 0;
	if (splits && m_count(m) + splits > max_map_count)
		return -ENOMEM;
	for (long i = a; i < b; i++)
		m->flags[i] = newflags;
	return 0;
}

/* apply_to_vma_range on the model: no holes allowed. */
static long m_apply(struct model *m, unsigned long start, unsigned long end,
		    m_step fn, unsigned long arg)
{
	long pos = IDX(start), stop = IDX(end), s, e, err;

	while (pos < stop) {
		if (!run_at(m, pos, &s, &e))
			return -ENOMEM;
		err = fn(m, s, e, pos, e < stop ? e : stop, arg);
		if (err)
			return err;
		pos = e < stop ? e : stop;
	}
	return 0;
}

/* visit_vma_range on the model: holes skipped, -ENOMEM at the end. */
static long m_visit(struct model *m, unsigned long start, unsigned long end,
		    m_step fn, unsigned long arg)
{
	long pos = IDX(start), stop = IDX(end), s, e, err, hole = 0;

	while (pos < stop) {
		if (pos >= NP)
			return -ENOMEM;
		if (!m->flags[pos]) {
			long q = pos;

			while (q < NP && !m->flags[q])
				q++;
			if (q >= stop || q >= NP)
				return -ENOMEM;
			hole = -ENOMEM;
			pos = q;
		}
		run_at(m, pos, &s, &e);
		err = fn(m, s, e, pos, e < stop ? e : stop, arg);
		if (err)
			return err;
		pos = e < stop ? e : stop;
	}
	return hole;
}

static long m_mprotect_step(struct model *m, long s, long e, long a, long b,
			    unsigned long prot)
{
	return m_refit(m, s, e, a, b, (m->flags[a] & ~7UL) | prot);
}

static long m_mprotect(struct model *m, unsigned long start, size_t len,
		       unsigned long prot)
{
	unsigned long end;

	if (start & ~PAGE_MASK)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (end < start || (prot & ~7UL))
		return -EINVAL;
	if (end == start)
		return 0;
	return m_apply(m, start, end, m_mprotect_step, prot);
}

static long m_mlock_step(struct model *m, long s, long e, long a, long b,
			 unsigned long lock)
{
	unsigned long f = m->flags[a];
	long err = m_refit(m, s, e, a, b, lock ? f | VM_LOCKED
					       : f & ~VM_LOCKED);

	if (!err && lock)
		for (long i = a; i < b; i++)
			m->present[i] = 1;
	return err;
}

static long m_mlock(struct model *m, unsigned long start, size_t len,
		    unsigned long lock)
{
	unsigned long end;

	len = PAGE_ALIGN(len + (start & ~PAGE_MASK));
	start &= PAGE_MASK;
	end = start + len;
	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	if (lock && m_over_lock_limit(m, len >> PAGE_SHIFT))
		return -ENOMEM;
	return m_apply(m, start, end, m_mlock_step, lock);
}

static long m_mlockall(struct model *m, int flags)
{
	long s, e;

	if (flags != -1) {
		if (!flags || (flags & ~(MCL_CURRENT | MCL_FUTURE)))
			return -EINVAL;
		if ((flags & MCL_CURRENT) &&
		    m_over_lock_limit(m, m_pages(m, 0) - m_pages(m, VM_LOCKED)))
			return -ENOMEM;
	} else {
		flags = 0;	/* munlockall */
	}
	m->def_flags = (flags & MCL_FUTURE) ? VM_LOCKED : 0;
	for (long i = 0; i < NP; i = e) {
		if (!run_at(m, i, &s, &e)) {
			e = i + 1;
			continue;
		}
		m_mlock_step(m, s, e, s, e, flags & MCL_CURRENT);
		run_at(m, i, &s, &e);
	}
	return 0;
}

static long m_madvise_step(struct model *m, long s, long e, long a, long b,
			   unsigned long behavior)
{
	unsigned long f = m->flags[a] & ~(VM_SEQ_READ | VM_RAND_READ);

	switch (behavior) {
	case MADV_SEQUENTIAL:
		return m_refit(m, s, e, a, b, f | VM_SEQ_READ);
	case MADV_RANDOM:
		return m_refit(m, s, e, a, b, f | VM_RAND_READ);
	case MADV_NORMAL:
		return m_refit(m, s, e, a, b, f);
	case MADV_WILLNEED:
		return -EBADF;
	default:	/* MADV_DONTNEED */
		if (m->flags[a] & VM_LOCKED)
			return -EINVAL;
		for (long i = a; i < b; i++)
			m->present[i] = 0;
		return 0;
	}
}

static long m_madvise(struct model *m, unsigned long start, size_t len,
		      int behavior)
{
	unsigned long end;

	if (start & ~PAGE_MASK)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	if (behavior < 0 || behavior > MADV_DONTNEED)
		return -EINVAL;
	return m_visit(m, start, end, m_madvise_step, behavior);
}

static long m_msync_step(struct model *m, long s, long e, long a, long b,
			 unsigned long flags)
{
	if ((flags & MS_INVALIDATE) && (m->flags[a] & VM_LOCKED))
		return -EBUSY;
	return 0;
}

static long m_msync(struct model *m, unsigned long start, size_t len,
		    int flags)
{
	unsigned long end;

	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC))
		return -EINVAL;
	if ((flags & MS_ASYNC) && (flags & MS_SYNC))
		return -EINVAL;
	len = PAGE_ALIGN(len);
	end = start + len;
	if (end < start)
		return -EINVAL;
	if (end == start)
		return 0;
	return m_visit(m, start, end, m_msync_step, flags);
}

static long m_mremap(struct model *m, unsigned long addr,
		     unsigned long old_len, unsigned long new_len,
		     unsigned long flags, unsigned long new_addr)
{
	int fixed = flags & MREMAP_FIXED;
	long a, s, e, err, o, n, splits;
	unsigned long vmf;

	if (flags & ~3UL)
		return -EINVAL;
	if (addr & ~PAGE_MASK)
		return -EINVAL;
	old_len = PAGE_ALIGN(old_len);
	new_len = PAGE_ALIGN(new_len);
	if (!old_len || !new_len)
		return -EINVAL;
	if (fixed) {
		if ((new_addr & ~PAGE_MASK) || !(flags & MREMAP_MAYMOVE) ||
		    new_len > TASK_SIZE || new_addr > TASK_SIZE - new_len)
			return -EINVAL;
		if (new_addr < addr + old_len && addr < new_addr + new_len)
			return -EINVAL;
		if (!in_window(new_addr) ||
		    IDX(new_addr) + (new_len >> PAGE_SHIFT) > NP) {
			beyond_window = 1;
			return -ENOMEM;
		}
		err = m_munmap(m, new_addr, new_len);
		if (err)
			return err;
	}
	if (old_len > new_len) {
		err = m_munmap(m, addr + new_len, old_len - new_len);
		if (err)
			return err;
		old_len = new_len;
	}
	if (old_len == new_len && (!fixed || new_addr == addr))
		return addr;
	a = IDX(addr);
	o = old_len >> PAGE_SHIFT;
	n = new_len >> PAGE_SHIFT;
	if (!run_at(m, a, &s, &e) || a + o > e)
		return -EFAULT;
	vmf = m->flags[a];
	if ((vmf & VM_LOCKED) && m_over_lock_limit(m, n - o))
		return -EAGAIN;
	if (!fixed && a + o == e && a + n <= NP && m_free(m, e, a + n)) {
		m_map(m, e, a + n, vmf);
		return addr;
	}
	if (!fixed && a + o == e && a + n > NP) {
		beyond_window = 1;	/* it might grow past the window */
		return -ENOMEM;
	}
	if (!(flags & MREMAP_MAYMOVE))
		return -ENOMEM;
	if (!fixed) {
		long at = m_first_fit(m, n);

		if (at < 0)
			return -ENOMEM;
		new_addr = ADDR(at);
	}
	splits = (a > s) + (a + o < e);
	if (m_count(m) + 1 + splits > max_map_count)
		return -ENOMEM;
	for (long i = 0; i < n; i++) {
		long to = IDX(new_addr) + i;

		m->flags[to] = vmf;
		m->present[to] = i < o ? m->present[a + i] : 0;
		if (i >= o && (vmf & (VM_LOCKED | VM_SHARED)))
			m->present[to] = 1;
	}
	m_clear(m, a, a + o);
	return new_addr;
}

/* ---- the checks ------------------------------------------------------------- */

static struct vm_area_struct *vma_of(struct rb_node *n)
{
	return n ? rb_entry(n, struct vm_area_struct, vm_rb) : NULL;
}

/* Red-black rules and parent links below @n; its black height or -1. */
static int rb_check(const struct rb_node *n, const struct rb_node *parent)
{
	int lh, rh;

	if (!n)
		return 1;
	if (rb_parent(n) != parent)
		return -1;
	if (rb_is_red(n) && ((n->rb_left && rb_is_red(n->rb_left)) ||
			     (n->rb_right && rb_is_red(n->rb_right))))
		return -1;
	lh = rb_check(n->rb_left, n);
	rh = rb_check(n->rb_right, n);
	if (lh < 0 || lh != rh)
		return -1;
	return lh + rb_is_black(n);
}

/* The first region ending above @addr, by walking the list. */
static struct vm_area_struct *scan_vma(struct mm_struct *mm,
				       unsigned long addr,
				       struct vm_area_struct **prev)
{
	struct vm_area_struct *v, *p = NULL;

	for (v = mm->mmap; v && v->vm_end <= addr; v = v->vm_next)
		p = v;
	*prev = p;
	return v;
}

static int steps_checked;

/* Every invariant of @mm, and @mm against the model. 0 if all hold. */
static int check_all(struct mm_struct *mm, const struct model *m)
{
	struct vm_area_struct *v, *prev = NULL;
	struct rb_node *n;
	int count = 0, bad = 0, cache_ok = !mm->mmap_cache;
	unsigned long total = 0, locked = 0;
	long i = 0;

	steps_checked++;
	for (v = mm->mmap; v; prev = v, v = v->vm_next) {
		bad |= v->vm_start >= v->vm_end || (v->vm_start & ~PAGE_MASK) ||
		       (v->vm_end & ~PAGE_MASK) || v->vm_mm != mm;
		bad |= prev && prev->vm_end > v->vm_start;
		bad |= prev && prev->vm_end == v->vm_start &&
		       prev->vm_flags == v->vm_flags;	/* left unmerged */
		bad |= pgprot_val(v->vm_page_prot) !=
		       pgprot_val(protection_map[v->vm_flags & 0x0f]);
		cache_ok |= v == mm->mmap_cache;
		count++;
		total += (v->vm_end - v->vm_start) >> PAGE_SHIFT;
		if (v->vm_flags & VM_LOCKED)
			locked += (v->vm_end - v->vm_start) >> PAGE_SHIFT;
	}
	if (bad)
		printf("    # list: bad region order, bounds or merge\n");
	CHECK(cache_ok);
	CHECK_EQ(count, mm->map_count);
	CHECK_EQ(total, mm->total_vm);
	CHECK_EQ(locked, mm->locked_vm);
	/* The tree holds the list's regions, in order, and is red-black. */
	v = mm->mmap;
	for (n = rb_first(&mm->mm_rb); n; n = rb_next(n), v = v->vm_next)
		if (!v || vma_of(n) != v) {
			bad = 1;
			break;
		}
	bad |= v != NULL && n == NULL && mm->mmap != NULL && count > 0 &&
	       rb_first(&mm->mm_rb) == NULL;
	if (mm->mm_rb.rb_node)
		bad |= rb_parent(mm->mm_rb.rb_node) != NULL ||
		       !rb_is_black(mm->mm_rb.rb_node);
	bad |= rb_check(mm->mm_rb.rb_node, NULL) < 0;
	CHECK(!bad);
	/* The regions are the model's runs, one for one. */
	if (m && mm == &test_mm) {
		for (v = mm->mmap; v; v = v->vm_next) {
			long s, e;

			while (i < NP && !m->flags[i])
				i++;
			if (!run_at(m, i, &s, &e) || ADDR(s) != v->vm_start ||
			    ADDR(e) != v->vm_end || m->flags[s] != v->vm_flags) {
				printf("    # region %08lx-%08lx %05lx: model "
				       "%08lx-%08lx %05lx\n", v->vm_start,
				       v->vm_end, v->vm_flags, ADDR(s),
				       ADDR(e), i < NP ? m->flags[i] : 0);
				bad = 1;
				break;
			}
			i = e;
		}
		while (!bad && i < NP && !m->flags[i])
			i++;
		CHECK(!bad && i == NP);
		for (i = 0; i < NP && !bad; i++) {
			bad |= pte[i].present != m->present[i];
			bad |= pte[i].present && pte[i].prot !=
			       pgprot_val(protection_map[m->flags[i] & 0x0f]);
			if (bad)
				printf("    # pte of %08lx: %d/%lx, model %d\n",
				       ADDR(i), pte[i].present, pte[i].prot,
				       m->present[i]);
		}
		CHECK(!bad);
		CHECK_EQ(mm->def_flags, m->def_flags);
		CHECK_EQ(mm->brk, m->brk);
	}
	/* Lookups agree with a scan of the list, here and there. */
	for (int k = 0; k < 8; k++) {
		unsigned long addr = WBASE + (unsigned long)rand() % (NP * PAGE_SIZE);
		struct vm_area_struct *p1, *p2, *a1 = scan_vma(mm, addr, &p1);
		struct vm_area_struct *a2 = find_vma_prev(mm, addr, &p2);
		unsigned long end = addr + PAGE_SIZE * (rand() % 8 + 1);

		CHECK(a1 == find_vma(mm, addr) && a1 == a2 && p1 == p2);
		CHECK(find_vma_intersection(mm, addr, end) ==
		      (a1 && a1->vm_start < end ? a1 : NULL));
	}
	CHECK_EQ(hook_errors, 0);
	CHECK_EQ(locks_held, 0);
	CHECK_EQ(sem_readers + sem_writers, 0);
	return unit_case_failed;
}

/* ---- set-up ----------------------------------------------------------------- */

static void reset(void)
{
	exit_mmap(&test_mm);
	memset(&test_mm, 0, sizeof(test_mm));
	test_mm.mm_rb = RB_ROOT;
	test_mm.mm_users = test_mm.mm_count = 1;
	test_mm.start_brk = test_mm.brk = ADDR(8);
	host_task.mm = &test_mm;
	memset(&M, 0, sizeof(M));
	M.start_brk = M.brk = ADDR(8);
	memset(pte, 0, sizeof(pte));
	hook_errors = 0;
	max_map_count = DEFAULT_MAX_MAP_COUNT;
	mlock_limit_pages = ~0UL;
	fail_allocs_after = -1;
}

static unsigned long rnd(unsigned long n)
{
	return (unsigned long)rand() % n;
}

/* ---- worked examples -------------------------------------------------------- */

#define RW	(PROT_READ | PROT_WRITE)
#define ANON	(MAP_PRIVATE | MAP_ANONYMOUS)

static void test_mmap_first_fit_and_hint(void)
{
	unsigned long a, b, c;

	reset();
	a = do_mmap_pgoff(NULL, 0, 3 * PAGE_SIZE, RW, ANON, 0);
	CHECK_EQ(a, TASK_UNMAPPED_BASE);
	/* The same flags right after: the region grows, no second one. */
	b = do_mmap_pgoff(NULL, 0, PAGE_SIZE, RW, ANON, 0);
	CHECK_EQ(b, a + 3 * PAGE_SIZE);
	CHECK_EQ(test_mm.map_count, 1);
	/* Other flags: a region of its own; a hint that is free is taken. */
	c = do_mmap_pgoff(NULL, a + 10 * PAGE_SIZE + 5, PAGE_SIZE, PROT_READ,
			  ANON, 0);
	CHECK_EQ(c, a + 11 * PAGE_SIZE);
	CHECK_EQ(test_mm.map_count, 2);
	/* A hint that is taken falls back to the first fit. */
	CHECK_EQ(do_mmap_pgoff(NULL, a, PAGE_SIZE, PROT_READ, ANON, 0),
		 a + 4 * PAGE_SIZE);
	CHECK_EQ(test_mm.total_vm, 6);
	CHECK(!check_all(&test_mm, NULL));
}

static void test_mmap_errors(void)
{
	reset();
	CHECK_EQ(do_mmap_pgoff(NULL, 0x1234, 0, RW, ANON, 0), 0x1234);
	CHECK_EQ(test_mm.map_count, 0);
	/* Larger than the address space: -ENOMEM (2.6 on; 2.4: -EINVAL). */
	CHECK_EQ((long)do_mmap_pgoff(NULL, 0, TASK_SIZE + PAGE_SIZE, RW, ANON,
				     0), -ENOMEM);
	CHECK_EQ((long)do_mmap_pgoff(NULL, 0, ~0UL - 100, RW, ANON, 0),
		 -ENOMEM);
	CHECK_EQ((long)do_mmap_pgoff(NULL, 0, PAGE_SIZE, RW, MAP_ANONYMOUS,
				     0), -EINVAL);
	CHECK_EQ((long)do_mmap_pgoff(NULL, 0, 2 * PAGE_SIZE, RW, ANON, ~0UL),
		 -EINVAL);
	CHECK_EQ((long)do_mmap_pgoff(NULL, ADDR(3) + 1, PAGE_SIZE, RW,
				     ANON | MAP_FIXED, 0), -EINVAL);
	CHECK_EQ((long)do_mmap_pgoff(NULL, TASK_SIZE - PAGE_SIZE,
				     2 * PAGE_SIZE, RW, ANON | MAP_FIXED, 0),
		 -ENOMEM);
	/* A file without an mmap method (a pipe, the console). */
	CHECK_EQ((long)do_mmap_pgoff(&unmappable, 0, PAGE_SIZE, RW,
				     MAP_PRIVATE, 0), -ENODEV);
	/* Nothing fits between TASK_UNMAPPED_BASE and TASK_SIZE. */
	CHECK_EQ((long)do_mmap_pgoff(NULL, 0, TASK_SIZE - TASK_UNMAPPED_BASE
				     + PAGE_SIZE, RW, ANON, 0), -ENOMEM);
	CHECK_EQ(test_mm.map_count, 0);
	CHECK_EQ(mm_vma_count(), 0);
}

static void test_map_fixed_replaces(void)
{
	reset();
	CHECK_EQ(do_mmap_pgoff(NULL, ADDR(10), 10 * PAGE_SIZE, RW,
			       ANON | MAP_FIXED, 0), ADDR(10));
	make_pages_present(ADDR(10), ADDR(20));
	CHECK_EQ(do_mmap_pgoff(NULL, ADDR(12), 2 * PAGE_SIZE, PROT_READ,
			       ANON | MAP_FIXED, 0), ADDR(12));
	CHECK_EQ(test_mm.map_count, 3);
	CHECK_EQ(test_mm.total_vm, 10);
	/* The replaced pages were zapped: the new region starts empty. */
	CHECK(!pte[12].present && !pte[13].present);
	CHECK(pte[11].present && pte[14].present);
}

static void test_munmap_splits(void)
{
	struct vm_area_struct *v;

	reset();
	do_mmap_pgoff(NULL, ADDR(10), 10 * PAGE_SIZE, RW, ANON | MAP_FIXED, 0);
	CHECK_EQ(do_munmap(&test_mm, ADDR(13), 2 * PAGE_SIZE), 0);
	v = test_mm.mmap;
	CHECK(v && v->vm_start == ADDR(10) && v->vm_end == ADDR(13));
	v = v ? v->vm_next : NULL;
	CHECK(v && v->vm_start == ADDR(15) && v->vm_end == ADDR(20));
	CHECK_EQ(test_mm.total_vm, 8);
	/* Nothing there: success, nothing changes. */
	CHECK_EQ(do_munmap(&test_mm, ADDR(100), PAGE_SIZE), 0);
	CHECK_EQ(do_munmap(&test_mm, ADDR(1) + 4, PAGE_SIZE), -EINVAL);
	CHECK_EQ(do_munmap(&test_mm, ADDR(1), 0), -EINVAL);
	CHECK_EQ(do_munmap(&test_mm, TASK_SIZE - PAGE_SIZE, 2 * PAGE_SIZE),
		 -EINVAL);
	/* Across both regions and the hole between. */
	CHECK_EQ(do_munmap(&test_mm, ADDR(12), 5 * PAGE_SIZE), 0);
	CHECK_EQ(test_mm.map_count, 2);
	CHECK_EQ(test_mm.total_vm, 5);
	CHECK(!check_all(&test_mm, NULL));
}

static void test_map_count_limit(void)
{
	reset();
	max_map_count = 2;
	do_mmap_pgoff(NULL, ADDR(10), 10 * PAGE_SIZE, RW, ANON | MAP_FIXED, 0);
	/* A hole needs two more regions for a moment: refused. */
	CHECK_EQ(do_munmap(&test_mm, ADDR(13), PAGE_SIZE), -ENOMEM);
	CHECK_EQ(test_mm.map_count, 1);
	CHECK_EQ(test_mm.total_vm, 10);
	CHECK_EQ(sys_mprotect(ADDR(13), PAGE_SIZE, PROT_READ), -ENOMEM);
	/* Trimming an end needs one: allowed. */
	CHECK_EQ(do_munmap(&test_mm, ADDR(10), PAGE_SIZE), 0);
	CHECK_EQ(sys_mprotect(ADDR(11), PAGE_SIZE, PROT_READ), 0);
	CHECK_EQ(test_mm.map_count, 2);
	CHECK(!check_all(&test_mm, NULL));
}

static void test_mprotect_split_and_merge_back(void)
{
	reset();
	do_mmap_pgoff(NULL, ADDR(10), 10 * PAGE_SIZE, RW, ANON | MAP_FIXED, 0);
	make_pages_present(ADDR(10), ADDR(20));
	CHECK_EQ(sys_mprotect(ADDR(12), 3 * PAGE_SIZE, PROT_READ), 0);
	CHECK_EQ(test_mm.map_count, 3);
	CHECK_EQ(pte[13].prot, pgprot_val(PAGE_READONLY));
	CHECK_EQ(pte[15].prot, pgprot_val(PAGE_COPY));
	CHECK_EQ(sys_mprotect(ADDR(12), 3 * PAGE_SIZE, RW), 0);
	CHECK_EQ(test_mm.map_count, 1);
	CHECK_EQ(mm_vma_count(), 1);
	CHECK_EQ(sys_mprotect(ADDR(12) + 1, PAGE_SIZE, RW), -EINVAL);
	CHECK_EQ(sys_mprotect(ADDR(12), PAGE_SIZE, 8), -EINVAL);
	CHECK_EQ(sys_mprotect(ADDR(12), 0, PROT_READ), 0);
	/* A hole: the part before it is changed, then -ENOMEM. */
	CHECK_EQ(sys_mprotect(ADDR(18), 4 * PAGE_SIZE, PROT_READ), -ENOMEM);
	CHECK_EQ(test_mm.map_count, 2);
	CHECK(!check_all(&test_mm, NULL));
}

static void test_brk(void)
{
	unsigned long base = ADDR(8);

	reset();
	CHECK_EQ(sys_brk(0), base);
	CHECK_EQ(sys_brk(base + 100), base + 100);
	CHECK_EQ(test_mm.total_vm, 1);
	CHECK_EQ(sys_brk(base + 3 * PAGE_SIZE), base + 3 * PAGE_SIZE);
	CHECK_EQ(test_mm.map_count, 1);
	CHECK_EQ(test_mm.total_vm, 3);
	/* Below the start: refused. Into another mapping: refused. */
	CHECK_EQ(sys_brk(base - 1), base + 3 * PAGE_SIZE);
	do_mmap_pgoff(NULL, ADDR(14), PAGE_SIZE, RW, ANON | MAP_FIXED, 0);
	CHECK_EQ(sys_brk(ADDR(13) + 1), base + 3 * PAGE_SIZE);
	CHECK_EQ(sys_brk(ADDR(13)), ADDR(13));
	CHECK_EQ(sys_brk(base), base);
	CHECK_EQ(test_mm.total_vm, 1);
	CHECK_EQ(test_mm.map_count, 1);
}

static void test_mremap(void)
{
	unsigned long a;

	reset();
	a = ADDR(200);
	do_mmap_pgoff(NULL, a, 2 * PAGE_SIZE, RW, ANON | MAP_FIXED, 0);
	make_pages_present(a, a + 2 * PAGE_SIZE);
	/* Grow in place, then shrink. */
	CHECK_EQ(do_mremap(a, 2 * PAGE_SIZE, 4 * PAGE_SIZE, 0, 0), a);
	CHECK_EQ(test_mm.total_vm, 4);
	CHECK_EQ(do_mremap(a, 4 * PAGE_SIZE, PAGE_SIZE, 0, 0), a);
	CHECK_EQ(test_mm.total_vm, 1);
	/* Blocked: -ENOMEM without MAYMOVE, a move with it. */
	do_mmap_pgoff(NULL, a + PAGE_SIZE, PAGE_SIZE, PROT_READ,
		      ANON | MAP_FIXED, 0);
	CHECK_EQ((long)do_mremap(a, PAGE_SIZE, 2 * PAGE_SIZE, 0, 0), -ENOMEM);
	CHECK_EQ(do_mremap(a, PAGE_SIZE, 2 * PAGE_SIZE, MREMAP_MAYMOVE, 0),
		 TASK_UNMAPPED_BASE);
	/* The page went with its pte, nothing was left behind. */
	CHECK(pte[IDX(TASK_UNMAPPED_BASE)].present && !pte[200].present);
	CHECK_EQ(test_mm.total_vm, 3);
	CHECK_EQ((long)do_mremap(a, PAGE_SIZE, PAGE_SIZE, MREMAP_FIXED,
				 ADDR(300)), -EINVAL);
	CHECK_EQ((long)do_mremap(TASK_UNMAPPED_BASE, 2 * PAGE_SIZE,
				 2 * PAGE_SIZE, 3, TASK_UNMAPPED_BASE +
				 PAGE_SIZE), -EINVAL);
	CHECK_EQ(do_mremap(TASK_UNMAPPED_BASE, 2 * PAGE_SIZE, 2 * PAGE_SIZE,
			   3, ADDR(300)), ADDR(300));
	CHECK_EQ((long)do_mremap(ADDR(400), PAGE_SIZE, 2 * PAGE_SIZE, 1, 0),
		 -EFAULT);
	CHECK_EQ((long)do_mremap(ADDR(300), 0, PAGE_SIZE, 1, 0), -EINVAL);
	CHECK_EQ((long)do_mremap(ADDR(300), PAGE_SIZE, PAGE_SIZE, 4, 0),
		 -EINVAL);
	CHECK(!check_all(&test_mm, NULL));
}

static void test_mlock_limits(void)
{
	reset();
	do_mmap_pgoff(NULL, ADDR(10), 10 * PAGE_SIZE, RW, ANON | MAP_FIXED, 0);
	mlock_limit_pages = 4;
	CHECK_EQ(sys_mlock(ADDR(10), 5 * PAGE_SIZE), -ENOMEM);
	CHECK_EQ(sys_mlock(ADDR(11) + 100, PAGE_SIZE), 0);	/* 2 pages */
	CHECK_EQ(test_mm.locked_vm, 2);
	CHECK(pte[11].present && pte[12].present && !pte[13].present);
	CHECK_EQ(sys_mlockall(MCL_CURRENT), -ENOMEM);
	CHECK_EQ(sys_mlockall(0), -EINVAL);
	CHECK_EQ(sys_mlockall(4), -EINVAL);
	CHECK_EQ(sys_munlock(ADDR(10), 10 * PAGE_SIZE), 0);
	CHECK_EQ(test_mm.locked_vm, 0);
	CHECK_EQ(test_mm.map_count, 1);
	/* MCL_FUTURE: later mappings come locked (and count). */
	CHECK_EQ(sys_mlockall(MCL_FUTURE), 0);
	CHECK_EQ((long)do_mmap_pgoff(NULL, ADDR(30), 5 * PAGE_SIZE, RW,
				     ANON | MAP_FIXED, 0), -EAGAIN);
	CHECK_EQ(do_mmap_pgoff(NULL, ADDR(30), PAGE_SIZE, RW,
			       ANON | MAP_FIXED, 0), ADDR(30));
	CHECK_EQ(test_mm.locked_vm, 1);
	CHECK_EQ(sys_munlockall(), 0);
	CHECK_EQ(test_mm.locked_vm, 0);
	CHECK_EQ(test_mm.def_flags, 0);
	CHECK(!check_all(&test_mm, NULL));
}

static void test_madvise_msync(void)
{
	reset();
	do_mmap_pgoff(NULL, ADDR(10), 4 * PAGE_SIZE, RW, ANON | MAP_FIXED, 0);
	do_mmap_pgoff(NULL, ADDR(16), 4 * PAGE_SIZE, RW, ANON | MAP_FIXED, 0);
	make_pages_present(ADDR(10), ADDR(14));
	/* Over the hole: the mapped parts are dropped, then -ENOMEM. */
	CHECK_EQ(sys_madvise(ADDR(12), 6 * PAGE_SIZE, MADV_DONTNEED), -ENOMEM);
	CHECK(pte[11].present && !pte[12].present && !pte[13].present);
	CHECK_EQ(sys_madvise(ADDR(10), PAGE_SIZE, 99), -EINVAL);
	CHECK_EQ(sys_madvise(ADDR(10), PAGE_SIZE, MADV_WILLNEED), -EBADF);
	CHECK_EQ(sys_madvise(ADDR(10), PAGE_SIZE, MADV_SEQUENTIAL), 0);
	CHECK_EQ(test_mm.map_count, 3);
	CHECK_EQ(sys_madvise(ADDR(10), PAGE_SIZE, MADV_NORMAL), 0);
	CHECK_EQ(test_mm.map_count, 2);
	CHECK_EQ(sys_mlock(ADDR(10), PAGE_SIZE), 0);
	CHECK_EQ(sys_madvise(ADDR(10), PAGE_SIZE, MADV_DONTNEED), -EINVAL);
	CHECK_EQ(sys_msync(ADDR(10), PAGE_SIZE, MS_INVALIDATE), -EBUSY);
	CHECK_EQ(sys_msync(ADDR(10), PAGE_SIZE, MS_ASYNC | MS_SYNC), -EINVAL);
	CHECK_EQ(sys_msync(ADDR(10), PAGE_SIZE, 8), -EINVAL);
	CHECK_EQ(sys_msync(ADDR(11), 6 * PAGE_SIZE, MS_SYNC), -ENOMEM);
	CHECK_EQ(sys_msync(ADDR(11), 2 * PAGE_SIZE, MS_SYNC), 0);
	CHECK(!check_all(&test_mm, NULL));
}

/* Every allocation failing, one after another: nothing half done. */
static void test_allocation_failures(void)
{
	reset();
	do_mmap_pgoff(NULL, ADDR(10), 10 * PAGE_SIZE, RW, ANON | MAP_FIXED, 0);
	fail_allocs_after = 0;
	CHECK_EQ(do_munmap(&test_mm, ADDR(12), PAGE_SIZE), -ENOMEM);
	CHECK_EQ(sys_mprotect(ADDR(12), PAGE_SIZE, PROT_READ), -ENOMEM);
	CHECK_EQ((long)do_mmap_pgoff(NULL, ADDR(30), PAGE_SIZE, PROT_READ,
				     ANON | MAP_FIXED, 0), -ENOMEM);
	fail_allocs_after = 1;	/* one split's worth: not enough */
	CHECK_EQ(sys_mlock(ADDR(12), PAGE_SIZE), -ENOMEM);
	fail_allocs_after = -1;
	CHECK_EQ(test_mm.map_count, 1);
	CHECK_EQ(test_mm.total_vm, 10);
	CHECK_EQ(test_mm.locked_vm, 0);
	CHECK_EQ(mm_vma_count(), 1);
	CHECK(!check_all(&test_mm, NULL));
}

static void test_dup_and_exit_mmap(void)
{
	struct mm_struct child;
	struct vm_area_struct *a, *b;
	int before = copies;

	reset();
	do_mmap_pgoff(NULL, ADDR(10), 4 * PAGE_SIZE, RW, ANON | MAP_FIXED, 0);
	do_mmap_pgoff(NULL, ADDR(20), 4 * PAGE_SIZE, PROT_READ,
		      ANON | MAP_FIXED | MAP_LOCKED, 0);
	test_mm.start_code = 0x08048000;
	test_mm.brk = ADDR(9);
	memset(&child, 0, sizeof(child));
	CHECK_EQ(dup_mmap(&child, &test_mm), 0);
	CHECK_EQ(copies - before, 2);
	CHECK_EQ(child.map_count, 2);
	CHECK_EQ(child.total_vm, 8);
	CHECK_EQ(child.locked_vm, 0);	/* locks are not inherited */
	CHECK_EQ(child.start_code, 0x08048000);
	CHECK_EQ(child.brk, ADDR(9));
	for (a = test_mm.mmap, b = child.mmap; a && b;
	     a = a->vm_next, b = b->vm_next)
		CHECK(a != b && a->vm_start == b->vm_start &&
		      a->vm_end == b->vm_end && b->vm_mm == &child &&
		      b->vm_flags == (a->vm_flags & ~VM_LOCKED));
	CHECK(!a && !b);
	CHECK(!check_all(&child, NULL));
	before = tables_cleared;
	exit_mmap(&child);
	CHECK_EQ(tables_cleared - before, 1);
	CHECK_EQ(child.map_count, 0);
	CHECK_EQ(mm_vma_count(), 2);
	test_mm.brk = ADDR(8);
}

static void test_leak_counter(void)
{
	reset();
	CHECK(vma_leak_counter != NULL);
	do_mmap_pgoff(NULL, ADDR(10), PAGE_SIZE, RW, ANON | MAP_FIXED, 0);
	CHECK_EQ(vma_leak_counter->read(), 1);
	CHECK_EQ(live_objects, 1);
}

/* ---- the random sequences --------------------------------------------------- */

static unsigned long rnd_addr(void)
{
	switch (rnd(40)) {
	case 0:
		return ADDR(rnd(NP)) + 1 + rnd(PAGE_SIZE - 1);	/* unaligned */
	case 1:
		return TASK_SIZE - PAGE_SIZE * rnd(2);
	default:
		return ADDR(rnd(NP - 40));
	}
}

static unsigned long rnd_len(void)
{
	switch (rnd(40)) {
	case 0:
		return 0;
	case 1:
		return -PAGE_SIZE * rnd(3);
	case 2:
		return rnd(PAGE_SIZE) + 1;
	default:
		return PAGE_SIZE * (rnd(12) + 1) - rnd(2) * rnd(PAGE_SIZE);
	}
}

static unsigned long rnd_prot(void)
{
	static const unsigned long p[] = { PROT_NONE, PROT_READ, RW,
					   PROT_READ | PROT_EXEC, RW | PROT_EXEC };

	return rnd(60) ? p[rnd(5)] : 8;
}

static unsigned long rnd_brk(void)
{
	if (rnd(10) == 0)
		return rnd(2) ? 0 : M.start_brk - 1;
	return M.start_brk + rnd(80 * PAGE_SIZE);
}

/*
 * One random operation on the kernel and on the model: *@got and *@want
 * are the two results. Returns the operation's name, or NULL if the model
 * could not follow it (it would reach outside the window) and nothing
 * was done.
 */
static const char *random_step(long *got, long *want)
{
	struct model next = M;
	unsigned long addr = rnd_addr(), len = rnd_len(), arg;
	const char *name;

	beyond_window = 0;
	switch (rnd(16)) {
	case 0:
	case 1:
	case 2:
		arg = ANON;
		if (rnd(3) == 0)
			arg |= MAP_FIXED;
		/*
		 * No MAP_SHARED: shared anonymous memory maps a shmem
		 * file now (shmem_file_setup()), and the model maps no
		 * files; the guest's t_random covers it.
		 */
		if (rnd(50) == 0)
			arg &= ~MAP_TYPE;
		if (rnd(20) == 0)
			arg |= MAP_LOCKED;
		if (rnd(20) == 0)
			arg |= MAP_GROWSDOWN;
		if (!(arg & MAP_FIXED) && rnd(2))
			addr = 0;
		if (len > 64 * PAGE_SIZE && !(arg & MAP_FIXED))
			len = PAGE_SIZE;
		name = "mmap";
		{
			unsigned long prot = rnd_prot() & 7;

			*want = m_mmap(&next, addr, len, prot, arg);
			if (beyond_window)
				return NULL;
			*got = do_mmap_pgoff(NULL, addr, len, prot, arg, 0);
		}
		break;
	case 3:
	case 4:
		name = "munmap";
		*want = m_munmap(&next, addr, len);
		*got = sys_munmap(addr, len);
		break;
	case 5:
		name = "brk";
		addr = rnd_brk();
		*want = m_brk(&next, addr);
		*got = sys_brk(addr);
		break;
	case 6:
	case 7:
		name = "mprotect";
		arg = rnd_prot();
		*want = m_mprotect(&next, addr, len, arg);
		*got = sys_mprotect(addr, len, arg);
		break;
	case 8:
		name = "mremap";
		{
			unsigned long new_len = rnd_len(), new_addr = rnd_addr();

			arg = rnd(20) ? rnd(4) : 4;
			if (new_len > 64 * PAGE_SIZE)
				new_len = 2 * PAGE_SIZE;
			*want = m_mremap(&next, addr, len, new_len, arg,
					 new_addr);
			if (beyond_window)
				return NULL;
			*got = do_mremap(addr, len, new_len, arg, new_addr);
		}
		break;
	case 9:
		arg = rnd(2);
		name = arg ? "mlock" : "munlock";
		*want = m_mlock(&next, addr, len, arg);
		*got = arg ? sys_mlock(addr, len) : sys_munlock(addr, len);
		break;
	case 10:
		if (rnd(3) == 0) {
			name = "munlockall";
			*want = m_mlockall(&next, -1);
			*got = sys_munlockall();
			break;
		}
		name = "mlockall";
		arg = rnd(10) ? rnd(3) + 1 : rnd(2) * 4;
		*want = m_mlockall(&next, arg);
		*got = sys_mlockall(arg);
		break;
	case 11:
	case 12:
		name = "madvise";
		arg = rnd(12) ? rnd(5) : 7;
		*want = m_madvise(&next, addr, len, arg);
		*got = sys_madvise(addr, len, arg);
		break;
	case 13:
		name = "msync";
		arg = rnd(10) ? rnd(8) : 9;
		*want = m_msync(&next, addr, len, arg);
		*got = sys_msync(addr, len, arg);
		break;
	default:
		name = "touch";
		arg = rnd(NP);
		*want = *got = 0;
		if (next.flags[arg]) {
			next.present[arg] = 1;
			fault_in(ADDR(arg));
		}
		break;
	}
	M = next;
	return name;
}

/* How often each operation succeeded and failed, over all sequences. */
static struct {
	const char *name;
	long ok, failed;
} outcomes[16];

static void note_outcome(const char *name, long result)
{
	int i = 0;

	while (outcomes[i].name && strcmp(outcomes[i].name, name))
		i++;
	outcomes[i].name = name;
	if (result < 0 && result > -4096)
		outcomes[i].failed++;
	else
		outcomes[i].ok++;
}

/*
 * Sequences of @steps random operations from an empty address space,
 * with @limit regions at most and @locks lockable pages; stop at the
 * first step whose result or invariants differ, naming it.
 */
static void run_sequence(int steps, int limit, unsigned long locks)
{
	int done = 0;

	reset();
	max_map_count = limit;
	mlock_limit_pages = locks;
	while (done < steps) {
		long got = 0, want = 0;
		const char *name = random_step(&got, &want);

		if (!name)
			continue;
		done++;
		note_outcome(name, want);
		if (got != want)
			printf("    # step %d: %s returned %ld, model %ld\n",
			       done, name, got, want);
		CHECK_EQ(got, want);
		if (check_all(&test_mm, &M) || got != want) {
			printf("    # step %d (%s) broke an invariant\n", done,
			       name);
			return;
		}
	}
}

static void test_random_sequences(void)
{
	int before = steps_checked;

	for (int seq = 0; seq < 40 && !unit_case_failed; seq++)
		run_sequence(2000, DEFAULT_MAX_MAP_COUNT, ~0UL);
	CHECK(steps_checked - before >= 40 * 2000);
	/* The sequences exercise every call, both ways (not only errors). */
	for (int i = 0; outcomes[i].name; i++) {
		printf("    # %-10s %6ld succeeded, %6ld failed\n",
		       outcomes[i].name, outcomes[i].ok, outcomes[i].failed);
		CHECK(outcomes[i].ok > 500);
		CHECK(outcomes[i].failed > 20 ||
		      strstr("touch brk munlockall", outcomes[i].name));
	}
}

/* The same with map_count and lock limits small enough to be hit. */
static void test_random_sequences_at_limits(void)
{
	for (int seq = 0; seq < 40 && !unit_case_failed; seq++)
		run_sequence(2000, 6 + seq % 10, 10 + 5 * (seq % 8));
}

static const struct unit_case cases[] = {
	UNIT_CASE(test_mmap_first_fit_and_hint),
	UNIT_CASE(test_mmap_errors),
	UNIT_CASE(test_map_fixed_replaces),
	UNIT_CASE(test_munmap_splits),
	UNIT_CASE(test_map_count_limit),
	UNIT_CASE(test_mprotect_split_and_merge_back),
	UNIT_CASE(test_brk),
	UNIT_CASE(test_mremap),
	UNIT_CASE(test_mlock_limits),
	UNIT_CASE(test_madvise_msync),
	UNIT_CASE(test_allocation_failures),
	UNIT_CASE(test_dup_and_exit_mmap),
	UNIT_CASE(test_leak_counter),
	UNIT_CASE(test_random_sequences),
	UNIT_CASE(test_random_sequences_at_limits),
};

int main(void)
{
	int failed;

	vma_cache_init();
	srand(20261205);
	failed = unit_main("vma", cases, sizeof(cases) / sizeof(cases[0]));
	reset();
	host_task.mm = NULL;
	CHECK_EQ(mm_vma_count(), 0);
	return failed || unit_case_failed;
}
