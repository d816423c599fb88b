// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_filemap.c - the page cache and file mappings from user mode: a
 * private mapping of a file reads the file's bytes (zeroes past its end
 * in the last page) and a write to it copies the page, never reaching the
 * file; a shared mapping of a tmpfs file is the file, seen by read(), by
 * another process's mapping and by a later mapping; a page wholly past
 * the end of the file raises SIGBUS; mmap's errnos for files; mincore
 * and msync on file mappings; tmpfs at /tmp (create, write, read, lseek,
 * ftruncate, unlink, mkdir, rmdir) and its pages in /proc/meminfo;
 * truncating a file that two processes map unmaps the pages past the new
 * end in both (SIGBUS there afterwards) and frees them;
 * /proc/self/maps naming the files. Two checkpoints let the oracle
 * compare frames from outside: "filemap" (a child sharing its parent's
 * file pages) and "filemap_text" (the same program run by two processes).
 */
#include <ulib.h>

#define PLAN		41
#define P		4096UL

#define O_RDONLY	0
#define O_WRONLY	1
#define O_RDWR		2
#define O_CREAT		0100
#define O_EXCL		0200
#define O_TRUNC		01000
#define SEEK_END	2
#define MAP_SHARED	1
#define MAP_FIXED	0x10
#define PROT_NONE	0
#define MS_SYNC		4
#define SIGBUS		7
#define EACCES		13
#define EEXIST		17
#define ENODEV		19
#define ENOTDIR		20
#define EISDIR		21
#define EROFS		30
#define ENOTEMPTY	39

/*
 * Fixed addresses the oracle (tools/oracle_filemap.py) knows: the
 * parent's shared mapping of FILE, the child's own shared and private
 * mappings of it.
 */
#define PARENT_SHARED	0x50000000UL
#define CHILD_SHARED	0x50100000UL
#define CHILD_PRIVATE	0x50200000UL
#define FILE		"/tmp/filemap"
#define TRUNC_FILE	"/tmp/truncated"
#define NR_AUDIT	1002	/* vmm386's audit (kernel/mm/audit.c) */

static long open3(const char *p, int flags, int mode)
{
	return syscall3(5, p, flags, mode);
}
#define open(p, f)		open3((p), (f), 0644)
#define unlink(p)		syscall1(10, (p))
#define mkdir(p)		syscall2(39, (p), 0755)
#define rmdir(p)		syscall1(40, (p))
#define ftruncate(fd, n)	syscall2(93, (fd), (n))
#define pipe(fds)		syscall1(42, (fds))
#define mprotect(a, l, p)	syscall3(125, (a), (l), (p))
#define msync(a, l, f)		syscall3(144, (a), (l), (f))
#define mincore(a, l, v)	syscall3(218, (a), (l), (v))

static long mmap2(unsigned long addr, unsigned long len, long prot,
		  long flags, long fd, long pgoff)
{
	return syscall6(192, addr, len, prot, flags, fd, pgoff);
}

/* The old mmap (90), whose offset is in bytes and must be aligned. */
static long old_mmap(unsigned long len, long fd, unsigned long off)
{
	unsigned long args[6] = { 0, len, PROT_READ, MAP_PRIVATE, fd, off };

	return syscall1(90, args);
}

static volatile char *at(unsigned long addr)
{
	return (volatile char *)addr;
}

static char buf[2 * 4096];
static char text[4096];

/* The value of a "Name:   N kB" line of /proc/meminfo, or -1. */
static long meminfo(const char *name)
{
	long fd = open("/proc/meminfo", O_RDONLY), n;
	const char *p;
	long v = 0;

	if (fd < 0)
		return -1;
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	text[n] = '\0';
	for (p = text; *p; p++)
		if (!strncmp(p, name, strlen(name)) && (p == text || p[-1] == '\n'))
			break;
	if (!*p)
		return -1;
	for (p += strlen(name); *p == ' '; p++)
		;
	while (*p >= '0' && *p <= '9')
		v = v * 10 + *p++ - '0';
	return v;
}

