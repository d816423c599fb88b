#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Physical memory as the kernel found it and used it at boot: the data of
the book's physical memory map (`.. physmap::`, book/_ext/vmm_figures.py).

Nothing here is typed in. One boot of the current image, driven through
the Bochs debugger by tools/transcript.py (and cached by image hash like
every transcript), stops at three checkpoints of the boot memory setup:

  bootmem      the kernel image, the initramfs, the early page tables of
               asm/head.asm and the boot allocator's bitmap, as
               setup_memory() placed them; the e820 map the kernel printed
               before (the "user-defined" one if mem= trimmed it);
  paging_init  swapper_pg_dir (CR3) and high_memory; the kernel half of the
               page directory is read with `x`, and every entry that points
               to a page table names one page paging_init() took from the
               boot allocator (direct map, pkmap, fixmap);
  zones        the zones' frame ranges; the pointer mem_map is read with
               `x`, and its length is max_pfn entries of sizeof(struct
               page), which the compiler evaluates from kernel/include.

    physmap.py [MEGS [OPTIONS]]    print the map of a MEGS MiB guest (32)
"""
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import bochs  # noqa: E402
import layout  # noqa: E402
import transcript  # noqa: E402

KIB, MIB, GIB = 1 << 10, 1 << 20, 1 << 30
PAGE = 4096
MEM_MAP_CMD = 'x /1wx "mem_map"'
# The kernel half of the page directory: 256 entries from PAGE_OFFSET's.
PGD_CMD = 'x /256wx "swapper_pg_dir"+3072'
CONSTANTS = ["PAGE_OFFSET", "PKMAP_BASE", "LAST_PKMAP", "PAGE_SIZE", "FIXADDR_START",
             "sizeof(struct page)"]
HEADERS = layout.HEADERS + ["mm.h"]


class PhysmapError(Exception):
    """The boot no longer tells what the map needs."""


def session(megs=32, options=""):
    """The debugger session whose result parse() reads."""
    cmdline = " ".join(["test=boot.boot_params_are_valid panic=-1", options]).strip()
    return {"kind": "debugger", "cmdline": cmdline, "megs": megs,
            "steps": [["checkpoint", "bootmem", []],
                      ["checkpoint", "paging_init", [PGD_CMD, layout.HIGH_MEMORY_CMD]],
                      ["checkpoint", "zones", [MEM_MAP_CMD]]]}


def _range(claims, key, line):
    if key not in claims:
        raise PhysmapError(f"the checkpoint line has no {key}=: {line}")
    try:
        a, b = claims[key].split("-")
        return int(a, 16), int(b, 16)
    except ValueError:
        raise PhysmapError(f"{key}= is not a range START-END: {line}") from None


def _number(claims, key, line):
    if key not in claims:
        raise PhysmapError(f"the checkpoint line has no {key}=: {line}")
    return int(claims[key], 16)


def _claims(text, name):
    lines = [l for l in bochs.checkpoint_lines(text) if l.split()[2:3] == [name]]
    if not lines:
        raise PhysmapError(f"the boot printed no '{name}' checkpoint line")
    return dict(re.findall(r"(\w+)=(\S+)", lines[-1])), lines[-1]


def e820_map(text):
    """[(start, end, type)] of the map the kernel works with: the
    user-defined one if the boot printed it (mem=), else the BIOS's."""
    pattern = r"^\[[ .0-9]+\]\s+(BIOS-e820|BIOS-e801|user): ([0-9a-f]{16}) - ([0-9a-f]{16}) \((.+)\)$"
    found = {}
    for who, a, b, kind in re.findall(pattern, text, re.M):
        found.setdefault("user" if who == "user" else "bios", []).append(
            (int(a, 16), int(b, 16), kind))
    entries = found.get("user") or found.get("bios")
    if not entries:
        raise PhysmapError("the boot printed no e820 map (BIOS-provided physical RAM map)")
    return entries


def _answer(events, command):
    for ev in events:
        if ev[0] == "cmd" and ev[2] == command:
            return ev[3]
    raise PhysmapError(f"the session has no answer to {command!r}")


