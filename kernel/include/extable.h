/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file extable.h
 * @brief The exception table: where to resume when a known instruction
 * faults (Linux: asm/uaccess.h, mm/extable.c).
 *
 * Code that touches memory it does not trust (a user pointer, a probe of a
 * kernel address) records its instruction's address with the address of a
 * fixup. The page-fault handler looks EIP up here before declaring an oops.
 */
#ifndef _VMM_EXTABLE_H
#define _VMM_EXTABLE_H

struct pt_regs;

/**
 * struct exception_table_entry - one faulting instruction and its fixup.
 */
struct exception_table_entry {
	unsigned long insn;	/**< address of an instruction that may fault */
	unsigned long fixup;	/**< where to continue if it does */
};

void sort_main_extable(void);
const struct exception_table_entry *search_exception_tables(unsigned long addr);
int fixup_exception(struct pt_regs *regs);
int probe_kernel_read(void *dst, const void *src, unsigned long len);
int probe_kernel_write(void *dst, const void *src, unsigned long len);

/** Number of faults recovered through the exception table since boot. */
extern unsigned long nr_exception_fixups;

#endif /* _VMM_EXTABLE_H */
