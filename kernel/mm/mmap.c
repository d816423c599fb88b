// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmap.c - the memory regions of an address space (Linux 2.4: mm/mmap.c,
 * arch/i386/kernel/sys_i386.c): finding them, linking them into the list
 * and the red-black tree, merging and splitting them, and the calls that
 * create and remove them -- mmap, munmap, brk -- plus the whole address
 * space's copy at fork (dup_mmap) and teardown at exit (exit_mmap).
 *
 * How vmm386 differs from Linux 2.4:
 *  - Regions are merged after every change that can make two neighbours
 *    alike (mprotect, mlock, madvise, mremap, brk, mmap), not only where
 *    2.4 tries (mmap, brk, mprotect): the rule "no two adjacent anonymous
 *    regions with equal flags" holds always, which the tests check.
 *  - A region is split before it is changed, with its new descriptors
 *    allocated up front (split_to_range), so an operation that fails for
 *    want of memory or of map_count leaves the address space untouched.
 *  - The map-count limit is checked where a split would pass it (2.6's
 *    rule); 2.4 checks only munmap's hole.
 *  - A file region holds a reference to its struct file (vm_file), taken
 *    wherever a descriptor is made (mmap, split, fork, mremap) and dropped
 *    in remove_vma(), as 2.4 does; there is no inode, so the file's page
 *    cache is reached through file->f_mapping (2.6's field).
 */
#include <mman.h>
#include <mm.h>
#include <kernel.h>
#include <string.h>
#include <errno.h>
#include <sched.h>
#include <slab.h>
#include <processor.h>
#include <leakcheck.h>
#include <fs.h>
#include <pagemap.h>
#include <tmpfs.h>
#include <init.h>

/** The map-count limit (Linux: sysctl vm.max_map_count). */
int max_map_count = DEFAULT_MAX_MAP_COUNT;

/*
 * sysctl.vm.max_map_count=N on the command line (Linux 5.8 and later take
 * any sysctl so): a small limit lets a test reach it in a few thousand
 * mmap() calls.
 */
static int __init max_map_count_setup(char *str)
{
	unsigned long n = 0;

	for (; *str >= '0' && *str <= '9'; str++)
		n = n * 10 + (*str - '0');
	if (*str || !n || n > DEFAULT_MAX_MAP_COUNT)
		return 0;
	max_map_count = n;
	return 1;
}
__setup("sysctl.vm.max_map_count=", max_map_count_setup);
/** The mlock() limit in pages (see mman.h). */
unsigned long mlock_limit_pages = ~0UL;

/**
 * pte protection for each VM_READ/WRITE/EXEC/SHARED combination (Linux:
 * __P000..__S111). A private writable region gets read-only ptes
 * (PAGE_COPY): its first write faults and copies. i386 pages cannot be
 * execute-only or write-only, so EXEC implies READ and WRITE implies READ.
 */
pgprot_t protection_map[16] = {
	/* private: none, r, w, rw, x, rx, wx, rwx */
	PAGE_NONE, PAGE_READONLY, PAGE_COPY, PAGE_COPY,
	PAGE_READONLY, PAGE_READONLY, PAGE_COPY, PAGE_COPY,
	/* shared */
	PAGE_NONE, PAGE_READONLY, PAGE_SHARED, PAGE_SHARED,
	PAGE_READONLY, PAGE_READONLY, PAGE_SHARED, PAGE_SHARED,
};

static kmem_cache_t *vm_area_cachep;
static long vmas_live;

/* ---- descriptors ---------------------------------------------------------- */

/* A region descriptor from the cache, counted, or NULL. */
static struct vm_area_struct *vm_area_alloc(void)
{
	struct vm_area_struct *vma = kmem_cache_alloc(vm_area_cachep,
						      GFP_KERNEL);

	if (vma)
		vmas_live++;
	return vma;
}

/**
 * Give back a region descriptor that is in no list or tree.
 */
void vm_area_free(struct vm_area_struct *vma)
{
	vmas_live--;
	kmem_cache_free(vm_area_cachep, vma);
}

/**
 * A new descriptor holding a copy of @p vma, linked nowhere, or NULL.
 */
struct vm_area_struct *vm_area_dup(const struct vm_area_struct *vma)
{
	struct vm_area_struct *new = vm_area_alloc();

	if (new) {
		*new = *vma;
		new->vm_next = NULL;
	}
	return new;
}

/** Region descriptors allocated and not freed (a leak counter). */
long mm_vma_count(void)
{
	return vmas_live;
}

static unsigned long read_vma_count(void)
{
	return (unsigned long)vmas_live;
}

static const struct leak_counter vma_counter = {
	.name = "vm_area_struct",
	.read = read_vma_count,
};

/**
 * Create the slab cache of region descriptors (Linux: vm_area_cachep in
 * kmem_cache_init) and register its leak counter. Called once at boot
 * after kmem_cache_sizes_init().
 */
void vma_cache_init(void)
{
	vm_area_cachep = kmem_cache_create("vm_area_struct",
					   sizeof(struct vm_area_struct), 0,
					   0, NULL, NULL);
	if (!vm_area_cachep)
		panic("vma_cache_init: no cache");
	register_leak_counter(&vma_counter);
}

/* The pages of [start, end). */
static unsigned long pages_in(unsigned long start, unsigned long end)
{
	return (end - start) >> PAGE_SHIFT;
}

static struct vm_area_struct *vma_of(struct rb_node *node)
{
	return node ? rb_entry(node, struct vm_area_struct, vm_rb) : NULL;
}

/* ---- finding regions ------------------------------------------------------ */

/*
 * Walk the tree for @addr: return the lowest region ending above it, set
 * *@pprev to the highest region ending at or below it, and, for a caller
 * about to insert a region starting at @addr into a free range, the link
 * and parent where the new node goes.
 */
static struct vm_area_struct *find_vma_links(struct mm_struct *mm,
					     unsigned long addr,
					     struct vm_area_struct **pprev,
					     struct rb_node ***plink,
					     struct rb_node **pparent)
{
	struct rb_node **link = &mm->mm_rb.rb_node, *parent = NULL;
	struct vm_area_struct *above = NULL, *below = NULL;

	while (*link) {
		struct vm_area_struct *vma = vma_of(*link);

		parent = *link;
		if (addr < vma->vm_end) {
			above = vma;
			link = &parent->rb_left;
		} else {
			below = vma;
			link = &parent->rb_right;
		}
	}
	if (pprev)
		*pprev = below;
	if (plink)
		*plink = link;
	if (pparent)
		*pparent = parent;
	return above;
}

/**
 * The first region of @p mm that ends above @p addr, or NULL. It contains
 * @p addr only if its vm_start is at or below it: callers check. The
 * last answer is cached in mm->mmap_cache, because faults and system
 * calls tend to ask about the same region again and again.
 */
struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr)
{
	struct vm_area_struct *vma = mm->mmap_cache;

	if (vma && vma->vm_start <= addr && addr < vma->vm_end)
		return vma;
	vma = find_vma_links(mm, addr, NULL, NULL, NULL);
	if (vma)
		mm->mmap_cache = vma;
	return vma;
}

