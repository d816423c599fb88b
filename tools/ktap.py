#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Parse KTAP version 1, the format of Linux's (and vmm386's) test output.

    KTAP version 1
    1..2                      <- plan: two suites
        KTAP version 1
        # Subtest: boot
        1..3                  <- the suite's plan
        # diagnostic lines belong to the next result
        ok 1 case_name
        not ok 2 other_case
        ok 3 skipped # SKIP reason
    ok 1 boot
    ...

Kernel log lines (with a "[    1.234567] " stamp) may interleave; they are
kept apart as `log` lines. parse() returns a Document whose `errors` list
every way the output departs from its own plans: a missing or wrong plan,
results out of order, a suite whose verdict contradicts its cases, a
failed top-level result with no suite behind it, output that ends early. A run is only as good as its KTAP is complete.
"""
import re
import sys

RESULT_RE = re.compile(r"^(not ok|ok) (\d+)(?: (?:- )?([^#]*?))?\s*(?:# (SKIP|TODO)\s*(.*))?$")
PLAN_RE = re.compile(r"^1\.\.(\d+)$")
STAMP_RE = re.compile(r"^\[\s*\d+\.\d+\] ")


class Case:
    """One test result."""

    def __init__(self, number, name, ok, directive=None, reason="", diag=None):
        self.number = number
        self.name = name
        self.ok = ok
        self.skip = directive == "SKIP"
        self.reason = reason
        self.diag = diag or []

    def __repr__(self):
        return f"Case({self.number}, {self.name!r}, ok={self.ok}, skip={self.skip})"


class Suite:
    """A KTAP subtest: a named group of cases with its own plan."""

    def __init__(self, name=None):
        self.name = name
        self.plan = None
        self.cases = []
        self.result = None      # the parent's Case for this suite

    @property
    def ok(self):
        return self.result is not None and self.result.ok


class Document:
    """Everything parse() found."""

    def __init__(self):
        self.version_seen = False
        self.plan = None
        self.suites = []
        self.errors = []
        self.log = []

    def cases(self):
        """(suite name, Case) for every case of every suite."""
        for s in self.suites:
            for c in s.cases:
                yield s.name, c


def _indent(line):
    return len(line) - len(line.lstrip(" "))


def parse(text):
    """Parse KTAP from `text` (the whole guest output)."""
    doc = Document()
    suite = None
    diag = []
    top_results = []
    for raw in text.splitlines():
        line = raw.rstrip("\r")
        if STAMP_RE.match(line):
            doc.log.append(line)
            continue
        body = line.strip()
        if not body:
            continue
        ind = _indent(line)
        if body == "KTAP version 1":
            if ind == 0:
                if doc.version_seen:
                    doc.errors.append("a second top-level 'KTAP version 1'")
                doc.version_seen = True
            else:
                suite = Suite()
                doc.suites.append(suite)
                diag = []
            continue
        if not doc.version_seen:
            doc.log.append(line)
            continue
        m = PLAN_RE.match(body)
        if m:
            if ind == 0:
                doc.plan = int(m.group(1))
            elif suite is not None:
                suite.plan = int(m.group(1))
            continue
        if body.startswith("# Subtest:") and suite is not None:
            suite.name = body.split(":", 1)[1].strip()
            continue
        if body.startswith("#"):
            diag.append(body)
            continue
        m = RESULT_RE.match(body)
        if m:
            ok = m.group(1) == "ok"
            case = Case(int(m.group(2)), (m.group(3) or "").strip(), ok,
                        m.group(4), m.group(5) or "", diag)
            diag = []
            if ind > 0 and suite is not None:
                if case.number != len(suite.cases) + 1:
                    doc.errors.append(f"{suite.name}: result {case.number} "
                                      f"out of order (expected {len(suite.cases) + 1})")
                suite.cases.append(case)
            else:
                top_results.append(case)
                if suite is not None and suite.result is None and \
                        case.name == suite.name:
                    suite.result = case
            continue
        doc.log.append(line)
    _check(doc, top_results)
    return doc


def _check(doc, top_results):
    if not doc.version_seen:
        doc.errors.append("no KTAP output ('KTAP version 1' never printed)")
        return
    if doc.plan is None:
        doc.errors.append("no top-level plan (1..N)")
    elif len(top_results) != doc.plan:
        doc.errors.append(f"plan announced {doc.plan} suites, "
                          f"{len(top_results)} reported")
    suites = {s.result for s in doc.suites}
    for r in top_results:
        if not r.ok and not r.skip and r not in suites:
            doc.errors.append(f"{r.name or r.number}: failed without a suite "
                              f"of cases to say why")
    for s in doc.suites:
        name = s.name or "(unnamed suite)"
        if s.plan is None:
            doc.errors.append(f"{name}: no plan")
        elif len(s.cases) != s.plan:
            doc.errors.append(f"{name}: plan announced {s.plan} cases, "
                              f"{len(s.cases)} reported")
        if s.result is None:
            doc.errors.append(f"{name}: no result line for the suite")
        elif s.result.ok != all(c.ok for c in s.cases):
            doc.errors.append(f"{name}: suite verdict contradicts its cases")


def main():
    doc = parse(open(sys.argv[1]).read() if len(sys.argv) > 1 else sys.stdin.read())
    for suite, case in doc.cases():
        print(f"{'ok' if case.ok else 'FAIL'} {suite}.{case.name}")
    for e in doc.errors:
        print("error:", e)
    sys.exit(1 if doc.errors or any(not c.ok for _, c in doc.cases()) else 0)


if __name__ == "__main__":
    main()
