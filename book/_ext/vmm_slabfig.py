# SPDX-License-Identifier: GPL-2.0-only
"""`.. slablayout::` -- slabs as a running kernel holds them (Chapter 9).

    .. slablayout::
       :cmdline: test=slab.colours_cycle panic=-1
       :stop: @break kmem_cache_free
       :caches: slab-test-colour
       :slabs: 6

Boots the current image, stops at :stop: (`@break SYMBOL` or `@checkpoint
NAME`, one or more, as in a debugger transcript) and reads, through the
debugger, every slab of each cache named in :caches: (tools/slabview.py).
Each slab is drawn as a bar of its bytes: the colour, an on-slab slab_t and
its kmem_bufctl_t array, the objects -- allocated, parked in the per-CPU
array, or free on the slab's chain -- and what is left over.

Options: :slabs: (most slabs drawn per cache, default 4), :reverse: (draw
each cache's slabs in the opposite order of its lists), :megs:, :caption:,
:name:. The read is cached by image, symbols, session and structure layout; the
reads the pages ask for start before Sphinx reads the pages (vmm_transcript.prefetch).
The build fails when the stop is not reached, a cache is not on the chain,
the slab structures no longer evaluate from kernel/include, or a slab read
from memory breaks an invariant of the allocator (tools/slabview.check).
"""
import functools
import hashlib
import json
import os
import re

from docutils.parsers.rst import directives

import vmm_doxy
import vmm_figures
import vmm_transcript
import slabview      # tools/slabview.py
import transcript as tr


STATE_COLOURS = {"active": "#e9a23b", "percpu": "#f6dc72", "free": "#c5e6bb"}
STATE_NAMES = {"active": "allocated (BUFCTL_ACTIVE)",
               "percpu": "in the per-CPU array (BUFCTL_PERCPU)",
               "free": "free, on the slab's chain"}
PART_COLOURS = {"colour": "#dfe3e8", "slab_t": "#3f5873", "bufctl": "#7d9cc0",
                "pad": "#ffffff", "unused": "#eeeeee"}


def _version():
    h = hashlib.sha256()
    for mod in (__file__, slabview.__file__):
        with open(mod, "rb") as f:
            h.update(f.read())
    return h.hexdigest()[:8]


def _size_text(n):
    return f"{n // 1024} KiB" if n % 1024 == 0 else f"{n} bytes"


def panel_title(c, lay):
    """Two lines: the cache's name, then its geometry."""
    size = lay["PAGE_SIZE"] << c["gfporder"]
    pages = 1 << c["gfporder"]
    where = (f"slab_t and bufctls off the slab, in {c['slabp_cache']}" if c["off_slab"]
             else f"slab_t and bufctls on the slab ({slabview.mgmt_size(c, lay)} bytes)")
    colours = f"{max(c['colour'], 1)} colour{'s' if c['colour'] > 1 else ''}" + \
        (f" of {c['colour_off']} bytes" if c["colour"] > 1 else "")
    return c["name"], (f"{c['num']} objects of {c['objsize']} bytes per slab of {pages} "
                       f"page{'s' if pages > 1 else ''} ({_size_text(size)}); {where}; "
                       f"{colours}")


WIDTH = 6.8         # inches
UNIT = 0.42         # inches per vertical unit
LEGEND = 0.5        # inches below the drawing for the legend


