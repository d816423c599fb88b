/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file init.h
 * @brief Kernel command-line options (Linux: __setup in linux/init.h).
 *
 * `__setup("mem=", parse_mem)` puts an entry in the .setup.param section;
 * parse_args() walks the section for every word of the command line. A word
 * nobody claims is reported, as the issue asks, instead of being ignored,
 * unless it has no '=': then it is an argument for init, as in Linux.
 */
#ifndef _VMM_INIT_H
#define _VMM_INIT_H

#include <types.h>

/**
 * struct obs_kernel_param - a command-line option and its handler.
 *
 * The name keeps the trailing `=` for options with a value (`mem=`), and
 * has none for flags (`nopse`).
 */
struct obs_kernel_param {
	const char *str;		/**< the option, such as `mem=` */
	int (*setup_func)(char *);	/**< called with what follows it */
	int early;			/**< handled by parse_early_param() */
};

/** Place option @p str, handled by @p fn, in the .setup.param section;
 * @p is_early marks early_param()s (the two macros below use it). */
#define __setup_param(str, fn, is_early) \
	static const char __setup_str_##fn[] = str; \
	static const struct obs_kernel_param __setup_##fn \
	__attribute__((used, section(".setup.param"), aligned(4))) = \
		{ __setup_str_##fn, fn, is_early }

/** Register @p fn as the handler for command-line option @p str. */
#define __setup(str, fn)	__setup_param(str, fn, 0)

/**
 * Register @p fn for option @p str, to be run early: by
 * parse_early_param() in setup_arch(), before memory is set up (Linux
 * 2.6's early_param; Linux 2.4 scanned for `mem=` by hand in
 * parse_cmdline_early()). `mem=`, `highmem=` and `loglevel=` are early:
 * the boot memory allocator and its messages depend on them. The later
 * parse_args() accepts early options silently.
 */
#define early_param(str, fn)	__setup_param(str, fn, 1)

/** The command line as the loader passed it. */
extern char saved_command_line[];
void parse_args(char *cmdline);
void add_init_arg(const char *word);
void parse_early_param(const char *cmdline);

#endif /* _VMM_INIT_H */
