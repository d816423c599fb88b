# SPDX-License-Identifier: GPL-2.0-only
"""tools/bookcheck.py: coverage of the headers, their documentation, and
line numbers in prose."""
import os
import shutil
import tempfile
import unittest

import bookcheck
import doxyxml
from booktree import HEADER, Tree


class CoverageTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tree = Tree()
        cls.tree.doxygen()
        cls.ix = doxyxml.Index(cls.tree.xml)

    @classmethod
    def tearDownClass(cls):
        cls.tree.close()

    def inventory(self, rst):
        warnings, _ = self.tree.sphinx(rst, extensions=("vmm_doxy",))
        self.assertEqual(warnings, "")
        return os.path.join(self.tree.root, "build", "html", "objects.inv")

    def test_api_reference_covers_everything(self):
        inv = self.inventory(".. apireference::\n")
        self.assertEqual(bookcheck.coverage(self.ix, inv), [])

    def test_chapter_declarations_move_out_of_the_reference(self):
        # A chapter declares foo: the reference aliases it, with no
        # "Duplicate C declaration", and everything is still covered.
        warnings, _ = self.tree.sphinx(
            ".. toctree::\n\n   ch\n   api\n", extensions=("vmm_doxy",),
            pages={"ch": "Ch\n==\n\n.. doxygenfunction:: foo\n",
                   "api": "API\n===\n\n.. apireference::\n"})
        self.assertEqual(warnings, "")
        out = os.path.join(self.tree.root, "build", "html")
        api = open(os.path.join(out, "api.html")).read()
        self.assertIn("Explained in", api)
        self.assertIn('href="ch.html#c.foo"', api)
        self.assertEqual(bookcheck.coverage(self.ix, os.path.join(out, "objects.inv")), [])

    def test_missing_entities_are_reported(self):
        inv = self.inventory(".. doxygenfunction:: foo\n\n.. doxygenstruct:: thing\n")
        missing = sorted(n for _, n, _ in bookcheck.coverage(self.ix, inv))
        self.assertEqual(missing, ["SQUARE", "bar"])


class DocumentedTest(unittest.TestCase):
    def test_undocumented_declaration_and_member(self):
        tree = Tree(header=HEADER.replace("/** Calls foo(). */\n", "")
                    .replace("int b;\t\t/**< the b */", "int b;"))
        try:
            tree.doxygen()
            bad = bookcheck.undocumented(doxyxml.Index(tree.xml))
            self.assertEqual(sorted(n for _, n, _ in bad), ["bar", "thing.b"])
        finally:
            tree.close()

    def test_enum_value_without_comment(self):
        tree = Tree(header=HEADER.replace(
            "#endif", "/** What a path names. */\nenum kind {\n\tKIND_NONE,\n"
                      "\tKIND_FILE,\t/**< a file */\n};\n\n#endif"))
        try:
            tree.doxygen()
            bad = bookcheck.undocumented(doxyxml.Index(tree.xml))
            self.assertEqual([(k, n) for k, n, _ in bad], [("enumerator", "kind.KIND_NONE")])
        finally:
            tree.close()

    def test_documented_tree_passes(self):
        tree = Tree()
        try:
            tree.doxygen()
            self.assertEqual(bookcheck.undocumented(doxyxml.Index(tree.xml)), [])
        finally:
            tree.close()


class PagesTest(unittest.TestCase):
    """A scratch directory (of built pages, written by page(name, body))."""

    def setUp(self):
        self.dir = tempfile.mkdtemp()

    def tearDown(self):
        shutil.rmtree(self.dir)

    def page(self, name, body):
        open(os.path.join(self.dir, name), "w").write(f"<html><body>{body}</body></html>")


class LineNumberTest(PagesTest):

    def test_prose_citations_are_found_code_is_not(self):
        self.page("a.html", "<p>As line 42 of fault.c shows</p>"
                            "<pre>kernel BUG at kernel/sched/spinlock.c:27!</pre>")
        self.page("b.html", "<p>see <code>kernel/mm/fault.c:61</code></p>")
        self.page("c.html", "<p>The command line has three words; 12 lines follow.</p>"
                            "<div class='highlight'><pre>53 static void</pre></div>")
        hits = bookcheck.line_citations(self.dir)
        self.assertEqual(sorted(p for p, _ in hits), ["a.html", "b.html"])


class LiteralAddressTest(PagesTest):
    def test_literal_kernel_address_in_a_script_is_found(self):
        with open(os.path.join(self.dir, "ch.rst"), "w") as f:
            f.write("Text 0xc1fef000 in prose is fine.\n\n"
                    ".. transcript:: debugger\n"
                    "   :cmdline: test=boot panic=-1\n"
                    "   :expect: linear page 0x0+c1fef000 maps\n"
                    "            0xc1fef000\n\n"
                    "   @checkpoint paging\n"
                    "   page 0xc0000000\n"
                    "   page {high_memory} - 0x1000\n"
                    "   page 0xc1fef000\n\n"
                    "After it, 0xc1234000 is prose again.\n\n"
                    ".. transcript:: boot\n"
                    "   :grep: 0xc1fef000\n")
        self.assertEqual(bookcheck.literal_addresses(self.dir),
                         [("ch.rst:11", "page 0xc1fef000")])

    def test_the_book_has_none(self):
        book = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
            os.path.abspath(__file__)))), "book")
        self.assertEqual(bookcheck.literal_addresses(book), [])