/**
 * Like find_vma(), and also set *@p pprev to the region before the one
 * returned (the last region of all if none is returned), or NULL.
 */
struct vm_area_struct *find_vma_prev(struct mm_struct *mm, unsigned long addr,
				     struct vm_area_struct **pprev)
{
	struct vm_area_struct *vma = find_vma(mm, addr);

	if (vma)
		*pprev = vma_of(rb_prev(&vma->vm_rb));
	else
		*pprev = vma_of(rb_last(&mm->mm_rb));
	return vma;
}

/**
 * The first region overlapping [@p start, @p end), or NULL.
 */
struct vm_area_struct *find_vma_intersection(struct mm_struct *mm,
					     unsigned long start,
					     unsigned long end)
{
	struct vm_area_struct *vma = find_vma(mm, start);

	if (vma && vma->vm_start >= end)
		return NULL;
	return vma;
}

/* True if [addr, addr + len) is free of regions (and inside user space). */
static bool range_is_free(struct mm_struct *mm, unsigned long addr,
			  unsigned long len)
{
	struct vm_area_struct *vma;

	if (len > TASK_SIZE || addr > TASK_SIZE - len)
		return false;
	vma = find_vma(mm, addr);
	return !vma || addr + len <= vma->vm_start;
}

/**
 * Choose where a new mapping of @p len bytes goes. With MAP_FIXED, @p addr
 * itself (-EINVAL if unaligned, -ENOMEM if it does not fit below
 * TASK_SIZE). Otherwise the hint @p addr, rounded up to a page, if the
 * range there is free; else the lowest free range at or above
 * TASK_UNMAPPED_BASE (first fit, bottom up, as 2.4 does), or -ENOMEM.
 * @p file and @p pgoff are for backings with placement rules (none yet).
 */
unsigned long get_unmapped_area(struct file *file, unsigned long addr,
				unsigned long len, unsigned long pgoff,
				unsigned long flags)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *vma;

	if (flags & MAP_FIXED) {
		if (len > TASK_SIZE || addr > TASK_SIZE - len)
			return -ENOMEM;
		if (addr & ~PAGE_MASK)
			return -EINVAL;
		return addr;
	}
	if (len > TASK_SIZE)
		return -ENOMEM;
	addr = PAGE_ALIGN(addr);
	if (addr && range_is_free(mm, addr, len))
		return addr;
	addr = TASK_UNMAPPED_BASE;
	for (vma = find_vma(mm, addr); ; vma = vma->vm_next) {
		if (addr > TASK_SIZE - len)
			return -ENOMEM;
		if (!vma || addr + len <= vma->vm_start)
			return addr;
		addr = vma->vm_end;
	}
}

/* ---- a file's list of the regions that map it ----------------------------- */

/* The page-cache address space @vma maps, or NULL (anonymous memory). */
static struct address_space *vma_mapping(const struct vm_area_struct *vma)
{
	return vma->vm_file ? vma->vm_file->f_mapping : NULL;
}

/*
 * Give file region @vma a reference to its file and put it on the file's
 * i_mmap list; the caller holds the mapping's i_shared_lock if it has a
 * mapping.
 */
static void link_file_locked(struct vm_area_struct *vma,
			     struct address_space *mapping)
{
	get_file(vma->vm_file);
	if (mapping)
		list_add_tail(&vma->vm_shared, &mapping->i_mmap);
}

