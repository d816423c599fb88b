# SPDX-License-Identifier: GPL-2.0-only
"""`.. transcript::` -- output of a real Bochs run of the current kernel.

Boot output (the kernel log, KTAP results):

    .. transcript:: boot
       :cmdline: test=boot panic=-1
       :suite: boot

A debugger conversation, typed into Bochs by tools/bochs.py:

    .. transcript:: debugger
       :cmdline: test=boot.command_line_is_saved panic=-1

       @break start_kernel
       page 0
       @checkpoint paging
       page 0
       info tab

A debugger command may use a value the kernel printed on a checkpoint
line: after `@checkpoint bootmem`, `xp /8wx {map}` is typed with the
`map=` value of that line, so that the session follows the kernel when an
address moves (tools/transcript.py substitute()).

Options:
  :cmdline:       kernel command line (default empty: boot and idle -- only
                  useful for debugger sessions that stop early)
  :megs:          guest memory in MiB (default 32)
  :suite:         boot: only this KTAP suite
  :from: :to:     regexes: only the lines from the first match of one to
                  the next match of the other
  :grep:          regex: only matching lines
  :output-lines:  debugger: guest output lines kept before each stop (4)
  :expect:        regexes, one per line, that the shown transcript must
                  match: the values the prose quotes from this run (a
                  directory entry, a frame number), so that they cannot
                  drift from the run silently
  :caption:       replaces the default caption
  :name:          a label for :numref:

Runs happen during the build, in parallel with the reading of the
pages, and are cached in build/book/transcripts by the hash of the disk
image, the symbol file and the session: an unchanged kernel costs no boot.
A failed run or a selection that no longer matches fails the build.

Every directive that needs a Bochs run (transcripts, figures, bench plots)
registers a prefetcher with add_prefetcher(): before Sphinx reads the first
page, prefetch() scans every page's source for those directives and queues
all their runs on one pool, in the order the pages will be read. The boots
then overlap with the reading instead of starting when their directive
comes; a directive finds its run with start(), which submits it only if no
prefetch did. A block the scanner gets wrong costs a wasted boot at worst:
the directive still asks for exactly what it needs.
"""
import concurrent.futures
import functools
import os
import re
import sys
import threading
import time

from docutils import nodes
from docutils.parsers.rst import directives
from pygments.lexer import RegexLexer, bygroups
from pygments.token import Comment, Generic, Keyword, Name, Number, Text
from sphinx.util import logging
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

import vmm_doxy
import transcript as tr     # tools/transcript.py (vmm_doxy put tools/ on the path)

logger = logging.getLogger(__name__)
_pool = concurrent.futures.ThreadPoolExecutor(max_workers=max(1, min(2, os.cpu_count() or 1)))
_futures = {}   # run key (a cache path, or a tuple) -> future, until the build ends
_start_lock = threading.Lock()
_prefetchers = {}   # directive name -> (option_spec, fn, early)
DIRECTIVE_START_RE = re.compile(r"^([ \t]*)\.\. ([\w-]+)::[ \t]*(.*)$")
OPTION_RE = re.compile(r"^:([\w-]+):[ \t]*(.*)$")


def start(key, fn):
    """The future of the run called `key`: fn() in the pool, submitted now
    unless a prefetch (or another directive) already did. Figures' jobs
    (vmm_figures) call it from their threads: one run per key."""
    with _start_lock:
        if key not in _futures:
            _futures[key] = _pool.submit(_timed, key, fn)
        return _futures[key]


_T0 = time.monotonic()
_timeline = []      # (start, end, key) of each run, for VMM_BOOK_TIMELINE
_thread_cpu = [0.0]     # CPU time of this process's threads in runs


_workers = []       # the process pool the runs are made in, once started


