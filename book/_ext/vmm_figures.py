# SPDX-License-Identifier: GPL-2.0-only
"""Figures drawn from data the build produces, never from typed numbers.

    .. addressspace::
       :megs: 32

The kernel's virtual address space, from tools/layout.py: constants
evaluated by the compiler from kernel/include, high_memory read from the
running kernel through the Bochs debugger. A value the kernel does not
compute yet is drawn hatched and labelled so, in the figure and in the
caption.

    .. benchplot::
       :keys: ^sched\\.
       :runs: sched-32M

Costs from `make bench` (build/bench/results.json), as horizontal bars.
The results are measured again when they are missing or were measured on
another kernel image. :keys: (regex) and :runs: (comma-separated) select
the bars, in the natural order of their keys (size_32 before size_256);
every selection must still match something. :log: uses a logarithmic
axis; :title: names the plot.

    .. buddysteps::
       :cmdline: test=buddy.worked_example panic=-1

The buddy allocator at work on sixteen frames: the steps a guest case
prints ("step N: alloc|free order O at +F  frames ...  bits ..."), each
drawn as the frames (in use, or in a free block of some order) with the
bitmap bits of orders 0-3 under the pairs they describe. The boot is the
one a `transcript:: boot` with the same command line shows, cached the
same way (by image hash). A run that prints no steps, or whose case
failed, fails the build.

All write PNG (HTML, EPUB) and PDF (LaTeX) into build/book/figures.
"""
import hashlib
import json
import os
import re
import subprocess

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

import vmm_doxy
import layout
import transcript as tr

logger = logging.getLogger(__name__)
PY = "/usr/bin/python3"


def _version():
    """Changes when the drawing code does, so cached figures are redrawn."""
    h = hashlib.sha256()
    for mod in (__file__, layout.__file__):
        with open(mod, "rb") as f:
            h.update(f.read())
    return h.hexdigest()[:8]


def _figure_dir(app):
    path = os.path.join(app.config.vmm_build_dir, "book", "figures")
    os.makedirs(path, exist_ok=True)
    return path


def _save(fig, app, stem):
    """Write stem.png and stem.pdf; return the image URI for Sphinx."""
    out = _figure_dir(app)
    fig.savefig(os.path.join(out, stem + ".png"), dpi=160, bbox_inches="tight")
    fig.savefig(os.path.join(out, stem + ".pdf"), bbox_inches="tight")
    import matplotlib.pyplot as plt
    plt.close(fig)
    return os.path.join(out, stem + ".*")


def _pyplot():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    plt.rcParams.update({"font.family": "DejaVu Sans", "font.size": 9,
                         "svg.fonttype": "none", "pdf.fonttype": 42})
    return plt


class _FigureDirective(SphinxDirective):
    def figure(self, uri, caption_text, alt):
        # Image URIs are relative to the page's directory.
        rel = os.path.relpath(uri, os.path.dirname(self.env.doc2path(self.env.docname)))
        image = nodes.image(uri=rel, alt=alt)
        image["candidates"] = {}
        fig = nodes.figure("", image)
        fig["classes"].append("vmm-datafigure")
        inl, msgs = self.state.inline_text(caption_text, self.lineno)
        fig += nodes.caption(caption_text, "", *inl)
        fig += msgs
        if "name" in self.options:
            self.add_name(fig)
        else:
            fig["ids"].append(f"datafigure-{self.env.new_serialno('vmm-datafigure')}")
        return fig

    def fail(self, what, err):
        logger.warning(f"{what}: {err}", location=(self.env.docname, self.lineno),
                       type="vmm", subtype="figure")
        return [nodes.paragraph("", f"[{what} unavailable: {err}]")]


# ---- the address space -------------------------------------------------------------

HEIGHTS = {"user space": 2.4, "direct map": 1.5, "gap": 0.42,
           "vmalloc area": 1.2, "pkmap (kmap)": 0.75, "unused": 0.55, "fixmap": 0.55,
           "top pages": 0.42}