/**
 * Region @p vma is becoming part of an address space: give it its own
 * reference to its file, and put it on the file's i_mmap list, where
 * truncation finds every mapping of the file (vmtruncate()). Nothing for
 * an anonymous region.
 */
void vma_hold_file(struct vm_area_struct *vma)
{
	struct address_space *mapping = vma_mapping(vma);

	if (!vma->vm_file)
		return;
	if (mapping)
		spin_lock(&mapping->i_shared_lock);
	link_file_locked(vma, mapping);
	if (mapping)
		spin_unlock(&mapping->i_shared_lock);
}

/*
 * Take @vma off its file's i_mmap list, first thing when it leaves its
 * address space, so that a truncation no longer looks at its range.
 */
static void vma_unlink_file(struct vm_area_struct *vma)
{
	struct address_space *mapping = vma_mapping(vma);

	if (!mapping)
		return;
	spin_lock(&mapping->i_shared_lock);
	list_del(&vma->vm_shared);
	spin_unlock(&mapping->i_shared_lock);
}

/**
 * Undo vma_hold_file() for a region @p vma that never got into its
 * address space (an mremap that failed): off i_mmap, file reference
 * dropped.
 */
void vma_release_file(struct vm_area_struct *vma)
{
	if (!vma->vm_file)
		return;
	vma_unlink_file(vma);
	fput(vma->vm_file);
}

/* ---- linking and unlinking ------------------------------------------------ */

/**
 * Put @p vma into @p mm's list after @p prev (at the head if NULL) and into
 * the tree at @p rb_link under @p rb_parent, as find_vma_links() found
 * them. The caller counts it in map_count.
 */
void __vma_link(struct mm_struct *mm, struct vm_area_struct *vma,
		struct vm_area_struct *prev, struct rb_node **rb_link,
		struct rb_node *rb_parent)
{
	if (prev) {
		vma->vm_next = prev->vm_next;
		prev->vm_next = vma;
	} else {
		vma->vm_next = mm->mmap;
		mm->mmap = vma;
	}
	rb_link_node(&vma->vm_rb, rb_parent, rb_link);
	rb_insert_color(&vma->vm_rb, &mm->mm_rb);
}

/**
 * Link @p vma, whose range must be free, into @p mm and count it.
 */
void insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma)
{
	struct vm_area_struct *prev;
	struct rb_node **link, *parent;

	find_vma_links(mm, vma->vm_start, &prev, &link, &parent);
	vma->vm_mm = mm;
	__vma_link(mm, vma, prev, link, parent);
	mm->map_count++;
}

/* Take @vma (whose predecessor is @prev) out of @mm's list and tree. */
static void unlink_vma(struct mm_struct *mm, struct vm_area_struct *vma,
		       struct vm_area_struct *prev)
{
	if (prev)
		prev->vm_next = vma->vm_next;
	else
		mm->mmap = vma->vm_next;
	rb_erase(&vma->vm_rb, &mm->mm_rb);
	if (mm->mmap_cache == vma)
		mm->mmap_cache = NULL;
	mm->map_count--;
}

/* ---- merging -------------------------------------------------------------- */

/*
 * True if @vma may absorb a neighbour with @vm_flags: both anonymous
 * (2.4's rule: a file region's pages have offsets) and alike.
 */
static bool can_vma_merge(struct vm_area_struct *vma, unsigned long vm_flags)
{
	return !vma->vm_file && !vma->vm_ops && vma->vm_flags == vm_flags;
}

/* Grow @prev over its successor @next, which touches it, and free @next. */
static void absorb_next(struct mm_struct *mm, struct vm_area_struct *prev,
			struct vm_area_struct *next)
{
	spin_lock(&mm->page_table_lock);
	prev->vm_end = next->vm_end;
	unlink_vma(mm, next, prev);
	spin_unlock(&mm->page_table_lock);
	vm_area_free(next);
}

/**
 * Try to cover the new anonymous range [@p addr, @p end) with @p vm_flags
 * by growing a neighbour instead of adding a region: @p prev (the region
 * before the range, may be NULL) grows forward, and then also swallows the
 * region after if the three now form one; else the region after grows
 * backward. @p rb_parent is non-NULL if the tree has any region (2.4
 * passes it so that a NULL @p prev still finds the next region). Returns
 * 1 if the range is now covered, 0 if the caller must add a region.
 */
int vma_merge(struct mm_struct *mm, struct vm_area_struct *prev,
	      struct rb_node *rb_parent, unsigned long addr,
	      unsigned long end, unsigned long vm_flags)
{
	struct vm_area_struct *next = prev ? prev->vm_next : mm->mmap;

	if (!rb_parent)
		return 0;
	if (prev && prev->vm_end == addr && can_vma_merge(prev, vm_flags)) {
		spin_lock(&mm->page_table_lock);
		prev->vm_end = end;
		spin_unlock(&mm->page_table_lock);
		if (next && next->vm_start == end &&
		    can_vma_merge(next, vm_flags))
			absorb_next(mm, prev, next);
		return 1;
	}
	if (next && next->vm_start == end && can_vma_merge(next, vm_flags)) {
		spin_lock(&mm->page_table_lock);
		next->vm_start = addr;
		spin_unlock(&mm->page_table_lock);
		return 1;
	}
	return 0;
}

