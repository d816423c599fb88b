#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""`make run`, `make debug`, plain `bochs` and `make qemu-gdb` tried as a
new user tries them, on a pseudo-terminal when a terminal matters. Prints
KTAP: one case per promise of the README.

Every Bochs and QEMU these tests start is found as a descendant of the
process the test started (by /proc), and each test checks that none is
left once the thing it started is gone; whatever survives is killed here
by its own pid, so a failing test leaves nothing running.
"""
import os
import pty
import re
import select
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PY = "/usr/bin/python3"
MAKE = ["make", "-s", "--no-print-directory", "-C", ROOT]
RESULTS = []


def descendants(pid):
    """Pids of every live process below `pid`."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = open(f"/proc/{entry}/stat").read()
        except OSError:
            continue
        ppid = int(stat[stat.rindex(")") + 2:].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def alive(pid):
    try:
        stat = open(f"/proc/{pid}/stat").read()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


def emulators(pids):
    """Those of `pids` that are Bochs or QEMU."""
    out = []
    for p in pids:
        try:
            exe = os.path.basename(os.readlink(f"/proc/{p}/exe"))
        except OSError:
            continue
        if exe.startswith(("bochs", "qemu-system")):
            out.append(p)
    return out


def gone_within(pids, seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if not any(alive(p) for p in pids):
            return True
        time.sleep(0.1)
    return False


def reap(pids):
    for p in pids:
        if alive(p):
            try:
                os.kill(p, signal.SIGKILL)
            except ProcessLookupError:
                pass


class Tty:
    """A command on a new pseudo-terminal that is its controlling
    terminal, as in a terminal window: Ctrl-C is a byte written here."""

    def __init__(self, argv, env=None):
        self.master, slave = pty.openpty()

        def become_terminal_session():
            import fcntl
            import termios
            fcntl.ioctl(0, termios.TIOCSCTTY, 0)
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave,
                                     cwd=ROOT, start_new_session=True,
                                     preexec_fn=become_terminal_session,
                                     env=dict(os.environ, **(env or {})))
        os.close(slave)
        self.text = ""

    def expect(self, pattern, seconds=60):
        """Read until `pattern` appears in what was printed; True if so."""
        end = time.monotonic() + seconds
        while not re.search(pattern, self.text):
            left = end - time.monotonic()
            if left <= 0:
                return False
            ready, _, _ = select.select([self.master], [], [], min(left, 0.5))
            if ready:
                try:
                    data = os.read(self.master, 65536)
                except OSError:
                    return bool(re.search(pattern, self.text))
                self.text += data.decode("latin-1").replace("\r\n", "\n")
        return True

    def type(self, data):
        os.write(self.master, data.encode())

    def wait(self, seconds=30):
        try:
            return self.proc.wait(seconds)
        except subprocess.TimeoutExpired:
            return None
        finally:
            self.expect(r"\Z.", 0.2)

    def close(self):
        reap(emulators(descendants(self.proc.pid)))
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        os.close(self.master)


def run_make(args, timeout):
    """make ARGS with no terminal; on a timeout everything it started is
    killed (a Bochs too), and the result says status None."""
    p = subprocess.Popen(MAKE + args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, cwd=ROOT,
                         start_new_session=True)
    try:
        out, err = p.communicate(timeout=timeout)
        return subprocess.CompletedProcess(p.args, p.returncode, out, err)
    except subprocess.TimeoutExpired:
        reap(descendants(p.pid))
        p.kill()
        out, err = p.communicate()
        return subprocess.CompletedProcess(p.args, None, out, err)


def case(fn):
    """Run one test function: it returns (ok, diagnostic lines)."""
    try:
        ok, diag = fn()
    except Exception as e:  # noqa: BLE001 -- a crashed test is a failed one
        ok, diag = False, [repr(e)]
    RESULTS.append((fn.__name__, ok, diag))
    return ok


# ---- the cases ----------------------------------------------------------------

def bad_megs_fail_loudly():
    """Each MEGS make run cannot boot gives a message and a non-zero
    status, before any Bochs starts."""
    diag, ok = [], True
    for megs in ("1", "0", "2", "abc", "5000"):
        r = run_make(["run", f"MEGS={megs}"], 60)
        said = [l for l in r.stderr.splitlines() if f"MEGS={megs}" in l or
                f"MEGS='{megs}'" in l]
        if r.returncode in (0, None) or not said:
            ok = False
        diag.append(f"MEGS={megs}: status {r.returncode}: {(said or [r.stderr.strip()])[0]}")
    return ok, diag


# busybox's shell prompt (/etc/profile's PS1).
SHELL_PROMPT = r"vmm386:/# "


def typing_reaches_the_shell_and_ctrl_bracket_the_debugger():
    """README: make run lands at busybox's prompt and what is typed reaches
    it (relayed raw to COM1: the shell computes hi42 from what it read);
    Ctrl-C kills the shell's foreground job, not the session; Ctrl-]
    stops at the debugger prompt, where a VM command answers; after c the
    shell reads the keys again; Ctrl-] and q quit: make's status is 0 and
    no Bochs is left. (`exit` at the shell powering off is ch5's scripted
    session; make run's status after a power-off, cmdline_on_make_...)"""
    t = Tty(MAKE + ["run", "KCMDLINE=loglevel=7"])
    try:
        booted = t.expect(r"Kernel command line: loglevel=7", 90)
        bochs = emulators(descendants(t.proc.pid))
        shell = t.expect(SHELL_PROMPT, 180)
        t.type("echo hi$((6*7))\r")
        typed = t.expect(r"\nhi42\r?\n" + SHELL_PROMPT, 60)
        t.type("sleep 100\r")
        t.expect(r"sleep 100\r?\n", 30)
        time.sleep(1)
        t.type("\x03")
        intr = t.expect(r"sleep 100\r?\n\^C(.*\n)*" + SHELL_PROMPT, 60)
        t.type("\x1d")
        prompt = t.expect(r"<bochs:\d+> $", 30)
        t.type("zones\n")
        zones = t.expect(r"free blocks by order", 30)
        t.type("c\n")
        t.expect(r"\nc\n", 10)
        t.type("echo again$((1+1))\r")
        again = t.expect(r"\nagain2\r?\n" + SHELL_PROMPT, 60)
        t.type("\x1d")
        t.expect(r"<bochs:\d+> $", 30)
        t.type("q\n")
        status = t.wait(30)
        left = [p for p in bochs if alive(p)]
        return (booted and bochs and shell and typed and intr and prompt and
                zones and again and status == 0 and not left,
                [f"booted {booted}, bochs {bochs}, shell prompt {shell}, hi42 "
                 f"{typed}, ^C {intr}, debugger prompt {prompt}, zones {zones}, "
                 f"typing after c {again}, make status {status}, Bochs left {left}"]
                + t.text.splitlines()[-8:])
    finally:
        t.close()


def _started_run(argv, env=None):
    t = Tty(argv, env)
    booted = t.expect(r"Kernel command line", 90)
    return t, booted, emulators(descendants(t.proc.pid))


def sigterm_to_make_takes_bochs_down():
    """timeout(1) and kill send SIGTERM to make: Bochs (which ignores
    SIGTERM) must not outlive it."""
    t, booted, bochs = _started_run(MAKE + ["run"])
    try:
        t.proc.send_signal(signal.SIGTERM)
        status = t.wait(30)
        down = gone_within(bochs, 10)
        return (booted and bochs and down and status is not None,
                [f"booted {booted}, bochs {bochs}, gone {down}, make ended with {status}"])
    finally:
        reap(bochs)
        t.close()


def sigkill_to_runner_takes_bochs_down():
    """Even SIGKILL of the runner itself takes Bochs down (PDEATHSIG)."""
    t, booted, bochs = _started_run([PY, "tools/bochs.py", "run"])
    try:
        t.proc.kill()
        t.wait(10)
        down = gone_within(bochs, 10)
        return booted and bochs and down, [f"booted {booted}, bochs {bochs}, gone {down}"]
    finally:
        reap(bochs)
        t.close()


def closed_pipe_takes_bochs_down():
    """`make run | head -1`: when the reader goes away the runner ends,
    and its Bochs with it (the idle kernel would run for ever)."""
    p = subprocess.Popen([PY, "tools/bochs.py", "run", "--cmdline", "loglevel=8"],
                         cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        first = p.stdout.readline()
        time.sleep(1)
        bochs = emulators(descendants(p.pid))
        p.stdout.close()
        try:
            status = p.wait(60)
        except subprocess.TimeoutExpired:
            status = None
        down = gone_within(bochs, 10)
        return (bool(first) and bochs and status is not None and down,
                [f"first line {first!r}, bochs {bochs}, runner status {status}, gone {down}"])
    finally:
        reap(emulators(descendants(p.pid)) + [p.pid])


def cmdline_on_make_command_line_is_used():
    """make run CMDLINE=... boots with that command line (KCMDLINE too),
    and a kernel that powers off ends make run with status 0."""
    diag, ok = [], True
    for var in ("CMDLINE", "KCMDLINE"):
        r = run_make(["run", f"{var}=test=boot panic=-1"], 180)
        said = "vmm386: command line: test=boot panic=-1" in r.stdout
        ran = re.search(r"^# Totals: pass:\d+ fail:0 ", r.stdout, re.M) is not None
        off = "powered the machine off" in r.stdout
        ok = ok and said and ran and off and r.returncode == 0
        diag.append(f"{var}: status {r.returncode}, banner {said}, suite ran {ran}, "
                    f"power-off reported {off}")
    return ok, diag


def plain_bochs_boots_through_with_symbols():
    """`bochs` in the repository root: symbols are loaded (a breakpoint on
    start_kernel by name), and after `c` the kernel boots past every
    checkpoint to mem_init() without stopping."""
    p = subprocess.Popen(["bochs"], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT, start_new_session=True,
                         env=dict(os.environ, TERM=os.environ.get("TERM") or "dumb"))
    text = ""
    try:
        p.stdin.write(b'lb "start_kernel"\nc\nc\n')
        p.stdin.flush()
        end = time.monotonic() + 60
        os.set_blocking(p.stdout.fileno(), False)
        while time.monotonic() < end and not re.search(r"\] Memory: \d+k/", text):
            ready, _, _ = select.select([p.stdout], [], [], 0.5)
            if ready:
                data = p.stdout.read()
                if not data:
                    break
                text += data.decode("latin-1")
        broke = re.search(r"Breakpoint 1, 0x0*c[0-9a-f]+ in", text) is not None and \
            "start_kernel" in text
        through = re.search(r"\] Memory: \d+k/", text) is not None
        magic = "Magic breakpoint" in text
        return broke and through and not magic, [
            f"breakpoint on start_kernel by name {broke}, reached mem_init {through}, "
            f"stopped at a checkpoint {magic}"] + text.splitlines()[-4:]
    finally:
        _quit_bochs(p)


def _quit_bochs(p):
    """Stop Bochs as a person would, Ctrl-C then q, so that it removes its
    lock on build/vmm386.img; SIGKILL only if it does not listen."""
    try:
        os.killpg(p.pid, signal.SIGINT)
        time.sleep(0.5)
        p.stdin.write(b"q\n")
        p.stdin.flush()
        p.wait(10)
    except (OSError, subprocess.TimeoutExpired):
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        p.wait()


def qemu_gdb_stops_at_start_kernel_with_source():
    """make qemu-gdb's QEMU and gdb in batch mode: a hardware breakpoint
    on start_kernel stops there with its source line, and the VM commands
    answer through the gdb stub."""
    r = subprocess.run([PY, "tools/qemu_gdb.py", "--check"], cwd=ROOT,
                       capture_output=True, text=True, timeout=240)
    out = r.stdout + r.stderr
    stopped = re.search(r"start_kernel \(.*\) at kernel/init/main\.c:\d+", out) is not None
    source = re.search(r"^\d+\s+.*\S", out, re.M) is not None
    walk = re.search(r"^  frame      0x100, physical 0x00100000", out, re.M) is not None
    cpu = re.search(r"eip=[0-9a-f]{8} <start_kernel", out) is not None
    # after mem_init(): page 0 unmapped, the free lists add up, the idle task
    later = re.search(r"kmem_cache_init \(.*\) at kernel/mm/slab_cache\.c:\d+", out) is not None
    zones = out.count("as free_pages says") == 2 and "MISMATCH" not in out
    ps = re.search(r"^> +0 R swapper ", out, re.M) is not None
    page0 = "not mapped: the pgd entry is not present" in out
    return (r.returncode == 0 and stopped and source and walk and cpu and later and
            zones and ps and page0,
            [f"status {r.returncode}, stopped at start_kernel {stopped}, source {source}, "
             f"walk {walk}, cpu {cpu}; at kmem_cache_init {later}: zones {zones}, "
             f"ps {ps}, page 0 unmapped {page0}"] + out.splitlines()[-12:])


CASES = [bad_megs_fail_loudly, typing_reaches_the_shell_and_ctrl_bracket_the_debugger,
         sigterm_to_make_takes_bochs_down, sigkill_to_runner_takes_bochs_down,
         closed_pipe_takes_bochs_down, cmdline_on_make_command_line_is_used,
         plain_bochs_boots_through_with_symbols, qemu_gdb_stops_at_start_kernel_with_source]


def main():
    names = sys.argv[1:]
    cases = [c for c in CASES if not names or c.__name__ in names]
    print("KTAP version 1")
    print("1..1")
    print("    KTAP version 1")
    print("    # Subtest: debugger")
    print(f"    1..{len(cases)}")
    sys.stdout.flush()
    failed = False
    for n, fn in enumerate(cases, 1):
        ok = case(fn)
        for line in RESULTS[-1][2]:
            print(f"    # {line}")
        print(f"    {'ok' if ok else 'not ok'} {n} {fn.__name__}")
        sys.stdout.flush()
        failed = failed or not ok
    print(f"{'not ok' if failed else 'ok'} 1 debugger")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
