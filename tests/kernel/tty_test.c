// SPDX-License-Identifier: GPL-2.0-only
/*
 * tty_test.c - the keyboard's scan-code translation and the line
 * discipline's receive path, driven directly: the tests cannot press
 * keys in Bochs, so the scan codes Bochs' keyboard sends are fed to
 * kbd_translate(), and characters to a private terminal's
 * tty_receive_char() (echo off, no foreground group), whose ring is then
 * read back. The clock's one subtle case is here too: a reading while
 * the tick's interrupt waits at the PIC.
 */
#include <kunit.h>
#include <tty.h>
#include <timekeeping.h>
#include <system.h>
#include <io.h>
#include <string.h>

/* Type scan codes @codes (@n of them); the characters they make. */
static unsigned int type_codes(const unsigned char *codes, size_t n,
			       char *out, size_t size)
{
	unsigned int len = 0;

	kbd_reset_state();
	for (size_t i = 0; i < n; i++) {
		char chars[4];
		unsigned int k = kbd_translate(codes[i], chars);

		for (unsigned int j = 0; j < k && len + 1 < size; j++)
			out[len++] = chars[j];
	}
	out[len] = '\0';
	return len;
}

static void keyboard_letters_and_shift(struct kunit *test)
{
	/* h, i (press, release), then Shift+1, Shift released, 2 */
	static const unsigned char codes[] = {
		0x23, 0xa3, 0x17, 0x97, 0x2a, 0x02, 0x82, 0xaa, 0x03, 0x83,
	};
	char out[16];

	KUNIT_EXPECT_EQ(test, type_codes(codes, sizeof(codes), out,
					 sizeof(out)), 4);
	KUNIT_EXPECT_STREQ(test, out, "hi!2");
}

static void keyboard_ctrl_caps_enter(struct kunit *test)
{
	/* Ctrl+C, Caps Lock on, a, Shift+a, Caps off, Enter, Backspace */
	static const unsigned char codes[] = {
		0x1d, 0x2e, 0xae, 0x9d, 0x3a, 0xba, 0x1e, 0x9e, 0x2a, 0x1e,
		0x9e, 0xaa, 0x3a, 0xba, 0x1c, 0x9c, 0x0e, 0x8e,
	};
	char out[16];

	type_codes(codes, sizeof(codes), out, sizeof(out));
	KUNIT_EXPECT_STREQ(test, out, "\003Aa\r\177");
}

static void keyboard_extended_keys(struct kunit *test)
{
	/* up arrow, left arrow (E0-prefixed), right Ctrl + d, keypad / */
	static const unsigned char codes[] = {
		0xe0, 0x48, 0xe0, 0xc8, 0xe0, 0x4b, 0xe0, 0xcb,
		0xe0, 0x1d, 0x20, 0xa0, 0xe0, 0x9d, 0xe0, 0x35,
	};
	char out[32];

	type_codes(codes, sizeof(codes), out, sizeof(out));
	KUNIT_EXPECT_STREQ(test, out, "\033[A\033[D\004/");
}

/* A terminal with the console's settings but no echo and no group. */
static void tty_setup(struct tty_struct *tty)
{
	memset(tty, 0, sizeof(*tty));
	tty->termios = console_tty.termios;
	tty->termios.c_lflag &= ~ECHO;
	init_waitqueue_head(&tty->read_wait);
}

/* The readable bytes of @tty as a string (EOF slots shown as '$'). */
static void readable(struct tty_struct *tty, char *out, size_t size)
{
	unsigned int n = 0;

	for (unsigned int i = tty->tail; i != tty->canon_head &&
	     n + 1 < size; i++) {
		unsigned int k = i % N_TTY_BUF_SIZE;

		out[n++] = tty->delim[k] == 2 ? '$' : tty->buf[k];
	}
	out[n] = '\0';
}

static void ldisc_canonical_editing(struct kunit *test)
{
	static struct tty_struct tty;
	char out[64];

	tty_setup(&tty);
	tty_receive_buf(&tty, "abX\177c\bd", 7);
	readable(&tty, out, sizeof(out));
	KUNIT_EXPECT_STREQ(test, out, "");	/* no line yet */
	KUNIT_EXPECT_EQ(test, tty.head - tty.canon_head, 3);
	tty_receive_buf(&tty, "\r", 1);
	readable(&tty, out, sizeof(out));
	KUNIT_EXPECT_STREQ(test, out, "abd\n");
	KUNIT_EXPECT_EQ(test, tty.lines, 1);
	tty_receive_buf(&tty, "junk\025ok foo\027\177\n", 14);
	tty_receive_buf(&tty, "end\004\004", 5);
	readable(&tty, out, sizeof(out));
	KUNIT_EXPECT_STREQ(test, out, "abd\nok\nend$$");
	KUNIT_EXPECT_EQ(test, tty.lines, 4);
}

