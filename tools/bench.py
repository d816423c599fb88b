#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""`make bench`: costs of each mechanism in emulated instructions.

Boots every run listed in tests/targets.py's BENCH, collects the lines
"# bench: KEY VALUE UNIT" the bench_* suites print, adds the emulated
ticks from reset to the first test (the kunit_start checkpoint), and
writes build/bench/results.json (with the hash of the image each run
measured, so the book can tell stale numbers) and a table on stdout.
Under Bochs with `clock: sync=none` every number is exactly reproducible;
--twice runs everything twice and fails if any number differs.

    bench.py [RUN...] [--twice]
"""
import argparse
import concurrent.futures
import json
import os
import re
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path[:0] = [HERE, os.path.join(ROOT, "tests")]
import bochs    # noqa: E402
import diskpattern  # noqa: E402
import ktap     # noqa: E402
import targets  # noqa: E402
import transcript  # noqa: E402

IMAGE = os.path.join(ROOT, "build", "vmm386.img")
OUT = os.path.join(ROOT, "build", "bench")
BENCH_RE = re.compile(r"^\s*# bench: (\S+) (\d+) (\S+)\s*$", re.M)


def parse_results(text):
    """{key: (value, unit)} from guest output."""
    return {k: (int(v), u) for k, v, u in BENCH_RE.findall(text)}


def run_one(spec, image=IMAGE):
    """Boot one bench run of `image`; returns its record or raises
    RuntimeError."""
    extra, work = [], tempfile.mkdtemp(prefix="vmm386-bench-")
    if getattr(spec, "disk2_mb", 0):
        disk2 = os.path.join(work, "disk2.img")
        diskpattern.create(disk2, spec.disk2_mb)
        extra.append(f'ata0-slave: type=disk, path="{disk2}", mode=flat')
    m = bochs.Machine(image, cmdline=spec.cmdline + " panic=-1 loglevel=4",
                      megs=spec.megs, timeout=spec.timeout, magic=True,
                      workdir=work, extra=extra)
    try:
        m.start()
        stop, text, cps, _ = bochs.run_to_end(m)
    finally:
        m.close()
    doc = ktap.parse(text)
    bad = [f"{s}.{c.name}" for s, c in doc.cases() if not c.ok] + doc.errors
    if stop != "exit" or bad:
        raise RuntimeError(f"{spec.name}: stop={stop} problems={bad}")
    results = parse_results(text)
    ticks = dict((n, t) for n, _, t, _ in cps if n)
    if "kunit_start" in ticks:
        # Bochs' ticks are emulated instructions (clock: sync=none).
        results["boot.reset_to_first_test"] = (ticks["kunit_start"], "insns")
    return {"megs": spec.megs, "cmdline": spec.cmdline, "results": results,
            "image": image_hash(image)}


# Figures that measure one whole phase or count something over a whole
# run; every other figure of the bench_* suites is an average per operation
# (the suites divide by the number of operations they timed).
TOTAL_PREFIXES = ("boot.", "mm.boot.")
PER_OPERATION_SUFFIXES = ("_per_page",)


def unit_text(key, unit):
    """'insns per op' or 'insns total' (or 'pages total') for the table."""
    if "_per_" in key and not key.endswith(PER_OPERATION_SUFFIXES):
        return f"{unit} per {key.split('_per_', 1)[1].replace('_', ' ')}"
    total = key.startswith(TOTAL_PREFIXES) and not key.endswith(PER_OPERATION_SUFFIXES) \
        or unit not in ("insns",)
    return f"{unit} {'total' if total else 'per op'}"


def image_hash(path=IMAGE):
    """Which kernel the numbers belong to (the book re-runs stale ones)."""
    return transcript.file_hash(path)[:16]


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("runs", nargs="*")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--twice", action="store_true",
                    help="run everything twice and require identical numbers")
    args = ap.parse_args()
    specs = [b for b in targets.BENCH if not args.runs or b.name in args.runs]
    start = time.monotonic()
    runs = {}
    failed = False

    def measure(spec):
        rec = run_one(spec)
        if args.twice and run_one(spec)["results"] != rec["results"]:
            raise RuntimeError(f"{spec.name}: results differ between two runs")
        return rec

    # Emulated instruction counts do not depend on what else the host runs,
    # so the boots can share the CPUs.
    print(f"bench: {len(specs)} boots, {max(1, args.jobs)} at a time; each is "
          "reported as it ends", flush=True)
    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        futures = {pool.submit(measure, spec): spec for spec in specs}
        for f in concurrent.futures.as_completed(futures):
            name = futures[f].name
            try:
                runs[name] = f.result()
            except RuntimeError as e:
                print(f"bench: {e}", flush=True)
                failed = True
                continue
            print(f"bench: [{len(runs)}/{len(specs)}] {name}: {len(runs[name]['results'])} "
                  f"figures ({time.monotonic() - start:.0f} s so far)", flush=True)
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, "results.json")
    old = json.load(open(path)) if os.path.exists(path) else {"runs": {}}
    old["runs"].update(runs)
    with open(path, "w") as f:
        json.dump(old, f, indent=1, sort_keys=True)
    print(f"{'run':16} {'MiB':>5}  {'measure':44} {'value':>14}  unit")
    for name in [s.name for s in specs if s.name in runs]:
        rec = runs[name]
        for key, (value, unit) in sorted(rec["results"].items()):
            print(f"{name:16} {rec['megs']:5}  {key:44} {value:14,}  "
                  f"{unit_text(key, unit)}")
    print("# insns: emulated instructions (Bochs' ticks); 'per op' figures are "
          "averages over many operations, 'total' ones one whole phase or count")
    print(f"# {len(runs)} runs in {time.monotonic() - start:.1f} s wall; "
          f"results in {os.path.relpath(path, ROOT)}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