/**
 * After @p vma's flags or bounds changed, merge it with the region before
 * and the region after where they touch it and are alike. Returns the
 * region that now holds @p vma's range (@p vma, or the one before).
 */
struct vm_area_struct *vma_merge_neighbours(struct vm_area_struct *vma)
{
	struct mm_struct *mm = vma->vm_mm;
	struct vm_area_struct *prev = vma_of(rb_prev(&vma->vm_rb));
	struct vm_area_struct *next = vma->vm_next;

	if (!can_vma_merge(vma, vma->vm_flags))
		return vma;
	if (next && next->vm_start == vma->vm_end &&
	    can_vma_merge(next, vma->vm_flags))
		absorb_next(mm, vma, next);
	if (prev && prev->vm_end == vma->vm_start &&
	    can_vma_merge(prev, vma->vm_flags)) {
		absorb_next(mm, prev, vma);
		return prev;
	}
	return vma;
}

/* ---- splitting ------------------------------------------------------------ */

/*
 * Split @vma at @addr using the descriptor @new. With @new_below, @new
 * takes the part below @addr; otherwise the part from @addr up. @vma
 * stays in the tree (its key range only shrinks) and @new is inserted.
 */
static void split_with(struct mm_struct *mm, struct vm_area_struct *vma,
		       unsigned long addr, int new_below,
		       struct vm_area_struct *new)
{
	struct address_space *mapping = vma_mapping(vma);

	*new = *vma;
	/*
	 * A truncation of the file must find the whole old range on i_mmap
	 * at any time: the new part goes on the list in the same step as it
	 * leaves @vma.
	 */
	if (mapping)
		spin_lock(&mapping->i_shared_lock);
	spin_lock(&mm->page_table_lock);
	if (new_below) {
		new->vm_end = addr;
		vma->vm_start = addr;
		vma->vm_pgoff += pages_in(new->vm_start, addr);
	} else {
		new->vm_start = addr;
		new->vm_pgoff += pages_in(vma->vm_start, addr);
		vma->vm_end = addr;
	}
	spin_unlock(&mm->page_table_lock);
	insert_vm_struct(mm, new);
	if (new->vm_file)
		link_file_locked(new, mapping);
	if (mapping)
		spin_unlock(&mapping->i_shared_lock);
	if (new->vm_ops && new->vm_ops->open)
		new->vm_ops->open(new);
}

/**
 * Split @p vma in two at @p addr, which must lie strictly inside it. With
 * @p new_below the new region is the lower part, else the upper; @p vma
 * keeps the other. Returns 0, or -ENOMEM when no descriptor is left or
 * the address space already has max_map_count regions.
 */
int split_vma(struct mm_struct *mm, struct vm_area_struct *vma,
	      unsigned long addr, int new_below)
{
	struct vm_area_struct *new;

	if (mm->map_count >= max_map_count)
		return -ENOMEM;
	new = vm_area_alloc();
	if (!new)
		return -ENOMEM;
	split_with(mm, vma, addr, new_below, new);
	return 0;
}

/**
 * Make [@p start, @p end), a range inside @p vma, a region of its own by
 * splitting @p vma at whichever ends lie strictly inside it; @p vma keeps
 * the range. Both descriptors and the map-count room are secured before
 * anything changes, so on -ENOMEM nothing has.
 */
int split_to_range(struct vm_area_struct *vma, unsigned long start,
			  unsigned long end)
{
	struct mm_struct *mm = vma->vm_mm;
	struct vm_area_struct *below = NULL, *above = NULL;
	int splits = (start > vma->vm_start) + (end < vma->vm_end);

	if (!splits)
		return 0;
	if (mm->map_count + splits > max_map_count)
		return -ENOMEM;
	if (start > vma->vm_start && !(below = vm_area_alloc()))
		return -ENOMEM;
	if (end < vma->vm_end && !(above = vm_area_alloc())) {
		if (below)
			vm_area_free(below);
		return -ENOMEM;
	}
	if (below)
		split_with(mm, vma, start, 1, below);
	if (above)
		split_with(mm, vma, end, 0, above);
	return 0;
}

/* ---- walking a range region by region ------------------------------------- */

/**
 * Apply @p fn to each region of [@p start, @p end) in turn, each call with
 * the part of the range inside one region (mprotect, mlock). The range
 * must be mapped without a hole: at the first hole, -ENOMEM, with the
 * regions before it already changed (as Linux). @p fn may split and merge
 * regions; the walk finds its place again by address.
 */
int apply_to_vma_range(struct mm_struct *mm, unsigned long start,
		       unsigned long end, vma_range_fn fn, unsigned long arg)
{
	while (start < end) {
		struct vm_area_struct *vma = find_vma(mm, start);
		unsigned long stop;
		int err;

		if (!vma || vma->vm_start > start)
			return -ENOMEM;
		stop = min(end, vma->vm_end);
		err = fn(vma, start, stop, arg);
		if (err)
			return err;
		start = stop;
	}
	return 0;
}

