// SPDX-License-Identifier: GPL-2.0-only
/*
 * cmdline.c - the kernel command line, parsed Linux-style.
 *
 * Words are separated by spaces. For each word, the registered options
 * (__setup in init.h) are tried: "mem=" matches "mem=64M" and gets "64M";
 * a flag such as "nopse" must match the whole word. A word no option claims
 * is reported, so that a typo such as "tset=ch8" cannot silently turn a test
 * run into a plain boot.
 */
#include <init.h>
#include <kernel.h>
#include <string.h>
#include <bootparam.h>

extern const struct obs_kernel_param __setup_start[], __setup_end[];

/*
 * Hand one word to the option that claims it; false if none does. In the
 * early pass (@early) only early options run; in the normal pass they are
 * recognised but not run again.
 */
static bool do_one_param(char *word, bool early)
{
	const struct obs_kernel_param *p;

	for (p = __setup_start; p < __setup_end; p++) {
		size_t n = strlen(p->str);
		bool has_value = n && p->str[n - 1] == '=';

		if (has_value ? !strncmp(word, p->str, n)
			      : !strcmp(word, p->str)) {
			if (early != !!p->early)
				return true;
			if (p->setup_func(word + n))
				return true;
			printk(KERN_WARNING "Malformed boot option `%s'\n", word);
			return true;
		}
	}
	return false;
}

/* Split @cmdline in place at spaces and hand each word to do_one_param. */
static void parse_words(char *cmdline, bool early)
{
	char *p = cmdline;

	while (*p) {
		char *word;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		word = p;
		while (*p && *p != ' ')
			p++;
		if (*p)
			*p++ = '\0';
		if (do_one_param(word, early) || early)
			continue;
		if (strchr(word, '='))
			printk(KERN_WARNING "Unknown boot option `%s': ignoring\n",
			       word);
		else
			add_init_arg(word);	/* Linux: argv of init */
	}
}

/**
 * Parse @p cmdline in place (it is split at spaces) and call the handler of
 * every option in it, in order. An unknown word without `=` becomes an
 * argument of init, as in Linux; other unknown words get a warning; early options
 * (early_param()) were run by parse_early_param() and are skipped.
 */
void parse_args(char *cmdline)
{
	parse_words(cmdline, false);
}

/**
 * Run the handlers of the early options in @p cmdline (left unchanged),
 * from setup_arch() before the boot memory allocator exists. Unknown words
 * are left for parse_args() to report.
 */
void parse_early_param(const char *cmdline)
{
	static char buf[BP_CMDLINE_SIZE];

	strlcpy(buf, cmdline, sizeof(buf));
	parse_words(buf, true);
}
