/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file console.h
 * @brief Consoles printk writes to: the Bochs port 0xe9 always, the VGA
 * text screen and COM1 as the `console=` options choose.
 */
#ifndef _VMM_CONSOLE_H
#define _VMM_CONSOLE_H

#include <types.h>
#include <list.h>

/**
 * struct console - an output device for kernel messages.
 */
struct console {
	const char *name;	/**< `tty0` (VGA), `ttyS0` (COM1), `e9` */
	void (*write)(const char *s, size_t len);	/**< emit bytes */
	struct list_head list;	/**< link in the console list */
};

void register_console(struct console *con);
void console_write(const char *s, size_t len);
void console_init(void);
struct console *vga_console_init(void);
struct console *serial_console_init(const char *options);
void serial_input_init(void);
void debugcon_init(void);

#endif /* _VMM_CONSOLE_H */
