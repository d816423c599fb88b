// SPDX-License-Identifier: GPL-2.0-only
/*
 * version.c - the boot banner.
 */
#include <version.h>

/** Printed first on every boot. */
const char vmm386_banner[] =
	"vmm386 version " VMM386_RELEASE
	" (gcc " __VERSION__ ") - the Linux 2.4 VM, re-implemented for reading";