COLOURS = {"user space": "#e8eef7", "direct map": "#cfe3c8",
           "gap": "#ffffff", "vmalloc area": "#f6dfb8", "pkmap (kmap)": "#f2c6c2",
           "unused": "#ffffff", "fixmap": "#d9cdef", "top pages": "#eeeeee"}
BOUNDARY_NAMES = ["0", "PAGE_OFFSET", "high_memory", "VMALLOC_START", "VMALLOC_END",
                  "PKMAP_BASE", "PKMAP_BASE + LAST_PKMAP pages", "FIXADDR_START",
                  "FIXADDR_TOP", "4 GiB"]


def draw_address_space(lay):
    plt = _pyplot()
    regs = layout.regions(lay)
    total = sum(HEIGHTS[r[0]] for r in regs)
    fig, ax = plt.subplots(figsize=(7.2, total * 0.72 + 0.4))
    ax.set_xlim(0, 10)
    ax.set_ylim(-0.1, total + 0.1)
    ax.axis("off")
    y = 0.0
    for i, (name, start, end, note) in enumerate(regs):
        h = HEIGHTS[name]
        unknown = start is None or end is None
        ax.add_patch(plt.Rectangle((2.6, y), 3.6, h, facecolor=COLOURS[name],
                                   edgecolor="#b9c3d0" if unknown else "none", linewidth=0,
                                   hatch="///" if unknown else None))
        ax.add_patch(plt.Rectangle((2.6, y), 3.6, h, fill=False, edgecolor="#44546a",
                                   linewidth=0.9))
        ax.text(4.4, y + h / 2 + (0.09 if note and h > 0.5 else 0), name, ha="center",
                va="center", fontsize=9 if h > 0.5 else 7.5,
                fontweight="bold" if h > 0.5 else "normal", color="#1d2633")
        if note and h > 0.5:
            ax.text(4.4, y + h / 2 - 0.2, note, ha="center", va="center", fontsize=7,
                    color="#44546a")
        size = layout.size_text(end - start) if not unknown else "size not known yet"
        ax.text(6.35, y + h / 2, size, ha="left", va="center", fontsize=7.5,
                color="#8a2a2a" if unknown else "#44546a", style="italic" if unknown else "normal")
        # the boundary below this region
        value = start
        bname = BOUNDARY_NAMES[i]
        text = f"{value:#010x}" if value is not None else "not computed yet"
        ax.plot([2.45, 2.6], [y, y], color="#44546a", linewidth=0.9)
        ax.text(2.4, y, f"{bname}  {text}" if bname != "0" else "0x00000000",
                ha="right", va="center", fontsize=7.5, family="DejaVu Sans Mono",
                color="#8a2a2a" if value is None else "#1d2633")
        y += h
    ax.plot([2.45, 2.6], [y, y], color="#44546a", linewidth=0.9)
    ax.text(2.4, y, "4 GiB  0x100000000", ha="right", va="center", fontsize=7.5,
            family="DejaVu Sans Mono")
    ax.text(9.4, 0.05, "not to scale", ha="right", va="bottom", fontsize=7, color="#8090a0",
            style="italic")
    return fig


