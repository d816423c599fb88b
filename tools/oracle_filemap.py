#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Chapter 5's oracle for file mappings: frames of the page cache compared
across processes, read from outside the kernel.

Two checkpoints come from tests/guest/bin/t_filemap.c:

- 'filemap', in a child of t_filemap. The parent mapped the tmpfs file
  shared at PARENT_SHARED; the child mapped the same file itself, shared
  at CHILD_SHARED and private at CHILD_PRIVATE, read page 0 of the private
  mapping and wrote page 1 of it. Walking both processes' page tables
  (the parent's from task->parent->mm->pgd), this module checks that a
  shared file page is the same frame in both processes, that the private
  mapping's unwritten page is that same cache frame and read-only, and
  that after the private write its page 1 is another frame, writable,
  not in the page cache. The 'vma' checks run on the child too.
- 'filemap_text', in a process that runs t_filemap again (its parent runs
  it too): every page of its executable regions present in both is the
  same frame.

Offsets come from the compiler (layout.evaluate), never copied numbers.
"""
from oracle import Check, PhysMem, claims, walk, PAGE_OFFSET, PRESENT, RW
import layout
import oracle_vma
from oracle_vma import _word, page_mapping

HEADERS = ["sched.h", "mm_types.h", "mman.h"]
FIELDS = {
    "task.parent": "__builtin_offsetof(struct task_struct, parent)",
    "VM_EXEC": "VM_EXEC",
}
# The fixed addresses of t_filemap.c.
PARENT_SHARED = 0x50000000
CHILD_SHARED = 0x50100000
CHILD_PRIVATE = 0x50200000
PAGE = 4096
_fields = None


def offsets():
    """oracle_vma's offsets plus task->parent."""
    global _fields
    if _fields is None:
        values = layout.evaluate(list(FIELDS.values()), headers=HEADERS)
        _fields = {n: values[e] for n, e in FIELDS.items()}
        _fields.update(oracle_vma.offsets())
    return _fields


def _pgd_of(m, task, o):
    mm = _word(m, task + o["task.mm"])
    return _word(m, mm + o["mm.pgd"]) - PAGE_OFFSET


def _pte(mem, cr3, vaddr):
    """(frame, pte flags) of `vaddr`, or (None, None) if not present."""
    t = walk(mem, cr3, vaddr)
    if t["phys"] is None or t["pte"] is None or not t["pte"] & PRESENT:
        return None, None
    return t["phys"] & ~0xFFF, t["pte"] & 0xFFF


def filemap(m, line):
    """Checkpoint 'filemap': shared and private file pages, two processes."""
    c = claims(line)
    o = offsets()
    task = int(c["task"], 16)
    parent = _word(m, task + o["task.parent"])
    mem = PhysMem(m)
    mem_map = _word(m, oracle_vma.symbol("mem_map"))
    child_cr3, parent_cr3 = _pgd_of(m, task, o), _pgd_of(m, parent, o)
    shared = [(_pte(mem, child_cr3, CHILD_SHARED + i * PAGE),
               _pte(mem, parent_cr3, PARENT_SHARED + i * PAGE))
              for i in range(2)]
    priv0 = _pte(mem, child_cr3, CHILD_PRIVATE)
    priv1 = _pte(mem, child_cr3, CHILD_PRIVATE + PAGE)
    same = all(a[0] is not None and a[0] == b[0] for a, b in shared)
    cached = all(a[0] is not None and page_mapping(m, o, mem_map, a[0])
                 for a, _ in shared)
    return oracle_vma.vma(m, line) + [
        Check("filemap: a shared file page is the same frame in both "
              "processes", same,
              f"child/parent frames: {[(hex(a[0] or 0), hex(b[0] or 0)) for a, b in shared]}"),
        Check("filemap: that frame is a page-cache page (page->mapping set)",
              cached, ""),
        Check("filemap: an unwritten private page is the cache frame, "
              "read-only", priv0[0] is not None and
              priv0[0] == shared[0][0][0] and not priv0[1] & RW,
              f"private page 0: frame {hex(priv0[0] or 0)} flags {hex(priv0[1] or 0)}"),
        Check("filemap: after a private write the frames differ",
              priv1[0] is not None and shared[1][0][0] is not None and
              priv1[0] != shared[1][0][0] and bool(priv1[1] & RW) and
              not page_mapping(m, o, mem_map, priv1[0]),
              f"private page 1: frame {hex(priv1[0] or 0)} flags {hex(priv1[1] or 0)}, "
              f"cache frame {hex(shared[1][0][0] or 0)}"),
    ]


def filemap_text(m, line):
    """Checkpoint 'filemap_text': one program's text, two processes."""
    c = claims(line)
    o = offsets()
    task = int(c["task"], 16)
    parent = _word(m, task + o["task.parent"])
    mem = PhysMem(m)
    child_cr3, parent_cr3 = _pgd_of(m, task, o), _pgd_of(m, parent, o)
    mm = _word(m, task + o["task.mm"])
    text = [(s, e) for s, e, f in oracle_vma.read_regions(m, mm, o)
            if f & o["VM_EXEC"]]
    both, differ = 0, []
    for vaddr in (v for s, e in text for v in range(s, e, PAGE)):
        a, b = _pte(mem, child_cr3, vaddr)[0], _pte(mem, parent_cr3, vaddr)[0]
        if a is None or b is None:
            continue
        both += 1
        if a != b:
            differ.append(hex(vaddr))
    return [Check("filemap_text: the text pages of two processes running "
                  "one program are the same frames", both and not differ,
                  f"{both} pages present in both; differing: {differ[:4]}")]
