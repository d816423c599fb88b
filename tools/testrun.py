#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""vmm386's test runner: every layer, one verdict.

    testrun.py                 all targets (what `make test` runs)
    testrun.py boot ch8        only these targets (`make test-boot`)
    testrun.py --list          the targets, their topics (test-buddy ...) and runs

Targets are listed in tests/targets.py. A target has host-side layers (unit
tests compiled with AddressSanitizer and UBSan, Python tests of the tools)
and guest runs: boots of the kernel under Bochs with a command line that
selects in-kernel KTAP suites. While a guest runs, every checkpoint stops it
in the Bochs debugger and the oracle (tools/oracle.py) inspects the machine
from outside.

Guest runs of the same memory size and options share one boot when more
than one target is run (shared_boots()); each is reported as if it had
booted alone.

Each result is printed as it completes. A guest run also fails as a whole
if the kernel panicked, oopsed unexpectedly, triple-faulted, hung, warned,
or printed KTAP that does not add up. The last line is "N passed, N failed".
"""
import argparse
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(ROOT, "tests"))
import bochs    # noqa: E402
import diskpattern  # noqa: E402
import ktap     # noqa: E402
import oracle   # noqa: E402
import oracle_console  # noqa: E402
import targets  # noqa: E402

BUILD = os.path.join(ROOT, "build")
IMAGE = os.path.join(BUILD, "vmm386.img")
ARTEFACTS = os.path.join(BUILD, "test")


class Reporter:
    """Prints results as they arrive and keeps the score."""

    def __init__(self, verbose=False):
        self.lock = threading.Lock()
        self.passed = 0
        self.failed = 0
        self.skipped = 0
        self.failures = []
        self.verbose = verbose
        self.cpu = []       # (seconds, what): CPU time of each boot and layer

    def spent(self, what, seconds):
        """Note the CPU time one boot or host layer used."""
        if seconds is not None:
            with self.lock:
                self.cpu.append((seconds, what))

    def cpu_summary(self):
        """Where the CPU time went, in one line: boots, host layers, the
        costliest of either."""
        boots = [c for c, w in self.cpu if w.startswith("boot ")]
        hosts = [c for c, w in self.cpu if not w.startswith("boot ")]
        top = ", ".join(f"{w} {c:.0f}" for c, w in sorted(self.cpu, reverse=True)[:6])
        return (f"# CPU: {sum(boots):.0f} s in {len(boots)} boots, "
                f"{sum(hosts):.0f} s in {len(hosts)} host layers; most: {top}")

    def result(self, name, ok, detail=(), skipped=False, show_skip=1):
        """show_skip: how many of a skip's last detail lines to print."""
        if isinstance(detail, str):
            detail = [detail] if detail else []
        with self.lock:
            if skipped:
                self.skipped += 1
                print(f"skip   {name}", flush=True)
                for line in detail[-show_skip:]:
                    print(f"         {line}", flush=True)
                return
            if ok:
                self.passed += 1
            else:
                self.failed += 1
                self.failures.append(name)
            print(f"{'ok    ' if ok else 'FAIL  '} {name}", flush=True)
            if not ok or self.verbose:
                for line in detail:
                    print(f"         {line}", flush=True)


# ---- judging a guest run ----------------------------------------------------

OOPS_RE = re.compile(r"^\[\s*\d+\.\d+\] ([A-Za-z ]+): ([0-9a-f]{4}) \[#\d+\]$")
EXPECTED_OOPS = "# expected oops follows"
# A test that provokes a non-fatal "BUG:" report on purpose announces it
# on the line just before (tests/kernel/highmem_test.h: expect_report()).
EXPECTED_REPORT = "# expected report follows"


def unexpected_oopses(text):
    """Oops header lines not announced by the kernel as part of a test."""
    lines = text.splitlines()
    out = []
    for i, line in enumerate(lines):
        if OOPS_RE.match(line.rstrip("\r")):
            prev = lines[i - 1] if i else ""
            if not prev.startswith(EXPECTED_OOPS):
                out.append(line.strip())
    return out


