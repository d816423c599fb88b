// SPDX-License-Identifier: GPL-2.0-only
/*
 * printk.c - the kernel's message log (Linux: kernel/printk.c).
 *
 * A message may start with a level, "<0>" (KERN_EMERG) to "<7>"
 * (KERN_DEBUG). Every message goes into log_buf; it reaches the consoles
 * when its level is below console_loglevel (the `loglevel=` option). Each
 * new line is stamped with the time since boot, "[    1.230000] ", from
 * jiffies, as Linux does with printk.time. Two vmm386 levels: KERN_CONT
 * continues a line, KERN_RAW prints machine-read lines (KTAP) unstamped and
 * always.
 */
#include <kernel.h>
#include <string.h>
#include <console.h>
#include <jiffies.h>
#include <system.h>
#include <init.h>

/** Default level for a message that names none (KERN_WARNING, as Linux). */
#define DEFAULT_MESSAGE_LOGLEVEL	4
/** Size of the in-memory log. */
#define LOG_BUF_LEN	(32 * 1024)

int console_loglevel = 7;

static char log_buf[LOG_BUF_LEN];
static unsigned long log_end;	/* total bytes ever logged */
static bool at_line_start = true;
static int line_level = DEFAULT_MESSAGE_LOGLEVEL;

static void log_char(char c)
{
	log_buf[log_end % LOG_BUF_LEN] = c;
	log_end++;
}

/* Emit @len bytes of one message, stamping each new line. */
static void emit(const char *s, size_t len, int level, bool stamp)
{
	char stampbuf[24];
	size_t i, start = 0;

	for (i = 0; i < len; i++) {
		if (at_line_start && stamp) {
			unsigned long j = jiffies;
			int n = snprintf(stampbuf, sizeof(stampbuf),
					 "[%5lu.%06lu] ", j / HZ,
					 (j % HZ) * (1000000 / HZ));

			for (int k = 0; k < n; k++)
				log_char(stampbuf[k]);
			if (level < console_loglevel)
				console_write(stampbuf, n);
		}
		at_line_start = false;
		log_char(s[i]);
		if (s[i] == '\n') {
			if (level < console_loglevel)
				console_write(s + start, i + 1 - start);
			start = i + 1;
			at_line_start = true;
		}
	}
	if (start < len && level < console_loglevel)
		console_write(s + start, len - start);
}

/**
 * Format and log a message. Interrupts are held off while the line is
 * emitted so that lines from a thread and an interrupt never interleave.
 */
int vprintk(const char *fmt, va_list args)
{
	static char buf[1024];
	unsigned long flags;
	const char *p = buf;
	int len, level = line_level;
	bool stamp = true;

	local_irq_save(flags);
	len = vsnprintf(buf, sizeof(buf), fmt, args);
	if (len >= (int)sizeof(buf))
		len = sizeof(buf) - 1;
	if (p[0] == '<' && p[1] && p[2] == '>') {
		if (p[1] >= '0' && p[1] <= '7') {
			level = p[1] - '0';
		} else if (p[1] == 'r') {
			level = -1;	/* below any loglevel: always shown */
			stamp = false;
		} else if (p[1] == 'c') {
			stamp = false;
		}
		p += 3;
		len -= 3;
	} else if (at_line_start) {
		level = DEFAULT_MESSAGE_LOGLEVEL;
	}
	line_level = level;
	emit(p, len, level, stamp);
	local_irq_restore(flags);
	return len;
}

/** printk: log a formatted message; see the file comment for levels. */
int printk(const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vprintk(fmt, args);
	va_end(args);
	return n;
}

/**
 * Copy the most recent part of the log into @p buf (NUL-terminated).
 * Returns the number of bytes copied.
 */
size_t log_buf_copy(char *buf, size_t size)
{
	unsigned long start, n;

	if (!size)
		return 0;
	n = min(log_end, (unsigned long)LOG_BUF_LEN);
	n = min(n, (unsigned long)size - 1);
	start = log_end - n;
	for (unsigned long i = 0; i < n; i++)
		buf[i] = log_buf[(start + i) % LOG_BUF_LEN];
	buf[n] = '\0';
	return n;
}

static int __init loglevel_setup(char *str)
{
	console_loglevel = (int)simple_strtoul(str, NULL, 10);
	return 1;
}
early_param("loglevel=", loglevel_setup);

static int __init quiet_setup(char *str)
{
	(void)str;
	console_loglevel = 4;
	return 1;
}
early_param("quiet", quiet_setup);
