# SPDX-License-Identifier: GPL-2.0-only
"""Figures drawn from data the build produces, never from typed numbers.

    .. addressspace::
       :megs: 32

The kernel's virtual address space, from tools/layout.py: constants
evaluated by the compiler from kernel/include, high_memory read from the
running kernel through the Bochs debugger. A value the kernel does not
compute yet is drawn hatched and labelled so, in the figure and in the
caption.

    .. physmap::
       :megs: 1024
       :options: highmem=32M

Physical memory as one boot of the current kernel found and used it (see
tools/physmap.py): the e820 map, the zones, the kernel image, the
initramfs, the early page tables, the bootmem bitmap, mem_map and the page
tables paging_init() allocated, to scale, in bands that enlarge the
crowded low megabytes. A boot that no longer reports one of them fails the
build.

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

    .. linuxbench::
       :run: regions-128M
       :keys: ^uvma\\.fault\\.

A user-level bench of `make bench` beside the same program's figures on
Debian's unmodified Linux 6.1 in the same Bochs (`make bench-linux`, see
tools/linuxbench.py): a table (operation, vmm386, Linux, Linux with
mitigations=off, the ratio) and a bar chart. vmm386's figures are
measured again like a benchplot's; Linux's come from book/linux-bench.json,
which make bench-linux writes (the book never boots Linux). When the
program changed since, the table says so.

All write PNG (HTML, EPUB) and PDF (LaTeX) into build/book/figures.
None of them waits for its run while its page is read: each emits its
figure (or table) with its caption and ids, and a job, started at once in
a thread, computes and draws it (in a process of its own) while Sphinx
reads; the page gets the image when it is written (FigureResolver).
"""
import atexit
import concurrent.futures
import functools
import hashlib
import json
import os
import re
import threading
import time

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

import vmm_doxy
import vmm_pagedata
import vmm_transcript
import layout
import physmap
import transcript as tr

logger = logging.getLogger(__name__)


def _version():
    """Changes when the drawing code does, so cached figures are redrawn."""
    h = hashlib.sha256()
    for mod in (__file__, layout.__file__, physmap.__file__):
        with open(mod, "rb") as f:
            h.update(f.read())
    return h.hexdigest()[:8]


def _figure_dir(app):
    path = os.path.join(app.config.vmm_build_dir, "book", "figures")
    os.makedirs(path, exist_ok=True)
    return path


def _format(app):
    """The one image format this build needs: PDF for LaTeX, PNG otherwise
    (drawing both cost a third of a clean build's time)."""
    return "pdf" if app.builder is not None and app.builder.format == "latex" else "png"


def save_figure(draw, args, path, fmt):
    """Draw a figure with draw(*args) ("module:function") and save it at
    `path` in format `fmt` (png or pdf); what the drawing process
    (vmm_drawworker) does for each figure."""
    import importlib
    module, name = draw.split(":")
    fig = getattr(importlib.import_module(module), name)(*args)
    # A figure laid out by constrained layout (the charts) fills its
    # canvas: given the 0.1 in margin that cropping would leave (savefig's
    # pad_inches), it needs no cropping to its drawing (bbox_inches=
    # "tight"), which lays it out a second time: a fifth of a chart's
    # drawing time. The diagrams, drawn in axes larger than what they
    # show, are cropped.
    engine = fig.get_layout_engine()
    crop = {"bbox_inches": "tight"}
    if type(engine).__name__ == "ConstrainedLayoutEngine":
        engine.set(w_pad=0.1, h_pad=0.1)
        crop = {}
    if fmt == "png":
        fig.savefig(path + ".new", format="png", dpi=160, **crop,
                    pil_kwargs={"compress_level": 1})   # speed over size
    else:
        fig.savefig(path + ".new", format="pdf", **crop)
    import matplotlib.pyplot as plt
    plt.close(fig)
    os.replace(path + ".new", path)


def _pyplot():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    plt.rcParams.update({"font.family": "DejaVu Sans", "font.size": 9,
                         "svg.fonttype": "none", "pdf.fonttype": 42})
    return plt


# ---- figures made when their page is written ------------------------------------------
#
# A data figure needs a Bochs run (or bench results) and matplotlib. Its
# directive does neither: it emits the figure -- caption and ids, so that
# numbering and :numref: work as for any figure -- with a figure_image node
# naming a *job*, and starts that job in a thread. The job waits for the
# run, computes what the figure shows and has vmm_drawworker draw it in a
# process of its own, all while Sphinx goes on reading. When the page is
# written, FigureResolver waits for the job (usually long done) and puts the
# image, the caption's run-dependent words (figure_text) and a table's
# rows (figure_rows) in place. A job that fails warns there, at the
# directive's line, and the build fails as it did when figures were drawn
# while reading.

class FigureError(Exception):
    """What a figure's job reports when its run or data no longer give the
    figure: the build fails with this message at the directive."""


class figure_image(nodes.General, nodes.Element):
    """Where a data figure's image goes: node["vmm_figure"] names the job
    (see job_spec()) that draws it; FigureResolver replaces the node with the
    image when the page is written."""


class figure_text(nodes.Inline, nodes.TextElement):
    """Words of a caption that the figure's run decides (the value of
    high_memory, say): node["slot"] names them among the job's "text";
    FigureResolver fills them in when the page is written."""


class figure_rows(nodes.General, nodes.Element):
    """The body of a table whose cells come from a run: becomes the
    table's tgroup, from the job's "rows"[node["slot"]], when the page is
    written."""


def job_spec(directive, what, job, **args):
    """The description of a figure's job that its nodes carry: `job`
    ("module:function") is called in a thread as function(app, **args)
    and returns a dict with, as the figure needs, "draw"
    ("module:function"), "args" (a tuple for it), "stem" (a name that
    hashes everything drawn), "alt", "text" and "rows" (see FigureResolver); it
    raises FigureError when the figure cannot be made. `args` must pickle
    and print as JSON: they name the job across builds (the LaTeX build
    writes from the HTML build's pages)."""
    return {"what": what, "job": job, "args": args,
            "where": [directive.env.docname, directive.lineno]}


_jobs = {}      # (job, args, format) -> future, until the build ends
_job_cpu = [0.0]    # CPU time of the jobs' threads outside the drawing process
_jobs_lock = threading.Lock()
# A thread per job, more than the book has figures: a job mostly waits,
# for its run and then for the drawing process. With four threads, four
# jobs waiting for the drawing process (or for the bench runs) held back
# every other job, whose run was done, until one of them finished.
_job_pool = concurrent.futures.ThreadPoolExecutor(max_workers=48,
                                                  thread_name_prefix="vmm-figure")


def schedule(app, spec):
    """The future of `spec`'s job in this build's image format, started
    now unless it was already."""
    fmt = _format(app)
    # A LaTeX build that reads no page writes from the environment another
    # builder read (tests/book's, after its HTML build): it takes the PNG
    # that build drew when there is no PDF yet, as the image Sphinx
    # collected while reading would have been. `make pdf` reads its own.
    fallback = "png" if fmt == "pdf" and id(app.env) not in _read_some else None
    key = (spec["job"], json.dumps(spec["args"], sort_keys=True), fmt, fallback)
    with _jobs_lock:
        if key not in _jobs:
            _jobs[key] = _job_pool.submit(_make, app, spec, fmt, fallback)
        return _jobs[key]


