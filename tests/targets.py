# SPDX-License-Identifier: GPL-2.0-only
"""What `make test` runs: targets, and the boots and host layers of each.

`make test-NAME` runs one target. A Guest is one boot of the kernel under
Bochs: memory size, kernel command line, which checkpoints the oracle
inspects, and patterns the output must contain. A Host layer is a command
that prints KTAP.
"""
from dataclasses import dataclass, field

PY = "/usr/bin/python3"


@dataclass
class Guest:
    name: str
    cmdline: str
    megs: int = 32
    timeout: int = 120
    oracles: tuple = ()
    expect_output: tuple = ()
    expect_failure: str = None    # runner self-tests: the reason to report
    weight: int = 1               # rough cost, to schedule long runs first


@dataclass
class Host:
    name: str
    command: list
    weight: int = 1               # rough cost, to schedule long runs first


@dataclass
class Target:
    doc: str
    host: list = field(default_factory=list)
    guests: list = field(default_factory=list)


def _runner_selftests():
    """Boots that fail on purpose, one way each (kernel/kunit/selftest.c):
    the runner must report every one of them as a failure, for its reason.
    The control boot, identical but for crash=, must be judged clean."""
    cases = [("panic", "kernel panic", 60), ("oops", "unexpected oops", 60),
             ("triple", "triple fault", 60), ("hang", "hang", 8),
             ("badplan", "plan announced", 60), ("poweroff", "plan announced", 60)]
    runs = [Guest(f"crash-{mode}", f"test=lib crash={mode} panic=-1",
                  timeout=timeout, expect_failure=reason, weight=3 if mode == "hang" else 1)
            for mode, reason, timeout in cases]
    runs.append(Guest("control", "test=lib panic=-1"))
    return runs


TARGETS = {
    "unit": Target(
        "host unit tests of kernel/lib, compiled with ASan and UBSan",
        host=[Host("unit", [PY, "tests/unit/run.py"])]),
    "tools": Target(
        "tests of the host tools (parsers, image and cpio builders, oracle walker)",
        host=[Host("tools", [PY, "tests/runner/run.py"], weight=4)]),
    "book": Target(
        "the book: Doxygen and Sphinx with warnings as errors, coverage of the "
        "headers, no line numbers in prose",
        host=[Host("book", [PY, "tests/book/run.py"], weight=5)]),
    "boot": Target(
        "boot path, KUnit framework, lib, scheduler, traps; paging oracle",
        guests=[Guest("32M", "test=boot,kunit,lib,sched,traps panic=-1 bogus_option=1",
                      oracles=("paging",),
                      expect_output=(r"Unknown boot option `bogus_option=1': ignoring",
                                     r"^# Totals: pass:\d+ fail:0 "),
                      weight=2)]),
    "runner": Target(
        "the runner notices panics, oopses, triple faults, hangs, bad plans",
        guests=_runner_selftests()),
}

# `make test-chN` for the chapters of the book (book/chNN-*.rst).
ALIASES = {"ch1": "boot"}


@dataclass
class Bench:
    """One boot of `make bench`: bench_* suites on a given machine size."""
    name: str
    cmdline: str
    megs: int = 32
    timeout: int = 600


# `make bench`. Besides the "# bench:" lines of the suites, every run reports
# the emulated instructions from reset to the first test (kunit_start).
BENCH = [
    Bench("sched-32M", "test=bench_sched"),
    Bench("boot-1024M", "test=bench_sched.context_switch", megs=1024),
]
