#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Build the book: Doxygen XML, then Sphinx (`make book`, `make pdf`,
`make epub`).

    book.py [html|epub|pdf] [--out DIR]

Always strict: Doxygen with warnings as errors, then sphinx-build -W
--keep-going -n. The Sphinx environment is kept between builds
(build/book/doctrees-FORMAT), so a build re-reads only the pages whose
inputs changed (book/_ext/vmm_incremental.py says how they are tracked):
Doxygen writes into a staging directory and only the XML files whose
content changed replace those of the last run, keeping the others'
times. A build that fails (or is interrupted) discards the environment
and the output, so the next one starts fresh and shows every warning
again. Transcripts of Bochs runs and bench results are cached under
build/ by content, so a build from clean boots Bochs only when the kernel
changed. Prints the time each step took.
"""
import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BUILD = os.path.join(ROOT, "build")
SPHINX = "sphinx-build"


def doxygen(out=os.path.join(BUILD, "doxygen"), root=ROOT):
    """Run Doxygen (docs/Doxyfile) over root's kernel/ into out/stage, then
    move into out/ only the files whose content changed (sync()); returns
    (ok, messages). After a failure out/ is left as it was. Doxygen does
    not run when its inputs -- the Doxyfile, Doxygen's version and every
    .c and .h file of kernel/ -- are those of its last clean run (the
    digest in out/inputs.sha256): it would write the same files again."""
    stamp = os.path.join(out, "inputs.sha256")
    digest = doxygen_inputs(root)
    if os.path.isdir(os.path.join(out, "xml")) and os.path.exists(stamp):
        with open(stamp) as f:
            if f.read().strip() == digest:
                return True, ""
    if os.path.exists(stamp):
        os.remove(stamp)
    stage = os.path.join(out, "stage")
    shutil.rmtree(stage, ignore_errors=True)
    os.makedirs(stage)
    with open(os.path.join(ROOT, "docs", "Doxyfile")) as f:
        config = f.read() + f"\nOUTPUT_DIRECTORY = {stage}\n"
    r = subprocess.run(["doxygen", "-"], input=config, cwd=root,
                       capture_output=True, text=True)
    messages = (r.stdout + r.stderr).strip()
    ok = r.returncode == 0 and not messages
    if ok:
        for name in os.listdir(stage):
            sync(os.path.join(stage, name), os.path.join(out, name))
        with open(stamp, "w") as f:
            f.write(digest + "\n")
    shutil.rmtree(stage, ignore_errors=True)
    return ok, messages


def doxygen_inputs(root):
    """A digest of what Doxygen reads: docs/Doxyfile (INPUT = kernel, *.c
    and *.h), Doxygen's version, the names and contents of those files."""
    h = hashlib.sha256()
    with open(os.path.join(ROOT, "docs", "Doxyfile"), "rb") as f:
        h.update(f.read())
    r = subprocess.run(["doxygen", "--version"], capture_output=True, text=True)
    h.update(r.stdout.encode())
    kernel = os.path.join(root, "kernel")
    for dirpath, dirs, files in os.walk(kernel):
        dirs.sort()
        for name in sorted(files):
            if name.endswith((".c", ".h")):
                path = os.path.join(dirpath, name)
                h.update(b"\0" + os.path.relpath(path, root).encode() + b"\0")
                with open(path, "rb") as f:
                    h.update(f.read())
    return h.hexdigest()


def doxygen_beside(run_sphinx, make_xml=None, status=os.path.join(BUILD, "doxygen-status")):
    """doxygen() in a thread while run_sphinx() runs a build whose Sphinx
    environment is fresh: Sphinx starts and queues the boots of the
    kernel for transcripts and figures, which need the kernel and the
    pages but not the XML, while Doxygen writes it (some 2 s of a clean
    build's 45), and waits for it before reading the first page
    (VMM_DOXYGEN_PENDING names the file that says "running", then "ok" or
    "failed": book/_ext/vmm_doxy.py). A build on an earlier environment
    must not use this: it compares its pages with the XML before reading
    any. make_xml stands for doxygen() (a test's stand-in). Returns ((ok,
    messages, seconds) of Doxygen, run_sphinx()'s result)."""
    import threading
    make_xml = make_xml or doxygen
    _write_status(status, "running")
    done = []

    def work():
        t0 = time.monotonic()
        try:
            ok, msg = make_xml()
        except Exception as err:    # noqa: BLE001 -- Sphinx waits for an answer
            ok, msg = False, f"doxygen: {err}"
        done.append((ok, msg, time.monotonic() - t0))
        _write_status(status, "ok" if ok else "failed")

    thread = threading.Thread(target=work)
    thread.start()
    os.environ["VMM_DOXYGEN_PENDING"] = status
    try:
        result = run_sphinx()
    finally:
        del os.environ["VMM_DOXYGEN_PENDING"]
        thread.join()
        os.remove(status)
    return done[0], result


def _write_status(path, state):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".new", "w") as f:
        f.write(state + "\n")
    os.replace(path + ".new", path)


