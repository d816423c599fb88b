// SPDX-License-Identifier: GPL-2.0-only
/*
 * init_task.c - the boot task's descriptor and stack, and the kernel's
 * address space (Linux: arch/i386/kernel/init_task.c).
 */
#include <sched.h>
#include <mm_types.h>

/**
 * The boot task's 8 KiB block. asm/head.asm points ESP at its top before
 * calling start_kernel; after boot it is the idle task. Aligned to its size
 * so that `current` can be computed from ESP.
 */
union task_union init_task_union
	__attribute__((section(".data.init_task"), aligned(THREAD_SIZE)));

/** The kernel's address space: the master page directory, swapper_pg_dir. */
struct mm_struct init_mm = {
	.pgd = swapper_pg_dir,
	.mm_users = 2,
	.mm_count = 1,
	.page_table_lock = SPIN_LOCK_UNLOCKED(init_mm.page_table_lock),
	.mm_rb = { NULL },
	.mmap_sem = __RWSEM_INITIALIZER(init_mm.mmap_sem),
};
