#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Transcripts of real Bochs runs, for the book. Never pasted: produced by
booting the current image, and cached by everything they depend on.

A session is a dict:

    {"kind": "boot", "cmdline": "test=boot", "megs": 32}
        one boot to power-off; the result is what the guest printed.
    {"kind": "debugger", "cmdline": "...", "megs": 32,
     "steps": [["break", "start_kernel", ["page 0"]],
               ["checkpoint", "paging", ["page 0", "info tab"]]]}
        a debugger conversation: continue to each stop (a breakpoint on a
        symbol, or the magic breakpoint of a named checkpoint), then type
        the step's commands; the result keeps every prompt, command and
        answer as Bochs printed them. A command may quote what the
        checkpoint lines printed so far claimed (the latest line with a key
        wins): {cache} is the value of cache=, {objs[1]} the second item of
        a comma-separated objs=, so `xp /8wx {map}` follows an address that
        moves when the kernel grows (see substitute()); the result shows
        the command as it was typed.

get(session, image, symbols, cachedir) returns the result, running Bochs
only when no result exists for the same session, image and symbols (by
content hash). render_boot() and render_debugger() turn results into the
text the book shows, and raise Mismatch when a selection (a KTAP suite, a
`from`/`to`/`grep` pattern) no longer matches: the book then fails to build.

    transcript.py boot "test=boot"              print a boot's output
    transcript.py debugger "test=boot" @break=start_kernel "page 0"
"""
import hashlib
import json
import os
import re
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import bochs  # noqa: E402

VERSION = 3     # bump when the recording format changes
STOP_KINDS = ("break", "checkpoint")


class Mismatch(Exception):
    """A transcript selection that the current output no longer satisfies."""


class RunError(Exception):
    """Bochs did not get where the session wanted it to."""


_hashes = {}     # (path, size, mtime) -> digest: the book asks per directive


def file_hash(path):
    st = os.stat(path)
    key = (os.path.abspath(path), st.st_size, st.st_mtime_ns)
    if key not in _hashes:
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        _hashes[key] = h.hexdigest()
    return _hashes[key]


def session_key(session, image_hash, symbols_hash):
    key = {"v": VERSION, "s": session, "img": image_hash, "sym": symbols_hash}
    if uses_vm_commands(session):
        # Their answers depend on the decoder too, not only on the kernel.
        key["decoder"] = [file_hash(os.path.join(HERE, f)) for f in DECODER_FILES]
    blob = json.dumps(key, sort_keys=True)
    return hashlib.sha256(blob.encode()).hexdigest()[:24]


# The VM commands of the debugger prompt (tools/vmdecode.py), typed in a
# debugger session as in `make debug`.
DECODER_FILES = ("vmdecode.py", "oracle.py", "oracle_highmem.py", "layout.py")


def vm_command(command):
    """The VM command line `command` stands for, or None for a Bochs one
    ('vm walk X' and 'walk X' are the same)."""
    import vmdecode
    words = command.split()
    if words[:1] == ["vm"]:
        words = words[1:]
    return " ".join(words) if words and words[0] in vmdecode.COMMANDS else None


def uses_vm_commands(session):
    return any(vm_command(c) for step in session.get("steps", []) for c in step[2])


def type_command(m, command, symbols):
    """The answer to one command typed at the prompt of `make debug`:
    Bochs' own, or a VM command's (tools/vmdecode.py) over the same
    machine."""
    line = vm_command(command)
    if line is None:
        return m.cmd(command)
    import vmdecode
    nm = os.path.splitext(symbols)[0] + ".nm"
    try:
        return vmdecode.run(m, vmdecode.Symbols(nm), line) + "\n"
    except vmdecode.VmError as e:
        raise RunError(f"{command!r}: {e}") from None


def validate(session):
    """Raise ValueError for a session the runner cannot perform."""
    if session.get("kind") not in ("boot", "debugger"):
        raise ValueError(f"unknown transcript kind {session.get('kind')!r}")
    if not isinstance(session.get("cmdline", ""), str):
        raise ValueError("cmdline must be a string")
    for step in session.get("steps", []):
        if step[0] not in STOP_KINDS + ("start",):
            raise ValueError(f"unknown stop {step[0]!r} (use @break or @checkpoint)")


def _clean(text):
    return text.replace("\r\n", "\n").replace("\r", "")


# ---- running ----------------------------------------------------------------------

def run_boot(session, image, timeout=120):
    m = bochs.Machine(image, cmdline=session.get("cmdline", ""), megs=session.get("megs", 32),
                      timeout=session.get("timeout", timeout), name="transcript")
    try:
        m.start()
        stop, text, cps, _ = bochs.run_to_end(m)
    finally:
        m.close()
    if stop != "exit":
        raise RunError(f"the boot ended by {stop}, not a power-off; last output:\n"
                       + "\n".join(_clean(text).splitlines()[-6:]))
    return {"kind": "boot", "text": _clean(text),
            "checkpoints": [[n, t] for n, _, t, _ in cps]}


def substitute(command, claims):
    """`command` with each {key} or {key[i]} replaced by the value of key=
    on the checkpoint lines seen so far (`claims`; item i of a
    comma-separated list). Addresses a kernel only knows at run time can be typed this
    way, as a person at the debugger would copy them from that line."""
    def value(m):
        key, index = m.group(1), m.group(2)
        if key not in claims:
            raise RunError(f"{command!r}: no checkpoint line so far has {key}= "
                           f"(it has {', '.join(sorted(claims)) or 'nothing'})")
        if index is None:
            return claims[key]
        items = claims[key].split(",")
        if int(index) >= len(items):
            raise RunError(f"{command!r}: {key}= has {len(items)} items, not {int(index) + 1}")
        return items[int(index)]
    return re.sub(r"\{(\w+)(?:\[(\d+)\])?\}", value, command)


def set_break(m, what):
    """Set a breakpoint on kernel symbol `what`; Bochs' answer."""
    out = m.cmd(f'lb "{what}"')
    if "not found" in out.lower() or "unknown" in out.lower():
        raise RunError(f"no symbol {what!r} for a breakpoint: {out.strip()}")
    return out


