# SPDX-License-Identifier: GPL-2.0-only
"""The Bochs oracle for Chapter 8: vmalloc, the vmalloc fault, ioremap.

The guest suite (tests/kernel/vmalloc_test.c) stops at these checkpoints:

vmalloc_areas   some vmalloc() areas, each page filled with a pattern; a
                table `seen` in kernel memory lists each area's address,
                page count and the frames the kernel recorded for it
vfree_areas     the same areas right after vfree(), interrupts still off
vmap_purge      (2.6 design) after the purge of the lazily freed areas
vmalloc_fault_before / _after
                around the first access to a new area from a page
                directory copied before the area's page table existed
ioremap_area / iounmap_area
                the BIOS ROM at 0xffff0000 mapped, then unmapped

From outside, the oracle walks the page tables itself (oracle.walk, from
CR3), reads the frames, the struct pages of mem_map and kernel counters
with xp (counters by their symbols in build/vmm386.nm), asks Bochs' own
`page` and `tlb`, and compares with the BIOS image the machine booted. The
kernel supplies addresses and the layout of struct page only.
"""
import functools
import os

from oracle import Check, PhysMem, walk, claims, MemoryModel, \
    PAGE_OFFSET, PAGE, PRESENT, RW, USER, PCD

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
NM = os.path.join(ROOT, "build", "vmm386.nm")
BIOS = "/usr/share/bochs/BIOS-bochs-latest"
PG_RESERVED, PG_BUDDY = 14, 20          # kernel/include/mm.h
MAX_ORDER = 10
SEEN_AREAS = 4                          # the layout of `seen`


@functools.lru_cache(maxsize=4)
def _symbols(path):
    out = {}
    for line in open(path):
        parts = line.split()
        if len(parts) == 3:
            out[parts[2]] = int(parts[0], 16)
    return out


def symbol(name, path=None):
    """Address of kernel symbol `name` (from `nm`), or None."""
    return _symbols(path or NM).get(name)


def kernel_word(m, name, offset=0):
    """A word of a kernel variable, read at its physical address."""
    return m.xp(symbol(name) - PAGE_OFFSET + offset, 1)[0]


class Seen:
    """The guest's `seen` table: n areas, their addresses, page counts,
    first frame index, and the frames (pfns)."""

    def __init__(self, m, paddr):
        words = m.xp(paddr, 1 + 3 * SEEN_AREAS + 64)
        n = words[0]
        self.addr = words[1:1 + n]
        self.pages = words[1 + SEEN_AREAS:1 + SEEN_AREAS + n]
        first = words[1 + 2 * SEEN_AREAS:1 + 2 * SEEN_AREAS + n]
        pfn = words[1 + 3 * SEEN_AREAS:]
        self.areas = [(self.addr[a], [pfn[first[a] + i] for i in range(self.pages[a])])
                      for a in range(n)]


class PageStructs:
    """struct page of a frame, read through xp with the layout the kernel
    states (psize, pflags, pcount, pprivate)."""

    def __init__(self, m, mem, c):
        self.mem = mem
        self.base = int(c["memmap"], 16)
        self.size = int(c["psize"])
        self.off = {k: int(c["p" + k]) for k in ("flags", "count", "private")}

    def get(self, pfn, field):
        return self.mem.word(self.base + pfn * self.size + self.off[field])

    def allocated(self, pfn):
        flags = self.get(pfn, "flags")
        return self.get(pfn, "count") == 1 and not (flags >> PG_BUDDY) & 1 \
            and not (flags >> PG_RESERVED) & 1

    def free(self, pfn, zones):
        """Free and in the buddy allocator: count 0, and some block head at
        or below it (aligned within its zone) has PG_buddy and an order
        whose block covers it."""
        if self.get(pfn, "count") != 0:
            return False
        start = max(s for s, e in zones.values() if s <= pfn and s < e)
        for order in range(MAX_ORDER):
            head = start + ((pfn - start) >> order << order)
            if (self.get(head, "flags") >> PG_BUDDY) & 1 and \
                    head + (1 << self.get(head, "private")) > pfn:
                return True
        return False


def _pattern(c, area, page, k):
    return int(c["pattern"], 16) | area << 16 | page << 8 | (k & 0xFF)


