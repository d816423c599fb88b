# SPDX-License-Identifier: GPL-2.0-only
"""`.. callgraph:: FUNCTION` -- who calls whom, from Doxygen's XML.

    .. callgraph:: start_kernel
       :depth: 2
       :exclude: printk
                 local_irq_enable

Options:
  :direction:  callees (default: what FUNCTION calls) or callers
  :depth:      levels to follow (default 1)
  :exclude:    functions to leave out (and not to follow), one per line
               or comma-separated; each must still exist in the kernel
  :macros:     also show function-like macros (alloc_page() ...)
  :max-nodes:  fail when the graph grows beyond this (default 40)
  :file:       which FUNCTION, when static functions share its name
  :rankdir:    LR or TB (default: LR, or TB with the leaves of a wide fan
               spread over three rows)
  :caption:    replaces "Call Graph: FUNCTION()"
  :name:       a label for :numref:

Edges come from <references>/<referencedby>, so a function passed as a
pointer (kernel_thread(init, ...)) counts as called, which is what a
reader wants to see. Every node links to the book's declaration of that
function, or to its listing when the book has no declaration; links are
filled in once all pages are read. A missing FUNCTION, a stale :exclude:
or a graph above :max-nodes: fails the build.
"""
import re

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.ext.graphviz import figure_wrapper, graphviz
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

import vmm_doxy

logger = logging.getLogger(__name__)
URL_RE = re.compile(r'URL="vmmref:([A-Za-z_]\w*)", ')


def walk(ix, root, direction="callees", depth=1, exclude=(), macros=False):
    """Breadth-first: (nodes {key: entity}, edges {(from_key, to_key)},
    level {key: depth})."""
    step = ix.callees if direction == "callees" else ix.callers
    found, edges, level = {root.key: root}, set(), {root.key: 0}
    frontier = [root]
    for d in range(1, depth + 1):
        nxt = []
        for e in frontier:
            for t in step(e, macros=macros):
                if t.name in exclude:
                    continue
                edge = (e.key, t.key) if direction == "callees" else (t.key, e.key)
                edges.add(edge)
                if t.key not in found:
                    found[t.key] = t
                    level[t.key] = d
                    nxt.append(t)
        frontier = nxt
    return found, edges, level


def staggered(edges, names=None, fan=8, columns=3):
    """{edge: minlen} spreading the leaves of a wide fan over a few ranks
    (what graphviz's `unflatten` does), so that a function calling twenty
    others makes a block, not a column twenty boxes long."""
    degree = {}
    for a, b in edges:
        degree[a] = degree.get(a, 0) + 1
        degree[b] = degree.get(b, 0) + 1
    hubs = {}
    for a, b in sorted(edges):
        if degree[b] == 1:
            hubs.setdefault(a, []).append((a, b))
        elif degree[a] == 1:
            hubs.setdefault(b, []).append((a, b))
    out = {}
    names = names or {}
    for hub, leaf_edges in hubs.items():
        leaf_edges.sort(key=lambda e: names.get(e[1] if e[0] == hub else e[0], ""))
        if len(leaf_edges) >= fan:
            for i, e in enumerate(leaf_edges):    # deal them out like cards
                out[e] = 1 + i % columns
    return out


def dot_source(found, edges, level, root, rankdir=None):
    """Graphviz source; nodes carry URL="vmmref:NAME" placeholders. Left to
    right unless a wide fan is better staggered top-down (rankdir None)."""
    stagger = staggered(edges, {k: e.name for k, e in found.items()})
    if rankdir is None:
        rankdir = "TB" if stagger else "LR"
    if rankdir == "LR":
        stagger = {}    # in LR, long edges would take a row each anyway
    out = ["digraph callgraph {",
           f'  graph [rankdir={rankdir}, nodesep=0.18, ranksep=0.35, bgcolor="transparent"];',
           '  node [shape=box, style="rounded,filled", fillcolor="#f4f6fa", color="#5b6b84", '
           'fontname="Helvetica", fontsize=10, height=0.26, margin="0.10,0.03"];',
           '  edge [color="#5b6b84", arrowsize=0.6];']
    for key, e in sorted(found.items(), key=lambda kv: (level[kv[0]], kv[1].name)):
        label = e.name + "()"
        attrs = [f'label="{label}"', f'URL="vmmref:{e.name}"', f'tooltip="{label}"']
        if key == root.key:
            attrs.append('fillcolor="#dbe6f6", penwidth=1.6, fontname="Helvetica-Bold"')
        elif e.kind == "define":
            attrs.append('style="rounded,dashed"')
        out.append(f'  "{key}" [{", ".join(attrs)}];')
    for a, b in sorted(edges):
        extra = f" [minlen={stagger[(a, b)]}]" if (a, b) in stagger else ""
        out.append(f'  "{a}" -> "{b}"{extra};')
    out.append("}")
    return "\n".join(out)


