# SPDX-License-Identifier: GPL-2.0-only
"""tools/oracle_vmalloc.py on a hand-built machine: a page directory with a
vmalloc page table, the guest's `seen` table, a mem_map, kernel variables
found by symbol, a TLB and a BIOS image. Honest claims pass; each lie, or
each broken mapping, is caught."""
import os
import tempfile
import unittest

import oracle
import oracle_vmalloc as ov
from test_oracle import FakeMachine

CR3 = 0x1000                 # swapper_pg_dir
VM_TABLE = 0x2000            # the page table of pgd slot 778 (0xc2800000)
VA = 0xC2800000
SEEN = 0x3000
MEM_MAP = 0x100000           # physical; 32-byte struct pages
PSIZE, PFLAGS, PCOUNT, PPRIV = 32, 8, 12, 28
FRAMES = [0x1800, 0x1805, 0x1803]
PATTERN = 0x56000000
SYMS = {"tlb_stats": 0xC0004000, "nr_vmalloc_faults": 0xC0004010,
        "swapper_pg_dir": 0xC0000000 + CR3}
LINE = (f"# checkpoint: {{name}} seq=1 seen={SEEN:#x} memmap={MEM_MAP:#x} "
        f"psize={PSIZE} pflags={PFLAGS} pcount={PCOUNT} pprivate={PPRIV} "
        f"pattern={PATTERN:#x} lazy={{lazy}} {{extra}}")


class VmMachine(FakeMachine):
    """FakeMachine with CR3, Bochs' page walk, a TLB and linear reads."""
    megs, cmdline = 32, ""

    def __init__(self):
        super().__init__()
        self.cr3 = CR3
        self.tlb_entries = {}

    def cregs(self):
        return {"cr3": self.cr3}

    def page(self, laddr):
        w = oracle.walk(oracle.PhysMem(self), self.cr3, laddr)
        return {"phys": None if w["phys"] is None else w["phys"] & ~0xFFF}

    def tlb(self, laddr):
        return [e for e in self.tlb_entries.items() if e[0] == laddr]

    def x(self, laddr, n):
        p = oracle.walk(oracle.PhysMem(self), self.cr3, laddr)["phys"]
        return self.xp(p, n) if p is not None else []

    def xp(self, paddr, n):
        page = self.mem.get(paddr & ~0xFFF, [0] * 1024)
        i = (paddr & 0xFFF) // 4
        return list(page[i:i + n])

    def set_page(self, pfn, count, flags=0, private=0):
        base = MEM_MAP + pfn * PSIZE
        self.put(base + PFLAGS, flags)
        self.put(base + PCOUNT, count)
        self.put(base + PPRIV, private)


def build(mapped=True):
    """One 3-page vmalloc area at VA, its frames filled as the kernel
    fills them, and `seen` describing it."""
    m = VmMachine()
    m.put(CR3 + (VA >> 22) * 4, VM_TABLE | 0x63)
    for i, pfn in enumerate(FRAMES):
        if mapped:
            m.put(VM_TABLE + i * 4, pfn << 12 | 0x63)
        m.put(pfn << 12, PATTERN | i << 8)
        m.put((pfn << 12) + 4092, PATTERN | i << 8 | 0xFF)
        m.set_page(pfn, 1)
    words = [1, VA, 0, 0, 0, len(FRAMES), 0, 0, 0, 0, 0, 0, 0] + FRAMES
    for i, w in enumerate(words):
        m.put(SEEN + 4 * i, w)
    return m


def free_frames(m):
    """The frames as the buddy allocator leaves them: count 0; frame 0x1800
    heads a free block of order 3 (covering 0x1805 and 0x1803)."""
    for pfn in FRAMES:
        m.set_page(pfn, 0)
    m.set_page(0x1800, 0, 1 << ov.PG_BUDDY, 3)


