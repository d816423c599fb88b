; SPDX-License-Identifier: GPL-2.0-only
;
; boot.asm - the boot sector (LBA 0 of the hard-disk image).
;
; The BIOS loads this sector at 0x7c00 and jumps to it in real mode with the
; boot drive in DL. Its only job is to read the second-stage loader
; (asm/setup.asm) with int 13h extended reads and jump to it. Where the loader
; and the rest of the system live on the disk is written into the boot info
; block (BI_* in kernel/include/bootparam.h) by tools/mkimage.py.

%include "bootparam.inc"

	bits 16
	org 0x7c00

start:
	cli
	xor ax, ax
	mov ds, ax
	mov es, ax
	mov ss, ax
	mov sp, 0x7c00
	sti
	cld
	mov [boot_drive], dl

	; The loader needs LBA reads: check for the int 13h extensions.
	mov ah, 0x41
	mov bx, 0x55aa
	int 0x13
	jc no_ext
	cmp bx, 0xaa55
	jne no_ext

	; Read the loader to BP_LOADER_PHYS in one request.
	mov ax, [0x7c00 + BI_LOADER_SECTORS]
	test ax, ax
	jz no_loader
	mov [dap_count], ax
	mov eax, [0x7c00 + BI_LOADER_LBA]
	mov [dap_lba], eax
	mov si, dap
	mov dl, [boot_drive]
	mov ah, 0x42
	int 0x13
	jc read_error

	; The loader finds the boot info block at 0x7c00 + BI_OFFSET.
	mov dl, [boot_drive]
	jmp 0:BP_LOADER_PHYS

no_ext:
	mov si, msg_ext
	jmp die
no_loader:
	mov si, msg_noload
	jmp die
read_error:
	mov si, msg_read
die:
	call puts
.halt:
	hlt
	jmp .halt

; puts - print the NUL-terminated string at DS:SI on the screen (int 10h)
; and on the Bochs debug port 0xe9, so a headless run shows it too.
puts:
	lodsb
	test al, al
	jz .done
	out 0xe9, al
	mov ah, 0x0e
	mov bx, 0x0007
	int 0x10
	jmp puts
.done:
	ret

boot_drive:	db 0
msg_ext:	db "vmm386: BIOS has no int 13h extensions", 13, 10, 0
msg_noload:	db "vmm386: no loader on disk", 13, 10, 0
msg_read:	db "vmm386: disk read error", 13, 10, 0

	align 4
dap:		db 16, 0		; size of packet, reserved
dap_count:	dw 0			; sectors to read
		dw BP_LOADER_PHYS, 0	; buffer offset:segment
dap_lba:	dd 0, 0			; 64-bit LBA

	times BI_OFFSET - ($ - $$) db 0
	; The boot info block: filled in by tools/mkimage.py.
	times 7 dd 0
	times 510 - ($ - $$) db 0
	dw 0xaa55
