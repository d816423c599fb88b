#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""The VM-aware debugger commands, decoded from outside the kernel.

One implementation serves two debuggers: the Bochs prompt wrapper
(tools/vmdebug.py, `make debug` and `make run`) and GDB against QEMU
(tools/gdb_vmm386.py, `make qemu-gdb`). Only the reader differs. A reader
is any object with

    xp(paddr, nwords)   -> [32-bit words of physical memory]
    cregs()             -> {'cr0', 'cr2', 'cr3', 'cr4'}
    regs()              -> {'eax', ..., 'eip', 'eflags'} (32-bit values)
    tlb(vaddr)          -> [(lpf, ppf)] the TLB holds for vaddr, or None
                           when the emulator cannot show its TLB

(bochs.Machine is one). Everything is decoded here with the oracle's own
readers -- oracle.walk() for page tables, oracle.PhysMem for physical
memory, oracle_highmem.KernelMem for kernel virtual memory through that
walk, oracle_highmem.pkmap_slots() for the pkmap invariants -- and never
with the kernel's walkers: a command answers even when the kernel's own
structures are what is broken.

Where a structure lives comes from the symbol table (build/vmm386.nm);
how it is laid out comes from the compiler: field offsets and constants
are evaluated from kernel/include by tools/layout.py, so a field the
kernel moves moves here too, and a structure the kernel does not define
yet (struct vm_area_struct before Chapter 5) makes its command say so.

    vmdecode.py                 print the command summary
