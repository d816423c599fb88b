# SPDX-License-Identifier: GPL-2.0-only
"""tools/layout.py: the address space comes from the compiler and the
running kernel, and says so when a value is not computed yet."""
import os
import shutil
import tempfile
import unittest

import layout
import transcript

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


class LayoutTest(unittest.TestCase):
    def test_constants_from_the_real_headers(self):
        c = layout.evaluate(layout.CONSTANTS)
        self.assertEqual(c["PAGE_OFFSET"], 0xC0000000)
        self.assertEqual(c["VMALLOC_END"], c["PKMAP_BASE"] - 2 * c["PAGE_SIZE"])
        self.assertLess(c["FIXADDR_START"], c["FIXADDR_TOP"])
        self.assertEqual(c["MAXMEM"], (1 << 32) - c["PAGE_OFFSET"] - 128 * 2 ** 20)

    def test_vmalloc_start_follows_high_memory(self):
        v = layout.evaluate(["VMALLOC_START"], high_memory=0xC2000000)["VMALLOC_START"]
        # 8 MiB above high_memory, rounded up to an 8 MiB boundary
        self.assertEqual(v, 0xC2800000)
        v = layout.evaluate(["VMALLOC_START"], high_memory=0xC2100000)["VMALLOC_START"]
        self.assertEqual(v, 0xC3000000)

    def test_a_macro_that_disappears_is_an_error(self):
        tmp = tempfile.mkdtemp()
        try:
            shutil.copytree(os.path.join(ROOT, "kernel", "include"),
                            os.path.join(tmp, "kernel", "include"))
            path = os.path.join(tmp, "kernel", "include", "highmem_layout.h")
            text = open(path).read().replace("#define PKMAP_BASE", "#define PKMAP_START")
            open(path, "w").write(text)
            with self.assertRaisesRegex(layout.LayoutError, "no longer evaluate"):
                layout.evaluate(layout.CONSTANTS, root=tmp)
        finally:
            shutil.rmtree(tmp)

    def test_undefined_high_memory_is_reported_not_invented(self):
        tmp = tempfile.mkdtemp()
        try:
            sym = os.path.join(tmp, "sym")
            open(sym, "w").write("c0100000 start_kernel\n")
            value, why, _ = layout.high_memory("unused.img", sym, tmp)
            self.assertIsNone(value)
            self.assertIn("does not define high_memory yet", why)
        finally:
            shutil.rmtree(tmp)

    def test_observed_high_memory_fills_the_layout_in(self):
        tmp = tempfile.mkdtemp()
        try:
            image, sym = os.path.join(tmp, "img"), os.path.join(tmp, "sym")
            open(image, "w").write("an image")
            open(sym, "w").write("c0114ec0 high_memory\n")
            # What the debugger answers to x /1wx "high_memory" (recorded).
            answer = "[bochs]:\n0x00000000c0114ec0 <bogus+       0>:\t0xc2000000\n"
            session = layout.high_memory_session(32)
            transcript.get(session, image, sym, tmp, runner=lambda *a: {
                "kind": "debugger", "setup_commands": 1,
                "events": [["cmd", 3, 'x /1wx "high_memory"', answer]]})
            lay = layout.layout(image, sym, tmp, 32)
            self.assertEqual(lay["high_memory"], 0xC2000000)
            self.assertEqual(lay["VMALLOC_START"], 0xC2800000)
            regs = {name: (s, e) for name, s, e, _ in layout.regions(lay)}
            self.assertEqual(regs["direct map"], (0xC0000000, 0xC2000000))
        finally:
            shutil.rmtree(tmp)

    def test_regions_leave_unknown_bounds_open(self):
        c = layout.evaluate(layout.CONSTANTS)
        lay = {"constants": c, "high_memory": None, "VMALLOC_START": None,
               "PKMAP_END": c["PKMAP_BASE"] + c["LAST_PKMAP"] * c["PAGE_SIZE"]}
        regs = {name: (s, e) for name, s, e, _ in layout.regions(lay)}
        self.assertEqual(regs["direct map"], (0xC0000000, None))
        self.assertEqual(regs["vmalloc area"], (None, c["VMALLOC_END"]))
        self.assertEqual(layout.size_text(4 << 20), "4 MiB")
        self.assertEqual(layout.size_text(36 << 10), "36 KiB")


if __name__ == "__main__":
    unittest.main()
