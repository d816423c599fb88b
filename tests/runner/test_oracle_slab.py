# SPDX-License-Identifier: GPL-2.0-only
"""tools/oracle_slab.py on a hand-built machine: a direct mapping, a
mem_map, a cache with one slab and objects filled as the kernel fills them.
Honest claims pass; each lie, or each broken structure, is caught."""
import unittest

import oracle
import oracle_slab
from test_oracle import FakeMachine

CR3 = 0x1000
MEM_MAP = 0xC0100000          # the struct page array
PAGE_SIZE_STRUCT = 40
FLAGS_OFF, SMEM_OFF, PG_SLAB = 8, 12, 8
CACHE = 0xC0300000
SLAB = 0xC0300100             # a slab_t
SLAB_PAGE = 0x01400000        # the slab's page (physical), above 16 MiB
OBJSIZE, NUM = 256, 15
PATTERN = 0x5AB0C000


class SlabMachine(FakeMachine):
    """FakeMachine plus what the oracle asks besides xp: creg and page."""

    def cregs(self):
        return {"cr3": CR3}

    def page(self, laddr):
        w = oracle.walk(oracle.PhysMem(self), CR3, laddr)
        return {"phys": None if w["phys"] is None else w["phys"] & ~0xFFF}


def build(dma=False):
    m = SlabMachine()
    # Direct mapping of the first 32 MiB with 4 MiB pages.
    for i in range(8):
        m.put(CR3 + (768 + i) * 4, (i << 22) | 0xE3)
    slab_page = 0x00200000 if dma else SLAB_PAGE
    s_mem = 0xC0000000 + slab_page + 0x60
    objs = [s_mem + i * OBJSIZE for i in (0, 3, 4, 7)]
    for i, v in enumerate(objs):
        p = v - 0xC0000000
        m.put(p, PATTERN ^ i)
        m.put(p + OBJSIZE - 4, PATTERN ^ i)
    pg = MEM_MAP - 0xC0000000 + (slab_page >> 12) * PAGE_SIZE_STRUCT
    m.put(pg, CACHE)                      # list.next: the cache
    m.put(pg + 4, SLAB)                   # list.prev: the slab
    m.put(pg + FLAGS_OFF, 1 << PG_SLAB)
    m.put(SLAB - 0xC0000000 + SMEM_OFF, s_mem)
    line = (f"# checkpoint: slab seq=7 cache={CACHE:#x} objsize={OBJSIZE} "
            f"num={NUM} dma={int(dma)} mem_map={MEM_MAP:#x} "
            f"page_size={PAGE_SIZE_STRUCT} flags_off={FLAGS_OFF} "
            f"pg_slab={PG_SLAB} smem_off={SMEM_OFF} pattern={PATTERN:#x} "
            f"objs={','.join(hex(v) for v in objs)}")
    return m, line, objs, pg


def failed(checks):
    return [c.name.split(": ", 1)[1] for c in checks if not c.ok]


class SlabOracleTest(unittest.TestCase):
    def test_honest_claims_pass(self):
        for dma in (False, True):
            m, line, _, _ = build(dma)
            checks = oracle_slab.slab(m, line)
            self.assertEqual(failed(checks), [])
            self.assertEqual(len(checks), 7 if dma else 6)

    def test_registered(self):
        m, line, _, _ = build()
        self.assertEqual(failed(oracle.HANDLERS["slab"](m, line)), [])

    def test_dma_object_above_16mib(self):
        m, line, _, _ = build(dma=False)
        line = line.replace("dma=0", "dma=1")
        self.assertEqual(failed(oracle_slab.slab(m, line)),
                         ["objects lie below 16 MiB"])

    def test_memory_not_as_written(self):
        m, line, objs, _ = build()
        m.put(objs[2] - 0xC0000000 + OBJSIZE - 4, 0)
        self.assertEqual(failed(oracle_slab.slab(m, line)),
                         ["memory holds what the kernel wrote at both ends of each object"])

    def test_overlapping_objects(self):
        m, line, objs, _ = build()
        line = line.replace(hex(objs[1]), hex(objs[0] + 16))
        self.assertIn("objects do not overlap", failed(oracle_slab.slab(m, line)))

    def test_page_not_slab_or_not_the_cache(self):
        m, line, _, pg = build()
        m.put(pg + FLAGS_OFF, 0)
        self.assertEqual(failed(oracle_slab.slab(m, line)),
                         ["struct pages are PG_slab and point at the cache"])
        m, line, _, pg = build()
        m.put(pg, CACHE + 0x100)
        self.assertEqual(failed(oracle_slab.slab(m, line)),
                         ["struct pages are PG_slab and point at the cache"])

    def test_object_off_its_slab_boundary(self):
        m, line, _, _ = build()
        m.put(SLAB - 0xC0000000 + SMEM_OFF, 0xC0000000 + SLAB_PAGE + 0x70)
        self.assertEqual(failed(oracle_slab.slab(m, line)),
                         ["each object is on an object boundary of its slab"])

    def test_unmapped_object(self):
        m, line, objs, _ = build()
        line = line.replace(hex(objs[0]), "0xd0000000")
        self.assertIn("4 objects mapped in the direct mapping",
                      failed(oracle_slab.slab(m, line)))


if __name__ == "__main__":
    unittest.main()
