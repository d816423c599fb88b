#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""The Bochs oracle: check the machine from outside the kernel.

At a checkpoint the guest is stopped in the Bochs debugger. The functions
here read CR3 and physical memory through the debugger (`creg`, `xp`) and
walk the i386 page tables themselves - two levels, 4 KiB pages or 4 MiB
PSE pages - without any help from the kernel's own walker. Their answers
are then cross-checked against Bochs' own translation (`page`, `info tab`)
and compared with what the kernel claims on its checkpoint line.

Each check returns a list of Check(name, ok, detail).
"""
import re

PRESENT, RW, USER, PWT, PCD, ACCESSED, DIRTY, PSE, GLOBAL = (
    0x1, 0x2, 0x4, 0x8, 0x10, 0x20, 0x40, 0x80, 0x100)
PAGE_OFFSET = 0xC0000000
PAGE = 4096
BIG = 4 << 20


class Check:
    """One verdict of the oracle."""

    def __init__(self, name, ok, detail=""):
        self.name, self.ok, self.detail = name, bool(ok), detail

    def __repr__(self):
        return f"Check({self.name!r}, {self.ok}, {self.detail!r})"


class PhysMem:
    """Physical memory of a stopped machine, read a page at a time."""

    def __init__(self, machine):
        self.m = machine
        self.pages = {}

    def page(self, paddr):
        base = paddr & ~(PAGE - 1)
        if base not in self.pages:
            words = self.m.xp(base, 1024)
            if len(words) != 1024:
                raise ValueError(f"xp of page {base:#x} returned {len(words)} words")
            self.pages[base] = words
        return self.pages[base]

    def word(self, paddr):
        return self.page(paddr)[(paddr & (PAGE - 1)) // 4]


def walk(mem, cr3, vaddr):
    """Translate `vaddr` under page directory `cr3`.

    Returns dict(pde=..., pte=..., phys=... or None, large=bool)."""
    pde = mem.word((cr3 & ~0xFFF) + (vaddr >> 22) * 4)
    out = {"pde": pde, "pte": None, "phys": None, "large": False}
    if not pde & PRESENT:
        return out
    if pde & PSE:
        out["large"] = True
        out["phys"] = (pde & 0xFFC00000) | (vaddr & 0x3FFFFF)
        return out
    pte = mem.word((pde & ~0xFFF) + ((vaddr >> 12) & 0x3FF) * 4)
    out["pte"] = pte
    if pte & PRESENT:
        out["phys"] = (pte & ~0xFFF) | (vaddr & 0xFFF)
    return out


def mappings(mem, cr3, first_pde=0, last_pde=1023):
    """Every present translation in pgd slots [first_pde, last_pde]:
    a list of (vaddr, phys, size, pde_flags, pte_flags)."""
    out = []
    pgd = mem.page(cr3 & ~0xFFF)
    for i in range(first_pde, last_pde + 1):
        pde = pgd[i]
        if not pde & PRESENT:
            continue
        base = i << 22
        if pde & PSE:
            out.append((base, pde & 0xFFC00000, BIG, pde & 0xFFF, None))
            continue
        table = mem.page(pde & ~0xFFF)
        for j, pte in enumerate(table):
            if pte & PRESENT:
                out.append((base + (j << 12), pte & ~0xFFF, PAGE,
                            pde & 0xFFF, pte & 0xFFF))
    return out


def ranges(maps):
    """Merge mappings into contiguous (vstart, vend, pstart, pend) runs,
    inclusive ends, the way Bochs' `info tab` prints them."""
    runs = []
    for v, p, size, _, _ in sorted(maps):
        if runs and runs[-1][1] + 1 == v and runs[-1][3] + 1 == p:
            runs[-1][1] = v + size - 1
            runs[-1][3] = p + size - 1
        else:
            runs.append([v, v + size - 1, p, p + size - 1])
    return [tuple(r) for r in runs]


def claims(line):
    """key=value pairs of a '# checkpoint:' line -> dict of str."""
    return dict(re.findall(r"(\w+)=(\S+)", line))


