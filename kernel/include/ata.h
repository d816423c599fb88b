/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file ata.h
 * @brief A PIO driver for the ATA disk on the primary channel's slave
 * position (Bochs: `ata0-slave`), the block device of Chapter 10's bounce
 * buffers.
 *
 * Like the old PC disk controllers it models, the driver moves data only
 * through addresses the kernel maps permanently: a request whose buffer is
 * not in low memory is refused. Data in a highmem page must travel through
 * a bounce buffer (highmem.h).
 */
#ifndef _VMM_ATA_H
#define _VMM_ATA_H

#include <types.h>
#include <list.h>

/** Bytes per disk sector. */
#define ATA_SECTOR_SIZE	512
/** Most sectors one request may move (one PIO command). */
#define ATA_MAX_SECTORS	256

#define READ	0	/**< transfer from the disk to memory */
#define WRITE	1	/**< transfer from memory to the disk */

/**
 * struct ata_request - one transfer, queued with ata_submit().
 *
 * The role of Linux 2.4's buffer_head in this driver: the bounce code
 * substitutes its own request, with a low-memory buffer, for the caller's
 * and chains the completion (end_io), exactly as create_bounce() does.
 */
struct ata_request {
	int rw;			/**< READ or WRITE */
	unsigned long sector;	/**< first sector (LBA) */
	unsigned int count;	/**< sectors, 1 to ATA_MAX_SECTORS */
	void *buffer;		/**< low-memory kernel address of the data */
	/** Called once, from the interrupt handler, when the transfer ends. */
	void (*end_io)(struct ata_request *rq, int uptodate);
	void *private;		/**< for the owner of end_io */
	int uptodate;		/**< result: 1 done, 0 failed, -1 pending */
	unsigned int done;	/**< sectors transferred so far */
	struct list_head queue;	/**< link in the driver's queue */
};

/**
 * struct ata_stats - what the driver has done since boot.
 */
struct ata_stats {
	unsigned long requests;		/**< requests completed */
	unsigned long sectors_read;	/**< sectors moved disk -> memory */
	unsigned long sectors_written;	/**< sectors moved memory -> disk */
	unsigned long interrupts;	/**< IRQ 14 interrupts handled */
	unsigned long errors;		/**< requests that failed */
};

/** Counters since boot. */
extern struct ata_stats ata_stats;

void ata_init(void);
unsigned long ata_capacity(void);
int ata_submit(struct ata_request *rq);
int ata_rw(int rw, unsigned long sector, unsigned int count, void *buffer);
bool ata_idle(void);

#endif /* _VMM_ATA_H */
