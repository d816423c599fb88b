#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Run vmm386 under Bochs and drive Bochs' debugger from Python.

A Machine is one Bochs process started from the repository's bochsrc plus
per-run settings: its own copy of the disk image with the requested kernel
command line, memory size, log file, and the headless `term` display. Bochs'
standard output goes through a pseudo-terminal so that guest output written
to port 0xe9 arrives as soon as it is written (a pipe would buffer it and a
killed run would lose its last words).

The debugger speaks on that same stream: after each command Bochs prints a
prompt `<bochs:N> `. Machine.cont() runs the guest until it stops (magic
breakpoint, breakpoint, power-off, or the deadline) and returns what the
guest printed meanwhile. The parse_* functions turn debugger output into
Python values; they are tested in tests/runner/test_bochs_parse.py.

Command line:  bochs.py run|debug --image IMG [--symbols SYM] [--megs N]
               [--cmdline TEXT]   (the prompt itself: tools/vmdebug.py)
"""
import argparse
import os
import pty
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import termios
import threading
import time
import tty

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import mkimage  # noqa: E402

PROMPT_RE = re.compile(rb"<bochs:(\d+)> $")
SCREEN_RE = re.compile(r'Bochs connected to screen "([^"]+)"')


class BochsError(Exception):
    """The debugger conversation went wrong (Bochs died, or a timeout)."""


# ---- parsers for debugger output ----------------------------------------

def parse_regs(text):
    """`r` output -> {'eax': int, ...} (Bochs prints 64-bit style names)."""
    regs = {}
    for name, hi, lo in re.findall(r"\b([re]?[a-z]{2,3}): (?:([0-9a-f]{8})_)?([0-9a-f]{8})", text):
        key = "e" + name[1:] if name.startswith("r") and len(name) == 3 else name
        regs[key] = int(lo, 16)
    m = re.search(r"eflags 0x([0-9a-f]+)", text)
    if m:
        regs["eflags"] = int(m.group(1), 16)
    return regs


def parse_creg(text):
    """`creg` output -> {'cr0': int, 'cr2': int, 'cr3': int, 'cr4': int}."""
    out = {}
    for name, val in re.findall(r"\b(CR[0-4])=(?:page fault laddr=)?0x([0-9a-f]+)", text):
        out[name.lower()] = int(val, 16)
    return out


def parse_words(text):
    """`x`/`xp` output -> [(address, [words])] in order."""
    rows = []
    for line in text.splitlines():
        m = re.match(r"\s*0x([0-9a-f]+)\s*(?:<[^>]*>)?:\s*(.*)", line)
        if not m:
            continue
        words = [int(w, 16) for w in re.findall(r"0x([0-9a-f]+)", m.group(2))]
        rows.append((int(m.group(1), 16), words))
    return rows


def words_from(text):
    """Flatten parse_words() into one list of words."""
    if "physical address not available" in text or "not available" in text:
        raise BochsError(text.strip())
    return [w for _, ws in parse_words(text) for w in ws]


def parse_page(text):
    """`page ADDR` -> {'pde': int|None, 'pte': int|None, 'phys': int|None}."""
    out = {"pde": None, "pte": None, "phys": None}
    m = re.search(r"PDE: 0x([0-9a-f]+)", text)
    if m:
        out["pde"] = int(m.group(1), 16)
    m = re.search(r"PTE: 0x([0-9a-f]+)", text)
    if m:
        out["pte"] = int(m.group(1), 16)
    m = re.search(r"maps to physical page 0x([0-9a-f]+)", text)
    if m:
        out["phys"] = int(m.group(1), 16)
    return out


def parse_tlb(text):
    """`tlb ADDR` -> [(lpf, ppf)] of the TLB entries it shows (empty: none)."""
    entries = []
    for lpf, ppf in re.findall(r"lpf\s*=\s*0x([0-9a-f]+).*?ppf\s*=\s*0x([0-9a-f]+)", text, re.S):
        if int(lpf, 16) != 0xffffffffffffffff:
            entries.append((int(lpf, 16), int(ppf, 16)))
    return entries


def parse_info_tab(text):
    """`info tab` -> [(vstart, vend, pstart, pend)]."""
    return [tuple(int(x, 16) for x in m) for m in re.findall(
        r"0x([0-9a-f]+)-0x([0-9a-f]+) -> 0x([0-9a-f]+)-0x([0-9a-f]+)", text)]


def parse_stop(text):
    """Classify what ended a `c`: ('magic'|'break'|'watch'|None, t)."""
    kind = None
    if "Magic breakpoint" in text:
        kind = "magic"
    elif re.search(r"\(\d\) Breakpoint \d+", text):
        kind = "break"
    elif "watch point" in text:
        kind = "watch"
    m = re.search(r"Next at t=(\d+)", text)
    return kind, int(m.group(1)) if m else None


def strip_debugger(text):
    """Remove Bochs' own stop report lines from guest output."""
    out = []
    for line in text.splitlines(keepends=True):
        if re.match(r"\(\d\) (Magic breakpoint|Breakpoint \d+|Caught)", line) or \
           line.startswith("Next at t=") or re.match(r"\(\d\)[. ]\[", line):
            continue
        out.append(line)
    return "".join(out)


