/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file tty.h
 * @brief The console terminal: termios, the line discipline's buffer, the
 * session and foreground process group that own it (Linux: linux/tty.h,
 * asm-i386/termbits.h, drivers/char/n_tty.c's state).
 *
 * vmm386 has one terminal, the console. The keyboard and COM1 feed it
 * characters from their interrupt handlers (tty_receive_char()); the line
 * discipline edits them into lines, echoes them and turns ^C into SIGINT
 * for the foreground process group; read(), write(), ioctl() and poll()
 * on /dev/console reach it through console_fops.
 */
#ifndef _VMM_TTY_H
#define _VMM_TTY_H

#include <types.h>
#include <wait.h>

/** Number of control characters in struct ktermios. */
#define NCCS		19

/* c_cc indices (asm-i386/termbits.h). */
#define VINTR		0	/**< ^C: SIGINT */
#define VQUIT		1	/**< ^\\: SIGQUIT */
#define VERASE		2	/**< DEL: erase a character */
#define VKILL		3	/**< ^U: erase the line */
#define VEOF		4	/**< ^D: end of file */
#define VTIME		5	/**< raw mode: timeout, tenths of a second */
#define VMIN		6	/**< raw mode: bytes a read waits for */
#define VSTART		8	/**< ^Q */
#define VSTOP		9	/**< ^S */
#define VSUSP		10	/**< ^Z: SIGTSTP */
#define VEOL		11	/**< an extra end-of-line character */
#define VWERASE		14	/**< ^W: erase a word */
#define VEOL2		16	/**< a second extra end-of-line character */

/* c_iflag */
#define ISTRIP		0000040	/**< strip the eighth bit */
#define INLCR		0000100	/**< map NL to CR on input */
#define IGNCR		0000200	/**< ignore CR on input */
#define ICRNL		0000400	/**< map CR to NL on input */
#define IXON		0002000	/**< ^S/^Q flow control (accepted) */
/* c_oflag */
#define OPOST		0000001	/**< post-process output */
#define ONLCR		0000004	/**< map NL to CR-NL on output */
/* c_lflag */
#define ISIG		0000001	/**< INTR, QUIT, SUSP send signals */
#define ICANON		0000002	/**< canonical (line) mode */
#define ECHO		0000010	/**< echo input */
#define ECHOE		0000020	/**< ERASE erases on screen */
#define ECHOK		0000040	/**< newline after KILL */
#define ECHONL		0000100	/**< echo NL even without ECHO */
#define NOFLSH		0000200	/**< no input flush on a signal char */
#define TOSTOP		0000400	/**< background writes: SIGTTOU */
#define ECHOCTL		0001000	/**< echo control characters as ^X */
#define ECHOKE		0004000	/**< KILL erases the line on screen */
#define IEXTEN		0100000	/**< extended characters (WERASE) */

/**
 * struct ktermios - the kernel's struct termios on i386 (36 bytes), the
 * layout TCGETS and TCSETS copy.
 */
struct ktermios {
	u32 c_iflag;		/**< input modes */
	u32 c_oflag;		/**< output modes */
	u32 c_cflag;		/**< control modes (speed, size) */
	u32 c_lflag;		/**< local modes (ICANON, ECHO, ISIG) */
	u8 c_line;		/**< line discipline, 0 = N_TTY */
	u8 c_cc[NCCS];		/**< control characters */
};

/** struct winsize - the terminal's size (TIOCGWINSZ). */
struct winsize {
	u16 ws_row;		/**< rows */
	u16 ws_col;		/**< columns */
	u16 ws_xpixel;		/**< unused */
	u16 ws_ypixel;		/**< unused */
};

/** Size of the line discipline's input ring (Linux's N_TTY_BUF_SIZE). */
#define N_TTY_BUF_SIZE	1024

/**
 * struct tty_struct - a terminal and its line discipline's state.
 *
 * Input waits in a ring: from tail to canon_head are characters a
 * reader may take (in canonical mode, whole lines); from canon_head to
 * head is the line still being edited. In raw mode the two heads move
 * together. delim marks the slots that end a line: 1 for a character
 * handed to the reader with its line (NL, EOL), 2 for ^D, which is not.
 */
struct tty_struct {
	struct ktermios termios;	/**< the modes TCSETS sets */
	struct winsize winsize;		/**< TIOCSWINSZ's size */
	int session;		/**< session that owns it, 0 if none */
	int pgrp;		/**< foreground process group, 0 if none */
	char buf[N_TTY_BUF_SIZE];	/**< the input ring */
	u8 delim[N_TTY_BUF_SIZE];	/**< 1: slot ends a line; 2: by EOF */
	unsigned int tail;	/**< next byte a reader takes (free-running) */
	unsigned int canon_head;	/**< end of the readable bytes */
	unsigned int head;	/**< end of the input */
	unsigned int lines;	/**< complete lines in [tail, canon_head) */
	unsigned int column;	/**< echo column, for erasing tabs */
	wait_queue_head_t read_wait;	/**< readers and pollers sleep here */
	unsigned long rx_chars;	/**< characters received since boot */
};

/** The console's terminal. */
extern struct tty_struct console_tty;

struct task_struct;

void tty_receive_char(struct tty_struct *tty, unsigned char c);
void tty_receive_buf(struct tty_struct *tty, const char *s, size_t n);
void console_set_ctty(struct task_struct *tsk);
void disassociate_ctty(struct task_struct *tsk);
int kill_pgrp(int pgrp, int sig);
bool pgrp_exists_in_session(int pgrp, int session);
void keyboard_init(void);
unsigned int kbd_translate(unsigned char scancode, char *out);
void kbd_reset_state(void);

#endif /* _VMM_TTY_H */
