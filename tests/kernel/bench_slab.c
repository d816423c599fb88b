// SPDX-License-Identifier: GPL-2.0-only
/*
 * bench_slab.c - what the slab allocator's paths cost, in emulated
 * instructions: kmalloc/kfree of several sizes, the kmem_cache_alloc/free
 * hot path with and without the per-CPU array, and growing a cache by one
 * slab (on-slab, off-slab, a slab of several pages).
 */
#include <kunit.h>
#include <bench.h>
#include <kernel.h>
#include <math64.h>
#include <slab.h>
#include <slab_def.h>

#define PAIRS	200

/* Cost of one kmalloc + kfree pair of @size, warm caches. */
static u64 kmalloc_pair(size_t size)
{
	struct bench b;
	void *p;
	u64 t;

	kfree(kmalloc(size, GFP_KERNEL));	/* warm up: grow once */
	bench_begin(&b);
	for (int i = 0; i < PAIRS; i++) {
		p = kmalloc(size, GFP_KERNEL);
		kfree(p);
	}
	t = bench_end(&b);
	return div_u64(t, PAIRS);
}

static void kmalloc_kfree(struct kunit *test)
{
	static const struct {
		size_t size;
		const char *key;
	} sizes[] = {
		{ 32, "slab.kmalloc_kfree_32" },
		{ 256, "slab.kmalloc_kfree_256" },
		{ 1024, "slab.kmalloc_kfree_1024" },
		{ 4096, "slab.kmalloc_kfree_4096" },
		{ 16384, "slab.kmalloc_kfree_16384" },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		u64 t = kmalloc_pair(sizes[i].size);

		KUNIT_EXPECT_GT(test, t, 0);
		bench_report(sizes[i].key, t, "insns");
	}
}

/*
 * The hot path: N objects allocated then freed, so that the per-CPU
 * array (when there is one) serves them all after the first refill.
 */
static u64 alloc_free_batch(kmem_cache_t *c, void **p, int n)
{
	struct bench b;
	u64 t;

	bench_begin(&b);
	for (int i = 0; i < n; i++)
		p[i] = kmem_cache_alloc(c, SLAB_KERNEL);
	for (int i = 0; i < n; i++)
		kmem_cache_free(c, p[i]);
	t = bench_end(&b);
	return div_u64(t, n);
}

static void cache_hot_path(struct kunit *test)
{
	static void *p[100];
	kmem_cache_t *c;
	u64 with, without;

	c = kmem_cache_create("bench-64", 64, 0, SLAB_HWCACHE_ALIGN, NULL,
			      NULL);
	KUNIT_ASSERT_NOT_NULL(test, c);
	alloc_free_batch(c, p, 100);		/* grow the slabs once */
	with = alloc_free_batch(c, p, 100);
	KUNIT_ASSERT_EQ(test, kmem_tune_cpucache(c, 0, 0), 0);
	alloc_free_batch(c, p, 100);
	without = alloc_free_batch(c, p, 100);
	bench_report("slab.alloc_free_64_percpu", with, "insns");
	bench_report("slab.alloc_free_64_no_percpu", without, "insns");
	/* The per-CPU array exists to make this path cheaper. */
	KUNIT_EXPECT_LT(test, with, without);
	KUNIT_EXPECT_EQ(test, kmem_cache_destroy(c), 0);
}

/* Cost of the allocation that has to grow @c by one slab. */
static u64 grow_cost(kmem_cache_t *c)
{
	struct bench b;
	u64 total = 0;
	void *p;

	for (int i = 0; i < 10; i++) {
		kmem_cache_shrink(c);
		bench_begin(&b);
		p = kmem_cache_alloc(c, SLAB_KERNEL);
		total += bench_end(&b);
		kmem_cache_free(c, p);
	}
	kmem_cache_shrink(c);
	return div_u64(total, 10);
}

static void cache_growth(struct kunit *test)
{
	static const struct {
		size_t size;
		const char *name, *key;
	} kinds[] = {
		{ 128, "bench-grow-128", "slab.grow_on_slab_128" },
		{ 1024, "bench-grow-1024", "slab.grow_off_slab_1024" },
		{ 2720, "bench-grow-2720", "slab.grow_order1_2720" },
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(kinds); i++) {
		kmem_cache_t *c = kmem_cache_create(kinds[i].name,
						    kinds[i].size, 0,
						    SLAB_HWCACHE_ALIGN,
						    NULL, NULL);

		KUNIT_ASSERT_NOT_NULL(test, c);
		bench_report(kinds[i].key, grow_cost(c), "insns");
		KUNIT_EXPECT_EQ(test, c->grown, 10);
		KUNIT_EXPECT_EQ(test, kmem_cache_destroy(c), 0);
	}
}

static struct kunit_case bench_slab_cases[] = {
	KUNIT_CASE(kmalloc_kfree),
	KUNIT_CASE(cache_hot_path),
	KUNIT_CASE(cache_growth),
	{}
};

static struct kunit_suite bench_slab_suite = {
	.name = "bench_slab",
	.test_cases = bench_slab_cases,
};
kunit_test_suite(bench_slab_suite);
