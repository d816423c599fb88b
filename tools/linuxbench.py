#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""`make bench-linux`: the user-level benches on Linux 6.1, in the same Bochs.

The benches of `make bench` that are user programs (a run of
tests/targets.py's BENCH whose command line is `init=/bin/PROGRAM`) are
static i386 Linux executables, so the very same file runs as process 1 of
Debian's unmodified Linux 6.1 kernel (the package tools/linuxref.py
fetches). Both kernels run in the same Bochs with the same settings
(bochsrc: one CPU, the same ips, `clock: sync=none`; the same memory), so
rdtsc counts emulated instructions on both and the figures compare.

Linux boots from a CD image (isolinux, built here with xorriso) with

    quiet nokaslr norandmaps transparent_hugepage=never
    cryptomgr.notests noisapnp console=ttyS0,115200 panic=-1

and a second time with `mitigations=off` added. Each boot takes a minute
or more of wall time, so results are kept in build/linux/bench under the
hash of everything that makes them (the kernel package, the program and
the programs it runs, the command line, the Bochs settings) and a boot
happens only when one of those changed. vmm386's figures come from
build/bench/results.json (measured again when missing or stale).

The table goes to standard output; book/linux-bench.json keeps Linux's
figures for the book (Chapter 5's table and chart), which must not boot
Linux itself. --twice boots everything twice and fails if any figure
differs (the figures are instruction counts: they must not).

    linuxbench.py [RUN...] [--twice] [--fresh]
"""
import argparse
import concurrent.futures
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path[:0] = [HERE, os.path.join(ROOT, "tests")]
import bench        # noqa: E402
import bochs        # noqa: E402
import linuxref     # noqa: E402
import targets      # noqa: E402

OUT = os.path.join(linuxref.LINUX, "bench")
BOOK_DATA = os.path.join(ROOT, "book", "linux-bench.json")
GUEST_BIN = os.path.join(linuxref.BUILD, "guest", "root", "bin")
CMDLINE = ("console=ttyS0,115200 quiet nokaslr norandmaps "
           "transparent_hugepage=never cryptomgr.notests noisapnp panic=-1")
VARIANTS = {"linux": "", "linux-nomitigations": "mitigations=off"}
# What Bochs changes for this boot, beyond the repository's bochsrc: the
# CD, a fixed RTC, the BIOS's fastboot (no boot-menu wait), no magic
# breakpoints (Linux's xchg %bx,%bx means nothing).
BOCHS_SETTINGS = ["boot: cdrom", "clock: sync=none, time0=946684800",
                  "romimage: file=/usr/share/bochs/BIOS-bochs-latest, options=fastboot",
                  "magic_break: enabled=0"]
ISOLINUX = ["/usr/lib/ISOLINUX/isolinux.bin",
            "/usr/lib/syslinux/modules/bios/ldlinux.c32"]
TIMEOUT = 1800


def user_benches(names=()):
    """The BENCH runs that are user programs: [(spec, program)]."""
    out = []
    for spec in targets.BENCH:
        m = re.match(r"init=/bin/(\S+)$", spec.cmdline.strip())
        if m and (not names or spec.name in names):
            out.append((spec, m.group(1)))
    return out


def program_files(program):
    """The program's file and those of the programs it names (/bin/true
    for fork+execve): what its figures depend on besides the kernel."""
    path = os.path.join(GUEST_BIN, program)
    data = open(path, "rb").read()
    names = {program} | {n.decode() for n in re.findall(rb"/bin/([A-Za-z0-9_.-]+)\0", data)}
    return sorted(n for n in names if os.path.exists(os.path.join(GUEST_BIN, n)))


def initramfs_hash():
    """The hash of the initramfs every bench CD gets: which file each name
    is (a busybox applet or one of ours) matters, not only the program's."""
    with tempfile.TemporaryDirectory(prefix="vmm386-linuxbench-") as work:
        return linuxref.file_hash(linuxref.initramfs(os.path.join(work, "initrd.img")))


def inputs_key(kernel, program, megs, cmdline):
    """The hash of everything a boot's figures depend on."""
    h = hashlib.sha256()
    for part in [kernel["key"], str(megs), cmdline, *BOCHS_SETTINGS,
                 linuxref.file_hash(os.path.join(ROOT, "bochsrc")),
                 initramfs_hash()]:
        h.update(part.encode() + b"\0")
    for name in program_files(program):
        h.update(name.encode() + b"\0")
        h.update(linuxref.file_hash(os.path.join(GUEST_BIN, name)).encode())
    return h.hexdigest()[:16]


