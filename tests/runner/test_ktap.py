# SPDX-License-Identifier: GPL-2.0-only
"""tools/ktap.py: valid documents parse; every inconsistency is an error."""
import unittest

import ktap

GOOD = """\
KTAP version 1
1..2
    KTAP version 1
    # Subtest: alpha
    1..2
    ok 1 first
    # a diagnostic for the second
    not ok 2 second
not ok 1 alpha
[    0.010000] a kernel log line in between
    KTAP version 1
    # Subtest: beta
    1..1
    ok 1 only # SKIP not today
ok 2 beta
"""


class KtapTest(unittest.TestCase):
    def test_good_document(self):
        doc = ktap.parse(GOOD)
        self.assertEqual(doc.errors, [])
        cases = list(doc.cases())
        self.assertEqual([(s, c.name, c.ok) for s, c in cases],
                         [("alpha", "first", True), ("alpha", "second", False),
                          ("beta", "only", True)])
        self.assertEqual(cases[1][1].diag, ["# a diagnostic for the second"])
        self.assertTrue(cases[2][1].skip)
        self.assertEqual(cases[2][1].reason, "not today")
        self.assertEqual(doc.log, ["[    0.010000] a kernel log line in between"])

    def test_no_ktap_at_all(self):
        self.assertIn("no KTAP output", ktap.parse("just a log\n").errors[0])

    def test_early_end_breaks_both_plans(self):
        cut = GOOD.split("ok 1 only")[0]
        errors = ktap.parse(cut).errors
        self.assertTrue(any("beta: plan announced 1 cases, 0 reported" in e for e in errors), errors)
        self.assertTrue(any("plan announced 2 suites, 1 reported" in e for e in errors), errors)

    def test_wrong_suite_plan(self):
        text = GOOD.replace("    1..2\n", "    1..3\n", 1)
        self.assertTrue(any("alpha: plan announced 3" in e for e in ktap.parse(text).errors))

    def test_out_of_order(self):
        text = GOOD.replace("not ok 2 second", "not ok 3 second")
        self.assertTrue(any("out of order" in e for e in ktap.parse(text).errors))

    def test_failed_result_without_a_suite(self):
        # what tests/unit/run.py once printed for a program that crashed
        # before its first line reached the pipe
        text = "KTAP version 1\n1..1\nnot ok 1 test_buddy\n"
        errors = ktap.parse(text).errors
        self.assertTrue(any("test_buddy: failed without a suite" in e
                            for e in errors), errors)

    def test_contradicting_verdict(self):
        text = GOOD.replace("not ok 1 alpha", "ok 1 alpha")
        self.assertTrue(any("contradicts" in e for e in ktap.parse(text).errors))
