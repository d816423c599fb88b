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

Both write PNG (HTML, EPUB) and PDF (LaTeX) into build/book/figures.
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


def setup(app):
    app.setup_extension("vmm_transcript")     # vmm_build_dir, tools/ on the path
    app.add_directive("addressspace", AddressSpace)
    app.add_directive("benchplot", BenchPlot)
    return {"version": "1", "parallel_read_safe": True}
