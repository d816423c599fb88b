// SPDX-License-Identifier: GPL-2.0-only
/*
 * fault.c - the page-fault handler (Linux: arch/i386/mm/fault.c).
 *
 * The decision tree grows chapter by chapter. Today:
 *
 *  - a kernel-mode access to a kernel address that is not present may be a
 *    vmalloc fault (Chapter 8): the page directory in CR3 was copied from
 *    swapper_pg_dir before vmalloc() gave the range a page table. Copy the
 *    entry from init_mm and return; the access is retried.
 *  - any other fault in kernel mode is resolved by the exception table if
 *    the faulting instruction has a fixup; otherwise it is an oops naming
 *    the address, what kind of access it was, the page directory and table
 *    entries that refused it and, in the vmalloc window, the area it hit.
 */
#include <traps.h>
#include <kernel.h>
#include <system.h>
#include <extable.h>
#include <pgtable.h>
#include <sched.h>
#include <mm_types.h>
#include <processor.h>
#include <vmalloc.h>
#include <signal.h>
#include <mman.h>
#include <preempt.h>
#include <pgwalk.h>

unsigned long nr_page_faults;
unsigned long nr_vmalloc_faults;

/** Describe the error code bits of a page fault, as words. */
static void print_error_code(unsigned long error_code)
{
	printk(KERN_ALERT " error_code=%04lx: %s, %s access, %s mode%s\n",
	       error_code,
	       (error_code & PF_PROT) ? "protection violation"
				      : "page not present",
	       (error_code & PF_WRITE) ? "write" : "read",
	       (error_code & PF_USER) ? "user" : "kernel",
	       (error_code & PF_RSVD) ? ", reserved bit set" : "");
}

/* The page directory the CPU is using now, through the direct map. */
static pgd_t *loaded_pgd(void)
{
	return (pgd_t *)__va(read_cr3() & PAGE_MASK);
}

/*
 * Print the paging entries for @address in the current page directory:
 * the directory entry, and the pte if a page table covers the address.
 */
static void dump_pagetable(unsigned long address)
{
	struct pgwalk_slot slot;
	enum pgwalk_found found = pgwalk_lookup(loaded_pgd(), address, &slot);

	printk(KERN_ALERT "*pde = %08lx\n", pgd_val(*slot.pgd));
	if (found == PGWALK_PTE)
		printk(KERN_ALERT "*pte = %08lx\n", pte_val(*slot.pte));
}

/*
 * The kernel touched something it should not have and nobody expected it:
 * print a Linux-style report and oops.
 */
static void no_context(struct pt_regs *regs, unsigned long error_code,
		       unsigned long address)
{
	if (fixup_exception(regs))
		return;
	if (address < PAGE_SIZE)
		printk(KERN_ALERT "Unable to handle kernel NULL pointer dereference");
	else
		printk(KERN_ALERT "Unable to handle kernel paging request");
	printk(KERN_CONT " at virtual address %08lx\n", address);
	print_error_code(error_code);
	printk(KERN_ALERT " printing eip:\n");
	printk(KERN_ALERT "%08lx\n", regs->eip);
	dump_pagetable(address);
	show_vmalloc_area(address);
	die("Oops", regs, error_code);
}

/*
 * Bring the page directory in CR3 up to date for kernel address @address
 * from the master, init_mm's swapper_pg_dir (Linux 2.4's vmalloc_fault
 * label). Only the pgd entry, and with it the folded pmd, is copied: the
 * page table it points to is shared. If the master has no page table
 * there, or no page in it, the fault is real: -1, and nothing is copied.
 * (Linux 2.4 copies the pgd entry before it looks at the pmd; with the pmd
 * folded that could copy an empty entry, so vmm386 looks first.)
 *
 * It runs with interrupts off, as do_page_fault() was entered: between
 * reading CR3 and writing through it, nothing may switch tasks, or the
 * entry could land in a page directory freed meanwhile. No lock is needed
 * beyond that: copying an entry that is already there is harmless, and
 * entries of the master are never removed.
 *
 * Nothing tells other page directories when vfree() clears ptes: they
 * share the page tables, so they see it. Page tables are never freed, so
 * an entry once copied never dangles (Linux relies on the same).
 */
