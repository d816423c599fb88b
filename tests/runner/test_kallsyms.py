# SPDX-License-Identifier: GPL-2.0-only
"""tools/kallsyms.py: which symbols the kernel's own table keeps."""
import unittest

import kallsyms

NM = """\
c0100025 t startup_32.have_start
c0106b20 t rmqueue
c0106d10 t bad_page.constprop.0
c0106dd0 T __alloc_pages
c0105460 t clip_range.isra.0
c0109000 t foo.part.0.cold
c0131c98 b die_counter.0
c0121044 r CSWTCH.71
c0140000 R kallsyms_names
c0141000 A _end_of_nothing
"""


class ParseTest(unittest.TestCase):
    def test_functions_and_their_gcc_copies_are_kept(self):
        names = [n for _, n in kallsyms.parse_nm(NM.splitlines())]
        self.assertEqual(names, ["clip_range.isra.0", "rmqueue", "bad_page.constprop.0",
                                 "__alloc_pages", "foo.part.0.cold"])

    def test_an_address_in_a_copy_is_not_blamed_on_its_neighbour(self):
        syms = kallsyms.parse_nm(NM.splitlines())
        addr = 0xc0106daf    # inside bad_page.constprop.0, after rmqueue
        owner = max((a, n) for a, n in syms if a <= addr)[1]
        self.assertEqual(owner, "bad_page.constprop.0")


if __name__ == "__main__":
    unittest.main()
