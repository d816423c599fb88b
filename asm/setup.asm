; SPDX-License-Identifier: GPL-2.0-only
;
; setup.asm - the second-stage loader (Linux 2.4 calls its own setup.S).
;
; Loaded by the boot sector at BP_LOADER_PHYS, still in real mode. In order:
;   1. enable the A20 line (BIOS call, then the "fast A20" port 0x92),
;   2. collect the BIOS memory map (int 15h e820, with an e801 fallback),
;   3. switch to "unreal" mode so real-mode code can address all 4 GiB,
;   4. read the command line, the kernel ELF (segment by segment, to the
;      physical addresses the ELF program headers ask for) and the initramfs
;      through a low-memory bounce buffer with int 13h extended reads,
;   5. enter 32-bit protected mode and jump to the kernel's physical entry
;      point with ESI pointing at the boot parameter page, as Linux does.
; Every step reports on the screen and on the Bochs debug port 0xe9.

%include "bootparam.inc"

PT_LOAD		equ 1
SCRATCH		equ 0x2000		; ELF program headers are copied here
BOOTINFO	equ 0x7c00			; the boot sector is still in memory
BOUNCE_SEG	equ BP_BOUNCE_PHYS >> 4

	bits 16
	org BP_LOADER_PHYS

setup:
	xor ax, ax
	mov ds, ax
	mov es, ax
	mov [drive], dl
	mov si, msg_hello
	call puts

	call enable_a20
	call detect_memory
	call enter_unreal
	call read_cmdline
	call load_kernel
	call load_initrd

	; Fill in the rest of the boot parameter page.
	mov dword [dword BP_PHYS + BP_MAGIC], BP_MAGIC_VALUE
	mov eax, [kernel_end]
	mov [dword BP_PHYS + BP_KERNEL_END], eax
	movzx eax, byte [drive]
	mov [dword BP_PHYS + BP_BOOT_DRIVE], eax
	mov si, msg_go
	call puts
	jmp enter_protected

; ---------------------------------------------------------------------------
; A20: without it, address bit 20 is forced to zero and every odd MiB aliases
; the even one below it.
enable_a20:
	call a20_enabled
	jnz .on
	mov ax, 0x2401			; ask the BIOS
	int 0x15
	call a20_enabled
	jnz .on
	in al, 0x92			; "fast A20" via system control port A
	or al, 2
	and al, 0xfe			; never set the reset bit
	out 0x92, al
	call a20_enabled
	jnz .on
	mov si, msg_a20
	jmp die
.on:
	mov si, msg_a20ok
	jmp puts

; a20_enabled - ZF clear when A20 is on: 0000:0500 and ffff:0510 are the
; same byte exactly when addresses wrap at 1 MiB.
a20_enabled:
	push ds
	push es
	xor ax, ax
	mov ds, ax
	not ax
	mov es, ax
	mov bl, [ds:0x0500]
	mov bh, [es:0x0510]
	mov byte [ds:0x0500], 0x00
	mov byte [es:0x0510], 0xff
	mov al, [ds:0x0500]
	mov [es:0x0510], bh
	mov [ds:0x0500], bl
	pop es
	pop ds
	test al, al			; 0xff read back means wrap-around
	jz .on
	xor ax, ax			; ZF set: A20 off
	ret
.on:
	or al, 1			; ZF clear: A20 on
	ret

; ---------------------------------------------------------------------------
; detect_memory - BIOS e820 map into the boot parameter page. Zero-length
; ranges are dropped. If e820 is missing, e801 gives a coarse map.
detect_memory:
	push es
	mov ax, BP_PHYS >> 4
	mov es, ax
	mov di, BP_E820_MAP
	xor ebx, ebx
	xor bp, bp
.next:
	mov eax, 0xe820
	mov edx, 0x534d4150		; "SMAP"
	mov ecx, BP_E820_ENTRY_SIZE
	int 0x15
	jc .end
	cmp eax, 0x534d4150
	jne .end
	mov eax, [es:di + 8]
	or eax, [es:di + 12]
	jz .skip			; an empty range
	inc bp
	add di, BP_E820_ENTRY_SIZE
	cmp bp, BP_E820_MAX
	jae .end
.skip:
	test ebx, ebx
	jnz .next
.end:
	mov dword [es:BP_E820_SOURCE], 0xe820
	test bp, bp
	jnz .store
	call e801_map
.store:
	mov [es:BP_E820_ENTRIES], bp
	mov word [es:BP_E820_ENTRIES + 2], 0
	pop es
	mov si, msg_e820
	call puts
	movzx eax, bp
	call putdec
	mov si, msg_nl
	jmp puts

; e801_map - ES:DI points at the table. Builds three RAM ranges: base memory,
; 1-16 MiB and above 16 MiB, from the two counts int 15h e801 returns.
e801_map:
	mov ax, 0xe801
	int 0x15
	jc .fail
	jcxz .use_ax
	mov ax, cx
	mov bx, dx