def _make(app, spec, fmt, fallback=None):
    """Run a job; draw its figure unless this format of it (or the
    fallback format) exists: stems hash everything drawn. Returns the
    job's dict, with "path"."""
    import importlib
    module, name = spec["job"].split(":")
    cpu = time.thread_time()
    made = getattr(importlib.import_module(module), name)(app, **spec["args"])
    _job_cpu[0] += time.thread_time() - cpu
    if made.get("draw"):
        path = os.path.join(_figure_dir(app), f"{made['stem']}.{fmt}")
        other = os.path.join(_figure_dir(app), f"{made['stem']}.{fallback}")
        if not os.path.exists(path) and fallback and os.path.exists(other):
            path = other
        elif not os.path.exists(path):
            _worker.draw(made["draw"], made["args"], path, fmt)
        made["path"] = path
    return made


class _Worker:
    """One long-lived process (vmm_drawworker) that draws every figure
    with matplotlib, one at a time, so that drawing overlaps with Sphinx
    reading and writing instead of taking the Sphinx process's time (and
    matplotlib is imported once, there, and never by Sphinx)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.proc = None
        self.drawn = 0

    def _start(self):
        import pickle
        import subprocess
        import sys
        script = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                              "vmm_drawworker.py")
        self.proc = subprocess.Popen([sys.executable, script], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE)
        pickle.dump(list(sys.path), self.proc.stdin)
        atexit.register(self.stop)

    def stop(self):
        """End the worker (it exits when its input ends); the CPU time it
        took, in seconds (0 if it was not running)."""
        if self.proc is None:
            return 0.0
        self.proc.stdin.close()
        _, _, usage = os.wait4(self.proc.pid, 0)
        self.proc.returncode = 0
        self.proc.stdout.close()
        self.proc = None
        self.drawn = 0
        return usage.ru_utime + usage.ru_stime

    def draw(self, draw, args, path, fmt):
        """save_figure(draw, args, path, fmt) in the worker; RuntimeError
        with its traceback if it failed there."""
        import pickle
        with self.lock:
            if self.proc is None or self.proc.poll() is not None:
                self._start()
            try:
                pickle.dump((draw, args, path, fmt), self.proc.stdin)
                self.proc.stdin.flush()
                error = pickle.load(self.proc.stdout)
                self.drawn += 1
            except (OSError, EOFError) as err:
                self.proc = None
                raise RuntimeError(f"the drawing process died: {err}") from err
        if error:
            raise RuntimeError(f"drawing {os.path.basename(path)} failed:\n{error}")


_worker = _Worker()


def _fail_figure(nodes_of_job, spec, err):
    """Report a job's failure once, at its directive, and leave a note in
    place of each figure (or table) that waited for it."""
    logger.warning(f"{spec['what']}: {err}", location=tuple(spec["where"]),
                   type="vmm", subtype="figure")
    gone = []
    for node in nodes_of_job:
        holder = node
        while holder is not None and not isinstance(holder, (nodes.figure, nodes.table)):
            holder = holder.parent
        holder = holder or node
        if not any(holder is g for g in gone):  # a figure's caption and image
            gone.append(holder)
            holder.replace_self(nodes.paragraph("", f"[{spec['what']} unavailable: {err}]"))


def _fill(app, node, made):
    """Put what a job made where `node` waits for it."""
    if isinstance(node, figure_image):
        rel = os.path.relpath(made["path"], app.srcdir)
        image = nodes.image(uri=rel, alt=made.get("alt", ""))
        image["candidates"] = {"application/pdf" if rel.endswith(".pdf") else "image/png": rel}
        # What Sphinx's ImageCollector does while reading: the builders copy
        # the images env.images knows.
        app.env.images.add_file(node["vmm_figure"]["where"][0], rel)
        node.replace_self(image)
    elif isinstance(node, figure_text):
        node.replace_self(nodes.Text(made["text"][node["slot"]]))
    else:
        node.replace_self(_tgroup(*made["rows"][node["slot"]]))


def _tgroup(head, rows, widths):
    """A table body: a header row, then rows of text cells."""
    group = nodes.tgroup(cols=len(head))
    for width in widths:
        group += nodes.colspec(colwidth=width)
    for part, lines in ((nodes.thead(), [head]), (nodes.tbody(), rows)):
        for cells in lines:
            row = nodes.row()
            for cell in cells:
                row += nodes.entry("", nodes.paragraph("", cell))
            part += row
        group += part
    return group


class FigureResolver(SphinxPostTransform):
    """Fill every figure of a page being written from its job: start all
    of them first (the LaTeX build writes every page at once, from pages
    the HTML build read), then wait for each. Before the LaTeX builder's
    own transforms (priority 400 and up; its footnote transform, at 600,
    needs every table's body)."""
    default_priority = 200

    def run(self, **kwargs):
        waiting = {}    # future -> the nodes that wait for it, in page order
        for node in list(self.document.findall(
                lambda n: isinstance(n, (figure_image, figure_text, figure_rows)))):
            waiting.setdefault(schedule(self.app, node["vmm_figure"]), []).append(node)
        for future, waiters in waiting.items():
            try:
                made = future.result()
            except (FigureError, RuntimeError) as err:
                _fail_figure(waiters, waiters[0]["vmm_figure"], err)
                continue
            for node in waiters:
                _fill(self.app, node, made)


_read_some = set()     # ids of the environments of builds that read pages


def _before_read(app, env, docnames):
    (_read_some.add if docnames else _read_some.discard)(id(env))


def start_jobs(app, env):
    """After reading, make sure every figure's job has started when the
    build writes pages it did not read (every page is written when one
    was read, and LaTeX writes from the HTML build's environment), so that
    their figures are drawn while it writes."""
    if id(env) not in _read_some and app.builder.format != "latex":
        return      # nothing is written
    for specs in _recorded(env).values():
        for spec in specs:
            schedule(app, spec)


def _recorded(env):
    return vmm_pagedata.records(env, "vmm_figure_jobs")


def note_jobs(app, doctree):
    """Remember the figure jobs of a page just read (start_jobs())."""
    specs = [n["vmm_figure"] for n in doctree.findall(figure_image)]
    specs += [n["vmm_figure"] for n in doctree.findall(figure_rows)]
    if specs:
        _recorded(app.env)[app.env.docname] = specs
    else:
        _recorded(app.env).pop(app.env.docname, None)


def finish_jobs(app, exception):
    """No job may outlive its build; forget them (a module keeps them
    between the builds of one process, as the tests run them)."""
    with _jobs_lock:
        futures = list(_jobs.values())
        _jobs.clear()
    vmm_transcript.settle(futures)
    # A sphinx-build that ends at once (vmm_incremental) ends its drawing
    # process first and waits for it, so that the process's CPU time is
    # counted as its child's (make test's "# CPU:" line); a process that
    # builds several times (the tests) keeps it until it exits.
    if os.environ.get("VMM_BOOK_TIMELINE"):
        print(f"timeline: {_worker.drawn} figures drawn in their own process, "
              f"{_worker.stop():.1f} s of CPU; their jobs took {_job_cpu[0]:.1f} s "
              "of Sphinx's")
    elif os.environ.get("VMM_BOOK_FAST_EXIT"):
        _worker.stop()
    _job_cpu[0] = 0.0


class _FigureDirective(SphinxDirective):
    def figure(self, spec, caption):
        """The figure node of a data figure whose image `spec`'s job makes
        (job_spec()); caption: reStructuredText, or a list of its pieces
        and slot names (Slot) the job's "text" fills in."""
        image = figure_image()
        image["vmm_figure"] = spec
        fig = nodes.figure("", image)
        fig["classes"].append("vmm-datafigure")
        fig += self.caption(caption, spec)
        if "name" in self.options:
            self.add_name(fig)
        else:
            fig["ids"].append(f"datafigure-{self.env.new_serialno('vmm-datafigure')}")
        schedule(self.env.app, spec)
        return fig

    def caption(self, caption, spec, node=nodes.caption):
        """A caption (or title) node from reStructuredText pieces and
        Slots, each Slot a figure_text node for `spec`'s job to fill."""
        out = node("", "")
        for piece in ([caption] if isinstance(caption, str) else caption):
            if isinstance(piece, Slot):
                slot = figure_text("", "", slot=piece.name)
                slot["vmm_figure"] = spec
                out += slot
                continue
            inl, msgs = self.state.inline_text(piece, self.lineno)
            out += inl
            out += msgs
        return out

    def fail(self, what, err):
        logger.warning(f"{what}: {err}", location=(self.env.docname, self.lineno),
                       type="vmm", subtype="figure")
        return [nodes.paragraph("", f"[{what} unavailable: {err}]")]


class Slot(str):
    """A caption piece the figure's job fills in (its "text"[name])."""

    @property
    def name(self):
        return str(self)


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


def address_space_job(app, megs):
    """The address-space figure's job (job_spec()): high_memory from its
    run, the constants from kernel/include."""
    build = app.config.vmm_build_dir
    image, symbols = os.path.join(build, "vmm386.img"), os.path.join(build, "vmm386.sym")
    try:
        if layout.symbol_defined(symbols, "high_memory"):
            vmm_transcript.wait_for(app, layout.high_memory_session(megs))
        lay = layout.layout(image, symbols, os.path.join(build, "book", "transcripts"),
                            megs, root=vmm_doxy.source_root(app))
    except (layout.LayoutError, tr.RunError, OSError) as err:
        raise FigureError(err) from err
    data = json.dumps({k: v for k, v in lay.items() if k != "session"}, sort_keys=True)
    data += _version()
    if lay["high_memory"] is None:
        hm = (f"high_memory, and with it the end of the direct map and "
              f"VMALLOC_START, is not drawn: {lay['high_memory_source']}")
    else:
        hm = f"high_memory = {lay['high_memory']:#010x}, {lay['high_memory_source']}"
    return {"draw": "vmm_figures:draw_address_space", "args": (lay,),
            "stem": "addressspace-" + hashlib.sha256(data.encode()).hexdigest()[:12],
            "alt": "Kernel virtual address space layout", "text": {"high_memory": hm}}


class AddressSpace(_FigureDirective):
    has_content = False
    option_spec = {"megs": directives.positive_int, "caption": directives.unchanged,
                   "name": directives.unchanged_required}

    def run(self):
        app = self.env.app
        build = app.config.vmm_build_dir
        image, symbols = os.path.join(build, "vmm386.img"), os.path.join(build, "vmm386.sym")
        megs = self.options.get("megs", 32)
        for h in layout.HEADERS:
            self.env.note_dependency(os.path.join(vmm_doxy.source_root(app), "kernel",
                                                  "include", h))
        self.env.note_dependency(symbols)
        self.env.note_dependency(image)
        spec = job_spec(self, "addressspace", "vmm_figures:address_space_job", megs=megs)
        # The default caption quotes high_memory, which only the run knows.
        caption = self.options.get("caption") or [
            f"The kernel's virtual address space ({megs} MiB guest). Constants are "
            "evaluated by the compiler from ``kernel/include``; ", Slot("high_memory"), "."]
        return [self.figure(spec, caption)]


# ---- the physical memory map ----------------------------------------------------------

E820_STYLE = {"usable": ("#edf3e6", None, "usable RAM"),
              "reserved": ("#c3c8d0", "////", "reserved"),
              "ACPI data": ("#ddd3ee", None, "ACPI data"),
              "ACPI NVS": ("#ddd3ee", "xx", "ACPI NVS")}
HOLE_STYLE = ("#ffffff", "....", "not in the e820 map")
ZONE_COLOURS = {"ZONE_DMA": "#f3d9a8", "ZONE_NORMAL": "#bcdab2", "ZONE_HIGHMEM": "#efb8b2"}
REGION_COLOURS = {"kernel": "#4c72b0", "pgd": "#15274d", "initrd": "#dd8452",
                  "early": "#3f9a5b", "bitmap": "#c44e52", "memmap": "#8172b3",
                  "pagetable": "#8c6d3f"}
FIG_W = 6.6             # inches
XPAD = 0.03             # margin either side of the bars, in bar widths
U = 0.18                # inches per vertical unit
LABEL_PT = 7.6          # the size of labels
BAR, ZONE, PAD = 2.2, 1.0, 0.012


def _ticks(lo, hi):
    """Round addresses from lo to hi, at most 9 of them."""
    step = 64 * physmap.KIB
    while (hi - lo) / step > 8:
        step *= 2
    first = (lo + step - 1) // step * step
    return list(range(first, hi + 1, step))


def _addr_text(n):
    if n == 0:
        return "0"
    for unit, size in (("GiB", physmap.GIB), ("MiB", physmap.MIB), ("KiB", physmap.KIB)):
        if n % size == 0:
            return f"{n // size} {unit}"
    return f"{n:#x}"


def _spread(items, lo=0.0, hi=1.0, pad=PAD):
    """Centres for labels [(anchor, width)] in anchor order, as close to
    their anchors as they can be without overlapping or leaving [lo, hi]."""
    xs = []
    for i, (anchor, w) in enumerate(items):
        x = min(max(anchor, lo + w / 2), hi - w / 2)
        if xs:
            x = max(x, xs[-1] + (items[i - 1][1] + w) / 2 + pad)
        xs.append(x)
    for i in range(len(xs) - 1, -1, -1):
        w = items[i][1]
        limit = hi - w / 2 if i == len(xs) - 1 else \
            xs[i + 1] - (items[i + 1][1] + w) / 2 - pad
        xs[i] = min(xs[i], limit)
    return xs


class _Measure:
    """Widths of label text, in bar widths."""

    def __init__(self, plt):
        from matplotlib.font_manager import FontProperties
        self.fig = plt.figure(figsize=(FIG_W, 1))
        self.renderer = self.fig.canvas.get_renderer()
        self.font = FontProperties(family="DejaVu Sans", size=LABEL_PT)
        self.bar_inches = FIG_W / (1 + 2 * XPAD)

    def width(self, text):
        px = max(self.renderer.get_text_width_height_descent(line, self.font, ismath=False)[0]
                 for line in text.splitlines())
        return px / self.fig.dpi / self.bar_inches + 0.012    # and the box's padding

    def close(self, plt):
        plt.close(self.fig)


def _bands(data, measure):
    """What each band shows: its range, and the labels above and below it."""
    rows = physmap.rows(data)
    bands = []
    for i, (lo, hi) in enumerate(rows):
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        labels = []
        for r in data["regions"]:
            if r["end"] <= lo or r["start"] >= hi:
                continue
            if nxt and r["start"] >= nxt[0] and r["end"] <= nxt[1]:
                continue        # labelled in the next band, where it is wider
            size = physmap.size_text(r["end"] - r["start"])
            text = f"{r['name']}\n{r['start']:#010x}, {size}"
            labels.append({"region": r, "text": text, "w": measure.width(text),
                           "anchor": ((r["start"] + r["end"]) / 2 - lo) / (hi - lo)})
        labels.sort(key=lambda l: l["anchor"])
        if sum(l["w"] + PAD for l in labels) > 1.0:
            above, below = labels[::2], labels[1::2]
        else:
            above, below = labels, []
        head = 1.1 + (2.9 if above else 0.4)
        h = head + BAR + 0.15 + ZONE + 0.9 + (2.6 if below else 0)
        bands.append({"lo": lo, "hi": hi, "above": above, "below": below, "next": nxt,
                      "head": head, "h": h})
    return bands


def _e820_names(ax, data, lo, hi, X, y0, y1):
    """Name the wider stretches of the e820 background that no region covers."""
    segs = data["e820"]
    edges = sorted({lo, hi} | {x for a, c, _ in segs for x in (a, c) if lo < x < hi})
    for a, c in zip(edges, edges[1:]):
        kind = [t for s, e, t in segs if s <= a and c <= e]
        name = E820_STYLE.get(kind[0], (0, 0, kind[0]))[2] if kind else HOLE_STYLE[2]
        cuts = sorted({a, c} | {x for r in data["regions"] for x in (r["start"], r["end"])
                                if a < x < c})
        free = [(s, e) for s, e in zip(cuts, cuts[1:])
                if not any(r["start"] < e and r["end"] > s for r in data["regions"])]
        if not free:
            continue
        s, e = max(free, key=lambda p: p[1] - p[0])
        if X(e) - X(s) > len(name) * 0.0105 + 0.01:
            ax.text((X(s) + X(e)) / 2, (y0 + y1) / 2, name, ha="center", va="center",
                    fontsize=LABEL_PT, color="#44546a", zorder=4, style="italic")


def draw_physmap(data):
    plt = _pyplot()
    measure = _Measure(plt)
    bands = _bands(data, measure)
    measure.close(plt)
    gap, legend_h = 1.6, 3.2
    total = sum(b["h"] for b in bands) + gap * (len(bands) - 1) + legend_h
    fig = plt.figure(figsize=(FIG_W, (total + 0.4) * U))
    ax = fig.add_axes([0, 0, 1, 1])
    ax.set_xlim(-XPAD, 1 + XPAD)
    ax.set_ylim(-total, 0.4)
    ax.axis("off")
    y, frame = 0.0, None
    for b in bands:
        lo, hi = b["lo"], b["hi"]
        X = lambda a, lo=lo, hi=hi: (a - lo) / (hi - lo)    # noqa: E731
        whole = lo == 0 and hi == data["top"]
        ax.text(0, y - 0.55, "All of physical memory" if whole else
                f"The first {_addr_text(hi)}, enlarged", ha="left", va="center",
                fontsize=9.5, fontweight="bold", color="#1d2633")
        ax.text(1, y - 0.55, f"{_addr_text(lo)} \u2013 {_addr_text(hi)}, to scale",
                ha="right", va="center", fontsize=LABEL_PT, color="#6b7785",
                style="italic")
        top = y - b["head"]
        bot = top - BAR
        if frame:       # the funnel from the frame in the band above
            a, c, fy = frame
            ax.fill([a, c, 1, 0], [fy, fy, top, top], color="#dfe6ee", alpha=0.6,
                    linewidth=0, zorder=0)
            for x0, x1 in ((a, 0), (c, 1)):
                ax.plot([x0, x1], [fy, top], color="#8a9aae", linewidth=0.6, zorder=0.5)
        # the e820 map: holes underneath, then each entry
        ax.add_patch(plt.Rectangle((0, bot), 1, BAR, facecolor=HOLE_STYLE[0],
                                   hatch=HOLE_STYLE[1], edgecolor="#c8ced6", linewidth=0,
                                   zorder=1))
        for a, c, t in data["e820"]:
            if c <= lo or a >= hi:
                continue
            face, hatch, _ = E820_STYLE.get(t, ("#eeeeee", "++", t))
            x0, x1 = X(max(a, lo)), X(min(c, hi))
            ax.add_patch(plt.Rectangle((x0, bot), x1 - x0, BAR, facecolor=face, hatch=hatch,
                                       edgecolor="#9aa4b1" if hatch else face, linewidth=0,
                                       zorder=1.5))
        _e820_names(ax, data, lo, hi, X, bot, top)
        # the regions, at least a line wide
        for r in data["regions"]:
            if r["end"] <= lo or r["start"] >= hi:
                continue
            x0, x1 = X(max(r["start"], lo)), X(min(r["end"], hi))
            if x1 - x0 < 0.0018:
                x0, x1 = (x0 + x1) / 2 - 0.0009, (x0 + x1) / 2 + 0.0009
            inset = 0.5 if r["kind"] == "pgd" else 0
            ax.add_patch(plt.Rectangle((x0, bot + inset), x1 - x0, BAR - 2 * inset,
                                       facecolor=REGION_COLOURS[r["kind"]], linewidth=0,
                                       zorder=3 if r["kind"] == "pgd" else 2.5))
        ax.add_patch(plt.Rectangle((0, bot), 1, BAR, fill=False, edgecolor="#44546a",
                                   linewidth=0.8, zorder=5))
        # the zones, under the bar
        zt, zb = bot - 0.15, bot - 0.15 - ZONE
        for z in data["zones"]:
            if z["end"] <= lo or z["start"] >= hi:
                continue
            x0, x1 = X(max(z["start"], lo)), X(min(z["end"], hi))
            ax.add_patch(plt.Rectangle((x0, zb), x1 - x0, ZONE,
                                       facecolor=ZONE_COLOURS[z["name"]],
                                       edgecolor="white", linewidth=0.8, zorder=2))
            first, last = z["start"] // physmap.PAGE, z["end"] // physmap.PAGE
            for text in (f"{z['name']}: frames {first:#x}\u2013{last:#x} "
                         f"({last - first} pages)", z["name"],
                         z["name"].replace("ZONE_", "")):
                if measure.width(text) < x1 - x0:
                    ax.text((x0 + x1) / 2, (zt + zb) / 2, text, ha="center",
                            va="center", fontsize=LABEL_PT, color="#1d2633", zorder=4)
                    break
        # addresses
        for t in _ticks(lo, hi):
            ax.plot([X(t)] * 2, [bot, bot - 0.12], color="#44546a", linewidth=0.6)
            ax.plot([X(t)] * 2, [zb, zb - 0.12], color="#44546a", linewidth=0.6)
            ax.text(X(t), zb - 0.2, _addr_text(t), ha="center", va="top", fontsize=7,
                    color="#44546a", family="DejaVu Sans Mono")
        # labels, with leader lines to what they name
        for lane in ("above", "below"):
            labels = b[lane]
            xs = _spread([(l["anchor"], l["w"]) for l in labels])
            for l, xl in zip(labels, xs):
                colour = REGION_COLOURS[l["region"]["kind"]]
                if lane == "above":
                    ly, ay, va = top + 0.8, top, "bottom"
                else:
                    ly, ay, va = zb - 1.15, bot, "top"
                ax.plot([xl, l["anchor"]], [ly, ay], color=colour, linewidth=0.6, zorder=6)
                ax.text(xl, ly, l["text"], ha="center", va=va, fontsize=LABEL_PT,
                        color="#1d2633",
                        linespacing=1.15, zorder=7,
                        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white",
                              "edgecolor": colour, "linewidth": 0.6})
        frame = None
        if b["next"]:   # frame what the next band enlarges
            a, c = X(b["next"][0]), X(b["next"][1])
            ax.add_patch(plt.Rectangle((a - 0.003, bot - 0.3), c - a + 0.006, BAR + 0.6,
                                       fill=False, edgecolor="#15274d", linewidth=1.0,
                                       linestyle=(0, (3, 2)), zorder=8))
            frame = (a, c, y - b["h"])
        y -= b["h"] + gap
    from matplotlib.patches import Patch
    styles = [E820_STYLE.get(t, ("#eeeeee", "++", t))
              for t in dict.fromkeys(t for _, _, t in data["e820"])] + [HOLE_STYLE]
    ax.legend(handles=[Patch(facecolor=f, hatch=h, edgecolor="#9aa4b1", linewidth=0.5,
                             label=n) for f, h, n in styles],
              loc="lower center", bbox_to_anchor=(0.5, 0.0), ncol=len(styles),
              fontsize=LABEL_PT,
              frameon=False, handlelength=1.8, columnspacing=1.5,
              title="the e820 map, as the bars' background", title_fontsize=LABEL_PT)
    return fig