/* Does /proc/self/maps have a line holding both @a and @b? */
static int maps_has(const char *a, const char *b)
{
	long fd = open("/proc/self/maps", O_RDONLY), n;
	char *line, *end;

	if (fd < 0)
		return 0;
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n <= 0)
		return 0;
	text[n] = '\0';
	for (line = text; *line; line = end + 1) {
		int ha = 0, hb = 0;

		end = strchr(line, '\n');
		if (!end)
			return 0;
		for (char *p = line; p < end; p++) {
			ha |= !strncmp(p, a, strlen(a));
			hb |= !strncmp(p, b, strlen(b));
		}
		if (ha && hb)
			return 1;
	}
	return 0;
}

/* ---- private mappings of an initramfs file --------------------------- */

/* The program file, mapped private, reads as read() reads it. */
static void private_mapping(void)
{
	long fd = open("/bin/t_filemap", O_RDONLY);
	long size = lseek(fd, 0, SEEK_END);
	unsigned long a, b, last = (size - 1) & ~(P - 1);
	int tail_zero = 1;

	lseek(fd, 0, SEEK_SET);
	read(fd, buf, P);
	a = mmap2(0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	b = mmap2(0, size, PROT_READ, MAP_PRIVATE, fd, 0);
	ktap_ok(!(a & (P - 1)) && !memcmp((void *)a, buf, P) &&
		!memcmp((void *)a, "\177ELF", 4),
		"a private mapping reads the file's bytes");
	for (unsigned long i = size; i < last + P; i++)
		tail_zero &= at(a)[i] == 0;
	ktap_ok(tail_zero, "the last page is zero past the end of the file");
	at(a)[0] = 'X';
	lseek(fd, 0, SEEK_SET);
	read(fd, buf, 4);
	ktap_ok(at(a)[0] == 'X' && at(b)[0] == 0x7f && buf[0] == 0x7f,
		"a write to a private mapping copies the page, never the file");
	ktap_ok(maps_has("/bin/t_filemap", " 00:01 ") &&
		maps_has("/bin/t_filemap", "r-xp"),
		"maps names the file and its device for file regions");
	munmap((void *)a, size);
	munmap((void *)b, size);
	close(fd);
}

/* Touch page 1 of the mapping at @addr: past the end of the file. */
static int touch_second_page(unsigned long addr)
{
	return at(addr + P)[0];
}

/* mmap's errnos for files, and SIGBUS past the end of the file. */
/*
 * Whether mmap2() returned an address rather than an errno. Not "> 0":
 * Linux 6.1 maps top-down, above 0x80000000, where a long is negative.
 */
static int mapped(long r)
{
	return (unsigned long)r < (unsigned long)-4095;
}

static void mapping_errors(void)
{
	long fd = open("/bin/t_filemap", O_RDONLY), dir = open("/bin", O_RDONLY);
	long wfd = open("/tmp/wronly", O_WRONLY | O_CREAT), small;
	long fds[2] = { -1, -1 };
	unsigned long a;

	pipe(fds);
	ktap_ok(mapped(mmap2(0, P, PROT_READ, MAP_SHARED, fd, 0)) &&
		mmap2(0, P, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0) ==
		-EACCES, "shared writable map of a read-only file is EACCES");
	a = mmap2(0, P, PROT_READ, MAP_SHARED, fd, 0);
	ktap_eq(mprotect(a, P, PROT_READ | PROT_WRITE), -EACCES,
		"mprotect cannot make it writable later");
	ktap_eq(mmap2(0, P, PROT_READ, MAP_PRIVATE, wfd, 0), -EACCES,
		"a file not opened for reading is EACCES");
	ktap_ok(mmap2(0, P, PROT_READ, MAP_PRIVATE, 99, 0) == -EBADF &&
		mmap2(0, P, PROT_READ, MAP_PRIVATE, -1, 0) == -EBADF,
		"a closed descriptor is EBADF");
	ktap_ok(mmap2(0, P, PROT_READ, MAP_PRIVATE, fds[0], 0) == -ENODEV &&
		mmap2(0, P, PROT_READ, MAP_PRIVATE, 0, 0) == -ENODEV &&
		mmap2(0, P, PROT_READ, MAP_PRIVATE, dir, 0) == -ENODEV,
		"a pipe, the console, a directory are ENODEV");
	ktap_ok(old_mmap(P, fd, 100) == -EINVAL &&
		mmap2(0, 2 * P, PROT_READ, MAP_PRIVATE, fd, -1L) == -EINVAL &&
		mmap2(0, P, PROT_READ, 0, fd, 0) == -EINVAL,
		"an unaligned or overflowing offset, or no type, is EINVAL");
	small = open("/tmp/small", O_RDWR | O_CREAT);
	write(small, "tiny", 4);
	a = mmap2(0, 2 * P, PROT_READ, MAP_SHARED, small, 0);
	ktap_ok(at(a)[3] == 'y' && at(a)[4] == 0,
		"a mapping reads the file and zeroes after it");
	ktap_eq(run_in_child(touch_second_page, a), 128 + SIGBUS,
		"a page wholly past the end of the file raises SIGBUS");
	munmap((void *)a, 2 * P);
	close(small);
	close(wfd);
	close(dir);
	close(fd);
	close(fds[0]);
	close(fds[1]);
	unlink("/tmp/small");
	unlink("/tmp/wronly");
}

/* ---- shared mappings of a tmpfs file ----------------------------------- */

/*
 * The child: map the file itself (a fresh lookup in the page cache),
 * shared and private; write through the shared one, then to page 1 of
 * the private one (a first touch that is a write: a private copy at
 * once); let the oracle compare frames. Exit 0 if it saw the parent's
 * data and its private page holds its own write.
 */
static int child_maps_file(unsigned long fd)
{
	long s = mmap2(CHILD_SHARED, 2 * P, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_FIXED, fd, 0);
	long p = mmap2(CHILD_PRIVATE, 2 * P, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_FIXED, fd, 0);
	int ok;

	if (s != (long)CHILD_SHARED || p != (long)CHILD_PRIVATE)
		return 1;
	strcpy((char *)CHILD_SHARED + P, "child");
	at(p + P)[0] = 'q';
	ok = !strcmp((char *)CHILD_SHARED, "parent") && at(p)[0] == 'p' &&
	     !strcmp((char *)p + P, "qhild");
	vmm386_checkpoint("filemap");	/* the oracle: frames shared */
	return ok ? 0 : 2;
}

static void shared_mapping(void)
{
	long fd = open(FILE, O_RDWR | O_CREAT | O_EXCL), before, during;
	unsigned char vec[3] = { 9, 9, 9 };
	long a;

	before = meminfo("Shmem:");
	ftruncate(fd, 3 * P);
	a = mmap2(PARENT_SHARED, 2 * P, PROT_READ | PROT_WRITE,
		  MAP_SHARED | MAP_FIXED, fd, 0);
	ktap_eq(a, (long)PARENT_SHARED, "a tmpfs file maps shared and writable");
	strcpy((char *)a, "parent");
	at(a + P)[0] = 0;
	ktap_eq(run_in_child(child_maps_file, fd), 0,
		"another process's mapping sees the writes, and its own are seen");
	ktap_ok(!strcmp((char *)a + P, "child"),
		"the child's write through its mapping reaches the parent's");
	lseek(fd, P, SEEK_SET);
	ktap_ok(read(fd, buf, 6) == 6 && !strcmp(buf, "child"),
		"read() sees the write made through a mapping");
	lseek(fd, 0, SEEK_SET);
	write(fd, "PARENT", 6);
	ktap_ok(at(a)[0] == 'P', "the mapping sees what write() wrote");
	ktap_ok(mincore(a, 2 * P, vec) == 0 && (vec[0] & 1) && (vec[1] & 1),
		"mincore: both file pages in memory");
	munmap((void *)a, 2 * P);
	a = mmap2(0, 3 * P, PROT_READ, MAP_SHARED, fd, 0);
	ktap_ok(mincore(a, 3 * P, vec) == 0 && (vec[0] & 1) && (vec[1] & 1) &&
		!(vec[2] & 1), "mincore: cached pages resident though unmapped, a hole not");
	ktap_eq(msync(a, P, MS_SYNC), 0, "msync on a shared file mapping succeeds");
	during = meminfo("Shmem:");
	ktap_ok(before >= 0 && during == before + 8,
		"meminfo's Shmem counts the two tmpfs pages");
	ktap_ok(maps_has("/tmp/filemap", " 00:02 ") && maps_has("/tmp/filemap", "r--s"),
		"maps names the tmpfs file, shared");
	unlink(FILE);
	ktap_ok(at(a)[0] == 'P' && maps_has("/tmp/filemap (deleted)", "r--s"),
		"an unlinked file stays mapped, shown as deleted");
	munmap((void *)a, 3 * P);
	close(fd);
	ktap_eq(meminfo("Shmem:"), before,
		"its pages come back when it is unlinked, closed and unmapped");
}

/* ---- truncating a mapped file ----------------------------------------- */

/* Read the byte at @addr (a fault past the end of the file: SIGBUS). */
static int touch(unsigned long addr)
{
	return at(addr)[0];
}

/* True if the kernel's audit finds nothing wrong (vmm386 only). */
static int audit_clean(void)
{
	long r = syscall0(NR_AUDIT);

	/* Linux has neither the audit nor vmm386's call 1001. */
	return r == 0 || (r == -ENOSYS && syscall2(1001, NULL, 0) == -ENOSYS);
}

/*
 * The second process: it shares the parent's mappings of the file (fork
 * copied its ptes), says so through @ready, waits on @go while the parent
 * truncates, then reads page 1 (still in the file) and touches page 2
 * (past the new end): SIGBUS ends it, unless its pte survived.
 */
static int truncated_under_child(unsigned long s, long ready, long go)
{
	char c = 0;

	touch(s + 2 * P);
	write(ready, "r", 1);
	read(go, &c, 1);
	if (strcmp((char *)s + P, "page1"))
		return 1;
	touch(s + 2 * P);
	return 0;
}

/*
 * A 4-page tmpfs file mapped shared in two processes, and private in the
 * parent (page 2 read, page 3 written: a copy of its own). The parent
 * shrinks the file to 1 page and 100 bytes: as 2.4's vmtruncate does,
 * every pte of pages 2 and 3 goes, in both processes, private copies
 * included, and with the cache's references gone the three pages (two
 * cache pages and the copy) go back to the free count.
 */
static void truncate_mapped(void)
{
	long fd = open(TRUNC_FILE, O_RDWR | O_CREAT | O_EXCL);
	long ready[2], go[2], pid, err;
	long free_before, free_after, shmem_before, shmem_after;
	unsigned long s, v;
	int status = -1;
	char c;

	ftruncate(fd, 4 * P);
	s = mmap2(0, 4 * P, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	v = mmap2(0, 4 * P, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	for (int i = 0; i < 4; i++)
		strcpy((char *)s + i * P, "page0");
	at(s + P)[4] = '1';
	(void)touch(v + 2 * P);
	at(v + 3 * P)[0] = 'v';
	pipe(ready);
	pipe(go);
	pid = fork();
	if (pid == 0)
		exit(truncated_under_child(s, ready[1], go[0]));
	read(ready[0], &c, 1);
	/*
	 * Our first writes after fork copy pages (the buffer, the stack):
	 * let them happen before the count is taken.
	 */
	(void)meminfo("MemFree:");
	free_before = meminfo("MemFree:");
	shmem_before = meminfo("Shmem:");
	err = ftruncate(fd, P + 100);
	shmem_after = meminfo("Shmem:");
	free_after = meminfo("MemFree:");
	ktap_eq(err, 0, "ftruncate shrinks a file two processes map");
	ktap_ok(shmem_after == shmem_before - 8 &&
		free_after == free_before + 12,
		"the truncated pages and the private copy are freed at once");
	ktap_ok(audit_clean(), "the audit finds the files' region lists right");
	write(go[1], "g", 1);
	waitpid(pid, &status, 0);
	ktap_ok(WIFSIGNALED(status) && WTERMSIG(status) == SIGBUS,
		"the other process's access past the new end is SIGBUS");
	ktap_ok(run_in_child(touch, s + 2 * P) == 128 + SIGBUS &&
		run_in_child(touch, v + 3 * P) == 128 + SIGBUS &&
		!strcmp((char *)s, "page0") &&
		!strcmp((char *)v + P, "page1") && at(s + P)[100] == 0,
		"here too, private copy included; what is left stays");
	munmap((void *)s, 4 * P);
	munmap((void *)v, 4 * P);
	close(fd);
	for (int i = 0; i < 2; i++) {
		close(ready[i]);
		close(go[i]);
	}
	unlink(TRUNC_FILE);
}

/* ---- tmpfs ------------------------------------------------------------ */

static void tmpfs(void)
{
	long fd = open("/tmp/f", O_RDWR | O_CREAT | O_EXCL);

	ktap_ok(fd >= 0 && open("/tmp/f", O_RDWR | O_CREAT | O_EXCL) == -EEXIST,
		"O_CREAT|O_EXCL creates, and fails on an existing file");
	ktap_ok(write(fd, "hello, tmpfs", 12) == 12 && lseek(fd, 0, SEEK_END) == 12,
		"write extends the file");
	lseek(fd, 7, SEEK_SET);
	ktap_ok(read(fd, buf, 100) == 5 && !memcmp(buf, "tmpfs", 5),
		"read from a position reads what was written");
	lseek(fd, 2 * P, SEEK_SET);
	write(fd, "z", 1);
	lseek(fd, P, SEEK_SET);
	buf[0] = 1;
	ktap_ok(read(fd, buf, 1) == 1 && buf[0] == 0,
		"a hole reads as zeroes");
	ktap_ok(ftruncate(fd, 5) == 0 && lseek(fd, 0, SEEK_END) == 5 &&
		ftruncate(fd, 20) == 0 && lseek(fd, 5, SEEK_SET) == 5 &&
		read(fd, buf, 20) == 15 && buf[0] == 0 && buf[14] == 0,
		"ftruncate shrinks, and what grows again reads as zeroes");
	close(fd);
	fd = open("/tmp/f", O_RDWR | O_TRUNC);
	ktap_ok(lseek(fd, 0, SEEK_END) == 0, "O_TRUNC empties the file");
	close(fd);
	fd = open("/bin/t_filemap", O_RDONLY);
	ktap_ok(ftruncate(fd, 0) == -EINVAL && ftruncate(99, 0) == -EBADF,
		"ftruncate: read-only file EINVAL, closed descriptor EBADF");
	close(fd);
	ktap_ok(mkdir("/tmp/d") == 0 && mkdir("/tmp/d") == -EEXIST &&
		open("/tmp/d/g", O_RDWR | O_CREAT) >= 0,
		"mkdir makes a directory that can hold files");
	ktap_ok(rmdir("/tmp/d") == -ENOTEMPTY && unlink("/tmp/d") == -EISDIR &&
		rmdir("/tmp/f") == -ENOTDIR,
		"rmdir of a non-empty directory, unlink of a directory fail");
	ktap_ok(unlink("/tmp/d/g") == 0 && rmdir("/tmp/d") == 0 &&
		unlink("/tmp/f") == 0 && unlink("/tmp/f") == -ENOENT &&
		open("/tmp/f", O_RDONLY) == -ENOENT,
		"unlink and rmdir remove the names");
	ktap_ok(mkdir("/bin/x") == -EROFS && unlink("/bin/t_filemap") == -EROFS &&
		open("/tmp/no/such", O_RDWR | O_CREAT) == -ENOENT,
		"outside /tmp the tree is read-only; a missing directory is ENOENT");
	for (int i = 3; i < 16; i++)
		close(i);
}

/* ---- one program, two processes ---------------------------------------- */

/* The parent runs this very program again in a child: they share text. */
static void same_program(void)
{
	char *argv[] = { "/bin/t_filemap", "text", NULL };
	char *envp[] = { NULL };
	int status = -1;
	long pid = fork();

	if (pid == 0) {
		execve(argv[0], argv, envp);
		exit(127);
	}
	waitpid(pid, &status, 0);
	ktap_eq(status, 0, "the program runs again in a child (text checkpoint)");
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "text")) {
		/* The oracle: our text frames are our parent's. */
		vmm386_checkpoint("filemap_text");
		return 0;
	}
	ktap_plan(PLAN);
	private_mapping();
	mapping_errors();
	shared_mapping();
	truncate_mapped();
	tmpfs();
	same_program();
	return ktap_done();
}
