// SPDX-License-Identifier: GPL-2.0-only
/*
 * ata_test.c - the ata0-slave PIO driver against a disk the host filled
 * with a known pattern (tools/diskpattern.py). The kernel checks what the
 * host wrote; after Bochs exits, the host checks what the kernel wrote.
 * Boots that attach no second disk skip these cases.
 */
#include <kunit.h>
#include <ata.h>
#include <errno.h>
#include <string.h>
#include <system.h>
#include <sched.h>
#include "diskpattern.h"

/* Pattern B goes here; tests/targets.py tells the host to expect it. */
#define WRITE_FIRST	2048
#define WRITE_COUNT	64

static u8 buf[64 * ATA_SECTOR_SIZE] __attribute__((aligned(4096)));
static u8 buf2[64 * ATA_SECTOR_SIZE] __attribute__((aligned(4096)));

static int ata_init_case(struct kunit *test)
{
	if (!ata_capacity())
		kunit_skip(test, "no disk at ata0-slave in this boot");
	return 0;
}

static void reads_what_the_host_wrote(struct kunit *test)
{
	unsigned long last = ata_capacity() - 64;

	KUNIT_ASSERT_EQ(test, ata_rw(READ, 0, 64, buf), 0);
	KUNIT_EXPECT_EQ(test, check_pattern(buf, 0, 64, 'A'), -1);
	/* A 1-sector read at an odd place, and the disk's last sectors. */
	KUNIT_ASSERT_EQ(test, ata_rw(READ, 777, 1, buf), 0);
	KUNIT_EXPECT_EQ(test, check_pattern(buf, 777, 1, 'A'), -1);
	KUNIT_ASSERT_EQ(test, ata_rw(READ, last, 64, buf), 0);
	KUNIT_EXPECT_EQ(test, check_pattern(buf, last, 64, 'A'), -1);
}

static void writes_and_reads_back(struct kunit *test)
{
	for (unsigned int n = 0; n < WRITE_COUNT; n++)
		for (unsigned int i = 0; i < ATA_SECTOR_SIZE; i++)
			buf[n * ATA_SECTOR_SIZE + i] =
				pattern(WRITE_FIRST + n, i, 'B');
	KUNIT_ASSERT_EQ(test, ata_rw(WRITE, WRITE_FIRST, WRITE_COUNT, buf), 0);
	memset(buf2, 0, sizeof(buf2));
	KUNIT_ASSERT_EQ(test, ata_rw(READ, WRITE_FIRST, WRITE_COUNT, buf2), 0);
	KUNIT_EXPECT_EQ(test, check_pattern(buf2, WRITE_FIRST, WRITE_COUNT, 'B'),
			-1);
	/* The neighbours are untouched. */
	KUNIT_ASSERT_EQ(test, ata_rw(READ, WRITE_FIRST - 1, 1, buf2), 0);
	KUNIT_EXPECT_EQ(test, check_pattern(buf2, WRITE_FIRST - 1, 1, 'A'), -1);
	KUNIT_ASSERT_EQ(test, ata_rw(READ, WRITE_FIRST + WRITE_COUNT, 1, buf2), 0);
	KUNIT_EXPECT_EQ(test, check_pattern(buf2, WRITE_FIRST + WRITE_COUNT, 1,
					    'A'), -1);
}

static void refuses_bad_requests(struct kunit *test)
{
	unsigned long requests = ata_stats.requests;

	/* Not low memory: a user address and an address past high_memory. */
	KUNIT_EXPECT_EQ(test, ata_rw(READ, 0, 1, (void *)0x1000), -EINVAL);
	KUNIT_EXPECT_EQ(test, ata_rw(READ, 0, 1, (void *)0xf0000000), -EINVAL);
	KUNIT_EXPECT_EQ(test, ata_rw(READ, 0, 0, buf), -EINVAL);
	KUNIT_EXPECT_EQ(test, ata_rw(READ, 0, ATA_MAX_SECTORS + 1, buf), -EINVAL);
	KUNIT_EXPECT_EQ(test, ata_rw(READ, ata_capacity(), 1, buf), -EIO);
	KUNIT_EXPECT_EQ(test, ata_rw(READ, ata_capacity() - 1, 2, buf), -EIO);
	KUNIT_EXPECT_EQ(test, ata_rw(7, 0, 1, buf), -EINVAL);
	KUNIT_EXPECT_EQ(test, ata_stats.requests, requests);
}

static volatile int completion_order[4];
static volatile int completions;

static void record_end_io(struct ata_request *rq, int uptodate)
{
	completion_order[completions++] = (int)(long)rq->private;
}

static void queued_requests_complete_in_order(struct kunit *test)
{
	static struct ata_request rqs[4];
	unsigned long irqs = ata_stats.interrupts;

	completions = 0;
	for (int i = 0; i < 4; i++) {
		rqs[i] = (struct ata_request) {
			.rw = READ, .sector = 100 * (unsigned long)i, .count = 16,
			.buffer = buf + i * 16 * ATA_SECTOR_SIZE,
			.end_io = record_end_io, .private = (void *)(long)i,
		};
		KUNIT_ASSERT_EQ(test, ata_submit(&rqs[i]), 0);
	}
	while (completions < 4)
		schedule_timeout_ticks(1);
	for (int i = 0; i < 4; i++) {
		KUNIT_EXPECT_EQ(test, completion_order[i], i);
		KUNIT_EXPECT_EQ(test, rqs[i].uptodate, 1);
		KUNIT_EXPECT_EQ(test, check_pattern(buf + i * 16 * ATA_SECTOR_SIZE,
						    100 * i, 16, 'A'), -1);
	}
	/* PIO: the disk interrupts once per sector. */
	KUNIT_EXPECT_EQ(test, ata_stats.interrupts - irqs, 64);
	KUNIT_EXPECT_TRUE(test, ata_idle());
}

static struct kunit_case ata_cases[] = {
	KUNIT_CASE(reads_what_the_host_wrote),
	KUNIT_CASE(writes_and_reads_back),
	KUNIT_CASE(refuses_bad_requests),
	KUNIT_CASE(queued_requests_complete_in_order),
	{}
};

static struct kunit_suite ata_suite = {
	.name = "ata",
	.init = ata_init_case,
	.test_cases = ata_cases,
};
kunit_test_suite(ata_suite);
