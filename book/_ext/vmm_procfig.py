# SPDX-License-Identifier: GPL-2.0-only
"""Chapter 5's figures of a real process, drawn from a debugger session.

    .. processfig:: layout
       :script: sessions/ch05-process.bochs
       :cmdline: init=/bin/t_layout panic=-1
       :stops: 1

The session is a `transcript:: debugger` session with the same :script:,
:cmdline: and :megs: -- the same dict, so the same cached run: the
transcripts that show its stops and these figures share one boot. The
figures parse what the VM commands of the debugger prompt answered
(tools/vmdecode.py): `vm maps` and `vm ptes` (the regions and the present
ptes, read from the task's mm and page directory), `vm vmatree` (the
region tree, read from mm->mm_rb). Nothing is typed in by hand: every
address, frame and count drawn is an answer of that run.

Kinds: `layout` (stop N: the regions from 0 to 4 GiB, each page present,
the zero page or absent), `fork` (stops A,B,C: the process before fork,
both processes after it, both after the child's writes -- which frames are
shared, which split), `tree` (stops: the region tree at each).
"""
import hashlib
import json
import os
import re

from docutils.parsers.rst import directives

import vmm_figures
import vmm_transcript
from vmm_transcript import tr

MAPS_RE = re.compile(r"^([0-9a-f]{8})-([0-9a-f]{8}) ([r-][w-][x-][sp]) ")
PTE_RE = re.compile(r"^([0-9a-f]{8}) frame (0x[0-9a-f]+) (rw|r-) (zero page|count (-?\d+))$")
TREE_RE = re.compile(r"^( *)([*LR]) ([0-9a-f]{8})-([0-9a-f]{8}) (red|black)$")
KINDS = ("layout", "fork", "tree")


def answers(result):
    """{stop number: [(command, answer)]} of a debugger result."""
    out = {}
    for stop in range(1, 1 + sum(ev[0] == "cont" for ev in result["events"])):
        evs = vmm_transcript.stop_events(result, {stop})["events"]
        out[stop] = [(ev[2], ev[3]) for ev in evs if ev[0] == "cmd"]
    return out


def answer(ans, stop, command):
    for c, a in ans.get(stop, []):
        if c == command:
            return a
    raise ValueError(f"stop {stop} of the session has no answer to {command!r}")


def parse_maps(text):
    out = [(int(m.group(1), 16), int(m.group(2), 16), m.group(3))
           for m in map(MAPS_RE.match, text.splitlines()) if m]
    if not out:
        raise ValueError("`vm maps` listed no region")
    return out


def parse_ptes(text):
    """{vaddr: (frame, writable, count or None for the zero page)}"""
    out = {}
    for line in text.splitlines()[1:]:
        m = PTE_RE.match(line.strip())
        if not m:
            raise ValueError(f"`vm ptes` line not understood: {line!r}")
        out[int(m.group(1), 16)] = (int(m.group(2), 16), m.group(3) == "rw",
                                    int(m.group(5)) if m.group(5) else None)
    return out


def parse_tree(text):
    """[(depth, start, end, red)] in preorder."""
    out = []
    for line in text.splitlines()[1:]:
        m = TREE_RE.match(line)
        if not m:
            raise ValueError(f"`vm vmatree` line not understood: {line!r}")
        out.append((len(m.group(1)) // 2, int(m.group(3), 16), int(m.group(4), 16),
                    m.group(5) == "red"))
    return out


def region_name(start, end, perms):
    if end == 0xC0000000:
        return "stack"
    if start >= 0x40000000:
        return "mmap area"
    return {"r-x": "text", "r--": "read-only", "rw-": "data, bss",
            "rwx": "heap (brk)"}.get(perms[:3], perms)


COL = {"present": "#7fa7d9", "zero": "#d9d9d9", "absent": "#ffffff",
       "shared": "#f2b36b", "private": "#8cc68c"}


