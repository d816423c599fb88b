// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_random.c - random memory-management operations checked against a
 * model: t_random [SEED [OPS]].
 *
 * The program keeps, for every page it has mapped, the protection, the
 * sharing and locking flags and a content seed (every word of the page is
 * a function of the seed; seed 0 is a page of zeroes), and for every
 * region the kernel may not split further an identity. Then it draws, from
 * SEED, OPS operations among mmap (anonymous or of a file, private or
 * shared, MAP_FIXED, a hint or neither), munmap, mprotect, mremap (every
 * flag combination), brk, madvise(MADV_DONTNEED), mlock, munlock, msync,
 * fork, reads and writes of random pages, and read() and write() of the
 * tmpfs file, and checks each result -- return value, errno, every byte
 * read, every SIGSEGV and SIGBUS with its si_code and si_addr -- against
 * what the model predicts.
 *
 * Pages that are not private anonymous memory belong to an object: the
 * tmpfs file /tmp/t_random.dat the program creates and writes, the
 * initramfs file /bin/t_random (read-only, mapped privately), or the
 * shmem object behind each MAP_SHARED|MAP_ANONYMOUS mapping. The object
 * keeps the contents of its pages, so every shared mapping of a page and
 * read() see each store to it, a private mapping sees the object until its
 * first write copies the page (and again after MADV_DONTNEED), and a page
 * past the object's end is SIGBUS with BUS_ADRERR.
 *
 * Accesses that must fault run through two small probe functions; the
 * handler of SIGSEGV and SIGBUS moves the interrupted eip to a landing
 * that makes the probe return -1, so the program continues.
 *
 * Where Linux leaves the outcome to the kernel (where a mapping without
 * MAP_FIXED goes, whether mremap can grow in place next to a mapping the
 * model does not own), the program accepts any legal outcome and follows
 * it. Operations are confined to an arena at a fixed address (free on
 * vmm386 and on Linux), to mappings the program made, and to its heap;
 * its own text, data and stack are never touched. Only results are
 * printed, never addresses or counts, so the output is the same on
 * vmm386 and on Linux i386.
 *
 * After every batch of operations the program calls vmm386's audit system
 * call (1002), which checks the kernel's invariants from inside (regions,
 * page tables, page counts, rss); on Linux that call is ENOSYS and skipped.
 */
#include <ulib.h>

#define P		4096UL
#define WORDS		(P / 4)
#define ARENA		0x20000000UL	/* far from text, heap and mmap base */
#define ARENA_PAGES	512
#define MAX_PAGES	1536		/* pages the model follows at most */
#define HASH_SLOTS	4096		/* power of two, > 2 * MAX_PAGES */
#define BRK_PAGES	48		/* how far the heap may grow */
#define MAX_LOCKED	32		/* mlock()ed pages at most */
#define BATCH		256		/* operations between audits */
#define VERIFY_EVERY	2048		/* operations between full checks */
#define MAX_REPORTS	12

#define PROT_NONE	0
#define PROT_READ	1
#define PROT_WRITE	2
#define PROT_EXEC	4
#define MAP_SHARED	1
#define MAP_FIXED	0x10
#define MREMAP_MAYMOVE	1
#define MREMAP_FIXED	2
#define MADV_DONTNEED	4
#define SA_SIGINFO	4
#define SA_RESTORER	0x04000000
#define SEGV_MAPERR	1
#define SEGV_ACCERR	2
#define NR_AUDIT	1002
#define SIGBUS		7
#define BUS_ADRERR	2
#define EACCES		13
#define O_RDONLY	0
#define O_RDWR		2
#define O_CREAT		0100
#define O_TRUNC		01000
#define MS_ASYNC	1
#define MS_SYNC		4

/* The objects pages can belong to (0: private anonymous memory). */
#define OBJ_TMPFS	1		/* /tmp/t_random.dat, read-write */
#define OBJ_EXE		2		/* /bin/t_random, read-only */
#define OBJ_FIRST_SHM	3		/* then one per shared anon. map */
#define MAX_OBJS	64
#define OBJ_PAGES	64		/* an object's pages at most */
#define TMPFS_PAGES	12		/* the tmpfs file's pages */
#define TMPFS_FILE	"/tmp/t_random.dat"
#define EXE_FILE	"/bin/t_random"

/* Page flags in the model. */
#define F_SHARED	1
#define F_LOCKED	2
#define F_BRK		4
#define F_COPIED	8	/* a private page of an object, written to */

/** One page the program has mapped, as the model knows it. */
struct mpage {
	unsigned long addr;	/* 0: the slot is free */
	uint32_t seed;		/* content: word w is content_word(seed, w) */
	uint32_t region;	/* pages of one unsplit region share it */
	uint8_t prot;
	uint8_t flags;
	uint8_t obj;		/* 0: anonymous private; else its object */
	uint8_t index;		/* the page's index in its object */
};

/*
 * An object behind mappings: its size in pages and each page's content
 * seed (for OBJ_EXE, exe_copy holds the bytes instead); refs counts the
 * model's pages that map it, and a shmem object's slot is free at 0.
 */
struct mobj {
	uint32_t pages;
	uint32_t refs;
	uint32_t seed[OBJ_PAGES];
};

static struct mobj objs[MAX_OBJS];
static uint32_t exe_copy[OBJ_PAGES * 1024];
static int tmpfs_fd = -1, exe_fd = -1;

static struct mpage table[HASH_SLOTS];
static int nr_pages, nr_locked;
static uint32_t next_region = 1, rng_state;
static unsigned long brk_base, brk_cur;
static int errors;
static long ops_done;
static unsigned long op_addr;	/* the operation's address, for reports */
static int audits_clean = 1, audits_run;
static int forks_ok = 1, forks_run;

/* ---- utilities ----------------------------------------------------------- */

