/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file mman.h
 * @brief Memory regions and the calls that manage them: the VM_* flags,
 * the mmap family's constants (Linux i386's values), find_vma() and
 * friends, and the page-table operations the region code asks for
 * (Linux 2.4: linux/mm.h, asm-i386/mman.h).
 *
 * Locking: the do_* functions expect the caller to hold mm->mmap_sem for
 * writing; the sys_* entry points take it themselves, for the current
 * task's address space. find_vma() needs the semaphore for reading at
 * least.
 */
#ifndef _VMM_MMAN_H
#define _VMM_MMAN_H

#include <types.h>
#include <mm_types.h>
#include <errno.h>

/* ---- region flags (vm_flags) ------------------------------------------- */

#define VM_READ		0x00000001	/**< pages may be read */
#define VM_WRITE	0x00000002	/**< pages may be written */
#define VM_EXEC		0x00000004	/**< pages may be executed */
#define VM_SHARED	0x00000008	/**< writes are seen by other mappers */
#define VM_MAYREAD	0x00000010	/**< mprotect may add VM_READ */
#define VM_MAYWRITE	0x00000020	/**< mprotect may add VM_WRITE */
#define VM_MAYEXEC	0x00000040	/**< mprotect may add VM_EXEC */
#define VM_MAYSHARE	0x00000080	/**< mapped MAP_SHARED */
#define VM_GROWSDOWN	0x00000100	/**< a stack: grows down on faults */
#define VM_GROWSUP	0x00000200	/**< grows up (not on i386) */
#define VM_SHM		0x00000400	/**< shared memory (Chapter 13) */
#define VM_DENYWRITE	0x00000800	/**< the file may not be written */
#define VM_EXECUTABLE	0x00001000	/**< the program's own image */
#define VM_LOCKED	0x00002000	/**< pages stay in memory (mlock) */
#define VM_IO		0x00004000	/**< device memory: never core-dumped */
#define VM_SEQ_READ	0x00008000	/**< madvise: sequential reads */
#define VM_RAND_READ	0x00010000	/**< madvise: random reads */
#define VM_DONTCOPY	0x00020000	/**< not inherited by fork */
#define VM_DONTEXPAND	0x00040000	/**< mremap may not grow it */
#define VM_RESERVED	0x00080000	/**< never swapped out */

/** Flags of a brk() heap region (Linux: VM_DATA_DEFAULT_FLAGS). */
#define VM_DATA_DEFAULT_FLAGS	(VM_READ | VM_WRITE | VM_EXEC | \
				 VM_MAYREAD | VM_MAYWRITE | VM_MAYEXEC)
/** Flags of the initial stack region (Linux 2.4's VM_STACK_FLAGS). */
#define VM_STACK_FLAGS		(VM_GROWSDOWN | VM_DATA_DEFAULT_FLAGS)
/** The flags mprotect() changes: the low three, from PROT_*. */
#define VM_ACCESS_FLAGS		(VM_READ | VM_WRITE | VM_EXEC)

/* ---- the system calls' constants (Linux i386) ---------------------------- */

#define PROT_NONE	0x0	/**< no access */
#define PROT_READ	0x1	/**< readable */
#define PROT_WRITE	0x2	/**< writable */
#define PROT_EXEC	0x4	/**< executable */

#define MAP_SHARED	0x01	/**< writes go to the object, seen by all */
#define MAP_PRIVATE	0x02	/**< writes are private copies */
#define MAP_TYPE	0x0f	/**< mask of the two above */
#define MAP_FIXED	0x10	/**< exactly at addr, replacing what is there */
#define MAP_ANONYMOUS	0x20	/**< no file: zero-filled memory */
#define MAP_GROWSDOWN	0x0100	/**< a stack */
#define MAP_DENYWRITE	0x0800	/**< ignored from user space */
#define MAP_EXECUTABLE	0x1000	/**< ignored from user space */
#define MAP_LOCKED	0x2000	/**< lock the pages (as mlock) */
#define MAP_NORESERVE	0x4000	/**< no overcommit check */

#define MREMAP_MAYMOVE	1	/**< mremap may move the region */
#define MREMAP_FIXED	2	/**< mremap to exactly new_addr */

#define MCL_CURRENT	1	/**< mlockall: lock every region now */
#define MCL_FUTURE	2	/**< mlockall: and every region created later */

#define MS_ASYNC	1	/**< msync: schedule the writes */
#define MS_INVALIDATE	2	/**< msync: drop cached copies */
#define MS_SYNC		4	/**< msync: write and wait */