def in_worker(fn):
    """fn() in a process of its own. A run is mostly Bochs, a child
    process, but the conversation with its debugger and the decoding of
    what the VM commands read (tools/vmdecode.py: hundreds of `xp` pages
    for one `vm vmatree`) are Python: in a thread of Sphinx's process they
    would take turns with the reading of the pages for the one
    interpreter lock, and each slow the other. The workers are started
    fresh (spawn), not forked from a process with threads.

    Two kinds of function run here instead, in the calling thread: the
    book's own (a module vmm_*), which may keep state of this process --
    a lock, a file it updates (vmm_figures._measure) -- and send their
    boot to a worker themselves; and one that cannot be sent to another
    process (a test's stand-in, defined inside the test)."""
    import pickle
    if (getattr(getattr(fn, "func", fn), "__module__", None) or "").startswith("vmm_"):
        return fn()
    try:
        pickle.dumps(fn)
    except (pickle.PicklingError, AttributeError, TypeError):
        return fn()
    if not _workers:
        import multiprocessing
        _workers.append(concurrent.futures.ProcessPoolExecutor(
            max_workers=_pool._max_workers,
            mp_context=multiprocessing.get_context("spawn")))
    return _workers[0].submit(fn).result()


def _timed(key, fn):
    begin, cpu = time.monotonic(), time.thread_time()
    try:
        return in_worker(fn)
    finally:
        _thread_cpu[0] += time.thread_time() - cpu
        _timeline.append((begin - _T0, time.monotonic() - _T0, key))
        _progress(key, fn, time.monotonic() - begin)


def _progress(key, fn, seconds):
    """With VMM_BOOK_PROGRESS set (tools/book.py sets it), say on standard
    error that a run is done: booting the kernel for the figures is most
    of a first build, and a silent minute looks like a hang."""
    if not os.environ.get("VMM_BOOK_PROGRESS"):
        return
    session = fn.args[0] if isinstance(fn, functools.partial) and fn.args and \
        isinstance(fn.args[0], dict) else None
    if session:
        name = (f"{session.get('kind')}, {session.get('megs', 32)} MiB, "
                f"{session.get('cmdline') or '(empty command line)'}")
    else:
        name = os.path.basename(key) if isinstance(key, str) else " ".join(
            str(k) for k in key if not str(k).startswith("/"))
    print(f"book: run {len(_timeline)} of {len(_futures)} done "
          f"({seconds:.1f} s): {name[:64]}", file=sys.stderr, flush=True)


def add_prefetcher(name, directive, fn, early=True):
    """Let fn(app, arguments, options, content) name the runs a `.. name::`
    block will need, as [(key, fn)] for start(). options are converted by
    the directive's own option_spec; fn may raise to skip the block.
    early: more work follows the run (a figure is computed and drawn from
    it, in vmm_figures' threads and drawing process, while pages are
    read), so its runs go before those whose result is used as it is when
    the page is written (transcripts)."""
    _prefetchers[name] = (directive.option_spec or {}, fn, early)


def directive_blocks(text):
    """(name, arguments, {option: raw text}, [content lines]) of every
    directive in a page's source: enough reStructuredText to know what the
    page will ask for (options may continue on more-indented lines; a
    directive inside another, in a note say, is found too)."""
    lines = text.splitlines()
    i = 0
    while i < len(lines):
        m = DIRECTIVE_START_RE.match(lines[i])
        i += 1
        if not m:
            continue
        indent = len(m.group(1))
        block, j = [], i
        while j < len(lines) and (not lines[j].strip() or
                                  len(lines[j]) - len(lines[j].lstrip()) > indent):
            block.append(lines[j])
            j += 1
        body = [l for l in block if l.strip()]
        cut = min((len(l) - len(l.lstrip()) for l in body), default=0)
        block = [l[cut:] for l in block]
        options, key, k = {}, None, 0
        while k < len(block) and block[k].strip():
            o = OPTION_RE.match(block[k])
            if o:
                key = o.group(1)
                options[key] = o.group(2).strip()
            elif key is not None:
                options[key] += "\n" + block[k].strip()
            else:
                break
            k += 1
        content = block[k:]
        while content and not content[0].strip():
            content.pop(0)
        while content and not content[-1].strip():
            content.pop()
        yield m.group(2), m.group(3).split(), options, content


