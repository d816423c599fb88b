// SPDX-License-Identifier: GPL-2.0-only
/*
 * tty.c - /dev/console as a terminal with a line discipline (Linux:
 * drivers/char/tty_io.c, tty_ioctl.c and n_tty.c, much reduced).
 *
 * The keyboard and COM1 hand each received character to
 * tty_receive_char() from their interrupt handlers. The line discipline
 * -- n_tty's idea, written small -- maps CR to NL (ICRNL), turns INTR,
 * QUIT and SUSP into signals for the foreground process group (ISIG),
 * and in canonical mode (ICANON) edits a line -- ERASE, KILL, WERASE --
 * that becomes readable only when NL, EOL or EOF ends it, echoing what
 * it does (ECHO, ECHOE, ECHOK, ECHOCTL). In raw mode every character is
 * readable at once, and a read waits as VMIN and VTIME say.
 *
 * Writes go to every console (VGA, COM1, port 0xe9) as the program wrote
 * them, without printk's time stamps: a test program's KTAP reaches the
 * host runner as it was printed.
 */
#include <fs.h>
#include <tty.h>
#include <poll.h>
#include <console.h>
#include <sched.h>
#include <signal.h>
#include <system.h>
#include <jiffies.h>
#include <errno.h>
#include <string.h>

#define TCGETS		0x5401
#define TCSETS		0x5402
#define TCSETSW		0x5403
#define TCSETSF		0x5404
#define TCSBRK		0x5409
#define TCXONC		0x540A
#define TCFLSH		0x540B
#define TIOCSCTTY	0x540E
#define TIOCGPGRP	0x540F
#define TIOCSPGRP	0x5410
#define TIOCGWINSZ	0x5413
#define TIOCSWINSZ	0x5414
#define FIONREAD	0x541B
#define TIOCNOTTY	0x5422
#define FIONBIO		0x5421
#define TIOCGSID	0x5429

#define DELIM_LINE	1	/* the slot ends a line and is read */
#define DELIM_EOF	2	/* the slot ends a line and is not read (^D) */

/*
 * An interrupted sleep: -ERESTARTSYS, so that a handler installed with
 * SA_RESTART resumes the read and any other sees -EINTR.
 */
#define TTY_INTERRUPTED	(-ERESTARTSYS)

/** The console's terminal, in Linux's default console settings. */
struct tty_struct console_tty = {
	.termios = {
		.c_iflag = ICRNL | IXON,
		.c_oflag = OPOST | ONLCR,
		.c_cflag = 017 | 060 | 0200,	/* B38400 | CS8 | CREAD */
		.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL |
			   ECHOKE | IEXTEN,
		.c_cc = { 3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15,
			  23, 22 },
	},
	.winsize = { 25, 80, 0, 0 },
	.read_wait = __WAIT_QUEUE_HEAD_INITIALIZER(console_tty.read_wait),
};

/* ---- output and echo ------------------------------------------------- */

/* Write @len bytes to the screen and COM1 (the consoles). */
static void tty_put(const char *s, size_t len)
{
	console_write(s, len);
}

/* Is @c shown as ^X by ECHOCTL (control characters but TAB and NL)? */
static bool shown_as_caret(const struct ktermios *t, unsigned char c)
{
	if (!(t->c_lflag & ECHOCTL))
		return false;
	return (c < 32 && c != '\t' && c != '\n') || c == 127;
}

/* Echo input character @c the way ECHO and ECHOCTL say. */
static void echo_char(struct tty_struct *tty, unsigned char c)
{
	char caret[2] = { '^', (char)(c ^ 0100) };

	if (shown_as_caret(&tty->termios, c))
		tty_put(caret, 2);
	else
		tty_put((const char *)&c, 1);
}

/* Take a character off the screen: as many columns as its echo took. */
static void echo_rubout(struct tty_struct *tty, unsigned char c)
{
	int cols = shown_as_caret(&tty->termios, c) ? 2 : 1;

	while (cols--)
		tty_put("\b \b", 3);
}

/* ---- the input ring ----------------------------------------------------- */

/* Free slots in the ring. */
static unsigned int ring_room(const struct tty_struct *tty)
{
	return N_TTY_BUF_SIZE - (tty->head - tty->tail);
}

