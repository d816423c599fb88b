# SPDX-License-Identifier: GPL-2.0-only
"""The Bochs oracle for the slab allocator (Chapter 9).

At checkpoint 'slab' (tests/kernel/slab_test.c) the kernel names a cache
and some of its objects, each filled at both ends with `pattern ^ index`.
From outside, through the debugger, the oracle then checks what the slab
allocator's design promises: each object is mapped by the kernel's direct
mapping (walked here, cross-checked with Bochs' `page`), DMA objects lie
below 16 MiB, the memory holds what the kernel wrote, no two objects
overlap, and the object's struct page in mem_map has PG_slab set and points
back at the cache (page->list.next) and at a slab (page->list.prev) whose
s_mem places the object on an object boundary of that slab.

The kernel supplies only addresses and the layout of its structures
(sizeof(struct page), field offsets); every value is read by the oracle.
"""
from oracle import Check, PhysMem, walk, claims, PAGE_OFFSET

DMA_LIMIT = 16 << 20


def slab(m, line):
    """Checkpoint 'slab': see the module's docstring."""
    c = claims(line)
    num = lambda k: int(c[k], 0)  # noqa: E731
    cache, objsize, nobj = num("cache"), num("objsize"), num("num")
    mem_map, page_size = num("mem_map"), num("page_size")
    flags_off, pg_slab, smem_off = num("flags_off"), num("pg_slab"), num("smem_off")
    pattern, dma = num("pattern"), num("dma")
    objs = [int(x, 16) for x in c["objs"].split(",")]
    cr3 = m.cregs()["cr3"]
    mem = PhysMem(m)
    tag = f"slab {'DMA' if dma else 'normal'} cache {cache:#x}"

    def phys(v):
        return walk(mem, cr3, v)["phys"]

    def word(v):
        p = phys(v)
        return None if p is None else mem.word(p)

    unmapped, not_direct, high, bad_fill, bochs = [], [], [], [], []
    for i, v in enumerate(objs):
        p = phys(v)
        if p is None:
            unmapped.append(hex(v))
            continue
        if p != v - PAGE_OFFSET:
            not_direct.append(f"{v:#x}->{p:#x}")
        if dma and p + objsize > DMA_LIMIT:
            high.append(f"{v:#x}->{p:#x}")
        want = (pattern ^ i) & 0xFFFFFFFF
        got = (mem.word(p), word(v + objsize - 4))
        if got != (want, want):
            bad_fill.append(f"{v:#x}: {got[0]:#x},{got[1]} want {want:#x}")
        theirs = m.page(v)["phys"]
        if theirs != p & ~0xFFF:
            bochs.append(f"{v:#x}: walk {p:#x} bochs {theirs}")
    checks = [
        Check(f"{tag}: {len(objs)} objects mapped in the direct mapping",
              objs and not unmapped and not not_direct,
              f"unmapped {unmapped[:3]} elsewhere {not_direct[:3]}"),
        Check(f"{tag}: Bochs' page translation agrees", not bochs, "; ".join(bochs[:3])),
        Check(f"{tag}: memory holds what the kernel wrote at both ends of each object",
              not bad_fill, "; ".join(bad_fill[:3])),
    ]
    if dma:
        checks.append(Check(f"{tag}: objects lie below 16 MiB", not high, str(high[:3])))
    spans = sorted((v, v + objsize) for v in objs)
    overlap = [(hex(a[0]), hex(b[0])) for a, b in zip(spans, spans[1:]) if a[1] > b[0]]
    checks.append(Check(f"{tag}: objects do not overlap", not overlap, str(overlap[:3])))

    bad_page, bad_slab = [], []
    for v in objs:
        p = phys(v)
        if p is None:
            continue
        pg = mem_map + (p >> 12) * page_size
        nxt, prv, flags = word(pg), word(pg + 4), word(pg + flags_off)
        if flags is None or not (flags >> pg_slab) & 1 or nxt != cache:
            bad_page.append(f"{v:#x}: page {pg:#x} flags {flags} cache {nxt}")
            continue
        s_mem = word(prv + smem_off) if prv is not None else None
        off = None if s_mem is None else v - s_mem
        if off is None or off < 0 or off % objsize or off // objsize >= nobj:
            bad_slab.append(f"{v:#x}: slab {prv} s_mem {s_mem}")
    checks.append(Check(f"{tag}: struct pages are PG_slab and point at the cache",
                        not bad_page, "; ".join(bad_page[:3])))
    checks.append(Check(f"{tag}: each object is on an object boundary of its slab",
                        not bad_slab, "; ".join(bad_slab[:3])))
    return checks
