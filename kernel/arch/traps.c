// SPDX-License-Identifier: GPL-2.0-only
/*
 * traps.c - the GDT, the IDT, CPU exceptions and the oops report
 * (Linux: arch/i386/kernel/traps.c).
 *
 * Every exception arrives through asm/entry.asm at do_exception(). A page
 * fault goes to do_page_fault() (mm/fault.c); any other exception in kernel
 * mode first gets a chance at the exception table, then becomes an oops:
 * registers, backtrace and code bytes are printed and the current thread is
 * killed, while the rest of the kernel keeps running.
 */
#include <desc.h>
#include <kernel.h>
#include <sched.h>
#include <system.h>
#include <extable.h>
#include <kallsyms.h>
#include <preempt.h>
#include <string.h>
#include <traps.h>
#include <signal.h>
#include <process.h>

/* ---- segment descriptors ------------------------------------------- */

/* A flat 4 GiB segment: base 0, limit 0xfffff pages. */
#define SEG_FLAT(type_dpl)	(0x00cf000000000000ULL | \
				 ((unsigned long long)(type_dpl) << 40) | \
				 0x000000000000ffffULL)

struct tss_struct init_tss __attribute__((aligned(16)));

/* Indices match the selectors in desc.h (selector = index * 8 | RPL). */
static u64 gdt_table[GDT_ENTRIES] __attribute__((aligned(8))) = {
	[2] = SEG_FLAT(0x9a),	/* __KERNEL_CS: present, DPL 0, code */
	[3] = SEG_FLAT(0x92),	/* __KERNEL_DS: present, DPL 0, data */
	[4] = SEG_FLAT(0xfa),	/* __USER_CS: present, DPL 3, code */
	[5] = SEG_FLAT(0xf2),	/* __USER_DS: present, DPL 3, data */
};

/**
 * Copy the TLS descriptors of thread @p t into GDT entries 6 to 8, so that
 * its %gs and %fs selectors find its segments; done on every switch
 * before the selectors are reloaded (Linux 2.6's load_TLS()). A selector
 * register keeps the descriptor it was loaded with, so the new entries
 * take effect at the next load of %gs.
 */
void load_TLS(const struct thread_struct *t)
{
	for (int i = 0; i < GDT_ENTRY_TLS_ENTRIES; i++)
		gdt_table[GDT_ENTRY_TLS_MIN + i] = t->tls_array[i];
}

/* The operand of lgdt and lidt: a limit and a linear base. */
struct desc_ptr {
	u16 size;
	u32 address;
} __attribute__((packed));

static void set_tss_desc(void)
{
	unsigned long base = (unsigned long)&init_tss;
	unsigned long limit = sizeof(init_tss) - 1;

	gdt_table[__TSS >> 3] = (limit & 0xffff) |
		((u64)(base & 0xffffff) << 16) |
		(0x89ULL << 40) |		/* present, 32-bit TSS */
		((u64)(limit & 0xf0000) << 32) |
		((u64)(base & 0xff000000) << 32);
}

/**
 * Load the kernel's GDT (at its higher-half address, so it survives the
 * removal of the identity mapping), reload every segment register and
 * load the task register.
 */
void gdt_init(void)
{
	struct desc_ptr gdtr = { sizeof(gdt_table) - 1,
				 (u32)(unsigned long)gdt_table };

	init_tss.ss0 = __KERNEL_DS;
	init_tss.io_bitmap_base = sizeof(init_tss);
	set_tss_desc();
	asm volatile("lgdt %0\n\t"
		     "ljmp %1, $1f\n"
		     "1:\n\t"
		     "movl %2, %%eax\n\t"
		     "movl %%eax, %%ds\n\t"
		     "movl %%eax, %%es\n\t"
		     "movl %%eax, %%ss\n\t"
		     "xorl %%eax, %%eax\n\t"
		     "movl %%eax, %%fs\n\t"
		     "movl %%eax, %%gs\n\t"
		     "movl %3, %%eax\n\t"
		     "ltr %%ax"
		     : : "m"(gdtr), "i"(__KERNEL_CS), "i"(__KERNEL_DS),
		       "i"(__TSS) : "eax", "memory");
}