/**
 * Apply @p fn to the mapped parts of [@p start, @p end), skipping holes
 * (madvise, msync): the call still returns -ENOMEM at the end if there was
 * a hole, or at once if nothing is mapped past the holes.
 */
int visit_vma_range(struct mm_struct *mm, unsigned long start,
		    unsigned long end, vma_range_fn fn, unsigned long arg)
{
	int hole = 0;

	while (start < end) {
		struct vm_area_struct *vma = find_vma(mm, start);
		unsigned long stop;
		int err;

		if (!vma || vma->vm_start >= end)
			return -ENOMEM;
		if (vma->vm_start > start) {
			hole = -ENOMEM;
			start = vma->vm_start;
		}
		stop = min(end, vma->vm_end);
		err = fn(vma, start, stop, arg);
		if (err)
			return err;
		start = stop;
	}
	return hole;
}

/* ---- removing regions ----------------------------------------------------- */

/*
 * Free the pages and the descriptor of @vma, already unlinked from @mm,
 * and take its pages off the counters.
 */
static void remove_vma(struct mm_struct *mm, struct vm_area_struct *vma)
{
	unsigned long pages = pages_in(vma->vm_start, vma->vm_end);

	vma_unlink_file(vma);
	zap_page_range(mm, vma->vm_start, vma->vm_end - vma->vm_start);
	mm->total_vm -= pages;
	if (vma->vm_flags & VM_LOCKED)
		mm->locked_vm -= pages;
	if (vma->vm_ops && vma->vm_ops->close)
		vma->vm_ops->close(vma);
	if (vma->vm_file)
		fput(vma->vm_file);
	vm_area_free(vma);
}

/*
 * Unlink and remove every region lying wholly inside [@start, @end); the
 * caller has split the regions straddling its ends.
 */
static void remove_vmas_in(struct mm_struct *mm, unsigned long start,
			   unsigned long end)
{
	struct vm_area_struct *prev;
	struct vm_area_struct *vma = find_vma_prev(mm, start, &prev);

	while (vma && vma->vm_end <= end) {
		struct vm_area_struct *next = vma->vm_next;

		unlink_vma(mm, vma, prev);
		remove_vma(mm, vma);
		vma = next;
	}
}

/*
 * Split @first, the first region overlapping [@start, @end), and @last,
 * the last (NULL if none reaches past @end - 1), where they cross the
 * range's ends, so that regions lie wholly inside or outside it. The
 * map-count room for both splits is checked first; then only memory can
 * fail, and only the second split (rare: it leaves the first done).
 */
static int split_ends(struct mm_struct *mm, struct vm_area_struct *first,
		      struct vm_area_struct *last, unsigned long start,
		      unsigned long end)
{
	int splits = (first->vm_start < start) +
		     (last && last->vm_end > end);
	int err;

	if (splits && mm->map_count + splits > max_map_count)
		return -ENOMEM;
	if (first == last)
		return split_to_range(first, max(start, first->vm_start),
				      min(end, first->vm_end));
	err = split_to_range(first, max(start, first->vm_start),
			     first->vm_end);
	if (err || !last)
		return err;
	return split_to_range(last, last->vm_start, min(end, last->vm_end));
}

/**
 * Remove the mappings of [@p addr, @p addr + @p len) from @p mm: regions
 * inside go, regions across an end are split and keep the part outside.
 * Returns 0 (also if nothing was mapped there), -EINVAL for an unaligned
 * @p addr, a zero @p len or a range beyond TASK_SIZE, -ENOMEM if a split
 * finds no memory or would pass max_map_count -- then nothing changed.
 */
int do_munmap(struct mm_struct *mm, unsigned long addr, size_t len)
{
	struct vm_area_struct *first, *last;
	unsigned long end;
	int err;

	if ((addr & ~PAGE_MASK) || addr > TASK_SIZE || len > TASK_SIZE - addr)
		return -EINVAL;
	len = PAGE_ALIGN(len);
	if (!len)
		return -EINVAL;
	end = addr + len;
	first = find_vma(mm, addr);
	if (!first || first->vm_start >= end)
		return 0;
	last = find_vma(mm, end - 1);
	if (last && last->vm_start >= end)
		last = NULL;
	err = split_ends(mm, first, last, addr, end);
	if (err)
		return err;
	remove_vmas_in(mm, addr, end);
	return 0;
}

/**
 * munmap(2): do_munmap() on the current address space.
 */
long sys_munmap(unsigned long addr, size_t len)
{
	struct mm_struct *mm = current->mm;
	int ret;

	down_write(&mm->mmap_sem);
	ret = do_munmap(mm, addr, len);
	up_write(&mm->mmap_sem);
	return ret;
}

/* ---- creating regions ----------------------------------------------------- */

/* The VM_* flags that PROT_* and MAP_* ask for. */
static unsigned long calc_vm_flags(unsigned long prot, unsigned long flags)
{
	unsigned long vm_flags = 0;

	if (prot & PROT_READ)
		vm_flags |= VM_READ;
	if (prot & PROT_WRITE)
		vm_flags |= VM_WRITE;
	if (prot & PROT_EXEC)
		vm_flags |= VM_EXEC;
	if (flags & MAP_GROWSDOWN)
		vm_flags |= VM_GROWSDOWN;
	if (flags & MAP_DENYWRITE)
		vm_flags |= VM_DENYWRITE;
	if (flags & MAP_EXECUTABLE)
		vm_flags |= VM_EXECUTABLE;
	if (flags & MAP_LOCKED)
		vm_flags |= VM_LOCKED;
	return vm_flags;
}