def _prefetch_addressspace(app, arguments, options, content):
    _, symbols, _ = vmm_transcript._paths(app)
    if not layout.symbol_defined(symbols, "high_memory"):
        return []
    return [vmm_transcript.run_of(app, layout.high_memory_session(options.get("megs", 32)))]


def _prefetch_buddysteps(app, arguments, options, content):
    return [vmm_transcript.run_of(app, BuddySteps.session(options))]


def _prefetch_physmap(app, arguments, options, content):
    return [vmm_transcript.run_of(app, physmap.session(options.get("megs", 32),
                                                       options.get("options", "")))]


def physmap_job(app, megs, options):
    """The physical memory map's job (job_spec()): the regions its boot
    reported."""
    build = app.config.vmm_build_dir
    image, symbols = os.path.join(build, "vmm386.img"), os.path.join(build, "vmm386.sym")
    try:
        for p in (image, symbols):
            if not os.path.exists(p):
                raise OSError(f"{p} is missing: run `make` first")
        cachedir = os.path.join(build, "book", "transcripts")
        vmm_transcript.wait_for(app, physmap.session(megs, options))
        data = physmap.get(image, symbols, cachedir, megs, options,
                           root=vmm_doxy.source_root(app))
    except (physmap.PhysmapError, layout.LayoutError, tr.RunError, OSError) as err:
        raise FigureError(err) from err
    blob = json.dumps(data, sort_keys=True) + _version()
    beyond = "; ".join(f"{t} {a:#x}\u2013{b:#x}" for a, b, t in data["beyond"])
    return {"draw": "vmm_figures:draw_physmap", "args": (data,),
            "stem": "physmap-" + hashlib.sha256(blob.encode()).hexdigest()[:12],
            "alt": "Physical memory map: " + "; ".join(
                f"{r['name']} {r['start']:#x}-{r['end']:#x}" for r in data["regions"]),
            "text": {"beyond": f" Not drawn, far above: {beyond}." if beyond else ""}}


