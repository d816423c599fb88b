// SPDX-License-Identifier: GPL-2.0-only
/*
 * slab_test.c - the slab allocator in the running kernel (Chapter 9):
 * Linux 2.4's geometry for the sizes caches on the i386, kmalloc on real
 * pages from the buddy allocator, DMA twins below 16 MiB, PG_slab pages
 * that map back to their cache and slab, shrink giving pages back to the
 * buddy allocator, per-CPU arrays, bad frees refused, /proc/slabinfo's
 * text, and a checkpoint where the Bochs oracle checks objects, pages and
 * slabs from outside (tools/oracle_slab.py).
 *
 * The framework checks the live slab objects and the free pages around
 * every case (after settling the caches), so a case that leaks fails.
 */
#include <kunit.h>
#include <kernel.h>
#include <string.h>
#include <mm.h>
#include <mmzone.h>
#include <gfp.h>
#include <slab.h>
#include <slab_def.h>
#include <checkpoint.h>
#include <errno.h>

static struct kunit *report_test;
#define SLAB_REPORT(fmt, ...) \
	kunit_info(report_test, "slab_check: " fmt, ##__VA_ARGS__)
#include "slab_check.h"

/* Expect every invariant of slab_check.h to hold for @c. */
static void expect_cache_ok(struct kunit *test, kmem_cache_t *c)
{
	report_test = test;
	KUNIT_EXPECT_EQ(test, slab_check_cache(c), 0);
}

static zone_t *zone(int i)
{
	return &contig_page_data.node_zones[i];
}

/*
 * Objects per slab and pages per slab of size-32 ... size-131072, as Linux
 * 2.4's /proc/slabinfo shows them on an i386 with 32-byte cache lines: the
 * small caches keep their slab_t on the slab, from 512 bytes on it moves
 * off the slab, and big objects take bigger slabs.
 */
static void sizes_caches_match_linux_i386(struct kunit *test)
{
	static const struct {
		unsigned int num, pages, limit;
	} linux24[] = {
		{ 113, 1, 252 }, { 59, 1, 252 }, { 30, 1, 252 },
		{ 15, 1, 252 }, { 8, 1, 124 }, { 4, 1, 124 }, { 2, 1, 60 },
		{ 1, 1, 60 }, { 1, 2, 0 }, { 1, 4, 0 }, { 1, 8, 0 },
		{ 1, 16, 0 }, { 1, 32, 0 },
	};

	for (int i = 0; cache_sizes[i].cs_size; i++) {
		for (int dma = 0; dma < 2; dma++) {
			kmem_cache_t *c = dma ? cache_sizes[i].cs_dmacachep :
						cache_sizes[i].cs_cachep;

			KUNIT_ASSERT_NOT_NULL(test, c);
			KUNIT_EXPECT_EQ(test, c->objsize,
					cache_sizes[i].cs_size);
			KUNIT_EXPECT_EQ(test, c->num, linux24[i].num);
			KUNIT_EXPECT_EQ(test, 1U << c->gfporder,
					linux24[i].pages);
			KUNIT_EXPECT_EQ(test, !!OFF_SLAB(c),
					cache_sizes[i].cs_size >= 512);
			KUNIT_EXPECT_EQ(test, c->cpudata[0] ?
					c->cpudata[0]->limit : 0,
					linux24[i].limit);
			KUNIT_EXPECT_EQ(test, !!(c->gfpflags & GFP_DMA), dma);
			expect_cache_ok(test, c);
		}
	}
	KUNIT_EXPECT_EQ(test, L1_CACHE_BYTES, 32);
	expect_cache_ok(test, &cache_cache);
}

/* kmalloc: the smallest sizes cache that fits, on PG_slab pages. */
static void kmalloc_uses_slab_pages(struct kunit *test)
{
	static const size_t sizes[] = {
		0, 1, 32, 33, 100, 256, 257, 1000, 2048, 3000, 4096, 5000,
		20000, 65536, 131072,
	};
	void *p[ARRAY_SIZE(sizes)];
	unsigned long live = kmem_cache_live_objects();

	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		kmem_cache_t *want = kmem_find_general_cachep(sizes[i], 0);
		struct page *pg;
		slab_t *s;

		p[i] = kmalloc(sizes[i], GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, p[i]);
		pg = virt_to_page(p[i]);
		KUNIT_EXPECT_TRUE(test, PageSlab(pg));
		KUNIT_EXPECT_PTR_EQ(test, GET_PAGE_CACHE(pg), want);
		KUNIT_EXPECT_GE(test, want->objsize, sizes[i]);
		KUNIT_EXPECT_TRUE(test, sizes[i] <= 32 ||
				  want->objsize < 2 * sizes[i]);
		s = GET_PAGE_SLAB(pg);
		KUNIT_EXPECT_EQ(test, ((char *)p[i] - (char *)s->s_mem) %
				want->objsize, 0);
		/* Low memory: a kernel address of its own page. */
		KUNIT_EXPECT_TRUE(test, (unsigned long)p[i] >= PAGE_OFFSET &&
				  p[i] < high_memory);
		memset(p[i], i, sizes[i]);
	}
	KUNIT_EXPECT_EQ(test, kmem_cache_live_objects(),
			live + ARRAY_SIZE(sizes));
	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		unsigned char *b = p[i];

		for (size_t j = 0; j < sizes[i]; j += 97)
			KUNIT_EXPECT_EQ(test, b[j], i);
		kfree(p[i]);
	}
	KUNIT_EXPECT_EQ(test, kmem_cache_live_objects(), live);
	/* Past the biggest cache: NULL, as Linux 2.4. */
	KUNIT_EXPECT_NULL(test, kmalloc(KMALLOC_MAX_SIZE + 1, GFP_KERNEL));
	kfree(NULL);
}

