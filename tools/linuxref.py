#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Real Linux as the reference: Debian's i386 kernel runs vmm386's programs.

    linuxref.py fetch     get Debian bookworm's linux-image-6.1.0-*-686 into
                          build/linux (once; never installed on the host)
    linuxref.py test      boot it in QEMU with an initramfs of the same user
                          programs and the same runner (/bin/init), compare
                          each program's output with vmm386's line by line;
                          prints KTAP (the `linux` target of make test)
    linuxref.py bench     see tools/linuxbench.py (make bench-linux)

The user programs (tests/guest/bin) are static i386 Linux executables, so
the very same files run on both kernels. What may differ is listed, line
by line with its reason and the book's section, in tests/linux/
differences.txt; any other difference fails and prints both lines.

vmm386's side comes from the log of the ch5 target's 32 MiB boot, which
`make test` produces anyway: testrun.py passes its path in
VMM386_REFERENCE_LOG and, when that boot is part of the same run, sets
VMM386_REFERENCE_WAIT so that we wait for it. Run alone (make test-linux),
a log newer than the image is reused, otherwise vmm386 is booted once.

Determinism: the output of every boot is kept in build/linux/runs under
the hash of all its inputs; a later boot of the same inputs must print
exactly the same (checked for both kernels).

Without the kernel package (no network, no Debian repository, not root)
the layer is skipped, not passed, with the command that fetches it by hand.
"""
import argparse
import difflib
import hashlib
import json
import os
import re
import shutil
import stat
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import cpio     # noqa: E402
sys.path.insert(0, os.path.join(ROOT, "tests"))
from targets import TARGETS, TTY_SCRIPT     # noqa: E402

BUILD = os.path.join(ROOT, "build")
LINUX = os.path.join(BUILD, "linux")
STATE = os.path.join(LINUX, "kernel.json")
RUNS = os.path.join(LINUX, "runs")
DIFFERENCES = os.path.join(ROOT, "tests", "linux", "differences.txt")
# Debian's busybox and its applet links (tools/busybox.sh), when the build
# could fetch it: the reference initramfs holds them too, so that
# t_busybox's script runs on Linux as well. They come before the project's
# programs, as in make run's image: a later root wins, and busybox has
# applets named like ours (/bin/true, which bench_proc's fork+execve runs:
# with busybox's in its place Linux's figure tripled).
BUSYBOX_ROOT = os.path.join(BUILD, "busybox-root")
HAVE_BUSYBOX = os.path.exists(os.path.join(BUSYBOX_ROOT, "bin", "busybox"))
GUEST_ROOTS = [os.path.join(ROOT, "tests", "guest", "initramfs")] + \
    ([BUSYBOX_ROOT] if HAVE_BUSYBOX else []) + \
    [os.path.join(BUILD, "guest", "root")]
VMM386_LOG = os.path.join(BUILD, "test", "ch5", "32M.log")
# The ch5 target's 32 MiB boot, whose log is vmm386's side, and its image.
VMM386_GUEST = next(g for g in TARGETS["ch5"].guests if g.name == "32M")
VMM386_IMAGE = os.path.join(BUILD, VMM386_GUEST.image or "vmm386.img")
VMM386_CMDLINE = VMM386_GUEST.cmdline
# Programs vmm386's ch5 guest adds to the runner's list ("+t_busybox"): the
# reference boot runs the default list, and of these only t_busybox (when
# busybox is there); the others have no counterpart (t_shell's session is
# typed on vmm386 only).
VMM386_EXTRAS = {w[1:].split(":")[0] for w in VMM386_CMDLINE.split()
                 if w.startswith("+")}
LINUX_EXTRAS = " +t_busybox" if HAVE_BUSYBOX else ""

# The metapackage names the newest ABI's kernel, linux-image-6.1.0-NN-686.
META = "linux-image-686:i386"
PACKAGE_RE = re.compile(r"Depends: (linux-image-6\.1\.0-\d+-686):i386")

# Quiet and minimal: no crypto self-tests (3 G instructions), no ISA PnP
# probing, no address randomisation, THP off; the runner is process 1.
CMDLINE = ("console=ttyS0,115200 quiet nokaslr norandmaps "
           "transparent_hugepage=never cryptomgr.notests noisapnp panic=-1 "
           "rdinit=/bin/init" + LINUX_EXTRAS)
QEMU_MEGS = 64
# TCG with -icount shift=0: one instruction per virtual nanosecond, the
# clock driven by instructions only, so every boot runs identically; a
# fixed RTC; no network card (no option ROM to run), no VGA.
QEMU_ARGS = ["-nodefaults", "-nographic", "-no-reboot", "-cpu", "pentium3",
             "-icount", "shift=0,sleep=off", "-rtc", "base=2000-01-01,clock=vm",
             "-serial", "stdio", "-monitor", "none"]
QEMU_TIMEOUT = 300

KERNEL_LINE_RE = re.compile(r"^\[\s*\d+\.\d+\] |^# checkpoint: ")
# A kernel message can land in the middle of a line a program is writing
# (Linux prints "reboot: Power down" while the console still drains).
PRINTK_RE = re.compile(r"\[\s*\d+\.\d+\] [^\n]*\n")


def without_printk(text):
    """`text` without the kernel's timestamped messages, wherever they
    start: what the user programs wrote."""
    return PRINTK_RE.sub("", text.replace("\r", ""))
SUBTEST_RE = re.compile(r"^    # Subtest: (\S+)$")
RESULT_RE = re.compile(r"^(?:not )?ok \d+ (\S+)$")


class Unavailable(Exception):
    """The kernel package cannot be had: the message says how to get it."""


# ---- the reference kernel -------------------------------------------------

def _run(cmd, timeout=300, **kw):
    """Run a command quietly; a command that hangs (apt-get without a
    network) counts as failed after `timeout` seconds."""
    try:
        return subprocess.run(cmd, capture_output=True, text=True,
                              timeout=timeout, **kw)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess(cmd, 124, "", f"timed out after {timeout} s")


def _hand_commands(package="linux-image-6.1.0-NN-686"):
    return ["dpkg --add-architecture i386 && apt-get update",
            f"apt-cache depends {META}    # names {package}",
            f"cd {os.path.relpath(LINUX, ROOT)} && apt-get download {package}:i386",
            "then run `make test-linux` again: it unpacks the .deb it finds there"]


def _unavailable(why, package="linux-image-6.1.0-NN-686"):
    lines = [f"no reference kernel: {why}",
             f"the Linux layer needs Debian bookworm's {package}:i386 "
             "(nothing is installed); as root, by hand:"]
    return Unavailable("\n".join(lines + ["    " + c for c in _hand_commands(package)]))


def _i386_enabled():
    out = _run(["dpkg", "--print-foreign-architectures"]).stdout.split()
    return "i386" in out


def _resolve_package(updated):
    """The concrete package the metapackage depends on, or None."""
    m = PACKAGE_RE.search(_run(["apt-cache", "depends", META]).stdout)
    if m or updated or os.getuid() != 0:
        return m.group(1) if m else None
    # An index fetch can fail for one suite (bookworm-security's i386
    # lists at times); the main index is enough.
    _run(["apt-get", "update", "-qq"])
    return _resolve_package(True)


def _unpack(deb):
    """Extract only boot/ of the package (the modules are not needed):
    the path of vmlinuz."""
    name = os.path.basename(deb)[:-len(".deb")]
    dest = os.path.join(LINUX, name)
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(dest)
    data = subprocess.run(["dpkg-deb", "--fsys-tarfile", deb], check=True,
                          capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", dest, "./boot"], input=data, check=True)
    found = [f for f in os.listdir(os.path.join(dest, "boot"))
             if f.startswith("vmlinuz-")]
    if not found:
        raise _unavailable(f"{deb} holds no boot/vmlinuz-*")
    return os.path.join(dest, "boot", found[0])


def _local_debs():
    if not os.path.isdir(LINUX):
        return []
    return sorted(os.path.join(LINUX, f) for f in os.listdir(LINUX)
                  if re.match(r"linux-image-6\.1\.0-\d+-686_.*_i386\.deb$", f))


def kernel():
    """The reference kernel, fetched and unpacked once: {package, deb,
    vmlinuz, key}. Raises Unavailable with the commands to run by hand."""
    if os.path.exists(STATE):
        state = json.load(open(STATE))
        if os.path.exists(state["vmlinuz"]):
            return state
    os.makedirs(LINUX, exist_ok=True)
    debs = _local_debs()
    if not debs:
        debs = [_download()]
    deb = debs[-1]
    state = {"package": os.path.basename(deb)[:-len(".deb")], "deb": deb,
             "vmlinuz": _unpack(deb), "key": file_hash(deb)[:16]}
    with open(STATE, "w") as f:
        json.dump(state, f, indent=1)
    return state


def _download():
    """apt-get download the newest linux-image-6.1.0-NN-686:i386 into
    build/linux; its path."""
    if shutil.which("apt-get") is None:
        raise _unavailable("this is not a Debian system (no apt-get)")
    root = os.getuid() == 0
    updated = False
    if not _i386_enabled():
        if not root:
            raise _unavailable("dpkg does not know the i386 architecture "
                               "and only root can add it")
        print("# linuxref: dpkg --add-architecture i386 && apt-get update",
              file=sys.stderr)
        _run(["dpkg", "--add-architecture", "i386"])
        _run(["apt-get", "update", "-qq"])
        updated = True
    package = _resolve_package(updated)
    if not package:
        raise _unavailable(f"apt-cache does not know {META} (no i386 index: "
                           "no network or no Debian repository?)")
    print(f"# linuxref: apt-get download {package}:i386", file=sys.stderr)
    proc = _run(["apt-get", "download", f"{package}:i386"], cwd=LINUX)
    debs = _local_debs()
    if proc.returncode or not debs:
        raise _unavailable("apt-get download failed: " +
                           (proc.stderr.strip().splitlines() or ["?"])[-1], package)
    return debs[-1]


def file_hash(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


# ---- the initramfs ----------------------------------------------------------

def initramfs(path):
    """The same files as vmm386's initramfs (tests/guest/initramfs and the
    programs under /bin), plus what Linux's process 1 needs and vmm386
    provides itself: /dev/console, /dev/ttyS0 (the serial port, which
    init makes its controlling terminal), /dev/null and /dev/zero (ash
    gives a background job /dev/null as its input), and empty /proc and
    /tmp to mount proc and a tmpfs on. With Debian's busybox fetched, its
    binary and applet links too (t_busybox runs on both kernels)."""
    files = cpio.collect(GUEST_ROOTS)
    nodes = [("dev", stat.S_IFDIR | 0o755, (0, 0)),
             ("dev/console", stat.S_IFCHR | 0o600, (5, 1)),
             ("dev/ttyS0", stat.S_IFCHR | 0o600, (4, 64)),
             ("dev/null", stat.S_IFCHR | 0o666, (1, 3)),
             ("dev/zero", stat.S_IFCHR | 0o666, (1, 5)),
             ("proc", stat.S_IFDIR | 0o555, (0, 0)),
             ("tmp", stat.S_IFDIR | 0o1777, (0, 0))]
    dirs = sorted({os.path.dirname(n) for n, _, _ in files} - {""})
    out = b"".join(cpio.member(n, b"", m, i + 1, rdev)
                   for i, (n, m, rdev) in enumerate(nodes))
    out += b"".join(cpio.member(d, b"", stat.S_IFDIR | 0o755, 100 + i)
                    for i, d in enumerate(dirs))
    out += b"".join(cpio.member(n, d, m, 1000 + i)
                    for i, (n, d, m) in enumerate(files))
    out += cpio.member("TRAILER!!!", mode=0)
    with open(path, "wb") as f:
        f.write(out)
    return path


# ---- booting it ---------------------------------------------------------------

def qemu_command(vmlinuz, initrd, cmdline=CMDLINE, megs=QEMU_MEGS):
    return ["qemu-system-i386", "-kernel", vmlinuz, "-initrd", initrd,
            "-append", cmdline, "-m", str(megs)] + QEMU_ARGS


def _type_script(proc, script, output):
    """Read the serial port's output from `proc` into `output`; type each
    step of `script` on its input once the step's marker has appeared
    (after the previous step's), as tools/bochs.py does for vmm386."""
    pending, seen = list(script), 0
    while True:
        while pending:
            m = re.compile(pending[0][0].encode()).search(output, seen)
            if not m:
                break
            seen = m.end()
            try:
                proc.stdin.write(pending.pop(0)[1])
                proc.stdin.flush()
            except OSError:
                pending = []
        data = os.read(proc.stdout.fileno(), 4096)
        if not data:
            return
        output += data


WALL_FACTOR = 6


def _cpu_seconds(pid):
    """CPU time (user + system) process `pid` has used so far; 0 if gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wait_cpu(proc, limit):
    """Wait for `proc` to end while it has used less than `limit` seconds
    of CPU and WALL_FACTOR * limit of wall time; whether it ended."""
    wall_end = time.monotonic() + WALL_FACTOR * limit
    while time.monotonic() < wall_end:
        try:
            proc.wait(timeout=1)
            return True
        except subprocess.TimeoutExpired:
            if _cpu_seconds(proc.pid) > limit:
                return False
    return proc.poll() is not None


def boot_qemu(vmlinuz, initrd, timeout=QEMU_TIMEOUT):
    """Boot the reference kernel once: (output, problem or None). The
    serial port is QEMU's standard input and output, where t_tty's input
    is typed as on vmm386 (tests/targets.py's TTY_SCRIPT). A boot that
    does not power off within `timeout` seconds of QEMU's CPU time is
    killed: the boot runs beside make test's Bochs runs, and on a loaded
    machine its wall time says little (a hung guest spins, so it is
    caught all the same), with WALL_FACTOR times as long in wall time as
    a last resort."""
    cmd = qemu_command(vmlinuz, initrd)
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    output = bytearray()
    typist = threading.Thread(target=_type_script,
                              args=(proc, TTY_SCRIPT, output), daemon=True)
    typist.start()
    if not _wait_cpu(proc, timeout):
        proc.kill()
        proc.wait()
        typist.join(5)
        out = bytes(output).decode(errors="replace")
        return out, (f"the reference boot did not power off within {timeout} s "
                     "of CPU time and was killed (a harness failure, not vmm386's)")
    typist.join(30)
    stderr = proc.stderr.read()
    proc.stdin.close()
    out = bytes(output).decode(errors="replace").replace("\r\n", "\n")
    if proc.returncode:
        return out, (f"qemu-system-i386 exited with status {proc.returncode}: "
                     + stderr.decode(errors="replace").strip()[-300:])
    if "# Totals: " not in out:
        return out, "the runner never finished (no '# Totals:' line)"
    return out, None


def qemu_version():
    return _run(["qemu-system-i386", "--version"]).stdout.splitlines()[0]


# ---- what the programs printed ------------------------------------------------

def program_outputs(text):
    """{program: [lines]} from a runner's console output: each program's
    subtest and its result line; kernel messages (printk timestamps,
    vmm386's checkpoint lines) are left out. Order is kept in the dict.
    A program run a second time keeps its first run's lines: the default
    list runs on both kernels, while the extra runs vmm386's command line
    asks for (+t_random:2:20000) are not made on Linux."""
    out, current, repeat = {}, None, False
    for raw in without_printk(text).splitlines():
        line = raw.rstrip()
        if KERNEL_LINE_RE.match(line):
            continue
        m = SUBTEST_RE.match(line)
        if m and current is None:
            current = m.group(1)
            repeat = current in out
            if not repeat:
                out[current] = []
            continue
        if current is None:
            continue
        if not repeat:
            out[current].append(line)
        m = RESULT_RE.match(line)
        if m and m.group(1) == current:
            current = None
    return out


# ---- the expected differences ---------------------------------------------------

class Difference:
    """One entry of tests/linux/differences.txt."""

    def __init__(self, fields, where):
        self.where = where
        self.program = fields.get("program", "*")
        self.vmm386 = fields.get("vmm386")
        self.linux = fields.get("linux")
        self.reason = fields.get("reason", "")
        self.book = fields.get("book", "")
        # "occurs: sometimes": a difference that depends on timing inside
        # the reference kernel (a counter folded once a second), so its
        # absence is no sign that the list has gone stale.
        self.sometimes = fields.get("occurs", "") == "sometimes"
        self.used = 0

    @staticmethod
    def _pattern(text, program):
        """`text` as a regular expression, {program} standing for the
        program's name; None for `-`."""
        if text is None or text == "-":
            return None
        return re.compile(text.replace("{program}", re.escape(program)))

    def matches(self, program, vline, lline):
        if self.program not in ("*", program):
            return False
        for text, line in ((self.vmm386, vline), (self.linux, lline)):
            pattern = self._pattern(text, program)
            if (pattern is None) != (line is None):
                return False
            if pattern is not None and not pattern.fullmatch(line.strip()):
                return False
        return True


def load_differences(path=DIFFERENCES):
    """Entries are blocks of `key: value` lines separated by blank lines;
    `#` starts a comment line, an indented line continues the value
    before it. Keys: program (or *), vmm386 and linux
    (regular expressions matched against the whole line, leading blanks
    left out, {program} standing for the program's name; `-` when the
    line is missing on that side), reason, book (a label of Appendix C).
    Returns ([Difference], [errors])."""
    entries, errors, fields, start, last = [], [], {}, 0, None
    with open(path) as f:
        lines = f.read().splitlines() + [""]
    for no, line in enumerate(lines, 1):
        if line.startswith("#"):
            continue
        if not line.strip():
            if fields:
                entries.append(Difference(fields, f"{os.path.basename(path)}:{start}"))
                missing = [k for k in ("vmm386", "linux", "reason", "book")
                           if k not in fields]
                if missing:
                    errors.append(f"{entries[-1].where}: missing {', '.join(missing)}")
            fields, last = {}, None
            continue
        if line[0] in " \t" and last:
            fields[last] += " " + line.strip()      # a continued value
            continue
        key, sep, value = line.partition(":")
        if not sep or key.strip() not in ("program", "vmm386", "linux", "reason", "book",
                                                     "occurs"):
            errors.append(f"{os.path.basename(path)}:{no}: not 'key: value': {line}")
            continue
        if not fields:
            start = no
        last = key.strip()
        fields[last] = value.strip()
    for e in entries:
        try:
            e._pattern(e.vmm386, "x"), e._pattern(e.linux, "x")
        except re.error as err:
            errors.append(f"{e.where}: bad regular expression: {err}")
    labels = book_labels()
    errors += [f"{e.where}: the book has no label {e.book!r} (book: names the "
               "section of Appendix C that explains the difference)"
               for e in entries if e.book and e.book not in labels]
    return entries, errors


def book_labels():
    """The labels (`.. _name:`) of the book's Appendix C."""
    text = open(os.path.join(ROOT, "book", "appendix-differences.rst")).read()
    return set(re.findall(r"^\.\. _([A-Za-z0-9_-]+):", text, re.M))


def _blocks(vlines, llines):
    """The blocks where the two outputs differ, aligned with difflib:
    (vmm386's lines, Linux's lines) of each."""
    sm = difflib.SequenceMatcher(None, vlines, llines, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op != "equal":
            yield vlines[i1:i2], llines[j1:j2]


def _explain(program, vlines, llines, entries):
    """Explain one differing block with the entries: first a vmm386 line
    with the Linux line that replaces it, then lines only one side has.
    Returns (explained, [(vmm386 line, Linux line) left unexplained])."""
    vleft, lleft, explained = list(vlines), list(llines), 0

    def take(vline, lline):
        entry = next((e for e in entries if e.matches(program, vline, lline)), None)
        if entry:
            entry.used += 1
        return entry is not None

    for vline in list(vleft):
        lline = next((l for l in lleft if take(vline, l)), None)
        if lline is not None:
            vleft.remove(vline)
            lleft.remove(lline)
            explained += 1
    for side, lines in ((0, vleft), (1, lleft)):
        for line in list(lines):
            if take(line if side == 0 else None, line if side == 1 else None):
                lines.remove(line)
                explained += 1
    n = max(len(vleft), len(lleft))
    return explained, [(vleft[k] if k < len(vleft) else None,
                        lleft[k] if k < len(lleft) else None) for k in range(n)]


def compare(program, vlines, llines, entries):
    """(number of expected differences, [unexpected (vmm386, linux)])."""
    expected, unexpected = 0, []
    for vblock, lblock in _blocks(vlines, llines):
        n, left = _explain(program, vblock, lblock, entries)
        expected += n
        unexpected += left
    return expected, unexpected


# ---- determinism: the previous boot of the same inputs ----------------------------

def same_as_before(kind, key, outputs):
    """Compare `outputs` with those of the last boot of identical inputs:
    (verdict, detail); verdict None when there is no earlier boot."""
    os.makedirs(RUNS, exist_ok=True)
    path = os.path.join(RUNS, f"{kind}-{key}.json")
    if not os.path.exists(path):
        with open(path, "w") as f:
            json.dump(outputs, f, indent=0)
        return None, "first boot of these inputs: the next run compares"
    before = json.load(open(path))
    if before == outputs:
        return True, "identical to the previous boot of the same inputs"
    diff = list(difflib.unified_diff(json.dumps(before, indent=0).splitlines(),
                                     json.dumps(outputs, indent=0).splitlines(),
                                     "before", "now", n=0, lineterm=""))
    return False, "differs from the previous boot of the same inputs:\n" + \
        "\n".join(diff[:12])


# ---- vmm386's side ----------------------------------------------------------------

def vmm386_output(log_path, wait):
    """vmm386's console output of the runner: the ch5 boot's log, waited
    for when that boot runs alongside; reused when newer than the image;
    otherwise one boot of our own. (text, where it came from)."""
    if wait:
        deadline = time.monotonic() + 900
        while not os.path.exists(log_path) and time.monotonic() < deadline:
            time.sleep(1)
    if os.path.exists(log_path) and \
            os.path.getmtime(log_path) >= os.path.getmtime(VMM386_IMAGE):
        return open(log_path, errors="replace").read(), os.path.relpath(log_path, ROOT)
    import bochs
    m = bochs.Machine(VMM386_IMAGE, cmdline=VMM386_CMDLINE,
                      megs=VMM386_GUEST.megs, timeout=VMM386_GUEST.timeout,
                      name="linuxref-vmm386",
                      com1_script=VMM386_GUEST.com1_script)
    try:
        m.start()
        _, text, _, _ = bochs.run_to_end(m)
    finally:
        m.close()
    return text, "a boot of build/vmm386.img"


# ---- the test layer ------------------------------------------------------------------

class Ktap:
    """One KTAP suite of numbered results on standard output, as testrun.py
    reads a host layer's (its plan comes last)."""

    def __init__(self, name):
        self.name = name
        self.n = 0
        self.failed = 0
        print(f"KTAP version 1\n1..1\n    KTAP version 1\n    # Subtest: {name}",
              flush=True)

    def result(self, ok, name, diag=(), skip=None):
        self.n += 1
        self.failed += not ok
        for line in diag:
            for part in str(line).splitlines():
                print(f"    # {part}")
        suffix = f" # SKIP {skip}" if skip else ""
        print(f"    {'ok' if ok else 'not ok'} {self.n} {name}{suffix}", flush=True)

    def done(self):
        print(f"    1..{self.n}\n{'not ok' if self.failed else 'ok'} 1 {self.name}",
              flush=True)
        return 1 if self.failed else 0


def _show(line):
    return "(no line)" if line is None else repr(line)


def test(args):
    tap = Ktap("linux")
    try:
        k = kernel()
    except Unavailable as e:
        tap.result(True, "reference kernel", str(e).splitlines(),
                   skip="no reference kernel (see above)")
        return tap.done()
    entries, errors = load_differences()
    tap.result(not errors, "the list of expected differences parses", errors)
    initrd = initramfs(os.path.join(LINUX, "initrd.cpio"))
    started = time.monotonic()
    ltext, problem = boot_qemu(k["vmlinuz"], initrd, args.timeout)
    with open(os.path.join(LINUX, "console.log"), "w") as f:
        f.write(ltext)
    tap.result(problem is None,
               f"{k['package']} boots in QEMU and runs the programs "
               f"({time.monotonic() - started:.0f} s)",
               [problem, "last output:"] + ltext.splitlines()[-6:] if problem else [])
    if problem:
        return tap.done()
    louts = program_outputs(ltext)
    lkey = hashlib.sha256("\0".join([k["key"], file_hash(initrd), CMDLINE,
                                     " ".join(QEMU_ARGS), str(QEMU_MEGS),
                                     qemu_version()]).encode()).hexdigest()[:16]
    verdict, detail = same_as_before("linux", lkey, louts)
    tap.result(verdict is not False, "the reference boot is deterministic",
               [detail], skip=None if verdict is not None else "first boot of these inputs")

    vtext, source = vmm386_output(args.vmm386_log, args.wait)
    vouts = program_outputs(vtext)
    vkey = hashlib.sha256(("\0".join([file_hash(VMM386_IMAGE), VMM386_CMDLINE])
                           ).encode()).hexdigest()[:16]
    verdict, detail = same_as_before("vmm386", vkey, vouts)
    tap.result(verdict is not False, "vmm386's boot is deterministic", [detail],
               skip=None if verdict is not None else "first boot of these inputs")

    for program in list(vouts) + [p for p in louts if p not in vouts]:
        if program in VMM386_EXTRAS and program not in louts:
            tap.result(True, f"{program}: runs on both kernels", [],
                       skip="added by vmm386's command line only")
            continue
        if program not in louts or program not in vouts:
            side = "Linux" if program not in louts else "vmm386"
            tap.result(False, f"{program}: runs on both kernels",
                       [f"{program} printed nothing on {side}"])
            continue
        expected, unexpected = compare(program, vouts[program], louts[program], entries)
        diag = []
        for vline, lline in unexpected:
            diag += [f"vmm386: {_show(vline)}", f"Linux:  {_show(lline)}"]
        tap.result(not unexpected,
                   f"{program}: output as on Linux ({len(vouts[program])} lines, "
                   f"{expected} expected differences)", diag)
    stale = [f"{e.where}: {e.reason[:60]}" for e in entries
             if not e.used and not e.sometimes and e.program in list(vouts) + ["*"]]
    tap.result(not stale, "every listed difference still occurs (remove those that do not)",
               stale)
    print(f"# vmm386's output: {source}; Linux's: {os.path.relpath(LINUX, ROOT)}/console.log")
    return tap.done()


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sub.add_parser("fetch", help="fetch and unpack the reference kernel")
    t = sub.add_parser("test", help="the differential test (KTAP)")
    t.add_argument("--vmm386-log", default=os.environ.get("VMM386_REFERENCE_LOG", VMM386_LOG))
    t.add_argument("--wait", action="store_true",
                   default=bool(os.environ.get("VMM386_REFERENCE_WAIT")),
                   help="the log is being written by a boot running alongside")
    t.add_argument("--timeout", type=int, default=QEMU_TIMEOUT)
    args = ap.parse_args()
    if args.cmd == "fetch":
        try:
            k = kernel()
        except Unavailable as e:
            print(e, file=sys.stderr)
            return 1
        print(f"{k['package']}: {os.path.relpath(k['vmlinuz'], ROOT)}")
        return 0
    return test(args)


if __name__ == "__main__":
    sys.exit(main())