class PhysMap(_FigureDirective):
    has_content = False
    option_spec = {"megs": directives.positive_int, "options": directives.unchanged,
                   "caption": directives.unchanged, "name": directives.unchanged_required}

    def run(self):
        app = self.env.app
        build = app.config.vmm_build_dir
        image, symbols = os.path.join(build, "vmm386.img"), os.path.join(build, "vmm386.sym")
        megs, options = self.options.get("megs", 32), self.options.get("options", "")
        if not all(os.path.exists(p) for p in (image, symbols)):
            return self.fail("physmap", f"{image} or {symbols} is missing: run `make` first")
        for h in physmap.HEADERS:
            self.env.note_dependency(os.path.join(vmm_doxy.source_root(app), "kernel",
                                                  "include", h))
        self.env.note_dependency(symbols)
        self.env.note_dependency(image)
        spec = job_spec(self, "physmap", "vmm_figures:physmap_job", megs=megs,
                        options=options)
        cmdline = physmap.session(megs, options)["cmdline"]
        caption = self.options.get("caption") or (
            f"Physical memory of a {_addr_text(megs << 20)} guest at the end of "
            "``paging_init()``: "
            "the e820 map the kernel printed, the regions its ``bootmem``, "
            "``paging_init`` and ``zones`` checkpoints report, and ``mem_map`` read "
            "with the debugger.")
        # What lies beyond the drawn range only the boot says.
        fig = self.figure(spec, [caption + " To scale; a region narrower than a line is "
                                 "drawn as one.", Slot("beyond"),
                                 f" Booted with ``{cmdline}``;"])
        fig[-1] += nodes.inline("", f" recorded from image {tr.file_hash(image)[:12]}",
                                classes=["vmm-provenance"])
        return [fig]


