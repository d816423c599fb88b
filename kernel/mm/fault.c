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

/*
 * Print the paging entries for @address in the current page directory. The
 * page directory is read through the direct mapping; a page table that is
 * not directly mapped is not followed.
 */
static void dump_pagetable(unsigned long address)
{
	pgd_t *pgd = (pgd_t *)__va(read_cr3() & PAGE_MASK) + pgd_index(address);
	pte_t *pte;

	printk(KERN_ALERT "*pde = %08lx\n", pgd_val(*pgd));
	if (!(pgd_val(*pgd) & _PAGE_PRESENT) || (pgd_val(*pgd) & _PAGE_PSE))
		return;
	pte = pte_offset_kernel((pmd_t *)pgd, address);
	printk(KERN_ALERT "*pte = %08lx\n", pte_val(*pte));
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
 * page table it points to is shared. No lock: copying an entry that is
 * already there is harmless, and entries are never removed. If the master
 * has no page table there, or no page in it, the fault is real: -1.
 * (Linux 2.4 copies the pgd entry before it looks at the pmd; with the pmd
 * folded that could copy an empty entry, so vmm386 looks first.)
 *
 * Nothing tells other page directories when vfree() clears ptes: they
 * share the page tables, so they see it. Page tables are never freed, so
 * an entry once copied never dangles (Linux relies on the same).
 */
static int vmalloc_fault(unsigned long address)
{
	unsigned long index = pgd_index(address);
	pgd_t *pgd = (pgd_t *)__va(read_cr3() & PAGE_MASK) + index;
	pgd_t *pgd_k = init_mm.pgd + index;
	pmd_t *pmd, *pmd_k;

	if (!pgd_present(*pgd_k))
		return -1;
	pmd_k = pmd_offset(pgd_k, address);
	if (!pmd_present(*pmd_k))
		return -1;
	set_pgd(pgd, *pgd_k);
	pmd = pmd_offset(pgd, address);
	set_pmd(pmd, *pmd_k);
	if (!pmd_large(*pmd_k) &&
	    !pte_present(*pte_offset_kernel(pmd_k, address)))
		return -1;
	nr_vmalloc_faults++;
	return 0;
}

/*
 * A user-mode access to an address the process may not touch (Linux's
 * bad_area label, user branch): record the fault for the signal frame and
 * send SIGSEGV. It is never an oops, whatever the address.
 */
static void bad_area_user(unsigned long error_code, unsigned long address)
{
	struct task_struct *tsk = current;

	tsk->thread.cr2 = address;
	tsk->thread.error_code = error_code;
	tsk->thread.trap_no = 14;
	force_sig(SIGSEGV, tsk);
}

/**
 * The page-fault exception handler. CR2 holds the faulting address; it is
 * read first, before anything else could fault and overwrite it. Then, if
 * the interrupted code had interrupts on, they are turned back on: handling
 * the fault may sleep.
 */
void do_page_fault(struct pt_regs *regs, unsigned long error_code)
{
	unsigned long address = read_cr2();

	nr_page_faults++;
	if (regs->eflags & X86_EFLAGS_IF)
		local_irq_enable();
	/* Kernel mode, not present, kernel address: maybe a vmalloc fault. */
	if (address >= TASK_SIZE && !(error_code & (PF_PROT | PF_USER)) &&
	    !vmalloc_fault(address))
		return;
	if (error_code & PF_USER) {
		bad_area_user(error_code, address);
		return;
	}
	no_context(regs, error_code, address);
}