/* Append @c, marked @delim, to the line being edited. */
static void ring_put(struct tty_struct *tty, unsigned char c, u8 delim)
{
	unsigned int i = tty->head % N_TTY_BUF_SIZE;

	tty->buf[i] = c;
	tty->delim[i] = delim;
	tty->head++;
}

/* The byte before the head (the last one of the edited line). */
static unsigned char ring_last(const struct tty_struct *tty)
{
	return tty->buf[(tty->head - 1) % N_TTY_BUF_SIZE];
}

/* Everything up to the head becomes readable; wake readers and pollers. */
static void ring_commit(struct tty_struct *tty)
{
	tty->canon_head = tty->head;
	wake_up(&tty->read_wait);
}

/* Throw away all input, read or not (a signal character, TCFLSH). */
static void ring_flush(struct tty_struct *tty)
{
	unsigned long flags;

	local_irq_save(flags);
	tty->tail = tty->canon_head = tty->head;
	tty->lines = 0;
	local_irq_restore(flags);
}

/* Bytes a reader could take now. */
static unsigned int readable_bytes(const struct tty_struct *tty)
{
	return tty->canon_head - tty->tail;
}

/* Would a read return now (a whole line in canonical mode)? */
static bool input_available(const struct tty_struct *tty)
{
	if (tty->termios.c_lflag & ICANON)
		return tty->lines > 0;
	return readable_bytes(tty) > 0;
}

/* ---- the line discipline's input side ---------------------------------- */

/* Is @c the control character in slot @idx (0 disables a slot)? */
static bool is_cc(const struct ktermios *t, int idx, unsigned char c)
{
	return t->c_cc[idx] && c == t->c_cc[idx];
}

/*
 * INTR, QUIT and SUSP with ISIG: flush the input (unless NOFLSH), echo
 * the character, signal the foreground group. True if @c was one.
 */
static bool handle_signal_char(struct tty_struct *tty, unsigned char c)
{
	const struct ktermios *t = &tty->termios;
	int sig;

	if (is_cc(t, VINTR, c))
		sig = SIGINT;
	else if (is_cc(t, VQUIT, c))
		sig = SIGQUIT;
	else if (is_cc(t, VSUSP, c))
		sig = SIGTSTP;
	else
		return false;
	if (!(t->c_lflag & NOFLSH))
		ring_flush(tty);
	if (t->c_lflag & ECHO)
		echo_char(tty, c);
	kill_pgrp(tty->pgrp, sig);
	return true;
}

/* ERASE: drop the last character of the edited line, on screen too. */
static void erase_char(struct tty_struct *tty, unsigned char erase)
{
	const struct ktermios *t = &tty->termios;
	unsigned char gone;

	if (tty->head == tty->canon_head)
		return;
	gone = ring_last(tty);
	tty->head--;
	if (!(t->c_lflag & ECHO))
		return;
	if (t->c_lflag & ECHOE)
		echo_rubout(tty, gone);
	else
		echo_char(tty, erase);
}

/* WERASE: drop trailing blanks, then the word before them. */
static void erase_word(struct tty_struct *tty)
{
	while (tty->head != tty->canon_head && ring_last(tty) == ' ')
		erase_char(tty, ' ');
	while (tty->head != tty->canon_head && ring_last(tty) != ' ')
		erase_char(tty, ' ');
}

/* KILL: drop the whole edited line; ECHOKE wipes it off the screen. */
static void kill_line(struct tty_struct *tty, unsigned char kill)
{
	const struct ktermios *t = &tty->termios;

	if ((t->c_lflag & (ECHO | ECHOKE | ECHOE)) == (ECHO | ECHOKE | ECHOE)) {
		while (tty->head != tty->canon_head)
			erase_char(tty, kill);
		return;
	}
	tty->head = tty->canon_head;
	if (!(t->c_lflag & ECHO))
		return;
	echo_char(tty, kill);
	if (t->c_lflag & ECHOK)
		tty_put("\n", 1);
}

/* End the edited line with @c (NL, EOL) or with EOF; it becomes readable. */
static void end_line(struct tty_struct *tty, unsigned char c, u8 delim)
{
	const struct ktermios *t = &tty->termios;

	ring_put(tty, c, delim);
	tty->lines++;
	if (delim == DELIM_LINE &&
	    ((t->c_lflag & ECHO) || (c == '\n' && (t->c_lflag & ECHONL))))
		echo_char(tty, c);
	ring_commit(tty);
}