def prefetch(app, env, docnames):
    """Queue the runs of every registered directive of every page about to
    be read (and of the files they include): first those figures are
    drawn from, then those of transcripts, each page by page in the order
    Sphinx reads and writes them. Reading waits for none of them (only, at
    its end, for the bench runs, which write a file pages depend on);
    writing a page waits for its own, usually long done."""
    image, symbols, _ = _paths(app)
    if not (os.path.exists(image) and os.path.exists(symbols)):
        return      # each directive says so when it is read
    queued = {True: [], False: []}
    for docname in docnames:
        for name, args, raw, content in _page_blocks(env.doc2path(docname)):
            if name not in _prefetchers:
                continue
            spec, fn, early = _prefetchers[name]
            try:
                options = {k: spec[k](v or None) for k, v in raw.items() if k in spec}
                queued[early] += fn(app, args, options, content)
            except Exception:   # noqa: BLE001 -- the directive reports it when read
                continue
    for key, call in queued[True] + queued[False]:
        if not (isinstance(key, str) and not needs_run(key)):     # cached already
            start(key, call)


def _page_blocks(path, depth=0):
    """directive_blocks() of the page at path, and of the files it
    includes (`.. include::`, as Chapter 5 includes its sections) in
    their place."""
    try:
        with open(path, encoding="utf-8") as f:
            text = f.read()
    except OSError:
        return
    for block in directive_blocks(text):
        if block[0] == "include" and block[1] and depth < 4:
            yield from _page_blocks(os.path.join(os.path.dirname(path), block[1][0]),
                                    depth + 1)
        else:
            yield block


class BochsLexer(RegexLexer):
    """Bochs debugger sessions: prompts, commands, stop reports, output."""
    name = "bochs"
    aliases = ["bochs"]
    tokens = {"root": [
        (r"^(<bochs:\d+>)( )(.*\n)", bygroups(Generic.Prompt, Text, Generic.Strong)),
        (r"^\[\.\.\. .* \.\.\.\]\n", Comment),
        (r"^\(\d\) (Magic breakpoint|Breakpoint \d+.*|Caught.*)\n", Generic.Heading),
        (r"^Next at t=\d+\n", Generic.Subheading),
        (r"^# checkpoint: .*\n", Comment.Special),
        (r"^\[\s*\d+\.\d+\] ", Comment),
        (r"0x[0-9a-fA-F]+", Number.Hex),
        (r".", Text), (r"\n", Text),
    ]}


class KtapLexer(RegexLexer):
    """KTAP test output with interleaved kernel log lines."""
    name = "ktap"
    aliases = ["ktap"]
    tokens = {"root": [
        (r"^(\s*)(not ok)( \d+ )(.*\n)", bygroups(Text, Generic.Error, Number, Name)),
        (r"^(\s*)(ok)( \d+ )([^#\n]*)(# SKIP.*)?(\n)",
         bygroups(Text, Generic.Inserted, Number, Name, Comment.Special, Text)),
        (r"^(\s*)(KTAP version \d+|1\.\.\d+)(\n)", bygroups(Text, Keyword, Text)),
        (r"^\s*# Subtest: .*\n", Generic.Heading),
        (r"^\s*#.*\n", Comment),
        (r"^\[\s*\d+\.\d+\] ", Comment),
        (r".", Text), (r"\n", Text),
    ]}


class transcript_block(nodes.container):
    """A captioned transcript; numbered apart from listings ("Transcript 1.2")."""


def _visit(self, node):
    self.visit_container(node)


def _depart(self, node):
    self.depart_container(node)


class LatexTranscriptCounter(SphinxPostTransform):
    """LaTeX numbers every captioned literal block as a listing (Sphinx
    turns each container of one into a captioned_literal_block, at
    priority 400). Before that, put each transcript in a group where it
    counts on its own counter and is captioned "Transcript"
    (vmm_numbering.LATEX_PREAMBLE), as in HTML."""
    default_priority = 390
    formats = ("latex",)

    def run(self, **kwargs):
        for node in list(self.document.findall(transcript_block)):
            parent = node.parent
            i = parent.index(node)
            parent.insert(i + 1, nodes.raw("", "\\endgroup\n", format="latex"))
            parent.insert(i, nodes.raw("", "\\begingroup\\vmmtranscriptcounter\n",
                                       format="latex"))