static int vmalloc_fault(unsigned long address)
{
	struct pgwalk_slot master;
	pgd_t *pgd;

	switch (pgwalk_lookup(init_mm.pgd, address, &master)) {
	case PGWALK_NONE:
		return -1;
	case PGWALK_PTE:
		if (!pte_present(*master.pte))
			return -1;
		break;
	case PGWALK_LARGE:
		break;
	}
	pgd = loaded_pgd() + pgd_index(address);
	if (pgd_none(*pgd))
		set_pgd(pgd, *master.pgd);
	set_pmd(pmd_offset(pgd, address), *master.pmd);
	nr_vmalloc_faults++;
	return 0;
}

/*
 * A user-mode access that the region code could not resolve (Linux's
 * bad_area, do_sigbus and out_of_memory labels, user branch): record the
 * fault for the signal frame and send the signal @why calls for. As in
 * Linux, si_code says whether a region exists there: SEGV_MAPERR if none
 * does (a hole, a kernel address), SEGV_ACCERR if one does but forbids
 * the access -- whether or not the page was present, which the CPU's
 * error code alone cannot tell. It is never an oops, whatever the
 * address.
 */
static void bad_area_user(unsigned long error_code, unsigned long address,
			  int why)
{
	struct task_struct *tsk = current;

	tsk->thread.cr2 = address;
	tsk->thread.error_code = error_code;
	tsk->thread.trap_no = 14;
	if (why == MM_FAULT_SIGBUS)
		force_sig_fault(SIGBUS, BUS_ADRERR, address, tsk);
	else if (why == MM_FAULT_OOM)
		force_sig(SIGKILL, tsk);	/* 2.4: do_exit(SIGKILL) */
	else
		force_sig_fault(SIGSEGV, why == MM_FAULT_ACCERR ? SEGV_ACCERR
								: SEGV_MAPERR,
				address, tsk);
}

/* A kernel-mode access to a kernel address found nothing: a vmalloc fault? */
static bool may_be_vmalloc_fault(unsigned long error_code,
				 unsigned long address)
{
	return address >= TASK_SIZE && !(error_code & (PF_PROT | PF_USER));
}

/*
 * A fault on a user address of a task with an address space, outside
 * interrupts: Chapter 5's region path (mm_fault_user_area in
 * pagefault.c). Returns its MM_FAULT_* verdict: MM_FAULT_DONE if the
 * access can be retried. A kernel address, or a task without an address
 * space, has no region: MM_FAULT_MAPERR.
 */
static int user_address_fault(struct pt_regs *regs, unsigned long error_code,
			      unsigned long address)
{
	struct mm_struct *mm = current->mm;

	if (address >= TASK_SIZE || !mm || in_interrupt())
		return MM_FAULT_MAPERR;
	return mm_fault_user_area(mm, address, error_code,
				  user_mode(regs) ? regs->esp : 0);
}

/**
 * The page-fault exception handler, entered through an interrupt gate
 * (interrupts off). CR2 holds the faulting address; it is read first,
 * before anything else could fault and overwrite it. A vmalloc fault is
 * settled while interrupts are still off (as Linux 2.6 does; 2.4 turns
 * them on first): it reads CR3 and writes through it, and a task switch
 * in between could leave it writing into a page directory freed
 * meanwhile. Only then, if the interrupted code had interrupts on, are
 * they turned back on: what follows may sleep.
 */
void do_page_fault(struct pt_regs *regs, unsigned long error_code)
{
	unsigned long address = read_cr2();
	int why;

	nr_page_faults++;
	if (may_be_vmalloc_fault(error_code, address) &&
	    !vmalloc_fault(address))
		return;
	if (regs->eflags & X86_EFLAGS_IF)
		local_irq_enable();
	why = user_address_fault(regs, error_code, address);
	if (why == MM_FAULT_DONE)
		return;
	if (error_code & PF_USER) {
		bad_area_user(error_code, address, why);
		return;
	}
	no_context(regs, error_code, address);
}
