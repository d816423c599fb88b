// SPDX-License-Identifier: GPL-2.0-only
/*
 * keyboard.c - the PS/2 keyboard on IRQ 1 (Linux: drivers/char/pc_keyb.c
 * and keyboard.c, reduced to a US layout).
 *
 * The 8042 controller translates the keyboard's scan codes to set 1, as
 * the BIOS leaves it (Bochs does the same, for its X window and for the
 * headless `term` display, which turns what is typed in the terminal into
 * key presses). Each interrupt brings one byte: a key's make code, or
 * the code with bit 7 set when the key is released, possibly after an
 * 0xE0 prefix for the keys the original PC keyboard lacked. Shift, Ctrl
 * and Caps Lock change what a key means; arrows and the editing keys send
 * the VT100 escape sequences a Linux console sends. The characters go to
 * the console's line discipline.
 */
#include <tty.h>
#include <irq.h>
#include <io.h>
#include <kernel.h>

#define KBD_DATA	0x60
#define KBD_STATUS	0x64
#define KBD_STAT_OBF	0x01	/* a byte waits in the output buffer */
#define KEYBOARD_IRQ	1

#define SC_ESCAPE	0xe0	/* prefix of the extended keys */
#define SC_RELEASE	0x80	/* bit of a key's release code */
#define SC_LSHIFT	0x2a
#define SC_RSHIFT	0x36
#define SC_CTRL		0x1d
#define SC_ALT		0x38
#define SC_CAPS		0x3a

/* Set 1 make codes 0x00-0x39 to ASCII, unshifted and shifted. */
static const char keymap[0x3a] =
	"\0\033" "1234567890-=\177"	/* 0x00-0x0e */
	"\tqwertyuiop[]\r"		/* 0x0f-0x1c */
	"\0asdfghjkl;'`"		/* 0x1d-0x29 */
	"\0\\zxcvbnm,./\0*\0 ";		/* 0x2a-0x39 */
static const char keymap_shift[0x3a] =
	"\0\033" "!@#$%^&*()_+\177"
	"\tQWERTYUIOP{}\r"
	"\0ASDFGHJKL:\"~"
	"\0|ZXCVBNM<>?\0*\0 ";

/* Modifier state, changed by presses and releases. */
static struct {
	bool shift, ctrl, alt, caps, escaped;
} kbd;

/** Forget modifiers and prefixes (a test starts from a known state). */
void kbd_reset_state(void)
{
	kbd.shift = kbd.ctrl = kbd.alt = kbd.caps = kbd.escaped = false;
}

/* Track a modifier key; true if @code was one. */
static bool modifier(unsigned char code, bool released)
{
	switch (code) {
	case SC_LSHIFT:
	case SC_RSHIFT:
		kbd.shift = !released;
		return true;
	case SC_CTRL:
		kbd.ctrl = !released;
		return true;
	case SC_ALT:
		kbd.alt = !released;
		return true;
	case SC_CAPS:
		if (!released)
			kbd.caps = !kbd.caps;
		return true;
	default:
		return false;
	}
}

/* The VT100 sequence of extended key @code (arrows, Home ...), or NULL. */
static const char *extended_key(unsigned char code)
{
	switch (code) {
	case 0x48: return "\033[A";	/* up */
	case 0x50: return "\033[B";	/* down */
	case 0x4d: return "\033[C";	/* right */
	case 0x4b: return "\033[D";	/* left */
	case 0x47: return "\033[1~";	/* home */
	case 0x4f: return "\033[4~";	/* end */
	case 0x53: return "\033[3~";	/* delete */
	case 0x1c: return "\r";		/* keypad enter */
	case 0x35: return "/";		/* keypad slash */
	default: return NULL;
	}
}

/* The character of ordinary key @code under the modifiers; 0 if none. */
static char plain_key(unsigned char code)
{
	char c;

	if (code >= sizeof(keymap))
		return 0;
	c = kbd.shift ? keymap_shift[code] : keymap[code];
	if (kbd.caps && c >= 'a' && c <= 'z')
		c -= 'a' - 'A';
	else if (kbd.caps && c >= 'A' && c <= 'Z')
		c += 'a' - 'A';
	if (kbd.ctrl && c >= '@' && c <= '~')
		c &= 0x1f;	/* ^A = 1 ... ^C = 3; ^? stays DEL */
	return c;
}

/**
 * Translate one byte from the keyboard (scan code set 1) into the
 * characters it types, stored at @p out (room for 4). Returns how many:
 * 0 for releases, modifiers and prefixes.
 */
unsigned int kbd_translate(unsigned char scancode, char *out)
{
	bool released = scancode & SC_RELEASE;
	unsigned char code = scancode & ~SC_RELEASE;
	const char *seq;
	unsigned int n = 0;

	if (scancode == SC_ESCAPE) {
		kbd.escaped = true;
		return 0;
	}
	if (kbd.escaped) {
		kbd.escaped = false;
		if (code == SC_CTRL || code == SC_ALT) {	/* right Ctrl, AltGr */
			modifier(code, released);
			return 0;
		}
		if (released || !(seq = extended_key(code)))
			return 0;
		while (*seq)
			out[n++] = *seq++;
		return n;
	}
	if (modifier(code, released) || released)
		return 0;
	out[0] = plain_key(code);
	return out[0] ? 1 : 0;
}

/* IRQ 1: read the bytes the controller holds (a few) and type them. */
static void keyboard_interrupt(int irq, struct pt_regs *regs)
{
	int spins = 16;

	(void)irq;
	(void)regs;
	while ((inb(KBD_STATUS) & KBD_STAT_OBF) && --spins) {
		char chars[4];
		unsigned int n = kbd_translate(inb(KBD_DATA), chars);

		for (unsigned int i = 0; i < n; i++)
			tty_receive_char(&console_tty, chars[i]);
	}
}

/** Drain what the BIOS left in the controller and take IRQ 1. */
void keyboard_init(void)
{
	int spins = 64;

	while ((inb(KBD_STATUS) & KBD_STAT_OBF) && --spins)
		inb(KBD_DATA);
	request_irq(KEYBOARD_IRQ, keyboard_interrupt, "keyboard");
}
