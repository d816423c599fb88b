// SPDX-License-Identifier: GPL-2.0-only
/*
 * i387.c - the FPU and SSE registers in a signal frame (Linux:
 * arch/i386/kernel/i387.c, save_i387 and restore_i387; the layout is
 * struct _fpstate of asm-i386/sigcontext.h).
 *
 * A handler may use the FPU; the interrupted code must find its x87 stack,
 * control and status words, MXCSR and XMM registers as it left them. So
 * the frame carries a copy: first the registers in fnsave's format (what
 * programs written before SSE read), then, marked by magic 0x0000 (Linux's
 * X86_FXSR_MAGIC), the whole fxsave image, 624 bytes in all; on a CPU
 * without FXSR only the first part, marked 0xffff. Only a task that owns
 * an FPU state (it has used the FPU since execve: PF_USED_MATH,
 * arch/process.c) gets the copy; for the others the frame's fpstate is
 * NULL and nothing is saved, as in Linux 2.4. The handler starts without
 * an FPU state, so its first FPU instruction gives it a fresh one (finit's
 * state), as after execve. sigreturn reloads the x87 part from the
 * fnsave-format copy and the rest from the fxsave image, as Linux 2.4 and
 * 2.6 do, so a handler that edits either view of the saved state sees its
 * edit take effect.
 */
#include <process.h>
#include <sched.h>
#include <uaccess.h>
#include <string.h>
#include <errno.h>

#define FPSTATE_MAGIC_FXSR	0x0000	/* an fxsave image follows */
#define FPSTATE_MAGIC_PLAIN	0xffff	/* fnsave's part only */

/* struct _fpstate: 624 bytes, the fxsave image at offset 112. */
struct fpstate {
	u32 cw, sw, tag, ipoff, cssel, dataoff, datasel; /* fnsave env */
	u8 st[8][10];		/* ST(0)..ST(7), 80 bits each */
	u16 status;		/* the status word at the time of the save */
	u16 magic;		/* FPSTATE_MAGIC_* */
	u8 fxsave[512];		/* _fxsr_env .. _xmm[8], padding */
};
_Static_assert(sizeof(struct fpstate) == 624, "struct _fpstate");
_Static_assert(__builtin_offsetof(struct fpstate, fxsave) == 112,
	       "_fxsr_env offset");

/* The fields of an fxsave image that the conversions use. */
struct fxsave_head {
	u16 cwd, swd;
	u8 ftw, reserved;	/* abridged tag: bit n set = ST reg n in use */
	u16 fop;
	u32 fip, fcs, foo, fos;
	u32 mxcsr, mxcsr_mask;
	u8 st[8][16];		/* ST(0)..ST(7), 10 bytes used of each */
};
_Static_assert(__builtin_offsetof(struct fxsave_head, st) == 32, "fxsave");

/*
 * The full two-bit tag of physical register @phys (0 valid, 1 zero,
 * 2 special, 3 empty), from the abridged tag and the value, which sits
 * at stack position (phys - top) & 7 of the image.
 */
static u32 full_tag(const struct fxsave_head *fx, unsigned int phys)
{
	unsigned int top = (fx->swd >> 11) & 7;
	const u8 *r = fx->st[(phys - top) & 7];
	u16 exp;
	u64 mant;

	if (!(fx->ftw & (1 << phys)))
		return 3;
	memcpy(&mant, r, 8);
	memcpy(&exp, r + 8, 2);
	exp &= 0x7fff;
	if (exp == 0x7fff)
		return 2;
	if (exp == 0)
		return mant ? 2 : 1;
	return (mant >> 63) ? 0 : 2;
}

