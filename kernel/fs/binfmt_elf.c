// SPDX-License-Identifier: GPL-2.0-only
/*
 * binfmt_elf.c - loading static ELF32 i386 programs (Linux:
 * fs/binfmt_elf.c).
 *
 * load_elf_binary() checks the whole file before it builds anything --
 * header, program headers, every PT_LOAD segment -- so that a bad program
 * fails with -ENOEXEC or -EINVAL and the caller's address space is never
 * touched. Then, with the new address space loaded (exec.c switches to it
 * and back on failure), it maps each PT_LOAD segment's file bytes as a
 * private file mapping of the program (do_mmap_pgoff() with the file, as
 * Linux's elf_map() does): the pages come from the page cache, so every
 * process running the program shares its text frames, and a write to a
 * data page copies it. The bytes of the last file page past p_filesz are
 * zeroed (Linux's padzero(): that first write copies the page) and the
 * rest of the segment, up to p_memsz, is anonymous memory: the bss. The
 * heap starts after the highest segment; the stack is a VM_GROWSDOWN
 * region below TASK_SIZE, laid out as Linux lays it out
 * (create_elf_tables()).
 */
#include <binfmts.h>
#include <initramfs.h>
#include <mm_types.h>
#include <mman.h>
#include <err.h>
#include <sched.h>
#include <rwsem.h>
#include <uaccess.h>
#include <processor.h>
#include <kernel.h>
#include <slab.h>
#include <string.h>
#include <errno.h>
#include <system.h>
#include <fs.h>

#define EI_NIDENT	16
#define ET_EXEC		2
#define EM_386		3
#define PT_LOAD		1
#define PF_X		1
#define PF_W		2
#define PF_R		4

/* The ELF32 file header. */
struct elf32_hdr {
	u8 e_ident[EI_NIDENT];
	u16 e_type, e_machine;
	u32 e_version, e_entry, e_phoff, e_shoff, e_flags;
	u16 e_ehsize, e_phentsize, e_phnum, e_shentsize, e_shnum, e_shstrndx;
};

/* An ELF32 program header. */
struct elf32_phdr {
	u32 p_type, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz;
	u32 p_flags, p_align;
};

/* Auxiliary vector types (linux/auxvec.h). */
#define AT_NULL		0
#define AT_PHDR		3
#define AT_PHENT	4
#define AT_PHNUM	5
#define AT_PAGESZ	6
#define AT_BASE		7
#define AT_FLAGS	8
#define AT_ENTRY	9
#define AT_UID		11
#define AT_EUID		12
#define AT_GID		13
#define AT_EGID		14
#define AT_PLATFORM	15
#define AT_HWCAP	16
#define AT_CLKTCK	17
#define AT_SECURE	23
#define AT_RANDOM	25
#define AT_EXECFN	31

/* Lowest address of the stack execve maps. */
#define STACK_BOTTOM	(TASK_SIZE - EXEC_STACK_PAGES * PAGE_SIZE)

/* Most program headers accepted (busybox has 8). */
#define MAX_PHNUM	32

static const struct elf32_hdr *elf_header(const struct linux_binprm *bprm)
{
	return bprm->file->data;
}

static const struct elf32_phdr *elf_phdrs(const struct linux_binprm *bprm)
{
	return (const struct elf32_phdr *)((const char *)bprm->file->data +
					   elf_header(bprm)->e_phoff);
}

/* Is the file a static i386 ELF32 executable we can read? */
static int check_elf_header(const struct linux_binprm *bprm)
{
	const struct elf32_hdr *eh = elf_header(bprm);
	unsigned long size = bprm->file->size;

	if (size < sizeof(*eh) || memcmp(eh->e_ident, "\177ELF", 4))
		return -ENOEXEC;
	if (eh->e_ident[4] != 1 || eh->e_ident[5] != 1)	/* 32-bit, LSB */
		return -ENOEXEC;
	if (eh->e_type != ET_EXEC || eh->e_machine != EM_386)
		return -ENOEXEC;
	if (eh->e_phentsize != sizeof(struct elf32_phdr) || !eh->e_phnum ||
	    eh->e_phnum > MAX_PHNUM)
		return -ENOEXEC;
	if (eh->e_phoff > size ||
	    size - eh->e_phoff < eh->e_phnum * sizeof(struct elf32_phdr))
		return -ENOEXEC;
	return 0;
}

