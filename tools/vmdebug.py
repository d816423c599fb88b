#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""The Bochs debugger prompt of `make debug` and `make run`, with vmm386's
VM commands added.

Bochs runs as a bochs.Machine: its standard input is a pipe this program
writes to, its output a pseudo-terminal this program reads. Every line the
user types is passed to Bochs unchanged, except the VM commands of
tools/vmdecode.py (walk, vmalloc, pkmap, zones, frame, frameof, ps, cpu,
maps; also as `vm walk ...`) and `help`, which prints them before Bochs'
own help. A VM command reads the stopped machine through debugger commands
of its own (xp, creg, r, tlb) whose output the user does not see.

In `make run` with a terminal, what the user types while the guest runs
goes to the guest: the terminal is put in raw mode and every byte is
written to COM1, which Bochs connects to a pseudo-terminal of ours (the
kernel's tty driver reads it as a serial line), so busybox's line editing
sees each key and Ctrl-C is the guest's ^C (SIGINT to the shell's
foreground job). Ctrl-] (the telnet escape) stops the guest at the
debugger prompt instead; there the terminal is back in its normal mode,
`c` continues (raw again) and `q` quits with status 0. Without a terminal
(and in `make debug`) Ctrl-C stops the guest at the prompt (it is passed
to Bochs as SIGINT). Bochs never outlives this program: it
gets SIGKILL when this program ends however it ends (SIGTERM, SIGHUP, a
closed pipe; PR_SET_PDEATHSIG covers SIGKILL), and when the standard input
is a terminal this program becomes the terminal's foreground process group
for the session, so that Ctrl-C reaches it and not `make`, and `make run`
ends with the status this program returns.
"""
import os
import re
import select
import signal
import stat
import sys
import termios
import threading
try:
    import readline  # noqa: F401 -- line editing and history for input()
except ImportError:
    pass

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bochs  # noqa: E402
import vmdecode  # noqa: E402

ESCAPE = b"\x1d"      # Ctrl-]: from the guest's shell to the debugger prompt
STOP_RE = re.compile(r"(\(\d\) Breakpoint \d+, )0x([0-9a-f]+) in \?\? \(\)")
QUIT = ("q", "quit", "exit")


# What may be the start of Bochs' prompt, "<bochs:N> ", at the end of its
# output: held back until the rest arrives (or does not).
PROMPT_START_RE = re.compile(rb"<(?:b(?:o(?:c(?:h(?:s(?::\d*>?)?)?)?)?)?)?\Z")


def _shown_up_to(buf):
    """How much of Bochs' output @buf to show now: all of it, partial lines
    too (a shell's prompt ends without a newline), but a tail that may
    be the beginning of the debugger's prompt."""
    tail = PROMPT_START_RE.search(buf, max(0, len(buf) - 16))
    return tail.start() if tail else len(buf)


def symbolize_stop(text, symbols):
    """Bochs reports a breakpoint as '0x... in ?? ()' even with symbols
    loaded: put the symbol in place of the question marks."""
    def named(m):
        addr = int(m.group(2), 16)
        return f"{m.group(1)}0x{addr:08x} in {symbols.describe(addr) or '??'} ()"
    return STOP_RE.sub(named, text)


class ForegroundGroup:
    """Make this process the terminal's foreground process group while
    the session lasts (a shell's job control, in small): Ctrl-C then
    signals only this program, never the `make` that started it."""

    def __init__(self):
        self.fd, self.old = None, None

    def __enter__(self):
        try:
            fd = sys.stdin.fileno()
            if not os.isatty(fd) or os.tcgetpgrp(fd) != os.getpgrp():
                return self
            self.old = os.getpgrp()
            os.setpgid(0, 0)
            with _ignored(signal.SIGTTOU):
                os.tcsetpgrp(fd, os.getpgrp())
            self.fd = fd
        except OSError:
            pass
        return self

    def __exit__(self, *exc):
        """Give the terminal back to the process group that had it."""
        fd, self.fd = self.fd, None
        if fd is None:
            return
        try:
            with _ignored(signal.SIGTTOU):
                os.tcsetpgrp(fd, self.old)
        except OSError:
            pass


class _ignored:
    """Ignore signal `sig` for the duration of a with block."""

    def __init__(self, sig):
        self.sig = sig

    def __enter__(self):
        self.prev = signal.signal(self.sig, signal.SIG_IGN)

    def __exit__(self, *exc):
        signal.signal(self.sig, self.prev)


class Relay:
    """The user's terminal typing at the guest's COM1 while the guest runs.

    The terminal is in raw mode meanwhile (no line editing, echo or signal
    keys of the host's: the guest's tty driver does all that), but keeps
    output processing, so the guest's newlines still start a new line.
    restore() gives the terminal its own settings back; it is safe to call
    from a signal handler and more than once."""

    def __init__(self, fd, com1):
        self.fd, self.com1 = fd, com1
        self.saved = termios.tcgetattr(fd)
        self.raw = False

    def enter(self):
        """Raw mode: every key as typed, none of them the host's."""
        if self.raw:
            return
        mode = termios.tcgetattr(self.fd)
        mode[0] &= ~(termios.BRKINT | termios.ICRNL | termios.INPCK |
                     termios.ISTRIP | termios.IXON)
        mode[2] = (mode[2] & ~(termios.CSIZE | termios.PARENB)) | termios.CS8
        mode[3] &= ~(termios.ECHO | termios.ICANON | termios.IEXTEN |
                     termios.ISIG)
        mode[6][termios.VMIN], mode[6][termios.VTIME] = 1, 0
        termios.tcsetattr(self.fd, termios.TCSADRAIN, mode)
        self.raw = True

    def restore(self):
        """The terminal as it was before the session."""
        if not self.raw:
            return
        try:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, self.saved)
        except termios.error:
            pass
        self.raw = False

    def pump(self, timeout):
        """Pass what was typed within @timeout seconds to COM1; True when
        the user typed the escape key (the bytes before it are passed)."""
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        data = os.read(self.fd, 4096)
        before, escape, _ = data.partition(ESCAPE)
        if before:
            os.write(self.com1, before)
        return bool(escape)


