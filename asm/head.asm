; SPDX-License-Identifier: GPL-2.0-only
;
; head.asm - the kernel's first instructions (Linux: arch/i386/kernel/head.S).
;
; The loader jumps here in 32-bit protected mode with paging off, so every
; address this code touches is physical: a kernel symbol S lives at
; S - PAGE_OFFSET. The job is to make the higher half real:
;   1. copy the loader's boot parameter page into boot_params,
;   2. build the first page tables right after the kernel image (and after the
;      initramfs), mapping physical memory from 0 both at virtual 0 (so the
;      instruction after "paging on" still exists) and at PAGE_OFFSET,
;   3. load swapper_pg_dir into CR3, set CR0 as Linux does (caches on,
;      NE, WP, AM, MP) and turn on paging,
;   4. jump to the higher half, switch to init_task's stack, call start_kernel.
; start_kernel later removes the identity mapping (zap_low_mappings) so that
; a NULL dereference faults.

%include "bootparam.inc"

PAGE_OFFSET	equ 0xc0000000
THREAD_SIZE	equ 8192
; Mapped beyond the kernel, initramfs and early page tables: room for the
; boot memory allocator's bitmap and the page tables paging_init allocates.
EARLY_SLACK	equ 8 << 20
PTE_KERNEL	equ 0x003		; present, writable, supervisor only
CR0_PG		equ 0x80000000
CR0_AM		equ 0x00040000	; alignment checks (with EFLAGS.AC)
CR0_WP		equ 0x00010000
CR0_NE		equ 0x00000020	; x87 errors raise #MF, not IRQ 13
CR0_ET		equ 0x00000010
CR0_MP		equ 0x00000002
CR0_PE		equ 0x00000001
; The bits kept from the loader's CR0; everything else is cleared, in
; particular CD and NW, which the processor sets at reset: with them set
; every memory access bypasses the caches.
CR0_KEEP	equ CR0_PG | CR0_ET | CR0_PE

%define PA(x) ((x) - PAGE_OFFSET)

extern start_kernel
extern boot_params
extern init_task_union
extern _end
global startup_32
global swapper_pg_dir
global init_pg_tables_start
global init_pg_tables_end

section .text.head progbits alloc exec nowrite align=16
startup_32:
	cld
	cli
	; 1. The boot parameter page.
	mov edi, PA(boot_params)
	mov ecx, BP_SIZE / 4
	rep movsd

	; 2. Page tables go after both the kernel and the initramfs.
	mov eax, PA(_end)
	mov ebx, [PA(boot_params) + BP_INITRD_START]
	add ebx, [PA(boot_params) + BP_INITRD_SIZE]
	cmp ebx, eax
	jbe .have_start
	mov eax, ebx
.have_start:
	add eax, 0xfff
	and eax, 0xfffff000
	mov [PA(init_pg_tables_start)], eax
	mov edi, eax			; where the next page table goes
	lea edx, [eax + EARLY_SLACK]	; map at least this far ...
	add edx, 0x3fffff		; ... in whole page tables
	and edx, 0xffc00000
	xor ecx, ecx			; next physical address to map
	mov ebx, PA(swapper_pg_dir)
.table:
	lea eax, [edi + PTE_KERNEL]
	mov [ebx], eax			; identity: pgd[i]
	mov [ebx + (PAGE_OFFSET >> 22) * 4], eax	; kernel: pgd[768 + i]
	add ebx, 4
	mov esi, 1024
.pte:
	lea eax, [ecx + PTE_KERNEL]
	stosd
	add ecx, 4096
	dec esi
	jnz .pte
	cmp ecx, edx
	jb .table
	mov [PA(init_pg_tables_end)], edi

	; 3. Paging on, with CR0 as Linux's head.S leaves it on a 486 or
	;    later: caches enabled (CD and NW clear), NE for native x87
	;    error reporting, AM and MP. CR0.WP makes supervisor writes honour
	;    read-only ptes, which copy-on-write and the exception-table tests
	;    rely on.
	mov eax, PA(swapper_pg_dir)
	mov cr3, eax
	mov eax, cr0
	and eax, CR0_KEEP
	or eax, CR0_PG | CR0_AM | CR0_WP | CR0_NE | CR0_MP
	mov cr0, eax
	mov eax, .high
	jmp eax

	; 4. Now running at 0xc01xxxxx.
.high:
	mov esp, init_task_union + THREAD_SIZE
	xor ebp, ebp			; ends every backtrace
	push ebp			; a zero return address
	jmp start_kernel

section .data
	align 4
init_pg_tables_start:	dd 0	; physical start of the early page tables
init_pg_tables_end:	dd 0	; physical end of the early page tables

; The kernel's master page directory (init_mm.pgd). Page aligned and in
; .bss, so the loader hands it over zeroed.
section .bss.page_aligned nobits alloc write align=4096
swapper_pg_dir:
	resb 4096