/*
 * One PT_LOAD segment: its bytes must be in the file (-ENOEXEC for a
 * truncated program), its file offset congruent with its address modulo
 * the page size (-ENOEXEC), and its memory below the stack (-EINVAL).
 */
static int check_segment(const struct linux_binprm *bprm,
			 const struct elf32_phdr *ph)
{
	unsigned long size = bprm->file->size;

	if (ph->p_offset > size || size - ph->p_offset < ph->p_filesz)
		return -ENOEXEC;
	if (ph->p_filesz > ph->p_memsz)
		return -ENOEXEC;
	if ((ph->p_vaddr ^ ph->p_offset) & ~PAGE_MASK)
		return -ENOEXEC;
	if (ph->p_vaddr >= STACK_BOTTOM ||
	    ph->p_memsz > STACK_BOTTOM - ph->p_vaddr)
		return -EINVAL;
	return 0;
}

/* Do the memory images of two segments share any byte? */
static bool segments_overlap(const struct elf32_phdr *a,
			     const struct elf32_phdr *b)
{
	return a->p_vaddr < b->p_vaddr + b->p_memsz &&
	       b->p_vaddr < a->p_vaddr + a->p_memsz;
}

/* Check every PT_LOAD segment, alone and against the others. */
static int check_segments(const struct linux_binprm *bprm)
{
	const struct elf32_phdr *ph = elf_phdrs(bprm);
	int n = elf_header(bprm)->e_phnum, loads = 0;

	for (int i = 0; i < n; i++) {
		int err;

		if (ph[i].p_type != PT_LOAD)
			continue;
		err = check_segment(bprm, &ph[i]);
		if (err)
			return err;
		for (int j = 0; j < i; j++)
			if (ph[j].p_type == PT_LOAD &&
			    segments_overlap(&ph[i], &ph[j]))
				return -EINVAL;
		loads++;
	}
	return loads ? 0 : -ENOEXEC;
}

/* The pte protection a segment asks for, as PROT_* bits. */
static unsigned long segment_prot(const struct elf32_phdr *ph)
{
	return (ph->p_flags & PF_R ? PROT_READ : 0) |
	       (ph->p_flags & PF_W ? PROT_WRITE : 0) |
	       (ph->p_flags & PF_X ? PROT_EXEC : 0);
}

/* Map anonymous memory at [@start, @end) of the current address space. */
static int map_anonymous(unsigned long start, unsigned long end,
			 unsigned long prot, unsigned long flags)
{
	struct mm_struct *mm = current->mm;
	unsigned long addr;

	if (start >= end)
		return 0;
	down_write(&mm->mmap_sem);
	addr = do_mmap_pgoff(NULL, start, end - start, prot,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED | flags, 0);
	up_write(&mm->mmap_sem);
	return IS_ERR_VALUE(addr) ? (int)addr : 0;
}

/*
 * Map [@start, @end) of the current address space to the program file
 * from page @pgoff, private, replacing what was there (Linux's
 * elf_map()).
 */
static int map_file_pages(struct linux_binprm *bprm, unsigned long start,
			  unsigned long end, unsigned long prot,
			  unsigned long pgoff)
{
	struct mm_struct *mm = current->mm;
	unsigned long addr;

	down_write(&mm->mmap_sem);
	addr = do_mmap_pgoff(bprm->exec_file, start, end - start, prot,
			     MAP_PRIVATE | MAP_FIXED | MAP_DENYWRITE |
			     MAP_EXECUTABLE, pgoff);
	up_write(&mm->mmap_sem);
	return IS_ERR_VALUE(addr) ? (int)addr : 0;
}

/*
 * Zero the bytes from @from to the end of its page, the last page of a
 * segment's file part, where the bss begins (Linux's padzero()). The
 * page is mapped writable for the write if the segment is not, and given
 * back the segment's protection @prot afterwards.
 */
static int zero_file_tail(unsigned long from, unsigned long prot)
{
	unsigned long page = from & PAGE_MASK;

	if (clear_user((void __user *)from, PAGE_SIZE - (from - page)))
		return -EFAULT;
	if (prot & PROT_WRITE)
		return 0;
	return sys_mprotect(page, PAGE_SIZE, prot);
}

