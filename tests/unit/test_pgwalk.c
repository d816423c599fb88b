// SPDX-License-Identifier: GPL-2.0-only
/*
 * test_pgwalk.c - kernel/mm/pgwalk.c, the page-table walker, on a host
 * "machine" (mm_host.h): pgwalk_lookup() at each outcome (no table, a
 * 4 MiB page, a pte), pgwalk_alloc() and pte_alloc() (one table per 4 MiB,
 * kernel-only for init_mm, user for a process), and walk_page_range():
 * which pmds and ptes it visits and with which addresses, across pgd
 * boundaries and partial tables, that 4 MiB pages are not descended into,
 * that a callback's non-zero value stops it at once, and that a bad pmd
 * stops it with -EFAULT and a message.
 *
 * The directories here are ordinary arrays; addresses are only looked up
 * in them, never dereferenced.
 *
 * UNIT-SOURCES: kernel/mm/pgwalk.c kernel/mm/memory.c
 * UNIT-SOURCES: kernel/mm/page_alloc.c kernel/mm/bootmem.c
 * UNIT-SOURCES: kernel/lib/string.c kernel/lib/vsprintf.c
 */
#include "mm_host.h"
#include <pgwalk.h>
#include <mm_types.h>
#include <errno.h>

pgd_t swapper_pg_dir[PTRS_PER_PGD] __attribute__((aligned(4096)));
struct mm_struct init_mm = {
	.pgd = swapper_pg_dir,
	.page_table_lock = SPIN_LOCK_UNLOCKED(init_mm.page_table_lock),
};
unsigned long host_vmalloc_start, host_vmalloc_end;

const char *kallsyms_lookup(unsigned long addr, unsigned long *offset,
			    unsigned long *size)
{
	(void)addr;
	(void)offset;
	(void)size;
	return NULL;
}

/* A user address space whose directory is a static array. */
static pgd_t user_dir[PTRS_PER_PGD] __attribute__((aligned(4096)));
static struct mm_struct user_mm = {
	.pgd = user_dir,
	.page_table_lock = SPIN_LOCK_UNLOCKED(user_mm.page_table_lock),
};

#define MB	(1UL << 20)
#define P	PAGE_SIZE

static unsigned long free_at_boot;

static void boot(void)
{
	memset(swapper_pg_dir, 0, sizeof(swapper_pg_dir));
	memset(user_dir, 0, sizeof(user_dir));
	machine_boot(1024, 1024, 0);
	free_at_boot = nr_free_pages();
	log_clear();
}

/* Free every page table of @dir (none of them is a 4 MiB page). */
static void free_tables(pgd_t *dir)
{
	for (int i = 0; i < PTRS_PER_PGD; i++) {
		pmd_t *pmd = (pmd_t *)(dir + i);

		if (pmd_none(*pmd) || pmd_large(*pmd))
			continue;
		free_page((unsigned long)pmd_page_kernel(*pmd));
		pmd_clear(pmd);
	}
}

static void done(void)
{
	free_tables(swapper_pg_dir);
	free_tables(user_dir);
	CHECK_EQ(nr_free_pages(), free_at_boot);
	CHECK_QUIESCENT();
}