static long mmap2(unsigned long addr, unsigned long len, long prot,
		  long flags, long fd, long pgoff)
{
	return syscall6(192, addr, len, prot, flags, fd, pgoff);
}

#define sys_munmap(a, l)	syscall2(91, (a), (l))
#define mprotect(a, l, p)	syscall3(125, (a), (l), (p))
#define mremap(a, o, n, f, x)	syscall6(163, (a), (o), (n), (f), (x), 0)
#define madvise(a, l, b)	syscall3(219, (a), (l), (b))
#define mlock(a, l)		syscall2(150, (a), (l))
#define munlock(a, l)		syscall2(151, (a), (l))
#define brk(a)			((unsigned long)syscall1(45, (a)))

static uint32_t rnd(uint32_t n)
{
	/* xorshift32: small, and the same sequence everywhere */
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return n ? rng_state % n : 0;
}

static uint32_t content_word(uint32_t seed, unsigned long w)
{
	return seed ? seed ^ (uint32_t)(w * 0x9E3779B1u) : 0;
}

/* Report one disagreement with the model (the first few in detail). */
static void fail(const char *what, long got, long want)
{
	if (errors++ < MAX_REPORTS)
		ktap_diag("op %ld at %#lx: %s: got %ld, want %ld", ops_done,
			  op_addr, what, got, want);
}

/* ---- the model: an open-addressing table of pages ------------------------ */

static unsigned int slot_of(unsigned long addr)
{
	return ((addr >> 12) * 2654435761u) >> 20 & (HASH_SLOTS - 1);
}

static struct mpage *model_get(unsigned long addr)
{
	for (unsigned int i = slot_of(addr); table[i].addr;
	     i = (i + 1) & (HASH_SLOTS - 1))
		if (table[i].addr == addr)
			return &table[i];
	return NULL;
}

static struct mpage *model_add(unsigned long addr, uint8_t prot,
			       uint8_t flags, uint32_t region, uint32_t seed)
{
	unsigned int i = slot_of(addr);

	while (table[i].addr)
		i = (i + 1) & (HASH_SLOTS - 1);
	table[i] = (struct mpage){ addr, seed, region, prot, flags, 0, 0 };
	nr_pages++;
	if (flags & F_LOCKED)
		nr_locked++;
	return &table[i];
}

/* Make @p a page of object @obj at @index. */
static void set_obj(struct mpage *p, uint8_t obj, uint32_t index)
{
	p->obj = obj;
	p->index = index;
	if (obj)
		objs[obj].refs++;
}

/* Remove a page, shifting later entries of its probe chain back. */
static void model_del(unsigned long addr)
{
	struct mpage *p = model_get(addr);
	unsigned int hole, i;

	if (!p)
		return;
	nr_pages--;
	if (p->flags & F_LOCKED)
		nr_locked--;
	if (p->obj)
		objs[p->obj].refs--;
	hole = p - table;
	table[hole].addr = 0;
	for (i = (hole + 1) & (HASH_SLOTS - 1); table[i].addr;
	     i = (i + 1) & (HASH_SLOTS - 1)) {
		unsigned int home = slot_of(table[i].addr);

		/* may the entry at i move to the hole? (cyclic distance) */
		if (((i - home) & (HASH_SLOTS - 1)) >=
		    ((i - hole) & (HASH_SLOTS - 1))) {
			table[hole] = table[i];
			table[i].addr = 0;
			hole = i;
		}
	}
}

static void model_del_range(unsigned long addr, unsigned long pages)
{
	for (unsigned long i = 0; i < pages; i++)
		model_del(addr + i * P);
}

static bool in_arena(unsigned long addr)
{
	return addr >= ARENA && addr < ARENA + ARENA_PAGES * P;
}

static bool readable(const struct mpage *p)
{
	return p && p->prot != PROT_NONE;
}

/* True if @p lies wholly past its object's end: an access is SIGBUS. */
static bool beyond(const struct mpage *p)
{
	return p && p->obj && p->index >= objs[p->obj].pages;
}

/* True if the page's contents are the object's, not a copy of its own. */
static bool of_object(const struct mpage *p)
{
	return p->obj && ((p->flags & F_SHARED) || !(p->flags & F_COPIED));
}

/*
 * Where the page's expected contents come from: the copy of the
 * initramfs file (returned), or the seed in *@seed (NULL returned).
 */
static const uint32_t *page_source(const struct mpage *p, uint32_t *seed)
{
	*seed = p->seed;
	if (!of_object(p))
		return NULL;
	if (p->obj == OBJ_EXE)
		return &exe_copy[p->index * WORDS];
	*seed = objs[p->obj].seed[p->index];
	return NULL;
}

/* Word @w of the page as the model expects it. */
static uint32_t expect_word(const struct mpage *p, unsigned long w)
{
	uint32_t seed;
	const uint32_t *copy = page_source(p, &seed);

	return copy ? copy[w] : content_word(seed, w);
}

/* True if reads of @p give data (a readable page inside its object). */
static bool has_data(const struct mpage *p)
{
	return readable(p) && !beyond(p);
}

static bool writable(const struct mpage *p)
{
	return p && (p->prot & PROT_WRITE);
}

static unsigned long recent[4];	/* the last pages picked */

/* Remember @addr among the recent pages; return it. */
static unsigned long picked(unsigned long addr)
{
	static unsigned int next;

	recent[next++ % 4] = addr;
	return op_addr = addr;
}

/*
 * A page to work on: often one of the last few (so that sequences such
 * as write, mprotect, write hit one page while the TLB still holds it),
 * else one of the arena (mapped or not) or a mapped one.
 */
static unsigned long pick_page(void)
{
	unsigned long again = recent[rnd(4)];
	unsigned int i;

	if (rnd(5) < 2 && again && (in_arena(again) || model_get(again)))
		return picked(again);
	if (!nr_pages || rnd(2))
		return picked(ARENA + rnd(ARENA_PAGES) * P);
	for (i = rnd(HASH_SLOTS); !table[i].addr; i = (i + 1) & (HASH_SLOTS - 1))
		;
	return picked(table[i].addr);
}

