// SPDX-License-Identifier: GPL-2.0-only
/*
 * filemap.c - the page cache and file mappings (Linux 2.4: mm/filemap.c).
 *
 * A page of a file, once read, is kept in the page cache: a hash table
 * keyed by (address_space, page index), the pages chained through
 * page->list, and each file's pages also on its own list (page->lru) so
 * that truncating a file finds them. The cache holds one reference on
 * every page in it. read() copies out of those pages (generic_file_read),
 * tmpfs's write() into them (generic_file_write), and a file mapping's
 * fault maps them (filemap_nopage): a shared mapping maps the cache page
 * itself, a private one maps it read-only and copies it on the first
 * write (do_no_page, do_wp_page in pagefault.c).
 *
 * How vmm386 differs from Linux 2.4:
 *  - There is no disk behind a file and no read-ahead: readpage copies
 *    from the initramfs archive (or zero-fills a tmpfs hole) at once, so
 *    a page never waits for I/O and needs no PG_locked.
 *  - Nothing reclaims the cache under memory pressure (kswapd and
 *    shrink_cache are Chapters 10 and 13 of Gorman's book). Instead the
 *    pages that only the cache holds are dropped when the leak counters
 *    settle (shrink_page_cache, a register_settle() hook), so a test that
 *    read a file leaves the free-page count where it found it. tmpfs pages
 *    are the files' only copy and are never dropped.
 *  - One spinlock (pagecache_lock, as in 2.4) guards the hash and the
 *    lists; pages are allocated and filled outside it, and a page another
 *    path added meanwhile wins (add_to_page_cache says -EEXIST).
 */
#include <pagemap.h>
#include <fs.h>
#include <mm_types.h>
#include <mman.h>
#include <highmem.h>
#include <spinlock.h>
#include <leakcheck.h>
#include <kernel.h>
#include <string.h>
#include <errno.h>

/* Buckets of the page hash: a power of two. */
#define PAGE_HASH_BITS	9
#define PAGE_HASH_SIZE	(1UL << PAGE_HASH_BITS)

static struct list_head page_hash_table[PAGE_HASH_SIZE];
static DEFINE_SPINLOCK(pagecache_lock);

unsigned long page_cache_size;
unsigned long shmem_pages;

/* The hash bucket of (@mapping, @index). */
static struct list_head *page_hash(struct address_space *mapping,
				   unsigned long index)
{
	unsigned long key = ((unsigned long)mapping >> 4) + index;

	return &page_hash_table[(key * 0x9e370001UL) >> (32 - PAGE_HASH_BITS)];
}

/*
 * The cached page of (@mapping, @index), or NULL; no reference taken.
 * Called with pagecache_lock held.
 */
static struct page *lookup_locked(struct address_space *mapping,
				  unsigned long index)
{
	struct list_head *head = page_hash(mapping, index), *pos;

	list_for_each(pos, head) {
		struct page *page = list_entry(pos, struct page, list);

		if (page->mapping == mapping && page->index == index)
			return page;
	}
	return NULL;
}

/* Settle hook: give back the cache pages no one maps (see the top). */
static void page_cache_settle(void)
{
	shrink_page_cache();
}

static unsigned long read_cache_size(void)
{
	return page_cache_size;
}

static const struct leak_counter page_cache_counter = {
	.name = "page cache",
	.read = read_cache_size,
};

/**
 * Set up the page hash and register the cache's settle hook and
 * counter. Called once at boot, after the slab allocator's own
 * registration, so the cache settles before the slab does.
 */
void page_cache_init(void)
{
	for (unsigned long i = 0; i < PAGE_HASH_SIZE; i++)
		INIT_LIST_HEAD(&page_hash_table[i]);
	register_settle(page_cache_settle);
	register_leak_counter(&page_cache_counter);
}

/**
 * Make @p mapping an empty address space filled by @p a_ops; the caller
 * sets its size, data and names.
 */
void init_address_space(struct address_space *mapping,
			const struct address_space_operations *a_ops)
{
	memset(mapping, 0, sizeof(*mapping));
	INIT_LIST_HEAD(&mapping->pages);
	INIT_LIST_HEAD(&mapping->i_mmap);
	spin_lock_init(&mapping->i_shared_lock);
	mapping->a_ops = a_ops;
}

/**
 * The page of @p mapping at page index @p index if the cache has it, with
 * a reference for the caller (put_page() it), else NULL.
 */
struct page *find_get_page(struct address_space *mapping, unsigned long index)
{
	struct page *page;

