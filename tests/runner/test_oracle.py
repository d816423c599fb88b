# SPDX-License-Identifier: GPL-2.0-only
"""tools/oracle.py's page-table walker, on hand-built page tables."""
import unittest

import oracle


class FakeMachine:
    """Physical memory as a dict of pages; xp reads from it."""

    def __init__(self):
        self.mem = {}
        self.reads = 0

    def put(self, paddr, value):
        page = self.mem.setdefault(paddr & ~0xFFF, [0] * 1024)
        page[(paddr & 0xFFF) // 4] = value

    def xp(self, paddr, n):
        self.reads += 1
        return list(self.mem.get(paddr, [0] * 1024))[:n]


def build():
    m = FakeMachine()
    cr3 = 0x10000
    # pgd[768] -> table at 0x11000 mapping 0xc0000000.. to frames 0..
    m.put(cr3 + 768 * 4, 0x11000 | 0x23)
    for i in range(3):
        m.put(0x11000 + i * 4, (i << 12) | 0x63)
    # pgd[769] -> a 4 MiB page at physical 0x800000
    m.put(cr3 + 769 * 4, 0x800000 | 0xE3)
    # pgd[770] -> table whose entry 5 is not present but not empty
    m.put(cr3 + 770 * 4, 0x12000 | 0x23)
    m.put(0x12000 + 5 * 4, 0x5000)
    return m, cr3


class OracleTest(unittest.TestCase):
    def test_walk_small_and_large_pages(self):
        m, cr3 = build()
        mem = oracle.PhysMem(m)
        w = oracle.walk(mem, cr3, 0xc0001234)
        self.assertEqual(w["phys"], 0x1234)
        self.assertFalse(w["large"])
        w = oracle.walk(mem, cr3, 0xc0400000 + 0x12345)
        self.assertEqual(w["phys"], 0x812345)
        self.assertTrue(w["large"])
        self.assertIsNone(oracle.walk(mem, cr3, 0xc0003000)["phys"])
        self.assertIsNone(oracle.walk(mem, cr3, 0)["phys"])
        w = oracle.walk(mem, cr3, 0xc0805000)
        self.assertEqual((w["pte"], w["phys"]), (0x5000, None))

    def test_pages_are_read_once(self):
        m, cr3 = build()
        mem = oracle.PhysMem(m)
        for a in range(0xc0000000, 0xc0003000, 0x100):
            oracle.walk(mem, cr3, a)
        self.assertEqual(m.reads, 2)   # the pgd and one table

    def test_mappings_and_ranges(self):
        m, cr3 = build()
        maps = oracle.mappings(oracle.PhysMem(m), cr3)
        self.assertEqual([(hex(v), hex(p), s) for v, p, s, _, _ in maps],
                         [("0xc0000000", "0x0", 4096), ("0xc0001000", "0x1000", 4096),
                          ("0xc0002000", "0x2000", 4096),
                          ("0xc0400000", "0x800000", 4 << 20)])
        self.assertEqual(oracle.ranges(maps),
                         [(0xc0000000, 0xc0002fff, 0, 0x2fff),
                          (0xc0400000, 0xc07fffff, 0x800000, 0xbfffff)])

    def test_claims(self):
        self.assertEqual(oracle.claims("# checkpoint: paging seq=1 cr3=0x10a000 a=b-c"),
                         {"seq": "1", "cr3": "0x10a000", "a": "b-c"})


class PgdAllocTest(unittest.TestCase):
    """Checkpoint 'pgd_alloc': a new directory against swapper_pg_dir."""

    LINE = "# checkpoint: pgd_alloc seq=6 pgd=0x20000 swapper=0x10000 user_slots=768"

    def machine(self):
        m, swapper = build()
        m.put(swapper + 1023 * 4, 0x13000 | 0x63)     # the fixmap's table
        for i in (768, 769, 770, 1023):
            m.put(0x20000 + i * 4, m.xp(swapper, 1024)[i])
        return m

    def verdicts(self, m):
        return {c.name.split(":")[1].strip(): c.ok for c in oracle.pgd_alloc(m, self.LINE)}

    def test_a_faithful_copy_passes(self):
        self.assertTrue(all(self.verdicts(self.machine()).values()))

    def test_one_entry_too_few_fails(self):
        m = self.machine()
        m.put(0x20000 + 1023 * 4, 0)
        v = self.verdicts(m)
        self.assertFalse(v["kernel half equals swapper_pg_dir's, slots 768-1023"])
        self.assertTrue(v["the new directory's user half is empty"])

    def test_a_user_entry_fails(self):
        m = self.machine()
        m.put(0x20000 + 5 * 4, 0x14000 | 0x67)
        self.assertFalse(self.verdicts(m)["the new directory's user half is empty"])

    def test_the_master_itself_is_no_copy(self):
        line = self.LINE.replace("pgd=0x20000", "pgd=0x10000")
        checks = oracle.pgd_alloc(self.machine(), line)
        self.assertFalse(checks[1].ok)


class MemoryModelTest(unittest.TestCase):
    """The oracle's own model of Linux 2.4's memory sizing, against numbers
    worked out by hand from the Bochs BIOS map (RAM to megs - 64 KiB)."""

    def model(self, megs, cmdline=""):
        return oracle.MemoryModel(megs, cmdline)

    def test_small_machine_has_no_highmem(self):
        m = self.model(32)
        self.assertEqual((m.max_pfn, m.max_low_pfn), (0x1FF0, 0x1FF0))
        self.assertEqual(m.zones["dma"], (0, 0x1000))
        self.assertEqual(m.zones["normal"], (0x1000, 0x1FF0))
        self.assertEqual(m.zones["highmem"], (0x1FF0, 0x1FF0))
        self.assertTrue(m.pse)

    def test_above_896_mib_is_highmem(self):
        m = self.model(1024)
        self.assertEqual((m.max_pfn, m.max_low_pfn), (0x3FFF0, 0x38000))
        m = self.model(2048, "highmem=512M nopentium")
        self.assertEqual((m.max_pfn, m.max_low_pfn), (0x38000 + 0x20000, 0x38000))
        self.assertFalse(m.pse)

    def test_highmem_option_on_a_small_machine(self):
        m = self.model(128, "highmem=32M")
        self.assertEqual((m.max_pfn, m.max_low_pfn), (0x7FF0, 0x5FF0))
        # It would leave less than 64 MiB of low memory: ignored.
        m = self.model(96, "highmem=64M")
        self.assertEqual((m.max_pfn, m.max_low_pfn), (0x5FF0, 0x5FF0))

    def test_mem_option_caps_memory(self):
        m = self.model(1024, "mem=512M")
        self.assertEqual((m.max_pfn, m.max_low_pfn), (0x20000, 0x20000))
        self.assertEqual([t for _, _, t in m.e820], [1, 2, 2, 1])
        self.assertFalse(self.model(32, "mem=nopentium").pse)

    def test_ram_frames_and_watermarks(self):
        m = self.model(32)
        self.assertTrue(m.is_ram(0x9E))
        self.assertFalse(m.is_ram(0x9F))
        self.assertFalse(m.is_ram(0xA0))
        self.assertTrue(m.is_ram(0x100))
        self.assertFalse(m.is_ram(0x1FF0))
        self.assertEqual([m.pages_min(n) for n in (0, 100, 4096, 4080, 40000)],
                         [0, 20, 32, 31, 255])