"""
import functools
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import layout  # noqa: E402
import oracle  # noqa: E402
import oracle_highmem  # noqa: E402

PAGE = 4096
NM = os.path.join(ROOT, "build", "vmm386.nm")


class VmError(Exception):
    """A command cannot answer: bad argument, or the kernel lacks it."""


# ---- what the compiler says about the kernel's structures ------------------

# name in the answer -> C expression evaluated against kernel/include
CONSTANTS = {
    "PAGE_OFFSET": "PAGE_OFFSET", "VMALLOC_OFFSET": "VMALLOC_OFFSET",
    "VMALLOC_END": "VMALLOC_END", "PKMAP_BASE": "PKMAP_BASE",
    "LAST_PKMAP": "LAST_PKMAP", "FIXADDR_START": "FIXADDR_START",
    "FIXADDR_TOP": "FIXADDR_TOP", "THREAD_SIZE": "THREAD_SIZE",
    "MAX_ORDER": "MAX_ORDER", "MAX_NR_ZONES": "MAX_NR_ZONES",
    "TASK_COMM_LEN": "TASK_COMM_LEN",
    "page.size": "sizeof(struct page)",
    "page.list": "__builtin_offsetof(struct page, list)",
    "page.flags": "__builtin_offsetof(struct page, flags)",
    "page.count": "__builtin_offsetof(struct page, count)",
    "page.mapping": "__builtin_offsetof(struct page, mapping)",
    "page.index": "__builtin_offsetof(struct page, index)",
    "page.virtual": "__builtin_offsetof(struct page, virtual)",
    "page.zone": "__builtin_offsetof(struct page, zone)",
    "page.private": "__builtin_offsetof(struct page, private)",
    "zone.size": "sizeof(zone_t)",
    "zone.free_pages": "__builtin_offsetof(zone_t, free_pages)",
    "zone.pages_min": "__builtin_offsetof(zone_t, pages_min)",
    "zone.pages_low": "__builtin_offsetof(zone_t, pages_low)",
    "zone.pages_high": "__builtin_offsetof(zone_t, pages_high)",
    "zone.free_area": "__builtin_offsetof(zone_t, free_area)",
    "zone.name": "__builtin_offsetof(zone_t, name)",
    "zone.start_mapnr": "__builtin_offsetof(zone_t, zone_start_mapnr)",
    "zone.spanned": "__builtin_offsetof(zone_t, size)",
    "free_area.size": "sizeof(free_area_t)",
    "pgdat.node_zones": "__builtin_offsetof(pg_data_t, node_zones)",
    "task.state": "__builtin_offsetof(struct task_struct, state)",
    "task.pid": "__builtin_offsetof(struct task_struct, pid)",
    "task.comm": "__builtin_offsetof(struct task_struct, comm)",
    "task.mm": "__builtin_offsetof(struct task_struct, mm)",
    "task.active_mm": "__builtin_offsetof(struct task_struct, active_mm)",
    "task.tasks": "__builtin_offsetof(struct task_struct, tasks)",
    "mm.pgd": "__builtin_offsetof(struct mm_struct, pgd)",
    "vm.next": "__builtin_offsetof(struct vm_struct, next)",
    "vm.addr": "__builtin_offsetof(struct vm_struct, addr)",
    "vm.size": "__builtin_offsetof(struct vm_struct, size)",
    "vm.flags": "__builtin_offsetof(struct vm_struct, flags)",
    "vm.nr_pages": "__builtin_offsetof(struct vm_struct, nr_pages)",
    "vm.phys_addr": "__builtin_offsetof(struct vm_struct, phys_addr)",
    "vm.caller": "__builtin_offsetof(struct vm_struct, caller)",
    "VM_IOREMAP": "VM_IOREMAP", "VM_ALLOC": "VM_ALLOC", "VM_MAP": "VM_MAP",
    "va.va_start": "__builtin_offsetof(struct vmap_area, va_start)",
    "va.va_end": "__builtin_offsetof(struct vmap_area, va_end)",
    "va.flags": "__builtin_offsetof(struct vmap_area, flags)",
    "va.list": "__builtin_offsetof(struct vmap_area, list)",
    "VM_LAZY_FREE": "VM_LAZY_FREE",
}
HEADERS = ["page.h", "pgtable.h", "highmem_layout.h", "fixmap.h", "mm.h",
           "mmzone.h", "sched.h", "mm_types.h", "mman.h", "vmalloc.h", "processor.h"]

# The process address space of Chapter 5: asked for separately, so that
# its absence leaves every other command working.
VMA_CONSTANTS = {
    "mm.mmap": "__builtin_offsetof(struct mm_struct, mmap)",
    "vma.vm_start": "__builtin_offsetof(struct vm_area_struct, vm_start)",
    "vma.vm_end": "__builtin_offsetof(struct vm_area_struct, vm_end)",
    "vma.vm_next": "__builtin_offsetof(struct vm_area_struct, vm_next)",
    "vma.vm_flags": "__builtin_offsetof(struct vm_area_struct, vm_flags)",
    "vma.vm_pgoff": "__builtin_offsetof(struct vm_area_struct, vm_pgoff)",
    "VM_READ": "VM_READ", "VM_WRITE": "VM_WRITE", "VM_EXEC": "VM_EXEC",
    "VM_SHARED": "VM_SHARED",
    "mm.mm_rb": "__builtin_offsetof(struct mm_struct, mm_rb)",
    "vma.vm_rb": "__builtin_offsetof(struct vm_area_struct, vm_rb)",
    "rb.parent_color": "__builtin_offsetof(struct rb_node, rb_parent_color)",
    "rb.left": "__builtin_offsetof(struct rb_node, rb_left)",
    "rb.right": "__builtin_offsetof(struct rb_node, rb_right)",
    "TASK_SIZE": "TASK_SIZE",
}
# What /proc/PID/maps shows of a region beyond its range and bits: the
# file behind it (vm_file -> f_mapping: device, inode number, path) and
# the [heap] / [stack] names. Asked for separately too: without them maps
# still lists the regions, with 00:00 0 as an anonymous region has.
VMA_FILE_CONSTANTS = {
    "vma.vm_file": "__builtin_offsetof(struct vm_area_struct, vm_file)",
    "file.f_mapping": "__builtin_offsetof(struct file, f_mapping)",
    "as.dev": "__builtin_offsetof(struct address_space, dev)",
    "as.ino": "__builtin_offsetof(struct address_space, ino)",
    "as.name": "__builtin_offsetof(struct address_space, name)",
    "as.unlinked": "__builtin_offsetof(struct address_space, unlinked)",
    "mm.start_brk": "__builtin_offsetof(struct mm_struct, start_brk)",
    "mm.brk": "__builtin_offsetof(struct mm_struct, brk)",
    "VM_MAYSHARE": "VM_MAYSHARE", "VM_GROWSDOWN": "VM_GROWSDOWN",
}


@functools.lru_cache(maxsize=8)
def _evaluate(items, root, high_memory=None, headers=tuple(HEADERS)):
    """{name: value} of (name, C expression) items, by the compiler."""
    names, exprs = zip(*items)
    values = layout.evaluate(list(exprs), root, high_memory=high_memory,
                             headers=list(headers))
    return dict(zip(names, (values[e] for e in exprs)))


def kernel_layout(root=ROOT):
    """{name: value} of CONSTANTS, evaluated by the compiler."""
    return _evaluate(tuple(CONSTANTS.items()), root)


def vma_layout(root=ROOT):
    """VMA_CONSTANTS evaluated, or None while the kernel has no struct
    vm_area_struct (or mm_struct has no mmap list)."""
    try:
        vl = _evaluate(tuple(VMA_CONSTANTS.items()), root)
    except layout.LayoutError:
        return None
    try:
        return {**vl, **_evaluate(tuple(VMA_FILE_CONSTANTS.items()), root,
                                  headers=tuple(HEADERS + ["fs.h", "pagemap.h"]))}
    except layout.LayoutError:
        return vl


def vmalloc_start(high_memory, root=ROOT):
    """VMALLOC_START for the high_memory the running kernel computed."""
    return _evaluate((("VMALLOC_START", "VMALLOC_START"),), root,
                     high_memory)["VMALLOC_START"]


@functools.lru_cache(maxsize=4)
def page_flag_names(root=ROOT):
    """{bit: 'PG_name'} as kernel/include/mm.h defines them."""
    text = open(os.path.join(root, "kernel", "include", "mm.h")).read()
    return {int(bit): name for name, bit in
            re.findall(r"^#define\s+(PG_\w+)\s+(\d+)\b", text, re.M)}


# ---- symbols ------------------------------------------------------------------

class Symbols:
    """The kernel's symbols from `nm -n` output: by name, and the nearest
    one below an address (for 'start_kernel+0x1c')."""

    def __init__(self, path=NM):
        self.by_name, self.sorted = {}, []
        with open(path) as f:
            lines = f.read().splitlines()
        for line in lines:
            parts = line.split()
            if len(parts) != 3:
                continue
            addr = int(parts[0], 16)
            self.by_name[parts[2]] = addr
            if parts[1] in "TtWwDdBbRr":
                self.sorted.append((addr, parts[2]))
        self.sorted.sort()
        self.addrs = [a for a, _ in self.sorted]

    def get(self, name):
        """Address of symbol `name`, or None."""
        return self.by_name.get(name)

    def need(self, name, why):
        """Address of symbol `name`; VmError saying why it was needed."""
        addr = self.by_name.get(name)
        if addr is None:
            raise VmError(f"the kernel has no symbol {name} ({why})")
        return addr

    def describe(self, addr, limit=0x10000):
        """'name+0xoff' of the symbol at or below addr, or None."""
        import bisect
        i = bisect.bisect_right(self.addrs, addr) - 1
        if i < 0 or addr - self.addrs[i] > limit:
            return None
        base, name = self.sorted[i]
        return name if addr == base else f"{name}+{addr - base:#x}"


# ---- a stopped machine, seen through a reader ---------------------------------

class View:
    """What one command reads: registers, CR3, physical memory (cached for
    the command's duration) and kernel virtual memory through our own page
    walk from CR3."""

    def __init__(self, reader, symbols, root=ROOT):
        self.r = reader
        self.sym = symbols
        self.root = root
        self.L = kernel_layout(root)
        self.cr = reader.cregs()
        self.cr3 = self.cr["cr3"] & ~0xFFF
        self.km = oracle_highmem.KernelMem(reader, self.cr3)
        self.mem = self.km.mem

    def word(self, vaddr):
        """The 32-bit word at kernel virtual address vaddr (aligned)."""
        return self.km.word(vaddr)

    def sym_word(self, name, offset=0, why="needed here"):
        """The word at symbol `name` + offset."""
        return self.word(self.sym.need(name, why) + offset)

    def byte(self, vaddr):
        """The byte at vaddr, at any alignment."""
        return self.word(vaddr & ~3) >> (8 * (vaddr & 3)) & 0xFF

    def string(self, vaddr, limit=32):
        """A NUL-terminated string at any alignment, at most limit bytes."""
        out = bytearray()
        while len(out) < limit:
            b = self.byte(vaddr + len(out))
            if b == 0:
                break
            out.append(b)
        return out.decode("latin-1")

    def walk(self, vaddr, cr3=None):
        """oracle.walk() of vaddr from CR3 (or from another page directory)."""
        return oracle.walk(self.mem, self.cr3 if cr3 is None else cr3, vaddr)

    def list_nodes(self, head, limit=100000):
        """Addresses of the list_head nodes after `head` (not head)."""
        out, node = [], self.word(head)
        while node != head:
            if len(out) >= limit:
                raise VmError(f"list at {head:#x} does not come back to its "
                              f"head after {limit} nodes")
            out.append(node)
            node = self.word(node)
        return out


def _num(text, what="an address"):
    """A typed number (0x... or decimal) as a 32-bit value."""
    try:
        return int(text, 0) & 0xFFFFFFFF
    except ValueError:
        raise VmError(f"{text!r} is not {what} (use 0x... or decimal)") from None


def _signed(w):
    """A 32-bit word read as a C int."""
    return w - (1 << 32) if w & 0x80000000 else w


def entry_flags(e, pde):
    """Bochs-style flag letters of a pde/pte: set flags in capitals."""
    bits = [("G", 0x100), ("PS" if pde else "PAT", 0x80), ("D", 0x40),
            ("A", 0x20), ("PCD", 0x10), ("PWT", 0x8), ("U", 0x4), ("W", 0x2),
            ("P", 0x1)]
    return " ".join(n if e & b else n.lower() for n, b in bits)


# ---- walk ADDR ------------------------------------------------------------------

def kernel_window(v, addr):
    """(name, detail) of the part of the kernel's address space `addr`
    falls in, by the constants of the headers and high_memory."""
    L = v.L
    if addr < L["PAGE_OFFSET"]:
        return "user space", _user_owner(v, addr)
    high = v.sym_word("high_memory", why="the end of the direct map")
    vstart = vmalloc_start(high, v.root)
    pkmap_end = L["PKMAP_BASE"] + L["LAST_PKMAP"] * PAGE
    if not high:
        return ("kernel space", "above PAGE_OFFSET; high_memory is not set yet "
                "(before paging_init()), so the windows are not drawn yet")
    if addr < high:
        return ("direct map", f"PAGE_OFFSET + {addr - L['PAGE_OFFSET']:#x}: "
                f"__pa() is {addr - L['PAGE_OFFSET']:#010x}")
    if addr < vstart:
        return "gap", f"between high_memory {high:#x} and VMALLOC_START {vstart:#x}: never mapped"
    if addr < L["VMALLOC_END"]:
        area = _vm_area_of(v, addr)
        return "vmalloc", area or f"[{vstart:#x}, {L['VMALLOC_END']:#x}), in no area of vmlist"
    if L["PKMAP_BASE"] <= addr < pkmap_end:
        slot = (addr - L["PKMAP_BASE"]) // PAGE
        count = _signed(v.sym_word("pkmap_count", 4 * slot, "kmap's slots"))
        return "pkmap", f"kmap() slot {slot}, pkmap_count {count}"
    if L["FIXADDR_START"] <= addr < L["FIXADDR_TOP"]:
        idx = (L["FIXADDR_TOP"] - (addr & ~0xFFF)) // PAGE
        what = "FIX_HOLE" if idx == 0 else f"kmap_atomic window, km_type {idx - 1}"
        return "fixmap", f"slot {idx} ({what})"
    return "unused", "above VMALLOC_END, outside pkmap and fixmap"


def _vm_area_of(v, addr):
    """Which vmlist area holds addr, described; None if none does."""
    for a in vmalloc_areas(v):
        if a["addr"] <= addr < a["addr"] + a["size"]:
            guard = addr >= a["addr"] + a["size"] - PAGE
            return (f"area {a['addr']:#x}-{a['addr'] + a['size']:#x} "
                    f"({a['kind']}, {a['caller']})" + (", its guard page" if guard else ""))
    return None


def _user_owner(v, addr):
    """What a user address belongs to: a VMA of the current task, or why
    there is none (no struct vm_area_struct before Chapter 5)."""
    vl = vma_layout(v.root)
    if vl is None:
        return "below PAGE_OFFSET: no user processes in this kernel yet"
    try:
        task = current_task(v)
        for vma in task_vmas(v, vl, task):
            if vma["start"] <= addr < vma["end"]:
                return f"VMA {vma['start']:08x}-{vma['end']:08x} of pid {task['pid']}"
    except VmError as e:
        return str(e)
    return "in no VMA of the current task"


def cmd_walk(v, args):
    """walk ADDR: translate a linear address through the page tables in
    CR3, entry by entry, and say which window it is in and what the TLB
    holds for it."""
    if len(args) != 1:
        raise VmError("usage: walk ADDR")
    addr = _num(args[0])
    w = v.walk(addr)
    pgd_slot = addr >> 22
    out = [f"walk {addr:#010x} from CR3 {v.cr3:#010x} (pgd slot {pgd_slot}, "
           f"pte slot {(addr >> 12) & 0x3FF}, offset {addr & 0xFFF:#x})"]
    out.append(f"  pgd entry  {w['pde']:#010x}  {entry_flags(w['pde'], True)}")
    if not w["pde"] & oracle.PRESENT:
        out.append("  not mapped: the pgd entry is not present")
    elif w["large"]:
        out.append(f"  4 MiB page at {w['pde'] & 0xFFC00000:#010x}: no pte")
    else:
        out.append(f"  page table {w['pde'] & ~0xFFF:#010x}, pte {w['pte']:#010x}  "
                   f"{entry_flags(w['pte'], False)}")
        if not w["pte"] & oracle.PRESENT:
            out.append("  not mapped: the pte is not present")
    if w["phys"] is not None:
        out.append(f"  frame      {w['phys'] >> 12:#x}, physical {w['phys']:#010x}")
    name, detail = kernel_window(v, addr)
    out.append(f"  window     {name}: {detail}")
    sym = v.sym.describe(addr)
    if sym:
        out.append(f"  symbol     {sym}")
    out.append("  TLB        " + _tlb_text(v, addr, w))
    return "\n".join(out)


def _tlb_text(v, addr, w):
    """What the TLB holds for addr's page, compared with the walk `w`."""
    entries = v.r.tlb(addr)
    if entries is None:
        return "not visible through this debugger"
    mine = [(l, p) for l, p in entries if l == addr & ~0xFFF]
    if not mine:
        return "no entry for this page"
    ppf = mine[0][1]
    walked = None if w["phys"] is None else w["phys"] & ~0xFFF
    if ppf == walked:
        return f"{mine[0][0]:#010x} -> {ppf:#010x}, as the page tables say"
    return (f"{mine[0][0]:#010x} -> {ppf:#010x}, STALE: the page tables say "
            f"{'unmapped' if walked is None else hex(walked)}")


# ---- vmalloc -----------------------------------------------------------------------

def vmalloc_areas(v):
    """The vm_structs of vmlist, in list order, with their mapped pages
    counted by walking the page tables."""
    L = v.L
    out, node, seen = [], v.sym_word("vmlist", why="the list of vmalloc areas"), set()
    while node:
        if node in seen or len(out) > 4096:
            raise VmError(f"vmlist loops at {node:#x}")
        seen.add(node)
        a = {"struct": node, "addr": v.word(node + L["vm.addr"]),
             "size": v.word(node + L["vm.size"]),
             "flags": v.word(node + L["vm.flags"]),
             "nr_pages": v.word(node + L["vm.nr_pages"]),
             "phys": v.word(node + L["vm.phys_addr"])}
        caller = v.word(node + L["vm.caller"])
        a["caller"] = v.sym.describe(caller) or f"{caller:#x}"
        a["kind"] = ("ioremap" if a["flags"] & L["VM_IOREMAP"] else
                     "vmalloc" if a["flags"] & L["VM_ALLOC"] else
                     "vmap" if a["flags"] & L["VM_MAP"] else f"flags {a['flags']:#x}")
        pages = max(0, a["size"] // PAGE - 1)
        a["mapped"] = sum(v.walk(a["addr"] + i * PAGE)["phys"] is not None
                          for i in range(pages))
        a["guard_mapped"] = v.walk(a["addr"] + pages * PAGE)["phys"] is not None
        out.append(a)
        node = v.word(node + L["vm.next"])
    return out


def lazy_vmap_areas(v):
    """2.6 design: (start, end) of vmap_areas freed but not yet purged."""
    L = v.L
    head = v.sym.get("vmap_area_list")
    if head is None:
        return []
    out = []
    for node in v.list_nodes(head):
        va = node - L["va.list"]
        if v.word(va + L["va.flags"]) & L["VM_LAZY_FREE"]:
            out.append((v.word(va + L["va.va_start"]), v.word(va + L["va.va_end"])))
    return out


def cmd_vmalloc(v, args):
    """vmalloc: the areas of vmlist, like /proc/vmallocinfo, with the pages
    our walk finds mapped; under the 2.6 design also the areas freed but
    not yet purged."""
    areas = vmalloc_areas(v)
    design = v.sym_word("vmalloc_design", why="which vmalloc design runs")
    out = [f"vmalloc areas ({len(areas)}, Linux {'2.6 vmap_area tree' if design else '2.4 vmlist'}):"]
    for a in areas:
        extra = f" phys={a['phys']:#x}" if a["kind"] == "ioremap" else ""
        guard = "  GUARD PAGE MAPPED" if a["guard_mapped"] else ""
        out.append(f"  {a['addr']:#010x}-{a['addr'] + a['size']:#010x} {a['size']:8} "
                   f"{a['caller']:<28} pages={a['nr_pages']} mapped={a['mapped']} "
                   f"{a['kind']}{extra}{guard}")
    if design:
        lazy = lazy_vmap_areas(v)
        out.append(f"lazily freed, awaiting a purge: {len(lazy)}")
        for s, e in lazy:
            mapped = sum(v.walk(x)["phys"] is not None for x in range(s, e, PAGE))
            out.append(f"  {s:#010x}-{e:#010x} {e - s:8} still mapped={mapped}")
    return "\n".join(out)


# ---- pkmap ---------------------------------------------------------------------

def pkmap_state(v):
    """(counts, ptes, last_pkmap_nr) read from the machine."""
    n = v.L["LAST_PKMAP"]
    base = v.sym.need("pkmap_count", "kmap's slots")
    counts = [_signed(v.word(base + 4 * i)) for i in range(n)]
    pgd = v.mem.page(v.cr3)
    pde = pgd[v.L["PKMAP_BASE"] >> 22]
    ptes = v.mem.page(pde & ~0xFFF)[:n] if pde & oracle.PRESENT else [0] * n
    return counts, ptes, v.sym_word("last_pkmap_nr")


def cmd_pkmap(v, args):
    """pkmap: kmap()'s window summarised: slots free (count 0), unused but
    still mapped (1), in use (2 or more), each used slot's frame, and
    whether every slot agrees with its pte and its page's virtual."""
    counts, ptes, last = pkmap_state(v)
    mem_map = v.sym_word("mem_map")
    psize, voff = v.L["page.size"], v.L["page.virtual"]
    problems, tally = oracle_highmem.pkmap_slots(
        counts, ptes, lambda pfn: v.word(mem_map + pfn * psize + voff))
    out = [f"pkmap: {len(counts)} slots at {v.L['PKMAP_BASE']:#x}: "
           f"{tally['used']} in use, {tally['unused']} unused but mapped, "
           f"{tally['free']} free; last_pkmap_nr {last}"]
    used = [i for i, c in enumerate(counts) if c >= 2]
    for i in used[:16]:
        out.append(f"  slot {i:4} {v.L['PKMAP_BASE'] + i * PAGE:#010x} "
                   f"frame {ptes[i] >> 12:#x} count {counts[i]} ({counts[i] - 1} kmap)")
    if len(used) > 16:
        out.append(f"  ... and {len(used) - 16} more slots in use: {_ranges(used[16:])}")
    if tally["unused"]:
        unused = [i for i, c in enumerate(counts) if c == 1]
        out.append(f"  unused, flushed at the next wrap: slots {_ranges(unused)}")
    out += [f"  PROBLEM: {p}" for p in problems] or ["  every slot agrees with its pte "
                                                     "and its page's virtual"]
    return "\n".join(out)


def _ranges(nums):
    """Sorted numbers as '1-3, 7, 9-10'."""
    out, start, prev = [], None, None
    for n in nums + [None]:
        if start is not None and n == prev + 1:
            prev = n
            continue
        if start is not None:
            out.append(str(start) if start == prev else f"{start}-{prev}")
        start = prev = n
    return ", ".join(out)


# ---- zones ----------------------------------------------------------------------

def zones(v):
    """The zones of contig_page_data: sizes, watermarks, free pages, and
    the blocks counted on each order's free list."""
    L = v.L
    base = v.sym.need("contig_page_data", "the node") + L["pgdat.node_zones"]
    out = []
    for i in range(L["MAX_NR_ZONES"]):
        z = base + i * L["zone.size"]
        name_ptr = v.word(z + L["zone.name"])
        zone = {"index": i, "name": v.string(name_ptr) if name_ptr else f"zone{i}",
                "spanned": v.word(z + L["zone.spanned"]),
                "start": v.word(z + L["zone.start_mapnr"]),
                "free_pages": v.word(z + L["zone.free_pages"]),
                "min": v.word(z + L["zone.pages_min"]),
                "low": v.word(z + L["zone.pages_low"]),
                "high": v.word(z + L["zone.pages_high"]), "blocks": []}
        for order in range(L["MAX_ORDER"]):
            head = z + L["zone.free_area"] + order * L["free_area.size"]
            zone["blocks"].append(len(v.list_nodes(head)) if zone["spanned"] else 0)
        out.append(zone)
    return out


def cmd_zones(v, args):
    """zones: each zone's frames, watermarks and free pages, and its free
    blocks per order (like /proc/buddyinfo), counted by following the
    free lists in memory; the blocks must add up to free_pages."""
    out = []
    for z in zones(v):
        if not z["spanned"]:
            out.append(f"zone {z['name']:8} empty")
            continue
        counted = sum(n << o for o, n in enumerate(z["blocks"]))
        out.append(f"zone {z['name']:8} frames {z['start']:#x}-{z['start'] + z['spanned']:#x} "
                   f"free {z['free_pages']} min {z['min']} low {z['low']} high {z['high']}")
        out.append("  free blocks by order: " + " ".join(f"{n:5}" for n in z["blocks"]))
        out.append(f"  {counted} free pages on the lists" +
                   (", as free_pages says" if counted == z["free_pages"] else
                    f", but free_pages says {z['free_pages']}: MISMATCH"))
    return "\n".join(out)


# ---- frame PFN / frameof ADDR -------------------------------------------------

def struct_page(v, pfn):
    """The fields of frame pfn's struct page, read from mem_map."""
    L = v.L
    max_mapnr = v.sym_word("max_mapnr", why="the size of mem_map")
    if pfn >= max_mapnr:
        raise VmError(f"frame {pfn:#x} is beyond mem_map (max_mapnr {max_mapnr:#x})")
    addr = v.sym_word("mem_map") + pfn * L["page.size"]
    f = {k: v.word(addr + L["page." + k]) for k in
         ("flags", "count", "mapping", "index", "virtual", "zone", "private")}
    f["count"] = _signed(f["count"])
    f["next"], f["prev"] = v.word(addr + L["page.list"]), v.word(addr + L["page.list"] + 4)
    f["addr"] = addr
    return f


def _zone_name(v, zone_ptr):
    """The name of the zone_t at zone_ptr ('none' for NULL)."""
    if not zone_ptr:
        return "none"
    try:
        return v.string(v.word(zone_ptr + v.L["zone.name"]))
    except ValueError:
        return f"{zone_ptr:#x}"


def _page_role(v, pfn, f):
    """What the fields `f` of frame pfn's struct page say it is used for."""
    names = {n: b for b, n in page_flag_names(v.root).items()}

    def has(flag):
        return flag in names and f["flags"] >> names[flag] & 1
    if has("PG_reserved"):
        return "reserved: never allocated or freed (kernel image, holes, boot data)"
    if has("PG_buddy"):
        return (f"free: head of an order-{f['private']} block in the buddy "
                f"allocator, frames {pfn:#x}-{pfn + (1 << f['private']) - 1:#x}")
    if has("PG_slab"):
        return f"slab: cache {f['next']:#x}, slab {f['prev']:#x}"
    if f["count"] == 0:
        return "free: inside a larger buddy block (not its head)"
    return f"in use by {f['count']}"


def cmd_frame(v, args):
    """frame PFN: the struct page of a frame, decoded."""
    if len(args) != 1:
        raise VmError("usage: frame PFN   (frameof ADDR for an address)")
    return _show_page(v, _num(args[0], "a frame number"))


def cmd_frameof(v, args):
    """frameof ADDR: the struct page of the frame a linear address maps."""
    if len(args) != 1:
        raise VmError("usage: frameof ADDR")
    addr = _num(args[0])
    w = v.walk(addr)
    if w["phys"] is None:
        raise VmError(f"{addr:#x} is not mapped (walk {addr:#x} shows why)")
    return f"{addr:#010x} maps frame {w['phys'] >> 12:#x}\n" + _show_page(v, w["phys"] >> 12)


def _show_page(v, pfn):
    """The text of `frame PFN`: each field of the struct page, decoded."""
    f = struct_page(v, pfn)
    bits = page_flag_names(v.root)
    flags = [bits.get(b, f"bit{b}") for b in range(32) if f["flags"] >> b & 1]
    return "\n".join([
        f"struct page {f['addr']:#010x} (mem_map[{pfn:#x}], frame {pfn << 12:#010x})",
        f"  flags    {f['flags']:#010x} {' '.join(flags) or '(none)'}",
        f"  count    {f['count']}",
        f"  list     next {f['next']:#010x} prev {f['prev']:#010x}",
        f"  virtual  {f['virtual']:#010x}" + ("" if f["virtual"] else " (no kernel address)"),
        f"  zone     {_zone_name(v, f['zone'])}",
        f"  private  {f['private']:#x}  mapping {f['mapping']:#x}  index {f['index']:#x}",
        f"  role     {_page_role(v, pfn, f)}"])


# ---- ps ----------------------------------------------------------------------------

STATES = {0: "R", 1: "S", 2: "D", 4: "Z", 8: "X"}
STATE_NAMES = {"R": "running or runnable", "S": "interruptible sleep",
               "D": "uninterruptible sleep", "Z": "zombie", "X": "dead"}


def tasks(v):
    """Every task on task_list: its descriptor, pid, state, name, mm."""
    L = v.L
    out = []
    for node in v.list_nodes(v.sym.need("task_list", "the list of all tasks")):
        t = node - L["task.tasks"]
        state = _signed(v.word(t + L["task.state"]))
        out.append({"task": t, "pid": _signed(v.word(t + L["task.pid"])),
                    "state": STATES.get(state, f"?{state}"),
                    "comm": v.string(t + L["task.comm"], L["TASK_COMM_LEN"]),
                    "mm": v.word(t + L["task.mm"]),
                    "active_mm": v.word(t + L["task.active_mm"])})
    return out


def current_task(v):
    """The task whose kernel stack ESP is on (get_current())."""
    base = v.r.regs()["esp"] & ~(v.L["THREAD_SIZE"] - 1)
    for t in tasks(v):
        if t["task"] == base:
            return t
    raise VmError(f"ESP is on no task's stack (task_union would be {base:#x})")


def cmd_ps(v, args):
    """ps: the task list, with states (R running or runnable, S, D
    uninterruptible, Z zombie), each task's mm, and the current task."""
    cur = v.r.regs()["esp"] & ~(v.L["THREAD_SIZE"] - 1)
    init_mm = v.sym.get("init_mm")
    out = ["  PID S COMM             TASK       MM         ACTIVE_MM"]
    for t in tasks(v):
        mark = ">" if t["task"] == cur else " "
        mm = "-" if not t["mm"] else f"{t['mm']:#010x}"
        amm = "init_mm" if t["active_mm"] == init_mm else f"{t['active_mm']:#010x}"
        out.append(f"{mark}{t['pid']:4} {t['state']} {t['comm']:16} {t['task']:#010x} "
                   f"{mm:10} {amm}")
    out.append("> marks the current task (from ESP); S: " +
               ", ".join(f"{k} {n}" for k, n in STATE_NAMES.items()))
    return "\n".join(out)


# ---- regs ---------------------------------------------------------------------------

EFLAGS = [("OF", 11), ("DF", 10), ("IF", 9), ("TF", 8), ("SF", 7), ("ZF", 6),
          ("AF", 4), ("PF", 2), ("CF", 0)]
CR0 = [("PG", 31), ("CD", 30), ("NW", 29), ("AM", 18), ("WP", 16), ("NE", 5),
       ("ET", 4), ("TS", 3), ("EM", 2), ("MP", 1), ("PE", 0)]
CR4 = [("PGE", 7), ("PAE", 5), ("PSE", 4), ("DE", 3), ("TSD", 2)]


def _bits(value, table):
    """Flag names of `table` ((name, bit)...): set ones in capitals."""
    return " ".join(n if value >> b & 1 else n.lower() for n, b in table)


def cmd_regs(v, args):
    """cpu: the registers as a 32-bit i386 has them, with symbols for
    EIP and any register that points into the kernel image, the flags
    decoded, the control registers and the current task."""
    r = v.r.regs()
    out = []
    for row in (("eax", "ebx", "ecx", "edx"), ("esi", "edi", "ebp", "esp")):
        out.append("  ".join(f"{n}={r.get(n, 0):08x}" for n in row))
    out.append(f"eip={r['eip']:08x} <{v.sym.describe(r['eip']) or '?'}>")
    out.append(f"eflags={r.get('eflags', 0):08x} [{_bits(r.get('eflags', 0), EFLAGS)}]")
    for n in ("eax", "ebx", "ecx", "edx", "esi", "edi", "ebp"):
        s = v.sym.describe(r.get(n, 0), limit=0x1000) if r.get(n, 0) >= v.L["PAGE_OFFSET"] else None
        if s:
            out.append(f"  {n} -> {s}")
    cr = v.cr
    out.append(f"cr0={cr['cr0']:08x} [{_bits(cr['cr0'], CR0)}]")
    out.append(f"cr2={cr.get('cr2', 0):08x} cr3={cr['cr3']:08x}"
               + (" (swapper_pg_dir)" if v.sym.get("swapper_pg_dir") is not None and
                  cr["cr3"] & ~0xFFF == v.sym.get("swapper_pg_dir") - v.L["PAGE_OFFSET"] else ""))
    out.append(f"cr4={cr['cr4']:08x} [{_bits(cr['cr4'], CR4)}]")
    try:
        t = current_task(v)
        out.append(f"current: pid {t['pid']} ({t['comm']}), task {t['task']:#010x}")
    except (VmError, ValueError) as e:
        out.append(f"current: unknown ({e})")
    return "\n".join(out)


# ---- maps [PID] ----------------------------------------------------------------------

def task_vmas(v, vl, task):
    """The VMAs of a task's mm, in list order, with the present pages of
    each counted by walking the mm's own page directory."""
    if not task["mm"]:
        raise VmError(f"pid {task['pid']} ({task['comm']}) is a kernel thread: "
                      "it has no user address space")
    pgd = v.word(task["mm"] + v.L["mm.pgd"]) - v.L["PAGE_OFFSET"]
    brk = (v.word(task["mm"] + vl["mm.start_brk"]),
           v.word(task["mm"] + vl["mm.brk"])) if "mm.brk" in vl else None
    out, node = [], v.word(task["mm"] + vl["mm.mmap"])
    while node:
        if len(out) > 65536:
            raise VmError("the VMA list does not end")
        vma = {"start": v.word(node + vl["vma.vm_start"]),
               "end": v.word(node + vl["vma.vm_end"]),
               "flags": v.word(node + vl["vma.vm_flags"]),
               "pgoff": v.word(node + vl["vma.vm_pgoff"])}
        vma["present"] = sum(v.walk(a, pgd)["phys"] is not None
                             for a in range(vma["start"], vma["end"], PAGE))
        vma.update(_vma_backing(v, vl, node, vma, brk))
        out.append(vma)
        node = v.word(node + vl["vma.vm_next"])
    return out


def _page_align(x):
    return (x + PAGE - 1) & ~(PAGE - 1) & 0xffffffff


def _vma_backing(v, vl, node, vma, brk):
    """What /proc/PID/maps prints after the offset, read from the kernel's
    memory: for a file region vm_file -> f_mapping's device, inode number
    and path (with " (deleted)" once a tmpfs file lost its name); for an
    anonymous one 00:00 0 and [stack] (VM_GROWSDOWN) or [heap] (the region
    holding start_brk, or lying inside the heap), as kernel/fs/proc.c
    names them."""
    if "vma.vm_file" not in vl:
        return {"dev": 0, "ino": 0, "name": ""}
    f = v.word(node + vl["vma.vm_file"])
    mapping = v.word(f + vl["file.f_mapping"]) if f else 0
    if mapping:
        name = "/" + v.string(v.word(mapping + vl["as.name"]), limit=256)
        if v.byte(mapping + vl["as.unlinked"]):
            name += " (deleted)"
        return {"dev": v.word(mapping + vl["as.dev"]),
                "ino": v.word(mapping + vl["as.ino"]), "name": name}
    name = ""
    if vma["flags"] & vl["VM_GROWSDOWN"]:
        name = "[stack]"
    elif brk and (vma["start"] <= brk[0] < vma["end"] or
                  (vma["start"] >= _page_align(brk[0]) and
                   vma["end"] <= _page_align(brk[1]))):
        name = "[heap]"
    return {"dev": 0, "ino": 0, "name": name}


def format_vma(vl, vma):
    """One line of /proc/PID/maps (range, bits, offset, device, inode,
    name), followed by the present-page count."""
    f = vma["flags"]
    shared = vl.get("VM_MAYSHARE", vl["VM_SHARED"])
    perms = ("r" if f & vl["VM_READ"] else "-") + ("w" if f & vl["VM_WRITE"] else "-") + \
        ("x" if f & vl["VM_EXEC"] else "-") + ("s" if f & shared else "p")
    pages = (vma["end"] - vma["start"]) // PAGE
    dev, name = vma.get("dev", 0), vma.get("name", "")
    return (f"{vma['start']:08x}-{vma['end']:08x} {perms} {vma['pgoff'] * PAGE:08x} "
            f"{dev >> 8:02x}:{dev & 0xff:02x} {vma.get('ino', 0)}"
            f"{' ' + name if name else ''}    present {vma['present']}/{pages}")


def cmd_maps(v, args):
    """maps [PID]: the VMAs of the current task (or of PID) in
    /proc/PID/maps form, each with the pages present in its page tables."""
    vl = vma_layout(v.root)
    if vl is None:
        return ("no user processes in this kernel yet: struct vm_area_struct "
                "(Chapter 5) is not defined in kernel/include")
    if len(args) > 1:
        raise VmError("usage: maps [PID]")
    if args:
        pid = _num(args[0], "a pid")
        found = [t for t in tasks(v) if t["pid"] == pid]
        if not found:
            raise VmError(f"no task with pid {pid}")
        task = found[0]
    else:
        task = current_task(v)
    vmas = task_vmas(v, vl, task)
    return "\n".join([f"pid {task['pid']} ({task['comm']}): {len(vmas)} VMAs"] +
                     [format_vma(vl, x) for x in vmas])


def _task_arg(v, args, usage):
    """The task named by an optional PID argument, else the current one."""
    if len(args) > 1:
        raise VmError(f"usage: {usage}")
    if not args:
        return current_task(v)
    pid = _num(args[0], "a pid")
    found = [t for t in tasks(v) if t["pid"] == pid]
    if not found:
        raise VmError(f"no task with pid {pid}")
    return found[0]


def cmd_ptes(v, args):
    """ptes [PID]: every present user pte of the current task (or of
    PID), walked from its mm's page directory: the page, the frame, the
    pte's write bit, and the frame's page count (the zero page is
    reserved: never counted)."""
    vl = vma_layout(v.root)
    if vl is None:
        return "no user processes in this kernel yet"
    task = _task_arg(v, args, "ptes [PID]")
    if not task["mm"]:
        raise VmError(f"pid {task['pid']} ({task['comm']}) has no user address space")
    pgd = v.word(task["mm"] + v.L["mm.pgd"]) - v.L["PAGE_OFFSET"]
    zero = v.sym.need("empty_zero_page", "the zero page") - v.L["PAGE_OFFSET"]
    lines = [f"pid {task['pid']} ({task['comm']}): present user ptes"]
    for vaddr, phys, _, _, ptef in oracle.mappings(v.mem, pgd, 0,
                                                  (vl["TASK_SIZE"] >> 22) - 1):
        if ptef is None:
            continue
        rw = "rw" if ptef & oracle.RW else "r-"
        what = "zero page" if phys == zero else \
            f"count {struct_page(v, phys >> 12)['count']}"
        lines.append(f"{vaddr:08x} frame {phys >> 12:#07x} {rw} {what}")
    return "\n".join(lines)


def cmd_vmatree(v, args):
    """vmatree [PID]: the red-black tree of the current task's (or PID's)
    regions, read from mm->mm_rb: each node indented by its depth, left
    subtree before right, with its colour."""
    vl = vma_layout(v.root)
    if vl is None:
        return "no user processes in this kernel yet"
    task = _task_arg(v, args, "vmatree [PID]")
    if not task["mm"]:
        raise VmError(f"pid {task['pid']} ({task['comm']}) has no user address space")
    lines, seen = [], set()

    def visit(node, depth, side):
        if not node:
            return
        if node in seen or len(seen) > 65536:
            raise VmError("the region tree has a cycle")
        seen.add(node)
        vma = node - vl["vma.vm_rb"]
        colour = "black" if v.word(node + vl["rb.parent_color"]) & 1 else "red"
        lines.append(f"{'  ' * depth}{side} {v.word(vma + vl['vma.vm_start']):08x}-"
                     f"{v.word(vma + vl['vma.vm_end']):08x} {colour}")
        visit(v.word(node + vl["rb.left"]), depth + 1, "L")
        visit(v.word(node + vl["rb.right"]), depth + 1, "R")

    visit(v.word(task["mm"] + vl["mm.mm_rb"]), 0, "*")
    return "\n".join([f"pid {task['pid']} ({task['comm']}): {len(seen)} regions "
                      "in the tree"] + lines)


# ---- the command table ----------------------------------------------------------------

COMMANDS = {
    "walk": (cmd_walk, "walk ADDR", "an address through the page tables: pgd entry, "
             "pte, frame, flags, kernel window or VMA, TLB"),
    "vmalloc": (cmd_vmalloc, "vmalloc", "the vmalloc areas, with mapped pages"),
    "pkmap": (cmd_pkmap, "pkmap", "pkmap_count summarised: kmap()'s slots"),
    "zones": (cmd_zones, "zones", "the zones, with free blocks per order"),
    "frame": (cmd_frame, "frame PFN", "the struct page of a frame"),
    "frameof": (cmd_frameof, "frameof ADDR", "the struct page of the frame ADDR maps"),
    "ps": (cmd_ps, "ps", "the task list with states"),
    "cpu": (cmd_regs, "cpu", "registers as 32-bit i386, with symbols"),
    "maps": (cmd_maps, "maps [PID]", "a task's VMAs, /proc/PID/maps form"),
    "ptes": (cmd_ptes, "ptes [PID]", "a task's present user ptes, frames and counts"),
    "vmatree": (cmd_vmatree, "vmatree [PID]", "a task's region tree (mm_rb)"),
}


def help_text(prefix=""):
    """The summary `help` prints."""
    lines = ["vmm386's VM commands (decoded from outside the kernel):"]
    for _, usage, what in COMMANDS.values():
        lines.append(f"  {prefix}{usage:14} {what}")
    return "\n".join(lines)


def run(reader, symbols, line, root=ROOT):
    """Run one VM command line on a stopped machine; its text, or raises
    VmError with a message for the user."""
    words = line.split()
    if not words or words[0] not in COMMANDS:
        raise VmError(f"unknown VM command {line!r}")
    fn = COMMANDS[words[0]][0]
    try:
        return fn(View(reader, symbols, root), words[1:])
    except ValueError as e:     # an unmapped pointer met on the way
        raise VmError(f"{words[0]}: cannot read the kernel's memory: {e}") from None
    except layout.LayoutError as e:
        raise VmError(f"{words[0]}: {e}") from None


if __name__ == "__main__":
    print(help_text())
