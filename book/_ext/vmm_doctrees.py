# SPDX-License-Identifier: GPL-2.0-only
"""Keep each page's doctree in memory between reading and writing.

Sphinx 5 pickles every page's doctree after reading it and unpickles it
again whenever it is needed: once per page to number the figures, once
per page to write it, and once per :numref: to find the target's number
(Sphinx 7 keeps them for the same reason). For this book that was some
60 unpickles of up to 2 MB each, seconds of a build whose budget is 30.

For the HTML builders only, the doctree written after reading (or
unpickled, for a page a cached build did not read again) is kept, and
BuildEnvironment.get_doctree() hands out that object instead of a fresh
copy. Those builders ask for a page once to write it; figure
numbering and :numref: only look at it. A page with a toctree is not
kept: writing it replaces its toctrees, which every other page's
navigation is built from. The cache is per environment and is dropped
when the build ends.

The LaTeX builder asks for every page's doctree three times: to number
the figures, to inline it into the one document it writes (a deep copy:
the tree itself is left alone), and once per :numref: to the page (only
its ids are looked at). It only reads them, so each is unpickled once and
kept for the build; that was some 80 unpickles, a fifth of the LaTeX
build's time.
"""
import weakref

from sphinx import addnodes
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import LoggingReporter

_trees = weakref.WeakKeyDictionary()    # environment -> {docname: doctree}
_read_only = weakref.WeakSet()          # environments whose builder only reads them
_unpickle = BuildEnvironment.get_doctree


def _get_doctree(env, docname):
    tree = _trees.get(env, {}).get(docname)
    if tree is None:
        tree = _unpickle(env, docname)
        if env in _read_only or (env in _trees and
                                 not any(tree.findall(addnodes.toctree))):
            _trees.setdefault(env, {})[docname] = tree
        return tree
    tree.settings.env = env
    tree.reporter = LoggingReporter(env.doc2path(docname))
    return tree


def _keep(app):
    if app.builder.name == "latex":
        _read_only.add(app.env)
        return
    if app.builder.name not in ("html", "dirhtml"):
        return
    trees = _trees.setdefault(app.env, {})
    write = app.builder.write_doctree

    def write_doctree(docname, doctree, *args, **kwargs):
        write(docname, doctree, *args, **kwargs)
        if not any(doctree.findall(addnodes.toctree)):
            trees[docname] = doctree
    app.builder.write_doctree = write_doctree


def _drop(app, exception):
    _trees.pop(app.env, None)
    _read_only.discard(app.env)


def setup(app):
    BuildEnvironment.get_doctree = _get_doctree
    app.connect("builder-inited", _keep)
    app.connect("build-finished", _drop)
    return {"version": "1", "parallel_read_safe": False, "parallel_write_safe": True}