# ---- the machine ----------------------------------------------------------

def _niced(preexec):
    """preexec, after lowering the child's priority by $VMM_BOCHS_NICE
    (tools/book.py sets it: the book's boots then take the CPU the Sphinx
    process, which every page waits for, leaves)."""
    nice = int(os.environ.get("VMM_BOCHS_NICE") or 0)
    if not nice:
        return preexec

    def lowered():
        os.nice(nice)
        # Bochs runs in a session of its own (start_new_session), and with
        # the scheduler's autogroups each session is a group that gets an
        # equal share of the CPU whatever its processes' nice values: two
        # boots had two thirds of the machine, and Sphinx, the drawing
        # process and dot shared the last third (Sphinx's main thread
        # waited 6 s for a CPU while it resolved the API reference, 3 s
        # of work). The group is lowered too.
        try:
            with open("/proc/self/autogroup", "w") as f:
                f.write(str(nice))
        except OSError:
            pass    # no autogroups
        if preexec:
            preexec()
    return lowered


class Process(subprocess.Popen):
    """A Popen that keeps the CPU time its child used (user + system, with
    the child's own reaped children), read when the child is reaped: what
    `make test` reports per run, to show where its time goes."""
    cpu = None

    def _reaped(self, pid, sts, usage):
        if pid == self.pid and usage is not None:
            self.cpu = usage.ru_utime + usage.ru_stime
        return pid, sts

    def _wait4(self, pid, flags):
        return self._reaped(*os.wait4(pid, flags))

    def _try_wait(self, wait_flags):
        try:
            return self._wait4(self.pid, wait_flags)
        except ChildProcessError:
            return self.pid, 0

    def _internal_poll(self, _deadstate=None, **kwargs):
        return super()._internal_poll(_deadstate, _waitpid=self._wait4)


# Bochs' own memory for a small guest in transparent huge pages: glibc's
# malloc then asks for them (madvise; THP is "madvise" on Debian, and the
# tunable is ignored where it means nothing). A page fault costs more on a
# virtual machine than the emulation around it, and a 32 MiB guest is
# 8,192 faults in 4 KiB pages: a test=slab boot took 0.62 s of CPU in 4
# KiB pages, 0.46 s in huge ones (medians of 9). Above 256 MiB the kernel
# touches memory sparsely and a huge page zeroed for every touch cost as
# much as it saved (2 GiB: 4.1 s either way).
HUGE_PAGES_UP_TO_MEGS = 256


