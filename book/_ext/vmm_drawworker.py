# SPDX-License-Identifier: GPL-2.0-only
"""The process that draws the book's data figures with matplotlib.

vmm_figures starts it once per build (at the first figure it has to
draw) and sends it, through its standard input, first the module search
path of the Sphinx process, then one pickled (draw, args, path, format)
per figure; for each it calls vmm_figures.save_figure() and answers, on
its standard output, None or the traceback of the failure. Drawing here
keeps matplotlib's CPU time off the Sphinx process, which every page
waits for: the figures are drawn while pages are read.
"""
import os
import pickle
import sys
import traceback


def main():
    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr     # whatever drawing code prints cannot garble an answer
    sys.path[:0] = [p for p in pickle.load(requests) if p not in sys.path]
    os.environ.setdefault("MPLBACKEND", "Agg")
    while True:
        try:
            request = pickle.load(requests)
        except EOFError:
            return
        pickle.dump(draw(*request), answers)
        answers.flush()


def draw(func, args, path, fmt):
    """None when the figure is saved at path, else why not."""
    try:
        import vmm_figures
        vmm_figures.save_figure(func, args, path, fmt)
        return None
    except Exception:   # noqa: BLE001 -- any failure is the requester's to report
        return traceback.format_exc()


if __name__ == "__main__":
    main()