def judge(text, stop, log, doc, timeout):
    """Return the list of reasons a guest run failed as a whole ([] = ok)."""
    problems = []
    m = re.search(r"Kernel panic - not syncing: (.*)", text)
    if m:
        problems.append(f"kernel panic: {m.group(1).strip()}")
    for line in unexpected_oopses(text):
        problems.append(f"unexpected oops: {line}")
    lines = text.splitlines()
    for i, line in enumerate(lines):
        for pattern, what in ((r"WARNING: at .*", "kernel warning"),
                              (r"BUG: .*", "kernel bug report")):
            m = re.search(pattern, line)
            # A BUG that a test provokes on purpose leads into an oops the
            # kernel announces as expected, a few lines further down, or
            # is a report the test announced a few lines before.
            if m and not any(l.startswith(EXPECTED_OOPS) for l in lines[i + 1:i + 4]) \
                    and not any(l.startswith(EXPECTED_REPORT)
                                for l in lines[max(0, i - 3):i]):
                problems.append(f"{what}: {m.group(0).strip()}")
    if stop == "timeout":
        problems.append(f"hang: no power-off within {timeout} s")
    if re.search(r"triple fault|3rd \(\d+\) exception with no resolution", log):
        problems.append("triple fault")
    elif stop == "exit" and "Shutdown port: shutdown requested" not in log:
        problems.append("Bochs exited without a power-off: " +
                        (_bochs_panic(log) or "no reason in the log"))
    if stop == "exit" and "Power down." not in text and not problems:
        problems.append("machine stopped without the kernel powering off")
    problems += [f"KTAP: {e}" for e in doc.errors]
    return problems


def _bochs_panic(log):
    m = re.findall(r">>PANIC<< (.*)", log)
    return m[-1] if m else ""


def _read(path):
    """A file's bytes, or none when it was never written."""
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError:
        return b""


def boot_guest(label, spec, symbols):
    """Boot one guest run to its end, inspecting it at every checkpoint.
    Returns what report_guest() judges: the output, how it stopped, the
    checkpoints, and the oracle checks, each tagged with the oracle that
    made it (None: a check of the boot itself)."""
    workdir = tempfile.mkdtemp(prefix="vmm386-")
    extra = []
    if spec.disk2_mb:
        disk2 = os.path.join(workdir, "disk2.img")
        diskpattern.create(disk2, spec.disk2_mb)
        extra.append(f'ata0-slave: type=disk, path="{disk2}", mode=flat')
    image = os.path.join(BUILD, spec.image) if spec.image else IMAGE
    m = bochs.Machine(image, cmdline=spec.cmdline, megs=spec.megs,
                      timeout=spec.timeout, name=label, workdir=workdir,
                      extra=extra, symbols=symbols,
                      com1_script=spec.com1_script)
    started = time.monotonic()

    def inspect(machine, name, line):
        # "NAME" runs the oracle's handler at checkpoint NAME; "vm:NAME" types
        # the debugger's VM commands there (tools/oracle_vmcmds.py).
        found = []
        if name in spec.oracles and name in oracle.HANDLERS:
            found.append((name, oracle.HANDLERS[name]))
        if "vm:" + name in spec.oracles:
            import oracle_vmcmds
            found.append(("vm:" + name, oracle_vmcmds.HANDLERS[name]))
        checks = []
        for label, handler in found:
            try:
                checks += [(label, c) for c in handler(machine, line)]
            except Exception as e:  # a broken oracle is a failed check
                checks.append((label, oracle.Check(f"{label}: oracle ran", False, repr(e))))
        return checks

    try:
        m.start()
        stop, text, cps, checks = bochs.run_to_end(m, inspect)
    except (bochs.BochsError, OSError) as e:
        stop, text, cps, checks = "error", f"# runner: {e}\n", [], []
    finally:
        log = m.log_text()
        if spec.com1_script is None and stop == "exit":
            checks.append((None, oracle_console.serial(
                m.cmdline, _read(m.serial), text)))
        if spec.disk2_mb:
            bad = diskpattern.verify(disk2, spec.disk2_written)
            checks.append((None, oracle.Check(
                "disk image after the run holds exactly what the kernel wrote",
                not bad, f"{len(bad)} wrong sectors, first {bad[:8]}")))
        m.close()
    for name, line, ticks, eax in cps:
        if name is None:
            checks.append((None, oracle.Check(
                "every magic breakpoint follows a checkpoint line",
                False, f"stop at t={ticks} without one")))
        elif eax != int(oracle.claims(line).get("seq", -1)):
            checks.append((None, oracle.Check(
                f"checkpoint {name}: EAX holds its sequence number",
                False, f"EAX={eax} line={line}")))
    return {"stop": stop, "text": text, "cps": cps, "checks": checks, "log": log,
            "cmdline": m.cmdline, "wall": time.monotonic() - started, "cpu": m.cpu,
            "oracle_data": getattr(m, "oracle_data", {}),
            "com1_pending": list(getattr(m, "com1_pending",
                                         spec.com1_script or ()))}