class AddressSpace(_FigureDirective):
    has_content = False
    option_spec = {"megs": directives.positive_int, "caption": directives.unchanged,
                   "name": directives.unchanged_required}

    def run(self):
        app = self.env.app
        build = app.config.vmm_build_dir
        image, symbols = os.path.join(build, "vmm386.img"), os.path.join(build, "vmm386.sym")
        megs = self.options.get("megs", 32)
        try:
            lay = layout.layout(image, symbols, os.path.join(build, "book", "transcripts"),
                                megs, root=vmm_doxy.source_root(app))
        except (layout.LayoutError, tr.RunError, OSError) as err:
            return self.fail("addressspace", err)
        for h in layout.HEADERS:
            self.env.note_dependency(os.path.join(vmm_doxy.source_root(app), "kernel",
                                                  "include", h))
        self.env.note_dependency(symbols)
        self.env.note_dependency(image)
        data = json.dumps({k: v for k, v in lay.items() if k != "session"}, sort_keys=True)
        data += _version()
        stem = "addressspace-" + hashlib.sha256(data.encode()).hexdigest()[:12]
        uri = os.path.join(_figure_dir(app), stem + ".*")
        if not os.path.exists(os.path.join(_figure_dir(app), stem + ".png")):
            uri = _save(draw_address_space(lay), app, stem)
        if lay["high_memory"] is None:
            hm = (f"high_memory, and with it the end of the direct map and "
                  f"VMALLOC_START, is not drawn: {lay['high_memory_source']}")
        else:
            hm = f"high_memory = {lay['high_memory']:#010x}, {lay['high_memory_source']}"
        caption = self.options.get("caption") or (
            f"The kernel's virtual address space ({megs} MiB guest). Constants are "
            f"evaluated by the compiler from ``kernel/include``; {hm}.")
        return [self.figure(uri, caption, "Kernel virtual address space layout")]


# ---- make bench results ----------------------------------------------------------------

_bench_ran = [False]


def bench_results(app):
    """results.json, measured again first if any run is missing or stale."""
    build = app.config.vmm_build_dir
    path = os.path.join(build, "bench", "results.json")
    import bench    # tools/bench.py
    current = bench.image_hash(os.path.join(build, "vmm386.img"))
    data = json.load(open(path)) if os.path.exists(path) else {"runs": {}}
    stale = [b.name for b in bench.targets.BENCH
             if data["runs"].get(b.name, {}).get("image") != current]
    if stale and not _bench_ran[0]:
        _bench_ran[0] = True
        logger.info(f"benchplot: measuring {', '.join(stale)} (results missing or stale)")
        r = subprocess.run([PY, os.path.join(vmm_doxy.ROOT, "tools", "bench.py"), *stale],
                           capture_output=True, text=True, cwd=vmm_doxy.ROOT)
        if r.returncode:
            raise RuntimeError("make bench failed: " + (r.stdout + r.stderr).strip()[-400:])
        data = json.load(open(path))
    stale = [b.name for b in bench.targets.BENCH
             if data["runs"].get(b.name, {}).get("image") != current]
    if stale:
        raise RuntimeError(f"bench results still stale for {', '.join(stale)}")
    return path, data


def _natural(key):
    """Sort key that puts kmalloc_32 before kmalloc_256 before kmalloc_1024."""
    return [(0, int(t), "") if t.isdigit() else (1, 0, t) for t in re.split(r"(\d+)", key)]


