// SPDX-License-Identifier: GPL-2.0-only
/*
 * mmctx_test.c - address spaces and the CPU under preemption: what a new
 * page directory holds (pgd_alloc(), checked by the Bochs oracle too at
 * the "pgd_alloc" checkpoint), the mm_count reference a lazy-TLB kernel
 * thread holds on the address space it borrows, the vmalloc fault never
 * interrupted by a task switch, and TLB flushes that never put back the
 * page directory of an address space left meanwhile.
 *
 * The races need a task switch at one exact place. Two tools put it
 * there: a timer interrupt made pending with interrupts off and taken at
 * the first instruction that allows it, with the slice of the running
 * thread about to end (its counter at 1); and, for windows a single
 * instruction wide, the timer reprogrammed to tick often while a thread
 * runs the racy code in a loop. Bochs counts time in instructions, so
 * every run sees the same ticks at the same places.
 */
#include "mm_test.h"
#include <vmalloc.h>
#include <pgalloc.h>
#include <mmu_context.h>
#include <tlbflush.h>
#include <checkpoint.h>
#include <system.h>
#include <sched.h>
#include <io.h>
#include <jiffies.h>
#include <errno.h>

#define P	PAGE_SIZE

extern unsigned long nr_vmalloc_faults;

/* ---- pgd_alloc --------------------------------------------------------- */

/*
 * A new directory: the user half empty, the kernel half entry for entry
 * swapper_pg_dir's. The oracle reads both directories at the checkpoint
 * and compares them itself.
 */
static void pgd_alloc_copies_the_kernel_half(struct kunit *test)
{
	struct mm_struct *mm = mm_alloc();
	unsigned long user = 0, differ = 0, flags;

	KUNIT_ASSERT_NOT_NULL(test, mm);
	local_irq_save(flags);
	for (unsigned long i = 0; i < PTRS_PER_PGD; i++) {
		unsigned long mine = pgd_val(mm->pgd[i]);

		if (i < USER_PTRS_PER_PGD)
			user += mine != 0;
		else if (mine != pgd_val(swapper_pg_dir[i]) && !differ++)
			KUNIT_FAIL(test, "kernel slot %lu: %08lx, swapper "
				   "%08lx", i, mine,
				   pgd_val(swapper_pg_dir[i]));
	}
	checkpoint("pgd_alloc", "pgd=%#lx swapper=%#lx user_slots=%lu",
		   __pa(mm->pgd), __pa(swapper_pg_dir),
		   (unsigned long)USER_PTRS_PER_PGD);
	local_irq_restore(flags);
	KUNIT_EXPECT_EQ(test, user, 0);
	KUNIT_EXPECT_EQ(test, differ, 0);
	/* The last slot holds the fixmap's table: the copy must reach it. */
	KUNIT_EXPECT_NE(test, pgd_val(mm->pgd[PTRS_PER_PGD - 1]), 0);
	mmput(mm);
}

/* ---- lazy TLB: the borrower's reference -------------------------------- */

struct borrow_note {
	struct mm_struct *mm;	/* what the kernel thread ran on */
	int mm_count;		/* that mm's mm_count meanwhile */
};

/* A kernel thread (no mm) that notes the address space it borrowed. */
static int note_borrowed_mm(void *arg)
{
	struct borrow_note *note = arg;

	note->mm = current->active_mm;
	note->mm_count = note->mm->mm_count;
	return 0;
}

static void borrowing_thread_holds_an_mm_count_reference(struct kunit *test)
{
	struct mm_struct *mm = mm_alloc();
	struct borrow_note note = { NULL, 0 };
	int before, pid;

	KUNIT_ASSERT_NOT_NULL(test, mm);
	use_mm(mm);
	before = mm->mm_count;		/* mm_alloc's and use_mm's */
	KUNIT_EXPECT_EQ(test, before, 2);
	pid = kernel_thread(note_borrowed_mm, &note, "borrower", 0);
	KUNIT_ASSERT_GT(test, pid, 0);
	kthread_wait(pid, NULL);	/* it runs next, on our mm */
	KUNIT_EXPECT_PTR_EQ(test, note.mm, mm);
	KUNIT_EXPECT_EQ(test, note.mm_count, before + 1);
	/* It is gone: so is its reference. */
	KUNIT_EXPECT_EQ(test, mm->mm_count, before);
	unuse_mm(mm);
	KUNIT_EXPECT_EQ(test, mm->mm_count, 1);
	mmput(mm);
}

