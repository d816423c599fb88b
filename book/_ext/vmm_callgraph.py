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
  :macros:     also show function-like macros; with names, only those
               (`:macros: alloc_page` puts vmalloc's central step in its
               graph without every page-flag macro)
  :max-nodes:  fail when the graph grows beyond this (default 40)
  :file:       which FUNCTION, when static functions share its name
  :rankdir:    TB (default: top-down, the leaves of a wide fan dealt
               over rows so that no row is wider than the text) or LR
  :caption:    replaces "Call Graph: FUNCTION()"
  :name:       a label for :numref:

Edges come from <references>/<referencedby>, so a function passed as a
pointer (kernel_thread(init, ...)) counts as called, which is what a
reader wants to see. Every node links to the book's declaration of that
function, or to its listing when the book has no declaration; links are
filled in once all pages are read. A missing FUNCTION, a stale :exclude:
or a graph above :max-nodes: fails the build.
"""
import os
import re
import threading

import sphinx.ext.graphviz as gv
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.ext.graphviz import figure_wrapper, graphviz
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

import vmm_doxy
import vmm_pagedata

logger = logging.getLogger(__name__)
URL_RE = re.compile(r'URL="vmmref:([A-Za-z_]\w*)", ')
HREF_RE = re.compile(r'HREF="vmmref:([A-Za-z_]\w*)" ')
# A4 text block of Sphinx's manual class (1 in margins), in PostScript points
# (dot's and the PDF's; TeX's pt is 1/72.27 in): its width (453 TeX pt),
# and the height conf.py's preamble lets an image take (0.8 of the 700.5
# TeX pt text height, leaving room for the caption: 558 PostScript points).
TEXT_WIDTH_PT = 450.0
TEXT_HEIGHT_PT = 555.0
#: dot pads a drawing by 4 points on each side (its `pad`); -Tplain's
#: width leaves that out, the PDF and the SVG do not
PAD_PT = 4.0
#: the smallest a call graph may be printed in the PDF: 85 % of body size
#: (8.5 pt text). Below it the build fails (latex_visit).
MIN_SCALE = 0.85


def walk(ix, root, direction="callees", depth=1, exclude=(), macros=False):
    """Breadth-first: (nodes {key: entity}, edges {(from_key, to_key)},
    level {key: depth}). macros: False, True (every function-like macro)
    or a collection of the macro names to show."""
    step = ix.callees if direction == "callees" else ix.callers
    found, edges, level = {root.key: root}, set(), {root.key: 0}
    frontier = [root]
    for d in range(1, depth + 1):
        nxt = []
        for e in frontier:
            for t in step(e, macros=bool(macros)):
                if t.name in exclude or not _wanted_macro(t, macros):
                    continue
                edge = (e.key, t.key) if direction == "callees" else (t.key, e.key)
                edges.add(edge)
                if t.key not in found:
                    found[t.key] = t
                    level[t.key] = d
                    nxt.append(t)
        frontier = nxt
    return found, edges, level


def _wanted_macro(e, macros):
    """Whether entity e passes the :macros: choice (functions always do)."""
    if e.kind != "define" or macros is True:
        return True
    return bool(macros) and e.name in macros


def staggered(edges, names=None, fan=5, columns=3):
    """{edge: minlen} dealing the children of a wide fan over a few ranks
    (what graphviz's `unflatten` does for leaves), so that a function
    calling twenty others makes a block, not a row twenty boxes wide. A
    child is dealt only if this is its one caller in the graph (or, in a
    callers graph, its one callee): its subtree moves down with it."""
    indeg, outdeg = {}, {}
    for a, b in edges:
        outdeg[a] = outdeg.get(a, 0) + 1
        indeg[b] = indeg.get(b, 0) + 1
    hubs = {}
    for a, b in sorted(edges):
        if indeg[b] == 1:
            hubs.setdefault(a, []).append((a, b))
        elif outdeg[a] == 1:
            hubs.setdefault(b, []).append((a, b))
    out = {}
    names = names or {}
    for hub, fan_edges in hubs.items():
        fan_edges.sort(key=lambda e: names.get(e[1] if e[0] == hub else e[0], ""))
        if len(fan_edges) >= fan:
            for i, e in enumerate(fan_edges):    # deal them out like cards
                out[e] = 1 + i % columns
    return out


#: (fan, rows to deal children over, share of the width a table of leaves
#: may take), tried in turn until a graph fits the text width
LAYOUTS = ((6, 2, 1.0), (5, 3, 0.8), (4, 3, 0.6), (3, 4, 0.5), (3, 5, 0.4), (2, 6, 0.35),
           (2, 8, 0.3), (2, 10, 0.25))


_widths = {}        # sha1 of dot code -> [width, height] in points, in WIDTHS_CACHE
WIDTHS_CACHE = "callgraph-widths.json"


def layout_sizes(dot, codes):
    """(width, height) in points of the graph dot lays out from each of
    `codes` (without dot's pad), or None where dot fails. Remembered
    across builds (load_widths, save_widths): a cached build runs no dot
    to choose layouts. Those not remembered are measured by one dot for
    the whole build (_LayoutDot): starting dot (it loads its plugins and
    fonts) takes some 45 ms, laying out one of these graphs about 1 ms
    (105 runs of dot, one per layout tried, took 4.9 s of a clean build)."""
    import hashlib
    keys = [hashlib.sha1(code.encode()).hexdigest() for code in codes]
    for key, code in zip(keys, codes):
        if not isinstance(_widths.get(key), list):     # (a width alone: an older cache's)
            _widths[key] = _layout_dot.size(dot, code)
    return [tuple(_widths[k]) if _widths[k] else None for k in keys]


class _LayoutDot:
    """One `dot -Tplain` that lays out graph after graph: dot answers each
    graph of its input as soon as it has read it (a `graph` line with the
    size, then the nodes and edges, then `stop`). A graph dot cannot read
    ends it; the next one starts a new dot."""

    def __init__(self):
        self.proc = None
        self.dot = None     # the command self.proc runs
        self.lock = threading.Lock()

    def size(self, dot, code):
        """[width, height] in points of dot's layout of code, or None."""
        import subprocess
        with self.lock:
            if self.dot != dot or self.proc is None or self.proc.poll() is not None:
                self.close()
                try:
                    self.proc = subprocess.Popen([dot, "-Tplain"], stdin=subprocess.PIPE,
                                                 stdout=subprocess.PIPE,
                                                 stderr=subprocess.DEVNULL, text=True)
                except OSError:
                    return None
                self.dot = dot
            size = None
            # A dot that does not answer in time is ended (its output then
            # ends too), as subprocess.run(timeout=60) did.
            watchdog = threading.Timer(LAYOUT_TIMEOUT_S, self.proc.kill)
            watchdog.start()
            try:
                self.proc.stdin.write(code + "\n")
                self.proc.stdin.flush()
                for line in self.proc.stdout:
                    words = line.split()
                    if words[:1] == ["graph"] and len(words) >= 4:
                        size = [float(words[2]) * 72, float(words[3]) * 72]
                    if words[:1] == ["stop"]:
                        return size
            except (OSError, ValueError):
                pass
            finally:
                watchdog.cancel()
            self.close()    # dot ended without answering: the graph was bad
            return None

    def close(self, *args):
        if self.proc is not None:
            try:
                self.proc.stdin.close()
            except OSError:
                pass
            self.proc.kill()
            self.proc.wait()
            self.proc = None


_layout_dot = _LayoutDot()
#: seconds dot may take to lay out one graph
LAYOUT_TIMEOUT_S = 60


def _widths_path(app):
    """Where the widths are kept; None without a build directory (a test
    project that loads this extension alone)."""
    build = getattr(app.config, "vmm_build_dir", None)
    return os.path.join(build, "book", WIDTHS_CACHE) if build else None


def load_widths(app):
    """Read the widths earlier builds measured."""
    import json
    if not _widths_path(app):
        return
    try:
        with open(_widths_path(app)) as f:
            _widths.update(json.load(f))
    except (OSError, ValueError):
        pass


def save_widths(app, exception):
    """Keep the widths for the next build."""
    import json
    if not _widths_path(app) or exception:
        return
    os.makedirs(os.path.dirname(_widths_path(app)), exist_ok=True)
    with open(_widths_path(app), "w") as f:
        json.dump(_widths, f)


def fitting_source(dot, found, edges, level, root, rankdir, graph_id, width):
    """dot_source() with the first of LAYOUTS whose drawing the PDF prints
    upright at body size (latex_scale(): within `width` points and the
    page's height), else one it prints upright at MIN_SCALE or more, else
    the one it prints largest (turned a quarter, perhaps): the
    graph is read at body size, not shrunk into the column. The layouts
    are tried as dot orders each row, then keeping each function's callees
    in the order of their names (dot's ordering=out), which often keeps a
    subtree under its caller where dot would spread it across the page."""
    codes = [dot_source(found, edges, level, root, rankdir, graph_id, fan, columns,
                        (width - 20) * share, ordered)
             for ordered in (False, True) for fan, columns, share in
             (LAYOUTS[:1] if rankdir == "LR" else LAYOUTS)]
    if rankdir == "LR":
        return codes[0]
    best = None
    for code, size in zip(codes, layout_sizes(dot, codes)):
        if size is None:
            return code
        w, h = size[0] + 2 * PAD_PT, size[1] + 2 * PAD_PT
        how, scale = latex_scale((w, h)) if w > width or h > TEXT_HEIGHT_PT else ("", 1.0)
        upright = not how.startswith("angle")
        if upright and scale >= 1.0:
            return code
        # upright at MIN_SCALE or more reads better than turned and larger
        rank = (upright and scale >= MIN_SCALE, scale)
        if best is None or rank > best[0]:
            best = (rank, code)
    return best[1]


CHAR_PT = 6.0       # mean width of a Helvetica 10 pt character, in points
CELL_PAD_PT = 14.0  # a table cell's padding and border


def leaf_groups(edges, fan, root=None):
    """{hub: [leaf keys]} for every function with at least `fan` leaves:
    functions linked to nothing in the graph but the hub. Such a fan is
    drawn as one table of names under (or, for callers, above) the hub,
    wrapped into rows, instead of a row of boxes wider than the page."""
    degree, hub_of = {}, {}
    for a, b in edges:
        degree[a] = degree.get(a, 0) + 1
        degree[b] = degree.get(b, 0) + 1
    groups = {}
    for a, b in sorted(edges):
        for hub, leaf in ((a, b), (b, a)):
            if degree[leaf] == 1 and degree[hub] > 1 and leaf not in hub_of and \
                    leaf != root:
                hub_of[leaf] = hub
                groups.setdefault(hub, []).append(leaf)
    return {h: l for h, l in groups.items() if len(l) >= fan}


def table_columns(labels, width):
    """How many columns a table of labels (in row order) can have within
    `width` points: the most whose widest cells still fit."""
    for cols in range(min(len(labels), 6), 0, -1):
        widths = [max(len(labels[i]) for i in range(c, len(labels), cols)) * CHAR_PT +
                  CELL_PAD_PT for c in range(cols)]
        if sum(widths) <= width:
            return cols
    return 1


def _leaf_table(key, names, width, node_id=None):
    """A plain node whose label is a table of the names, each cell a link
    (HREF="vmmref:NAME", filled in like a node's URL). node_id prefixes
    the ids of the cells' <area>s in the image map."""
    labels = [n + "()" for n in names]
    cols = table_columns(labels, width)
    rows = []
    for i in range(0, len(labels), cols):
        cells = "".join(f'<TD HREF="vmmref:{n}" TOOLTIP="{n}()" BGCOLOR="#f4f6fa">'
                        f'{n}()</TD>' for n in names[i:i + cols])
        rows.append(f"<TR>{cells}</TR>")
    table = ('<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="3" CELLPADDING="3" '
             'COLOR="#5b6b84" BGCOLOR="transparent">' + "".join(rows) + "</TABLE>")
    ident = f'id="{node_id}", ' if node_id else ""
    return f'  "{key}" [shape=plain, style="", {ident}label=<{table}>];'


def dot_source(found, edges, level, root, rankdir=None, graph_id="callgraph",
               fan=5, columns=3, width=None, ordered=False):
    """Graphviz source; nodes carry URL="vmmref:NAME" placeholders. Top
    down unless rankdir is LR. In TB, the leaves of a wide fan become a
    table of names wrapped to `width` points (when given) and the other
    children of a wide fan are dealt over a few rows. graph_id names the
    graph, which becomes the id of its image map in HTML: it must be
    unique in a page."""
    rankdir = rankdir or "TB"
    groups = leaf_groups(edges, fan, root.key) if rankdir == "TB" and width else {}
    grouped = {leaf: hub for hub, leaves in groups.items() for leaf in leaves}
    all_edges = set(edges)
    edges = {(a, b) for a, b in edges if a not in grouped and b not in grouped}
    stagger = staggered(edges, {k: e.name for k, e in found.items()}, fan, columns)
    if rankdir == "LR":
        stagger = {}    # in LR, long edges would take a row each anyway
    out = [f"digraph {graph_id} {{",
           f'  graph [rankdir={rankdir}, nodesep=0.18, ranksep=0.35, margin=0, '
           f'{"ordering=out, " if ordered else ""}bgcolor="transparent"];',
           '  node [shape=box, style="rounded,filled", fillcolor="#f4f6fa", color="#5b6b84", '
           'fontname="Helvetica", fontsize=10, height=0.26, margin="0.10,0.03"];',
           '  edge [color="#5b6b84", arrowsize=0.6];']
    for n, (key, e) in enumerate(sorted(found.items(),
                                        key=lambda kv: (level[kv[0]], kv[1].name))):
        if key in grouped:
            continue
        label = e.name + "()"
        # The id names the node's <area> in the image map: dot's default
        # ("node1") repeats in every graph of a page, invalid in XHTML.
        attrs = [f'label="{label}"', f'URL="vmmref:{e.name}"', f'tooltip="{label}"',
                 f'id="{graph_id}_n{n}"']
        if key == root.key:
            attrs.append('fillcolor="#dbe6f6", penwidth=1.6, fontname="Helvetica-Bold"')
        elif e.kind == "define":
            attrs.append('style="rounded,dashed"')
        out.append(f'  "{key}" [{", ".join(attrs)}];')
    for t, (hub, leaves) in enumerate(sorted(groups.items())):
        names = sorted(found[k].name for k in leaves)
        out.append(_leaf_table(f"{hub}:leaves", names, width, f"{graph_id}_t{t}"))
        callees = (hub, leaves[0]) in all_edges     # else they are its callers
        a, b = (hub, f"{hub}:leaves") if callees else (f"{hub}:leaves", hub)
        out.append(f'  "{a}" -> "{b}";')
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
        "macros": directives.unchanged,
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
                                       self._macros(ix, root))
            limit = self.options.get("max-nodes", 40)
            if len(found) > limit:
                raise LookupError(f"{len(found)} functions, more than :max-nodes: {limit}; "
                                  "exclude some or lower :depth:")
        except LookupError as err:
            logger.warning(f"callgraph {name}: {err}", location=(self.env.docname, self.lineno),
                           type="vmm", subtype="callgraph")
            return [nodes.paragraph("", f"[call graph of {name} unavailable: {err}]")]

        node = graphviz()
        serial = self.env.new_serialno("vmm-callgraph-id")
        node["code"] = fitting_source(self.config.graphviz_dot, found, edges, level, root,
                                      self.options.get("rankdir"),
                                      f"callgraph_{root.name}_{serial}", TEXT_WIDTH_PT)
        node["options"] = {"docname": self.env.docname}
        _codes(self.env).setdefault(self.env.docname, []).append(node["code"])
        node["alt"] = f"Call graph of {name}(): " + ", ".join(
            sorted(e.name for k, e in found.items() if k != root.key))
        node["classes"] = ["vmm-callgraph"]
        node["vmm_callgraph"] = name
        caption = self.options.get("caption", f"Call Graph: ``{name}()``")
        fig = figure_wrapper(self, node, caption)
        fig["classes"].append("vmm-callgraph")
        if "name" in self.options:
            self.add_name(fig)
        else:
            fig["ids"].append(f"callgraph-{self.env.new_serialno('vmm-callgraph')}")
        vmm_doxy.note_xml(self.env)     # calls of any function in any file
        return [fig]

    def _macros(self, ix, root):
        """The :macros: choice: True (all), False, or the names given,
        each of which must be a function-like macro of the kernel."""
        if root.kind == "define":
            return True
        if "macros" not in self.options:
            return False
        names = _names(self.options["macros"])
        if not names:
            return True
        stale = [n for n in names if not ix.candidates(n, "define")]
        if stale:
            raise LookupError(f":macros: names no macro of the kernel any more: "
                              f"{', '.join(stale)}")
        return set(names)


def resolve_links(app, doctree, docname):
    """Replace the vmmref: placeholders with links to the book's
    declarations (or listings) of each function, for this output."""
    for node in doctree.findall(graphviz):
        if node.get("vmm_callgraph"):
            node["code"] = linked_code(app, node["code"], docname)


def linked_code(app, code, docname):
    """A call graph's dot code with its vmmref: placeholders replaced by
    links for this output, from page `docname`."""
    objects = vmm_doxy.c_objects(app.env)
    listings = getattr(app.env, "vmm_listings", {})
    html = app.builder.format == "html"
    svg = _svg_output(app)

    def link(name):
        target = objects.get(name) or listings.get(name)
        if not html or target is None:
            return None
        todoc, anchor = target[0], target[1]
        if svg:     # the SVG lives in _images/: relative to that
            uri = "../" + app.builder.get_target_uri(todoc)
        else:       # PNG with an image map in the page itself
            uri = app.builder.get_relative_uri(docname, todoc)
        return f"{uri}#{anchor}"

    def url(m):
        uri = link(m.group(1))
        return f'URL="{uri}", target="_top", ' if uri else ""

    def href(m):    # a cell of a table of leaves
        uri = link(m.group(1))
        return f'HREF="{uri}" TARGET="_top" ' if uri else ""

    return HREF_RE.sub(href, URL_RE.sub(url, code))


def _svg_output(app):
    """Whether this output draws graphs as SVG files (HTML; not the EPUB,
    whose readers want PNG and an image map)."""
    return app.builder.format == "html" and \
        app.config.graphviz_output_format == "svg" and \
        not app.builder.name.startswith("epub")


# ---- the HTML's call graphs drawn ahead of the writing ----------------------
#
# sphinx.ext.graphviz draws each graph when its page is written, starting
# dot once per graph: 30 runs of some 50 ms, one after another, at the end
# of the build when little else is left to run. Once the pages are read,
# every graph's final code is known (its links need only the names of the
# pages), so a thread draws them all while the first pages (the API
# reference, three seconds of writing without a graph) are written: each
# SVG goes where render_dot() looks for it first (the same file name, from
# the same digest), with the same command, and render_dot() finds it
# there. (One dot for all graphs would save its starts, but it numbers the
# second graph's ids "page0,1_graph0" and counts table ids across graphs.)
# A graph this misses -- one whose name came out different -- is drawn by
# render_dot() itself, as before.

def _codes(env):
    """{docname: [dot code of each call graph, with placeholders]}."""
    return vmm_pagedata.records(env, "vmm_callgraph_codes")


def svg_path(app, code, options):
    """Where render_dot() puts, and first looks for, the SVG of `code`."""
    from hashlib import sha1
    dot = options.get("graphviz_dot", app.config.graphviz_dot)
    key = (code + str(options) + str(dot) + str(app.config.graphviz_dot_args)).encode()
    return os.path.join(app.builder.outdir, app.builder.imagedir,
                        f"graphviz-{sha1(key).hexdigest()}.svg")


def prerender(app, env):
    """Start drawing every call graph of the HTML whose SVG is not there
    yet, in a thread (html_visit waits for it)."""
    if not _svg_output(app):
        return
    todo = {}
    for docname, codes in sorted(_codes(env).items()):
        for code in codes:
            final = linked_code(app, code, docname)
            path = svg_path(app, final, {"docname": docname})   # the directive's options
            if not os.path.exists(path):
                todo[path] = final
    if todo:
        app._vmm_prerender = threading.Thread(
            target=draw_svgs, args=([app.config.graphviz_dot, *app.config.graphviz_dot_args],
                                    todo), daemon=True)
        app._vmm_prerender.start()


def draw_svgs(dot, todo):
    """Draw each {path: code} in SVG at path, as render_dot() does (`dot`
    is the command, a list). A graph dot fails on is left to render_dot(),
    which reports it."""
    import subprocess
    for path, code in todo.items():
        os.makedirs(os.path.dirname(path), exist_ok=True)
        try:
            subprocess.run([*dot, "-Tsvg", f"-o{path}"], input=code.encode(),
                           capture_output=True, check=True, timeout=300)
        except (OSError, subprocess.SubprocessError):
            if os.path.exists(path):
                os.remove(path)


def html_visit(self, node):
    """Sphinx's HTML rendering, plus for a call graph drawn as SVG a link
    that opens it full size (the column may shrink a wide graph)."""
    prerendering = getattr(self.builder.app, "_vmm_prerender", None)
    if prerendering is not None:
        prerendering.join()
    start = len(self.body)
    try:
        gv.html_visit_graphviz(self, node)
    except nodes.SkipNode:
        if node.get("vmm_callgraph"):
            _add_full_size_link(self, start)
        raise


def _add_full_size_link(self, start):
    """After the <object> of an SVG graph, a link to the SVG itself."""
    for i in range(start, len(self.body)):
        m = re.search(r'<object data="([^"]+\.svg)"', self.body[i])
        if m:
            self.body.append(f'<p class="vmm-fullsize"><a href="{m.group(1)}" '
                             f'target="_blank">Open the graph full size</a></p>\n')
            return


def pdf_size(path):
    """(width, height) in points of a one-page PDF graphviz wrote, from its
    MediaBox; None if it cannot be read."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return None
    m = re.search(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", data)
    if not m:
        return None
    x0, y0, x1, y1 = (float(v) for v in m.groups())
    return x1 - x0, y1 - y0


def latex_scale(size):
    """(placement, scale) of a graph of size (w, h) points in the PDF: at
    its own size when it fits the text block (its text is then body size,
    10 pt); turned a quarter (landscape) when upright it would print below
    MIN_SCALE and turned it prints at MIN_SCALE or more, and larger; else
    scaled down to the text block. placement is the \\includegraphics
    option, scale what LaTeX will make of the drawing (1.0: body size)."""
    w, h = size
    upright = min(1.0, TEXT_WIDTH_PT / w, TEXT_HEIGHT_PT / h)
    turned = min(1.0, TEXT_HEIGHT_PT / w, TEXT_WIDTH_PT / h)
    if upright < MIN_SCALE and turned >= MIN_SCALE and turned > upright:
        # Scaled here, not by Sphinx: \sphinxincludegraphics would drop
        # the angle when it shrinks the turned box, and stretch the graph
        return ("angle=90" if turned == 1.0 else f"angle=90,scale={turned:.3f}"), turned
    return (r"width=\linewidth" if w > TEXT_WIDTH_PT else ""), upright


def latex_placement(size):
    """The \\includegraphics option of latex_scale(); "" when the size is
    not known."""
    return latex_scale(size)[0] if size else ""


def latex_visit(self, node):
    """Sphinx's LaTeX rendering, with the call graph placed by
    latex_placement()."""
    start = len(self.body)
    try:
        gv.latex_visit_graphviz(self, node)
    except nodes.SkipNode:
        if node.get("vmm_callgraph"):
            _place_latex(self, start, node)
        raise


def _place_latex(self, start, node):
    """Give the graph's \\sphinxincludegraphics its placement; note its size
    and scale (callgraphs.json, written at build-finished); a graph that
    would print below MIN_SCALE fails the build."""
    for i in range(start, len(self.body)):
        m = re.search(r"\\sphinxincludegraphics\[\]\{([^}]+)\}", self.body[i])
        if not m:
            continue
        size = pdf_size(os.path.join(self.builder.outdir, m.group(1)))
        how, scale = latex_scale(size) if size else ("", 1.0)
        self.body[i] = self.body[i].replace("[]", f"[{how}]", 1)
        if how.startswith("angle"):
            # \sphinxincludegraphics drops the angle when it thinks the
            # turned box too large, and stretches the graph: placed as is
            self.body[i] = self.body[i].replace(r"\sphinxincludegraphics[",
                                                r"\includegraphics[", 1)
        if size is None:
            return
        name = node["vmm_callgraph"]
        _sizes(self.builder.app).append(
            {"doc": node["options"].get("docname"), "function": name,
             "width": round(size[0], 1), "height": round(size[1], 1),
             "placement": how or "as is", "scale": round(scale, 3)})
        if scale < MIN_SCALE:
            logger.warning(f"callgraph {name}: {size[0]:.0f} x {size[1]:.0f} pt, printed at "
                           f"{scale:.0%} in the PDF (text {10 * scale:.1f} pt), below "
                           f"{MIN_SCALE:.0%}: lower :depth: or :exclude: what does not "
                           "explain the function",
                           location=node["options"].get("docname"),
                           type="vmm", subtype="callgraph")
        return


def _sizes(app):
    """The call graphs the LaTeX builder has placed in this build."""
    if not hasattr(app, "_vmm_callgraph_sizes"):
        app._vmm_callgraph_sizes = []
    return app._vmm_callgraph_sizes


#: where the LaTeX build lists every call graph's size and scale
SIZES_FILE = "callgraphs.json"


def save_sizes(app, exception):
    """List every call graph of the PDF with its size in points, its
    placement and the scale it prints at (`bookcheck.py callgraphs`)."""
    import json
    if exception or app.builder.format != "latex":
        return
    with open(os.path.join(app.builder.outdir, SIZES_FILE), "w") as f:
        json.dump(_sizes(app), f, indent=1)


def setup(app):
    app.setup_extension("vmm_doxy")
    app.setup_extension("sphinx.ext.graphviz")
    app.add_node(graphviz, override=True, html=(html_visit, None),
                 latex=(latex_visit, None))
    app.add_directive("callgraph", CallGraph)
    app.connect("builder-inited", load_widths)
    app.connect("build-finished", save_widths)
    app.connect("build-finished", _layout_dot.close)
    app.connect("build-finished", save_sizes)
    app.connect("doctree-resolved", resolve_links)
    vmm_pagedata.keep_per_page(app, "vmm_callgraph_codes")
    app.connect("env-check-consistency", prerender)
    return {"version": "1", "parallel_read_safe": True}
