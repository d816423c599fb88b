// SPDX-License-Identifier: GPL-2.0-only
/*
 * signal_frame.c - running a user's signal handler and coming back
 * (Linux: arch/i386/kernel/signal.c: setup_frame, setup_rt_frame,
 * sys_sigreturn, sys_rt_sigreturn).
 *
 * To run a handler, the kernel saves the interrupted user registers in a
 * frame on the user stack and changes the saved registers so that leaving
 * the kernel enters the handler, with the frame as its stack: the frame's
 * first word is the return address, the handler's sa_restorer (glibc's
 * __restore or __restore_rt), which calls sigreturn or rt_sigreturn; that
 * call reads the saved registers back from the frame. The layouts are
 * Linux i386's: a handler without SA_SIGINFO gets the old frame (sig,
 * sigcontext), one with SA_SIGINFO the rt frame (sig, &info, &uc, siginfo,
 * ucontext), placed as Linux 2.6 places them so that esp + 4 is 16-byte
 * aligned at the handler's first instruction. The FPU state is not saved
 * in the frame (fpstate is NULL): the handler shares the FPU registers.
 */
#include <signal.h>
#include <sched.h>
#include <ptrace.h>
#include <desc.h>
#include <uaccess.h>
#include <string.h>
#include <errno.h>
#include <syscalls.h>
#include <process.h>

/* struct sigcontext (88 bytes), asm-i386/sigcontext.h. */
struct sigcontext {
	u32 gs, fs, es, ds;
	u32 edi, esi, ebp, esp, ebx, edx, ecx, eax;
	u32 trapno, err, eip, cs, eflags, esp_at_signal, ss;
	u32 fpstate, oldmask, cr2;
};
_Static_assert(sizeof(struct sigcontext) == 88, "sigcontext");

/* The old frame (732 bytes in Linux 2.4; the FPU area stays unused). */
struct sigframe {
	u32 pretcode;
	u32 sig;
	struct sigcontext sc;
	u8 fpstate[624];
	u32 extramask;
	u8 retcode[8];
};
_Static_assert(sizeof(struct sigframe) == 732, "sigframe");

/* siginfo_t: 128 bytes, the fields vmm386 fills. */
struct siginfo {
	s32 si_signo, si_errno, si_code;
	u32 field[29];	/* pid, uid (kill) or addr (faults) first */
};

/* struct ucontext of the rt frame. */
struct ucontext {
	u32 uc_flags, uc_link;
	u32 ss_sp, ss_flags, ss_size;
	struct sigcontext uc_mcontext;
	u64 uc_sigmask;
};

/* The rt frame (Linux 2.6's, 268 bytes). */
struct rt_sigframe {
	u32 pretcode;
	u32 sig;
	u32 pinfo;
	u32 puc;
	struct siginfo info;
	struct ucontext uc;
	u8 retcode[8];
};
_Static_assert(sizeof(struct rt_sigframe) == 268, "rt_sigframe");

#define SS_DISABLE	2
/* eflags bits sigreturn takes from the frame: AC OF DF TF SF ZF AF PF CF. */
#define FIX_EFLAGS	0x40DD5
#define X86_EFLAGS_TF	0x100
#define X86_EFLAGS_DF	0x400

/* Where a frame of @size bytes goes below @esp: (esp + 4) 16-aligned. */
static unsigned long frame_address(unsigned long esp, unsigned long size)
{
	return ((esp - size + 4) & ~15UL) - 4;
}

/* Fill @sc from the interrupted registers and the blocked set @mask. */
static void fill_sigcontext(struct sigcontext *sc, const struct pt_regs *regs,
			    unsigned long long mask)
{
	struct task_struct *tsk = current;

	memset(sc, 0, sizeof(*sc));
	asm volatile("movl %%gs, %0" : "=r"(sc->gs));
	asm volatile("movl %%fs, %0" : "=r"(sc->fs));
	sc->es = regs->xes & 0xffff;
	sc->ds = regs->xds & 0xffff;
	sc->edi = regs->edi;
	sc->esi = regs->esi;
	sc->ebp = regs->ebp;
	sc->esp = regs->esp;
	sc->ebx = regs->ebx;
	sc->edx = regs->edx;
	sc->ecx = regs->ecx;
	sc->eax = regs->eax;
	sc->trapno = tsk->thread.trap_no;
	sc->err = tsk->thread.error_code;
	sc->eip = regs->eip;
	sc->cs = regs->xcs & 0xffff;
	sc->eflags = regs->eflags;
	sc->esp_at_signal = regs->esp;
	sc->ss = regs->xss & 0xffff;
	sc->oldmask = (u32)mask;
	sc->cr2 = tsk->thread.cr2;
}

