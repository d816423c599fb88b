// SPDX-License-Identifier: GPL-2.0-only
/*
 * vma_test.c - the process address space in the running kernel: a kernel
 * thread adopts a fresh address space (use_mm), maps regions with the
 * system calls, and touches them from kernel mode, so every access to an
 * unmapped page goes through the real page-fault path (do_page_fault ->
 * mm_fault_user_area -> handle_mm_fault). Each case then reads the ptes
 * with the walker and checks what the fault built: the zero page mapped
 * read-only on a read, a private zeroed page on a write, copy-on-write
 * after dup_mmap (a copy for the parent, reuse for the last user),
 * mprotect's ptes, munmap and MADV_DONTNEED dropping pages, mremap moving
 * them with their contents, mlock populating, the stack growing down, and
 * the counters (rss, minor faults). The framework checks after each case
 * that every page, slab object and region descriptor came back.
 */
#include "mm_test.h"
#include <mman.h>
#include <mmu_context.h>
#include <pgwalk.h>
#include <sched.h>
#include <errno.h>
#include <traps.h>
#include <rwsem.h>

#define P	PAGE_SIZE
#define RW	(PROT_READ | PROT_WRITE)
#define ANON	(MAP_PRIVATE | MAP_ANONYMOUS)

/* The pte of @addr in @mm, or an empty one if no page table covers it. */
static pte_t pte_of(struct mm_struct *mm, unsigned long addr)
{
	struct pgwalk_slot slot;

	if (pgwalk_lookup(mm->pgd, addr, &slot) != PGWALK_PTE)
		return __pte(0);
	return *slot.pte;
}

static unsigned long map_anon(unsigned long addr, unsigned long len,
			      unsigned long prot, unsigned long flags)
{
	return (unsigned long)sys_mmap2(addr, len, prot, flags, -1UL, 0);
}

/* Read and write user memory from kernel mode; faults resolve it. */
static int peek(unsigned long addr)
{
	return *(volatile int *)addr;
}

static void poke(unsigned long addr, int v)
{
	*(volatile int *)addr = v;
}

static void read_fault_maps_the_zero_page(struct kunit *test)
{
	struct mm_struct *mm = enter_new_mm(test);
	unsigned long a = map_anon(0, 2 * P, RW, ANON);
	unsigned long faults = current->min_flt;
	pte_t pte;

	KUNIT_ASSERT_EQ(test, a, TASK_UNMAPPED_BASE);
	KUNIT_EXPECT_EQ(test, pte_val(pte_of(mm, a)), 0);
	KUNIT_EXPECT_EQ(test, peek(a + 8), 0);
	pte = pte_of(mm, a);
	KUNIT_EXPECT_TRUE(test, pte_present(pte));
	KUNIT_EXPECT_FALSE(test, pte_write(pte));
	KUNIT_EXPECT_TRUE(test, pte_user(pte));
	KUNIT_EXPECT_PTR_EQ(test, pte_page(pte), ZERO_PAGE(a));
	KUNIT_EXPECT_EQ(test, mm->rss, 0);	/* the zero page is not counted */
	KUNIT_EXPECT_EQ(test, current->min_flt - faults, 1);
	/* The other page was not touched. */
	KUNIT_EXPECT_EQ(test, pte_val(pte_of(mm, a + P)), 0);
	leave_mm(mm);
}

static void write_after_read_replaces_the_zero_page(struct kunit *test)
{
	struct mm_struct *mm = enter_new_mm(test);
	unsigned long a = map_anon(0, P, RW, ANON);
	unsigned long copied = fault_stats.cow_copied;
	pte_t pte;

	KUNIT_EXPECT_EQ(test, peek(a), 0);
	poke(a + 4, 0x1234);
	pte = pte_of(mm, a);
	KUNIT_EXPECT_TRUE(test, pte_present(pte) && pte_write(pte));
	KUNIT_EXPECT_PTR_NE(test, pte_page(pte), ZERO_PAGE(a));
	KUNIT_EXPECT_EQ(test, page_count(pte_page(pte)), 1);
	KUNIT_EXPECT_EQ(test, peek(a + 4), 0x1234);
	KUNIT_EXPECT_EQ(test, peek(a), 0);
	KUNIT_EXPECT_EQ(test, peek(a + P - 4), 0);
	KUNIT_EXPECT_EQ(test, mm->rss, 1);
	KUNIT_EXPECT_EQ(test, fault_stats.cow_copied - copied, 1);
	/* The zero page itself is still all zeroes. */
	KUNIT_EXPECT_EQ(test, ((int *)empty_zero_page)[1], 0);
	leave_mm(mm);
}