/*
 * How many of @want pages from @addr a range operation may cover: pages
 * of the arena, and pages of mappings the program made outside it, up to
 * the first page that is neither (the program's own memory) or its heap.
 */
static unsigned long legal_pages(unsigned long addr, unsigned long want)
{
	unsigned long n;

	for (n = 0; n < want; n++) {
		unsigned long a = addr + n * P;
		struct mpage *p = model_get(a);

		if (p ? (p->flags & F_BRK) : !in_arena(a))
			break;
	}
	return n;
}

/* The range's shape: 0 if every page is mapped in one region, else why. */
enum shape { ONE_REGION, HAS_HOLE, MANY_REGIONS };

static enum shape range_shape(unsigned long addr, unsigned long pages)
{
	struct mpage *first = model_get(addr);
	bool many = false;

	for (unsigned long i = 0; i < pages; i++) {
		struct mpage *p = model_get(addr + i * P);

		if (!p)
			return HAS_HOLE;
		many |= p->region != first->region;
	}
	return many ? MANY_REGIONS : ONE_REGION;
}

static bool range_free(unsigned long addr, unsigned long pages)
{
	for (unsigned long i = 0; i < pages; i++)
		if (model_get(addr + i * P))
			return false;
	return true;
}

/* True if a page of the range belongs to an object (a file or shmem). */
static bool range_has_object(unsigned long addr, unsigned long pages)
{
	for (unsigned long i = 0; i < pages; i++) {
		struct mpage *p = model_get(addr + i * P);

		if (p && p->obj)
			return true;
	}
	return false;
}

/* ---- probes and the SIGSEGV handler -------------------------------------- */

struct sigaction {
	void *handler;
	unsigned long flags;
	void (*restorer)(void);
	unsigned long long mask;
};

struct siginfo {
	int si_signo, si_errno, si_code;
	unsigned long si_addr;
	int pad[28];
};

extern void __restore_rt(void);
long probe_read(unsigned long addr);
long probe_write(unsigned long addr, uint32_t value);
extern char probe_read_insn[], probe_write_insn[], probe_landing[];

/*
 * probe_read returns the word at addr; probe_write stores one and returns
 * 0. When the access faults, the handler resumes at probe_landing, which
 * returns -1 with the fault in fault_code and fault_addr. A word that
 * reads as -1 is told apart by faulted.
 */
asm(".text\n"
    ".globl probe_read, probe_write, probe_read_insn, probe_write_insn\n"
    ".globl probe_landing\n"
    "probe_read:\n"
    "	movl 4(%esp), %ecx\n"
    "probe_read_insn:\n"
    "	movl (%ecx), %eax\n"
    "	ret\n"
    "probe_write:\n"
    "	movl 4(%esp), %ecx\n"
    "	movl 8(%esp), %edx\n"
    "probe_write_insn:\n"
    "	movl %edx, (%ecx)\n"
    "	xorl %eax, %eax\n"
    "	ret\n"
    "probe_landing:\n"
    "	movl $-1, %eax\n"
    "	ret\n");

static volatile int faulted, fault_signo, fault_code;
static volatile unsigned long fault_addr;

#define UC_EIP_OFFSET	(20 + 14 * 4)	/* ucontext: flags, link, stack */

static void segv_handler(int sig, struct siginfo *info, void *uc)
{
	unsigned long *eip = (unsigned long *)((char *)uc + UC_EIP_OFFSET);

	if (*eip != (unsigned long)probe_read_insn &&
	    *eip != (unsigned long)probe_write_insn) {
		printf("# t_random: unexpected signal %d code %d outside the "
		       "probes\n", sig, info->si_code);
		exit(99);
	}
	faulted = 1;
	fault_signo = sig;
	fault_code = info->si_code;
	fault_addr = info->si_addr;
	*eip = (unsigned long)probe_landing;
}

static void install_handler(void)
{
	struct sigaction sa = { segv_handler, SA_SIGINFO | SA_RESTORER,
				__restore_rt, 0 };

	syscall4(174, SIGSEGV, &sa, NULL, 8);
	syscall4(174, SIGBUS, &sa, NULL, 8);
}

/*
 * Check that an access to @addr faulted the way the model says: SIGBUS
 * (BUS_ADRERR) if the region allows it but the page lies past its
 * object's end (@past_end), else SIGSEGV, SEGV_ACCERR inside a region and
 * SEGV_MAPERR outside.
 */
static void check_fault(unsigned long addr, const struct mpage *p,
			bool past_end, const char *what)
{
	int signo = past_end ? SIGBUS : SIGSEGV;
	int code = past_end ? BUS_ADRERR : p ? SEGV_ACCERR : SEGV_MAPERR;

	if (!faulted) {
		fail(what, 0, 1);
		return;
	}
	if (fault_signo != signo)
		fail("the fault's signal", fault_signo, signo);
	if (fault_code != code)
		fail("si_code", fault_code, code);
	if (fault_addr != addr)
		fail("si_addr is the address accessed", fault_addr - addr, 0);
}

/* ---- checking contents ---------------------------------------------------- */

/* True if @step-spaced words of a readable page match its seed. */
static bool page_matches(const struct mpage *p, unsigned long step)
{
	const volatile uint32_t *w = (const volatile uint32_t *)p->addr;
	uint32_t seed;
	const uint32_t *copy = page_source(p, &seed);

	/* the two loops keep the common case, a seed, as cheap as before */
	if (copy) {
		for (unsigned long i = 0; i < WORDS; i += step)
			if (w[i] != copy[i])
				return false;
	} else {
		for (unsigned long i = 0; i < WORDS; i += step)
			if (w[i] != content_word(seed, i))
				return false;
	}
	return w[WORDS - 1] == expect_word(p, WORDS - 1);
}

