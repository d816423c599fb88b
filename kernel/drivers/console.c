// SPDX-License-Identifier: GPL-2.0-only
/*
 * console.c - the list of consoles printk writes to.
 */
#include <console.h>

static LIST_HEAD(console_list);

/** Add @p con to the consoles; it receives every later message. */
void register_console(struct console *con)
{
	list_add_tail(&con->list, &console_list);
}

/** Write @p len bytes of @p s to every registered console. */
void console_write(const char *s, size_t len)
{
	struct console *con;

	list_for_each_entry(con, &console_list, list)
		con->write(s, len);
}
