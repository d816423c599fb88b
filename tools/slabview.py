#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""The slab allocator's caches as they are in a running kernel, read from
outside through the Bochs debugger (for the book's slab figures, Chapter 9).

Nothing is taken from the kernel's word: at a stop (a breakpoint on a
function, or a named checkpoint) the cache descriptors are found by
walking the cache chain from the symbol cache_cache, every slab on each
cache's three lists is read with its slab_t and kmem_bufctl_t array, the
struct page of every page of every slab is read from mem_map, and the
per-CPU array with the objects it holds. The layout of the structures
(field offsets, sizes, flag values) is evaluated by the compiler from
kernel/include, so a renamed field fails here instead of being misread.
All reads are of physical memory (`xp`): caches and slabs live in the
kernel's direct mapping, at virtual address PAGE_OFFSET + physical.

check() then verifies what the design promises of each slab (PG_slab
pages pointing back at the cache and the slab, the colour a multiple of
colour_off, slab_t and objects where the layout puts them, a free chain
of num - inuse distinct objects, bufctl states adding up to inuse) and
returns the violations: the book refuses to draw a figure of a state the
allocator should never be in.

    slabview.py "test=slab.colours_cycle panic=-1" @break=kmem_cache_free slab-test-colour
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import bochs  # noqa: E402
import layout  # noqa: E402
import transcript  # noqa: E402
from oracle import PhysMem  # noqa: E402

HEADERS = ["mm.h", "slab.h", "slab_def.h"]
CACHE_FIELDS = ["slabs_full", "slabs_partial", "slabs_free", "objsize", "flags", "num",
                "batchcount", "gfporder", "colour", "colour_off", "colour_next",
                "slabp_cache", "name", "next", "cpudata"]
SLAB_FIELDS = ["list", "colouroff", "s_mem", "inuse", "free"]
PAGE_FIELDS = ["list", "flags"]
CONSTANTS = ["PAGE_OFFSET", "PAGE_SIZE", "L1_CACHE_BYTES", "CFLGS_OFF_SLAB", "PG_slab",
             "BUFCTL_END", "BUFCTL_ACTIVE", "BUFCTL_PERCPU", "CACHE_NAMELEN",
             "sizeof(slab_t)", "sizeof(kmem_bufctl_t)", "sizeof(cpucache_t)",
             "sizeof(struct page)"]
LISTS = ("slabs_full", "slabs_partial", "slabs_free")


class SlabViewError(Exception):
    """The kernel's headers or memory are not what this reader expects."""


def structure_layout(root=ROOT):
    """{name: value}: offsets of the fields read (kmem_cache_s.objsize ...)
    and the constants, as the compiler evaluates them."""
    exprs = {f"kmem_cache_s.{f}": f"__builtin_offsetof(struct kmem_cache_s, {f})"
             for f in CACHE_FIELDS}
    exprs.update({f"slab_s.{f}": f"__builtin_offsetof(struct slab_s, {f})"
                  for f in SLAB_FIELDS})
    exprs.update({f"page.{f}": f"__builtin_offsetof(struct page, {f})" for f in PAGE_FIELDS})
    exprs.update({c: c for c in CONSTANTS})
    try:
        values = layout.evaluate(list(exprs.values()), root, headers=HEADERS)
    except layout.LayoutError as err:
        raise SlabViewError(f"the slab structures no longer evaluate: {err}") from None
    return {k: values[v] for k, v in exprs.items()}


def symbol(symbols, name):
    with open(symbols) as f:
        for line in f:
            parts = line.split()
            if parts[1:2] == [name]:
                return int(parts[0], 16)
    raise SlabViewError(f"no symbol {name} in {symbols}")


