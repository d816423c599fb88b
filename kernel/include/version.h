/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file version.h
 * @brief The kernel's name and version, printed first at boot.
 */
#ifndef _VMM_VERSION_H
#define _VMM_VERSION_H

/** The release, bumped with each chapter that lands. */
#define VMM386_RELEASE	"0.1"

/** "vmm386 version 0.1 (gcc ...)", defined in init/version.c. */
extern const char vmm386_banner[];

#endif /* _VMM_VERSION_H */
