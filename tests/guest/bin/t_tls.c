// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_tls.c - what glibc needs from the kernel beyond Chapter 5's calls:
 * set_thread_area and get_thread_area (TLS segments in GDT entries 6-8,
 * per task, %gs kept across system calls, signals and switches), clone
 * with fork's and vfork's flags, and a real vfork that shares the address
 * space and suspends the parent until the child exits.
 */
#include <ulib.h>

#define PLAN		19
#define SA_RESTORER	0x04000000
#define CLONE_VM		0x00000100
#define CLONE_VFORK		0x00004000
#define CLONE_THREAD		0x00010000
#define CLONE_PARENT_SETTID	0x00100000
#define CLONE_CHILD_SETTID	0x01000000

/* Linux's struct user_desc; flags 0x51: 32-bit, page-granular, useable. */
struct user_desc {
	unsigned int entry_number, base_addr, limit, flags;
};

struct sigaction {
	void (*handler)(int);
	unsigned long flags;
	void (*restorer)(void);
	unsigned long long mask;
};

extern void __restore(void);

static unsigned int parent_tcb[4] = { 0x1234abcd };
static unsigned int child_tcb[4] = { 0x0badcafe };
static volatile unsigned int gs_in_handler;

static long set_thread_area(struct user_desc *u)
{
	return syscall1(243, u);
}

static long get_thread_area(struct user_desc *u)
{
	return syscall1(244, u);
}

/* The word at %gs:0 -- glibc's TCB self pointer lives there. */
static unsigned int gs_word(void)
{
	unsigned int v;

	asm volatile("movl %%gs:0, %0" : "=r"(v));
	return v;
}

static unsigned int gs_selector(void)
{
	unsigned int v;

	asm volatile("movl %%gs, %0" : "=r"(v));
	return v & 0xffff;
}

static void load_gs(unsigned int sel)
{
	asm volatile("movl %0, %%gs" : : "r"(sel));
}

static void handler(int sig)
{
	gs_in_handler = gs_selector();
}

/* Install @base in TLS entry @entry (-1: any free); the entry or -errno. */
static long install(int entry, void *base)
{
	struct user_desc u = { (unsigned int)entry, (unsigned int)base,
			       0xfffff, 0x51 };
	long err = set_thread_area(&u);

	return err ? err : (long)u.entry_number;
}

static void test_set_get(void)
{
	struct user_desc u = { 6, 0, 0, 0 };
	struct user_desc bad = { 5, 0, 0, 0x51 };
	struct user_desc small = { (unsigned int)-1, 0, 0xffff, 0x50 };
	long entry = install(-1, parent_tcb);

	ktap_eq(entry, 6, "set_thread_area(-1) picks entry 6 and writes it back");
	load_gs(entry * 8 + 3);
	ktap_eq(gs_word(), 0x1234abcd, "%gs:0 reads the TLS block through GDT entry 6");
	ktap_eq(get_thread_area(&u), 0, "get_thread_area(6) succeeds");
	ktap_check(u.base_addr == (unsigned int)parent_tcb && u.limit == 0xfffff &&
		   u.flags == 0x51, "get_thread_area returns base, limit and flags");
	ktap_eq(set_thread_area(&bad), -EINVAL, "entry 5 (not TLS): EINVAL");
	ktap_eq(set_thread_area(&small), -EINVAL, "a 16-bit segment: EINVAL");
	ktap_eq(set_thread_area(NULL), -EFAULT, "a NULL user_desc: EFAULT");
	u.entry_number = 9;
	ktap_eq(get_thread_area(&u), -EINVAL, "get_thread_area(9): EINVAL");
}

static void test_gs_kept(void)
{
	struct sigaction sa = { handler, SA_RESTORER, __restore, 0 };

	getpid();
	sched_yield();
	ktap_check(gs_selector() == 0x33 && gs_word() == 0x1234abcd,
		   "%gs survives system calls and a reschedule");
	syscall4(174, SIGUSR1, &sa, NULL, 8);
	kill(getpid(), SIGUSR1);
	ktap_check(gs_in_handler == 0x33 && gs_selector() == 0x33 &&
		   gs_word() == 0x1234abcd,
		   "%gs survives a signal handler and sigreturn");
}

/*
 * fork's child inherits the slot and %gs, then gives itself another TCB
 * in the same slot; the parent, switched back in, must still see its own.
 */
static void test_per_task(void)
{
	int status = -1;
	long pid = fork();

	if (pid == 0) {
		int inherited = gs_word() == 0x1234abcd;

		install(6, child_tcb);
		load_gs(0x33);
		sched_yield();
		exit(inherited && gs_word() == 0x0badcafe ? 0 : 1);
	}
	waitpid(pid, &status, 0);
	ktap_eq(status, 0, "fork's child inherits the TLS slot, then owns its own");
	ktap_eq(gs_word(), 0x1234abcd,
		"the parent's TLS is reloaded into the GDT when it runs again");
}

/*
 * vfork from inline assembly: the child must not return through the
 * parent's stack frame, so it yields the CPU three times (a parent that
 * was not suspended would run then), stores 42 into @shared and calls
 * exit(5) without leaving this asm statement.
 */
static long vfork_child_stores(volatile int *shared)
{
	long ret;

	asm volatile("int $0x80\n\t"
		     "testl %%eax, %%eax\n\t"
		     "jnz 1f\n\t"
		     "movl $3, %%esi\n"
		     "2:\tmovl $158, %%eax\n\t"
		     "int $0x80\n\t"
		     "decl %%esi\n\t"
		     "jnz 2b\n\t"
		     "movl $42, (%%edx)\n\t"
		     "movl $1, %%eax\n\t"
		     "movl $5, %%ebx\n\t"
		     "int $0x80\n"
		     "1:"
		     : "=a"(ret) : "a"(190), "d"(shared)
		     : "ebx", "esi", "memory");
	return ret;
}

static void test_vfork(void)
{
	static volatile int shared;
	int status = -1;
	long pid = vfork_child_stores(&shared);

	ktap_check(pid > 0, "vfork returns the child's pid");
	/*
	 * The child yielded three times before storing 42 and exiting: a
	 * parent that was not suspended would have run first and seen 0.
	 * Linux wakes the parent when the child lets go of the mm, before
	 * the child is a zombie, so a WNOHANG wait here may still find it
	 * running there: the wait blocks.
	 */
	ktap_eq(shared, 42,
		"the parent resumed only after the child wrote its memory (shared mm)");
	ktap_eq(waitpid(pid, &status, 0), pid, "the vfork child is reaped");
	ktap_eq(status, 5 << 8, "the vfork child's exit status");
}

static void test_clone(void)
{
	int ptid = 0, ctid = 0, status = -1;
	long pid = syscall6(120, CLONE_PARENT_SETTID | CLONE_CHILD_SETTID |
			    SIGCHLD, 0, (long)&ptid, 0, (long)&ctid, 0);

	if (pid == 0)
		exit(ctid == getpid() ? 0 : 1);
	ktap_eq(ptid, pid, "CLONE_PARENT_SETTID: the pid in the parent's word");
	waitpid(pid, &status, 0);
	ktap_eq(status, 0, "CLONE_CHILD_SETTID: the pid in the child's word");
	ktap_eq(syscall6(120, CLONE_VM | CLONE_THREAD | SIGCHLD, 0, 0, 0, 0, 0),
		-EINVAL, "clone with CLONE_THREAD (threads): EINVAL");
}

int main(void)
{
	ktap_plan(PLAN);
	test_set_get();
	test_gs_kept();
	test_per_task();
	test_vfork();
	test_clone();
	return ktap_done();
}