/* ---- the interrupt descriptor table --------------------------------- */

static u64 idt_table[256] __attribute__((aligned(8)));
extern const unsigned long interrupt_stubs[];

/*
 * A gate to @handler, callable from privilege level @dpl with int N.
 * @type is 0xe for an interrupt gate (IF cleared on entry) or 0xf for a
 * trap gate (IF left as it was).
 */
static void set_gate(unsigned int vector, unsigned int type,
		     unsigned long handler, int dpl)
{
	idt_table[vector] = (handler & 0xffff) |
		((u64)__KERNEL_CS << 16) |
		((u64)(0x80 | (dpl << 5) | type) << 40) |
		((u64)(handler & 0xffff0000) << 32);
}

#define GATE_INTERRUPT	0xe
#define GATE_TRAP	0xf

extern void system_call(void);

/**
 * Fill the IDT. The exceptions and the 16 PIC interrupts are interrupt
 * gates, so handlers start with interrupts off; the page-fault handler
 * reads CR2 before anything can fault again. int3, into and bound may be
 * raised from user mode and int 0x80, the system call, must be: they are
 * trap gates of privilege level 3 (Linux's "system gates"), so a system
 * call runs with interrupts on, as in Linux. From user mode, any other
 * `int N` is refused by the CPU with a general protection fault.
 */
void trap_init(void)
{
	struct desc_ptr idtr = { sizeof(idt_table) - 1,
				 (u32)(unsigned long)idt_table };
	unsigned int v;

	for (v = 0; v < FIRST_EXTERNAL_VECTOR + 16; v++) {
		if (v == 3 || v == 4 || v == 5)
			set_gate(v, GATE_TRAP, interrupt_stubs[v], 3);
		else
			set_gate(v, GATE_INTERRUPT, interrupt_stubs[v], 0);
	}
	set_gate(SYSCALL_VECTOR, GATE_TRAP, (unsigned long)system_call, 3);
	asm volatile("lidt %0" : : "m"(idtr));
	sort_main_extable();
}

/* ---- the oops -------------------------------------------------------- */

/** Number of oopses since boot (tests and the runner read it). */
unsigned long oops_count;

static const char *const exception_names[] = {
	"divide error", "debug", "nmi", "int3", "overflow", "bounds",
	"invalid operand", "device not available", "double fault",
	"coprocessor segment overrun", "invalid TSS", "segment not present",
	"stack segment", "general protection", "page fault", "reserved",
	"coprocessor error", "alignment check", "machine check",
	"SIMD floating point",
};

/** The name of exception @p vector, for reports. */
const char *exception_name(unsigned long vector)
{
	if (vector < ARRAY_SIZE(exception_names))
		return exception_names[vector];
	return "reserved";
}

static void show_code(unsigned long eip)
{
	u8 code[16];

	printk(KERN_EMERG "Code:");
	if (probe_kernel_read(code, (void *)eip, sizeof(code))) {
		printk(KERN_CONT " Bad EIP value.\n");
		return;
	}
	for (unsigned int i = 0; i < sizeof(code); i++)
		printk(KERN_CONT " %02x", code[i]);
	printk(KERN_CONT "\n");
}

/**
 * Print the registers of @p regs the way a Linux 2.4 oops does, with the
 * symbol EIP is in and a backtrace.
 */
void show_registers(struct pt_regs *regs)
{
	unsigned long esp = (unsigned long)&regs->esp;
	unsigned long ss = __KERNEL_DS;

	if (user_mode(regs)) {
		esp = regs->esp;
		ss = regs->xss & 0xffff;
	}
	printk(KERN_EMERG "CPU:    0\n");
	printk(KERN_EMERG "EIP:    %04lx:[<%08lx>]    Not tainted\n",
	       regs->xcs & 0xffff, regs->eip);
	printk(KERN_EMERG "EFLAGS: %08lx\n", regs->eflags);
	printk(KERN_EMERG "EIP is at %pS\n", (void *)regs->eip);
	printk(KERN_EMERG "eax: %08lx   ebx: %08lx   ecx: %08lx   edx: %08lx\n",
	       regs->eax, regs->ebx, regs->ecx, regs->edx);
	printk(KERN_EMERG "esi: %08lx   edi: %08lx   ebp: %08lx   esp: %08lx\n",
	       regs->esi, regs->edi, regs->ebp, esp);
	printk(KERN_EMERG "ds: %04lx   es: %04lx   ss: %04lx\n",
	       regs->xds & 0xffff, regs->xes & 0xffff, ss);
	printk(KERN_EMERG "Process %s (pid: %d, stackpage=%08lx)\n",
	       current->comm, current->pid, (unsigned long)current);
	if (!user_mode(regs)) {
		show_trace(regs->ebp);
		show_code(regs->eip);
	}
}

