// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_slab.c - the slab allocator (kernel/mm/slab*.c) on the host, over a
 * fake page allocator.
 *
 * "Physical memory" is a 32 MiB arena with its own mem_map; the first
 * 16 MiB play ZONE_DMA. The fake alloc_pages() hands out naturally aligned
 * blocks, counts them, and poisons free pages for AddressSanitizer, so the
 * slab allocator touching a page it does not own is a crash. Each case runs
 * in a child process that boots a fresh slab allocator (kmem_cache_init,
 * kmem_cache_sizes_init), so cases cannot disturb each other.
 *
 * After every step the random cases check the allocator's invariants from
 * outside: list membership against use counts, the free-object chains and
 * object states, per-CPU arrays, page back-pointers and PG_slab, colouring,
 * on/off-slab management, and a full account of every allocated object and
 * every page. A model of the objects the test holds catches an object
 * handed out twice or overlapping another, and a fill pattern catches the
 * allocator writing into an object it handed out.
 *
 * UNIT-SOURCES: kernel/mm/slab.c kernel/mm/slab_debug.c kernel/mm/slab_cpu.c
 * UNIT-SOURCES: kernel/mm/slab_cache.c kernel/mm/slab_reap.c
 * UNIT-SOURCES: kernel/mm/slab_info.c kernel/lib/string.c kernel/lib/vsprintf.c
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <sanitizer/asan_interface.h>

/*
 * <unistd.h> would be the kernel's own (kernel/include comes first on the
 * include path): declare the two C library calls this test uses.
 */
pid_t fork(void);
void _exit(int status) __attribute__((noreturn));
#include "unit.h"
#include "vmm_lib.h"
#include <mm.h>
#include <slab.h>
#include <slab_def.h>
#include <leakcheck.h>
#include <errno.h>

/* ---- the kernel environment ------------------------------------------- */

#define ARENA_PAGES	8192	/* 32 MiB */
#define DMA_PAGES	4096	/* ZONE_DMA: the first 16 MiB */

unsigned long host_phys_base;
unsigned long host_eflags = X86_EFLAGS_IF;
struct page *mem_map;
unsigned long max_mapnr, num_physpages;
void *high_memory;

static unsigned char *arena;
static struct page page_array[ARENA_PAGES];
static signed char block_order[ARENA_PAGES];	/* -1 free, -2 tail */
static unsigned long pages_out, alloc_calls;
static long fail_countdown = -1;	/* alloc_pages calls before one fails */
static unsigned long failed_allocs;	/* NULLs returned */
static bool fail_order0;		/* refuse single pages */
static bool fail_all;			/* refuse everything */
static int locks_held;
static unsigned long dump_stacks;
static const struct leak_counter *registered_counter;
static void (*registered_settle)(void);

static char logbuf[1 << 16];
static size_t loglen;

int vmm_printk(const char *fmt, ...)
{
	char line[512];
	const char *p = line;
	va_list args;
	int n;

	va_start(args, fmt);
	n = vmm_vsnprintf(line, sizeof(line), fmt, args);
	va_end(args);
	if (p[0] == '<' && p[1] && p[2] == '>')
		p += 3;
	n = strlen(p);
	if (loglen + n + 1 < sizeof(logbuf)) {
		memcpy(logbuf + loglen, p, n + 1);
		loglen += n;
	}
	return n;
}

static void log_clear(void)
{
	loglen = 0;
	logbuf[0] = '\0';
}

static bool log_has(const char *s)
{
	return strstr(logbuf, s) != NULL;
}

const char *kallsyms_lookup(unsigned long addr, unsigned long *offset,
			    unsigned long *size)
{
	return NULL;
}

void dump_stack(void)
{
	dump_stacks++;
}

void panic(const char *fmt, ...)
{
	printf("    # panic: %s\n", fmt);
	abort();
}

void __bug(const char *file, int line)
{
	printf("    # BUG at %s:%d\n", file, line);
	abort();
}

void register_leak_counter(const struct leak_counter *counter)
{
	registered_counter = counter;
}

void register_settle(void (*fn)(void))
{
	registered_settle = fn;
}

void spin_lock_init(spinlock_t *lock)
{
	lock->locked = 0;
	lock->name = "(dynamic)";
}

void spin_lock(spinlock_t *lock)
{
	if (lock->locked) {
		printf("    # spinlock recursion on %s\n", lock->name);
		abort();
	}
	lock->locked = 1;
	locks_held++;
}

void spin_unlock(spinlock_t *lock)
{
	if (!lock->locked) {
		printf("    # unlocking unlocked %s\n", lock->name);
		abort();
	}
	lock->locked = 0;
	locks_held--;
}

int spin_trylock(spinlock_t *lock)
{
	if (lock->locked)
		return 0;
	spin_lock(lock);
	return 1;
}

/* The fake buddy allocator: first fit of naturally aligned blocks. */
static long find_block(unsigned long lo, unsigned long hi, unsigned int order)
{
	unsigned long n = 1UL << order;

	for (unsigned long pfn = lo; pfn + n <= hi; pfn += n) {
		unsigned long i;

		for (i = 0; i < n && block_order[pfn + i] == -1; i++)
			;
		if (i == n)
			return pfn;
	}
	return -1;
}

struct page *alloc_pages(unsigned int gfp_mask, unsigned int order)
{
	unsigned long n = 1UL << order;
	long pfn;

	alloc_calls++;
	/* The slab allocator passes zone and level bits only, never highmem. */
	CHECK(!(gfp_mask & ~(GFP_ZONEMASK | SLAB_LEVEL_MASK)));
	CHECK(!(gfp_mask & __GFP_HIGHMEM));
	CHECK(order <= MAX_GFP_ORDER);
	if (fail_all || (fail_order0 && !order) || fail_countdown == 0) {
		if (fail_countdown == 0)
			fail_countdown = -1;	/* one failure */
		failed_allocs++;
		return NULL;
	}
	if (fail_countdown > 0)
		fail_countdown--;
	if (gfp_mask & __GFP_DMA) {
		pfn = find_block(0, DMA_PAGES, order);
	} else {
		pfn = find_block(DMA_PAGES, ARENA_PAGES, order);
		if (pfn < 0)
			pfn = find_block(0, DMA_PAGES, order);
	}
	if (pfn < 0) {
		failed_allocs++;
		return NULL;
	}
	for (unsigned long i = 0; i < n; i++) {
		block_order[pfn + i] = -2;
		CHECK(!PageSlab(&mem_map[pfn + i]));
	}
	block_order[pfn] = order;
	ASAN_UNPOISON_MEMORY_REGION(arena + pfn * PAGE_SIZE, n * PAGE_SIZE);
	memset(arena + pfn * PAGE_SIZE, 0xcc, n * PAGE_SIZE);
	set_page_count(&mem_map[pfn], 1);
	pages_out += n;
	return &mem_map[pfn];
}

void __free_pages(struct page *page, unsigned int order)
{
	unsigned long pfn = page - mem_map, n = 1UL << order;

	if (pfn >= ARENA_PAGES || block_order[pfn] != (signed char)order) {
		printf("    # __free_pages: pfn %lu order %u not allocated\n",
		       pfn, order);
		abort();
	}
	for (unsigned long i = 0; i < n; i++) {
		/* The slab allocator clears PG_slab before freeing pages. */
		CHECK(!PageSlab(&mem_map[pfn + i]));
		block_order[pfn + i] = -1;
	}
	set_page_count(page, 0);
	ASAN_POISON_MEMORY_REGION(arena + pfn * PAGE_SIZE, n * PAGE_SIZE);
	pages_out -= n;
}

unsigned long nr_free_pages(void)
{
	return ARENA_PAGES - pages_out;
}

/* "Boot": memory, then the slab allocator, as start_kernel will. */
static void boot(unsigned long physpages)
{
	arena = aligned_alloc(PAGE_SIZE, ARENA_PAGES * PAGE_SIZE);
	host_phys_base = (unsigned long)arena;
	mem_map = page_array;
	max_mapnr = ARENA_PAGES;
	num_physpages = physpages;
	high_memory = arena + ARENA_PAGES * PAGE_SIZE;
	for (unsigned long i = 0; i < ARENA_PAGES; i++) {
		page_array[i].virtual = arena + i * PAGE_SIZE;
		block_order[i] = -1;
	}
	ASAN_POISON_MEMORY_REGION(arena, ARENA_PAGES * PAGE_SIZE);
	kmem_cache_init();
	kmem_cache_sizes_init();
}

/* ---- walking the allocator's state ------------------------------------ */

#define for_each_cache(c) \
	for (c = &cache_cache; c; \
	     c = c->next.next == &cache_cache.next ? NULL : \
		 list_entry(c->next.next, kmem_cache_t, next))

static bool chained(kmem_cache_t *x)
{
	kmem_cache_t *c;

	for_each_cache(c)
		if (c == x)
			return true;
	return false;
}

static int nr_caches(void)
{
	kmem_cache_t *c;
	int n = 0;

	for_each_cache(c)
		n++;
	return n;
}

static unsigned long nr_slabs(kmem_cache_t *c)
{
	return list_count(&c->slabs_full) + list_count(&c->slabs_partial) +
	       list_count(&c->slabs_free);
}

static size_t mgmt_size(kmem_cache_t *c)
{
	return L1_CACHE_ALIGN(sizeof(slab_t) + c->num * sizeof(kmem_bufctl_t));
}

static size_t rz(kmem_cache_t *c)
{
	return (c->flags & SLAB_RED_ZONE) ? sizeof(void *) : 0;
}

static kmem_cache_t *cache_of(const void *p)
{
	return GET_PAGE_CACHE(virt_to_page(p));
}

/* The objects the test holds: the model. */
#define MAX_OBJS 6000
struct obj {
	void *p;
	kmem_cache_t *cache;
	size_t size;
	unsigned char fill;
	bool kmalloced;
};
static struct obj objs[MAX_OBJS];
static int nr_objs;

static char why[256];	/* the first broken invariant */