/*
 * Canonical mode: the editing characters, the line ends, and ordinary
 * characters added to the line (one slot is kept for its end).
 */
static void receive_canon(struct tty_struct *tty, unsigned char c)
{
	const struct ktermios *t = &tty->termios;

	if (is_cc(t, VERASE, c) || c == '\b') {
		erase_char(tty, c);
	} else if (is_cc(t, VKILL, c)) {
		kill_line(tty, c);
	} else if (is_cc(t, VWERASE, c) && (t->c_lflag & IEXTEN)) {
		erase_word(tty);
	} else if (is_cc(t, VEOF, c)) {
		if (ring_room(tty))
			end_line(tty, c, DELIM_EOF);
	} else if (c == '\n' || is_cc(t, VEOL, c) || is_cc(t, VEOL2, c)) {
		if (ring_room(tty))
			end_line(tty, c, DELIM_LINE);
	} else if (ring_room(tty) > 1) {
		ring_put(tty, c, 0);
		if (t->c_lflag & ECHO)
			echo_char(tty, c);
	}
}

/* Raw mode: every character is readable at once. */
static void receive_raw(struct tty_struct *tty, unsigned char c)
{
	if (!ring_room(tty))
		return;
	ring_put(tty, c, 0);
	if (tty->termios.c_lflag & ECHO)
		echo_char(tty, c);
	ring_commit(tty);
}

/* The input mappings of c_iflag; -1 if @c is to be dropped (IGNCR). */
static int map_input(const struct ktermios *t, unsigned char c)
{
	if (t->c_iflag & ISTRIP)
		c &= 0x7f;
	if (c == '\r') {
		if (t->c_iflag & IGNCR)
			return -1;
		if (t->c_iflag & ICRNL)
			return '\n';
	} else if (c == '\n' && (t->c_iflag & INLCR)) {
		return '\r';
	}
	return c;
}

/**
 * The line discipline's receive path: one character typed on the
 * keyboard or arriving on COM1. Called from interrupt handlers (and
 * tests), with interrupts off.
 */
void tty_receive_char(struct tty_struct *tty, unsigned char c)
{
	const struct ktermios *t = &tty->termios;
	int m = map_input(t, c);

	tty->rx_chars++;
	if (m < 0)
		return;
	if ((t->c_lflag & ISIG) && handle_signal_char(tty, m))
		return;
	if (t->c_lflag & ICANON)
		receive_canon(tty, m);
	else
		receive_raw(tty, m);
}

/** Feed @p n characters of @p s to tty_receive_char(), interrupts off. */
void tty_receive_buf(struct tty_struct *tty, const char *s, size_t n)
{
	unsigned long flags;

	local_irq_save(flags);
	while (n--)
		tty_receive_char(tty, (unsigned char)*s++);
	local_irq_restore(flags);
}

/* ---- reading ---------------------------------------------------------- */

/*
 * Take up to @max readable bytes into @out, with interrupts off so the
 * receive path cannot move the ring meanwhile. In canonical mode stop
 * after a line's end; *@line_done says one was reached (an EOF end is
 * consumed but not copied).
 */
static unsigned int ring_take(struct tty_struct *tty, char *out,
			      unsigned int max, bool *line_done)
{
	bool canon = tty->termios.c_lflag & ICANON;
	unsigned int n = 0;
	unsigned long flags;

	*line_done = false;
	local_irq_save(flags);
	while (n < max && tty->tail != tty->canon_head) {
		unsigned int i = tty->tail % N_TTY_BUF_SIZE;
		u8 delim = canon ? tty->delim[i] : 0;

		tty->tail++;
		if (delim != DELIM_EOF)
			out[n++] = tty->buf[i];
		if (delim) {
			tty->lines--;
			*line_done = true;
			break;
		}
	}
	local_irq_restore(flags);
	return n;
}

/*
 * Sleep until input_available() or @timeout ticks pass
 * (MAX_SCHEDULE_TIMEOUT: no limit). Returns the ticks left (0: timed
 * out) or TTY_INTERRUPTED when a signal came first.
 */
