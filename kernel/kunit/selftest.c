// SPDX-License-Identifier: GPL-2.0-only
/*
 * selftest.c - the `crash=` option: ways to fail on purpose, so the host
 * runner's tests can prove it notices each of them (see kunit_selftest.h).
 * Without `crash=` on the command line nothing here does anything.
 */
#include <kunit_selftest.h>
#include <kernel.h>
#include <string.h>
#include <sched.h>
#include <system.h>
#include <reboot.h>
#include <init.h>

static char crash_mode[16];

static int __init crash_setup(char *str)
{
	strlcpy(crash_mode, str, sizeof(crash_mode));
	return 1;
}
__setup("crash=", crash_setup);

static bool crash_is(const char *mode)
{
	return !strcmp(crash_mode, mode);
}

/** With crash=badplan, announce one case more than the suite has. */
int kunit_selftest_plan_bias(void)
{
	return crash_is("badplan") ? 1 : 0;
}

static int null_deref(void *arg)
{
	(void)arg;
	return *(volatile int *)0;
}

/* An IDT with no entries: the next exception escalates to a triple fault. */
static void triple_fault(void)
{
	struct {
		u16 size;
		u32 address;
	} __attribute__((packed)) empty = { 0, 0 };

	local_irq_disable();
	asm volatile("lidt %0; int3" : : "m"(empty));
}

/** Called after each case: fail in the selected way after the first. */
void kunit_selftest_after_case(int index)
{
	if (!crash_mode[0] || index != 1)
		return;
	printk(KERN_INFO "kunit selftest: crash=%s\n", crash_mode);
	if (crash_is("panic")) {
		panic("kunit selftest: crash=panic");
	} else if (crash_is("oops")) {
		int pid = kernel_thread(null_deref, NULL, "selftest", 0);

		kthread_wait(pid, NULL);
	} else if (crash_is("triple")) {
		triple_fault();
	} else if (crash_is("hang")) {
		local_irq_disable();
		for (;;)
			barrier();
	} else if (crash_is("poweroff")) {
		machine_power_off();
	}
}