static void lookup_finds_each_level(void)
{
	struct pgwalk_slot slot;
	unsigned long va = 0xc8000000UL + 7 * P;
	pte_t *pte;

	boot();
	/* Nothing there: the pgd and pmd are found, no pte. */
	CHECK_EQ(pgwalk_lookup(swapper_pg_dir, va, &slot), PGWALK_NONE);
	CHECK(slot.pgd == swapper_pg_dir + (va >> 22));
	CHECK(slot.pmd == (pmd_t *)slot.pgd);
	CHECK(slot.pte == NULL);
	/* A table: the pte is entry 7 of it. */
	pte = pgwalk_alloc(&init_mm, va);
	CHECK(pte != NULL);
	CHECK_EQ(nr_free_pages(), free_at_boot - 1);
	CHECK_EQ(pgwalk_lookup(swapper_pg_dir, va, &slot), PGWALK_PTE);
	CHECK(slot.pte == pte);
	CHECK(pte == pmd_page_kernel(*slot.pmd) + 7);
	CHECK(lookup_address(va) == pte);
	/* The next page of the same 4 MiB needs no new table. */
	CHECK(pgwalk_alloc(&init_mm, va + P) == pte + 1);
	CHECK_EQ(nr_free_pages(), free_at_boot - 1);
	/* A 4 MiB page: the pmd, no pte; lookup_address returns the pmd. */
	set_pmd((pmd_t *)&swapper_pg_dir[0x300],
		__pmd(_KERNPG_TABLE | _PAGE_PSE));
	CHECK_EQ(pgwalk_lookup(swapper_pg_dir, 0xc0123000UL, &slot),
		 PGWALK_LARGE);
	CHECK(slot.pmd == (pmd_t *)&swapper_pg_dir[0x300]);
	CHECK(slot.pte == NULL);
	CHECK(lookup_address(0xc0123000UL) == (pte_t *)slot.pmd);
	/* pgwalk_alloc() cannot put a table inside a 4 MiB page. */
	CHECK(pgwalk_alloc(&init_mm, 0xc0123000UL) == NULL);
	CHECK(log_has("pte_alloc: c0123000 is inside a 4 MiB page"));
	pmd_clear((pmd_t *)&swapper_pg_dir[0x300]);
	done();
}

static void tables_have_the_flags_of_their_mm(void)
{
	boot();
	CHECK(pgwalk_alloc(&init_mm, 0xd0000000UL) != NULL);
	CHECK(pgwalk_alloc(&user_mm, 0x08048000UL) != NULL);
	CHECK_EQ(pgd_val(swapper_pg_dir[0xd0000000UL >> 22]) & ~PAGE_MASK,
		 _KERNPG_TABLE);
	CHECK_EQ(pgd_val(user_dir[0x08048000UL >> 22]) & ~PAGE_MASK,
		 _PAGE_TABLE);
	CHECK_EQ(nr_free_pages(), free_at_boot - 2);
	done();
}

/* What a walk saw, in order. */
static struct {
	unsigned long pmd_addr[16], pmd_end[16], pte_addr[4096];
	int pmds, ptes, stop_after;
} seen;

static int record_pmd(pmd_t *pmd, unsigned long addr, unsigned long end,
		      struct pgwalk *walk)
{
	(void)pmd;
	(void)walk;
	if (seen.pmds < 16) {
		seen.pmd_addr[seen.pmds] = addr;
		seen.pmd_end[seen.pmds] = end;
	}
	seen.pmds++;
	return 0;
}

static int record_pte(pte_t *pte, unsigned long addr, struct pgwalk *walk)
{
	(void)walk;
	/* The pte handed over is the one that translates addr. */
	CHECK(pte == lookup_address(addr));
	if (seen.ptes < 4096)
		seen.pte_addr[seen.ptes] = addr;
	seen.ptes++;
	if (seen.stop_after && seen.ptes == seen.stop_after)
		return 42;
	return 0;
}

static int walk(unsigned long start, unsigned long end)
{
	struct pgwalk w = {
		.dir = swapper_pg_dir,
		.pmd_entry = record_pmd,
		.pte_entry = record_pte,
	};

	seen.pmds = seen.ptes = 0;
	return walk_page_range(start, end, &w);
}