def advance(m, kind, what):
    """Continue machine `m` to a stop: kind "break" runs to a breakpoint
    (set_break() first), "checkpoint" to the magic breakpoint of the
    checkpoint named `what`. Returns (prompt number of the `c`, guest
    output meanwhile, Bochs' stop report, the checkpoint lines printed
    meanwhile). Raises RunError if the guest ends first."""
    guest, seen = "", []
    while True:
        n = m.prompt_no
        stop, out = m.cont()
        guest += out
        lines = bochs.checkpoint_lines(out)
        seen += lines
        if stop in ("exit", "timeout"):
            raise RunError(f"the guest ended ({stop}) before reaching {kind} {what}")
        if kind == "break" and stop == "break":
            break
        if kind == "checkpoint" and stop == "magic" and lines and \
                lines[-1].split()[2] == what:
            break
    return n, guest, _stop_report(m.last_stop_text), seen


def run_debugger(session, image, symbols, timeout=60):
    m = bochs.Machine(image, cmdline=session.get("cmdline", ""), megs=session.get("megs", 32),
                      timeout=session.get("timeout", timeout), name="transcript",
                      symbols=symbols)
    events = []     # ["cmd", prompt_no, command, output] | ["cont", prompt_no, guest, stopreport]
    claims = {}     # key=value of the checkpoint lines seen so far, latest wins
    setup = 0
    try:
        m.start()
        setup = m.prompt_no - 1     # commands Machine.start() typed (ldsym)
        for kind, what, commands in session.get("steps", []):
            if kind in STOP_KINDS:
                if kind == "break":
                    n = m.prompt_no
                    events.append(["cmd", n, f'lb "{what}"', _clean(set_break(m, what))])
                n, guest, report, lines = advance(m, kind, what)
                for line in lines:
                    claims.update(re.findall(r"(\w+)=(\S+)", line))
                events.append(["cont", n, _clean(guest), report])
            for c in commands:
                c = substitute(c, claims)
                n = m.prompt_no
                events.append(["cmd", n, c, _clean(type_command(m, c, symbols))])
    except (bochs.BochsError, OSError) as e:
        raise RunError(str(e)) from None
    finally:
        m.close()
    return {"kind": "debugger", "events": events, "setup_commands": setup}


def _stop_report(raw):
    """The lines Bochs prints about a stop: '(0) Magic breakpoint' on."""
    lines = _clean(raw).splitlines()
    for i, line in enumerate(lines):
        if re.match(r"\(\d\) (Magic breakpoint|Breakpoint \d+|Caught)", line):
            return "\n".join(lines[i:])
    return ""


def run(session, image, symbols):
    validate(session)
    if session["kind"] == "boot":
        return run_boot(session, image)
    return run_debugger(session, image, symbols)


def get(session, image, symbols, cachedir, runner=run):
    """The cached result of `session` on this image, or a fresh run."""
    key = session_key(session, file_hash(image), file_hash(symbols) if symbols else "")
    path = os.path.join(cachedir, key + ".json")
    if os.path.exists(path):
        with open(path) as f:
            return json.load(f)["result"]
    result = runner(session, image, symbols)
    os.makedirs(cachedir, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=cachedir, suffix=".tmp")
    with os.fdopen(fd, "w") as f:
        json.dump({"session": session, "result": result}, f)
    os.replace(tmp, path)
    return result


def cached_path(session, image, symbols, cachedir):
    key = session_key(session, file_hash(image), file_hash(symbols) if symbols else "")
    return os.path.join(cachedir, key + ".json")


# ---- rendering ----------------------------------------------------------------------