def make_iso(kernel, program, cmdline, workdir):
    """A bootable CD: isolinux, Debian's vmlinuz, the initramfs of the
    guest programs, a configuration that boots at once with `cmdline`."""
    tree = os.path.join(workdir, "cd")
    os.makedirs(os.path.join(tree, "isolinux"))
    for f in ISOLINUX:
        shutil.copy(f, os.path.join(tree, "isolinux"))
    shutil.copy(kernel["vmlinuz"], os.path.join(tree, "vmlinuz"))
    linuxref.initramfs(os.path.join(tree, "initrd.img"))
    with open(os.path.join(tree, "isolinux", "isolinux.cfg"), "w") as f:
        f.write("DEFAULT linux\nPROMPT 0\nTIMEOUT 0\nLABEL linux\n"
                "  KERNEL /vmlinuz\n  INITRD /initrd.img\n"
                f"  APPEND {cmdline} rdinit=/bin/{program}\n")
    iso = os.path.join(workdir, "linux.iso")
    subprocess.run(["xorriso", "-as", "mkisofs", "-quiet", "-o", iso,
                    "-b", "isolinux/isolinux.bin", "-c", "isolinux/boot.cat",
                    "-no-emul-boot", "-boot-load-size", "4", "-boot-info-table", tree],
                   check=True, capture_output=True,
                   env=dict(os.environ, SOURCE_DATE_EPOCH="946684800"))
    return iso


class CdMachine(bochs.Machine):
    """Bochs booting a CD image instead of a vmm386 disk: the repository's
    bochsrc with BOCHS_SETTINGS, the console on COM1 (a file)."""

    def __init__(self, iso, megs, timeout, workdir):     # noqa: super() reads a vmm386 image
        self.name, self.timeout, self.megs = "linux", timeout, megs
        self.workdir = workdir
        self.iso = iso
        self.cmdline = None
        self.log = os.path.join(workdir, "bochs.log")
        self.serial = os.path.join(workdir, "serial.log")
        self.magic, self.extra, self.symbols = False, [], None
        self.display, self.preexec, self.proc = "term", None, None
        self.com1_script, self.com1_master = None, None   # COM1 is a file
        self.buf = bytearray()
        import threading
        self.cond = threading.Condition()
        self.eof = False
        self.transcript, self.deadline, self.exit_code = [], None, None
        self.last_ticks = self.prompt_no = None
        self.last_stop_text = ""

    def bochs_args(self):
        return ["bochs", "-q", "-f", os.path.join(ROOT, "bochsrc"),
                f"display_library: {self.display}",
                f'ata0-master: type=cdrom, path="{self.iso}", status=inserted',
                f"log: {self.log}", f"com1: enabled=1, mode=file, dev={self.serial}",
                f"megs: {self.megs}", *BOCHS_SETTINGS]


def boot_linux(kernel, program, megs, cmdline, timeout=TIMEOUT):
    """One boot of the reference kernel in Bochs running `program` as
    process 1: {key: (value, unit)}; raises RuntimeError."""
    work = tempfile.mkdtemp(prefix="vmm386-linuxbench-")
    try:
        iso = make_iso(kernel, program, cmdline, work)
        m = CdMachine(iso, megs, timeout, work)
        m.start()
        stop, _, _, _ = bochs.run_to_end(m)
        m.close(keep=True)
        text = open(m.serial, errors="replace").read()
        if stop != "exit" or "# Totals:" not in text and "bench:" not in text:
            raise RuntimeError(f"{program} on Linux: stop={stop}; last output: "
                               + " | ".join(text.splitlines()[-5:]))
        bad = [l.strip() for l in text.splitlines() if l.strip().startswith("not ok")]
        if bad:
            raise RuntimeError(f"{program} on Linux: {bad[:3]}")
        return bench.parse_results(linuxref.without_printk(text)), text
    finally:
        shutil.rmtree(work, ignore_errors=True)


def linux_results(kernel, spec, program, variant, fresh, twice):
    """The figures of one variant, from the cache unless its inputs changed."""
    cmdline = " ".join(filter(None, [CMDLINE, VARIANTS[variant]]))
    key = inputs_key(kernel, program, spec.megs, cmdline)
    path = os.path.join(OUT, f"{spec.name}-{variant}-{key}.json")
    if os.path.exists(path) and not fresh and not twice:
        return json.load(open(path)), "cached"
    started = time.monotonic()
    results, text = boot_linux(kernel, program, spec.megs, cmdline)
    if twice:
        again, _ = boot_linux(kernel, program, spec.megs, cmdline)
        if again != results:
            raise RuntimeError(f"{spec.name} {variant}: two boots differ: "
                               f"{sorted(set(again.items()) ^ set(results.items()))[:4]}")
    rec = {"package": kernel["package"], "cmdline": cmdline, "megs": spec.megs,
           "program": program, "files": program_files(program), "key": key,
           "results": {k: list(v) for k, v in results.items()}}
    os.makedirs(OUT, exist_ok=True)
    with open(path, "w") as f:
        json.dump(rec, f, indent=1, sort_keys=True)
    with open(path[:-5] + ".log", "w") as f:
        f.write(text)
    return rec, f"measured in {time.monotonic() - started:.0f} s" + \
        (", twice, identical" if twice else "")