def _std_domain():
    """Sphinx's standard domain, knowing that a transcript_block -- a
    container with a literal block, so that it looks like a listing -- is
    numbered as a transcript. (The stock domain classifies every such
    container as a code-block before it looks at registered node types.)"""
    from sphinx.domains.std import StandardDomain

    class Domain(StandardDomain):
        def get_enumerable_node_type(self, node):
            if isinstance(node, transcript_block):
                return "transcript"
            return super().get_enumerable_node_type(node)

    return Domain


def _numfig_format(app, config):
    config.numfig_format.setdefault("transcript", "Transcript %s")


def _paths(app):
    build = app.config.vmm_build_dir
    return (os.path.join(build, "vmm386.img"), os.path.join(build, "vmm386.sym"),
            os.path.join(build, "book", "transcripts"))


def run_of(app, session):
    """(key, fn) for start(): the transcript session on the current image,
    keyed by its cache file, so that every directive asking for the same
    boot shares one run."""
    image, symbols, cachedir = _paths(app)
    return (tr.cached_path(session, image, symbols, cachedir),
            functools.partial(tr.get, session, image, symbols, cachedir))


def needs_run(key):
    """Whether the run `key` (a cache path) is still to do or under way."""
    return not os.path.exists(key) or key in _futures


def wait_for(app, session):
    """Run `session` in the pool unless its result is cached, and wait for
    it; its failure is the caller's."""
    key, fn = run_of(app, session)
    if needs_run(key):
        start(key, fn).result()


BOOK_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def script_lines(name):
    """The debugger script in book/NAME, without its comment lines."""
    path = os.path.join(BOOK_DIR, name)
    try:
        with open(path) as f:
            return [l.rstrip("\n") for l in f if not l.lstrip().startswith("#")]
    except OSError as e:
        raise ValueError(f"no script {name}: {e.strerror}") from None


def parse_show(text):
    """':show: 1,3-4' -> {1, 3, 4}: the stops (1-based) a block renders."""
    out = set()
    for part in re.split(r"[\s,]+", text.strip()):
        if not part:
            continue
        lo, _, hi = part.partition("-")
        if not lo.isdigit() or (hi and not hi.isdigit()):
            raise ValueError(f":show: takes stop numbers such as 1,3-4, not {text!r}")
        out.update(range(int(lo), int(hi or lo) + 1))
    return out


def stop_events(result, stops):
    """The events of a debugger result that belong to the stops numbered
    in `stops` (1-based, in the script's order): from each stop's `c` (or
    the breakpoint set just before it) to the next stop's."""
    events, number, out = result["events"], 0, []
    for i, ev in enumerate(events):
        starts = ev[0] == "cont" and not (
            i and events[i - 1][0] == "cmd" and events[i - 1][2].startswith("lb "))
        if ev[0] == "cmd" and ev[2].startswith("lb ") and i + 1 < len(events) and \
                events[i + 1][0] == "cont":
            starts = True
        if starts:
            number += 1
        if number in stops:
            out.append(ev)
    return dict(result, events=out)