class Reader:
    """Words and strings of the stopped kernel's direct mapping."""

    def __init__(self, machine, lay):
        self.mem = PhysMem(machine)
        self.lay = lay

    def word(self, vaddr):
        return self.mem.word(vaddr - self.lay["PAGE_OFFSET"])

    def words(self, vaddr, n):
        return [self.word(vaddr + 4 * i) for i in range(n)]

    def string(self, vaddr, size):
        raw = b"".join(w.to_bytes(4, "little") for w in self.words(vaddr, (size + 3) // 4))
        return raw[:size].split(b"\0")[0].decode("latin-1")

    def chain(self, head):
        """Addresses of the list_heads linked from `head` (not head itself)."""
        out, p = [], self.word(head)
        while p != head:
            if len(out) > 100000 or p in out[-1:]:
                raise SlabViewError(f"list at {head:#x} does not come back to its head")
            out.append(p)
            p = self.word(p)
        return out


def read_cache(r, addr, lay, mem_map):
    """Everything the figures show of the cache at `addr`."""
    f = lambda name: r.word(addr + lay[f"kmem_cache_s.{name}"])  # noqa: E731
    cache = {"addr": addr, "name": r.string(addr + lay["kmem_cache_s.name"],
                                            lay["CACHE_NAMELEN"])}
    for name in ("objsize", "flags", "num", "batchcount", "gfporder", "colour",
                 "colour_off", "colour_next"):
        cache[name] = f(name)
    cache["off_slab"] = bool(cache["flags"] & lay["CFLGS_OFF_SLAB"])
    sp = f("slabp_cache")
    cache["slabp_cache"] = r.string(sp + lay["kmem_cache_s.name"], lay["CACHE_NAMELEN"]) \
        if cache["off_slab"] and sp else None
    cache["slabp_cache_addr"] = sp if cache["off_slab"] else None
    cc = f("cpudata")
    if cc:
        avail, limit = r.words(cc, 2)
        base = cc + lay["sizeof(cpucache_t)"]
        cache["cpu"] = {"addr": cc, "avail": avail, "limit": limit,
                        "entries": r.words(base, min(avail, limit))}
    else:
        cache["cpu"] = None
    pages = 1 << cache["gfporder"]
    cache["slabs"] = []
    for lst in LISTS:
        for link in r.chain(addr + lay[f"kmem_cache_s.{lst}"]):
            s = link - lay["slab_s.list"]
            slab = {"list": lst[len("slabs_"):], "addr": s}
            for name in ("colouroff", "s_mem", "inuse", "free"):
                slab[name] = r.word(s + lay[f"slab_s.{name}"])
            slab["bufctl"] = r.words(s + lay["sizeof(slab_t)"], cache["num"])
            slab["base"] = slab["s_mem"] - slab["colouroff"]
            slab["pages"] = []
            for i in range(pages):
                pfn = (slab["base"] - lay["PAGE_OFFSET"]) // lay["PAGE_SIZE"] + i
                pg = mem_map + pfn * lay["sizeof(struct page)"]
                nxt, prv = r.words(pg + lay["page.list"], 2)
                slab["pages"].append({"flags": r.word(pg + lay["page.flags"]),
                                      "cache": nxt, "slab": prv})
            if cache["off_slab"]:
                # whose object is the off-slab slab_t? its page says.
                pfn = (s - lay["PAGE_OFFSET"]) // lay["PAGE_SIZE"]
                pg = mem_map + pfn * lay["sizeof(struct page)"]
                slab["mgmt_page_cache"] = r.word(pg + lay["page.list"])
            cache["slabs"].append(slab)
    return cache


def read(m, symbols, lay, names):
    """{name: cache} of the caches called `names` on the stopped machine."""
    r = Reader(m, lay)
    cache_cache = symbol(symbols, "cache_cache")
    mem_map = r.word(symbol(symbols, "mem_map"))
    found = {}
    heads = [cache_cache] + [link - lay["kmem_cache_s.next"]
                             for link in r.chain(cache_cache + lay["kmem_cache_s.next"])]
    for addr in heads:
        name = r.string(addr + lay["kmem_cache_s.name"], lay["CACHE_NAMELEN"])
        if name in names and name not in found:
            found[name] = read_cache(r, addr, lay, mem_map)
    return {"caches": found,
            "chain": [r.string(a + lay["kmem_cache_s.name"], lay["CACHE_NAMELEN"])
                      for a in heads]}


def run(session, image, symbols):
    """Boot, go to the session's stop, read its caches (transcript.get's
    runner: the result is cached by image, symbols and session)."""
    m = bochs.Machine(image, cmdline=session["cmdline"], megs=session.get("megs", 32),
                      timeout=60, name="slabview", symbols=symbols)
    try:
        m.start()
        for kind, what, _cmds in session["steps"]:
            if kind == "break":
                transcript.set_break(m, what)
            transcript.advance(m, kind, what)
        result = read(m, symbols, session["layout"], session["caches"])
    except (bochs.BochsError, OSError, ValueError) as e:
        raise transcript.RunError(str(e)) from None
    finally:
        m.close()
    result["kind"] = "slabs"
    return result


def get(cmdline, steps, caches, image, symbols, cachedir, megs=32, root=ROOT):
    """The caches named `caches` at the stop `steps` (transcript steps:
    [["break", "kmem_cache_free", []]]) of a boot with `cmdline`: read
    once per kernel image and cached. Raises SlabViewError, RunError."""
    lay = structure_layout(root)
    session = {"kind": "slabs", "cmdline": cmdline, "megs": megs, "steps": steps,
               "caches": sorted(set(caches)), "layout": lay}
    result = transcript.get(session, image, symbols, cachedir, runner=run)
    missing = [c for c in caches if c not in result["caches"]]
    if missing:
        raise SlabViewError(f"no cache {', '.join(missing)} on the cache chain at that "
                            f"stop (it has {', '.join(result['chain'])})")
    return lay, result


# ---- what must hold of every slab -------------------------------------------------

def state(value, lay):
    """'active', 'percpu' or 'free' for a kmem_bufctl_t entry."""
    if value == lay["BUFCTL_ACTIVE"]:
        return "active"
    if value == lay["BUFCTL_PERCPU"]:
        return "percpu"
    return "free"


def free_chain(slab, lay):
    """The object numbers on the slab's free chain, in order."""
    out, i = [], slab["free"]
    while i != lay["BUFCTL_END"]:
        if i >= len(slab["bufctl"]) or i in out:
            raise SlabViewError(f"slab {slab['addr']:#x}: free chain broken at {i:#x}")
        out.append(i)
        i = slab["bufctl"][i]
    return out


def mgmt_size(cache, lay):
    """Bytes of an on-slab slab_t and its bufctls, rounded to a cache line."""
    n = lay["sizeof(slab_t)"] + cache["num"] * lay["sizeof(kmem_bufctl_t)"]
    line = lay["L1_CACHE_BYTES"]
    return (n + line - 1) // line * line


def check(cache, lay):
    """The violations of the allocator's invariants in `cache`, as text."""
    bad = []
    size = lay["PAGE_SIZE"] << cache["gfporder"]
    percpu = set(cache["cpu"]["entries"]) if cache["cpu"] else set()
    for s in cache["slabs"]:
        tag = f"{cache['name']} slab {s['addr']:#x}"
        colour = s["colouroff"] if cache["off_slab"] else s["colouroff"] - mgmt_size(cache, lay)
        if s["base"] % lay["PAGE_SIZE"]:
            bad.append(f"{tag}: s_mem - colouroff is not a page boundary")
        if colour < 0 or colour % cache["colour_off"] or \
                colour // cache["colour_off"] >= max(cache["colour"], 1):
            bad.append(f"{tag}: colour offset {colour} is not one of the cache's colours")
        if not cache["off_slab"] and s["addr"] != s["base"] + colour:
            bad.append(f"{tag}: an on-slab slab_t must follow the colour")
        if cache["off_slab"] and s.get("mgmt_page_cache") != cache["slabp_cache_addr"]:
            bad.append(f"{tag}: off-slab slab_t is not an object of {cache['slabp_cache']}")
        if s["s_mem"] + cache["num"] * cache["objsize"] > s["base"] + size:
            bad.append(f"{tag}: objects run past the end of the slab")
        for i, pg in enumerate(s["pages"]):
            if not (pg["flags"] >> lay["PG_slab"]) & 1 or pg["cache"] != cache["addr"] or \
                    pg["slab"] != s["addr"]:
                bad.append(f"{tag}: page {i} is not a PG_slab page pointing back here")
        try:
            chain = free_chain(s, lay)
        except SlabViewError as err:
            bad.append(str(err))
            continue
        states = [state(v, lay) for v in s["bufctl"]]
        if len(chain) != cache["num"] - s["inuse"]:
            bad.append(f"{tag}: {len(chain)} objects on the free chain, inuse {s['inuse']}")
        if states.count("active") + states.count("percpu") != s["inuse"]:
            bad.append(f"{tag}: bufctl states do not add up to inuse {s['inuse']}")
        want = {"full": s["inuse"] == cache["num"], "free": s["inuse"] == 0,
                "partial": 0 < s["inuse"] < cache["num"]}[s["list"]]
        if not want:
            bad.append(f"{tag}: inuse {s['inuse']} on slabs_{s['list']}")
        for i, st in enumerate(states):
            obj = s["s_mem"] + i * cache["objsize"]
            if (st == "percpu") != (obj in percpu):
                bad.append(f"{tag}: object {i} is {st} but {'not ' if obj not in percpu else ''}"
                           "in the per-CPU array")
    return bad


def main():
    if len(sys.argv) < 4:
        print(__doc__)
        sys.exit(2)
    steps = transcript.parse_steps(a.replace("=", " ", 1) for a in sys.argv[2:]
                                   if a.startswith("@"))
    caches = [a for a in sys.argv[2:] if not a.startswith("@")]
    build = os.path.join(ROOT, "build")
    lay, result = get(sys.argv[1], steps, caches, os.path.join(build, "vmm386.img"),
                      os.path.join(build, "vmm386.sym"),
                      os.path.join(build, "book", "transcripts"))
    for name in caches:
        c = result["caches"][name]
        print(json.dumps({k: v for k, v in c.items() if k != "slabs"}))
        for s in c["slabs"]:
            print(f"  {s['list']:7} {s['addr']:#x} colouroff={s['colouroff']} "
                  f"s_mem={s['s_mem']:#x} inuse={s['inuse']} chain={free_chain(s, lay)}")
        for b in check(c, lay):
            print("  VIOLATION:", b)


if __name__ == "__main__":
    main()