class Machine:
    """One Bochs run of a vmm386 image, driven through the debugger."""

    #: Whether a thread waiting on `cond` is woken for every piece of
    #: output (make run and make debug show the guest's as it comes), or
    #: only when a prompt ends it (or the script typed at COM1 may be
    #: waiting for it): Bochs writes the guest's output a byte at a time,
    #: and a debugger command's in pieces (the book's t_layout session:
    #: 14,000 wake-ups for 186 prompts).
    stream = False

    def __init__(self, image, cmdline=None, megs=32, name="run", timeout=60,
                 workdir=None, magic=True, extra=(), symbols=None,
                 display="term", preexec=None, com1_script=None):
        self.name = name
        self.timeout = timeout
        self.megs = megs
        self.workdir = workdir or tempfile.mkdtemp(prefix="vmm386-")
        os.makedirs(self.workdir, exist_ok=True)
        self.image = os.path.join(self.workdir, "disk.img")
        data = open(image, "rb").read()
        if cmdline is not None:
            data = mkimage.set_cmdline(data, cmdline)
        self.cmdline = mkimage.get_cmdline(data)
        with open(self.image, "wb") as f:
            f.write(data)
        self.log = os.path.join(self.workdir, "bochs.log")
        self.serial = os.path.join(self.workdir, "serial.log")
        self.magic = magic
        self.extra = list(extra)
        self.symbols = os.path.abspath(symbols) if symbols else None
        self.display = display      # "term" (headless) or "x" (a window)
        self.preexec = preexec      # run in the child before exec
        # COM1 as a terminal the host types at: [(regex, bytes)], each
        # sent once the regex appears in what the guest printed on its
        # consoles (the debug port, which mirrors them all: COM1 prints
        # only with console=ttyS0, and then polls the UART for every byte).
        # An empty script: a person types (make run writes to com1_master),
        # and COM1's output is read and dropped (port 0xe9 shows it).
        self.com1_script = list(com1_script) if com1_script is not None else None
        self.com1_pending = []      # the script's steps not typed yet
        self.com1_master = None
        self.guest_output = bytearray()  # Bochs' output, for the script
        self.proc = None
        self.buf = bytearray()
        self.cond = threading.Condition()
        self.eof = False
        self.transcript = []       # (command, output) pairs, for the book
        self.deadline = None
        self.exit_code = None
        self.last_ticks = None      # emulated ticks at the last stop
        self.prompt_no = None       # N of the last <bochs:N> prompt read
        self.last_stop_text = ""    # what Bochs printed up to the last stop

    @property
    def cpu(self):
        """CPU seconds Bochs used, once it has ended (else None)."""
        return self.proc.cpu if self.proc else None

    def bochs_args(self):
        memory = [f"megs: {self.megs}"] if self.megs <= 2048 else \
            [f"memory: guest={self.megs}, host=2048"]
        return ["bochs", "-q", "-f", os.path.join(ROOT, "bochsrc"),
                f"display_library: {self.display}",
                f'ata0-master: type=disk, path="{self.image}", mode=flat',
                f"log: {self.log}",
                self._com1_option(),
                f"magic_break: enabled={1 if self.magic else 0}",
                *memory, *self.extra]

    def _com1_option(self):
        """COM1 writes to a file, or is a terminal the host types at."""
        if self.com1_script is None:
            return f"com1: enabled=1, mode=file, dev={self.serial}"
        if self.com1_master is None:
            self.com1_master, slave = pty.openpty()
            tty.setraw(slave)
            self.com1_slave_name = os.ttyname(slave)
            self.com1_slave = slave     # kept open: no hangup before Bochs opens it
        return f"com1: enabled=1, mode=term, dev={self.com1_slave_name}"

    def _typist(self):
        """Type each step of the COM1 script once its regex has appeared in
        the guest's output (searching only what came after the previous
        step's match)."""
        self.com1_pending = list(self.com1_script)
        seen = 0
        with self.cond:
            while self.com1_pending:
                pattern, data = self.com1_pending[0]
                m = re.compile(pattern.encode() if isinstance(pattern, str)
                               else pattern).search(self.guest_output, seen)
                if m:
                    seen = m.end()
                    os.write(self.com1_master, data)
                    self.com1_pending.pop(0)
                elif self.eof:
                    return
                else:
                    self.cond.wait()

    def _com1_reader(self):
        """Read and drop what the guest writes to COM1 (with
        console=ttyS0; the debug port shows it too), so that Bochs never
        blocks on the terminal."""
        try:
            while os.read(self.com1_master, 4096):
                pass
        except OSError:
            pass

    def start(self):
        """Start Bochs and wait for the first debugger prompt."""
        if self.com1_script is not None:
            self._com1_option()
            threading.Thread(target=self._com1_reader, daemon=True).start()
            if self.com1_script:
                threading.Thread(target=self._typist, daemon=True).start()
        master, slave = pty.openpty()
        tty.setraw(slave)
        env = dict(os.environ, TERM=os.environ.get("TERM") or "dumb")
        if env["TERM"] in ("", "unknown"):
            env["TERM"] = "dumb"
        if self.megs <= HUGE_PAGES_UP_TO_MEGS:
            env["GLIBC_TUNABLES"] = ":".join(
                t for t in (env.get("GLIBC_TUNABLES"), "glibc.malloc.hugetlb=1") if t)
        self.stderr_path = os.path.join(self.workdir, "bochs.stderr")
        self.proc = Process(
            self.bochs_args(), stdin=subprocess.PIPE, stdout=slave,
            stderr=open(self.stderr_path, "wb"), cwd=ROOT, env=env,
            start_new_session=True, preexec_fn=_niced(self.preexec))
        os.close(slave)
        self.master = master
        self.deadline = time.monotonic() + self.timeout
        threading.Thread(target=self._reader, daemon=True).start()
        threading.Thread(target=self._drain_screen, daemon=True).start()
        out = self._read_prompt()
        if self.symbols:
            self.cmd(f'ldsym global "{self.symbols}"')
        return out

    def _reader(self):
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                data = b""
            with self.cond:
                if not data:
                    self.eof = True
                    self.cond.notify_all()
                    return
                self.buf += data
                if self.com1_script:
                    self.guest_output += data
                prompt = PROMPT_RE.search(self.buf, max(0, len(self.buf) - 32))
                if self.stream or self.com1_script or prompt:
                    self.cond.notify_all()
            if not prompt:
                # More is coming: let Bochs write it before reading again
                # (a read for every few bytes took the t_layout session's
                # driver 0.65 s of CPU in 49,000 reads; yielding first,
                # 0.4 s in 8,000).
                time.sleep(0)

    def _drain_screen(self):
        """Read the term display's pseudo-terminal so Bochs never blocks on it."""
        path = None
        # Bochs names the screen's terminal early in its start-up, but on a
        # loaded machine that can take seconds: wait as long as the run
        # may last. Given up, the screen's buffer would fill and block
        # Bochs for good once the guest wrote a few pages to the console.
        while time.monotonic() < self.deadline:
            try:
                m = SCREEN_RE.search(open(self.stderr_path).read())
            except OSError:
                m = None
            if m:
                path = m.group(1)
                break
            if self.proc.poll() is not None:
                return
            time.sleep(0.01)
        if not path:
            return
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NOCTTY)
        except OSError:
            return
        try:
            while os.read(fd, 65536):
                pass
        except OSError:
            pass
        finally:
            os.close(fd)

    def _read_prompt(self, deadline=None):
        """Read up to the next prompt; return the text before it."""
        deadline = deadline or self.deadline
        with self.cond:
            while True:
                m = PROMPT_RE.search(self.buf)
                if m:
                    text = bytes(self.buf[:m.start()])
                    self.prompt_no = int(m.group(1))
                    del self.buf[:m.end()]
                    return text.decode("latin-1")
                if self.eof:
                    text = bytes(self.buf).decode("latin-1")
                    self.buf.clear()
                    raise EOFError(text)
                left = deadline - time.monotonic()
                if left <= 0:
                    text = bytes(self.buf).decode("latin-1")
                    self.buf.clear()
                    raise TimeoutError(text)
                self.cond.wait(min(left, 0.5))

    def send(self, line):
        self.proc.stdin.write((line + "\n").encode())
        self.proc.stdin.flush()

    def cmd(self, command):
        """Run one debugger command while the guest is stopped; its output."""
        self.send(command)
        try:
            out = self._read_prompt()
        except (EOFError, TimeoutError) as e:
            raise BochsError(f"{command!r}: Bochs stopped answering: {e}") from None
        # Bochs echoes nothing on a pipe; drop a leading echo if there is one.
        if out.startswith(command):
            out = out[len(command):].lstrip("\r\n")
        self.transcript.append((command, out))
        return out

    def cont(self):
        """Continue the guest. Returns (stop, guest_output) where stop is
        'magic', 'break', 'watch', 'exit' (Bochs ended: power-off or triple
        fault) or 'timeout'."""
        self.send("c")
        try:
            out = self._read_prompt()
        except EOFError as e:
            self.wait_exit()
            return "exit", strip_debugger(self._unecho(e.args[0]))
        except TimeoutError as e:
            self.kill()
            return "timeout", strip_debugger(self._unecho(e.args[0]))
        kind, self.last_ticks = parse_stop(out)
        self.last_stop_text = self._unecho(out)     # unstripped, for transcripts
        return kind or "break", strip_debugger(self._unecho(out))

    @staticmethod
    def _unecho(text):
        return text[2:] if text.startswith("c\n") else text

    # -- convenience wrappers ---------------------------------------------
    def regs(self):
        return parse_regs(self.cmd("r"))

    def cregs(self):
        return parse_creg(self.cmd("creg"))

    def xp(self, paddr, nwords):
        """Read physical memory as 32-bit words."""
        return words_from(self.cmd(f"xp /{nwords}wx 0x{paddr:x}"))

    def x(self, laddr, nwords):
        """Read linear memory (through the current page tables)."""
        return words_from(self.cmd(f"x /{nwords}wx 0x{laddr:x}"))

    def page(self, laddr):
        return parse_page(self.cmd(f"page 0x{laddr:x}"))

    def tlb(self, laddr):
        return parse_tlb(self.cmd(f"tlb 0x{laddr:x}"))

    # -- ending -------------------------------------------------------------
    def wait_exit(self, timeout=10):
        try:
            self.exit_code = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.kill()
        return self.exit_code

    def kill(self):
        if self.proc and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()
        if self.proc:
            self.exit_code = self.proc.returncode

    def quit(self):
        if self.proc.poll() is None:
            try:
                self.send("quit")
            except OSError:
                pass
            self.wait_exit(5)

    def log_text(self):
        try:
            return open(self.log, errors="replace").read()
        except OSError:
            return ""

    def close(self, keep=False):
        self.kill()
        for fd in (self.master, self.com1_master,
                   getattr(self, "com1_slave", None)):
            try:
                if fd is not None:
                    os.close(fd)
            except OSError:
                pass
        if not keep:
            shutil.rmtree(self.workdir, ignore_errors=True)


