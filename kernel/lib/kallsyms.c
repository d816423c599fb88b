// SPDX-License-Identifier: GPL-2.0-only
/*
 * kallsyms.c - look addresses up in the kernel's own symbol table.
 *
 * The build links the kernel once, lists its symbols with nm, turns the
 * list into the .kallsyms section (tools/kallsyms.py) and links again; the
 * section lies after everything else, so the second link moves no symbol.
 * The table is sorted by address, so a lookup is a binary search.
 */
#include <kallsyms.h>
#include <kernel.h>
#include <string.h>
#include <sched.h>

/* Emitted by tools/kallsyms.py into the .kallsyms section. */
extern const unsigned long kallsyms_num_syms;
extern const unsigned long kallsyms_addresses[];
extern const unsigned long kallsyms_name_offsets[];
extern const char kallsyms_names[];

extern char _text[], _etext[];

/**
 * Find the symbol containing @p addr. Returns its name and sets *@p offset
 * (from the symbol's start) and *@p size (to the next symbol), or returns
 * NULL outside the kernel image.
 */
const char *kallsyms_lookup(unsigned long addr, unsigned long *offset,
			    unsigned long *size)
{
	unsigned long lo = 0, hi = kallsyms_num_syms;

	if (!hi || addr < kallsyms_addresses[0])
		return NULL;
	while (hi - lo > 1) {	/* last symbol with address <= addr */
		unsigned long mid = lo + (hi - lo) / 2;

		if (kallsyms_addresses[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	/* Several names may share an address: report the first. */
	while (lo && kallsyms_addresses[lo - 1] == kallsyms_addresses[lo])
		lo--;
	hi = lo + 1;
	while (hi < kallsyms_num_syms &&
	       kallsyms_addresses[hi] == kallsyms_addresses[lo])
		hi++;
	if (hi == kallsyms_num_syms)
		return NULL;	/* past the last symbol: the image's end */
	if (offset)
		*offset = addr - kallsyms_addresses[lo];
	if (size)
		*size = kallsyms_addresses[hi] - kallsyms_addresses[lo];
	return kallsyms_names + kallsyms_name_offsets[lo];
}

/** The address of the symbol called @p name, or 0. */
unsigned long kallsyms_lookup_name(const char *name)
{
	for (unsigned long i = 0; i < kallsyms_num_syms; i++)
		if (!strcmp(kallsyms_names + kallsyms_name_offsets[i], name))
			return kallsyms_addresses[i];
	return 0;
}

/** Write `name+0xoff/0xsize` for @p addr into @p buf (KSYM_NAME_LEN+32). */
int sprint_symbol(char *buf, unsigned long addr)
{
	return snprintf(buf, KSYM_NAME_LEN + 32, "%pS", (void *)addr);
}

static bool is_kernel_text(unsigned long addr)
{
	return addr >= (unsigned long)_text && addr < (unsigned long)_etext;
}

/**
 * Print the call chain by following saved frame pointers from @p ebp. The
 * kernel is built with -fno-omit-frame-pointer, so each frame holds the
 * caller's EBP and the return address. The walk stays inside the current
 * task's stack, so a corrupt frame ends it instead of faulting.
 */
void show_trace(unsigned long ebp)
{
	unsigned long stack = (unsigned long)current;
	int depth = 0;

	printk(KERN_EMERG "Call Trace:\n");
	while (ebp > stack && ebp < stack + THREAD_SIZE - 8 && depth++ < 20) {
		unsigned long ret = ((unsigned long *)ebp)[1];

		unsigned long off, size;
		const char *name;

		if (!is_kernel_text(ret))
			break;
		/*
		 * Look up ret - 1: a call to a noreturn function (panic, BUG)
		 * can be its function's last instruction, so the return
		 * address itself may already be in the next function.
		 */
		name = kallsyms_lookup(ret - 1, &off, &size);
		printk(KERN_EMERG " [<%08lx>] %s+%#lx/%#lx\n", ret,
		       name ? name : "?", off + 1, size);
		ebp = ((unsigned long *)ebp)[0];
	}
}

/** Print a backtrace of the caller. */
void dump_stack(void)
{
	unsigned long ebp;

	asm volatile("movl %%ebp, %0" : "=r"(ebp));
	show_trace(ebp);
}