/* Point @regs at the handler of @ka, with @frame as its stack. */
static void enter_handler(struct pt_regs *regs, const struct k_sigaction *ka,
			  unsigned long frame)
{
	regs->esp = frame;
	regs->eip = ka->handler;
	regs->xds = regs->xes = regs->xss = __USER_DS;
	regs->xcs = __USER_CS;
	regs->eflags &= ~(X86_EFLAGS_TF | X86_EFLAGS_DF);
}

/*
 * Build the old frame for @sig (handler without SA_SIGINFO). Its return
 * code is Linux's: popl %eax; movl $119, %eax; int $0x80.
 */
static int setup_frame(int sig, const struct k_sigaction *ka,
		       unsigned long long oldmask, struct pt_regs *regs)
{
	static const u8 retcode[8] = { 0x58, 0xb8, 119, 0, 0, 0, 0xcd, 0x80 };
	unsigned long addr = frame_address(regs->esp, sizeof(struct sigframe));
	struct sigframe *f = (struct sigframe *)addr;
	struct sigframe frame;

	memset(&frame, 0, sizeof(frame));
	frame.sig = sig;
	fill_sigcontext(&frame.sc, regs, oldmask);
	frame.extramask = oldmask >> 32;
	memcpy(frame.retcode, retcode, sizeof(retcode));
	frame.pretcode = ka->flags & SA_RESTORER ? ka->restorer
						 : (u32)(unsigned long)f->retcode;
	if (copy_to_user(f, &frame, sizeof(frame)))
		return -EFAULT;
	enter_handler(regs, ka, addr);
	regs->eax = sig;
	regs->edx = regs->ecx = 0;
	return 0;
}

/* Fill @info for @sig: who sent it, or what faulted. */
static void fill_siginfo(struct siginfo *info, int sig)
{
	struct task_struct *tsk = current;

	memset(info, 0, sizeof(*info));
	info->si_signo = sig;
	info->si_code = tsk->sig->info[sig - 1].code;
	info->field[0] = tsk->sig->info[sig - 1].value;	/* si_pid, si_addr */
}

/*
 * Build the rt frame for @sig (SA_SIGINFO). Its return code is Linux's:
 * movl $173, %eax; int $0x80.
 */
static int setup_rt_frame(int sig, const struct k_sigaction *ka,
			  unsigned long long oldmask, struct pt_regs *regs)
{
	static const u8 retcode[8] = { 0xb8, 173, 0, 0, 0, 0xcd, 0x80, 0 };
	unsigned long addr = frame_address(regs->esp,
					   sizeof(struct rt_sigframe));
	struct rt_sigframe *f = (struct rt_sigframe *)addr;
	struct rt_sigframe frame;

	memset(&frame, 0, sizeof(frame));
	frame.sig = sig;
	frame.pinfo = (u32)(unsigned long)&f->info;
	frame.puc = (u32)(unsigned long)&f->uc;
	fill_siginfo(&frame.info, sig);
	frame.uc.ss_flags = SS_DISABLE;
	fill_sigcontext(&frame.uc.uc_mcontext, regs, oldmask);
	frame.uc.uc_sigmask = oldmask;
	memcpy(frame.retcode, retcode, sizeof(retcode));
	frame.pretcode = ka->flags & SA_RESTORER ? ka->restorer
						 : (u32)(unsigned long)f->retcode;
	if (copy_to_user(f, &frame, sizeof(frame)))
		return -EFAULT;
	enter_handler(regs, ka, addr);
	regs->eax = sig;
	regs->edx = frame.pinfo;
	regs->ecx = frame.puc;
	return 0;
}

