/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * crt0.S - the entry point of a static program. The kernel leaves argc at
 * (%esp), then argv[], NULL, envp[], NULL, the auxiliary vector. edx is 0
 * (no exit function to register), so it is ignored.
 */
	.text
	.globl _start
_start:
	xorl %ebp, %ebp			/* the outermost frame */
	movl (%esp), %eax		/* argc */
	leal 4(%esp), %ecx		/* argv */
	leal 8(%esp, %eax, 4), %edx	/* envp = argv + argc + 1 */
	movl %edx, environ
	andl $-16, %esp			/* the i386 ABI's call alignment */
	subl $4, %esp
	pushl %edx
	pushl %ecx
	pushl %eax
	call main
	movl %eax, (%esp)
	call exit
	hlt


/*
 * Signal return paths, as glibc has them: a handler's frame returns here
 * (sa_restorer, with SA_RESTORER). __restore pops the signal number the
 * old frame passed and calls sigreturn (119); __restore_rt calls
 * rt_sigreturn (173).
 */
	.text
	.globl __restore, __restore_rt
__restore:
	popl %eax
	movl $119, %eax
	int $0x80
__restore_rt:
	movl $173, %eax
	int $0x80

	.section .note.GNU-stack, "", @progbits
