# SPDX-License-Identifier: GPL-2.0-only
"""One numbering in every format: appendices are lettered, and listings,
transcripts and figures carry the same numbers in HTML, EPUB and PDF.

* Appendices. The chapters' toctree is numbered; the appendices' is not,
  and each appendix says its letter in its title ("Appendix A: API
  reference"). In HTML and EPUB the figures, listings and transcripts of
  an appendix are numbered "D.1", "D.2" ... after that letter (Sphinx
  would number them 1, 2 ...). In LaTeX an `\\appendix` goes before the
  first appendix, whose chapters LaTeX then letters itself; the "Appendix
  A: " of the title is dropped there, since LaTeX prints it above. The
  letters must follow the appendices' order in the toctree, or the build
  fails: then LaTeX's letters would not be the titles' letters.
* Transcripts have a LaTeX counter of their own (vmm_transcript switches
  to it), and listings count by the chapter's letter in an appendix: see
  LATEX_PREAMBLE, which conf.py adds to the preamble.
* The EPUB's table of contents (nav.xhtml, toc.ncx) titles a chapter and
  its sections with their numbers, "5.4. Memory regions", as the HTML
  sidebar does; Sphinx's EPUB builder drops them, so a reader of the EPUB
  saw an unnumbered contents list next to numbered headings.

tests/book compares the numbers of the HTML and the LaTeX outputs.
"""
import copy
import re

from docutils import nodes
from sphinx import addnodes
from sphinx.util import logging

logger = logging.getLogger(__name__)
APPENDIX_RE = re.compile(r"^Appendix ([A-Z]): ")

#: LaTeX for conf.py's preamble: a transcript counter per chapter, and
#: listing numbers that use the chapter's letter in an appendix (Sphinx's
#: own definition writes the chapter as a number).
LATEX_PREAMBLE = r"""
\makeatletter
\newcounter{vmmtranscript}[chapter]
\renewcommand*{\thevmmtranscript}{\thechapter.\arabic{vmmtranscript}}
\providecommand*{\theHvmmtranscript}{\thechapter.\arabic{vmmtranscript}}
\newcommand*{\vmmtranscriptcounter}{%
  \let\c@literalblock\c@vmmtranscript
  \let\theliteralblock\thevmmtranscript
  \let\theHliteralblock\theHvmmtranscript
  \def\literalblockname{Transcript}}
\AtBeginDocument{%
  \def\theliteralblock{\ifnum\c@chapter>\z@\thechapter.\fi\arabic{literalblock}}}
\makeatother
"""


def appendix_letters(env):
    """{docname: letter} of the documents whose title starts with
    "Appendix X: "."""
    out = {}
    for docname, title in env.titles.items():
        m = APPENDIX_RE.match(title.astext())
        if m:
            out[docname] = m.group(1)
    return out


def _toctree_order(env):
    """Every document in the order the root toctree lists it."""
    order = []

    def visit(doc):
        for child in env.toctree_includes.get(doc, []):
            if child not in order:
                order.append(child)
                visit(child)
    visit(env.config.root_doc)
    return order


def letter_appendices(app, env):
    """Number the figures, listings and transcripts of an appendix after
    its letter (("D", 1) is shown "D.1"); fail when the letters do not run
    A, B, C ... in toctree order."""
    letters = appendix_letters(env)
    order = [d for d in _toctree_order(env) if d in letters]
    want = [chr(ord("A") + i) for i in range(len(order))]
    got = [letters[d] for d in order]
    if got != want:
        logger.warning(f"appendix letters in toctree order are {', '.join(got)}, not "
                       f"{', '.join(want)}: LaTeX letters them by position",
                       type="vmm", subtype="numbering")
    # Appendices sit in an unnumbered toctree, so Sphinx counts each kind
    # of caption across all of them; count again from 1 in each appendix.
    # Sphinx's own numbers are kept for unletter_appendices().
    env.vmm_unlettered = {d: copy.deepcopy(env.toc_fignumbers[d])
                          for d in letters if d in env.toc_fignumbers}
    for docname, letter in letters.items():
        for figtype, ids in env.toc_fignumbers.get(docname, {}).items():
            in_order = sorted(ids.items(), key=lambda item: item[1])
            for n, (ident, _) in enumerate(in_order, 1):
                ids[ident] = (letter, n)
    return []


def unletter_appendices(app, env):
    """Before Sphinx numbers the figures again (every build, reading or
    not) and writes again the pages whose numbers differ from the last
    build's, put back the numbers it gave the appendices: the letters
    would always differ, and a cached build would write every appendix
    again for nothing."""
    for docname, numbers in getattr(env, "vmm_unlettered", {}).items():
        if docname in env.toc_fignumbers:
            env.toc_fignumbers[docname] = copy.deepcopy(numbers)
    return []


def latex_appendix(app, doctree, docname):
    """LaTeX only: an \\appendix before the first appendix of the assembled
    book (figures and tables numbered by its letter from there on), and no
    "Appendix A: " in the appendices' chapter titles."""
    if app.builder.name != "latex":
        return
    letters = appendix_letters(app.env)
    first = True
    for part in list(doctree.findall(addnodes.start_of_file)):
        if part.get("docname") not in letters:
            continue
        if first:
            # Sphinx numbers figures and tables \arabic{chapter}.N even in
            # an appendix; letter them as the HTML does (E.1, not 5.1).
            part.parent.insert(part.parent.index(part), nodes.raw(
                "", "\\appendix\n"
                "\\renewcommand{\\thefigure}{\\thechapter.\\arabic{figure}}\n"
                "\\renewcommand{\\thetable}{\\thechapter.\\arabic{table}}\n",
                format="latex"))
            first = False
        for title in part.findall(nodes.title):
            text = title.astext()
            title.children = [nodes.Text(APPENDIX_RE.sub("", text))]
            break


def number_epub_contents(app):
    """Wrap the EPUB builder's get_refnodes(), which collects the table of
    contents, so that each entry of a numbered toctree starts with its
    section number."""
    builder = app.builder
    if not hasattr(builder, "get_refnodes"):
        return
    collect = builder.get_refnodes

    def get_refnodes(doctree, result):
        before = len(result)
        # collect() recurses through builder.get_refnodes, this function.
        result = collect(doctree, result)
        number = doctree.get("secnumber") if isinstance(doctree, nodes.reference) else None
        if number and len(result) == before + 1:
            result[-1]["text"] = ".".join(map(str, number)) + ". " + result[-1]["text"]
        return result

    builder.get_refnodes = get_refnodes


def setup(app):
    # after Sphinx's TocTreeCollector has numbered the figures (priority 500)
    app.connect("env-get-updated", unletter_appendices, priority=100)
    app.connect("env-get-updated", letter_appendices, priority=900)
    app.connect("doctree-resolved", latex_appendix)
    app.connect("builder-inited", number_epub_contents)
    return {"version": "1", "parallel_read_safe": True}
