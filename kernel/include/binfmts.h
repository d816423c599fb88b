/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file binfmts.h
 * @brief Running programs: execve and the ELF loader (Linux:
 * linux/binfmts.h, fs/exec.c, fs/binfmt_elf.c).
 */
#ifndef _VMM_BINFMTS_H
#define _VMM_BINFMTS_H

#include <types.h>
#include <uaccess.h>

struct pt_regs;
struct initramfs_file;
struct mm_struct;
struct file;

/** Longest path execve accepts, with its NUL. */
#define EXEC_PATH_MAX	256
/** Pages of user stack execve maps below TASK_SIZE. */
#define EXEC_STACK_PAGES	16

/**
 * struct linux_binprm - a program being started: the file, and the
 * argument and environment strings saved from the old address space
 * before it is replaced.
 */
struct linux_binprm {
	const struct initramfs_file *file;	/**< the program's bytes */
	struct file *exec_file;	/**< the program opened, for its mappings */
	char filename[EXEC_PATH_MAX];	/**< the path execve was given */
	char *strings;		/**< argv then envp strings, NUL-separated */
	unsigned long len;	/**< bytes used in @c strings */
	unsigned long argv_len;	/**< of which the argv strings */
	int argc;		/**< number of arguments */
	int envc;		/**< number of environment strings */
	struct mm_struct *mm;	/**< the new address space being built */
	struct mm_struct *old_mm;	/**< the task's address space before */
	struct mm_struct *old_active_mm;	/**< the one it had loaded */
	unsigned long entry;	/**< the program's entry point */
	unsigned long sp;	/**< initial stack pointer (at argc) */
};

int do_execve(const char *filename, const char *const *argv,
	      const char *const *envp, struct pt_regs *regs, bool from_user);
int kernel_execve(const char *filename, const char *const *argv,
		  const char *const *envp);
int load_elf_binary(struct linux_binprm *bprm);
int create_elf_tables(struct linux_binprm *bprm);

#endif /* _VMM_BINFMTS_H */
