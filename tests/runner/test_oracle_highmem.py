# SPDX-License-Identifier: GPL-2.0-only
"""tools/oracle_highmem.py's judgement of the pkmap window, on hand-built
states: a consistent window passes, and each way of breaking an invariant
is named."""
import unittest

import oracle_highmem as oh

BASE = oh.PKMAP_BASE


def window(counts, frames):
    """ptes and a struct page table for slots -> frames (None: empty)."""
    ptes = [(f << 12) | 0x63 if f is not None else 0 for f in frames]
    virtual = {f: BASE + i * 4096 for i, f in enumerate(frames) if f is not None}
    return counts, ptes, lambda pfn: virtual.get(pfn, 0)


class PkmapSlotsTest(unittest.TestCase):
    def test_consistent_window(self):
        counts, ptes, virt = window([0, 1, 2, 5], [None, 0x100, 0x101, 0x102])
        problems, tally = oh.pkmap_slots(counts, ptes, virt)
        self.assertEqual(problems, [])
        self.assertEqual(tally, {"used": 2, "unused": 1, "free": 1})

    def test_free_slot_with_a_pte(self):
        counts, ptes, virt = window([0, 2], [0x100, 0x101])
        problems, _ = oh.pkmap_slots(counts, ptes, virt)
        self.assertTrue(any("slot 0: free but pte" in p for p in problems), problems)

    def test_unused_slot_must_stay_mapped(self):
        counts, ptes, virt = window([1], [None])
        problems, _ = oh.pkmap_slots(counts, ptes, virt)
        self.assertTrue(any("not present" in p for p in problems), problems)

    def test_page_virtual_must_point_back(self):
        counts, ptes, _ = window([2, 2], [0x100, 0x101])
        problems, _ = oh.pkmap_slots(counts, ptes, lambda pfn: BASE)
        self.assertEqual(len(problems), 1)
        self.assertIn("slot 1: maps frame 0x101 whose virtual is", problems[0])

    def test_negative_count(self):
        problems, _ = oh.pkmap_slots([-1], [0], lambda pfn: 0)
        self.assertEqual(problems, ["slot 0: count -1"])


if __name__ == "__main__":
    unittest.main()
