# SPDX-License-Identifier: GPL-2.0-only
"""tools/bochs.py parsers, on output captured from Bochs 2.7."""
import unittest

import bochs

REGS = """CPU0:
rax: 00000000_00000001
rbx: 00000000_c0107ec0
rsp: 00000000_c0107ea0
rip: 00000000_c0101192
eflags 0x00000086: id vip vif ac vm rf nt IOPL=0 of df if tf SF zf af PF cf
"""
CREG = """CR0=0xe0010011: PG CD NW ac WP ne ET ts em mp PE
CR2=page fault laddr=0x0000000000000010
CR3=0x00000010a000
    PCD=page-level cache disable=0
CR4=0x00000010: pks cet pke smap smep keylock osxsave pcid fsgsbase smx vmx la57 umip osxmmexcpt osfxsr pce pge mce pae PSE de tsd pvi vme
"""
PAGE_MAPPED = """  PDE: 0x000000000015d023    ps         A pcd pwt S W P
 PTE: 0x0000000000000023       g pat d A pcd pwt S W P
linear page 0x00000000c0000000 maps to physical page 0x000000000000
"""
PAGE_UNMAPPED = """  PDE: 0x0000000000000000    ps         a pcd pwt S R p
physical address not available for linear 0x0000000000000000
"""
XP = """[bochs]:
0x000000000010a000 <bogus+       0>:	0x00000001	0x00000002	0x00000003	0x00000004
0x000000000010a010 <bogus+      16>:	0x0000000a	0xffffffff	0x00000000	0xc0000000
"""
TLB = """show param name: <ITLB.entry256>
entry256 = {
  lpf = 0xc0100000
  lpf_mask = 0x00000fff
  ppf = 0x100000
}
show param name: <DTLB.entry256>
entry256 = {
  lpf = 0xffffffffffffffff
  ppf = 0x100000
}
"""
INFO_TAB = """cr3: 0x00000010a000
0x00000000c0000000-0x00000000c0bfffff -> 0x000000000000-0x000000bfffff
0x00000000d0000000-0x00000000d0000fff -> 0x000000345000-0x000000345fff
"""


class ParseTest(unittest.TestCase):
    def test_regs(self):
        r = bochs.parse_regs(REGS)
        self.assertEqual(r["eax"], 1)
        self.assertEqual(r["esp"], 0xc0107ea0)
        self.assertEqual(r["eip"], 0xc0101192)
        self.assertEqual(r["eflags"], 0x86)

    def test_creg(self):
        c = bochs.parse_creg(CREG)
        self.assertEqual(c, {"cr0": 0xe0010011, "cr2": 0x10, "cr3": 0x10a000, "cr4": 0x10})

    def test_page(self):
        self.assertEqual(bochs.parse_page(PAGE_MAPPED),
                         {"pde": 0x15d023, "pte": 0x23, "phys": 0})
        self.assertEqual(bochs.parse_page(PAGE_UNMAPPED)["phys"], None)

    def test_words(self):
        self.assertEqual(bochs.words_from(XP), [1, 2, 3, 4, 10, 0xffffffff, 0, 0xc0000000])
        with self.assertRaises(bochs.BochsError):
            bochs.words_from("bx_dbg_read_linear: physical address not available for linear 0x0")

    def test_tlb_skips_empty_slots(self):
        self.assertEqual(bochs.parse_tlb(TLB), [(0xc0100000, 0x100000)])

    def test_info_tab(self):
        self.assertEqual(bochs.parse_info_tab(INFO_TAB),
                         [(0xc0000000, 0xc0bfffff, 0, 0xbfffff),
                          (0xd0000000, 0xd0000fff, 0x345000, 0x345fff)])

    def test_stop_kinds(self):
        self.assertEqual(bochs.parse_stop("(0) Magic breakpoint\nNext at t=123\n"), ("magic", 123))
        self.assertEqual(bochs.parse_stop("(0) Breakpoint 1, 0xc0101000 in ?? ()\nNext at t=9"),
                         ("break", 9))
        self.assertEqual(bochs.strip_debugger("guest\n(0) Magic breakpoint\nNext at t=1\n"
                                              "(0) [0x000000101192] 0010:c0101192 (unk. ctxt): ret\n"),
                         "guest\n")


class NiceTest(unittest.TestCase):
    """$VMM_BOCHS_NICE lowers a boot's priority, and that of the session
    it runs in: with autogroups the scheduler shares the CPU between
    sessions first, whatever their processes' nice values."""

    def run_niced(self, nice):
        import os
        import subprocess
        saved = os.environ.get("VMM_BOCHS_NICE")
        os.environ["VMM_BOCHS_NICE"] = nice
        try:
            return subprocess.run(
                ["sh", "-c", "cat /proc/self/autogroup; nice"], capture_output=True,
                text=True, start_new_session=True,
                preexec_fn=bochs._niced(None)).stdout.split("\n")
        finally:
            if saved is None:
                del os.environ["VMM_BOCHS_NICE"]
            else:
                os.environ["VMM_BOCHS_NICE"] = saved

    def test_the_boot_and_its_session_are_lowered(self):
        import os
        own = os.nice(0)
        autogroup, nice = self.run_niced("5")[:2]
        self.assertEqual(int(nice), own + 5)
        if not os.path.exists("/proc/self/autogroup"):
            self.skipTest("no autogroups on this kernel")
        self.assertRegex(autogroup, r"^/autogroup-\d+ nice 5$")
