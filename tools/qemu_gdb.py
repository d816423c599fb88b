#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""`make qemu-gdb`: the same disk image in QEMU, stopped before the first
instruction, waiting for GDB on its gdb stub.

    qemu_gdb.py [--port N] [--megs N] [--cmdline TEXT]   serve, print how to attach
    qemu_gdb.py --check      boot, attach gdb in batch mode, stop at
                             start_kernel, type some VM commands, quit

The kernel's messages (port 0xe9) appear on this terminal. GDB gets the
kernel's source-level debugging from build/vmm386.elf (compiled with -g)
and vmm386's VM commands from tools/gdb_vmm386.py. Ctrl-C or the end of
this program ends QEMU (it gets SIGKILL if this program dies).
"""
import argparse
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import bochs  # noqa: E402
import mkimage  # noqa: E402

BUILD = os.path.join(ROOT, "build")
QEMU = "qemu-system-i386"
# At start_kernel low memory is still mapped at 0 too; at kmem_cache_init
# (after mem_init()) it no longer is, and the zones and tasks exist.
CHECK_COMMANDS = ["hbreak start_kernel", "continue", "info line *$pc", "list start_kernel,+4",
                  "vm cpu", "vm walk 0xc0100000", "vm",
                  "hbreak kmem_cache_init", "continue", "vm zones", "vm ps", "vm walk 0",
                  "kill"]


def free_port():
    """A TCP port on the loopback interface nobody listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _pdeathsig():
    """In QEMU, before exec: SIGKILL when this program dies."""
    try:
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)     # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def qemu_args(disk, port, megs):
    """QEMU's command line: the disk, memory, the gdb stub stopped at the
    first instruction, port 0xe9 on standard output, no display."""
    return [QEMU, "-drive", f"file={disk},format=raw,if=ide", "-m", str(megs),
            "-gdb", f"tcp:127.0.0.1:{port}", "-S", "-display", "none",
            "-debugcon", "stdio", "-global", "isa-debugcon.iobase=0xe9",
            "-serial", "null", "-monitor", "none", "-no-reboot"]


def attach_line(port):
    """The gdb command line that attaches to the stub on `port`."""
    return (f"gdb {os.path.relpath(os.path.join(BUILD, 'vmm386.elf'))} "
            f"-x tools/gdb_vmm386.py -ex 'target remote 127.0.0.1:{port}'")


def start(image, port, megs, cmdline, stdout=None):
    """QEMU on a copy of the image (with cmdline, if given); (proc, workdir)."""
    if not shutil.which(QEMU):
        raise SystemExit(f"vmm386: {QEMU} is missing: run `tools/deps.sh gdb` "
                         "(Debian packages qemu-system-x86 and gdb)")
    work = tempfile.mkdtemp(prefix="vmm386-qemu-")
    data = open(image, "rb").read()
    if cmdline:
        data = mkimage.set_cmdline(data, cmdline)
    disk = os.path.join(work, "disk.img")
    open(disk, "wb").write(data)
    proc = subprocess.Popen(qemu_args(disk, port, megs), cwd=ROOT, stdout=stdout,
                            stdin=subprocess.DEVNULL, preexec_fn=_pdeathsig)
    return proc, work


def check(image, megs):
    """Boot, attach gdb in batch mode, print what it says; gdb's status."""
    port = free_port()
    proc, work = start(image, port, megs, "loglevel=7", stdout=subprocess.DEVNULL)
    try:
        cmd = ["gdb", "-nx", "-batch", os.path.join(BUILD, "vmm386.elf"),
               "-x", os.path.join(HERE, "gdb_vmm386.py"),
               "-ex", f"target remote 127.0.0.1:{port}"]
        for c in CHECK_COMMANDS:
            cmd += ["-ex", c]
        r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=180)
        print(r.stdout + r.stderr)
        return r.returncode
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait()
        shutil.rmtree(work, ignore_errors=True)


def serve(image, port, megs, cmdline):
    """QEMU in the foreground until it ends or Ctrl-C."""
    proc, work = start(image, port, megs, cmdline)
    print(f"vmm386: QEMU is waiting for GDB on 127.0.0.1:{port}, stopped before "
          "the BIOS's first instruction. In another terminal:")
    print(f"    {attach_line(port)}")
    print("    (gdb) hbreak start_kernel")
    print("    (gdb) continue")
    print("    (gdb) vm            # the VM commands: vm walk 0xc0100000, vm zones ...")
    print("vmm386: the kernel's messages appear below; Ctrl-C here ends QEMU.")
    sys.stdout.flush()
    try:
        return proc.wait()
    except KeyboardInterrupt:
        proc.kill()
        proc.wait()
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--image", default=os.path.join(BUILD, "vmm386.img"))
    ap.add_argument("--port", default=os.environ.get("GDBPORT") or "1234")
    ap.add_argument("--megs", default=os.environ.get("MEGS") or "32")
    ap.add_argument("--cmdline", default=os.environ.get("KCMDLINE"))
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args()
    megs, problem = bochs.check_megs(args.megs)
    if problem:
        print(f"vmm386: {problem}", file=sys.stderr)
        sys.exit(2)
    if args.check:
        sys.exit(check(args.image, megs))
    try:
        port = int(args.port)
    except ValueError:
        print(f"vmm386: GDBPORT={args.port!r} is not a port number", file=sys.stderr)
        sys.exit(2)
    sys.exit(serve(args.image, port, megs, args.cmdline))


if __name__ == "__main__":
    main()
