// SPDX-License-Identifier: GPL-2.0-only
/*
 * main.c - start_kernel(): from the first C instruction to a running
 * system (Linux: init/main.c).
 *
 * asm/head.asm arrives here on init_task's stack with paging on and the
 * first megabytes mapped twice, at 0 and at PAGE_OFFSET. The order below is
 * the order of dependencies: consoles first so everything can be reported,
 * the GDT before the identity mapping goes, interrupts only once every
 * handler exists.
 */
#include <kernel.h>
#include <console.h>
#include <desc.h>
#include <irq.h>
#include <jiffies.h>
#include <sched.h>
#include <system.h>
#include <init.h>
#include <setup.h>
#include <pgtable.h>
#include <checkpoint.h>
#include <kunit.h>
#include <reboot.h>
#include <string.h>
#include <version.h>
#include <initramfs.h>
#include <ata.h>
#include <mm.h>
#include <page.h>

extern unsigned long init_pg_tables_start, init_pg_tables_end;

static char test_globs[BP_CMDLINE_SIZE];

/*
 * TEMPORARY on the ata branch: the end of the direct mapping, until the
 * page allocator (mm-core) computes it in paging_init. Removed on merge.
 */
void *high_memory;

static int __init test_setup(char *str)
{
	strlcpy(test_globs, str, sizeof(test_globs));
	return 1;
}
__setup("test=", test_setup);

/*
 * Remove the identity mapping of low memory that asm/head.asm needed to
 * turn paging on. From now on, virtual addresses below PAGE_OFFSET belong
 * to user space, and a NULL pointer dereference faults.
 */
static void zap_low_mappings(void)
{
	for (unsigned long i = 0; i < USER_PTRS_PER_PGD; i++)
		set_pgd(&swapper_pg_dir[i], __pgd(0));
	write_cr3(read_cr3());	/* flush the TLB */
}

/*
 * The first thread after the idle task. With `test=`, it runs the
 * selected suites and powers the machine off; otherwise it says so and
 * ends, leaving the idle task.
 */
static int init(void *unused)
{
	(void)unused;
	if (test_globs[0]) {
		kunit_run_all_tests(test_globs);
		machine_power_off();
	}
	printk(KERN_NOTICE "vmm386: no test= option given, nothing to run; idling.\n");
	printk(KERN_NOTICE "vmm386: try `make test`, or `make debug` for the Bochs debugger.\n");
	return 0;
}

/** The kernel's C entry point; becomes the idle task when done. */
void start_kernel(void)
{
	char *command_line;
	unsigned long long ram;

	debugcon_init();
	serial_console_init();
	vga_console_init();
	printk(KERN_NOTICE "%s\n", vmm386_banner);
	gdt_init();
	command_line = setup_arch();
	ram = e820_ram_bytes();
	printk(KERN_NOTICE "Memory: %lluk usable RAM in the BIOS map (%llu MiB)\n",
	       ram >> 10, ram >> 20);
	printk(KERN_NOTICE "Kernel command line: %s\n", saved_command_line);
	parse_args(command_line);

	if (boot_params.initrd_size) {
		int n = unpack_initramfs(__va(boot_params.initrd_start),
					 boot_params.initrd_size);

		printk(KERN_INFO "initramfs: %u bytes at %#x, %d file(s)\n",
		       boot_params.initrd_size, boot_params.initrd_start, n);
	}
	zap_low_mappings();
	high_memory = __va(init_pg_tables_end);
	checkpoint("paging", "cr3=%#lx early_tables=%#lx-%#lx",
		   read_cr3(), init_pg_tables_start, init_pg_tables_end);

	trap_init();
	init_IRQ();
	sched_init();
	time_init();
	local_irq_enable();
	ata_init();

	kernel_thread(init, NULL, "init", PF_DETACHED);
	cpu_idle();
}
