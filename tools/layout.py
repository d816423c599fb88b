#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""The kernel's virtual address space as the real kernel defines it.

Two sources, never a copy of the numbers:
  * constants (PAGE_OFFSET, VMALLOC_END, PKMAP_BASE, FIXADDR_START ...) are
    evaluated by the compiler from kernel/include, by compiling a small
    file against the headers with the kernel's own flags and reading the
    array it defines out of the assembly;
  * high_memory, which the kernel computes at boot from the memory it
    finds, is read from the running kernel through the Bochs debugger at
    the paging_init checkpoint (paging_init() has just set it, and the run
    can end there: the rest of the boot would cost seconds at 1 GiB). The
    VMALLOC_START that follows from it is again evaluated by the compiler.
If the kernel does not define or set high_memory yet, the result says so
instead of inventing a value.

    layout.py [MEGS]     print the layout of a MEGS MiB guest (default 32)
"""
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import bochs  # noqa: E402
import transcript  # noqa: E402

CONSTANTS = ["PAGE_OFFSET", "PAGE_SIZE", "VMALLOC_OFFSET", "MAXMEM", "VMALLOC_END",
             "PKMAP_BASE", "LAST_PKMAP", "FIXADDR_START", "FIXADDR_TOP"]
HEADERS = ["page.h", "pgtable.h", "highmem_layout.h", "fixmap.h"]
CFLAGS = ["-m32", "-std=gnu11", "-ffreestanding", "-nostdinc", "-O2"]


class LayoutError(Exception):
    """The headers no longer define what the layout needs."""


def evaluate(names, root=ROOT, high_memory=None, headers=HEADERS):
    """{name: value} of each macro (or constant expression, such as
    sizeof(struct page)), as the compiler evaluates it with the kernel's
    `headers`. With high_memory, VMALLOC_START can be asked for."""
    src = "".join(f"#include <{h}>\n" for h in headers)
    if high_memory is not None:
        # After the headers: only the macros' uses see the observed value.
        src += f"#undef high_memory\n#define high_memory ((void *){high_memory:#x}UL)\n"
    src += "const unsigned long vmm_values[] = {\n"
    src += "".join(f"\t(unsigned long)({n}),\n" for n in names) + "};\n"
    cc = os.environ.get("CC", "gcc")
    isystem = subprocess.run([cc, "-print-file-name=include"], capture_output=True,
                             text=True).stdout.strip()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "layout.c")
        with open(path, "w") as f:
            f.write(src)
        r = subprocess.run([cc, *CFLAGS, "-isystem", isystem,
                            "-I", os.path.join(root, "kernel", "include"),
                            "-S", "-o", "-", path], capture_output=True, text=True)
    if r.returncode:
        errors = [l for l in r.stderr.splitlines() if "error" in l][:3]
        raise LayoutError("the headers no longer evaluate: " + "; ".join(errors))
    m = re.search(r"^vmm_values:\n((?:\s+\.(?:long|zero)\s+\S+\n)+)", r.stdout, re.M)
    if not m:
        raise LayoutError("no vmm_values array in the compiler's output")
    values = [int(v, 0) & 0xffffffff for v in re.findall(r"\.long\s+(\S+)", m.group(1))]
    if len(values) != len(names):
        raise LayoutError("a value did not fold to a constant")
    return dict(zip(names, values))


def symbol_defined(symbols, name):
    try:
        with open(symbols) as f:
            return any(line.split()[1:2] == [name] for line in f)
    except OSError:
        return False


HIGH_MEMORY_CMD = 'x /1wx "high_memory"'


def high_memory_session(megs=32):
    """The debugger session that reads high_memory: physmap.py's, which
    types HIGH_MEMORY_CMD at the paging_init checkpoint, so that one boot
    serves both figures of a memory size."""
    import physmap     # physmap imports this module
    return physmap.session(megs)


def high_memory(image, symbols, cachedir, megs=32):
    """(value or None, explanation, session) of the kernel's high_memory."""
    if not symbol_defined(symbols, "high_memory"):
        return None, ("the kernel does not define high_memory yet (the page "
                      "allocator's paging_init() will)"), None
    session = high_memory_session(megs)
    result = transcript.get(session, image, symbols, cachedir)
    answers = [e[3] for e in result["events"] if e[0] == "cmd" and e[2] == HIGH_MEMORY_CMD]
    if not answers:
        raise LayoutError(f"the session has no answer to {HIGH_MEMORY_CMD!r}")
    answer = answers[0]
    try:
        words = bochs.words_from(answer)
    except bochs.BochsError:
        words = []
    if not words:
        raise LayoutError(f"cannot read high_memory: {answer.strip()}")
    value = words[0]
    if value == 0:
        return None, "high_memory is still 0 after paging_init(): not computed yet", session
    return value, (f"read from the running kernel ({megs} MiB guest) at the "
                   "paging_init checkpoint"), session


