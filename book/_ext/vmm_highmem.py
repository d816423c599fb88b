# SPDX-License-Identifier: GPL-2.0-only
"""Chapter 10's figure: the pkmap window's counters through a real run.

    .. pkmapfigure::
       :name: fig-pkmap-count

Boots the current image (through tools/transcript.py, so the run is
cached by the image's content) with the test that fills the window and
wraps, stops at each of its 'pkmap' checkpoints, and reads pkmap_count
(all LAST_PKMAP counters) and last_pkmap_nr by symbol through the Bochs
debugger. Each checkpoint becomes a 32 x 32 grid of the slots, in rows of
32 from slot 0 at the top left: free (0), unused but possibly in a TLB
(1), in use (2 or more), with last_pkmap_nr outlined. :cmdline: and :megs: choose another run; the figure fails the
build if the run no longer reaches four pkmap checkpoints.
"""
import hashlib
import json
import os
import re

from docutils.parsers.rst import directives

import vmm_figures as vf
import vmm_transcript
import transcript as tr
import bochs

LAST_PKMAP = 1024
CMDLINE = "test=kmap.wrap_flushes_every_unused_slot_once highmem=32M panic=-1"
STOPS = 4
COLOURS = ["#ffffff", "#f2b36b", "#5b84b8"]     # free, unused, in use


def session(cmdline, megs):
    cmds = [f'x /{LAST_PKMAP}wx "pkmap_count"', 'x /1wx "last_pkmap_nr"']
    return {"kind": "debugger", "cmdline": cmdline, "megs": megs,
            "steps": [["checkpoint", "pkmap", cmds] for _ in range(STOPS)]}


def snapshots(result):
    """[(stage, counts, last)] from a debugger transcript's events."""
    out, stage, words = [], None, []
    for ev in result["events"]:
        if ev[0] == "cont":
            lines = [l for l in ev[2].splitlines() if l.startswith("# checkpoint: pkmap")]
            m = re.search(r"stage=(\S+)", lines[-1]) if lines else None
            stage = m.group(1) if m else "?"
            continue
        cmd, text = ev[2], ev[3]
        ws = [w for _, row in bochs.parse_words(text) for w in row]
        if "pkmap_count" in cmd:
            words = [w - (1 << 32) if w & 0x80000000 else w for w in ws]
        elif "last_pkmap_nr" in cmd:
            if len(words) != LAST_PKMAP or not ws:
                raise ValueError(f"could not read pkmap_count at {stage}")
            out.append((stage, words, ws[0]))
    if len(out) != STOPS:
        raise ValueError(f"{len(out)} pkmap checkpoints reached, not {STOPS}")
    return out


def draw(snaps):
    """One 32 x 32 grid per checkpoint: slot n at row n // 32, column n % 32."""
    plt = vf._pyplot()
    from matplotlib.colors import ListedColormap
    side = 32
    fig, axes = plt.subplots(1, len(snaps), figsize=(1.9 * len(snaps), 2.9))
    cmap = ListedColormap(COLOURS)
    for ax, (stage, counts, last) in zip(axes, snaps):
        grid = [[min(counts[r * side + c], 2) for c in range(side)] for r in range(side)]
        ax.imshow(grid, cmap=cmap, vmin=0, vmax=2, interpolation="nearest")
        for k in range(side + 1):    # thin cell borders
            ax.axhline(k - 0.5, color="#d5dbe3", linewidth=0.25)
            ax.axvline(k - 0.5, color="#d5dbe3", linewidth=0.25)
        ax.add_patch(plt.Rectangle((last % side - 0.5, last // side - 0.5), 1, 1,
                                   fill=False, edgecolor="#c0392b", linewidth=1.4))
        n = [sum(1 for c in counts if min(c, 2) == k) for k in range(3)]
        ax.set_title(stage.replace("_", " "), fontsize=9)
        ax.set_xlabel(f"{n[2]} in use, {n[1]} unused,\n{n[0]} free; "
                      f"last_pkmap_nr {last}", fontsize=7.5)
        ax.set_xticks([])
        ax.set_yticks([0, 8, 16, 24, 31], ["0", "256", "512", "768", "992"] if ax is axes[0]
                      else [""] * 5, fontsize=7)
    handles = [plt.Rectangle((0, 0), 1, 1, facecolor=c, edgecolor="#9aa8b8")
               for c in COLOURS]
    handles.append(plt.Rectangle((0, 0), 1, 1, fill=False, edgecolor="#c0392b"))
    fig.legend(handles, ["0: free", "1: unused, maybe in a TLB", "2 or more: in use",
                         "last_pkmap_nr"],
               loc="upper center", ncol=4, fontsize=7.5, frameon=False,
               bbox_to_anchor=(0.5, 1.04))
    fig.tight_layout()
    return fig


def _prefetch(app, arguments, options, content):
    return [vmm_transcript.run_of(app, session(options.get("cmdline", CMDLINE),
                                               options.get("megs", 128)))]


def pkmap_job(app, cmdline, megs):
    """The figure's job (vmm_figures.job_spec()): the counters at each
    checkpoint of the run."""
    try:
        result = vmm_transcript.start(
            *vmm_transcript.run_of(app, session(cmdline, megs))).result()
        snaps = snapshots(result)
    except (tr.RunError, ValueError, OSError) as err:
        raise vf.FigureError(err) from err
    with open(__file__) as f:
        blob = json.dumps([snaps, vf._version(), f.read()])
    return {"draw": "vmm_highmem:draw", "args": (snaps,),
            "stem": "pkmap-" + hashlib.sha256(blob.encode()).hexdigest()[:12],
            "alt": "pkmap_count through fill, wrap and flush"}


class PkmapFigure(vf._FigureDirective):
    has_content = False
    option_spec = {"cmdline": directives.unchanged, "megs": directives.positive_int,
                   "caption": directives.unchanged, "name": directives.unchanged_required}

    def run(self):
        app = self.env.app
        image, symbols, _ = vmm_transcript._paths(app)
        cmdline = self.options.get("cmdline", CMDLINE)
        megs = self.options.get("megs", 128)
        if not os.path.exists(image):
            return self.fail("pkmapfigure", f"{image} is missing: run `make` first")
        self.env.note_dependency(image)
        self.env.note_dependency(symbols)
        spec = vf.job_spec(self, "pkmapfigure", "vmm_highmem:pkmap_job", cmdline=cmdline,
                           megs=megs)
        caption = self.options.get("caption") or (
            f"``pkmap_count`` at the four ``pkmap`` checkpoints of a run "
            f"(``{cmdline}``, {megs} MiB), read through the Bochs debugger: "
            "after a first wrap, halfway through filling the window, when it is "
            "full, and after the kmap() that wraps and flushes.")
        caption += f" \u2014 recorded from image {tr.file_hash(image)[:12]}"
        return [self.figure(spec, caption)]


def setup(app):
    app.setup_extension("vmm_figures")
    app.add_directive("pkmapfigure", PkmapFigure)
    vmm_transcript.add_prefetcher("pkmapfigure", PkmapFigure, _prefetch)
    return {"version": "1", "parallel_read_safe": True}
