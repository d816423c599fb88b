// SPDX-License-Identifier: GPL-2.0-only
/*
 * exec.c - execve: replacing a process's program (Linux: fs/exec.c).
 *
 * The order matters for errors. First everything that can fail while the
 * old program can still be returned to: the path, the argument and
 * environment strings (copied out of the old address space into a kernel
 * page), the file, the new address space built beside the old one -- it
 * is loaded while it is built, and the old one loaded again if building
 * fails. Only then the point of no return: the old address space is
 * dropped, close-on-exec descriptors closed, caught signals reset, the FPU
 * cleared, and the registers set to enter the new program.
 */
#include <binfmts.h>
#include <initramfs.h>
#include <sched.h>
#include <mm_types.h>
#include <mman.h>
#include <process.h>
#include <signal.h>
#include <fs.h>
#include <tty.h>
#include <kernel.h>
#include <string.h>
#include <slab.h>
#include <errno.h>
#include <syscalls.h>
#include <system.h>

/* Bytes of argument and environment strings execve accepts (E2BIG). */
#define ARG_MAX		PAGE_SIZE
/* Most argument or environment strings. */
#define MAX_ARG_STRINGS	1024

/*
 * Read entry @i of the string-pointer array @vec, which lives in user
 * memory if @from_user, into *@s. 0 or -EFAULT.
 */
static int get_arg_pointer(const char *const *vec, int i, bool from_user,
			   const char **s)
{
	if (!from_user) {
		*s = vec[i];
		return 0;
	}
	return get_user(*s, vec + i);
}

/*
 * Append the strings of the NULL-terminated array @vec to @bprm's buffer,
 * NUL after each, and return how many there were: -EFAULT for a bad
 * pointer, -E2BIG when they do not fit.
 */
static int copy_strings(struct linux_binprm *bprm, const char *const *vec,
			bool from_user)
{
	int n;

	if (!vec)
		return 0;
	for (n = 0;; n++) {
		const char *s;
		long len, room = ARG_MAX - bprm->len;

		if (get_arg_pointer(vec, n, from_user, &s))
			return -EFAULT;
		if (!s)
			return n;
		if (n == MAX_ARG_STRINGS)
			return -E2BIG;
		if (from_user) {
			len = strncpy_from_user(bprm->strings + bprm->len, s,
						room);
			if (len < 0)
				return len;
		} else {
			len = strnlen(s, room);
			memcpy(bprm->strings + bprm->len, s, len);
			bprm->strings[bprm->len + (len < room ? len : 0)] = 0;
		}
		if (len >= room)
			return -E2BIG;
		bprm->len += len + 1;
	}
}

/* The last component of @path, for the task's name. */
static const char *basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

/*
 * Make @mm the current task's loaded address space, remembering the old
 * one in @bprm (both the task's own and the one it had loaded).
 */
static void switch_task_mm(struct linux_binprm *bprm, struct mm_struct *mm,
			   struct mm_struct *active)
{
	struct task_struct *tsk = current;
	unsigned long flags;

	local_irq_save(flags);
	bprm->old_mm = tsk->mm;
	bprm->old_active_mm = tsk->active_mm;
	tsk->mm = mm;
	tsk->active_mm = active;
	switch_mm(bprm->old_active_mm, active, tsk);
	local_irq_restore(flags);
}

/* Building the new program failed: load the old address space again. */
static void restore_old_mm(struct linux_binprm *bprm)
{
	struct task_struct *tsk = current;
	unsigned long flags;

	local_irq_save(flags);
	tsk->mm = bprm->old_mm;
	tsk->active_mm = bprm->old_active_mm;
	switch_mm(bprm->mm, tsk->active_mm, tsk);
	local_irq_restore(flags);
}

/*
 * The point of no return: keep the new address space (already loaded),
 * drop the old one, and reset what must not survive the old program.
 */
static void flush_old_exec(struct linux_binprm *bprm)
{
	struct task_struct *tsk = current;

	mm_release(tsk);	/* a vfork parent may run again */
	bprm->mm = NULL;
	if (bprm->old_mm)
		mmput(bprm->old_mm);
	else
		mmdrop(bprm->old_active_mm);	/* a kernel thread's borrow */
	strlcpy(tsk->comm, basename(bprm->filename), sizeof(tsk->comm));
	close_on_exec(tsk->files);
	flush_signal_handlers(tsk);
	drop_fpu_state(tsk);	/* a fresh FPU at its first use */
	tsk->did_exec = 1;
}

/*
 * The program the current process runs: the initramfs file of its first
 * executable file mapping (its text), or NULL. Linux keeps the file in
 * mm->exe_file; here the mappings already say it.
 */
static const struct initramfs_file *running_program(void)
{
	struct vm_area_struct *vma;

	if (!current->mm)
		return NULL;
	for (vma = current->mm->mmap; vma; vma = vma->vm_next)
		if ((vma->vm_flags & VM_EXEC) && initramfs_file_of(vma->vm_file))
			return initramfs_file_of(vma->vm_file);
	return NULL;
}

/*
 * Find @filename, relative to the current directory unless absolute:
 * -ENOENT if it does not exist, -EACCES if it is a directory.
 * /proc/self/exe is the running program, as on Linux: busybox's shell
 * runs itself through it (its script fallback after ENOEXEC).
 */