class Transcript(SphinxDirective):
    required_arguments = 1
    has_content = True
    option_spec = {
        "cmdline": directives.unchanged,
        "megs": directives.positive_int,
        "suite": directives.unchanged_required,
        "from": directives.unchanged_required,
        "to": directives.unchanged_required,
        "grep": directives.unchanged_required,
        "output-lines": directives.nonnegative_int,
        "expect": directives.unchanged_required,
        "caption": directives.unchanged_required,
        "name": directives.unchanged_required,
        "script": directives.unchanged_required,
        "show": directives.unchanged_required,
    }

    @staticmethod
    def session(arguments, options, content):
        """The session a block asks for; ValueError if it cannot be run.
        With :script: FILE (relative to book/), the debugger commands come
        from that file, so that several blocks -- transcripts showing
        different stops, figures drawn from its answers -- name one
        session and share its one Bochs run."""
        kind = arguments[0]
        if kind not in ("boot", "debugger"):
            raise ValueError(f"unknown kind {kind!r}: boot or debugger")
        if options.get("script"):
            if content:
                raise ValueError("give the commands either as content or as :script:")
            content = script_lines(options["script"])
        if kind == "boot" and content:
            raise ValueError("a boot transcript takes no content (commands are "
                             "for `transcript:: debugger`)")
        session = {"kind": kind, "cmdline": options.get("cmdline", ""),
                   "megs": options.get("megs", 32)}
        if kind == "debugger":
            session["steps"] = tr.parse_steps(content)
            if not session["steps"]:
                raise ValueError("a debugger transcript needs commands")
        tr.validate(session)
        return session

    def run(self):
        kind = self.arguments[0]
        image, symbols, cachedir = _paths(self.env.app)
        try:
            session = self.session(self.arguments, self.options, self.content)
            show = sorted(parse_show(self.options["show"])) \
                if self.options.get("show") else None
            for p in (image, symbols):
                if not os.path.exists(p):
                    raise ValueError(f"{p} is missing: run `make` first")
        except ValueError as err:
            return self._fail(str(err))
        self.env.note_dependency(image)
        self.env.note_dependency(symbols)
        path, fn = run_of(self.env.app, session)
        render = {"kind": kind, "suite": self.options.get("suite"),
                  "from": self.options.get("from"), "to": self.options.get("to"),
                  "grep": self.options.get("grep"),
                  "show": show,
                  "output_lines": self.options.get("output-lines", 4),
                  "expect": [p.strip() for p in self.options.get("expect", "").split("\n")
                             if p.strip()]}
        if needs_run(path):
            start(path, fn)     # waited for when the page is written (resolve)
        caption = nodes.caption("", "")
        inl, msgs = self.state.inline_text(
            self.options.get("caption") or _default_caption(session, render), self.lineno)
        caption += inl
        caption += msgs
        caption += nodes.inline("", f" \u2014 recorded from image {tr.file_hash(image)[:12]}",
                                classes=["vmm-provenance"])
        block = nodes.literal_block("", "")
        block["language"] = "bochs" if kind == "debugger" else "ktap"
        block["vmm_transcript"] = {"path": path, "render": render,
                                   "where": [self.env.docname, self.lineno]}
        container = transcript_block("", literal_block=True,
                                     classes=["literal-block-wrapper", "vmm-transcript"])
        container += caption
        container += block
        self.set_source_info(block)
        if "name" in self.options:
            self.add_name(container)
        return [container]

    def _fail(self, msg):
        logger.warning(f"transcript: {msg}", location=(self.env.docname, self.lineno),
                       type="vmm", subtype="transcript")
        return [nodes.paragraph("", f"[transcript unavailable: {msg}]")]


def _default_caption(session, render):
    cmdline = session["cmdline"] or "(empty)"
    if session["kind"] == "debugger":
        return f"Debugger session, booted with ``{cmdline}``"
    what = f"Suite ``{render['suite']}``" if render["suite"] else "Kernel output"
    return f"{what}, booted with ``{cmdline}``"


def _prefetch_transcript(app, arguments, options, content):
    return [run_of(app, Transcript.session(arguments, options, content))]


def settle(futures):
    """Wait for each of `futures` to end, whatever its outcome: a failure
    is reported by the page that wanted the result, not by whoever only
    needs everything to be over (the end of the build, the end of
    reading)."""
    for future in futures:
        try:
            future.result()
        except Exception:   # noqa: BLE001 -- any way a run or a job can fail
            pass


