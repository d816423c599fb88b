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
 * aligned at the handler's first instruction. Above the frame, 64-byte
 * aligned, lies the FPU/SSE state (struct _fpstate, arch/i387.c), which
 * sigcontext.fpstate points to -- if the task has used the FPU; if not,
 * there is none and fpstate is NULL, as in Linux. With SA_ONSTACK both go
 * on the alternate signal stack, unless the task already runs on it.
 *
 * A system call that a signal interrupted is given its fate here too
 * (syscall_restart()): Linux's -ERESTART* codes become -EINTR, or the
 * call is restarted by backing eip onto its int $0x80.
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

/*
 * The old frame (732 bytes in Linux 2.4; the FPU area in it stays unused,
 * so neither setup_frame() nor sigreturn copies it: only the head, up to
 * fpstate, and the tail from extramask).
 */
struct sigframe {
	u32 pretcode;
	u32 sig;
	struct sigcontext sc;
	u8 fpstate[624];
	u32 extramask;
	u8 retcode[8];
};
_Static_assert(sizeof(struct sigframe) == 732, "sigframe");
#define SIGFRAME_HEAD	offsetof(struct sigframe, fpstate)
#define SIGFRAME_TAIL	(sizeof(struct sigframe) - \
			 offsetof(struct sigframe, extramask))

/* siginfo_t: 128 bytes, the fields vmm386 fills. */
struct siginfo {
	s32 si_signo, si_errno, si_code;
	u32 field[29];	/* pid, uid (kill) or addr (faults) first */
};

