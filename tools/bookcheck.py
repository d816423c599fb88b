#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Checks that keep the book honest, on a built book.

  coverage    every function, macro, struct, union, typedef and enum that
              kernel/include declares is in the book's C inventory
              (objects.inv): a chapter or the API reference declares it
  documented  each of those, and each member of a header struct, has a
              Doxygen comment (CONVENTIONS.md; Doxygen's own check cannot
              be used because EXTRACT_ALL, needed for call graphs, turns
              it off)
  lines       no prose cites a source line number ("line 42", "fault.c:61"):
              line numbers drift; listings carry the real ones
  addresses   no debugger transcript's script types a literal kernel
              address (0xc1fef000): one the kernel computes moves with the
              code, so the script quotes it from a checkpoint line
              ({high_memory} - 0x1000); PAGE_OFFSET and the kernel's link
              address are constants

  ids         no page of the book (HTML, or an unpacked EPUB's XHTML) has
              an id twice
  terms       no page has a <dl> with a term and no definition
  paragraphs  no page opens a paragraph inside another
  entities    no page shows a character reference as text ("&#8212;")

  layout      pdflatex's log reports no figure taller than the page and no
              line or table past the right margin (more than 5 pt)
  callgraphs  every call graph of the PDF with its size in points, its
              placement and the scale it prints at (the LaTeX build's
              callgraphs.json); fails when one prints below 85 % (the
              build itself fails then too)
  numbers     every figure, table, listing and transcript has the same
              number in the HTML as in the PDF (LaTeX's .aux after one
              pdflatex pass): a teacher citing "Listing 8.9" means one thing
  cited       every numbered figure (call graphs included), table and
              transcript is cited with :numref: somewhere in the book: a
              reader of the PDF, where floats move, must not meet
              "Transcript 8.3" with no sentence saying what to look at in it

    bookcheck.py coverage|documented|lines|addresses|ids|terms|paragraphs|
                entities [--xml DIR] [--html DIR]
    bookcheck.py numbers --html DIR --aux FILE
    bookcheck.py cited [--html DIR]
    bookcheck.py callgraphs [--latex DIR]

Tested in tests/runner/test_bookcheck.py; run by `make test` (tests/book).
"""
import argparse
import html
import glob
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import doxyxml  # noqa: E402

COVERED_KINDS = ("function", "define", "struct", "union", "typedef", "enum")
LINE_CITATION = re.compile(
    r"\b(?:lines?|l\.)\s+\d+\b"                          # line 42, lines 10-20, l. 7
    r"|\b[\w./-]+\.(?:c|h|asm|S|py|ld|rst)[:,]\s?\d+\b"  # fault.c:61, main.c, 12
    , re.I)


def inventory_names(path):
    """{name} of the C domain objects in a Sphinx objects.inv."""
    from sphinx.util.inventory import InventoryFile
    with open(path, "rb") as f:
        inv = InventoryFile.load(f, "", lambda a, b: b)
    names = set()
    for kind, entries in inv.items():
        if kind.startswith("c:"):
            names.update(entries)
    return names


def coverage(index, inventory):
    """Header entities missing from the inventory: [(kind, name, file)]."""
    have = inventory_names(inventory)
    missing = []
    for e in index.api():
        if e.kind not in COVERED_KINDS:
            continue
        if e.kind == "typedef" and (e.name in have or
                                    any(x.kind in ("struct", "union")
                                        for x in index.by_name.get(e.name, []))):
            continue        # a typedef of an anonymous struct is that struct
        if e.name not in have:
            missing.append((e.kind, e.name, e.file))
    return missing


def undocumented(index):
    """Header entities and header struct members with no comment."""
    out = []
    for e in index.api():
        if not e.documented:
            out.append((e.kind, e.name, f"{e.file}:{e.line}"))
    for e in index.entities.values():
        if e.scope is not None and (e.file or "").startswith(doxyxml.API_PREFIX) \
           and e.kind == "variable" and not e.documented:
            out.append(("member", f"{e.scope}.{e.name}", f"{e.file}:{e.line}"))
    return sorted(set(out) | set(undocumented_enumerators(index.xmldir)))


def undocumented_enumerators(xmldir):
    """[("enumerator", enum.VALUE, where)] of a header enum's values that
    have no comment: the API reference lists them with nothing beside
    them."""
    import xml.etree.ElementTree as ET
    out = []
    for path in sorted(glob.glob(os.path.join(xmldir, "*_8h.xml"))):
        for enum in ET.parse(path).getroot().iter("memberdef"):
            loc = enum.find("location")
            where = loc.get("file", "") if loc is not None else ""
            if enum.get("kind") != "enum" or not where.startswith(doxyxml.API_PREFIX):
                continue
            for value in enum.findall("enumvalue"):
                said = "".join("".join(value.find(d).itertext()) for d in
                               ("briefdescription", "detaileddescription")
                               if value.find(d) is not None)
                if not said.strip():
                    out.append(("enumerator", f"{enum.findtext('name')}.{value.findtext('name')}",
                                f"{where}:{loc.get('line')}"))
    return out


def prose_text(page):
    """The words of an HTML page outside code: no <pre>, scripts, styles."""
    text = re.sub(r"<(pre|script|style)\b.*?</\1>", " ", page, flags=re.S | re.I)
    text = re.sub(r"<[^>]+>", " ", text)
    return html.unescape(text)


def line_citations(html_dir):
    """[(page, snippet)] of prose that cites source line numbers."""
    hits = []
    for dirpath, _dirs, files in os.walk(html_dir):
        if "_static" in dirpath or "_sources" in dirpath:
            continue
        for f in sorted(files):
            if not f.endswith(".html") or f in ("genindex.html", "search.html"):
                continue
            path = os.path.join(dirpath, f)
            text = prose_text(open(path, encoding="utf-8").read())
            hits += [(os.path.relpath(path, html_dir), s)
                     for s in snippets(LINE_CITATION, text)]
    return hits


def snippets(pattern, text):
    """Each match of `pattern` in `text` with 40 characters either side,
    its white space folded: what a finding quotes."""
    return [" ".join(text[max(0, m.start() - 40):m.end() + 40].split())
            for m in pattern.finditer(text)]


def pages(book_dir):
    """The (X)HTML pages of a built book (HTML or an unpacked EPUB), as
    (path relative to book_dir, text); not Sphinx's index and search."""
    for dirpath, dirs, files in os.walk(book_dir):
        dirs[:] = sorted(d for d in dirs if d not in ("_static", "_sources", "_images"))
        for f in sorted(files):
            if f.endswith((".html", ".xhtml")) and \
                    f not in ("genindex.html", "genindex.xhtml", "search.html"):
                path = os.path.join(dirpath, f)
                with open(path, encoding="utf-8") as page:
                    yield os.path.relpath(path, book_dir), page.read()


ID_ATTR = re.compile(r"<[^>]*?\sid=\"([^\"]*)\"")


def duplicate_ids(book_dir):
    """[(page, id, count)] of ids that a page carries more than once:
    invalid (X)HTML (epubcheck rejects the EPUB), and a link to the id lands
    on the first element only."""
    bad = []
    for page, text in pages(book_dir):
        text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S | re.I)
        counts = {}
        for ident in ID_ATTR.findall(text):
            counts[ident] = counts.get(ident, 0) + 1
        bad += [(page, i, n) for i, n in sorted(counts.items()) if n > 1]
    return bad


