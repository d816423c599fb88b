# SPDX-License-Identifier: GPL-2.0-only
"""Sphinx configuration of the vmm386 book (`make book`; see docs/BOOK.md).

Every listing, call graph, transcript and data figure comes from the code
through the project's extensions in _ext/; Breathe renders Doxygen's XML
(build/doxygen/xml, written by `doxygen docs/Doxyfile`).
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(HERE, "_ext"))
import vmm_numbering  # noqa: E402

project = "vmm386"
author = "the vmm386 authors"
copyright = "the vmm386 authors. Prose CC-BY-SA-4.0, code GPL-2.0-only"
version = release = "0.1"
language = "en"

extensions = [
    "sphinx.ext.graphviz",
    "vmm_doxy",          # Breathe, made fast; .. apireference::
    "vmm_listing",       # .. listing:: SYMBOL
    "vmm_callgraph",     # .. callgraph:: FUNCTION
    "vmm_transcript",    # .. transcript:: boot|debugger
    "vmm_figures",       # .. addressspace::, .. benchplot::, .. linuxbench::
    "vmm_slabfig",       # .. slablayout:: (slabs read from a running kernel)
    "vmm_procfig",       # .. processfig:: (a process read from a running kernel)
    "vmm_highmem",       # .. pkmapfigure:: (pkmap_count read from a run)
    "vmm_status",        # .. pending:: (what the code does not do yet)
    "vmm_doctrees",      # pages stay in memory between reading and writing
    "vmm_numbering",     # lettered appendices, one numbering in every format
    "vmm_ids",           # every id once per page (Breathe, Furo repeat some)
    "vmm_cindex",        # the C domain finds names by index, not by walking
    "vmm_incremental",   # cached builds read again only what changed
]

root_doc = "index"
exclude_patterns = ["_build",
                    # included by ch05-process-address-space.rst
                    "ch05-user-mode.rst", "ch05-process-life.rst"]
templates_path = []

# ---- where the data comes from ------------------------------------------------
vmm_source_root = ROOT
vmm_build_dir = os.path.join(ROOT, "build")
vmm_doxygen_xml = os.path.join(ROOT, "build", "doxygen", "xml")
breathe_projects = {"vmm386": vmm_doxygen_xml}
breathe_default_project = "vmm386"
breathe_domain_by_extension = {"h": "c", "c": "c"}
breathe_show_include = False

# ---- strictness: every reference must resolve (-n), every figure numbered -----------
nitpicky = True
numfig = True
numfig_secnum_depth = 1
numfig_format = {"figure": "Figure %s", "code-block": "Listing %s", "table": "Table %s"}
highlight_language = "c"
suppress_warnings = ["epub.unknown_project_files"]

# ---- HTML ---------------------------------------------------------------------------
html_theme = "furo"
html_title = "vmm386"
html_short_title = "vmm386"
html_static_path = ["_static"]
html_css_files = ["vmm.css"]
html_copy_source = False
html_show_sourcelink = False
html_theme_options = {"navigation_with_keys": True}
graphviz_output_format = "svg"
pygments_style = "default"

# ---- EPUB: PNG call graphs (the EPUB builder cannot use SVG image maps) --------------
epub_basename = "vmm386"
epub_show_urls = "no"


def _epub_png(app):
    if app.builder.name == "epub":
        app.config.graphviz_output_format = "png"
        # sphinx.ext.graphviz copies its graphviz.css at build-finished,
        # after the EPUB's manifest is written and the archive zipped: the
        # pages would link a file the EPUB lacks (epubcheck RSC-007). As a
        # static directory it is copied with the others, in time.
        import sphinx
        css = os.path.join(sphinx.package_dir, "templates", "graphviz")
        if os.path.isdir(css):
            app.config.html_static_path = list(app.config.html_static_path) + [css]


def setup(app):
    app.connect("builder-inited", _epub_png)


# ---- LaTeX / PDF ------------------------------------------------------------------------
latex_engine = "pdflatex"
latex_documents = [("index", "vmm386.tex", "vmm386: the Linux 2.4 VM, re-implemented for reading",
                    author, "manual")]
latex_elements = {
    "papersize": "a4paper",
    "pointsize": "10pt",
    "fontpkg": r"\usepackage{tgtermes}\usepackage{tgheros}",
    "sphinxsetup": "verbatimwithframe=false, VerbatimColor={rgb}{0.96,0.97,0.98}",
    "preamble": r"\setcounter{tocdepth}{1}" + vmm_numbering.LATEX_PREAMBLE + r"""
\DeclareUnicodeCharacter{21AA}{\ensuremath{\hookrightarrow}}
% A figure's image leaves room on the page for its caption (Sphinx lets an
% image take the whole text height, and the caption then runs into the
% footer: "Float too large for page").
\makeatletter\AtBeginDocument{\spx@image@maxheight=0.8\textheight}\makeatother
% A listing's or transcript's caption that takes two lines is set ragged
% right: justified, a file path that cannot break left gaps of a
% centimetre between the words ("Listing   9.13:   kmem_take_free_slab()").
% \raggedright goes inside the caption text: \caption resets the margins
% (\@parboxrestore) before it sets the text, and the line breaking of the
% caption's paragraph uses the \rightskip in force at its end.
\makeatletter
\renewcommand*\sphinxSetupCaptionForVerbatim[1]{%
  \sphinxvspacefixafterfrenchlists
  \needspace{\sphinxliteralblockneedspace}%
  \def\sphinxVerbatimTitle
     {\py@NormalColor\sphinxcaption{\protect\raggedright\sphinxLiteralBlockLabel #1}}}
\makeatother
\makeatletter
% Appendix A is set in two columns (appendix-api.rst), which calls this.
% Sphinx sets a function's arguments in a box beside its return type and
% name, as wide as the line leaves: in a column, a long name left it no
% width and the signature ran into the next column. Here the signature is
% one ragged paragraph, its continuation lines indented.
\newcommand{\vmmnarrowsignatures}{%
  \renewcommand{\pysiglinewithargsret}[3]{%
    \py@argswidth=\dimexpr\linewidth+\labelwidth\relax
    \item[{\parbox[t]{\py@argswidth}{\raggedright\hangindent=2em\hangafter=1
      ##1\sphinxcode{(}##2\sphinxcode{)}##3\strut}}]%
    \pysigadjustitemsep}}
\makeatother
""",
}
latex_show_urls = "no"