static long tty_wait(struct tty_struct *tty, long timeout)
{
	DECLARE_WAITQUEUE(wait, current);

	add_wait_queue(&tty->read_wait, &wait);
	for (;;) {
		set_current_state(TASK_INTERRUPTIBLE);
		if (input_available(tty))
			break;
		if (signal_pending(current)) {
			timeout = TTY_INTERRUPTED;
			break;
		}
		if (!timeout)
			break;
		timeout = schedule_timeout(timeout);
	}
	set_current_state(TASK_RUNNING);
	remove_wait_queue(&tty->read_wait, &wait);
	return timeout;
}

/* Copy what ring_take() gathered to the user; -EFAULT if it cannot. */
static long take_to_user(struct tty_struct *tty, char __user *buf,
			 unsigned long n, bool *line_done)
{
	char chunk[128];
	unsigned int got = ring_take(tty, chunk,
				     n < sizeof(chunk) ? n : sizeof(chunk),
				     line_done);

	if (got && copy_to_user(buf, chunk, got))
		return -EFAULT;
	return got;
}

/*
 * Canonical read: wait for a whole line, then return it (or as much as
 * fits); an empty line ended by EOF reads as 0, end of file.
 */
static long canon_read(struct tty_struct *tty, struct file *f,
		       char __user *buf, unsigned long n)
{
	unsigned long done = 0;
	bool line_done = false;

	if (!input_available(tty)) {
		long left;

		if (f->f_flags & O_NONBLOCK)
			return -EAGAIN;
		left = tty_wait(tty, MAX_SCHEDULE_TIMEOUT);
		if (left < 0)
			return left;
	}
	while (done < n && !line_done) {
		long got = take_to_user(tty, buf + done, n - done, &line_done);

		if (got < 0)
			return done ? (long)done : got;
		if (!got && !line_done)
			break;
		done += got;
	}
	return done;
}

/*
 * Raw read, as VMIN and VTIME (tenths of a second) say: MIN > 0 waits
 * for MIN bytes, with TIME as the longest gap between two of them once
 * one has come; MIN = 0 waits at most TIME for one byte; both 0 return
 * what there is at once.
 */
static long raw_read(struct tty_struct *tty, struct file *f,
		     char __user *buf, unsigned long n)
{
	unsigned int vmin = tty->termios.c_cc[VMIN];
	/* one tick more: the current tick is partly gone already */
	long vtime = tty->termios.c_cc[VTIME] * HZ / 10 + 1;
	unsigned long need = !vmin ? 1 : vmin < n ? vmin : n, done = 0;
	bool line_done;

	for (;;) {
		long got = take_to_user(tty, buf + done, n - done, &line_done);
		long timeout, left;

		if (got < 0)
			return done ? (long)done : got;
		done += got;
		if (done >= n || done >= need || (done && !vmin))
			return done;
		if (got)
			continue;
		if (!vmin && !tty->termios.c_cc[VTIME])
			return done;
		if (f->f_flags & O_NONBLOCK)
			return done ? (long)done : -EAGAIN;
		timeout = tty->termios.c_cc[VTIME] && (!vmin || done) ?
			  vtime : MAX_SCHEDULE_TIMEOUT;
		left = tty_wait(tty, timeout);
		if (left < 0)
			return done ? (long)done : left;
		if (!left && !input_available(tty))
			return done;
	}
}

/*
 * Job control at the terminal (Linux 2.4's n_tty job_control() and
 * tty_check_change()): may the current process read (@sig SIGTTIN) or,
 * with TOSTOP, write (@sig SIGTTOU) its controlling terminal @tty? A
 * process of the foreground group, or one the terminal does not control,
 * may. A background one gets @sig sent to its whole group, which stops
 * it (-ERESTARTSYS: the call runs again once it is resumed) -- unless it
 * ignores or blocks @sig: then a read fails with -EIO and a write goes
 * ahead; and in an orphaned group, which nobody could resume, both fail
 * with -EIO. Returns 0 to go ahead, or the error.
 */
static long job_control(struct tty_struct *tty, int sig)
{
	struct task_struct *me = current;

	if (me->tty != tty || tty->pgrp <= 0 || me->pgrp == tty->pgrp)
		return 0;
	if (sig_ignored_or_blocked(me, sig))
		return sig == SIGTTOU ? 0 : -EIO;
	if (is_orphaned_pgrp(me->pgrp))
		return -EIO;
	kill_pgrp(me->pgrp, sig);
	return -ERESTARTSYS;
}

