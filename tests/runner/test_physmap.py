# SPDX-License-Identifier: GPL-2.0-only
"""tools/physmap.py: the physical memory map is read from a boot, and a
boot that no longer reports what the map needs is an error, not a guess."""
import unittest

import physmap

C = {"PAGE_OFFSET": 0xC0000000, "PKMAP_BASE": 0xFE000000, "LAST_PKMAP": 1024,
     "PAGE_SIZE": 4096, "FIXADDR_START": 0xFFFF5000, "sizeof(struct page)": 44}

GUEST = """\
[    0.000000] BIOS-provided physical RAM map:
[    0.000000]  BIOS-e820: 0000000000000000 - 000000000009f000 (usable)
[    0.000000]  BIOS-e820: 000000000009f000 - 00000000000a0000 (reserved)
[    0.000000]  BIOS-e820: 00000000000e8000 - 0000000000100000 (reserved)
[    0.000000]  BIOS-e820: 0000000000100000 - 0000000002ff0000 (usable)
[    0.000000]  BIOS-e820: 0000000002ff0000 - 0000000003000000 (ACPI data)
[    0.000000]  BIOS-e820: 00000000fffc0000 - 0000000100000000 (reserved)
# checkpoint: bootmem seq=1 map=0x170000 bytes=0x600 max_low_pfn=0x2ff0 \
kernel=0x100000-0x160000 initrd=0x160000-0x160100 tables=0x161000-0x170000
"""
PAGING = ("# checkpoint: paging_init seq=2 cr3=0x12b000 pse=1 pge=1 max_low_pfn=0x2ff0 "
          "high_memory=0xc2ff0000 vmalloc_start=0xc3800000 fixaddr_start=0xffff5000 "
          "pkmap_pt=0x3000 kmap_pte=0x2ff4\n")
ZONES = ("# checkpoint: zones seq=3 max_pfn=0x2ff0 max_low_pfn=0x2ff0 dma=0-0x1000 "
         "normal=0x1000-0x2ff0 highmem=0x2ff0-0x2ff0 min=32,63,0\n")


def pgd(entries):
    """`x /256wx` output for the kernel half of a page directory."""
    words = [0] * 256
    for i, v in entries.items():
        words[i] = v
    return "[bochs]:\n" + "".join(
        f"0x{0xc012bc00 + 16 * r:016x} <swapper_pg_dir+{3072 + 16 * r}>:\t"
        + "\t".join(f"0x{w:08x}" for w in words[4 * r:4 * r + 4]) + "\n"
        for r in range(64))


def result(guest=GUEST, paging=PAGING, zones=ZONES, mem_map=0xC1000000, tables=None):
    tables = tables if tables is not None else \
        {0: 0x1e3, 11: 0x1063, 248: 0x3063, 255: 0x2063}
    return {"kind": "debugger", "setup_commands": 1, "events": [
        ["cont", 2, guest.replace("\\\n", ""), "(0) Magic breakpoint"],
        ["cont", 3, paging, "(0) Magic breakpoint"],
        ["cmd", 4, physmap.PGD_CMD, pgd(tables)],
        ["cont", 5, zones, "(0) Magic breakpoint"],
        ["cmd", 6, physmap.MEM_MAP_CMD,
         f"[bochs]:\n0x00000000c0139fa0 <mem_map+0>:\t0x{mem_map:08x}\n"]]}


def regions(data):
    return {r["name"]: (r["start"], r["end"]) for r in data["regions"]}


