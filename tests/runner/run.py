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
        ok = True
        for n, t in enumerate(tests, 1):
            r = unittest.TestResult()
            t.run(r)
            problems = r.failures + r.errors
            for _, tb in problems:
                for line in tb.splitlines()[-12:]:
                    print(f"    # {line}")
            print(f"    {'not ok' if problems else 'ok'} {n} {t._testMethodName}")
            ok &= not problems
        print(f"{'ok' if ok else 'not ok'} {i} {name}")
        failed |= not ok
    sys.exit(1 if failed else 0)


def _flatten(suite):
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            yield from _flatten(t)
        else:
            yield t


if __name__ == "__main__":
    main()