#define INV(cond, ...) do { \
	if (!(cond)) { \
		if (!why[0]) \
			snprintf(why, sizeof(why), __VA_ARGS__); \
		return false; \
	} \
} while (0)

/* Violations found by slab_check.h go to `why` (the first one). */
#define SLAB_REPORT(...) do { \
	if (!why[0]) \
		snprintf(why, sizeof(why), __VA_ARGS__); \
} while (0)
#include "../kernel/slab_check.h"

/*
 * Everything that must hold for one cache (slab_check.h), and on the host
 * also: every slab is exactly one block from the page allocator, and the
 * cache is not left locked.
 */
static bool check_cache(kmem_cache_t *c)
{
	struct list_head *heads[3] = { &c->slabs_full, &c->slabs_partial,
				       &c->slabs_free };
	slab_t *s;

	INV(!c->spinlock.locked, "%s: lock held", c->name);
	INV(c->num <= SLAB_CHECK_MAX_NUM, "%s: num %u", c->name, c->num);
	if (slab_check_cache(c))
		return false;
	for (int l = 0; l < 3; l++) {
		list_for_each_entry(s, heads[l], list) {
			char *base = (char *)s->s_mem - s->colouroff;
			unsigned long pfn = virt_to_page(base) - mem_map;

			for (unsigned int i = 0; i < 1U << c->gfporder; i++)
				INV(block_order[pfn + i] ==
				    (i ? -2 : (signed char)c->gfporder),
				    "%s: slab pages not one allocated block",
				    c->name);
		}
	}
	return true;
}

/*
 * The global account: every allocated object of every cache is one the
 * test holds, a cache descriptor, an off-slab slab_t or a per-CPU array;
 * every page out of the page allocator is a page of exactly one slab.
 */
static bool check_accounting(void)
{
	static unsigned char page_seen[ARENA_PAGES];
	unsigned long pages = 0, arrays = 0;
	kmem_cache_t *c, *d;

	memset(page_seen, 0, sizeof(page_seen));
	for_each_cache(c) {
		long expect = 0, active = 0;
		slab_t *s;
		struct list_head *heads[3] = { &c->slabs_full,
					       &c->slabs_partial,
					       &c->slabs_free };

		if (!check_cache(c))
			return false;
		for (int i = 0; i < nr_objs; i++)
			expect += objs[i].cache == c;
		if (c == &cache_cache)
			expect += nr_caches() - 1;
		for_each_cache(d) {
			if (OFF_SLAB(d) && d->slabp_cache == c)
				expect += nr_slabs(d);
			if (d->cpudata[0] && cache_of(d->cpudata[0]) == c)
				expect++;
		}
		for (int l = 0; l < 3; l++) {
			list_for_each_entry(s, heads[l], list) {
				unsigned long pfn = virt_to_page(
					(char *)s->s_mem - s->colouroff) -
					mem_map;

				for (unsigned int i = 0; i < c->num; i++)
					active += slab_bufctl(s)[i] ==
						  BUFCTL_ACTIVE;
				for (unsigned int i = 0;
				     i < 1U << c->gfporder; i++) {
					INV(!page_seen[pfn + i],
					    "%s: page in two slabs", c->name);
					page_seen[pfn + i] = 1;
				}
			}
		}
		INV(active == expect, "%s: %ld allocated objects, expected %ld",
		    c->name, active, expect);
		pages += nr_slabs(c) << c->gfporder;
		arrays += c->cpudata[0] != NULL;
	}
	INV(pages == pages_out, "slabs hold %lu pages, %lu are out", pages,
	    pages_out);
	INV(kmem_cache_live_objects() ==
	    (unsigned long)nr_objs + nr_caches() - 1 + arrays,
	    "live objects %lu, model %d + %d caches + %lu arrays",
	    kmem_cache_live_objects(), nr_objs, nr_caches() - 1, arrays);
	INV(registered_counter &&
	    registered_counter->read() == kmem_cache_live_objects(),
	    "kunit counter does not read the live objects");
	INV(locks_held == 0, "%d locks held", locks_held);
	INV(host_eflags & X86_EFLAGS_IF, "interrupts left disabled");
	return true;
}

/* The model's checks of one object the test holds. */
static bool check_obj(struct obj *o)
{
	kmem_cache_t *c = o->cache;
	unsigned char *b = o->p;
	struct page *pg;
	slab_t *s;
	size_t off;

	INV((unsigned long)o->p >= host_phys_base &&
	    (char *)o->p < (char *)high_memory, "object %p outside memory",
	    o->p);
	pg = virt_to_page(o->p);
	INV(PageSlab(pg) && GET_PAGE_CACHE(pg) == c,
	    "object %p not on a page of %s", o->p, c->name);
	s = GET_PAGE_SLAB(pg);
	off = (char *)o->p - rz(c) - (char *)s->s_mem;
	INV(off % c->objsize == 0 && off / c->objsize < c->num,
	    "object %p not an object of its slab", o->p);
	INV(slab_bufctl(s)[off / c->objsize] == BUFCTL_ACTIVE,
	    "held object %p not marked allocated", o->p);
	INV(o->size <= kmem_cache_size(c), "object smaller than asked");
	/* Both ends of the object (all of a small one) keep their fill. */
	for (size_t i = 0; i < o->size; i++) {
		if (i == 512 && o->size > 1024)
			i = o->size - 512;
		INV(b[i] == o->fill, "object %p overwritten at %zu (%s)",
		    o->p, i, c->name);
	}
	return true;
}

static int cmp_obj(const void *a, const void *b)
{
	const struct obj *x = a, *y = b;

	return x->p < y->p ? -1 : x->p > y->p;
}

/* No object held twice, none overlapping the next one. */
static bool check_model(void)
{
	static struct obj sorted[MAX_OBJS];

	memcpy(sorted, objs, nr_objs * sizeof(objs[0]));
	qsort(sorted, nr_objs, sizeof(sorted[0]), cmp_obj);
	for (int i = 0; i < nr_objs; i++) {
		if (!check_obj(&sorted[i]))
			return false;
		INV(i == 0 || (char *)sorted[i - 1].p +
			kmem_cache_size(sorted[i - 1].cache) <=
			(char *)sorted[i].p,
		    "objects %p and %p overlap", sorted[i - 1].p,
		    sorted[i].p);
	}
	return true;
}

static bool check_all(void)
{
	return check_accounting() && check_model();
}

#define CHECK_INV(expr) do { \
	why[0] = '\0'; \
	if (!(expr)) { \
		printf("    # %s:%d: invariant broken: %s\n", __FILE__, \
		       __LINE__, why); \
		unit_case_failed = 1; \
	} \
} while (0)

static void hold(void *p, kmem_cache_t *c, size_t size, bool kmalloced)
{
	struct obj *o = &objs[nr_objs++];

	o->p = p;
	o->cache = c;
	o->size = size;
	o->fill = rand() & 0xff;
	o->kmalloced = kmalloced;
	memset(p, o->fill, size);
}

static void drop(int i)
{
	objs[i] = objs[--nr_objs];
}

/* Shrink every cache; the pages still out are held by live objects. */
static void shrink_all(void)
{
	kmem_cache_t *c;

	for_each_cache(c)
		kmem_cache_shrink(c);
}

static unsigned long boot_pages;

/* Every page the test's caches took is back with the page allocator. */
#define CHECK_PAGES_BACK() do { \
	shrink_all(); \
	CHECK_EQ(pages_out, boot_pages); \
} while (0)

static void boot_default(void)
{
	boot(ARENA_PAGES);
	shrink_all();
	boot_pages = pages_out;
}

/* ---- cases ------------------------------------------------------------ */

/* Sizes 32 B ... 128 KiB, each with a DMA twin, on the chain in order. */
static void sizes_caches_exist(void)
{
	char name[32];
	int i;

	boot_default();
	for (i = 0; cache_sizes[i].cs_size; i++) {
		kmem_cache_t *c = cache_sizes[i].cs_cachep;
		kmem_cache_t *d = cache_sizes[i].cs_dmacachep;

		CHECK_EQ(cache_sizes[i].cs_size, 32UL << i);
		snprintf(name, sizeof(name), "size-%zu",
			 cache_sizes[i].cs_size);
		CHECK_STREQ(c->name, name);
		snprintf(name, sizeof(name), "size-%zu(DMA)",
			 cache_sizes[i].cs_size);
		CHECK_STREQ(d->name, name);
		CHECK_EQ(c->objsize, cache_sizes[i].cs_size);
		CHECK(!(c->gfpflags & GFP_DMA));
		CHECK(d->gfpflags & GFP_DMA);
		CHECK(chained(c) && chained(d));
		/* The same geometry for both twins. */
		CHECK_EQ(c->num, d->num);
		CHECK_EQ(c->gfporder, d->gfporder);
		/* Per-CPU arrays on objects up to a page, sized as 2.4. */
		if (c->objsize > PAGE_SIZE)
			CHECK(!c->cpudata[0]);
		else
			CHECK_EQ(c->cpudata[0]->limit,
				 c->objsize > 1024 ? 60 :
				 c->objsize > 256 ? 124 : 252);
	}
	CHECK_EQ(i, 13);
	CHECK_EQ(KMALLOC_MAX_SIZE, 131072);
	/* The newest cache is first after kmem_cache. */
	CHECK(list_entry(cache_cache.next.next, kmem_cache_t, next) ==
	      cache_sizes[12].cs_dmacachep);
	CHECK(cache_cache.cpudata[0] != NULL);
	CHECK_INV(check_all());
	CHECK(registered_counter != NULL);
	CHECK_STREQ(registered_counter->name, "slab objects");
}

/*
 * An independent model of kmem_cache_create()'s geometry, following the
 * rules of Linux 2.4.22: word rounding, red zone words, the off-slab
 * threshold PAGE_SIZE/8 decided before cache-line rounding, the order
 * search that stops at 1/8 waste or at the break order, management moved
 * back on-slab when the leftover holds it, colours of colour_off bytes.
 */
struct geometry {
	size_t objsize, colour;
	unsigned int num, gfporder, colour_off;
	bool off_slab;
};