def vmalloc_areas(m, line):
    """Checkpoint 'vmalloc_areas': every page of each area is mapped in the
    page directory in CR3 (swapper_pg_dir) to exactly the frame the kernel
    recorded, kernel-only and writable; the guard page after each area is
    not mapped; each frame holds the data written through the vmalloc
    address; the frames are distinct, allocated (count 1, not free, not
    reserved); and, on a machine with high memory, they are all highmem
    frames (vmalloc() asks for __GFP_HIGHMEM). Bochs' `page` agrees."""
    c = claims(line)
    cr3 = m.cregs()["cr3"]
    mem = PhysMem(m)
    seen = Seen(m, int(c["seen"], 16))
    pages = PageStructs(m, mem, c)
    model = MemoryModel(m.megs, m.cmdline)
    m.vmalloc_flush_all = kernel_word(m, "tlb_stats")
    tag = f"vmalloc_areas ({len(seen.areas)} areas)"
    wrong, flags, guard, data, state, bochs = [], [], [], [], [], []
    for a, (addr, pfns) in enumerate(seen.areas):
        for i, pfn in enumerate(pfns):
            va = addr + i * PAGE
            w = walk(mem, cr3, va)
            if w["phys"] is None or w["large"] or w["phys"] >> 12 != pfn:
                wrong.append(f"{va:#x}->{w['phys']} want pfn {pfn:#x}")
                continue
            if w["pde"] & USER or w["pte"] & USER or not w["pte"] & RW:
                flags.append(f"{va:#x}: pde {w['pde']:#x} pte {w['pte']:#x}")
            got = (mem.word(pfn << 12), mem.word((pfn << 12) + PAGE - 4))
            want = (_pattern(c, a, i, 0), _pattern(c, a, i, 1023))
            if got != want:
                data.append(f"{va:#x}: {got[0]:#x},{got[1]:#x}")
            if not pages.allocated(pfn):
                state.append(f"pfn {pfn:#x}: count {pages.get(pfn, 'count')} "
                             f"flags {pages.get(pfn, 'flags'):#x}")
        gva = addr + len(pfns) * PAGE
        if walk(mem, cr3, gva)["phys"] is not None:
            guard.append(hex(gva))
        for va in (addr, gva):
            ours = walk(mem, cr3, va)["phys"]
            if m.page(va)["phys"] != (None if ours is None else ours & ~0xFFF):
                bochs.append(hex(va))
    frames = [p for _, pfns in seen.areas for p in pfns]
    high = sum(p >= model.max_low_pfn for p in frames)
    want_high = len(frames) if model.max_pfn > model.max_low_pfn else 0
    return [
        Check(f"{tag}: every page maps the frame the kernel recorded",
              frames and not wrong, "; ".join(wrong[:3])),
        Check(f"{tag}: kernel-only, writable mappings", not flags, "; ".join(flags[:3])),
        Check(f"{tag}: guard pages are not mapped", not guard, str(guard)),
        Check(f"{tag}: the frames hold what was written through vmalloc addresses",
              not data, "; ".join(data[:3])),
        Check(f"{tag}: {len(frames)} distinct frames, allocated in mem_map",
              len(set(frames)) == len(frames) and not state, "; ".join(state[:3])),
        Check(f"{tag}: {want_high} of the frames are highmem (model: ZONE_HIGHMEM "
              f"from pfn {model.max_low_pfn:#x})",
              high == want_high == int(c["high"]) and
              int(c["highstart"], 16) == model.max_low_pfn,
              f"walked {high}, kernel says {c['high']}"),
        Check(f"{tag}: Bochs' page translation agrees", not bochs, str(bochs[:3])),
        Check(f"{tag}: the first area and its guard page are where the line says",
              seen.areas and int(c.get("first", "0"), 16) == seen.areas[0][0] and
              int(c.get("guard", "0"), 16) == seen.areas[0][0] +
              len(seen.areas[0][1]) * PAGE, f"first={c.get('first')} guard={c.get('guard')}"),
    ]


def _unmapped_and_tlb_clean(m, mem, cr3, seen, tag):
    """Every page (and guard page) of the areas is unmapped, and Bochs'
    TLB translates none of them."""
    mapped, stale = [], []
    for addr, pfns in seen.areas:
        for i in range(len(pfns) + 1):
            va = addr + i * PAGE
            if walk(mem, cr3, va)["phys"] is not None:
                mapped.append(hex(va))
            if [e for e in m.tlb(va) if e[0] == va]:
                stale.append(hex(va))
    return [Check(f"{tag}: the areas are unmapped", not mapped, str(mapped[:4])),
            Check(f"{tag}: Bochs' TLB holds no translation of them", not stale,
                  str(stale[:4]))]


