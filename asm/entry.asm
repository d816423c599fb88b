; SPDX-License-Identifier: GPL-2.0-only
;
; entry.asm - every way into the kernel: exceptions, interrupts and the
; system call, the way back out, and the context switch (Linux:
; arch/i386/kernel/entry.S and switch_to()).
;
; Every entry leaves the same frame on the kernel stack, struct pt_regs
; (kernel/include/ptrace.h) in Linux 2.4's order: ebx ecx edx esi edi ebp
; eax ds es orig_eax, then what the CPU pushed (eip cs eflags, and esp ss
; when it came from user mode, through TSS.esp0).
;
; - The 48 exception and interrupt vectors have a tiny stub each that
;   pushes an error code (the CPU's, or 0) and the vector number, then
;   jumps to common_entry. The vector sits where es will go and the error
;   code where orig_eax will go; common_entry moves both out into arguments
;   of handle_interrupt(regs, vector, error_code) (Linux's error_code label
;   does the same with the handler's address).
; - int 0x80 enters at system_call, which pushes eax as orig_eax and
;   calls do_syscall(regs).
;
; Both leave through ret_from_intr: exit_to_user_mode_or_kernel() does the
; work due before returning (reschedule, signals), then the frame is popped
; and iret resumes the interrupted code.

KERNEL_DS	equ 0x18

; Offsets into struct pt_regs.
PT_EAX		equ 24
PT_XES		equ 32
PT_ORIG_EAX	equ 36

extern handle_interrupt
extern do_syscall
extern exit_to_user_mode_or_kernel
extern fork_child_start
global interrupt_stubs
global system_call
global ret_from_intr
global ret_from_fork
global ret_to_user
global irq_return
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

; Save the general registers and ds below what the stub pushed.
%macro SAVE_REST 0
	push ds
	push eax
	push ebp
	push edi
	push esi
	push edx
	push ecx
	push ebx
%endmacro

common_entry:
	cld
	SAVE_REST
	mov ecx, [esp + PT_XES]		; the vector the stub pushed
	mov edx, [esp + PT_ORIG_EAX]	; the error code
	mov dword [esp + PT_XES], 0
	mov [esp + PT_XES], es
	mov dword [esp + PT_ORIG_EAX], -1	; handle_interrupt sets ~irq
	mov ax, KERNEL_DS
	mov ds, ax
	mov es, ax
	mov eax, esp
	push edx
	push ecx
	push eax		; struct pt_regs *
	call handle_interrupt
	add esp, 12
	jmp ret_from_intr

; int 0x80 from user mode: eax holds the call number, ebx ecx edx esi edi
; ebp the arguments. The gate is a trap gate, so interrupts stay on.
	align 16
system_call:
	push eax		; orig_eax: the call number
	cld
	push es
	SAVE_REST
	mov dx, KERNEL_DS
	mov ds, dx
	mov es, dx
	push esp		; struct pt_regs *
	call do_syscall		; stores the result in regs->eax
	add esp, 4
; The way out of the kernel for every entry.
ret_from_intr:
	push esp
	call exit_to_user_mode_or_kernel	; returns with interrupts off
	add esp, 4
	pop ebx
	pop ecx
	pop edx
	pop esi
	pop edi
	pop ebp
	pop eax
	pop ds
	pop es
	add esp, 4		; orig_eax
irq_return:			; the one iret of every way out
	iret

; Where a forked child first runs: switch_to_asm "returned" here, with the
; stack pointer at the pt_regs frame copy_thread() built for the child.
ret_from_fork:
	call fork_child_start
	jmp ret_from_intr

; void ret_to_user(struct pt_regs *regs) - leave the kernel through
; @regs, a frame built by start_thread() at the top of the current task's
; kernel stack. Used once per process that a kernel thread becomes (init).
ret_to_user:
	mov esp, [esp + 4]
	jmp ret_from_intr

section .rodata
	align 4
; interrupt_stubs[v] is the entry point for vector v (0-47).
interrupt_stubs:
%assign v 0
%rep 48
	dd stub_ %+ v
%assign v v+1
%endrep

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