static unsigned int model_fit(size_t bytes, size_t size, bool off_slab,
			      size_t *left)
{
	size_t base = off_slab ? 0 : sizeof(slab_t);
	size_t extra = off_slab ? 0 : sizeof(kmem_bufctl_t);
	size_t n = bytes / size;

	while (n && n * size + L1_CACHE_ALIGN(base + n * extra) > bytes)
		n--;
	*left = bytes - n * size - L1_CACHE_ALIGN(base + n * extra);
	return n;
}

static struct geometry model_geometry(size_t size, size_t offset,
				      unsigned long flags,
				      unsigned int break_order,
				      unsigned long offslab_limit)
{
	struct geometry g = { 0 };
	size_t align = sizeof(void *), left = 0, mgmt;
	bool hw = flags & SLAB_HWCACHE_ALIGN;

	size = (size + sizeof(void *) - 1) & ~(sizeof(void *) - 1);
	if (flags & SLAB_RED_ZONE) {
		hw = false;
		size += 2 * sizeof(void *);
	}
	g.off_slab = size >= PAGE_SIZE / 8;
	if (hw) {
		align = L1_CACHE_BYTES;
		while (size < align / 2)
			align /= 2;
		size = (size + align - 1) & ~(align - 1);
	}
	for (g.gfporder = 0;; g.gfporder++) {
		g.num = model_fit(PAGE_SIZE << g.gfporder, size, g.off_slab,
				  &left);
		if (g.gfporder == MAX_GFP_ORDER)
			break;
		if (!g.num)
			continue;
		if (g.off_slab && g.num > offslab_limit && g.gfporder) {
			g.gfporder--;
			g.num = model_fit(PAGE_SIZE << g.gfporder, size, true,
					  &left);
			break;
		}
		if (g.gfporder >= break_order ||
		    left * 8 <= (PAGE_SIZE << g.gfporder))
			break;
	}
	mgmt = L1_CACHE_ALIGN(g.num * sizeof(kmem_bufctl_t) +
			      sizeof(slab_t));
	if (g.off_slab && left >= mgmt) {
		g.off_slab = false;
		left -= mgmt;
	}
	g.objsize = size;
	offset = (offset + align - 1) & ~(align - 1);
	g.colour_off = offset ? offset : L1_CACHE_BYTES;
	g.colour = left / g.colour_off;
	return g;
}

/* The largest on-slab sizes cache bounds off-slab slabs' objects. */
static unsigned long model_offslab_limit(void)
{
	unsigned long limit = 0;

	for (int i = 0; cache_sizes[i].cs_size; i++)
		if (!OFF_SLAB(cache_sizes[i].cs_cachep) &&
		    cache_sizes[i].cs_size > sizeof(slab_t))
			limit = (cache_sizes[i].cs_size - sizeof(slab_t)) /
				sizeof(kmem_bufctl_t);
	return limit;
}

static bool geometry_matches(kmem_cache_t *c, struct geometry g)
{
	INV(c->objsize == g.objsize && c->num == g.num &&
	    c->gfporder == g.gfporder && !!OFF_SLAB(c) == g.off_slab &&
	    c->colour == g.colour && c->colour_off == g.colour_off,
	    "%s: objsize %u num %u order %u off %d colour %zu/%u; model "
	    "%zu %u %u %d %zu/%u", c->name, c->objsize, c->num, c->gfporder,
	    !!OFF_SLAB(c), c->colour, c->colour_off, g.objsize, g.num,
	    g.gfporder, g.off_slab, g.colour, g.colour_off);
	return true;
}

/* Every size from 8 bytes to 32 pages, with and without alignment. */
static void geometry_follows_linux(void)
{
	static const unsigned long flagsets[] = {
		0, SLAB_HWCACHE_ALIGN, SLAB_RED_ZONE, SLAB_CACHE_DMA,
	};
	unsigned long limit;
	int created = 0;

	boot_default();
	limit = model_offslab_limit();
	for (int i = 0; cache_sizes[i].cs_size; i++)
		CHECK_INV(geometry_matches(cache_sizes[i].cs_cachep,
			  model_geometry(cache_sizes[i].cs_size, 0,
					 SLAB_HWCACHE_ALIGN,
					 BREAK_GFP_ORDER_LO, limit)));
	for (size_t size = 8; size <= 32 * PAGE_SIZE;
	     size += size < 600 ? 4 : size < 5000 ? 52 : 2999) {
		for (unsigned int f = 0; f < ARRAY_SIZE(flagsets); f++) {
			size_t offset = (size * 7 + f * 13) % (size + 1) % 200;
			kmem_cache_t *c;

			c = kmem_cache_create("geometry", size, offset,
					      flagsets[f], NULL, NULL);
			CHECK(c != NULL);
			if (!c)
				continue;
			created++;
			CHECK_INV(geometry_matches(c, model_geometry(size,
				  offset, flagsets[f], BREAK_GFP_ORDER_LO,
				  limit)));
			CHECK(OFF_SLAB(c) ? c->slabp_cache ==
			      kmem_find_general_cachep(mgmt_size(c), 0) :
			      !c->slabp_cache);
			CHECK_EQ(kmem_cache_destroy(c), 0);
		}
	}
	CHECK(created > 1000);
	CHECK_PAGES_BACK();
}

/* Objects of PAGE_SIZE/8 or more keep their management off the slab. */
static void off_slab_threshold(void)
{
	kmem_cache_t *a, *b, *c;
	void *p;

	boot_default();
	a = kmem_cache_create("below", PAGE_SIZE / 8 - 8, 0, 0, NULL, NULL);
	b = kmem_cache_create("at", PAGE_SIZE / 8, 0, 0, NULL, NULL);
	/* 1000-byte objects leave 96 bytes: the management moves back on. */
	c = kmem_cache_create("back-on", 1000, 0, 0, NULL, NULL);
	CHECK(a && b && c);
	CHECK(!OFF_SLAB(a));
	CHECK(OFF_SLAB(b));
	CHECK(!OFF_SLAB(c));
	CHECK_EQ(c->num, 4);
	p = kmem_cache_alloc(b, SLAB_KERNEL);
	CHECK(p != NULL);
	/* The slab_t lives in a sizes cache, outside the slab's pages. */
	CHECK(cache_of(GET_PAGE_SLAB(virt_to_page(p))) == b->slabp_cache);
	hold(p, b, 8, false);
	CHECK_INV(check_all());
	kmem_cache_free(b, p);
	drop(0);
	CHECK_INV(check_all());
	CHECK_EQ(kmem_cache_destroy(a), 0);
	CHECK_EQ(kmem_cache_destroy(b), 0);
	CHECK_EQ(kmem_cache_destroy(c), 0);
	CHECK_PAGES_BACK();
}

/* Alignment: words always, cache lines (or halves ...) on request. */
static void alignment(void)
{
	static const size_t sizes[] = { 8, 12, 20, 24, 40, 100, 200, 300 };

	boot_default();
	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		kmem_cache_t *w = kmem_cache_create("w", sizes[i], 0, 0,
						    NULL, NULL);
		kmem_cache_t *h = kmem_cache_create("h", sizes[i], 0,
						    SLAB_HWCACHE_ALIGN,
						    NULL, NULL);
		size_t word = (sizes[i] + sizeof(void *) - 1) &
			      ~(sizeof(void *) - 1);
		size_t line = L1_CACHE_BYTES;
		void *p[5];

		/* Linux: halve the line while two objects fit in half. */
		while (word < line / 2)
			line /= 2;
		for (int j = 0; j < 5; j++) {
			p[j] = kmem_cache_alloc(w, SLAB_KERNEL);
			CHECK((unsigned long)p[j] % sizeof(void *) == 0);
			kmem_cache_free(w, p[j]);
			p[j] = kmem_cache_alloc(h, SLAB_KERNEL);
			CHECK((unsigned long)p[j] % line == 0);
		}
		for (int j = 0; j < 5; j++)
			kmem_cache_free(h, p[j]);
		CHECK_EQ(h->objsize % line, 0);
		CHECK_EQ(kmem_cache_destroy(w), 0);
		CHECK_EQ(kmem_cache_destroy(h), 0);
	}
	CHECK_INV(check_all());
}

/*
 * Successive slabs take colours 0, 1, ... colour-1, then 0 again, each a
 * step of colour_off bytes (the offset argument, or a cache line); the
 * objects of a slab move with its colour.
 */
static void colouring_cycles(void)
{
	boot_default();
	for (int k = 0; k < 2; k++) {
		kmem_cache_t *c;
		int nslabs;

		c = kmem_cache_create("colour", 200, k ? 48 : 0, 0, NULL, NULL);
		CHECK(c && c->colour >= 2 && !OFF_SLAB(c));
		if (!c)
			return;
		CHECK_EQ(c->colour_off, k ? 48 : L1_CACHE_BYTES);
		kmem_tune_cpucache(c, 0, 0);
		/* Each round of num allocations fills exactly one new slab. */
		nslabs = 3 * c->colour + 1;
		for (int s = 0; s < nslabs; s++) {
			size_t colour = (s % c->colour) * c->colour_off;

			for (unsigned int i = 0; i < c->num; i++) {
				void *o = kmem_cache_alloc(c, SLAB_KERNEL);
				slab_t *sl = GET_PAGE_SLAB(virt_to_page(o));

				if (i == 0) {
					CHECK_EQ(c->grown, s + 1);
					CHECK_EQ(sl->colouroff,
						 colour + mgmt_size(c));
					CHECK_EQ((unsigned long)o &
						 (PAGE_SIZE - 1),
						 colour + mgmt_size(c));
				}
				hold(o, c, 8, false);
			}
		}
		CHECK_INV(check_all());
		while (nr_objs) {
			kmem_cache_free(c, objs[nr_objs - 1].p);
			drop(nr_objs - 1);
		}
		CHECK_EQ(kmem_cache_destroy(c), 0);
	}
	CHECK_PAGES_BACK();
}

