// SPDX-License-Identifier: GPL-2.0-only
/*
 * process.c - the CPU state of processes (Linux: arch/i386/kernel/
 * process.c and i387.c).
 *
 * FPU policy: lazy until first use, eager from then on. A task owns an
 * FPU/SSE state (PF_USED_MATH, Linux 2.4's used_math) only once it has
 * executed an FPU, MMX or SSE instruction since its execve. Until then
 * CR0.TS stays set while it runs, so its first such instruction raises
 * #NM (device not available), and math_state_restore() gives it a fresh
 * FPU. From then on every switch saves the outgoing owner's registers
 * with fxsave and loads the incoming owner's with fxrstor (fnsave/frstor
 * on a CPU without FXSR), and clears TS for it. So a task that never
 * touches the FPU costs nothing at a switch, and its signal frames carry
 * no FPU area (arch/signal_frame.c); one that does pays two emulated
 * instructions per switch. Linux 2.4 is lazy throughout: it sets TS at
 * every switch and saves the registers only when another task touches
 * the FPU; under Bochs the trap costs more than the save it avoids. The
 * kernel itself never uses the FPU (-mno-80387 -mno-sse).
 */
#include <process.h>
#include <sched.h>
#include <desc.h>
#include <processor.h>
#include <system.h>
#include <string.h>

#define X86_FEATURE_FXSR	(1UL << 24)	/* CPUID.1:EDX: fxsave */
#define X86_FEATURE_XMM		(1UL << 25)	/* CPUID.1:EDX: SSE */
#define X86_CR4_OSFXSR		0x00000200	/* fxsave saves SSE state */
#define X86_CR4_OSXMMEXCPT	0x00000400	/* SSE exceptions via #XM */
#define X86_CR0_MP		0x00000002
#define X86_CR0_EM		0x00000004
#define X86_CR0_TS		0x00000008
#define X86_CR0_NE		0x00000020

/* Set CR0.TS: the next FPU instruction raises #NM. */
static void stts(void)
{
	asm volatile("movl %%cr0, %%eax; orl %0, %%eax; movl %%eax, %%cr0"
		     : : "i"(X86_CR0_TS) : "eax");
}

/* Clear CR0.TS: FPU instructions run. */
static void clts(void)
{
	asm volatile("clts");
}

static bool cpu_has_fxsr;
/* The MXCSR bits this CPU lets fxrstor load (others raise #GP). */
static u32 mxcsr_feature_mask = 0xffbf;

/*
 * Read the CPU's MXCSR_MASK from an fxsave image (byte 28); 0 there means
 * the original mask, 0xffbf (no DAZ bit).
 */
static void probe_mxcsr_mask(void)
{
	static struct i387_fxsave_struct probe;
	u32 mask;

	memset(&probe, 0, sizeof(probe));
	asm volatile("fxsave %0" : "=m"(probe));
	memcpy(&mask, probe.image + 28, sizeof(mask));
	if (mask)
		mxcsr_feature_mask = mask;
}

/**
 * Prepare the FPU for user programs: no emulation, native error
 * reporting, and (with FXSR and SSE) the OS support bits that let user
 * code run SSE instructions, which static glibc's string functions do.
 * CR0.TS is left set: the first task to use the FPU traps (\#NM).
 */
void fpu_init(void)
{
	unsigned long cr0 = read_cr0();

	cr0 &= ~(X86_CR0_EM | X86_CR0_TS);
	cr0 |= X86_CR0_MP | X86_CR0_NE;
	asm volatile("movl %0, %%cr0" : : "r"(cr0));
	cpu_has_fxsr = boot_cpu_data.x86_capability & X86_FEATURE_FXSR;
	if (cpu_has_fxsr && (boot_cpu_data.x86_capability & X86_FEATURE_XMM))
		write_cr4(read_cr4() | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT);
	if (cpu_has_fxsr)
		probe_mxcsr_mask();
	stts();		/* nobody owns the FPU yet */
}

/** True if the FPU images are fxsave's (else fnsave's 108 bytes). */
bool fpu_uses_fxsr(void)
{
	return cpu_has_fxsr;
}

