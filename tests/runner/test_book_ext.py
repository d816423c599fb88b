# SPDX-License-Identifier: GPL-2.0-only
"""The book's directives (book/_ext) on a tiny kernel tree: they show the
current source, and the build fails when the book and the code drift
apart (a renamed symbol, a stale highlight, a dead selection)."""
import hashlib
import json
import os
import pickle
import re
import shutil
import unittest

import transcript
from booktree import ROOT, Tree


def book_ext(name):
    """The book's extension module `name` (book/_ext), imported here."""
    import importlib
    import sys
    path = os.path.join(ROOT, "book", "_ext")
    if path not in sys.path:
        sys.path.insert(0, path)
    return importlib.import_module(name)

LISTING = """
.. listing:: foo
   :highlight: helper\\(
"""


def highlighted(html):
    return re.findall(r'<span class="hll">(.*?)</span>\s*(?=<span class="hll">|\n|$)', html)


class ListingTest(unittest.TestCase):
    def setUp(self):
        self.tree = Tree()
        self.tree.doxygen()

    def tearDown(self):
        self.tree.close()

    def test_listing_shows_current_source_and_line_numbers(self):
        warnings, html = self.tree.sphinx(LISTING)
        self.assertEqual(warnings, "")
        self.assertIn("kernel/thing.c", html)
        # Pygments numbers the lines from the function's real first line.
        self.assertRegex(html, r'<span class="linenos">\s*9</span>')
        hll = re.search(r'<span class="hll">(.*?)\n', html).group(1)
        self.assertIn("helper", hll)

    def test_renamed_symbol_fails_the_build(self):
        self.tree.edit("kernel/thing.c", "int foo(int v)\n{", "int foo2(int v)\n{")
        self.tree.edit("kernel/include/thing.h", "int foo(int v);", "int foo2(int v);")
        self.tree.edit("kernel/thing.c", "return foo(v)", "return foo2(v)")
        self.tree.doxygen()
        warnings, html = self.tree.sphinx(LISTING)
        self.assertIn("listing foo: no 'foo' in the Doxygen XML", warnings)

    def test_stale_highlight_fails_the_build(self):
        self.tree.edit("kernel/thing.c", "int r = helper(v);", "int r = v * v;")
        self.tree.doxygen()
        warnings, _ = self.tree.sphinx(LISTING)
        self.assertIn("highlight pattern 'helper\\\\(' matches no line", warnings)

    def test_edited_source_shows_up_without_touching_the_book(self):
        self.tree.edit("kernel/thing.c", "\treturn r + 1;", "\tr += 41;\n\treturn r + 1;")
        self.tree.doxygen()
        warnings, html = self.tree.sphinx(LISTING)
        self.assertEqual(warnings, "")
        self.assertIn("41", html)

    def test_macro_listing_and_ambiguity(self):
        warnings, html = self.tree.sphinx(".. listing:: SQUARE\n\n.. listing:: nothing\n")
        self.assertIn("listing nothing:", warnings)
        self.assertNotIn("listing SQUARE", warnings)
        self.assertIn("SQUARE", html)


class DeclarationTest(unittest.TestCase):
    """Breathe's entries, as vmm_doxy shows them."""

    def test_brief_of_header_and_source_shown_once(self):
        from booktree import SOURCE
        tree = Tree(source=SOURCE.replace("int foo(int v)\n{",
                                          "/**\n * Compute foo. Computed with\n"
                                          " * a helper, for the tests.\n */\nint foo(int v)\n{"))
        try:
            tree.doxygen()
            warnings, html = tree.sphinx(".. doxygenfunction:: foo\n",
                                         extensions=("vmm_doxy",))
        finally:
            tree.close()
        self.assertEqual(warnings, "")
        text = re.sub(r"<[^>]+>", "", html)
        self.assertIn("Computed with a helper", text)
        self.assertEqual(text.count("The answer, plus one."), 1, text)


class FunctionResolutionTest(unittest.TestCase):
    """Breathe renders every candidate's declaration to match it against
    the arguments a doxygenfunction gives; vmm_doxy skips that when there
    are none to match and one candidate."""

    def test_one_candidate_without_arguments_is_not_rendered_twice(self):
        from breathe.directives.function import DoxygenFunctionDirective
        book_ext("vmm_doxy")
        tree = Tree()
        rendered = []
        real = DoxygenFunctionDirective._create_function_signature

        def counting(self, *args, **kwargs):
            rendered.append(1)
            return real(self, *args, **kwargs)
        DoxygenFunctionDirective._create_function_signature = counting
        try:
            tree.doxygen()
            warnings, html = tree.sphinx(".. doxygenfunction:: foo\n",
                                         extensions=("vmm_doxy",))
            self.assertEqual(warnings, "")
            self.assertIn("The answer, plus one.", html)
            self.assertEqual(rendered, [])
            warnings, html = tree.sphinx(".. doxygenfunction:: foo(int v)\n",
                                         extensions=("vmm_doxy",))
            self.assertEqual(warnings, "")
            self.assertIn("The answer, plus one.", html)
            self.assertEqual(rendered, [1])     # arguments to match: Breathe's way
        finally:
            DoxygenFunctionDirective._create_function_signature = real
            tree.close()


class CallGraphTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tree = Tree()
        cls.tree.doxygen()

    @classmethod
    def tearDownClass(cls):
        cls.tree.close()

    def test_graph_is_derived_from_the_code(self):
        warnings, html = self.tree.sphinx(".. callgraph:: bar\n   :depth: 2\n")
        self.assertEqual(warnings, "")
        self.assertIn("Call Graph: ", html)
        svg = [f for f in os.listdir(os.path.join(self.tree.root, "build", "html", "_images"))
               if f.endswith(".svg")]
        text = open(os.path.join(self.tree.root, "build", "html", "_images", svg[0])).read()
        for name in ("bar()", "foo()", "helper()"):
            self.assertIn(name, text)

    def test_svgs_are_drawn_before_the_pages_are_written(self):
        import sphinx.ext.graphviz as gv
        import types
        vmm_callgraph = book_ext("vmm_callgraph")
        runs, real, draw = [], gv.subprocess, vmm_callgraph.draw_svgs
        gv.subprocess = types.SimpleNamespace(
            run=lambda *a, **k: runs.append(a) or real.run(*a, **k))
        drawn = {}
        vmm_callgraph.draw_svgs = lambda dot, todo: drawn.update(todo) or draw(dot, todo)
        images = os.path.join(self.tree.root, "build", "html", "_images")
        shutil.rmtree(images, ignore_errors=True)   # drawn by other tests
        try:
            warnings, html = self.tree.sphinx(".. callgraph:: bar\n   :depth: 2\n\n"
                                              ".. callgraph:: foo\n")
        finally:
            gv.subprocess, vmm_callgraph.draw_svgs = real, draw
        self.assertEqual(warnings, "")
        self.assertEqual(runs, [])      # render_dot found every SVG drawn
        svgs = sorted(f for f in os.listdir(images) if f.endswith(".svg"))
        self.assertEqual(sorted(os.path.basename(p) for p in drawn), svgs)
        self.assertEqual(len(svgs), 2)
        for svg in svgs:
            self.assertIn(f'<object data="_images/{svg}"', html)
            # what render_dot() would have drawn
            code = drawn[os.path.join(images, svg)]
            alone = real.run(["dot", "-Tsvg"], input=code.encode(), capture_output=True)
            with open(os.path.join(images, svg), "rb") as f:
                self.assertEqual(f.read(), alone.stdout)

    def test_rankdir_can_be_chosen(self):
        for rankdir in ("LR", "TB"):
            warnings, _ = self.tree.sphinx(f".. callgraph:: bar\n   :rankdir: {rankdir}\n")
            self.assertEqual(warnings, "")

    def test_stale_exclude_and_missing_function_fail(self):
        warnings, _ = self.tree.sphinx(".. callgraph:: bar\n   :exclude: gone\n\n"
                                       ".. callgraph:: nosuch\n")
        self.assertIn(":exclude: names no function of the kernel any more: gone", warnings)
        self.assertIn("callgraph nosuch:", warnings)

    def test_too_many_nodes_fails(self):
        warnings, _ = self.tree.sphinx(".. callgraph:: bar\n   :depth: 2\n   :max-nodes: 2\n")
        self.assertIn("more than :max-nodes: 2", warnings)

    def test_layouts_are_measured_by_one_dot(self):
        import subprocess
        vmm_callgraph = book_ext("vmm_callgraph")
        small, wide = "digraph a { x -> y; }", "digraph b { x -> y; x -> z; x -> w; }"
        broken = "digraph c { x -> ; }"

        def alone(code):    # what dot -Tplain says of the graph by itself
            first = subprocess.run(["dot", "-Tplain"], input=code, capture_output=True,
                                   text=True).stdout.split()
            return (float(first[2]) * 72, float(first[3]) * 72)
        size = {code: alone(code) for code in (small, wide)}
        starts, real = [], subprocess.Popen
        saved = dict(vmm_callgraph._widths)
        vmm_callgraph._widths.clear()
        vmm_callgraph._layout_dot.close()
        subprocess.Popen = lambda *a, **k: starts.append(a[0]) or real(*a, **k)
        try:
            self.assertEqual(vmm_callgraph.layout_sizes("dot", [small, wide, small]),
                             [size[small], size[wide], size[small]])
            self.assertEqual(len(starts), 1)
            # a graph dot rejects gets None; dot starts again for the next
            self.assertEqual(vmm_callgraph.layout_sizes("dot", [broken, small + " "]),
                             [None, size[small]])
            self.assertEqual(len(starts), 2)
            del starts[:]
            self.assertEqual(vmm_callgraph.layout_sizes("dot", [wide, small]),
                             [size[wide], size[small]])
            self.assertEqual(starts, [])    # remembered
        finally:
            subprocess.Popen = real
            vmm_callgraph._layout_dot.close()
            vmm_callgraph._widths.clear()
            vmm_callgraph._widths.update(saved)

    def test_a_dot_that_does_not_answer_is_ended(self):
        import tempfile
        import time
        vmm_callgraph = book_ext("vmm_callgraph")
        with tempfile.TemporaryDirectory() as tmp:
            mute = os.path.join(tmp, "dot")
            with open(mute, "w") as f:
                f.write("#!/bin/sh\nexec sleep 30\n")
            os.chmod(mute, 0o755)
            saved = vmm_callgraph.LAYOUT_TIMEOUT_S
            vmm_callgraph.LAYOUT_TIMEOUT_S = 0.5
            begin = time.monotonic()
            try:
                self.assertIsNone(vmm_callgraph._layout_dot.size(mute, "digraph a { x; }"))
            finally:
                vmm_callgraph.LAYOUT_TIMEOUT_S = saved
                vmm_callgraph._layout_dot.close()
            self.assertLess(time.monotonic() - begin, 10)

    def test_a_graph_printed_below_the_minimum_scale_fails_the_pdf(self):
        vmm_callgraph = book_ext("vmm_callgraph")
        warnings, tex = self.tree.sphinx(".. callgraph:: bar\n   :depth: 2\n", builder="latex")
        self.assertEqual(warnings, "")
        self.assertRegex(tex, r"\\sphinxincludegraphics\[\]\{graphviz-")     # body size
        with open(os.path.join(self.tree.root, "build", "latex", "callgraphs.json")) as f:
            sizes = json.load(f)
        self.assertEqual([(s["function"], s["scale"]) for s in sizes], [("bar", 1.0)])
        w, h = sizes[0]["width"], sizes[0]["height"]
        # the same graph in a text block two thirds of its size
        saved = vmm_callgraph.TEXT_WIDTH_PT, vmm_callgraph.TEXT_HEIGHT_PT
        vmm_callgraph.TEXT_WIDTH_PT = vmm_callgraph.TEXT_HEIGHT_PT = min(w, h) * 2 / 3
        try:
            warnings, tex = self.tree.sphinx(".. callgraph:: bar\n   :depth: 2\n",
                                             builder="latex")
        finally:
            vmm_callgraph.TEXT_WIDTH_PT, vmm_callgraph.TEXT_HEIGHT_PT = saved
        self.assertRegex(warnings, r"callgraph bar: \d+ x \d+ pt, printed at \d+% in the PDF")
        self.assertIn("below 85%", warnings)


class TranscriptDirectiveTest(unittest.TestCase):
    """The directive with a cached result (no Bochs needed)."""

    KTAP = ("KTAP version 1\n1..1\n    KTAP version 1\n    # Subtest: alpha\n    1..1\n"
            "    ok 1 first\nok 1 alpha\n")

    def setUp(self):
        self.tree = Tree()
        self.tree.doxygen()
        self.image = self.tree.write("build/vmm386.img", "not really an image")
        self.sym = self.tree.write("build/vmm386.sym", "c0100000 start_kernel\n")
        session = {"kind": "boot", "cmdline": "test=alpha", "megs": 32}
        path = transcript.cached_path(session, self.image, self.sym,
                                      os.path.join(self.tree.root, "build", "book",
                                                   "transcripts"))
        os.makedirs(os.path.dirname(path))
        with open(path, "w") as f:
            json.dump({"session": session, "result": {"kind": "boot", "text": self.KTAP}}, f)

    def tearDown(self):
        self.tree.close()

    def build(self, options):
        return self.tree.sphinx(".. transcript:: boot\n   :cmdline: test=alpha\n" + options,
                                extensions=("vmm_transcript",))

    def test_selected_suite_is_shown(self):
        warnings, html = self.build("   :suite: alpha\n")
        self.assertEqual(warnings, "")
        self.assertIn("first", html)
        self.assertIn("recorded from image", html)

    def test_dead_selection_fails_the_build(self):
        warnings, _ = self.build("   :suite: beta\n")
        self.assertIn("no KTAP suite 'beta'", warnings)
        warnings, _ = self.build("   :grep: ^never$\n")
        self.assertIn("grep pattern '^never$' matches no line", warnings)

    def test_debugger_content_is_checked(self):
        warnings, _ = self.tree.sphinx(".. transcript:: debugger\n\n   @bogus x\n",
                                       extensions=("vmm_transcript",))
        self.assertIn("unknown stop @bogus", warnings)

    def test_a_failed_run_fails_the_build(self):
        def broken(session, image, symbols):
            raise transcript.RunError("Bochs stopped before the checkpoint")
        real_get = transcript.get
        transcript.get = lambda s, i, y, c, runner=None: real_get(s, i, y, c, runner=broken)
        try:
            warnings, html = self.tree.sphinx(".. transcript:: boot\n   :cmdline: test=gamma\n",
                                              extensions=("vmm_transcript",))
        finally:
            transcript.get = real_get
        self.assertIn("the Bochs run failed: Bochs stopped before the checkpoint", warnings)
        self.assertIn("[transcript unavailable", html)


class PrefetchTest(unittest.TestCase):
    """Every run the pages need is queued before the first page is read:
    what reading waits for (figures) first, then what writing does."""

    PAGE = """Title
=====

.. transcript:: debugger
   :cmdline: test=one
   :megs: 64

   @checkpoint paging
   page 0

.. note::

   .. transcript:: boot
      :cmdline: test=two
      :caption: a caption that goes on
                over two lines

.. physmap::
   :megs: 48
"""

    @staticmethod
    def prefetched(tree):
        """[(key, fn)] of the runs prefetch() queues for the tree's index
        page, recorded instead of started."""
        import vmm_transcript
        started, real_start = [], vmm_transcript.start
        vmm_transcript.start = lambda key, fn: started.append((key, fn))

        class App:
            class config:
                vmm_build_dir = os.path.join(tree.root, "build")

        class Env:
            @staticmethod
            def doc2path(docname):
                return os.path.join(tree.root, "book", docname + ".rst")
        try:
            import vmm_figures  # noqa: F401 -- registers the physmap prefetcher
            vmm_transcript.prefetch(App, Env, ["index"])
        finally:
            vmm_transcript.start = real_start
        return started

    def test_blocks_are_read_like_restructuredtext(self):
        import vmm_transcript
        blocks = list(vmm_transcript.directive_blocks(self.PAGE))
        self.assertEqual([b[0] for b in blocks], ["transcript", "note", "transcript", "physmap"])
        name, args, options, content = blocks[0]
        self.assertEqual((args, options, content),
                         (["debugger"], {"cmdline": "test=one", "megs": "64"},
                          ["@checkpoint paging", "page 0"]))
        self.assertEqual(blocks[2][2], {"cmdline": "test=two",
                                        "caption": "a caption that goes on\nover two lines"})
        self.assertEqual(blocks[2][3], [])
        self.assertEqual(blocks[3][1:], ([], {"megs": "48"}, []))

    def test_figures_are_queued_before_transcripts(self):
        import physmap
        tree = Tree()
        try:
            image = tree.write("build/vmm386.img", "an image")
            sym = tree.write("build/vmm386.sym", "c0100000 start_kernel\n")
            tree.write("book/index.rst", self.PAGE)
            started = self.prefetched(tree)
            cache = os.path.join(tree.root, "build", "book", "transcripts")
            want = [transcript.cached_path(physmap.session(48), image, sym, cache),
                    transcript.cached_path({"kind": "debugger", "cmdline": "test=one",
                                            "megs": 64,
                                            "steps": [["checkpoint", "paging", ["page 0"]]]},
                                           image, sym, cache),
                    transcript.cached_path({"kind": "boot", "cmdline": "test=two", "megs": 32},
                                           image, sym, cache)]
            self.assertEqual([k for k, _ in started], want)
            for _, fn in started:   # each can be made in a worker process
                pickle.dumps(fn)
        finally:
            tree.close()

    def test_a_run_is_made_in_a_worker_process(self):
        import vmm_transcript
        try:
            self.assertNotEqual(vmm_transcript.in_worker(os.getpid), os.getpid())
            # a stand-in defined in a test cannot be sent: it runs here
            self.assertEqual(vmm_transcript.in_worker(lambda: os.getpid()), os.getpid())
            # nor is the book's own code (a module vmm_*): it may hold a lock
            # of this process around the boot it sends itself (bench results)
            import sys
            import types
            own = types.ModuleType("vmm_own")
            exec("import os\ndef pid():\n    return os.getpid()\n", own.__dict__)
            sys.modules["vmm_own"] = own
            try:
                self.assertEqual(vmm_transcript.in_worker(own.pid), os.getpid())
            finally:
                del sys.modules["vmm_own"]
        finally:
            while vmm_transcript._workers:
                vmm_transcript._workers.pop().shutdown()

    def test_included_files_are_scanned(self):
        # Chapter 5 includes its sections: their runs are queued too.
        import physmap
        tree = Tree()
        try:
            image = tree.write("build/vmm386.img", "an image")
            sym = tree.write("build/vmm386.sym", "c0100000 start_kernel\n")
            tree.write("book/index.rst", "Title\n=====\n\n.. include:: part.rst\n")
            tree.write("book/part.rst", ".. physmap::\n   :megs: 48\n")
            started = self.prefetched(tree)
            cache = os.path.join(tree.root, "build", "book", "transcripts")
            self.assertEqual([k for k, _ in started],
                             [transcript.cached_path(physmap.session(48), image, sym, cache)])
        finally:
            tree.close()