def sync(new, old):
    """Make directory `old` hold what `new` holds, replacing only the files
    whose bytes differ and deleting those `new` lacks: an unchanged file
    keeps its modification time, which is what Sphinx and Breathe compare
    to decide which pages to read again. Doxygen rewrites every file on
    every run; most are byte-identical to the last run's."""
    os.makedirs(old, exist_ok=True)
    fresh = set(os.listdir(new))
    for name in os.listdir(old):
        if name not in fresh:
            path = os.path.join(old, name)
            if os.path.isdir(path):
                shutil.rmtree(path)
            else:
                os.remove(path)
    for name in fresh:
        src, dst = os.path.join(new, name), os.path.join(old, name)
        if os.path.isdir(src):
            sync(src, dst)
        elif not _same_bytes(src, dst):
            os.replace(src, dst)


def _same_bytes(a, b):
    try:
        with open(a, "rb") as fa, open(b, "rb") as fb:
            return fa.read() == fb.read()
    except OSError:
        return False


def sphinx(builder, out, doctrees, extra=(), progress=False, fresh=True,
           src=os.path.join(ROOT, "book")):
    """Run sphinx-build strictly; returns (ok, output). With progress, the
    book's "book: run N of M done" lines (boots of the kernel for
    transcripts and figures) are printed as they come, not returned.
    fresh=False reuses the environment in @doctrees that an earlier build
    left (cached(), or another builder: the same sources, read once), so
    only what changed is read again."""
    cmd = [SPHINX, "-W", "--keep-going", "-n", *(["-E"] if fresh else []),
           "-q", "-d", doctrees,
           "-b", builder, src, out, *extra]
    # vmm_incremental ends sphinx-build as soon as the build is done,
    # sparing the seconds its exit spends freeing every page object by object.
    env = dict(os.environ, VMM_BOOK_FAST_EXIT="1",
               **({"VMM_BOOK_PROGRESS": "1"} if progress else {}))
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


def cached(builder, out, doctrees, progress=False, src=os.path.join(ROOT, "book")):
    """sphinx() on the environment the last build left in @doctrees: only
    the pages whose inputs changed are read. A build that failed, or did
    not finish (its marker file is still there), leaves nothing behind:
    its environment would not read the pages that warned again, and the
    next build would pass without showing the warnings."""
    marker = os.path.join(doctrees, "vmm-build-unfinished")
    if os.path.exists(marker):
        discard(out, doctrees)
    os.makedirs(doctrees, exist_ok=True)
    with open(marker, "w") as f:
        f.write("a build is under way or failed: the next one starts fresh\n")
    ok, msg = sphinx(builder, out, doctrees, progress=progress, fresh=False, src=src)
    if ok:
        os.remove(marker)
    else:
        discard(out, doctrees)
    return ok, msg


def fresh_environment(doctrees):
    """Whether the next build in @doctrees starts from a fresh Sphinx
    environment: none was saved, or the last build did not finish
    (cached() discards it)."""
    return not os.path.exists(os.path.join(doctrees, "environment.pickle")) or \
        os.path.exists(os.path.join(doctrees, "vmm-build-unfinished"))


def discard(out, doctrees):
    """Forget a build: its environment and every page it wrote."""
    shutil.rmtree(doctrees, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("format", nargs="?", default="html", choices=["html", "epub", "pdf"])
    ap.add_argument("--out", default=os.path.join(BUILD, "book"))
    args = ap.parse_args()
    start = time.monotonic()
    doctrees = os.path.join(args.out, "doctrees-" + args.format)
    builder = {"html": "html", "epub": "epub", "pdf": "latex"}[args.format]
    out = os.path.join(args.out, {"html": "html", "epub": "epub", "pdf": "latex"}[args.format])
    # The boots for transcripts and figures run at a lower priority than
    # Sphinx: the reading and writing of the pages is one process that
    # everything ends with, the boots fill the CPU it leaves. (Nice 5: on
    # a machine busy with other work the boots still get a third of a
    # CPU's share.)
    os.environ.setdefault("VMM_BOCHS_NICE", "5")
    if fresh_environment(doctrees):
        print("book: Doxygen runs while Sphinx starts the boots of the kernel for "
              "transcripts and figures (cached by image), then Sphinx reads every "
              "chapter", flush=True)
        (ok_doxygen, msg_doxygen, t_doxygen), (ok, msg) = doxygen_beside(
            lambda: cached(builder, out, doctrees, progress=True))
        t_sphinx = time.monotonic() - start
        beside = True
        if not ok_doxygen:
            print(msg_doxygen or "doxygen failed")
            print("book: Doxygen reported problems (warnings are errors); fix the "
                  "comments above")
            sys.exit(1)
    else:
        beside = False
        ok, msg = doxygen()
        t_doxygen = time.monotonic() - start
        if not ok:
            print(msg or "doxygen failed")
            print("book: Doxygen reported problems (warnings are errors); fix the "
                  "comments above")
            sys.exit(1)
        t0 = time.monotonic()
        print("book: Doxygen done; Sphinx reads the chapters that changed and boots the "
              "kernel for transcripts and figures (cached by image)", flush=True)
        ok, msg = cached(builder, out, doctrees, progress=True)
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
    steps = (f"doxygen {t_doxygen:.1f} s {'while' if beside else 'then'} "
             f"sphinx {t_sphinx:.1f} s")
    if t_latex:
        steps += f", latexmk {t_latex:.1f} s"
    print(f"book: {os.path.relpath(result, ROOT)} built in {total:.1f} s ({steps})")


if __name__ == "__main__":
    main()
