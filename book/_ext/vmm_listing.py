# SPDX-License-Identifier: GPL-2.0-only
"""`.. listing:: SYMBOL` -- a symbol's current source, cut where Doxygen
says it is, with the file's real name and line numbers.

    .. listing:: no_context
       :highlight: fixup_exception
                   die\\(
       :comment:

Options:
  :kind:       function, macro, struct, union, variable, typedef, enum
               (when the name alone is ambiguous)
  :file:       the file that declares or defines it (idem)
  :part:       definition (default) or declaration (a prototype)
  :comment:    include the comment block above the symbol
  :through:    another symbol further down the same file: show everything
               from the first symbol to the end of this one
  :start-at:   regex: begin at the first matching line of the symbol
  :end-at:     regex: stop at the first matching line after that
  :highlight:  regexes, one per line: lines to emphasize
  :caption:    replaces the default "NAME() in FILE"
  :name:       a label for :numref:

The build fails (a warning under -W) when the symbol is gone, when a
pattern matches nothing, or when the name is ambiguous. The source file is
a dependency of the page. Line numbers never appear in the .rst: every
position comes from Doxygen's XML of the current tree.
"""
import os

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

import vmm_doxy
from vmm_doxy import doxyxml

logger = logging.getLogger(__name__)

KINDS = {"function": "function", "macro": "define", "define": "define", "struct": "struct",
         "union": "union", "variable": "variable", "typedef": "typedef", "enum": "enum"}
XREF_TYPE = {"function": "func", "define": "macro", "struct": "struct", "union": "union",
             "variable": "var", "typedef": "type", "enum": "enum"}


def display_name(e):
    if e.kind == "function" or (e.kind == "define" and e.params is not None):
        return e.name + "()"
    if e.kind in ("struct", "union", "enum") and not e.name.endswith("_t"):
        return f"{e.kind} {e.name}"
    return e.name


def optional_xref(env, e, text=None):
    """A link to the book's declaration of e, or plain code if it has none."""
    text = text or display_name(e)
    ref = addnodes.pending_xref("", nodes.literal(text, text), refdomain="c",
                                reftype=XREF_TYPE.get(e.kind, "identifier"),
                                reftarget=e.name, refdoc=env.docname,
                                refexplicit=True, refwarn=False)
    ref["vmm_optional"] = True
    return ref


class Listing(SphinxDirective):
    required_arguments = 1
    has_content = False
    option_spec = {
        "kind": lambda a: directives.choice(a, tuple(KINDS)),
        "file": directives.unchanged_required,
        "part": lambda a: directives.choice(a, ("definition", "declaration")),
        "comment": directives.flag,
        "through": directives.unchanged_required,
        "start-at": directives.unchanged_required,
        "end-at": directives.unchanged_required,
        "highlight": directives.unchanged_required,
        "caption": directives.unchanged_required,
        "name": directives.unchanged_required,
    }

    def run(self):
        name = self.arguments[0]
        try:
            ix = vmm_doxy.get_index(self.env.app)
            kind = KINDS.get(self.options.get("kind"))
            e = ix.find(name, kind, self.options.get("file"))
            root = vmm_doxy.source_root(self.env.app)
            c = doxyxml.cut(root, e, part=self.options.get("part", "definition"),
                            comment="comment" in self.options, index=ix)
            last = None
            if "through" in self.options:
                last = ix.find(self.options["through"], None, self.options.get("file"))
                c = doxyxml.span(root, c, doxyxml.cut(root, last, index=ix))
            c = doxyxml.narrow(c, self.options.get("start-at"), self.options.get("end-at"))
            patterns = [p for p in self.options.get("highlight", "").split("\n") if p.strip()]
            hl = doxyxml.highlight_lines(c, [p.strip() for p in patterns])
        except (LookupError, doxyxml.DriftError, OSError) as err:
            logger.warning(f"listing {name}: {err}", location=(self.env.docname, self.lineno),
                           type="vmm", subtype="listing")
            return [nodes.paragraph("", f"[listing of {name} unavailable: {err}]")]

        self.env.note_dependency(os.path.join(root, c.path))
        vmm_doxy.note_xml(self.env, e, last)
        text = c.text.expandtabs(8)     # kernel style: tabs are 8 columns
        block = nodes.literal_block(text, text, source=os.path.join(root, c.path))
        block["language"] = "c"
        block["linenos"] = True
        block["highlight_args"] = {"linenostart": c.first}
        if hl:
            block["highlight_args"]["hl_lines"] = hl
        self.set_source_info(block)

        caption = nodes.caption("", "")
        if "caption" in self.options:
            inl, msgs = self.state.inline_text(self.options["caption"], self.lineno)
            caption += inl
            caption += msgs
        else:
            caption += optional_xref(self.env, e)
            if last is not None:
                caption += nodes.Text(" \u2026 ")
                caption += optional_xref(self.env, last)
            caption += nodes.Text(" in ")
            caption += nodes.literal(c.path, c.path)
        caption["classes"].append("vmm-listing-caption")
        container = nodes.container("", literal_block=True,
                                    classes=["literal-block-wrapper", "vmm-listing"])
        container += caption
        container += block
        if "name" in self.options:
            self.add_name(container)
        else:
            container["ids"].append(f"listing-{self.env.new_serialno('vmm-listing')}")
        # Remember where each symbol is shown, for the call graphs' links.
        listings = self.env.__dict__.setdefault("vmm_listings", {})
        listings.setdefault(e.name, (self.env.docname, container["ids"][0]))
        return [container]


def purge(app, env, docname):
    listings = getattr(env, "vmm_listings", {})
    for k in [k for k, (d, _) in listings.items() if d == docname]:
        del listings[k]


def merge(app, env, docnames, other):
    env.__dict__.setdefault("vmm_listings", {}).update(
        {k: v for k, v in getattr(other, "vmm_listings", {}).items() if v[0] in docnames})


def setup(app):
    app.setup_extension("vmm_doxy")
    app.add_directive("listing", Listing)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    return {"version": "1", "parallel_read_safe": True, "env_version": 1}