def terms_without_definitions(book_dir):
    """[(page, term)] of <dl> lists that have a <dt> and no <dd>: invalid
    XHTML, which epubcheck rejects."""
    from lxml import html as lhtml
    bad = []
    for page, text in pages(book_dir):
        for dl in lhtml.fromstring(text.encode("utf-8")).iter("dl"):
            tags = [c.tag for c in dl]
            if "dt" in tags and "dd" not in tags:
                bad.append((page, " ".join(dl.text_content().split())[:60]))
    return bad


NESTED_P = re.compile(r"<p\b[^>]*>(?:(?!</p>).)*?<p\b", re.S)


def nested_paragraphs(book_dir):
    """[(page, snippet)] of a paragraph opened inside another: invalid
    (X)HTML. Breathe writes it when a Doxygen comment keeps a line break,
    as it does inside a quoted string broken across lines ("Out of
    <newline> memory"): each line becomes a paragraph of its own."""
    hits = []
    for page, text in pages(book_dir):
        text = re.sub(r"<(pre|script|style)\b.*?</\1>", " ", text, flags=re.S | re.I)
        for m in NESTED_P.finditer(text):
            after = re.sub(r"<[^>]*>?", " ", text[m.start():m.end() + 120])
            hits.append((page, " ".join(after.split())[:80]))
    return hits