/* read(2) on the console: through the line discipline. */
static long console_file_read(struct file *f, char __user *buf,
			      unsigned long n)
{
	struct tty_struct *tty = &console_tty;
	long err = job_control(tty, SIGTTIN);

	if (err)
		return err;
	if (!n)
		return 0;
	if (tty->termios.c_lflag & ICANON)
		return canon_read(tty, f, buf, n);
	return raw_read(tty, f, buf, n);
}

/* ---- writing ---------------------------------------------------------- */

/* Copy the user's bytes in chunks and hand each to the consoles. */
static long console_file_write(struct file *f, const char __user *buf,
			       unsigned long n)
{
	char chunk[128];
	unsigned long done = 0;

	if (console_tty.termios.c_lflag & TOSTOP) {
		long err = job_control(&console_tty, SIGTTOU);

		if (err)
			return err;
	}
	while (done < n) {
		unsigned long len = n - done < sizeof(chunk) ?
				    n - done : sizeof(chunk);

		if (copy_from_user(chunk, buf + done, len))
			return done ? (long)done : -EFAULT;
		tty_put(chunk, len);
		done += len;
	}
	return done;
}

/* poll(2) on the console: readable when a read would not wait. */
static unsigned int console_file_poll(struct file *f, poll_table *pt)
{
	struct tty_struct *tty = &console_tty;

	poll_wait(f, &tty->read_wait, pt);
	return POLLOUT | POLLWRNORM |
	       (input_available(tty) ? POLLIN | POLLRDNORM : 0);
}

/* ---- sessions and the controlling terminal ------------------------------ */

/**
 * Make the console the controlling terminal of session leader @p tsk,
 * whose group becomes the foreground one (the first process does this
 * at boot; TIOCSCTTY later).
 */
void console_set_ctty(struct task_struct *tsk)
{
	struct tty_struct *tty = &console_tty;

	tty->session = tsk->session;
	tty->pgrp = tsk->pgrp;
	tsk->tty = tty;
}

/* Every process of @session forgets its controlling terminal. */
static void session_clear_tty(int session)
{
	struct task_struct *p;

	list_for_each_entry(p, &task_list, tasks)
		if (!(p->flags & PF_KTHREAD) && p->session == session)
			p->tty = NULL;
}

/**
 * Session leader @p tsk gives up its controlling terminal (it exits, or
 * asks TIOCNOTTY): the foreground group gets SIGHUP and SIGCONT, as in
 * Linux, and the terminal belongs to no session.
 */
void disassociate_ctty(struct task_struct *tsk)
{
	struct tty_struct *tty = tsk->tty;

	if (!tty || tty->session != tsk->session)
		return;
	if (tty->pgrp) {
		kill_pgrp(tty->pgrp, SIGHUP);
		kill_pgrp(tty->pgrp, SIGCONT);
	}
	session_clear_tty(tsk->session);
	tty->session = 0;
	tty->pgrp = 0;
}

/* TIOCSCTTY: a session leader without a terminal takes this one. */
static long tiocsctty(struct tty_struct *tty, unsigned long steal)
{
	struct task_struct *me = current;

	if (me->leader && me->tty == tty)
		return 0;
	if (!me->leader || me->tty)
		return -EPERM;
	if (tty->session && !steal)
		return -EPERM;
	if (tty->session)
		session_clear_tty(tty->session);
	console_set_ctty(me);
	return 0;
}

/* TIOCNOTTY: give up the controlling terminal (the leader: for all). */
static long tiocnotty(struct tty_struct *tty)
{
	struct task_struct *me = current;

	if (me->tty != tty)
		return -ENOTTY;
	if (me->leader)
		disassociate_ctty(me);
	else
		me->tty = NULL;
	return 0;
}

/* TIOCSPGRP: a process of the terminal's session picks the foreground. */
static long tiocspgrp(struct tty_struct *tty, const int __user *arg)
{
	struct task_struct *me = current;
	int pgrp;

	if (me->tty != tty || tty->session != me->session)
		return -ENOTTY;
	if (get_user(pgrp, arg))
		return -EFAULT;
	if (pgrp < 0)
		return -EINVAL;
	if (!pgrp_exists_in_session(pgrp, me->session))
		return kill_pgrp(pgrp, 0) ? -ESRCH : -EPERM;
	tty->pgrp = pgrp;
	return 0;
}