static void ldisc_signal_char_flushes(struct kunit *test)
{
	static struct tty_struct tty;
	char out[64];

	tty_setup(&tty);
	tty_receive_buf(&tty, "line\npartial", 12);
	tty_receive_buf(&tty, "\003", 1);	/* ^C: no group to signal */
	readable(&tty, out, sizeof(out));
	KUNIT_EXPECT_STREQ(test, out, "");
	KUNIT_EXPECT_EQ(test, tty.head, tty.tail);
	KUNIT_EXPECT_EQ(test, tty.lines, 0);
	tty.termios.c_lflag |= NOFLSH;
	tty_receive_buf(&tty, "kept\n\003", 6);
	readable(&tty, out, sizeof(out));
	KUNIT_EXPECT_STREQ(test, out, "kept\n");
}

static void ldisc_raw_and_input_maps(struct kunit *test)
{
	static struct tty_struct tty;
	char out[64];

	tty_setup(&tty);
	tty.termios.c_lflag &= ~ICANON;
	tty_receive_buf(&tty, "a\177\r\025", 4);
	readable(&tty, out, sizeof(out));
	KUNIT_EXPECT_STREQ(test, out, "a\177\n\025");	/* no editing */
	tty.termios.c_iflag = IGNCR;
	tty_receive_buf(&tty, "\rb", 2);
	tty.termios.c_iflag = INLCR;
	tty_receive_buf(&tty, "\n", 1);
	readable(&tty, out, sizeof(out));
	KUNIT_EXPECT_STREQ(test, out, "a\177\n\025b\r");
}

static void ldisc_full_ring_keeps_room_for_newline(struct kunit *test)
{
	static struct tty_struct tty;

	tty_setup(&tty);
	for (int i = 0; i < N_TTY_BUF_SIZE + 10; i++)
		tty_receive_char(&tty, 'x');
	KUNIT_EXPECT_EQ(test, tty.head - tty.tail, N_TTY_BUF_SIZE - 1);
	tty_receive_char(&tty, '\n');
	KUNIT_EXPECT_EQ(test, tty.lines, 1);
	KUNIT_EXPECT_EQ(test, tty.canon_head - tty.tail, N_TTY_BUF_SIZE);
	tty_receive_char(&tty, 'y');	/* full: dropped */
	KUNIT_EXPECT_EQ(test, tty.head - tty.tail, N_TTY_BUF_SIZE);
}

/* Is the timer's interrupt waiting at the master PIC (its IRR)? */
static bool timer_irq_pending(void)
{
	outb(0x0a, 0x20);	/* OCW3: read the IRR */
	return inb(0x20) & 1;
}

/*
 * With interrupts off across a tick, the PIT's counter wraps while
 * jiffies stays: the reading must see the pending tick and keep going
 * forward (pit_ns_since_tick()).
 */
static void clock_monotonic_across_a_pending_tick(struct kunit *test)
{
	unsigned long flags;
	u64 before, after;
	int spins = 10000000;

	local_irq_save(flags);
	while (pit_ns_since_tick() < 8000000)	/* late in a tick */
		;
	before = monotonic_ns();
	while (!timer_irq_pending() && --spins)	/* the counter wraps */
		;
	after = monotonic_ns();
	local_irq_restore(flags);
	KUNIT_EXPECT_GT(test, spins, 0);
	KUNIT_EXPECT_GT(test, after, before);
}

static struct kunit_case tty_cases[] = {
	KUNIT_CASE(keyboard_letters_and_shift),
	KUNIT_CASE(keyboard_ctrl_caps_enter),
	KUNIT_CASE(keyboard_extended_keys),
	KUNIT_CASE(ldisc_canonical_editing),
	KUNIT_CASE(ldisc_signal_char_flushes),
	KUNIT_CASE(ldisc_raw_and_input_maps),
	KUNIT_CASE(ldisc_full_ring_keeps_room_for_newline),
	KUNIT_CASE(clock_monotonic_across_a_pending_tick),
	{}
};

static struct kunit_suite tty_suite = {
	.name = "tty",
	.test_cases = tty_cases,
};
kunit_test_suite(tty_suite);