def ktap_suite(text, name):
    """The lines of KTAP subtest `name`, from its 'KTAP version' header to
    its result line (kernel log lines in between included)."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"^(\s*)# Subtest: (\S+)\s*$", line)
        if not m or m.group(2) != name:
            continue
        indent = m.group(1)
        start = i - 1 if i and lines[i - 1].strip() == "KTAP version 1" else i
        outer = indent[:-4] if len(indent) >= 4 else ""
        for j in range(i + 1, len(lines)):
            if re.match(rf"^{outer}(not ok|ok) \d+ {re.escape(name)}\b", lines[j]):
                return lines[start:j + 1]
        raise Mismatch(f"KTAP suite {name!r} has no result line (the run ended early?)")
    raise Mismatch(f"no KTAP suite {name!r} in the output")


def select(lines, start=None, end=None, grep=None):
    """Lines from the first matching `start` to the next matching `end`,
    then those matching `grep` (regexes; each must match something)."""
    if start:
        idx = [i for i, l in enumerate(lines) if re.search(start, l)]
        if not idx:
            raise Mismatch(f"from pattern {start!r} matches no line of the output")
        lines = lines[idx[0]:]
    if end:
        idx = [i for i, l in enumerate(lines) if re.search(end, l)]
        if not idx:
            raise Mismatch(f"to pattern {end!r} matches no line after the start")
        lines = lines[:idx[0] + 1]
    if grep:
        lines = [l for l in lines if re.search(grep, l)]
        if not lines:
            raise Mismatch(f"grep pattern {grep!r} matches no line of the output")
    return lines


def render_boot(result, suite=None, start=None, end=None, grep=None):
    lines = result["text"].splitlines()
    if suite:
        lines = ktap_suite(result["text"], suite)
    return "\n".join(select(lines, start, end, grep)) + "\n"


def render_debugger(result, output_lines=4, hide=("ldsym",), symbols=None):
    """The conversation as a reader at `make debug` would see it: the
    commands, Bochs' answers, the prompts. Of the guest's output before
    each stop only the last output_lines lines are kept.

    The runner loads the kernel's symbols at the first prompt; `make debug`
    loads them from an -rc file, which uses up no prompt number. The
    numbers are shifted back by those set-up commands (and by any hidden
    command), so that they are the numbers a reader sees. With `symbols`
    (the .sym file; its .nm sibling is read), a breakpoint stop names its
    symbol where Bochs prints '?? ()', as `make debug`'s prompt does."""
    out = []
    hidden = result.get("setup_commands", 0)
    for ev in result["events"]:
        if ev[0] == "cmd":
            _, n, command, answer = ev
            if command.split()[0] in hide:
                hidden += 1
                continue
            out.append(f"<bochs:{n - hidden}> {command}")
            out += answer.rstrip("\n").splitlines()
        else:
            _, n, guest, report = ev
            out.append(f"<bochs:{n - hidden}> c")
            glines = [l for l in guest.splitlines() if l.strip()]
            if len(glines) > output_lines:
                out.append(f"[... {len(glines) - output_lines} earlier lines of kernel output ...]")
                glines = glines[-output_lines:] if output_lines else []
            out += glines
            out += _symbolized(report, symbols).splitlines()
    return "\n".join(out) + "\n"


def _symbolized(report, symbols):
    nm = os.path.splitext(symbols)[0] + ".nm" if symbols else None
    if not nm or not os.path.exists(nm):
        return report
    import vmdebug
    import vmdecode
    return vmdebug.symbolize_stop(report, vmdecode.Symbols(nm))


def parse_steps(lines):
    """Directive content -> steps: '@break SYM' or '@checkpoint NAME' start
    a step, other non-blank lines are debugger commands."""
    steps = [["start", "", []]]
    for line in lines:
        line = line.strip()
        if not line:
            continue
        m = re.match(r"^@(\w+)\s+(\S+)$", line)
        if m:
            if m.group(1) not in STOP_KINDS:
                raise ValueError(f"unknown stop @{m.group(1)} (use @break or @checkpoint)")
            steps.append([m.group(1), m.group(2), []])
        elif line.startswith("@"):
            raise ValueError(f"malformed stop line {line!r}")
        else:
            steps[-1][2].append(line)
    if not steps[0][2]:
        steps = steps[1:]
    return steps


def main():
    root = os.path.dirname(HERE)
    image = os.path.join(root, "build", "vmm386.img")
    symbols = os.path.join(root, "build", "vmm386.sym")
    if len(sys.argv) < 3 or sys.argv[1] not in ("boot", "debugger"):
        print(__doc__)
        sys.exit(2)
    session = {"kind": sys.argv[1], "cmdline": sys.argv[2], "megs": 32}
    if sys.argv[1] == "debugger":
        session["steps"] = parse_steps(a.replace("=", " ", 1) if a.startswith("@") else a
                                       for a in sys.argv[3:])
        print(render_debugger(run(session, image, symbols), symbols=symbols), end="")
    else:
        print(render_boot(run(session, image, symbols)), end="")


if __name__ == "__main__":
    main()