/* The sharing flags of an anonymous mapping of type @type, or 0 if bad. */
static unsigned long anon_share_flags(unsigned long type, bool *ok)
{
	*ok = true;
	if (type == MAP_SHARED)
		return VM_SHARED | VM_MAYSHARE;
	if (type == MAP_PRIVATE)
		return 0;
	*ok = false;
	return 0;
}

/* True if locking @pages more pages would pass mlock()'s limits. */
static bool over_lock_limit(struct mm_struct *mm, unsigned long pages)
{
	unsigned long locked = mm->locked_vm + pages;

	return locked > mlock_limit_pages || locked > num_physpages / 2;
}

/*
 * Give [@addr, @end) with @vm_flags a region, mapping @file from page
 * @pgoff if @file is not NULL: an anonymous range grows a neighbour if
 * one is alike (equal flags), else a new descriptor is linked; a file
 * region always gets its own, with a reference to @file and its vm_ops
 * from the file's mmap method. @addr must be free. Returns 0, -ENOMEM,
 * or the mmap method's error.
 */
static int add_region(struct mm_struct *mm, struct file *file,
		      unsigned long addr, unsigned long end,
		      unsigned long vm_flags, unsigned long pgoff)
{
	struct vm_area_struct *vma, *prev;
	struct rb_node **link, *parent;
	int err;

	find_vma_links(mm, addr, &prev, &link, &parent);
	if (!file && vma_merge(mm, prev, parent, addr, end, vm_flags))
		return 0;
	vma = vm_area_alloc();
	if (!vma)
		return -ENOMEM;
	memset(vma, 0, sizeof(*vma));
	vma->vm_mm = mm;
	vma->vm_start = addr;
	vma->vm_end = end;
	vma->vm_flags = vm_flags;
	vma->vm_page_prot = protection_map[vm_flags & 0x0f];
	vma->vm_pgoff = pgoff;
	if (file) {
		err = file->f_op->mmap(file, vma);
		if (err) {
			vm_area_free(vma);
			return err;
		}
		vma->vm_file = file;
	}
	__vma_link(mm, vma, prev, link, parent);
	mm->map_count++;
	vma_hold_file(vma);
	return 0;
}

/**
 * Count the new pages [@p addr, @p addr + @p len) of a region with
 * @p vm_flags in @p mm's totals, and fault them in if the region is
 * locked. Shared memory, anonymous or not, finds its pages in the page
 * cache of its file or shmem object (map_shared_anon()) when it faults.
 */
void account_new_range(struct mm_struct *mm, unsigned long addr,
		       unsigned long len, unsigned long vm_flags)
{
	mm->total_vm += len >> PAGE_SHIFT;
	if (!(vm_flags & VM_LOCKED))
		return;
	mm->locked_vm += len >> PAGE_SHIFT;
	make_pages_present(addr, addr + len);
}

/*
 * The sharing flags of a mapping of @file of type @type with @prot, as
 * Linux 2.4 decides them, in *@vm_flags; 0 or the errno: -EINVAL for a
 * bad type, -EACCES for a file not opened for reading, or mapped shared
 * and writable without having been opened for writing. A file opened
 * read-only and mapped shared can never be written through the mapping:
 * it loses VM_MAYWRITE (and VM_SHARED: it behaves as a private read-only
 * mapping), keeping VM_MAYSHARE for /proc/PID/maps' 's'.
 */
static int file_share_flags(struct file *file, unsigned long type,
			    unsigned long prot, unsigned long *vm_flags)
{
	if (type != MAP_SHARED && type != MAP_PRIVATE)
		return -EINVAL;
	if (!file_readable(file))
		return -EACCES;
	if (type == MAP_PRIVATE)
		return 0;
	if ((prot & PROT_WRITE) && !file_writable(file))
		return -EACCES;
	*vm_flags |= VM_SHARED | VM_MAYSHARE;
	if (!file_writable(file))
		*vm_flags &= ~(VM_MAYWRITE | VM_SHARED);
	return 0;
}

/*
 * MAP_SHARED|MAP_ANONYMOUS at @addr (free or to be replaced): a region of
 * a new shmem object of @len bytes (shmem_file_setup()), so that the
 * pages live in the object's page cache. A fork's child then finds the
 * same pages, MADV_DONTNEED drops only the ptes, and the pages go when the
 * last region mapping the object does. 2.4 makes the region first and
 * then gives it the object (shmem_zero_setup()); vmm386 makes the object
 * first, so that running out of memory leaves the address space as it was.
 * Returns @addr or the errno.
 */
static unsigned long map_shared_anon(struct mm_struct *mm, unsigned long addr,
				     unsigned long len, unsigned long vm_flags)
{
	struct file *shm = shmem_file_setup(len);
	int err;

	if (!shm)
		return -ENOMEM;
	err = do_munmap(mm, addr, len);
	if (!err)
		err = add_region(mm, shm, addr, addr + len, vm_flags, 0);
	fput(shm);	/* the region holds its own reference now */
	if (err)
		return err;
	account_new_range(mm, addr, len, vm_flags);
	return addr;
}