def layout(image, symbols, cachedir, megs=32, root=ROOT):
    """Everything the address-space figure shows."""
    c = evaluate(CONSTANTS, root)
    hm, why, session = high_memory(image, symbols, cachedir, megs)
    vstart = evaluate(["VMALLOC_START"], root, hm)["VMALLOC_START"] if hm is not None else None
    pkmap_end = c["PKMAP_BASE"] + c["LAST_PKMAP"] * c["PAGE_SIZE"]
    return {"constants": c, "high_memory": hm, "high_memory_source": why,
            "VMALLOC_START": vstart, "PKMAP_END": pkmap_end, "megs": megs,
            "session": session}


def regions(lay):
    """[(name, start, end, note)] from the bottom of the address space to
    its top; start or end is None where the kernel has not computed it."""
    c = lay["constants"]
    hm, vs = lay["high_memory"], lay["VMALLOC_START"]
    return [
        ("user space", 0, c["PAGE_OFFSET"], "each process's own mappings"),
        ("direct map", c["PAGE_OFFSET"], hm,
         "ZONE_DMA, ZONE_NORMAL; 1:1"),
        ("gap", hm, vs, "VMALLOC_OFFSET: catches overruns"),
        ("vmalloc area", vs, c["VMALLOC_END"], "vmalloc(), vmap(), ioremap()"),
        ("gap", c["VMALLOC_END"], c["PKMAP_BASE"], "two pages"),
        ("pkmap (kmap)", c["PKMAP_BASE"], lay["PKMAP_END"], f"{c['LAST_PKMAP']} slots"),
        ("unused", lay["PKMAP_END"], c["FIXADDR_START"], ""),
        ("fixmap", c["FIXADDR_START"], c["FIXADDR_TOP"], "kmap_atomic() windows"),
        ("top pages", c["FIXADDR_TOP"], 1 << 32, "unmapped"),
    ]


def size_text(n):
    """1 GiB, 4 MiB, 36 KiB; 27.96 MiB when not a round number."""
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if n >= 1 << shift:
            v = n / (1 << shift)
            return f"{v:g} {unit}" if n % (1 << (shift - 4)) == 0 or shift == 10 \
                else f"{v:.2f} {unit}"
    return f"{n} bytes"


def main():
    megs = int(sys.argv[1]) if len(sys.argv) > 1 else 32
    build = os.path.join(ROOT, "build")
    lay = layout(os.path.join(build, "vmm386.img"), os.path.join(build, "vmm386.sym"),
                 os.path.join(build, "book", "transcripts"), megs)
    for name, start, end, note in reversed(regions(lay)):
        s = f"{start:#010x}" if start is not None else "   ?      "
        e = f"{end:#010x}" if end is not None else "   ?      "
        size = size_text(end - start) if None not in (start, end) else "?"
        print(f"{s} - {e}  {size:>10}  {name}  {note}")
    print(f"high_memory: {lay['high_memory_source']}")


if __name__ == "__main__":
    main()