/* Every readable page of the model, every @step-th word. */
static void verify_all(unsigned long step)
{
	for (int i = 0; i < HASH_SLOTS; i++) {
		struct mpage *p = &table[i];

		if (p->addr && has_data(p) && !page_matches(p, step))
			fail("page contents (full check)", 0, 1);
	}
}

/* A checksum of the sampled contents of every readable page. */
static uint32_t checksum(bool from_memory)
{
	uint32_t sum = 0;

	for (int i = 0; i < HASH_SLOTS; i++) {
		struct mpage *p = &table[i];

		if (!p->addr || !has_data(p))
			continue;
		for (unsigned long w = 0; w < WORDS; w += 97) {
			uint32_t v = from_memory ?
				((const volatile uint32_t *)p->addr)[w] :
				expect_word(p, w);

			sum = (sum ^ v) * 16777619u;
		}
	}
	return sum;
}

static void fill_page(unsigned long addr, uint32_t seed)
{
	volatile uint32_t *w = (volatile uint32_t *)addr;

	for (unsigned long i = 0; i < WORDS; i++)
		w[i] = content_word(seed, i);
}

/* ---- the operations -------------------------------------------------------- */

static uint8_t random_prot(void)
{
	/* PROT_WRITE alone is left out: 2.4 and Linux read it differently */
	static const uint8_t prots[] = {
		PROT_NONE, PROT_READ, PROT_READ | PROT_WRITE,
		PROT_READ | PROT_EXEC, PROT_READ | PROT_WRITE | PROT_EXEC,
		PROT_EXEC, PROT_READ | PROT_WRITE,
	};
	return prots[rnd(sizeof(prots))];
}

static unsigned long random_len(void)
{
	return 1 + (rnd(8) ? rnd(8) : rnd(40));
}

static unsigned long arena_start(unsigned long pages)
{
	return ARENA + rnd(ARENA_PAGES - pages + 1) * P;
}

/*
 * A region of @pages new pages at @addr: zero pages, or pages @index on
 * of object @obj.
 */
static void model_map(unsigned long addr, unsigned long pages, uint8_t prot,
		      uint8_t flags, uint8_t obj, uint32_t index)
{
	uint32_t region = next_region++;

	for (unsigned long i = 0; i < pages; i++)
		set_obj(model_add(addr + i * P, prot, flags, region, 0), obj,
			index + i);
}

/* A free slot for a new shmem object of @pages zero pages, or 0. */
static uint8_t new_shm_object(unsigned long pages)
{
	for (uint8_t k = OBJ_FIRST_SHM; k < MAX_OBJS; k++) {
		if (objs[k].refs)
			continue;
		memset(&objs[k], 0, sizeof(objs[k]));
		objs[k].pages = pages;
		return k;
	}
	return 0;
}

/*
 * What a new mapping maps: private anonymous memory (half the time), a
 * shmem object, the tmpfs file privately or shared, or the initramfs file
 * privately. Sets *@obj, *@fd and the MAP_SHARED flag in *@flags.
 */
static void pick_backing(unsigned long pages, uint8_t *obj, long *fd,
			 long *flags)
{
	uint32_t r = rnd(10);

	*obj = 0;
	*fd = -1;
	*flags = MAP_PRIVATE | MAP_ANONYMOUS;
	if (r < 5)
		return;
	if (r < 7) {
		*obj = new_shm_object(pages);
		*flags = MAP_SHARED | MAP_ANONYMOUS;
		return;
	}
	if (r < 9) {
		*obj = OBJ_TMPFS;
		*fd = tmpfs_fd;
		*flags = r == 7 ? MAP_PRIVATE : MAP_SHARED;
		return;
	}
	if (exe_fd >= 0) {
		*obj = OBJ_EXE;
		*fd = exe_fd;
		*flags = MAP_PRIVATE;
	}
}

static void op_mmap(void)
{
	unsigned long pages = random_len(), addr = 0, pgoff = 0;
	uint8_t prot = random_prot(), obj;
	long flags, fd;
	int how = rnd(3);
	bool shared;
	long got;

	if (nr_pages + pages > MAX_PAGES)
		return;
	pick_backing(pages, &obj, &fd, &flags);
	shared = flags & MAP_SHARED;
	if (shared && !obj)
		return;		/* no free object slot */
	if (fd >= 0)
		pgoff = rnd(objs[obj].pages + 2);	/* past the end too */
	if (how < 2)
		addr = arena_start(pages);
	if (how == 0)
		flags |= MAP_FIXED;
	switch (rnd(40)) {
	case 1:
		got = mmap2(ARENA + 12, P, prot, flags | MAP_FIXED, fd, pgoff);
		if (got != -EINVAL)
			fail("mmap MAP_FIXED unaligned", got, -EINVAL);
		return;
	case 2:
		got = mmap2(addr, P, prot, MAP_ANONYMOUS, -1, 0);
		if (got != -EINVAL)
			fail("mmap neither private nor shared", got, -EINVAL);
		return;
	}
	got = mmap2(addr, pages * P, prot, flags, fd, pgoff);
	if (got < 0 && got > -4096) {
		fail("mmap", got, addr);
		return;
	}
	if (how == 0 && (unsigned long)got != addr)
		fail("mmap MAP_FIXED address", got, addr);
	if (how == 0)
		model_del_range(addr, pages);
	if (how == 1 && range_free(addr, pages) && (unsigned long)got != addr)
		fail("mmap takes a free hint", got, addr);
	if (((unsigned long)got & (P - 1)) || !range_free(got, pages)) {
		fail("mmap returned a range in use", 0, 1);
		return;
	}
	model_map(got, pages, prot, shared ? F_SHARED : 0, obj, pgoff);
}

