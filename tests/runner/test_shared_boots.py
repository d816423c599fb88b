# SPDX-License-Identifier: GPL-2.0-only
"""tools/testrun.py's shared boots: which guest runs share a boot, and
that each run of a shared boot is reported only with its own suites'
cases and its own oracles' checks."""
import os
import tempfile
import unittest

import oracle
import targets
import testrun


def names(boots):
    return [[f"{t}/{g.name}" for t, g, _ in boot] for boot in boots]


class GroupingTest(unittest.TestCase):
    def test_same_size_and_options_share(self):
        runs = [("a", targets.Guest("1G", "test=zones panic=-1", megs=1024)),
                ("b", targets.Guest("1G", "test=buddy panic=-1", megs=1024)),
                ("c", targets.Guest("32M", "test=buddy panic=-1")),
                ("d", targets.Guest("1G-np", "test=slab panic=-1 nopentium", megs=1024)),
                ("e", targets.Guest("1G-np", "test=zones panic=-1 nopentium", megs=1024))]
        self.assertEqual(names(testrun.shared_boots(runs)),
                         [["a/1G", "b/1G"], ["c/32M"], ["d/1G-np", "e/1G-np"]])

    def test_a_suite_runs_once_per_boot(self):
        runs = [("a", targets.Guest("x", "test=vmalloc panic=-1")),
                ("b", targets.Guest("y", "test=vmalloc panic=-1")),
                ("c", targets.Guest("z", "test=slab,kmap panic=-1"))]
        self.assertEqual(names(testrun.shared_boots(runs)),
                         [["a/x", "c/z"], ["b/y"]])

    def test_who_boots_alone(self):
        runs = [("a", targets.Guest("x", "test=zones panic=-1")),
                ("b", targets.Guest("disk", "test=ata panic=-1", disk2_mb=4)),
                ("c", targets.Guest("crash", "test=lib crash=oops panic=-1",
                                    expect_failure="oops")),
                ("d", targets.Guest("control", "test=lib panic=-1", alone=True)),
                ("e", targets.Guest("case", "test=boot.one_case panic=-1")),
                ("f", targets.Guest("init", "init=/bin/init panic=-1")),
                ("g", targets.Guest("y", "test=slab panic=-1"))]
        self.assertEqual(names(testrun.shared_boots(runs)),
                         [["a/x", "g/y"], ["b/disk"], ["c/crash"], ["d/control"],
                          ["e/case"], ["f/init"]])


TEXT = """KTAP version 1
1..2
    KTAP version 1
    # Subtest: zones
    1..1
    ok 1 zone_sizes
ok 1 zones
    KTAP version 1
    # Subtest: buddy
    1..2
    ok 1 split
    not ok 2 merge
not ok 2 buddy
# Totals: pass:2 fail:1 skip:0 total:3
[    0.100000] Power down.
"""


class ReportTest(unittest.TestCase):
    def setUp(self):
        self.saved = testrun.ARTEFACTS
        self.dir = tempfile.TemporaryDirectory()
        testrun.ARTEFACTS = self.dir.name

    def tearDown(self):
        testrun.ARTEFACTS = self.saved
        self.dir.cleanup()

    def report(self, target, spec, suites):
        run = {"stop": "exit", "text": TEXT, "cps": [], "cmdline": spec.cmdline,
               "log": "Shutdown port: shutdown requested\n", "wall": 1.0,
               "oracle_data": {},
               "checks": [("zones", oracle.Check("zones: seen", True)),
                          ("slab", oracle.Check("slab: seen", False)),
                          (None, oracle.Check("the boot", True))]}
        rep = testrun.Reporter()
        lines = []
        rep.result = lambda name, ok, detail=(), skipped=False: lines.append((name, ok))
        testrun.report_guest(target, spec, run, rep, suites=suites)
        return lines

    def test_each_run_reports_its_own(self):
        zones = self.report("ch3", targets.Guest("1G", "test=zones panic=-1",
                                                 oracles=("zones",)), {"zones"})
        self.assertEqual([n for n, _ in zones],
                         ["ch3/1G: zones.zone_sizes", "ch3/1G: oracle: zones: seen",
                          "ch3/1G: oracle: the boot",
                          "ch3/1G: clean run (1.0 s, 32 MiB, 2 oracle checks)"])
        buddy = self.report("ch7", targets.Guest("1G", "test=buddy panic=-1",
                                                 oracles=("slab",)), {"buddy"})
        self.assertEqual(buddy, [("ch7/1G: buddy.split", True), ("ch7/1G: buddy.merge", False),
                                 ("ch7/1G: oracle: slab: seen", False),
                                 ("ch7/1G: oracle: the boot", True),
                                 ("ch7/1G: clean run (1.0 s, 32 MiB, 2 oracle checks)", True)])
        self.assertTrue(os.path.exists(os.path.join(self.dir.name, "ch7", "1G.log")))


if __name__ == "__main__":
    unittest.main()