#define MADV_NORMAL	0	/**< no advice */
#define MADV_RANDOM	1	/**< reads will be random */
#define MADV_SEQUENTIAL	2	/**< reads will be sequential */
#define MADV_WILLNEED	3	/**< read the file ahead */
#define MADV_DONTNEED	4	/**< drop the pages; refault zeroes or rereads */

/** Where get_unmapped_area() starts looking (Linux 2.4 i386: TASK_SIZE/3). */
#define TASK_UNMAPPED_BASE	0x40000000UL

/** The most regions an address space may have (Linux: MAX_MAP_COUNT). */
#define DEFAULT_MAX_MAP_COUNT	65536
/** The limit in force (Linux: /proc/sys/vm/max_map_count). */
extern int max_map_count;

/**
 * Pages an address space may lock, beyond which mlock() fails with
 * -ENOMEM (Linux: RLIMIT_MEMLOCK, unlimited for root in 2.4; vmm386 has
 * no resource limits yet and keeps one global figure). ~0UL: no limit
 * but Linux's own, half of physical memory.
 */
extern unsigned long mlock_limit_pages;

/** pte protection bits for each combination of VM_READ/WRITE/EXEC/SHARED. */
extern pgprot_t protection_map[16];

/* ---- finding regions ------------------------------------------------------ */

struct vm_area_struct *find_vma(struct mm_struct *mm, unsigned long addr);
struct vm_area_struct *find_vma_prev(struct mm_struct *mm, unsigned long addr,
				     struct vm_area_struct **pprev);
struct vm_area_struct *find_vma_intersection(struct mm_struct *mm,
					     unsigned long start,
					     unsigned long end);
unsigned long get_unmapped_area(struct file *file, unsigned long addr,
				unsigned long len, unsigned long pgoff,
				unsigned long flags);

/* ---- changing the set of regions ----------------------------------------- */

void insert_vm_struct(struct mm_struct *mm, struct vm_area_struct *vma);
void __vma_link(struct mm_struct *mm, struct vm_area_struct *vma,
		struct vm_area_struct *prev, struct rb_node **rb_link,
		struct rb_node *rb_parent);
int vma_merge(struct mm_struct *mm, struct vm_area_struct *prev,
	      struct rb_node *rb_parent, unsigned long addr,
	      unsigned long end, unsigned long vm_flags);
struct vm_area_struct *vma_merge_neighbours(struct vm_area_struct *vma);
int split_vma(struct mm_struct *mm, struct vm_area_struct *vma,
	      unsigned long addr, int new_below);
int split_to_range(struct vm_area_struct *vma, unsigned long start,
		   unsigned long end);
unsigned long do_mmap_pgoff(struct file *file, unsigned long addr,
			    unsigned long len, unsigned long prot,
			    unsigned long flags, unsigned long pgoff);
int do_munmap(struct mm_struct *mm, unsigned long addr, size_t len);
unsigned long do_brk(unsigned long addr, unsigned long len);
unsigned long do_mremap(unsigned long addr, unsigned long old_len,
			unsigned long new_len, unsigned long flags,
			unsigned long new_addr);
int dup_mmap(struct mm_struct *mm, struct mm_struct *oldmm);
void exit_mmap(struct mm_struct *mm);
long mm_vma_count(void);
struct vm_area_struct *vm_area_dup(const struct vm_area_struct *vma);
void vm_area_free(struct vm_area_struct *vma);
void vma_hold_file(struct vm_area_struct *vma);
void vma_release_file(struct vm_area_struct *vma);
void vma_cache_init(void);
void account_new_range(struct mm_struct *mm, unsigned long addr,
		       unsigned long len, unsigned long vm_flags);

/**
 * The step mprotect(), mlock() and madvise() apply to each region of a
 * range: change @p vma for [@p start, @p end), which lies inside it,
 * splitting it as needed. @p arg is the caller's. Returns 0 or -errno.
 */
typedef int (*vma_range_fn)(struct vm_area_struct *vma, unsigned long start,
			    unsigned long end, unsigned long arg);
int apply_to_vma_range(struct mm_struct *mm, unsigned long start,
		       unsigned long end, vma_range_fn fn, unsigned long arg);
int visit_vma_range(struct mm_struct *mm, unsigned long start,
		    unsigned long end, vma_range_fn fn, unsigned long arg);

/* ---- what the region code asks of the page tables -------------------------
 * Provided by the page-table side (kernel/mm/memory.c and friends); the
 * host unit tests provide models of them.
 */
void zap_page_range(struct mm_struct *mm, unsigned long address,
		    unsigned long size);