def report_guest(target, spec, run, rep, suites=None):
    """Report guest run `spec` of `target` from the boot `run`: its KTAP
    cases (only those of `suites` when the boot ran other targets' suites
    too), the checks of its oracles, its expected output, its health."""
    label = f"{target}/{spec.name}"
    stop, text, cps = run["stop"], run["text"], run["cps"]
    checks = [c for origin, c in run["checks"] if origin is None or origin in spec.oracles]
    os.makedirs(os.path.join(ARTEFACTS, target), exist_ok=True)
    with open(os.path.join(ARTEFACTS, target, spec.name + ".json"), "w") as f:
        json.dump({"cmdline": run["cmdline"], "megs": spec.megs, "stop": stop,
                   "checkpoints": [(n, t) for n, _, t, _ in cps],
                   # what oracles read from the machine, for the book's figures
                   "oracle_data": run["oracle_data"]}, f)
    # Whole or not at all: a host layer may be waiting for this file
    # (tools/linuxref.py reads ch5's log).
    log_path = os.path.join(ARTEFACTS, target, spec.name + ".log")
    with open(log_path + ".tmp", "w") as f:
        f.write(text)
    os.replace(log_path + ".tmp", log_path)
    doc = ktap.parse(text)
    problems = judge(text, stop, run["log"], doc, spec.timeout)
    if spec.expect_failure is not None:
        # A runner self-test: the run must be judged failed, for the reason given.
        ok = any(spec.expect_failure in p for p in problems)
        rep.result(f"{label}: runner reports {spec.expect_failure!r}", ok,
                   problems or ["the run was judged healthy"])
        return
    for suite, case in doc.cases():
        if suites is not None and suite not in suites:
            continue
        detail = list(case.diag)
        if case.skip:
            detail.append(f"skipped: {case.reason}")
        rep.result(f"{label}: {suite}.{case.name}", case.ok, detail,
                   skipped=case.skip and case.ok)
    for c in checks:
        rep.result(f"{label}: oracle: {c.name}", c.ok, c.detail)
    if spec.com1_script is not None:
        rep.result(f"{label}: every step of the COM1 script was typed",
                   not run["com1_pending"],
                   [f"still waiting for {p!r}" for p, _ in run["com1_pending"][:1]])
    for pattern in spec.expect_output:
        rep.result(f"{label}: output matches {pattern!r}",
                   re.search(pattern, text, re.M) is not None)
    tail = [l for l in text.splitlines() if l.strip()][-8:]
    rep.result(f"{label}: clean run ({run['wall']:.1f} s, {spec.megs} MiB, "
               f"{len(checks)} oracle checks)", not problems,
               problems + (["last output:"] + tail if problems else []))


_workers = []   # the processes boot_guest() runs in, once started
_workers_lock = threading.Lock()


def boot_in_worker(label, spec, symbols):
    """boot_guest() in a worker process. Bochs is a child process either
    way, but the oracles are Python -- hundreds of pages read through the
    debugger and decoded at each checkpoint -- and two boots' oracles in
    threads of this process would take turns for one interpreter lock,
    each holding up the other's Bochs at its checkpoint."""
    with _workers_lock:
        if not _workers:
            import multiprocessing
            _workers.append(concurrent.futures.ProcessPoolExecutor(
                max_workers=os.cpu_count() or 2,
                mp_context=multiprocessing.get_context("spawn")))
    return _workers[0].submit(boot_guest, label, spec, symbols).result()


def run_guest(target, spec, rep, symbols):
    """Boot one guest run; report its cases, oracle checks and health."""
    run = boot_in_worker(f"{target}/{spec.name}", spec, symbols)
    rep.spent(f"boot {target}/{spec.name}", run["cpu"])
    report_guest(target, spec, run, rep)


# ---- guest runs that share a boot -------------------------------------------