/**
 * The oops: report the fault and kill the current thread. Only faults the
 * kernel cannot survive (in an interrupt handler, or in the idle task,
 * which must always exist) turn into a panic.
 *
 * A test that provokes an oops on purpose runs the faulting code in a
 * thread marked PF_OOPS_EXPECTED; the marker line printed first tells the
 * host runner that this oops is part of the test.
 */
void die(const char *str, struct pt_regs *regs, unsigned long err)
{
	static int die_counter;
	struct task_struct *tsk = current;

	if (tsk->flags & PF_OOPS_EXPECTED)
		printk(KERN_RAW "# expected oops follows (task %s)\n",
		       tsk->comm);
	printk(KERN_EMERG "%s: %04lx [#%d]\n", str, err & 0xffff,
	       ++die_counter);
	show_registers(regs);
	printk(KERN_EMERG "---[ end trace %d ]---\n", die_counter);
	oops_count++;
	tsk->oopses++;
	if (in_interrupt())
		panic("Fatal exception in interrupt");
	if (tsk->pid == 0)
		panic("Attempted to kill the idle task!");
	if (tsk->preempt_count)
		printk(KERN_EMERG "note: %s[%d] exited with preempt_count %d\n",
		       tsk->comm, tsk->pid, tsk->preempt_count);
	tsk->preempt_count = 0;
	local_irq_enable();
	do_exit(EXIT_OOPS);
}

/* The signal a CPU exception in user mode becomes (Linux's traps.c). */
static int exception_signal(unsigned long vector)
{
	switch (vector) {
	case 0:		/* divide error */
	case 16:	/* coprocessor error */
	case 19:	/* SIMD floating point */
		return SIGFPE;
	case 1:		/* debug */
	case 3:		/* int3 */
		return SIGTRAP;
	case 6:		/* invalid operand */
		return SIGILL;
	case 17:	/* alignment check */
		return SIGBUS;
	default:	/* overflow, bounds, #GP (privileged instructions, I/O) */
		return SIGSEGV;
	}
}

/* The si_code of that signal, as Linux's traps.c gives it. */
static int exception_si_code(unsigned long vector)
{
	switch (vector) {
	case 0:
		return FPE_INTDIV;
	case 3:
		return TRAP_BRKPT;
	case 6:
		return ILL_ILLOPN;
	default:
		return SI_KERNEL;
	}
}

/**
 * Handle CPU exceptions other than page faults (handle_interrupt() sends
 * those to do_page_fault()). In user mode the exception
 * becomes a signal to the process, never an oops: a general protection
 * fault (a privileged instruction, an I/O port) is SIGSEGV, an invalid
 * opcode SIGILL, a divide error SIGFPE, int3 SIGTRAP. In kernel mode, a fixup from the exception table wins (a probe
 * of a bad address, say); otherwise it is an oops.
 */
void do_exception(struct pt_regs *regs, unsigned long vector,
		  unsigned long error_code)
{
	if (vector == 2) {
		printk(KERN_EMERG "Uhhuh. NMI received. Dazed and confused, but trying to continue\n");
		return;
	}
	if (vector == 7 && user_mode(regs)) {
		math_state_restore();	/* a first FPU instruction */
		return;
	}
	if (user_mode(regs)) {
		current->thread.trap_no = vector;
		current->thread.error_code = error_code;
		force_sig_fault(exception_signal(vector),
				exception_si_code(vector), regs->eip, current);
		return;
	}
	if (fixup_exception(regs))
		return;
	die(exception_name(vector), regs, error_code);
}