/*
 * A write fault's page reads as zeroes even when the allocator hands back
 * a page that was just filled and freed: the free lists are stacks, so
 * the page munmap() freed is the one the next fault gets. (Pages never
 * used since boot are zero already, so only a recycled one shows a
 * fault that forgot to clear.)
 */
static void write_fault_clears_a_recycled_page(struct kunit *test)
{
	struct mm_struct *mm = enter_new_mm(test);
	unsigned long a = map_anon(0, P, RW, ANON), b;
	int dirty = 0;

	for (unsigned long off = 0; off < P; off += 4)
		poke(a + off, 0x5a5a5a5a);
	KUNIT_EXPECT_EQ(test, sys_munmap(a, P), 0);
	b = map_anon(0, P, RW, ANON);
	poke(b, 1);
	for (unsigned long off = 4; off < P; off += 4)
		dirty += peek(b + off) != 0;
	KUNIT_EXPECT_EQ(test, dirty, 0);
	leave_mm(mm);
}

static void write_fault_maps_a_private_page(struct kunit *test)
{
	struct mm_struct *mm = enter_new_mm(test);
	unsigned long a = map_anon(0, 4 * P, RW, ANON);
	unsigned long free_before = nr_free_pages();
	pte_t pte;

	for (int i = 0; i < 4; i++)
		poke(a + i * P, i + 1);
	for (int i = 0; i < 4; i++) {
		pte = pte_of(mm, a + i * P);
		KUNIT_EXPECT_TRUE(test, pte_present(pte) && pte_write(pte) &&
				  pte_dirty(pte));
		KUNIT_EXPECT_EQ(test, peek(a + i * P), i + 1);
	}
	KUNIT_EXPECT_EQ(test, mm->rss, 4);
	/* Four pages and one page table came from the allocator. */
	KUNIT_EXPECT_EQ(test, free_before - nr_free_pages(), 5);
	KUNIT_EXPECT_EQ(test, sys_munmap(a, 4 * P), 0);
	KUNIT_EXPECT_EQ(test, mm->rss, 0);
	KUNIT_EXPECT_EQ(test, pte_val(pte_of(mm, a)), 0);
	KUNIT_EXPECT_EQ(test, free_before - nr_free_pages(), 1);
	leave_mm(mm);
}

static void fork_copies_on_write(struct kunit *test)
{
	struct mm_struct *parent = enter_new_mm(test);
	struct mm_struct *child = mm_alloc();
	unsigned long a = map_anon(0, 2 * P, RW, ANON);
	unsigned long reused = fault_stats.cow_reused;
	struct page *shared;
	pte_t pp, cp;

	KUNIT_ASSERT_NOT_NULL(test, child);
	poke(a, 111);
	poke(a + P, 222);
	KUNIT_ASSERT_EQ(test, dup_mmap(child, parent), 0);
	pp = pte_of(parent, a);
	cp = pte_of(child, a);
	shared = pte_page(pp);
	/* One frame, two read-only mappings, two references. */
	KUNIT_EXPECT_PTR_EQ(test, pte_page(cp), shared);
	KUNIT_EXPECT_FALSE(test, pte_write(pp));
	KUNIT_EXPECT_FALSE(test, pte_write(cp));
	KUNIT_EXPECT_EQ(test, page_count(shared), 2);
	KUNIT_EXPECT_EQ(test, child->rss, 2);
	/* The parent writes: it gets a copy; the child keeps the original. */
	poke(a, 333);
	pp = pte_of(parent, a);
	KUNIT_EXPECT_PTR_NE(test, pte_page(pp), shared);
	KUNIT_EXPECT_TRUE(test, pte_write(pp));
	KUNIT_EXPECT_EQ(test, page_count(shared), 1);
	/* In the child, the write reuses the page: it is the last user. */
	unuse_mm(parent);
	use_mm(child);
	KUNIT_EXPECT_EQ(test, peek(a), 111);
	poke(a, 444);
	cp = pte_of(child, a);
	KUNIT_EXPECT_PTR_EQ(test, pte_page(cp), shared);
	KUNIT_EXPECT_TRUE(test, pte_write(cp));
	KUNIT_EXPECT_EQ(test, fault_stats.cow_reused - reused, 1);
	KUNIT_EXPECT_EQ(test, peek(a + P), 222);
	unuse_mm(child);
	mmput(child);
	use_mm(parent);
	KUNIT_EXPECT_EQ(test, peek(a), 333);
	KUNIT_EXPECT_EQ(test, peek(a + P), 222);
	leave_mm(parent);
}

