#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Chapter 5's oracle for memory regions: a process's regions and page
tables, read from outside the kernel.

A user program calls the checkpoint system call with the name 'vma' (or
'vma_cow' in a child just after fork: shared pages must be there); the
kernel's line names the task block. From there this module reads, through
the Bochs debugger and with field offsets the compiler evaluates from
kernel/include (never copied numbers): task->mm, the mm's page directory
and its region list (vm_start, vm_end, vm_flags, vm_next); it walks the
page tables from CR3 itself, and reads each mapped frame's struct page in
mem_map. Then it checks, without the kernel's help:

- CR3 is the mm's page directory;
- the region list is sorted, disjoint, page aligned and below TASK_SIZE;
- every present user pte lies inside a region;
- no pte is writable where its region is not (VM_WRITE);
- the zero page is never mapped writable;
- a page of a private region mapped by more than one pte anywhere
  (count > 1: copy-on-write after fork) is mapped read-only here;
- a page of the page cache (page->mapping set) in a private region is
  mapped read-only: a write must copy it, never reach the file;
- every mapped page's count covers its mappings in this process.
"""
from oracle import Check, PhysMem, claims, mappings, PAGE_OFFSET, PRESENT, RW
from oracle_vmalloc import symbol
import layout

HEADERS = ["sched.h", "mm_types.h", "mman.h", "mm.h", "processor.h"]
FIELDS = {
    "task.mm": "__builtin_offsetof(struct task_struct, mm)",
    "mm.mmap": "__builtin_offsetof(struct mm_struct, mmap)",
    "mm.pgd": "__builtin_offsetof(struct mm_struct, pgd)",
    "vma.start": "__builtin_offsetof(struct vm_area_struct, vm_start)",
    "vma.end": "__builtin_offsetof(struct vm_area_struct, vm_end)",
    "vma.next": "__builtin_offsetof(struct vm_area_struct, vm_next)",
    "vma.flags": "__builtin_offsetof(struct vm_area_struct, vm_flags)",
    "page.size": "sizeof(struct page)",
    "page.count": "__builtin_offsetof(struct page, count)",
    "page.mapping": "__builtin_offsetof(struct page, mapping)",
    "VM_WRITE": "VM_WRITE",
    "VM_SHARED": "VM_SHARED",
    "TASK_SIZE": "TASK_SIZE",
}
MAX_REGIONS = 4096
_offsets = None


def offsets():
    """The structure offsets and constants, evaluated once per run."""
    global _offsets
    if _offsets is None:
        names = list(FIELDS)
        values = layout.evaluate([FIELDS[n] for n in names],
                                 headers=HEADERS)
        _offsets = dict(zip(names, (values[FIELDS[n]] for n in names)))
    return _offsets


def _word(m, vaddr):
    """A word of kernel memory in the direct map."""
    return m.xp(vaddr - PAGE_OFFSET, 1)[0]


def read_regions(m, mm, o):
    """[(start, end, flags)] of the mm's region list, as memory holds it."""
    out = []
    v = _word(m, mm + o["mm.mmap"])
    while v and len(out) < MAX_REGIONS:
        out.append((_word(m, v + o["vma.start"]), _word(m, v + o["vma.end"]),
                    _word(m, v + o["vma.flags"])))
        v = _word(m, v + o["vma.next"])
    return out


def region_of(regions, vaddr):
    for start, end, flags in regions:
        if start <= vaddr < end:
            return start, end, flags
    return None


def page_count(m, o, mem_map, phys):
    return _word(m, mem_map + (phys >> 12) * o["page.size"] + o["page.count"])


def page_mapping(m, o, mem_map, phys):
    """page->mapping of frame `phys`: non-zero for a page-cache page."""
    return _word(m, mem_map + (phys >> 12) * o["page.size"] +
                 o["page.mapping"])


def check_regions(regions, o):
    bad = [r for r in regions if r[0] >= r[1] or (r[0] | r[1]) & 0xFFF or
           r[1] > o["TASK_SIZE"]]
    bad += [(a, b) for a, b in zip(regions, regions[1:]) if a[1] > b[0]]
    return [Check("vma: the region list is sorted, disjoint, aligned, below "
                  "TASK_SIZE", regions and not bad, f"bad: {bad[:3]}")]


def check_ptes(m, o, regions, maps):
    """The pte rules, for every present user pte."""
    zero = symbol("empty_zero_page") - PAGE_OFFSET
    mem_map = _word(m, symbol("mem_map"))
    outside, writable, zero_rw, cow_rw, short = [], [], [], [], []
    cache_rw = []
    users = {}
    for vaddr, phys, _, _, ptef in maps:
        users[phys] = users.get(phys, 0) + 1
    for vaddr, phys, _, _, ptef in maps:
        r = region_of(regions, vaddr)
        if r is None:
            outside.append(vaddr)
            continue
        rw = ptef is not None and ptef & RW
        if rw and not r[2] & o["VM_WRITE"]:
            writable.append(vaddr)
        if phys == zero:
            if rw:
                zero_rw.append(vaddr)
            continue
        count = page_count(m, o, mem_map, phys)
        if rw and count > 1 and not r[2] & o["VM_SHARED"]:
            cow_rw.append((vaddr, count))
        if rw and not r[2] & o["VM_SHARED"] and \
                page_mapping(m, o, mem_map, phys):
            cache_rw.append(vaddr)
        if count < users[phys]:
            short.append((vaddr, count, users[phys]))
    return [
        Check("vma: every present user pte lies inside a region", not outside,
              f"{len(maps)} ptes; outside: {[hex(v) for v in outside[:4]]}"),
        Check("vma: no pte is writable where its region is not", not writable,
              f"{[hex(v) for v in writable[:4]]}"),
        Check("vma: the zero page is never mapped writable", not zero_rw,
              f"{[hex(v) for v in zero_rw[:4]]}"),
        Check("vma: a shared private page (count > 1) is mapped read-only",
              not cow_rw, f"{cow_rw[:4]}"),
        Check("vma: each page's count covers its mappings here", not short,
              f"{short[:4]}"),
        Check("vma: no page-cache page is writable in a private region",
              not cache_rw, f"{[hex(v) for v in cache_rw[:4]]}"),
    ]


def vma(m, line, expect_cow=False):
    """Checkpoint 'vma' (or 'vma_cow', in a child just after fork, where
    shared copy-on-write pages must exist), reached from a user program's
    system call."""
    c = claims(line)
    o = offsets()
    mm = _word(m, int(c["task"], 16) + o["task.mm"])
    pgd = _word(m, mm + o["mm.pgd"]) - PAGE_OFFSET
    cr3 = m.cregs()["cr3"]
    checks = [Check("vma: CR3 is the page directory of the task's mm",
                    cr3 & ~0xFFF == pgd, f"CR3={cr3:#x} mm->pgd={pgd:#x}")]
    regions = read_regions(m, mm, o)
    checks += check_regions(regions, o)
    mem = PhysMem(m)
    maps = [x for x in mappings(mem, cr3, 0, (o["TASK_SIZE"] >> 22) - 1)
            if x[4] is not None and x[4] & PRESENT]
    checks += check_ptes(m, o, regions, maps)
    if expect_cow:
        mem_map = _word(m, symbol("mem_map"))
        checks.append(Check("vma: the process has copy-on-write pages to "
                            "check", any(page_count(m, o, mem_map, p) > 1
                                         for _, p, _, _, _ in maps),
                            f"{len(maps)} ptes"))
    return checks
