# SPDX-License-Identifier: GPL-2.0-only
"""tools/transcript.py: selections, rendering, the cache, and one real
debugger session on the current image."""
import os
import re
import shutil
import tempfile
import unittest

import transcript as tr

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
IMAGE = os.path.join(ROOT, "build", "vmm386.img")
SYMBOLS = os.path.join(ROOT, "build", "vmm386.sym")

OUTPUT = """\
[    0.000000] vmm386 version 0.1
KTAP version 1
1..2
    KTAP version 1
    # Subtest: alpha
    1..1
[    0.010000] a log line inside the suite
    ok 1 first
ok 1 alpha
    KTAP version 1
    # Subtest: beta
    1..1
    not ok 1 second
not ok 2 beta
"""


class SelectionTest(unittest.TestCase):
    def test_suite_from_header_to_result(self):
        lines = tr.ktap_suite(OUTPUT, "alpha")
        self.assertEqual(lines[0], "    KTAP version 1")
        self.assertEqual(lines[-1], "ok 1 alpha")
        self.assertIn("[    0.010000] a log line inside the suite", lines)
        self.assertEqual(tr.ktap_suite(OUTPUT, "beta")[-1], "not ok 2 beta")

    def test_missing_suite_is_a_mismatch(self):
        with self.assertRaises(tr.Mismatch):
            tr.ktap_suite(OUTPUT, "gamma")

    def test_from_to_grep(self):
        out = tr.render_boot({"text": OUTPUT}, start=r"Subtest: beta", end=r"not ok 1")
        self.assertEqual(out, "    # Subtest: beta\n    1..1\n    not ok 1 second\n")
        self.assertEqual(tr.render_boot({"text": OUTPUT}, grep=r"^\s*ok"),
                         "    ok 1 first\nok 1 alpha\n")
        for kw in ({"start": "zzz"}, {"end": "zzz"}, {"grep": "zzz"}):
            with self.assertRaises(tr.Mismatch):
                tr.render_boot({"text": OUTPUT}, **kw)

    def test_steps_parse(self):
        steps = tr.parse_steps(["@break start_kernel", "page 0", "", "@checkpoint paging",
                                "info tab"])
        self.assertEqual(steps, [["break", "start_kernel", ["page 0"]],
                                 ["checkpoint", "paging", ["info tab"]]])
        with self.assertRaises(ValueError):
            tr.parse_steps(["@stop here"])

    def test_commands_quote_the_checkpoint_line(self):
        claims = {"cache": "0xc105af00", "objs": "0xc1fe1e90,0xc1fe1dc8"}
        self.assertEqual(tr.substitute("x /4wx {cache}", claims), "x /4wx 0xc105af00")
        self.assertEqual(tr.substitute("page {objs[1]} + 4", claims), "page 0xc1fe1dc8 + 4")
        self.assertEqual(tr.substitute("x /4wx \"jiffies\"", {}), "x /4wx \"jiffies\"")
        # A claim the kernel stopped making fails the run, and the book.
        with self.assertRaisesRegex(tr.RunError, "no checkpoint line so far has slab="):
            tr.substitute("x /4wx {slab}", claims)
        with self.assertRaisesRegex(tr.RunError, "has 2 items, not 3"):
            tr.substitute("x /4wx {objs[2]}", claims)

    def test_checkpoint_values_are_substituted(self):
        claims = {"map": "0x160000", "bytes": "0x400"}
        self.assertEqual(tr.substitute("xp /8wx {map}+0x200", claims), "xp /8wx 0x160000+0x200")
        self.assertEqual(tr.substitute('x /4wx "jiffies"', {}), 'x /4wx "jiffies"')
        with self.assertRaisesRegex(tr.RunError, "no checkpoint line so far has nomap="):
            tr.substitute("xp /8wx {nomap}", claims)

    def test_debugger_rendering_keeps_real_prompts(self):
        result = {"setup_commands": 1,      # Machine.start() typed ldsym at <bochs:1>
                  "events": [["cmd", 2, 'lb "f"', ""],
                             ["cont", 3, "a\nb\nc\nd\ne\n", "(0) Breakpoint 1, 0x1 in ?? ()"],
                             ["cmd", 4, "page 0", " PDE: 0x0\n"]]}
        text = tr.render_debugger(result, output_lines=2)
        # As with `make debug`, loading the symbols takes no prompt number.
        self.assertEqual(text.splitlines(), [
            '<bochs:1> lb "f"', "<bochs:2> c",
            "[... 3 earlier lines of kernel output ...]", "d", "e",
            "(0) Breakpoint 1, 0x1 in ?? ()", "<bochs:3> page 0", " PDE: 0x0"])


class CacheTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.image = os.path.join(self.dir, "img")
        open(self.image, "w").write("one")
        self.runs = 0

    def tearDown(self):
        shutil.rmtree(self.dir)

    def runner(self, session, image, symbols):
        self.runs += 1
        return {"kind": "boot", "text": f"run {self.runs}\n"}

    def test_runs_once_per_image(self):
        s = {"kind": "boot", "cmdline": "x"}
        cache = os.path.join(self.dir, "cache")
        self.assertEqual(tr.get(s, self.image, None, cache, self.runner)["text"], "run 1\n")
        self.assertEqual(tr.get(s, self.image, None, cache, self.runner)["text"], "run 1\n")
        open(self.image, "w").write("two")      # a new kernel: a new run
        self.assertEqual(tr.get(s, self.image, None, cache, self.runner)["text"], "run 2\n")
        s2 = dict(s, cmdline="y")               # another session: another run
        self.assertEqual(tr.get(s2, self.image, None, cache, self.runner)["text"], "run 3\n")


@unittest.skipUnless(os.path.exists(IMAGE) and os.path.exists(SYMBOLS), "no image: run make")
class RealBochsTest(unittest.TestCase):
    def test_debugger_session_on_the_image(self):
        session = {"kind": "debugger", "cmdline": "test=boot.boot_params_are_valid panic=-1",
                   "megs": 32, "steps": tr.parse_steps(["@break start_kernel", "page 0",
                                                        "@checkpoint paging", "page 0"])}
        text = tr.render_debugger(tr.run(session, IMAGE, SYMBOLS))
        # Before zap_low_mappings() page 0 is mapped (identity map of head.asm);
        # at the paging checkpoint it no longer is.
        # numbered as `make debug` numbers them: the symbols load off-prompt
        self.assertTrue(text.startswith('<bochs:1> lb "start_kernel"\n<bochs:2> c\n'), text)
        before, after = text.split("Magic breakpoint")
        self.assertIn("start_kernel+0", before)
        self.assertIn("maps to physical page 0x000000000000", before)
        self.assertIn("physical address not available for linear 0x0000000000000000", after)

    def test_commands_quote_a_real_checkpoint_line(self):
        session = {"kind": "debugger", "cmdline": "test=boot.boot_params_are_valid panic=-1",
                   "megs": 32, "steps": tr.parse_steps(["@checkpoint paging", "creg",
                                                        "xp /1wx {cr3}"])}
        text = tr.render_debugger(tr.run(session, IMAGE, SYMBOLS))
        cr3 = re.search(r"CR3=0x0*([0-9a-f]+)", text)
        self.assertIsNotNone(cr3, text)
        # the command is shown as typed, with the value the kernel claimed
        m = re.search(r"<bochs:\d+> xp /1wx 0x0*([0-9a-f]+)\n", text)
        self.assertIsNotNone(m, text)
        self.assertEqual(int(m.group(1), 16), int(cr3.group(1), 16))

    def test_commands_can_use_checkpoint_values(self):
        session = {"kind": "debugger", "cmdline": "test=boot.boot_params_are_valid panic=-1",
                   "megs": 32, "steps": tr.parse_steps(["@checkpoint bootmem",
                                                        "xp /1wx {map}"])}
        text = tr.render_debugger(tr.run(session, IMAGE, SYMBOLS))
        line = [l for l in text.splitlines() if l.startswith("# checkpoint: bootmem")][0]
        addr = dict(l.split("=") for l in line.split()[3:])["map"]
        # The command is shown as typed, with the value the kernel printed;
        # frame 0 (the BIOS's page) is reserved, frames 1.. are free RAM.
        self.assertIn(f"<bochs:2> xp /1wx {addr}\n", text)
        self.assertRegex(text, rf"0x0*{addr[2:]} <bogus\+\s+0>:\s+0x00000001")

    def test_unknown_breakpoint_symbol_is_an_error(self):
        session = {"kind": "debugger", "cmdline": "", "megs": 32,
                   "steps": [["break", "no_such_function", []]]}
        with self.assertRaisesRegex(tr.RunError, "no symbol"):
            tr.run(session, IMAGE, SYMBOLS)


if __name__ == "__main__":
    unittest.main()
