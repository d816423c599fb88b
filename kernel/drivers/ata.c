// SPDX-License-Identifier: GPL-2.0-only
/*
 * ata.c - PIO driver for the disk at ata0-slave (Linux 2.4: drivers/ide).
 *
 * One request runs at a time; others wait on a queue. A transfer is one
 * READ SECTORS or WRITE SECTORS command (LBA28) and the disk raises IRQ 14
 * once per sector: for a read when the sector's data is ready to be taken
 * from the data port, for a write when the sector handed over has been
 * written. The interrupt handler moves the data and, after the last
 * sector, calls the request's end_io, in interrupt context like Linux's
 * b_end_io. Only low-memory buffers are accepted: see ata.h.
 */
#include <ata.h>
#include <io.h>
#include <irq.h>
#include <kernel.h>
#include <errno.h>
#include <string.h>
#include <system.h>
#include <sched.h>
#include <wait.h>
#include <mm.h>

#define ATA_DATA	0x1f0
#define ATA_ERROR	0x1f1
#define ATA_NSECT	0x1f2
#define ATA_LBA0	0x1f3
#define ATA_LBA1	0x1f4
#define ATA_LBA2	0x1f5
#define ATA_DRIVE	0x1f6
#define ATA_STATUS	0x1f7	/* read */
#define ATA_COMMAND	0x1f7	/* write */
#define ATA_CONTROL	0x3f6

#define ATA_SR_ERR	0x01
#define ATA_SR_DRQ	0x08
#define ATA_SR_DF	0x20
#define ATA_SR_BSY	0x80
#define ATA_CTL_NIEN	0x02	/* no interrupts */

#define ATA_CMD_READ	0x20
#define ATA_CMD_WRITE	0x30
#define ATA_CMD_IDENTIFY	0xec

#define ATA_SLAVE_LBA	0xf0	/* LBA mode, drive 1 */
#define ATA_SPIN_LIMIT	1000000

struct ata_stats ata_stats;

static unsigned long capacity;		/* sectors; 0: no disk */
static char model[41];
static LIST_HEAD(ata_queue);
static struct ata_request *current_rq;

static void ata_start_next(void);

/* Wait until the drive is not busy; returns the status, or -1 on timeout. */
static int ata_wait_not_busy(void)
{
	for (int i = 0; i < ATA_SPIN_LIMIT; i++) {
		u8 status = inb(ATA_STATUS);

		if (!(status & ATA_SR_BSY))
			return status;
	}
	return -1;
}

/* Wait for DRQ (data wanted or ready); returns 0, or -EIO. */
static int ata_wait_drq(void)
{
	for (int i = 0; i < ATA_SPIN_LIMIT; i++) {
		u8 status = inb(ATA_STATUS);

		if (status & (ATA_SR_ERR | ATA_SR_DF))
			return -EIO;
		if (!(status & ATA_SR_BSY) && (status & ATA_SR_DRQ))
			return 0;
	}
	return -EIO;
}

/* Copy an IDENTIFY string (byte-swapped words) and trim its padding. */
static void ata_id_string(char *dst, const u16 *id, int first, int words)
{
	int n = 0;

	for (int i = 0; i < words; i++) {
		dst[n++] = (char)(id[first + i] >> 8);
		dst[n++] = (char)(id[first + i] & 0xff);
	}
	dst[n] = '\0';
	while (n > 0 && dst[n - 1] == ' ')
		dst[--n] = '\0';
}

/* IDENTIFY DEVICE, polled with interrupts masked at the drive. */
static bool ata_identify(void)
{
	static u16 id[256];
	int status;

	outb(ATA_CTL_NIEN, ATA_CONTROL);
	outb(ATA_SLAVE_LBA, ATA_DRIVE);
	io_delay();
	if (inb(ATA_STATUS) == 0xff)	/* floating bus: nothing there */
		goto none;
	outb(ATA_CMD_IDENTIFY, ATA_COMMAND);
	io_delay();
	if (inb(ATA_STATUS) == 0)
		goto none;
	status = ata_wait_not_busy();
	if (status < 0 || (status & ATA_SR_ERR) || ata_wait_drq())
		goto none;
	insw(ATA_DATA, id, 256);
	capacity = id[60] | ((unsigned long)id[61] << 16);
	ata_id_string(model, id, 27, 20);
	outb(0, ATA_CONTROL);
	return capacity != 0;
none:
	outb(0, ATA_CONTROL);
	return false;
}

/* Hand the finished request back and start the next one. */
static void ata_complete(int uptodate)
{
	struct ata_request *rq = current_rq;

	current_rq = NULL;
	rq->uptodate = uptodate;
	ata_stats.requests++;
	if (!uptodate)
		ata_stats.errors++;
	if (rq->end_io)
		rq->end_io(rq, uptodate);
	ata_start_next();
}

