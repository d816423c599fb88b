#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Run the tests of the host tools (tests/runner/test_*.py) with unittest
and print the results as KTAP, one suite per test module."""
import os
import sys
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path[:0] = [HERE, os.path.join(ROOT, "tools"), os.path.join(ROOT, "tests")]


def main():
    loader = unittest.TestLoader()
    modules = sorted(f[:-3] for f in os.listdir(HERE)
                     if f.startswith("test_") and f.endswith(".py"))
    print("KTAP version 1")
    print(f"1..{len(modules)}")
    failed = False
    for i, name in enumerate(modules, 1):
        suite = loader.loadTestsFromName(name)
        tests = list(_flatten(suite))
        print("    KTAP version 1")
        print(f"    # Subtest: {name}")
        print(f"    1..{len(tests)}")
        # Run the suite as a whole, so that setUpClass() fixtures run.
        r = _Recorder()
        suite.run(r)
        ok = True
        for n, t in enumerate(tests, 1):
            problems = r.problems.get(t.id(), [])
            if t.id() not in r.seen and not problems:
                problems = ["never ran (a class fixture failed?)"] + r.fixture_problems
            for tb in problems:
                for line in tb.splitlines()[-12:]:
                    print(f"    # {line}")
            skip = r.skip_reasons.get(t.id())
            print(f"    {'not ok' if problems else 'ok'} {n} {t._testMethodName}"
                  + (f" # SKIP {skip}" if skip and not problems else ""))
            ok &= not problems
        print(f"{'ok' if ok else 'not ok'} {i} {name}")
        failed |= not ok
    sys.exit(1 if failed else 0)


class _Recorder(unittest.TestResult):
    """Outcomes per test id; errors of class fixtures kept apart."""

    def __init__(self):
        super().__init__()
        self.problems, self.seen, self.skip_reasons, self.fixture_problems = {}, set(), {}, []

    def startTest(self, test):
        super().startTest(test)
        self.seen.add(test.id())

    def _record(self, test, err):
        text = self._exc_info_to_string(err, test)
        if isinstance(test, unittest.TestCase):
            self.problems.setdefault(test.id(), []).append(text)
        else:   # setUpClass / tearDownClass / module fixtures
            self.fixture_problems.append(text)

    def addError(self, test, err):
        super().addError(test, err)
        self._record(test, err)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._record(test, err)

    def addSkip(self, test, reason):
        super().addSkip(test, reason)
        self.skip_reasons[test.id()] = reason


def _flatten(suite):
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            yield from _flatten(t)
        else:
            yield t


if __name__ == "__main__":
    main()