/**
 * Clear the MXCSR bits of fxsave image @p image that this CPU does not
 * implement, so that an image that came from user memory (a signal
 * frame) cannot make fxrstor fault in the kernel.
 */
void sanitize_fxsave_image(struct i387_fxsave_struct *image)
{
	u32 mxcsr;

	memcpy(&mxcsr, image->image + 24, sizeof(mxcsr));
	mxcsr &= mxcsr_feature_mask;
	memcpy(image->image + 24, &mxcsr, sizeof(mxcsr));
}

/**
 * Save the FPU registers into @p tsk's image (it must be current); the
 * registers keep their values (fnsave resets them, so they are reloaded).
 */
void save_fpu_state(struct task_struct *tsk)
{
	if (cpu_has_fxsr)
		asm volatile("fxsave %0" : "=m"(tsk->thread.i387));
	else
		asm volatile("fnsave %0; fwait; frstor %0"
			     : "+m"(tsk->thread.i387));
}

/**
 * Load @p tsk's saved FPU image into the FPU registers (@p tsk is current,
 * or about to be).
 */
void restore_fpu_state(struct task_struct *tsk)
{
	if (cpu_has_fxsr)
		asm volatile("fxrstor %0" : : "m"(tsk->thread.i387));
	else
		asm volatile("frstor %0" : : "m"(tsk->thread.i387));
}

/**
 * Give the current task (@p tsk) a fresh FPU, which it owns from now on:
 * finit's state (control word 0x037f), MXCSR 0x1f80, saved as its image.
 */
void init_fpu_state(struct task_struct *tsk)
{
	u32 mxcsr = 0x1f80;

	clts();
	asm volatile("fninit");
	if (cpu_has_fxsr && (read_cr4() & X86_CR4_OSFXSR))
		asm volatile("ldmxcsr %0" : : "m"(mxcsr));
	save_fpu_state(tsk);
	tsk->flags |= PF_USED_MATH;
}

/**
 * Take the current task's FPU state away (execve, a signal handler's
 * start): it owns none until its next FPU instruction, which traps (\#NM)
 * to math_state_restore() and starts from a fresh FPU.
 */
void drop_fpu_state(struct task_struct *tsk)
{
	tsk->flags &= ~PF_USED_MATH;
	stts();
}

/**
 * Load the current task's FPU image @p tsk->thread.i387 into the
 * registers and make it the owner (sigreturn, after the image was filled
 * from a signal frame).
 */
void load_fpu_state(struct task_struct *tsk)
{
	clts();
	restore_fpu_state(tsk);
	tsk->flags |= PF_USED_MATH;
}

/**
 * \#NM, device not available, from user mode: the current task executed
 * its first FPU, MMX or SSE instruction with CR0.TS set, so it owns no FPU
 * state yet. Give it a fresh one; the instruction then runs again (Linux
 * 2.4's math_state_restore, which also reloads the state of a task whose
 * registers a lazy switch left in memory -- here an owner's are always
 * loaded while it runs).
 */
void math_state_restore(void)
{
	struct task_struct *tsk = current;

	if (tsk->flags & PF_USED_MATH)
		load_fpu_state(tsk);
	else
		init_fpu_state(tsk);
}

/*
 * Load @sel into %fs (@gs false) or %gs. A selector whose descriptor is
 * gone (a TLS slot emptied while selected, a bad value from a signal
 * frame) makes the load fault; the exception table then loads the null
 * selector instead, as Linux's loadsegment() does, and the program meets
 * the problem as a fault of its own at its next use of the segment.
 */
static void load_user_segment(unsigned long sel, bool gs)
{
	if (gs)
		asm volatile("1:	movl %0, %%gs\n"
			     "	jmp 3f\n"
			     "2:	xorl %0, %0\n"
			     "	movl %0, %%gs\n"
			     "3:\n"
			     "	.section __ex_table, \"a\"\n"
			     "	.balign 4\n"
			     "	.long 1b, 2b\n"
			     "	.previous\n"
			     : "+r"(sel));
	else
		asm volatile("1:	movl %0, %%fs\n"
			     "	jmp 3f\n"
			     "2:	xorl %0, %0\n"
			     "	movl %0, %%fs\n"
			     "3:\n"
			     "	.section __ex_table, \"a\"\n"
			     "	.balign 4\n"
			     "	.long 1b, 2b\n"
			     "	.previous\n"
			     : "+r"(sel));
}