.use_ax:
	mov dword [es:BP_E820_SOURCE], 0xe801
	mov edx, 0x9f000		; 636 KiB of base memory
	xor ecx, ecx
	call .put
	movzx edx, ax			; KiB above 1 MiB
	shl edx, 10
	mov ecx, 0x100000
	call .put
	movzx edx, bx			; 64 KiB blocks above 16 MiB
	shl edx, 16
	mov ecx, 0x1000000
	test edx, edx
	jz .done
	call .put
.done:
	ret
.put:	; range [ecx, ecx + edx) of RAM at ES:DI
	mov [es:di], ecx
	mov dword [es:di + 4], 0
	mov [es:di + 8], edx
	mov dword [es:di + 12], 0
	mov dword [es:di + 16], 1
	add di, BP_E820_ENTRY_SIZE
	inc bp
	ret
.fail:
	mov si, msg_nomem
	jmp die

; ---------------------------------------------------------------------------
; enter_unreal - load DS and ES from a flat 4 GiB descriptor in protected
; mode and come back: the limits stay cached, so 32-bit offsets work in real
; mode ("big real mode"). Called again after every BIOS disk read, in case
; the BIOS reloaded the segment caches.
enter_unreal:
	cli
	push eax
	push bx
	push ds
	push es
	lgdt [gdt_desc]
	mov eax, cr0
	or al, 1
	mov cr0, eax
	jmp .pm
.pm:
	mov bx, 0x18
	mov ds, bx
	mov es, bx
	and al, 0xfe
	mov cr0, eax
	pop es
	pop ds
	pop bx
	pop eax
	sti
	ret

; ---------------------------------------------------------------------------
; read_sectors - read CX sectors starting at LBA EAX into the bounce buffer.
read_sectors:
	mov [dap_count], cx
	mov [dap_lba], eax
	mov si, dap
	mov dl, [drive]
	mov ah, 0x42
	int 0x13
	jc .error
	jmp enter_unreal
.error:
	mov si, msg_disk
	jmp die

; copy_out - copy ECX bytes from the bounce buffer to physical address EDI.
; Returns EDI advanced past the copy.
copy_out:
	mov esi, BP_BOUNCE_PHYS
	a32 rep movsb
	ret

; load_blob - read EBX bytes starting at LBA EAX to physical address EDI,
; one bounce-buffer load at a time. The BIOS disk call may clobber the high
; halves of 32-bit registers (Bochs' BIOS clears EBX's), so the count is
; saved around it too: without that, a segment over 64 KiB loads short.
load_blob:
.loop:
	test ebx, ebx
	jz .done
	push eax
	push edi
	push ebx
	mov cx, BP_BOUNCE_SECTORS
	call read_sectors
	pop ebx
	pop edi
	mov ecx, BP_BOUNCE_SECTORS * 512
	cmp ebx, ecx
	jae .full
	mov ecx, ebx
.full:
	sub ebx, ecx
	call copy_out
	pop eax
	add eax, BP_BOUNCE_SECTORS
	jmp .loop
.done:
	ret

read_cmdline:
	mov eax, [BOOTINFO + BI_CMDLINE_LBA]
	mov cx, 1
	call read_sectors
	mov edi, BP_PHYS + BP_CMDLINE
	mov ecx, BP_CMDLINE_SIZE
	call copy_out
	mov byte [dword BP_PHYS + BP_CMDLINE + BP_CMDLINE_SIZE - 1], 0
	ret

; ---------------------------------------------------------------------------
; load_kernel - read the ELF header, then every PT_LOAD segment to its
; physical address (p_paddr), zeroing the part past p_filesz (the .bss).
load_kernel:
	mov eax, [BOOTINFO + BI_KERNEL_LBA]
	mov cx, 8
	call read_sectors
	mov esi, BP_BOUNCE_PHYS
	cmp dword [esi], 0x464c457f	; "\177ELF"
	jne .bad
	cmp word [esi + 4], 0x0101	; 32-bit, little-endian
	jne .bad
	cmp word [esi + 18], 3		; EM_386
	jne .bad
	mov eax, [esi + 24]
	mov [entry], eax
	movzx ecx, word [esi + 44]	; e_phnum
	mov [phnum], cx
	shl ecx, 5			; 32 bytes per program header
	cmp ecx, 0x1000
	ja .bad
	mov eax, [esi + 28]		; e_phoff
	add eax, ecx
	cmp eax, 0x1000
	ja .bad
	sub eax, ecx
	lea esi, [esi + eax]
	mov edi, SCRATCH
	a32 rep movsb

	mov si, msg_kernel
	call puts
	mov bp, SCRATCH
