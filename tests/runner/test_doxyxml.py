# SPDX-License-Identifier: GPL-2.0-only
"""tools/doxyxml.py: finding entities, cutting their source, call edges."""
import unittest

import doxyxml
from booktree import Tree


class DoxyXmlTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tree = Tree()
        cls.tree.doxygen()
        cls.ix = doxyxml.Index(cls.tree.xml)

    @classmethod
    def tearDownClass(cls):
        cls.tree.close()

    def cut(self, name, **kw):
        return doxyxml.cut(self.tree.root, self.ix.find(name), index=self.ix, **kw)

    def test_function_body_with_real_line_numbers(self):
        c = self.cut("foo")
        self.assertEqual(c.path, "kernel/thing.c")
        self.assertEqual(c.first, 9)
        self.assertEqual(c.lines[0], "int foo(int v)")
        self.assertEqual(c.lines[-1], "}")
        self.assertIn("\tint r = helper(v);", c.lines)

    def test_declaration_and_definition_are_one_entity(self):
        self.assertEqual(len(self.ix.candidates("foo")), 1)
        c = self.cut("foo", part="declaration")
        self.assertEqual((c.path, c.lines), ("kernel/include/thing.h", ["int foo(int v);"]))

    def test_macro_follows_continuations(self):
        c = self.cut("SQUARE")
        self.assertEqual(len(c.lines), 3)
        self.assertTrue(c.lines[-1].strip().startswith("(x))"))

    def test_struct_and_comment_above(self):
        c = self.cut("thing", comment=True)
        self.assertEqual(c.lines[0], "/** A thing. */")
        self.assertEqual(c.lines[-1], "};")

    def test_missing_symbol_is_a_lookup_error(self):
        with self.assertRaisesRegex(LookupError, "no 'nothing'"):
            self.ix.find("nothing")

    def test_highlight_patterns_must_match(self):
        c = self.cut("foo")
        self.assertEqual(doxyxml.highlight_lines(c, [r"helper\("]), [3])
        with self.assertRaisesRegex(doxyxml.DriftError, "matches no line"):
            doxyxml.highlight_lines(c, ["no_such_call"])

    def test_narrow_by_patterns(self):
        c = doxyxml.narrow(self.cut("foo"), start=r"int r", end=r"return")
        self.assertEqual(c.first, 11)
        self.assertEqual(len(c.lines), 3)
        with self.assertRaises(doxyxml.DriftError):
            doxyxml.narrow(self.cut("foo"), start="nowhere")

    def test_span_runs_from_one_symbol_to_another(self):
        c = doxyxml.span(self.tree.root, self.cut("SQUARE"), self.cut("thing"))
        self.assertTrue(c.lines[0].startswith("#define SQUARE"))
        self.assertEqual(c.lines[-1], "};")
        with self.assertRaisesRegex(doxyxml.DriftError, "before it starts"):
            doxyxml.span(self.tree.root, self.cut("thing"), self.cut("SQUARE"))
        with self.assertRaisesRegex(doxyxml.DriftError, "one file"):
            doxyxml.span(self.tree.root, self.cut("SQUARE"), self.cut("foo"))

    def test_call_edges_both_ways(self):
        foo, bar = self.ix.find("foo"), self.ix.find("bar")
        self.assertEqual([e.name for e in self.ix.callees(foo)], ["helper"])
        self.assertEqual([e.name for e in self.ix.callers(foo)], ["bar"])
        self.assertEqual([e.name for e in self.ix.callees(bar)], ["foo"])
        self.assertIn("SQUARE", [e.name for e in self.ix.callees(self.ix.find("helper"),
                                                                 macros=True)])

    def test_api_lists_header_entities_once(self):
        api = [(e.kind, e.name) for e in self.ix.api()]
        self.assertEqual(sorted(api), [("define", "SQUARE"), ("function", "bar"),
                                       ("function", "foo"), ("struct", "thing")])


class TextTest(unittest.TestCase):
    def test_dashes_are_kept(self):
        import xml.etree.ElementTree as ET
        brief = ET.fromstring("<briefdescription><para>regions (struct <ref>vma</ref>)"
                              " <ndash/> Linux 2.4<mdash/>mostly</para></briefdescription>")
        self.assertEqual(doxyxml._text(brief),
                         "regions (struct vma) \u2013 Linux 2.4\u2014mostly")


if __name__ == "__main__":
    unittest.main()
