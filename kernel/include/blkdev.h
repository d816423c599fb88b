/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file blkdev.h
 * @brief Block I/O on pages: buffer heads and submit_bh() (Linux 2.4: the
 * buffer_head of linux/fs.h, submit_bh() of drivers/block/ll_rw_blk.c).
 *
 * A buffer_head describes one transfer between a piece of a page and
 * consecutive disk sectors. submit_bh() turns it into a request for the
 * ATA driver. The driver can only move data through low memory, so a
 * buffer in a highmem page is first given a bounce page (create_bounce()
 * in mm/highmem.c): the only place where vmm386, like Linux 2.4, decides
 * whether a page needs bouncing.
 */
#ifndef _VMM_BLKDEV_H
#define _VMM_BLKDEV_H

#include <types.h>
#include <ata.h>
#include <mm.h>

#define BH_Uptodate	0	/**< the buffer holds valid data */
#define BH_Lock		2	/**< I/O is in flight */

/**
 * struct buffer_head - one block transfer (the subset of Linux 2.4's
 * fields that block I/O and bouncing use).
 *
 * How vmm386 differs from Linux 2.4: Linux's request queue gathers buffer
 * heads into a struct request, and a bounced transfer gets a second
 * buffer_head. Here each buffer head carries the one driver request it
 * becomes (b_rq); when the page must be bounced, that request points at
 * the bounce page instead of the caller's page, so only the page needs
 * allocating.
 */
struct buffer_head {
	unsigned long b_rsector;	/**< first sector on the disk */
	unsigned int b_size;		/**< bytes; whole sectors in one page */
	unsigned long b_state;		/**< BH_* bits */
	struct page *b_page;		/**< the page holding the data */
	/**
	 * For a low page, the data's kernel address; for a highmem page,
	 * which has none, only its offset in the page (set_bh_page()).
	 */
	char *b_data;
	/** Called once, in interrupt context, when the transfer ends. */
	void (*b_end_io)(struct buffer_head *bh, int uptodate);
	void *b_private;		/**< for the owner of b_end_io */
	struct ata_request b_rq;	/**< vmm386: the driver's request */
};

/** Offset of @p bh's data inside its page, for low and highmem pages. */
#define bh_offset(bh)	((unsigned long)(bh)->b_data & ~PAGE_MASK)
/** True once the buffer holds valid data. */
#define buffer_uptodate(bh)	(((bh)->b_state >> BH_Uptodate) & 1)
/** True while I/O on the buffer is in flight. */
#define buffer_locked(bh)	(((bh)->b_state >> BH_Lock) & 1)

/**
 * struct blk_stats - requests the block layer has passed to the driver.
 */
struct blk_stats {
	unsigned long submitted;	/**< buffer heads submitted */
	unsigned long bounced;		/**< of those, given a bounce page */
	unsigned long refused;		/**< refused with an error */
};

/** Block layer counters since boot. */
extern struct blk_stats blk_stats;

void set_bh_page(struct buffer_head *bh, struct page *page,
		 unsigned long offset);
int submit_bh(int rw, struct buffer_head *bh);
void end_buffer_io_sync(struct buffer_head *bh, int uptodate);
int submit_page_io(int rw, struct page *page, unsigned long sector);
struct ata_request *blk_queue_bounce(int rw, struct buffer_head *bh);

#endif /* _VMM_BLKDEV_H */
