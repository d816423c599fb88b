# SPDX-License-Identifier: GPL-2.0-only
"""tools/linuxref.py: how the runner's output is cut into programs, and how
differences are explained by the list of expected ones (or not)."""
import os
import tempfile
import unittest

import linuxref

VMM386 = """\
KTAP version 1
1..2
    KTAP version 1
    # Subtest: t_a
    1..2
    ok 1 first
[    0.060000] vmm386: system call 999 not implemented
    ok 2 second is EROFS
ok 1 t_a
    KTAP version 1
    # Subtest: t_b
    1..1
# checkpoint: user_mode seq=5 pid=2
    ok 1 checkpoint user_mode
ok 2 t_b
"""

LINUX = """\
KTAP version 1
1..2
    KTAP version 1
    # Subtest: t_a
    1..2
    ok 1 first
    # second is EROFS: open is 3 (0x3), expected -30 (0xffffffe2)
    not ok 2 second is EROFS
# t_a: exit status 1
not ok 1 t_a
    KTAP version 1
    # Subtest: t_b
    1..1
    ok 1 checkpoint user_mode # SKIP not vmm386
ok 2 t_b
"""

ENTRIES = """\
# a comment
program: *
vmm386: ok \\d+ {program}
linux: not ok \\d+ {program}
reason: the verdict
book: app-diff-linux

program: *
vmm386: -
linux: # {program}: exit status 1
reason: the note
book: app-diff-linux

program: t_a
vmm386: ok 2 second is EROFS
linux: not ok 2 second is EROFS
reason: read-only files
  on vmm386
book: app-diff-linux-rofs

program: t_a
vmm386: -
linux: # second is EROFS: open is \\d+ .*
reason: its diagnostic
book: app-diff-linux-rofs

program: *
vmm386: ok \\d+ checkpoint.*
linux: ok \\d+ checkpoint.* # SKIP not vmm386
reason: vmm386's own call
book: app-diff-linux-calls
"""


def load(text):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as f:
        f.write(text)
    try:
        return linuxref.load_differences(f.name)
    finally:
        os.unlink(f.name)


def compare_all(vtext, ltext, entries):
    v, l = linuxref.program_outputs(vtext), linuxref.program_outputs(ltext)
    return {p: linuxref.compare(p, v[p], l[p], entries) for p in v}


class ProgramOutputs(unittest.TestCase):
    def test_programs_without_kernel_lines(self):
        out = linuxref.program_outputs(VMM386)
        self.assertEqual(list(out), ["t_a", "t_b"])
        self.assertEqual(out["t_a"], ["    1..2", "    ok 1 first",
                                      "    ok 2 second is EROFS", "ok 1 t_a"])
        self.assertNotIn("# checkpoint", " ".join(out["t_b"]))

    def test_printk_inside_a_line_is_cut_out(self):
        text = "    # Subtest: t_c\n    ok 1 a ins[    7.767295] reboot: Power down\nns\nok 1 t_c\n"
        self.assertEqual(linuxref.program_outputs(text)["t_c"],
                         ["    ok 1 a insns", "ok 1 t_c"])


class Differences(unittest.TestCase):
    def test_listed_differences_are_expected(self):
        entries, errors = load(ENTRIES)
        self.assertEqual(errors, [])
        self.assertEqual(entries[2].reason, "read-only files on vmm386")
        result = compare_all(VMM386, LINUX, entries)
        self.assertEqual(result["t_a"], (4, []))
        self.assertEqual(result["t_b"], (1, []))
        self.assertTrue(all(e.used for e in entries))

    def test_an_unlisted_difference_fails_with_both_lines(self):
        entries, _ = load(ENTRIES.split("\n\nprogram: t_a\nvmm386: -")[0] + "\n")
        _, unexpected = compare_all(VMM386, LINUX, entries)["t_a"]
        self.assertEqual(unexpected, [(None, "    # second is EROFS: open is 3 (0x3), "
                                             "expected -30 (0xffffffe2)")])

    def test_an_entry_for_another_program_does_not_apply(self):
        entries, _ = load(ENTRIES.replace("program: t_a", "program: t_z"))
        _, unexpected = compare_all(VMM386, LINUX, entries)["t_a"]
        self.assertEqual(len(unexpected), 2)
        self.assertEqual(unexpected[0][0], "    ok 2 second is EROFS")

    def test_a_changed_line_is_not_covered(self):
        ltext = LINUX.replace("    ok 1 first", "    ok 1 fist")
        entries, _ = load(ENTRIES)
        _, unexpected = compare_all(VMM386, ltext, entries)["t_a"]
        self.assertEqual(unexpected, [("    ok 1 first", "    ok 1 fist")])

    def test_bad_entries_are_reported(self):
        _, errors = load("program: t_a\nvmm386: ok (\nlinux: -\nreason: r\nbook: nowhere\n")
        self.assertTrue(any("bad regular expression" in e for e in errors))
        self.assertTrue(any("no label 'nowhere'" in e for e in errors))
        _, errors = load("program: t_a\nvmm386: -\n")
        self.assertTrue(any("missing linux, reason, book" in e for e in errors))


if __name__ == "__main__":
    unittest.main()
