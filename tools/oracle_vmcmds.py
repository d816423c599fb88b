# SPDX-License-Identifier: GPL-2.0-only
"""Checks of the debugger's VM commands (tools/vmdecode.py) at checkpoints
whose state the test knows.

A guest of tests/targets.py that lists "vm:NAME" among its oracles has
the commands typed at checkpoint NAME, exactly as a person would type
them at `make debug`'s prompt, and their answers compared with what the
checkpoint line claims and with the oracle's independent model of the
machine (oracle.MemoryModel for the zones). The commands never see the
claims: a command that decodes a structure wrongly fails here.
"""
import re

import oracle
import oracle_vmalloc
import vmdecode
from oracle import Check, claims

PAGE = 4096


def _run(m, line):
    sym = vmdecode.Symbols()
    try:
        return vmdecode.run(m, sym, line)
    except vmdecode.VmError as e:
        return f"VmError: {e}"


def _field(text, pattern):
    found = re.search(pattern, text, re.M)
    return found.group(1) if found else None


def paging(m, line):
    """Checkpoint 'paging' (after mem_init()): walk finds the kernel's
    first page in the direct map at frame 0x100 and page 0 unmapped in
    user space; cpu shows CR3 as the page directory the kernel claims and
    EIP in checkpoint(); zones lists exactly the zones the e820 model
    predicts, each with free blocks adding up to free_pages; maps says
    the idle task, a kernel thread, has no user address space to list;
    ps lists the idle task."""
    c = claims(line)
    model = oracle.MemoryModel(m.megs, m.cmdline)
    kwalk = _run(m, "walk 0xc0100000")
    zwalk = _run(m, "walk 0")
    cpu = _run(m, "cpu")
    zones = _run(m, "zones")
    spans = [(int(a, 16), int(b, 16)) for a, b in
             re.findall(r"^zone \S+\s+frames (0x[0-9a-f]+)-(0x[0-9a-f]+)", zones, re.M)]
    want = [z for z in model.zones.values() if z[1] > z[0]]
    ps = _run(m, "ps")
    return [
        Check("vm walk: 0xc0100000 is frame 0x100 in the direct map",
              "frame      0x100," in kwalk and "window     direct map" in kwalk, kwalk),
        Check("vm walk: page 0 is unmapped, in user space, and the idle task "
              "has no user address space",
              "not mapped" in zwalk and "is a kernel thread" in zwalk, zwalk),
        Check("vm cpu: CR3 is the claimed page directory, EIP is in checkpoint()",
              _field(cpu, r"cr3=([0-9a-f]+)") == f"{int(c['cr3'], 16):08x}" and
              "<checkpoint+" in cpu, cpu),
        Check("vm zones: the zones' frames are the e820 model's",
              spans == want, f"{zones}\nmodel {want}"),
        Check("vm zones: each zone's free lists add up to its free_pages",
              zones.count("as free_pages says") == len(want) and "MISMATCH" not in zones,
              zones),
        Check("vm maps: the idle task is a kernel thread, with no VMAs",
              "is a kernel thread: it has no user address space" in
              _run(m, "maps"), _run(m, "maps")),
        Check("vm ps: the idle task, pid 0 swapper, is on the task list",
              re.search(r"^.\s+0 R swapper ", ps, re.M) is not None, ps),
    ]


def vmalloc_areas(m, line):
    """Checkpoint 'vmalloc_areas': `vmalloc` lists each area the kernel
    recorded, with its page count, all of them mapped; `walk` of the first
    area's first page finds the recorded frame in the vmalloc window, of
    its guard page nothing mapped; `frameof` shows that frame in use."""
    c = claims(line)
    seen = oracle_vmalloc.Seen(m, int(c["seen"], 16))
    listing = _run(m, "vmalloc")
    missing = []
    for addr, pfns in seen.areas:
        pat = rf"^  {addr:#010x}-{addr + (len(pfns) + 1) * PAGE:#010x} .* " \
              rf"pages={len(pfns)} mapped={len(pfns)} vmalloc"
        if not re.search(pat, listing, re.M):
            missing.append(hex(addr))
    first, pfns = seen.areas[0]
    walk = _run(m, f"walk {first:#x}")
    guard = _run(m, f"walk {first + len(pfns) * PAGE:#x}")
    frame = _run(m, f"frameof {first:#x}")
    return [
        Check(f"vm vmalloc: lists the {len(seen.areas)} recorded areas, every page mapped",
              seen.areas and not missing, f"missing {missing}\n{listing}"),
        Check("vm walk: the first vmalloc page maps the recorded frame, in its area",
              f"frame      {pfns[0]:#x}," in walk and "window     vmalloc: area" in walk, walk),
        Check("vm walk: the guard page is not mapped and named as the guard page",
              "not mapped" in guard and "its guard page" in guard, guard),
        Check("vm frameof: the frame is in use by one",
              f"maps frame {pfns[0]:#x}" in frame and "count    1" in frame and
              "in use by 1" in frame, frame),
    ]


def vfree_areas(m, line):
    """Checkpoint 'vfree_areas' under the 2.4 design: walk finds the freed
    area unmapped and the TLB holding nothing for it (vfree() flushed)."""
    c = claims(line)
    if int(c["lazy"]):
        return []
    first = int(c["first"], 16)
    walk = _run(m, f"walk {first:#x}")
    return [Check("vm walk: a vfree()d page is unmapped and out of the TLB",
                  "not mapped" in walk and "no entry for this page" in walk, walk)]


