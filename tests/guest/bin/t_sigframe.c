// SPDX-License-Identifier: GPL-2.0-only
/*
 * t_sigframe.c - the signal frame and its rules: sigaltstack and
 * SA_ONSTACK (the stack-overflow handler), a fault whose handler cannot
 * run, SEGV_MAPERR against SEGV_ACCERR, SA_NODEFER and sa_mask, what
 * cannot be caught or blocked, and the FPU/SSE registers surviving a
 * handler that clobbers them.
 */
#include <ulib.h>

#define PLAN		24
#define SIGUSR2		12
#define SIGSTOP		19
#define SIGBUS		7
#define SA_SIGINFO	4
#define SA_RESTORER	0x04000000
#define SA_ONSTACK	0x08000000
#define SA_NODEFER	0x40000000
#define SIG_BLOCK	0
#define SIG_SETMASK	2
#define SS_ONSTACK	1
#define SS_DISABLE	2
#define SEGV_MAPERR	1
#define SEGV_ACCERR	2
#define PROT_NONE	0
#define PAGE		4096
#define ALT_SIZE	(4 * PAGE)

struct sigaction {
	void *handler;
	unsigned long flags;
	void (*restorer)(void);
	unsigned long long mask;
};

struct siginfo {
	int si_signo, si_errno, si_code;
	unsigned long addr;
	int pad[28];
};

struct stack_t {
	void *ss_sp;
	int ss_flags;
	unsigned long ss_size;
};

extern void __restore(void), __restore_rt(void);
/* call_on_stack(fn, top): run fn with the stack pointer at @top. */
void call_on_stack(void (*fn)(void), void *top);
/* fpu_run(out, pid, signal): see the assembly below. */
void fpu_run(void *out, long pid, int sig);
/* Handler side of the FPU test: fresh control word, then clobber all. */
unsigned int fpu_clobber(void);

static long sigaction(int sig, void *fn, unsigned long flags,
		      unsigned long long mask)
{
	struct sigaction sa = { fn, SA_RESTORER | flags,
				flags & SA_SIGINFO ? __restore_rt : __restore,
				mask };

	return syscall4(174, sig, &sa, NULL, 8);
}

static unsigned long long blocked_now(void)
{
	unsigned long long old = 0, none = 0;

	syscall4(175, SIG_BLOCK, &none, &old, 8);
	return old;
}

static long sigaltstack(const struct stack_t *ss, struct stack_t *old)
{
	return syscall2(186, ss, old);
}