static void mprotect_changes_the_ptes(struct kunit *test)
{
	struct mm_struct *mm = enter_new_mm(test);
	unsigned long a = map_anon(0, 3 * P, RW, MAP_SHARED | MAP_ANONYMOUS);
	pte_t pte;

	/*
	 * Shared anonymous memory is a shmem object's: nothing is mapped
	 * until a fault, and a write maps the object's page writable.
	 */
	KUNIT_EXPECT_FALSE(test, pte_present(pte_of(mm, a + P)));
	for (int i = 0; i < 3; i++)
		poke(a + i * P, i + 1);
	KUNIT_EXPECT_TRUE(test, pte_write(pte_of(mm, a + P)));
	KUNIT_EXPECT_EQ(test, mm->rss, 3);
	KUNIT_EXPECT_EQ(test, sys_mprotect(a + P, P, PROT_READ), 0);
	KUNIT_EXPECT_EQ(test, mm->map_count, 3);
	pte = pte_of(mm, a + P);
	KUNIT_EXPECT_TRUE(test, pte_present(pte) && !pte_write(pte));
	KUNIT_EXPECT_TRUE(test, pte_write(pte_of(mm, a)));
	/* A write there is refused by the region: SEGV_ACCERR. */
	KUNIT_EXPECT_EQ(test, mm_fault_user_area(mm, a + P, PF_WRITE | PF_PROT,
						 0), MM_FAULT_ACCERR);
	KUNIT_EXPECT_EQ(test, sys_mprotect(a + P, P, PROT_NONE), 0);
	pte = pte_of(mm, a + P);
	KUNIT_EXPECT_TRUE(test, pte_present(pte));	/* PROT_NONE keeps it */
	KUNIT_EXPECT_FALSE(test, pte_val(pte) & _PAGE_PRESENT);
	KUNIT_EXPECT_EQ(test, mm_fault_user_area(mm, a + P, PF_PROT, 0),
			MM_FAULT_ACCERR);
	KUNIT_EXPECT_EQ(test, sys_mprotect(a + P, P, RW), 0);
	/* regions of a file (the object) are never merged again, as in 2.4 */
	KUNIT_EXPECT_EQ(test, mm->map_count, 3);
	KUNIT_EXPECT_TRUE(test, pte_write(pte_of(mm, a + P)));
	KUNIT_EXPECT_EQ(test, peek(a + P), 2);
	/* Nothing mapped: SEGV_MAPERR. */
	KUNIT_EXPECT_EQ(test, mm_fault_user_area(mm, a + 10 * P, 0, 0),
			MM_FAULT_MAPERR);
	leave_mm(mm);
}

static void the_zero_page_is_never_writable(struct kunit *test)
{
	struct mm_struct *mm = enter_new_mm(test);
	unsigned long a = map_anon(0, P, PROT_READ, ANON);

	KUNIT_EXPECT_EQ(test, peek(a), 0);
	KUNIT_EXPECT_PTR_EQ(test, pte_page(pte_of(mm, a)), ZERO_PAGE(a));
	KUNIT_EXPECT_EQ(test, sys_mprotect(a, P, RW), 0);
	KUNIT_EXPECT_FALSE(test, pte_write(pte_of(mm, a)));
	poke(a, 5);		/* copy-on-write of the zero page */
	KUNIT_EXPECT_PTR_NE(test, pte_page(pte_of(mm, a)), ZERO_PAGE(a));
	KUNIT_EXPECT_EQ(test, ((int *)empty_zero_page)[0], 0);
	leave_mm(mm);
}

static void madvise_dontneed_drops_pages(struct kunit *test)
{
	struct mm_struct *mm = enter_new_mm(test);
	unsigned long a = map_anon(0, 2 * P, RW, ANON);

	poke(a, 7);
	poke(a + P, 8);
	KUNIT_EXPECT_EQ(test, sys_madvise(a, P, MADV_DONTNEED), 0);
	KUNIT_EXPECT_EQ(test, pte_val(pte_of(mm, a)), 0);
	KUNIT_EXPECT_EQ(test, mm->rss, 1);
	KUNIT_EXPECT_EQ(test, peek(a), 0);	/* refaulted: zeroes */
	KUNIT_EXPECT_EQ(test, peek(a + P), 8);
	leave_mm(mm);
}