/**
 * Map @p len bytes into the current address space (the heart of mmap(2)):
 * anonymous memory when @p file is NULL, else @p file from page @p pgoff;
 * private (MAP_PRIVATE) or shared (MAP_SHARED); at @p addr exactly with
 * MAP_FIXED, replacing whatever was there; else where get_unmapped_area()
 * finds room. @p prot is PROT_*. Returns the address, or -EINVAL (offset
 * overflow, bad type), -ENOMEM (a length beyond TASK_SIZE, or so large
 * that rounding it up wraps -- 2.4 said -EINVAL, 2.6 and later -ENOMEM;
 * no room, too many regions), -EAGAIN (over the lock limit), -ENODEV (a
 * file that cannot be mapped: a pipe, the console, a directory), -EACCES
 * (see file_share_flags()). A zero @p len returns @p addr and maps
 * nothing, as 2.4 does. The caller holds mmap_sem for writing.
 */
unsigned long do_mmap_pgoff(struct file *file, unsigned long addr,
			    unsigned long len, unsigned long prot,
			    unsigned long flags, unsigned long pgoff)
{
	struct mm_struct *mm = current->mm;
	unsigned long vm_flags;
	bool type_ok;
	int err;

	if (file && !file->f_op->mmap)
		return -ENODEV;
	if (!len)
		return addr;
	len = PAGE_ALIGN(len);
	if (!len || len > TASK_SIZE)
		return -ENOMEM;		/* larger than the address space */
	if (pgoff + (len >> PAGE_SHIFT) < pgoff)
		return -EINVAL;
	if (mm->map_count > max_map_count)
		return -ENOMEM;
	vm_flags = calc_vm_flags(prot, flags) | mm->def_flags |
		   VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC;
	if (file) {
		err = file_share_flags(file, flags & MAP_TYPE, prot, &vm_flags);
		if (err)
			return err;
	} else {
		vm_flags |= anon_share_flags(flags & MAP_TYPE, &type_ok);
		if (!type_ok)
			return -EINVAL;
	}
	if ((vm_flags & VM_LOCKED) && over_lock_limit(mm, len >> PAGE_SHIFT))
		return -EAGAIN;
	addr = get_unmapped_area(file, addr, len, pgoff, flags);
	if (addr & ~PAGE_MASK)
		return addr;
	if (!file && (vm_flags & VM_SHARED))
		return map_shared_anon(mm, addr, len, vm_flags);
	err = do_munmap(mm, addr, len);
	if (err)
		return err;
	err = add_region(mm, file, addr, addr + len, vm_flags, pgoff);
	if (err)
		return err;
	account_new_range(mm, addr, len, vm_flags);
	return addr;
}

/**
 * mmap2(2) (i386 system call 192): like mmap with the offset in pages.
 * @p fd is ignored for MAP_ANONYMOUS; otherwise it must be open (-EBADF).
 */
long sys_mmap2(unsigned long addr, unsigned long len, unsigned long prot,
	       unsigned long flags, unsigned long fd, unsigned long pgoff)
{
	struct mm_struct *mm = current->mm;
	struct file *file = NULL;
	unsigned long ret;

	if (!(flags & MAP_ANONYMOUS)) {
		file = fget(fd);
		if (!file)
			return -EBADF;
	}
	flags &= ~(MAP_EXECUTABLE | MAP_DENYWRITE);
	down_write(&mm->mmap_sem);
	ret = do_mmap_pgoff(file, addr, len, prot, flags, pgoff);
	up_write(&mm->mmap_sem);
	return (long)ret;
}

/**
 * Give the current address space an anonymous read/write/exec region
 * [@p addr, @p addr + @p len) (rounded up to pages) for the heap or a
 * program's bss, replacing what was there and growing a neighbour where
 * it can. Returns @p addr, or -EINVAL (unaligned, or beyond TASK_SIZE),
 * -ENOMEM, -EAGAIN (over the lock limit under mlockall(MCL_FUTURE)).
 * The caller holds mmap_sem for writing.
 */
unsigned long do_brk(unsigned long addr, unsigned long len)
{
	struct mm_struct *mm = current->mm;
	unsigned long vm_flags = VM_DATA_DEFAULT_FLAGS | mm->def_flags;
	int err;

	len = PAGE_ALIGN(len);
	if (!len)
		return addr;
	if (addr & ~PAGE_MASK)
		return -EINVAL;
	if (addr + len > TASK_SIZE || addr + len < addr)
		return -EINVAL;
	if ((vm_flags & VM_LOCKED) && over_lock_limit(mm, len >> PAGE_SHIFT))
		return -EAGAIN;
	err = do_munmap(mm, addr, len);
	if (err)
		return err;
	if (mm->map_count > max_map_count)
		return -ENOMEM;
	err = add_region(mm, NULL, addr, addr + len, vm_flags, 0);
	if (err)
		return err;
	account_new_range(mm, addr, len, vm_flags);
	return addr;
}