def draw(result, lay, names, max_slabs, reverse):
    plt = vmm_figures._pyplot()
    from matplotlib.patches import Patch, Rectangle
    fig = plt.figure(figsize=(WIDTH, 4))
    ax = fig.add_axes([0.18, 0, 0.66, 1])
    ax.axis("off")
    bar_h, width, y = 0.6, 8.0, 0.0
    used = set()
    for pi, name in enumerate(names):
        c = result["caches"][name]
        slabs = list(reversed(c["slabs"])) if reverse else list(c["slabs"])
        total, slabs = len(slabs), slabs[:max_slabs]
        size = lay["PAGE_SIZE"] << c["gfporder"]
        scale = width / size
        title, detail = panel_title(c, lay)
        if pi:
            y -= 0.35
        ax.text(-2.2, y, title, fontsize=8.8, fontweight="bold", va="top", color="#1d2633",
                family="DejaVu Sans Mono")
        ax.text(-2.2, y - 0.32, detail, fontsize=7.8, va="top", color="#44546a")
        y -= 0.8
        if not slabs:
            ax.text(0, y, "(no slabs)", fontsize=8.1, style="italic", va="top", color="#556")
            y -= 0.4
        for s in slabs:
            top, x0 = y - bar_h, s["base"]

            def box(start, length, colour, hatch=None, edge="#44546a", lw=0.5):
                ax.add_patch(Rectangle(((start - x0) * scale, top), length * scale, bar_h,
                                       facecolor=colour, edgecolor=edge, linewidth=lw,
                                       hatch=hatch))
            colour = s["colouroff"] if c["off_slab"] else \
                s["colouroff"] - slabview.mgmt_size(c, lay)
            box(x0, size, PART_COLOURS["unused"], lw=0.9)
            if colour:
                box(x0, colour, PART_COLOURS["colour"], hatch="////", edge="#8a96a5")
                used.add("colour")
            if not c["off_slab"]:
                st = lay["sizeof(slab_t)"]
                nb = c["num"] * lay["sizeof(kmem_bufctl_t)"]
                box(s["addr"], st, PART_COLOURS["slab_t"])
                box(s["addr"] + st, nb, PART_COLOURS["bufctl"])
                pad = s["s_mem"] - (s["addr"] + st + nb)
                if pad:
                    box(s["addr"] + st + nb, pad, PART_COLOURS["pad"], edge="#9aa6b4")
                used.update(("slab_t", "bufctl"))
            for i, v in enumerate(s["bufctl"]):
                st = slabview.state(v, lay)
                start = s["s_mem"] + i * c["objsize"]
                box(start, c["objsize"], STATE_COLOURS[st])
                used.add(st)
                w = c["objsize"] * scale
                if w >= 0.22:
                    label = str(i)
                    if st == "free" and w >= 0.5:
                        label += "\u2192" + ("end" if v == lay["BUFCTL_END"] else str(v))
                    ax.text((start - x0) * scale + w / 2, top + bar_h / 2, label,
                            ha="center", va="center", fontsize=6.4 if w < 0.45 else 6.5,
                            color="#1d2633")
            if s["base"] + size > s["s_mem"] + c["num"] * c["objsize"]:
                used.add("unused")
            head = "end" if s["free"] == lay["BUFCTL_END"] else str(s["free"])
            ax.text(-0.08, top + bar_h * 0.7, f"slab_t {s['addr']:#x}", ha="right", va="center",
                    fontsize=7.4, family="DejaVu Sans Mono", color="#1d2633")
            ax.text(-0.08, top + bar_h * 0.22,
                    f"{s['list']}, colour {colour // c['colour_off']} (+{colour})",
                    ha="right", va="center", fontsize=7.1, color="#44546a")
            note = f"inuse {s['inuse']}, free \u2192 {head}"
            if c["off_slab"]:
                note += f"\nobjects at {s['s_mem']:#x}"
            ax.text(width + 0.1, top + bar_h / 2, note, ha="left", va="center", fontsize=6.9,
                    color="#44546a", linespacing=1.15)
            y = top - 0.2
        # a byte scale under the panel's last bar
        if slabs:
            step = 512 if size <= 4096 else 1024 * (size // 8192)
            for b in range(0, size + 1, step):
                ax.plot([b * scale] * 2, [y + 0.17, y + 0.1], color="#8090a0", linewidth=0.6)
                ax.text(b * scale, y + 0.06, str(b), ha="center", va="top", fontsize=6.4,
                        color="#6a7888")
            y -= 0.3
        if total > len(slabs):
            ax.text(0, y, f"... and {total - len(slabs)} more slab"
                    f"{'s' if total - len(slabs) > 1 else ''} of {c['name']}",
                    fontsize=7.6, style="italic", va="top", color="#556")
            y -= 0.35
    height = -y * UNIT + LEGEND + 0.1
    fig.set_size_inches(WIDTH, height)
    ax.set_position([0.18, LEGEND / height, 0.66, 1 - (LEGEND + 0.1) / height])
    ax.set_xlim(-0.05, width + 0.05)
    ax.set_ylim(y, 0)
    order = ["colour", "slab_t", "bufctl", "active", "percpu", "free", "unused"]
    labels = {"colour": "colour offset", "slab_t": "slab_t", "bufctl": "kmem_bufctl_t[num]",
              "unused": "left over", **STATE_NAMES}
    handles = [Patch(facecolor=STATE_COLOURS.get(k, PART_COLOURS.get(k)), edgecolor="#44546a",
                     linewidth=0.5, hatch="////" if k == "colour" else None, label=labels[k])
               for k in order if k in used]
    fig.legend(handles=handles, loc="lower center", ncol=4, fontsize=7.4, frameon=False,
               handlelength=1.6, columnspacing=1.2, bbox_to_anchor=(0.5, 0.0))
    return fig


def _stops(text):
    steps = tr.parse_steps(text.splitlines())
    if not steps or any(kind not in tr.STOP_KINDS or cmds for kind, _, cmds in steps):
        raise ValueError(":stop: takes only @break SYMBOL / @checkpoint NAME lines")
    return steps


def _run(app, cmdline, stop, names, megs):
    """(key, fn) of the read a slablayout block asks for."""
    build = app.config.vmm_build_dir
    image, symbols = os.path.join(build, "vmm386.img"), os.path.join(build, "vmm386.sym")
    stop = "\n".join(l.strip() for l in stop.splitlines() if l.strip())
    key = ("slabs", cmdline.strip(), stop, tuple(names), megs)
    return key, functools.partial(slabview.get, cmdline, _stops(stop), list(names), image,
                                  symbols, os.path.join(build, "book", "transcripts"), megs,
                                  vmm_doxy.source_root(app))


def _caches(options):
    return [n for n in re.split(r"[\s,]+", options.get("caches", "")) if n]


def _prefetch(app, arguments, options, content):
    if not _caches(options) or "cmdline" not in options or "stop" not in options:
        return []
    return [_run(app, options["cmdline"], options["stop"], _caches(options),
                 options.get("megs", 32))]


def slab_job(app, cmdline, stop, names, megs, max_slabs, reverse):
    """The figure's job (vmm_figures.job_spec()): the slabs of `names` as
    the read at `stop` found them, checked against the allocator's
    invariants."""
    try:
        lay, result = vmm_transcript.start(*_run(app, cmdline, stop, names, megs)).result()
        bad = [b for n in names for b in slabview.check(result["caches"][n], lay)]
        if bad:
            raise ValueError("the slabs read from memory break the allocator's "
                             "invariants: " + "; ".join(bad[:3]))
    except (ValueError, OSError, slabview.SlabViewError, tr.RunError) as err:
        raise vmm_figures.FigureError(err) from err
    blob = json.dumps([result, names, max_slabs, reverse, _version()], sort_keys=True)
    return {"draw": "vmm_slabfig:draw", "args": (result, lay, names, max_slabs, reverse),
            "stem": "slabs-" + hashlib.sha256(blob.encode()).hexdigest()[:12],
            "alt": "Slab layout: " + ", ".join(
                f"{n} ({len(result['caches'][n]['slabs'])} slabs)" for n in names)}


class SlabLayout(vmm_figures._FigureDirective):
    has_content = False
    option_spec = {"cmdline": directives.unchanged_required,
                   "stop": directives.unchanged_required,
                   "caches": directives.unchanged_required,
                   "slabs": directives.positive_int, "reverse": directives.flag,
                   "megs": directives.positive_int, "caption": directives.unchanged,
                   "name": directives.unchanged_required}

    def run(self):
        app = self.env.app
        build = app.config.vmm_build_dir
        image, symbols = os.path.join(build, "vmm386.img"), os.path.join(build, "vmm386.sym")
        root = vmm_doxy.source_root(app)
        names = _caches(self.options)
        try:
            if not names or "cmdline" not in self.options or "stop" not in self.options:
                raise ValueError("slablayout needs :cmdline:, :stop: and :caches:")
            steps = _stops(self.options["stop"])
            for p in (image, symbols):
                if not os.path.exists(p):
                    raise ValueError(f"{p} is missing: run `make` first")
        except ValueError as err:
            return self.fail("slablayout", err)
        for h in slabview.HEADERS + ["cache.h", "smp.h"]:
            self.env.note_dependency(os.path.join(root, "kernel", "include", h))
        self.env.note_dependency(image)
        self.env.note_dependency(symbols)
        spec = vmm_figures.job_spec(self, "slablayout", "vmm_slabfig:slab_job",
                                    cmdline=self.options["cmdline"],
                                    stop=self.options["stop"], names=names,
                                    megs=self.options.get("megs", 32),
                                    max_slabs=self.options.get("slabs", 4),
                                    reverse="reverse" in self.options)
        where = " ".join(f"{'at' if k == 'checkpoint' else 'at the first call of'} "
                         f"{'checkpoint ' if k == 'checkpoint' else ''}``{w}"
                         f"{'()' if k == 'break' else ''}``" for k, w, _ in steps)
        caption = self.options.get("caption") or (
            f"The slabs of {', '.join(f'``{n}``' for n in names)}, read from physical "
            f"memory through the Bochs debugger {where} in a boot with "
            f"``{self.options['cmdline']}``")
        caption += f" \u2014 recorded from image {tr.file_hash(image)[:12]}"
        return [self.figure(spec, caption)]


def setup(app):
    app.setup_extension("vmm_figures")
    app.add_directive("slablayout", SlabLayout)
    vmm_transcript.add_prefetcher("slablayout", SlabLayout, _prefetch)
    return {"version": "1", "parallel_read_safe": True}