# ---- make bench results ----------------------------------------------------------------

def _bench_runs(options):
    """The bench runs a benchplot draws from: its :runs:, or all of them."""
    import bench    # tools/bench.py
    names = [r for r in re.split(r"[\s,]+", options.get("runs", "")) if r]
    known = {b.name: b for b in bench.targets.BENCH}
    missing = [r for r in names if r not in known]
    if missing:
        raise ValueError(f"no bench run {', '.join(missing)} (see tests/targets.py)")
    return [known[r] for r in names] if names else list(bench.targets.BENCH)


_results_lock = threading.Lock()


def _stale_bench(app, specs):
    """[(key, fn)] measuring those of `specs` whose results are missing or
    were measured on another image; fn adds its run to results.json."""
    import bench
    build = app.config.vmm_build_dir
    image = os.path.join(build, "vmm386.img")
    path = os.path.join(build, "bench", "results.json")
    current = bench.image_hash(image)
    with _results_lock:
        data = _load_results(path)
    return [(("bench", image, b.name), functools.partial(_measure, b, image, path))
            for b in specs if data["runs"].get(b.name, {}).get("image") != current]


def _measure(spec, image, path):
    """Boot bench run `spec` and record it in results.json (path), leaving
    the other runs' entries alone; its record."""
    import bench
    # the boot in a worker process, the bookkeeping here, under the lock
    record = vmm_transcript.in_worker(functools.partial(bench.run_one, spec, image))
    with _results_lock:
        data = _load_results(path)
        data["runs"][spec.name] = record
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path + ".new", "w") as f:
            json.dump(data, f, indent=1, sort_keys=True)
        os.replace(path + ".new", path)
    return record


def _prefetch_bench(app, arguments, options, content):
    return _stale_bench(app, _bench_runs(options))


def note_bench(directive):
    """Note what a page's bench figures are made from: the results, and
    the image they must have been measured on."""
    build = directive.env.app.config.vmm_build_dir
    directive.env.note_dependency(os.path.join(build, "bench", "results.json"))
    directive.env.note_dependency(os.path.join(build, "vmm386.img"))


def bench_results(app, specs):
    """results.json, with `specs` measured again first (in the transcripts'
    pool, usually already started by the prefetch) if missing or stale."""
    path = os.path.join(app.config.vmm_build_dir, "bench", "results.json")
    stale = _stale_bench(app, specs)
    if stale:
        logger.info(f"benchplot: measuring {', '.join(k[2] for k, _ in stale)} "
                    "(results missing or stale)")
    for key, fn in stale:
        try:
            vmm_transcript.start(key, fn).result()
        except Exception as err:    # noqa: BLE001 -- Bochs, the guest or the host
            raise RuntimeError(f"make bench {key[2]} failed: {err}") from err
    if _stale_bench(app, specs):
        raise RuntimeError("bench results still stale for "
                           + ", ".join(k[2] for k, _ in _stale_bench(app, specs)))
    with _results_lock:
        return path, _load_results(path)


def _load_results(path):
    if not os.path.exists(path):
        return {"runs": {}}
    with open(path) as f:
        return json.load(f)


def wait_for_bench(app, env):
    """Before the environment is saved, let every bench run of this build
    write results.json: the pages that depend on it are then not stale for
    the next build (vmm_incremental.after_read). The runs go first in the
    pool, so this rarely waits; the figures drawn from them are made while
    the pages are written."""
    begin = time.monotonic()
    vmm_transcript.settle([future for key, future in list(vmm_transcript._futures.items())
                           if isinstance(key, tuple) and key[0] == "bench"])
    if os.environ.get("VMM_BOOK_TIMELINE"):
        print(f"timeline: bench results waited for {time.monotonic() - begin:.1f} s "
              "after reading")


