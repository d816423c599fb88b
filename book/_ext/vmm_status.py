# SPDX-License-Identifier: GPL-2.0-only
"""`.. pending::` -- says plainly what a chapter's code does not do yet,
from the code itself.

    .. pending::
       :symbols: alloc_pages __free_pages free_area_init vmalloc

       The buddy allocator is being written; this chapter will follow it.

renders a "Not implemented yet" box with the prose and, for each symbol,
where it stands in the current tree: defined (and where), declared in a
header with no definition yet, or not declared at all. The list updates
itself as code arrives. When every symbol exists, the box has become
untrue and the build fails: replace it with the chapter's text.
"""
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

import vmm_doxy

logger = logging.getLogger(__name__)


def status(ix, name):
    """('done'|'declared'|'missing', where) of one symbol in the tree: a
    function needs a body, a variable a definition in a .c file; a macro,
    struct or type exists once it is declared."""
    raw = ix.by_name.get(name, [])
    if not raw:
        return "missing", None
    for e in raw:
        if e.kind == "function":
            if e.defined:
                return "done", e.bodyfile
        elif e.kind == "variable":
            if e.file and e.file.endswith(".c"):
                return "done", e.file
        else:
            return "done", e.file
    return "declared", raw[0].file


class Pending(SphinxDirective):
    has_content = True
    optional_arguments = 0
    option_spec = {"symbols": directives.unchanged_required}

    def run(self):
        ix = vmm_doxy.get_index(self.env.app)
        names = (self.options.get("symbols") or "").split()
        groups = {"done": [], "declared": [], "missing": []}
        for n in names:
            state, where = status(ix, n)
            groups[state].append((n, where))
        box = nodes.admonition(classes=["vmm-pending"])
        partly = bool(groups["done"])
        box += nodes.title("", "Partly implemented" if partly else "Not implemented yet")
        if self.content:
            self.state.nested_parse(self.content, self.content_offset, box)
        items = nodes.bullet_list()

        def item(label, entries, show_where):
            if not entries:
                return
            para = nodes.paragraph("", "")
            para += nodes.strong("", label + ": ")
            for i, (n, where) in enumerate(entries):
                if i:
                    para += nodes.Text(", ")
                e = ix.candidates(n)
                text = n + "()" if e and e[0].kind == "function" else n
                para += nodes.literal(text, text)
                if show_where and where:
                    para += nodes.Text(f" ({where})")
            items.append(nodes.list_item("", para))

        item("Declared in kernel/include, not yet defined", groups["declared"], True)
        item("Not declared yet", groups["missing"], False)
        item("Already in the tree", groups["done"], True)
        box += items
        if names and not groups["declared"] and not groups["missing"]:
            logger.warning("pending: every symbol this note waits for exists now ("
                           + ", ".join(n for n, _ in groups["done"])
                           + "): replace the note with the chapter's text",
                           location=(self.env.docname, self.lineno), type="vmm",
                           subtype="pending")
        self.env.note_dependency(self.env.app.config.vmm_doxygen_xml + "/index.xml")
        return [box]


def setup(app):
    app.setup_extension("vmm_doxy")
    app.add_directive("pending", Pending)
    return {"version": "1", "parallel_read_safe": True}
