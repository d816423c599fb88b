// SPDX-License-Identifier: GPL-2.0-only
/*
 * vga.c - the VGA text console: 80x25 characters at physical 0xb8000,
 * with backspace and the few escape sequences a shell's line editor uses.
 *
 * Output continues below what the BIOS and the loader printed: the cursor
 * position is taken from the BIOS data area. Reached through the kernel's
 * direct mapping (__va), never the identity mapping, which is gone soon after
 * boot.
 */
#include <console.h>
#include <io.h>
#include <page.h>
#include <string.h>

#define VGA_PHYS	0xb8000
#define VGA_COLS	80
#define VGA_ROWS	25
#define VGA_ATTR	0x07	/* light grey on black */
#define CRTC_INDEX	0x3d4
#define CRTC_DATA	0x3d5
#define BDA_CURSOR	0x450	/* BIOS data area: page 0 cursor (col, row) */

static u16 *vga_mem;
static unsigned int vga_row, vga_col;

static void vga_scroll(void)
{
	memmove(vga_mem, vga_mem + VGA_COLS,
		(VGA_ROWS - 1) * VGA_COLS * sizeof(u16));
	for (int i = 0; i < VGA_COLS; i++)
		vga_mem[(VGA_ROWS - 1) * VGA_COLS + i] = (VGA_ATTR << 8) | ' ';
	vga_row = VGA_ROWS - 1;
}

static void vga_set_cursor(void)
{
	unsigned int pos = vga_row * VGA_COLS + vga_col;

	outb(14, CRTC_INDEX);
	outb(pos >> 8, CRTC_DATA);
	outb(15, CRTC_INDEX);
	outb(pos & 0xff, CRTC_DATA);
}

/* Blank cells [@from, @to) of the screen. */
static void vga_blank(unsigned int from, unsigned int to)
{
	while (from < to)
		vga_mem[from++] = (VGA_ATTR << 8) | ' ';
}

/*
 * The escape sequences a terminal program sends (ECMA-48 CSI: ESC [
 * numbers letter) that a line editor needs: move the cursor (A B C D,
 * H), erase to the end of the line (K) or of the screen (J, 2J: all).
 * Others are swallowed, so they never show as characters.
 */
static struct {
	int state;		/* 0: text, 1: after ESC, 2: in CSI */
	unsigned int arg[2];	/* the numbers given */
	int nargs;		/* how many, minus one */
} esc;

/* @v, or 1 if it was left out (0), as CSI cursor moves count. */
static unsigned int at_least_one(unsigned int v)
{
	return v ? v : 1;
}

/* Run CSI command @cmd with esc.arg[]. */
static void vga_csi(char cmd)
{
	unsigned int n = at_least_one(esc.arg[0]);
	unsigned int here = vga_row * VGA_COLS + vga_col;

	switch (cmd) {
	case 'A':
		vga_row = vga_row > n ? vga_row - n : 0;
		break;
	case 'B':
		vga_row = vga_row + n < VGA_ROWS ? vga_row + n : VGA_ROWS - 1;
		break;
	case 'C':
		vga_col = vga_col + n < VGA_COLS ? vga_col + n : VGA_COLS - 1;
		break;
	case 'D':
		vga_col = vga_col > n ? vga_col - n : 0;
		break;
	case 'H':
		vga_row = at_least_one(esc.arg[0]) - 1;
		vga_col = at_least_one(esc.arg[1]) - 1;
		if (vga_row >= VGA_ROWS)
			vga_row = VGA_ROWS - 1;
		if (vga_col >= VGA_COLS)
			vga_col = VGA_COLS - 1;
		break;
	case 'K':
		vga_blank(here, (vga_row + 1) * VGA_COLS);
		break;
	case 'J':
		vga_blank(esc.arg[0] == 2 ? 0 : here, VGA_ROWS * VGA_COLS);
		break;
	}
}

/* Feed @c to the escape-sequence parser; true if it took it. */
static bool vga_escape(char c)
{
	if (esc.state == 0) {
		if (c != '\033')
			return false;
		esc.state = 1;
		return true;
	}
	if (esc.state == 1) {
		esc.state = c == '[' ? 2 : 0;
		esc.arg[0] = esc.arg[1] = 0;
		esc.nargs = 0;
		return true;
	}
	if (c >= '0' && c <= '9') {
		esc.arg[esc.nargs] = esc.arg[esc.nargs] * 10 + c - '0';
	} else if (c == ';') {
		if (esc.nargs < 1)
			esc.nargs++;
	} else if (c != '?') {
		vga_csi(c);
		esc.state = 0;
	}
	return true;
}

static void vga_putc(char c)
{
	if (vga_escape(c))
		return;
	if (c == '\n') {
		vga_col = 0;
		vga_row++;
	} else if (c == '\r') {
		vga_col = 0;
	} else if (c == '\b') {
		if (vga_col)
			vga_col--;
	} else if (c == '\a') {
		return;		/* no bell */
	} else if (c == '\t') {
		vga_col = (vga_col + 8) & ~7u;
	} else {
		vga_mem[vga_row * VGA_COLS + vga_col] =
			(VGA_ATTR << 8) | (unsigned char)c;
		vga_col++;
	}
	if (vga_col >= VGA_COLS) {
		vga_col = 0;
		vga_row++;
	}
	if (vga_row >= VGA_ROWS)
		vga_scroll();
}

static void vga_write(const char *s, size_t len)
{
	while (len--)
		vga_putc(*s++);
	vga_set_cursor();
}

static struct console vga_console = { .name = "tty0", .write = vga_write };

/**
 * Take over the VGA text screen where the BIOS cursor left it; returns the
 * console for console_init() to register.
 */
struct console *vga_console_init(void)
{
	const u8 *bda = __va(BDA_CURSOR);

	vga_mem = __va(VGA_PHYS);
	vga_col = bda[0] < VGA_COLS ? bda[0] : 0;
	vga_row = bda[1] < VGA_ROWS ? bda[1] : VGA_ROWS - 1;
	if (vga_col) {
		vga_col = 0;
		vga_row++;
	}
	if (vga_row >= VGA_ROWS)
		vga_scroll();
	return &vga_console;
}
