/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * host_rename.h - forced into every kernel source compiled for the host
 * (-include), so the kernel's string and format functions get names of
 * their own (vmm_memcpy ...) and never clash with the C library's, which
 * the tests use as the reference.
 */
#define memset		vmm_memset
#define memcpy		vmm_memcpy
#define memmove		vmm_memmove
#define memcmp		vmm_memcmp
#define memchr		vmm_memchr
#define strlen		vmm_strlen
#define strnlen		vmm_strnlen
#define strcmp		vmm_strcmp
#define strncmp		vmm_strncmp
#define strcpy		vmm_strcpy
#define strncpy		vmm_strncpy
#define strlcpy		vmm_strlcpy
#define strchr		vmm_strchr
#define strrchr		vmm_strrchr
#define strstr		vmm_strstr
#define vsnprintf	vmm_vsnprintf
#define snprintf	vmm_snprintf
#define scnprintf	vmm_scnprintf
#define printk		vmm_printk