/* ---- the vmalloc fault and preemption ---------------------------------- */

#define PIC_MASTER_CMD	0x20
#define PIC_READ_IRR	0x0a
#define TIMER_IRQ_BIT	0x01
/* A tick comes every 500,000 instructions; this many polls is plenty. */
#define IRR_POLLS	10000000UL

/* With interrupts off, wait until the timer's interrupt is pending. */
static bool wait_for_pending_tick(void)
{
	for (unsigned long i = 0; i < IRR_POLLS; i++) {
		outb(PIC_READ_IRR, PIC_MASTER_CMD);
		if (inb(PIC_MASTER_CMD) & TIMER_IRQ_BIT)
			return true;
	}
	return false;
}

static struct {
	volatile bool in_access;	/* the faulting load is under way */
	volatile unsigned long faults_before;	/* nr_vmalloc_faults */
	volatile unsigned long mid_fault;	/* switches seen mid-fault */
	volatile unsigned long turns;		/* times the watcher ran */
	volatile bool stop;
} watch;

/*
 * The other thread: it runs whenever the faulting thread is switched out,
 * and counts the times that happened in the middle of a vmalloc fault
 * (the load under way, the fault not yet resolved).
 */
static int watch_vmalloc_faults(void *arg)
{
	while (!watch.stop) {
		if (watch.in_access &&
		    nr_vmalloc_faults == watch.faults_before)
			watch.mid_fault++;
		watch.turns++;
		yield();
	}
	return 0;
}

#define FAULT_ROUNDS	16

/*
 * Take a vmalloc fault with interrupts on, a timer tick pending and the
 * slice ending: the tick comes the moment anything enables interrupts.
 * The fault must be resolved before that: its handler reads CR3 and
 * writes a pgd entry through it, and a task switch in between could free
 * that directory. The watcher thread runs at each switch and sees
 * whether the fault was still open.
 */
static u32 fault_once(u32 *addr, pgd_t *pgd, unsigned long idx, bool *ticked)
{
	unsigned long flags;
	u32 v;

	local_irq_save(flags);
	set_pgd(pgd + idx, __pgd(0));	/* as if copied before the table */
	__flush_tlb();
	*ticked = wait_for_pending_tick();
	current->counter = 1;		/* this tick ends the slice */
	watch.faults_before = nr_vmalloc_faults;
	watch.in_access = true;
	/* sti's shadow: the load runs (and faults) before the tick. */
	asm volatile("sti\n\tmovl (%1), %0" : "=r"(v) : "r"(addr) : "memory");
	watch.in_access = false;
	local_irq_restore(flags);
	return v;
}

/*
 * The page the faults read, vmalloc()ed for the whole suite: its page
 * table, once made, is never freed, and would count as a leak of the case.
 */
static u32 *fault_page;

static int mmctx_suite_init(struct kunit_suite *suite)
{
	fault_page = vmalloc(P);
	return fault_page ? 0 : -ENOMEM;
}

static void mmctx_suite_exit(struct kunit_suite *suite)
{
	vfree(fault_page);
}

static void vmalloc_fault_is_never_preempted(struct kunit *test)
{
	u32 *p = fault_page;
	struct mm_struct *mm = mm_alloc();
	unsigned long faults = nr_vmalloc_faults, idx;
	unsigned int wrong = 0, no_tick = 0;
	int pid;

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_NOT_NULL(test, mm);
	*p = 0x5eed;
	idx = pgd_index((unsigned long)p);
	memset((void *)&watch, 0, sizeof(watch));
	use_mm(mm);
	pid = kernel_thread(watch_vmalloc_faults, NULL, "watcher", 0);
	KUNIT_ASSERT_GT(test, pid, 0);
	for (int i = 0; i < FAULT_ROUNDS; i++) {
		bool ticked;

		wrong += fault_once(p, mm->pgd, idx, &ticked) != 0x5eed;
		no_tick += !ticked;
	}
	watch.stop = true;
	kthread_wait(pid, NULL);
	unuse_mm(mm);
	mmput(mm);
	KUNIT_EXPECT_EQ(test, no_tick, 0);
	KUNIT_EXPECT_EQ(test, wrong, 0);
	KUNIT_EXPECT_EQ(test, nr_vmalloc_faults, faults + FAULT_ROUNDS);
	/* Each round's tick switched to the watcher: the pressure was real. */
	KUNIT_EXPECT_GE(test, watch.turns, FAULT_ROUNDS);
	KUNIT_EXPECT_EQ(test, watch.mid_fault, 0);
}

