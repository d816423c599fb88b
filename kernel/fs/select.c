// SPDX-License-Identifier: GPL-2.0-only
/*
 * select.c - poll(2), select(2) and pselect6(2) (Linux: fs/select.c).
 *
 * Both calls ask each file's poll operation which events are ready. If
 * none is, the caller sleeps on every wait queue the files named with
 * poll_wait() during the first pass, until one of them wakes it, a signal
 * comes or the timeout runs out, and then asks again. Linux 2.4 allocates
 * the table a page at a time; vmm386's is one slab object holding a
 * fixed number of queues (three console descriptors share one queue, so
 * a poller seldom needs more than a few).
 */
#include <poll.h>
#include <fs.h>
#include <sched.h>
#include <signal.h>
#include <slab.h>
#include <jiffies.h>
#include <timekeeping.h>
#include <math64.h>
#include <string.h>
#include <errno.h>
#include <syscalls.h>
#include <system.h>

/*
 * An interrupted wait: select() is restarted unless a handler ran (a
 * handler sees -EINTR whatever its SA_RESTART says), with the time left
 * already written back, as Linux 2.4 does. poll() turns it into -EINTR:
 * 2.4 has no way to restart it with the time left (2.6's restart_block).
 */
#define POLL_INTERRUPTED	(-ERESTARTNOHAND)

/**
 * Called by a file's poll operation: put the poller on wait queue @p q,
 * once, unless @p pt is NULL (a pass that will not sleep). A full table
 * leaves the poller to its timeout for the queues that did not fit.
 */
void poll_wait(struct file *f, wait_queue_head_t *q, poll_table *pt)
{
	struct poll_table_entry *e;

	(void)f;
	if (!pt)
		return;
	for (int i = 0; i < pt->nr; i++)
		if (pt->entry[i].head == q)
			return;
	if (pt->nr == POLL_MAX_QUEUES)
		return;
	e = &pt->entry[pt->nr++];
	e->head = q;
	e->wait.task = current;
	add_wait_queue(q, &e->wait);
}

/** Take the poller off every queue of @p pt. */
void poll_freewait(poll_table *pt)
{
	for (int i = 0; i < pt->nr; i++)
		remove_wait_queue(pt->entry[i].head, &pt->entry[i].wait);
	pt->nr = 0;
}

/* The events of open file @f, through its poll operation if it has one. */
static unsigned int file_poll(struct file *f, poll_table *pt)
{
	return f->f_op->poll ? f->f_op->poll(f, pt) : DEFAULT_POLLMASK;
}

/*
 * Milliseconds as ticks, rounded up, plus one for the part of the current
 * tick already gone, so the wait lasts at least @ms (as Linux 2.4's poll
 * counts); 0 stays 0, negative means no limit.
 */
static long ms_to_ticks(long ms)
{
	if (ms < 0)
		return MAX_SCHEDULE_TIMEOUT;
	if (!ms)
		return 0;
	if (ms >= MAX_SCHEDULE_TIMEOUT / HZ)
		return MAX_SCHEDULE_TIMEOUT - 1;
	return (ms * HZ + 999) / 1000 + 1;
}

/* A timeout of @sec seconds and @ns nanoseconds as ticks, the same way. */
static long ts_to_ticks(long sec, long ns)
{
	if (!sec && !ns)
		return 0;
	if (sec >= MAX_SCHEDULE_TIMEOUT / HZ - 1)
		return MAX_SCHEDULE_TIMEOUT - 1;
	return sec * HZ + (ns + NSEC_PER_SEC / HZ - 1) / (NSEC_PER_SEC / HZ) + 1;
}

/* struct pollfd of Linux. */
struct pollfd {
	int fd;
	short events;
	short revents;
};

/* Events of one pollfd: POLLNVAL for a bad descriptor, -1 ignored. */
static short pollfd_events(const struct pollfd *p, poll_table *pt)
{
	struct file *f;

	if (p->fd < 0)
		return 0;
	f = fget(p->fd);
	if (!f)
		return POLLNVAL;
	return file_poll(f, pt) & (p->events | POLLERR | POLLHUP);
}

/* One pass over @fds; the number with events. */
static int poll_pass(struct pollfd *fds, unsigned int nfds, poll_table *pt)
{
	int count = 0;

	for (unsigned int i = 0; i < nfds; i++) {
		fds[i].revents = pollfd_events(&fds[i], pt);
		if (fds[i].revents)
			count++;
	}
	return count;
}

/*
 * The loop poll() and select() share: call @pass (which fills its own
 * results) until it finds something, a signal comes or @timeout ticks
 * pass. Returns the pass's count, 0 on timeout, POLL_INTERRUPTED; the
 * ticks left go to *@left.
 */
