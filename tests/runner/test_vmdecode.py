# SPDX-License-Identifier: GPL-2.0-only
"""tools/vmdecode.py on a synthetic machine: page tables, a task list and
(for Chapter 5's `maps`, which no kernel can exercise yet) an mm with
VMAs, built word by word in a fake physical memory with a layout chosen
here, so that every answer is known."""
import os
import tempfile
import unittest
from unittest import mock

import vmdecode

PAGE_OFFSET = 0xC0000000
LAYOUT = {"PAGE_OFFSET": PAGE_OFFSET, "THREAD_SIZE": 8192, "TASK_COMM_LEN": 16,
          "PKMAP_BASE": 0xFE000000, "LAST_PKMAP": 1024, "FIXADDR_START": 0xFFFF5000,
          "FIXADDR_TOP": 0xFFFFE000, "VMALLOC_END": 0xFDFFE000,
          "task.state": 0, "task.pid": 4, "task.comm": 8, "task.mm": 24,
          "task.active_mm": 28, "task.tasks": 32, "mm.pgd": 0}
VMA = {"mm.mmap": 4, "vma.vm_start": 0, "vma.vm_end": 4, "vma.vm_next": 8,
       "vma.vm_flags": 12, "vma.vm_pgoff": 16, "VM_READ": 1, "VM_WRITE": 2,
       "VM_EXEC": 4, "VM_SHARED": 8}


class FakeMachine:
    """Physical memory as a dict of words; the reader interface of vmdecode."""

    def __init__(self):
        self.mem = {}
        self.cr3 = 0x1000
        self.esp = 0

    def set(self, paddr, value):
        self.mem[paddr] = value & 0xFFFFFFFF

    def vset(self, vaddr, value):
        self.set(vaddr - PAGE_OFFSET, value)

    def xp(self, paddr, n):
        return [self.mem.get(paddr + 4 * i, 0) for i in range(n)]

    def cregs(self):
        return {"cr0": 0x80010011, "cr2": 0, "cr3": self.cr3, "cr4": 0x10}

    def regs(self):
        return {"eax": 0, "ebx": 0, "ecx": 0, "edx": 0, "esi": 0, "edi": 0,
                "ebp": 0, "esp": self.esp, "eip": 0xC0100000, "eflags": 0x202}

    def tlb(self, vaddr):
        return None


def machine():
    """Kernel half: one 4 MiB page mapping 0..4 MiB at PAGE_OFFSET. A user
    page table at 0x2000 maps 0x08048000 to frame 0x300 (user, read-only)
    in the user's own page directory at 0x3000."""
    m = FakeMachine()
    m.set(0x1000 + (PAGE_OFFSET >> 22) * 4, 0x000000E3)     # P W A D PS
    m.set(0x3000 + (PAGE_OFFSET >> 22) * 4, 0x000000E3)
    m.set(0x3000 + (0x08048000 >> 22) * 4, 0x2007)           # P W U
    m.set(0x2000 + ((0x08048000 >> 12) & 0x3FF) * 4, 0x300005)
    return m


def task(m, addr, pid, state, comm, mm, nxt, prev):
    m.vset(addr + 0, state)
    m.vset(addr + 4, pid)
    data = comm.encode().ljust(16, b"\0")
    for i in range(0, 16, 4):
        m.vset(addr + 8 + i, int.from_bytes(data[i:i + 4], "little"))
    m.vset(addr + 24, mm)
    m.vset(addr + 28, mm)
    m.vset(addr + 32, nxt)
    m.vset(addr + 36, prev)


class Symbols(vmdecode.Symbols):
    def __init__(self, table):
        self.by_name = table
        self.sorted = sorted((a, n) for n, a in table.items())
        self.addrs = [a for a, _ in self.sorted]


def tasks_machine():
    """task_list at 0xc0010000: swapper (pid 0, R) at 0xc0020000 and
    `user` (pid 7, S) at 0xc0030000 with an mm at 0xc0040000."""
    m = machine()
    head, t0, t1 = 0xC0010000, 0xC0020000, 0xC0030000
    m.vset(head, t0 + 32)
    m.vset(head + 4, t1 + 32)
    task(m, t0, 0, 0, "swapper", 0, t1 + 32, head)
    task(m, t1, 7, 1, "user", 0xC0040000, head, t0 + 32)
    m.vset(0xC0040000, PAGE_OFFSET + 0x3000)     # mm->pgd
    m.esp = t1 + 8000
    return m, Symbols({"task_list": head, "init_mm": 0xC0050000})