/* The three lists follow the use counts; partial slabs are used first. */
static void lists_follow_use(void)
{
	kmem_cache_t *c;
	void *p[64];
	slab_t *s0, *s1;
	unsigned int n;

	boot_default();
	c = kmem_cache_create("lists", 1000, 0, 0, NULL, NULL);
	kmem_tune_cpucache(c, 0, 0);
	n = c->num;	/* 4 */
	CHECK(n >= 2 && 2 * n <= 64);
	for (unsigned int i = 0; i < 2 * n; i++)
		p[i] = kmem_cache_alloc(c, SLAB_KERNEL);
	s0 = GET_PAGE_SLAB(virt_to_page(p[0]));
	s1 = GET_PAGE_SLAB(virt_to_page(p[n]));
	CHECK(s0 != s1);
	CHECK_EQ(list_count(&c->slabs_full), 2);
	kmem_cache_free(c, p[0]);	/* s0: partial */
	CHECK_EQ(list_count(&c->slabs_partial), 1);
	for (unsigned int i = n; i < 2 * n; i++)
		kmem_cache_free(c, p[i]);	/* s1: free */
	CHECK_EQ(list_count(&c->slabs_free), 1);
	CHECK_EQ(list_count(&c->slabs_full), 0);
	/* The next object comes from the partial slab, not the free one. */
	p[0] = kmem_cache_alloc(c, SLAB_KERNEL);
	CHECK(GET_PAGE_SLAB(virt_to_page(p[0])) == s0);
	CHECK_EQ(list_count(&c->slabs_full), 1);
	CHECK_EQ(list_count(&c->slabs_free), 1);
	CHECK_EQ(kmem_cache_shrink(c), 1);
	CHECK_EQ(list_count(&c->slabs_free), 0);
	for (unsigned int i = 0; i < n; i++)
		kmem_cache_free(c, p[i]);
	CHECK_EQ(kmem_cache_destroy(c), 0);
	CHECK_PAGES_BACK();
}

static unsigned long ctor_calls, dtor_calls, ctor_bad_flags;
#define CTOR_MAGIC 0x1234abcdUL

static void ctor(void *p, kmem_cache_t *c, unsigned long flags)
{
	ctor_calls++;
	if (!(flags & SLAB_CTOR_CONSTRUCTOR))
		ctor_bad_flags++;
	*(unsigned long *)p = CTOR_MAGIC;
}

static void dtor(void *p, kmem_cache_t *c, unsigned long flags)
{
	dtor_calls++;
	if (*(unsigned long *)p != CTOR_MAGIC)
		ctor_bad_flags++;
}

static unsigned long atomic_ctor_calls;

static void ctor_atomic(void *p, kmem_cache_t *c, unsigned long flags)
{
	atomic_ctor_calls += !!(flags & SLAB_CTOR_ATOMIC);
}

/* Constructors run once per object per slab, destructors on its end. */
static void constructors_and_destructors(void)
{
	kmem_cache_t *c, *a;
	void *p[100];

	boot_default();
	ctor_calls = dtor_calls = ctor_bad_flags = 0;
	c = kmem_cache_create("ctor", 64, 0, 0, ctor, dtor);
	CHECK(c != NULL);
	for (int i = 0; i < 100; i++) {
		p[i] = kmem_cache_alloc(c, SLAB_KERNEL);
		CHECK_EQ(*(unsigned long *)p[i], CTOR_MAGIC);
	}
	CHECK_EQ(ctor_calls, c->grown * c->num);
	/* Reused objects keep their constructed state: no second call. */
	for (int i = 0; i < 100; i++)
		kmem_cache_free(c, p[i]);
	for (int i = 0; i < 100; i++)
		p[i] = kmem_cache_alloc(c, SLAB_KERNEL);
	CHECK_EQ(ctor_calls, c->grown * c->num);
	for (int i = 0; i < 100; i++)
		kmem_cache_free(c, p[i]);
	CHECK_EQ(dtor_calls, 0);
	CHECK_EQ(kmem_cache_destroy(c), 0);
	CHECK_EQ(dtor_calls, ctor_calls);
	CHECK_EQ(ctor_bad_flags, 0);

	/* A destructor needs a constructor; poison would undo one. */
	log_clear();
	CHECK(kmem_cache_create("bad", 64, 0, 0, NULL, dtor) == NULL);
	CHECK(log_has("destructor without constructor"));
	c = kmem_cache_create("ctor+poison", 64, 0, SLAB_POISON, ctor, NULL);
	CHECK(c && !(c->flags & SLAB_POISON));
	CHECK(log_has("Poisoning requested, but con given - ctor+poison"));
	CHECK_EQ(kmem_cache_destroy(c), 0);

	/* Atomic allocations tell the constructor it must not sleep. */
	a = kmem_cache_create("atomic", 64, 0, 0, ctor_atomic, NULL);
	kmem_cache_free(a, kmem_cache_alloc(a, SLAB_ATOMIC));
	CHECK_EQ(atomic_ctor_calls, a->num);
	CHECK_EQ(kmem_cache_destroy(a), 0);
	CHECK_INV(check_all());
}

/* kmalloc picks the smallest sizes cache that fits; DMA from ZONE_DMA. */
static void kmalloc_size_classes(void)
{
	static const size_t sizes[] = {
		0, 1, 31, 32, 33, 63, 64, 65, 100, 128, 129, 255, 256, 257,
		511, 512, 513, 1023, 1024, 1025, 2047, 2048, 2049, 4095, 4096,
		4097, 8191, 8192, 8193, 16384, 16385, 32768, 32769, 65536,
		65537, 131071, 131072,
	};

	boot_default();
	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		for (int dma = 0; dma < 2; dma++) {
			size_t want = 32;
			char name[32];
			void *p;

			while (want < sizes[i])
				want <<= 1;
			snprintf(name, sizeof(name), "size-%zu%s", want,
				 dma ? "(DMA)" : "");
			p = kmalloc(sizes[i], dma ? GFP_DMA | GFP_KERNEL
						  : GFP_KERNEL);
			CHECK(p != NULL);
			if (!p)
				continue;
			CHECK_STREQ(cache_of(p)->name, name);
			CHECK(kmem_find_general_cachep(sizes[i], dma ? GFP_DMA :
						       0) == cache_of(p));
			/* A DMA object lies below 16 MiB, others above. */
			if (dma)
				CHECK(__pa(p) < DMA_PAGES * PAGE_SIZE);
			else
				CHECK(__pa(p) >= DMA_PAGES * PAGE_SIZE);
			hold(p, cache_of(p), sizes[i], true);
		}
	}
	CHECK_INV(check_all());
	/* Past the largest cache: NULL, quietly, as Linux 2.4. */
	log_clear();
	CHECK(kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL) == NULL);
	CHECK(kmalloc(~(size_t)0, GFP_KERNEL) == NULL);
	CHECK(kmem_find_general_cachep(KMALLOC_MAX_SIZE + 1, 0) == NULL);
	CHECK_EQ(loglen, 0);
	while (nr_objs) {
		kfree(objs[nr_objs - 1].p);
		drop(nr_objs - 1);
	}
	CHECK_INV(check_all());
	CHECK_PAGES_BACK();
}

/* Take every free object of @c, so that its next allocation must grow. */
static void exhaust(kmem_cache_t *c)
{
	kmem_tune_cpucache(c, 0, 0);
	while (!list_empty(&c->slabs_partial) || !list_empty(&c->slabs_free))
		hold(kmem_cache_alloc(c, SLAB_KERNEL), c, 0, false);
}

static void release_held(void)
{
	while (nr_objs) {
		kfree(objs[nr_objs - 1].p);
		drop(nr_objs - 1);
	}
}

/* Allocation failure is NULL, and leaves the cache as it was. */
static void allocation_failure(void)
{
	kmem_cache_t *c, *off;
	unsigned long live;
	void *p;

	boot_default();
	live = kmem_cache_live_objects();
	c = kmem_cache_create("fail", 100, 0, 0, NULL, NULL);
	fail_all = true;
	/* (Caches that are still empty after boot.) */
	CHECK(kmem_cache_alloc(c, SLAB_KERNEL) == NULL);
	CHECK(kmalloc(5000, GFP_KERNEL) == NULL);
	CHECK(kmalloc(100, GFP_DMA) == NULL);
	CHECK_EQ(c->growing, 0);
	fail_all = false;
	CHECK_INV(check_all());
	p = kmem_cache_alloc(c, SLAB_KERNEL);
	CHECK(p != NULL);
	kmem_cache_free(c, p);
	CHECK_EQ(kmem_cache_destroy(c), 0);

	/*
	 * An off-slab cache of order 1 whose slab_t cannot be allocated: the
	 * slab's pages must go back.
	 */
	off = kmem_cache_create("offslab", 2720, 0, 0, NULL, NULL);
	CHECK(off && OFF_SLAB(off) && off->gfporder == 1);
	if (!off)
		return;
	exhaust(off->slabp_cache);
	fail_order0 = true;
	CHECK(kmem_cache_alloc(off, SLAB_KERNEL) == NULL);
	fail_order0 = false;
	CHECK_EQ(nr_slabs(off), 0);
	CHECK_EQ(off->growing, 0);
	CHECK_INV(check_all());
	p = kmem_cache_alloc(off, SLAB_KERNEL);
	CHECK(p != NULL);
	kmem_cache_free(off, p);
	CHECK_EQ(kmem_cache_destroy(off), 0);
	release_held();
	kmem_tune_cpucache(off->slabp_cache, 252, 126);

	/* Creating a cache without memory for its descriptor. */
	exhaust(&cache_cache);
	fail_all = true;
	CHECK(kmem_cache_create("nomem", 64, 0, 0, NULL, NULL) == NULL);
	fail_all = false;
	release_held();
	kmem_tune_cpucache(&cache_cache, 252, 126);
	/* ... or for its per-CPU array: it works without one. */
	kmem_cache_free(&cache_cache, kmem_cache_alloc(&cache_cache,
						       SLAB_KERNEL));
	c = kmem_cache_create("array", 64, 0, 0, NULL, NULL);
	exhaust(kmem_find_general_cachep(sizeof(cpucache_t) +
					 252 * sizeof(void *), 0));
	fail_all = true;
	log_clear();
	off = kmem_cache_create("noarray", 64, 0, 0, NULL, NULL);
	CHECK(off && !off->cpudata[0]);
	CHECK(log_has("enable_cpucache failed for noarray, error 12."));
	/* A failed retune keeps the old array. */
	CHECK_EQ(kmem_tune_cpucache(c, 252, 126), -ENOMEM);
	CHECK(c->cpudata[0] && c->cpudata[0]->limit == 252);
	fail_all = false;
	CHECK_INV(check_all());
	CHECK_EQ(kmem_cache_destroy(off), 0);
	CHECK_EQ(kmem_cache_destroy(c), 0);
	release_held();
	kmem_tune_cpucache(kmem_find_general_cachep(sizeof(cpucache_t) +
						    252 * sizeof(void *), 0),
			   60, 30);
	CHECK_EQ(kmem_cache_live_objects(), live);
	CHECK_INV(check_all());

	/* SLAB_NO_GROW: objects already there, or nothing. */
	c = kmem_cache_create("nogrow", 64, 0, 0, NULL, NULL);
	CHECK(kmem_cache_alloc(c, SLAB_KERNEL | SLAB_NO_GROW) == NULL);
	p = kmem_cache_alloc(c, SLAB_KERNEL);
	kmem_cache_free(c, kmem_cache_alloc(c, SLAB_KERNEL | SLAB_NO_GROW));
	kmem_cache_free(c, p);
	CHECK_EQ(c->grown, 1);
	CHECK_EQ(kmem_cache_destroy(c), 0);
	/*
	 * The per-CPU arrays of the boot caches were freed and allocated
	 * again above, and may now spread over one more slab than at boot:
	 * check that every page out is accounted for instead.
	 */
	shrink_all();
	CHECK_INV(check_all());
	CHECK(pages_out <= boot_pages + 1);
}