static void op_munmap(void)
{
	unsigned long addr = pick_page(), pages = legal_pages(addr, random_len());
	long got;

	if (!pages)
		return;
	if (rnd(30) == 0) {
		got = sys_munmap(addr + 8, pages * P);
		if (got != -EINVAL)
			fail("munmap unaligned", got, -EINVAL);
		return;
	}
	got = sys_munmap(addr, pages * P);
	if (got != 0)
		fail("munmap", got, 0);
	model_del_range(addr, pages);
}

/*
 * Apply a change to pages from @addr on in address order, as mprotect and
 * mlock do region by region: up to the first hole, which makes the call
 * -ENOMEM. Changed pages get new region numbers (the kernel splits there).
 */
static long model_change(unsigned long addr, unsigned long pages,
			 void (*change)(struct mpage *, uint32_t), uint32_t arg)
{
	uint32_t old_region = 0, new_region = 0;

	for (unsigned long i = 0; i < pages; i++) {
		struct mpage *p = model_get(addr + i * P);

		if (!p)
			return -ENOMEM;
		if (p->region != old_region) {
			old_region = p->region;
			new_region = next_region++;
		}
		p->region = new_region;
		change(p, arg);
	}
	return 0;
}

static void set_prot(struct mpage *p, uint32_t prot)
{
	p->prot = prot;
}

static void set_lock(struct mpage *p, uint32_t lock)
{
	if (lock && !(p->flags & F_LOCKED))
		nr_locked++;
	if (!lock && (p->flags & F_LOCKED))
		nr_locked--;
	p->flags = lock ? p->flags | F_LOCKED : p->flags & ~F_LOCKED;
}

static void op_mprotect(void)
{
	unsigned long addr = pick_page(), pages = legal_pages(addr, random_len());
	uint8_t prot = random_prot();
	long got, want;

	if (!pages)
		return;
	if (rnd(30) == 0) {
		got = mprotect(addr + 4, pages * P, prot);
		if (got != -EINVAL)
			fail("mprotect unaligned", got, -EINVAL);
		return;
	}
	got = mprotect(addr, pages * P, prot);
	want = model_change(addr, pages, set_prot, prot);
	if (got != want)
		fail("mprotect", got, want);
}

static void op_mlock(void)
{
	unsigned long addr = pick_page(), pages = legal_pages(addr, random_len());
	bool lock = rnd(2);
	long got, want;

	if (!pages || (lock && nr_locked + pages > MAX_LOCKED))
		return;
	/*
	 * Not over objects: mlock faults pages in for writing, copying a
	 * private page of an object (both kernels), 6.1's mprotect does so
	 * again on a locked region made writable (2.4's does not), and 6.1
	 * answers ENOMEM for pages past the end that 2.4 skips.
	 */
	if (range_has_object(addr, pages))
		return;
	got = lock ? mlock(addr, pages * P) : munlock(addr, pages * P);
	want = model_change(addr, pages, set_lock, lock);
	if (got != want)
		fail(lock ? "mlock" : "munlock", got, want);
}

static void op_madvise(void)
{
	unsigned long addr = pick_page(), pages = legal_pages(addr, random_len());
	long got, want = 0;

	if (!pages)
		return;
	got = madvise(addr, pages * P, MADV_DONTNEED);
	for (unsigned long i = 0; i < pages; i++) {
		struct mpage *p = model_get(addr + i * P);

		if (!p) {
			want = -ENOMEM;
			continue;
		}
		if (p->flags & F_LOCKED) {
			want = -EINVAL;
			break;
		}
		/*
		 * Only the ptes go: private anonymous memory reads zeroes
		 * again, a private page of an object its object again, and a
		 * shared page keeps its data, which lives in the object.
		 */
		p->seed = 0;
		p->flags &= ~F_COPIED;
	}
	if (got != want)
		fail("madvise(MADV_DONTNEED)", got, want);
}

/* Move the model's @pages pages from @from to @to as one new region. */
static void model_move(unsigned long from, unsigned long to,
		       unsigned long pages, unsigned long new_pages)
{
	struct mpage first = *model_get(from);
	uint32_t region = next_region++;
	static struct mpage moved[64];

	for (unsigned long i = 0; i < pages; i++) {
		moved[i] = *model_get(from + i * P);
		model_del(from + i * P);
	}
	for (unsigned long i = 0; i < pages; i++)
		set_obj(model_add(to + i * P, moved[i].prot, moved[i].flags,
				  region, moved[i].seed),
			moved[i].obj, moved[i].index);
	/* grown: the object's next pages, or zero pages */
	for (unsigned long i = pages; i < new_pages; i++)
		set_obj(model_add(to + i * P, first.prot,
				  first.flags & ~F_COPIED, region, 0),
			first.obj, moved[pages - 1].index + 1 + i - pages);
}

/* mremap that grows [addr, +old) to @new pages: which outcomes are legal. */
static void mremap_grow(unsigned long addr, unsigned long old,
			unsigned long new, long flags)
{
	unsigned long end = addr + old * P;
	bool in_place_known = in_arena(end) && in_arena(end + (new - old) * P - 1);
	bool room = range_free(end, new - old);
	long got = mremap(addr, old * P, new * P, flags, 0);

	if (got == (long)addr) {
		if (!room)
			fail("mremap grew in place over a mapping", got, -1);
		model_move(addr, addr, old, new);
		return;
	}
	if (in_place_known && room)
		fail("mremap grows in place when there is room", got, addr);
	if (!(flags & MREMAP_MAYMOVE)) {
		if (got != -ENOMEM)
			fail("mremap without room or MAYMOVE", got, -ENOMEM);
		return;
	}
	if (got < 0 && got > -4096) {
		fail("mremap MAYMOVE", got, 0);
		return;
	}
	if ((got & (P - 1)) || !range_free(got, new)) {
		fail("mremap moved onto a range in use", 0, 1);
		return;
	}
	model_move(addr, got, old, new);
}