static int find_program(struct linux_binprm *bprm, const char *filename)
{
	char path[PATH_MAX];
	int err = resolve_path(current->fs ? current->fs->cwd : "", filename,
			       path);

	if (err)
		return err;
	if (!strcmp(path, "proc/self/exe"))
		bprm->file = running_program();
	else
		bprm->file = initramfs_lookup(path);
	if (bprm->file)
		return 0;
	for (int i = 0; i < initramfs_nr_files(); i++)
		if (!strncmp(initramfs_file_at(i)->name, path, strlen(path)) &&
		    initramfs_file_at(i)->name[strlen(path)] == '/')
			return -EACCES;
	return *path ? -ENOENT : -EACCES;
}

/* Gather the strings of @argv and @envp into @bprm. */
static int copy_arguments(struct linux_binprm *bprm, const char *const *argv,
			  const char *const *envp, bool from_user)
{
	int n = copy_strings(bprm, argv, from_user);

	if (n < 0)
		return n;
	bprm->argc = n;
	bprm->argv_len = bprm->len;
	n = copy_strings(bprm, envp, from_user);
	if (n < 0)
		return n;
	bprm->envc = n;
	return 0;
}

/**
 * Replace the current process's program by @p filename, a static ELF
 * executable of the initramfs, with arguments @p argv and environment
 * @p envp (NULL-terminated arrays, in user memory if @p from_user). On
 * success @p regs enters the new program and 0 is returned; on failure the
 * old program continues, untouched, with -ENOENT, -ENOEXEC, -EINVAL,
 * -EFAULT, -E2BIG or -ENOMEM.
 */
int do_execve(const char *filename, const char *const *argv,
	      const char *const *envp, struct pt_regs *regs, bool from_user)
{
	struct linux_binprm *bprm = kmalloc(sizeof(*bprm), GFP_KERNEL);
	int err = -ENOMEM;

	if (!bprm)
		return -ENOMEM;
	memset(bprm, 0, sizeof(*bprm));
	strlcpy(bprm->filename, filename, sizeof(bprm->filename));
	bprm->strings = kmalloc(ARG_MAX, GFP_KERNEL);
	if (!bprm->strings)
		goto out;
	err = copy_arguments(bprm, argv, envp, from_user);
	if (err)
		goto out;
	err = find_program(bprm, filename);
	if (err)
		goto out;
	err = -ENOMEM;
	bprm->exec_file = initramfs_open(bprm->file, O_RDONLY);
	if (!bprm->exec_file)
		goto out;
	bprm->mm = mm_alloc();
	if (!bprm->mm)
		goto out;
	switch_task_mm(bprm, bprm->mm, bprm->mm);
	err = load_elf_binary(bprm);
	if (err) {
		restore_old_mm(bprm);
		goto out;
	}
	flush_old_exec(bprm);
	start_thread(regs, bprm->entry, bprm->sp);
out:
	if (bprm->mm)
		mmput(bprm->mm);
	if (bprm->exec_file)
		fput(bprm->exec_file);	/* the mappings hold their own */
	kfree(bprm->strings);
	kfree(bprm);
	return err;
}

/** execve(2): path in ebx, argv in ecx, envp in edx. */
long sys_execve(struct pt_regs *regs)
{
	char path[EXEC_PATH_MAX];
	long n = strncpy_from_user(path, (const char __user *)regs->ebx,
				   sizeof(path));

	if (n < 0)
		return n;
	if (n == sizeof(path))
		return -ENAMETOOLONG;
	return do_execve(path, (const char *const *)regs->ecx,
			 (const char *const *)regs->edx, regs, true);
}

/*
 * Make the current kernel thread a process: a child of the idle task with
 * the console as descriptors 0, 1 and 2 and default signal handlers. It
 * leads a session and a process group of its own, whose controlling
 * terminal is the console (Linux leaves /dev/console without a session).
 */
static int become_process(void)
{
	struct task_struct *tsk = current;

	tsk->sig = copy_sighand(NULL);
	tsk->files = alloc_files();
	tsk->fs = copy_fs(NULL);
	if (!tsk->sig || !tsk->files || !tsk->fs ||
	    open_console_fds(tsk->files))
		return -ENOMEM;
	tsk->exit_signal = SIGCHLD;
	tsk->pgrp = tsk->session = tsk->pid;
	tsk->leader = 1;
	console_set_ctty(tsk);
	rlimit_init(tsk);
	tsk->parent = &init_task;
	list_add_tail(&tsk->sibling, &init_task.children);
	tsk->flags &= ~(PF_KTHREAD | PF_DETACHED);
	return 0;
}

/**
 * Start the first user program (Linux's init/main.c does it with execve()
 * from the init kernel thread): the current kernel thread becomes a
 * process running @p filename and leaves the kernel through the frame at
 * the top of its stack. Returns only on failure, with the error.
 */
int kernel_execve(const char *filename, const char *const *argv,
		  const char *const *envp)
{
	struct pt_regs *regs = task_pt_regs(current);
	int err;

	if (!current->files) {
		err = become_process();
		if (err)
			return err;
	}
	err = do_execve(filename, argv, envp, regs, false);
	if (err)
		return err;
	ret_to_user(regs);
}