/*
 * The per-CPU array: an empty one is refilled with batchcount objects, a
 * full one gives batchcount back to the slabs; without an array every
 * object goes straight back to its slab.
 */
static void per_cpu_arrays(void)
{
	kmem_cache_t *c;
	cpucache_t *cc;
	void *p[600];

	boot_default();
	c = kmem_cache_create("percpu", 64, 0, 0, NULL, NULL);
	CHECK(c->cpudata[0] && c->cpudata[0]->limit == 252 &&
	      c->batchcount == 126);
	CHECK_EQ(kmem_tune_cpucache(c, 10, 4), 0);
	cc = c->cpudata[0];
	CHECK(cc->limit == 10 && c->batchcount == 4 && c->num > 8);
	/* A miss, a new slab, a miss again: 4 objects move, 1 is taken. */
	p[0] = kmem_cache_alloc(c, SLAB_KERNEL);
	CHECK_EQ(c->allocmiss, 2);
	CHECK_EQ(c->grown, 1);
	CHECK_EQ(cc->avail, 3);
	CHECK_EQ(c->num_active, 4);
	for (int i = 1; i < 4; i++)
		p[i] = kmem_cache_alloc(c, SLAB_KERNEL);
	CHECK_EQ(c->allochit, 3);
	CHECK_EQ(cc->avail, 0);
	p[4] = kmem_cache_alloc(c, SLAB_KERNEL);
	CHECK_EQ(c->allocmiss, 3);
	CHECK_EQ(cc->avail, 3);
	CHECK_EQ(c->num_active, 8);
	for (int i = 5; i < 400; i++)
		p[i] = kmem_cache_alloc(c, SLAB_KERNEL);
	for (int i = 0; i < 400; i++)
		hold(p[i], c, 64, false);
	CHECK_INV(check_all());
	/* Frees fill the array to its limit, then spill a batch. */
	for (int i = 0; i < 400; i++) {
		unsigned int avail = cc->avail;

		kmem_cache_free(c, objs[nr_objs - 1].p);
		drop(nr_objs - 1);
		CHECK_EQ(cc->avail, avail < 10 ? avail + 1 : 7);
		if (i % 37 == 0)
			CHECK_INV(check_all());
	}
	CHECK_EQ(c->freehit + c->freemiss, 400);
	CHECK(c->freemiss > 50);
	/* Objects parked in the array keep their slabs in use ... */
	CHECK_EQ(c->num_active, cc->avail);
	CHECK(!list_empty(&c->slabs_partial));
	/* ... until a shrink drains it. */
	{
		long slabs = nr_slabs(c);

		CHECK_EQ(kmem_cache_shrink(c), slabs << c->gfporder);
	}
	CHECK_EQ(cc->avail, 0);
	CHECK_EQ(nr_slabs(c), 0);

	/* Without an array a free goes straight to its slab. */
	CHECK_EQ(kmem_tune_cpucache(c, 0, 0), 0);
	CHECK(c->cpudata[0] == NULL);
	p[0] = kmem_cache_alloc(c, SLAB_KERNEL);
	CHECK_EQ(c->num_active, 1);
	kmem_cache_free(c, p[0]);
	CHECK_EQ(c->num_active, 0);
	CHECK_EQ(list_count(&c->slabs_free), 1);
	/* Tuning: 2.4's rules for what an administrator may ask. */
	CHECK_EQ(kmem_tune_cpucache(c, -1, 0), -EINVAL);
	CHECK_EQ(kmem_tune_cpucache(c, 10, 11), -EINVAL);
	CHECK_EQ(kmem_tune_cpucache(c, 10, 0), -EINVAL);
	CHECK_EQ(kmem_tune_cpucache(c, 1 << 30, 1), -EINVAL);
	CHECK(c->cpudata[0] == NULL);
	CHECK_EQ(kmem_tune_cpucache(c, 10, 3), 0);
	/* Retuning with objects in the array returns them to the slabs. */
	for (int i = 0; i < 8; i++)
		p[i] = kmem_cache_alloc(c, SLAB_KERNEL);
	for (int i = 0; i < 8; i++)
		kmem_cache_free(c, p[i]);
	/* Three refills moved 9 objects, 8 were taken and came back. */
	CHECK_EQ(c->cpudata[0]->avail, 9);
	CHECK_EQ(kmem_tune_cpucache(c, 20, 5), 0);
	CHECK_EQ(c->cpudata[0]->avail, 0);
	CHECK_EQ(c->cpudata[0]->limit, 20);
	CHECK_EQ(c->batchcount, 5);
	CHECK_EQ(c->num_active, 0);
	CHECK_INV(check_all());
	CHECK_EQ(kmem_cache_destroy(c), 0);
	CHECK_PAGES_BACK();
}

/* kmem_cache_shrink gives back free slabs only, and counts pages. */
static void shrink_returns_pages(void)
{
	kmem_cache_t *c;
	void *p[40];
	unsigned long before;
	int slabs;

	boot_default();
	c = kmem_cache_create("shrink", 1500, 0, 0, NULL, NULL);
	CHECK(c && c->gfporder == 1 && c->num == 5);
	kmem_tune_cpucache(c, 0, 0);
	before = pages_out;
	for (int i = 0; i < 40; i++)
		p[i] = kmem_cache_alloc(c, SLAB_KERNEL);
	slabs = 40 / c->num;
	CHECK_EQ(nr_slabs(c), slabs);
	CHECK_EQ(pages_out - before, slabs << c->gfporder);
	for (int i = 0; i < 40; i++)
		if (i % c->num)
			kmem_cache_free(c, p[i]);
	/* Every slab still has an object: nothing to give back. */
	CHECK_EQ(kmem_cache_shrink(c), 0);
	for (int i = 0; i < 40; i += c->num)
		kmem_cache_free(c, p[i]);
	CHECK_EQ(kmem_cache_shrink(c), slabs << c->gfporder);
	CHECK_EQ(pages_out, before);
	CHECK_EQ(kmem_cache_destroy(c), 0);
	CHECK_PAGES_BACK();
}

/* destroy refuses (and complains) while objects are live, as 2.4. */
static void destroy_with_live_objects(void)
{
	kmem_cache_t *c;
	void *p, *q;

	boot_default();
	c = kmem_cache_create("busy", 128, 0, 0, NULL, NULL);
	p = kmem_cache_alloc(c, SLAB_KERNEL);
	q = kmem_cache_alloc(c, SLAB_KERNEL);
	kmem_cache_free(c, q);
	log_clear();
	CHECK_EQ(kmem_cache_destroy(c), 1);
	CHECK(log_has("kmem_cache_destroy: Can't free all objects"));
	CHECK(chained(c));
	/* Still a working cache. */
	hold(p, c, 128, false);
	q = kmem_cache_alloc(c, SLAB_KERNEL);
	hold(q, c, 128, false);
	CHECK_INV(check_all());
	kmem_cache_free(c, p);
	kmem_cache_free(c, q);
	nr_objs = 0;
	CHECK_EQ(kmem_cache_destroy(c), 0);
	CHECK(!chained(c));
	/* The general caches and cache_cache cannot go. */
	log_clear();
	CHECK_EQ(kmem_cache_destroy(cache_sizes[0].cs_cachep), 1);
	CHECK_EQ(kmem_cache_destroy(&cache_cache), 1);
	CHECK(log_has("kmem_cache_destroy: cannot destroy size-32"));
	CHECK(log_has("kmem_cache_destroy: cannot destroy kmem_cache"));
	CHECK_PAGES_BACK();
	CHECK_INV(check_all());
}