def repeated_paragraphs(book_dir):
    """[(page, snippet)] of a definition (<dd>: an API entry, a glossary
    term) that says the same paragraph twice. Doxygen repeats a brief in
    the detailed description when an entity is documented both where it
    is declared and where it is defined (a variable's comment in the
    header and another in the .c file)."""
    from lxml import html as lhtml
    hits = []
    for page, text in pages(book_dir):
        for dd in lhtml.fromstring(text.encode("utf-8")).iter("dd"):
            seen = set()
            for p in dd.iterchildren("p"):
                said = " ".join(p.text_content().split())
                if said and said in seen:
                    hits.append((page, said[:80]))
                seen.add(said)
    return hits


# Shorter paragraphs ("Unused.", "The lock.") may well be true of two
# entries; a description of this length said twice is one entity shown
# under two names.
REPEATED_DESCRIPTION_MIN = 50


def repeated_descriptions(book_dir):
    """[(page, snippet)] of a paragraph of REPEATED_DESCRIPTION_MIN
    characters or more that two definitions (<dd>) of one page both give:
    a struct and the typedef that renames it, both shown in full (a
    chapter's doxygenstruct next to its doxygentypedef)."""
    from lxml import html as lhtml
    hits = []
    for page, text in pages(book_dir):
        said_by = {}
        for i, dd in enumerate(lhtml.fromstring(text.encode("utf-8")).iter("dd")):
            for p in dd.iterchildren("p"):
                said = " ".join(p.text_content().split())
                if len(said) >= REPEATED_DESCRIPTION_MIN:
                    said_by.setdefault(said, set()).add(i)
        hits += [(page, said[:80]) for said, entries in said_by.items()
                 if len(entries) > 1]
    return hits


# A paragraph that ends on an abbreviation's full stop: Doxygen's autobrief
# took "e.g. " for the end of the first sentence and cut the comment there
# ("the option, e.g." and, as a paragraph of its own, "mem=").
CUT_AT_ABBREVIATION = re.compile(r"\b(?:e\.g|i\.e|cf|vs)\.$")


def cut_sentences(book_dir):
    """[(page, snippet)] of a definition's paragraph that ends on "e.g.",
    "i.e.", "cf." or "vs.": a sentence Doxygen's autobrief cut in two."""
    from lxml import html as lhtml
    hits = []
    for page, text in pages(book_dir):
        for dd in lhtml.fromstring(text.encode("utf-8")).iter("dd"):
            for p in dd.iterchildren("p"):
                said = " ".join(p.text_content().split())
                if CUT_AT_ABBREVIATION.search(said):
                    hits.append((page, said[-80:]))
    return hits


# A character reference that reached the reader as text ("&#8212;", "&amp;"
# printed literally): escaped twice on its way from a comment to the page.
LEAKED_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);")


def leaked_entities(book_dir):
    """[(page, snippet)] of prose that shows a character reference as
    text instead of the character."""
    hits = []
    for page, text in pages(book_dir):
        hits += [(page, s) for s in snippets(LEAKED_ENTITY, prose_text(text))]
    return hits


