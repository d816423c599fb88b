/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file poll.h
 * @brief poll() and select(): the events a file reports and the table
 * through which a poller waits on several wait queues at once (Linux:
 * linux/poll.h, asm-i386/poll.h).
 */
#ifndef _VMM_POLL_H
#define _VMM_POLL_H

#include <wait.h>

#define POLLIN		0x0001	/**< data to read */
#define POLLPRI		0x0002	/**< urgent data */
#define POLLOUT		0x0004	/**< writing will not block */
#define POLLERR		0x0008	/**< error (a pipe with no reader) */
#define POLLHUP		0x0010	/**< hung up (a pipe with no writer) */
#define POLLNVAL	0x0020	/**< not an open descriptor */
#define POLLRDNORM	0x0040	/**< normal data to read */
#define POLLWRNORM	0x0100	/**< normal data may be written */

/** What a file without a poll operation reports: always ready. */
#define DEFAULT_POLLMASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)

/** Most distinct wait queues one poll() call sleeps on. */
#define POLL_MAX_QUEUES	32

/**
 * struct poll_table_entry - the poller's place on one wait queue.
 */
struct poll_table_entry {
	wait_queue_head_t *head;	/**< the queue */
	wait_queue_t wait;		/**< the poller's entry on it */
};

/**
 * struct poll_table_struct - the queues one poll() or select() call
 * waits on. A file's poll operation adds its queues with poll_wait() on
 * the first pass; later passes (and callers that will not sleep) pass
 * NULL and the file only reports its state.
 */
typedef struct poll_table_struct {
	int nr;				/**< entries in use */
	struct poll_table_entry entry[POLL_MAX_QUEUES];	/**< the queues */
} poll_table;

struct file;

void poll_wait(struct file *f, wait_queue_head_t *q, poll_table *pt);
void poll_freewait(poll_table *pt);

#endif /* _VMM_POLL_H */
