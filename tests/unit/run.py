#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Build and run the host unit tests (tests/unit/test_*.c).

Each test program names the kernel sources it tests on one or more lines
`// UNIT-SOURCES: kernel/lib/string.c ...`. Those sources are compiled for
the host with AddressSanitizer and UndefinedBehaviorSanitizer (any report
aborts the program) and with host_rename.h forced in, so the kernel's
functions never collide with the C library's. Every program prints KTAP;
this script concatenates them into one KTAP document on stdout.

    run.py                      every test_*.c
    run.py test_buddy ...       only these
    run.py --exclude test_buddy ...   all but these
    run.py --program PATH.c ... these programs, wherever they are (the
                                runner's self-tests use it)

A program that dies before printing its suite's verdict (a BUG(), an ASan
or UBSan report, a signal) is reported as a failed case of its own,
"program_crashed", after the cases it finished, with the way it died and
its last output; its suite's plan then no longer matches either. So a
crash can never vanish from the results.
"""
import contextlib
import fcntl
import glob
import os
import re
import signal
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(ROOT, "build", "unit")
# Objects of kernel sources, shared by every program that tests them.
OBJDIR = os.path.join(OUT, "objs")
CFLAGS = ["-std=gnu11", "-O1", "-g", "-Wall", "-Wextra", "-Werror",
          "-Wno-unused-parameter", "-Wno-format-truncation",
          "-fsanitize=address,undefined", "-fno-sanitize-recover=all",
          "-fno-omit-frame-pointer", "-fno-builtin", "-D__VMM_HOST_TEST"]


def _fresh(path, deps):
    """Whether `path` exists and is newer than every file in `deps`."""
    return os.path.exists(path) and \
        os.path.getmtime(path) >= max(map(os.path.getmtime, deps))


@contextlib.contextmanager
def _locked(path):
    """Hold an exclusive lock named after `path` (path + ".lock"): the
    chapter targets build their programs in parallel, from shared
    objects, and two compilers once wrote one object while a third linked
    it. With the lock, one process builds and the others wait, then find
    the result fresh."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path + ".lock", "w") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        yield


def compile_source(src, common):
    """The object of kernel source `src` (relative to the repository),
    compiled once for every program that lists it: the flags are the same
    for all of them. Returns its path, or None if it does not compile."""
    obj = os.path.join(OBJDIR, src.replace("/", "_") + ".o")
    with _locked(obj):
        if _fresh(obj, common + [os.path.join(ROOT, src)]):
            return obj
        r = subprocess.run(["gcc", *CFLAGS, "-I", os.path.join(ROOT, "kernel/include"),
                            "-include", os.path.join(HERE, "host_rename.h"),
                            "-c", "-o", obj + ".new", os.path.join(ROOT, src)],
                           capture_output=True, text=True)
        if r.returncode:
            sys.stderr.write(r.stderr)
            return None
        os.replace(obj + ".new", obj)   # never link a half-written object
    return obj


def build(test):
    """Compile `test` and its kernel sources; return the binary or None."""
    text = open(test).read()
    sources = " ".join(re.findall(r"UNIT-SOURCES:(.*)", text)).split()
    exe = os.path.join(OUT, os.path.splitext(os.path.basename(test))[0])
    common = [__file__] + glob.glob(os.path.join(ROOT, "kernel/include/*.h")) + \
        glob.glob(os.path.join(HERE, "*.h"))
    deps = [test] + common + [os.path.join(ROOT, s) for s in sources]
    with _locked(exe):
        if _fresh(exe, deps):
            return exe
        objs = [compile_source(src, common) for src in sources]
        if None in objs:
            return None
        r = subprocess.run(["gcc", *CFLAGS, "-I", os.path.join(ROOT, "kernel/include"),
                            "-I", HERE, "-o", exe + ".new", test, *objs],
                           capture_output=True, text=True)
        if r.returncode:
            sys.stderr.write(r.stderr)
            return None
        os.replace(exe + ".new", exe)   # never run a half-written binary
    return exe


def select(args):
    """The test sources named by the command line (see the docstring)."""
    if args[:1] == ["--program"]:
        return [os.path.abspath(a) for a in args[1:]]
    tests = sorted(glob.glob(os.path.join(HERE, "test_*.c")))
    name = lambda t: os.path.splitext(os.path.basename(t))[0]  # noqa: E731
    if args[:1] == ["--exclude"]:
        return [t for t in tests if name(t) not in args[1:]]
    if args:
        unknown = set(args) - {name(t) for t in tests}
        if unknown:
            sys.exit(f"no such unit test: {' '.join(sorted(unknown))}")
        return [t for t in tests if name(t) in args]
    return tests


