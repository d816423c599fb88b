// SPDX-License-Identifier: GPL-2.0-only
/*
 * tls.c - thread-local storage segments: set_thread_area and
 * get_thread_area (Linux 2.6: arch/x86/kernel/tls.c; Linux 2.4.22 has
 * neither call).
 *
 * glibc keeps its thread control block (the "TCB": self pointer, stack
 * canary, pointer guard, errno and the other __thread variables below it)
 * at the base of the segment %gs selects. Each task owns three segment
 * descriptors, thread.tls_array[]; switch_to copies the incoming task's
 * into GDT entries 6 to 8 (load_TLS()) before it reloads %gs, so the same
 * selector, 0x33 for entry 6, reaches each task's own TCB. The descriptor
 * is built from Linux's struct user_desc; only 32-bit present data
 * segments are accepted, as current Linux does (a code or 16-bit
 * segment in a slot every task can load is a hole worth not opening).
 */
#include <sched.h>
#include <desc.h>
#include <errno.h>
#include <string.h>
#include <syscalls.h>
#include <uaccess.h>
#include <process.h>

/**
 * struct user_desc - the argument of set_thread_area() and
 * get_thread_area(), 16 bytes (Linux's asm/ldt.h).
 */
struct user_desc {
	u32 entry_number;	/**< GDT entry 6-8; -1 asks for a free one */
	u32 base_addr;		/**< segment base */
	u32 limit;		/**< 20-bit limit */
	u32 flags;		/**< USER_DESC_* bits below */
};

#define USER_DESC_32BIT		0x01	/* seg_32bit */
#define USER_DESC_CONTENTS	0x06	/* contents: 0 data, 1 stack, 2 code */
#define USER_DESC_RO		0x08	/* read_exec_only */
#define USER_DESC_PAGES		0x10	/* limit_in_pages */
#define USER_DESC_ABSENT	0x20	/* seg_not_present */
#define USER_DESC_USEABLE	0x40	/* useable (the AVL bit) */

/* Descriptor bits (high word): accessed type, S, DPL 3, P, AVL, D/B, G. */
#define DESC_WRITABLE	(1ULL << 41)
#define DESC_CONTENTS(c)	((u64)(c) << 42)
#define DESC_S_DPL3	(7ULL << 44)
#define DESC_PRESENT	(1ULL << 47)
#define DESC_AVL	(1ULL << 52)
#define DESC_DB		(1ULL << 54)
#define DESC_G		(1ULL << 55)

/*
 * True if @u asks to empty its slot: all zero (what glibc's free does),
 * or Linux's older "empty" pattern: read-only, not present, nothing else.
 */
static bool desc_clears(const struct user_desc *u)
{
	return (!u->base_addr && !u->limit &&
		(!u->flags || u->flags == (USER_DESC_RO | USER_DESC_ABSENT)));
}

/* The GDT descriptor @u describes. */
static u64 desc_from_user(const struct user_desc *u)
{
	u64 base = u->base_addr, limit = u->limit & 0xfffff;
	u64 d = (limit & 0xffff) | ((base & 0xffffff) << 16) |
		((limit & 0xf0000) << 32) | ((base & 0xff000000) << 32) |
		DESC_CONTENTS((u->flags & USER_DESC_CONTENTS) >> 1) |
		DESC_S_DPL3 | DESC_PRESENT;

	if (!(u->flags & USER_DESC_RO))
		d |= DESC_WRITABLE;
	if (u->flags & USER_DESC_USEABLE)
		d |= DESC_AVL;
	if (u->flags & USER_DESC_32BIT)
		d |= DESC_DB;
	if (u->flags & USER_DESC_PAGES)
		d |= DESC_G;
	return d;
}

