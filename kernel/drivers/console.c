// SPDX-License-Identifier: GPL-2.0-only
/*
 * console.c - the list of consoles printk writes to, and the `console=`
 * option that chooses them (Linux: kernel/printk.c's register_console()
 * and console_setup()).
 *
 * Two consoles exist from the first message on: the Bochs debug port
 * (always; the test runner reads it) and, until the command line is known,
 * a backlog of what was printed. console_init() then registers the
 * consoles the command line asks for and replays the backlog to each, so
 * that a console chosen late still shows the boot from its first line:
 *
 *   (no console= option)   the VGA screen, as Linux's default tty0
 *   console=tty0           the VGA screen
 *   console=ttyS0[,BAUD]   COM1 (115200 baud unless BAUD says otherwise)
 *
 * Several console= options add up, as in Linux. COM1 is not a console by
 * default because printing to it waits for the UART: at 115200 baud every
 * byte takes 87 us of (emulated) time, spent polling the line status.
 */
#include <console.h>
#include <kernel.h>
#include <string.h>
#include <init.h>

/** The most `console=` options kept (Linux: MAX_CMDLINECONSOLES). */
#define MAX_CMDLINE_CONSOLES	8
/** Bytes of boot output kept for consoles registered by console_init(). */
#define BACKLOG_LEN		8192

static LIST_HEAD(console_list);

/* What the console= options asked for: a name and what followed a comma. */
static struct {
	char name[8];
	char options[16];
} cmdline_consoles[MAX_CMDLINE_CONSOLES];
static int nr_cmdline_consoles;

static char backlog[BACKLOG_LEN];
static size_t backlog_len;
static size_t backlog_lost;
static bool backlog_open = true;

/** Add @p con to the consoles; it receives every later message. */
void register_console(struct console *con)
{
	list_add_tail(&con->list, &console_list);
}

/* Keep what the consoles were sent before console_init(), for the
 * consoles it registers (Linux replays its log buffer to them). */
static void backlog_add(const char *s, size_t len)
{
	size_t room = BACKLOG_LEN - backlog_len;
	size_t n = len < room ? len : room;

	memcpy(backlog + backlog_len, s, n);
	backlog_len += n;
	backlog_lost += len - n;
}

/** Write @p len bytes of @p s to every registered console. */
void console_write(const char *s, size_t len)
{
	struct console *con;

	if (backlog_open)
		backlog_add(s, len);
	list_for_each_entry(con, &console_list, list)
		con->write(s, len);
}

/*
 * `console=NAME[,OPTIONS]`: remember the console for console_init(), which
 * reports a name it does not know; the driver reads the options.
 */
static int __init console_setup(char *str)
{
	char *comma = strchr(str, ',');
	size_t len = comma ? (size_t)(comma - str) : strlen(str);

	if (nr_cmdline_consoles == MAX_CMDLINE_CONSOLES) {
		printk(KERN_WARNING "console=%s: at most %d console= options; "
		       "ignored\n", str, MAX_CMDLINE_CONSOLES);
		return 1;
	}
	if (len >= sizeof(cmdline_consoles[0].name))
		len = sizeof(cmdline_consoles[0].name) - 1;
	memcpy(cmdline_consoles[nr_cmdline_consoles].name, str, len);
	cmdline_consoles[nr_cmdline_consoles].name[len] = '\0';
	strlcpy(cmdline_consoles[nr_cmdline_consoles].options,
		comma ? comma + 1 : "",
		sizeof(cmdline_consoles[0].options));
	nr_cmdline_consoles++;
	return 1;
}
early_param("console=", console_setup);

/*
 * The options of the console= that named @p name ("" when it had none),
 * or NULL when no console= option named it.
 */
static const char *cmdline_console(const char *name)
{
	for (int i = 0; i < nr_cmdline_consoles; i++)
		if (!strcmp(cmdline_consoles[i].name, name))
			return cmdline_consoles[i].options;
	return NULL;
}

/* Register @p con now and send it what the boot printed so far. */
static void register_late(struct console *con)
{
	register_console(con);
	con->write(backlog, backlog_len);
	if (backlog_lost) {
		char note[64];
		int n = snprintf(note, sizeof(note),
				 "[%zu bytes of boot messages not kept]\n",
				 backlog_lost);

		con->write(note, n);
	}
}

/* Report console= options that name a console vmm386 does not have. */
static void warn_unknown_consoles(void)
{
	for (int i = 0; i < nr_cmdline_consoles; i++) {
		const char *name = cmdline_consoles[i].name;

		if (strcmp(name, "tty0") && strcmp(name, "ttyS0"))
			printk(KERN_WARNING "console=%s: no such console "
			       "(vmm386 has tty0, the VGA screen, and ttyS0, "
			       "COM1)\n", name);
	}
}

/**
 * Register the consoles the command line chose (Linux 2.4 calls its
 * console_init() once the options are parsed, too): the VGA screen when
 * no console= option was given or one named tty0, COM1 when one named
 * ttyS0. Each gets the messages printed before it existed. Called from
 * start_kernel() right after setup_arch() has run the early options.
 */
void console_init(void)
{
	const char *serial = cmdline_console("ttyS0");

	if (!nr_cmdline_consoles || cmdline_console("tty0"))
		register_late(vga_console_init());
	if (serial)
		register_late(serial_console_init(serial));
	backlog_open = false;
	warn_unknown_consoles();
}