# A guest run whose command line is only a list of whole suites, panic=-1
# and options: it can share its boot with another one of the same memory
# size and options.
SHAREABLE_RE = re.compile(r"^test=(\w+(?:,\w+)*) panic=-1(?: (.*))?$")


def _shareable(spec):
    """(memory size, options) of a guest run that may share its boot,
    else None. Runner self-tests (and their control), and runs with a
    second disk, boot alone."""
    m = SHAREABLE_RE.match(spec.cmdline)
    if not m or spec.expect_failure is not None or spec.disk2_mb or spec.alone:
        return None
    return spec.megs, m.group(2) or ""


def shared_boots(guests):
    """Group guest runs [(target, spec)] into boots: runs of the same
    memory size and options whose suites are all different become one
    boot running all their suites. Every boot of a large machine costs
    seconds before the first test (Bochs allocating 2 GiB, the BIOS,
    mem_init() freeing half a million frames), and the suites do not
    depend on each other: each restores what it took (page, slab and task
    counts). Returns [[(target, spec, suites)]] in the order given."""
    boots, open_boots = [], {}
    for target, spec in guests:
        key = _shareable(spec)
        suites = set(SHAREABLE_RE.match(spec.cmdline).group(1).split(",")) if key else None
        for boot in open_boots.get(key, []) if key else []:
            if not any(suites & s for _, _, s in boot):
                boot.append((target, spec, suites))
                break
        else:
            boots.append([(target, spec, suites)])
            if key:
                open_boots.setdefault(key, []).append(boots[-1])
    return boots


def run_shared(members, rep, symbols):
    """Boot once for several guest runs (shared_boots()) and report each
    of them exactly as if it had booted alone: its own suites' cases, its
    own oracles' checks, its expected output, the health of the boot."""
    first = members[0][1]
    options = _shareable(first)[1]
    suites = [s for _, spec, _ in members
              for s in SHAREABLE_RE.match(spec.cmdline).group(1).split(",")]
    oracles = []
    for _, spec, _ in members:
        oracles += [o for o in spec.oracles if o not in oracles]
    spec = targets.Guest("+".join(f"{t}/{g.name}" for t, g, _ in members),
                         f"test={','.join(suites)} panic=-1 {options}".strip(),
                         megs=first.megs, oracles=tuple(oracles),
                         timeout=sum(g.timeout for _, g, _ in members))
    run = boot_in_worker(spec.name, spec, symbols)
    rep.spent(f"boot {spec.name}", run["cpu"])
    for target, member, own in members:
        report_guest(target, member, run, rep, suites=own)


# ---- host layers --------------------------------------------------------------

def run_host(target, layer, rep, booted=()):
    """Run one host-side layer command; it prints KTAP, parsed here. A
    layer that reads a guest's log is told where it is, and to wait for
    it when that guest is among the runs `booted` now."""
    label = f"{target}/{layer.name}"
    env = dict(os.environ)
    if layer.reads_log:
        env["VMM386_REFERENCE_LOG"] = os.path.join(ARTEFACTS, *layer.reads_log) + ".log"
        if tuple(layer.reads_log) in booted:
            env["VMM386_REFERENCE_WAIT"] = "1"
    proc = bochs.Process(layer.command, cwd=ROOT, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=env)
    stdout, stderr = proc.communicate()
    rep.spent(label, proc.cpu)
    doc = ktap.parse(stdout)
    os.makedirs(os.path.join(ARTEFACTS, target), exist_ok=True)
    with open(os.path.join(ARTEFACTS, target, layer.name + ".log"), "w") as f:
        f.write(stdout + stderr)
    problems = [f"KTAP: {e}" for e in doc.errors]
    if proc.returncode not in (0, 1):
        problems.append(f"exit status {proc.returncode}")
    if layer.expect_failure is not None:
        # A runner self-test: the layer must be judged failed, for the
        # reason given, found in a failed case or a problem.
        failures = problems + [line for _, c in doc.cases() if not c.ok
                               for line in [c.name] + c.diag]
        rep.result(f"{label}: runner reports {layer.expect_failure!r}",
                   any(layer.expect_failure in f for f in failures),
                   failures or ["the layer was judged healthy"])
        return
    for suite, case in doc.cases():
        detail = list(case.diag)
        if case.skip:
            detail.append(f"skipped: {case.reason}")
        # a host layer's skip says what to do about it: show all of it
        rep.result(f"{label}: {suite}.{case.name}", case.ok, detail,
                   skipped=case.skip and case.ok, show_skip=len(detail))
    if problems:
        rep.result(f"{label}: runs to completion", False,
                   problems + stderr.splitlines()[-15:])