static void op_mremap(void)
{
	unsigned long addr = pick_page(), old = legal_pages(addr, random_len());
	unsigned long new = 1 + rnd(old + 8), target = 0;
	static const long flag_sets[] = {
		0, MREMAP_MAYMOVE, MREMAP_MAYMOVE | MREMAP_FIXED, MREMAP_FIXED, 8,
	};
	long flags = flag_sets[rnd(rnd(8) ? 3 : 5)];
	long got, want;
	enum shape shape;

	if (!old || nr_pages + new > MAX_PAGES || new > 64)
		return;
	if ((flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED)) ||
	    flags == MREMAP_FIXED) {
		got = mremap(addr, old * P, new * P, flags, ARENA);
		if (got != -EINVAL)
			fail("mremap bad flags", got, -EINVAL);
		return;
	}
	shape = range_shape(addr, old < new ? old : new);
	/* a range over several regions: the kernel may have merged them */
	if (shape == MANY_REGIONS && (new > old || (flags & MREMAP_FIXED)))
		return;
	if (shape == ONE_REGION &&
	    (model_get(addr)->flags & F_LOCKED) && nr_locked + new > MAX_LOCKED)
		return;
	if (flags & MREMAP_FIXED) {
		target = arena_start(new);
		if (target < addr + old * P && addr < target + new * P) {
			got = mremap(addr, old * P, new * P, flags, target);
			if (got != -EINVAL)
				fail("mremap onto itself", got, -EINVAL);
			return;
		}
		got = mremap(addr, old * P, new * P, flags, target);
		model_del_range(target, new);
		if (old > new) {
			model_del_range(addr + new * P, old - new);
			old = new;
		}
		want = shape == HAS_HOLE ? -EFAULT : (long)target;
		if (got != want)
			fail("mremap MREMAP_FIXED", got, want);
		if (got == want && want == (long)target)
			model_move(addr, target, old, new);
		return;
	}
	if (new <= old) {
		got = mremap(addr, old * P, new * P, flags, 0);
		if (got != (long)addr)
			fail("mremap shrink", got, addr);
		model_del_range(addr + new * P, old - new);
		return;
	}
	if (shape == HAS_HOLE) {
		got = mremap(addr, old * P, new * P, flags, 0);
		if (got != -EFAULT)
			fail("mremap of a range with a hole", got, -EFAULT);
		return;
	}
	mremap_grow(addr, old, new, flags);
}

static void op_brk(void)
{
	unsigned long want = brk_base + rnd(BRK_PAGES + 1) * P, got;

	got = brk(want);
	if (got != want) {
		fail("brk", got, want);
		return;
	}
	for (unsigned long a = want; a < brk_cur; a += P)
		model_del(a);
	for (unsigned long a = brk_cur; a < want; a += P)
		model_add(a, PROT_READ | PROT_WRITE, F_BRK, 0, 0);
	brk_cur = want;
}

static void op_read(void)
{
	unsigned long addr = pick_page(), w = rnd(WORDS);
	struct mpage *p = model_get(addr);
	long got;

	faulted = 0;
	got = probe_read(addr + w * 4);
	if (!has_data(p)) {
		check_fault(addr + w * 4, p, readable(p),
			    "read that must fault");
		return;
	}
	if (faulted)
		fail("read of a readable page faulted", fault_code, 0);
	else if ((uint32_t)got != expect_word(p, w) || !page_matches(p, 61))
		fail("page contents", (uint32_t)got, expect_word(p, w));
}

/*
 * A store of a page of content @seed to @p: into its object if it is
 * shared, else into its own page (a private page of an object becomes a
 * copy).
 */
static void model_store(struct mpage *p, uint32_t seed)
{
	if (p->obj && (p->flags & F_SHARED)) {
		objs[p->obj].seed[p->index] = seed;
		return;
	}
	p->seed = seed;
	if (p->obj)
		p->flags |= F_COPIED;
}

static void op_write(void)
{
	unsigned long addr = pick_page(), w = rnd(WORDS);
	struct mpage *p = model_get(addr);
	uint32_t seed = rnd(0xfffffffe) + 1;

	faulted = 0;
	probe_write(addr + w * 4, content_word(seed, w));
	if (!writable(p) || beyond(p)) {
		check_fault(addr + w * 4, p, writable(p),
			    "write that must fault");
		return;
	}
	if (faulted) {
		fail("write of a writable page faulted", fault_code, 0);
		return;
	}
	fill_page(addr, seed);
	model_store(p, seed);
}

static uint32_t io_buf[WORDS];

/*
 * read() or write() of a whole page of the tmpfs file at a random page:
 * what write() stores every mapping of the page sees (shared ones, and
 * private ones until they copy it); what read() returns is what the
 * mappings stored.
 */
static void op_fileio(void)
{
	unsigned long index = rnd(TMPFS_PAGES);
	uint32_t seed = rnd(0xfffffffe) + 1;
	bool writing = rnd(2);
	long got;

	op_addr = index * P;
	if (lseek(tmpfs_fd, index * P, SEEK_SET) != (long)(index * P)) {
		fail("lseek in the tmpfs file", 0, 1);
		return;
	}
	if (writing) {
		for (unsigned long w = 0; w < WORDS; w++)
			io_buf[w] = content_word(seed, w);
		got = write(tmpfs_fd, io_buf, P);
		if (got != (long)P)
			fail("write() of a page of the tmpfs file", got, P);
		else
			objs[OBJ_TMPFS].seed[index] = seed;
		return;
	}
	got = read(tmpfs_fd, io_buf, P);
	if (got != (long)P) {
		fail("read() of a page of the tmpfs file", got, P);
		return;
	}
	for (unsigned long w = 0; w < WORDS; w++)
		if (io_buf[w] != content_word(objs[OBJ_TMPFS].seed[index], w)) {
			fail("read() sees what the mappings stored", w, -1);
			return;
		}
}

