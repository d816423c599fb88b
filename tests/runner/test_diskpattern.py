# SPDX-License-Identifier: GPL-2.0-only
"""tools/diskpattern.py: the host's half of the disk round trip."""
import os
import tempfile
import unittest

import diskpattern


class DiskPatternTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.path = os.path.join(self.dir, "d.img")
        self.assertEqual(diskpattern.create(self.path, 1), 2048)

    def tearDown(self):
        os.unlink(self.path)
        os.rmdir(self.dir)

    def test_fresh_disk_is_pattern_a(self):
        self.assertEqual(diskpattern.verify(self.path, ()), [])

    def test_patterns_differ_per_sector_and_kind(self):
        self.assertNotEqual(diskpattern.sector(5, "A"), diskpattern.sector(6, "A"))
        self.assertNotEqual(diskpattern.sector(5, "A"), diskpattern.sector(5, "B"))
        self.assertEqual(diskpattern.sector(0x12345678, "A")[:4], b"\x78\x56\x34\x12")

    def test_detects_missing_and_stray_writes(self):
        with open(self.path, "r+b") as f:
            f.seek(10 * 512)
            f.write(diskpattern.sector(10, "B"))
            f.seek(99 * 512)
            f.write(b"\0" * 512)
        self.assertEqual(diskpattern.verify(self.path, [(10, 2)]), [11, 99])