/* GFP_DMA and SLAB_CACHE_DMA objects really lie below 16 MiB. */
static void dma_twins_below_16mib(struct kunit *test)
{
	static const size_t sizes[] = { 10, 200, 700, 4000, 9000, 131072 };
	kmem_cache_t *c;
	void *p[ARRAY_SIZE(sizes)], *q[20];

	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		struct page *pg;

		p[i] = kmalloc(sizes[i], GFP_KERNEL | GFP_DMA);
		KUNIT_ASSERT_NOT_NULL(test, p[i]);
		pg = virt_to_page(p[i]);
		KUNIT_EXPECT_LE(test, __pa(p[i]) + sizes[i], 16UL << 20);
		KUNIT_EXPECT_PTR_EQ(test, page_zone(pg), zone(ZONE_DMA));
		KUNIT_EXPECT_TRUE(test, strstr(GET_PAGE_CACHE(pg)->name,
					       "(DMA)") != NULL);
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++)
		kfree(p[i]);

	c = kmem_cache_create("slab-test-dma", 1500, 0, SLAB_CACHE_DMA, NULL,
			      NULL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	for (int i = 0; i < 20; i++) {
		q[i] = kmem_cache_alloc(c, SLAB_KERNEL | SLAB_DMA);
		KUNIT_ASSERT_NOT_NULL(test, q[i]);
		KUNIT_EXPECT_PTR_EQ(test, page_zone(virt_to_page(q[i])),
				    zone(ZONE_DMA));
	}
	expect_cache_ok(test, c);
	for (int i = 0; i < 20; i++)
		kmem_cache_free(c, q[i]);
	KUNIT_EXPECT_EQ(test, kmem_cache_destroy(c), 0);
}

/*
 * A new cache's pages come from the buddy allocator, are marked PG_slab
 * and point back at the cache and slab; shrinking gives them back.
 */