/* Freeing what is not an allocated object: reported, refused. */
static void bad_frees_are_refused(void)
{
	kmem_cache_t *a, *b;
	unsigned long errs, dumps, live;
	char stack_obj[64];
	struct page *pg;
	void *p, *q, *r;

	boot_default();
	a = kmem_cache_create("cache-a", 100, 0, 0, NULL, NULL);
	b = kmem_cache_create("cache-b", 100, 0, 0, NULL, NULL);
	p = kmem_cache_alloc(a, SLAB_KERNEL);
	q = kmalloc(100, GFP_KERNEL);
	hold(p, a, 100, false);
	hold(q, cache_of(q), 100, true);
	live = kmem_cache_live_objects();

	/* kfree(NULL) does nothing at all. */
	log_clear();
	dumps = dump_stacks;
	kfree(NULL);
	CHECK_EQ(loglen, 0);
	CHECK_EQ(dump_stacks, dumps);

#define REFUSED(call, text) do { \
	log_clear(); \
	errs = slab_errors; \
	dumps = dump_stacks; \
	call; \
	CHECK(log_has(text)); \
	CHECK_EQ(slab_errors, errs + 1); \
	CHECK_EQ(dump_stacks, dumps + 1); \
	CHECK_EQ(kmem_cache_live_objects(), live); \
	CHECK_INV(check_all()); \
} while (0)

	REFUSED(kfree(stack_obj), "kfree: out of range ptr");
	REFUSED(kmem_cache_free(a, stack_obj),
		"kmem_cache_free: out of range ptr");
	REFUSED(kmem_cache_free(a, NULL), "kmem_cache_free: out of range ptr");
	/* A page of the page allocator that is not a slab's. */
	pg = alloc_pages(GFP_KERNEL, 0);
	log_clear();
	errs = slab_errors;
	kfree(page_address(pg));
	CHECK(log_has("kfree: bad ptr"));
	CHECK_EQ(slab_errors, errs + 1);
	__free_pages(pg, 0);
	CHECK_INV(check_all());
	REFUSED(kfree((char *)p + 8),
		"slab error in kfree(): cache `cache-a': ");
	CHECK(log_has("is not the start of an object"));
	/* The on-slab slab_t is not an object either. */
	REFUSED(kmem_cache_free(a, GET_PAGE_SLAB(virt_to_page(p))),
		"is not the start of an object");
	REFUSED(kmem_cache_free(b, p),
		"slab error in kmem_cache_free(): cache `cache-b': object");
	CHECK(log_has("belongs to cache `cache-a'"));
	REFUSED(kmem_cache_free(b, q), "belongs to cache `size-128'");
	REFUSED(kmem_cache_free(NULL, p), "kmem_cache_free: NULL cache");

	/* Double frees: with the object in the per-CPU array ... */
	r = kmem_cache_alloc(a, SLAB_KERNEL);
	kmem_cache_free(a, r);
	REFUSED(kmem_cache_free(a, r), "double free of object");
	REFUSED(kfree(r), "slab error in kfree(): cache `cache-a': double");
	/* ... and back in its slab. */
	kmem_tune_cpucache(a, 0, 0);	/* its array is freed */
	live = kmem_cache_live_objects();
	r = kmem_cache_alloc(a, SLAB_KERNEL);
	kmem_cache_free(a, r);
	REFUSED(kmem_cache_free(a, r), "double free of object");
	CHECK_EQ(a->errors, 5);
	CHECK_EQ(b->errors, 2);
	/* Nothing was handed out twice because of them. */
	for (int i = 0; i < 200; i++)
		hold(kmem_cache_alloc(a, SLAB_KERNEL), a, 100, false);
	CHECK_INV(check_all());
	while (nr_objs) {
		kfree(objs[nr_objs - 1].p);
		drop(nr_objs - 1);
	}
	CHECK_EQ(kmem_cache_destroy(a), 0);
	CHECK_EQ(kmem_cache_destroy(b), 0);
	CHECK_PAGES_BACK();
}

/* Bad arguments to kmem_cache_create: reported, NULL. */
static void bad_create_arguments(void)
{
	kmem_cache_t *c;

	boot_default();
#define CREATE_REFUSED(call, text) do { \
	log_clear(); \
	CHECK((call) == NULL); \
	CHECK(log_has(text)); \
} while (0)
	CREATE_REFUSED(kmem_cache_create(NULL, 64, 0, 0, NULL, NULL),
		       "bad name");
	CREATE_REFUSED(kmem_cache_create("a-name-of-twenty-chars", 64, 0, 0,
					 NULL, NULL), "bad name");
	CREATE_REFUSED(kmem_cache_create("tiny", 2, 0, 0, NULL, NULL),
		       "bad object size");
	CREATE_REFUSED(kmem_cache_create("huge", 32 * PAGE_SIZE + 1, 0, 0,
					 NULL, NULL), "bad object size");
	CREATE_REFUSED(kmem_cache_create("offset", 64, 65, 0, NULL, NULL),
		       "colour offset");
	CREATE_REFUSED(kmem_cache_create("flags", 64, 0, 0x80000000UL, NULL,
					 NULL), "unknown flags");
	CREATE_REFUSED(kmem_cache_create("size-64", 64, 0, 0, NULL, NULL),
		       "duplicate cache name - size-64");
	/* Odd sizes are rounded to words, with 2.4's complaint. */
	log_clear();
	c = kmem_cache_create("odd", 13, 0, 0, NULL, NULL);
	CHECK(c && c->objsize == 16);
	CHECK(log_has("kmem_create: Forcing size word alignment - odd"));
	CHECK_EQ(kmem_cache_size(c), 16);
	CHECK_EQ(kmem_cache_destroy(c), 0);
	/* Wrong GFP_DMA use and impossible flags are refused. */
	log_clear();
	c = kmem_cache_create("dma", 64, 0, SLAB_CACHE_DMA, NULL, NULL);
	CHECK(kmem_cache_alloc(c, SLAB_KERNEL) == NULL);
	CHECK(log_has("allocation without GFP_DMA from a DMA cache"));
	CHECK(kmem_cache_alloc(cache_sizes[0].cs_cachep, SLAB_DMA) == NULL);
	CHECK(log_has("GFP_DMA allocation from a cache without"));
	CHECK(kmem_cache_alloc(c, SLAB_DMA | __GFP_HIGHMEM) == NULL);
	CHECK(log_has("bad allocation flags"));
	kmem_cache_free(c, kmem_cache_alloc(c, SLAB_DMA | SLAB_KERNEL));
	CHECK_EQ(kmem_cache_destroy(c), 0);
	CHECK_INV(check_all());
	log_clear();
	CHECK_EQ(kmem_cache_shrink((kmem_cache_t *)&c), 0);
	CHECK(log_has("kmem_cache_shrink: unknown cache"));
	CHECK_EQ(kmem_cache_destroy(NULL), 1);
	CHECK(log_has("kmem_cache_destroy: unknown cache"));
	CHECK_PAGES_BACK();
}

static volatile unsigned char sink;

/* SLAB_POISON catches writes after free; SLAB_RED_ZONE overruns. */
static void poison_and_red_zones(void)
{
	kmem_cache_t *pz, *rzc;
	unsigned char *p;
	unsigned long errs;

	boot_default();
	pz = kmem_cache_create("poison", 100, 0, SLAB_POISON, NULL, NULL);
	kmem_tune_cpucache(pz, 0, 0);
	p = kmem_cache_alloc(pz, SLAB_KERNEL);
	memset(p, 1, kmem_cache_size(pz));
	kmem_cache_free(pz, p);
	/* A freed object holds the poison pattern. */
	for (unsigned int i = 0; i < kmem_cache_size(pz) - 1; i++)
		CHECK_EQ(p[i], POISON_BYTE);
	CHECK_EQ(p[kmem_cache_size(pz) - 1], POISON_END);
	errs = slab_errors;
	log_clear();
	p[10] = 0;	/* use after free */
	p = kmem_cache_alloc(pz, SLAB_KERNEL);
	CHECK_EQ(slab_errors, errs + 1);
	CHECK(log_has("was modified after it was freed"));
	kmem_cache_free(pz, p);
	p[0] = 1;	/* found again when the slab is destroyed */
	CHECK_EQ(kmem_cache_destroy(pz), 0);
	CHECK_EQ(slab_errors, errs + 2);

	rzc = kmem_cache_create("redzone", 100, 0,
				SLAB_RED_ZONE | SLAB_HWCACHE_ALIGN, NULL, NULL);
	CHECK(rzc && !(rzc->flags & SLAB_HWCACHE_ALIGN));
	CHECK_EQ(kmem_cache_size(rzc), 104);
	CHECK_EQ(rzc->objsize, 104 + 2 * sizeof(void *));
	p = kmem_cache_alloc(rzc, SLAB_KERNEL);
	CHECK_EQ(*(unsigned long *)(p - sizeof(void *)), RED_MAGIC2);
	hold(p, rzc, 104, false);
	CHECK_INV(check_all());
	errs = slab_errors;
	log_clear();
	p[104] = 0;	/* one byte past the end */
	kfree(p);
	nr_objs = 0;
	CHECK_EQ(slab_errors, errs + 1);
	CHECK(log_has("memory outside object"));
	CHECK_EQ(*(unsigned long *)(p - sizeof(void *)), RED_MAGIC1);
	sink = p[0];
	/* A clean object passes quietly. */
	p = kmem_cache_alloc(rzc, SLAB_KERNEL);
	memset(p, 7, 104);
	kmem_cache_free(rzc, p);
	CHECK_EQ(slab_errors, errs + 1);
	CHECK_EQ(kmem_cache_destroy(rzc), 0);
	CHECK_PAGES_BACK();
}

/*
 * One kmem_cache_reap() call, checked against the fake page allocator's
 * own count: it returns exactly the pages that came back.
 */
static int reap_checked(int gfp)
{
	unsigned long before = pages_out;
	int r = kmem_cache_reap(gfp);

	CHECK_EQ((unsigned long)r, before - pages_out);
	return r;
}

/*
 * Reap until @c has no free slab left. Every call that takes slabs from
 * @c takes half of them, rounded up; returns the slabs taken from @c.
 */
static unsigned long reap_cache_empty(kmem_cache_t *c)
{
	unsigned long taken = 0;

	for (int i = 0; i < 40 && !list_empty(&c->slabs_free); i++) {
		unsigned long free_slabs = list_count(&c->slabs_free);
		unsigned long reaped = c->reaped;

		reap_checked(GFP_ATOMIC);
		if (c->reaped == reaped)
			continue;
		CHECK_EQ(c->reaped - reaped, (free_slabs + 1) / 2);
		CHECK_EQ(list_count(&c->slabs_free),
			 free_slabs - (free_slabs + 1) / 2);
		taken += c->reaped - reaped;
	}
	CHECK_EQ(list_count(&c->slabs_free), 0);
	return taken;
}

