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

    def words(self, paddr, count):
        """`count` 32-bit words from `paddr` (4-byte aligned), a page at
        a time."""
        out = []
        while len(out) < count:
            i = (paddr & (PAGE - 1)) // 4
            take = min(1024 - i, count - len(out))
            out += self.page(paddr)[i:i + take]
            paddr += 4 * take
        return out


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


# CR0 bits: what Linux's head.S leaves set, and the cache-disable pair it
# clears (the processor sets CD and NW at reset).
CR0_PG, CR0_CD, CR0_NW, CR0_WP, CR0_NE = 1 << 31, 1 << 30, 1 << 29, 1 << 16, 1 << 5


def check_cr0(cr0, tag):
    """CR0 as Linux runs: paging, write protection and native x87 error
    reporting on (PG, WP, NE), the caches enabled (CD and NW clear)."""
    want_set = {"PG": CR0_PG, "WP": CR0_WP, "NE": CR0_NE}
    want_clear = {"CD": CR0_CD, "NW": CR0_NW}
    wrong = [f"{n} clear" for n, b in want_set.items() if not cr0 & b] + \
        [f"{n} set" for n, b in want_clear.items() if cr0 & b]
    return Check(f"{tag}: CR0 has PG, WP, NE set and CD, NW clear",
                 not wrong, f"CR0={cr0:#x}: {', '.join(wrong)}")


# ---- checkpoint handlers ---------------------------------------------------

def paging(m, line):
    """Checkpoint 'paging' (start_kernel, after the identity mapping is
    removed): CR3 is the claimed page directory; CR0 is set as Linux sets
    it (check_cr0); the kernel half maps low
    memory 1:1 at PAGE_OFFSET up to at least the end of the early page
    tables, kernel-only; the user half is empty, so page 0 is unmapped."""
    c = claims(line)
    cr = m.cregs()
    cr3 = cr["cr3"]
    checks = [Check("paging: CR3 is the page directory the kernel claims",
                    cr3 == int(c["cr3"], 16), f"CR3={cr3:#x} claimed {c['cr3']}"),
              check_cr0(cr["cr0"], "paging")]
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


# ---- the memory chapters: an independent model of the machine ----------------

import os    # noqa: E402
import struct    # noqa: E402

E820_RAM, E820_RESERVED, E820_ACPI = 1, 2, 3
MB = 1 << 20
KERNEL_ELF = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                          "build", "vmm386.elf")
PKMAP_BASE = 0xFE000000
FIXADDR_TOP = 0xFFFFE000
MAXMEM_PFN = (0x40000000 - (128 << 20)) >> 12     # 896 MiB
VMALLOC_OFFSET = 8 << 20


def bochs_e820(megs):
    """The memory map Bochs' BIOS reports for `megs:` (see notes/bochs.md):
    [(start, size, type)]."""
    ram = megs * MB
    return [(0, 0x9F000, E820_RAM), (0x9F000, 0x1000, E820_RESERVED),
            (0xE8000, 0x18000, E820_RESERVED),
            (MB, ram - MB - 0x10000, E820_RAM), (ram - 0x10000, 0x10000, E820_ACPI),
            (0xFFFC0000, 0x40000, E820_RESERVED)]


def memparse(text):
    """Linux's memparse: a number with an optional K, M or G suffix."""
    m = re.match(r"(0x[0-9a-fA-F]+|\d+)([KkMmGg]?)$", text)
    if not m:
        return None
    n = int(m.group(1), 0)
    return n << {"": 0, "k": 10, "m": 20, "g": 30}[m.group(2).lower()]


