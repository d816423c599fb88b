/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file smp.h
 * @brief Processor numbers (Linux: linux/smp.h), for a machine with one.
 *
 * vmm386 runs on a single CPU. Data that Linux keeps per CPU (the slab
 * allocator's per-CPU object caches) is still declared as an array of
 * NR_CPUS entries indexed by smp_processor_id(), so that the code reads as
 * Linux's and the book can explain the SMP design on a uniprocessor.
 */
#ifndef _VMM_SMP_H
#define _VMM_SMP_H

/** Largest number of CPUs the kernel supports: one. */
#define NR_CPUS		1
/** Number of the CPU running this code: always 0. */
#define smp_processor_id()	0
/** Number of CPUs online. */
#define smp_num_cpus	1

#endif /* _VMM_SMP_H */