/* The user_desc of GDT descriptor @d (slot @entry), for get_thread_area. */
static void desc_to_user(u64 d, u32 entry, struct user_desc *u)
{
	memset(u, 0, sizeof(*u));
	u->entry_number = entry;
	if (!d) {	/* an empty slot reads back as Linux's empty pattern */
		u->flags = USER_DESC_RO | USER_DESC_ABSENT;
		return;
	}
	u->base_addr = ((d >> 16) & 0xffffff) | ((d >> 32) & 0xff000000);
	u->limit = (d & 0xffff) | ((d >> 32) & 0xf0000);
	u->flags = ((d >> 42) & 3) << 1;
	if (!(d & DESC_WRITABLE))
		u->flags |= USER_DESC_RO;
	if (!(d & DESC_PRESENT))
		u->flags |= USER_DESC_ABSENT;
	if (d & DESC_AVL)
		u->flags |= USER_DESC_USEABLE;
	if (d & DESC_DB)
		u->flags |= USER_DESC_32BIT;
	if (d & DESC_G)
		u->flags |= USER_DESC_PAGES;
}

/* The first empty TLS slot of @t as a GDT entry number, or -ESRCH. */
static int free_tls_entry(const struct thread_struct *t)
{
	for (int i = 0; i < GDT_ENTRY_TLS_ENTRIES; i++)
		if (!t->tls_array[i])
			return GDT_ENTRY_TLS_MIN + i;
	return -ESRCH;
}

/* True if @entry is one of the TLS entries of the GDT. */
static bool is_tls_entry(u32 entry)
{
	return entry >= GDT_ENTRY_TLS_MIN &&
	       entry < GDT_ENTRY_TLS_MIN + GDT_ENTRY_TLS_ENTRIES;
}

/**
 * Install the segment @p u_info describes in one of task @p p's TLS slots
 * (the current task, or a child being created with CLONE_SETTLS). An
 * entry_number of -1 picks a free slot and writes its number back, as
 * glibc expects. The GDT is reloaded at once when @p p is running.
 * -EFAULT for a bad pointer, -EINVAL for an entry outside 6-8 or a
 * segment that is not a present 32-bit data segment, -ESRCH when every
 * slot is taken.
 */
int do_set_thread_area(struct task_struct *p, struct user_desc __user *u_info)
{
	struct user_desc u;
	int entry;

	if (copy_from_user(&u, u_info, sizeof(u)))
		return -EFAULT;
	entry = u.entry_number;
	if (entry == -1) {
		entry = free_tls_entry(&p->thread);
		if (entry < 0)
			return entry;
		if (put_user((u32)entry, &u_info->entry_number))
			return -EFAULT;
	}
	if (!is_tls_entry(entry))
		return -EINVAL;
	if (desc_clears(&u)) {
		p->thread.tls_array[entry - GDT_ENTRY_TLS_MIN] = 0;
	} else {
		if (!(u.flags & USER_DESC_32BIT) ||
		    (u.flags & USER_DESC_ABSENT) ||
		    ((u.flags & USER_DESC_CONTENTS) >> 1) > 1)
			return -EINVAL;
		p->thread.tls_array[entry - GDT_ENTRY_TLS_MIN] =
			desc_from_user(&u);
	}
	if (p == current)
		load_TLS(&p->thread);
	return 0;
}

/** set_thread_area(2) for the calling task; see do_set_thread_area(). */
long sys_set_thread_area(struct user_desc __user *u_info)
{
	return do_set_thread_area(current, u_info);
}

/**
 * get_thread_area(2): the TLS slot named by @p u_info's entry_number
 * (6-8, else -EINVAL), described back into @p u_info.
 */
long sys_get_thread_area(struct user_desc __user *u_info)
{
	struct user_desc u;
	u32 entry;

	if (get_user(entry, &u_info->entry_number))
		return -EFAULT;
	if (!is_tls_entry(entry))
		return -EINVAL;
	desc_to_user(current->thread.tls_array[entry - GDT_ENTRY_TLS_MIN],
		     entry, &u);
	return copy_to_user(u_info, &u, sizeof(u)) ? -EFAULT : 0;
}
