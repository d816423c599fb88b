# SPDX-License-Identifier: GPL-2.0-only
"""Every id once per page, in every format.

Two things the book uses put the same id on several elements of a page,
which is invalid (X)HTML -- epubcheck rejects the EPUB -- and makes a link
to the id land on the first element only:

* Breathe titles the members of every struct "Public Members" with a rubric
  whose id is always ``breathe-section-title-public-members``: a page that
  declares eight structs has it eight times. Each such id is renamed after
  the entity it belongs to (``breathe-section-title-public-members-vm_struct``),
  or numbered when there is none.
* Furo wraps each table of the HTML page in a ``div.table-wrapper`` and
  copies all the table's attributes to it, its ids included: a named table
  (``:name: tab-vma-bench``) has its id twice. The wrapper keeps its class
  and loses the ids; the table keeps them, so :numref: links still land.

tests/book/run.py (``unique_ids``) fails on any id that a built page
carries twice.

One more thing epubcheck rejects: a ``<dl>`` with a term and no
definition. The API reference's ``c:alias`` entries (a struct a chapter
declares, named in the reference) are signatures without content; each
gets an empty content, so its ``<dt>`` has a ``<dd>``
(``complete_definitions``).
"""
from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform

BREATHE_TITLE = "breathe-section-title-"
WRAPPERS = {"table-wrapper", "math-wrapper"}


def _owner(node):
    """The id of the Sphinx declaration (desc) that node is part of, or
    None: the struct whose members a Breathe rubric titles."""
    parent = node.parent
    while parent is not None and not isinstance(parent, addnodes.desc):
        parent = parent.parent
    if parent is None:
        return None
    for sig in parent.findall(addnodes.desc_signature):
        if sig["ids"]:
            return sig["ids"][0]
    return None


def rename_breathe_titles(document):
    """Each Breathe section-title id made unique on its page: suffixed with
    its declaration's id, or with a number when that is taken too."""
    seen = set()
    for rubric in document.findall(nodes.rubric):
        ids = [i for i in rubric["ids"] if i.startswith(BREATHE_TITLE)]
        for old in ids:
            owner = _owner(rubric)
            base = new = f"{old}-{owner}" if owner else old
            serial = 2
            while new in seen:
                new = f"{base}-{serial}"
                serial += 1
            seen.add(new)
            rubric["ids"][rubric["ids"].index(old)] = new
            document.ids[new] = rubric


def unwrap_ids(document):
    """A wrapper container (Furo's table-wrapper) that repeats the ids of
    the element it wraps gives them back to that element alone."""
    for box in document.findall(nodes.container):
        if not WRAPPERS & set(box["classes"]):
            continue
        inner = set()
        for child in box.children:
            inner.update(child.get("ids", []))
        box["ids"] = [i for i in box["ids"] if i not in inner]


def complete_definitions(document):
    """Every declaration (desc) with a signature and no content gets an
    empty content: a <dt> with no <dd> is invalid XHTML."""
    for desc in document.findall(addnodes.desc):
        if not any(isinstance(c, addnodes.desc_content) for c in desc.children):
            desc.append(addnodes.desc_content())


class UniqueIds(SphinxPostTransform):
    """Runs after Furo's table wrapping (priority 500) on every builder."""
    default_priority = 900

    def run(self, **kwargs):
        rename_breathe_titles(self.document)
        unwrap_ids(self.document)
        complete_definitions(self.document)


def setup(app):
    app.add_post_transform(UniqueIds)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