def check_linear_map(m, cr3, start_phys, end_phys, tag):
    """The kernel half of page directory `cr3` maps physical
    [start_phys, end_phys) at PAGE_OFFSET + phys, kernel-only, writable."""
    mem = PhysMem(m)
    checks = []
    maps = mappings(mem, cr3, PAGE_OFFSET >> 22, 1023)
    bad = [(v, p) for v, p, size, _, _ in maps
           if v < PAGE_OFFSET + end_phys and p != v - PAGE_OFFSET]
    checks.append(Check(f"{tag}: every linear-map page maps its own frame",
                        not bad and maps,
                        f"{len(maps)} mappings; wrong: {[(hex(v), hex(p)) for v, p in bad[:4]]}"))
    covered = sum(min(size, max(0, PAGE_OFFSET + end_phys - v))
                  for v, p, size, _, _ in maps if v >= PAGE_OFFSET + start_phys)
    checks.append(Check(f"{tag}: [{start_phys:#x}, {end_phys:#x}) fully mapped",
                        covered >= end_phys - start_phys,
                        f"{covered:#x} of {end_phys - start_phys:#x} bytes"))
    user = [hex(v) for v, _, _, pdef, ptef in maps
            if (pdef & USER and ptef is None) or (ptef is not None and ptef & USER)]
    checks.append(Check(f"{tag}: no kernel page is user-accessible", not user,
                        f"user pages: {user[:4]}"))
    ro = [hex(v) for v, _, _, pdef, ptef in maps
          if not pdef & RW or (ptef is not None and not ptef & RW)]
    checks.append(Check(f"{tag}: linear map is writable", not ro, f"read-only: {ro[:4]}"))
    return checks, mem, maps


def check_user_half_empty(mem, cr3, tag):
    """No pgd slot below PAGE_OFFSET is present: page 0 is unmapped."""
    pgd = mem.page(cr3 & ~0xFFF)
    present = [i for i in range(PAGE_OFFSET >> 22) if pgd[i] & PRESENT]
    return Check(f"{tag}: user half of the page directory is empty", not present,
                 f"present slots: {present[:8]}")


def cross_check_bochs(m, mem, cr3, addrs, tag):
    """Bochs' own `page` translation agrees with our walk for each address."""
    disagree = []
    for a in addrs:
        ours = walk(mem, cr3, a)
        theirs = m.page(a)
        ours_phys = None if ours["phys"] is None else ours["phys"] & ~0xFFF
        if ours_phys != theirs["phys"]:
            disagree.append(f"{a:#x}: walk {ours_phys} bochs {theirs['phys']}")
    return Check(f"{tag}: Bochs' page translation agrees at {len(addrs)} addresses",
                 not disagree, "; ".join(disagree[:4]))


def check_info_tab(m, maps, tag):
    """Bochs' `info tab` lists exactly the translations we walked."""
    theirs = [r for r in _info_tab(m)]
    ours = ranges(maps)
    return Check(f"{tag}: Bochs' info tab lists the same mappings", theirs == ours,
                 f"ours {[(hex(a), hex(b)) for a, b, _, _ in ours[:3]]} "
                 f"bochs {[(hex(a), hex(b)) for a, b, _, _ in theirs[:3]]}")


def _info_tab(m):
    import bochs
    return bochs.parse_info_tab(m.cmd("info tab"))


# ---- checkpoint handlers ---------------------------------------------------

def paging(m, line):
    """Checkpoint 'paging' (start_kernel, after the identity mapping is
    removed): CR3 is the claimed page directory; the kernel half maps low
    memory 1:1 at PAGE_OFFSET up to at least the end of the early page
    tables, kernel-only; the user half is empty, so page 0 is unmapped."""
    c = claims(line)
    cr3 = m.cregs()["cr3"]
    checks = [Check("paging: CR3 is the page directory the kernel claims",
                    cr3 == int(c["cr3"], 16), f"CR3={cr3:#x} claimed {c['cr3']}")]
    end = int(c["early_tables"].split("-")[1], 16)
    lm, mem, maps = check_linear_map(m, cr3, 0, end, "paging")
    checks += lm
    checks.append(check_user_half_empty(mem, cr3, "paging"))
    page0 = m.page(0)
    checks.append(Check("paging: Bochs finds page 0 unmapped", page0["phys"] is None,
                        f"page 0 -> {page0['phys']}"))
    samples = [PAGE_OFFSET, PAGE_OFFSET + 0x100000, PAGE_OFFSET + end - PAGE,
               0x1000, 0xBFFFF000]
    checks.append(cross_check_bochs(m, mem, cr3, samples, "paging"))
    checks.append(check_info_tab(m, mappings(mem, cr3), "paging"))
    return checks


HANDLERS = {
    "paging": paging,
}