static int do_poll_loop(int (*pass)(void *arg, poll_table *pt), void *arg,
			long timeout, long *left)
{
	poll_table *table = kmalloc(sizeof(*table), GFP_KERNEL);
	poll_table *pt = table;
	int count;

	if (!table)
		return -ENOMEM;
	table->nr = 0;
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		count = pass(arg, pt);
		pt = NULL;	/* the queues are joined once */
		if (count || !timeout)
			break;
		if (signal_pending(current)) {
			count = POLL_INTERRUPTED;
			break;
		}
		timeout = schedule_timeout(timeout);
	}
	set_current_state(TASK_RUNNING);
	poll_freewait(table);
	kfree(table);
	*left = timeout;
	return count;
}

/* The state of one poll() call. */
struct poll_args {
	struct pollfd *fds;
	unsigned int nfds;
};

/* poll()'s pass over its descriptors. */
static int poll_args_pass(void *arg, poll_table *pt)
{
	struct poll_args *a = arg;

	return poll_pass(a->fds, a->nfds, pt);
}

/**
 * poll(2): wait until one of @p nfds descriptors has an event it asks for
 * (or POLLERR, POLLHUP, POLLNVAL), at most @p timeout_ms milliseconds
 * (negative: no limit; 0: just look). Returns the number of descriptors
 * with events, 0 on timeout; -EINVAL for more descriptors than a process
 * may have open, -EINTR if a signal came first.
 */
long sys_poll(struct pollfd __user *ufds, unsigned int nfds, long timeout_ms)
{
	struct poll_args a = { NULL, nfds };
	size_t size = nfds * sizeof(struct pollfd);
	long left;
	int count;

	if (nfds > NR_OPEN)
		return -EINVAL;
	if (nfds) {
		a.fds = kmalloc(size, GFP_KERNEL);
		if (!a.fds)
			return -ENOMEM;
		if (copy_from_user(a.fds, ufds, size)) {
			kfree(a.fds);
			return -EFAULT;
		}
	}
	count = do_poll_loop(poll_args_pass, &a, ms_to_ticks(timeout_ms),
			     &left);
	if (count >= 0 && nfds && copy_to_user(ufds, a.fds, size))
		count = -EFAULT;
	kfree(a.fds);
	return count == POLL_INTERRUPTED ? -EINTR : count;
}

/* ---- select ------------------------------------------------------------ */

/* The descriptor sets of one select() call: in, out, exceptions. */
struct select_args {
	int n;				/* descriptors 0..n-1 */
	unsigned long long in[3];	/* what was asked */
	unsigned long long out[3];	/* what is ready */
};

#define SEL_IN	(POLLIN | POLLRDNORM | POLLHUP | POLLERR)
#define SEL_OUT	(POLLOUT | POLLWRNORM | POLLERR)
#define SEL_EX	POLLPRI

/* select()'s pass: poll every descriptor named in a set. */
static int select_pass(void *arg, poll_table *pt)
{
	static const unsigned int want[3] = { SEL_IN, SEL_OUT, SEL_EX };
	struct select_args *s = arg;
	int count = 0;

	for (int fd = 0; fd < s->n; fd++) {
		unsigned long long bit = 1ULL << fd;
		struct file *f;
		unsigned int mask;

		if (!((s->in[0] | s->in[1] | s->in[2]) & bit))
			continue;
		f = fget(fd);
		mask = f ? file_poll(f, pt) : 0;
		for (int k = 0; k < 3; k++) {
			if (!(s->in[k] & bit) || !(mask & want[k]))
				continue;
			s->out[k] |= bit;
			count++;
		}
	}
	return count;
}

/*
 * The bytes of a user fd_set of @n bits: whole 32-bit longs, as Linux's
 * FDS_BYTES(), so a set that runs off a mapping faults where it faults
 * on Linux (select(1, ...) touches 4 bytes, not 1).
 */
static size_t fdset_bytes(int n)
{
	return (n + 31) / 32 * 4;
}

/* Read the user's fd_set @u (NULL: empty) of @n bits into *@set. */
static int get_fdset(const void __user *u, int n, unsigned long long *set)
{
	*set = 0;
	if (!u)
		return 0;
	return copy_from_user(set, u, fdset_bytes(n)) ? -EFAULT : 0;
}

/* Write @set back to the user's fd_set @u, if there is one. */
static int put_fdset(void __user *u, int n, unsigned long long set)
{
	if (!u)
		return 0;
	return copy_to_user(u, &set, fdset_bytes(n)) ? -EFAULT : 0;
}

/*
 * select()'s core for @n descriptors, the three user sets and a timeout
 * in ticks. -EBADF if a set names a closed descriptor.
 */
static long do_select(int n, void __user *sets[3], long timeout,
		      long *left)
{
	struct select_args s;
	unsigned long long all;
	int count;

	if (n < 0)
		return -EINVAL;
	if (n > NR_OPEN)
		n = NR_OPEN;
	memset(&s, 0, sizeof(s));
	s.n = n;
	for (int k = 0; k < 3; k++)
		if (get_fdset(sets[k], n, &s.in[k]))
			return -EFAULT;
	all = s.in[0] | s.in[1] | s.in[2];
	for (int fd = 0; fd < n; fd++)
		if ((all & (1ULL << fd)) && !fget(fd))
			return -EBADF;
	count = do_poll_loop(select_pass, &s, timeout, left);
	if (count < 0)
		return count;
	for (int k = 0; k < 3; k++)
		if (put_fdset(sets[k], n, s.out[k]))
			return -EFAULT;
	return count;
}