def _words(answer, command):
    try:
        words = bochs.words_from(answer)
    except bochs.BochsError as err:
        raise PhysmapError(f"{command}: {err}") from None
    if not words:
        raise PhysmapError(f"{command} answered no memory: {answer.strip()[:120]}")
    return words


def page_tables(pgd, c, high_memory):
    """[(name, phys)] of the page tables the kernel half of the page
    directory points to (4 MiB entries point to none)."""
    out = []
    fix_pde = c["FIXADDR_START"] >> 22
    pkmap = range(c["PKMAP_BASE"] >> 22,
                  (c["PKMAP_BASE"] + c["LAST_PKMAP"] * c["PAGE_SIZE"] - 1 >> 22) + 1)
    for i, pde in enumerate(pgd):
        if not pde & 1 or pde & 0x80:
            continue
        index = (c["PAGE_OFFSET"] >> 22) + i
        vaddr = index << 22
        if vaddr < high_memory:
            name = "direct map page table"
        elif index in pkmap:
            name = "pkmap page table"
        elif index >= fix_pde:
            name = "fixmap page table"
        else:
            name = "kernel page table"
        out.append((name, pde & ~0xFFF))
    return out


def _merge(tables):
    """Adjacent page tables become one region, named after what they map:
    "page tables: direct map (8), fixmap, pkmap"."""
    runs = []
    for name, phys in sorted(tables, key=lambda t: t[1]):
        if runs and runs[-1]["end"] == phys:
            runs[-1]["end"] += PAGE
            runs[-1]["what"].append(name.replace(" page table", ""))
        else:
            runs.append({"start": phys, "end": phys + PAGE,
                         "what": [name.replace(" page table", "")]})
    regions = []
    for r in runs:
        kinds = []
        for w in r["what"]:
            if w not in kinds:
                kinds.append(w)
        parts = [w if r["what"].count(w) == 1 else f"{w} ({r['what'].count(w)})"
                 for w in kinds]
        noun = "page table" if len(r["what"]) == 1 else "page tables"
        regions.append({"name": f"{noun}: {', '.join(parts)}", "start": r["start"],
                        "end": r["end"], "kind": "pagetable"})
    return regions


def parse(result, megs, constants):
    """The map: e820 entries, zones and the regions the boot put in memory,
    from a session() result. Raises PhysmapError for anything missing."""
    if result.get("kind") != "debugger":
        raise PhysmapError("not a debugger session")
    events = result["events"]
    text = "\n".join(ev[2] for ev in events if ev[0] == "cont")
    c = constants
    e820 = e820_map(text)

    bm, line = _claims(text, "bootmem")
    kernel, initrd = _range(bm, "kernel", line), _range(bm, "initrd", line)
    tables = _range(bm, "tables", line)
    bitmap = _number(bm, "map", line)
    bitmap_end = bitmap + _number(bm, "bytes", line)

    pi, line = _claims(text, "paging_init")
    cr3 = _number(pi, "cr3", line)
    high_memory = _number(pi, "high_memory", line)
    pgd = _words(_answer(events, PGD_CMD), PGD_CMD)
    if len(pgd) != 256:
        raise PhysmapError(f"{PGD_CMD} gave {len(pgd)} entries, not 256")

    zl, line = _claims(text, "zones")
    max_pfn, max_low_pfn = _number(zl, "max_pfn", line), _number(zl, "max_low_pfn", line)
    zones = []
    for key, name in (("dma", "ZONE_DMA"), ("normal", "ZONE_NORMAL"),
                      ("highmem", "ZONE_HIGHMEM")):
        a, b = _range(zl, key, line)
        if b > a:
            zones.append({"name": name, "start": a * PAGE, "end": b * PAGE})
    mem_map = _words(_answer(events, MEM_MAP_CMD), MEM_MAP_CMD)[0] - c["PAGE_OFFSET"]

    regions = [{"name": "kernel image", "start": kernel[0], "end": kernel[1],
                "kind": "kernel"},
               {"name": "swapper_pg_dir", "start": cr3, "end": cr3 + PAGE,
                "kind": "pgd"}]
    if initrd[1] > initrd[0]:
        regions.append({"name": "initramfs", "start": initrd[0], "end": initrd[1],
                        "kind": "initrd"})
    regions += [{"name": "early page tables", "start": tables[0], "end": tables[1],
                 "kind": "early"},
                {"name": "bootmem bitmap", "start": bitmap, "end": bitmap_end,
                 "kind": "bitmap"},
                {"name": "mem_map", "start": mem_map,
                 "end": mem_map + max_pfn * c["sizeof(struct page)"], "kind": "memmap"}]
    regions += _merge(page_tables(pgd, c, high_memory))
    regions.sort(key=lambda r: (r["start"], -r["end"]))

    ram_end = max(b for a, b, t in e820 if t == "usable")
    top = max(b for a, b, t in e820 if a <= ram_end)    # RAM and what adjoins it
    beyond = [(a, b, t) for a, b, t in e820 if a > ram_end]
    return {"megs": megs, "e820": [(a, min(b, top), t) for a, b, t in e820 if a <= ram_end],
            "beyond": beyond, "top": top, "zones": zones, "regions": regions,
            "max_pfn": max_pfn, "max_low_pfn": max_low_pfn, "high_memory": high_memory,
            "struct_page": c["sizeof(struct page)"]}