/*
 * msync over a range: 0, or ENOMEM if part of it is not mapped; MS_SYNC
 * and MS_ASYNC together are EINVAL, as is an unaligned start.
 */
static void op_msync(void)
{
	unsigned long addr = pick_page();
	unsigned long pages = legal_pages(addr, random_len());
	static const long flag_sets[] = { MS_SYNC, MS_ASYNC, 0,
					  MS_SYNC | MS_ASYNC };
	long flags = flag_sets[rnd(rnd(10) ? 3 : 4)], got, want = 0;

	if (!pages)
		return;
	if (rnd(30) == 0) {
		got = syscall3(144, addr + 4, pages * P, flags);
		if (got != -EINVAL)
			fail("msync unaligned", got, -EINVAL);
		return;
	}
	for (unsigned long i = 0; i < pages; i++)
		if (!model_get(addr + i * P))
			want = -ENOMEM;
	if (flags == (MS_SYNC | MS_ASYNC))
		want = -EINVAL;
	got = syscall3(144, addr, pages * P, flags);
	if (got != want)
		fail("msync", got, want);
}

/*
 * Up to @max writable pages inside their objects, private or shared
 * (@shared), in table order: the child's targets.
 */
static int fork_targets(struct mpage **out, int max, bool shared)
{
	int n = 0;

	for (int i = 0; i < HASH_SLOTS && n < max; i++)
		if (table[i].addr && writable(&table[i]) &&
		    !beyond(&table[i]) &&
		    !(table[i].flags & F_SHARED) == !shared)
			out[n++] = &table[i];
	return n;
}

/* The seed the child writes into its @i-th target. */
static uint32_t child_seed(int i, bool shared)
{
	return (shared ? 0x5ea00000u : 0x5eed0000u) + i;
}

/*
 * The child: check every readable page against its copy of the model,
 * write its own data into private pages (copy-on-write must keep them
 * from the parent) and into shared ones (the parent must see those),
 * and exit with a checksum of what it read.
 */
static void child(uint32_t want_sum)
{
	struct mpage *mine[8], *ours[4];
	int n = fork_targets(mine, 8, false), m = fork_targets(ours, 4, true);
	uint32_t sum = checksum(true);

	errors = 0;
	verify_all(13);
	for (int i = 0; i < n; i++) {
		fill_page(mine[i]->addr, child_seed(i, false));
		model_store(mine[i], child_seed(i, false));
	}
	for (int i = 0; i < m; i++) {
		fill_page(ours[i]->addr, child_seed(i, true));
		model_store(ours[i], child_seed(i, true));
	}
	for (int i = 0; i < n; i++)
		errors += !page_matches(mine[i], 1);
	for (int i = 0; i < m; i++)
		errors += !page_matches(ours[i], 1);
	if (errors || sum != want_sum)
		exit((want_sum + 1) & 0xff);
	exit(sum & 0xff);
}

static void op_fork(void)
{
	uint32_t want = checksum(false);
	struct mpage *mine[8], *ours[4];
	int status = -1, n, m;
	long pid;

	forks_run++;
	pid = fork();
	if (pid == 0)
		child(want);
	if (pid < 0 || waitpid(pid, &status, 0) != pid) {
		fail("fork and wait", pid, 1);
		forks_ok = 0;
		return;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != (want & 0xff)) {
		fail("the child's checksum of memory", status, (want & 0xff) << 8);
		forks_ok = 0;
	}
	n = fork_targets(mine, 8, false);
	m = fork_targets(ours, 4, true);
	/* the child's stores to shared pages are the parent's too */
	for (int i = 0; i < m; i++)
		model_store(ours[i], child_seed(i, true));
	for (int i = 0; i < n; i++)
		if (!page_matches(mine[i], 1))
			fail("the child's write reached the parent", i, -1);
	for (int i = 0; i < m; i++)
		if (!page_matches(ours[i], 1))
			fail("the child's write to a shared page is the "
			     "parent's", i, -1);
}

/* True on vmm386, which has its leak-counter call; Linux has not. */
static bool on_vmm386(void)
{
	return syscall2(1001, NULL, 0) != -ENOSYS;
}

/* The kernel's audit (vmm386 only): 0 problems expected. */
static void audit(void)
{
	long got;

	if (!on_vmm386())
		return;
	got = syscall0(NR_AUDIT);
	audits_run++;
	if (got != 0) {
		fail("kernel audit: problems found", got, 0);
		audits_clean = 0;
	}
}

static void one_op(void)
{
	uint32_t r = rnd(100);

	if (r < 12)
		op_mmap();
	else if (r < 20)
		op_munmap();
	else if (r < 30)
		op_mprotect();
	else if (r < 38)
		op_mremap();
	else if (r < 42)
		op_brk();
	else if (r < 47)
		op_madvise();
	else if (r < 52)
		op_mlock();
	else if (r < 53 && rnd(2))
		op_fork();
	else if (r < 55)
		op_fileio();
	else if (r < 57)
		op_msync();
	else if (r < 77)
		op_read();
	else
		op_write();
}

/*
 * Unmap everything the model holds and give the heap back; then every
 * page that was mapped must fault as unmapped. True if all went so.
 */
static bool clean_up(void)
{
	bool ok = true;

	for (int i = 0; i < HASH_SLOTS; i++) {
		unsigned long a = table[i].addr;

		if (a && !(table[i].flags & F_BRK))
			ok &= sys_munmap(a, P) == 0;
	}
	ok &= brk(brk_base) == brk_base;
	for (int i = 0; i < HASH_SLOTS; i++) {
		if (!table[i].addr || (table[i].flags & F_BRK))
			continue;
		faulted = 0;
		probe_read(table[i].addr);
		ok &= faulted && fault_code == SEGV_MAPERR;
	}
	return ok;
}

