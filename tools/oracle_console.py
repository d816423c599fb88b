# SPDX-License-Identifier: GPL-2.0-only
"""The Bochs oracle for the consoles the `console=` options choose.

Without console= the kernel prints on the VGA screen (and, always, on the
Bochs debug port the runner reads); `console=tty0` names the screen,
`console=ttyS0[,BAUD]` COM1, and once any console= is given only the
consoles named print (kernel/drivers/console.c). Two checks, from outside:

- at checkpoint 'kunit_start' the screen is read from VGA memory
  (0xb8000) through the debugger: kernel lines, stamped "[    0.000000]",
  must be on it exactly when the screen is a console;
- after a boot that ended in a power-off, what Bochs wrote to COM1's file
  must be the kernel's output as the debug port showed it, from the banner
  on (the lines printed before console_init() replayed), when COM1 is a
  console -- all but the last FIFO's worth, which the UART may still be
  sending at the power-off -- and nothing at all otherwise.
"""
import re

from oracle import Check

VGA_TEXT = 0xb8000
COLS, ROWS = 80, 25
STAMP_RE = re.compile(r"^\[ *\d+\.\d{6}\] ")
BANNER = "vmm386 version"
# Bytes COM1 may still be sending when the kernel powers off: its FIFO.
FIFO = 16


def consoles(cmdline):
    """The consoles that print for `cmdline`, by name ('tty0', 'ttyS0')."""
    named = [w.split("=", 1)[1].split(",")[0] for w in cmdline.split()
             if w.startswith("console=")]
    return set(named) if named else {"tty0"}


def screen(m):
    """The VGA text screen as ROWS strings (characters only)."""
    words = m.xp(VGA_TEXT, COLS * ROWS // 2)
    chars = []
    for w in words:
        for cell in (w & 0xffff, w >> 16):
            c = cell & 0xff
            chars.append(chr(c) if 32 <= c < 127 else " ")
    return ["".join(chars[r * COLS:(r + 1) * COLS]).rstrip() for r in range(ROWS)]


def kunit_start(m, line):
    """Checkpoint 'kunit_start': kernel lines are on the screen iff the
    screen is one of the consoles."""
    rows = screen(m)
    stamped = [r for r in rows if STAMP_RE.match(r)]
    want = "tty0" in consoles(m.cmdline)
    return [Check(f"console: the VGA screen {'shows' if want else 'does not show'} "
                  f"kernel messages ({m.cmdline.strip() or 'no options'})",
                  bool(stamped) == want,
                  f"{len(stamped)} stamped rows; last rows: {rows[-3:]}")]


def _from_banner(text):
    text = text.replace("\r\n", "\n")
    at = text.find(BANNER)
    return text[text.rfind("\n", 0, at) + 1:] if at >= 0 else None


def serial(cmdline, com1, e9):
    """The check of COM1's file `com1` (bytes) after a power-off, against
    the debug port's text `e9`."""
    got = com1.decode("latin-1")
    if "ttyS0" not in consoles(cmdline):
        return Check("console: COM1 prints nothing without console=ttyS0",
                     not got, f"{len(got)} bytes, first: {got[:80]!r}")
    want, have = _from_banner(e9), _from_banner(got)
    ok = want is not None and have is not None and want.startswith(have) and \
        len(want) - len(have) <= FIFO
    first = next((i for i, (a, b) in enumerate(zip(want or "", have or ""))
                  if a != b), None)
    return Check("console: COM1 (console=ttyS0) printed all the debug port "
                 "did, from the banner on", ok,
                 f"COM1 {len(have or '')} characters from the banner "
                 f"({'found' if have is not None else 'missing'}), the debug "
                 f"port {len(want or '')}; first difference at {first}")
