; SPDX-License-Identifier: GPL-2.0-only
;
; entry.asm - every way into the kernel from an interrupt, and the context
; switch (Linux: arch/i386/kernel/entry.S and switch_to()).
;
; Each of the 48 vectors (32 CPU exceptions, 16 PIC interrupts) and int 0x80
; has a tiny stub that makes the stack look the same: an error code (the
; CPU's, or 0) and the vector number, then common_entry saves the registers
; in the order of struct pt_regs (kernel/include/ptrace.h) and calls
; do_IRQ_or_trap(regs). Returning pops the same frame and irets.

KERNEL_DS	equ 0x18

extern handle_interrupt
global interrupt_stubs
global ret_from_intr
global switch_to_asm
global kernel_thread_helper

section .text

; A stub for a vector where the CPU pushes no error code.
%macro STUB 1
	align 8
stub_%1:
	push dword 0
	push dword %1
	jmp common_entry
%endmacro

; A stub for a vector where the CPU already pushed an error code.
%macro STUB_ERR 1
	align 8
stub_%1:
	push dword %1
	jmp common_entry
%endmacro

STUB 0
STUB 1
STUB 2
STUB 3
STUB 4
STUB 5
STUB 6
STUB 7
STUB_ERR 8
STUB 9
STUB_ERR 10
STUB_ERR 11
STUB_ERR 12
STUB_ERR 13
STUB_ERR 14
STUB 15
STUB 16
STUB_ERR 17
STUB 18
STUB 19
%assign v 20
%rep 28			; 20-31 reserved, 32-47 the PIC's IRQ 0-15
STUB v
%assign v v+1
%endrep
STUB 128		; int 0x80, the Linux system call gate

common_entry:
	cld
	push es
	push ds
	push eax
	push ebp
	push edi
	push esi
	push edx
	push ecx
	push ebx
	mov ax, KERNEL_DS
	mov ds, ax
	mov es, ax
	push esp		; struct pt_regs *
	call handle_interrupt
	add esp, 4
ret_from_intr:
	pop ebx
	pop ecx
	pop edx
	pop esi
	pop edi
	pop ebp
	pop eax
	pop ds
	pop es
	add esp, 8		; vector and error code
	iret

section .rodata
	align 4
; interrupt_stubs[v] is the entry point for vector v (0-47); the int 0x80
; stub is interrupt_stubs[48].
interrupt_stubs:
%assign v 0
%rep 48
	dd stub_ %+ v
%assign v v+1
%endrep
	dd stub_128

section .text
; void switch_to_asm(unsigned long *prev_esp, unsigned long next_esp)
;
; Save the callee-saved registers and EFLAGS on the old task's kernel stack,
; store its stack pointer, load the new task's, and pop the same set. The
; "ret" returns into whatever called switch_to_asm on the new stack: schedule()
; for a task that slept, kernel_thread_helper for a new one.
switch_to_asm:
	mov eax, [esp + 4]
	mov edx, [esp + 8]
	push ebp
	push ebx
	push esi
	push edi
	pushfd
	mov [eax], esp
	mov esp, edx
	popfd
	pop edi
	pop esi
	pop ebx
	pop ebp
	ret

; kernel_thread_helper - where a new kernel thread starts. copy_thread() left
; the thread function in EBX and its argument in ESI.
extern kernel_thread_start
kernel_thread_helper:
	xor ebp, ebp
	push esi
	push ebx
	call kernel_thread_start	; never returns
	ud2