def _logs_first(jobs, booted):
    """Split the jobs into those for the pool and those that run beside it.
    A host layer that waits for a guest's log booted now (tools/linuxref.py:
    Linux in QEMU first, then vmm386's log) runs beside the pool from the
    start, so that its own work overlaps the boots instead of adding to the
    end; the guest it waits for goes first into the pool, its stale log
    dropped. Returns (pool jobs in order, jobs beside)."""
    out, beside = list(jobs), []
    for job in jobs:
        _, fn, fargs = job
        if fn is not run_host or tuple(fargs[1].reads_log) not in booted:
            continue
        want = tuple(fargs[1].reads_log)
        guest = next(j for j in out if j[1] is run_guest
                     and (j[2][0], j[2][1].name) == want)
        out.remove(guest)
        out.insert(0, guest)
        out.remove(job)
        beside.append(job)
        stale = os.path.join(ARTEFACTS, *want) + ".log"
        if os.path.exists(stale):
            os.remove(stale)
    return out, beside


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("targets", nargs="*")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--list", action="store_true",
                    help="the targets, their topics, host layers and boots")
    ap.add_argument("--names", action="store_true",
                    help="target and topic names on one line (for make help)")
    args = ap.parse_args()

    names = [targets.ALIASES.get(t, t) for t in args.targets] or list(targets.TARGETS)
    unknown = [n for n in names if n not in targets.TARGETS]
    if args.names:
        import textwrap
        print(textwrap.fill(" ".join(list(targets.TARGETS) + list(targets.ALIASES)),
                            width=78, initial_indent=" " * 22, subsequent_indent=" " * 22))
        sys.exit(0)
    if args.list or unknown:
        if unknown:
            print(f"unknown target(s): {', '.join(unknown)}")
        print("make test-NAME runs one target; a topic names the target that covers it")
        for n, t in targets.TARGETS.items():
            topics = [a for a, to in targets.ALIASES.items() if to == n]
            print(f"{n:10} {t.doc}")
            if topics:
                print(f"{'':12}topics: {', '.join('test-' + a for a in topics)}")
            for h in t.host:
                print(f"{'':12}{h.name}: host, {' '.join(h.command[1:])}")
            for g in t.guests:
                print(f"{'':12}{g.name}: {g.megs} MiB, {g.cmdline}")
        sys.exit(2 if unknown else 0)

    start = time.monotonic()
    rep = Reporter(args.verbose)
    symbols = os.path.join(BUILD, "vmm386.sym")
    guests = [(n, g) for n in names for g in targets.TARGETS[n].guests]
    # Host layers and guest boots share the workers; longest first, so two
    # cores stay busy to the end.
    booted = {(n, g.name) for n, g in guests}
    jobs = [(layer.weight, run_host, (n, layer, rep, booted))
            for n in names for layer in targets.TARGETS[n].host]
    for boot in shared_boots(guests):
        if len(boot) == 1:
            target, spec, _ = boot[0]
            jobs.append((spec.weight, run_guest, (target, spec, rep, symbols)))
        else:
            jobs.append((sum(g.weight for _, g, _ in boot), run_shared,
                         (boot, rep, symbols)))
    jobs.sort(key=lambda j: -j[0])
    jobs, beside = _logs_first(jobs, booted)
    with concurrent.futures.ThreadPoolExecutor(max(1, len(beside))) as side, \
            concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        futures = [side.submit(fn, *fargs) for _, fn, fargs in beside]
        futures += [pool.submit(fn, *fargs) for _, fn, fargs in jobs]
        for f in futures:
            f.result()
    while _workers:
        _workers.pop().shutdown()
    wall = time.monotonic() - start
    print(f"# targets: {' '.join(names)}; {len(guests)} guest runs; "
          f"wall time {wall:.1f} s")
    print(rep.cpu_summary())
    if rep.failures:
        print("# failed: " + "; ".join(rep.failures[:20]))
    print(f"{rep.passed} passed, {rep.failed} failed"
          + (f", {rep.skipped} skipped" if rep.skipped else ""))
    sys.exit(1 if rep.failed else 0)


if __name__ == "__main__":
    main()
