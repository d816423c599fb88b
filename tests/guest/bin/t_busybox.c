// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_busybox.c - run Debian's busybox through /etc/vmm386/busybox-test.sh,
 * a shell script that prints its own KTAP, as one program of the test
 * runner (bin/init). Without busybox in the initramfs (the test image, or
 * a build that could not fetch it) the program exits with 77, which the
 * runner reports as skipped, not passed.
 */
#include <ulib.h>

#define EXIT_SKIP	77

static char *const script_argv[] = {
	"sh", "/etc/vmm386/busybox-test.sh", NULL,
};

int main(void)
{
	long err;

	err = execve("/bin/sh", script_argv, environ);
	printf("# t_busybox: no busybox here (execve /bin/sh: error %ld)\n",
	       err);
	return EXIT_SKIP;
}