class Prompt:
    """One interactive session on one Bochs machine."""

    def __init__(self, machine, symbols_nm, out=sys.stdout, relay=None):
        self.m = machine
        self.out = out
        self.relay = relay
        self.sym = vmdecode.Symbols(symbols_nm) if symbols_nm and \
            os.path.exists(symbols_nm) else None

    def write(self, text):
        """Show Bochs' or our text, breakpoint stops symbolized."""
        if self.sym:
            text = symbolize_stop(text, self.sym)
        self.out.write(text.replace("\r\n", "\n"))
        self.out.flush()

    def stream(self, typed):
        """Print Bochs' output as it arrives until its next prompt; Ctrl-C
        (Ctrl-] when typing goes to the guest) meanwhile stops the guest.
        Raises EOFError when Bochs ends."""
        m, first = self.m, True
        if self.relay and typed.split()[:1] in (["c"], ["cont"], ["continue"]):
            self.relay.enter()
        try:
            self._stream(typed, first)
        finally:
            if self.relay:
                self.relay.restore()

    def _stream(self, typed, first):
        """stream()'s loop: Bochs' output out, the user's keys in."""
        m = self.m
        while True:
            try:
                with m.cond:
                    match = bochs.PROMPT_RE.search(m.buf)
                    end = match.start() if match else \
                        _shown_up_to(m.buf) if self.relay else m.buf.rfind(b"\n") + 1
                    chunk = bytes(m.buf[:end]).decode("latin-1")
                    if match:
                        m.prompt_no = int(match.group(1))
                        del m.buf[:match.end()]
                    else:
                        del m.buf[:end]
                    if not match and not chunk and m.eof:
                        chunk = bytes(m.buf).decode("latin-1")
                        m.buf.clear()
                if first and typed and chunk.startswith(typed + "\n"):
                    chunk = chunk[len(typed) + 1:]
                first = first and not chunk
                self.write(chunk)
                if match:
                    return
                if m.eof and not chunk:
                    raise EOFError
                if self.relay and self.relay.raw:
                    if self.relay.pump(0.02):
                        self.interrupt()
                    continue
                with m.cond:
                    if not m.eof and not bochs.PROMPT_RE.search(m.buf):
                        m.cond.wait(0.2)
            except KeyboardInterrupt:
                self.interrupt()

    def interrupt(self):
        """Ctrl-C while the guest runs: Bochs stops it at the prompt."""
        try:
            os.killpg(self.m.proc.pid, signal.SIGINT)
        except ProcessLookupError:
            pass

    def vm(self, line):
        """The answer to a VM command line, or the reason there is none."""
        if not self.sym:
            return "VM commands need the kernel's symbols (build/vmm386.nm): run make"
        try:
            return vmdecode.run(self.m, self.sym, line)
        except vmdecode.VmError as e:
            return f"{e}"
        except bochs.BochsError as e:
            return f"the debugger did not answer: {e}"

    def one(self, line):
        """Handle one typed line; False once the session is over."""
        words = line.split()
        if words[:1] == ["vm"]:
            words, line = words[1:], " ".join(words[1:])
            if not words:
                self.write(vmdecode.help_text() + "\n")
                return True
        if words and words[0] in vmdecode.COMMANDS:
            self.write(self.vm(line).rstrip("\n") + "\n")
            return True
        if words == ["help"]:
            self.write(vmdecode.help_text() + "\n\nBochs' own commands:\n")
        self.m.send(line)
        if words and words[0] in QUIT:
            return False
        self.stream(line)
        return True

    def loop(self, run_first=False):
        """Read and run lines until `q`, end of input, or Bochs ends."""
        if run_first:
            self.m.send("c")
            self.stream("c")
        while True:
            try:
                line = input(f"<bochs:{self.m.prompt_no}> ")
            except EOFError:
                self.write("q\n")
                line = "q"
            except KeyboardInterrupt:
                self.write("\n(the machine is stopped: c continues, q quits)\n")
                continue
            if not sys.stdin.isatty():
                self.write(line + "\n")     # a transcript reads as typed
            if not self.one(line):
                return