static void shrink_returns_pages_to_buddy(struct kunit *test)
{
	kmem_cache_t *c;
	unsigned long free0, slabs;
	void *p[100];
	slab_t *s;

	c = kmem_cache_create("slab-test-300", 300, 0, SLAB_HWCACHE_ALIGN,
			      NULL, NULL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_EQ(test, c->objsize, 320);
	KUNIT_EXPECT_FALSE(test, OFF_SLAB(c));
	free0 = nr_free_pages();
	for (int i = 0; i < 100; i++) {
		p[i] = kmem_cache_alloc(c, SLAB_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, p[i]);
		KUNIT_EXPECT_PTR_EQ(test, GET_PAGE_CACHE(virt_to_page(p[i])),
				    c);
	}
	slabs = list_count(&c->slabs_full) + list_count(&c->slabs_partial);
	KUNIT_EXPECT_EQ(test, slabs, (100 + c->num - 1) / c->num);
	KUNIT_EXPECT_EQ(test, free0 - nr_free_pages(), slabs << c->gfporder);
	expect_cache_ok(test, c);
	/* Normal-zone pages on a machine that has them. */
	if (zone(ZONE_NORMAL)->size)
		KUNIT_EXPECT_PTR_EQ(test, page_zone(virt_to_page(p[0])),
				    zone(ZONE_NORMAL));
	for (int i = 0; i < 100; i++)
		kmem_cache_free(c, p[i]);
	/* Parked in the per-CPU array or in free slabs: pages still out. */
	KUNIT_EXPECT_EQ(test, free0 - nr_free_pages(), slabs << c->gfporder);
	s = list_first_entry(&c->slabs_full, slab_t, list);
	KUNIT_EXPECT_EQ(test, kmem_cache_shrink(c), slabs << c->gfporder);
	KUNIT_EXPECT_EQ(test, nr_free_pages(), free0);
	/* The pages are the buddy allocator's again: no longer PG_slab. */
	KUNIT_EXPECT_FALSE(test, PageSlab(virt_to_page(p[0])));
	KUNIT_EXPECT_FALSE(test, PageSlab(virt_to_page(s)));
	expect_cache_ok(test, c);
	KUNIT_EXPECT_EQ(test, kmem_cache_destroy(c), 0);
}

/* Objects of PAGE_SIZE/8 or more keep slab_t in a sizes cache. */
static void off_slab_management(struct kunit *test)
{
	kmem_cache_t *c;
	void *p;
	slab_t *s;

	c = kmem_cache_create("slab-test-off", 2720, 0, 0, NULL, NULL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_TRUE(test, OFF_SLAB(c));
	KUNIT_EXPECT_EQ(test, c->gfporder, 1);
	KUNIT_EXPECT_EQ(test, c->num, 3);
	p = kmem_cache_alloc(c, SLAB_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p);
	s = GET_PAGE_SLAB(virt_to_page(p));
	/* The slab's first object is at the start of its pages. */
	KUNIT_EXPECT_EQ(test, (unsigned long)s->s_mem & (PAGE_SIZE - 1), 0);
	KUNIT_EXPECT_PTR_EQ(test, GET_PAGE_CACHE(virt_to_page(s)),
			    c->slabp_cache);
	KUNIT_EXPECT_PTR_EQ(test, c->slabp_cache,
			    kmem_find_general_cachep(slab_check_mgmt(c), 0));
	/* Both pages of the order-1 slab point back. */
	KUNIT_EXPECT_PTR_EQ(test, GET_PAGE_SLAB(virt_to_page(s->s_mem)), s);
	KUNIT_EXPECT_PTR_EQ(test, GET_PAGE_SLAB(virt_to_page(s->s_mem) + 1),
			    s);
	expect_cache_ok(test, c);
	kmem_cache_free(c, p);
	KUNIT_EXPECT_EQ(test, kmem_cache_destroy(c), 0);
}

/*
 * Linux 2.4 lets kmem_cache_create() choose order-2 slabs only on machines
 * with more than 32 MiB (high orders are scarce on small ones): 3000-byte
 * objects get 2 per order-1 slab on the 32 MiB guest, 5 per order-2 slab
 * on a bigger one.
 */
static void slab_order_depends_on_memory(struct kunit *test)
{
	bool big = num_physpages > (32UL << 20) >> PAGE_SHIFT;
	kmem_cache_t *c;

	c = kmem_cache_create("slab-test-3000", 3000, 0, 0, NULL, NULL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	KUNIT_EXPECT_EQ(test, c->gfporder, big ? 2 : 1);
	KUNIT_EXPECT_EQ(test, c->num, big ? 5 : 2);
	kmem_cache_free(c, kmem_cache_alloc(c, SLAB_KERNEL));
	expect_cache_ok(test, c);
	KUNIT_EXPECT_EQ(test, kmem_cache_destroy(c), 0);
}

/* Slabs take colours 0 .. colour-1 in turn. */
static void colours_cycle(struct kunit *test)
{
	kmem_cache_t *c;
	void *p[220];
	int n = 0;

	c = kmem_cache_create("slab-test-colour", 200, 0, 0, NULL, NULL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	/* 19 objects of 200 bytes leave 168 bytes: 5 colours of 32. */
	KUNIT_EXPECT_EQ(test, c->num, 19);
	KUNIT_EXPECT_EQ(test, c->colour, 5);
	KUNIT_ASSERT_EQ(test, kmem_tune_cpucache(c, 0, 0), 0);
	for (unsigned int s = 0; s < 2 * c->colour + 1; s++) {
		for (unsigned int i = 0; i < c->num; i++) {
			KUNIT_ASSERT_LT(test, n, 220);
			p[n] = kmem_cache_alloc(c, SLAB_KERNEL);
			KUNIT_ASSERT_NOT_NULL(test, p[n]);
			if (!i)
				KUNIT_EXPECT_EQ(test,
					(unsigned long)p[n] & (PAGE_SIZE - 1),
					(s % c->colour) * 32 +
					slab_check_mgmt(c));
			n++;
		}
	}
	expect_cache_ok(test, c);
	while (n)
		kmem_cache_free(c, p[--n]);
	KUNIT_EXPECT_EQ(test, kmem_cache_destroy(c), 0);
}

static int ctor_calls, dtor_calls;

static void test_ctor(void *p, kmem_cache_t *c, unsigned long flags)
{
	ctor_calls++;
	*(unsigned long *)p = 0xc0ffee;
}

static void test_dtor(void *p, kmem_cache_t *c, unsigned long flags)
{
	dtor_calls += *(unsigned long *)p == 0xc0ffee;
}

/* Constructors run when a slab is made, destructors when it goes. */
static void constructors_and_destructors(struct kunit *test)
{
	kmem_cache_t *c;
	void *p[50];

	ctor_calls = dtor_calls = 0;
	c = kmem_cache_create("slab-test-ctor", 48, 0, 0, test_ctor,
			      test_dtor);
	KUNIT_ASSERT_NOT_NULL(test, c);
	for (int i = 0; i < 50; i++) {
		p[i] = kmem_cache_alloc(c, SLAB_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, p[i]);
		KUNIT_EXPECT_EQ(test, *(unsigned long *)p[i], 0xc0ffee);
	}
	KUNIT_EXPECT_EQ(test, ctor_calls, c->grown * c->num);
	for (int i = 0; i < 50; i++)
		kmem_cache_free(c, p[i]);
	KUNIT_EXPECT_EQ(test, dtor_calls, 0);
	KUNIT_EXPECT_EQ(test, kmem_cache_destroy(c), 0);
	KUNIT_EXPECT_EQ(test, dtor_calls, ctor_calls);
}

/* The per-CPU array serves and takes objects without the slabs. */
static void per_cpu_array(struct kunit *test)
{
	kmem_cache_t *c;
	cpucache_t *cc;
	void *p[10];

	c = kmem_cache_create("slab-test-cpu", 64, 0, 0, NULL, NULL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	cc = c->cpudata[0];
	KUNIT_ASSERT_NOT_NULL(test, cc);
	KUNIT_EXPECT_EQ(test, cc->limit, 252);
	KUNIT_EXPECT_EQ(test, c->batchcount, 126);
	KUNIT_EXPECT_EQ(test, c->num, 59);
	p[0] = kmem_cache_alloc(c, SLAB_KERNEL);
	/*
	 * A miss, a new slab, a miss again: the refill took what the slab had
	 * (59 objects, fewer than a batch) and one was handed out.
	 */
	KUNIT_EXPECT_EQ(test, c->allocmiss, 2);
	KUNIT_EXPECT_EQ(test, c->grown, 1);
	KUNIT_EXPECT_EQ(test, cc->avail, 58);
	for (int i = 1; i < 10; i++)
		p[i] = kmem_cache_alloc(c, SLAB_KERNEL);
	KUNIT_EXPECT_EQ(test, c->allochit, 9);
	for (int i = 0; i < 10; i++)
		kmem_cache_free(c, p[i]);
	/* All 59 are parked in the array: the slab is still in use. */
	KUNIT_EXPECT_EQ(test, c->freehit, 10);
	KUNIT_EXPECT_EQ(test, cc->avail, 59);
	KUNIT_EXPECT_EQ(test, c->num_active, 59);
	KUNIT_EXPECT_EQ(test, list_count(&c->slabs_full), 1);
	expect_cache_ok(test, c);
	KUNIT_EXPECT_EQ(test, kmem_cache_shrink(c), 1);
	KUNIT_EXPECT_EQ(test, cc->avail, 0);
	KUNIT_EXPECT_EQ(test, c->num_active, 0);
	KUNIT_EXPECT_EQ(test, kmem_cache_destroy(c), 0);
}

/* The tail of the kernel log contains @text. */
static bool log_says(const char *text)
{
	static char tail[1024];

	log_buf_copy(tail, sizeof(tail));
	return strstr(tail, text) != NULL;
}

/* Freeing what is not an allocated object is reported and refused. */
static void bad_frees_refused(struct kunit *test)
{
	kmem_cache_t *a, *b;
	unsigned long errors = slab_errors, live;
	char on_stack[16];
	char *p, *q, *r;

	a = kmem_cache_create("slab-test-a", 128, 0, 0, NULL, NULL);
	b = kmem_cache_create("slab-test-b", 128, 0, 0, NULL, NULL);
	KUNIT_ASSERT_TRUE(test, a && b);
	p = kmem_cache_alloc(a, SLAB_KERNEL);
	q = kmem_cache_alloc(a, SLAB_KERNEL);
	KUNIT_ASSERT_TRUE(test, p && q);
	live = kmem_cache_live_objects();

	kfree((void *)0x1000);
	KUNIT_EXPECT_TRUE(test, log_says("kfree: out of range ptr 1000h."));
	kfree(on_stack);
	KUNIT_EXPECT_TRUE(test, log_says("kfree: bad ptr"));
	kfree(p + 4);
	KUNIT_EXPECT_TRUE(test, log_says("is not the start of an object"));
	kmem_cache_free(b, p);
	KUNIT_EXPECT_TRUE(test, log_says("slab error in kmem_cache_free(): "
					 "cache `slab-test-b': object"));
	kmem_cache_free(a, q);
	kmem_cache_free(a, q);
	KUNIT_EXPECT_TRUE(test, log_says("double free of object"));
	kfree(q);
	KUNIT_EXPECT_EQ(test, slab_errors, errors + 6);
	KUNIT_EXPECT_EQ(test, kmem_cache_live_objects(), live - 1);
	expect_cache_ok(test, a);
	expect_cache_ok(test, b);
	/* q went back once: the next two objects are two objects. */
	q = kmem_cache_alloc(a, SLAB_KERNEL);
	r = kmem_cache_alloc(a, SLAB_KERNEL);
	KUNIT_EXPECT_PTR_NE(test, q, r);
	kmem_cache_free(a, q);
	kmem_cache_free(a, r);
	/* p is still out: destroy refuses, as Linux 2.4 does. */
	KUNIT_EXPECT_EQ(test, kmem_cache_destroy(a), 1);
	KUNIT_EXPECT_TRUE(test, log_says("kmem_cache_destroy: Can't free all "
					 "objects"));
	kfree(p);
	KUNIT_EXPECT_EQ(test, kmem_cache_destroy(a), 0);
	KUNIT_EXPECT_EQ(test, kmem_cache_destroy(b), 0);
}

/* Parse the next number of a slabinfo line; NULL-safe. */
static unsigned long next_field(const char **cp)
{
	char *end;
	unsigned long v;

	while (**cp == ' ' || **cp == ':')
		(*cp)++;
	v = simple_strtoul(*cp, &end, 10);
	*cp = end;
	return v;
}

/* get_slabinfo(): Linux 2.4's text, with the numbers of the caches. */
static void slabinfo_as_linux(struct kunit *test)
{
	static const char header[] =
		"slabinfo - version: 1.1 (statistics) (SMP)\n";
	kmem_cache_t *c = cache_sizes[0].cs_cachep, *pc;
	unsigned long v[17];
	const char *line;
	char *buf;
	int len, lines = 0;

	buf = kmalloc(8192, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	len = get_slabinfo(buf, 8192);
	KUNIT_EXPECT_LT(test, len, 8192);
	KUNIT_EXPECT_EQ(test, strlen(buf), len);
	KUNIT_EXPECT_EQ(test, strncmp(buf, header, strlen(header)), 0);
	/* With loglevel=8 the text reaches the console (the book shows it). */
	for (line = buf; *line; ) {
		const char *nl = strchr(line, '\n');
		int n = nl ? (int)(nl - line) : (int)strlen(line);

		printk(KERN_DEBUG "%.*s\n", n, line);
		line += n + (nl != NULL);
	}
	for (line = buf; (line = strchr(line, '\n')) && line[1]; line++)
		lines++;
	/* One line per cache: kmem_cache and the chain. */
	list_for_each_entry(pc, &cache_cache.next, next)
		lines--;
	KUNIT_EXPECT_EQ(test, lines, 1);
	line = strstr(buf, "\nsize-32 ");
	KUNIT_ASSERT_NOT_NULL(test, line);
	line += strlen("\nsize-32 ");
	for (int i = 0; i < 17; i++)
		v[i] = next_field(&line);
	KUNIT_EXPECT_EQ(test, *line, '\n');
	/* objects, size, slabs, pages per slab, limit and batchcount. */
	KUNIT_EXPECT_EQ(test, v[1], c->num * (list_count(&c->slabs_full) +
					      list_count(&c->slabs_partial) +
					      list_count(&c->slabs_free)));
	KUNIT_EXPECT_EQ(test, v[2], 32);
	KUNIT_EXPECT_EQ(test, v[5], 1);
	KUNIT_EXPECT_EQ(test, v[10], 0);	/* errors */
	KUNIT_EXPECT_EQ(test, v[11], 252);
	KUNIT_EXPECT_EQ(test, v[12], 126);
	KUNIT_ASSERT_NOT_NULL(test, strstr(buf, "\nsize-131072(DMA) "));
	line = strstr(buf, "\nsize-131072(DMA) ") + 19;
	for (int i = 0; i < 6; i++)
		v[i] = next_field(&line);
	KUNIT_EXPECT_EQ(test, v[2], 131072);
	KUNIT_EXPECT_EQ(test, v[5], 32);
	kfree(buf);
}

/* kmem_cache_reap() frees free slabs for the page reclaimer. */
static void reap_frees_free_slabs(struct kunit *test)
{
	kmem_cache_t *c;
	unsigned long free0, reaped = 0;
	void *p[120];

	c = kmem_cache_create("slab-test-reap", 1000, 0, 0, NULL, NULL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	for (int i = 0; i < 120; i++) {
		p[i] = kmem_cache_alloc(c, SLAB_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, p[i]);
	}
	for (int i = 0; i < 120; i++)
		kmem_cache_free(c, p[i]);
	free0 = nr_free_pages();
	for (int i = 0; i < 100 && (list_count(&c->slabs_free) ||
				    c->cpudata[0]->avail); i++)
		reaped += kmem_cache_reap(GFP_KERNEL);
	KUNIT_EXPECT_EQ(test, list_count(&c->slabs_free), 0);
	KUNIT_EXPECT_EQ(test, c->cpudata[0]->avail, 0);
	KUNIT_EXPECT_GE(test, c->reaped, 30);
	KUNIT_EXPECT_GE(test, reaped, c->reaped);
	KUNIT_EXPECT_EQ(test, nr_free_pages() - free0, reaped);
	expect_cache_ok(test, c);
	KUNIT_EXPECT_EQ(test, kmem_cache_destroy(c), 0);
}

/*
 * Slab pages are always low memory, whatever the machine has: objects need
 * a permanent kernel address. Asking for highmem is a caller's error,
 * reported when the cache has to grow (as Linux 2.4 checks it there).
 */
static void never_highmem(struct kunit *test)
{
	unsigned long errors = slab_errors;
	kmem_cache_t *big = kmem_find_general_cachep(100000, 0);
	void *p[64];

	for (int i = 0; i < 64; i++) {
		p[i] = kmalloc(4096 * (1 + i % 4), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, p[i]);
		KUNIT_EXPECT_FALSE(test, PageHighMem(virt_to_page(p[i])));
		KUNIT_EXPECT_PTR_EQ(test, page_address(virt_to_page(p[i])),
				    (void *)((unsigned long)p[i] & PAGE_MASK));
	}
	for (int i = 0; i < 64; i++)
		kfree(p[i]);
	KUNIT_ASSERT_EQ(test, list_count(&big->slabs_partial) +
			list_count(&big->slabs_free), 0);
	KUNIT_EXPECT_NULL(test, kmalloc(100000, GFP_HIGHUSER));
	KUNIT_EXPECT_TRUE(test, log_says("bad allocation flags"));
	KUNIT_EXPECT_EQ(test, slab_errors, errors + 1);
}

#define ORACLE_OBJS	6
#define ORACLE_PATTERN	0x5ab0c000UL

/*
 * Objects of a DMA sizes cache and of a cache of the test's own, handed
 * to the Bochs oracle: it translates each address with its own page-table
 * walk, reads the fill pattern from physical memory, and follows mem_map
 * to the page's flags and back-pointers and to the slab's s_mem, without
 * asking the kernel anything else.
 */
static void objects_seen_by_the_oracle(struct kunit *test)
{
	kmem_cache_t *own, *c;
	void *p[2][ORACLE_OBJS];
	char list[ORACLE_OBJS * 12];

	own = kmem_cache_create("slab-test-oracle", 200, 0, 0, NULL, NULL);
	KUNIT_ASSERT_NOT_NULL(test, own);
	for (int dma = 0; dma < 2; dma++) {
		size_t len = 0;

		c = dma ? kmem_find_general_cachep(700, GFP_DMA) : own;
		for (int i = 0; i < ORACLE_OBJS; i++) {
			unsigned long *w;

			p[dma][i] = kmem_cache_alloc(c, dma ? SLAB_KERNEL |
						     SLAB_DMA : SLAB_KERNEL);
			KUNIT_ASSERT_NOT_NULL(test, p[dma][i]);
			w = p[dma][i];
			w[0] = ORACLE_PATTERN ^ i;
			w[c->objsize / sizeof(long) - 1] = ORACLE_PATTERN ^ i;
			len += scnprintf(list + len, sizeof(list) - len,
					 "%s%#lx", i ? "," : "",
					 (unsigned long)w);
		}
		checkpoint("slab", "cache=%#lx objsize=%u num=%u dma=%d "
			   "mem_map=%#lx page_size=%u flags_off=%u "
			   "pg_slab=%d smem_off=%u pattern=%#lx objs=%s",
			   (unsigned long)c, c->objsize, c->num, dma,
			   (unsigned long)mem_map,
			   (unsigned int)sizeof(struct page),
			   (unsigned int)offsetof(struct page, flags), PG_slab,
			   (unsigned int)offsetof(slab_t, s_mem),
			   ORACLE_PATTERN, list);
		for (int i = 0; i < ORACLE_OBJS; i++)
			kmem_cache_free(c, p[dma][i]);
	}
	KUNIT_EXPECT_EQ(test, kmem_cache_destroy(own), 0);
}

static struct kunit_case slab_test_cases[] = {
	KUNIT_CASE(sizes_caches_match_linux_i386),
	KUNIT_CASE(kmalloc_uses_slab_pages),
	KUNIT_CASE(dma_twins_below_16mib),
	KUNIT_CASE(shrink_returns_pages_to_buddy),
	KUNIT_CASE(off_slab_management),
	KUNIT_CASE(slab_order_depends_on_memory),
	KUNIT_CASE(colours_cycle),
	KUNIT_CASE(constructors_and_destructors),
	KUNIT_CASE(per_cpu_array),
	KUNIT_CASE(bad_frees_refused),
	KUNIT_CASE(slabinfo_as_linux),
	KUNIT_CASE(reap_frees_free_slabs),
	KUNIT_CASE(never_highmem),
	KUNIT_CASE(objects_seen_by_the_oracle),
	{}
};

static struct kunit_suite slab_test_suite = {
	.name = "slab",
	.test_cases = slab_test_cases,
};
kunit_test_suite(slab_test_suite);