/*
 * Map segment @ph: its file bytes as a private mapping of the program,
 * then the bss up to p_memsz as anonymous memory, all with the segment's
 * protection.
 */
static int map_segment(struct linux_binprm *bprm, const struct elf32_phdr *ph)
{
	unsigned long start = ph->p_vaddr & PAGE_MASK;
	unsigned long file_end = ph->p_vaddr + ph->p_filesz;
	unsigned long mem_end = PAGE_ALIGN(ph->p_vaddr + ph->p_memsz);
	unsigned long prot = segment_prot(ph);
	bool bss_in_last_page = ph->p_memsz > ph->p_filesz &&
				(file_end & ~PAGE_MASK);
	int err;

	if (!ph->p_memsz)
		return 0;
	if (ph->p_filesz) {
		err = map_file_pages(bprm, start, PAGE_ALIGN(file_end),
				     bss_in_last_page ? prot | PROT_WRITE : prot,
				     ph->p_offset >> PAGE_SHIFT);
		if (!err && bss_in_last_page)
			err = zero_file_tail(file_end, prot);
		if (err)
			return err;
		start = PAGE_ALIGN(file_end);
	}
	return map_anonymous(start, mem_end, prot, 0);
}

/* Record code, data and heap bounds from the segments, as Linux does. */
static void note_layout(struct linux_binprm *bprm,
			const struct elf32_phdr *ph, int n)
{
	struct mm_struct *mm = bprm->mm;
	unsigned long brk = 0;

	mm->start_code = ~0UL;
	for (int i = 0; i < n; i++) {
		unsigned long end_file = ph[i].p_vaddr + ph[i].p_filesz;

		if (ph[i].p_type != PT_LOAD)
			continue;
		if (ph[i].p_vaddr < mm->start_code)
			mm->start_code = ph[i].p_vaddr;
		if (ph[i].p_flags & PF_X && end_file > mm->end_code)
			mm->end_code = end_file;
		if (ph[i].p_flags & PF_W) {
			if (!mm->start_data)
				mm->start_data = ph[i].p_vaddr;
			if (end_file > mm->end_data)
				mm->end_data = end_file;
		}
		if (ph[i].p_vaddr + ph[i].p_memsz > brk)
			brk = ph[i].p_vaddr + ph[i].p_memsz;
	}
	mm->start_brk = mm->brk = brk;
}

/**
 * Check the program of @p bprm and build its address space in @p bprm->mm,
 * which the caller has made the current one (segments, bss, stack and its
 * tables); the caller's own address space is not touched, so any error
 * leaves it intact. -ENOEXEC for what is not a
 * static i386 ELF executable or is truncated, -EINVAL for segments that
 * overlap or reach the stack, -ENOMEM.
 */
int load_elf_binary(struct linux_binprm *bprm)
{
	const struct elf32_phdr *ph;
	int err, n;

	err = check_elf_header(bprm);
	if (!err)
		err = check_segments(bprm);
	if (err)
		return err;
	ph = elf_phdrs(bprm);
	n = elf_header(bprm)->e_phnum;
	for (int i = 0; i < n; i++) {
		if (ph[i].p_type != PT_LOAD)
			continue;
		err = map_segment(bprm, &ph[i]);
		if (err)
			return err;
	}
	note_layout(bprm, ph, n);
	bprm->entry = elf_header(bprm)->e_entry;
	err = map_anonymous(STACK_BOTTOM, TASK_SIZE, PROT_READ | PROT_WRITE,
			    MAP_GROWSDOWN);
	if (err)
		return err;
	return create_elf_tables(bprm);
}

/*
 * The address the program's headers have in memory (AT_PHDR): inside the
 * PT_LOAD segment whose file range holds them, 0 if none does.
 */
static unsigned long phdr_address(const struct linux_binprm *bprm)
{
	const struct elf32_hdr *eh = elf_header(bprm);
	const struct elf32_phdr *ph = elf_phdrs(bprm);

	for (int i = 0; i < eh->e_phnum; i++)
		if (ph[i].p_type == PT_LOAD && ph[i].p_offset <= eh->e_phoff &&
		    eh->e_phoff < ph[i].p_offset + ph[i].p_filesz)
			return ph[i].p_vaddr + (eh->e_phoff - ph[i].p_offset);
	return 0;
}