/* kmem_cache_reap: half the free slabs of the best cache. */
static void reap_frees_half(void)
{
	kmem_cache_t *c, *n, *big;
	void *p[400];
	unsigned long freed = 0, before;

	boot_default();
	n = kmem_cache_create("noreap", 1000, 0, SLAB_NO_REAP, NULL, NULL);
	c = kmem_cache_create("reapme", 1000, 0, 0, NULL, NULL);
	CHECK(n->num == 4 && c->num == 4 && !c->gfporder);
	kmem_tune_cpucache(n, 0, 0);
	for (int k = 0; k < 2; k++) {
		kmem_cache_t *x = k ? n : c;

		for (int i = 0; i < 100; i++)
			p[i] = kmem_cache_alloc(x, SLAB_KERNEL);
		for (int i = 0; i < 100; i++)
			kmem_cache_free(x, p[i]);
	}
	/* Both just grew: the first pass only clears DFLGS_GROWN. */
	CHECK(c->dflags & DFLGS_GROWN);
	before = pages_out;
	for (int i = 0; i < 10 && !freed; i++)
		freed = reap_checked(GFP_KERNEL);
	CHECK(!(c->dflags & DFLGS_GROWN));
	/* 25 free slabs of one page: half of them, rounded up. */
	CHECK_EQ(freed, 13);
	CHECK_EQ(before - pages_out, 13);
	CHECK_EQ(c->reaped, 13);
	CHECK_EQ(list_count(&c->slabs_free), 12);
	/* 12, then 6, 3, 2, 1: every slab goes, half at a time. */
	CHECK_EQ(reap_cache_empty(c), 12);
	CHECK_EQ(c->reaped, 25);
	CHECK_EQ(n->reaped, 0);
	CHECK_EQ(list_count(&n->slabs_free), 25);

	/* Slabs of two pages: the pages come back, and are counted. */
	big = kmem_cache_create("reap-2pages", 2720, 0, 0, NULL, NULL);
	CHECK_EQ(big->gfporder, 1);
	kmem_tune_cpucache(big, 0, 0);	/* freed objects go to their slabs */
	for (int i = 0; i < 30; i++)
		p[i] = kmem_cache_alloc(big, SLAB_KERNEL);
	for (int i = 0; i < 30; i++)
		kmem_cache_free(big, p[i]);
	before = pages_out;
	CHECK_EQ(reap_cache_empty(big), 30 / big->num);
	CHECK(before - pages_out >= (30 / big->num) << 1);
	CHECK_INV(check_all());
	CHECK_EQ(kmem_cache_destroy(big), 0);
	CHECK_EQ(kmem_cache_destroy(c), 0);
	CHECK_EQ(kmem_cache_destroy(n), 0);
	CHECK_PAGES_BACK();
}

#define SLABINFO_HEADER "slabinfo - version: 1.1 (statistics) (SMP)\n"

/* Check each line of get_slabinfo's text against the caches. */
static bool check_slabinfo(const char *text)
{
	const char *line = text;
	kmem_cache_t *c;
	char expect[256];

	INV(!strncmp(line, SLABINFO_HEADER, strlen(SLABINFO_HEADER)),
	    "slabinfo header: %.50s", line);
	line = strchr(line, '\n') + 1;
	for_each_cache(c) {
		unsigned long act = 0, slabs = nr_slabs(c), aslabs;
		const char *end = strchr(line, '\n');
		slab_t *s;

		INV(end, "slabinfo ends early at %s", c->name);
		list_for_each_entry(s, &c->slabs_full, list)
			act += s->inuse;
		list_for_each_entry(s, &c->slabs_partial, list)
			act += s->inuse;
		aslabs = list_count(&c->slabs_full) +
			 list_count(&c->slabs_partial);
		snprintf(expect, sizeof(expect),
			 "%-17s %6lu %6lu %6u %4lu %4lu %4u : %6lu %7lu %5lu "
			 "%4lu %4lu : %4u %4u : %6lu %6lu %6lu %6lu",
			 c->name, act, slabs * c->num, c->objsize, aslabs,
			 slabs, 1U << c->gfporder, c->high_mark,
			 c->num_allocations, c->grown, c->reaped, c->errors,
			 c->cpudata[0] ? c->cpudata[0]->limit : 0,
			 c->batchcount, c->allochit, c->allocmiss,
			 c->freehit, c->freemiss);
		INV((size_t)(end - line) == strlen(expect) &&
		    !strncmp(line, expect, end - line),
		    "slabinfo line\n    #   %.*s\n    # expected\n    #   %s",
		    (int)(end - line), line, expect);
		line = end + 1;
	}
	INV(!*line, "slabinfo has extra lines");
	return true;
}

/* get_slabinfo prints Linux 2.4's format; slabinfo_write tunes. */
static void slabinfo_text(void)
{
	static char buf[16384], small[100];
	kmem_cache_t *c;
	void *p[50];
	int len;

	boot_default();
	c = kmem_cache_create("info-test", 300, 0, SLAB_HWCACHE_ALIGN, NULL,
			      NULL);
	for (int i = 0; i < 50; i++)
		p[i] = kmem_cache_alloc(c, SLAB_KERNEL);
	/* Full, partial and free slabs, and objects in the per-CPU array. */
	kmem_tune_cpucache(c, 0, 0);
	for (int i = 30; i < 50; i++)
		kmem_cache_free(c, p[i]);
	kmem_tune_cpucache(c, 100, 50);
	for (int i = 0; i < 30; i += 3)
		kmem_cache_free(c, p[i]);
	CHECK(!list_empty(&c->slabs_free) && !list_empty(&c->slabs_full) &&
	      c->cpudata[0]->avail == 10);
	len = get_slabinfo(buf, sizeof(buf));
	CHECK_EQ(len, strlen(buf));
	CHECK_INV(check_slabinfo(buf));
	/* A slab on the wrong list is reported (and left alone). */
	for (int k = 0; k < 2; k++) {
		struct list_head *from = k ? &c->slabs_free : &c->slabs_full;
		struct list_head *to = k ? &c->slabs_full : &c->slabs_partial;
		slab_t *s = list_first_entry(from, slab_t, list);
		unsigned long errors = c->errors;

		list_move(&s->list, to);
		log_clear();
		get_slabinfo(buf, sizeof(buf));
		CHECK_EQ(c->errors, errors + 1);
		CHECK(log_has("get_slabinfo(): cache `info-test': slab lists "
			      "inconsistent"));
		list_move(&s->list, from);
	}
	get_slabinfo(buf, sizeof(buf));
	/* kmem_cache first, then the newest cache. */
	CHECK(!strncmp(buf + strlen(SLABINFO_HEADER), "kmem_cache ", 11));
	CHECK(!strncmp(strchr(buf + strlen(SLABINFO_HEADER), '\n') + 1,
		       "info-test ", 10));
	CHECK(strstr(buf, "\nsize-32(DMA) ") && strstr(buf, "\nsize-131072 "));
	/* Truncated output: the full length, a terminated prefix. */
	CHECK_EQ(get_slabinfo(small, sizeof(small)), len);
	CHECK_EQ(strlen(small), sizeof(small) - 1);
	CHECK(!strncmp(small, buf, sizeof(small) - 1));
	CHECK_EQ(get_slabinfo(NULL, 0), len);

	CHECK_EQ(slabinfo_write("info-test 20 10\n", 16), 16);
	CHECK_EQ(c->cpudata[0]->limit, 20);
	CHECK_EQ(c->batchcount, 10);
	CHECK_EQ(slabinfo_write("kmem_cache 30 15", 16), 16);
	CHECK_EQ(cache_cache.cpudata[0]->limit, 30);
	CHECK_EQ(slabinfo_write("no-such-cache 20 10", 19), -EINVAL);
	CHECK_EQ(slabinfo_write("info-test", 9), -EINVAL);
	CHECK_EQ(slabinfo_write("info-test 5 10", 14), -EINVAL);
	CHECK_EQ(slabinfo_write("info-test 5 0", 13), -EINVAL);
	memset(buf, 'x', 200);
	CHECK_EQ(slabinfo_write(buf, 200), -EINVAL);
	CHECK_EQ(slabinfo_write("info-test 0 0", 13), 13);
	CHECK(c->cpudata[0] == NULL);
	get_slabinfo(buf, sizeof(buf));
	CHECK_INV(check_slabinfo(buf));
	for (int i = 0; i < 30; i++)
		if (i % 3)
			kmem_cache_free(c, p[i]);
	CHECK_EQ(kmem_cache_destroy(c), 0);
	CHECK_INV(check_all());
}

/* On machines above 32 MiB slabs may be of order 2 (size-4096 stays 0). */
static void big_machine_break_order(void)
{
	kmem_cache_t *c;

	boot(ARENA_PAGES + 1);
	c = kmem_cache_create("big", 3000, 0, 0, NULL, NULL);
	CHECK_INV(geometry_matches(c, model_geometry(3000, 0, 0,
				   BREAK_GFP_ORDER_HI,
				   model_offslab_limit())));
	CHECK_EQ(c->gfporder, 2);
	CHECK_EQ(kmem_cache_destroy(c), 0);
	for (int i = 0; cache_sizes[i].cs_size; i++)
		CHECK_INV(geometry_matches(cache_sizes[i].cs_cachep,
			  model_geometry(cache_sizes[i].cs_size, 0,
					 SLAB_HWCACHE_ALIGN,
					 BREAK_GFP_ORDER_HI,
					 model_offslab_limit())));
}

/*
 * Long random sequences over many caches and sizes, with every
 * invariant checked after every step.
 */
