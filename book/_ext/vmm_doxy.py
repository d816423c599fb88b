# SPDX-License-Identifier: GPL-2.0-only
"""The book's link to Doxygen: one Index of the XML for every extension,
Breathe made fast and quiet where it should be, and the API reference.

* get_index(app): tools/doxyxml.Index over the XML (conf: vmm_doxygen_xml),
  loaded once per build.
* Breathe looks a name up by walking every compound of the index for every
  directive (quadratic: 11 s for the API reference alone). The wrappers
  below tell the walk which name they want, so it only opens the compound
  of that name or the files with a member of that name. Besides speed,
  this fixes `doxygenvariable:: task_list` picking a struct member that
  happens to share the name of the global variable.
* Doxygen links words in comments to entities (<ref refid=...>). Breathe
  turns them into references to Doxygen ids; those resolve only where the
  book renders that exact id. on_missing_reference() resolves them by name
  to the C declaration the book has, or leaves plain text. Type names in
  signatures that the book does not declare (size_t, a struct defined in a
  .c file) are plain text too; every other unresolved reference still
  fails the -n build.
* A function documented both where it is declared and where it is
  defined gets its brief description twice from Doxygen; the entry shows
  it once.
* `.. apireference::` declares every entity of kernel/include that no
  chapter declares, and `c:alias`es the ones a chapter does: no
  bookkeeping when a chapter starts explaining something.
"""
import os
import re
import sys

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode, nested_parse_with_titles

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import doxyxml  # noqa: E402

logger = logging.getLogger(__name__)

# Types from the compiler's headers, never declared by the kernel.
STANDARD_TYPES = {"size_t", "va_list", "ptrdiff_t", "bool", "uint8_t", "uint16_t",
                  "uint32_t", "uint64_t", "int8_t", "int16_t", "int32_t", "int64_t",
                  "uintptr_t", "intptr_t", "__PTRDIFF_TYPE__", "__SIZE_TYPE__"}
DOXY_ID_RE = re.compile(r"^(?:\w+_8[ch]|struct\w+|union\w+|dir_\w+)(?:_1\w+)?$")

BREATHE_KIND = {"function": "doxygenfunction", "define": "doxygendefine",
                "variable": "doxygenvariable", "typedef": "doxygentypedef",
                "enum": "doxygenenum", "struct": "doxygenstruct", "union": "doxygenunion"}
DIRECTIVE_RE = re.compile(r"^\s*\.\.\s+doxygen(function|define|variable|typedef|enum|struct|union)"
                          r"::\s*([A-Za-z_]\w*)", re.M)


def source_root(app):
    """The tree whose kernel/ Doxygen read (conf: vmm_source_root)."""
    return app.config.vmm_source_root


def get_index(app):
    """The Doxygen index of this build (reloaded when the XML changes)."""
    xml = app.config.vmm_doxygen_xml
    stamp = os.path.getmtime(os.path.join(xml, "index.xml"))
    cached = getattr(app, "_vmm_index", None)
    if cached is None or cached[0] != stamp:
        app._vmm_index = (stamp, doxyxml.Index(xml))
    return app._vmm_index[1]


def note_xml(env, *entities):
    """The page being read depends on the Doxygen XML of these entities
    (and on index.xml, which changes when entities come or go); with none
    given, on every XML file (a call graph, the API reference). tools/book.py
    replaces only the XML files whose content changed, so the page is read
    again only when something it shows did."""
    ix = get_index(env.app)
    files = {ix.xml_files[0]} | {e.xml for e in entities if e is not None and e.xml} \
        if entities else set(ix.xml_files)
    for path in sorted(files):
        env.note_dependency(path)


def _forget_c_objects(app, env, docnames):
    """The table of c_objects() was kept in the environment of the last
    build; pages read again may declare other things."""
    env._vmm_c_objects = None


def c_objects(env):
    """name -> (docname, anchor, objtype) of the book's C declarations.

    Every unresolved reference and every call graph asks, so once reading is
    over (the declarations can no longer change) the table is built once:
    walking the C domain per question cost seconds per build."""
    from sphinx.util.build_phase import BuildPhase
    frozen = env.app.phase >= BuildPhase.CONSISTENCY_CHECK
    cached = getattr(env, "_vmm_c_objects", None)
    if frozen and cached is not None:
        return cached
    out = {}
    for name, _disp, typ, docname, anchor, _prio in env.get_domain("c").get_objects():
        out.setdefault(name, (docname, anchor, typ))
    env._vmm_c_objects = out if frozen else None
    return out


# ---- Breathe: look names up without walking everything ----------------------

_hint = [None]
_compounds_by_name = {}     # id(Breathe's parsed index) -> {name: [compound]}