/* struct ucontext of the rt frame. */
struct ucontext {
	u32 uc_flags, uc_link;
	struct user_stack_t uc_stack;
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

/* Size of the FPU/SSE area above the frame: struct _fpstate. */
#define FPSTATE_SIZE	624
/* eflags bits sigreturn takes from the frame: AC OF DF TF SF ZF AF PF CF. */
#define FIX_EFLAGS	0x40DD5
#define X86_EFLAGS_TF	0x100
#define X86_EFLAGS_DF	0x400

/* Where a frame of @size bytes goes below @esp: (esp + 4) 16-aligned. */
static unsigned long frame_address(unsigned long esp, unsigned long size)
{
	return ((esp - size + 4) & ~15UL) - 4;
}

/*
 * The stack the handler of @ka runs on: the alternate signal stack if
 * SA_ONSTACK asks for it, there is one and the task is not already on it
 * (a nested signal continues below the first frame); else the
 * interrupted stack.
 */
static unsigned long signal_stack(const struct k_sigaction *ka,
				  const struct pt_regs *regs)
{
	struct task_struct *tsk = current;

	if ((ka->flags & SA_ONSTACK) && sas_ss_flags(regs->esp) == 0)
		return tsk->sas_ss_sp + tsk->sas_ss_size;
	return regs->esp;
}

/*
 * Lay out the handler's stack: for a task that owns an FPU state, the FPU
 * area (64-byte aligned) at the top, its address stored at @fpstate (else
 * 0 there), and below it a frame of @size bytes, whose address is
 * returned.
 */
static unsigned long place_frame(const struct k_sigaction *ka,
				 const struct pt_regs *regs,
				 unsigned long size, unsigned long *fpstate)
{
	unsigned long sp = signal_stack(ka, regs);

	*fpstate = 0;
	if (!(current->flags & PF_USED_MATH))
		return frame_address(sp, size);
	*fpstate = (sp - FPSTATE_SIZE) & ~63UL;
	return frame_address(*fpstate, size);
}

/* Save the FPU state into the frame's area at @fpstate, if there is one. */
static int save_fpu_to_frame(unsigned long fpstate)
{
	if (!fpstate)
		return 0;
	return save_i387_frame((void __user *)fpstate);
}

/*
 * Fill @sc from the interrupted registers, the blocked set @mask and the
 * address @fpstate of the FPU area.
 */
static void fill_sigcontext(struct sigcontext *sc, const struct pt_regs *regs,
			    unsigned long long mask, unsigned long fpstate)
{
	struct task_struct *tsk = current;

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
	sc->fpstate = fpstate;
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
 * code is Linux's: popl %eax; movl $119, %eax; int $0x80. Every field
 * written is set here, so the kernel's copy needs no clearing.
 */
static int setup_frame(int sig, const struct k_sigaction *ka,
		       unsigned long long oldmask, struct pt_regs *regs)
{
	static const u8 retcode[8] = { 0x58, 0xb8, 119, 0, 0, 0, 0xcd, 0x80 };
	unsigned long fpstate;
	unsigned long addr = place_frame(ka, regs, sizeof(struct sigframe),
					 &fpstate);
	struct sigframe *f = (struct sigframe *)addr;
	struct sigframe frame;

	frame.sig = sig;
	fill_sigcontext(&frame.sc, regs, oldmask, fpstate);
	frame.extramask = oldmask >> 32;
	memcpy(frame.retcode, retcode, sizeof(retcode));
	frame.pretcode = ka->flags & SA_RESTORER ? ka->restorer
						 : (u32)(unsigned long)f->retcode;
	if (copy_to_user(f, &frame, SIGFRAME_HEAD) ||
	    copy_to_user(&f->extramask, &frame.extramask, SIGFRAME_TAIL) ||
	    save_fpu_to_frame(fpstate))
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
	struct task_struct *tsk = current;
	unsigned long fpstate;
	unsigned long addr = place_frame(ka, regs, sizeof(struct rt_sigframe),
					 &fpstate);
	struct rt_sigframe *f = (struct rt_sigframe *)addr;
	struct rt_sigframe frame;

	memset(&frame, 0, sizeof(frame));
	frame.sig = sig;
	frame.pinfo = (u32)(unsigned long)&f->info;
	frame.puc = (u32)(unsigned long)&f->uc;
	fill_siginfo(&frame.info, sig);
	frame.uc.uc_stack.ss_sp = tsk->sas_ss_sp;
	frame.uc.uc_stack.ss_flags = sas_ss_flags(regs->esp);
	frame.uc.uc_stack.ss_size = tsk->sas_ss_size;
	fill_sigcontext(&frame.uc.uc_mcontext, regs, oldmask, fpstate);
	frame.uc.uc_sigmask = oldmask;
	memcpy(frame.retcode, retcode, sizeof(retcode));
	frame.pretcode = ka->flags & SA_RESTORER ? ka->restorer
						 : (u32)(unsigned long)f->retcode;
	if (copy_to_user(f, &frame, sizeof(frame)) ||
	    save_fpu_to_frame(fpstate))
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
 * The frame records the blocked set to restore: the one sigsuspend
 * replaced, if the signal ended a sigsuspend. A frame that cannot be
 * written (the stack is bad) sends SIGSEGV; if that was SIGSEGV's own
 * handler, the action is reset first, so the process dies instead of
 * looping.
 */
void handle_signal(int sig, struct k_sigaction *ka, struct pt_regs *regs)
{
	struct task_struct *tsk = current;
	unsigned long long oldmask = tsk->sig_blocked;
	int err;

	if (tsk->restore_sigmask) {
		oldmask = tsk->saved_sigmask;
		tsk->restore_sigmask = 0;
	}

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
 * Restore @regs from @sc, the FPU from the area @sc points to (none: the
 * interrupted code owned no FPU state, so whatever state the handler made
 * is dropped), and the blocked set from @mask; returns 0, or -EFAULT if
 * the FPU area cannot be read. Segment registers are forced to the user
 * ones (a bad selector would fault in the kernel's iret).
 */
static int restore_sigcontext(struct pt_regs *regs,
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
	if (sc->fpstate)
		return restore_i387_frame((const void __user *)sc->fpstate);
	if (tsk->flags & PF_USED_MATH)
		drop_fpu_state(tsk);	/* the handler's; none before */
	return 0;
}

/* A sigreturn whose frame cannot be read: the process gets SIGSEGV. */
static long bad_frame(void)
{
	force_sig(SIGSEGV, current);
	return 0;
}

/** sigreturn(2): back from a handler entered through the old frame. */
long sys_sigreturn(struct pt_regs *regs)
{
	struct sigframe frame;
	struct sigframe __user *f = (void __user *)(regs->esp - 8);
						/* pretcode and sig popped */

	if (copy_from_user(&frame, f, SIGFRAME_HEAD) ||
	    copy_from_user(&frame.extramask, &f->extramask,
			   sizeof(frame.extramask)))
		return bad_frame();
	if (restore_sigcontext(regs, &frame.sc, frame.sc.oldmask |
			       ((unsigned long long)frame.extramask << 32)))
		return bad_frame();
	return regs->eax;	/* the interrupted code's own */
}

/**
 * rt_sigreturn(2): back from a handler entered through the rt frame. The
 * alternate stack is set again from uc_stack, which the handler may have
 * edited; an error there (still on the stack: -EPERM) is ignored, as in
 * Linux.
 */
long sys_rt_sigreturn(struct pt_regs *regs)
{
	struct rt_sigframe frame;
	unsigned long addr = regs->esp - 4;	/* pretcode popped */

	if (copy_from_user(&frame, (void __user *)addr, sizeof(frame)))
		return bad_frame();
	if (restore_sigcontext(regs, &frame.uc.uc_mcontext,
			       frame.uc.uc_sigmask))
		return bad_frame();
	set_sigaltstack(&frame.uc.uc_stack, regs->esp);
	return regs->eax;	/* the interrupted code's own */
}

/* True for the codes a system call returns when a signal stopped it. */
static bool is_restart_code(long ret)
{
	return ret == -ERESTARTSYS || ret == -ERESTARTNOINTR ||
	       ret == -ERESTARTNOHAND;
}

/*
 * Is a call that returned @ret restarted, given the handler about to run
 * (@ka, or NULL when none runs)? -ERESTARTNOINTR always; -ERESTARTNOHAND
 * only if no handler runs; -ERESTARTSYS also for an SA_RESTART handler.
 */
static bool restart_wanted(long ret, const struct k_sigaction *ka)
{
	if (ret == -ERESTARTNOINTR || !ka)
		return true;
	return ret == -ERESTARTSYS && (ka->flags & SA_RESTART);
}

/**
 * Give an interrupted system call its fate before returning to user mode
 * through @p regs, with handler @p ka about to run (NULL: none). If
 * @p regs is a system call's (orig_eax >= 0) that returned one of the
 * -ERESTART* codes, it either fails with -EINTR, or is restarted: eax
 * gets the call number back and eip steps back over the two bytes of
 * `int $0x80`, so the call runs again when the process resumes -- after
 * the handler, if one runs. Returns true if it was restarted.
 */
bool syscall_restart(struct pt_regs *regs, const struct k_sigaction *ka)
{
	long ret = regs->eax;

	if (regs->orig_eax < 0 || !is_restart_code(ret))
		return false;
	if (!restart_wanted(ret, ka)) {
		regs->eax = -EINTR;
		return false;
	}
	regs->eax = regs->orig_eax;
	regs->eip -= 2;
	return true;
}