def finish_runs(app, exception):
    """At the end of the build no run may still be going; forget them all
    (a failure was reported by the page that wanted the run)."""
    settle(list(_futures.values()))
    _futures.clear()
    while _workers:     # ended and reaped: their CPU time is then counted
        _workers.pop().shutdown()
    if os.environ.get("VMM_BOOK_TIMELINE"):
        import resource
        me = resource.getrusage(resource.RUSAGE_SELF)
        kids = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(f"timeline: build finished at {time.monotonic() - _T0:.1f} s; CPU: "
              f"Sphinx and its threads {me.ru_utime + me.ru_stime:.1f} s, "
              f"Bochs and other children {kids.ru_utime + kids.ru_stime:.1f} s; "
              f"of Sphinx's, its threads driving the runs {_thread_cpu[0]:.1f} s")
        _thread_cpu[0] = 0.0
        for begin, end, key in sorted(_timeline):
            name = os.path.basename(key) if isinstance(key, str) else " ".join(
                str(k) for k in key if not str(k).startswith("/"))
            print(f"timeline: {begin:6.1f} {end:6.1f} {end - begin:5.1f}  {name[:70]}")
    _timeline.clear()


class RunFailed(Exception):
    """The run behind a transcript did not produce a result."""


def _phase(app, *args):
    if os.environ.get("VMM_BOOK_TIMELINE"):
        print(f"timeline: reading done at {time.monotonic() - _T0:.1f} s")


def resolve(app, doctree, docname):
    """Fill each transcript block with its run's rendered result."""
    import json
    for block in list(doctree.findall(nodes.literal_block)):
        spec = block.get("vmm_transcript")
        if not spec:
            continue
        r = spec["render"]
        try:
            run = _futures.get(spec["path"])
            if run is not None:
                try:
                    run.result()    # usually long done: runs go in page order
                except Exception as err:    # noqa: BLE001 -- any way a boot can fail
                    raise RunFailed(f"the Bochs run failed: {err}") from err
            with open(spec["path"]) as f:
                result = json.load(f)["result"]
            if r["kind"] == "boot":
                text = tr.render_boot(result, r["suite"], r["from"], r["to"], r["grep"])
            else:
                if r.get("show"):
                    result = stop_events(result, set(r["show"]))
                text = tidy_debugger(tr.render_debugger(result, r["output_lines"],
                                                        symbols=_paths(app)[1]))
            check_expected(text, r.get("expect", []))
            text = wrap_lines(text)
        except (OSError, ValueError, KeyError, tr.Mismatch, re.error, RunFailed) as err:
            if isinstance(err, OSError):
                err = f"no result of the run ({err.strerror})"
            block.parent.replace_self(nodes.paragraph("", f"[transcript unavailable: {err}]"))
            logger.warning(f"transcript: {err}", location=tuple(spec["where"]),
                           type="vmm", subtype="transcript")
            continue
        block.rawsource = text
        block.children = []
        block += nodes.Text(text)


STOP_WHERE_RE = re.compile(r"^\(\d\) \[0x[0-9a-f]+\] [0-9a-f]{4}:([0-9a-f]+) "
                           r"\(([\w.]+)\+(\d+)\): (.*?)\s*(?:;\s*[0-9a-f]+)?$")
# A line of memory that x or xp dumps: a 64-bit address, a symbol when Bochs
# has one, then the values separated by tabs.
DUMP_RE = re.compile(r"^0x([0-9a-f]{16})((?: <[^>]*>)?):\t(.*)$")
WRAP_WIDTH = 90
WRAP_MARK = "\u21aa "


def _where(line):
    """The disassembly line Bochs prints at a stop, as a reader wants it:
    '(0) [0x0000001028f0] 0010:00000000c01028f0 (start_kernel+0): push ebp
    ; 55' -> 'at 0xc01028f0 <start_kernel+0>: push ebp'; None if line is
    not one."""
    m = STOP_WHERE_RE.match(line)
    if not m:
        return None
    return f"at 0x{int(m.group(1), 16):08x} <{m.group(2)}+{m.group(3)}>: {m.group(4)}"