def checkpoint_lines(text):
    """The '# checkpoint:' lines in guest output."""
    return [l for l in text.splitlines() if l.startswith("# checkpoint: ")]


def run_to_end(m, on_checkpoint=None):
    """Continue `m` until it stops for good (power-off, hang, error).

    At each magic breakpoint the last checkpoint line printed before it is
    looked up; on_checkpoint(machine, name, line) may inspect the machine
    and returns a list of findings. Returns (stop, text, checkpoints,
    findings) where checkpoints is [(name, line, ticks, eax)]."""
    chunks, cps, findings, stop = [], [], [], None
    try:
        while True:
            stop, out = m.cont()
            chunks.append(out)
            if stop != "magic":
                break
            lines = checkpoint_lines(out)
            if not lines:
                cps.append((None, None, m.last_ticks, None))
                continue
            line = lines[-1]
            name = line.split()[2]
            eax = m.regs().get("eax")
            cps.append((name, line, m.last_ticks, eax))
            if on_checkpoint:
                findings += on_checkpoint(m, name, line)
    except (BochsError, OSError) as e:
        chunks.append(f"\n# runner: {e}\n")
        stop = stop or "error"
    return stop, "".join(chunks), cps, findings


# ---- interactive use: make run / make debug -------------------------------

# setup_memory() wants 4 MiB of working room above the kernel image, the
# initramfs and the early page tables (about 1.6 MiB today): below that
# it boots anyway but blames a mem= option nobody gave. 8 leaves a margin
# for the kernel to grow.
MIN_MEGS, MAX_MEGS = 8, 3072


