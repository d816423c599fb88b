# SPDX-License-Identifier: GPL-2.0-only
"""A tiny kernel tree and Sphinx project for testing the book's tools and
extensions: Doxygen runs on it with the real docs/Doxyfile, Sphinx builds
it in-process with the real extensions from book/_ext."""
import io
import os
import shutil
import subprocess
import tempfile

import jinja2

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

HEADER = """\
/* SPDX-License-Identifier: GPL-2.0-only */
/**
 * @file thing.h
 * @brief A header for the tests.
 */
#ifndef _VMM_THING_H
#define _VMM_THING_H

/** Square @p x. */
#define SQUARE(x) \\
	((x) * \\
	 (x))

/** A thing. */
struct thing {
	int a;		/**< the a */
	int b;		/**< the b */
};

/** The answer, plus one. */
int foo(int v);
/** Calls foo(). */
int bar(int v);

#endif
"""

SOURCE = """\
// SPDX-License-Identifier: GPL-2.0-only
#include <thing.h>

static int helper(int v)
{
	return SQUARE(v);
}

int foo(int v)
{
	int r = helper(v);

	return r + 1;
}

/* Not a Doxygen comment. */
int bar(int v)
{
	return foo(v) * 2;
}
"""


class _TemplateCache(jinja2.BytecodeCache):
    """Compiled theme templates, kept in memory for every build of the run.

    Each of the tests' Sphinx builds makes a new Jinja environment, which
    would compile the theme's templates again: a third of the CPU time of
    test_book_ext went there. Jinja checks each entry against the
    template's source (the bucket's checksum), so a changed template is
    compiled anew."""

    def __init__(self):
        self.code = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket):
        self.code[bucket.key] = bucket.bytecode_to_string()


_TEMPLATES = _TemplateCache()


def _share_compiled_templates():
    """Give every Sphinx template environment made in this process the
    same bytecode cache (once)."""
    from sphinx.jinja2glue import BuiltinTemplateLoader
    if getattr(BuiltinTemplateLoader, "_vmm_shared", False):
        return
    init = BuiltinTemplateLoader.init

    def init_with_cache(self, *args, **kwargs):
        init(self, *args, **kwargs)
        self.environment.bytecode_cache = _TEMPLATES

    BuiltinTemplateLoader.init = init_with_cache
    BuiltinTemplateLoader._vmm_shared = True


class Tree:
    """kernel/include/thing.h, kernel/thing.c, Doxygen XML, a book/."""

    def __init__(self, header=HEADER, source=SOURCE):
        self.root = tempfile.mkdtemp(prefix="vmm386-booktest-")
        os.makedirs(os.path.join(self.root, "kernel", "include"))
        self.write("kernel/include/thing.h", header)
        self.write("kernel/thing.c", source)
        self.xml = os.path.join(self.root, "build", "doxygen", "xml")

    def write(self, rel, text):
        path = os.path.join(self.root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(text)
        return path

    def edit(self, rel, old, new):
        path = os.path.join(self.root, rel)
        text = open(path).read()
        assert old in text, old
        self.write(rel, text.replace(old, new))

    def doxygen(self):
        """Run Doxygen with the project's Doxyfile; returns its messages."""
        shutil.rmtree(self.xml, ignore_errors=True)
        os.makedirs(os.path.dirname(self.xml), exist_ok=True)
        r = subprocess.run(["doxygen", os.path.join(ROOT, "docs", "Doxyfile")],
                           cwd=self.root, capture_output=True, text=True)
        assert r.returncode == 0, r.stdout + r.stderr
        return r.stdout + r.stderr

    def conf(self, extensions, conf_extra="", paths=""):
        """book/conf.py's text: the project's extensions from book/_ext
        (and `paths`, more sys.path lines) on this tree's sources and XML."""
        return f"""
import sys
sys.path.insert(0, {os.path.join(ROOT, 'book', '_ext')!r})
{paths}project = "t"
copyright = "t"
version = release = "1"
extensions = {list(extensions)!r}
vmm_source_root = {self.root!r}
vmm_doxygen_xml = {self.xml!r}
vmm_build_dir = {os.path.join(self.root, 'build')!r}
breathe_projects = {{"t": {self.xml!r}}}
breathe_default_project = "t"
breathe_domain_by_extension = {{"h": "c", "c": "c"}}
nitpicky = True
numfig = True
{conf_extra}
"""

    def sphinx(self, rst, extensions=("vmm_listing", "vmm_callgraph"), conf_extra="",
               pages=None, builder="html"):
        """Build book/index.rst = rst (and pages: {docname: rst}); returns
        (warnings, html of index), or with builder="latex" (warnings, the
        .tex)."""
        from sphinx.application import Sphinx
        from sphinx.util.docutils import docutils_namespace
        _share_compiled_templates()
        book = os.path.join(self.root, "book")
        shutil.rmtree(book, ignore_errors=True)
        self.write("book/conf.py", self.conf(extensions,
                                             'graphviz_output_format = "svg"\n' + conf_extra))
        self.write("book/index.rst", "Test\n====\n\n" + rst)
        for name, text in (pages or {}).items():
            self.write(f"book/{name}.rst", text)
        out = os.path.join(self.root, "build", builder)
        warnings = io.StringIO()
        # A fresh docutils registry per build, as sphinx.testing does.
        with docutils_namespace():
            app = Sphinx(book, book, out, os.path.join(self.root, "build", "doctrees"),
                         builder, status=None, warning=warnings, freshenv=True,
                         keep_going=True)
            app.build()
        page = "index.html" if builder == "html" else "t.tex"
        with open(os.path.join(out, page)) as f:
            return warnings.getvalue(), f.read()

    def write_if_changed(self, rel, text):
        """write(), leaving a file with that text alone (its time too)."""
        path = os.path.join(self.root, rel)
        if os.path.exists(path) and open(path).read() == text:
            return path
        return self.write(rel, text)

    def book_doxygen(self):
        """Doxygen as tools/book.py runs it: into a staging directory,
        replacing only the XML files whose content changed."""
        import book
        ok, messages = book.doxygen(os.path.dirname(self.xml), root=self.root)
        assert ok, messages
        return messages

    def cached_book(self, rst, extensions=(), conf_extra="", pages=None):
        """Build the book as `make book` does (tools/book.py: sphinx-build
        on the environment the last build left), writing only the files
        whose text changed; returns (ok, output, {docname: html})."""
        import book
        self.write_if_changed("book/conf.py", self.conf(
            ["vmm_incremental", *extensions], conf_extra,
            f"sys.path.insert(0, {os.path.join(ROOT, 'tools')!r})\n"))
        pages = dict(pages or {})
        self.write_if_changed("book/index.rst", "Test\n====\n\n" + rst + (
            "\n.. toctree::\n\n" + "".join(f"   {p}\n" for p in sorted(pages))
            if pages else ""))
        for name, text in pages.items():
            self.write_if_changed(f"book/{name}.rst", text)
        out = os.path.join(self.root, "build", "book", "html")
        ok, output = book.cached("html", out, os.path.join(self.root, "build", "book",
                                                            "doctrees-html"),
                                 src=os.path.join(self.root, "book"))
        html = {}
        if os.path.isdir(out):
            for f in os.listdir(out):
                if f.endswith(".html"):
                    with open(os.path.join(out, f)) as page:
                        html[f[:-5]] = page.read()
        return ok, output, html

    def close(self):
        shutil.rmtree(self.root, ignore_errors=True)
