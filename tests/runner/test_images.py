# SPDX-License-Identifier: GPL-2.0-only
"""tools/mkimage.py and tools/cpio.py: layouts and round trips."""
import os
import stat
import struct
import tempfile
import unittest

import cpio
import mkimage


def boot_sector():
    return b"\0" * 510 + b"\x55\xaa"


class ImageTest(unittest.TestCase):
    def test_layout_and_bootinfo(self):
        kernel = b"\x7fELF" + b"k" * 5000
        img = mkimage.build(boot_sector(), b"L" * 700, kernel, b"I" * 10, "test=ch8")
        bi = mkimage.bootinfo_offsets()
        field = lambda n: struct.unpack_from("<I", img, bi[n])[0]
        self.assertEqual(len(img) % (16 * 63 * 512), 0)
        self.assertEqual(field("BI_LOADER_LBA"), 1)
        self.assertEqual(field("BI_LOADER_SECTORS"), 2)
        self.assertEqual(img[512:512 + 700], b"L" * 700)
        k = field("BI_KERNEL_LBA") * 512
        self.assertEqual(k % 4096, 0)
        self.assertEqual(img[k:k + len(kernel)], kernel)
        self.assertEqual(field("BI_KERNEL_SECTORS"), 10)
        i = field("BI_INITRD_LBA") * 512
        self.assertEqual(img[i:i + 10], b"I" * 10)
        self.assertEqual(field("BI_INITRD_BYTES"), 10)
        self.assertEqual(mkimage.get_cmdline(img), "test=ch8")

    def test_loader_reads_stay_on_the_disk(self):
        # The loader reads BP_BOUNCE_SECTORS at a time: the last read, at
        # the initramfs, must end on the disk whatever the sizes.
        bounce = mkimage.bounce_sectors()
        bi = mkimage.bootinfo_offsets()
        for size in range(400000, 520000, 4096 + 512):
            img = mkimage.build(boot_sector(), b"L" * 700, b"K" * size,
                                b"I" * 376, "")
            lba = struct.unpack_from("<I", img, bi["BI_INITRD_LBA"])[0]
            self.assertLessEqual(lba + bounce, len(img) // 512, size)

    def test_set_cmdline(self):
        img = mkimage.build(boot_sector(), b"L", b"K", b"", "old command line")
        new = mkimage.set_cmdline(img, "mem=64M")
        self.assertEqual(mkimage.get_cmdline(new), "mem=64M")
        self.assertEqual(len(new), len(img))
        with self.assertRaises(ValueError):
            mkimage.set_cmdline(img, "x" * 512)

    def test_bad_boot_sector(self):
        with self.assertRaises(ValueError):
            mkimage.build(b"\0" * 512, b"L", b"K", b"", "")


class CpioTest(unittest.TestCase):
    def test_round_trip(self):
        files = [("README", b"hello\n", stat.S_IFREG | 0o644),
                 ("bin/prog", bytes(range(256)) * 3, stat.S_IFREG | 0o755),
                 ("empty", b"", stat.S_IFREG | 0o600)]
        blob = cpio.pack(files)
        self.assertEqual(len(blob) % 4, 0)
        self.assertEqual([(n, d, m) for n, m, d in cpio.unpack(blob)], files)

    def test_header_is_newc(self):
        blob = cpio.pack([("a", b"xyz", stat.S_IFREG | 0o644)])
        self.assertTrue(blob.startswith(b"070701"))
        self.assertEqual(int(blob[6 + 8 * 6:6 + 8 * 7], 16), 3)   # c_filesize
        self.assertIn(b"TRAILER!!!", blob)

    def test_later_roots_add_and_replace(self):
        with tempfile.TemporaryDirectory() as a, tempfile.TemporaryDirectory() as b:
            os.makedirs(os.path.join(a, "bin"))
            for root, name, data in ((a, "README", b"base"), (a, "bin/t", b"T"),
                                     (b, "README", b"extra"), (b, "prog", b"P")):
                with open(os.path.join(root, name), "wb") as f:
                    f.write(data)
            files = {n: d for n, d, _ in cpio.collect([a, b])}
        self.assertEqual(files, {"README": b"extra", "bin/t": b"T", "prog": b"P"})

    def test_symlinks_are_archived_as_links(self):
        with tempfile.TemporaryDirectory() as a:
            os.makedirs(os.path.join(a, "bin"))
            with open(os.path.join(a, "bin/busybox"), "wb") as f:
                f.write(b"\x7fELF")
            os.symlink("busybox", os.path.join(a, "bin/sh"))
            files = {n: (d, m) for n, d, m in cpio.collect([a])}
        self.assertEqual(files["bin/sh"], (b"busybox", stat.S_IFLNK | 0o777))
        self.assertEqual(stat.S_IFMT(files["bin/busybox"][1]), stat.S_IFREG)

    def test_corrupt_archive(self):
        with self.assertRaises(ValueError):
            cpio.unpack(b"070702" + b"0" * 200)
