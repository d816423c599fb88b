#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Build the book: Doxygen XML, then Sphinx (`make book`, `make pdf`,
`make epub`).

    book.py [html|epub|pdf] [--out DIR]

Always strict and always from a fresh environment: Doxygen with warnings
as errors, then sphinx-build -W --keep-going -n -E (Breathe re-reads
every page whenever Doxygen rewrites the XML anyway, and a fresh read is
what makes every warning show up on every build). Transcripts of Bochs
runs and bench results are cached under build/ by content, so a build
from clean boots Bochs only when the kernel changed. Prints the time each
step took.
"""
import argparse
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BUILD = os.path.join(ROOT, "build")
SPHINX = "sphinx-build"


def doxygen(out=os.path.join(BUILD, "doxygen")):
    """Run Doxygen; returns (ok, messages)."""
    shutil.rmtree(os.path.join(out, "xml"), ignore_errors=True)
    os.makedirs(out, exist_ok=True)
    r = subprocess.run(["doxygen", os.path.join("docs", "Doxyfile")], cwd=ROOT,
                       capture_output=True, text=True)
    messages = (r.stdout + r.stderr).strip()
    return r.returncode == 0 and not messages, messages


def sphinx(builder, out, doctrees, extra=(), progress=False, fresh=True):
    """Run sphinx-build strictly; returns (ok, output). With progress, the
    book's "book: run N of M done" lines (boots of the kernel for
    transcripts and figures) are printed as they come, not returned.
    fresh=False reuses the environment another builder left in @doctrees
    (the same sources, read once), so only the writing is done again."""
    cmd = [SPHINX, "-W", "--keep-going", "-n", *(["-E"] if fresh else []),
           "-q", "-d", doctrees,
           "-b", builder, os.path.join(ROOT, "book"), out, *extra]
    env = dict(os.environ, VMM_BOOK_PROGRESS="1") if progress else None
    p = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         text=True, env=env)
    kept = []
    for line in p.stdout:
        if progress and line.startswith("book: run "):
            print(line.rstrip("\n"), flush=True)
        else:
            kept.append(line)
    p.wait()
    return p.returncode == 0, "".join(kept).strip()


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("format", nargs="?", default="html", choices=["html", "epub", "pdf"])
    ap.add_argument("--out", default=os.path.join(BUILD, "book"))
    args = ap.parse_args()
    start = time.monotonic()
    ok, msg = doxygen()
    t_doxygen = time.monotonic() - start
    if not ok:
        print(msg or "doxygen failed")
        print("book: Doxygen reported problems (warnings are errors); fix the comments above")
        sys.exit(1)
    doctrees = os.path.join(args.out, "doctrees-" + args.format)
    shutil.rmtree(doctrees, ignore_errors=True)
    builder = {"html": "html", "epub": "epub", "pdf": "latex"}[args.format]
    out = os.path.join(args.out, {"html": "html", "epub": "epub", "pdf": "latex"}[args.format])
    shutil.rmtree(out, ignore_errors=True)     # no page of an older book survives
    t0 = time.monotonic()
    print("book: Doxygen done; Sphinx reads the chapters and boots the kernel "
          "for transcripts and figures (cached by image)", flush=True)
    ok, msg = sphinx(builder, out, doctrees, progress=True)
    t_sphinx = time.monotonic() - t0
    if msg:
        print(msg)
    if not ok:
        print("book: Sphinx reported problems (warnings are errors)")
        sys.exit(1)
    result = os.path.join(out, "index.html")
    t_latex = 0.0
    if args.format == "epub":
        result = os.path.join(out, "vmm386.epub")
    elif args.format == "pdf":
        t1 = time.monotonic()
        r = subprocess.run(["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error",
                            "vmm386.tex"], cwd=out, capture_output=True, text=True)
        t_latex = time.monotonic() - t1
        if r.returncode:
            print("\n".join(r.stdout.splitlines()[-30:]))
            print("book: LaTeX failed")
            sys.exit(1)
        result = os.path.join(out, "vmm386.pdf")
    total = time.monotonic() - start
    steps = f"doxygen {t_doxygen:.1f} s, sphinx {t_sphinx:.1f} s"
    if t_latex:
        steps += f", latexmk {t_latex:.1f} s"
    print(f"book: {os.path.relpath(result, ROOT)} built in {total:.1f} s ({steps})")


if __name__ == "__main__":
    main()