/* Fill the fnsave-format part of @fp from fxsave image @fx. */
static void fxsave_to_plain(struct fpstate *fp, const struct fxsave_head *fx)
{
	u32 tag = 0;

	for (unsigned int i = 0; i < 8; i++)
		tag |= full_tag(fx, i) << (2 * i);
	fp->cw = 0xffff0000u | fx->cwd;
	fp->sw = 0xffff0000u | fx->swd;
	fp->tag = 0xffff0000u | tag;
	fp->ipoff = fx->fip;
	fp->cssel = (fx->fcs & 0xffff) | ((u32)fx->fop << 16);
	fp->dataoff = fx->foo;
	fp->datasel = 0xffff0000u | (fx->fos & 0xffff);
	for (unsigned int i = 0; i < 8; i++)
		memcpy(fp->st[i], fx->st[i], 10);
	fp->status = fx->swd;
}

/* Load the x87 part of fxsave image @fx from the fnsave-format part. */
static void plain_to_fxsave(struct fxsave_head *fx, const struct fpstate *fp)
{
	u8 ftw = 0;

	for (unsigned int i = 0; i < 8; i++)
		if (((fp->tag >> (2 * i)) & 3) != 3)
			ftw |= 1 << i;
	fx->cwd = fp->cw;
	fx->swd = fp->sw;
	fx->ftw = ftw;
	fx->fop = fp->cssel >> 16;
	fx->fip = fp->ipoff;
	fx->fcs = fp->cssel & 0xffff;
	fx->foo = fp->dataoff;
	fx->fos = fp->datasel & 0xffff;
	for (unsigned int i = 0; i < 8; i++)
		memcpy(fx->st[i], fp->st[i], 10);
}

/**
 * Save the FPU/SSE registers of the current task, which owns an FPU state,
 * as a struct _fpstate at user address @p buf, then take the state away:
 * the handler's first FPU instruction starts a fresh one. Returns 0, or
 * -EFAULT if @p buf cannot be written (the registers are untouched then).
 */
int save_i387_frame(void __user *buf)
{
	struct task_struct *tsk = current;
	struct fpstate fp;

	memset(&fp, 0, sizeof(fp));
	save_fpu_state(tsk);
	if (fpu_uses_fxsr()) {
		fxsave_to_plain(&fp, (const void *)tsk->thread.i387.image);
		memcpy(fp.fxsave, tsk->thread.i387.image, sizeof(fp.fxsave));
		fp.magic = FPSTATE_MAGIC_FXSR;
	} else {
		memcpy(&fp, tsk->thread.i387.image, 108);	/* fnsave */
		fp.status = fp.sw;
		fp.magic = FPSTATE_MAGIC_PLAIN;
	}
	if (copy_to_user(buf, &fp, sizeof(fp)))
		return -EFAULT;
	drop_fpu_state(tsk);
	return 0;
}

/*
 * Put in @tsk's image the FPU state that a frame without an fxsave image
 * leaves alone (MXCSR, the XMM registers): the current registers if the
 * task owns a state, else a fresh FPU's.
 */
static void current_or_fresh_image(struct task_struct *tsk)
{
	if (tsk->flags & PF_USED_MATH)
		save_fpu_state(tsk);
	else
		init_fpu_state(tsk);
}

/**
 * Load the current task's FPU/SSE registers from the struct _fpstate at
 * user address @p buf (sigreturn); the task owns an FPU state again. MXCSR
 * bits the CPU lacks are cleared first; a frame without an fxsave image
 * restores the x87 part only. Returns 0, or -EFAULT.
 */
int restore_i387_frame(const void __user *buf)
{
	struct task_struct *tsk = current;
	struct fpstate fp;

	if (copy_from_user(&fp, buf, sizeof(fp)))
		return -EFAULT;
	if (!fpu_uses_fxsr()) {
		memcpy(tsk->thread.i387.image, &fp, 108);
	} else {
		if (fp.magic == FPSTATE_MAGIC_FXSR)
			memcpy(tsk->thread.i387.image, fp.fxsave,
			       sizeof(fp.fxsave));
		else
			current_or_fresh_image(tsk);
		plain_to_fxsave((void *)tsk->thread.i387.image, &fp);
		sanitize_fxsave_image(&tsk->thread.i387);
	}
	load_fpu_state(tsk);
	return 0;
}
