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

	.section .note.GNU-stack, "", @progbits