# reStructuredText that reached the page as text: ``literal``, a role
# (:c:func:`x`, :ref:`y`), `link`_ -- prose an extension built as a plain
# string instead of parsing it.
# A section title's underline that reached the text (no blank line above
# the title) counts too.
RAW_MARKUP = re.compile(r"``[^`\s][^`]*``|:(?:c:)?[a-z]+:`[^`]+`|`[^`\s][^`]*`_"
                        r"|={4,}|~{4,}|\^{4,}|-{6,}")


def inline_prose(page):
    """prose_text() without inline code either: what a reader sees as
    running text."""
    text = re.sub(r"<(code|tt|kbd)\b.*?</\1>", " ", page, flags=re.S | re.I)
    text = re.sub(r'<span class="pre">.*?</span>', " ", text, flags=re.S)
    return prose_text(text)


def raw_markup(book_dir):
    """[(page, snippet)] of reStructuredText markup printed as text."""
    hits = []
    for page, text in pages(book_dir):
        hits += [(page, s) for s in snippets(RAW_MARKUP, inline_prose(text))]
    return hits


def prose_after_toctree(index_rst):
    """[(line number, text)] of the root document's text after its first
    toctree. The LaTeX builder puts such text at the end of the last
    chapter the toctrees include (Chapter 10's "What changed in Linux 2.6",
    the last appendix's "Try it"), where it reads as theirs."""
    with open(index_rst, encoding="utf-8") as f:
        lines = f.read().splitlines()
    hits, seen = [], False
    for n, line in enumerate(lines, 1):
        if line.startswith(".. toctree::"):
            seen = True
        elif seen and line.strip() and not line[0].isspace() and not line.startswith(".. "):
            hits.append((n, line.strip()))
    return hits


LATEX_FLOAT = re.compile(r"^LaTeX Warning: Float too large for page by ([\d.]+)pt "
                         r"on input line (\d+)", re.M)
LATEX_OVERFULL = re.compile(r"^Overfull \\hbox \(([\d.]+)pt too wide\) .*?lines? (\d+)", re.M)
# Less than this past the right margin is invisible (a tight line of prose).
OVERFULL_SLACK = 5.0


def latex_layout(log):
    """[(line of the .tex, problem)] that pdflatex's log reports and a
    reader of the PDF sees: a figure taller than the page (its caption runs
    into the footer), a line or table more than OVERFULL_SLACK points past
    the right margin (a transcript line or a table column sticking out)."""
    with open(log, encoding="latin-1") as f:
        text = f.read()
    bad = [(int(m.group(2)), f"a float is {m.group(1)} pt taller than the page")
           for m in LATEX_FLOAT.finditer(text)]
    bad += [(int(m.group(2)), f"a line is {m.group(1)} pt wider than the text")
            for m in LATEX_OVERFULL.finditer(text) if float(m.group(1)) > OVERFULL_SLACK]
    return sorted(set(bad))


KERNEL_ADDRESS = re.compile(r"\b0x[cC][0-9a-fA-F]{7}\b")
# PAGE_OFFSET, and where kernel/kernel.ld links the kernel (PAGE_OFFSET + 1 MiB)
CONSTANT_ADDRESSES = {"0xc0000000", "0xc0100000"}
TRANSCRIPT_START = re.compile(r"^(\s*)\.\. transcript::\s+debugger\b")


def transcript_scripts(text):
    """[(line number, command)] of the debugger commands in the
    transcript directives of a page's source: the indented lines after the
    directive's options (which end at the first blank line)."""
    lines = text.splitlines()
    out = []
    for i, line in enumerate(lines):
        m = TRANSCRIPT_START.match(line)
        if not m:
            continue
        indent, in_content = len(m.group(1)), False
        for j in range(i + 1, len(lines)):
            body = lines[j]
            if body.strip() and len(body) - len(body.lstrip()) <= indent:
                break
            if not body.strip():
                in_content = True
            elif in_content:
                out.append((j + 1, body.strip()))
    return out