VERDICT_RE = re.compile(r"^(not ok|ok) 1 ")
SANITIZER_RE = re.compile(r"ERROR: \w+Sanitizer|SUMMARY: \w+Sanitizer|runtime error:")
LAST_LINES = 12
# Every unit program finishes in seconds, even on a loaded machine: one
# that runs for minutes is stuck. Reported as a crash, never waited for.
TIMEOUT = int(os.environ.get("UNIT_TIMEOUT", "120"))
TIMED_OUT = 1000    # not an exit status a program can have


def _text(data):
    """Partial output of a program that was stopped: bytes or str."""
    if data is None:
        return ""
    return data.decode(errors="replace") if isinstance(data, bytes) else data


def run_program(exe):
    """Run one unit program: (stdout, stderr, exit status). A program that
    is still running after TIMEOUT seconds is in an endless loop -- every
    program finishes in a few seconds -- and is stopped: its status is then
    TIMED_OUT, and its output so far is kept."""
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=1",
               UBSAN_OPTIONS="print_stacktrace=1")
    try:
        r = subprocess.run([exe], capture_output=True, text=True, env=env,
                           timeout=TIMEOUT)
    except subprocess.TimeoutExpired as e:
        return _text(e.stdout), _text(e.stderr), TIMED_OUT
    return r.stdout, r.stderr, r.returncode


def how_it_died(returncode):
    """The exit status of a program that stopped early, in words."""
    if returncode == TIMED_OUT:
        return f"still running after {TIMEOUT} s: stopped (an endless loop?)"
    if returncode < 0:
        try:
            return f"killed by {signal.Signals(-returncode).name}"
        except ValueError:
            return f"killed by signal {-returncode}"
    return f"exit status {returncode}"


def last_output(out, err):
    """What to show of a program that died: the sanitizers' verdict lines
    (their reports end in a legend, not in the verdict), then the last
    lines of its error output -- or of its output, if it wrote no errors."""
    errs = [l for l in err.splitlines() if l.strip()]
    verdicts = [l for l in errs if SANITIZER_RE.search(l)][:4]
    tail = errs[-LAST_LINES:] or \
        [l for l in out.splitlines() if l.strip()][-LAST_LINES:]
    shown = verdicts + ["last output:"] + [l for l in tail if l not in verdicts]
    return shown if tail or verdicts else ["last output: (none)"]


def suite_text(number, name, out, err, returncode):
    """Program `number`'s output as a KTAP suite, indented, with its verdict.

    A program that finished printed a top-level verdict line: its suite is
    passed on as it is. One that did not died on the way: the cases it
    finished are kept and a failed case "program_crashed" is added, whose
    diagnostics say how it died and show its last output."""
    lines = out.splitlines()
    verdicts = [l for l in lines if VERDICT_RE.match(l)]
    m = re.search(r"# Subtest: (\S+)", out)
    suite = m.group(1) if m else name
    body = [l for l in lines[2:] if not VERDICT_RE.match(l)]
    if verdicts and returncode in (0, 1):
        verdict = verdicts[-1].split(" 1 ")[0]
        return "\n".join(body + [f"{verdict} {number} {suite}"])
    if not m:
        # Nothing of the suite reached us: announce it, so that the
        # crash has a suite to be a case of.
        body = ["    KTAP version 1", f"    # Subtest: {suite}", "    1..1"]
    done = sum(1 for l in body if re.match(r"^    (not ok|ok) \d+ ", l))
    body.append(f"    # {name} died before its last result: "
                f"{how_it_died(returncode)}")
    body += [f"    #   {l}" for l in last_output(out, err)]
    body.append(f"    not ok {done + 1} program_crashed")
    return "\n".join(body + [f"not ok {number} {suite}"])


def main():
    tests = select(sys.argv[1:])
    docs, failed = [], False
    for t in tests:
        exe = build(t)
        name = os.path.splitext(os.path.basename(t))[0]
        if not exe:
            docs.append(f"    KTAP version 1\n    # Subtest: {name}\n    1..0\n"
                        f"not ok {len(docs) + 1} {name} # build failed")
            failed = True
            continue
        out, err, rc = run_program(exe)
        sys.stderr.write(err)
        docs.append(suite_text(len(docs) + 1, name, out, err, rc))
        failed |= rc != 0
    print("KTAP version 1")
    print(f"1..{len(docs)}")
    for text in docs:
        print(text)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
