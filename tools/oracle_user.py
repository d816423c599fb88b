#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Chapter 5's oracle: user mode, seen from outside the kernel.

A user program calls vmm386's checkpoint system call (number 1000); the
kernel prints what it believes -- the process's page directory, its task
block, the top of its kernel stack, the user EIP the call came from -- and
stops at a magic breakpoint inside the system call. This module then reads
the machine through the Bochs debugger and checks, without the kernel's
help:

- CR3 holds the process's page directory (not swapper_pg_dir), and its
  kernel half (slots 768-1023) is swapper_pg_dir's;
- TSS.esp0 is the top of the task's 8 KiB kernel stack;
- IDT vector 0x80 is a present 32-bit trap gate of DPL 3 to system_call;
- the frame the CPU saved at the top of the kernel stack says the call came
  from CS 0x23 (ring 3) at the claimed EIP, with SS 0x2b, and that EIP's
  page is present and user-accessible;
- no page of the kernel half is user-accessible.
"""
from oracle import (Check, PhysMem, claims, mappings, walk, PRESENT, USER,
                    PAGE_OFFSET)
from oracle_vmalloc import symbol

USER_CS, USER_DS, KERNEL_CS = 0x23, 0x2B, 0x10
THREAD_SIZE = 8192
PT_REGS_WORDS = 15          # struct pt_regs, Linux 2.4's layout
PT_EIP, PT_XCS, PT_XSS = 10, 11, 14
TRAP_GATE_32 = 0xF


def _phys(vaddr):
    return vaddr - PAGE_OFFSET


def check_page_directory(m, mem, cr3, c):
    pgd = int(c["pgd"], 16)
    swapper = _phys(symbol("swapper_pg_dir"))
    checks = [Check("user_mode: CR3 is the process's page directory",
                    cr3 & ~0xFFF == pgd and pgd != swapper,
                    f"CR3={cr3:#x} claimed {pgd:#x} swapper_pg_dir {swapper:#x}")]
    ours = mem.page(cr3 & ~0xFFF)[768:]
    master = mem.page(swapper)[768:]
    differ = [768 + i for i in range(256) if ours[i] != master[i]]
    checks.append(Check("user_mode: the kernel half of the page directory is "
                        "swapper_pg_dir's", not differ,
                        f"slots differing: {differ[:8]}"))
    return checks


def check_tss(m, c):
    esp0 = m.xp(_phys(symbol("init_tss")) + 4, 1)[0]
    task = int(c["task"], 16)
    return [Check("user_mode: TSS.esp0 is the top of the task's kernel stack",
                  esp0 == task + THREAD_SIZE and esp0 == int(c["esp0"], 16),
                  f"esp0={esp0:#x} task={task:#x} claimed {c['esp0']}")]


def check_syscall_gate(m):
    lo, hi = m.xp(_phys(symbol("idt_table")) + 0x80 * 8, 2)
    offset = (lo & 0xFFFF) | (hi & 0xFFFF0000)
    selector = lo >> 16
    access = (hi >> 8) & 0xFF
    present, dpl, gate = access >> 7, (access >> 5) & 3, access & 0x1F
    ok = (present and dpl == 3 and gate == TRAP_GATE_32 and
          selector == KERNEL_CS and offset == symbol("system_call"))
    return [Check("user_mode: IDT 0x80 is a present DPL-3 trap gate to system_call",
                  ok, f"P={present} DPL={dpl} type={gate:#x} sel={selector:#x} "
                      f"offset={offset:#x}")]


def check_user_frame(m, mem, cr3, c):
    esp0 = int(c["esp0"], 16)
    frame = m.xp(_phys(esp0) - 4 * PT_REGS_WORDS, PT_REGS_WORDS)
    eip, cs, ss = frame[PT_EIP], frame[PT_XCS] & 0xFFFF, frame[PT_XSS] & 0xFFFF
    checks = [Check("user_mode: the saved frame says CS 0x23 and SS 0x2b at "
                    "the user EIP",
                    cs == USER_CS and ss == USER_DS and
                    eip == int(c["ueip"], 16) and eip < PAGE_OFFSET,
                    f"cs={cs:#x} ss={ss:#x} eip={eip:#x} claimed {c['ueip']}")]
    w = walk(mem, cr3, eip)
    flags = w["pte"] if w["pte"] is not None else w["pde"]
    checks.append(Check("user_mode: the user EIP's page is present and "
                        "user-accessible",
                        w["phys"] is not None and w["pde"] & USER and
                        flags & USER, f"pde={w['pde']:#x} pte={w['pte']}"))
    return checks


def check_kernel_half_private(mem, cr3):
    maps = mappings(mem, cr3, PAGE_OFFSET >> 22, 1023)
    user = [hex(v) for v, _, _, pdef, ptef in maps
            if (pdef & USER and ptef is None) or
            (ptef is not None and pdef & USER and ptef & USER)]
    return [Check("user_mode: no kernel page is user-accessible",
                  maps and not user, f"{len(maps)} kernel mappings; user: {user[:4]}")]


def user_mode(m, line):
    """Checkpoint 'user_mode', reached from a user program's system call."""
    c = claims(line)
    mem = PhysMem(m)
    cr3 = m.cregs()["cr3"]
    checks = check_page_directory(m, mem, cr3, c)
    checks += check_tss(m, c)
    checks += check_syscall_gate(m)
    checks += check_user_frame(m, mem, cr3, c)
    checks += check_kernel_half_private(mem, cr3)
    return checks
