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
  :caption:       replaces the default caption
  :name:          a label for :numref:

Runs happen during the build, in parallel with the reading of the other
pages, and are cached in build/book/transcripts by the hash of the disk
image, the symbol file and the session: an unchanged kernel costs no boot.
A failed run or a selection that no longer matches fails the build.
"""
import concurrent.futures
import os
import re

from docutils import nodes
from docutils.parsers.rst import directives
from pygments.lexer import RegexLexer, bygroups
from pygments.token import Comment, Generic, Keyword, Name, Number, Text
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

import vmm_doxy
import transcript as tr     # tools/transcript.py (vmm_doxy put tools/ on the path)

logger = logging.getLogger(__name__)
_pool = concurrent.futures.ThreadPoolExecutor(max_workers=max(1, min(2, os.cpu_count() or 1)))
_futures = {}   # cache path -> (future, [(docname, lineno)])


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
        "caption": directives.unchanged_required,
        "name": directives.unchanged_required,
    }

    def run(self):
        kind = self.arguments[0]
        image, symbols, cachedir = _paths(self.env.app)
        try:
            if kind not in ("boot", "debugger"):
                raise ValueError(f"unknown kind {kind!r}: boot or debugger")
            if kind == "boot" and self.content:
                raise ValueError("a boot transcript takes no content (commands are "
                                 "for `transcript:: debugger`)")
            session = {"kind": kind, "cmdline": self.options.get("cmdline", ""),
                       "megs": self.options.get("megs", 32)}
            if kind == "debugger":
                session["steps"] = tr.parse_steps(self.content)
                if not session["steps"]:
                    raise ValueError("a debugger transcript needs commands")
            tr.validate(session)
            for p in (image, symbols):
                if not os.path.exists(p):
                    raise ValueError(f"{p} is missing: run `make` first")
        except ValueError as err:
            return self._fail(str(err))
        self.env.note_dependency(image)
        self.env.note_dependency(symbols)
        path = tr.cached_path(session, image, symbols, cachedir)
        render = {"kind": kind, "suite": self.options.get("suite"),
                  "from": self.options.get("from"), "to": self.options.get("to"),
                  "grep": self.options.get("grep"),
                  "output_lines": self.options.get("output-lines", 4)}
        if not os.path.exists(path):
            if path not in _futures:
                _futures[path] = (_pool.submit(tr.get, session, image, symbols, cachedir), [])
            _futures[path][1].append((self.env.docname, self.lineno))
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


def wait_for_runs(app, env):
    """Before writing: every run started while reading must be done."""
    for path, (future, places) in list(_futures.items()):
        try:
            future.result()
        except Exception as err:   # a failed boot fails each page that wanted it
            for docname, lineno in places:
                logger.warning(f"transcript: the Bochs run failed: {err}",
                               location=(docname, lineno), type="vmm", subtype="transcript")
        del _futures[path]
    return []


def resolve(app, doctree, docname):
    """Fill each transcript block with its run's rendered result."""
    import json
    for block in list(doctree.findall(nodes.literal_block)):
        spec = block.get("vmm_transcript")
        if not spec:
            continue
        r = spec["render"]
        try:
            with open(spec["path"]) as f:
                result = json.load(f)["result"]
            if r["kind"] == "boot":
                text = tr.render_boot(result, r["suite"], r["from"], r["to"], r["grep"])
            else:
                text = tr.render_debugger(result, r["output_lines"])
        except (OSError, ValueError, KeyError, tr.Mismatch, re.error) as err:
            if isinstance(err, OSError):
                err = f"no result of the run ({err.strerror})"
            block.parent.replace_self(nodes.paragraph("", f"[transcript unavailable: {err}]"))
            logger.warning(f"transcript: {err}", location=tuple(spec["where"]),
                           type="vmm", subtype="transcript")
            continue
        block.rawsource = text
        block.children = []
        block += nodes.Text(text)


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
    app.add_lexer("bochs", BochsLexer)
    app.add_lexer("ktap", KtapLexer)
    app.connect("env-updated", wait_for_runs)
    app.connect("doctree-resolved", resolve)
    return {"version": "1", "parallel_read_safe": False}