	spin_lock(&pagecache_lock);
	page = lookup_locked(mapping, index);
	if (page)
		get_page(page);
	spin_unlock(&pagecache_lock);
	return page;
}

/**
 * True if the cache holds the page of @p mapping at @p index (mincore's
 * question for a file mapping).
 */
bool page_cache_resident(struct address_space *mapping, unsigned long index)
{
	bool found;

	spin_lock(&pagecache_lock);
	found = lookup_locked(mapping, index) != NULL;
	spin_unlock(&pagecache_lock);
	return found;
}

/**
 * Put @p page, filled, into the cache as page @p index of @p mapping; the
 * cache takes a reference of its own. Returns 0, or -EEXIST if the cache
 * already has a page there (another path was faster): then @p page is
 * left alone.
 */
int add_to_page_cache(struct page *page, struct address_space *mapping,
		      unsigned long index)
{
	spin_lock(&pagecache_lock);
	if (lookup_locked(mapping, index)) {
		spin_unlock(&pagecache_lock);
		return -EEXIST;
	}
	get_page(page);
	page->mapping = mapping;
	page->index = index;
	list_add(&page->list, page_hash(mapping, index));
	list_add(&page->lru, &mapping->pages);
	mapping->nrpages++;
	page_cache_size++;
	if (mapping->pinned)
		shmem_pages++;
	spin_unlock(&pagecache_lock);
	return 0;
}

/* Take @page off the hash and its file's list. pagecache_lock held. */
static void unlink_cache_page(struct page *page)
{
	struct address_space *mapping = page->mapping;

	list_del(&page->list);
	list_del(&page->lru);
	mapping->nrpages--;
	page_cache_size--;
	if (mapping->pinned)
		shmem_pages--;
	page->mapping = NULL;
}

/**
 * Take @p page out of the cache. The cache's reference passes to the
 * caller, who drops it with put_page() (Linux 2.4's
 * page_cache_release()); ptes that still map the page keep theirs.
 */
void remove_from_page_cache(struct page *page)
{
	spin_lock(&pagecache_lock);
	unlink_cache_page(page);
	spin_unlock(&pagecache_lock);
}

/*
 * A new page holding page @index of @mapping, filled by its readpage,
 * not yet in the cache; NULL if memory is short.
 */
static struct page *new_cache_page(struct address_space *mapping,
				   unsigned long index)
{
	struct page *page = alloc_page(GFP_HIGHUSER);

	if (!page)
		return NULL;
	page->index = index;
	mapping->a_ops->readpage(mapping, page);
	PageSet(page, PG_uptodate);
	return page;
}

/**
 * The page of @p mapping at @p index, from the cache or read into it
 * now, with a reference for the caller; NULL if memory is short (Linux
 * 2.4: read_cache_page() with the file's readpage as filler).
 */
struct page *read_cache_page(struct address_space *mapping,
			     unsigned long index)
{
	for (;;) {
		struct page *page = find_get_page(mapping, index), *fresh;
		int err;

		if (page)
			return page;
		fresh = new_cache_page(mapping, index);
		if (!fresh)
			return NULL;
		err = add_to_page_cache(fresh, mapping, index);
		if (!err)
			return fresh;	/* the allocation's reference */
		PageClear(fresh, PG_uptodate);
		put_page(fresh);	/* someone else's is in: use it */
	}
}

/* Zero the bytes of @page from @offset to its end. */
static void zero_page_tail(struct page *page, unsigned long offset)
{
	char *kaddr = kmap(page);

	memset(kaddr + offset, 0, PAGE_SIZE - offset);
	kunmap(page);
}

/*
 * Drop the cache's reference on each page of @doomed, pages already taken
 * out of the cache (unlink_cache_page()) and chained through page->lru.
 * It runs after pagecache_lock is released: the last put frees the page.
 * Returns how many there were.
 */
static unsigned long put_doomed(struct list_head *doomed)
{
	struct list_head *pos, *next;
	unsigned long n = 0;

	list_for_each_safe(pos, next, doomed) {
		struct page *page = list_entry(pos, struct page, lru);

		list_del(&page->lru);
		PageClear(page, PG_uptodate);
		put_page(page);
		n++;
	}
	return n;
}

/*
 * Drop every page of @mapping at index @first or beyond from the cache.
 * Mapped pages stay with their ptes, no longer in any file.
 */
