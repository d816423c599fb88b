/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file kallsyms.h
 * @brief The kernel's own symbol table, embedded at link time, so that
 * oopses and backtraces print function names (Linux: linux/kallsyms.h).
 */
#ifndef _VMM_KALLSYMS_H
#define _VMM_KALLSYMS_H

/** Longest symbol name kept. */
#define KSYM_NAME_LEN	64

const char *kallsyms_lookup(unsigned long addr, unsigned long *offset,
			    unsigned long *size);
unsigned long kallsyms_lookup_name(const char *name);
int sprint_symbol(char *buf, unsigned long addr);
void show_trace(unsigned long ebp);
void dump_stack(void);

#endif /* _VMM_KALLSYMS_H */