def _frames_free(mem, seen, c, m, tag):
    pages = PageStructs(m, mem, c)
    zones = MemoryModel(m.megs, m.cmdline).zones
    busy = [hex(p) for _, pfns in seen.areas for p in pfns if not pages.free(p, zones)]
    return Check(f"{tag}: every frame is back in the buddy allocator "
                 "(count 0, inside a PG_buddy block)", not busy, str(busy[:4]))


def vfree_areas(m, line):
    """Checkpoint 'vfree_areas', right after vfree() of each area with
    interrupts off. The frames are free in mem_map either way. Under 2.4
    (lazy=0) every page is unmapped and Bochs' TLB holds none of them:
    each vfree() flushed (3 flush_tlb_all(), counted in tlb_stats, read
    here). Under 2.6 (lazy=1) nothing was flushed: the pages are still
    mapped, to the very frames now free, and the TLB still translates the
    page last touched before each vfree() - the price of lazy freeing."""
    c = claims(line)
    cr3 = m.cregs()["cr3"]
    mem = PhysMem(m)
    seen = Seen(m, int(c["seen"], 16))
    lazy = int(c["lazy"])
    flushes = kernel_word(m, "tlb_stats") - m.vmalloc_flush_all
    m.vmalloc_flush_all += flushes
    tag = f"vfree_areas ({'2.6, lazy' if lazy else '2.4'})"
    checks = [_frames_free(mem, seen, c, m, tag),
              Check(f"{tag}: {0 if lazy else 3} TLB flushes (tlb_stats)",
                    flushes == (0 if lazy else 3) == int(c["flushes"]),
                    f"tlb_stats says {flushes}, kernel claims {c['flushes']}")]
    if not lazy:
        return checks + _unmapped_and_tlb_clean(m, mem, cr3, seen, tag)
    moved, fresh = [], []
    for addr, pfns in seen.areas:
        for i, pfn in enumerate(pfns):
            w = walk(mem, cr3, addr + i * PAGE)
            if w["phys"] is None or w["phys"] >> 12 != pfn:
                moved.append(hex(addr + i * PAGE))
        if (addr, pfns[0] << 12) not in m.tlb(addr):
            fresh.append(hex(addr))
    return checks + [
        Check(f"{tag}: the freed pages are still mapped, to their old frames",
              not moved, str(moved[:4])),
        Check(f"{tag}: Bochs' TLB still translates each area's first page",
              not fresh, str(fresh))]


def vmap_purge(m, line):
    """Checkpoint 'vmap_purge' (2.6): after one purge, every lazily freed
    area is unmapped and out of Bochs' TLB, the frames are still free, and
    tlb_stats counted exactly one flush for all of them."""
    c = claims(line)
    cr3 = m.cregs()["cr3"]
    mem = PhysMem(m)
    seen = Seen(m, int(c["seen"], 16))
    now = kernel_word(m, "tlb_stats")
    tag = "vmap_purge"
    return [Check(f"{tag}: one TLB flush for {len(seen.areas)} areas (tlb_stats)",
                  now - m.vmalloc_flush_all == 1 and now == int(c["flush_all"]),
                  f"{now - m.vmalloc_flush_all} flushes; kernel claims total "
                  f"{c['flush_all']}, tlb_stats holds {now}"),
            _frames_free(mem, seen, c, m, tag)] + \
        _unmapped_and_tlb_clean(m, mem, cr3, seen, tag)


def _fault_common(m, c, tag):
    cr3 = m.cregs()["cr3"]
    pgd, index, addr = int(c["pgd"], 16), int(c["index"]), int(c["addr"], 16)
    entry = m.xp(pgd + index * 4, 1)[0]
    kernel = m.xp(symbol("swapper_pg_dir") - PAGE_OFFSET + index * 4, 1)[0]
    checks = [
        Check(f"{tag}: CR3 is the copied page directory, not swapper_pg_dir",
              cr3 & ~0xFFF == pgd != symbol("swapper_pg_dir") - PAGE_OFFSET,
              f"CR3={cr3:#x} pgd={pgd:#x}"),
        Check(f"{tag}: swapper_pg_dir has the area's page table, kernel-only",
              index == addr >> 22 and kernel == int(c["kernel_pde"], 16) and
              kernel & PRESENT and not kernel & USER,
              f"swapper[{index}]={kernel:#x}, claimed {c['kernel_pde']}")]
    return checks, entry, kernel, addr


