# SPDX-License-Identifier: GPL-2.0-only
"""The Bochs oracle for high memory (Chapter 10).

At checkpoint 'pkmap' (tests/kernel/kmap_test.c) the oracle reads
pkmap_count, last_pkmap_nr, mem_map and pkmap_map_wait by symbol through
the debugger, walks the pkmap page table from CR3 itself, and reads the
struct page of every mapped frame, to check the window's invariants; at a
wrap it checks Bochs' TLB; while kmap() sleeps it follows the wait queue
in memory to the sleeping task. At 'kmap_atomic' and 'kunmap_atomic' it
checks the fixmap windows. The kernel supplies only addresses and the
layout of its structures; every value is read here.
"""
from oracle import (Check, PhysMem, walk, claims, PAGE, PRESENT, RW, USER,
                    PSE, PKMAP_BASE, FIXADDR_TOP)

LAST_PKMAP = 1024
FIX_KMAP_BEGIN = 1
KM_USER0, KM_USER1 = 3, 4        # enum km_type (kernel/include/kmap_types.h)
TASK_UNINTERRUPTIBLE = 2


def symbol_words(m, name, n):
    """Read `n` words at kernel symbol `name` through the debugger (which
    has the kernel's symbols loaded). Returns (address, [words])."""
    rows = parse_words_checked(m.cmd(f'x /{n}wx "{name}"'))
    return rows[0][0], [w for _, ws in rows for w in ws][:n]


def parse_words_checked(text):
    import bochs
    rows = bochs.parse_words(text)
    if not rows or "not available" in text or "error" in text.lower():
        raise ValueError(f"cannot read: {text.strip()[:120]}")
    return rows


class KernelMem:
    """Kernel virtual memory read through our own page-table walk from
    CR3 and physical reads (xp); never through the kernel's walker."""

    def __init__(self, m, cr3):
        self.mem = PhysMem(m)
        self.cr3 = cr3

    def word(self, vaddr):
        w = walk(self.mem, self.cr3, vaddr)
        if w["phys"] is None:
            raise ValueError(f"{vaddr:#x} is not mapped")
        return self.mem.word(w["phys"])


def signed(w):
    return w - (1 << 32) if w & 0x80000000 else w


def pkmap_slots(counts, ptes, page_virtual):
    """Check the pkmap invariants on what was read from the machine:
    counts[i] (pkmap_count), ptes[i] (the pkmap page table) and
    page_virtual(pfn) (->virtual of the struct page of frame pfn).
    A slot at 0 has an empty pte; a slot at 1 or more maps a frame whose
    struct page's virtual is that slot's address. Returns (problems,
    tally) with tally = {'used': slots >= 2, 'unused': at 1, 'free': 0}."""
    problems, tally = [], {"used": 0, "unused": 0, "free": 0}
    for i, (count, pte) in enumerate(zip(counts, ptes)):
        addr = PKMAP_BASE + i * PAGE
        if count < 0:
            problems.append(f"slot {i}: count {count}")
            continue
        tally["used" if count >= 2 else "unused" if count == 1 else "free"] += 1
        if count == 0:
            if pte:
                problems.append(f"slot {i}: free but pte {pte:#x}")
            continue
        if not pte & PRESENT:
            problems.append(f"slot {i}: count {count} but pte {pte:#x} not present")
            continue
        virtual = page_virtual(pte >> 12)
        if virtual != addr:
            problems.append(f"slot {i}: maps frame {pte >> 12:#x} whose "
                            f"virtual is {virtual:#x}, not {addr:#x}")
    return problems, tally


def _tlb_stale(m, addr, frame):
    """Bochs' TLB entries for `addr` that do not translate to `frame`
    (None: any entry at all is stale)."""
    return [(hex(l), hex(p)) for l, p in m.tlb(addr)
            if l == addr and (frame is None or p != frame << 12)]