def have_x_display():
    return bool(os.environ.get("DISPLAY")) and os.path.exists(
        "/usr/lib/x86_64-linux-gnu/bochs/plugins/libbx_x_gui.so")


def check_megs(text):
    """MEGS as typed -> (megs, None) or (None, the message to print)."""
    try:
        megs = int(str(text).strip(), 10)
    except ValueError:
        return None, (f"MEGS={text!r} is not a whole number of MiB "
                      f"(try MEGS=32, or any size from {MIN_MEGS} to {MAX_MEGS})")
    if megs < MIN_MEGS:
        return None, (f"MEGS={megs}: vmm386 needs at least {MIN_MEGS} MiB: it loads "
                      "at 1 MiB, and setup_memory() wants 4 MiB of room above the "
                      "kernel, its initramfs and early page tables")
    if megs > MAX_MEGS:
        return None, (f"MEGS={megs}: at most {MAX_MEGS} MiB: vmm386 has no PAE, and "
                      "Bochs' BIOS puts RAM beyond 3 GiB above 4 GiB, out of its reach")
    return megs, None


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["run", "debug"])
    ap.add_argument("--image", default=os.path.join(ROOT, "build", "vmm386.img"))
    ap.add_argument("--symbols")
    ap.add_argument("--megs", default=os.environ.get("MEGS") or "32")
    ap.add_argument("--cmdline", default=os.environ.get("KCMDLINE"),
                    help="kernel command line (default: the one built into the image)")
    args = ap.parse_args()
    megs, problem = check_megs(args.megs)
    if problem:
        print(f"vmm386: {problem}", file=sys.stderr)
        sys.exit(2)
    if not os.path.exists(args.image):
        print(f"vmm386: {args.image} does not exist: run make first", file=sys.stderr)
        sys.exit(2)
    import vmdebug
    display = "x" if have_x_display() else "term"
    sys.exit(vmdebug.session(args.image, args.mode, args.symbols, megs,
                             args.cmdline or None, display))


if __name__ == "__main__":
    main()