static void drop_pages_from(struct address_space *mapping,
			    unsigned long first)
{
	struct list_head *pos, *next;
	LIST_HEAD(doomed);

	spin_lock(&pagecache_lock);
	list_for_each_safe(pos, next, &mapping->pages) {
		struct page *page = list_entry(pos, struct page, lru);

		if (page->index < first)
			continue;
		unlink_cache_page(page);
		list_add(&page->lru, &doomed);
	}
	spin_unlock(&pagecache_lock);
	put_doomed(&doomed);
}

/**
 * Make @p mapping's cached contents fit a file of @p size bytes: pages
 * wholly past the end leave the cache, and the tail of the last page is
 * zeroed so that growing the file again reads zeroes. Pages still mapped
 * keep their ptes' references: vmtruncate() unmaps them first.
 */
void truncate_inode_pages(struct address_space *mapping, unsigned long size)
{
	unsigned long keep = PAGE_ALIGN(size) >> PAGE_SHIFT;
	struct page *last;

	drop_pages_from(mapping, keep);
	if (!(size & ~PAGE_MASK))
		return;
	last = find_get_page(mapping, size >> PAGE_SHIFT);
	if (!last)
		return;
	zero_page_tail(last, size & ~PAGE_MASK);
	put_page(last);
}

/*
 * Unmap, in every region on @mapping's i_mmap, the pages from file page
 * @first on. A region wholly before @first keeps everything; one starting
 * at or past it loses all its pages. zap_page_range() does not tell the
 * file's pages from a private region's own copies of them: both go, as
 * in Linux 2.4. Called with the mapping's i_shared_lock held.
 */
static void unmap_pages_from(struct address_space *mapping,
			     unsigned long first)
{
	struct vm_area_struct *vma;

	list_for_each_entry(vma, &mapping->i_mmap, vm_shared) {
		unsigned long start = vma->vm_start, keep = 0;
		unsigned long pages = (vma->vm_end - start) >> PAGE_SHIFT;

		if (vma->vm_pgoff + pages <= first)
			continue;
		if (first > vma->vm_pgoff)
			keep = first - vma->vm_pgoff;
		zap_page_range(vma->vm_mm, start + (keep << PAGE_SHIFT),
			       (pages - keep) << PAGE_SHIFT);
	}
}

/**
 * Set the length of the file behind @p mapping to @p size bytes (Linux
 * 2.4's vmtruncate(), on an address space rather than an inode). Growing
 * only sets the length. Shrinking sets it first, so that a fault from now
 * on past the end is SIGBUS; then every process that maps the file loses
 * the pages wholly past the end (found through the mapping's i_mmap list:
 * shared regions their cache pages, private ones also their own
 * copy-on-write copies, as 2.4's zap_page_range does); last the pages
 * leave the cache (truncate_inode_pages()), and a page no one maps any
 * more is freed.
 */
void vmtruncate(struct address_space *mapping, unsigned long size)
{
	unsigned long old = mapping->size;

	mapping->size = size;
	if (size >= old)
		return;
	spin_lock(&mapping->i_shared_lock);
	unmap_pages_from(mapping, PAGE_ALIGN(size) >> PAGE_SHIFT);
	spin_unlock(&mapping->i_shared_lock);
	truncate_inode_pages(mapping, size);
}

/**
 * Give back every page of the cache that no one but the cache holds
 * (count 1) and whose file has another copy (not tmpfs): the settle hook
 * of the leak counters, vmm386's stand-in for 2.4's shrink_cache().
 * Returns how many pages were freed.
 */
unsigned long shrink_page_cache(void)
{
	LIST_HEAD(doomed);
	struct list_head *pos, *next;

	spin_lock(&pagecache_lock);
	for (unsigned long i = 0; i < PAGE_HASH_SIZE; i++) {
		list_for_each_safe(pos, next, &page_hash_table[i]) {
			struct page *page = list_entry(pos, struct page, list);

			if (page->mapping->pinned || page_count(page) != 1)
				continue;
			unlink_cache_page(page);
			list_add(&page->lru, &doomed);
		}
	}
	spin_unlock(&pagecache_lock);
	return put_doomed(&doomed);
}

/* ---- read and write through the cache ------------------------------------ */

/* The length of @f's file: its address space's, or the fixed f_size. */
static unsigned long file_length(struct file *f)
{
	return f->f_mapping ? f->f_mapping->size : f->f_size;
}

/*
 * Copy @n bytes at @offset of the cached page @index of @mapping to or
 * from user memory @ubuf. Returns the bytes not copied, or -ENOMEM.
 */
