// SPDX-License-Identifier: GPL-2.0-only
/*
 * main.c - start_kernel(): from the first C instruction to a running
 * system (Linux: init/main.c).
 *
 * asm/head.asm arrives here on init_task's stack with paging on and the
 * first megabytes mapped twice, at 0 and at PAGE_OFFSET. The order below is
 * the order of dependencies: the debug port first so everything can be
 * reported, the other consoles once the command line has chosen them, the
 * GDT before the identity mapping goes, interrupts only once every
 * handler exists.
 */
#include <kernel.h>
#include <console.h>
#include <tty.h>
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
#include <page.h>
#include <mm.h>
#include <pagemap.h>
#include <highmem.h>
#include <slab.h>
#include <mman.h>
#include <vmalloc.h>
#include <binfmts.h>
#include <process.h>
#include <errno.h>

static char test_globs[BP_CMDLINE_SIZE];
static char init_path[BP_CMDLINE_SIZE];

static int __init test_setup(char *str)
{
	strlcpy(test_globs, str, sizeof(test_globs));
	return 1;
}
__setup("test=", test_setup);

static int __init init_setup(char *str)
{
	strlcpy(init_path, str, sizeof(init_path));
	return 1;
}
__setup("init=", init_setup);

/* Most arguments init gets from the command line (2.6's MAX_INIT_ARGS). */
#define MAX_INIT_ARGS	32

/*
 * init's argv: its path, then the words of the command line that are no
 * option and have no '=' (Linux passes them to init the same way), kept
 * in init_arg_text.
 */
static const char *init_argv[MAX_INIT_ARGS + 2];
static char init_arg_text[256];
static size_t init_arg_used;
static int init_argc = 1;

/**
 * Give init the command-line word @p word as its next argument (parse_args()
 * calls it for each word that is no option). Words beyond MAX_INIT_ARGS,
 * or beyond the room for their text, are dropped with a warning.
 */
void add_init_arg(const char *word)
{
	size_t len = strlen(word) + 1;

	if (init_argc > MAX_INIT_ARGS ||
	    init_arg_used + len > sizeof(init_arg_text)) {
		printk(KERN_WARNING "init: too many arguments, `%s' dropped\n",
		       word);
		return;
	}
	memcpy(init_arg_text + init_arg_used, word, len);
	init_argv[init_argc++] = init_arg_text + init_arg_used;
	init_arg_used += len;
}
static const char *const init_envp[] = { "HOME=/", "TERM=linux",
					  "PATH=/bin", NULL };

/*
 * Run @path as process 1 with init's argv (its path, then the words
 * add_init_arg() collected), as Linux's run_init_process(). Returns only
 * if it cannot be started, with the error.
 */
static int run_init_process(const char *path)
{
	init_argv[0] = path;
	return kernel_execve(path, init_argv, init_envp);
}

/*
 * The programs tried, in order, when no init= is given: Linux tries
 * /sbin/init, /etc/init, /bin/init and /bin/sh; vmm386's /bin/init is the
 * test runner, not a system's init, so it is left out.
 */
static const char *const default_inits[] = { "/sbin/init", "/etc/init",
					     "/bin/sh" };

/*
 * The first thread after the idle task. With `test=`, it runs the
 * selected in-kernel suites and powers the machine off; with `init=`, it
 * becomes the first process; otherwise it tries the default programs
 * (make run: /sbin/init, which starts busybox's shell) and, if none
 * exists, says so and ends, leaving the idle task.
 */
static int init(void *unused)
{
	int err;

	(void)unused;
	if (test_globs[0]) {
		if (init_path[0])
			printk(KERN_NOTICE "init: %s not run: test= runs the kernel's suites instead\n",
			       init_path);
		kunit_run_all_tests(test_globs);
		machine_power_off();
	}
	if (init_path[0]) {
		err = run_init_process(init_path);
		printk(KERN_ERR "init: cannot run %s: error %d\n", init_path,
		       err);
		return -1;
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(default_inits); i++)
		if (run_init_process(default_inits[i]) != -ENOENT)
			printk(KERN_ERR "init: cannot run %s\n",
			       default_inits[i]);
	printk(KERN_NOTICE "vmm386: no test= or init= option given and no /sbin/init or /bin/sh; idling.\n");
	printk(KERN_NOTICE "vmm386: try `make test`, or `make debug` for the Bochs debugger.\n");
	return 0;
}

/**
 * The kernel's C entry point; becomes the idle task when done. The memory
 * steps follow Linux 2.4: setup_arch() sizes memory, starts the boot
 * allocator and builds the page tables and zones (paging_init()); once
 * traps, interrupts and the scheduler exist, mem_init() hands all free
 * memory to the buddy allocator and retires bootmem.
 */
void start_kernel(void)
{
	char *command_line;

	debugcon_init();
	printk(KERN_NOTICE "%s\n", vmm386_banner);
	gdt_init();
	command_line = setup_arch();
	console_init();		/* the consoles console= chose, from the start */
	printk(KERN_NOTICE "Kernel command line: %s\n", saved_command_line);
	parse_args(command_line);

	if (boot_params.initrd_size) {
		int n = unpack_initramfs(__va(boot_params.initrd_start),
					 boot_params.initrd_size);

		printk(KERN_INFO "initramfs: %u bytes at %#x, %d file(s)\n",
		       boot_params.initrd_size, boot_params.initrd_start, n);
	}

	trap_init();
	fpu_init();
	init_IRQ();
	sched_init();
	time_init();
	keyboard_init();	/* the console's input: keyboard and COM1 */
	serial_input_init();
	mem_init();
	/*
	 * The slab allocator (Chapter 9) starts on top of the buddy
	 * allocator. Linux 2.4 calls kmem_cache_init() a little earlier (its
	 * first cache, cache_cache, needs no pages until it is used) and
	 * kmem_cache_sizes_init() right after mem_init(), as here.
	 */
	kmem_cache_init();
	kmem_cache_sizes_init();
	vma_cache_init();
	/* Linux 2.4 runs it as an initcall; it needs the page allocator. */
	init_emergency_pool();
	vmalloc_init();
	/* Linux 2.4: page_cache_init() from start_kernel(). */
	page_cache_init();
	local_irq_enable();
	ata_init();

	kernel_thread(init, NULL, "init", PF_DETACHED);
	cpu_idle();
}