def draw_layout(regions, ptes):
    from matplotlib.patches import Patch, Rectangle
    plt = vmm_figures._pyplot()
    rows = len(regions) * 2 + 2
    fig, ax = plt.subplots(figsize=(7.2, 0.36 * rows + 0.8))
    y = 0
    cell = 0.32

    def band(label, colour, note):
        nonlocal y
        ax.add_patch(Rectangle((0, y), 1.6, 0.8, facecolor=colour, edgecolor="#44546a", lw=0.6))
        ax.text(0.8, y + 0.4, label, ha="center", va="center", fontsize=8)
        ax.text(1.75, y + 0.4, note, va="center", fontsize=7.5, color="#333333")
        y += 1

    band("kernel", "#cfe3c8", "0xc0000000 up: PAGE_OFFSET, the kernel's 1 GiB, "
         "in every page directory")
    prev_start = 0xC0000000
    for start, end, perms in reversed(regions):
        if prev_start > end:
            y += 0.15
            ax.text(0.8, y + 0.2, f"hole: {(prev_start - end) // 1024:,} KiB",
                    ha="center", va="center", fontsize=7, color="#777777")
            y += 0.55
        pages = (end - start) // 4096
        name = region_name(start, end, perms)
        ax.add_patch(Rectangle((0, y), 1.6, 0.8, facecolor="#e8eef7", edgecolor="#44546a",
                               lw=0.6))
        ax.text(0.8, y + 0.4, f"{name}\n{perms}", ha="center", va="center", fontsize=7.5)
        # Level with the page squares, ending short of the first one.
        ax.text(3.5, y + 0.4, f"{start:08x}-{end:08x}", fontsize=7.5, family="monospace",
                ha="right", va="center")
        shown = min(pages, 16)
        for i in range(shown):
            vaddr = start + (pages - shown + i) * 4096 if name == "stack" else start + i * 4096
            p = ptes.get(vaddr)
            kind = "absent" if p is None else "zero" if p[2] is None else "present"
            ax.add_patch(Rectangle((3.6 + i * cell, y + 0.12), cell * 0.9, 0.56,
                                   facecolor=COL[kind], edgecolor="#44546a", lw=0.4,
                                   hatch="///" if kind == "zero" else None))
        if pages > shown:
            ax.text(3.6 + shown * cell + 0.05, y + 0.4, f"(top {shown} of {pages})",
                    va="center", fontsize=6.5)
        y += 1
        prev_start = start
    ax.text(0.8, y + 0.3, f"0 to {regions[0][0]:#x}: unmapped", ha="center", fontsize=7,
            color="#777777")
    y += 0.8
    ax.set_xlim(0, 9.6)
    ax.set_ylim(y, -0.2)
    ax.axis("off")
    # Under the drawing, not at the figure's foot: the subplot's bottom
    # margin (11 % of the height) was left empty above the legend.
    ax.legend(handles=[Patch(facecolor=COL["present"], edgecolor="#44546a",
                             label="page present"),
                       Patch(facecolor=COL["zero"], edgecolor="#44546a", hatch="///",
                             label="the zero page (read-only)"),
                       Patch(facecolor=COL["absent"], edgecolor="#44546a",
                             label="no pte yet")],
              loc="upper center", ncol=3, fontsize=7.5, frameon=False,
              bbox_to_anchor=(0.5, 0))
    return fig


def draw_fork(before, after_fork, after_write):
    """Three panels; each a column of pages per process."""
    from matplotlib.patches import Patch, Rectangle
    plt = vmm_figures._pyplot()
    pages = sorted(set(before) | set(after_fork[0]) | set(after_fork[1]) |
                   set(after_write[0]) | set(after_write[1]))
    fig, ax = plt.subplots(figsize=(7.2, 0.27 * len(pages) + 1.3))
    panels = [("before fork", [("parent", before)]),
              ("after fork", [("parent", after_fork[0]), ("child", after_fork[1])]),
              ("after the child's writes", [("parent", after_write[0]),
                                            ("child", after_write[1])])]
    x = 1.3
    for title, cols in panels:
        ax.text(x + 0.9 * len(cols) / 2, -1.0, title, ha="center", fontsize=8.5,
                weight="bold")
        other = {c[0]: c[1] for c in cols}
        for name, ptes in cols:
            ax.text(x + 0.45, -0.35, name, ha="center", fontsize=7.5)
            for row, vaddr in enumerate(pages):
                p = ptes.get(vaddr)
                if p is None:
                    continue
                frame, rw, count = p
                twin = other.get("child" if name == "parent" else "parent", {}).get(vaddr)
                if count is None:
                    colour, hatch = COL["zero"], "///"
                elif twin and twin[0] == frame:
                    colour, hatch = COL["shared"], None
                else:
                    colour, hatch = COL["private"], None
                ax.add_patch(Rectangle((x, row), 0.86, 0.84, facecolor=colour,
                                       edgecolor="#44546a", lw=0.4, hatch=hatch))
                ax.text(x + 0.43, row + 0.45, f"{frame:#x} {'rw' if rw else 'r-'}",
                        ha="center", va="center", fontsize=6, family="monospace")
            x += 0.95
        x += 0.35
    for row, vaddr in enumerate(pages):
        ax.text(1.2, row + 0.45, f"{vaddr:08x}", ha="right", va="center", fontsize=6.5,
                family="monospace")
    ax.set_xlim(0, x)
    ax.set_ylim(len(pages) + 0.2, -1.4)
    ax.axis("off")
    # Under the drawing, as in draw_layout(), not at the figure's foot.
    ax.legend(handles=[Patch(facecolor=COL["shared"], edgecolor="#44546a",
                             label="one frame in both processes"),
                       Patch(facecolor=COL["private"], edgecolor="#44546a",
                             label="a frame of this process alone"),
                       Patch(facecolor=COL["zero"], edgecolor="#44546a", hatch="///",
                             label="the zero page")],
              loc="upper center", ncol=3, fontsize=7.5, frameon=False,
              bbox_to_anchor=(0.5, 0))
    return fig


