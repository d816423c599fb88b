// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_execargs.c - run by t_process through execve with argv
 * {"/bin/t_execargs", "one", "two"} and envp {"ALPHA=1", "BETA=two"}:
 * checks its initial stack and auxiliary vector as Linux lays them out
 * and exits with 0 if all is as expected, else the number of the first
 * check that failed (it prints nothing: the parent reports).
 */
#include <ulib.h>

#define AT_NULL		0
#define AT_PHDR		3
#define AT_PHENT	4
#define AT_PAGESZ	6
#define AT_ENTRY	9
#define AT_RANDOM	25
#define AT_EXECFN	31

extern void _start(void);

static unsigned long auxv_get(char **envp, unsigned long type)
{
	while (*envp)
		envp++;
	for (unsigned long *a = (unsigned long *)(envp + 1); a[0] != AT_NULL;
	     a += 2)
		if (a[0] == type)
			return a[1];
	return 0;
}

int main(int argc, char **argv, char **envp)
{
	unsigned long random;

	if (argc != 3 || strcmp(argv[0], "/bin/t_execargs") ||
	    strcmp(argv[1], "one") || strcmp(argv[2], "two") || argv[3])
		return 1;
	if (strcmp(envp[0], "ALPHA=1") || strcmp(envp[1], "BETA=two") ||
	    envp[2])
		return 2;
	if (auxv_get(envp, AT_PAGESZ) != 4096)
		return 3;
	if (auxv_get(envp, AT_ENTRY) != (unsigned long)_start)
		return 4;
	if (auxv_get(envp, AT_PHENT) != 32 || !auxv_get(envp, AT_PHDR) ||
	    *(unsigned long *)auxv_get(envp, AT_PHDR) == 0)
		return 5;
	random = auxv_get(envp, AT_RANDOM);
	if (!random || random < (unsigned long)argv)
		return 6;
	if (strcmp((char *)auxv_get(envp, AT_EXECFN), "/bin/t_execargs"))
		return 7;
	if (((unsigned long)argv - 4) & 15)
		return 8;	/* argc's address is 16-byte aligned */
	if (getenv("ALPHA") == NULL || strcmp(getenv("BETA"), "two"))
		return 9;
	return 0;
}
