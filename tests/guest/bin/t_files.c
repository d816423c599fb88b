// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_files.c - the initramfs as a read-only tree: open, read, lseek,
 * stat64, fstat64, getdents64, getcwd, chdir, /dev/console, and
 * descriptors shared across fork; the mounts (/proc/mounts, statfs64,
 * fstatfs64, statfs) as df and mount read them.
 */
#include <ulib.h>

#define PLAN		45
#define O_RDONLY	0
#define O_WRONLY	1
#define O_CREAT		0100
#define O_DIRECTORY	0200000
#define SEEK_END	2
#define EROFS		30
#define EISDIR		21
#define ENOTDIR		20
#define ERANGE		34
#define S_IFMT		0170000
#define S_IFDIR		0040000
#define S_IFREG		0100000
#define S_IFCHR		0020000
#define DT_DIR		4
#define DT_REG		8

struct stat64 {
	unsigned long long st_dev;
	unsigned int pad1, st_ino32, st_mode, st_nlink, st_uid, st_gid;
	unsigned long long st_rdev;
	unsigned int pad2;
	long long st_size;
	unsigned int st_blksize;
	unsigned long long st_blocks;
	unsigned int times[6];
	unsigned long long st_ino;
} __attribute__((packed));

static long open(const char *p, int flags) { return syscall3(5, p, flags, 0); }
static long stat64(const char *p, struct stat64 *st) { return syscall2(195, p, st); }
static long fstat64(int fd, struct stat64 *st) { return syscall2(197, fd, st); }
static long getdents64(int fd, void *buf, unsigned n) { return syscall3(220, fd, buf, n); }
static long getcwd(char *buf, unsigned long n) { return syscall2(183, buf, n); }
static long chdir(const char *p) { return syscall1(12, p); }

/* Does directory @path list @name with type @type, exactly once? */
static int lists(const char *path, const char *name, int type)
{
	static char buf[4096];
	long fd = open(path, O_RDONLY | O_DIRECTORY), n;
	int found = 0;

	if (fd < 0)
		return 0;
	while ((n = getdents64(fd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < n;) {
			unsigned short reclen = *(unsigned short *)(buf + off + 16);
			unsigned char t = buf[off + 18];

			if (!strcmp(buf + off + 19, name) && t == type)
				found++;
			off += reclen;
		}
	}
	close(fd);
	return found == 1;
}

static void test_read(void)
{
	struct stat64 st;
	char buf[16];
	long fd = open("/README", O_RDONLY), size;

	ktap_check(fd >= 3, "open(/README) returns a descriptor");
	ktap_eq(read(fd, buf, 6), 6, "read 6 bytes");
	ktap_check(!memcmp(buf, "vmm386", 6), "they are the file's first bytes");
	ktap_eq(fstat64(fd, &st), 0, "fstat64 on it");
	ktap_check((st.st_mode & S_IFMT) == S_IFREG && st.st_size > 6,
		   "it is a regular file with a size");
	size = lseek(fd, 0, SEEK_END);
	ktap_eq(size, st.st_size, "lseek to the end returns the size");
	ktap_eq(read(fd, buf, 16), 0, "read at the end returns 0");
	ktap_eq(lseek(fd, 2, SEEK_SET), 2, "lseek back to offset 2");
	ktap_eq(read(fd, buf, 4), 4, "read 4 more");
	ktap_check(!memcmp(buf, "m386", 4), "from offset 2");
	ktap_eq(read(fd, (void *)test_read, 4), -EFAULT,
		"read into read-only text is EFAULT");
	ktap_eq(lseek(fd, -100, SEEK_SET), -EINVAL, "lseek before 0 is EINVAL");
	ktap_eq(close(fd), 0, "close it");
}

static void test_errors(void)
{
	char c;
	long fd;

	ktap_eq(open("/nope", O_RDONLY), -ENOENT, "open of a missing file is ENOENT");
	ktap_eq(open(NULL, O_RDONLY), -EFAULT, "open(NULL) is EFAULT");
	ktap_eq(open("/README", O_WRONLY), -EROFS, "open for writing is EROFS");
	ktap_eq(open("/new", O_WRONLY | O_CREAT), -EROFS, "creating a file is EROFS");
	ktap_eq(open("/README", O_DIRECTORY), -ENOTDIR,
		"O_DIRECTORY on a file is ENOTDIR");
	fd = open("/bin", O_RDONLY);
	ktap_eq(read(fd, &c, 1), -EISDIR, "read of a directory is EISDIR");
	close(fd);
}

static void test_stat(void)
{
	struct stat64 st;

	ktap_eq(stat64("/bin/init", &st), 0, "stat64(/bin/init)");
	ktap_check((st.st_mode & S_IFMT) == S_IFREG && (st.st_mode & 0111),
		   "an executable regular file");
	ktap_eq(stat64("/bin", &st), 0, "stat64(/bin)");
	ktap_check((st.st_mode & S_IFMT) == S_IFDIR, "a directory");
	ktap_eq(stat64("/nope", &st), -ENOENT, "stat64 of a missing file is ENOENT");
	ktap_eq(stat64("/bin", NULL), -EFAULT, "stat64 into NULL is EFAULT");
	ktap_check(stat64("/dev/console", &st) == 0 &&
		   (st.st_mode & S_IFMT) == S_IFCHR, "/dev/console is a character device");
}

static void test_dirs(void)
{
	char buf[64];
	long fd;

	ktap_check(lists("/bin", "t_files", DT_REG) && lists("/bin", "..", DT_DIR),
		   "getdents64(/bin) lists t_files and ..");
	ktap_check(lists("/", "bin", DT_DIR), "getdents64(/) lists bin once");
	ktap_check(getcwd(buf, sizeof(buf)) == 2 && !strcmp(buf, "/"),
		   "getcwd is / (length 2 with the NUL)");
	ktap_eq(getcwd(buf, 1), -ERANGE, "getcwd into 1 byte is ERANGE");
	ktap_eq(chdir("/bin"), 0, "chdir(/bin)");
	fd = open("t_files", O_RDONLY);
	ktap_check(fd >= 0 && getcwd(buf, sizeof(buf)) > 0 && !strcmp(buf, "/bin"),
		   "a relative open finds bin/t_files; getcwd is /bin");
	close(fd);
	ktap_eq(chdir("/README"), -ENOTDIR, "chdir to a file is ENOTDIR");
	ktap_check(chdir("../bin/./..") == 0 && getcwd(buf, sizeof(buf)) == 2,
		   "chdir(../bin/./..) is back at /");
}

static void test_fork_shares_position(void)
{
	char buf[4];
	long fd = open("/README", O_RDONLY), pid;
	int status = -1;

	pid = fork();
	if (pid == 0)
		exit(read(fd, buf, 3) == 3 ? 0 : 1);
	waitpid(pid, &status, 0);
	ktap_check(status == 0 && lseek(fd, 0, 1) == 3,
		   "a child's read moves the file position its parent sees");
	close(fd);
}

/* Linux's magic numbers of the file systems statfs reports. */
#define TMPFS_MAGIC		0x01021994
#define PROC_SUPER_MAGIC	0x9fa0

/* struct statfs64 of i386 Linux (84 bytes): the fields checked here. */
struct statfs64 {
	unsigned int f_type, f_bsize;
	unsigned long long f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	unsigned int f_fsid[2], f_namelen, f_frsize, f_flags, f_spare[4];
} __attribute__((packed));

static long statfs64(const char *p, unsigned long size, struct statfs64 *st)
{
	return syscall3(268, p, size, st);
}

/* Does @text hold line @line (without its newline) at a line's start? */
static int has_line_start(const char *text, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = text; *p; p++)
		if ((p == text || p[-1] == '\n') && !strncmp(p, line, n))
			return 1;
	return 0;
}

