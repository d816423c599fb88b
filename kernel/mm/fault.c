// SPDX-License-Identifier: GPL-2.0-only
/*
 * fault.c - the page-fault handler (Linux: arch/i386/mm/fault.c).
 *
 * The decision tree grows chapter by chapter. Today: a fault in kernel mode
 * is resolved by the exception table if the faulting instruction has a
 * fixup; otherwise it is an oops naming the address, what kind of access it
 * was, and the page directory and table entries that refused it.
 */
#include <traps.h>
#include <kernel.h>
#include <system.h>
#include <extable.h>
#include <pgtable.h>
#include <sched.h>
#include <mm_types.h>

unsigned long nr_page_faults;

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
	die("Oops", regs, error_code);
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
	no_context(regs, error_code, address);
}