class MemoryModel:
    """What Linux 2.4 makes of the BIOS map of a `megs:` machine and a
    command line (mem=, highmem=, nopentium), computed here without the
    kernel: the frames of RAM, max_pfn, max_low_pfn and the zones."""

    def __init__(self, megs, cmdline):
        words = cmdline.split()
        self.e820 = bochs_e820(megs)
        self.pse = not any(w in ("nopentium", "mem=nopentium") for w in words)
        highmem = None
        for w in words:
            if w.startswith("mem=") and w != "mem=nopentium":
                size = memparse(w[4:])
                if size is not None:
                    self._limit(size)
            if w.startswith("highmem="):
                size = memparse(w[8:])
                if size is not None:
                    highmem = size >> 12
        self.max_pfn = max(((a + s) >> 12) for a, s, t in self.e820 if t == E820_RAM)
        self.max_low_pfn = self._low(highmem)
        self.zones = {"dma": (0, min(self.max_low_pfn, 4096)),
                      "normal": (min(self.max_low_pfn, 4096), self.max_low_pfn),
                      "highmem": (self.max_low_pfn, self.max_pfn)}

    def _limit(self, size):
        """mem=: RAM ends at `size`; later entries are dropped."""
        for i, (a, s, t) in enumerate(self.e820):
            if t == E820_RAM and a + s >= size:
                self.e820[i] = (a, max(0, size - a), t)
                del self.e820[i + 1:]
                return

    def _low(self, highmem):
        if self.max_pfn > MAXMEM_PFN:
            if highmem is not None and highmem < self.max_pfn - MAXMEM_PFN:
                self.max_pfn = MAXMEM_PFN + highmem
            return MAXMEM_PFN
        if highmem and highmem < self.max_pfn and \
                self.max_pfn - highmem >= (64 * MB) >> 12:
            return self.max_pfn - highmem
        return self.max_pfn

    def is_ram(self, pfn):
        """The whole of frame `pfn` is RAM in the map."""
        return any(t == E820_RAM and a <= pfn << 12 and (pfn + 1) << 12 <= a + s
                   for a, s, t in self.e820)

    def ram_frames(self, limit):
        """is_ram() of every frame below `limit`, as a bytearray of 1s and
        0s: the same answer, computed from the map's entries rather than
        frame by frame (a 2 GiB machine has half a million frames, and
        the oracle asks at every boot)."""
        ram = bytearray(limit)
        for a, s, t in self.e820:
            if t != E820_RAM:
                continue
            first, end = -(-a // PAGE), min((a + s) // PAGE, limit)
            if first < end:
                ram[first:end] = b"\x01" * (end - first)
        return ram

    @staticmethod
    def pages_min(size):
        return 0 if not size else min(max(size // 128, 20), 255)


def _rng(text):
    a, b = text.split("-")
    return int(a, 16), int(b, 16)


def kernel_segments(path=KERNEL_ELF):
    """The ELF's read-only PT_LOAD segments: [(paddr, bytes)]. (The data
    segment is left out: the kernel has been writing to it.)"""
    data = open(path, "rb").read()
    phoff, = struct.unpack_from("<I", data, 28)
    phentsize, phnum = struct.unpack_from("<HH", data, 42)
    out = []
    for i in range(phnum):
        ptype, off, vaddr, paddr, filesz, memsz, flags = struct.unpack_from(
            "<7I", data, phoff + i * phentsize)
        if ptype == 1 and not flags & 2:
            out.append((paddr, data[off:off + filesz]))
    return out


# Byte translations: 0 <-> 1 (not), and each byte of a bitmap to its
# eight bits, least significant first, one byte per bit.
_NOT = bytes([1, 0] + [0] * 254)
_BYTE_BITS = [bytes((b >> i) & 1 for i in range(8)) for b in range(256)]


def _bits(words, count):
    """The first `count` bits of a bitmap held in 32-bit words, one byte
    (0 or 1) per bit: bit i is word i // 32, bit i % 32."""
    raw = struct.pack(f"<{len(words)}I", *words)
    return bytearray(b"".join(_BYTE_BITS[b] for b in raw)[:count])


def bootmem(m, line):
    """Checkpoint 'bootmem' (setup_memory(), before any allocation): the
    kernel image in memory is the ELF's, byte for byte; the boot
    allocator's bitmap lies right after the early page tables, and reads
    (through xp) exactly as the e820 map and the claimed reservations say:
    a frame is free iff it is wholly RAM below max_low_pfn and is not page
    0, the kernel, the initramfs, the early page tables or the bitmap."""
    c = claims(line)
    model = MemoryModel(m.megs, m.cmdline)
    mem = PhysMem(m)
    kernel, initrd, tables = _rng(c["kernel"]), _rng(c["initrd"]), _rng(c["tables"])
    bitmap, nbytes = int(c["map"], 16), int(c["bytes"], 16)
    max_low = int(c["max_low_pfn"], 16)
    up = lambda a: (a + PAGE - 1) & ~(PAGE - 1)  # noqa: E731
    checks = [Check("bootmem: max_low_pfn is what the e820 map and options give",
                    max_low == model.max_low_pfn,
                    f"kernel {max_low:#x}, model {model.max_low_pfn:#x}"),
              Check("bootmem: kernel at 1 MiB, initramfs after it, early tables "
                    "after that, bitmap after them",
                    kernel[0] == MB and initrd[0] == up(kernel[1]) and
                    tables[0] == up(max(kernel[1], initrd[1])) and
                    bitmap == up(tables[1]), line),
              Check("bootmem: bitmap has one bit per low frame",
                    nbytes == (max_low + 7) // 8 + (-((max_low + 7) // 8) % 4),
                    f"{nbytes} bytes for {max_low} frames")]
    bad = []
    for paddr, blob in kernel_segments():
        want = struct.unpack_from(f"<{len(blob) // 4}I", blob)
        have = mem.words(paddr, len(want))
        bad += [paddr + 4 * i for i, (h, w) in enumerate(zip(have, want)) if h != w][:1]
    checks.append(Check("bootmem: the loader put the kernel's text and symbols "
                        "in memory intact", not bad, f"first difference at {bad[:2]}"))
    words = []
    for base in range(bitmap, bitmap + nbytes, PAGE):
        words += mem.page(base)[:min(1024, (bitmap + nbytes - base) // 4)]
    reserved_ranges = [(0, PAGE), kernel, initrd, tables, (bitmap, bitmap + nbytes)]
    # Frame by frame: busy iff not wholly RAM or touched by a reservation.
    busy = model.ram_frames(max_low).translate(_NOT)
    for a, b in reserved_ranges:
        if a < b:
            first, end = a >> 12, min(up(b) >> 12, max_low)
            busy[first:end] = b"\x01" * max(0, end - first)
    bits = _bits(words, max_low)
    wrong = [] if bits == busy else \
        [f"{pfn:#x}:{words[pfn // 32] >> (pfn % 32) & 1}"
         for pfn in range(max_low) if bits[pfn:pfn + 1] != busy[pfn:pfn + 1]]
    checks.append(Check(f"bootmem: all {max_low} bits of the bitmap match the e820 map "
                        "and the reservations", not wrong,
                        f"{len(wrong)} wrong: {wrong[:6]}"))
    # What bootmem_retired accounts for later; kept only once verified.
    m.bootmem_layout = {"reserved": reserved_ranges[:-1],
                        "bitmap": (bitmap, bitmap + nbytes)} if not wrong else None
    return checks


def _words(mem, paddr, count):
    """`count` 32-bit words of physical memory from `paddr`."""
    return [mem.word(paddr + 4 * i) for i in range(count)]


def expected_boot_sizes(model, page_struct):
    """The byte sizes of the boot allocator's node allocations, from the
    model alone: mem_map, (max_pfn + 1) struct pages, then for each zone
    that has frames one bitmap per order but the last, of
    ((size - 1) >> (order + 4)) + 1 bytes rounded up to a long."""
    sizes = [(model.max_pfn + 1) * page_struct]
    for first, end in model.zones.values():
        if end > first:
            sizes += [(((end - first - 1) >> (o + 4)) + 1 + 3) & ~3 for o in range(9)]
    return sizes


def bootmem_retired(m, line):
    """Checkpoint 'bootmem_retired' (bootmem suite, after mem_init()): every
    reserved low frame is accounted for without trusting the allocator.
    The kernel hands over its ledger of boot allocations and the runs of
    frames PG_reserved marks; the oracle expects exactly the frames that
    are not wholly RAM in the e820 model, the reservations it verified at
    the 'bootmem' checkpoint (not the bitmap: free_all_bootmem() gave its
    frames away) and the frames the ledger's allocations touch. The ledger
    itself must hold mem_map and the buddy bitmaps at the sizes Linux
    2.4's formulas give for the model's zones, in order, and otherwise
    only whole pages that swapper_pg_dir uses as page tables."""
    c = claims(line)
    layout = getattr(m, "bootmem_layout", None)
    if not layout:
        return [Check("bootmem_retired: the 'bootmem' checkpoint was verified first",
                      False, "no verified bootmem layout")]
    model = MemoryModel(m.megs, m.cmdline)
    mem = PhysMem(m)
    n, nruns = int(c["records"]), int(c["nruns"])
    flat = _words(mem, int(c["ledger"], 16), 2 * n)
    ledger = list(zip(flat[0::2], flat[1::2]))
    flat = _words(mem, int(c["runs"], 16), 2 * nruns)
    runs = list(zip(flat[0::2], flat[1::2]))
    max_low = model.max_low_pfn
    checks = [Check("bootmem_retired: max_pfn is the model's",
                    int(c["max_pfn"], 16) == model.max_pfn, line)]

    # The ledger: page tables of swapper_pg_dir, and the node allocations
    # at the model's sizes, in order. Anything else is unaccounted for.
    pgd = mem.page(m.cregs()["cr3"] & ~0xFFF)
    tables = {e & ~0xFFF for e in pgd if e & PRESENT and not e & PSE}
    sizes = [s for a, s in ledger if not (s == PAGE and a in tables)]
    want = expected_boot_sizes(model, int(c["page_struct"]))
    checks.append(Check("bootmem_retired: the ledger holds page tables of "
                        "swapper_pg_dir, then mem_map and the buddy bitmaps at "
                        "the sizes the model gives, in order, and nothing else",
                        sizes == want, f"ledger {sizes[:12]} model {want[:12]}"))
    outside = [hex(a) for a, s in ledger
               if not all(model.is_ram(p) for p in range(a >> 12, (a + s + PAGE - 1) >> 12))
               or (a + s + PAGE - 1) >> 12 > max_low]
    byte_ranges = sorted(r for r in [(a, a + s) for a, s in ledger] +
                         layout["reserved"] + [layout["bitmap"]] if r[1] > r[0])
    overlap = [f"{a:#x}-{b:#x}" for (a, b), (c2, _) in zip(byte_ranges, byte_ranges[1:])
               if c2 < b]
    checks.append(Check("bootmem_retired: allocations lie in low RAM and overlap "
                        "neither each other nor the boot reservations",
                        not outside and not overlap, f"outside {outside[:4]} "
                        f"overlapping {overlap[:4]}"))

    # The reserved frames, frame by frame.
    def frames(a, b):
        return range(a >> 12, (b + PAGE - 1) >> 12) if b > a else range(0)
    ram = model.ram_frames(max_low)
    expected = {p for p in range(max_low) if not ram[p]}
    for a, b in layout["reserved"] + [(a, a + s) for a, s in ledger]:
        expected.update(frames(a, b))
    got = set()
    for a, b in runs:
        got.update(range(a, b))
    extra = sorted(got - expected)
    missing = sorted(expected - got)
    checks.append(Check(f"bootmem_retired: the reserved low frames are exactly the "
                        f"holes, the boot reservations and the ledger's allocations "
                        f"({len(expected)} frames)", not extra and not missing,
                        f"reserved but unaccounted {[hex(p) for p in extra[:6]]} "
                        f"({len(extra)}), accounted but free "
                        f"{[hex(p) for p in missing[:6]]} ({len(missing)})"))
    return checks


def paging_init(m, line):
    """Checkpoint 'paging_init' (after the kernel's page tables are
    built): walking swapper_pg_dir from CR3, exactly ZONE_DMA + ZONE_NORMAL
    (0 .. max_low_pfn, from the e820 model) is mapped 1:1 at PAGE_OFFSET,
    kernel-only and writable, in 4 MiB pages (global with PGE) unless
    nopentium, with a page table only for a partial last 4 MiB; nothing
    maps a frame at or above max_low_pfn; nothing is mapped between
    high_memory and VMALLOC_START; the fixmap and pkmap page tables exist,
    empty, where the kernel says (pkmap_page_table, kmap_pte). Bochs' `page`
    and `info tab` agree with the walk."""
    c = claims(line)
    model = MemoryModel(m.megs, m.cmdline)
    cr = m.cregs()
    cr3 = cr["cr3"]
    low = model.max_low_pfn << 12
    high_memory = PAGE_OFFSET + low
    vmalloc_start = (high_memory + 2 * VMALLOC_OFFSET - 1) & ~(VMALLOC_OFFSET - 1)
    pse, pge = int(c["pse"]), int(c["pge"])
    checks = [
        Check("paging_init: CR3 is the page directory the kernel claims",
              cr3 == int(c["cr3"], 16), f"CR3={cr3:#x} claimed {c['cr3']}"),
        Check("paging_init: CR4.PSE/PGE as claimed, PSE unless nopentium",
              pse == bool(cr["cr4"] & 0x10) == model.pse and
              pge == bool(cr["cr4"] & 0x80) == model.pse,
              f"CR4={cr['cr4']:#x} claims pse={pse} pge={pge} model pse={model.pse}"),
        Check("paging_init: max_low_pfn, high_memory, VMALLOC_START follow the map",
              int(c["max_low_pfn"], 16) == model.max_low_pfn and
              int(c["high_memory"], 16) == high_memory and
              int(c["vmalloc_start"], 16) == vmalloc_start,
              f"{line} model max_low_pfn={model.max_low_pfn:#x}")]
    lm, mem, maps = check_linear_map(m, cr3, 0, low, "paging_init")
    checks += lm
    kmaps = [x for x in maps if x[0] >= PAGE_OFFSET]
    beyond = [hex(v) for v, p, size, _, _ in kmaps if p + size > low]
    checks.append(Check("paging_init: no mapping reaches a frame at or above max_low_pfn",
                        not beyond, f"{len(beyond)}: {beyond[:4]}"))
    gap = [hex(v) for v, p, size, _, _ in kmaps
           if v < vmalloc_start and v + size > high_memory]
    checks.append(Check("paging_init: nothing mapped between high_memory and VMALLOC_START",
                        not gap, f"{gap[:4]}"))
    pgd = mem.page(cr3 & ~0xFFF)
    shape = []
    for i in range(PAGE_OFFSET >> 22, (high_memory + BIG - 1) >> 22):
        pde, whole = pgd[i], (i + 1) << 22 <= high_memory
        want_large = model.pse and whole
        if bool(pde & PSE) != want_large or \
                (want_large and bool(pde & GLOBAL) != bool(pge)):
            shape.append(f"pde[{i}]={pde:#x}")
    checks.append(Check("paging_init: 4 MiB pages exactly for whole 4 MiB chunks "
                        "(global with PGE), 4 KiB tables otherwise",
                        not shape, f"{shape[:4]}"))
    pkmap_pde = pgd[PKMAP_BASE >> 22]
    fix_va = FIXADDR_TOP - PAGE      # fixmap slot 1, FIX_KMAP_BEGIN
    fix_pde = pgd[fix_va >> 22]
    tables_ok = all(p & PRESENT and not p & (PSE | USER)
                    for p in (pkmap_pde, fix_pde)) and \
        (pkmap_pde & ~0xFFF) == int(c["pkmap_pt"], 16) and \
        (fix_pde & ~0xFFF) + ((fix_va >> 12) & 0x3FF) * 4 == int(c["kmap_pte"], 16)
    checks.append(Check("paging_init: pkmap and fixmap page tables exist where "
                        "pkmap_page_table and kmap_pte point",
                        tables_ok, f"pde {pkmap_pde:#x} {fix_pde:#x} claims {line}"))
    if tables_ok:
        used = [hex(w) for w in mem.page(pkmap_pde & ~0xFFF) + mem.page(fix_pde & ~0xFFF)
                if w]
        checks.append(Check("paging_init: the pkmap and fixmap tables map nothing yet",
                            not used, f"{used[:4]}"))
    samples = [PAGE_OFFSET, PAGE_OFFSET + MB, PAGE_OFFSET + low // 2 & ~0xFFF,
               high_memory - PAGE, high_memory, vmalloc_start, PKMAP_BASE, fix_va]
    checks.append(cross_check_bochs(m, mem, cr3, samples, "paging_init"))
    checks.append(check_info_tab(m, mappings(mem, cr3), "paging_init"))
    return checks


def zones(m, line):
    """Checkpoint 'zones' (after free_area_init()): the zone boundaries and
    watermarks the kernel reports are those of Linux 2.4 for the e820 map
    Bochs gives a `megs:` machine, with mem= and highmem= applied."""
    c = claims(line)
    model = MemoryModel(m.megs, m.cmdline)
    checks = [Check("zones: max_pfn and max_low_pfn match the e820 model",
                    int(c["max_pfn"], 16) == model.max_pfn and
                    int(c["max_low_pfn"], 16) == model.max_low_pfn,
                    f"{line}; model max_pfn={model.max_pfn:#x} "
                    f"max_low_pfn={model.max_low_pfn:#x}")]
    for name in ("dma", "normal", "highmem"):
        got, want = _rng(c[name]), model.zones[name]
        checks.append(Check(f"zones: {name} spans frames {want[0]:#x}-{want[1]:#x}",
                            got == want, f"kernel {got[0]:#x}-{got[1]:#x}"))
    mins = [int(x) for x in c["min"].split(",")]
    want = [model.pages_min(max(0, b - a)) for a, b in model.zones.values()]
    checks.append(Check("zones: pages_min = size/128 in [20, 255] for each zone",
                        mins == want, f"kernel {mins}, model {want}"))
    return checks


def _tlb(kind):
    def handler(m, line):
        """Checkpoints 'tlb_stale' and 'tlb_fresh' (pgtable suite): Bochs'
        page walk finds the new frame (pte_phys), while its TLB holds the
        translation the kernel says it should (tlb_phys): the old frame
        before the flush, the new one after."""
        c = claims(line)
        va = int(c["vaddr"], 16)
        pte_phys, tlb_phys = int(c["pte_phys"], 16), int(c["tlb_phys"], 16)
        walked = m.page(va)["phys"]
        entries = [(lpf, ppf) for lpf, ppf in m.tlb(va) if lpf == va]
        return [Check(f"{kind}: Bochs' page walk finds the new pte", walked == pte_phys,
                      f"walk {walked} claim {pte_phys:#x}"),
                Check(f"{kind}: Bochs' TLB translates {va:#x} to {tlb_phys:#x}",
                      [ppf for _, ppf in entries] == [tlb_phys],
                      f"TLB entries {[(hex(a), hex(b)) for a, b in entries]}")]
    handler.__name__ = kind
    return handler


def pgd_alloc(m, line):
    """Checkpoint 'pgd_alloc' (mmctx suite): a page directory pgd_alloc()
    just made. Read both directories from physical memory: its user half
    (the first user_slots entries) must be empty, and every entry of its
    kernel half equal to swapper_pg_dir's -- the copy that lets the kernel
    run on any directory. One entry too few is a difference here, even if
    a vmalloc fault would later repair it."""
    c = claims(line)
    pgd, swapper = int(c["pgd"], 16), int(c["swapper"], 16)
    first_kernel = int(c["user_slots"])
    mem = PhysMem(m)
    mine, master = mem.page(pgd), mem.page(swapper)
    user = [i for i in range(first_kernel) if mine[i]]
    differ = [i for i in range(first_kernel, 1024) if mine[i] != master[i]]
    return [Check("pgd_alloc: the new directory's user half is empty", not user,
                  f"non-zero slots {user[:8]}"),
            Check(f"pgd_alloc: kernel half equals swapper_pg_dir's, slots "
                  f"{first_kernel}-1023",
                  not differ and pgd != swapper,
                  "; ".join(f"slot {i}: {mine[i]:#010x} vs {master[i]:#010x}"
                            for i in differ[:4])),
            Check("pgd_alloc: swapper_pg_dir maps the kernel half",
                  any(master[i] & PRESENT for i in range(first_kernel, 1024)),
                  "no present kernel slot in the master")]


HANDLERS = {
    "pgd_alloc": pgd_alloc,
    "paging": paging,
    "bootmem": bootmem,
    "bootmem_retired": bootmem_retired,
    "paging_init": paging_init,
    "zones": zones,
    "tlb_stale": _tlb("tlb_stale"),
    "tlb_fresh": _tlb("tlb_fresh"),
}


def _slab(m, line):
    """Checkpoint 'slab': the slab allocator's objects (tools/oracle_slab.py)."""
    import oracle_slab
    return oracle_slab.slab(m, line)


HANDLERS["slab"] = _slab


def _vmalloc(name):
    """Chapter 8's checkpoints (tools/oracle_vmalloc.py)."""
    def handler(m, line):
        import oracle_vmalloc
        return oracle_vmalloc.HANDLERS[name](m, line)
    handler.__name__ = name
    return handler


def _highmem(name):
    def handler(m, line):
        """Chapter 10's checkpoints (tools/oracle_highmem.py)."""
        import oracle_highmem
        return getattr(oracle_highmem, name)(m, line)
    handler.__name__ = name
    return handler


for _name in ("vmalloc_areas", "vfree_areas", "vmap_purge", "vmalloc_fault_before",
              "vmalloc_fault_after", "ioremap_area", "iounmap_area"):
    HANDLERS[_name] = _vmalloc(_name)
for _name in ("pkmap", "kmap_atomic", "kunmap_atomic"):
    HANDLERS[_name] = _highmem(_name)


def _user_mode(m, line):
    """Chapter 5's checkpoint 'user_mode' (tools/oracle_user.py)."""
    import oracle_user
    return oracle_user.user_mode(m, line)


HANDLERS["user_mode"] = _user_mode


def _console(m, line):
    """Checkpoint 'kunit_start': the VGA screen as a console
    (tools/oracle_console.py)."""
    import oracle_console
    return oracle_console.kunit_start(m, line)


HANDLERS["kunit_start"] = _console


def _vma(m, line):
    """Chapter 5's checkpoint 'vma' (tools/oracle_vma.py)."""
    import oracle_vma
    return oracle_vma.vma(m, line)


def _vma_cow(m, line):
    """Chapter 5's checkpoint 'vma_cow': 'vma' in a child after fork."""
    import oracle_vma
    return oracle_vma.vma(m, line, expect_cow=True)


HANDLERS["vma"] = _vma
HANDLERS["vma_cow"] = _vma_cow


def _filemap(name):
    def handler(m, line):
        """Chapter 5's file-mapping checkpoints (tools/oracle_filemap.py)."""
        import oracle_filemap
        return getattr(oracle_filemap, name)(m, line)
    handler.__name__ = name
    return handler


HANDLERS["filemap"] = _filemap("filemap")
HANDLERS["filemap_text"] = _filemap("filemap_text")