def _bochs_reason(m):
    """Why Bochs stopped, in its own words: its standard error and the
    PANIC lines of its log."""
    lines = []
    try:
        lines += [l for l in open(m.stderr_path, errors="replace").read().splitlines()
                  if l.strip() and "connected to screen" not in l]
    except (OSError, AttributeError):
        pass
    lines += [l for l in m.log_text().splitlines() if ">>PANIC<<" in l]
    return lines[-6:]


def _pdeathsig():
    """In the child, before exec: SIGKILL when the parent dies."""
    import ctypes
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)   # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def session(image, mode, symbols, megs, cmdline, display):
    """Boot the image for a person and hold the prompt; the exit status."""
    typing = mode == "run" and _is_terminal(sys.stdin)
    m = bochs.Machine(image, cmdline=cmdline, megs=megs, name=mode,
                      timeout=365 * 86400, magic=(mode == "debug"),
                      symbols=symbols, display=display, preexec=_pdeathsig,
                      com1_script=() if typing else None)
    m.stream = True     # show the guest's output as it comes
    nm = os.path.splitext(symbols)[0] + ".nm" if symbols else None

    fg = ForegroundGroup()
    relay = None

    def die(signum, frame):
        # No waiting and no locks in a signal handler: the interrupted code
        # may hold them. SIGKILL (Bochs ignores SIGTERM), give the terminal
        # back, go; init reaps Bochs.
        if m.proc is not None:
            try:
                os.killpg(m.proc.pid, signal.SIGKILL)
            except OSError:
                pass
        if relay:
            relay.restore()
        fg.__exit__()
        os._exit(128 + signum)
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, die)
    _watch_reader(lambda: die(signal.SIGPIPE, None))
    print(f"vmm386: booting {image} with {megs} MiB "
          f"({'a Bochs window' if display == 'x' else 'headless; kernel messages below'})")
    print(f"vmm386: command line: {m.cmdline}")
    if typing:
        print("vmm386: what you type goes to the guest's shell (Ctrl-C too); "
              "Ctrl-] stops the machine at the debugger prompt: there `help` "
              "lists the VM commands, c continues, q quits.")
    elif mode == "run":
        print("vmm386: Ctrl-C stops the machine at the debugger prompt; there "
              "`help` lists the VM commands, q quits.")
    else:
        print('vmm386: at the prompt try:  lb "start_kernel"  c  cpu  walk 0xc0100000'
              "  zones  help  q")
    sys.stdout.flush()
    prompt = Prompt(m, nm)
    try:
        with fg:
            if typing:
                # COM1's pseudo-terminal exists once Machine has its options.
                m.bochs_args()
                relay = prompt.relay = Relay(sys.stdin.fileno(), m.com1_master)
            return _hold(m, prompt, mode)
    except BrokenPipeError:
        # The reader went away (make run | head): nothing more can be shown.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    finally:
        if relay:
            relay.restore()
        m.close()


def _is_terminal(f):
    """True when @f is a terminal (not a pipe, a file or /dev/null)."""
    try:
        return os.isatty(f.fileno())
    except (OSError, ValueError):
        return False


def _watch_reader(on_gone):
    """When standard output is a pipe, call @on_gone as soon as its reader
    goes away (`make run | head -1`). Writing would tell us too, but an idle
    kernel writes nothing, and its Bochs would run on for ever."""
    try:
        if not stat.S_ISFIFO(os.fstat(sys.stdout.fileno()).st_mode):
            return
    except (OSError, ValueError):
        return

    def watch():
        p = select.poll()
        p.register(sys.stdout.fileno(), 0)  # POLLERR/POLLHUP only
        while True:
            for _, events in p.poll():
                if events & (select.POLLERR | select.POLLHUP | select.POLLNVAL):
                    on_gone()
                    return
    threading.Thread(target=watch, daemon=True).start()


def _hold(m, prompt, mode):
    """Start Bochs, run the prompt, and say how the machine ended."""
    try:
        m.start()
    except (EOFError, TimeoutError, bochs.BochsError):
        m.wait_exit(5)
        print("vmm386: Bochs did not start:", file=sys.stderr)
        for line in _bochs_reason(m) or ["(no reason given)"]:
            print(f"    {line}", file=sys.stderr)
        return 1
    try:
        prompt.loop(run_first=(mode == "run"))
    except EOFError:
        pass
    code = m.wait_exit(10)
    log = m.log_text()
    if "Shutdown port: shutdown requested" in log:
        print("vmm386: the kernel powered the machine off")
        return 0
    if code == 0:
        return 0
    print(f"vmm386: Bochs ended with status {code}:", file=sys.stderr)
    for line in _bochs_reason(m) or ["(no reason given)"]:
        print(f"    {line}", file=sys.stderr)
    return 1