static long copy_cache_page(struct address_space *mapping, unsigned long index,
			    unsigned long offset, char __user *ubuf,
			    unsigned long n, bool to_user)
{
	struct page *page = read_cache_page(mapping, index);
	char *kaddr;
	unsigned long left;

	if (!page)
		return -ENOMEM;
	kaddr = kmap(page);
	if (to_user)
		left = copy_to_user(ubuf, kaddr + offset, n);
	else
		left = copy_from_user(kaddr + offset, ubuf, n);
	kunmap(page);
	put_page(page);
	return left;
}

/*
 * Move up to @n bytes between user memory @buf and @f's file at its
 * position, page by page through the cache, advancing the position.
 * Reads stop at the end of the file; writes extend it. Returns the bytes
 * moved, or an error if none were.
 */
static long file_transfer(struct file *f, char __user *buf, unsigned long n,
			  bool reading)
{
	struct address_space *mapping = f->f_mapping;
	long done = 0;

	while (n) {
		unsigned long pos = f->f_pos, offset = pos & ~PAGE_MASK;
		unsigned long chunk = min(n, PAGE_SIZE - offset);
		long left;

		if (reading && pos >= mapping->size)
			break;
		if (reading)
			chunk = min(chunk, mapping->size - pos);
		left = copy_cache_page(mapping, pos >> PAGE_SHIFT, offset,
				       buf, chunk, reading);
		if (left < 0)
			return done ? done : left;
		chunk -= left;
		f->f_pos += chunk;
		buf += chunk;
		n -= chunk;
		done += chunk;
		if (!reading && f->f_pos > (long long)mapping->size)
			mapping->size = f->f_pos;
		if (left)
			return done ? done : -EFAULT;
	}
	return done;
}

/**
 * read() of a cached file: up to @p n bytes from the file position into
 * user memory @p buf, through the page cache (Linux 2.4's
 * generic_file_read). Returns the bytes read, 0 at the end of the file,
 * -EFAULT or -ENOMEM if nothing could be read.
 */
long generic_file_read(struct file *f, char __user *buf, unsigned long n)
{
	return file_transfer(f, buf, n, true);
}

/** The largest file a write may make (a 32-bit file position). */
#define MAX_FILE_SIZE	0x7fffffffUL

/**
 * write() to a cached file (tmpfs): @p n bytes from user memory @p buf
 * into the file's pages at the position (at the end with O_APPEND),
 * extending the file. Returns the bytes written, -EFBIG past 2 GiB,
 * -EFAULT or -ENOMEM if nothing was written.
 */
long generic_file_write(struct file *f, const char __user *buf,
			unsigned long n)
{
	if (f->f_flags & O_APPEND)
		f->f_pos = file_length(f);
	if (f->f_pos >= (long long)MAX_FILE_SIZE)
		return n ? -EFBIG : 0;
	if (n > MAX_FILE_SIZE - f->f_pos)
		n = MAX_FILE_SIZE - f->f_pos;
	return file_transfer(f, (char __user *)buf, n, false);
}

/* ---- file mappings --------------------------------------------------------- */

/**
 * The nopage method of a file region: the page for user address
 * @p address of @p area, from the page cache (read into it first if
 * needed), with a reference for the caller. NOPAGE_SIGBUS if the page
 * lies wholly past the end of the file (the process gets SIGBUS, as in
 * Linux), NOPAGE_OOM if memory is short. Whether the page is mapped
 * itself or copied is do_no_page()'s decision.
 */
struct page *filemap_nopage(struct vm_area_struct *area,
			    unsigned long address, int write_access)
{
	struct address_space *mapping = area->vm_file->f_mapping;
	unsigned long index = ((address - area->vm_start) >> PAGE_SHIFT) +
			      area->vm_pgoff;
	struct page *page;

	(void)write_access;
	if (index >= PAGE_ALIGN(mapping->size) >> PAGE_SHIFT)
		return NOPAGE_SIGBUS;
	page = read_cache_page(mapping, index);
	return page ? page : NOPAGE_OOM;
}

static struct vm_operations_struct generic_file_vm_ops = {
	.nopage = filemap_nopage,
};

/**
 * The mmap method of cached files: the region's faults go to
 * filemap_nopage(). Always 0.
 */
int generic_file_mmap(struct file *file, struct vm_area_struct *vma)
{
	(void)file;
	vma->vm_ops = &generic_file_vm_ops;
	return 0;
}
