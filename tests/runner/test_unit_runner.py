# SPDX-License-Identifier: GPL-2.0-only
"""tests/unit/run.py: a unit program that dies on the way (a signal, an
abort as in a host BUG(), an AddressSanitizer or UBSan report, a crash
before its first result) is a failed case with its last output, never a
silent gap in the results. tests/unit/selftest_crash.c dies on purpose."""
import os
import subprocess
import unittest

import ktap

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
RUN = [os.path.join("/usr/bin/python3"), os.path.join(ROOT, "tests/unit/run.py"),
       "--program", os.path.join(ROOT, "tests/unit/selftest_crash.c")]


def run(mode, **env):
    """run.py on the crashing program in `mode`: (exit status, Document)."""
    r = subprocess.run(RUN, capture_output=True, text=True,
                       env=dict(os.environ, UNIT_CRASH=mode, **env))
    return r.returncode, ktap.parse(r.stdout)


class UnitRunnerTest(unittest.TestCase):
    def assert_crash(self, mode, finished, how, **env):
        rc, doc = run(mode, **env)
        self.assertEqual(rc, 1)
        cases = [(c.name, c.ok) for _, c in doc.cases()]
        self.assertEqual(cases, [(n, True) for n in finished] +
                         [("program_crashed", False)])
        crashed = [c for _, c in doc.cases()][-1]
        diag = "\n".join(crashed.diag)
        self.assertIn("selftest_crash died before its last result", diag)
        self.assertIn(how, diag)
        # the plan of three cases was not kept: that is an error too
        self.assertTrue(any("plan announced 3 cases" in e for e in doc.errors),
                        doc.errors)
        return diag

    def test_control_runs_clean(self):
        rc, doc = run("none")
        self.assertEqual(rc, 0)
        self.assertEqual(doc.errors, [])
        self.assertEqual([(c.name, c.ok) for _, c in doc.cases()],
                         [("first_case", True), ("second_case", True),
                          ("third_case", True)])

    def test_signal(self):
        # UBSan sees the NULL store first; without it, SIGSEGV
        self.assert_crash("segv", ["first_case"], "null pointer")

    def test_abort_like_a_host_bug(self):
        diag = self.assert_crash("abort", ["first_case"], "killed by SIGABRT")
        self.assertIn("about to crash: abort", diag)

    def test_address_sanitizer_report(self):
        self.assert_crash("asan", ["first_case"],
                          "ERROR: AddressSanitizer: heap-buffer-overflow")

    def test_ubsan_report(self):
        self.assert_crash("ubsan", ["first_case"],
                          "runtime error: signed integer overflow")

    def test_endless_loop_is_stopped(self):
        # a short limit for the test; the default is two minutes
        diag = self.assert_crash("loop", ["first_case"], "stopped (an endless loop?)",
                                 UNIT_TIMEOUT="2")
        self.assertIn("about to crash: loop", diag)

    def test_crash_before_the_first_result(self):
        # once the case that vanished: nothing flushed, no case at all
        self.assert_crash("first", [], "died before its last result")


if __name__ == "__main__":
    unittest.main()