/*
 * ICANON changes with input pending. Leaving canonical mode, everything
 * typed becomes readable bytes; entering it, the pending bytes become
 * the line being edited. Either way no line ends are left counted.
 */
static void switch_canon(struct tty_struct *tty, bool canon)
{
	for (unsigned int i = tty->tail; i != tty->head; i++)
		tty->delim[i % N_TTY_BUF_SIZE] = 0;
	tty->lines = 0;
	tty->canon_head = canon ? tty->tail : tty->head;
}

/* TCSETS and its variants: new modes; TCSETSF also drops pending input. */
static long set_termios(struct tty_struct *tty, unsigned int cmd,
			const void __user *arg)
{
	struct ktermios t;
	unsigned long flags;

	if (copy_from_user(&t, arg, sizeof(t)))
		return -EFAULT;
	if (cmd == TCSETSF)
		ring_flush(tty);
	local_irq_save(flags);
	if ((tty->termios.c_lflag ^ t.c_lflag) & ICANON)
		switch_canon(tty, t.c_lflag & ICANON);
	tty->termios = t;
	local_irq_restore(flags);
	wake_up(&tty->read_wait);
	return 0;
}

/* TIOCSWINSZ: a new size; the foreground group hears of it (SIGWINCH). */
static long set_winsize(struct tty_struct *tty, const void __user *arg)
{
	struct winsize ws;

	if (copy_from_user(&ws, arg, sizeof(ws)))
		return -EFAULT;
	if (memcmp(&ws, &tty->winsize, sizeof(ws))) {
		tty->winsize = ws;
		kill_pgrp(tty->pgrp, SIGWINCH);
	}
	return 0;
}

/* Store int @val at user address @arg. */
static long put_int(unsigned long arg, int val)
{
	return put_user(val, (int __user *)arg) ? -EFAULT : 0;
}

/* The session ioctls: ctty, foreground group, session id. */
static long session_ioctl(struct tty_struct *tty, unsigned int cmd,
			  unsigned long arg)
{
	switch (cmd) {
	case TIOCSCTTY:
		return tiocsctty(tty, arg);
	case TIOCNOTTY:
		return tiocnotty(tty);
	case TIOCGPGRP:
		if (current->tty != tty)
			return -ENOTTY;
		return put_int(arg, tty->pgrp);
	case TIOCSPGRP:
		return tiocspgrp(tty, (const int __user *)arg);
	case TIOCGSID:
		if (current->tty != tty || !tty->session)
			return -ENOTTY;
		return put_int(arg, tty->session);
	default:
		return -EINVAL;
	}
}

/*
 * ioctl(2) on the console: termios, window size, the input queue, and
 * the session ioctls; others -EINVAL, as Linux's tty layer answers.
 */
static long console_file_ioctl(struct file *f, unsigned int cmd,
			       unsigned long arg)
{
	struct tty_struct *tty = &console_tty;
	void __user *p = (void __user *)arg;
	int on;

	switch (cmd) {
	case TCGETS:
		return copy_to_user(p, &tty->termios, sizeof(tty->termios))
		       ? -EFAULT : 0;
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return set_termios(tty, cmd, p);
	case TIOCGWINSZ:
		return copy_to_user(p, &tty->winsize, sizeof(tty->winsize))
		       ? -EFAULT : 0;
	case TIOCSWINSZ:
		return set_winsize(tty, p);
	case TCSBRK:
	case TCXONC:
		return 0;	/* output is never queued: drained */
	case TCFLSH:
		if (arg > 2)
			return -EINVAL;
		if (arg != 1)
			ring_flush(tty);
		return 0;
	case FIONREAD:
		return put_int(arg, readable_bytes(tty));
	case FIONBIO:
		if (get_user(on, (int __user *)arg))
			return -EFAULT;
		f->f_flags = on ? f->f_flags | O_NONBLOCK
				: f->f_flags & ~O_NONBLOCK;
		return 0;
	default:
		return session_ioctl(tty, cmd, arg);
	}
}

/** The operations of /dev/console. */
const struct file_operations console_fops = {
	.read = console_file_read,
	.write = console_file_write,
	.ioctl = console_file_ioctl,
	.poll = console_file_poll,
};