/**
 * Run handler @p ka of signal @p sig when the current process returns to
 * user mode through @p regs: build its frame, block sa_mask (and the
 * signal itself unless SA_NODEFER), reset the action with SA_RESETHAND.
 * A frame that cannot be written (the stack is bad) kills the process
 * with SIGSEGV, the handler reset so that it cannot loop.
 */
void handle_signal(int sig, struct k_sigaction *ka, struct pt_regs *regs)
{
	struct task_struct *tsk = current;
	unsigned long long oldmask = tsk->sig_blocked;
	int err;

	if (ka->flags & SA_SIGINFO)
		err = setup_rt_frame(sig, ka, oldmask, regs);
	else
		err = setup_frame(sig, ka, oldmask, regs);
	if (err) {
		if (sig == SIGSEGV)
			ka->handler = SIG_DFL;
		force_sig(SIGSEGV, tsk);
		return;
	}
	tsk->sig_blocked |= ka->mask;
	if (!(ka->flags & SA_NODEFER))
		tsk->sig_blocked |= sigmask(sig);
	tsk->sig_blocked &= ~(sigmask(SIGKILL) | sigmask(SIGSTOP));
	if (ka->flags & SA_RESETHAND)
		ka->handler = SIG_DFL;
}

/*
 * A selector from a frame, for fs or gs: the user data segment or a TLS
 * entry of the GDT (glibc's %gs is 0x33), with RPL 3; anything else
 * becomes the null selector. An emptied TLS slot is caught at the load
 * (load_user_fs_gs()).
 */
static u32 safe_selector(u32 sel)
{
	u32 index = (sel & 0xffff) >> 3;

	sel &= 0xffff;
	if ((sel & 7) != 3)	/* GDT, RPL 3 */
		return 0;
	if (sel == __USER_DS || (index >= GDT_ENTRY_TLS_MIN &&
				 index < GDT_ENTRY_TLS_MIN +
					 GDT_ENTRY_TLS_ENTRIES))
		return sel;
	return 0;
}

/*
 * Restore @regs from @sc and the blocked set from @mask; returns the eax
 * to return (the interrupted code's own). Segment registers are forced
 * to the user ones (a bad selector would fault in the kernel's iret).
 */
static long restore_sigcontext(struct pt_regs *regs,
			       const struct sigcontext *sc,
			       unsigned long long mask)
{
	struct task_struct *tsk = current;
	u32 fs = safe_selector(sc->fs), gs = safe_selector(sc->gs);

	regs->edi = sc->edi;
	regs->esi = sc->esi;
	regs->ebp = sc->ebp;
	regs->esp = sc->esp;
	regs->ebx = sc->ebx;
	regs->edx = sc->edx;
	regs->ecx = sc->ecx;
	regs->eax = sc->eax;
	regs->eip = sc->eip;
	regs->xcs = __USER_CS;
	regs->xss = regs->xds = regs->xes = __USER_DS;
	regs->eflags = (regs->eflags & ~FIX_EFLAGS) | (sc->eflags & FIX_EFLAGS);
	regs->orig_eax = -1;	/* not a system call: no restart */
	load_user_fs_gs(fs, gs);
	tsk->sig_blocked = mask & ~(sigmask(SIGKILL) | sigmask(SIGSTOP));
	return regs->eax;
}

/** sigreturn(2): back from a handler entered through the old frame. */
long sys_sigreturn(struct pt_regs *regs)
{
	struct sigframe frame;
	unsigned long addr = regs->esp - 8;	/* pretcode and sig popped */

	if (copy_from_user(&frame, (void __user *)addr, sizeof(frame))) {
		force_sig(SIGSEGV, current);
		return 0;
	}
	return restore_sigcontext(regs, &frame.sc, frame.sc.oldmask |
				  ((unsigned long long)frame.extramask << 32));
}

/** rt_sigreturn(2): back from a handler entered through the rt frame. */
long sys_rt_sigreturn(struct pt_regs *regs)
{
	struct rt_sigframe frame;
	unsigned long addr = regs->esp - 4;	/* pretcode popped */

	if (copy_from_user(&frame, (void __user *)addr, sizeof(frame))) {
		force_sig(SIGSEGV, current);
		return 0;
	}
	return restore_sigcontext(regs, &frame.uc.uc_mcontext,
				  frame.uc.uc_sigmask);
}
