// SPDX-License-Identifier: GPL-2.0-only
/*
 * extable.c - the exception table (Linux: mm/extable.c and
 * arch/i386/mm/extable.c).
 *
 * The linker gathers every (insn, fixup) pair from the __ex_table sections
 * of all objects, in link order. It is sorted once at boot so that the
 * page-fault handler can binary-search it.
 */
#include <extable.h>
#include <ptrace.h>
#include <kernel.h>
#include <errno.h>

extern struct exception_table_entry __start___ex_table[];
extern struct exception_table_entry __stop___ex_table[];

unsigned long nr_exception_fixups;

/** Sort the kernel's exception table by instruction address. */
void sort_main_extable(void)
{
	struct exception_table_entry *start = __start___ex_table;
	long n = __stop___ex_table - __start___ex_table;

	for (long i = 1; i < n; i++) {	/* insertion sort: short table */
		struct exception_table_entry e = start[i];
		long j = i;

		while (j > 0 && start[j - 1].insn > e.insn) {
			start[j] = start[j - 1];
			j--;
		}
		start[j] = e;
	}
}

/** The entry for the instruction at @p addr, or NULL. */
const struct exception_table_entry *search_exception_tables(unsigned long addr)
{
	const struct exception_table_entry *lo = __start___ex_table;
	const struct exception_table_entry *hi = __stop___ex_table;

	while (lo < hi) {
		const struct exception_table_entry *mid = lo + (hi - lo) / 2;

		if (mid->insn == addr)
			return mid;
		if (mid->insn < addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/**
 * If the faulting instruction of @p regs has a fixup, resume there and
 * return 1; the fault then looks to its code like an error return.
 */
int fixup_exception(struct pt_regs *regs)
{
	const struct exception_table_entry *e = search_exception_tables(regs->eip);

	if (!e)
		return 0;
	regs->eip = e->fixup;
	nr_exception_fixups++;
	return 1;
}

/*
 * Copy one byte from @src to @dst; on a fault the fixup makes it return
 * -EFAULT. The load is the only instruction in the exception table.
 */
static int probe_byte(u8 *dst, const u8 *src)
{
	int err = 0;
	u8 v = 0;

	asm volatile("1:	movb (%2), %1\n"
		     "2:\n"
		     "	.section .fixup, \"ax\"\n"
		     "3:	movl %3, %0\n"
		     "	jmp 2b\n"
		     "	.previous\n"
		     "	.section __ex_table, \"a\"\n"
		     "	.balign 4\n"
		     "	.long 1b, 3b\n"
		     "	.previous\n"
		     : "+r"(err), "=q"(v)
		     : "r"(src), "i"(-EFAULT));
	if (!err)
		*dst = v;
	return err;
}

/* Store one byte; -EFAULT if the store faults. */
static int poke_byte(u8 *dst, u8 v)
{
	int err = 0;

	asm volatile("1:	movb %2, (%1)\n"
		     "2:\n"
		     "	.section .fixup, \"ax\"\n"
		     "3:	movl %3, %0\n"
		     "	jmp 2b\n"
		     "	.previous\n"
		     "	.section __ex_table, \"a\"\n"
		     "	.balign 4\n"
		     "	.long 1b, 3b\n"
		     "	.previous\n"
		     : "+r"(err)
		     : "r"(dst), "q"(v), "i"(-EFAULT)
		     : "memory");
	return err;
}

/**
 * Read @p len bytes at kernel address @p src without risking an oops:
 * returns 0, or -EFAULT if any byte is unmapped. Oops reports use it to
 * show code bytes; tests use it to prove a page is not mapped.
 */
int probe_kernel_read(void *dst, const void *src, unsigned long len)
{
	for (unsigned long i = 0; i < len; i++)
		if (probe_byte((u8 *)dst + i, (const u8 *)src + i))
			return -EFAULT;
	return 0;
}

/**
 * Write @p len bytes to kernel address @p dst without risking an oops:
 * returns 0, or -EFAULT at the first byte that cannot be written.
 */
int probe_kernel_write(void *dst, const void *src, unsigned long len)
{
	for (unsigned long i = 0; i < len; i++)
		if (poke_byte((u8 *)dst + i, ((const u8 *)src)[i]))
			return -EFAULT;
	return 0;
}