/* Move the heap's end from @oldbrk down to @newbrk (page aligned). */
static bool shrink_heap(struct mm_struct *mm, unsigned long newbrk,
			unsigned long oldbrk)
{
	return do_munmap(mm, newbrk, oldbrk - newbrk) == 0;
}

/* Move the heap's end from @oldbrk up to @newbrk, if nothing is there. */
static bool grow_heap(struct mm_struct *mm, unsigned long oldbrk,
		      unsigned long newbrk)
{
	/* A guard page: the heap may not run into the next mapping. */
	if (find_vma_intersection(mm, oldbrk, newbrk + PAGE_SIZE))
		return false;
	return do_brk(oldbrk, newbrk - oldbrk) == oldbrk;
}

/**
 * brk(2): move the end of the current process's heap to @p brk. Asking
 * for less than the heap's start, or for room that is taken, changes
 * nothing. Returns the heap's end afterwards (Linux's convention: failure
 * shows as the old value, never as an errno). Linux 2.4 refuses a @p brk
 * below end_code; vmm386 below start_brk, as 2.6 does.
 */
long sys_brk(unsigned long brk)
{
	struct mm_struct *mm = current->mm;
	unsigned long newbrk = PAGE_ALIGN(brk), oldbrk;
	bool ok;

	down_write(&mm->mmap_sem);
	oldbrk = PAGE_ALIGN(mm->brk);
	if (brk < mm->start_brk || brk > TASK_SIZE)
		ok = false;
	else if (newbrk == oldbrk)
		ok = true;
	else if (brk < mm->brk)
		ok = shrink_heap(mm, newbrk, oldbrk);
	else
		ok = grow_heap(mm, oldbrk, newbrk);
	if (ok)
		mm->brk = brk;
	brk = mm->brk;
	up_write(&mm->mmap_sem);
	return (long)brk;
}

/* ---- whole address spaces ------------------------------------------------- */

/**
 * Remove every region of @p mm and free its user page tables: the last
 * user of an address space is gone (exit, execve). Leaves @p mm empty but
 * usable.
 */
void exit_mmap(struct mm_struct *mm)
{
	struct vm_area_struct *vma = mm->mmap;

	mm->mmap = NULL;
	mm->mmap_cache = NULL;
	mm->mm_rb = RB_ROOT;
	while (vma) {
		struct vm_area_struct *next = vma->vm_next;

		mm->map_count--;
		remove_vma(mm, vma);
		vma = next;
	}
	BUG_ON(mm->map_count || mm->total_vm || mm->locked_vm);
	clear_page_tables(mm);
}

/* Copy the layout fields (where code, data, heap, stack, arguments lie). */
static void copy_layout(struct mm_struct *mm, const struct mm_struct *oldmm)
{
	mm->start_code = oldmm->start_code;
	mm->end_code = oldmm->end_code;
	mm->start_data = oldmm->start_data;
	mm->end_data = oldmm->end_data;
	mm->start_brk = oldmm->start_brk;
	mm->brk = oldmm->brk;
	mm->start_stack = oldmm->start_stack;
	mm->arg_start = oldmm->arg_start;
	mm->arg_end = oldmm->arg_end;
	mm->env_start = oldmm->env_start;
	mm->env_end = oldmm->env_end;
	mm->def_flags = oldmm->def_flags;
}

/*
 * Append a copy of @old to @mm, whose last region is @tail (NULL if none):
 * in order, so the list grows at its end and the tree at its rightmost
 * node. The copy is not locked (locks are not inherited). Returns it, or
 * NULL.
 */
static struct vm_area_struct *append_copy(struct mm_struct *mm,
					  struct vm_area_struct *tail,
					  const struct vm_area_struct *old)
{
	struct vm_area_struct *vma = vm_area_dup(old);

	if (!vma)
		return NULL;
	vma->vm_mm = mm;
	vma->vm_flags &= ~VM_LOCKED;
	if (tail)
		__vma_link(mm, vma, tail, &tail->vm_rb.rb_right, &tail->vm_rb);
	else
		__vma_link(mm, vma, NULL, &mm->mm_rb.rb_node, NULL);
	mm->map_count++;
	mm->total_vm += pages_in(vma->vm_start, vma->vm_end);
	vma_hold_file(vma);
	if (vma->vm_ops && vma->vm_ops->open)
		vma->vm_ops->open(vma);
	return vma;
}

/**
 * Give the new, empty address space @p mm a copy of @p oldmm's regions and
 * layout for fork: each region but VM_DONTCOPY ones, its page tables
 * copied by copy_page_range() (private writable pages become
 * copy-on-write in both). Takes @p oldmm's mmap_sem for writing. Returns 0 or
 * -ENOMEM; on failure @p mm holds what was copied so far, and mmput()
 * frees it.
 */
int dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm)
{
	struct vm_area_struct *old, *tail = NULL;
	int err = 0;

	down_write(&oldmm->mmap_sem);
	copy_layout(mm, oldmm);
	for (old = oldmm->mmap; old && !err; old = old->vm_next) {
		if (old->vm_flags & VM_DONTCOPY)
			continue;
		tail = append_copy(mm, tail, old);
		if (!tail)
			err = -ENOMEM;
		else
			err = copy_page_range(mm, oldmm, tail);
	}
	up_write(&oldmm->mmap_sem);
	return err;
}