int copy_page_range(struct mm_struct *dst, struct mm_struct *src,
		    struct vm_area_struct *vma);
void change_protection(struct vm_area_struct *vma, unsigned long start,
		       unsigned long end, pgprot_t newprot);
int move_page_tables(struct vm_area_struct *vma, unsigned long new_addr,
		     unsigned long old_addr, unsigned long len);
int make_pages_present(unsigned long addr, unsigned long end);
void clear_page_tables(struct mm_struct *mm);

/* ---- page faults ------------------------------------------------------------ */

/** handle_mm_fault(): resolved without I/O. */
#define VM_FAULT_MINOR	1
/** handle_mm_fault(): resolved by reading a file page. */
#define VM_FAULT_MAJOR	2
/** handle_mm_fault(): nothing can be mapped there (SIGBUS). */
#define VM_FAULT_SIGBUS	0
/** handle_mm_fault(): out of memory. */
#define VM_FAULT_OOM	(-1)

/** nopage(): no page there (past the end of the file). */
#define NOPAGE_SIGBUS	((struct page *)0)
/** nopage(): no memory for the page. */
#define NOPAGE_OOM	((struct page *)-1)

/** mm_fault_user_area(): the fault is resolved; retry the access. */
#define MM_FAULT_DONE	0
/** mm_fault_user_area(): no region there (SIGSEGV, SEGV_MAPERR). */
#define MM_FAULT_MAPERR	1
/** mm_fault_user_area(): the region forbids it (SIGSEGV, SEGV_ACCERR). */
#define MM_FAULT_ACCERR	2
/** mm_fault_user_area(): nothing can be mapped there (SIGBUS). */
#define MM_FAULT_SIGBUS	3
/** mm_fault_user_area(): out of memory ("VM: killing process"). */
#define MM_FAULT_OOM	4

/** How far a stack may grow (Linux's default RLIMIT_STACK, 8 MiB). */
#define STACK_LIMIT	(8UL << 20)

/** The zero page's contents: one page of zeroes in the kernel image. */
extern unsigned char empty_zero_page[];
/** The struct page of the zero page (the same for every address). */
#define ZERO_PAGE(vaddr)	virt_to_page(empty_zero_page)

/**
 * struct fault_stats - how copy-on-write faults were resolved since boot.
 */
struct fault_stats {
	unsigned long cow_reused;	/**< the writer was the only user */
	unsigned long cow_copied;	/**< the writer got a copy */
};
/** Copy-on-write counters since boot. */
extern struct fault_stats fault_stats;
/** Non-present, non-empty ptes met (swap entries before swap exists). */
extern unsigned long nr_swap_pte_bugs;

int handle_mm_fault(struct mm_struct *mm, struct vm_area_struct *vma,
		    unsigned long address, int write_access);
int expand_stack(struct vm_area_struct *vma, unsigned long address);
int mm_fault_user_area(struct mm_struct *mm, unsigned long address,
		       unsigned long error_code, unsigned long esp);
void hold_page(struct page *page);
void drop_page(struct page *page);

/* ---- the system calls (raw register arguments) ---------------------------- */

long sys_mmap2(unsigned long addr, unsigned long len, unsigned long prot,
	       unsigned long flags, unsigned long fd, unsigned long pgoff);
long sys_munmap(unsigned long addr, size_t len);
long sys_brk(unsigned long brk);
long sys_mprotect(unsigned long start, size_t len, unsigned long prot);
long sys_mremap(unsigned long addr, unsigned long old_len,
		unsigned long new_len, unsigned long flags,
		unsigned long new_addr);
long sys_mlock(unsigned long start, size_t len);
long sys_munlock(unsigned long start, size_t len);
long sys_mlockall(int flags);
long sys_munlockall(void);
long sys_madvise(unsigned long start, size_t len, int behavior);
long sys_mincore(unsigned long start, size_t len, unsigned char *vec);
long sys_msync(unsigned long start, size_t len, int flags);

/**
 * The range [@p start, @p start + @p len) of a system call that works on
 * whole pages (mprotect, madvise, msync, mincore), checked as Linux does:
 * @p start page aligned, @p len rounded up to pages, no wrap past 4 GiB.
 * Returns 0 with the end in *@p end, or -EINVAL.
 */
static inline int user_page_range(unsigned long start, size_t len,
				  unsigned long *end)
{
	if (start & ~PAGE_MASK)
		return -EINVAL;
	*end = start + PAGE_ALIGN(len);
	return *end < start ? -EINVAL : 0;
}

#endif /* _VMM_MMAN_H */