def _names(arg):
    return [n for n in re.split(r"[\s,]+", arg or "") if n]


class CallGraph(SphinxDirective):
    required_arguments = 1
    has_content = False
    option_spec = {
        "direction": lambda a: directives.choice(a, ("callees", "callers")),
        "depth": directives.positive_int,
        "exclude": directives.unchanged,
        "macros": directives.flag,
        "max-nodes": directives.positive_int,
        "file": directives.unchanged_required,
        "rankdir": lambda a: directives.choice(a, ("lr", "tb")).upper(),
        "caption": directives.unchanged_required,
        "name": directives.unchanged_required,
    }

    def run(self):
        name = self.arguments[0]
        ix = vmm_doxy.get_index(self.env.app)
        exclude = _names(self.options.get("exclude"))
        try:
            root = ix.find(name, None, self.options.get("file"))
            if root.kind not in ("function", "define"):
                raise LookupError(f"'{name}' is a {root.kind}, not a function")
            stale = [x for x in exclude if not ix.candidates(x, "function") and
                     not ix.candidates(x, "define")]
            if stale:
                raise LookupError(f":exclude: names no function of the kernel any more: "
                                  f"{', '.join(stale)}")
            found, edges, level = walk(ix, root, self.options.get("direction", "callees"),
                                       self.options.get("depth", 1), exclude,
                                       "macros" in self.options or root.kind == "define")
            limit = self.options.get("max-nodes", 40)
            if len(found) > limit:
                raise LookupError(f"{len(found)} functions, more than :max-nodes: {limit}; "
                                  "exclude some or lower :depth:")
        except LookupError as err:
            logger.warning(f"callgraph {name}: {err}", location=(self.env.docname, self.lineno),
                           type="vmm", subtype="callgraph")
            return [nodes.paragraph("", f"[call graph of {name} unavailable: {err}]")]

        node = graphviz()
        node["code"] = dot_source(found, edges, level, root, self.options.get("rankdir"))
        node["options"] = {"docname": self.env.docname}
        node["alt"] = f"Call graph of {name}(): " + ", ".join(
            sorted(e.name for k, e in found.items() if k != root.key))
        node["classes"] = ["vmm-callgraph"]
        node["vmm_callgraph"] = True
        caption = self.options.get("caption", f"Call Graph: ``{name}()``")
        fig = figure_wrapper(self, node, caption)
        fig["classes"].append("vmm-callgraph")
        if "name" in self.options:
            self.add_name(fig)
        else:
            fig["ids"].append(f"callgraph-{self.env.new_serialno('vmm-callgraph')}")
        self.env.note_dependency(self.env.app.config.vmm_doxygen_xml + "/index.xml")
        return [fig]


def resolve_links(app, doctree, docname):
    """Replace the vmmref: placeholders with links to the book's
    declarations (or listings) of each function, for this output."""
    objects = vmm_doxy.c_objects(app.env)
    listings = getattr(app.env, "vmm_listings", {})
    html = app.builder.format == "html"
    svg = html and app.config.graphviz_output_format == "svg" and \
        not app.builder.name.startswith("epub")

    def url(m):
        target = objects.get(m.group(1)) or listings.get(m.group(1))
        if not html or target is None:
            return ""
        todoc, anchor = target[0], target[1]
        if svg:     # the SVG lives in _images/: relative to that
            uri = "../" + app.builder.get_target_uri(todoc)
        else:       # PNG with an image map in the page itself
            uri = app.builder.get_relative_uri(docname, todoc)
        return f'URL="{uri}#{anchor}", target="_top", '

    for node in doctree.findall(graphviz):
        if node.get("vmm_callgraph"):
            node["code"] = URL_RE.sub(url, node["code"])


def setup(app):
    app.setup_extension("vmm_doxy")
    app.setup_extension("sphinx.ext.graphviz")
    app.add_directive("callgraph", CallGraph)
    app.connect("doctree-resolved", resolve_links)
    return {"version": "1", "parallel_read_safe": True}