def vmalloc_fault_before(m, line):
    """Checkpoint 'vmalloc_fault_before': running on the copied page
    directory, its entry for the new area is empty while swapper_pg_dir's
    is present; Bochs finds the address unmapped; nr_vmalloc_faults reads
    what the kernel claims."""
    c = claims(line)
    tag = "vmalloc_fault_before"
    checks, entry, kernel, addr = _fault_common(m, c, tag)
    faults = kernel_word(m, "nr_vmalloc_faults")
    return checks + [
        Check(f"{tag}: the copy lacks the pgd entry", entry == 0, f"entry {entry:#x}"),
        Check(f"{tag}: Bochs finds {addr:#x} unmapped", m.page(addr)["phys"] is None),
        Check(f"{tag}: nr_vmalloc_faults is {faults}", faults == int(c["faults"]),
              f"claimed {c['faults']}")]


def vmalloc_fault_after(m, line):
    """Checkpoint 'vmalloc_fault_after': the first access faulted once and
    the handler copied swapper_pg_dir's entry into the page directory in
    CR3; the address now maps the area's frame, by our walk and Bochs'."""
    c = claims(line)
    tag = "vmalloc_fault_after"
    checks, entry, kernel, addr = _fault_common(m, c, tag)
    faults = kernel_word(m, "nr_vmalloc_faults")
    cr3 = m.cregs()["cr3"]
    ours = walk(PhysMem(m), cr3, addr)["phys"]
    frame = int(c["frame"], 16)
    return checks + [
        Check(f"{tag}: the copy now has swapper_pg_dir's entry",
              entry == kernel != 0, f"entry {entry:#x} kernel {kernel:#x}"),
        Check(f"{tag}: {addr:#x} maps frame {frame:#x} (walk and Bochs)",
              ours == frame and m.page(addr)["phys"] == frame, f"walk {ours}"),
        Check(f"{tag}: exactly one vmalloc fault", faults == int(c["faults"]) + 1,
              f"nr_vmalloc_faults {faults}, before {c['faults']}")]


def _bios_words(phys, n, path=None):
    """Words of the BIOS image at physical `phys` (it ends at 4 GiB)."""
    data = open(path or BIOS, "rb").read()
    off = phys - ((1 << 32) - len(data))
    return [int.from_bytes(data[off + 4 * i:off + 4 * i + 4], "little") for i in range(n)]


def ioremap_area(m, line):
    """Checkpoint 'ioremap_area': each page of the area maps the next frame
    of the BIOS ROM, uncached (PCD) and kernel-only; the guard page is not
    mapped; through the mapping (Bochs' `x`) and physically (`xp`) the
    memory reads as the BIOS image the machine booted with."""
    c = claims(line)
    cr3 = m.cregs()["cr3"]
    mem = PhysMem(m)
    addr, phys, size = int(c["addr"], 16), int(c["phys"], 16), int(c["size"], 16)
    n = size // PAGE - 1
    tag = f"ioremap_area {phys:#x}"
    bad, content = [], []
    for i in range(n):
        w = walk(mem, cr3, addr + i * PAGE)
        if w["phys"] != phys + i * PAGE or not w["pte"] & PCD or \
                w["pte"] & USER or w["pde"] & USER:
            bad.append(f"{addr + i * PAGE:#x}: {w}")
    for off in (0, n * PAGE - 16):
        rom = _bios_words(phys + off, 4)
        if m.xp(phys + off, 4) != rom or m.x(addr + off, 4) != rom:
            content.append(hex(off))
    return [Check(f"{tag}: {n} pages map consecutive frames, uncached, kernel-only",
                  n > 0 and not bad, "; ".join(bad[:2])),
            Check(f"{tag}: the guard page is not mapped",
                  walk(mem, cr3, addr + n * PAGE)["phys"] is None),
            Check(f"{tag}: the mapping reads as the BIOS image",
                  not content, f"differs at offsets {content}")]


def iounmap_area(m, line):
    """Checkpoint 'iounmap_area': the range is unmapped and not in Bochs'
    TLB (after iounmap() and, under 2.6, the purge)."""
    c = claims(line)
    addr, size = int(c["addr"], 16), int(c["size"], 16)

    class One:
        areas = [(addr, [0] * (size // PAGE - 1))]
    return _unmapped_and_tlb_clean(m, PhysMem(m), m.cregs()["cr3"], One, "iounmap_area")


HANDLERS = {
    "vmalloc_areas": vmalloc_areas,
    "vfree_areas": vfree_areas,
    "vmap_purge": vmap_purge,
    "vmalloc_fault_before": vmalloc_fault_before,
    "vmalloc_fault_after": vmalloc_fault_after,
    "ioremap_area": ioremap_area,
    "iounmap_area": iounmap_area,
}