class RenderedPageTest(PagesTest):
    """What a build can show wrong on its pages: an id twice, a character
    reference printed as text, a float or line past the PDF's page."""

    def test_an_id_twice_on_a_page_is_found(self):
        self.page("a.xhtml", '<p class="rubric" id="breathe-section-title-public-members">P</p>'
                             '<p class="rubric" id="breathe-section-title-public-members">P</p>')
        self.page("b.html", '<div id="tab-x"><table id="tab-y"></table></div>'
                            '<script>var s = \'<a id="tab-x">\';</script>')
        self.page("c.html", '<p id="x">one page</p>')
        self.page("d.html", '<p id="x">another page, same id: fine</p>')
        self.assertEqual(bookcheck.duplicate_ids(self.dir),
                         [("a.xhtml", "breathe-section-title-public-members", 2)])

    def test_a_term_without_definition_is_found(self):
        self.page("a.xhtml", "<dl><dt>struct buffer_head</dt></dl>")
        self.page("b.html", "<dl><dt>kmap</dt><dd></dd></dl>")
        self.assertEqual(bookcheck.terms_without_definitions(self.dir),
                         [("a.xhtml", "struct buffer_head")])

    def test_a_paragraph_inside_a_paragraph_is_found(self):
        self.page("a.html", "<p><p>failure panics (\u201cOut of</p><p>memory\u201d)</p></p>")
        self.page("b.html", "<p>one</p>\n<p>two</p><pre><p><p></pre>")
        self.assertEqual([p for p, _ in bookcheck.nested_paragraphs(self.dir)], ["a.html"])

    def test_a_character_reference_shown_as_text_is_found(self):
        self.page("a.html", "<p>asked for &amp;#8212; the one place</p>")
        self.page("b.html", "<p>a real dash &#8212; and &amp; alone; <pre>&amp;lt;</pre></p>")
        self.assertEqual([p for p, _ in bookcheck.leaked_entities(self.dir)], ["a.html"])

    def test_a_paragraph_said_twice_in_an_entry_is_found(self):
        brief = "<p>Pages an address space may lock.</p>"
        self.page("a.html", f"<dl><dt>mlock_limit_pages</dt><dd>{brief}<p>~0UL: none.</p>"
                            f"{brief}</dd></dl>")
        self.page("b.html", f"<dl><dt>x</dt><dd>{brief}</dd><dt>y</dt><dd>{brief}</dd></dl>")
        self.assertEqual([p for p, _ in bookcheck.repeated_paragraphs(self.dir)], ["a.html"])

    def test_a_description_two_entries_give_is_found(self):
        long = "<p>slab_t - the management structure of one slab: where its objects start.</p>"
        self.page("a.html", f"<dl><dt>struct slab_s</dt><dd>{long}</dd>"
                            f"<dt>typedef struct slab_s slab_t</dt><dd>{long}</dd></dl>")
        self.page("b.html", "<dl><dt>x</dt><dd><p>Unused.</p></dd>"
                            "<dt>y</dt><dd><p>Unused.</p></dd></dl>")
        self.page("c.html", f"<dl><dt>struct slab_s</dt><dd>{long}</dd></dl>")
        self.page("d.html", f"<dl><dt>slab_t</dt><dd>{long}</dd></dl>")
        self.assertEqual([p for p, _ in bookcheck.repeated_descriptions(self.dir)],
                         ["a.html"])

    def test_a_sentence_cut_at_an_abbreviation_is_found(self):
        self.page("a.html", "<dl><dt>str</dt><dd><p>the option, e.g.</p><p>mem=</p></dd></dl>")
        self.page("b.html", "<dl><dt>str</dt><dd><p>the option, e.g. mem=.</p></dd></dl>"
                            "<p>prose may end on i.e.</p>")
        self.assertEqual([p for p, _ in bookcheck.cut_sentences(self.dir)], ["a.html"])

    def test_markup_printed_as_text_is_found(self):
        self.page("a.html", "<p>an earlier build; ``make bench-linux`` measures them</p>")
        self.page("b.html", "<p>see :c:func:`kmap` and `Linux`_</p>")
        self.page("d.html", "<p>a test.\nRestarting a call\n=================</p>")
        self.page("c.html", '<p>run <code class="docutils literal"><span class="pre">'
                            '``x``</span></code> and</p><pre>:c:func:`f`</pre>'
                            "<p>a `single quote' is prose</p>")
        self.assertEqual([p for p, _ in bookcheck.raw_markup(self.dir)],
                         ["a.html", "b.html", "b.html", "d.html"])

    def test_a_numbered_item_cited_nowhere_is_found(self):
        def numbered(ident, kind, number):
            return (f'<div class="literal-block-wrapper" id="{ident}">'
                    f'<div class="code-block-caption"><span class="caption-number">'
                    f'{kind} {number} </span><span class="caption-text">x</span>'
                    f'</div><pre>...</pre></div>')

        def numref(href, text):
            return (f'<a class="reference internal" href="{href}">'
                    f'<span class="std std-numref">{text}</span></a>')
        self.page("ch08.html",
                  numbered("tr-fault", "Transcript", "8.3") + numbered("id2", "Transcript", "8.4")
                  + f'<figure class="align-default" id="callgraph-0"><img src="g.png"/>'
                  f'<figcaption><p><span class="caption-number">Figure 8.2 </span>'
                  f'<span class="caption-text">Call Graph</span></p></figcaption></figure>'
                  + numbered("listing-0", "Listing", "8.1")
                  + "<p>As " + numref("#tr-fault", "Transcript 8.3") + " shows; "
                  + '<a class="reference internal" href="#id2"><span class="std std-ref">'
                  'a :ref: is not a number</span></a></p>')
        self.page("ch09.html", "<p>Compare " + numref("ch08.html#callgraph-0", "Figure 8.2")
                  + " and " + numref("ch10.html#tab-linux", "Table 10.1") + "</p>"
                  + numbered("id1", "Figure", "9.1"))
        # A label before a directive whose table has an id of its own.
        self.page("ch10.html", '<span id="tab-linux"></span><table id="linuxbench-0">'
                  '<caption><span class="caption-number">Table 10.1 </span></caption>'
                  '</table><span id="unused"></span><table id="linuxbench-1"><caption>'
                  '<span class="caption-number">Table 10.2 </span></caption></table>')
        self.assertEqual(bookcheck.uncited_numbers(self.dir),
                         [("ch08.html", "Transcript 8.4", "id2"),
                          ("ch09.html", "Figure 9.1", "id1"),
                          ("ch10.html", "Table 10.2", "linuxbench-1")])

    def test_text_after_the_root_toctree_is_found(self):
        index = os.path.join(self.dir, "index.rst")
        with open(index, "w") as f:
            f.write("Book\n====\n\nIntro.\n\n.. toctree::\n   :numbered:\n\n   ch01\n\n"
                    ".. toctree::\n   :caption: Appendices\n\n   app\n\n"
                    "Licensed CC-BY-SA.\n")
        self.assertEqual(bookcheck.prose_after_toctree(index), [(16, "Licensed CC-BY-SA.")])
        with open(index, "w") as f:
            f.write("Book\n====\n\nIntro.\n\n.. toctree::\n\n   ch01\n")
        self.assertEqual(bookcheck.prose_after_toctree(index), [])

    def test_latex_log_floats_and_wide_lines(self):
        log = os.path.join(self.dir, "vmm386.log")
        with open(log, "w") as f:
            f.write("LaTeX Warning: Float too large for page by 48.18pt on input line 7747.\n"
                    "Overfull \\hbox (24.66547pt too wide) in paragraph at lines 10683--10683\n"
                    "Overfull \\hbox (1.2pt too wide) in paragraph at lines 20--21\n"
                    "Overfull \\vbox (2.48254pt too high) detected at line 346\n")
        self.assertEqual(bookcheck.latex_layout(log), [
            (7747, "a float is 48.18 pt taller than the page"),
            (10683, "a line is 24.66547 pt wider than the text")])

    def test_call_graph_scales_are_read_in_book_order(self):
        import json
        import sys
        sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                        "..", "..", "book", "_ext"))
        import vmm_callgraph
        with open(os.path.join(self.dir, "callgraphs.json"), "w") as f:
            json.dump([{"doc": "ch05", "function": "do_mmap_pgoff", "width": 652.0,
                        "height": 441.0, "placement": "angle=90", "scale": 0.982},
                       {"doc": "ch08", "function": "vmlist_vunmap", "width": 571.0,
                        "height": 545.0, "placement": "width=\\linewidth", "scale": 0.788}],
                      f)
        rows = bookcheck.callgraph_scales(self.dir)
        self.assertEqual([(r[1], r[5]) for r in rows],
                         [("do_mmap_pgoff", 0.982), ("vmlist_vunmap", 0.788)])
        self.assertEqual([r[1] for r in rows if r[5] < bookcheck.CALLGRAPH_MIN_SCALE],
                         ["vmlist_vunmap"])
        self.assertEqual(bookcheck.CALLGRAPH_MIN_SCALE, vmm_callgraph.MIN_SCALE)


if __name__ == "__main__":
    unittest.main()