def pkmap(m, line):
    """Checkpoint 'pkmap': the summary counts exactly the used, unused and
    free slots and the last_pkmap_nr the kernel claims, with no problem;
    at stage 'mapped' walk finds the claimed frame in the claimed slot;
    at stage 'sleeping' ps shows the claimed task in state D."""
    c = claims(line)
    text = _run(m, "pkmap")
    head = re.search(r"(\d+) in use, (\d+) unused but mapped, (\d+) free; "
                     r"last_pkmap_nr (\d+)", text)
    got = tuple(int(x) for x in head.groups()) if head else None
    want = (int(c["used"]), int(c["unused"]), int(c["free"]), int(c["last"]))
    checks = [Check(f"vm pkmap ({c.get('stage')}): the slot summary is what the kernel "
                    "claims", got == want and "PROBLEM" not in text, f"{text}\nclaims {want}")]
    if c.get("stage") == "mapped":
        va, pfn = int(c["vaddr"], 16), int(c["pfn"], 16)
        walk = _run(m, f"walk {va:#x}")
        slot = (va - oracle.PKMAP_BASE) // PAGE
        checks.append(Check("vm walk: a kmap() address maps the claimed frame, in its slot",
                            f"frame      {pfn:#x}," in walk and
                            f"kmap() slot {slot}," in walk, walk))
    if c.get("stage") == "sleeping":
        ps = _run(m, "ps")
        checks.append(Check(f"vm ps: pid {c['pid']} sleeps uninterruptibly (D)",
                            re.search(rf"^.\s*{c['pid']} D ", ps, re.M) is not None, ps))
    return checks


def kmap_atomic(m, line):
    """Checkpoint 'kmap_atomic': walk of the KM_USER0 window finds the
    claimed frame in the fixmap, as a kmap_atomic window."""
    c = claims(line)
    walk = _run(m, f"walk {int(c['vaddr'], 16):#x}")
    return [Check("vm walk: the kmap_atomic window maps the claimed frame in the fixmap",
                  f"frame      {int(c['pfn'], 16):#x}," in walk and
                  "kmap_atomic window" in walk, walk)]


# A line of /proc/PID/maps, and the same columns of a `vm maps` line
# (which adds "    present N/M").
PROC_MAPS_RE = re.compile(r"^\s*# maps: ([0-9a-f]{8})-([0-9a-f]{8}) (\S{4}) "
                          r"([0-9a-f]{8}) (\S+) (\d+) *(.*?)\s*$", re.M)
VM_MAPS_RE = re.compile(r"^([0-9a-f]{8})-([0-9a-f]{8}) (\S{4}) ([0-9a-f]{8}) "
                        r"(\S+) (\d+)(?: (.*?))?    present ", re.M)


def _maps_columns(regex, text):
    """[(start, end, perms, offset, device, inode, name)] of maps lines."""
    return [tuple(g or "" for g in x) for x in regex.findall(text)]


def vma(m, line):
    """Checkpoint 'vma', reached from the user program t_mmap: maps lists
    the current task's regions exactly as the oracle reads the region list
    (start, end, read/write bits), and its present-page counts add up to
    the present user ptes the oracle finds walking CR3 itself; every
    column of maps (bits, offset, device, inode number, path or [heap] /
    [stack]) is what the kernel's own /proc/self/maps said just before the
    checkpoint (t_mmap prints it); walk of the first region's start names
    that region."""
    import oracle_vma
    c = claims(line)
    o = oracle_vma.offsets()
    mm = oracle_vma._word(m, int(c["task"], 16) + o["task.mm"])
    want = oracle_vma.read_regions(m, mm, o)
    text = _run(m, "maps")
    got = [(int(a, 16), int(b, 16), perms) for a, b, perms in
           re.findall(r"^([0-9a-f]{8})-([0-9a-f]{8}) (\S{4}) ", text, re.M)]
    expect = [(s, e, ("r" if f & 1 else "-") + ("w" if f & 2 else "-"))
              for s, e, f in want]
    present = sum(int(n) for n in re.findall(r"present (\d+)/", text))
    cr3 = m.cregs()["cr3"]
    ptes = [x for x in oracle.mappings(oracle.PhysMem(m), cr3, 0,
                                       (o["TASK_SIZE"] >> 22) - 1)
            if x[4] is not None and x[4] & oracle.PRESENT]
    first = _run(m, f"walk {want[0][0]:#x}") if want else ""
    # Only t_mmap prints its /proc/self/maps before the checkpoint (other
    # programs, t_random, stop at 'vma' too): compare where it did.
    proc = _maps_columns(PROC_MAPS_RE, m.last_stop_text)
    ours = _maps_columns(VM_MAPS_RE, text)
    columns = [Check("vm maps: each column (bits, offset, device, inode, "
                     "path) is what /proc/self/maps says, file regions "
                     "included", any(c[5] != "0" for c in proc) and
                     ours == proc,
                     f"/proc/self/maps: {proc}\nvm maps: {ours}")] if proc else []
    return columns + [
        Check("vm maps: the regions and their read/write bits are the "
              "region list's", bool(expect) and
              [(s, e, p[:2]) for s, e, p in got] == expect, text),
        Check("vm maps: present pages add up to the present user ptes",
              present == len(ptes), f"maps says {present}, CR3 walk finds "
              f"{len(ptes)}\n{text}"),
        Check("vm walk: a user address names its region",
              bool(want) and f"VMA {want[0][0]:08x}-{want[0][1]:08x}" in first,
              first),
    ]


HANDLERS = {"paging": paging, "vmalloc_areas": vmalloc_areas,
            "vfree_areas": vfree_areas, "pkmap": pkmap, "kmap_atomic": kmap_atomic,
            "vma": vma}