static void test_statfs(void)
{
	static char mounts[1024];
	struct statfs64 st;
	unsigned int old[16];
	long fd;

	ktap_ok(read_file("/proc/mounts", mounts, sizeof(mounts)) > 0 &&
		has_line_start(mounts, "proc /proc proc ") &&
		has_line_start(mounts, "tmpfs /tmp tmpfs "),
		"/proc/mounts lists proc at /proc and tmpfs at /tmp");
	ktap_eq(sizeof(st), 84, "struct statfs64 is 84 bytes");
	ktap_eq(statfs64("/tmp", sizeof(st), &st), 0, "statfs64(/tmp)");
	ktap_ok(st.f_type == TMPFS_MAGIC && st.f_bsize == 4096 &&
		st.f_blocks > 0 && st.f_bfree <= st.f_blocks,
		"/tmp is tmpfs, 4 kB blocks, free ones among them");
	ktap_eq(statfs64("/proc/meminfo", sizeof(st), &st) == 0 &&
		st.f_type == PROC_SUPER_MAGIC, 1, "/proc/meminfo is on proc");
	fd = open("/proc/uptime", O_RDONLY);
	ktap_ok(syscall3(269, fd, sizeof(st), &st) == 0 &&
		st.f_type == PROC_SUPER_MAGIC, "fstatfs64 of a /proc file: proc");
	close(fd);
	ktap_eq(statfs64("/nope", sizeof(st), &st), -ENOENT,
		"statfs64 of a missing path is ENOENT");
	ktap_eq(statfs64("/tmp", sizeof(st) - 4, &st), -EINVAL,
		"statfs64 with a size not Linux's is EINVAL");
	ktap_eq(statfs64("/tmp", sizeof(st), NULL), -EFAULT,
		"statfs64 into NULL is EFAULT");
	ktap_ok(syscall2(99, "/tmp", old) == 0 && old[0] == TMPFS_MAGIC &&
		old[1] == 4096, "statfs (old form): /tmp is tmpfs, 4 kB blocks");
}

int main(void)
{
	ktap_plan(PLAN);
	test_read();
	test_errors();
	test_stat();
	test_dirs();
	test_fork_shares_position();
	test_statfs();
	return ktap_done();
}
