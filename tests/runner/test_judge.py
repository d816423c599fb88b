# SPDX-License-Identifier: GPL-2.0-only
"""tools/testrun.py's judge(): every way a run can go wrong is named."""
import unittest

import ktap
import testrun

CLEAN = """KTAP version 1
1..1
    KTAP version 1
    # Subtest: s
    1..1
    ok 1 c
ok 1 s
[    0.100000] Power down.
"""
SHUTDOWN_LOG = "00203018192p[UNMAP ] >>PANIC<< Shutdown port: shutdown requested\n"


def judge(text, stop="exit", log=SHUTDOWN_LOG):
    return testrun.judge(text, stop, log, ktap.parse(text), 60)


class JudgeTest(unittest.TestCase):
    def test_clean(self):
        self.assertEqual(judge(CLEAN), [])

    def test_panic(self):
        p = judge(CLEAN + "[    0.2] Kernel panic - not syncing: boom\n")
        self.assertTrue(any("kernel panic: boom" in x for x in p), p)

    def test_unexpected_and_expected_oops(self):
        oops = "[    0.300000] Oops: 0002 [#1]\n"
        self.assertTrue(any("unexpected oops" in x for x in judge(CLEAN + oops)))
        self.assertEqual(judge(CLEAN + "# expected oops follows (task t)\n" + oops), [])

    def test_hang(self):
        self.assertTrue(any("hang" in x for x in judge(CLEAN, stop="timeout", log="")))

    def test_triple_fault(self):
        log = "00000001234e[CPU0  ] exception(): 3rd (13) exception with no resolution\n"
        self.assertTrue(any("triple fault" in x for x in judge(CLEAN, log=log)))

    def test_exit_without_power_off(self):
        p = judge(CLEAN.replace("[    0.100000] Power down.\n", ""), log="")
        self.assertTrue(any("without a power-off" in x for x in p), p)

    def test_ktap_errors_fail_the_run(self):
        self.assertTrue(any(x.startswith("KTAP:") for x in judge(CLEAN.replace("1..1\n    KTAP", "1..2\n    KTAP"))))

    def test_warning(self):
        self.assertTrue(any("kernel warning" in x for x in judge(CLEAN + "[ 1.0] WARNING: at a.c:1: x\n")))

    def test_bug_report_before_expected_oops_is_excused(self):
        bug = "[ 0.4] BUG: spinlock recursion on l\n[ 0.4] kernel BUG at x.c:1!\n"
        self.assertTrue(any("kernel bug report" in x for x in judge(CLEAN + bug)))
        self.assertEqual(judge(CLEAN + bug + "# expected oops follows (task t)\n"
                               "[    0.400000] invalid operand: 0000 [#1]\n"), [])

    def test_announced_report_is_excused(self):
        bug = "[ 0.4] BUG: kunmap_high: pkmap slot 3 has no user to drop\n"
        self.assertEqual(judge(CLEAN + "# expected report follows (x)\n" + bug), [])
        # Only the report right after the announcement.
        self.assertTrue(any("kernel bug report" in x for x in judge(
            CLEAN + "# expected report follows (x)\n" + bug + "a\nb\nc\n" + bug)))