class PhysmapTest(unittest.TestCase):
    def test_regions_come_from_the_checkpoints_and_the_debugger(self):
        data = physmap.parse(result(), 48, C)
        got = regions(data)
        self.assertEqual(got["kernel image"], (0x100000, 0x160000))
        self.assertEqual(got["initramfs"], (0x160000, 0x160100))
        self.assertEqual(got["early page tables"], (0x161000, 0x170000))
        self.assertEqual(got["bootmem bitmap"], (0x170000, 0x170600))
        self.assertEqual(got["swapper_pg_dir"], (0x12b000, 0x12c000))
        # mem_map: its pointer, max_pfn entries of sizeof(struct page)
        self.assertEqual(got["mem_map"], (0x1000000, 0x1000000 + 0x2ff0 * 44))
        self.assertEqual([z["name"] for z in data["zones"]], ["ZONE_DMA", "ZONE_NORMAL"])
        self.assertEqual(data["zones"][1]["end"], 0x2ff0000)
        # RAM and the ACPI tables after it are drawn; the BIOS ROM is not
        self.assertEqual(data["top"], 0x3000000)
        self.assertEqual(data["beyond"], [(0xfffc0000, 1 << 32, "reserved")])

    def test_page_tables_are_named_by_what_they_map(self):
        # pde 11 maps the last, partial 4 MiB of the direct map with a table;
        # pde 0 is a 4 MiB page (no table); 248 is PKMAP_BASE's, 255 the fixmap's
        got = regions(physmap.parse(result(), 48, C))
        self.assertEqual(got["page tables: direct map, fixmap, pkmap"], (0x1000, 0x4000))
        apart = {0: 0x1e3, 11: 0x5063, 248: 0x3063, 255: 0x2063}
        got = regions(physmap.parse(result(tables=apart), 48, C))
        self.assertEqual(got["page tables: fixmap, pkmap"], (0x2000, 0x4000))
        self.assertEqual(got["page table: direct map"], (0x5000, 0x6000))
        many = {i: 0x10063 + (i << 12) for i in range(12)}
        got = regions(physmap.parse(result(tables=many), 48, C))
        self.assertEqual(got["page tables: direct map (12)"], (0x10000, 0x1c000))

    def test_mem_option_map_is_the_one_drawn(self):
        user = GUEST.replace("# checkpoint", "[    0.000000] user-defined physical RAM map:\n"
                             "[    0.000000]  user: 0000000000000000 - 000000000009f000 "
                             "(usable)\n[    0.000000]  user: 0000000000100000 - "
                             "0000000002000000 (usable)\n# checkpoint")
        data = physmap.parse(result(guest=user), 48, C)
        self.assertEqual(data["top"], 0x2000000)
        self.assertEqual(len(data["e820"]), 2)

    def test_bands_enlarge_the_low_megabytes(self):
        data = physmap.parse(result(), 48, C)
        self.assertEqual(physmap.rows(data), [(0, 0x3000000), (0, 2 << 20)])
        data["top"] = 1 << 30
        self.assertEqual(physmap.rows(data), [(0, 1 << 30), (0, 20 << 20), (0, 2 << 20)])

    def test_what_the_boot_no_longer_reports_is_an_error(self):
        cases = [
            (result(guest=GUEST.replace(" tables=0x161000-0x170000", "")), "no tables="),
            (result(guest=GUEST.replace("bootmem", "bootmap")), "no 'bootmem' checkpoint"),
            (result(zones=ZONES.replace("normal=", "norm=")), "no normal="),
            (result(guest=GUEST.splitlines()[-1] + "\n"), "no e820 map"),
        ]
        for res, message in cases:
            with self.assertRaisesRegex(physmap.PhysmapError, message):
                physmap.parse(res, 48, C)
        res = result()
        res["events"][-1][3] = ":7: syntax error at 'mem_map'\n"
        with self.assertRaisesRegex(physmap.PhysmapError, "answered no memory"):
            physmap.parse(res, 48, C)
        res = result()
        del res["events"][2]
        with self.assertRaisesRegex(physmap.PhysmapError, "no answer to"):
            physmap.parse(res, 48, C)

    def test_sizes(self):
        self.assertEqual(physmap.size_text(376), "376 bytes")
        self.assertEqual(physmap.size_text(12 << 10), "12 KiB")
        self.assertEqual(physmap.size_text(0x3000 * 44), "528 KiB")
        self.assertEqual(physmap.size_text(0x2ff0 * 44), "527.3 KiB")
        self.assertEqual(physmap.size_text((1 << 30) - (1 << 20) - (64 << 10)), "1022.9 MiB")


if __name__ == "__main__":
    unittest.main()
