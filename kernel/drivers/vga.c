// SPDX-License-Identifier: GPL-2.0-only
/*
 * vga.c - the VGA text console: 80x25 characters at physical 0xb8000.
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

static void vga_putc(char c)
{
	if (c == '\n') {
		vga_col = 0;
		vga_row++;
	} else if (c == '\r') {
		vga_col = 0;
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

static struct console vga_console = { .name = "vga", .write = vga_write };

/** Take over the VGA text screen where the BIOS cursor left it. */
void vga_console_init(void)
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
	register_console(&vga_console);
}