def pkmap(m, line):
    """Checkpoint 'pkmap' (kmap suite): read pkmap_count, last_pkmap_nr and
    mem_map by symbol through the debugger, the pkmap page table by
    walking from CR3, and each mapped frame's struct page; check the
    invariants (pkmap_slots()) and the kernel's tally of the slots. Then,
    by stage: 'mapped' - the claimed address maps the claimed frame, which
    holds the word written through it; 'before_wrap' - remember the unused
    slots and how many of them Bochs' TLB holds; 'after_wrap' - each of
    those slots is free, unmapped, and absent from the TLB (one
    flush_tlb_all() for all); 'sleeping' - every slot is in use, and the
    claimed task sleeps uninterruptibly on pkmap_map_wait, found by
    following the wait queue's list in memory."""
    c = claims(line)
    stage = c.get("stage", "")
    cr3 = m.cregs()["cr3"]
    km = KernelMem(m, cr3)
    _, words = symbol_words(m, "pkmap_count", LAST_PKMAP)
    counts = [signed(w) for w in words]
    last = symbol_words(m, "last_pkmap_nr", 1)[1][0]
    mem_map = symbol_words(m, "mem_map", 1)[1][0]
    pgd = km.mem.page(cr3 & ~0xFFF)
    pde = pgd[PKMAP_BASE >> 22]
    ptes = km.mem.page(pde & ~0xFFF) if pde & PRESENT else [0] * LAST_PKMAP
    psize, voff = int(c["page_size"]), int(c["virtual_off"])

    def page_virtual(pfn):
        return km.word(mem_map + pfn * psize + voff)

    problems, tally = pkmap_slots(counts, ptes, page_virtual)
    tag = f"pkmap #{c.get('seq', '?')} {stage}"
    checks = [
        Check(f"{tag}: the pkmap page table hangs off swapper_pg_dir, kernel-only",
              pde & PRESENT and not pde & (USER | PSE), f"pde {pde:#x}"),
        Check(f"{tag}: every slot agrees with its pte and its page's virtual "
              "(0: unmapped; 1: still mapped; >=2: mapped, in use)",
              not problems, "; ".join(problems[:4])),
        Check(f"{tag}: the kernel's tally of used/unused/free slots and "
              "last_pkmap_nr are what memory says",
              all(int(c[k]) == tally[k] for k in tally) and int(c["last"]) == last,
              f"read {tally} last={last}; claimed {line}")]
    state = m.__dict__.setdefault("oracle_data", {}).setdefault("pkmap", [])
    state.append({"stage": stage, "last": last, "counts": counts})
    if stage == "mapped":
        va, pfn = int(c["vaddr"], 16), int(c["pfn"], 16)
        nr = (va - PKMAP_BASE) >> 12
        checks.append(Check(f"{tag}: {va:#x} maps frame {pfn:#x}, which holds the "
                            "word written through the mapping; Bochs agrees",
                            0 <= nr < LAST_PKMAP and ptes[nr] >> 12 == pfn and
                            counts[nr] >= 2 and
                            km.mem.word(pfn << 12) == int(c["magic"], 16) and
                            m.page(va)["phys"] == pfn << 12,
                            f"pte {ptes[nr]:#x} count {counts[nr]}"))
    elif stage == "before_wrap":
        unused = [i for i, n in enumerate(counts) if n == 1]
        cached = [i for i in unused
                  if any(l == PKMAP_BASE + i * PAGE for l, _ in m.tlb(PKMAP_BASE + i * PAGE))]
        m.oracle_wrap = {i: ptes[i] >> 12 for i in unused}
        checks.append(Check(f"{tag}: Bochs' TLB holds translations of unused "
                            "slots (so the flush at the wrap matters)",
                            cached, f"{len(cached)} of {len(unused)} unused slots cached"))
    elif stage == "after_wrap":
        before = getattr(m, "oracle_wrap", {})
        bad, stale = [], []
        for i, old in before.items():
            addr = PKMAP_BASE + i * PAGE
            now = ptes[i] >> 12 if ptes[i] & PRESENT else None
            if counts[i] == 0 and ptes[i]:
                bad.append(f"slot {i} pte {ptes[i]:#x}")
            elif counts[i] == 1:
                bad.append(f"slot {i} still unused")
            stale += _tlb_stale(m, addr, now)
        checks.append(Check(f"{tag}: every slot unused before the wrap is free or "
                            "remapped, its old pte cleared",
                            before and not bad, f"{len(before)} slots; {bad[:4]}"))
        checks.append(Check(f"{tag}: Bochs' TLB holds no stale translation of "
                            "those slots", before and not stale, f"{stale[:4]}"))
    elif stage == "sleeping":
        checks += _pkmap_sleepers(m, km, c, tally, mem_map, psize, voff, tag)
    return checks


