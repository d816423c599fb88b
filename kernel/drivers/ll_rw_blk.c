// SPDX-License-Identifier: GPL-2.0-only
/*
 * ll_rw_blk.c - the block layer between buffer heads and the ATA driver
 * (Linux 2.4: drivers/block/ll_rw_blk.c, and end_buffer_io_sync() from
 * fs/buffer.c).
 *
 * submit_bh() checks a buffer head, fills in the driver request it
 * carries, lets blk_queue_bounce() decide whether the data must travel
 * through a low bounce page, and queues the request. As in Linux 2.4,
 * that decision is made in exactly one place, and only for pages the
 * device cannot reach: a low page goes to the driver as it is.
 */
#include <blkdev.h>
#include <highmem.h>
#include <ata.h>
#include <mm.h>
#include <errno.h>
#include <kernel.h>
#include <sched.h>
#include <wait.h>

struct blk_stats blk_stats;

/**
 * Point @p bh at @p offset bytes into @p page. A highmem page has no
 * kernel address, so b_data then holds just the offset (Linux's
 * convention); bh_offset() works for both.
 */
void set_bh_page(struct buffer_head *bh, struct page *page,
		 unsigned long offset)
{
	bh->b_page = page;
	if (PageHighMem(page))
		bh->b_data = (char *)offset;
	else
		bh->b_data = (char *)page_address(page) + offset;
}

/*
 * Completion of a request that was not bounced: hand the result to the
 * buffer head's owner (Linux: end_that_request_first() calling b_end_io).
 */
static void end_buffer_request(struct ata_request *rq, int uptodate)
{
	struct buffer_head *bh = rq->private;

	bh->b_end_io(bh, uptodate);
}

/**
 * The request the driver should see for @p bh: its own b_rq for a page
 * the disk can reach (low memory), or one redirected to a bounce page by
 * create_bounce() for a highmem page (which may sleep for the page).
 */
struct ata_request *blk_queue_bounce(int rw, struct buffer_head *bh)
{
	if (!PageHighMem(bh->b_page))
		return &bh->b_rq;
	blk_stats.bounced++;
	return create_bounce(rw, bh);
}

/*
 * Why @bh cannot be submitted for @rw, as a negative errno, or 0. Checked
 * before any bounce page is taken, so a refused request costs nothing.
 */
static int check_bh(int rw, struct buffer_head *bh)
{
	unsigned long count = bh->b_size / ATA_SECTOR_SIZE;

	if ((rw != READ && rw != WRITE) || !bh->b_page ||
	    !VALID_PAGE(bh->b_page) || !bh->b_end_io || !bh->b_size ||
	    bh->b_size % ATA_SECTOR_SIZE ||
	    bh_offset(bh) + bh->b_size > PAGE_SIZE)
		return -EINVAL;
	if (!ata_capacity())
		return -ENODEV;
	if (bh->b_rsector >= ata_capacity() ||
	    count > ata_capacity() - bh->b_rsector) {
		printk(KERN_ERR "attempt to access beyond end of device: "
		       "rw=%d, want=%lu, limit=%lu\n", rw,
		       bh->b_rsector + count, ata_capacity());
		return -EIO;
	}
	return 0;
}

/**
 * Start the transfer @p bh describes, in direction @p rw (READ or WRITE).
 * Returns 0 once it is queued: bh->b_end_io will be called, in interrupt
 * context, when it ends. A buffer head that cannot be transferred (bad
 * size or page, no disk, beyond the disk's end) is refused with a
 * negative errno and b_end_io is not called. May sleep, to get a bounce
 * page for a highmem buffer.
 */
int submit_bh(int rw, struct buffer_head *bh)
{
	struct ata_request *rq = &bh->b_rq;
	int err = check_bh(rw, bh);

	if (err) {
		blk_stats.refused++;
		return err;
	}
	bh->b_state |= 1UL << BH_Lock;
	*rq = (struct ata_request) {
		.rw = rw, .sector = bh->b_rsector,
		.count = bh->b_size / ATA_SECTOR_SIZE, .buffer = bh->b_data,
		.end_io = end_buffer_request, .private = bh,
	};
	rq = blk_queue_bounce(rw, bh);
	blk_stats.submitted++;
	err = ata_submit(rq);
	if (WARN_ON(err))	/* check_bh() should have caught it */
		rq->end_io(rq, 0);
	return 0;
}

/**
 * A b_end_io for synchronous I/O: record the result in b_state, unlock
 * the buffer and wake the wait queue in b_private, where the submitter
 * sleeps (Linux's end_buffer_io_sync() wakes bh->b_wait).
 */
void end_buffer_io_sync(struct buffer_head *bh, int uptodate)
{
	if (uptodate)
		bh->b_state |= 1UL << BH_Uptodate;
	else
		bh->b_state &= ~(1UL << BH_Uptodate);
	bh->b_state &= ~(1UL << BH_Lock);
	if (bh->b_private)
		wake_up(bh->b_private);
}

/**
 * Transfer the whole of @p page (low or high) to or from the
 * PAGE_SIZE / 512 sectors starting at @p sector, and sleep until it is
 * done. Returns 0, -EIO if the disk failed, or submit_bh()'s error.
 */
int submit_page_io(int rw, struct page *page, unsigned long sector)
{
	wait_queue_head_t wq;
	struct buffer_head bh = {
		.b_rsector = sector, .b_size = PAGE_SIZE,
		.b_end_io = end_buffer_io_sync, .b_private = &wq,
	};
	int err;

	init_waitqueue_head(&wq);
	set_bh_page(&bh, page, 0);
	err = submit_bh(rw, &bh);
	if (err)
		return err;
	wait_event(wq, !buffer_locked(&bh));
	return buffer_uptodate(&bh) ? 0 : -EIO;
}
