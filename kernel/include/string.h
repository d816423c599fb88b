/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file string.h
 * @brief The kernel's own string and memory functions (kernel/lib/string.c).
 */
#ifndef _VMM_STRING_H
#define _VMM_STRING_H

#include <types.h>

void *memset(void *s, int c, size_t n);
void clear_page(void *page);
void *memcpy(void *dest, const void *src, size_t n);
void *memmove(void *dest, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strcpy(char *dest, const char *src);
char *strncpy(char *dest, const char *src, size_t n);
size_t strlcpy(char *dest, const char *src, size_t size);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strstr(const char *haystack, const char *needle);
bool glob_match(const char *pattern, const char *str);

#endif /* _VMM_STRING_H */