static void mremap_moves_pages_with_their_contents(struct kunit *test)
{
	struct mm_struct *mm = enter_new_mm(test);
	unsigned long a = map_anon(0, 2 * P, RW, ANON);
	unsigned long b, frame;

	poke(a, 41);
	poke(a + P, 42);
	frame = pte_phys(pte_of(mm, a));
	/* Block growth in place, so the region must move. */
	KUNIT_ASSERT_EQ(test, map_anon(a + 2 * P, P, PROT_READ,
				       ANON | MAP_FIXED), a + 2 * P);
	KUNIT_EXPECT_EQ(test, sys_mremap(a, 2 * P, 4 * P, 0, 0), -ENOMEM);
	b = sys_mremap(a, 2 * P, 4 * P, MREMAP_MAYMOVE, 0);
	KUNIT_ASSERT_EQ(test, b, a + 3 * P);
	KUNIT_EXPECT_EQ(test, pte_phys(pte_of(mm, b)), frame);
	KUNIT_EXPECT_EQ(test, pte_val(pte_of(mm, a)), 0);
	KUNIT_EXPECT_EQ(test, peek(b), 41);
	KUNIT_EXPECT_EQ(test, peek(b + P), 42);
	KUNIT_EXPECT_EQ(test, peek(b + 3 * P), 0);
	KUNIT_EXPECT_EQ(test, mm->total_vm, 5);
	leave_mm(mm);
}

static void mlock_populates(struct kunit *test)
{
	struct mm_struct *mm = enter_new_mm(test);
	unsigned long a = map_anon(0, 4 * P, RW, ANON);

	KUNIT_EXPECT_EQ(test, sys_mlock(a + P, 2 * P), 0);
	KUNIT_EXPECT_EQ(test, mm->locked_vm, 2);
	KUNIT_EXPECT_EQ(test, mm->map_count, 3);
	KUNIT_EXPECT_EQ(test, pte_val(pte_of(mm, a)), 0);
	KUNIT_EXPECT_TRUE(test, pte_write(pte_of(mm, a + P)));
	KUNIT_EXPECT_TRUE(test, pte_write(pte_of(mm, a + 2 * P)));
	KUNIT_EXPECT_EQ(test, mm->rss, 2);
	KUNIT_EXPECT_EQ(test, sys_munlockall(), 0);
	KUNIT_EXPECT_EQ(test, mm->map_count, 1);
	KUNIT_EXPECT_EQ(test, mm->locked_vm, 0);
	leave_mm(mm);
}

static void stack_grows_down_to_the_fault(struct kunit *test)
{
	struct mm_struct *mm = enter_new_mm(test);
	unsigned long top = TASK_UNMAPPED_BASE + 64 * P, low = top - 16 * P;
	struct vm_area_struct *vma;

	KUNIT_ASSERT_EQ(test, map_anon(low, P, RW, ANON | MAP_FIXED), low);
	KUNIT_ASSERT_EQ(test, map_anon(top - 2 * P, 2 * P, RW,
				       ANON | MAP_FIXED | MAP_GROWSDOWN),
			top - 2 * P);
	poke(top - 5 * P + 12, 9);	/* three pages below: grows */
	vma = find_vma(mm, top - P);
	KUNIT_EXPECT_EQ(test, vma->vm_start, top - 5 * P);
	KUNIT_EXPECT_EQ(test, mm->total_vm, 6);
	KUNIT_EXPECT_EQ(test, peek(top - 5 * P + 12), 9);
	/* From user mode, more than 32 bytes below ESP is no stack access. */
	KUNIT_EXPECT_EQ(test, mm_fault_user_area(mm, top - 6 * P,
						 PF_USER | PF_WRITE,
						 top - 6 * P + 64),
			MM_FAULT_MAPERR);
	KUNIT_EXPECT_EQ(test, mm_fault_user_area(mm, top - 6 * P,
						 PF_USER | PF_WRITE,
						 top - 6 * P + 32),
			MM_FAULT_DONE);
	/* It may not grow into the region below. */
	KUNIT_EXPECT_EQ(test, mm_fault_user_area(mm, low, PF_WRITE, 0),
			MM_FAULT_DONE);		/* that is low's own page */
	KUNIT_EXPECT_EQ(test, expand_stack(vma, low), -ENOMEM);
	KUNIT_EXPECT_EQ(test, vma->vm_start, top - 6 * P);
	leave_mm(mm);
}

