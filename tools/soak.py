#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""make soak: Chapter 5's random tester (tests/guest/bin/t_random.c) at
full scale.

    soak.py [--seeds N] [--ops M] [--first S] [--megs LIST] [-j J]

Boots the kernel once per (seed, memory size) with
`init=/bin/init panic=-1 t_random:SEED:OPS`, so init runs nothing else,
and judges each boot from its output: the program's four results ok, the
run ended by init's power-off, no oops, panic, leak or audit report.
Seeds run from --first on; sizes default to 32 MiB and 1 GiB (highmem).
Prints one line per boot and a total: operations, failures, time.
"""
import argparse
import concurrent.futures
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PY = "/usr/bin/python3"
BAD = re.compile(r"Oops|Kernel panic|\bBUG\b|audit: |leak: |not ok|"
                 r"unexpected signal|[Tt]riple fault")


IMAGE = os.path.join(ROOT, "build/soak/vmm386.img")
SYMBOLS = os.path.join(ROOT, "build/soak/vmm386.sym")


def boot(seed, ops, megs):
    """One boot; (ok, seconds, reason)."""
    cmd = [PY, os.path.join(ROOT, "tools/bochs.py"), "run",
           "--image", IMAGE, "--symbols", SYMBOLS,
           "--megs", str(megs),
           "--cmdline", f"init=/bin/init panic=-1 t_random:{seed}:{ops}"]
    start = time.time()
    try:
        out = subprocess.run(cmd, capture_output=True, text=True,
                             timeout=120 + ops // 40, cwd=ROOT).stdout
    except subprocess.TimeoutExpired:
        return False, time.time() - start, "hang (timeout)"
    took = time.time() - start
    with open(os.path.join(os.path.dirname(IMAGE),
                           f"seed{seed}-{megs}M.log"), "w") as log:
        log.write(out)
    bad = [line for line in out.splitlines() if BAD.search(line)]
    oks = re.findall(r"^    ok \d ", out, re.M)
    if bad:
        return False, took, bad[0].strip()
    if len(oks) != 4 or "# Totals: pass:1 fail:0" not in out:
        return False, took, "did not finish: " + out.strip()[-200:]
    return True, took, ""


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=4)
    ap.add_argument("--ops", type=int, default=250000)
    ap.add_argument("--first", type=int, default=100)
    ap.add_argument("--megs", default="32,1024")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    args = ap.parse_args()
    # A copy of the image: the tree may be rebuilt while a soak runs.
    os.makedirs(os.path.dirname(IMAGE), exist_ok=True)
    shutil.copy(os.path.join(ROOT, "build/vmm386.img"), IMAGE)
    shutil.copy(os.path.join(ROOT, "build/vmm386.sym"), SYMBOLS)
    runs = [(seed, megs) for seed in range(args.first, args.first + args.seeds)
            for megs in map(int, args.megs.split(","))]
    start, failed = time.time(), 0
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = {pool.submit(boot, s, args.ops, m): (s, m) for s, m in runs}
        for f in concurrent.futures.as_completed(futures):
            seed, megs = futures[f]
            ok, took, reason = f.result()
            failed += not ok
            print(f"{'ok' if ok else 'FAIL':4} seed {seed} {megs} MiB: "
                  f"{args.ops} operations, {took:.0f} s {reason}", flush=True)
    total = len(runs) * args.ops
    print(f"# soak: {len(runs)} boots, {total} operations, {failed} failed, "
          f"{time.time() - start:.0f} s wall")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
