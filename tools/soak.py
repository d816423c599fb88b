#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""make soak: Chapter 5's random tester (tests/guest/bin/t_random.c) at
full scale.

    soak.py [--seeds N] [--ops M] [--first S] [--megs LIST] [-j J]
            [--period SECONDS]

Boots the kernel once per (seed, memory size) with
`init=/bin/init panic=-1 t_random:SEED:OPS`, so init runs nothing else,
and judges each boot from its output: the program's results all ok, the
run ended by init's power-off, no oops, panic, leak or audit report.
Seeds run from --first on; sizes default to 32 MiB and 1 GiB (highmem).
Prints one line per boot and a total: operations, failures, time.

Each boot's guest output goes to build/soak/seedS-MM.log as it arrives,
so a boot that never ends still leaves its log. The boot is watched:
every --period seconds of wall time without a debugger prompt, Bochs is
stopped (SIGINT, as Ctrl-C at `make run`), the emulated instruction count
and the guest's registers are read and it is continued. A boot fails as
a stall, with where the guest was (eip and its symbol, the current task,
the VM commands `cpu` and `ps`) written to its log and printed, when
  - Bochs does not answer the stop (it is blocked: the harness's fault),
  - no instruction was emulated since the last look (the same), or
  - the guest passed its budget of emulated instructions without
    finishing (the kernel's fault: a hang or a livelock). The budget is
    generous (about three times what the program needs at the largest
    model) and counted in instructions, so it does not depend on the
    machine's load.
"""
import argparse
import concurrent.futures
import os
import re
import shutil
import signal
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))
import bochs  # noqa: E402
import vmdecode  # noqa: E402

BAD = re.compile(r"Oops|Kernel panic|\bBUG\b|audit: |leak: |not ok|"
                 r"unexpected signal|[Tt]riple fault")

OUT = os.path.join(ROOT, "build/soak")
IMAGE = os.path.join(OUT, "vmm386.img")
SYMBOLS = os.path.join(OUT, "vmm386.sym")
NM = os.path.join(OUT, "vmm386.nm")

# Emulated instructions a boot may take: booting and starting init take
# some 0.2 billion, t_random some 42,000 an operation once its model is
# full (5.4 to 5.6 billion for 125,000 operations, 32 MiB or 1 GiB): the
# budget is about three times that.
BOOT_BUDGET = 1_000_000_000
OP_BUDGET = 120_000
ANSWER_SECONDS = 60     # how long Bochs may take to stop when asked


def guest(text):
    """Guest output from what Bochs printed: no echoed `c`, no stop lines."""
    return bochs.strip_debugger(bochs.Machine._unecho(text))


class Stall(Exception):
    """The boot stopped making progress; the message says how and where."""


def where(m, symbols):
    """Where the stopped guest is: eip with its symbol, registers, tasks."""
    lines = []
    try:
        regs = m.regs()
        eip = regs.get("eip")
        name = symbols.describe(eip) if symbols and eip is not None else None
        lines.append(f"eip={eip:#x} ({name or 'user mode or no symbol'})"
                     if eip is not None else "eip unknown")
        if symbols:
            for command in ("cpu", "ps"):
                lines.append(f"-- {command}:")
                lines.append(vmdecode.run(m, symbols, command).rstrip())
    except (bochs.BochsError, vmdecode.VmError, OSError) as e:
        lines.append(f"(the debugger did not answer: {e})")
    return "\n".join(lines)


def stop_and_look(m, log):
    """Stop the running guest (SIGINT); its tick count. Raises Stall if
    Bochs does not come back to its prompt."""
    try:
        os.killpg(m.proc.pid, signal.SIGINT)
    except ProcessLookupError:
        raise Stall("Bochs is gone") from None
    try:
        out = m._read_prompt(time.monotonic() + ANSWER_SECONDS)
    except EOFError as e:
        log.write(guest(e.args[0]))
        raise Stall("Bochs ended when stopped") from None
    except TimeoutError as e:
        log.write(guest(e.args[0]))
        state = wchan(m.proc.pid)
        raise Stall(f"Bochs does not answer a stop within {ANSWER_SECONDS} s "
                    f"(blocked in {state}): the harness, not the guest") from None
    log.write(guest(out))
    return bochs.parse_stop(out)[1]


def wchan(pid):
    """What a blocked process waits in, from /proc."""
    try:
        state = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]
        chan = open(f"/proc/{pid}/wchan").read().strip() or "-"
        return f"state {state}, wchan {chan}"
    except OSError:
        return "state unknown"


def watch(m, log, budget, period, symbols):
    """Run the guest to its end, continuing at checkpoints, looking at it
    every @period seconds. Returns 'exit' (Bochs ended) or raises Stall."""
    last_ticks = -1
    m.send("c")
    while True:
        try:
            out = m._read_prompt(time.monotonic() + period)
        except EOFError as e:
            log.write(guest(e.args[0]))
            m.wait_exit()
            return "exit"
        except TimeoutError as e:
            log.write(guest(e.args[0]))
            log.flush()
            ticks = stop_and_look(m, log)
            if ticks is not None and ticks == last_ticks:
                raise Stall(f"no instruction emulated in {period} s (t={ticks}): "
                            f"the harness, not the guest\n{where(m, symbols)}")
            if ticks is not None and ticks > budget:
                raise Stall(f"hang: {ticks} instructions emulated, more than the "
                            f"budget of {budget}\n{where(m, symbols)}")
            last_ticks = ticks if ticks is not None else last_ticks
            m.send("c")
            continue
        log.write(guest(out))
        kind, ticks = bochs.parse_stop(out)
        if kind != "magic":
            raise Stall(f"the guest stopped ({kind or 'unknown stop'}) at "
                        f"t={ticks}\n{where(m, symbols)}")
        m.send("c")             # a checkpoint: go on


def judge(out):
    """(ok, reason) for a boot's whole output."""
    bad = [line for line in out.splitlines() if BAD.search(line)]
    plan = re.search(r"^    1\.\.(\d+)$", out, re.M)
    oks = re.findall(r"^    ok \d+ ", out, re.M)
    if bad:
        return False, bad[0].strip()
    if not plan or len(oks) != int(plan.group(1)) or \
            "# Totals: pass:1 fail:0" not in out:
        return False, "did not finish: " + out.strip()[-200:]
    return True, ""


def boot(seed, ops, megs, period):
    """One boot; (ok, seconds, reason). Its log is kept however it ends."""
    path = os.path.join(OUT, f"seed{seed}-{megs}M.log")
    symbols = vmdecode.Symbols(NM) if os.path.exists(NM) else None
    budget = BOOT_BUDGET + OP_BUDGET * ops
    m = bochs.Machine(IMAGE, megs=megs, name=f"soak-{seed}-{megs}",
                      timeout=3600, magic=True, symbols=SYMBOLS,
                      cmdline=f"init=/bin/init panic=-1 t_random:{seed}:{ops}")
    start = time.time()
    with open(path, "w") as log:
        try:
            m.start()
            watch(m, log, budget, period, symbols)
            reason = None
        except Stall as e:
            reason = "stall: " + str(e)
            log.write(f"\n# soak: {reason}\n")
        except (bochs.BochsError, EOFError, TimeoutError, OSError) as e:
            reason = f"harness error: {e}"
            log.write(f"\n# soak: {reason}\n")
        finally:
            m.close()
    took = time.time() - start
    if reason:
        return False, took, reason
    ok, reason = judge(open(path, errors="replace").read())
    return ok, took, reason


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=4)
    ap.add_argument("--ops", type=int, default=250000)
    ap.add_argument("--first", type=int, default=100)
    ap.add_argument("--megs", default="32,1024")
    ap.add_argument("-j", "--jobs", type=int, default=2)
    ap.add_argument("--period", type=int, default=60,
                    help="seconds between looks at a running guest")
    args = ap.parse_args()
    # A copy of the image: the tree may be rebuilt while a soak runs.
    os.makedirs(OUT, exist_ok=True)
    for name, dest in (("vmm386.img", IMAGE), ("vmm386.sym", SYMBOLS),
                       ("vmm386.nm", NM)):
        shutil.copy(os.path.join(ROOT, "build", name), dest)
    runs = [(seed, megs) for seed in range(args.first, args.first + args.seeds)
            for megs in map(int, args.megs.split(","))]
    start, failed = time.time(), 0
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        futures = {pool.submit(boot, s, args.ops, m, args.period): (s, m)
                   for s, m in runs}
        for f in concurrent.futures.as_completed(futures):
            seed, megs = futures[f]
            ok, took, reason = f.result()
            failed += not ok
            print(f"{'ok' if ok else 'FAIL':4} seed {seed} {megs} MiB: "
                  f"{args.ops} operations, {took:.0f} s {reason}", flush=True)
    total = len(runs) * args.ops
    print(f"# soak: {len(runs)} boots, {total} operations, {failed} failed, "
          f"{time.time() - start:.0f} s wall; logs in {OUT}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
