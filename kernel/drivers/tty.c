// SPDX-License-Identifier: GPL-2.0-only
/*
 * tty.c - /dev/console as a file (Linux: drivers/char/tty_io.c,
 * tty_ioctl.c, much reduced).
 *
 * Writes go to every console (VGA, COM1, port 0xe9) exactly as the
 * program wrote them, without printk's time stamps: a test program's
 * KTAP reaches the host runner as it was printed. There is no keyboard or
 * serial input yet: a read returns end of file. The terminal ioctls that
 * programs ask at start-up (isatty's TCGETS, the window size, tcdrain)
 * answer as a Linux console in its default settings would.
 */
#include <fs.h>
#include <console.h>
#include <errno.h>
#include <string.h>

#define TCGETS		0x5401
#define TCSETS		0x5402
#define TCSETSW		0x5403
#define TCSETSF		0x5404
#define TCSBRK		0x5409
#define TIOCGPGRP	0x540F
#define TIOCSPGRP	0x5410
#define TIOCGWINSZ	0x5413

/* The kernel's struct termios (asm-i386/termbits.h): 36 bytes. */
struct ktermios {
	u32 c_iflag, c_oflag, c_cflag, c_lflag;
	u8 c_line;
	u8 c_cc[19];
};

/* struct winsize: rows and columns of the VGA text screen. */
struct winsize {
	u16 ws_row, ws_col, ws_xpixel, ws_ypixel;
};

/* Linux's console defaults: ICRNL|IXON, OPOST|ONLCR, B38400|CS8|CREAD. */
static struct ktermios console_termios = {
	.c_iflag = 0400 | 02000,
	.c_oflag = 01 | 04,
	.c_cflag = 017 | 060 | 0200,
	.c_lflag = 0x8a3b,
	.c_cc = { 3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22 },
};

/* Copy the user's bytes in chunks and hand each to the consoles. */
static long console_file_write(struct file *f, const char __user *buf,
			       unsigned long n)
{
	char chunk[128];
	unsigned long done = 0;

	while (done < n) {
		unsigned long len = n - done < sizeof(chunk) ?
				    n - done : sizeof(chunk);

		if (copy_from_user(chunk, buf + done, len))
			return done ? (long)done : -EFAULT;
		console_write(chunk, len);
		done += len;
	}
	return done;
}

/* No input device yet: end of file. */
static long console_file_read(struct file *f, char __user *buf,
			      unsigned long n)
{
	return 0;
}

/* The terminal ioctls a program's start-up asks; others -EINVAL. */
static long console_file_ioctl(struct file *f, unsigned int cmd,
			       unsigned long arg)
{
	static const struct winsize ws = { 25, 80, 0, 0 };
	void __user *p = (void __user *)arg;

	switch (cmd) {
	case TCGETS:
		return copy_to_user(p, &console_termios,
				    sizeof(console_termios)) ? -EFAULT : 0;
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return copy_from_user(&console_termios, p,
				      sizeof(console_termios)) ? -EFAULT : 0;
	case TIOCGWINSZ:
		return copy_to_user(p, &ws, sizeof(ws)) ? -EFAULT : 0;
	case TCSBRK:
		return 0;	/* output is never queued: drained */
	default:
		return -EINVAL;
	}
}

/** The operations of /dev/console. */
const struct file_operations console_fops = {
	.read = console_file_read,
	.write = console_file_write,
	.ioctl = console_file_ioctl,
};