/* Program the drive for the request at the head of the queue. */
static void ata_start_next(void)
{
	struct ata_request *rq;
	u8 cmd;

	if (current_rq || list_empty(&ata_queue))
		return;
	rq = list_first_entry(&ata_queue, struct ata_request, queue);
	list_del_init(&rq->queue);
	current_rq = rq;
	if (ata_wait_not_busy() < 0) {
		printk(KERN_ERR "ata: drive stays busy\n");
		ata_complete(0);
		return;
	}
	outb(ATA_SLAVE_LBA | ((rq->sector >> 24) & 0x0f), ATA_DRIVE);
	outb(rq->count & 0xff, ATA_NSECT);	/* 256 is written as 0 */
	outb(rq->sector & 0xff, ATA_LBA0);
	outb((rq->sector >> 8) & 0xff, ATA_LBA1);
	outb((rq->sector >> 16) & 0xff, ATA_LBA2);
	cmd = rq->rw == WRITE ? ATA_CMD_WRITE : ATA_CMD_READ;
	outb(cmd, ATA_COMMAND);
	if (rq->rw == WRITE) {
		/* The first sector goes now; each interrupt asks for the next. */
		if (ata_wait_drq()) {
			ata_complete(0);
			return;
		}
		outsw(ATA_DATA, rq->buffer, ATA_SECTOR_SIZE / 2);
	}
}

/* IRQ 14: one sector moved (or an error). */
static void ata_interrupt(int irq, struct pt_regs *regs)
{
	struct ata_request *rq = current_rq;
	u8 status = inb(ATA_STATUS);	/* reading it acknowledges the IRQ */

	ata_stats.interrupts++;
	if (!rq)
		return;		/* spurious, or the master disk's */
	if (status & (ATA_SR_ERR | ATA_SR_DF)) {
		printk(KERN_ERR "ata: I/O error, status %02x error %02x, sector %lu\n",
		       status, inb(ATA_ERROR), rq->sector + rq->done);
		ata_complete(0);
		return;
	}
	if (rq->rw == READ) {
		insw(ATA_DATA, (u8 *)rq->buffer + rq->done * ATA_SECTOR_SIZE,
		     ATA_SECTOR_SIZE / 2);
		ata_stats.sectors_read++;
		if (++rq->done == rq->count)
			ata_complete(1);
		return;
	}
	ata_stats.sectors_written++;
	if (++rq->done == rq->count) {
		ata_complete(1);
		return;
	}
	outsw(ATA_DATA, (u8 *)rq->buffer + rq->done * ATA_SECTOR_SIZE,
	      ATA_SECTOR_SIZE / 2);
}

/**
 * Queue @p rq. Returns 0 when queued (end_io will be called), or an error
 * without queueing: -ENODEV with no disk, -EINVAL for a bad count or a
 * buffer outside low memory, -EIO past the end of the disk.
 */
int ata_submit(struct ata_request *rq)
{
	unsigned long flags, end;

	if (!capacity)
		return -ENODEV;
	if (!rq->count || rq->count > ATA_MAX_SECTORS ||
	    (rq->rw != READ && rq->rw != WRITE))
		return -EINVAL;
	end = (unsigned long)rq->buffer + rq->count * ATA_SECTOR_SIZE - 1;
	if (!virt_addr_valid(rq->buffer) || !virt_addr_valid(end)) {
		printk(KERN_ERR "ata: buffer %p is not in low memory: I/O on it needs a bounce buffer\n",
		       rq->buffer);
		return -EINVAL;
	}
	if (rq->sector >= capacity || rq->count > capacity - rq->sector) {
		printk(KERN_ERR "attempt to access beyond end of device: sector %lu + %u > %lu\n",
		       rq->sector, rq->count, capacity);
		return -EIO;
	}
	rq->uptodate = -1;
	rq->done = 0;
	local_irq_save(flags);
	list_add_tail(&rq->queue, &ata_queue);
	ata_start_next();
	local_irq_restore(flags);
	return 0;
}

static void ata_end_sync(struct ata_request *rq, int uptodate)
{
	wake_up(rq->private);
}

/**
 * Transfer @p count sectors at @p sector to or from @p buffer (low memory)
 * and sleep until it is done. Returns 0, or a negative errno.
 */
int ata_rw(int rw, unsigned long sector, unsigned int count, void *buffer)
{
	wait_queue_head_t wq;
	struct ata_request rq = {
		.rw = rw, .sector = sector, .count = count, .buffer = buffer,
		.end_io = ata_end_sync, .private = &wq,
	};
	int err;

	init_waitqueue_head(&wq);
	err = ata_submit(&rq);
	if (err)
		return err;
	wait_event(wq, rq.uptodate != -1);
	return rq.uptodate == 1 ? 0 : -EIO;
}

/** Sectors on the disk; 0 when there is none. */
unsigned long ata_capacity(void)
{
	return capacity;
}

/** True when no request is queued or running. */
bool ata_idle(void)
{
	return !current_rq && list_empty(&ata_queue);
}

/** Find the disk at ata0-slave and take its interrupt. */
void ata_init(void)
{
	if (!ata_identify()) {
		printk(KERN_INFO "ata0-slave: no disk\n");
		return;
	}
	printk(KERN_INFO "ata0-slave: %s, %lu sectors (%lu MiB)\n", model,
	       capacity, capacity >> 11);
	request_irq(ATA_PRIMARY_IRQ, ata_interrupt, "ata0");
}