class PendingTest(unittest.TestCase):
    """The "Not implemented yet" box lists what the tree lacks, and fails
    the build once nothing is missing any more."""

    def setUp(self):
        self.tree = Tree()
        # bar is declared but has no body yet
        self.tree.edit("kernel/thing.c", "/* Not a Doxygen comment. */\nint bar(int v)\n{\n"
                       "\treturn foo(v) * 2;\n}\n", "")
        self.tree.doxygen()

    def tearDown(self):
        self.tree.close()

    def test_status_of_each_symbol(self):
        warnings, html = self.tree.sphinx(".. pending::\n   :symbols: foo bar baz\n\n"
                                          "   Coming soon.\n", extensions=("vmm_status",))
        self.assertEqual(warnings, "")
        self.assertIn("Partly implemented", html)
        text = re.sub(r"<[^>]+>", "", html)
        self.assertIn("Declared in kernel/include, not yet defined: bar() (kernel/include/thing.h)",
                      text)
        self.assertIn("Not declared yet: baz", text)
        self.assertIn("Already in the tree: foo() (kernel/thing.c)", text)

    def test_a_note_about_finished_code_fails(self):
        warnings, _ = self.tree.sphinx(".. pending::\n   :symbols: foo SQUARE\n",
                                       extensions=("vmm_status",))
        self.assertIn("every symbol this note waits for exists now", warnings)


class FigureTest(unittest.TestCase):
    """Figures from data: the address space and make bench results."""

    def setUp(self):
        self.tree = Tree()
        self.tree.doxygen()
        self.image = self.tree.write("build/vmm386.img", "an image")
        self.tree.write("build/vmm386.sym", "c0100000 start_kernel\n")
        digest = hashlib.sha256(b"an image").hexdigest()[:16]
        import bench
        runs = {b.name: {"image": digest, "megs": b.megs, "cmdline": b.cmdline,
                         "results": {"sched.context_switch": [91, "insns"],
                                     "sched.kernel_thread": [661, "insns"],
                                     "boot.reset_to_first_test": [5, "ticks"]}}
                for b in bench.targets.BENCH}
        self.tree.write("build/bench/results.json", json.dumps({"runs": runs}))
        # layout.py compiles against the tree's headers: give it the real ones
        import shutil
        shutil.rmtree(os.path.join(self.tree.root, "kernel", "include"))
        shutil.copytree(os.path.join(os.path.dirname(os.path.dirname(
            os.path.dirname(os.path.abspath(__file__)))), "kernel", "include"),
            os.path.join(self.tree.root, "kernel", "include"))

    def tearDown(self):
        self.tree.close()

    def test_bench_plot_from_results(self):
        warnings, html = self.tree.sphinx(".. benchplot::\n   :keys: ^sched\\.\n",
                                          extensions=("vmm_figures",))
        self.assertEqual(warnings, "")
        self.assertRegex(html, r'<img[^>]+bench-[0-9a-f]+\.png')

    def test_bench_bars_in_natural_order(self):
        import bench
        data = json.load(open(os.path.join(self.tree.root, "build", "bench", "results.json")))
        for b in bench.targets.BENCH:
            data["runs"][b.name]["results"].update({
                "slab.kmalloc_32": [240, "insns"], "slab.kmalloc_256": [260, "insns"],
                "slab.kmalloc_1024": [270, "insns"]})
        self.tree.write("build/bench/results.json", json.dumps(data))
        warnings, html = self.tree.sphinx(".. benchplot::\n   :keys: ^slab\\.\n"
                                          "   :runs: sched-32M\n",
                                          extensions=("vmm_figures",))
        self.assertEqual(warnings, "")
        self.assertIn("slab.kmalloc_32 240 insns, slab.kmalloc_256 260 insns, "
                      "slab.kmalloc_1024 270 insns", html)

    def test_bench_selection_that_matches_nothing_fails(self):
        warnings, _ = self.tree.sphinx(".. benchplot::\n   :keys: ^vmalloc\\.\n",
                                       extensions=("vmm_figures",))
        self.assertIn("match no result any more", warnings)
        warnings, _ = self.tree.sphinx(".. benchplot::\n   :keys: .\n",
                                       extensions=("vmm_figures",))
        self.assertIn("mixed units", warnings)

    def test_bench_table_in_html_and_latex(self):
        # The figures go in when the page is written, before LaTeX's own
        # transforms walk the table.
        rst = (".. benchtable::\n   :runs: sched-32M\n   :reference: Linux\n"
               "   :caption: Costs\n\n   sched.context_switch | 182 | a context switch\n")
        for builder in ("html", "latex"):
            warnings, out = self.tree.sphinx(rst, extensions=("vmm_figures",),
                                             builder=builder)
            self.assertEqual(warnings, "")
            self.assertIn("a context switch", out)
            self.assertRegex(out, r"\b91\b")
            self.assertRegex(out, r"50\\?%")
        warnings, out = self.tree.sphinx(rst.replace("context_switch |", "gone |"),
                                         extensions=("vmm_figures",))
        self.assertIn("benchtable: no result 'sched.gone' in run sched-32M", warnings)
        self.assertNotIn("a context switch", out)

    def test_address_space_says_what_is_not_computed(self):
        warnings, html = self.tree.sphinx(".. addressspace::\n", extensions=("vmm_figures",))
        self.assertEqual(warnings, "")
        self.assertIn("high_memory, and with it the end of the direct map", html)
        self.assertIn("does not define high_memory yet", html)


class PageDataTest(unittest.TestCase):
    """vmm_pagedata: a page's entry goes when Sphinx forgets the page, and
    comes back from the process that read it."""

    def test_purge_and_merge(self):
        import types
        vmm_pagedata = book_ext("vmm_pagedata")
        handlers = {}
        app = types.SimpleNamespace(connect=lambda event, fn: handlers.setdefault(event, fn))
        vmm_pagedata.keep_per_page(app, "vmm_test_table")
        env, other = types.SimpleNamespace(), types.SimpleNamespace()
        vmm_pagedata.records(env, "vmm_test_table").update(a=1, b=2)
        handlers["env-purge-doc"](app, env, "a")
        self.assertEqual(vmm_pagedata.records(env, "vmm_test_table"), {"b": 2})
        vmm_pagedata.records(other, "vmm_test_table").update(c=3, d=4)
        handlers["env-merge-info"](app, env, {"c"}, other)
        self.assertEqual(vmm_pagedata.records(env, "vmm_test_table"), {"b": 2, "c": 3})