/**
 * Load user selectors @p fs and @p gs safely (see load_user_segment()):
 * for sigreturn, which takes them from a frame in user memory.
 */
void load_user_fs_gs(unsigned long fs, unsigned long gs)
{
	load_user_segment(fs, false);
	load_user_segment(gs, true);
}

/**
 * The part of a task switch the entry path does not cover: the user's fs
 * and gs selectors, which the kernel leaves loaded, the TLS descriptors
 * they may select (copied into the GDT first, load_TLS()), and the FPU
 * image. Called by context_switch() before the stacks change.
 */
void __switch_to(struct task_struct *prev, struct task_struct *next)
{
	asm volatile("movl %%fs, %0" : "=r"(prev->thread.fs));
	asm volatile("movl %%gs, %0" : "=r"(prev->thread.gs));
	if (prev->flags & PF_USED_MATH)
		save_fpu_state(prev);
	if (next->flags & PF_USED_MATH) {
		clts();
		restore_fpu_state(next);
	} else if (prev->flags & PF_USED_MATH) {
		stts();		/* between two non-owners TS stays set */
	}
	load_TLS(&next->thread);
	load_user_fs_gs(next->thread.fs, next->thread.gs);
}

/**
 * Set up @p regs (the frame at the top of the task's kernel stack) so that
 * leaving the kernel enters the new program at @p eip with stack @p esp:
 * user code and data selectors, interrupts on, every general register 0
 * (edx must be: the ELF ABI makes it the address of an exit function, 0 =
 * none), fs and gs 0. Linux 2.4's start_thread plus ELF_PLAT_INIT.
 */
void start_thread(struct pt_regs *regs, unsigned long eip, unsigned long esp)
{
	memset(regs, 0, sizeof(*regs));
	regs->xds = __USER_DS;
	regs->xes = __USER_DS;
	regs->xss = __USER_DS;
	regs->xcs = __USER_CS;
	regs->eip = eip;
	regs->esp = esp;
	regs->eflags = X86_EFLAGS_IF | 0x2;	/* bit 1 is always set */
	regs->orig_eax = -1;
	current->thread.fs = 0;
	current->thread.gs = 0;
	memset(current->thread.tls_array, 0,
	       sizeof(current->thread.tls_array));
	load_TLS(&current->thread);
	asm volatile("movl %0, %%fs; movl %0, %%gs" : : "r"(0));
}

extern void ret_from_fork(void);

/**
 * Lay out the kernel stack of @p p, a child of fork(), so that its first
 * switch_to_asm() "returns" into ret_from_fork, which leaves the kernel
 * through a copy of the parent's frame @p regs with eax = 0: the child
 * sees fork() return 0. The child inherits fs, gs and the FPU image.
 */
void copy_thread_user(struct task_struct *p, const struct pt_regs *regs)
{
	struct pt_regs *childregs;
	unsigned long *sp;

	p->thread.esp0 = (unsigned long)p + THREAD_SIZE;
	childregs = task_pt_regs(p);
	*childregs = *regs;
	childregs->eax = 0;
	sp = (unsigned long *)childregs;
	*--sp = (unsigned long)ret_from_fork;	/* return address */
	*--sp = 0;				/* ebp */
	*--sp = 0;				/* ebx */
	*--sp = 0;				/* esi */
	*--sp = 0;				/* edi */
	*--sp = 0x00000002;			/* eflags: IF off */
	p->thread.esp = (unsigned long)sp;
	asm volatile("movl %%fs, %0" : "=r"(p->thread.fs));
	asm volatile("movl %%gs, %0" : "=r"(p->thread.gs));
	memcpy(p->thread.tls_array, current->thread.tls_array,
	       sizeof(p->thread.tls_array));
	if (current->flags & PF_USED_MATH) {
		save_fpu_state(current);
		p->thread.i387 = current->thread.i387;
	}
}