def _dump(line):
    """A line of x/xp output as a reader of a 32-bit machine wants it: the
    address in 32 bits, the values two spaces apart instead of tabs (which
    take the line past the PDF's right margin: '0x00000000002eb000:\t0x1\t...'
    -> '0x002eb000: 0x1  ...'); other lines unchanged."""
    m = DUMP_RE.match(line)
    if not m or int(m.group(1), 16) >> 32:
        return line
    return f"0x{int(m.group(1), 16):08x}{m.group(2)}: " + "  ".join(m.group(3).split("\t"))


def tidy_debugger(text):
    """What Bochs prints at a stop, cleaned into what a reader needs: no
    'Next at t=' tick counts, a magic breakpoint named by where it is
    ('(0) Magic breakpoint in checkpoint()'), the stop's disassembly line
    with a 32-bit address and no opcode bytes, no '<bogus+ 0>' where Bochs
    has no symbol, no '[bochs]:' header above x output, memory dumps with
    32-bit addresses and no tabs, and a read that failed without the name
    of Bochs' internal function ('0x00000000c2810000:bx_dbg_read_linear:
    physical address ...' -> '0xc2810000: physical address ...')."""
    lines, out = text.splitlines(), []
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        if re.match(r"^Next at t=\d+$", line) or line.strip() == "[bochs]:":
            continue
        line = _dump(re.sub(r" ?<bogus\+\s*\d+>", "", line))
        line = re.sub(r"^0x([0-9a-f]{9,16}):bx_dbg_read_linear: ",
                      lambda m: f"0x{int(m.group(1), 16):08x}: ", line)
        if re.match(r"^\(\d\) Magic breakpoint$", line):
            nxt = [l for l in lines[i:i + 2] if not l.startswith("Next at t=")]
            m = STOP_WHERE_RE.match(nxt[0]) if nxt else None
            if m:
                out.append(f"{line} in {m.group(2)}()")
                i = lines.index(nxt[0], i) + 1
                continue
        where = _where(line)
        out.append(where if where else line)
    return "\n".join(out) + "\n"


def wrap_lines(text, width=WRAP_WIDTH):
    """Lines longer than width broken at a space (or hard, if there is
    none near the end), each continuation marked with an arrow: a reader
    sees that the line goes on instead of losing its end off the page."""
    out = []
    for line in text.splitlines():
        while len(line) > width:
            cut = line.rfind(" ", width // 2, width)
            cut = cut if cut > 0 else width
            out.append(line[:cut].rstrip())
            line = line[cut:].lstrip(" ")
            line = WRAP_MARK + line
        out.append(line)
    return "\n".join(out) + "\n"


def check_expected(text, patterns):
    """Each of the :expect: regexes must match the transcript: what the
    prose says the run shows, it still shows. tr.Mismatch otherwise."""
    for p in patterns:
        if not re.search(p, text, re.M):
            raise tr.Mismatch(f":expect: pattern {p!r} matches nothing in the run: "
                              "the run changed; update the prose and the pattern")


def setup(app):
    app.setup_extension("vmm_doxy")
    app.add_config_value("vmm_build_dir", os.path.join(vmm_doxy.ROOT, "build"), "env")
    app.add_enumerable_node(transcript_block, "transcript", None,
                            html=(_visit, _depart), latex=(_visit, _depart),
                            text=(_visit, _depart), man=(_visit, _depart),
                            texinfo=(_visit, _depart))
    app.add_domain(_std_domain(), override=True)
    app.connect("config-inited", _numfig_format)
    app.add_directive("transcript", Transcript)
    app.add_post_transform(LatexTranscriptCounter)
    add_prefetcher("transcript", Transcript, _prefetch_transcript, early=False)
    app.connect("env-before-read-docs", prefetch)
    app.add_lexer("bochs", BochsLexer)
    app.add_lexer("ktap", KtapLexer)
    app.connect("build-finished", finish_runs)
    app.connect("env-updated", _phase)
    app.connect("doctree-resolved", resolve)
    return {"version": "1", "parallel_read_safe": False}