/* ---- TLB flushes and preemption ---------------------------------------- */

#define PIT_CH0		0x40
#define PIT_CMD		0x43
#define PIT_FREQ	1193182
/* About 8,500 instructions between ticks under Bochs' 50 MIPS. */
#define FAST_DIVISOR	203
#define FLIP_TARGET	1000
#define FLUSH_LIMIT	20000000UL
#define FLUSH_BATCH	32

/* Program the timer's channel 0 with @divisor (as time_init() does). */
static void pit_set_divisor(unsigned int divisor)
{
	outb(0x34, PIT_CMD);
	outb(divisor & 0xff, PIT_CH0);
	outb(divisor >> 8, PIT_CH0);
}

static struct {
	struct mm_struct *mm;
	volatile unsigned long flips;
	volatile bool stop;
} flipper;

/*
 * Each time it runs, this thread changes the address space it leaves
 * loaded: its own mm, then none (swapper_pg_dir), and so on. A kernel
 * thread switched in after it borrows a different one each time.
 */
static int flip_address_space(void *arg)
{
	while (!flipper.stop) {
		if (current->mm)
			unuse_mm(flipper.mm);
		else
			use_mm(flipper.mm);
		flipper.flips++;
		yield();
	}
	if (current->mm)
		unuse_mm(flipper.mm);
	return 0;
}

/*
 * flush_tlb_mm() reloads CR3 with itself. A task switch between the read
 * and the write would bring this thread back on another borrowed address
 * space, and the write would then load the one it left: CR3 and
 * active_mm disagree. Run the flush in a loop while the timer ticks often
 * and the flipper changes what this thread borrows at every switch.
 */
static void tlb_flush_never_reloads_a_stale_cr3(struct kunit *test)
{
	unsigned long stale = 0, flushes = 0, stale_at = -1UL, flags;
	unsigned int latch = (PIT_FREQ + HZ / 2) / HZ;
	int pid;

	KUNIT_ASSERT_NULL(test, current->mm);	/* a borrowing thread */
	flipper.mm = mm_alloc();
	KUNIT_ASSERT_NOT_NULL(test, flipper.mm);
	flipper.flips = 0;
	flipper.stop = false;
	pid = kernel_thread(flip_address_space, NULL, "flipper", 0);
	KUNIT_ASSERT_GT(test, pid, 0);
	pit_set_divisor(FAST_DIVISOR);
	while (flipper.flips < FLIP_TARGET && flushes < FLUSH_LIMIT) {
		current->counter = 1;	/* every tick switches */
		for (int i = 0; i < FLUSH_BATCH; i++)
			flush_tlb_mm(current->active_mm);
		flushes += FLUSH_BATCH;
		local_irq_save(flags);
		/* Count each stale reload once: it lasts until a switch. */
		if (read_cr3() != __pa(current->active_mm->pgd) &&
		    stale_at != flipper.flips) {
			stale++;
			stale_at = flipper.flips;
		}
		local_irq_restore(flags);
	}
	pit_set_divisor(latch);
	flipper.stop = true;
	kthread_wait(pid, NULL);
	mmput(flipper.mm);
	kunit_info(test, "%lu flushes, %lu switches, %lu stale reloads",
		   flushes, flipper.flips, stale);
	KUNIT_EXPECT_GE(test, flipper.flips, FLIP_TARGET);
	KUNIT_EXPECT_EQ(test, stale, 0);
}

static struct kunit_case mmctx_cases[] = {
	KUNIT_CASE(pgd_alloc_copies_the_kernel_half),
	KUNIT_CASE(borrowing_thread_holds_an_mm_count_reference),
	KUNIT_CASE(vmalloc_fault_is_never_preempted),
	KUNIT_CASE(tlb_flush_never_reloads_a_stale_cr3),
	{}
};

static struct kunit_suite mmctx_suite = {
	.name = "mmctx",
	.test_cases = mmctx_cases,
	.suite_init = mmctx_suite_init,
	.suite_exit = mmctx_suite_exit,
};
kunit_test_suite(mmctx_suite);