static void brk_heap_is_usable(struct kunit *test)
{
	struct mm_struct *mm = enter_new_mm(test);
	unsigned long base = 0x08100000;

	mm->start_brk = mm->brk = base;
	KUNIT_EXPECT_EQ(test, sys_brk(base + 3 * P + 10), base + 3 * P + 10);
	poke(base + 3 * P + 4, 77);
	KUNIT_EXPECT_EQ(test, peek(base + 3 * P + 4), 77);
	KUNIT_EXPECT_EQ(test, mm->rss, 1);
	KUNIT_EXPECT_EQ(test, sys_brk(base + P), base + P);
	KUNIT_EXPECT_EQ(test, mm->rss, 0);
	KUNIT_EXPECT_EQ(test, mm->total_vm, 1);
	leave_mm(mm);
}

/* ---- mmap_sem: the sleeping reader/writer semaphore ------------------- */

static struct rw_semaphore test_sem;
static volatile int reader_done, writer_done;

static int sem_reader(void *arg)
{
	down_read(&test_sem);
	reader_done = 1;
	up_read(&test_sem);
	return 0;
}

static int sem_writer(void *arg)
{
	down_write(&test_sem);
	writer_done = 1;
	up_write(&test_sem);
	return 0;
}

/* Let the other threads run until they block or finish. */
static void let_others_run(void)
{
	for (int i = 0; i < 10; i++)
		yield();
}

static void rwsem_writer_excludes_and_sleeps(struct kunit *test)
{
	int pid;

	init_rwsem(&test_sem);
	reader_done = 0;
	down_write(&test_sem);
	pid = kernel_thread(sem_reader, NULL, "reader", 0);
	KUNIT_ASSERT_GT(test, pid, 0);
	let_others_run();
	/* The reader sleeps on the semaphore's queue, not in a spin. */
	KUNIT_EXPECT_EQ(test, reader_done, 0);
	KUNIT_EXPECT_EQ(test, waitqueue_len(&test_sem.wait), 1);
	KUNIT_EXPECT_EQ(test, find_task_by_pid(pid)->state,
			TASK_UNINTERRUPTIBLE);
	up_write(&test_sem);
	kthread_wait(pid, NULL);
	KUNIT_EXPECT_EQ(test, reader_done, 1);
	KUNIT_EXPECT_EQ(test, test_sem.activity, 0);
}

static void rwsem_waiting_writer_holds_off_new_readers(struct kunit *test)
{
	int pid;

	init_rwsem(&test_sem);
	writer_done = 0;
	down_read(&test_sem);
	KUNIT_EXPECT_TRUE(test, down_read_trylock(&test_sem));	/* shared */
	up_read(&test_sem);
	pid = kernel_thread(sem_writer, NULL, "writer", 0);
	KUNIT_ASSERT_GT(test, pid, 0);
	let_others_run();
	KUNIT_EXPECT_EQ(test, writer_done, 0);
	KUNIT_EXPECT_EQ(test, test_sem.writers_waiting, 1);
	/* A new reader now waits behind the writer. */
	KUNIT_EXPECT_FALSE(test, down_read_trylock(&test_sem));
	KUNIT_EXPECT_FALSE(test, down_write_trylock(&test_sem));
	up_read(&test_sem);
	kthread_wait(pid, NULL);
	KUNIT_EXPECT_EQ(test, writer_done, 1);
	KUNIT_EXPECT_EQ(test, test_sem.writers_waiting, 0);
	KUNIT_EXPECT_TRUE(test, down_write_trylock(&test_sem));
	up_write(&test_sem);
}

static struct kunit_case vma_cases[] = {
	KUNIT_CASE(rwsem_writer_excludes_and_sleeps),
	KUNIT_CASE(rwsem_waiting_writer_holds_off_new_readers),
	KUNIT_CASE(read_fault_maps_the_zero_page),
	KUNIT_CASE(write_after_read_replaces_the_zero_page),
	KUNIT_CASE(write_fault_maps_a_private_page),
	KUNIT_CASE(write_fault_clears_a_recycled_page),
	KUNIT_CASE(fork_copies_on_write),
	KUNIT_CASE(mprotect_changes_the_ptes),
	KUNIT_CASE(the_zero_page_is_never_writable),
	KUNIT_CASE(madvise_dontneed_drops_pages),
	KUNIT_CASE(mremap_moves_pages_with_their_contents),
	KUNIT_CASE(mlock_populates),
	KUNIT_CASE(stack_grows_down_to_the_fault),
	KUNIT_CASE(brk_heap_is_usable),
	{}
};

static struct kunit_suite vma_suite = {
	.name = "vma",
	.test_cases = vma_cases,
};
kunit_test_suite(vma_suite);