def _natural(key):
    """Sort key that puts kmalloc_32 before kmalloc_256 before kmalloc_1024."""
    return [(0, int(t), "") if t.isdigit() else (1, 0, t) for t in re.split(r"(\d+)", key)]


RUN_COLOURS = ["#7a9cc6", "#e0a458", "#8cc084", "#c98bb9"]
#: a bar chart's width, labels included: the PDF's text width, so that it
#: prints at the size its text is set in (labels 8.5 pt), however long
#: its labels are (the axes make room for them)
CHART_WIDTH_IN = 6.1
VERSION_RE = re.compile(r"\d+\.\d+")


def _components(key):
    """A bench key split at its dots, keeping a version (2.4) whole:
    'vmalloc.2.4.get_vm_area_live_1' -> ['vmalloc', '2.4', 'get_vm_area_live_1']."""
    out, rest = [], key
    while rest:
        m = VERSION_RE.match(rest)
        part = m.group(0) if m and rest[m.end():m.end() + 1] in ("", ".") else rest.split(".")[0]
        out.append(part)
        rest = rest[len(part) + 1:]
    return out


def run_label(run):
    """A bench run's name as a legend says it: 'vmalloc-2.4-32M' ->
    'vmalloc 2.4, 32 MiB'."""
    m = re.match(r"^(.*?)-(\d+)M$", run)
    if not m:
        return run.replace("-", " ")
    return f"{m.group(1).replace('-', ' ')}, {m.group(2)} MiB"


def parse_labels(text):
    """A benchplot's :labels: option, lines "FRAGMENT = words" -> [(FRAGMENT,
    words)]: a bar whose key ends with .FRAGMENT (or is FRAGMENT; a * at
    the end, see _name_for()) is labelled with the words, where the key's
    own components would not read as English ("high_bounced")."""
    pairs = []
    for line in (text or "").splitlines():
        if line.strip():
            frag, sep, words = line.partition("=")
            if not sep or not frag.strip() or not words.strip():
                raise ValueError(f":labels: wants 'FRAGMENT = words', not {line.strip()!r}")
            pairs.append((frag.strip(), words.strip()))
    return pairs


def _name_for(key, names):
    """The words @names gives @key, or None. A fragment ending in * names
    every key whose last component starts with the rest, and the * in the
    words stands for what follows it ("get_vm_area_live_* = get_vm_area(),
    * areas")."""
    last = key.rsplit(".", 1)[-1]
    for frag, words in names:
        if frag.endswith("*"):
            if last.startswith(frag[:-1]):
                return words.replace("*", last[len(frag) - 1:])
        elif key == frag or key.endswith("." + frag):
            return words
    return None


def bench_labels(bars, names=()):
    """Human labels for bars [(key, run, value)]: the dotted components
    every key shares are said once (in the caption), and so is what the
    run's name says already (2.4 in a bar of run vmalloc-2.4-32M): the
    bar's colour names the run. What is left is joined with spaces, unless
    @names [(fragment, words)] (parse_labels()) names the key."""
    parts = [_components(k) for k, _, _ in bars]
    common = 0
    while len(parts) > 1 and all(len(p) > common + 1 for p in parts) and \
            len({p[common] for p in parts}) == 1:
        common += 1
    labels = []
    for (key, run, _), p in zip(bars, parts):
        named = _name_for(key, names)
        words = set(re.split(r"[-_]", run)) if run else set()
        rest = [c for c in p[common:] if c not in words] or p[common:]
        labels.append(named or " ".join(rest))
    return labels


def bench_groups(bars, groups):
    """The legend entry of each bar [(key, run, value)]: the words of the
    first of @groups [(regex, words)] (a benchplot's :groups:, lines
    "REGEX = words" read by parse_labels()) that the key matches, when
    there are groups (a design or a family each: "with the per-CPU
    array"), else its run's label ("" for a chart of one run). A bar that
    no group takes is an error: its colour would say nothing."""
    if not groups:
        return [run_label(run) if run else "" for _, run, _ in bars]
    out = []
    for key, _, _ in bars:
        name = next((words for rx, words in groups if re.search(rx, key)), None)
        if name is None:
            raise ValueError(f":groups: put {key} in no group")
        out.append(name)
    return out


def axis_label(unit):
    """The x axis's words for a bench unit: instructions are Bochs'
    count, the other units the kernel's own counters."""
    if unit in ("insns", "ticks"):
        return "emulated instructions (Bochs, clock: sync=none)"
    words = {"flushes": "full TLB flushes"}
    return f"{words.get(unit, unit)}, counted by the kernel"