#: the PDF's text width in inches: the tree figure is drawn at it, so that
#: its labels print at the size they are set in (8 pt), not scaled down
TEXT_WIDTH_IN = 6.25
#: a tree of at most this many regions shares its row with the next one
HALF_ROW_NODES = 11
#: height of one level of a tree, in inches: a node, its label, a gap
LEVEL_IN = 0.40


def tree_rows(trees):
    """Indices of the trees grouped into rows: two small trees side by
    side (half the width is room enough for them), a larger one alone."""
    rows, i = [], 0
    while i < len(trees):
        if i + 1 < len(trees) and max(len(trees[i]), len(trees[i + 1])) <= HALF_ROW_NODES:
            rows.append([i, i + 1])
            i += 2
        else:
            rows.append([i])
            i += 1
    return rows


def draw_trees(trees):
    """The red-black trees, each node at its in-order position and its
    depth, labelled with its region's first page number; drawn at the
    PDF's text width with 8 pt labels, small trees two to a row, so that
    the figure fits a page without being scaled down."""
    plt = vmm_figures._pyplot()
    rows = tree_rows(trees)
    levels = [max(1 + max(d for d, *_ in trees[i]) for i in row) for row in rows]
    fig = plt.figure(figsize=(TEXT_WIDTH_IN, LEVEL_IN * sum(levels) + 0.32 * len(rows)))
    grid = fig.add_gridspec(len(rows), 2, height_ratios=levels)
    for r, row in enumerate(rows):
        for c, i in enumerate(row):
            ax = fig.add_subplot(grid[r, c] if len(row) == 2 else grid[r, :])
            _draw_tree(ax, trees[i], 6 if len(row) == 2 else 12)
    fig.tight_layout(h_pad=0.6)
    return fig


def _draw_tree(ax, tree, min_width):
    """One tree on ax; min_width: the fewest positions across, so that a
    small tree is not stretched."""
    # Preorder with depths -> in-order positions: rebuild the shape.
    nodes, stack = [], []
    for depth, start, end, red in tree:
        node = {"depth": depth, "start": start, "red": red, "kids": []}
        while stack and stack[-1]["depth"] >= depth:
            stack.pop()
        if stack:
            stack[-1]["kids"].append(node)
        stack.append(node)
        nodes.append(node)
    order = sorted(nodes, key=lambda n: n["start"])
    for i, n in enumerate(order):
        n["x"] = i
    for n in nodes:
        for k in n["kids"]:
            ax.plot([n["x"], k["x"]], [n["depth"], k["depth"]], color="#888888", lw=0.7,
                    zorder=1)
    for n in nodes:
        ax.scatter([n["x"]], [n["depth"]], s=90, zorder=2,
                   color="#c0392b" if n["red"] else "#222222")
        ax.text(n["x"], n["depth"] + 0.25, f"{n['start'] >> 12:x}", ha="center",
                va="top", fontsize=8, family="monospace", zorder=3,
                bbox={"boxstyle": "square,pad=0.05", "facecolor": "white",
                      "edgecolor": "none"})
    ax.set_title(f"{len(nodes)} regions, depth {1 + max(n['depth'] for n in nodes)}",
                 fontsize=9, loc="left")
    ax.set_xlim(-0.8, max(len(nodes), min_width) - 0.2)
    ax.set_ylim(max(n["depth"] for n in nodes) + 0.75, -0.4)
    ax.axis("off")


