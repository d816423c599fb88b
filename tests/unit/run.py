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
"""
import glob
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
OUT = os.path.join(ROOT, "build", "unit")
CFLAGS = ["-std=gnu11", "-O1", "-g", "-Wall", "-Wextra", "-Werror",
          "-Wno-unused-parameter", "-Wno-format-truncation",
          "-fsanitize=address,undefined", "-fno-sanitize-recover=all",
          "-fno-omit-frame-pointer", "-fno-builtin", "-D__VMM_HOST_TEST"]


def build(test):
    """Compile `test` and its kernel sources; return the binary or None."""
    text = open(test).read()
    sources = " ".join(re.findall(r"UNIT-SOURCES:(.*)", text)).split()
    exe = os.path.join(OUT, os.path.splitext(os.path.basename(test))[0])
    deps = [test, __file__] + [os.path.join(ROOT, s) for s in sources] + \
        glob.glob(os.path.join(ROOT, "kernel/include/*.h")) + \
        glob.glob(os.path.join(HERE, "*.h"))
    if os.path.exists(exe) and os.path.getmtime(exe) >= max(map(os.path.getmtime, deps)):
        return exe
    os.makedirs(OUT, exist_ok=True)
    # Each program gets its own object directory: chapter targets build
    # their programs in parallel, and two compilers writing one shared
    # vsnprintf.c.o while a third links it once produced a CI failure.
    objdir = exe + ".objs"
    os.makedirs(objdir, exist_ok=True)
    objs = []
    for src in sources:
        obj = os.path.join(objdir, os.path.basename(src) + ".o")
        r = subprocess.run(["gcc", *CFLAGS, "-I", os.path.join(ROOT, "kernel/include"),
                            "-include", os.path.join(HERE, "host_rename.h"),
                            "-c", "-o", obj, os.path.join(ROOT, src)],
                           capture_output=True, text=True)
        if r.returncode:
            sys.stderr.write(r.stderr)
            return None
        objs.append(obj)
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


def main():
    tests = select(sys.argv[1:])
    docs, failed = [], False
    for t in tests:
        exe = build(t)
        name = os.path.splitext(os.path.basename(t))[0]
        if not exe:
            docs.append((name, None))
            failed = True
            continue
        r = subprocess.run([exe], capture_output=True, text=True,
                           env=dict(os.environ, ASAN_OPTIONS="detect_leaks=1",
                                    UBSAN_OPTIONS="print_stacktrace=1"))
        sys.stderr.write(r.stderr)
        docs.append((name, r.stdout))
        failed |= r.returncode != 0
    print("KTAP version 1")
    print(f"1..{len(docs)}")
    for i, (name, out) in enumerate(docs, 1):
        if out is None:
            print(f"    KTAP version 1\n    # Subtest: {name}\n    1..0")
            print(f"not ok {i} {name} # build failed")
            continue
        lines = out.splitlines()
        body = [l for l in lines[2:] if not re.match(r"^(not ok|ok) 1 ", l)]
        print("\n".join(body))
        last = [l for l in lines if re.match(r"^(not ok|ok) 1 ", l)]
        verdict = last[-1].split(" 1 ")[0] if last else "not ok"
        m = re.search(r"# Subtest: (\S+)", out)
        print(f"{verdict} {i} {m.group(1) if m else name}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
