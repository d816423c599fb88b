/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file kernel.h
 * @brief printk, panic and the BUG family (Linux: linux/kernel.h).
 */
#ifndef _VMM_KERNEL_H
#define _VMM_KERNEL_H

#include <types.h>
#include <stdarg.h>

#define KERN_EMERG	"<0>"	/**< system is unusable */
#define KERN_ALERT	"<1>"	/**< action must be taken immediately */
#define KERN_CRIT	"<2>"	/**< critical conditions */
#define KERN_ERR	"<3>"	/**< error conditions */
#define KERN_WARNING	"<4>"	/**< warning conditions */
#define KERN_NOTICE	"<5>"	/**< normal but significant condition */
#define KERN_INFO	"<6>"	/**< informational */
#define KERN_DEBUG	"<7>"	/**< debug-level messages */
/** Continue the previous line: no level, no timestamp. */
#define KERN_CONT	"<c>"
/** Raw output for machine-read lines (KTAP): no timestamp, always shown. */
#define KERN_RAW	"<r>"

/** Messages with a level below this are printed on the consoles. */
extern int console_loglevel;

int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vprintk(const char *fmt, va_list args);
size_t log_buf_copy(char *buf, size_t size);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
int scnprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
unsigned long simple_strtoul(const char *cp, char **endp, unsigned int base);
long simple_strtol(const char *cp, char **endp, unsigned int base);
unsigned long long memparse(const char *ptr, char **retptr);

void panic(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));
void __bug(const char *file, int line) __attribute__((noreturn));
void __warn(const char *file, int line, const char *cond);

/** A kernel bug: print where, oops, and kill the current thread. */
#define BUG()	__bug(__FILE__, __LINE__)
/** BUG() when @p cond is true. */
#define BUG_ON(cond)	do { if (unlikely(cond)) BUG(); } while (0)
/**
 * Report a suspicious condition with a backtrace and carry on.
 * Evaluates to the condition so callers can bail out.
 */
#define WARN_ON(cond) ({ \
	bool __c = !!(cond); \
	if (unlikely(__c)) \
		__warn(__FILE__, __LINE__, #cond); \
	unlikely(__c); })

/** Number of kernel warnings printed since boot (tests read it). */
extern unsigned long nr_warnings;

#endif /* _VMM_KERNEL_H */
