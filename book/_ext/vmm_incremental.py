# SPDX-License-Identifier: GPL-2.0-only
"""Cached builds that read again exactly the pages whose inputs changed.

tools/book.py keeps the Sphinx environment between builds (no -E), so
Sphinx reads a page again only when its source, or a file it noted with
env.note_dependency(), is newer than the page's last reading. Each
directive notes what it was made from: a listing its source file and the
Doxygen XML of its symbols (vmm_doxy.note_xml), a call graph or the API
reference all the XML, a transcript or figure the kernel image and
symbols, a bench chart the results and the image they were measured on;
Breathe records the XML files it parsed itself. tools/book.py replaces
only the XML files whose content changed, so an unchanged comment does
not make its pages look changed. This extension adds what a dependency
on a file's time cannot say:

* The extensions and the tools they import are part of the input: a
  config value (vmm_ext_digest) holds their digest, and Sphinx reads every
  page again when a config value changes.
* When any page was read again, every page is written again: numbers of
  figures and listings, link targets and the navigation of one page show
  up in the others, and Sphinx would rewrite only the pages it read.
* A page whose transcripts' recorded runs are gone (build/book/transcripts
  deleted) is read again, so the runs are made again instead of the
  writing failing.
* The bench results file is rewritten by the build itself (each bench
  run adds its entry when it ends, leaving the others' alone, and
  vmm_figures waits for the runs at the end of reading); a page read
  before that write is not stale for it.
* A page whose source was removed loses its output too.

tools/book.py discards the environment after a failed build: a warning
would otherwise vanish when the next build does not read its page again.
tests/book still builds from a fresh environment (-E).
"""
import hashlib
import os
import re
import sys
import time

from docutils import nodes

import vmm_pagedata

