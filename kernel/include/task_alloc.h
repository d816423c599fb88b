/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file task_alloc.h
 * @brief Where task descriptors and kernel stacks come from.
 */
#ifndef _VMM_TASK_ALLOC_H
#define _VMM_TASK_ALLOC_H

struct task_struct;

struct task_struct *alloc_task_struct(void);
void free_task_struct(struct task_struct *p);

#endif /* _VMM_TASK_ALLOC_H */