static void random_sequences(void)
{
	static kmem_cache_t *caches[12];
	static const unsigned long flagsets[] = {
		0, SLAB_HWCACHE_ALIGN, SLAB_CACHE_DMA | SLAB_HWCACHE_ALIGN,
		SLAB_POISON, SLAB_RED_ZONE, SLAB_NO_REAP,
	};
	int ncaches = 0, steps = 0, broken = 0, max_live = 0;
	unsigned long refused = 0, shrunk = 0, reaped = 0, created = 0;
	unsigned long failed_before = failed_allocs;
	char name[20];

	boot_default();
	srand(42);
	for (int step = 0; step < 30000 && !broken; step++) {
		/* Phases of growth and of decline, 3000 steps each. */
		bool growing = (step / 3000) % 2 == 0;
		int op = rand() % 100;

		if (op >= 3 && op < 88)
			op = rand() % 83 < (growing ? 62 : 25) ? 5 : 45;
		steps++;
		if (nr_objs > max_live)
			max_live = nr_objs;
		if (op < 2 && ncaches < 12) {
			size_t size = rand() % 3 ? 8 + rand() % 600 :
				      8 + rand() % 20000;
			unsigned long fl = flagsets[rand() % 6];
			bool with_ctor = !(fl & SLAB_POISON) && rand() % 4 == 0;

			snprintf(name, sizeof(name), "rnd-%d", step);
			caches[ncaches] = kmem_cache_create(name, size,
					rand() % 2 ? 0 : rand() % (size + 1),
					fl, with_ctor ? ctor : NULL,
					with_ctor ? dtor : NULL);
			if (caches[ncaches]) {
				ncaches++;
				created++;
			}
		} else if (op < 3 && ncaches) {
			int k = rand() % ncaches, held = 0;
			kmem_cache_t *c = caches[k];

			/* Half the time, first give back what it holds. */
			bool empty_first = rand() % 2;

			for (int i = 0; i < nr_objs; i++) {
				if (objs[i].cache != c)
					continue;
				if (!empty_first) {
					held++;
					continue;
				}
				kmem_cache_free(c, objs[i].p);
				drop(i--);
			}
			CHECK_EQ(kmem_cache_destroy(c), held ? 1 : 0);
			refused += held != 0;
			if (!held)
				caches[k] = caches[--ncaches];
		} else if (op < 45 && nr_objs < MAX_OBJS - 1) {
			void *p;

			if (ncaches && rand() % 2) {
				kmem_cache_t *c = caches[rand() % ncaches];
				int gfp = (c->gfpflags & GFP_DMA) ?
					  SLAB_KERNEL | SLAB_DMA : SLAB_KERNEL;

				p = kmem_cache_alloc(c, gfp);
				if (p) {
					if (c->ctor) {
						CHECK_EQ(*(unsigned long *)p,
							 CTOR_MAGIC);
						objs[nr_objs].p = p;
						objs[nr_objs].cache = c;
						objs[nr_objs].size = 0;
						objs[nr_objs++].kmalloced = 0;
					} else {
						hold(p, c, kmem_cache_size(c) *
						     (rand() % 2), false);
					}
				}
			} else {
				size_t size = rand() % 8 ? rand() % 700 :
					      rand() % (KMALLOC_MAX_SIZE + 100);
				int gfp = rand() % 5 ? GFP_KERNEL :
					  GFP_KERNEL | GFP_DMA;

				unsigned long failed = failed_allocs;

				p = kmalloc(size, gfp);
				CHECK(!p == (size > KMALLOC_MAX_SIZE ||
					     failed_allocs != failed));
				if (p)
					hold(p, cache_of(p), size, true);
			}
		} else if (op < 88 && nr_objs) {
			int i = rand() % nr_objs;

			if (objs[i].kmalloced || rand() % 2)
				kfree(objs[i].p);
			else
				kmem_cache_free(objs[i].cache, objs[i].p);
			drop(i);
		} else if (op < 93) {
			kmem_cache_t *c = ncaches && rand() % 2 ?
				caches[rand() % ncaches] :
				cache_sizes[rand() % 13].cs_cachep;

			shrunk += kmem_cache_shrink(c);
		} else if (op < 95) {
			reaped += reap_checked(rand() % 2 ? GFP_KERNEL :
					       GFP_ATOMIC);
		} else if (op < 97 && ncaches) {
			int limit = rand() % 40;

			kmem_tune_cpucache(caches[rand() % ncaches], limit,
					   limit ? 1 + rand() % limit : 0);
		} else if (op < 98) {
			static char info[16384];

			get_slabinfo(info, sizeof(info));
			why[0] = '\0';
			if (!check_slabinfo(info)) {
				printf("    # step %d: %s\n", step, why);
				broken = 1;
			}
		} else {
			fail_countdown = rand() % 3;
		}
		why[0] = '\0';
		if (!check_accounting() || (step % 16 == 0 && !check_model())) {
			printf("    # step %d (op %d): %s\n", step, op, why);
			broken = 1;
		}
	}
	fail_countdown = -1;
	CHECK(!broken);
	CHECK_EQ(steps, 30000);
	printf("    # random: max %d objects held, %lu caches created, %lu "
	       "destroys refused, %lu pages shrunk, %lu reaped, %lu page "
	       "allocations failed\n", max_live, created, refused, shrunk,
	       reaped, failed_allocs - failed_before);
	/* The sequence really went through all of that. */
	CHECK(max_live > 500 && created > 100 && refused > 50);
	CHECK(shrunk > 100 && reaped > 100);
	CHECK(failed_allocs - failed_before > 50);
	CHECK_INV(check_all());
	/* Everything back: free, destroy, shrink, and every page returns. */
	while (nr_objs) {
		kfree(objs[nr_objs - 1].p);
		drop(nr_objs - 1);
	}
	while (ncaches)
		CHECK_EQ(kmem_cache_destroy(caches[--ncaches]), 0);
	CHECK_INV(check_all());
	CHECK_PAGES_BACK();
}

/*
 * With every per-CPU array gone and every cache shrunk, the only pages
 * left hold the descriptors of the boot caches in cache_cache.
 */
static void everything_accounted_for(void)
{
	kmem_cache_t *c;

	boot_default();
	for_each_cache(c)
		kmem_tune_cpucache(c, 0, 0);
	shrink_all();
	CHECK_EQ(kmem_cache_live_objects(), (unsigned long)nr_caches() - 1);
	for_each_cache(c)
		if (c != &cache_cache)
			CHECK_EQ(nr_slabs(c), 0);
	CHECK_EQ(pages_out, nr_slabs(&cache_cache) << cache_cache.gfporder);
	CHECK_EQ(cache_cache.num_active, (unsigned long)nr_caches() - 1);
	CHECK_INV(check_all());
}

/*
 * The settle hook the test framework calls around every guest test case:
 * afterwards no cache holds a free slab or a parked object, even where
 * freeing off-slab slabs emptied slabs of the sizes caches.
 */
static void settle_gives_back_free_slabs(void)
{
	kmem_cache_t *c, *off;
	void *p[64];

	boot_default();
	CHECK(registered_settle != NULL);
	if (!registered_settle)
		return;
	off = kmem_cache_create("settle-off", 2720, 0, 0, NULL, NULL);
	CHECK(off && OFF_SLAB(off));
	for (int i = 0; i < 64; i++)
		p[i] = i % 2 ? kmalloc(i * 50, GFP_KERNEL) :
			       kmem_cache_alloc(off, SLAB_KERNEL);
	for (int i = 0; i < 64; i++)
		kfree(p[i]);
	CHECK(pages_out > boot_pages);
	registered_settle();
	for_each_cache(c) {
		CHECK_EQ(list_count(&c->slabs_free), 0);
		CHECK(!c->cpudata[0] || !c->cpudata[0]->avail);
	}
	CHECK_INV(check_all());
	CHECK_EQ(kmem_cache_destroy(off), 0);
	registered_settle();
	CHECK_EQ(pages_out, boot_pages);
	CHECK(!locks_held);
}

static const struct unit_case cases[] = {
	UNIT_CASE(sizes_caches_exist),
	UNIT_CASE(geometry_follows_linux),
	UNIT_CASE(off_slab_threshold),
	UNIT_CASE(alignment),
	UNIT_CASE(colouring_cycles),
	UNIT_CASE(lists_follow_use),
	UNIT_CASE(constructors_and_destructors),
	UNIT_CASE(kmalloc_size_classes),
	UNIT_CASE(allocation_failure),
	UNIT_CASE(per_cpu_arrays),
	UNIT_CASE(shrink_returns_pages),
	UNIT_CASE(destroy_with_live_objects),
	UNIT_CASE(bad_frees_are_refused),
	UNIT_CASE(bad_create_arguments),
	UNIT_CASE(poison_and_red_zones),
	UNIT_CASE(reap_frees_half),
	UNIT_CASE(slabinfo_text),
	UNIT_CASE(big_machine_break_order),
	UNIT_CASE(random_sequences),
	UNIT_CASE(everything_accounted_for),
	UNIT_CASE(settle_gives_back_free_slabs),
};

/*
 * Like unit_main(), but every case runs in a child process of its own,
 * which boots a fresh slab allocator: a crash (an ASan report, an abort)
 * fails that case only.
 */
int main(int argc, char **argv)
{
	int n = ARRAY_SIZE(cases), failed = 0;

	printf("KTAP version 1\n1..1\n    KTAP version 1\n");
	printf("    # Subtest: slab\n    1..%d\n", n);
	for (int i = 0; i < n; i++) {
		int status;
		pid_t pid;

		if (argc > 1 && strcmp(argv[1], cases[i].name))
			continue;
		fflush(stdout);
		pid = fork();
		if (pid == 0) {
			unit_case_failed = 0;
			cases[i].fn();
			fflush(stdout);
			_exit(unit_case_failed);
		}
		waitpid(pid, &status, 0);
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			if (!WIFEXITED(status) || WEXITSTATUS(status) != 1)
				printf("    # %s: child died (status %#x)\n",
				       cases[i].name, status);
			failed = 1;
			printf("    not ok %d %s\n", i + 1, cases[i].name);
		} else {
			printf("    ok %d %s\n", i + 1, cases[i].name);
		}
	}
	printf("%s 1 slab\n", failed ? "not ok" : "ok");
	return failed;
}