def _when_hinted(original, narrowed):
    """A Breathe finder method that, while a directive has told which name
    it wants (_hint), calls narrowed(self, name, ancestors, filter_,
    matches) instead of walking everything."""
    def filter_(self, ancestors, filter_, matches):
        name = _hint[0]
        if name is None:
            return original(self, ancestors, filter_, matches)
        return narrowed(self, name, ancestors, filter_, matches)
    return filter_


def _index_compounds(self, name, ancestors, filter_, matches):
    """The index: only the compounds of that name, or files with a member
    of that name."""
    from breathe.finder import index as findex
    node_stack = findex.stack(self.data_object, ancestors)
    table = _compounds_by_name.get(id(self.data_object))
    if table is None:
        table = {}
        for compound in self.data_object.get_compound():
            names = {compound.get_name()}
            if compound.get_kind() == "file":
                names.update(m.get_name() for m in compound.get_member())
            for n in names:
                table.setdefault(n, []).append(compound)
        _compounds_by_name.clear()
        _compounds_by_name[id(self.data_object)] = table
    for compound in table.get(name, []):
        finder = self.item_finder_factory.create_finder(compound)
        finder.filter_(node_stack, filter_, matches)


def _compound_members(original):
    """A compound of the index: its members of another name need no test
    (Breathe tests every member of, say, mm.h for every directive)."""
    def narrowed(self, name, ancestors, filter_, matches):
        members = self.data_object.get_member
        self.data_object.get_member = lambda: [m for m in members() if m.get_name() == name]
        try:
            return original(self, ancestors, filter_, matches)
        finally:
            del self.data_object.get_member
    return narrowed


def _section_members(self, name, ancestors, filter_, matches):
    """Inside a compound's XML, only the members of that name (or an enum
    with a value of that name) can match: no finders for the rest."""
    from breathe.finder import index as findex
    node_stack = findex.stack(self.data_object, ancestors)
    if filter_.allow(node_stack):
        matches.append(node_stack)
    for memberdef in self.data_object.memberdef:
        if memberdef.name == name or (memberdef.kind == "enum" and
                                      any(v.name == name for v in memberdef.enumvalue)):
            finder = self.item_finder_factory.create_finder(memberdef)
            finder.filter_(node_stack, filter_, matches)


def _the_only_candidate(resolve):
    """Breathe's DoxygenFunctionDirective._resolve_function, which renders
    the declaration of every candidate to compare it with the arguments
    the directive gives: a directive that gives none and has one candidate
    gets it without that rendering (the API reference's ~650 functions:
    a twentieth of reading it)."""
    def _resolve_function(self, matches, args, project_info):
        if args is None and len(matches) == 1:
            return matches[0]
        return resolve(self, matches, args, project_info)
    return _resolve_function


def _patch_breathe():
    from breathe.directives.function import DoxygenFunctionDirective
    from breathe.finder import compound as fcompound
    from breathe.finder import index as findex
    if getattr(findex.DoxygenTypeSubItemFinder, "_vmm_patched", False):
        return
    DoxygenFunctionDirective._resolve_function = _the_only_candidate(
        DoxygenFunctionDirective._resolve_function)
    for cls, narrowed in (
            (findex.DoxygenTypeSubItemFinder, lambda original: _index_compounds),
            (findex.CompoundTypeSubItemFinder, _compound_members),
            (fcompound.SectionDefTypeSubItemFinder, lambda original: _section_members)):
        cls.filter_ = _when_hinted(cls.filter_, narrowed(cls.filter_))
    findex.DoxygenTypeSubItemFinder._vmm_patched = True


def _hinted(cls):
    class Hinted(cls):
        def run(self):
            m = re.match(r"\s*(?:[\w:]*::)?([A-Za-z_]\w*)", self.arguments[0])
            _hint[0] = m.group(1) if m else None
            try:
                return super().run()
            finally:
                _hint[0] = None
    Hinted.__name__ = cls.__name__
    return Hinted


# ---- references Doxygen made in prose ------------------------------------------

def on_missing_reference(app, env, node, contnode):
    if node.get("vmm_optional"):
        return contnode
    domain, reftype, target = node.get("refdomain"), node.get("reftype"), node.get("reftarget", "")
    if domain == "std" and reftype == "ref" and DOXY_ID_RE.match(target):
        ent = get_index(app).get(target)
        if ent is not None:
            found = c_objects(env).get(ent.name)
            if found:
                return make_refnode(app.builder, node["refdoc"], found[0], found[1], contnode)
        return contnode
    if domain == "c" and reftype == "identifier":
        name = target.split(".")[-1]
        if name in STANDARD_TYPES or get_index(app).by_name.get(name) or \
           name in struct_tags(app):
            return contnode
    return None


