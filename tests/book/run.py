#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""The book's checks, as KTAP (`make test-book`, part of `make test`).

  doxygen          Doxygen over kernel/ with warnings as errors
  sphinx_html      sphinx-build -W --keep-going -n of the whole book from a
                   fresh environment (into build/test/book); prints the
                   build time
  coverage         every entity kernel/include declares is in the book
  documented       each of them (and each header struct member and enum
                   value) has a comment
  no_line_numbers  no prose cites a source line number
  unique_ids       no page has an id twice (invalid XHTML in the EPUB:
                   Breathe's "Public Members" titles, Furo's table wrappers)
  complete_definitions  no <dl> has a term without a definition (invalid
                   XHTML: the API reference's aliases)
  no_nested_paragraphs  no paragraph inside a paragraph (a Doxygen comment
                   that keeps a line break, in a quoted string)
  no_leaked_entities  no page shows a character reference as text
                   ("&#8212;" from a "--" in a Doxygen comment)
  no_repeated_paragraphs  no definition (an API entry) says the same
                   paragraph twice (Doxygen repeats a brief that a header
                   and a .c file both give)
  no_repeated_descriptions  no two definitions of a page give the same
                   paragraph of 50 characters or more (a struct and its
                   typedef both shown in full)
  no_cut_sentences  no definition's paragraph ends on "e.g." or "i.e."
                   (Doxygen's autobrief ends the brief there)
  no_raw_markup    no page prints reStructuredText as text (``make x``,
                   :c:func:`f`): an extension's string that was not parsed
  numbered_items_cited  every numbered figure (call graphs too), table and
                   transcript is cited with :numref: from the text
  index_prose_first  book/index.rst has no text after its first toctree
                   (the PDF would print it at the end of the last chapter)
  no_literal_addresses  no debugger transcript types a literal kernel
                   address: it quotes a checkpoint line's {key} instead
  numbers          the LaTeX book (one pdflatex pass, for its .aux) numbers
                   every figure, table, listing and transcript as the HTML
                   book does; skipped without pdflatex (`make pdf` installs it)
  latex_layout     that pass's log has no figure taller than the page and no
                   line or table more than 5 pt past the right margin
  callgraph_scales every call graph prints at 85 % of body size or more in
                   the PDF (the LaTeX build fails otherwise; this says the
                   smallest, and `bookcheck.py callgraphs` lists them all)

The directives' own failures on drift (a renamed symbol, a stale
highlight, a dead transcript selection) are tested on small projects in
tests/runner/test_book_ext.py.
"""
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import book        # noqa: E402
import bookcheck   # noqa: E402
import doxyxml     # noqa: E402

OUT = os.path.join(ROOT, "build", "test", "book")
BUDGET = 45.0


def numbers(html):
    """("numbers", ok, diagnostics) -- ok None: skipped."""
    if not os.path.exists(os.path.join(html, "index.html")):
        return ("numbers", False, ["not run: no book was built"])
    if not shutil.which("pdflatex"):
        return ("numbers", None, ["pdflatex is not installed (make pdf installs it)"])
    latex = os.path.join(OUT, "latex")
    t0 = time.monotonic()
    # The HTML build's environment: the same sources, so LaTeX only writes.
    ok, msg = book.sphinx("latex", latex, os.path.join(OUT, "doctrees"), fresh=False)
    if not ok:
        return ("numbers", False, msg.splitlines()[:20] + ["the LaTeX build failed"])
    r = subprocess.run(["pdflatex", "-interaction=nonstopmode", "-draftmode", "vmm386.tex"],
                       cwd=latex, capture_output=True, text=True)
    aux = os.path.join(latex, "vmm386.aux")
    if not os.path.exists(aux):
        return ("numbers", False, r.stdout.splitlines()[-20:] + ["pdflatex wrote no .aux"])
    bad = bookcheck.number_mismatches(html, aux)
    return ("numbers", not bad,
            [f"{d}#{i}: {h} in HTML, {l or 'no number'} in the PDF" for d, i, h, l in bad][:30] +
            [f"{len(bookcheck.html_numbers(html))} numbers compared in "
             f"{time.monotonic() - t0:.1f} s"])


def latex_layout(numbered):
    """("latex_layout", ok, diagnostics) from the log of the pdflatex pass
    that numbers() ran; skipped when it was."""
    log = os.path.join(OUT, "latex", "vmm386.log")
    if numbered[1] is None:
        return ("latex_layout", None, numbered[2])
    if not os.path.exists(log):
        return ("latex_layout", False, ["not run: pdflatex wrote no log"])
    bad = bookcheck.latex_layout(log)
    return ("latex_layout", not bad,
            [f"vmm386.tex line {n}: {what}" for n, what in bad][:30])


def callgraph_scales(numbered):
    """("callgraph_scales", ok, diagnostics) from the LaTeX build that
    numbers() ran; skipped when it was."""
    if numbered[1] is None:
        return ("callgraph_scales", None, numbered[2])
    try:
        rows = bookcheck.callgraph_scales(os.path.join(OUT, "latex"))
    except (OSError, ValueError) as err:
        return ("callgraph_scales", False, [f"not run: {err}"])
    if not rows:
        return ("callgraph_scales", False, ["the LaTeX build placed no call graph"])
    low = [r for r in rows if r[5] < bookcheck.CALLGRAPH_MIN_SCALE]
    least = min(rows, key=lambda r: r[5])
    return ("callgraph_scales", not low,
            [f"{d}: {n}() is {w:.0f} x {h:.0f} pt, printed at {s:.0%}"
             for d, n, w, h, _, s in low] +
            [f"{len(rows)} call graphs, the smallest printed at {least[5]:.0%} "
             f"({least[1]}())"])


# The checks of the built HTML pages: (name, bookcheck function, how one
# of its findings reads).
HTML_CHECKS = [
    ("no_line_numbers", bookcheck.line_citations,
     lambda p, s: f"{p}: ...{s}..."),
    ("unique_ids", bookcheck.duplicate_ids,
     lambda p, i, n: f"{p}: id {i!r} {n} times"),
    ("complete_definitions", bookcheck.terms_without_definitions,
     lambda p, t: f"{p}: a <dl> has no <dd>: {t}"),
    ("no_nested_paragraphs", bookcheck.nested_paragraphs,
     lambda p, t: f"{p}: a paragraph inside a paragraph: ...{t}"),
    ("no_leaked_entities", bookcheck.leaked_entities,
     lambda p, s: f"{p}: a character reference shows as text: ...{s}..."),
    ("no_repeated_paragraphs", bookcheck.repeated_paragraphs,
     lambda p, t: f"{p}: an entry says this twice: {t}..."),
    ("no_repeated_descriptions", bookcheck.repeated_descriptions,
     lambda p, t: f"{p}: two entries say: {t}..."),
    ("no_cut_sentences", bookcheck.cut_sentences,
     lambda p, t: f"{p}: a sentence cut after an abbreviation: ...{t}"),
    ("no_raw_markup", bookcheck.raw_markup,
     lambda p, s: f"{p}: markup printed as text: ...{s}..."),
    ("numbered_items_cited", bookcheck.uncited_numbers,
     lambda p, n, i: f"{p}#{i}: {n} is cited nowhere: give it a :name: and cite "
                     "it with :numref: where the text discusses it"),
]


def main():
    results = []    # (name, ok, diagnostics)

    html = os.path.join(OUT, "html")
    shutil.rmtree(OUT, ignore_errors=True)
    t0 = time.monotonic()
    # Doxygen runs while Sphinx starts its boots (as `make book` does for
    # a build from a fresh environment); Sphinx fails when Doxygen does.
    (ok_doxygen, msg, t_doxygen), (ok, msg_sphinx) = book.doxygen_beside(
        lambda: book.sphinx("html", html, os.path.join(OUT, "doctrees")))
    total = time.monotonic() - t0
    results.append(("doxygen", ok_doxygen, msg.splitlines()[:30]))
    if ok_doxygen:
        diag = msg_sphinx.splitlines()[:40] + [
            f"book built from a fresh environment in {total:.1f} s "
            f"(doxygen {t_doxygen:.1f} s while sphinx ran; budget {BUDGET:.0f} s)"]
        results.append(("sphinx_html", ok, diag))
    else:
        results.append(("sphinx_html", False, ["not run: doxygen failed"]))

    inv = os.path.join(html, "objects.inv")
    if os.path.exists(inv):
        index = doxyxml.Index(os.path.join(ROOT, "build", "doxygen", "xml"))
        missing = bookcheck.coverage(index, inv)
        results.append(("coverage", not missing,
                        [f"{p}: {k} {n} is not in the book" for k, n, p in missing][:30]))
        bad = bookcheck.undocumented(index)
        results.append(("documented", not bad,
                        [f"{w}: {k} {n} has no Doxygen comment" for k, n, w in bad][:30]))
    else:
        results += [(name, False, ["not run: no book was built"])
                    for name in ("coverage", "documented")]
    for name, check, say in HTML_CHECKS:
        if not os.path.exists(inv):
            results.append((name, False, ["not run: no book was built"]))
            continue
        found = check(html)
        results.append((name, not found, [say(*f) for f in found][:30]))

    results.append(numbers(html))
    results.append(latex_layout(results[-1]))
    results.append(callgraph_scales(results[-2]))

    after = bookcheck.prose_after_toctree(os.path.join(ROOT, "book", "index.rst"))
    results.append(("index_prose_first", not after,
                    [f"index.rst:{n}: after the toctree, so the PDF prints it at the end "
                     f"of the last chapter: {t}" for n, t in after][:30]))

    bad = bookcheck.literal_addresses(os.path.join(ROOT, "book"))
    results.append(("no_literal_addresses", not bad,
                    [f"{w}: a transcript types a literal kernel address ({c}); "
                     "quote it from a checkpoint line with {{key}}" for w, c in bad][:30]))

    print("KTAP version 1")
    print("1..1")
    print("    KTAP version 1")
    print("    # Subtest: book")
    print(f"    1..{len(results)}")
    for i, (name, ok, diag) in enumerate(results, 1):
        for line in diag:
            print(f"    # {line}")
        skip = " # SKIP " + diag[0] if ok is None else ""
        print(f"    {'not ok' if ok is False else 'ok'} {i} {name}{skip}")
    failed = any(ok is False for _, ok, _ in results)
    print(f"{'not ok' if failed else 'ok'} 1 book")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