def vmm386_results(specs):
    """vmm386's figures for `specs` from make bench's results, measured
    again (one boot each) when missing or recorded on another image."""
    path = os.path.join(bench.OUT, "results.json")
    data = json.load(open(path)) if os.path.exists(path) else {"runs": {}}
    current = bench.image_hash()
    stale = [s for s in specs if data["runs"].get(s.name, {}).get("image") != current]
    for spec in stale:
        print(f"bench-linux: measuring {spec.name} on vmm386 (no current make bench result)",
              flush=True)
        data["runs"][spec.name] = bench.run_one(spec)
    if stale:
        os.makedirs(bench.OUT, exist_ok=True)
        with open(path, "w") as f:
            json.dump(data, f, indent=1, sort_keys=True)
    return {s.name: data["runs"][s.name]["results"] for s in specs}


def natural(key):
    """Sort key putting among_10 before among_100 before among_1000."""
    return [(0, int(t), "") if t.isdigit() else (1, 0, t) for t in re.split(r"(\d+)", key)]


def table(rows):
    """rows: [(key, vmm386, linux, linux_nomit)] -> lines of text."""
    out = [f"{'operation':34} {'vmm386':>12} {'Linux 6.1':>12} {'mit.=off':>12} "
           f"{'vmm386/Linux':>12}"]
    for key, v, l, n in rows:
        ratio = f"{v / l:.2f}" if v is not None and l else "-"
        cells = [f"{x:12,}" if x is not None else f"{'-':>12}" for x in (v, l, n)]
        out.append(f"{key:34} {' '.join(cells)} {ratio:>12}")
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("runs", nargs="*", help="BENCH runs (default: every user-level one)")
    ap.add_argument("--twice", action="store_true",
                    help="boot each variant twice and require identical figures")
    ap.add_argument("--fresh", action="store_true", help="ignore the cache")
    ap.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()
    try:
        kernel = linuxref.kernel()
    except linuxref.Unavailable as e:
        print(f"bench-linux: {e}", file=sys.stderr)
        return 1
    benches = user_benches(args.runs)
    if not benches:
        print("bench-linux: no user-level bench run (init=/bin/PROGRAM) in "
              "tests/targets.py BENCH" + (f" named {' '.join(args.runs)}" if args.runs else ""),
              file=sys.stderr)
        return 1
    failed = False
    linux = {}
    with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as pool:
        jobs = {pool.submit(linux_results, kernel, spec, program, variant,
                            args.fresh, args.twice): (spec.name, variant)
                for spec, program in benches for variant in VARIANTS}
        vmm = pool.submit(vmm386_results, [s for s, _ in benches])
        for f in concurrent.futures.as_completed(jobs):
            name, variant = jobs[f]
            try:
                linux[name, variant], how = f.result()
                print(f"bench-linux: {name} on {kernel['package']} ({variant}): {how}",
                      flush=True)
            except (RuntimeError, OSError, subprocess.CalledProcessError) as e:
                print(f"bench-linux: {name} ({variant}) failed: {e}", flush=True)
                failed = True
        vmm386 = vmm.result()
    book = {"package": kernel["package"], "cmdline": CMDLINE,
            "variants": VARIANTS, "runs": {}}
    for spec, program in benches:
        recs = {v: linux.get((spec.name, v)) for v in VARIANTS}
        if not all(recs.values()):
            continue
        keys = sorted(set(vmm386[spec.name]) | set(recs["linux"]["results"]),
                      key=natural)
        rows = [(k, (vmm386[spec.name].get(k) or [None])[0],
                 (recs["linux"]["results"].get(k) or [None])[0],
                 (recs["linux-nomitigations"]["results"].get(k) or [None])[0])
                for k in keys]
        print(f"\n{spec.name}: /bin/{program}, {spec.megs} MiB; emulated instructions "
              "per operation (Bochs, clock: sync=none)")
        print("\n".join(table(rows)))
        book["runs"][spec.name] = {
            "program": program, "megs": spec.megs,
            "files": {n: linuxref.file_hash(os.path.join(GUEST_BIN, n))[:16]
                      for n in program_files(program)},
            "results": {v: recs[v]["results"] for v in VARIANTS}}
    if book["runs"]:
        old = json.load(open(BOOK_DATA)) if os.path.exists(BOOK_DATA) else {"runs": {}}
        old["runs"].update(book["runs"])
        book["runs"] = old["runs"]
        with open(BOOK_DATA, "w") as f:
            json.dump(book, f, indent=1, sort_keys=True)
            f.write("\n")
        print(f"\n# Linux's figures for the book: {os.path.relpath(BOOK_DATA, ROOT)} "
              "(commit it with the bench program)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