def _constrained_chart():
    plt = book_ext("vmm_figures")._pyplot()
    fig, ax = plt.subplots(figsize=(4, 2), layout="constrained")
    ax.plot([0, 1], [0, 1])
    return fig


def _small_diagram():
    plt = book_ext("vmm_figures")._pyplot()
    fig, ax = plt.subplots(figsize=(4, 2))
    ax.set_axis_off()
    ax.text(0.5, 0.5, "a box")
    return fig


class SaveFigureTest(unittest.TestCase):
    def test_a_chart_is_saved_whole_and_a_diagram_cropped(self):
        import tempfile
        from PIL import Image
        vmm_figures = book_ext("vmm_figures")
        with tempfile.TemporaryDirectory() as tmp:
            chart, diagram = os.path.join(tmp, "c.png"), os.path.join(tmp, "d.png")
            vmm_figures.save_figure("test_book_ext:_constrained_chart", (), chart, "png")
            vmm_figures.save_figure("test_book_ext:_small_diagram", (), diagram, "png")
            self.assertEqual(Image.open(chart).size, (4 * 160, 2 * 160))
            width, height = Image.open(diagram).size    # cropped to what it shows
            self.assertLess(width, 4 * 160)
            self.assertLess(height, 2 * 160)


class FigureJobTest(unittest.TestCase):
    def test_a_job_is_not_held_back_by_waiting_ones(self):
        # Jobs mostly wait (for their run, for the drawing process): a job
        # that can go on must not wait for a thread.
        import threading
        vmm_figures = book_ext("vmm_figures")
        gate = threading.Event()
        waiting = [vmm_figures._job_pool.submit(gate.wait, 10) for _ in range(31)]
        try:
            done = vmm_figures._job_pool.submit(lambda: "drawn")
            self.assertEqual(done.result(timeout=5), "drawn")
        finally:
            gate.set()
            for future in waiting:
                future.result()


