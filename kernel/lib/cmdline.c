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

extern const struct obs_kernel_param __setup_start[], __setup_end[];

/* Hand one word to the option that claims it; false if none does. */
static bool do_one_param(char *word)
{
	const struct obs_kernel_param *p;

	for (p = __setup_start; p < __setup_end; p++) {
		size_t n = strlen(p->str);
		bool has_value = n && p->str[n - 1] == '=';

		if (has_value ? !strncmp(word, p->str, n)
			      : !strcmp(word, p->str)) {
			if (p->setup_func(word + n))
				return true;
			printk(KERN_WARNING "Malformed boot option `%s'\n", word);
			return true;
		}
	}
	return false;
}

/**
 * Parse @p cmdline in place (it is split at spaces) and call the handler of
 * every option in it, in order. Unknown words get a warning.
 */
void parse_args(char *cmdline)
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
		if (!do_one_param(word))
			printk(KERN_WARNING "Unknown boot option `%s': ignoring\n",
			       word);
	}
}
