/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file reboot.h
 * @brief Stopping the machine.
 */
#ifndef _VMM_REBOOT_H
#define _VMM_REBOOT_H

void machine_power_off(void) __attribute__((noreturn));
void machine_halt(void) __attribute__((noreturn));

#endif /* _VMM_REBOOT_H */