class SlabFigureTest(unittest.TestCase):
    """`.. slablayout::` with a recorded read of a slab (no Bochs needed):
    drawn from the data, and refused when the data or the headers drift."""

    DIRECTIVE = (".. slablayout::\n   :cmdline: test=slab panic=-1\n"
                 "   :stop: @break kmem_cache_free\n   :caches: {caches}\n")

    def setUp(self):
        import shutil
        import slabview
        self.tree = Tree()
        self.tree.doxygen()
        self.image = self.tree.write("build/vmm386.img", "an image")
        self.sym = self.tree.write("build/vmm386.sym", "c0100000 start_kernel\n")
        # slabview.py compiles against the tree's headers: give it the real ones
        shutil.rmtree(os.path.join(self.tree.root, "kernel", "include"))
        shutil.copytree(os.path.join(os.path.dirname(os.path.dirname(
            os.path.dirname(os.path.abspath(__file__)))), "kernel", "include"),
            os.path.join(self.tree.root, "kernel", "include"))
        self.lay = slabview.structure_layout(self.tree.root)
        self.result = {"kind": "slabs", "chain": ["kmem_cache", "test-cache"],
                       "caches": {"test-cache": self.one_slab_cache()}}
        self.record()

    def one_slab_cache(self):
        """A cache of 19 objects of 200 bytes with one partial slab, on the
        slab, colour 0: objects 0-2 allocated, 3-18 on the free chain."""
        lay, base, addr = self.lay, 0xc1fe1000, 0xc105af00
        end, active = lay["BUFCTL_END"], lay["BUFCTL_ACTIVE"]
        mgmt = -(-(lay["sizeof(slab_t)"] + 19 * lay["sizeof(kmem_bufctl_t)"]) //
                 lay["L1_CACHE_BYTES"]) * lay["L1_CACHE_BYTES"]
        bufctl = [active] * 3 + list(range(4, 19)) + [end]
        slab = {"list": "partial", "addr": base, "colouroff": mgmt, "s_mem": base + mgmt,
                "inuse": 3, "free": 3, "bufctl": bufctl, "base": base,
                "pages": [{"flags": 1 << lay["PG_slab"], "cache": addr, "slab": base}]}
        return {"addr": addr, "name": "test-cache", "objsize": 200, "flags": 0, "num": 19,
                "batchcount": 0, "gfporder": 0, "colour": 5, "colour_off": 32,
                "colour_next": 1, "off_slab": False, "slabp_cache": None,
                "slabp_cache_addr": None, "cpu": None, "slabs": [slab]}

    def record(self, caches=("test-cache",)):
        import transcript as tr
        session = {"kind": "slabs", "cmdline": "test=slab panic=-1", "megs": 32,
                   "steps": [["break", "kmem_cache_free", []]], "caches": sorted(caches),
                   "layout": self.lay}
        path = tr.cached_path(session, self.image, self.sym,
                              os.path.join(self.tree.root, "build", "book", "transcripts"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            json.dump({"session": session, "result": self.result}, f)

    def tearDown(self):
        self.tree.close()

    def build(self, caches="test-cache"):
        return self.tree.sphinx(self.DIRECTIVE.format(caches=caches),
                                extensions=("vmm_slabfig",))

    def test_figure_is_drawn_from_the_read(self):
        warnings, html = self.build()
        self.assertEqual(warnings, "")
        self.assertRegex(html, r'<img[^>]+slabs-[0-9a-f]+\.png')
        self.assertIn("Slab layout: test-cache (1 slabs)", html)
        self.assertIn("at the first call of <code", html)

    def test_a_cache_that_is_gone_fails(self):
        self.record(("test-cache", "other-cache"))
        warnings, _ = self.build("test-cache other-cache")
        self.assertIn("no cache other-cache on the cache chain", warnings)

    def test_a_slab_breaking_an_invariant_fails(self):
        slab = self.result["caches"]["test-cache"]["slabs"][0]
        slab["pages"][0]["flags"] = 0                  # not PG_slab any more
        slab["bufctl"][5] = slab["bufctl"][0]          # the chain loses an object
        self.record()
        warnings, _ = self.build()
        self.assertIn("break the allocator's invariants", warnings)
        self.assertIn("is not a PG_slab page pointing back here", warnings)
        self.assertIn("free chain broken", warnings)

    def test_a_renamed_field_fails(self):
        self.tree.edit("kernel/include/slab_def.h", "unsigned long colouroff;",
                       "unsigned long colour_offset;")
        warnings, _ = self.build()
        self.assertIn("the slab structures no longer evaluate", warnings)

    def test_stop_takes_only_stops(self):
        warnings, _ = self.tree.sphinx(self.DIRECTIVE.format(caches="test-cache").replace(
            "@break kmem_cache_free", "page 0"), extensions=("vmm_slabfig",))
        self.assertIn(":stop: takes only @break", warnings)


class BuddyStepsTest(unittest.TestCase):
    """The buddy allocator's worked example, drawn from a guest case's
    output (here a cached result: no Bochs needed)."""

    STEPS = ("KTAP version 1\n1..1\n    KTAP version 1\n    # Subtest: buddy\n    1..1\n"
             "    # worked_example: 16 frames of zone Normal from pfn 0x1fc0\n"
             "    # worked_example: step 1: alloc order 0 at +0  frames a011222233333333  "
             "bits 10000000 1000 10 1\n"
             "    # worked_example: step 2: free  order 0 at +0  frames 5555555555555555  "
             "bits 00000000 0000 00 0\n"
             "    ok 1 worked_example\nok 1 buddy\n")

    def setUp(self):
        self.tree = Tree()
        self.tree.doxygen()
        self.image = self.tree.write("build/vmm386.img", "not really an image")
        self.sym = self.tree.write("build/vmm386.sym", "c0100000 start_kernel\n")

    def tearDown(self):
        self.tree.close()

    def build(self, text):
        session = {"kind": "boot", "cmdline": "test=buddy.worked_example panic=-1",
                   "megs": 32}
        path = transcript.cached_path(session, self.image, self.sym,
                                      os.path.join(self.tree.root, "build", "book",
                                                   "transcripts"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            json.dump({"session": session, "result": {"kind": "boot", "text": text}}, f)
        return self.tree.sphinx(".. buddysteps::\n", extensions=("vmm_figures",))

    def test_figure_from_the_steps_the_guest_printed(self):
        warnings, html = self.build(self.STEPS)
        self.assertEqual(warnings, "")
        self.assertRegex(html, r'<img[^>]+buddysteps-[0-9a-f]+\.png')
        self.assertIn("Sixteen frames of zone Normal (from pfn 0x1fc0)", html)
        self.assertIn("step 1 alloc order 0 at +0: frames a011222233333333", html)

    def test_no_steps_fails_the_build(self):
        warnings, _ = self.build(self.STEPS.replace("step 1:", "stage 1:")
                                 .replace("step 2:", "stage 2:"))
        self.assertIn("the run printed no steps of worked_example", warnings)

    def test_a_failed_case_fails_the_build(self):
        warnings, _ = self.build(self.STEPS.replace("    ok 1 worked_example",
                                                    "    not ok 1 worked_example"))
        self.assertIn("the guest case worked_example failed", warnings)


class ReferenceEntryTest(unittest.TestCase):
    def test_brief_documented_twice_is_shown_once(self):
        tree = Tree()
        try:
            tree.edit("kernel/thing.c", "int foo(int v)\n{",
                      "/** Work it out. It squares first. */\nint foo(int v)\n{")
            tree.doxygen()
            warnings, html = tree.sphinx(".. doxygenfunction:: foo\n",
                                         extensions=("vmm_doxy",))
            self.assertEqual(warnings, "")
            text = re.sub(r"<[^>]+>", "", html)
            self.assertEqual(text.count("The answer, plus one."), 1, text)
            self.assertIn("It squares first.", text)
        finally:
            tree.close()


class PhysmapDirectiveTest(unittest.TestCase):
    """The physical memory map, from a (cached) debugger session of a boot:
    drawn from what the boot reported, and failing when it reports less."""

    def setUp(self):
        import shutil
        self.tree = Tree()
        self.tree.doxygen()
        shutil.rmtree(os.path.join(self.tree.root, "kernel", "include"))
        shutil.copytree(os.path.join(os.path.dirname(os.path.dirname(
            os.path.dirname(os.path.abspath(__file__)))), "kernel", "include"),
            os.path.join(self.tree.root, "kernel", "include"))
        self.image = self.tree.write("build/vmm386.img", "an image")
        self.sym = self.tree.write("build/vmm386.sym", "c0100000 start_kernel\n")

    def tearDown(self):
        self.tree.close()

    def build(self, result, rst=".. physmap::\n   :megs: 48\n"):
        import physmap
        path = transcript.cached_path(physmap.session(48), self.image, self.sym,
                                      os.path.join(self.tree.root, "build", "book",
                                                   "transcripts"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            json.dump({"session": physmap.session(48), "result": result}, f)
        return self.tree.sphinx(rst, extensions=("vmm_figures",))

    def test_map_is_drawn_from_the_boot(self):
        import test_physmap
        warnings, html = self.build(test_physmap.result())
        self.assertEqual(warnings, "")
        self.assertRegex(html, r'<img[^>]+physmap-[0-9a-f]+\.png')
        # the alternative text lists the regions the boot reported
        self.assertIn("kernel image 0x100000-0x160000", html)
        self.assertIn("mem_map 0x1000000-0x1083d40", html)
        self.assertIn("Physical memory of a 48 MiB guest", html)
        self.assertIn("Not drawn, far above: reserved 0xfffc0000", html)
        self.assertIn("recorded from image", html)

    def test_boot_starts_before_the_pages_are_read(self):
        import threading
        import physmap
        import test_physmap
        runs, real_get = [], transcript.get

        def fake_get(session, image, symbols, cachedir, runner=None):
            def boot(session, image, symbols):
                runs.append((session, threading.current_thread().name))
                return test_physmap.result()
            return real_get(session, image, symbols, cachedir, runner=boot)
        transcript.get = fake_get
        try:
            warnings, html = self.tree.sphinx(".. physmap::\n   :megs: 48\n",
                                              extensions=("vmm_figures",))
        finally:
            transcript.get = real_get
        self.assertEqual(warnings, "")
        self.assertIn("kernel image 0x100000-0x160000", html)
        # one boot, in the transcripts' pool rather than in the directive
        self.assertEqual([s for s, _ in runs], [physmap.session(48)])
        self.assertNotEqual(runs[0][1], threading.current_thread().name)

    def test_reading_does_not_wait_for_the_boot(self):
        # The boot ends only once every page is read (or after 30 s, if
        # reading waited for it): the figure waits for it when written.
        import threading
        import test_physmap
        import vmm_transcript
        read, seen = threading.Event(), []
        real_get, real_phase = transcript.get, vmm_transcript._phase

        def fake_get(session, image, symbols, cachedir, runner=None):
            def boot(session, image, symbols):
                seen.append(read.wait(timeout=30))
                return test_physmap.result()
            return real_get(session, image, symbols, cachedir, runner=boot)
        transcript.get = fake_get
        vmm_transcript._phase = lambda app, *args: read.set()
        try:
            warnings, html = self.tree.sphinx(".. physmap::\n   :megs: 48\n",
                                              extensions=("vmm_figures",))
        finally:
            transcript.get, vmm_transcript._phase = real_get, real_phase
        self.assertEqual(warnings, "")
        self.assertEqual(seen, [True])
        self.assertIn("kernel image 0x100000-0x160000", html)
        self.assertIn("Not drawn, far above: reserved 0xfffc0000", html)

    def test_a_boot_that_reports_less_fails_the_build(self):
        import test_physmap
        warnings, html = self.build(test_physmap.result(
            guest=test_physmap.GUEST.replace(" initrd=0x160000-0x160100", "")))
        self.assertIn("physmap: the checkpoint line has no initrd=", warnings)
        self.assertNotIn("<img", html)
        res = test_physmap.result()
        res["events"][-1][3] = "<bochs:6> x /1wx \"mem_map\"\nSymbol not found\n"
        warnings, _ = self.build(res)
        self.assertIn("physmap: x /1wx \"mem_map\" answered no memory", warnings)


if __name__ == "__main__":
    unittest.main()


class EpubContentsTest(unittest.TestCase):
    """The EPUB's table of contents numbers chapters and sections as the
    HTML sidebar and the headings do (vmm_numbering)."""

    def build(self, extensions):
        import io
        import shutil
        import tempfile
        from sphinx.application import Sphinx
        from sphinx.util.docutils import docutils_namespace
        root = tempfile.mkdtemp(prefix="vmm386-epubtest-")
        self.addCleanup(shutil.rmtree, root, True)
        book = os.path.join(root, "book")
        os.makedirs(book)
        ext = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(
            os.path.abspath(__file__)))), "book", "_ext")
        pages = {
            "conf.py": f"import sys\nsys.path.insert(0, {ext!r})\nproject = 't'\n"
                       f"copyright = 't'\nversion = release = '1'\n"
                       f"extensions = {extensions!r}\nepub_theme = 'epub'\n",
            "index.rst": "Book\n====\n\n.. toctree::\n   :numbered:\n\n   one\n   two\n\n"
                         ".. toctree::\n\n   appendix\n",
            "one.rst": "First\n=====\n\nSection\n-------\n\ntext\n",
            "two.rst": "Second\n======\n\ntext\n",
            "appendix.rst": "Appendix A: Notes\n=================\n\ntext\n",
        }
        for name, text in pages.items():
            with open(os.path.join(book, name), "w") as f:
                f.write(text)
        out = os.path.join(root, "epub")
        with docutils_namespace():
            app = Sphinx(book, book, out, os.path.join(root, "doctrees"), "epub",
                         status=None, warning=io.StringIO(), freshenv=True)
            app.build()
        with open(os.path.join(out, "nav.xhtml")) as f:
            nav = f.read()
        with open(os.path.join(out, "toc.ncx")) as f:
            return nav, f.read()

    def test_contents_carry_section_numbers(self):
        for text in self.build(["vmm_numbering"]):
            titles = re.findall(r">([^<>]*(?:First|Section|Second|Notes)[^<>]*)<", text)
            # toc.ncx repeats a chapter as its first section (epub_tocdup)
            self.assertEqual(list(dict.fromkeys(titles)),
                             ["1. First", "1.1. Section", "2. Second",
                              "Appendix A: Notes"])


class PkmapFigureTest(unittest.TestCase):
    """Chapter 10's `.. pkmapfigure::` from a recorded debugger session (no
    Bochs needed): drawn from the counters read at each checkpoint, and
    refused when the run no longer reaches all four."""

    def setUp(self):
        self.tree = Tree()
        self.tree.doxygen()
        self.image = self.tree.write("build/vmm386.img", "not really an image")
        self.sym = self.tree.write("build/vmm386.sym", "c0100000 start_kernel\n")

    def tearDown(self):
        self.tree.close()

    @staticmethod
    def stop(n, stage, counts, last):
        words = "\n".join(f"0x{0xc0130000 + 16 * i:016x} <pkmap_count+{16 * i}>:\t" +
                          "\t".join(f"0x{c:08x}" for c in counts[i * 4:i * 4 + 4])
                          for i in range(len(counts) // 4))
        return [["cont", n, f"# checkpoint: pkmap seq={n} stage={stage}\n", "(0) Magic"],
                ["cmd", n + 1, 'x /1024wx "pkmap_count"', "[bochs]:\n" + words],
                ["cmd", n + 2, 'x /1wx "last_pkmap_nr"',
                 f"[bochs]:\n0x00000000c0131000 <last_pkmap_nr+0>:\t0x{last:08x}"]]

    def build(self, stops):
        import vmm_highmem
        session = vmm_highmem.session(vmm_highmem.CMDLINE, 128)
        events = []
        for i, (stage, counts, last) in enumerate(stops):
            events += self.stop(3 * i + 6, stage, counts, last)
        path = transcript.cached_path(session, self.image, self.sym,
                                      os.path.join(self.tree.root, "build", "book",
                                                   "transcripts"))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            json.dump({"session": session, "result": {"kind": "debugger", "events": events,
                                                      "setup_commands": 1}}, f)
        return self.tree.sphinx(".. pkmapfigure::\n", extensions=("vmm_highmem",))

    def four(self):
        empty, full = [0] * 1024, [2 if i % 4 == 0 else 1 for i in range(1024)]
        return [("after_warm_up", [1] + empty[1:], 0), ("filling", full[:512] + empty[512:], 512),
                ("before_wrap", full, 1023), ("after_wrap", [2] + full[1:], 0)]

    def test_figure_from_the_counters_read(self):
        warnings, html = self.build(self.four())
        self.assertEqual(warnings, "")
        self.assertRegex(html, r'<img[^>]+pkmap-[0-9a-f]+\.png')
        self.assertIn("pkmap_count through fill, wrap and flush", html)

    def test_a_run_that_stops_early_fails(self):
        warnings, _ = self.build(self.four()[:3])
        self.assertIn("3 pkmap checkpoints reached, not 4", warnings)


class ReaderFormTest(unittest.TestCase):
    """What the book makes of raw output and raw layouts (issue 15): the
    functions alone, without a Sphinx build."""

    STOP = ("(0) Magic breakpoint\n"
            "Next at t=164638010\n"
            "(0) [0x000000102ab2] 0010:00000000c0102ab2 (checkpoint+82): "
            "add esp, 0x00000120       ; 81c420010000\n"
            "<bochs:5> x /1wx 0xc1fe1e90\n"
            "[bochs]:\n"
            "0x00000000c1fe1e90 <bogus+       0>:\t0x5a5a5a5a\n"
            "<bochs:6> xp /4wx 0x2eb000\n"
            "0x00000000002eb000 <bogus+       0>:\t0x00000001\t0x00000000\t"
            "0x80000000\t0xffffffff\n"
            "<bochs:7> x /1wx 0xc2810000\n"
            "0x00000000c2810000:bx_dbg_read_linear: physical address not available for "
            "linear 0x00000000c2810000\n"
            "(0) Breakpoint 1, 0xc01028f0 in start_kernel ()\n"
            "Next at t=155031641\n"
            "(0) [0x0000001028f0] 0010:00000000c01028f0 (start_kernel+0): "
            "push ebp                  ; 55\n")

    def test_stops_are_told_as_a_reader_needs_them(self):
        import vmm_transcript
        text = vmm_transcript.tidy_debugger(self.STOP)
        self.assertEqual(text.splitlines(), [
            "(0) Magic breakpoint in checkpoint()",
            "<bochs:5> x /1wx 0xc1fe1e90",
            "0xc1fe1e90: 0x5a5a5a5a",
            "<bochs:6> xp /4wx 0x2eb000",
            "0x002eb000: 0x00000001  0x00000000  0x80000000  0xffffffff",
            "<bochs:7> x /1wx 0xc2810000",
            "0xc2810000: physical address not available for linear 0x00000000c2810000",
            "(0) Breakpoint 1, 0xc01028f0 in start_kernel ()",
            "at 0xc01028f0 <start_kernel+0>: push ebp"])

    def test_long_lines_are_wrapped_visibly_never_cut(self):
        import vmm_transcript
        line = "# checkpoint: paging_init " + " ".join(f"key{i}=0x{i:08x}" for i in range(12))
        out = vmm_transcript.wrap_lines(line + "\nshort\n").splitlines()
        self.assertTrue(all(len(l) <= vmm_transcript.WRAP_WIDTH for l in out), out)
        self.assertTrue(all(l.startswith("\u21aa ") for l in out[1:-1]), out)
        self.assertEqual(out[-1], "short")
        rejoined = " ".join(l.replace(vmm_transcript.WRAP_MARK, "") for l in out[:-1])
        self.assertEqual(rejoined.split(), line.split())

    def test_expect_fails_when_the_run_no_longer_shows_the_value(self):
        import vmm_transcript
        vmm_transcript.check_expected(" PDE: 0x00000000000001e3    PS G\n", [r"^ PDE: 0x0+1e3 "])
        with self.assertRaises(transcript.Mismatch):
            vmm_transcript.check_expected(" PDE: 0x00000000000001a3    PS G\n",
                                          [r"^ PDE: 0x0+1e3 "])

    def test_a_wide_fan_of_leaves_becomes_one_wrapped_table(self):
        import vmm_callgraph
        edges = {("root", f"leaf{i:02}") for i in range(20)} | {("root", "mid"),
                                                               ("mid", "leaf_of_mid")}
        groups = vmm_callgraph.leaf_groups(edges, 5, root="root")
        self.assertEqual(sorted(groups), ["root"])
        self.assertEqual(len(groups["root"]), 20)      # mid has a child: not a leaf
        labels = [f"function_number_{i:02}()" for i in range(20)]
        cols = vmm_callgraph.table_columns(labels, 430)
        self.assertGreater(cols, 1)
        self.assertLessEqual(cols * (len(labels[0]) * vmm_callgraph.CHAR_PT), 430)

    def test_a_graph_too_wide_is_turned_or_scaled_in_the_pdf(self):
        import vmm_callgraph
        place = vmm_callgraph.latex_scale
        self.assertEqual(place((400, 500)), ("", 1.0))               # fits: body size
        self.assertEqual(place((550, 300)), ("angle=90", 1.0))       # landscape
        # turned and scaled by us: Sphinx would stretch it
        tall = vmm_callgraph.TEXT_HEIGHT_PT
        self.assertEqual(place((tall / 0.9, 300)), ("angle=90,scale=0.900", 0.9))
        self.assertEqual(place((500, 300)), (r"width=\linewidth", 0.9))   # 90 %: scaled
        self.assertEqual(place((400, tall / 0.8)), ("", 0.8))        # too tall
        self.assertEqual(place((1200, 600))[0], r"width=\linewidth")  # fits no way
        self.assertLess(place((1200, 600))[1], vmm_callgraph.MIN_SCALE)
        self.assertEqual(vmm_callgraph.latex_placement(None), "")

    def test_a_turned_graph_is_placed_past_sphinx_safe_include(self):
        """\\sphinxincludegraphics drops the angle of a turned box it finds
        too tall and stretches the graph upright: a turned graph is placed
        with \\includegraphics."""
        import tempfile
        import types
        import vmm_callgraph
        out = tempfile.mkdtemp()
        try:
            for name, (w, h) in (("wide", (540, 300)), ("small", (400, 300))):
                with open(os.path.join(out, f"{name}.pdf"), "w") as f:
                    f.write(f"%PDF-1.4 /MediaBox [ 0 0 {w} {h} ]")
            app = types.SimpleNamespace()
            writer = types.SimpleNamespace(
                builder=types.SimpleNamespace(outdir=out, app=app),
                body=[r"\sphinxincludegraphics[]{wide.pdf}",
                      r"\sphinxincludegraphics[]{small.pdf}"])
            node = {"vmm_callgraph": "f", "options": {"docname": "ch"}}
            vmm_callgraph._place_latex(writer, 0, node)
            vmm_callgraph._place_latex(writer, 1, node)
        finally:
            import shutil
            shutil.rmtree(out)
        self.assertEqual(writer.body, [r"\includegraphics[angle=90]{wide.pdf}",
                                       r"\sphinxincludegraphics[]{small.pdf}"])
        self.assertEqual([(g["function"], g["scale"]) for g in app._vmm_callgraph_sizes],
                         [("f", 1.0), ("f", 1.0)])

    def test_bench_bars_are_labelled_for_people(self):
        import vmm_figures
        bars = [("vmalloc.2.4.get_vm_area_live_1", "vmalloc-2.4-32M", 1),
                ("vmalloc.2.6.alloc_vmap_area_live_1", "vmalloc-2.6-32M", 2)]
        self.assertEqual(vmm_figures.bench_labels(bars),
                         ["get_vm_area_live_1", "alloc_vmap_area_live_1"])
        self.assertEqual(vmm_figures.run_label("vmalloc-2.6-32M"), "vmalloc 2.6, 32 MiB")
        self.assertEqual(vmm_figures.bench_labels([("kmap.pair", "", 1)]), ["kmap pair"])
        # :labels: names bars whose keys do not read as English
        names = vmm_figures.parse_labels("low = from a low page\n"
                                         "high_bounced = from a high page, bounced\n")
        bars = [("bounce.write_page.low", "", 1), ("bounce.write_page.high_bounced", "", 2),
                ("bounce.write_page.bounce_overhead", "", 1)]
        self.assertEqual(vmm_figures.bench_labels(bars, names),
                         ["from a low page", "from a high page, bounced", "bounce_overhead"])
        with self.assertRaises(ValueError):
            vmm_figures.parse_labels("no equals sign here")
        star = vmm_figures.parse_labels("get_vm_area_live_* = get_vm_area(), * areas")
        self.assertEqual(vmm_figures.bench_labels(
            [("vmalloc.2.4.get_vm_area_live_64", "", 1),
             ("vmalloc.2.6.alloc_vmap_area_live_64", "", 1)], star),
            ["get_vm_area(), 64 areas", "2.6 alloc_vmap_area_live_64"])


    def test_bench_bars_of_one_run_are_coloured_by_design(self):
        import vmm_figures
        bars = [("slab.alloc_free_64_no_percpu", "", 365), ("slab.alloc_free_64_percpu", "", 269)]
        groups = vmm_figures.parse_labels("no_percpu = without the array\n"
                                          "_percpu = with the array\n")
        self.assertEqual(vmm_figures.bench_groups(bars, groups),
                         ["without the array", "with the array"])
        self.assertEqual(vmm_figures.bench_groups(bars, ()), ["", ""])    # one colour
        with self.assertRaises(ValueError):     # a bar in no group
            vmm_figures.bench_groups(bars + [("slab.grow_on_slab_128", "", 1)], groups)
        runs = [("vmalloc.2.4.x", "vmalloc-2.4-32M", 1), ("vmalloc.2.6.x", "vmalloc-2.6-32M", 1)]
        self.assertEqual(vmm_figures.bench_groups(runs, ()),
                         ["vmalloc 2.4, 32 MiB", "vmalloc 2.6, 32 MiB"])
        self.assertEqual(vmm_figures.axis_label("flushes"),
                         "full TLB flushes, counted by the kernel")
        self.assertIn("emulated instructions", vmm_figures.axis_label("insns"))


class NumberingTest(unittest.TestCase):
    """bookcheck.number_mismatches: HTML's numbers against LaTeX's .aux."""

    def setUp(self):
        import tempfile
        self.dir = tempfile.mkdtemp()
        with open(os.path.join(self.dir, "ch08.html"), "w") as f:
            f.write('<div class="literal-block-wrapper" id="listing-3"><div class="code-'
                    'block-caption"><span class="caption-number">Listing 8.3 </span></div>'
                    '<pre>x</pre></div><figure id="fig-a"><img src="a.png"/><figcaption>'
                    '<p><span class="caption-number">Figure 8.1 </span>A</p></figcaption>'
                    '</figure><div class="literal-block-wrapper" id="tr-x"><div>'
                    '<span class="caption-number">Transcript 8.1 </span></div></div>')

    def tearDown(self):
        import shutil
        shutil.rmtree(self.dir)

    def aux(self, *labels):
        path = os.path.join(self.dir, "book.aux")
        with open(path, "w") as f:
            for name, number in labels:
                f.write(f"\\newlabel{{{name}}}{{{{{number}}}{{12}}{{}}{{x}}{{}}}}\n")
        return path

    def test_same_numbers_pass(self):
        import bookcheck
        aux = self.aux(("ch08:listing-3", "8.3"), ("ch08:fig-a", "8.1"), ("ch08:tr-x", "8.1"))
        self.assertEqual(bookcheck.number_mismatches(self.dir, aux), [])

    def test_a_transcript_counted_as_a_listing_is_found(self):
        import bookcheck
        aux = self.aux(("ch08:listing-3", "8.4"), ("ch08:fig-a", "8.1"), ("ch08:tr-x", "8.3"))
        self.assertEqual(bookcheck.number_mismatches(self.dir, aux), [
            ("ch08", "listing-3", "Listing 8.3", "8.4"),
            ("ch08", "tr-x", "Transcript 8.1", "8.3")])


FAKE_BOOT = """
import transcript
_real_get = transcript.get


def _boot(session, image, symbols):
    with open(image) as f:
        return {"kind": "boot", "text": "KTAP version 1\\n1..1\\nok 1 booted " + f.read() + "\\n"}


transcript.get = lambda s, i, y, c, runner=None: _real_get(s, i, y, c, runner=_boot)
"""

HELLO = """
from docutils import nodes
from sphinx.util.docutils import SphinxDirective


class Hello(SphinxDirective):
    def run(self):
        return [nodes.paragraph("", "hello WORD")]


def setup(app):
    app.add_directive("hello", Hello)
    return {"parallel_read_safe": True}
"""


class CachedBuildTest(unittest.TestCase):
    """`make book` keeps the Sphinx environment between builds and reads
    again only what changed (tools/book.py, vmm_incremental): whatever
    changed must still show up, and a warning must not vanish."""

    def setUp(self):
        self.tree = Tree()
        self.tree.book_doxygen()
        self.tree.write("build/vmm386.img", "first")
        self.tree.write("build/vmm386.sym", "c0100000 start_kernel\n")

    def tearDown(self):
        self.tree.close()

    def build(self, rst, extensions=("vmm_doxy",), conf_extra="", pages=None):
        ok, output, html = self.tree.cached_book(rst, extensions, conf_extra, pages)
        return ok, output, html

    def test_unchanged_xml_keeps_its_time(self):
        xml = self.tree.xml
        before = {f: os.stat(os.path.join(xml, f)).st_mtime_ns for f in os.listdir(xml)}
        self.tree.edit("kernel/include/thing.h", "/** The answer, plus one. */",
                       "/** The answer, plus two. */")
        self.tree.book_doxygen()
        after = {f: os.stat(os.path.join(xml, f)).st_mtime_ns for f in os.listdir(xml)}
        self.assertEqual(set(before), set(after))
        changed = {f for f in before if before[f] != after[f]}
        self.assertIn("thing_8h.xml", changed)
        self.assertIn("structthing.xml", set(before) - changed)

    def test_changed_comment_and_image_are_shown(self):
        # Two pages, each read again for its own reason only.
        pages = {"boot": "Boot\n====\n\n.. transcript:: boot\n   :cmdline: test=alpha\n"}
        ext = ("vmm_doxy", "vmm_transcript")
        ok, out, html = self.build(".. doxygenfunction:: foo\n", ext, FAKE_BOOT, pages)
        self.assertTrue(ok, out)
        self.assertIn("The answer, plus one.", html["index"])
        self.assertIn("booted first", html["boot"])
        self.tree.edit("kernel/include/thing.h", "/** The answer, plus one. */",
                       "/** The answer, plus two. */")
        self.tree.book_doxygen()
        self.tree.write("build/vmm386.img", "second")
        ok, out, html = self.build(".. doxygenfunction:: foo\n", ext, FAKE_BOOT, pages)
        self.assertTrue(ok, out)
        self.assertIn("The answer, plus two.", html["index"])
        self.assertIn("booted second", html["boot"])

    def test_doxygen_beside_a_fresh_build(self):
        import book
        import time
        status = os.path.join(self.tree.root, "build", "doxygen-status")
        shutil.rmtree(self.tree.xml)

        runs = os.path.join(self.tree.root, "build", "book", "transcripts")
        page = ".. doxygenfunction:: foo\n\n.. transcript:: boot\n   :cmdline: test=alpha\n"
        seen = []

        def late_xml():
            # The boots start before the XML is there; Sphinx waits for the
            # XML before it reads a page.
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline and not seen:
                seen.extend(os.listdir(runs) if os.path.isdir(runs) else [])
                time.sleep(0.05)
            return True, self.tree.book_doxygen()
        (ok_xml, _, seconds), (ok, out, html) = book.doxygen_beside(
            lambda: self.build(page, ("vmm_doxy", "vmm_transcript"), FAKE_BOOT), late_xml,
            status)
        self.assertTrue(ok_xml)
        self.assertTrue(seen, "no run started while Doxygen ran")
        self.assertTrue(ok, out)
        self.assertIn("The answer, plus one.", html["index"])
        self.assertIn("booted first", html["index"])
        self.assertFalse(os.path.exists(status))
        self.assertNotIn("VMM_DOXYGEN_PENDING", os.environ)
        # Doxygen fails: so does the build, before reading a page
        shutil.rmtree(os.path.join(self.tree.root, "build", "book"))
        (ok_xml, msg, _), (ok, out, html) = book.doxygen_beside(
            lambda: self.build(".. doxygenfunction:: foo\n"),
            lambda: (False, "thing.h:1: warning: a problem"), status)
        self.assertFalse(ok_xml)
        self.assertEqual(msg, "thing.h:1: warning: a problem")
        self.assertFalse(ok)
        self.assertIn("Doxygen, run beside this build, did not finish (failed)", out)
        self.assertEqual(html, {})

    def test_deleted_runs_are_made_again(self):
        page = ".. transcript:: boot\n   :cmdline: test=alpha\n"
        ok, out, html = self.build(page, ("vmm_transcript",), FAKE_BOOT, {"other": "O\n=\n"})
        self.assertTrue(ok, out)
        import shutil
        shutil.rmtree(os.path.join(self.tree.root, "build", "book", "transcripts"))
        os.remove(os.path.join(self.tree.root, "build", "book", "html", "other.html"))
        ok, out, html = self.build(page, ("vmm_transcript",), FAKE_BOOT, {"other": "O\n=\n"})
        self.assertTrue(ok, out)
        self.assertIn("booted first", html["index"])

    def test_changed_extension_reads_every_page_again(self):
        local = os.path.join(self.tree.root, "book", "_local")
        conf = f"sys.path.insert(0, {local!r})\n"
        self.tree.write("book/_local/hello.py", HELLO.replace("WORD", "one"))
        ok, out, html = self.build(".. hello::\n", ("hello",), conf)
        self.assertTrue(ok, out)
        self.assertIn("hello one", html["index"])
        self.tree.write("book/_local/hello.py", HELLO.replace("WORD", "two"))
        ok, out, html = self.build(".. hello::\n", ("hello",), conf)
        self.assertTrue(ok, out)
        self.assertIn("hello two", html["index"])

    def test_moved_numbers_and_removed_pages(self):
        block = ".. code-block:: c\n   :caption: {0}\n   :name: {0}\n\n   x;\n\n"
        pages = {"a": "A\n=\n\n" + block.format("one"), "b": "B\n=\n\nSee :numref:`one`.\n",
                 "gone": "Gone\n====\n"}
        ok, out, html = self.build("", (), pages=pages)
        self.assertTrue(ok, out)
        self.assertRegex(html["b"], r"Listing 1\b")
        self.assertIn("gone", html)
        # A number in page a moves: page b, not read again, shows it too.
        pages["a"] = "A\n=\n\n" + block.format("zero") + block.format("one")
        del pages["gone"]
        os.remove(os.path.join(self.tree.root, "book", "gone.rst"))
        ok, out, html = self.build("", (), pages=pages)
        self.assertTrue(ok, out)
        self.assertRegex(html["b"], r"Listing 2\b")
        self.assertNotIn("gone", html)

    def test_a_failed_build_fails_again(self):
        for _ in range(2):
            ok, out, _ = self.build("Calls :c:func:`nothing`.\n", ("vmm_doxy",))
            self.assertFalse(ok)
            self.assertIn("nothing", out)

    def test_an_unfinished_build_is_forgotten(self):
        ok, out, html = self.build("", ())
        self.assertTrue(ok, out)
        # What a build interrupted after writing a page leaves behind.
        self.tree.write("build/book/html/stray.html", "from a build that never finished")
        self.tree.write("build/book/doctrees-html/vmm-build-unfinished", "")
        ok, out, html = self.build("", ())
        self.assertTrue(ok, out)
        self.assertNotIn("stray", html)


class CIndexTest(unittest.TestCase):
    """vmm_cindex finds a C symbol's children by name as Sphinx's walk
    does: the same symbols in the same order, as children come and go."""

    def test_lookups_agree_with_sphinx(self):
        import sys
        from booktree import ROOT
        sys.path.insert(0, os.path.join(ROOT, "book", "_ext"))
        import vmm_cindex
        from sphinx.domains import c
        walk = c.Symbol._find_named_symbols
        if getattr(c.Symbol, "_vmm_indexed", False):
            self.skipTest("Sphinx's own lookup was replaced in this process")
        indexed = vmm_cindex._indexed_find(walk)

        def sym(parent, name):
            s = c.Symbol(parent, c.ASTIdentifier(name) if name else None, None, None, None)
            s._children = vmm_cindex.Children(s._children)
            return s
        root = sym(None, None)
        first = sym(root, "a")
        anon = sym(root, "@1")
        inner = sym(anon, "a")
        sym(sym(anon, "@2"), "a")
        sym(root, "b")
        later = sym(root, "a")

        def same(scope, name):
            for match_self in (False, True):
                for recurse in (False, True):
                    ident = c.ASTIdentifier(name)
                    want = list(walk(scope, ident, match_self, recurse, False))
                    got = list(indexed(scope, ident, match_self, recurse, False))
                    self.assertEqual([id(s) for s in got], [id(s) for s in want],
                                     (name, match_self, recurse))
            return want

        self.assertEqual(len(same(root, "a")), 4)     # with those in @1 and @1's @2
        for name in ("a", "b", "@1", "x"):
            same(root, name)
            same(anon, name)
        first.remove()
        sym(root, "a")
        inner.remove()
        self.assertEqual(len(same(root, "a")), 3)
        same(anon, "a")
        self.assertIn(later, same(root, "a"))

    def test_direct_lookups_agree_with_sphinx(self):
        import sys
        from booktree import ROOT
        sys.path.insert(0, os.path.join(ROOT, "book", "_ext"))
        import vmm_cindex
        from sphinx.domains import c
        if getattr(c.Symbol, "_vmm_indexed", False):
            self.skipTest("Sphinx's own lookup was replaced in this process")
        direct = c.Symbol.direct_lookup
        indexed = vmm_cindex._indexed_direct_lookup(direct)

        def sym(parent, name):
            s = c.Symbol(parent, c.ASTIdentifier(name), None, None, None)
            s._children = vmm_cindex.Children(s._children)
            return s
        root = c.Symbol(None, None, None, None, None)
        root._children = vmm_cindex.Children(root._children)
        first, second = sym(root, "f"), sym(root, "f")     # the first is found
        inner = sym(second, "x")
        sym(first, "x")
        sym(root, "g")

        def key(*names):
            return c.LookupKey([(c.ASTIdentifier(n), None) for n in names])
        for names in [("f",), ("g",), ("h",), ("f", "x"), ("g", "x"), ()]:
            self.assertIs(indexed(root, key(*names)), direct(root, key(*names)), names)
        first.remove()
        self.assertIs(indexed(root, key("f", "x")), inner)
        self.assertIs(indexed(root, key("f", "x")), direct(root, key("f", "x")))


class StructTwinTest(unittest.TestCase):
    """Appendix A lists a typedef that renames a struct with the struct's
    own comment as another name for it, instead of the description twice."""

    @staticmethod
    def entity(kind, name, definition, brief):
        from types import SimpleNamespace
        return SimpleNamespace(kind=kind, name=name, definition=definition, brief=brief)

    def test_only_a_typedef_sharing_the_structs_comment_is_a_twin(self):
        import sys
        from booktree import ROOT
        sys.path.insert(0, os.path.join(ROOT, "book", "_ext"))
        import vmm_doxy
        area = self.entity("struct", "free_area_struct", "struct free_area_struct",
                           "free_area_t - the free blocks of one order.")
        structs = {"free_area_struct": area}
        same = self.entity("typedef", "free_area_t", "typedef struct free_area_struct free_area_t",
                           area.brief)
        own = self.entity("typedef", "kmem_cache_t", "typedef struct free_area_struct kmem_cache_t",
                          "Handle of an object cache.")
        pointer = self.entity("typedef", "area_p", "typedef struct free_area_struct * area_p",
                              area.brief)
        other = self.entity("typedef", "pte_t", "typedef struct unknown pte_t", area.brief)
        self.assertEqual(vmm_doxy._struct_twin(same, structs), "free_area_struct")
        self.assertIsNone(vmm_doxy._struct_twin(own, structs))
        self.assertIsNone(vmm_doxy._struct_twin(pointer, structs))
        self.assertIsNone(vmm_doxy._struct_twin(other, structs))
        self.assertIsNone(vmm_doxy._struct_twin(area, structs))