class Walk(unittest.TestCase):
    def view(self, m, sym=None):
        with mock.patch.object(vmdecode, "kernel_layout", return_value=LAYOUT):
            return vmdecode.View(m, sym or Symbols({}))

    def test_large_page_frame_and_flags(self):
        v = self.view(machine())
        w = v.walk(PAGE_OFFSET + 0x123456)
        self.assertTrue(w["large"])
        self.assertEqual(w["phys"], 0x123456)
        self.assertEqual(vmdecode.entry_flags(0xE3, True), "g PS D A pcd pwt u W P")

    def test_walk_of_unmapped_user_address_says_no_processes(self):
        with mock.patch.object(vmdecode, "vma_layout", return_value=None):
            text = vmdecode.cmd_walk(self.view(machine()), ["0x1000"])
        self.assertIn("not mapped: the pgd entry is not present", text)
        self.assertIn("no user processes in this kernel yet", text)
        self.assertIn("not visible through this debugger", text)

    def test_string_reads_unaligned(self):
        m = machine()
        m.vset(PAGE_OFFSET + 0x100, int.from_bytes(b"xxDM", "little"))
        m.vset(PAGE_OFFSET + 0x104, int.from_bytes(b"A\0yy", "little"))
        self.assertEqual(self.view(m).string(PAGE_OFFSET + 0x102), "DMA")


class Tasks(unittest.TestCase):
    def run_cmd(self, fn, args, vma=None):
        m, sym = tasks_machine()
        with mock.patch.object(vmdecode, "kernel_layout", return_value=LAYOUT), \
                mock.patch.object(vmdecode, "vma_layout", return_value=vma):
            return fn(vmdecode.View(m, sym), args)

    def test_ps_lists_tasks_states_and_current(self):
        text = self.run_cmd(vmdecode.cmd_ps, [])
        self.assertRegex(text, r"(?m)^ +0 R swapper +0xc0020000 - ")
        self.assertRegex(text, r"(?m)^> +7 S user +0xc0030000 0xc0040000 ")

    def test_maps_without_chapter5_says_so(self):
        self.assertEqual(self.run_cmd(vmdecode.cmd_maps, []).split(":")[0],
                         "no user processes in this kernel yet")

    def test_maps_lists_vmas_with_present_pages(self):
        m, sym = tasks_machine()
        # mm->mmap -> two VMAs: text (r-x, 2 pages, one present), data (rw-).
        m.vset(0xC0040000 + 4, 0xC0060000)
        for addr, (s, e, nxt, flags, pgoff) in {
                0xC0060000: (0x08048000, 0x0804A000, 0xC0060100, 5, 0),
                0xC0060100: (0x0804A000, 0x0804B000, 0, 3, 2)}.items():
            for off, val in zip((0, 4, 8, 12, 16), (s, e, nxt, flags, pgoff)):
                m.vset(addr + off, val)
        with mock.patch.object(vmdecode, "kernel_layout", return_value=LAYOUT), \
                mock.patch.object(vmdecode, "vma_layout", return_value=VMA):
            text = vmdecode.cmd_maps(vmdecode.View(m, sym), ["7"])
        self.assertEqual(text.splitlines(), [
            "pid 7 (user): 2 VMAs",
            "08048000-0804a000 r-xp 00000000 00:00 0    present 1/2",
            "0804a000-0804b000 rw-p 00002000 00:00 0    present 0/1"])

    def test_maps_shows_file_and_heap_columns(self):
        m, sym = tasks_machine()
        vl = {**VMA, "vma.vm_file": 20, "file.f_mapping": 8, "as.dev": 0,
              "as.ino": 4, "as.name": 8, "as.unlinked": 12,
              "mm.start_brk": 8, "mm.brk": 12, "VM_MAYSHARE": 0x80,
              "VM_GROWSDOWN": 0x100}
        m.vset(0xC0040000 + 4, 0xC0060000)
        m.vset(0xC0040000 + 8, 0x0804B000)          # start_brk
        m.vset(0xC0040000 + 12, 0x0804C000)         # brk
        # A shared file region (file 0xc0070000 -> mapping 0xc0070100,
        # device 00:02, inode 9, "tmp/f", unlinked), then the heap.
        for addr, (s, e, nxt, flags, pgoff, f) in {
                0xC0060000: (0x40000000, 0x40002000, 0xC0060100, 0x89, 1,
                             0xC0070000),
                0xC0060100: (0x0804B000, 0x0804C000, 0, 3, 0, 0)}.items():
            for off, val in zip((0, 4, 8, 12, 16, 20),
                                (s, e, nxt, flags, pgoff, f)):
                m.vset(addr + off, val)
        m.vset(0xC0070000 + 8, 0xC0070100)
        for off, val in zip((0, 4, 8, 12), (0x0002, 9, 0xC0070200, 1)):
            m.vset(0xC0070100 + off, val)
        m.vset(0xC0070200, int.from_bytes(b"tmp/", "little"))
        m.vset(0xC0070204, int.from_bytes(b"f\0\0\0", "little"))
        with mock.patch.object(vmdecode, "kernel_layout", return_value=LAYOUT), \
                mock.patch.object(vmdecode, "vma_layout", return_value=vl):
            text = vmdecode.cmd_maps(vmdecode.View(m, sym), ["7"])
        self.assertEqual(text.splitlines()[1:], [
            "40000000-40002000 r--s 00001000 00:02 9 /tmp/f (deleted)"
            "    present 0/2",
            "0804b000-0804c000 rw-p 00000000 00:00 0 [heap]    present 0/1"])

    def test_maps_of_a_kernel_thread_is_an_error(self):
        with self.assertRaisesRegex(vmdecode.VmError, "kernel thread"):
            self.run_cmd(vmdecode.cmd_maps, ["0"], vma=VMA)


