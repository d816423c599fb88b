// SPDX-License-Identifier: GPL-2.0-only
/*
 * boot_test.c - what the loader handed over: the boot parameter page, the
 * BIOS memory map, the command line and the initramfs.
 */
#include <kunit.h>
#include <bootparam.h>
#include <setup.h>
#include <init.h>
#include <initramfs.h>
#include <string.h>
#include <page.h>

extern char _text[], _end[];

static void boot_params_are_valid(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, boot_params.magic, BP_MAGIC_VALUE);
	KUNIT_EXPECT_GE(test, boot_params.e820_entries, 2);
	KUNIT_EXPECT_EQ(test, boot_params.e820_source, 0xe820);
	/*
	 * The loader's idea of the kernel's end is the last byte of the last
	 * ELF segment; the linker rounds _end up to the next page.
	 */
	KUNIT_EXPECT_LE(test, boot_params.kernel_end, __pa(_end));
	KUNIT_EXPECT_EQ(test, PAGE_ALIGN(boot_params.kernel_end), __pa(_end));
	KUNIT_EXPECT_EQ(test, boot_params.boot_drive, 0x80);
}

static void e820_map_is_sorted_and_has_ram(struct kunit *test)
{
	bool low_ram = false, high_ram = false;

	KUNIT_ASSERT_GE(test, e820.nr_map, 2);
	for (int i = 0; i < e820.nr_map; i++) {
		const struct e820entry *e = &e820.map[i];

		KUNIT_EXPECT_GT(test, e->size, 0);
		if (i)
			KUNIT_EXPECT_GE(test, e->addr, e820.map[i - 1].addr +
					e820.map[i - 1].size);
		if (e->type == E820_RAM && e->addr == 0)
			low_ram = true;
		if (e->type == E820_RAM && e->addr == 0x100000)
			high_ram = true;
	}
	KUNIT_EXPECT_TRUE(test, low_ram);
	KUNIT_EXPECT_TRUE(test, high_ram);
}

static void command_line_is_saved(struct kunit *test)
{
	/* This suite only runs when test= selected it. */
	KUNIT_EXPECT_NOT_NULL(test, strstr(saved_command_line, "test="));
	KUNIT_EXPECT_STREQ(test, boot_params.cmdline, saved_command_line);
}

static void initramfs_holds_readme(struct kunit *test)
{
	const struct initramfs_file *f = initramfs_lookup("/README");
	const char *want = "vmm386 initramfs:";

	KUNIT_ASSERT_GT(test, boot_params.initrd_size, 0);
	/* Right after the kernel, on a page boundary, where the loader puts it. */
	KUNIT_EXPECT_EQ(test, boot_params.initrd_start,
			PAGE_ALIGN(boot_params.kernel_end));
	KUNIT_EXPECT_GE(test, initramfs_nr_files(), 1);
	KUNIT_ASSERT_NOT_NULL(test, f);
	KUNIT_EXPECT_EQ(test, memcmp(f->data, want, strlen(want)), 0);
	KUNIT_EXPECT_NULL(test, initramfs_lookup("no/such/file"));
}

static void corrupt_initramfs_is_refused(struct kunit *test)
{
	static const char junk[] = "070701zzzzzzzz this is not a cpio header";
	const struct initramfs_file *f;

	KUNIT_EXPECT_LT(test, unpack_initramfs(junk, sizeof(junk)), 0);
	/* Re-index the real archive so later users see it again. */
	KUNIT_EXPECT_GE(test, unpack_initramfs(__va(boot_params.initrd_start),
					       boot_params.initrd_size), 1);
	f = initramfs_lookup("README");
	KUNIT_EXPECT_NOT_NULL(test, f);
}

static struct kunit_case boot_cases[] = {
	KUNIT_CASE(boot_params_are_valid),
	KUNIT_CASE(e820_map_is_sorted_and_has_ram),
	KUNIT_CASE(command_line_is_saved),
	KUNIT_CASE(initramfs_holds_readme),
	KUNIT_CASE(corrupt_initramfs_is_refused),
	{}
};

static struct kunit_suite boot_suite = {
	.name = "boot",
	.test_cases = boot_cases,
};
kunit_test_suite(boot_suite);
