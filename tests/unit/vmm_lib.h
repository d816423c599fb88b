/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * vmm_lib.h - the kernel library functions under their host-test names
 * (see host_rename.h), for test programs that also use the C library.
 */
#ifndef _VMM_LIB_H
#define _VMM_LIB_H

#include <stdarg.h>
#include <stddef.h>
#include <stdbool.h>

void *vmm_memset(void *s, int c, size_t n);
void *vmm_memcpy(void *dest, const void *src, size_t n);
void *vmm_memmove(void *dest, const void *src, size_t n);
int vmm_memcmp(const void *a, const void *b, size_t n);
void *vmm_memchr(const void *s, int c, size_t n);
size_t vmm_strlen(const char *s);
size_t vmm_strnlen(const char *s, size_t max);
int vmm_strcmp(const char *a, const char *b);
int vmm_strncmp(const char *a, const char *b, size_t n);
char *vmm_strcpy(char *dest, const char *src);
char *vmm_strncpy(char *dest, const char *src, size_t n);
size_t vmm_strlcpy(char *dest, const char *src, size_t size);
char *vmm_strchr(const char *s, int c);
char *vmm_strrchr(const char *s, int c);
char *vmm_strstr(const char *haystack, const char *needle);
bool glob_match(const char *pattern, const char *str);
int vmm_vsnprintf(char *buf, size_t size, const char *fmt, va_list args);
int vmm_snprintf(char *buf, size_t size, const char *fmt, ...);
int vmm_scnprintf(char *buf, size_t size, const char *fmt, ...);
unsigned long simple_strtoul(const char *cp, char **endp, unsigned int base);
long simple_strtol(const char *cp, char **endp, unsigned int base);
unsigned long long memparse(const char *ptr, char **retptr);

#endif /* _VMM_LIB_H */