static void *map(size_t len, int prot)
{
	return mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

/* Fork, run @fn in the child; its wait status. */
static int in_child(void (*fn)(void))
{
	int status = -1;
	long pid = fork();

	if (pid == 0) {
		fn();
		exit(0);
	}
	waitpid(pid, &status, 0);
	return status;
}

/* ---- sigaltstack ------------------------------------------------------ */

static char *alt;
static volatile int alt_flags, alt_eperm, alt_on;

static void onstack_handler(int sig)
{
	struct stack_t q, n = { alt, 0, ALT_SIZE };
	char here;

	alt_on = &here >= alt && &here < alt + ALT_SIZE;
	sigaltstack(NULL, &q);
	alt_flags = q.ss_flags;
	alt_eperm = sigaltstack(&n, NULL);
}

static void test_sigaltstack(void)
{
	struct stack_t ss = { 0, 0, 0 }, q = { 0, -1, 0 };

	alt = map(ALT_SIZE, PROT_READ | PROT_WRITE);
	ktap_check(sigaltstack(NULL, &q) == 0 && q.ss_flags == SS_DISABLE,
		   "no alternate stack at first: SS_DISABLE");
	ss.ss_sp = alt;
	ss.ss_size = 1024;
	ktap_eq(sigaltstack(&ss, NULL), -ENOMEM,
		"a stack smaller than MINSIGSTKSZ is ENOMEM");
	ss.ss_size = ALT_SIZE;
	ss.ss_flags = 4;
	ktap_eq(sigaltstack(&ss, NULL), -EINVAL, "unknown ss_flags are EINVAL");
	ss.ss_flags = 0;
	ktap_eq(sigaltstack(&ss, NULL), 0, "a 16 KiB alternate stack is set");
	sigaltstack(NULL, &q);
	ktap_check(q.ss_sp == alt && q.ss_size == ALT_SIZE && q.ss_flags == 0,
		   "and read back, not in use (flags 0)");
	sigaction(SIGUSR2, onstack_handler, SA_ONSTACK, 0);
	kill(getpid(), SIGUSR2);
	ktap_check(alt_on && alt_flags == SS_ONSTACK,
		   "an SA_ONSTACK handler runs on it and sees SS_ONSTACK");
	ktap_eq(alt_eperm, -EPERM, "changing it while on it is EPERM");
	ss.ss_flags = SS_DISABLE;
	sigaltstack(&ss, NULL);
	sigaltstack(NULL, &q);
	ktap_eq(q.ss_flags, SS_DISABLE, "SS_DISABLE removes it");
}

/* ---- a stack overflow ------------------------------------------------- */

static void *small_stack_top;

static int recurse(volatile int n)
{
	volatile char buf[512];

	buf[0] = n;
	if (n < 0)
		return 0;
	return recurse(n + 1) + buf[0];
}

static void overflow(void) { recurse(0); }

static void overflow_handler(int sig, struct siginfo *info, void *uc)
{
	char here;

	exit(&here >= alt && &here < alt + ALT_SIZE &&
	     info->si_code == SEGV_MAPERR ? 42 : 43);
}

/* Two pages of stack with an unmapped page below: recursion runs off. */
static void *make_small_stack(void)
{
	char *p = map(3 * PAGE, PROT_READ | PROT_WRITE);

	munmap(p, PAGE);
	return p + 3 * PAGE;
}

static void overflow_with_altstack(void)
{
	struct stack_t ss = { alt, 0, ALT_SIZE };

	sigaltstack(&ss, NULL);
	sigaction(SIGSEGV, overflow_handler, SA_SIGINFO | SA_ONSTACK, 0);
	call_on_stack(overflow, small_stack_top);
}

static void overflow_without_altstack(void)
{
	sigaction(SIGSEGV, overflow_handler, SA_SIGINFO, 0);
	call_on_stack(overflow, small_stack_top);
}

static void test_overflow(void)
{
	int status;

	small_stack_top = make_small_stack();
	status = in_child(overflow_with_altstack);
	ktap_check(WIFEXITED(status) && WEXITSTATUS(status) == 42,
		   "stack overflow: the SIGSEGV handler runs on the alternate stack");
	status = in_child(overflow_without_altstack);
	ktap_check(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV,
		   "without it the handler cannot run: killed by SIGSEGV");
}

/* ---- si_code: is there a region? -------------------------------------- */

static volatile unsigned long fault_at;

static void code_handler(int sig, struct siginfo *info, void *uc)
{
	exit(info->addr == fault_at ? info->si_code : 100 + info->si_code);
}

static void write_readonly(void)
{
	char *p = map(PAGE, PROT_READ);

	fault_at = (unsigned long)p;
	sigaction(SIGSEGV, code_handler, SA_SIGINFO, 0);
	*(volatile char *)p = 1;	/* never touched: not present */
}

static void read_prot_none(void)
{
	char *p = map(PAGE, PROT_NONE);

	fault_at = (unsigned long)p + 100;
	sigaction(SIGSEGV, code_handler, SA_SIGINFO, 0);
	(void)*(volatile char *)(p + 100);
}

static void write_hole(void)
{
	char *p = map(PAGE, PROT_READ | PROT_WRITE);

	munmap(p, PAGE);
	fault_at = (unsigned long)p + 8;
	sigaction(SIGSEGV, code_handler, SA_SIGINFO, 0);
	*(volatile char *)(p + 8) = 1;
}

static void test_si_code(void)
{
	ktap_eq(WEXITSTATUS(in_child(write_readonly)), SEGV_ACCERR,
		"write to an untouched read-only page: SEGV_ACCERR, si_addr");
	ktap_eq(WEXITSTATUS(in_child(read_prot_none)), SEGV_ACCERR,
		"read of a PROT_NONE page: SEGV_ACCERR, si_addr");
	ktap_eq(WEXITSTATUS(in_child(write_hole)), SEGV_MAPERR,
		"write to an unmapped page: SEGV_MAPERR, si_addr");
}

/* ---- SA_NODEFER, sa_mask, what cannot be caught ----------------------- */

static volatile int depth, max_depth, count;
static volatile unsigned long long mask_inside;

static void nest_handler(int sig)
{
	depth++;
	count++;
	if (depth > max_depth)
		max_depth = depth;
	mask_inside = blocked_now();
	if (count == 1)
		kill(getpid(), sig);
	depth--;
}

static void test_masks(void)
{
	unsigned long long u1 = 1ULL << (SIGUSR1 - 1);
	unsigned long long u2 = 1ULL << (SIGUSR2 - 1);
	unsigned long long all = ~0ULL, got;

	depth = max_depth = count = 0;
	sigaction(SIGUSR1, nest_handler, 0, u2);
	kill(getpid(), SIGUSR1);
	ktap_check(count == 2 && max_depth == 1,
		   "a signal is blocked in its own handler: delivered after");
	ktap_check(mask_inside == (u1 | u2),
		   "the handler runs with sa_mask and the signal blocked");
	depth = max_depth = count = 0;
	sigaction(SIGUSR1, nest_handler, SA_NODEFER, 0);
	kill(getpid(), SIGUSR1);
	ktap_check(count == 2 && max_depth == 2,
		   "SA_NODEFER: the signal nests inside its own handler");
	ktap_eq(blocked_now(), 0, "sigreturn restored the empty mask");
	ktap_eq(sigaction(SIGSTOP, nest_handler, 0, 0), -EINVAL,
		"SIGSTOP cannot be caught");
	syscall4(175, SIG_BLOCK, &all, NULL, 8);
	got = blocked_now();
	ktap_check(!(got & (1ULL << (SIGKILL - 1))) &&
		   !(got & (1ULL << (SIGSTOP - 1))),
		   "SIGKILL and SIGSTOP cannot be blocked");
	all = 0;
	syscall4(175, SIG_SETMASK, &all, NULL, 8);
}

/* ---- the FPU and SSE registers ---------------------------------------- */

/* What fpu_run() reads back after the signal. */
struct fpu_out {
	unsigned int cw, mxcsr;
	unsigned char st[3][10];
	unsigned char pad[2];
	unsigned char xmm[8][16];
};

static volatile unsigned int handler_cw, frame_magic, frame_mxcsr;
volatile int has_sse;	/* read by fpu_clobber */

static void fpu_handler(int sig, struct siginfo *info, void *uc)
{
	/* uc_mcontext starts at 20; fpstate is its 20th word. */
	unsigned char *fp = *(unsigned char **)((char *)uc + 20 + 19 * 4);

	frame_magic = fp ? *(unsigned short *)(fp + 110) : 0xdead;
	frame_mxcsr = fp ? *(unsigned int *)(fp + 112 + 24) : 0;
	handler_cw = fpu_clobber();
}

static int cpu_has_sse(void)
{
	unsigned int a = 1, b, c, d;

	asm volatile("cpuid" : "+a"(a), "=b"(b), "=c"(c), "=d"(d));
	return (d >> 25) & 1;
}

static void test_fpu(void)
{
	struct fpu_out ref, got;
	int i, xmm_ok = 1;

	has_sse = cpu_has_sse();
	memset(&ref, 0, sizeof(ref));
	memset(&got, 0, sizeof(got));
	sigaction(SIGUSR1, fpu_handler, SA_SIGINFO, 0);
	fpu_run(&ref, getpid(), has_sse ? 2 : 0);	/* no signal */
	fpu_run(&got, getpid(), has_sse ? 3 : 1);
	ktap_eq(handler_cw, 0x037f, "the handler starts with a fresh FPU (cw 0x037f)");
	ktap_check(got.cw == 0x0c7f && !memcmp(got.st, ref.st, sizeof(got.st)),
		   "x87 control word and stack survive a handler that clobbers them");
	if (!has_sse) {
		ktap_skip("no SSE", "XMM registers and MXCSR survive the handler");
		ktap_skip("no SSE", "the frame holds the fxsave image (magic 0)");
		return;
	}
	for (i = 0; i < 8; i++)
		xmm_ok &= got.xmm[i][0] == 0x11 * (i + 1) &&
			  !memcmp(got.xmm[i], ref.xmm[i], 16);
	ktap_check(xmm_ok && got.mxcsr == 0x3f80,
		   "XMM registers and MXCSR survive the handler");
	ktap_check(frame_magic == 0 && frame_mxcsr == 0x3f80,
		   "the frame holds the fxsave image (magic 0, the MXCSR set)");
}

/* Load control word @cw into a fresh x87 and push pi. */
static void fpu_load_pi(unsigned short cw)
{
	asm volatile("fninit; fldcw %0; fldpi" : : "m"(cw));
}

/* The control word, and the top of the x87 stack popped into @st. */
static unsigned short fpu_take(unsigned char st[10])
{
	unsigned short cw;

	asm volatile("fnstcw %0; fstpt %1" : "=m"(cw), "=m"(*(char (*)[10])st));
	return cw;
}

/*
 * Two processes, neither of which has used the FPU yet (this runs before
 * the program's first FPU instruction), load different control words and
 * both push pi, then hand the CPU to each other through pipes three times:
 * each must find its own registers. The first FPU instruction of each
 * traps (#NM) to give it an FPU state, which every switch from then on
 * saves and loads.
 */
static void test_fpu_switch(void)
{
	int ping[2], pong[2], status = -1, ok = 1;
	unsigned char st[10], pi[10];
	char c = 0;
	long pid;

	syscall1(42, ping);
	syscall1(42, pong);
	pid = fork();
	if (pid == 0) {
		fpu_load_pi(0x0e7f);
		for (int i = 0; i < 3; i++)
			if (read(ping[0], &c, 1) != 1 ||
			    write(pong[1], &c, 1) != 1)
				exit(2);
		exit(fpu_take(st) == 0x0e7f ? 0 : 1);
	}
	fpu_load_pi(0x0c7f);
	for (int i = 0; i < 3; i++)
		ok &= write(ping[1], &c, 1) == 1 && read(pong[0], &c, 1) == 1;
	ok &= fpu_take(st) == 0x0c7f;
	fpu_load_pi(0x0c7f);	/* fldpi rounds as the control word says */
	fpu_take(pi);
	ok &= !memcmp(st, pi, sizeof(st));
	ok &= waitpid(pid, &status, 0) == pid && status == 0;
	if (!ok)
		ktap_diag("child's wait status 0x%x", status);
	ktap_check(ok, "two processes' x87 registers survive switches "
		   "between them, from their first FPU instruction on");
	close(ping[0]);
	close(ping[1]);
	close(pong[0]);
	close(pong[1]);
}

/*
 * fpu_run(out, pid, sig): load known x87 and (if sig & 2) SSE state, send
 * SIGUSR1 to @pid if sig & 1, and store the state as struct fpu_out.
 * fpu_clobber(): return the control word, then wreck every register.
 */
asm(".text\n"
    "call_on_stack:\n"
    "	movl 4(%esp), %eax\n"
    "	movl 8(%esp), %ecx\n"
    "	movl %esp, %edx\n"
    "	movl %ecx, %esp\n"
    "	pushl %edx\n"
    "	call *%eax\n"
    "	popl %esp\n"
    "	ret\n"
    ".globl call_on_stack\n"
    ".globl fpu_run\n"
    "fpu_run:\n"
    "	pushl %ebx\n"
    "	pushl %esi\n"
    "	movl 12(%esp), %esi\n"		/* out */
    "	fninit\n"
    "	fldcw fpu_cw\n"
    "	fld1\n"
    "	fldpi\n"
    "	fldl2t\n"
    "	testl $2, 20(%esp)\n"
    "	jz 1f\n"
    "	ldmxcsr fpu_mxcsr\n"
    "	movups fpu_pattern, %xmm0\n"
    "	movups fpu_pattern+16, %xmm1\n"
    "	movups fpu_pattern+32, %xmm2\n"
    "	movups fpu_pattern+48, %xmm3\n"
    "	movups fpu_pattern+64, %xmm4\n"
    "	movups fpu_pattern+80, %xmm5\n"
    "	movups fpu_pattern+96, %xmm6\n"
    "	movups fpu_pattern+112, %xmm7\n"
    "1:	testl $1, 20(%esp)\n"
    "	jz 2f\n"
    "	movl $37, %eax\n"			/* kill(pid, SIGUSR1) */
    "	movl 16(%esp), %ebx\n"
    "	movl $10, %ecx\n"
    "	int $0x80\n"
    "2:	fnstcw (%esi)\n"
    "	fstpt 8(%esi)\n"
    "	fstpt 18(%esi)\n"
    "	fstpt 28(%esi)\n"
    "	testl $2, 20(%esp)\n"
    "	jz 3f\n"
    "	stmxcsr 4(%esi)\n"
    "	movups %xmm0, 40(%esi)\n"
    "	movups %xmm1, 56(%esi)\n"
    "	movups %xmm2, 72(%esi)\n"
    "	movups %xmm3, 88(%esi)\n"
    "	movups %xmm4, 104(%esi)\n"
    "	movups %xmm5, 120(%esi)\n"
    "	movups %xmm6, 136(%esi)\n"
    "	movups %xmm7, 152(%esi)\n"
    "3:	popl %esi\n"
    "	popl %ebx\n"
    "	ret\n"
    ".globl fpu_clobber\n"
    "fpu_clobber:\n"
    "	subl $4, %esp\n"
    "	fnstcw (%esp)\n"
    "	movzwl (%esp), %eax\n"
    "	fldz\n"
    "	fldz\n"
    "	fldz\n"
    "	fldcw fpu_cw_other\n"
    "	cmpl $0, has_sse\n"
    "	je 4f\n"
    "	ldmxcsr fpu_mxcsr_other\n"
    "	xorps %xmm0, %xmm0\n"
    "	xorps %xmm1, %xmm1\n"
    "	xorps %xmm2, %xmm2\n"
    "	xorps %xmm3, %xmm3\n"
    "	xorps %xmm4, %xmm4\n"
    "	xorps %xmm5, %xmm5\n"
    "	xorps %xmm6, %xmm6\n"
    "	xorps %xmm7, %xmm7\n"
    "4:	addl $4, %esp\n"
    "	ret\n"
    ".section .rodata\n"
    "fpu_cw: .word 0x0c7f\n"		/* round toward zero */
    "fpu_cw_other: .word 0x0f7f\n"
    "	.balign 4\n"
    "fpu_mxcsr: .long 0x3f80\n"		/* round down */
    "fpu_mxcsr_other: .long 0x1f80\n"
    "	.balign 16\n"
    "fpu_pattern:\n"
    "	.fill 16, 1, 0x11\n"
    "	.fill 16, 1, 0x22\n"
    "	.fill 16, 1, 0x33\n"
    "	.fill 16, 1, 0x44\n"
    "	.fill 16, 1, 0x55\n"
    "	.fill 16, 1, 0x66\n"
    "	.fill 16, 1, 0x77\n"
    "	.fill 16, 1, 0x88\n"
    ".text\n");

int main(void)
{
	ktap_plan(PLAN);
	test_fpu_switch();	/* first: before any FPU instruction */
	test_sigaltstack();
	test_overflow();
	test_si_code();
	test_masks();
	test_fpu();
	return ktap_done();
}