class Symbolize(unittest.TestCase):
    def test_nm_file_and_breakpoint_line(self):
        import vmdebug
        with tempfile.NamedTemporaryFile("w", suffix=".nm", delete=False) as f:
            f.write("c0100000 T startup_32\nc01028f0 T start_kernel\n")
        try:
            sym = vmdecode.Symbols(f.name)
        finally:
            os.unlink(f.name)
        self.assertEqual(sym.describe(0xC01028F4), "start_kernel+0x4")
        self.assertEqual(
            vmdebug.symbolize_stop("(0) Breakpoint 1, 0xc01028f0 in ?? ()", sym),
            "(0) Breakpoint 1, 0xc01028f0 in start_kernel ()")


class Megs(unittest.TestCase):
    def test_bounds_and_garbage(self):
        import bochs
        self.assertEqual(bochs.check_megs("32"), (32, None))
        self.assertEqual(bochs.check_megs("3072")[0], 3072)
        self.assertEqual(bochs.check_megs("8")[0], 8)
        for bad in ("1", "0", "2", "7", "3073", "abc", "", "1.5"):
            self.assertIsNone(bochs.check_megs(bad)[0], bad)


class ProcessViews(unittest.TestCase):
    """ptes and vmatree, the commands Chapter 5's figures are drawn from."""
    VMA = dict(VMA, **{"mm.mm_rb": 8, "vma.vm_rb": 20, "rb.parent_color": 0,
                       "rb.left": 8, "rb.right": 4, "TASK_SIZE": PAGE_OFFSET})
    PAGE = {"page.size": 32, "page.flags": 0, "page.count": 4, "page.mapping": 8,
            "page.index": 12, "page.virtual": 16, "page.zone": 20,
            "page.private": 24, "page.list": 28}

    def run_cmd(self, fn, args, m, table):
        sym = Symbols(dict({"task_list": 0xC0010000}, **table))
        with mock.patch.object(vmdecode, "kernel_layout",
                               return_value=dict(LAYOUT, **self.PAGE)), \
                mock.patch.object(vmdecode, "vma_layout", return_value=self.VMA):
            return fn(vmdecode.View(m, sym), args)

    def test_ptes_shows_frame_write_bit_and_count(self):
        m, _ = tasks_machine()
        mem_map = 0xC0070000
        m.vset(0xC0080000, mem_map)                 # the variable mem_map
        m.vset(0xC0080010, 0x1000)                  # max_mapnr
        m.vset(mem_map + 0x300 * 32 + 4, 2)          # mem_map[0x300].count
        text = self.run_cmd(vmdecode.cmd_ptes, ["7"], m, {
            "mem_map": 0xC0080000, "max_mapnr": 0xC0080010,
            "empty_zero_page": 0xC0090000})
        self.assertEqual(text.splitlines(), [
            "pid 7 (user): present user ptes",
            "08048000 frame 0x00300 r- count 2"])

    def test_ptes_names_the_zero_page(self):
        m, _ = tasks_machine()
        text = self.run_cmd(vmdecode.cmd_ptes, [], m, {
            "empty_zero_page": PAGE_OFFSET + 0x300000})
        self.assertEqual(text.splitlines()[1], "08048000 frame 0x00300 r- zero page")

    def test_vmatree_prints_the_tree_in_preorder_with_colours(self):
        m, _ = tasks_machine()
        # Three regions: root B (black) with children A (red, left), C (red).
        nodes = {0xC0061000: (0x08049000, 0x0804A000), 0xC0062000: (0x08048000, 0x08049000),
                 0xC0063000: (0x40000000, 0x40001000)}
        for vma, (s, e) in nodes.items():
            m.vset(vma, s)
            m.vset(vma + 4, e)
        root, left, right = (v + 20 for v in nodes)
        m.vset(0xC0040000 + 8, root)                # mm->mm_rb
        m.vset(root, 1)                             # black, no parent
        m.vset(root + 8, left)
        m.vset(root + 4, right)
        m.vset(left, root)                          # red, parent root
        m.vset(right, root)
        text = self.run_cmd(vmdecode.cmd_vmatree, ["7"], m, {})
        self.assertEqual(text.splitlines(), [
            "pid 7 (user): 3 regions in the tree",
            "* 08049000-0804a000 black",
            "  L 08048000-08049000 red",
            "  R 40000000-40001000 red"])

    def test_vmatree_refuses_a_cycle(self):
        m, _ = tasks_machine()
        m.vset(0xC0061000, 0x08048000)
        m.vset(0xC0061004, 0x08049000)
        node = 0xC0061000 + 20
        m.vset(0xC0040000 + 8, node)
        m.vset(node + 8, node)                      # its own left child
        with self.assertRaisesRegex(vmdecode.VmError, "cycle"):
            self.run_cmd(vmdecode.cmd_vmatree, ["7"], m, {})