def struct_tags(app):
    """Every `struct NAME` the kernel's sources mention, defined or not
    (kmem_cache_t is a `struct kmem_cache_s` that slab.c will define)."""
    tags = getattr(app, "_vmm_struct_tags", None)
    if tags is None:
        tags = set()
        for dirpath, _dirs, files in os.walk(os.path.join(source_root(app), "kernel")):
            for f in files:
                if f.endswith((".c", ".h")):
                    with open(os.path.join(dirpath, f), encoding="utf-8") as src:
                        tags.update(re.findall(r"\b(?:struct|union)\s+([A-Za-z_]\w*)", src.read()))
        app._vmm_struct_tags = tags
    return tags


# ---- the API reference ---------------------------------------------------------

def declared_by_chapters(srcdir, exclude_doc):
    """{(kind, name): docname} of the Breathe directives in the book's
    sources, apart from exclude_doc's own."""
    out = {}
    for dirpath, _dirs, files in os.walk(srcdir):
        if "_build" in dirpath or os.sep + "_" in dirpath[len(srcdir):]:
            continue
        for f in sorted(files):
            if not f.endswith(".rst"):
                continue
            path = os.path.join(dirpath, f)
            docname = os.path.relpath(path, srcdir)[:-4]
            if docname == exclude_doc:
                continue
            for kind, name in DIRECTIVE_RE.findall(open(path, encoding="utf-8").read()):
                out.setdefault((kind, name), docname)
    return out


def rst_escape(text):
    """Plain text that reStructuredText must not read as markup."""
    return re.sub(r"([\\*`_|\[\]])", r"\\\1", " ".join(text.split()))


def _collides(e, names_by_kind):
    """A variable named like a struct (`struct tlb_stats tlb_stats`): the C
    domain has one namespace for both, so it cannot be declared."""
    return e.kind == "variable" and e.name in names_by_kind.get("struct", ()) | \
        names_by_kind.get("union", set())


class ApiReference(SphinxDirective):
    """Every header entity: declared here unless a chapter declares it."""

    has_content = False
    option_spec = {}

    def run(self):
        ix = get_index(self.env.app)
        elsewhere = declared_by_chapters(self.env.srcdir, self.env.docname)
        for path in {os.path.join(self.env.srcdir, d + ".rst") for d in elsewhere.values()}:
            self.env.note_dependency(path)
        note_xml(self.env)
        entities = ix.api()
        names_by_kind = {}
        for e in entities:
            names_by_kind.setdefault(e.kind, set()).add(e.name)
        # A typedef of an anonymous struct is the struct Doxygen names after it.
        entities = [e for e in entities if not (e.kind == "typedef" and e.name in
                                                names_by_kind.get("struct", set()) | names_by_kind.get("union", set()))]
        structs = {e.name: e for e in entities if e.kind == "struct"}
        self.env.vmm_api = {"declared": [], "aliased": [], "plain": []}
        lines = []
        by_file = {}
        for e in entities:
            by_file.setdefault(e.file, []).append(e)
        for path in sorted(by_file):
            header = os.path.basename(path)
            title = f"{header}"
            lines += [title, "-" * len(title), ""]
            brief = ix.files.get(path, "")
            if brief:
                lines += [rst_escape(brief), ""]
            for e in by_file[path]:
                where = elsewhere.get((e.kind, e.name))
                if where:
                    lines += [f".. c:alias:: {e.name}", "   :maxdepth: 1", "",
                              f"Explained in :doc:`/{where}`.", ""]
                    self.env.vmm_api["aliased"].append((e.kind, e.name, where))
                elif _collides(e, names_by_kind):
                    lines += [".. code-block:: c", "", f"   extern {e.definition};", ""]
                    if e.brief:
                        lines += [rst_escape(e.brief), ""]
                    self.env.vmm_api["plain"].append((e.kind, e.name))
                elif _struct_twin(e, structs):
                    twin = _struct_twin(e, structs)
                    lines += [f".. c:type:: {e.name}", "",
                              f"   ``{e.definition};`` -- another name for struct "
                              f":c:struct:`{twin}`, whose comment it shares.", ""]
                    self.env.vmm_api["declared"].append((e.kind, e.name))
                else:
                    lines += [f".. {BREATHE_KIND[e.kind]}:: {e.name}"]
                    if e.kind == "struct":
                        lines += ["   :members:", "   :undoc-members:"]
                    lines += [""]
                    self.env.vmm_api["declared"].append((e.kind, e.name))
        node = nodes.section()
        node.document = self.state.document
        nested_parse_with_titles(self.state, StringList(lines, source=self.env.docname), node)
        return node.children


def _struct_twin(e, structs):
    """The struct a typedef renames (``typedef struct X Y``) when Doxygen
    gave the two one comment -- the comment above the typedef is both's, so
    Breathe would print the whole description twice (free_area_t,
    poll_table); None for any other entity."""
    m = TYPEDEF_STRUCT_RE.match(e.definition) if e.kind == "typedef" else None
    twin = structs.get(m.group(1)) if m else None
    return twin.name if twin is not None and twin.brief == e.brief else None


