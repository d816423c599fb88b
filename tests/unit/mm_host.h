/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * mm_host.h - a small "machine" for host unit tests of kernel/mm: physical
 * memory is an aligned allocation at host_phys_base (see page.h), and the
 * kernel services mm code calls (printk, dump_stack, panic, spinlocks,
 * BUG) are replaced by versions that record what happened, so a test can
 * check messages, catch a panic and see that every lock was released.
 *
 * machine_boot() runs the same steps as the kernel's boot: bootmem over
 * low memory, free_area_init(), free_all_bootmem(), then highmem pages one
 * by one, as mem_init() does.
 */
#ifndef _MM_HOST_H
#define _MM_HOST_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <setjmp.h>
#include "unit.h"
#include <mm.h>
#include <bootmem.h>
#include <sched.h>
#include <spinlock.h>
#include <bitops.h>

/* ---- the kernel services mm code uses ----------------------------------- */

unsigned long host_phys_base;
unsigned long host_eflags = X86_EFLAGS_IF;

/*
 * A simulated interrupt: page_alloc.c calls host_page_count_window() where
 * a real interrupt could run between reading a page's count and changing
 * it. A test that sets host_count_interrupt gets it called there, once.
 */
static void (*host_count_interrupt)(struct page *page);

void host_page_count_window(struct page *page)
{
	void (*irq)(struct page *) = host_count_interrupt;

	host_count_interrupt = NULL;	/* once: the handler may free too */
	if (irq)
		irq(page);
}
static struct task_struct host_task = { .comm = "unit" };
struct task_struct *host_current = &host_task;

/* Everything printed since the last log_clear(). */
static char log_text[1 << 16];
static size_t log_len;
static int locks_held;
static jmp_buf panic_jmp;
static int panic_armed, panics;

int vmm_vsnprintf(char *buf, size_t size, const char *fmt, va_list args);

static void log_clear(void)
{
	log_len = 0;
	log_text[0] = '\0';
}

/* True if the log contains @s. */
static int log_has(const char *s)
{
	return strstr(log_text, s) != NULL;
}

int vmm_printk(const char *fmt, ...)
{
	va_list args;
	int n;

	if (log_len > sizeof(log_text) - 1024)
		log_clear();
	va_start(args, fmt);
	n = vsnprintf(log_text + log_len, sizeof(log_text) - log_len, fmt, args);
	va_end(args);
	if (getenv("UNIT_VERBOSE"))
		fputs(log_text + log_len, stderr);
	log_len += n;
	return n;
}

void dump_stack(void)
{
	vmm_printk("<backtrace>\n");
}

void panic(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vmm_printk("Kernel panic - not syncing: ");
	log_len += vsnprintf(log_text + log_len, sizeof(log_text) - log_len,
			     fmt, args);
	va_end(args);
	panics++;
	if (panic_armed)
		longjmp(panic_jmp, 1);
	fprintf(stderr, "unexpected panic: %s\n", log_text);
	abort();
}

void __bug(const char *file, int line)
{
	fprintf(stderr, "kernel BUG at %s:%d!\n%s\n", file, line, log_text);
	abort();
}

void __warn(const char *file, int line, const char *cond)
{
	vmm_printk("WARNING: at %s:%d: %s\n", file, line, cond);
}

void spin_lock_init(spinlock_t *lock)
{
	lock->locked = 0;
}

void spin_lock(spinlock_t *lock)
{
	if (lock->locked) {
		fprintf(stderr, "spin_lock: %s taken twice\n", lock->name);
		abort();
	}
	lock->locked = 1;
	locks_held++;
}

void spin_unlock(spinlock_t *lock)
{
	if (!lock->locked) {
		fprintf(stderr, "spin_unlock: %s not held\n", lock->name);
		abort();
	}
	lock->locked = 0;
	locks_held--;
}

/* No lock held and interrupts on: what every mm call must leave behind. */
#define CHECK_QUIESCENT() do { \
	CHECK_EQ(locks_held, 0); \
	CHECK(host_eflags & X86_EFLAGS_IF); \
} while (0)

/* ---- the machine ---------------------------------------------------------- */

static unsigned char *machine_mem;
static unsigned long machine_low, machine_high;

/* Fresh physical memory of @low_pages pages and a forgotten kernel state. */
static void machine_reset(unsigned long low_pages, unsigned long high_pages)
{
	bootmem_data_t *bdata = contig_page_data.bdata;

	free(machine_mem);
	machine_mem = aligned_alloc(PAGE_SIZE, low_pages * PAGE_SIZE);
	memset(machine_mem, 0x5a, low_pages * PAGE_SIZE);
	host_phys_base = (unsigned long)machine_mem;
	machine_low = low_pages;
	machine_high = high_pages;
	memset(&contig_page_data, 0, sizeof(contig_page_data));
	memset(bdata, 0, sizeof(*bdata));
	contig_page_data.bdata = bdata;
	pgdat_list = NULL;
	mem_map = NULL;
	max_mapnr = low_pages + high_pages;
	high_memory = __va(low_pages * PAGE_SIZE);
	totalram_pages = totalhigh_pages = 0;
	nr_bad_pages = nr_failed_allocs = bootmem_reserved_twice = 0;
	log_clear();
}

/*
 * Boot a machine with zones of @dma, @normal and @high pages: the bitmap
 * at frame 1, page 0 reserved, every other low page RAM.
 */
static inline void machine_boot(unsigned long dma, unsigned long normal,
			 unsigned long high)
{
	unsigned long zones[MAX_NR_ZONES] = { dma, normal, high };
	unsigned long low = dma + normal, mapsize;

	machine_reset(low, high);
	mapsize = init_bootmem(1, low);
	free_bootmem(0, low * PAGE_SIZE);
	reserve_bootmem(0, PAGE_SIZE);
	reserve_bootmem(PFN_PHYS(1), mapsize);
	free_area_init(zones);
	totalram_pages = free_all_bootmem();
	for (unsigned long pfn = low + high; pfn > low; pfn--) {
		struct page *page = mem_map + pfn - 1;

		ClearPageReserved(page);
		set_page_count(page, 1);
		__free_page(page);
		totalhigh_pages++;
	}
	totalram_pages += totalhigh_pages;
}

static inline zone_t *zone(int i)
{
	return contig_page_data.node_zones + i;
}

#endif /* _MM_HOST_H */
