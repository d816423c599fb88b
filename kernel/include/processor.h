/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file processor.h
 * @brief What the CPU can do, as CPUID reports it (Linux: asm/processor.h,
 * asm/cpufeature.h).
 *
 * paging_init() needs two answers: can the CPU map 4 MiB pages (PSE), and
 * can it keep kernel translations in the TLB across address-space switches
 * (PGE, "global" pages)? identify_cpu() asks CPUID once at boot; the
 * `nopentium` option (Linux 2.4's "mem=nopentium") hides PSE so that the
 * kernel maps its memory with 4 KiB page tables instead.
 */
#ifndef _VMM_PROCESSOR_H
#define _VMM_PROCESSOR_H

#include <types.h>
#include <page.h>

/** Top of user space: a fault at or above it is on a kernel address. */
#define TASK_SIZE	PAGE_OFFSET

#define X86_FEATURE_PSE	(1UL << 3)	/**< CPUID.1:EDX: 4 MiB pages */
#define X86_FEATURE_PGE	(1UL << 13)	/**< CPUID.1:EDX: global pages */

#define X86_CR4_PSE	0x00000010	/**< CR4: enable 4 MiB pages */
#define X86_CR4_PGE	0x00000080	/**< CR4: enable global pages */

/**
 * struct cpuinfo_x86 - the boot CPU's identity, as far as the VM cares.
 */
struct cpuinfo_x86 {
	unsigned long x86_capability;	/**< CPUID.1:EDX, less disabled bits */
	unsigned long disabled_caps;	/**< hidden by boot options */
	char x86_vendor_id[13];		/**< "GenuineIntel", ... */
};

/** The CPU the kernel booted on (the only one). */
extern struct cpuinfo_x86 boot_cpu_data;

/** The CPU can map 4 MiB pages and the kernel may use them. */
#define cpu_has_pse	(!!(boot_cpu_data.x86_capability & X86_FEATURE_PSE))
/** The CPU supports global pages. */
#define cpu_has_pge	(!!(boot_cpu_data.x86_capability & X86_FEATURE_PGE))

void identify_cpu(void);
void set_in_cr4(unsigned long mask);

#endif /* _VMM_PROCESSOR_H */