.segment:
	cmp word [phnum], 0
	je .done
	dec word [phnum]
	cmp dword [bp], PT_LOAD
	jne .skip
	mov eax, [bp + 4]		; p_offset must be sector aligned
	test eax, 511
	jnz .align
	mov edi, [bp + 12]		; p_paddr
	cmp edi, 0x100000		; never below 1 MiB: we live there
	jb .bad
	mov eax, [bp + 8]		; remember vaddr - paddr for the entry
	sub eax, edi
	mov [voffset], eax
	mov eax, [bp + 4]
	shr eax, 9
	add eax, [BOOTINFO + BI_KERNEL_LBA]
	mov ebx, [bp + 16]		; p_filesz
	push bp
	call load_blob
	pop bp
	mov ecx, [bp + 20]		; zero p_memsz - p_filesz bytes
	sub ecx, [bp + 16]
	xor al, al
	a32 rep stosb
	cmp edi, [kernel_end]
	jb .skip
	mov [kernel_end], edi
.skip:
	add bp, 32
	jmp .segment
.done:
	mov eax, [kernel_end]
	sub eax, 0x100000
	shr eax, 10
	call putdec
	mov si, msg_kib
	jmp puts
.bad:
	mov si, msg_elf
	jmp die
.align:
	mov si, msg_align
	jmp die

; load_initrd - the initramfs goes at the first page boundary after the
; kernel, where the kernel's boot memory allocator will reserve it.
load_initrd:
	mov ebx, [BOOTINFO + BI_INITRD_BYTES]
	test ebx, ebx
	jz .none
	mov edi, [kernel_end]
	add edi, 0xfff
	and edi, 0xfffff000
	mov [dword BP_PHYS + BP_INITRD_START], edi
	mov [dword BP_PHYS + BP_INITRD_SIZE], ebx
	mov eax, [BOOTINFO + BI_INITRD_LBA]
	call load_blob
	mov si, msg_initrd
	call puts
	mov eax, [dword BP_PHYS + BP_INITRD_SIZE]
	call putdec
	mov si, msg_bytes
	jmp puts
.none:
	ret

; ---------------------------------------------------------------------------
; puts - print the string at DS:SI on the screen and on port 0xe9.
puts:
	push ax
	push bx
.loop:
	lodsb
	test al, al
	jz .done
	out 0xe9, al
	mov ah, 0x0e
	mov bx, 0x0007
	int 0x10
	jmp .loop
.done:
	pop bx
	pop ax
	ret

; putdec - print EAX in decimal.
putdec:
	push eax
	push ecx
	push edx
	push si
	mov si, numbuf + 11
	mov byte [si], 0
	mov ecx, 10
.digit:
	xor edx, edx
	div ecx
	add dl, '0'
	dec si
	mov [si], dl
	test eax, eax
	jnz .digit
	call puts
	pop si
	pop edx
	pop ecx
	pop eax
	ret

die:
	call puts
.halt:
	cli
	hlt
	jmp .halt

; ---------------------------------------------------------------------------
enter_protected:
	cli
	lgdt [gdt_desc]
	mov eax, cr0
	or al, 1
	mov cr0, eax
	jmp dword 0x10:.pm32
	bits 32
.pm32:
	mov ax, 0x18
	mov ds, ax
	mov es, ax
	mov fs, ax
	mov gs, ax
	mov ss, ax
	mov esp, 0x7c00
	mov eax, [entry]		; virtual entry -> physical entry
	sub eax, [voffset]
	mov esi, BP_PHYS
	jmp eax
	bits 16

; ---------------------------------------------------------------------------
	align 8
; Selectors match Linux's __KERNEL_CS (0x10) and __KERNEL_DS (0x18).
gdt:
	dq 0
	dq 0
	dq 0x00cf9a000000ffff		; 0x10: flat 32-bit code
	dq 0x00cf92000000ffff		; 0x18: flat 32-bit data
gdt_end:
gdt_desc:
	dw gdt_end - gdt - 1
	dd gdt

	align 4
dap:		db 16, 0
dap_count:	dw 0
		dw 0, BOUNCE_SEG
dap_lba:	dd 0, 0

entry:		dd 0
voffset:	dd 0
kernel_end:	dd 0
phnum:		dw 0
drive:		db 0
numbuf:		times 12 db 0

msg_hello:	db "vmm386 loader", 13, 10, 0
msg_a20ok:	db "  A20 enabled", 13, 10, 0
msg_a20:	db "vmm386: cannot enable A20", 13, 10, 0
msg_e820:	db "  BIOS memory map: ", 0
msg_nl:		db " entries", 13, 10, 0
msg_nomem:	db "vmm386: BIOS gives no memory map", 13, 10, 0
msg_disk:	db "vmm386: disk read error", 13, 10, 0
msg_kernel:	db "  kernel: ", 0
msg_kib:	db " KiB at 1 MiB", 13, 10, 0
msg_initrd:	db "  initramfs: ", 0
msg_bytes:	db " bytes", 13, 10, 0
msg_elf:	db "vmm386: kernel is not an i386 ELF loadable above 1 MiB", 13, 10, 0
msg_align:	db "vmm386: kernel segment not sector aligned", 13, 10, 0
msg_go:		db "  entering protected mode", 13, 10, 0