static void walk_visits_every_level_in_order(void)
{
	unsigned long base = 0xc8000000UL;	/* a 4 MiB boundary */

	boot();
	/* Tables for the 1st and 3rd 4 MiB; the 2nd is empty. */
	CHECK(pgwalk_alloc(&init_mm, base) != NULL);
	CHECK(pgwalk_alloc(&init_mm, base + 8 * MB) != NULL);
	/* From 3 pages before the end of the 1st to 5 pages into the 3rd. */
	CHECK_EQ(walk(base + 4 * MB - 3 * P, base + 8 * MB + 5 * P), 0);
	CHECK_EQ(seen.pmds, 3);
	CHECK_EQ(seen.pmd_addr[0], base + 4 * MB - 3 * P);
	CHECK_EQ(seen.pmd_end[0], base + 4 * MB);
	CHECK_EQ(seen.pmd_addr[1], base + 4 * MB);
	CHECK_EQ(seen.pmd_end[1], base + 8 * MB);
	CHECK_EQ(seen.pmd_addr[2], base + 8 * MB);
	CHECK_EQ(seen.pmd_end[2], base + 8 * MB + 5 * P);
	CHECK_EQ(seen.ptes, 3 + 5);	/* none under the empty pmd */
	for (int i = 0; i < 3; i++)
		CHECK_EQ(seen.pte_addr[i], base + 4 * MB - (3 - i) * P);
	for (int i = 0; i < 5; i++)
		CHECK_EQ(seen.pte_addr[3 + i], base + 8 * MB + i * P);
	/* Unaligned ends are rounded out to whole pages. */
	CHECK_EQ(walk(base + 100, base + P + 1), 0);
	CHECK_EQ(seen.ptes, 2);
	CHECK_EQ(seen.pte_addr[0], base);
	/* A whole table: 1024 ptes. */
	CHECK_EQ(walk(base, base + 4 * MB), 0);
	CHECK_EQ(seen.ptes, PTRS_PER_PTE);
	CHECK_EQ(seen.pte_addr[PTRS_PER_PTE - 1], base + 4 * MB - P);
	/* Empty and reversed ranges walk nothing. */
	CHECK_EQ(walk(base, base), 0);
	CHECK_EQ(seen.pmds + seen.ptes, 0);
	CHECK_EQ(walk(base + 8 * MB, base), 0);
	CHECK_EQ(seen.pmds + seen.ptes, 0);
	done();
}

static void large_pages_are_not_descended(void)
{
	pmd_t *pmd = (pmd_t *)&swapper_pg_dir[0x300];

	boot();
	set_pmd(pmd, __pmd(_KERNPG_TABLE | _PAGE_PSE));
	CHECK_EQ(walk(0xc0000000UL, 0xc0400000UL), 0);
	CHECK_EQ(seen.pmds, 1);
	CHECK_EQ(seen.ptes, 0);
	pmd_clear(pmd);
	done();
}

static void a_callback_stops_the_walk(void)
{
	unsigned long base = 0xc8000000UL;

	boot();
	CHECK(pgwalk_alloc(&init_mm, base) != NULL);
	CHECK(pgwalk_alloc(&init_mm, base + 4 * MB) != NULL);
	seen.stop_after = 10;
	CHECK_EQ(walk(base, base + 8 * MB), 42);
	CHECK_EQ(seen.ptes, 10);
	CHECK_EQ(seen.pmds, 1);		/* the second pmd: never reached */
	seen.stop_after = 0;
	done();
}

static int stop_at_pmd(pmd_t *pmd, unsigned long addr, unsigned long end,
		       struct pgwalk *walk)
{
	(void)pmd;
	(void)end;
	*(unsigned long *)walk->private = addr;
	return -ENOMEM;
}

static void a_pmd_callback_stops_the_walk(void)
{
	unsigned long where = 0;
	struct pgwalk w = {
		.dir = user_dir,
		.pmd_entry = stop_at_pmd,
		.pte_entry = record_pte,
		.private = &where,
	};

	boot();
	seen.ptes = 0;
	CHECK_EQ(walk_page_range(0x08048000UL, 0x10000000UL, &w), -ENOMEM);
	CHECK_EQ(where, 0x08048000UL);
	CHECK_EQ(seen.ptes, 0);
	done();
}

static void a_bad_pmd_stops_the_walk(void)
{
	pmd_t *pmd = (pmd_t *)&swapper_pg_dir[0x320];

	boot();
	set_pmd(pmd, __pmd(0x1000 | _PAGE_RW));	/* absent, not empty */
	CHECK_EQ(walk(0xc8000000UL, 0xc8400000UL), -EFAULT);
	CHECK_EQ(seen.pmds, 1);
	CHECK_EQ(seen.ptes, 0);
	CHECK(log_has("pgwalk: bad pmd 00001002 at c8000000"));
	pmd_clear(pmd);
	done();
}

static const struct unit_case cases[] = {
	UNIT_CASE(lookup_finds_each_level),
	UNIT_CASE(tables_have_the_flags_of_their_mm),
	UNIT_CASE(walk_visits_every_level_in_order),
	UNIT_CASE(large_pages_are_not_descended),
	UNIT_CASE(a_callback_stops_the_walk),
	UNIT_CASE(a_pmd_callback_stops_the_walk),
	UNIT_CASE(a_bad_pmd_stops_the_walk),
};

int main(void)
{
	return unit_main("pgwalk", cases, ARRAY_SIZE(cases));
}