/* struct timeval of 32-bit Linux. */
struct timeval32 {
	s32 tv_sec;
	s32 tv_usec;
};

/**
 * _newselect(2), select(): wait until a descriptor of the read, write or
 * exception set is ready, or the timeout (NULL: none) passes; the sets
 * are rewritten to the ready ones, and the timeout to the time left, as
 * Linux does. Returns the number of ready bits, 0 on timeout; -EINVAL
 * for a negative count or a negative timeout (a tv_usec of a million or
 * more counts as whole seconds, as in 2.4), -EBADF for a closed descriptor.
 * A timeout the kernel cannot write back (a read-only page) is left as it
 * was and the call still succeeds: the time left is a Linux extension a
 * program may not expect, so a failed write must not turn a completed
 * select into -EFAULT (2.4 ignores put_user()'s result there, 6.1's
 * poll_select_finish() says so in a comment). pselect6 does the same.
 */
long sys_select(int n, void __user *inp, void __user *outp,
		void __user *exp, struct timeval32 __user *tvp)
{
	void __user *sets[3] = { inp, outp, exp };
	long timeout = MAX_SCHEDULE_TIMEOUT, left;
	struct timeval32 tv;
	long ret;

	if (tvp) {
		if (copy_from_user(&tv, tvp, sizeof(tv)))
			return -EFAULT;
		/* only negative values are bad: 2.4 takes 1000000 us as 1 s */
		if (tv.tv_sec < 0 || tv.tv_usec < 0)
			return -EINVAL;
		if (tv.tv_sec > MAX_SCHEDULE_TIMEOUT / HZ)	/* no overflow */
			tv.tv_sec = MAX_SCHEDULE_TIMEOUT / HZ;
		timeout = ts_to_ticks(tv.tv_sec + tv.tv_usec / 1000000,
				      tv.tv_usec % 1000000 * 1000);
	}
	ret = do_select(n, sets, timeout, &left);
	if (tvp && ret >= 0 && timeout != MAX_SCHEDULE_TIMEOUT) {
		tv.tv_sec = left / HZ;
		tv.tv_usec = left % HZ * (1000000 / HZ);
		/* a read-only timeout keeps its value: see the comment above */
		(void)copy_to_user(tvp, &tv, sizeof(tv));
	}
	return ret;
}

/* struct timespec of 32-bit Linux. */
struct timespec32 {
	s32 tv_sec;
	s32 tv_nsec;
};

/*
 * pselect6's sixth argument: the signal mask to use while waiting and
 * its size (8).
 */
struct sigmask_arg {
	const unsigned long long __user *set;
	u32 size;
};

/**
 * pselect6(2), which glibc's select() calls: select() with a timespec
 * timeout and a signal mask that replaces the blocked set while it waits.
 * The caller's mask is back before the return; Linux keeps the temporary
 * one until a signal that ended the wait has been delivered.
 */
long sys_pselect6(int n, void __user *inp, void __user *outp,
		  void __user *exp, struct timespec32 __user *tsp,
		  const struct sigmask_arg __user *smp)
{
	void __user *sets[3] = { inp, outp, exp };
	long timeout = MAX_SCHEDULE_TIMEOUT, left, ret;
	unsigned long long saved = current->sig_blocked, mask;
	struct sigmask_arg sm = { NULL, 0 };
	struct timespec32 ts;

	if (tsp) {
		if (copy_from_user(&ts, tsp, sizeof(ts)))
			return -EFAULT;
		if (ts.tv_sec < 0 || ts.tv_nsec < 0 ||
		    ts.tv_nsec >= NSEC_PER_SEC)
			return -EINVAL;
		timeout = ts_to_ticks(ts.tv_sec, ts.tv_nsec);
	}
	if (smp && copy_from_user(&sm, smp, sizeof(sm)))
		return -EFAULT;
	if (sm.set) {
		if (sm.size != sizeof(mask))
			return -EINVAL;
		if (copy_from_user(&mask, sm.set, sizeof(mask)))
			return -EFAULT;
		current->sig_blocked = mask & ~(sigmask(SIGKILL) |
						sigmask(SIGSTOP));
	}
	ret = do_select(n, sets, timeout, &left);
	current->sig_blocked = saved;
	if (tsp && ret >= 0 && timeout != MAX_SCHEDULE_TIMEOUT) {
		ts.tv_sec = left / HZ;
		ts.tv_nsec = left % HZ * (NSEC_PER_SEC / HZ);
		/* as select's: a read-only timeout keeps its value */
		(void)copy_to_user(tsp, &ts, sizeof(ts));
	}
	return ret;
}