def draw_bench(bars, unit, title, log, names=(), groups=()):
    """A horizontal bar chart of bars [(key, run, value)]: human labels
    (bench_labels(), with @names), one colour per run (per design, when
    the runs are the designs) or per group of @groups (bench_groups()),
    and a legend when there is more than one."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(CHART_WIDTH_IN, 0.42 * len(bars) + 0.9),
                           layout="constrained")
    labels = bench_labels(bars, names)
    values = [b[2] for b in bars]
    legend = bench_groups(bars, groups)
    kinds = list(dict.fromkeys(legend))
    colour = {r: RUN_COLOURS[i % len(RUN_COLOURS)] for i, r in enumerate(kinds)}
    for i, (key, run, value) in enumerate(bars):
        ax.barh(i, value, color=colour[legend[i]], edgecolor="#44546a", height=0.6,
                label=legend[i] if legend[i] and i == legend.index(legend[i]) else None)
    ax.set_yticks(range(len(bars)), labels, fontsize=8.5, family="DejaVu Sans Mono")
    ax.invert_yaxis()
    if log:
        ax.set_xscale("log")
    ax.set_xlabel(axis_label(unit))
    for i, v in enumerate(values):
        ax.text(v, i, f" {v:,}", va="center", fontsize=8)
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_xlim(right=max(values) * (3 if log else 1.18))
    if len(kinds) > 1:
        ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=min(len(kinds), 3),
                  fontsize=8.5, frameon=False)
    if title:
        ax.set_title(title, fontsize=10)
    return fig


def bench_job(app, runs, keys, title, log, labels, groups):
    """A benchplot's job (job_spec()): the bars of `runs` (names, in the
    order drawn) whose keys match `keys`, from results measured on the
    current image."""
    try:
        specs = _bench_runs({"runs": ",".join(runs)})
        path, data = bench_results(app, specs)
        keys = re.compile(keys)
        bars, units = [], set()
        for run in runs:
            for key, (value, unit) in sorted(data["runs"][run]["results"].items(),
                                             key=lambda kv: _natural(kv[0])):
                if keys.search(key):
                    bars.append((key, run if len(runs) > 1 else "", value))
                    units.add(unit)
        if not bars:
            raise ValueError(f"keys {keys.pattern!r} match no result any more")
        if len(units) > 1:
            raise ValueError(f"mixed units {sorted(units)}: narrow :keys:")
        names = parse_labels(labels)
        unused = [f for f, w in names
                  if not any(_name_for(k, [(f, w)]) for k, _, _ in bars)]
        if unused:
            raise ValueError(f":labels: {', '.join(unused)} name no bar any more")
        groups = parse_labels(groups)
        if groups and len(runs) > 1:
            raise ValueError(":groups: colour the bars of one run; these are of "
                             f"{len(runs)} runs, coloured by run")
        bench_groups(bars, groups)
        empty = [rx for rx, _ in groups if not any(re.search(rx, k) for k, _, _ in bars)]
        if empty:
            raise ValueError(f":groups: {', '.join(empty)} take no bar any more")
    except (ValueError, RuntimeError, OSError, KeyError, re.error) as err:
        raise FigureError(err) from err
    unit = units.pop()
    blob = json.dumps([bars, unit, title, log, names, groups, _version()])
    return {"draw": "vmm_figures:draw_bench", "args": (bars, unit, title, log, names, groups),
            "stem": "bench-" + hashlib.sha256(blob.encode()).hexdigest()[:12],
            "alt": "Bench results: " + ", ".join(
                f"{k}{f' [{r}]' if r else ''} {v} {unit}" for k, r, v in bars)}


class BenchPlot(_FigureDirective):
    has_content = False
    option_spec = {"keys": directives.unchanged_required, "runs": directives.unchanged,
                   "log": directives.flag, "title": directives.unchanged,
                   "labels": directives.unchanged, "groups": directives.unchanged,
                   "caption": directives.unchanged, "name": directives.unchanged_required}

    def run(self):
        try:
            specs = _bench_runs(self.options)
        except ValueError as err:
            return self.fail("benchplot", err)
        runs = [b.name for b in specs] if self.options.get("runs") else \
            sorted(b.name for b in specs)
        note_bench(self)
        spec = job_spec(self, "benchplot", "vmm_figures:bench_job", runs=runs,
                        keys=self.options.get("keys", "."),
                        title=self.options.get("title"), log="log" in self.options,
                        labels=self.options.get("labels"),
                        groups=self.options.get("groups"))
        caption = self.options.get("caption") or (
            f"Measured by ``make bench`` on the current kernel ({', '.join(runs)}).")
        return [self.figure(spec, caption)]


# ---- vmm386 and Linux side by side ------------------------------------------------------

LINUX_BENCH = "linux-bench.json"      # beside conf.py, written by make bench-linux
LINUX_COLUMNS = (("linux", "Linux 6.1"), ("linux-nomitigations", "Linux 6.1, mitigations=off"))


def linux_bench_rows(vmm386, linux, keys):
    """[(key, vmm386, linux, linux without mitigations)] for the keys both
    kernels measured that match `keys`, in natural order."""
    rows = []
    for key in sorted(vmm386, key=_natural):
        if keys.search(key) and key in linux["linux"]:
            rows.append((key, vmm386[key][0], linux["linux"][key][0],
                         linux.get("linux-nomitigations", {}).get(key, [None])[0]))
    return rows


def draw_linux_bench(rows, log, names=()):
    """Grouped horizontal bars: per operation vmm386, Linux, Linux without
    mitigations; labelled by bench_labels() with @names."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(CHART_WIDTH_IN, 0.75 * len(rows) + 1.0),
                           layout="constrained")
    labels = bench_labels([(k, "", 0) for k, *_ in rows], names)
    series = [("vmm386", 1), ("Linux 6.1", 2), ("Linux 6.1, mitigations=off", 3)]
    height = 0.26
    for j, (name, col) in enumerate(series):
        ys = [i + (j - 1) * height for i in range(len(rows))]
        vals = [r[col] or 0 for r in rows]
        ax.barh(ys, vals, height=height, color=RUN_COLOURS[j], edgecolor="#44546a",
                label=name)
        for y, v in zip(ys, vals):
            ax.text(v, y, f" {v:,}", va="center", fontsize=7)
    ax.set_yticks(range(len(rows)), labels, fontsize=8.5, family="DejaVu Sans Mono")
    ax.invert_yaxis()
    top = max(max(r[1], r[2], r[3] or 0) for r in rows)
    if log:
        ax.set_xscale("log")
    ax.set_xlim(right=top * (3 if log else 1.22))
    ax.set_xlabel("emulated instructions per operation (Bochs, clock: sync=none)")
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), ncol=3, fontsize=8.5,
              frameon=False)
    return fig


def linux_bench_job(app, run, keys, log, labels, linux_path):
    """A linuxbench's job (job_spec()): its table's rows and its chart,
    from vmm386's results of `run` on the current image and Linux's in
    `linux_path`."""
    try:
        path, data = bench_results(app, _bench_runs({"runs": run}))
        with open(linux_path) as f:
            rec = json.load(f)["runs"][run]
        keys = re.compile(keys)
        rows = linux_bench_rows(data["runs"][run]["results"], rec["results"], keys)
        if not rows:
            raise ValueError(f"keys {keys.pattern!r} match no figure both kernels have")
        names = parse_labels(labels)
        unused = [f for f, w in names if not any(_name_for(r[0], [(f, w)]) for r in rows)]
        if unused:
            raise ValueError(f":labels: {', '.join(unused)} name no bar any more")
    except (ValueError, RuntimeError, OSError, KeyError, re.error) as err:
        raise FigureError(err) from err
    blob = json.dumps([rows, log, names, _version()])
    words = bench_labels([(k, "", 0) for k, *_ in rows], names)
    table = [[label, f"{v:,}", f"{l:,}", f"{n:,}" if n is not None else "-", f"{v / l:.2f}"]
             for label, (_, v, l, n) in zip(words, rows)]
    return {"draw": "vmm_figures:draw_linux_bench", "args": (rows, log, names),
            "stem": "linuxbench-" + hashlib.sha256(blob.encode()).hexdigest()[:12],
            "alt": "vmm386 and Linux: " + ", ".join(f"{k} {v}/{l}" for k, v, l, _ in rows),
            "rows": {"table": (["operation", "vmm386", "Linux 6.1", "mitigations=off",
                                "vmm386 / Linux"], table, [30] + [12] * 4)}}


def rows_table(directive, spec, title):
    """A table titled `title` whose rows `spec`'s job gives (its
    "rows"["table"]), numbered in HTML as in LaTeX (an id)."""
    table = nodes.table()
    table += nodes.title(title, title)
    body = figure_rows()
    body["slot"] = "table"
    body["vmm_figure"] = spec
    table += body
    return table


class LinuxBench(_FigureDirective):
    has_content = False
    option_spec = {"run": directives.unchanged_required, "keys": directives.unchanged,
                   "log": directives.flag, "caption": directives.unchanged,
                   "labels": directives.unchanged, "name": directives.unchanged_required}

    def run(self):
        app = self.env.app
        run = self.options.get("run", "")
        linux_path = os.path.join(app.confdir, LINUX_BENCH)
        try:
            _bench_runs({"runs": run})
            linux = json.load(open(linux_path))
            if run not in linux["runs"]:
                raise ValueError(f"{LINUX_BENCH} has no figures of {run}: "
                                 "run make bench-linux")
            rec = linux["runs"][run]
        except (ValueError, OSError, KeyError) as err:
            return self.fail("linuxbench", err)
        note_bench(self)
        self.env.note_dependency(linux_path)
        spec = job_spec(self, "linuxbench", "vmm_figures:linux_bench_job", run=run,
                        keys=self.options.get("keys", "."), log="log" in self.options,
                        labels=self.options.get("labels"), linux_path=linux_path)
        table = rows_table(self, spec, "Emulated instructions per operation, "
                           f"/bin/{rec['program']} on both kernels in the same Bochs")
        caption = self.options.get("caption") or (
            f"/bin/{rec['program']} on vmm386 (``make bench``, run {run}) and on "
            f"{linux['package']} (``make bench-linux``), {rec['megs']} MiB")
        # An id makes Sphinx number the table in HTML as LaTeX does.
        table["ids"].append(f"linuxbench-{self.env.new_serialno('vmm-linuxbench')}")
        out = [table, self.figure(spec, caption)]
        changed = self._changed_programs(app, rec)
        if changed:
            out.append(nodes.paragraph(
                "", "", nodes.Text("Linux's figures were measured with an earlier build of "
                                   f"{', '.join(changed)}; "),
                nodes.literal("", "make bench-linux"), nodes.Text(" measures them again.")))
        return out

    @staticmethod
    def _changed_programs(app, rec):
        """The programs whose build differs from the one Linux ran."""
        out = []
        for name, digest in rec.get("files", {}).items():
            path = os.path.join(app.config.vmm_build_dir, "guest", "root", "bin", name)
            if not os.path.exists(path) or tr.file_hash(path)[:16] != digest:
                out.append("/bin/" + name)
        return out