TYPEDEF_STRUCT_RE = re.compile(r"^typedef struct (\w+) \w+$")


def drop_repeated_brief(app, doctree):
    """A function documented both where it is declared (a one-line brief in
    the header) and where it is defined (the full comment in the .c file)
    comes out of Doxygen's XML with that brief twice: as the brief, and again
    in the detailed description -- at its head, or at its end when the
    header's comment has a detailed part too (mlock_limit_pages). Keep the
    first of the entry's paragraphs that say the same."""
    from sphinx import addnodes
    for content in doctree.findall(addnodes.desc_content):
        seen = set()
        for para in [c for c in content.children if isinstance(c, nodes.paragraph)]:
            said = " ".join(para.astext().split())
            if said in seen:
                content.remove(para)
            seen.add(said)


# What Breathe puts in the text for Doxygen's <ndash/> and <mdash/> (a "--"
# or "---" in a comment): a placeholder meant for block-quote attributions,
# which otherwise reaches the page as the six characters "&#8212;".
DASH_PLACEHOLDER = "&#8212;"


def real_dashes(app, doctree):
    """Breathe's dash placeholder in the text of a reference entry becomes
    the dash it stands for: an en dash, as "--" gives in the chapters'
    prose."""
    for text in list(doctree.findall(nodes.Text)):
        if DASH_PLACEHOLDER in text:
            text.parent.replace(text, nodes.Text(str(text).replace(DASH_PLACEHOLDER,
                                                                     "\u2013")))


# ---- Doxygen still writing the XML -------------------------------------------
#
# For a build from a fresh environment, tools/book.py starts Sphinx while
# Doxygen still runs (its two seconds are spent while Sphinx starts and
# the first boots for transcripts and figures run: those need the kernel
# and the pages, not the XML) and names, in VMM_DOXYGEN_PENDING, a file
# that says "running" until Doxygen has ended and then "ok" or "failed".

def wait_for_doxygen():
    """Return once Doxygen has written the XML (at once when no Doxygen
    runs beside this build); fail the build if Doxygen failed."""
    import time
    from sphinx.errors import ExtensionError
    status = os.environ.get("VMM_DOXYGEN_PENDING")
    if not status:
        return
    state = "running"
    while state == "running":
        try:
            with open(status) as f:
                state = f.read().strip()
        except OSError:
            state = "gone"
        if state == "running":
            time.sleep(0.02)
    if state != "ok":
        raise ExtensionError(f"Doxygen, run beside this build, did not finish "
                             f"({state}): tools/book.py says why")


def _wait_before_reading(app, env, docnames):
    """Before the first page is read, and after its runs were queued
    (vmm_transcript.prefetch, at the default priority), so that they
    start at once."""
    wait_for_doxygen()


def _wait_unless_fresh(app):
    """A build on an earlier build's environment compares its pages with
    the XML before reading any: the XML must be complete by then
    (tools/book.py runs Doxygen first for such a build)."""
    if app.env.all_docs:
        wait_for_doxygen()


def setup(app):
    app.connect("builder-inited", _wait_unless_fresh)
    app.connect("env-before-read-docs", _wait_before_reading, priority=900)
    app.connect("doctree-read", drop_repeated_brief)
    app.connect("doctree-read", real_dashes)
    app.add_config_value("vmm_source_root", ROOT, "env")
    app.add_config_value("vmm_doxygen_xml", os.path.join(ROOT, "build", "doxygen", "xml"), "env")
    app.setup_extension("breathe")
    _patch_breathe()
    from breathe.directives import setup as bsetup
    for name in ("doxygenfunction", "doxygenstruct", "doxygenvariable", "doxygendefine",
                 "doxygenenum", "doxygentypedef", "doxygenunion", "doxygenenumvalue"):
        app.add_directive(name, _hinted(_breathe_class(bsetup, name)), override=True)
    app.connect("missing-reference", on_missing_reference)
    app.connect("env-before-read-docs", _forget_c_objects)
    app.add_directive("apireference", ApiReference)
    return {"version": "1", "parallel_read_safe": False, "env_version": 1}


def _breathe_class(bsetup, name):
    table = {
        "doxygenfunction": "DoxygenFunctionDirective", "doxygenstruct": "DoxygenStructDirective",
        "doxygenvariable": "DoxygenVariableDirective", "doxygendefine": "DoxygenDefineDirective",
        "doxygenenum": "DoxygenEnumDirective", "doxygentypedef": "DoxygenTypedefDirective",
        "doxygenunion": "DoxygenUnionDirective", "doxygenenumvalue": "DoxygenEnumValueDirective",
    }
    return getattr(bsetup, table[name])