def literal_addresses(book_dir):
    """[(file:line, command)] of transcript commands that type a literal
    kernel address other than PAGE_OFFSET."""
    hits = []
    for f in sorted(os.listdir(book_dir)):
        if not f.endswith(".rst"):
            continue
        with open(os.path.join(book_dir, f), encoding="utf-8") as fh:
            text = fh.read()
        for n, command in transcript_scripts(text):
            found = [a for a in KERNEL_ADDRESS.findall(command)
                     if a.lower() not in CONSTANT_ADDRESSES]
            if found:
                hits.append((f"{f}:{n}", command))
    return hits


def html_numbers(html_dir):
    """{(docname, id): (kind, number)} of every numbered caption of the
    HTML book: the number Sphinx wrote ("Listing 8.9") and the id of the
    figure, table or block it captions."""
    from html.parser import HTMLParser

    class Parser(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.stack, self.found, self.grab = [], {}, None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag in ("figure", "div", "table"):
                self.stack.append((tag, a.get("id")))
            if tag == "span" and "caption-number" in (a.get("class") or "").split():
                self.grab = ""

        def handle_endtag(self, tag):
            if tag in ("figure", "div", "table"):
                while self.stack:
                    if self.stack.pop()[0] == tag:
                        break
            if tag == "span" and self.grab is not None:
                ident = next((i for _, i in reversed(self.stack) if i), None)
                m = re.match(r"^\s*(\w+)\s+([\w.]+)\s*$", self.grab)
                if ident and m:
                    self.found[ident] = (m.group(1), m.group(2))
                self.grab = None

        def handle_data(self, data):
            if self.grab is not None:
                self.grab += data

    out = {}
    for f in sorted(os.listdir(html_dir)):
        if not f.endswith(".html") or f in ("genindex.html", "search.html"):
            continue
        p = Parser()
        with open(os.path.join(html_dir, f), encoding="utf-8") as fh:
            p.feed(fh.read())
        for ident, number in p.found.items():
            out[(f[:-5], ident)] = number
    return out


def aux_numbers(aux):
    """{(docname, id): number} of LaTeX's labels in a .aux file."""
    out = {}
    with open(aux, encoding="utf-8", errors="replace") as f:
        for m in re.finditer(r"\\newlabel\{([^}:]+):([^}]+)\}\{\{([^}]*)\}", f.read()):
            out[(m.group(1), m.group(2))] = m.group(3)
    return out


def number_mismatches(html_dir, aux):
    """[(docname, id, HTML "Listing 8.9", LaTeX number)] where the two
    outputs disagree, or where LaTeX has no such label."""
    latex = aux_numbers(aux)
    bad = []
    for (doc, ident), (kind, number) in sorted(html_numbers(html_dir).items()):
        if latex.get((doc, ident)) != number:
            bad.append((doc, ident, f"{kind} {number}", latex.get((doc, ident))))
    return bad


#: What must be cited: listings are left out, as most are shown where the
#: paragraph about them stands and read as part of it.
CITED_KINDS = ("Figure", "Table", "Transcript")
NUMREF_LINK = re.compile(r'<a class="reference internal" href="([^"]*)">'
                         r'<span class="std std-numref">')


# A label given to an element that has an id of its own (a `.. _name:`
# before a directive that makes a table) is written as an empty span
# before it: <span id="tab-x"></span><table id="linuxbench-0">.
ALIAS_IDS = re.compile(r'((?:<span id="[^"]+"></span>\s*)+)<\w+\b[^>]*?\sid="([^"]+)"')


def numref_targets(html_dir):
    """{(docname, id)} that a :numref: anywhere in the HTML book links to,
    by the element's own id also when the link names one of its labels."""
    links, alias = set(), {}
    for page, text in pages(html_dir):
        here = os.path.splitext(page)[0]
        for href in NUMREF_LINK.findall(text):
            path, _, ident = href.partition("#")
            links.add((os.path.splitext(path)[0] if path else here, ident))
        for spans, ident in ALIAS_IDS.findall(text):
            for label in re.findall(r'id="([^"]+)"', spans):
                alias[(here, label)] = (here, ident)
    return links | {alias[t] for t in links if t in alias}


def uncited_numbers(html_dir):
    """[(page, "Transcript 8.3", id)] of the numbered figures, tables and
    transcripts that no :numref: of the book cites, page by page."""
    cited = numref_targets(html_dir)
    found = html_numbers(html_dir)
    return [(f"{doc}.html", f"{kind} {number}", ident)
            for (doc, ident), (kind, number) in sorted(found.items())
            if kind in CITED_KINDS and (doc, ident) not in cited]


#: the smallest scale a call graph may print at (vmm_callgraph.MIN_SCALE)
CALLGRAPH_MIN_SCALE = 0.85


def callgraph_scales(latex_dir):
    """[(doc, function, width, height, placement, scale)] of every call
    graph the LaTeX build placed, from its callgraphs.json, in book order."""
    import json
    with open(os.path.join(latex_dir, "callgraphs.json")) as f:
        return [(g["doc"], g["function"], g["width"], g["height"], g["placement"],
                 g["scale"]) for g in json.load(f)]


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("check", choices=["coverage", "documented", "lines", "addresses",
                                      "ids", "terms", "paragraphs", "entities",
                                      "numbers", "callgraphs", "cited"])
    ap.add_argument("--aux", default=os.path.join(ROOT, "build", "book", "latex", "vmm386.aux"))
    ap.add_argument("--xml", default=os.path.join(ROOT, "build", "doxygen", "xml"))
    ap.add_argument("--html", default=os.path.join(ROOT, "build", "book", "html"))
    ap.add_argument("--latex", default=os.path.join(ROOT, "build", "book", "latex"))
    args = ap.parse_args()
    if args.check == "callgraphs":
        rows = callgraph_scales(args.latex)
        for doc, name, w, h, how, scale in rows:
            print(f"{doc:32s} {name:26s} {w:5.0f} x {h:4.0f} pt  {how:16s} {scale:4.0%}")
        bad = [r for r in rows if r[5] < CALLGRAPH_MIN_SCALE]
        sys.exit(1 if bad else 0)
    if args.check == "coverage":
        bad = coverage(doxyxml.Index(args.xml), os.path.join(args.html, "objects.inv"))
        for kind, name, path in bad:
            print(f"{path}: {kind} {name} is not in the book")
    elif args.check == "documented":
        bad = undocumented(doxyxml.Index(args.xml))
        for kind, name, where in bad:
            print(f"{where}: {kind} {name} has no Doxygen comment")
    elif args.check == "numbers":
        bad = number_mismatches(args.html, args.aux)
        for doc, ident, in_html, in_latex in bad:
            print(f"{doc}#{ident}: {in_html} in HTML, {in_latex or 'no number'} in the PDF")
    elif args.check == "cited":
        bad = uncited_numbers(args.html)
        for page, what, ident in bad:
            print(f"{page}#{ident}: {what} is cited nowhere (:numref:)")
    elif args.check == "addresses":
        bad = literal_addresses(os.path.join(ROOT, "book"))
        for where, command in bad:
            print(f"{where}: a transcript types a literal kernel address: {command}")
    elif args.check == "ids":
        bad = duplicate_ids(args.html)
        for page, ident, count in bad:
            print(f"{page}: id {ident!r} {count} times")
    elif args.check == "terms":
        bad = terms_without_definitions(args.html)
        for page, term in bad:
            print(f"{page}: a <dl> has no <dd>: {term}")
    elif args.check == "paragraphs":
        bad = nested_paragraphs(args.html)
        for page, snippet in bad:
            print(f"{page}: a paragraph inside a paragraph: ...{snippet}")
    elif args.check == "entities":
        bad = leaked_entities(args.html)
        for page, snippet in bad:
            print(f"{page}: a character reference shows as text: ...{snippet}...")
    else:
        bad = line_citations(args.html)
        for page, snippet in bad:
            print(f"{page}: cites a line number: ...{snippet}...")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
