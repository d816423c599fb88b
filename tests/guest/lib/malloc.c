// SPDX-License-Identifier: GPL-2.0-only
/*
 * malloc.c - a first-fit allocator over brk, and over mmap when the heap
 * cannot grow.
 *
 * Every block has a header with its size (a multiple of 16) and, while
 * free, a link in the one free list. Memory comes from the kernel in
 * chunks of at least 64 KiB: first by moving the break with brk, which
 * returns the old break when it refuses; then by anonymous mmap. Freed
 * blocks go back on the list; nothing is returned to the kernel.
 */
#include <ulib.h>

#define CHUNK	(64 * 1024)
#define ALIGN16(n)	(((n) + 15) & ~(size_t)15)

struct block {
	size_t size;		/* bytes after the header */
	struct block *next;	/* next free block, while free */
	size_t pad[2];		/* keep the payload 16-byte aligned */
};

static struct block *free_list;
static char *heap_end;

/* New memory of at least @n bytes from brk or mmap, as one free block. */
static struct block *more_core(size_t n)
{
	size_t want = ALIGN16(n + sizeof(struct block));
	char *p;

	if (want < CHUNK)
		want = CHUNK;
	if (!heap_end)
		heap_end = sys_brk(0);
	p = sys_brk(heap_end + want);
	if (p == heap_end + want) {
		p = heap_end;
		heap_end += want;
	} else {
		p = mmap(NULL, want, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p == MAP_FAILED)
			return NULL;
	}
	struct block *b = (struct block *)p;

	b->size = want - sizeof(struct block);
	return b;
}

void *malloc(size_t n)
{
	struct block **link, *b;

	n = ALIGN16(n ? n : 1);
	for (link = &free_list; (b = *link); link = &b->next)
		if (b->size >= n)
			break;
	if (!b) {
		b = more_core(n);
		if (!b)
			return NULL;
	} else {
		*link = b->next;
	}
	if (b->size >= n + 2 * sizeof(struct block)) {
		struct block *rest = (struct block *)((char *)(b + 1) + n);

		rest->size = b->size - n - sizeof(struct block);
		rest->next = free_list;
		free_list = rest;
		b->size = n;
	}
	return b + 1;
}

void free(void *p)
{
	struct block *b;

	if (!p)
		return;
	b = (struct block *)p - 1;
	b->next = free_list;
	free_list = b;
}

void *calloc(size_t n, size_t size)
{
	void *p;

	if (size && n > (size_t)-1 / size)
		return NULL;
	p = malloc(n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}