def _version():
    with open(os.path.abspath(__file__), "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:8]


def _session(options):
    opts = {"cmdline": options.get("cmdline", ""), "megs": options.get("megs", 32),
            "script": options["script"]}
    return vmm_transcript.Transcript.session(["debugger"], opts, [])


def _prefetch(app, arguments, options, content):
    return [vmm_transcript.run_of(app, _session(options))]


def process_job(app, kind, stops, script, cmdline, megs):
    """The figure's job (vmm_figures.job_spec()): the answers of its
    session's VM commands at `stops`, parsed for a figure of `kind`."""
    try:
        key, fn = vmm_transcript.run_of(app, _session({"script": script, "cmdline": cmdline,
                                                       "megs": megs}))
        if vmm_transcript.needs_run(key):
            vmm_transcript.start(key, fn).result()
        with open(key) as f:
            ans = answers(json.load(f)["result"])
        if kind == "layout":
            data = (parse_maps(answer(ans, stops[0], "vm maps")),
                    parse_ptes(answer(ans, stops[0], "vm ptes")))
        elif kind == "fork":
            a, b, c = stops
            data = (parse_ptes(answer(ans, a, "vm ptes")),
                    (parse_ptes(answer(ans, b, "vm ptes 1")),
                     parse_ptes(answer(ans, b, "vm ptes"))),
                    (parse_ptes(answer(ans, c, "vm ptes 1")),
                     parse_ptes(answer(ans, c, "vm ptes"))))
        else:
            data = ([parse_tree(answer(ans, s, "vm vmatree")) for s in stops],)
    except (ValueError, OSError, KeyError, tr.RunError) as err:
        raise vmm_figures.FigureError(err) from err
    blob = json.dumps([kind, data, _version()], sort_keys=True, default=list)
    return {"draw": f"vmm_procfig:draw_{'trees' if kind == 'tree' else kind}",
            "args": data,
            "stem": f"process-{kind}-" + hashlib.sha256(blob.encode()).hexdigest()[:12],
            "alt": f"process figure: {kind}"}


class ProcessFigure(vmm_figures._FigureDirective):
    required_arguments = 1
    has_content = False
    option_spec = {"script": directives.unchanged_required,
                   "cmdline": directives.unchanged_required,
                   "megs": directives.positive_int,
                   "stops": directives.unchanged_required,
                   "caption": directives.unchanged_required,
                   "name": directives.unchanged_required}

    def run(self):
        app = self.env.app
        image, symbols, _ = vmm_transcript._paths(app)
        kind = self.arguments[0]
        try:
            if kind not in KINDS:
                raise ValueError(f"unknown kind {kind!r}: one of {', '.join(KINDS)}")
            if "script" not in self.options or "stops" not in self.options:
                raise ValueError("processfig needs :script: and :stops:")
            stops = sorted(vmm_transcript.parse_show(self.options["stops"]))
            if kind == "fork" and len(stops) != 3:
                raise ValueError("a fork figure takes three stops")
            _session(self.options)
            if not os.path.exists(image):
                raise ValueError(f"{image} is missing: run `make` first")
        except ValueError as err:
            return self.fail("processfig", err)
        self.env.note_dependency(image)
        self.env.note_dependency(symbols)
        self.env.note_dependency(os.path.join(vmm_transcript.BOOK_DIR, self.options["script"]))
        spec = vmm_figures.job_spec(self, "processfig", "vmm_procfig:process_job", kind=kind,
                                    stops=stops, script=self.options["script"],
                                    cmdline=self.options.get("cmdline", ""),
                                    megs=self.options.get("megs", 32))
        caption = (self.options.get("caption", f"A process ({kind})") +
                   f" \u2014 recorded from image {tr.file_hash(image)[:12]}")
        return [self.figure(spec, caption)]


def setup(app):
    app.setup_extension("vmm_figures")
    app.setup_extension("vmm_transcript")
    app.add_directive("processfig", ProcessFigure)
    vmm_transcript.add_prefetcher("processfig", ProcessFigure, _prefetch)
    return {"version": "1", "parallel_read_safe": True}