HERE = os.path.dirname(os.path.realpath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
TOOLS = os.path.join(ROOT, "tools")
IMPORT_RE = re.compile(r"^\s*(?:import|from)\s+(\w+)", re.M)


def code_files(app):
    """The files whose code makes the book: conf.py, the templates, every
    extension of the project (book/_ext, and any other loaded from outside
    the system's packages), and the modules of tools/ or of their own
    directory that they import, directly or through each other."""
    confdir = os.path.realpath(app.confdir)
    files = [os.path.join(confdir, "conf.py")]
    files += [os.path.join(HERE, f) for f in sorted(os.listdir(HERE)) if f.endswith(".py")]
    for name in sorted(app.extensions):
        path = os.path.realpath(getattr(sys.modules.get(name), "__file__", "") or "")
        if path.startswith((confdir + os.sep, ROOT + os.sep)):
            files.append(path)
    for templates in app.config.templates_path:
        for dirpath, _dirs, names in sorted(os.walk(os.path.join(confdir, templates))):
            files += [os.path.join(dirpath, n) for n in sorted(names)]
    todo, seen = list(files), set()
    while todo:
        path = todo.pop()
        if path in seen or not os.path.isfile(path):
            continue
        seen.add(path)
        if not path.endswith(".py"):
            continue
        with open(path, encoding="utf-8", errors="replace") as f:
            for module in IMPORT_RE.findall(f.read()):
                for where in (os.path.dirname(path), TOOLS):
                    candidate = os.path.join(where, module + ".py")
                    if os.path.isfile(candidate):
                        todo.append(candidate)
    return sorted(seen)


def code_digest(app):
    """A digest of code_files(): their names and contents."""
    h = hashlib.sha256()
    for path in code_files(app):
        h.update(path.encode() + b"\0")
        with open(path, "rb") as f:
            h.update(f.read())
    return h.hexdigest()


def _digest(app, config):
    config.vmm_ext_digest = code_digest(app)


# ---- what a dependency's time cannot say ---------------------------------------

def _runs(env):
    return vmm_pagedata.records(env, "vmm_transcript_runs")


def note_runs(app, doctree):
    """Remember the recorded runs a page's transcripts are filled from
    when the page is written (vmm_transcript.resolve)."""
    paths = {block["vmm_transcript"]["path"]
             for block in doctree.findall(nodes.literal_block)
             if block.get("vmm_transcript")}
    if paths:
        _runs(app.env)[app.env.docname] = paths
    else:
        _runs(app.env).pop(app.env.docname, None)


def outdated(app, env, added, changed, removed):
    """Pages to read again although no dependency is newer: those whose
    recorded runs are gone. The outputs of removed pages are deleted."""
    for docname in removed:
        _remove_output(app, docname)
    return [d for d, paths in _runs(env).items()
            if d not in removed and not all(os.path.exists(p) for p in paths)]


def _remove_output(app, docname):
    if app.builder.format != "html":     # HTML and EPUB: a file per page
        return
    try:
        path = app.builder.get_outfilename(docname)
    except Exception:    # noqa: BLE001 -- a builder without per-page files
        return
    if os.path.exists(path):
        os.remove(path)


_read = {}      # environment id -> the docnames this build reads
_read_nothing = set()   # ids of the environments of builds that read no page


def before_read(app, env, docnames):
    _read[id(env)] = list(docnames)
    if docnames:
        _read_nothing.discard(id(env))
    else:
        _read_nothing.add(id(env))


def _numbers_unless_unchanged(assign):
    """Sphinx numbers every page's figures again on every build, unpickling
    every page to do so (some 4 s of a cached build that reads nothing).
    When no page was read, the pages, their toctrees and the config are
    those that gave the numbers the environment holds: keep them."""
    def assign_figure_numbers(self, env):
        if id(env) in _read_nothing:
            return []
        return assign(self, env)
    return assign_figure_numbers


def after_read(app, env):
    """Every page is written again when any was read (numbers, links and
    navigation cross pages); dependencies the build rewrote itself after
    reading a page do not make that page stale."""
    docnames = _read.pop(id(env), [])
    if not docnames:
        return []
    build = getattr(app.config, "vmm_build_dir", None)
    results = os.path.join(build, "bench", "results.json") if build else ""
    if results and os.path.exists(results):
        written = os.path.getmtime(results)
        for d in docnames:
            if results in env.dependencies.get(d, ()) and written > env.all_docs.get(d, 0):
                env.all_docs[d] = max(written, time.time())
    return sorted(env.found_docs)


def setup(app):
    from sphinx.environment.collectors.toctree import TocTreeCollector
    if not getattr(TocTreeCollector.assign_figure_numbers, "_vmm", False):
        TocTreeCollector.assign_figure_numbers = _numbers_unless_unchanged(
            TocTreeCollector.assign_figure_numbers)
        TocTreeCollector.assign_figure_numbers._vmm = True
    app.add_config_value("vmm_ext_digest", "", "env")
    app.connect("config-inited", _digest)
    app.connect("doctree-read", note_runs)
    vmm_pagedata.keep_per_page(app, "vmm_transcript_runs")
    app.connect("env-get-outdated", outdated)
    app.connect("env-before-read-docs", before_read)
    app.connect("env-updated", after_read)
    app.connect("build-finished", _exit_now, priority=1000)
    return {"version": "1", "env_version": 1,
            "parallel_read_safe": True, "parallel_write_safe": True}


def _exit_now(app, exception):
    """With VMM_BOOK_FAST_EXIT set (tools/book.py sets it), end the process
    as soon as the build is done, with the status sphinx-build would
    return: freeing every page's doctree and the environment object by
    object at exit takes seconds of CPU that nobody waits for."""
    if exception is not None or not os.environ.get("VMM_BOOK_FAST_EXIT"):
        return
    status = 1 if (app._warncount and app.keep_going) else app.statuscode
    for stream in (sys.stdout, sys.stderr):
        stream.flush()
    os._exit(status)