# The regions asm/head.asm and setup_memory() lay out from 1 MiB up.
CLUSTER = ("kernel", "pgd", "initrd", "early", "bitmap")


def _align_up(x, a):
    return (x + a - 1) // a * a


def rows(data):
    """[(start, end)] of the bands the figure draws, each to scale: all of
    memory, then, where it is much smaller, the part up to the end of every
    boot-time region, then the first megabytes, up to the end of the
    bootmem bitmap."""
    out = [(0, data["top"])]
    ends = [_align_up(max(r["end"] for r in data["regions"]), 4 * MIB),
            _align_up(max(r["end"] for r in data["regions"] if r["kind"] in CLUSTER), MIB)]
    for end in ends:
        if end * 4 <= out[-1][1]:
            out.append((0, end))
    return out


def get(image, symbols, cachedir, megs=32, options="", root=ROOT):
    """parse() of the (cached) session on this image."""
    c = layout.evaluate(CONSTANTS, root, headers=HEADERS)
    result = transcript.get(session(megs, options), image, symbols, cachedir)
    return parse(result, megs, c)


def size_text(n):
    """Sizes as the figure labels them: 4 KiB, 1.5 MiB, 376 bytes."""
    for unit, size in (("GiB", GIB), ("MiB", MIB), ("KiB", KIB)):
        if n >= size:
            v = n / size
            if v == int(v):
                return f"{v:.0f} {unit}"
            return f"{v:.1f} {unit}" if v >= 100 else f"{v:.3g} {unit}"
    return f"{n} bytes"


def main():
    megs = int(sys.argv[1]) if len(sys.argv) > 1 else 32
    options = " ".join(sys.argv[2:])
    build = os.path.join(ROOT, "build")
    data = get(os.path.join(build, "vmm386.img"), os.path.join(build, "vmm386.sym"),
               os.path.join(build, "book", "transcripts"), megs, options)
    print(f"physical memory of a {megs} MiB guest, 0 - {data['top']:#x}")
    for a, b, t in data["e820"]:
        print(f"  e820 {a:#010x} - {b:#010x}  {size_text(b - a):>10}  {t}")
    for a, b, t in data["beyond"]:
        print(f"  e820 {a:#010x} - {b:#010x}  {size_text(b - a):>10}  {t} (not drawn)")
    for z in data["zones"]:
        print(f"  zone {z['start']:#010x} - {z['end']:#010x}  "
              f"{size_text(z['end'] - z['start']):>10}  {z['name']}")
    for r in data["regions"]:
        print(f"       {r['start']:#010x} - {r['end']:#010x}  "
              f"{size_text(r['end'] - r['start']):>10}  {r['name']}")


if __name__ == "__main__":
    main()