/*
 * The objects files back: the tmpfs file, created and filled with
 * write() page by page, and a copy of the initramfs file read with
 * read(). False if the tmpfs file cannot be made.
 */
static bool open_objects(void)
{
	long n = 0, got;

	tmpfs_fd = syscall3(5, TMPFS_FILE, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (tmpfs_fd < 0)
		return false;
	objs[OBJ_TMPFS].pages = TMPFS_PAGES;
	for (unsigned long i = 0; i < TMPFS_PAGES; i++) {
		uint32_t seed = rnd(0xfffffffe) + 1;

		for (unsigned long w = 0; w < WORDS; w++)
			io_buf[w] = content_word(seed, w);
		if (write(tmpfs_fd, io_buf, P) != (long)P)
			return false;
		objs[OBJ_TMPFS].seed[i] = seed;
	}
	exe_fd = syscall3(5, EXE_FILE, O_RDONLY, 0);
	while (exe_fd >= 0 && n < (long)sizeof(exe_copy) &&
	       (got = read(exe_fd, (char *)exe_copy + n,
			   sizeof(exe_copy) - n)) > 0)
		n += got;
	if (n == 0 || n >= (long)sizeof(exe_copy)) {
		close(exe_fd);	/* not there, or too large: unused */
		exe_fd = -1;
	}
	objs[OBJ_EXE].pages = (n + P - 1) / P;
	return true;
}

/* Close the files and remove the tmpfs one (its pages go with it). */
static void close_objects(void)
{
	close(tmpfs_fd);
	syscall1(10, TMPFS_FILE);		/* unlink */
	if (exe_fd >= 0)
		close(exe_fd);
}

/* The Shmem line of /proc/meminfo, in kB; -1 if there is none. */
static long shmem_kb(void)
{
	static char buf[2048];
	const char *line;
	long kb = 0;

	if (read_file("/proc/meminfo", buf, sizeof(buf)) <= 0)
		return -1;
	for (line = buf; *line; line = strchr(line, '\n') + 1) {
		if (!strncmp(line, "Shmem:", 6))
			break;
		if (!strchr(line, '\n'))
			return -1;
	}
	if (!*line)
		return -1;
	for (line += 6; *line == ' '; line++)
		;
	while (*line >= '0' && *line <= '9')
		kb = kb * 10 + (*line++ - '0');
	return kb;
}

/* True if /proc/self/maps has a line for @addr that ends in @name. */
static bool maps_names(unsigned long addr, const char *name)
{
	static char buf[16384];
	char start[16];
	const char *line, *end;

	snprintf(start, sizeof(start), "%08lx-", addr);
	if (read_file("/proc/self/maps", buf, sizeof(buf)) <= 0)
		return false;
	for (line = buf; *line; line = end + 1) {
		end = strchr(line, '\n');
		if (!end)
			return false;
		if (!strncmp(line, start, 9))
			return end - line >= (long)strlen(name) &&
			       !strncmp(end - strlen(name), name, strlen(name));
	}
	return false;
}

/*
 * A shared anonymous mapping is a shmem object, as in 2.4: maps names
 * it "/dev/zero (deleted)", and (on vmm386, where nothing else uses
 * shmem meanwhile) Shmem in /proc/meminfo counts its pages until the
 * munmap.
 */
static bool shm_object_shows(void)
{
	long before = shmem_kb(), during, after, addr;
	bool named;

	addr = mmap2(0, 3 * P, PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (addr < 0 && addr > -4096)
		return false;
	for (int i = 0; i < 3; i++)
		fill_page(addr + i * P, 7 + i);
	during = shmem_kb();
	named = maps_names(addr, " /dev/zero (deleted)");
	sys_munmap(addr, 3 * P);
	after = shmem_kb();
	if (!on_vmm386())
		return named;
	return named && before >= 0 && during == before + 12 &&
	       after == before;
}

static long number(const char *s, long dflt)
{
	long v = 0;

	if (!s)
		return dflt;
	while (*s >= '0' && *s <= '9')
		v = v * 10 + (*s++ - '0');
	return v;
}

int main(int argc, char **argv)
{
	long seed = number(argc > 1 ? argv[1] : NULL, 1);
	long ops = number(argc > 2 ? argv[2] : NULL, 2000);

	rng_state = (uint32_t)seed * 2654435761u + 0x12345;
	if (!rng_state)
		rng_state = 1;
	install_handler();
	brk_base = (brk(0) + P - 1) & ~(P - 1);
	brk_cur = brk(brk_base) == brk_base ? brk_base : 0;
	ktap_plan(5);
	ktap_ok(shm_object_shows(), "a shared anonymous mapping shows as "
		"/dev/zero (deleted), its pages as Shmem until the munmap");
	if (!brk_cur)
		fail("brk to a page boundary", 0, 1);
	if (!open_objects())
		fail("the tmpfs file to map", tmpfs_fd, 0);
	for (ops_done = 0; ops_done < ops; ops_done++) {
		one_op();
		if ((ops_done + 1) % BATCH == 0)
			audit();
		if ((ops_done + 1) % VERIFY_EVERY == 0)
			verify_all(1);
		if (ops_done == ops / 2)
			vmm386_checkpoint("vma");
	}
	verify_all(1);
	audit();
	ktap_ok(errors == 0, "seed %ld: %ld random operations agree with the "
		"model", seed, ops);
	ktap_ok(forks_ok && forks_run, "every child saw the model's memory "
		"and its writes stayed its own");
	ktap_ok(clean_up(), "munmap and brk give everything back: each page "
		"faults as unmapped");
	close_objects();
	audit();
	ktap_ok(audits_clean && (audits_run || !on_vmm386()),
		"the kernel's audit found nothing after every batch");
	return ktap_done();
}