/* Fill @out with 16 bytes for AT_RANDOM, from the time-stamp counter. */
static void fill_random(u8 out[16])
{
	u64 x = rdtsc() | 1;

	for (int i = 0; i < 16; i++) {
		x ^= x << 13;	/* xorshift64 */
		x ^= x >> 7;
		x ^= x << 17;
		out[i] = x >> 24;
	}
}

/*
 * The pointers part of the initial stack (argc, argv[], envp[], auxv) for
 * strings placed at user address @strings.
 */
static unsigned long *build_table(struct linux_binprm *bprm,
				  unsigned long strings, unsigned long random,
				  unsigned long platform, unsigned long execfn,
				  unsigned long *words)
{
	const struct elf32_hdr *eh = elf_header(bprm);
	const unsigned long aux[][2] = {
		{ AT_HWCAP, boot_cpu_data.x86_capability },
		{ AT_PAGESZ, PAGE_SIZE }, { AT_CLKTCK, 100 },
		{ AT_PHDR, phdr_address(bprm) }, { AT_PHENT, eh->e_phentsize },
		{ AT_PHNUM, eh->e_phnum }, { AT_BASE, 0 }, { AT_FLAGS, 0 },
		{ AT_ENTRY, eh->e_entry }, { AT_UID, 0 }, { AT_EUID, 0 },
		{ AT_GID, 0 }, { AT_EGID, 0 }, { AT_SECURE, 0 },
		{ AT_RANDOM, random }, { AT_EXECFN, execfn },
		{ AT_PLATFORM, platform }, { AT_NULL, 0 },
	};
	unsigned long n = 1 + bprm->argc + 1 + bprm->envc + 1 +
			  2 * ARRAY_SIZE(aux);
	unsigned long *t = kmalloc(n * sizeof(long), GFP_KERNEL), *w;
	const char *s = bprm->strings;

	if (!t)
		return NULL;
	w = t;
	*w++ = bprm->argc;
	for (int i = 0; i < bprm->argc + bprm->envc + 2; i++) {
		if (i == bprm->argc || i == bprm->argc + bprm->envc + 1) {
			*w++ = 0;	/* the NULL ending argv, then envp */
			continue;
		}
		*w++ = strings + (s - bprm->strings);
		s += strlen(s) + 1;
	}
	for (unsigned int i = 0; i < ARRAY_SIZE(aux); i++) {
		*w++ = aux[i][0];
		*w++ = aux[i][1];
	}
	*words = n;
	return t;
}

/**
 * Lay out the new program's stack below TASK_SIZE as Linux 2.6 does, from
 * the top: a zero word, the file name (AT_EXECFN), the argument and
 * environment strings, 16 random bytes (AT_RANDOM), the platform `i686`,
 * then, 16-byte aligned, argc, argv[] and NULL, envp[] and NULL, and the
 * auxiliary vector ending with AT_NULL. The stack pointer points at argc.
 */
int create_elf_tables(struct linux_binprm *bprm)
{
	struct mm_struct *mm = bprm->mm;
	unsigned long p = TASK_SIZE - sizeof(long), execfn, strings;
	unsigned long random, platform, words, *table;
	u8 rnd[16];
	int err;

	p -= strlen(bprm->filename) + 1;
	execfn = p;
	p -= bprm->len;
	strings = p;
	p -= sizeof(rnd);
	random = p;
	p -= sizeof("i686");
	platform = p;
	table = build_table(bprm, strings, random, platform, execfn, &words);
	if (!table)
		return -ENOMEM;
	p = (p - words * sizeof(long)) & ~15UL;
	fill_random(rnd);
	err = -EFAULT;
	if (!copy_to_user((void __user *)execfn, bprm->filename,
			  strlen(bprm->filename) + 1) &&
	    !copy_to_user((void __user *)strings, bprm->strings, bprm->len) &&
	    !copy_to_user((void __user *)random, rnd, sizeof(rnd)) &&
	    !copy_to_user((void __user *)platform, "i686", sizeof("i686")) &&
	    !copy_to_user((void __user *)p, table, words * sizeof(long)))
		err = 0;
	kfree(table);
	mm->start_stack = p;
	mm->arg_start = strings;
	mm->arg_end = strings + bprm->argv_len;
	mm->env_start = mm->arg_end;
	mm->env_end = strings + bprm->len;
	bprm->sp = p;
	return err;
}