class OracleVmallocTest(unittest.TestCase):
    def setUp(self):
        self.saved = ov.symbol
        ov.symbol = SYMS.get

    def tearDown(self):
        ov.symbol = self.saved

    def run_areas(self, m, high=0):
        line = LINE.format(name="vmalloc_areas", lazy=0,
                           extra=f"highstart=0x1ff0 high={high} first={VA:#x} "
                                 f"guard={VA + 3 * 4096:#x}")
        return {c.name.split(": ", 1)[1]: c.ok for c in ov.vmalloc_areas(m, line)}

    def test_honest_area_passes(self):
        self.assertTrue(all(self.run_areas(build()).values()))

    def test_each_lie_is_caught(self):
        cases = {
            "every page maps the frame the kernel recorded":
                lambda m: m.put(SEEN + 4 * 14, 0x1806),
            "guard pages are not mapped":
                lambda m: m.put(VM_TABLE + 12, 0x1900063),
            "kernel-only, writable mappings":
                lambda m: m.put(VM_TABLE + 4, FRAMES[1] << 12 | 0x67),
            "the frames hold what was written through vmalloc addresses":
                lambda m: m.put((FRAMES[2] << 12) + 4092, 0),
            "3 distinct frames, allocated in mem_map":
                lambda m: m.set_page(FRAMES[0], 2),
        }
        for what, lie in cases.items():
            m = build()
            lie(m)
            self.assertFalse(self.run_areas(m)[what], what)
        self.assertFalse(self.run_areas(build(), high=3)[
            "0 of the frames are highmem (model: ZONE_HIGHMEM from pfn 0x1ff0)"])

    def run_vfree(self, m, lazy, flushes):
        m.vmalloc_flush_all = 7
        m.put(SYMS["tlb_stats"] - oracle.PAGE_OFFSET, 7 + flushes)
        line = LINE.format(name="vfree_areas", lazy=lazy, extra=f"flushes={flushes}")
        return {c.name.split(": ", 1)[1]: c.ok for c in ov.vfree_areas(m, line)}

    def test_vfree_24(self):
        m = build(mapped=False)
        free_frames(m)
        self.assertTrue(all(self.run_vfree(m, 0, 3).values()))
        self.assertFalse(self.run_vfree(m, 0, 2)["3 TLB flushes (tlb_stats)"])
        m.tlb_entries[VA + 0x1000] = FRAMES[1] << 12
        self.assertFalse(self.run_vfree(m, 0, 3)["Bochs' TLB holds no translation of them"])
        m = build(mapped=True)
        free_frames(m)
        self.assertFalse(self.run_vfree(m, 0, 3)["the areas are unmapped"])
        m = build(mapped=False)
        self.assertFalse(self.run_vfree(m, 0, 3)[
            "every frame is back in the buddy allocator (count 0, inside a PG_buddy block)"])

    def test_vfree_26_lazy(self):
        m = build(mapped=True)
        free_frames(m)
        m.tlb_entries[VA] = FRAMES[0] << 12
        self.assertTrue(all(self.run_vfree(m, 1, 0).values()))
        del m.tlb_entries[VA]
        self.assertFalse(self.run_vfree(m, 1, 0)[
            "Bochs' TLB still translates each area's first page"])
        m = build(mapped=False)
        free_frames(m)
        m.tlb_entries[VA] = FRAMES[0] << 12
        self.assertFalse(self.run_vfree(m, 1, 0)[
            "the freed pages are still mapped, to their old frames"])

    def fault(self, name, entry, faults_now, faults_claimed=4):
        m = build()
        pgd = 0x5000
        m.cr3 = pgd
        if entry:
            m.put(pgd + (VA >> 22) * 4, VM_TABLE | 0x63)
        m.put(SYMS["nr_vmalloc_faults"] - oracle.PAGE_OFFSET, faults_now)
        line = (f"# checkpoint: {name} seq=9 pgd={pgd:#x} index={VA >> 22} "
                f"addr={VA:#x} kernel_pde={VM_TABLE | 0x63:#x} "
                f"faults={faults_claimed} frame={FRAMES[0] << 12:#x}")
        return [c for c in getattr(ov, name)(m, line) if not c.ok]

    def test_vmalloc_fault(self):
        self.assertEqual(self.fault("vmalloc_fault_before", False, 4), [])
        self.assertEqual(self.fault("vmalloc_fault_after", True, 5), [])
        self.assertTrue(self.fault("vmalloc_fault_before", True, 4))
        self.assertTrue(self.fault("vmalloc_fault_after", False, 5))
        self.assertTrue(self.fault("vmalloc_fault_after", True, 6))
        self.assertTrue(self.fault("vmalloc_fault_before", False, 3))

    def test_ioremap_against_a_bios_image(self):
        rom = bytes(range(256)) * 512          # 128 KiB, ends at 4 GiB
        with tempfile.NamedTemporaryFile(delete=False) as f:
            f.write(rom)
        saved = ov.BIOS
        ov.BIOS = f.name
        try:
            for honest in (True, False):
                m = VmMachine()
                m.put(CR3 + (VA >> 22) * 4, VM_TABLE | 0x63)
                for i in range(2):
                    m.put(VM_TABLE + i * 4, (0xFFFF0000 + i * 4096) | 0x73)
                for off in (0, 2 * 4096 - 16):
                    words = ov._bios_words(0xFFFF0000 + off, 4, f.name)
                    for k, w in enumerate(words):
                        m.put(0xFFFF0000 + off + 4 * k, w if honest else w ^ 1)
                line = (f"# checkpoint: ioremap_area seq=3 addr={VA:#x} "
                        f"phys=0xffff0000 size=0x3000")
                checks = ov.ioremap_area(m, line)
                self.assertEqual(all(c.ok for c in checks), honest)
        finally:
            ov.BIOS = saved
            os.unlink(f.name)


if __name__ == "__main__":
    unittest.main()