def _pkmap_sleepers(m, km, c, tally, mem_map, psize, voff, tag):
    """Follow pkmap_map_wait's task list in memory to the sleeping tasks."""
    head, _ = symbol_words(m, "pkmap_map_wait", 1)
    lst = head + int(c["wq_list_off"])
    node, tasks = km.word(lst), []
    while node != lst and len(tasks) < 64:
        entry = node - int(c["wait_list_off"])
        task = km.word(entry + int(c["wait_task_off"]))
        tasks.append((km.word(task + int(c["task_pid_off"])),
                      km.word(task + int(c["task_state_off"]))))
        node = km.word(node)
    page = int(c["page"], 16)
    pfn = (page - mem_map) // psize
    return [
        Check(f"{tag}: no slot is free or unused", tally["used"] == LAST_PKMAP,
              f"{tally}"),
        Check(f"{tag}: pkmap_map_wait holds the claimed number of tasks, "
              "all TASK_UNINTERRUPTIBLE, the claimed one among them",
              len(tasks) == int(c["waiters"]) and
              all(s == TASK_UNINTERRUPTIBLE for _, s in tasks) and
              int(c["pid"]) in [p for p, _ in tasks], f"(pid, state) {tasks}"),
        Check(f"{tag}: the page it waits for has no kernel address yet",
              (page - mem_map) % psize == 0 and
              km.word(mem_map + pfn * psize + voff) == 0, f"page {page:#x}")]


def _kmap_windows(c):
    """(vaddr, pfn, magic) of each window a kmap_atomic checkpoint claims."""
    out = []
    for sfx in ("", "1"):
        if "vaddr" + sfx in c:
            out.append((int(c["vaddr" + sfx], 16), int(c["pfn" + sfx], 16),
                        int(c["magic" + sfx], 16) if "magic" + sfx in c else None))
    return out


def kmap_atomic(m, line):
    """Checkpoint 'kmap_atomic': the KM_USER0 and KM_USER1 windows are the
    fixmap pages FIXADDR_TOP - (FIX_KMAP_BEGIN + type) pages; our walk
    from CR3 finds each mapping the claimed frame, kernel-only and
    writable; Bochs' `page` agrees; the frame holds the word written
    through the window."""
    c = claims(line)
    cr3 = m.cregs()["cr3"]
    mem = PhysMem(m)
    checks = []
    for (va, pfn, magic), kind in zip(_kmap_windows(c), (KM_USER0, KM_USER1)):
        w = walk(mem, cr3, va)
        want = FIXADDR_TOP - (FIX_KMAP_BEGIN + kind) * PAGE
        checks.append(Check(f"kmap_atomic: window of type {kind} at {want:#x} maps "
                            f"frame {pfn:#x}, kernel read-write, holding the word "
                            "written through it; Bochs agrees",
                            va == want and w["phys"] == pfn << 12 and
                            w["pte"] & RW and not w["pte"] & USER and
                            mem.word(pfn << 12) == magic and
                            m.page(va)["phys"] == pfn << 12,
                            f"vaddr {va:#x} walk {w} "))
    return checks


def kunmap_atomic(m, line):
    """Checkpoint 'kunmap_atomic': with highmem_debug the window's pte is
    empty and neither Bochs' walk nor its TLB translates it any more;
    without, the window still maps the frame until its next use (Linux
    2.4's lazy kunmap_atomic)."""
    c = claims(line)
    va, pfn = int(c["vaddr"], 16), int(c["pfn"], 16)
    w = walk(PhysMem(m), m.cregs()["cr3"], va)
    if int(c["debug"]):
        stale = _tlb_stale(m, va, None)
        return [Check("kunmap_atomic (highmem_debug): the window's pte is cleared, "
                      "Bochs finds it unmapped and its TLB holds no entry for it",
                      w["pte"] == 0 and m.page(va)["phys"] is None and not stale,
                      f"walk {w} TLB {stale}")]
    return [Check("kunmap_atomic: the window still maps the frame (lazy, as 2.4)",
                  w["phys"] == pfn << 12, f"walk {w}")]
