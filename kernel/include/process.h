/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file process.h
 * @brief The architecture's side of processes: entering user mode, the
 * child's first return from fork, the per-task FPU and segment state
 * (Linux: arch/i386/kernel/process.c, i387.c).
 */
#ifndef _VMM_PROCESS_H
#define _VMM_PROCESS_H

#include <ptrace.h>
#include <uaccess.h>

struct task_struct;
struct i387_fxsave_struct;

void start_thread(struct pt_regs *regs, unsigned long eip,
		  unsigned long esp);
void copy_thread_user(struct task_struct *p, const struct pt_regs *regs);
void fpu_init(void);
void init_fpu_state(struct task_struct *tsk);
void drop_fpu_state(struct task_struct *tsk);
void load_fpu_state(struct task_struct *tsk);
void math_state_restore(void);
void save_fpu_state(struct task_struct *tsk);
void restore_fpu_state(struct task_struct *tsk);
bool fpu_uses_fxsr(void);
void sanitize_fxsave_image(struct i387_fxsave_struct *image);
int save_i387_frame(void __user *buf);
int restore_i387_frame(const void __user *buf);
void __switch_to(struct task_struct *prev, struct task_struct *next);
void load_user_fs_gs(unsigned long fs, unsigned long gs);
struct user_desc;
int do_set_thread_area(struct task_struct *p, struct user_desc __user *u_info);
/**
 * Leave the kernel through @p regs, a frame start_thread() filled at the
 * top of the current task's kernel stack (asm/entry.asm): how the first
 * process, started from a kernel thread, enters user mode.
 */
void ret_to_user(struct pt_regs *regs) __attribute__((noreturn));

#endif /* _VMM_PROCESS_H */
