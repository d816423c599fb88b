#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""What Doxygen's XML knows about the kernel, for the book and its checks.

Doxygen (docs/Doxyfile) writes one XML file per source file and per struct.
Index(xmldir) reads them all and answers three questions:

  * where is an entity's source?  Index.find(name) -> Entity, then
    cut(root, entity) -> Cut: the lines of the current source file that
    define it (function body, struct, macro with its `\\` continuations,
    variable with its initializer), with their real line numbers;
  * who calls whom?  Index.callees(entity) / Index.callers(entity), from
    Doxygen's <references> and <referencedby>;
  * what does the kernel declare in its headers?  Index.api(), the
    functions, macros, structs, unions, typedefs, enums and variables of
    kernel/include, which the book must all show.

Used by the Sphinx extensions in book/_ext and by tools/bookcheck.py;
tested in tests/runner/test_doxyxml.py.
"""
import os
import re
import xml.etree.ElementTree as ET

API_PREFIX = "kernel/include/"
MEMBER_KINDS = ("function", "define", "variable", "typedef", "enum")
COMPOUND_KINDS = ("struct", "union")


class Entity:
    """One thing Doxygen documented: a function, macro, struct ..."""

    def __init__(self, **kw):
        self.id = kw["id"]
        self.name = kw["name"]
        self.kind = kw["kind"]          # function define variable typedef enum struct union
        self.file = kw.get("file")      # where it is declared
        self.line = kw.get("line")
        self.bodyfile = kw.get("bodyfile")
        self.bodystart = kw.get("bodystart")
        self.bodyend = kw.get("bodyend")
        self.static = kw.get("static", False)
        self.params = kw.get("params")  # macros: None if object-like
        self.brief = kw.get("brief", "")
        self.detail = kw.get("detail", "")
        self.refs = kw.get("refs", [])  # ids this entity's body mentions
        self.refby = kw.get("refby", [])
        self.definition = kw.get("definition", "")
        self.scope = kw.get("scope")    # struct name for members, else None
        self.xml = kw.get("xml")        # the XML file it was read from

    @property
    def key(self):
        """Doxygen gives a function's or variable's declaration (header) and
        definition (.c) different ids with the same hash after the last
        '_1'. Static ones stay apart: two files may have one each."""
        if self.kind in ("function", "variable") and not self.static and self.scope is None:
            return self.id.rsplit("_1", 1)[-1]
        return self.id

    @property
    def defined(self):
        """True when Doxygen saw a body (a function's definition ...)."""
        return bool(self.bodyfile) and self.bodystart is not None and self.bodystart > 0

    @property
    def documented(self):
        return bool(self.brief.strip() or self.detail.strip())

    def __repr__(self):
        return f"<{self.kind} {self.name} {self.file}:{self.line}>"


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# Doxygen's empty elements for typography, which itertext() would drop
# with their meaning: "--" in a comment is <ndash/>, "---" <mdash/>.
_EMPTY_CHARS = {"ndash": "\u2013", "mdash": "\u2014"}


def _text(elem):
    """The text of elem and its descendants, a dash where the comment had
    one."""
    if elem is None:
        return ""
    parts = []

    def walk(e):
        parts.append(_EMPTY_CHARS.get(e.tag, "") + (e.text or ""))
        for child in e:
            walk(child)
            parts.append(child.tail or "")
    walk(elem)
    return "".join(parts).strip()


class Index:
    """Every entity of a Doxygen XML directory."""

    def __init__(self, xmldir):
        self.xmldir = xmldir
        index = os.path.join(xmldir, "index.xml")
        if not os.path.exists(index):
            raise FileNotFoundError(f"{index}: no Doxygen XML (run doxygen docs/Doxyfile)")
        self.entities = {}      # id -> Entity
        self._mentioned_by = {}     # macros -> {key: [entities whose refby name it]}
        self.by_name = {}       # name -> [Entity]
        self.files = {}         # source path -> brief of its @file comment
        self.xml_files = [index]    # every file read
        root = ET.parse(index).getroot()
        for comp in root.findall("compound"):
            if comp.get("kind") in ("file", "struct", "union"):
                self._load(os.path.join(xmldir, comp.get("refid") + ".xml"))
        # Functions: merge declaration and definition into one entity each.
        self._canon = {}
        for e in self.entities.values():
            self._canon.setdefault(e.key, []).append(e)

    # -- loading --------------------------------------------------------------
    def _load(self, path):
        self.xml_files.append(path)
        for cdef in ET.parse(path).getroot().findall("compounddef"):
            kind = cdef.get("kind")
            loc = cdef.find("location")
            if kind == "file":
                self.files[loc.get("file")] = _text(cdef.find("briefdescription"))
                scope = None
            else:
                name = cdef.findtext("compoundname")
                self._add(Entity(id=cdef.get("id"), name=name, kind=kind, xml=path,
                                 brief=_text(cdef.find("briefdescription")),
                                 detail=_text(cdef.find("detaileddescription")),
                                 **self._location(loc)))
                scope = name
            for m in cdef.iter("memberdef"):
                mkind = m.get("kind")
                if scope is None and mkind not in MEMBER_KINDS:
                    continue
                params = None
                if mkind == "define" and m.find("param") is not None:
                    # function-like; `#define f()` has one empty <param>
                    params = [p.findtext("defname") for p in m.findall("param")
                              if p.findtext("defname")]
                self._add(Entity(
                    id=m.get("id"), name=m.findtext("name"), kind=mkind,
                    static=m.get("static") == "yes", params=params,
                    brief=_text(m.find("briefdescription")),
                    detail=_text(m.find("detaileddescription")),
                    definition=m.findtext("definition") or "",
                    refs=[r.get("refid") for r in m.findall("references")],
                    refby=[r.get("refid") for r in m.findall("referencedby")],
                    scope=scope, xml=path, **self._location(m.find("location"))))

    @staticmethod
    def _location(loc):
        if loc is None:
            return {}
        return {"file": loc.get("file"), "line": _int(loc.get("line")),
                "bodyfile": loc.get("bodyfile"), "bodystart": _int(loc.get("bodystart")),
                "bodyend": _int(loc.get("bodyend"))}

    def _add(self, e):
        old = self.entities.get(e.id)
        if old is not None:
            return          # the same member listed by a file and by a group
        self.entities[e.id] = e
        if e.scope is None:
            self.by_name.setdefault(e.name, []).append(e)

    # -- lookup -----------------------------------------------------------------
    def canonical(self, e):
        """The one entity standing for a function's declaration and
        definition: the definition when there is one."""
        group = self._canon.get(e.key, [e])
        if len(group) == 1:
            return e
        return max(group, key=lambda x: (x.defined, x.file.startswith(API_PREFIX)))

    def candidates(self, name, kind=None, file=None):
        found = [e for e in self.by_name.get(name, [])
                 if (kind is None or e.kind == kind or
                     (kind == "macro" and e.kind == "define"))
                 and (file is None or file in (e.file, e.bodyfile))]
        seen, out = set(), []
        for e in map(self.canonical, found):
            if e.key not in seen:
                seen.add(e.key)
                out.append(e)
        return out

    def find(self, name, kind=None, file=None):
        """The entity called `name` (optionally of this kind, declared or
        defined in this file). LookupError says why not."""
        found = self.candidates(name, kind, file)
        if not found:
            what = f"{kind} " if kind else ""
            where = f" in {file}" if file else ""
            raise LookupError(f"no {what}'{name}'{where} in the Doxygen XML "
                              "(renamed or removed?)")
        if len(found) > 1:
            places = ", ".join(f"{e.kind} in {e.bodyfile or e.file}" for e in found)
            raise LookupError(f"'{name}' is ambiguous ({places}): add :kind: or :file:")
        return found[0]

    def get(self, refid):
        e = self.entities.get(refid)
        return self.canonical(e) if e else None

    def typedef_body(self, e):
        """For `typedef struct zone_struct { ... } zone_t;` the struct, whose
        body the typedef ends; otherwise e itself."""
        m = re.match(r"typedef (struct|union|enum) (\w+)", e.definition)
        if m:
            for t in self.by_name.get(m.group(2), []):
                if t.kind == m.group(1) and t.bodyfile == e.file and t.bodyend == e.line:
                    return t
        return e

    # -- who calls whom -----------------------------------------------------------
    def _callable(self, e, macros):
        return e is not None and (e.kind == "function" or
                                  (macros and e.kind == "define" and e.params is not None))

    def callees(self, e, macros=False):
        """Functions (and function-like macros) that e's body mentions."""
        out = {}
        for member in self._canon.get(e.key, [e]):
            for rid in member.refs:
                t = self.get(rid)
                if self._callable(t, macros) and t.key != e.key:
                    out[t.key] = t
        # Doxygen sometimes records an edge on one side only.
        for t in self._refby_index(macros).get(e.key, []):
            t = self.canonical(t)
            if t.key != e.key:
                out.setdefault(t.key, t)
        return sorted(out.values(), key=lambda x: x.name)

    def _refby_index(self, macros):
        """{key: [callables whose refby lists it]}, built once: callees()
        would otherwise scan every entity for each function of a graph."""
        index = self._mentioned_by.get(macros)
        if index is None:
            index = {}
            for t in self.entities.values():
                if not self._callable(t, macros):
                    continue
                for r in t.refby:
                    target = self.get(r)
                    if target is not None and t not in index.get(target.key, ()):
                        index.setdefault(target.key, []).append(t)
            self._mentioned_by[macros] = index
        return index

    def callers(self, e, macros=False):
        """Functions (and function-like macros) whose bodies mention e."""
        out = {}
        for member in self._canon.get(e.key, [e]):
            for rid in member.refby:
                t = self.get(rid)
                if self._callable(t, macros) and t.key != e.key:
                    out[t.key] = t
        for t in self.entities.values():
            if self._callable(t, macros) and any(self.get(r) is not None and
                                                 self.get(r).key == e.key for r in t.refs):
                t = self.canonical(t)
                if t.key != e.key:
                    out.setdefault(t.key, t)
        return sorted(out.values(), key=lambda x: x.name)

    # -- the API the headers declare ------------------------------------------------
    def api(self, prefix=API_PREFIX):
        """Entities declared in the headers, one per (kind, name), ordered
        by header and line: what the book must show. Struct members come
        with their struct; static functions in headers are API too."""
        out, seen = [], set()
        for e in self.entities.values():
            if e.scope is not None or not (e.file or "").startswith(prefix):
                continue
            if e.kind not in MEMBER_KINDS + COMPOUND_KINDS:
                continue
            if e.kind == "define" and re.match(r"^_VMM_\w+_H$", e.name):
                continue        # include guards
            if e.name.startswith("@"):
                continue        # anonymous
            k = (e.kind, e.name)
            if k not in seen:
                seen.add(k)
                out.append(e)
        return sorted(out, key=lambda e: (e.file, e.line or 0))


# ---- cutting source -----------------------------------------------------------

class Cut:
    """Some consecutive lines of a source file: lines[0] is line `first`."""

    def __init__(self, path, first, lines):
        self.path = path
        self.first = first
        self.lines = lines

    @property
    def last(self):
        return self.first + len(self.lines) - 1

    @property
    def text(self):
        return "\n".join(self.lines) + "\n"


class DriftError(Exception):
    """The source no longer matches what the book expects of it."""


def _read(root, path):
    full = os.path.join(root, path)
    try:
        with open(full, encoding="utf-8") as f:
            return f.read().split("\n")
    except OSError as e:
        raise DriftError(f"{path}: {e.strerror}") from None


def _to_statement_end(lines, i):
    """Index of the line that ends the declaration starting at line i:
    braces balanced and a ';' at the end."""
    depth = 0
    for j in range(i, len(lines)):
        code = re.sub(r"/\*.*?\*/|//.*$", "", lines[j])
        depth += code.count("{") + code.count("(") - code.count("}") - code.count(")")
        if depth <= 0 and code.rstrip().endswith(";"):
            return j
    return i


def _comment_above(lines, i):
    """Index of the first line of the comment block just above line i, or i."""
    j = i - 1
    if j < 0 or not lines[j].rstrip().endswith("*/"):
        return i
    while j >= 0 and not lines[j].lstrip().startswith("/*"):
        j -= 1
    return j if j >= 0 else i


def cut(root, e, part="definition", comment=False, index=None):
    """The source lines of entity e, relative to the repository root.

    part: 'definition' (the body: function body, struct, macro, variable
    with initializer) or 'declaration' (a function's prototype where it is
    declared, usually a header). comment: include the comment above.
    index: lets a typedef of a struct defined in place show that struct."""
    if e.kind == "typedef" and part == "definition" and index is not None:
        e = index.typedef_body(e)
    if part == "declaration" or (e.kind in ("variable", "typedef") and not e.defined):
        path, start = e.file, e.line
        if e.kind == "function" and part == "declaration":
            decl = [x for x in (e,) if x.file and x.file.startswith(API_PREFIX)]
            path, start = (decl[0].file, decl[0].line) if decl else (e.file, e.line)
        lines = _read(root, path)
        i = start - 1
        # A prototype's location is its name; it may start a line above
        # (return type on its own line) -- keep the line that has the name.
        end = _to_statement_end(lines, i)
    else:
        if not e.defined:
            raise DriftError(f"{e.kind} '{e.name}' has no definition yet "
                             f"(declared in {e.file}); use :part: declaration")
        path = e.bodyfile
        lines = _read(root, path)
        i = e.bodystart - 1
        if e.kind == "define":
            end = i
            while end < len(lines) - 1 and lines[end].rstrip().endswith("\\"):
                end += 1
        elif e.kind == "variable":
            i = (e.line or e.bodystart) - 1
            end = _to_statement_end(lines, min(i, e.bodystart - 1))
            i = min(i, e.bodystart - 1)
        elif e.bodyend is not None and e.bodyend >= e.bodystart:
            end = e.bodyend - 1
        else:
            end = _to_statement_end(lines, i)
    if i >= len(lines):
        raise DriftError(f"{path} is shorter than Doxygen says ({i + 1} lines): "
                         "stale XML? rerun doxygen")
    if comment:
        i = _comment_above(lines, i)
    return Cut(path, i + 1, lines[i:end + 1])


def span(root, a, b):
    """One cut from the start of cut a to the end of cut b, which must be
    further down the same file (a run of macros, a group of declarations)."""
    if a.path != b.path:
        raise DriftError(f"{b.path} is not {a.path}: a span must stay in one file")
    if b.last < a.first:
        raise DriftError(f"the span ends (line {b.last}) before it starts "
                         f"(line {a.first}): the order changed")
    lines = _read(root, a.path)
    return Cut(a.path, a.first, lines[a.first - 1:b.last])


def highlight_lines(c, patterns):
    """Line numbers (1-based within the cut) matching each regex pattern.
    Every pattern must match at least one line, or DriftError."""
    hits = set()
    for p in patterns:
        try:
            rx = re.compile(p)
        except re.error as err:
            raise DriftError(f"bad highlight pattern {p!r}: {err}") from None
        found = [n for n, line in enumerate(c.lines, 1) if rx.search(line)]
        if not found:
            raise DriftError(f"highlight pattern {p!r} matches no line of "
                             f"{c.path}:{c.first}-{c.last} any more")
        hits.update(found)
    return sorted(hits)


def narrow(c, start=None, end=None):
    """The part of a cut from the first line matching `start` to the first
    following line matching `end` (regexes; both optional, inclusive)."""
    lines, first = c.lines, c.first
    if start:
        idx = [n for n, line in enumerate(lines) if re.search(start, line)]
        if not idx:
            raise DriftError(f"start pattern {start!r} matches no line of {c.path}:"
                             f"{c.first}-{c.last} any more")
        lines, first = lines[idx[0]:], first + idx[0]
    if end:
        idx = [n for n, line in enumerate(lines) if re.search(end, line)]
        if not idx:
            raise DriftError(f"end pattern {end!r} matches no line of {c.path} "
                             f"after line {first} any more")
        lines = lines[:idx[0] + 1]
    return Cut(c.path, first, lines)