def draw_bench(bars, unit, title, log):
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7.0, 0.42 * len(bars) + 0.9))
    labels = [b[0] for b in bars]
    values = [b[1] for b in bars]
    ax.barh(range(len(bars)), values, color="#7a9cc6", edgecolor="#44546a", height=0.6)
    ax.set_yticks(range(len(bars)), labels, fontsize=8.5, family="DejaVu Sans Mono")
    ax.invert_yaxis()
    if log:
        ax.set_xscale("log")
    words = {"insns": "instructions", "ticks": "instructions (ticks)"}
    ax.set_xlabel(f"emulated {words.get(unit, unit)} (Bochs, clock: sync=none)")
    for i, v in enumerate(values):
        ax.text(v, i, f" {v:,}", va="center", fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_xlim(right=max(values) * (3 if log else 1.18))
    if title:
        ax.set_title(title, fontsize=10)
    return fig


class BenchPlot(_FigureDirective):
    has_content = False
    option_spec = {"keys": directives.unchanged_required, "runs": directives.unchanged,
                   "log": directives.flag, "title": directives.unchanged,
                   "caption": directives.unchanged, "name": directives.unchanged_required}

    def run(self):
        app = self.env.app
        try:
            path, data = bench_results(app)
            keys = re.compile(self.options.get("keys", "."))
            runs = [r for r in re.split(r"[\s,]+", self.options.get("runs", "")) if r] or \
                sorted(data["runs"])
            missing = [r for r in runs if r not in data["runs"]]
            if missing:
                raise ValueError(f"no bench run {', '.join(missing)} (see tests/targets.py)")
            bars, units = [], set()
            for run in runs:
                for key, (value, unit) in sorted(data["runs"][run]["results"].items(),
                                                 key=lambda kv: _natural(kv[0])):
                    if keys.search(key):
                        bars.append((key if len(runs) == 1 else f"{key} [{run}]", value))
                        units.add(unit)
            if not bars:
                raise ValueError(f"keys {keys.pattern!r} match no result any more")
            if len(units) > 1:
                raise ValueError(f"mixed units {sorted(units)}: narrow :keys:")
        except (ValueError, RuntimeError, OSError, re.error) as err:
            return self.fail("benchplot", err)
        self.env.note_dependency(path)
        unit = units.pop()
        blob = json.dumps([bars, unit, self.options.get("title"), "log" in self.options,
                           _version()])
        stem = "bench-" + hashlib.sha256(blob.encode()).hexdigest()[:12]
        uri = os.path.join(_figure_dir(app), stem + ".*")
        if not os.path.exists(os.path.join(_figure_dir(app), stem + ".png")):
            uri = _save(draw_bench(bars, unit, self.options.get("title"), "log" in self.options),
                        app, stem)
        caption = self.options.get("caption") or (
            f"Measured by ``make bench`` on the current kernel ({', '.join(runs)}).")
        return [self.figure(uri, caption, "Bench results: " + ", ".join(
            f"{k} {v} {unit}" for k, v in bars))]


# ---- the buddy allocator, step by step --------------------------------------------------

STEP_RE = re.compile(r"# (\w+): step (\d+): (alloc|free) +order (\d) at \+(\d+) +"
                     r"frames ([a0-9]{16}) +bits ([01]{8}) ([01]{4}) ([01]{2}) ([01])\s*$")
REGION_RE = re.compile(r"# (\w+): 16 frames of zone (\w+) from pfn (0x[0-9a-f]+)")
ORDER_COLOURS = ["#f6c85f", "#9fd69b", "#7fc4e0", "#b7a6e0", "#e8a0a0"]   # 0, 1, 2, 3, >=4


def parse_buddy_steps(text, case):
    """The steps `case` printed: {"zone", "pfn", "steps": [{"n", "op",
    "order", "at", "frames", "bits": [str x4]}]}. Raises tr.Mismatch when
    the output has no steps of that case, they are not numbered 1..n, or
    the case failed."""
    steps, zone, pfn = [], None, None
    for line in text.splitlines():
        m = REGION_RE.search(line)
        if m and m.group(1) == case:
            zone, pfn = m.group(2), int(m.group(3), 16)
        m = STEP_RE.search(line)
        if m and m.group(1) == case:
            steps.append({"n": int(m.group(2)), "op": m.group(3), "order": int(m.group(4)),
                          "at": int(m.group(5)), "frames": m.group(6),
                          "bits": list(m.group(7, 8, 9, 10))})
        if re.match(rf"^\s*not ok \d+ {case}\b", line):
            raise tr.Mismatch(f"the guest case {case} failed: its steps are not the "
                              "ones the allocator should take")
    if not steps:
        raise tr.Mismatch(f"the run printed no steps of {case} (\"# {case}: step N: ...\")")
    if [s["n"] for s in steps] != list(range(1, len(steps) + 1)):
        raise tr.Mismatch(f"steps of {case} are not numbered 1..{len(steps)}")
    if zone is None:
        raise tr.Mismatch(f"the run did not say which frames {case} used")
    return {"zone": zone, "pfn": pfn, "steps": steps}


def _blocks(frames):
    """[(first, size, order)] of the free blocks in a frames string. Blocks
    are aligned to their size, so a run of one order is cut at multiples
    of it; a block of order 4 or more covers all sixteen frames."""
    out, i = [], 0
    while i < len(frames):
        if frames[i] == "a":
            i += 1
            continue
        o = int(frames[i])
        size = 1 << o if o < 4 else len(frames) - i
        out.append((i, size, o))
        i += size
    return out


def _describe(prev, step):
    """What a step did, in words, from the frames before and after it."""
    at, o = step["at"], step["order"]
    if step["op"] == "alloc":
        what = f"alloc_pages(order {o}) returns +{at}"
        if prev is None:
            return what + ", split off a free block of 16 frames or more"
        k = int(prev[at])
        return what + (f", splitting the order-{k} block" if k > o
                       else f", straight from the order-{o} list")
    merged = int(step["frames"][at])
    return f"__free_pages(+{at}, {o})" + (f": merged up to order {merged}" if merged > o
                                          else ": its buddy is in use, no merge")


def draw_buddy_steps(data):
    plt = _pyplot()
    steps = data["steps"]
    cell, bit_h, title_h, gap = 1.0, 0.42, 0.62, 0.55
    panel = 1.0 + 4 * bit_h + title_h + gap
    left = 2.1
    height = panel * len(steps) + 0.9
    fig, ax = plt.subplots(figsize=(7.4, height * 0.36))
    ax.set_xlim(-0.2, left + 16 * cell + 0.2)
    ax.set_ylim(height, -0.2)
    ax.axis("off")
    for i in range(16):
        ax.text(left + (i + 0.5) * cell, 0.25, f"+{i}", ha="center", va="center",
                fontsize=7, color="#44546a", family="DejaVu Sans Mono")
    # Before the first step the sixteen frames lay inside one free block,
    # and inside a free block every bit of a smaller order is 0.
    prev_frames, prev_bits, live = None, ["0" * 8, "0" * 4, "0" * 2, "0"], {}
    for k, st in enumerate(steps):
        y = 0.6 + k * panel
        ax.text(left, y + 0.32, f"Step {st['n']}: " + _describe(prev_frames, st),
                ha="left", va="center", fontsize=8.5, fontweight="bold", color="#1d2633")
        y += title_h
        # the frames: blocks the steps hold, then the free blocks
        if st["op"] == "alloc":
            live[st["at"]] = st["order"]
        else:
            live.pop(st["at"], None)
        for first, o in live.items():
            ax.add_patch(plt.Rectangle((left + first * cell + 0.04, y + 0.06),
                                       (1 << o) * cell - 0.08, 0.88, facecolor="#d5d9df",
                                       edgecolor="#9aa3ad", linewidth=0.6, hatch="////"))
        for first, size, o in _blocks(st["frames"]):
            colour = ORDER_COLOURS[min(o, 4)]
            ax.add_patch(plt.Rectangle((left + first * cell + 0.04, y + 0.06),
                                       size * cell - 0.08, 0.88, facecolor=colour,
                                       edgecolor="#44546a", linewidth=0.8))
            label = f"order {o}" if size >= 2 else str(o)
            if o >= 4:
                label = f"free block of order {o} (continues beyond these frames)"
            ax.text(left + (first + size / 2) * cell, y + 0.5, label, ha="center",
                    va="center", fontsize=7.5 if size >= 2 else 7, color="#1d2633")
        # the block this step took or gave back
        at, size = st["at"], 1 << st["order"]
        ax.add_patch(plt.Rectangle((left + at * cell, y), size * cell, 1.0, fill=False,
                                   edgecolor="#c0392b", linewidth=1.8))
        # the bits, each under the pair of blocks it describes
        for o in range(4):
            by = y + 1.0 + 0.08 + o * bit_h
            ax.text(left - 0.15, by + bit_h / 2 - 0.03, f"order {o} bits", ha="right",
                    va="center", fontsize=7, color="#44546a")
            width = 2 << o
            for j, b in enumerate(st["bits"][o]):
                changed = prev_bits is not None and prev_bits[o][j] != b
                ax.add_patch(plt.Rectangle(
                    (left + j * width * cell + 0.1, by), width * cell - 0.2, bit_h - 0.08,
                    facecolor="#1d2633" if b == "1" else "#ffffff",
                    edgecolor="#c0392b" if changed else "#8a96a3",
                    linewidth=1.6 if changed else 0.6))
                ax.text(left + (j + 0.5) * width * cell, by + bit_h / 2 - 0.04, b,
                        ha="center", va="center", fontsize=6.5,
                        color="#ffffff" if b == "1" else "#44546a",
                        family="DejaVu Sans Mono")
        prev_frames, prev_bits = st["frames"], st["bits"]
    # legend
    ly = height - 0.45
    items = [("#d5d9df", "in use")] + [(ORDER_COLOURS[o], f"free, order {o}")
                                      for o in range(4)] + [(ORDER_COLOURS[4], "free, order 4+")]
    x = left
    for colour, text in items:
        ax.add_patch(plt.Rectangle((x, ly - 0.2), 0.5, 0.4, facecolor=colour,
                                   edgecolor="#44546a", linewidth=0.6,
                                   hatch="////" if text == "in use" else None))
        ax.text(x + 0.65, ly, text, va="center", fontsize=7)
        x += 0.65 + 0.16 * len(text) + 0.5
    return fig


class BuddySteps(_FigureDirective):
    has_content = False
    option_spec = {"cmdline": directives.unchanged_required,
                   "case": directives.unchanged_required,
                   "megs": directives.positive_int,
                   "caption": directives.unchanged, "name": directives.unchanged_required}

    def run(self):
        import vmm_transcript
        app = self.env.app
        image, symbols, cachedir = vmm_transcript._paths(app)
        case = self.options.get("case", "worked_example")
        session = {"kind": "boot",
                   "cmdline": self.options.get("cmdline", f"test=buddy.{case} panic=-1"),
                   "megs": self.options.get("megs", 32)}
        try:
            for p in (image, symbols):
                if not os.path.exists(p):
                    raise ValueError(f"{p} is missing: run `make` first")
            path = tr.cached_path(session, image, symbols, cachedir)
            if not os.path.exists(path):
                # the same boot as a transcript of this command line: share the run
                if path not in vmm_transcript._futures:
                    vmm_transcript._futures[path] = (vmm_transcript._pool.submit(
                        tr.get, session, image, symbols, cachedir), [])
                vmm_transcript._futures[path][0].result()
            with open(path) as f:
                data = parse_buddy_steps(json.load(f)["result"]["text"], case)
        except (ValueError, OSError, KeyError, tr.Mismatch, tr.RunError) as err:
            return self.fail("buddysteps", err)
        self.env.note_dependency(image)
        self.env.note_dependency(symbols)
        blob = json.dumps([data, _version()], sort_keys=True)
        stem = "buddysteps-" + hashlib.sha256(blob.encode()).hexdigest()[:12]
        uri = os.path.join(_figure_dir(app), stem + ".*")
        if not os.path.exists(os.path.join(_figure_dir(app), stem + ".png")):
            uri = _save(draw_buddy_steps(data), app, stem)
        caption = self.options.get("caption") or (
            f"Sixteen frames of zone {data['zone']} (from pfn {data['pfn']:#x}) as "
            f"``{session['cmdline']}`` allocates and frees blocks in them")
        caption += f" \u2014 recorded from image {tr.file_hash(image)[:12]}"
        return [self.figure(uri, caption, "The buddy allocator step by step: " + "; ".join(
            f"step {s['n']} {s['op']} order {s['order']} at +{s['at']}: frames "
            f"{s['frames']}, bits {' '.join(s['bits'])}" for s in data["steps"]))]


def setup(app):
    app.setup_extension("vmm_transcript")     # vmm_build_dir, tools/ on the path
    app.add_directive("addressspace", AddressSpace)
    app.add_directive("benchplot", BenchPlot)
    app.add_directive("buddysteps", BuddySteps)
    return {"version": "1", "parallel_read_safe": True}