def _prefetch_linuxbench(app, arguments, options, content):
    return _stale_bench(app, _bench_runs({"runs": options.get("run", "")}))


def bench_table_job(app, run, rows, target, reference):
    """A benchtable's job (job_spec()): rows [KEY, REFERENCE, LABEL] with
    vmm386's figure of each KEY in `run`, measured on the current image."""
    try:
        path, data = bench_results(app, _bench_runs({"runs": run}))
        results = data["runs"][run]["results"]
        out = []
        for key, ref, label in rows:
            if key not in results:
                raise ValueError(f"no result {key!r} in run {run}")
            value = results[key][0]
            share = value / ref
            out.append([label, f"{value:,}", f"{ref:,}", f"{share:.0%}"] +
                       (["yes" if share <= target else "no"] if target else []))
    except (ValueError, RuntimeError, OSError, KeyError) as err:
        raise FigureError(err) from err
    head = ["operation", "vmm386", reference, "share"]
    if target:
        head.append(f"within {target:.0%}")
    return {"rows": {"table": (head, out, [40] + [12] * (len(head) - 1))}}


class BenchTable(_FigureDirective):
    """A table of `make bench` figures next to reference figures measured
    elsewhere (another kernel on the same Bochs). Each content line is
    `KEY | REFERENCE | LABEL`; the vmm386 column comes from the results of
    :runs: (measured again when stale, as for benchplot), so it cannot
    drift; a key with no result fails the build. The last columns give
    vmm386's share of the reference and whether it is within :target: (a
    fraction, e.g. 0.5: half the reference or less). The figures are put
    in when the page is written (bench_table_job())."""
    has_content = True
    option_spec = {"runs": directives.unchanged_required,
                   "reference": directives.unchanged_required,
                   "target": directives.unchanged_required,
                   "caption": directives.unchanged_required,
                   "name": directives.unchanged_required}

    def run(self):
        try:
            specs = _bench_runs(self.options)
            if len(specs) != 1:
                raise ValueError("benchtable takes one run in :runs:")
            target = float(self.options.get("target", "0"))
            rows = []
            for line in self.content:
                if not line.strip():
                    continue
                parts = [p.strip() for p in line.split("|")]
                if len(parts) != 3:
                    raise ValueError(f"a row is KEY | REFERENCE | LABEL, not {line!r}")
                rows.append([parts[0], int(parts[1].replace(",", "")), parts[2]])
            if not rows:
                raise ValueError("benchtable needs rows")
        except ValueError as err:
            return self.fail("benchtable", err)
        note_bench(self)
        spec = job_spec(self, "benchtable", "vmm_figures:bench_table_job",
                        run=specs[0].name, rows=rows, target=target,
                        reference=self.options.get("reference", "reference"))
        table = nodes.table(classes=["vmm-benchtable"])
        if "caption" in self.options:
            table += self.caption(self.options["caption"], spec, node=nodes.title)
        body = figure_rows()
        body["slot"] = "table"
        body["vmm_figure"] = spec
        table += body
        if "name" in self.options:
            self.add_name(table)
        schedule(self.env.app, spec)
        return [table]


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


def buddy_steps_job(app, session, case):
    """The buddy figure's job (job_spec()): the steps `case` printed in
    the boot of `session`."""
    image, symbols, cachedir = vmm_transcript._paths(app)
    try:
        path = tr.cached_path(session, image, symbols, cachedir)
        vmm_transcript.wait_for(app, session)     # shared with a transcript of the same boot
        with open(path) as f:
            data = parse_buddy_steps(json.load(f)["result"]["text"], case)
    except (ValueError, OSError, KeyError, tr.Mismatch, tr.RunError) as err:
        raise FigureError(err) from err
    blob = json.dumps([data, _version()], sort_keys=True)
    return {"draw": "vmm_figures:draw_buddy_steps", "args": (data,),
            "stem": "buddysteps-" + hashlib.sha256(blob.encode()).hexdigest()[:12],
            "alt": "The buddy allocator step by step: " + "; ".join(
                f"step {s['n']} {s['op']} order {s['order']} at +{s['at']}: frames "
                f"{s['frames']}, bits {' '.join(s['bits'])}" for s in data["steps"]),
            "text": {"zone": f"Sixteen frames of zone {data['zone']} "
                             f"(from pfn {data['pfn']:#x})"}}


class BuddySteps(_FigureDirective):
    has_content = False
    option_spec = {"cmdline": directives.unchanged_required,
                   "case": directives.unchanged_required,
                   "megs": directives.positive_int,
                   "caption": directives.unchanged, "name": directives.unchanged_required}

    @staticmethod
    def session(options):
        case = options.get("case", "worked_example")
        return {"kind": "boot", "cmdline": options.get("cmdline", f"test=buddy.{case} panic=-1"),
                "megs": options.get("megs", 32)}

    def run(self):
        image, symbols, _ = vmm_transcript._paths(self.env.app)
        session = self.session(self.options)
        missing = [p for p in (image, symbols) if not os.path.exists(p)]
        if missing:
            return self.fail("buddysteps", f"{missing[0]} is missing: run `make` first")
        self.env.note_dependency(image)
        self.env.note_dependency(symbols)
        spec = job_spec(self, "buddysteps", "vmm_figures:buddy_steps_job", session=session,
                        case=self.options.get("case", "worked_example"))
        # The default caption names the zone and frames, which the run chose.
        caption = [self.options["caption"]] if self.options.get("caption") else [
            Slot("zone"), f" as ``{session['cmdline']}`` allocates and frees blocks in them"]
        caption.append(f" \u2014 recorded from image {tr.file_hash(image)[:12]}")
        return [self.figure(spec, caption)]


def setup(app):
    app.setup_extension("vmm_transcript")     # vmm_build_dir, tools/ on the path
    app.add_directive("addressspace", AddressSpace)
    app.add_directive("benchplot", BenchPlot)
    app.add_directive("benchtable", BenchTable)
    app.add_directive("buddysteps", BuddySteps)
    app.add_directive("linuxbench", LinuxBench)
    app.add_directive("physmap", PhysMap)
    vmm_transcript.add_prefetcher("addressspace", AddressSpace, _prefetch_addressspace)
    vmm_transcript.add_prefetcher("benchplot", BenchPlot, _prefetch_bench)
    vmm_transcript.add_prefetcher("benchtable", BenchTable, _prefetch_bench)
    vmm_transcript.add_prefetcher("buddysteps", BuddySteps, _prefetch_buddysteps)
    vmm_transcript.add_prefetcher("linuxbench", LinuxBench, _prefetch_linuxbench)
    vmm_transcript.add_prefetcher("physmap", PhysMap, _prefetch_physmap)
    app.connect("doctree-read", note_jobs)
    vmm_pagedata.keep_per_page(app, "vmm_figure_jobs")
    app.connect("env-updated", wait_for_bench, priority=400)
    app.connect("env-before-read-docs", _before_read)
    app.connect("env-updated", start_jobs)
    app.add_post_transform(FigureResolver)
    app.connect("build-finished", finish_jobs)
    return {"version": "1", "parallel_read_safe": True}
