# SPDX-License-Identifier: GPL-2.0-only
"""vmm386's VM commands in GDB, against QEMU's gdb stub (`make qemu-gdb`).

    gdb build/vmm386.elf -x tools/gdb_vmm386.py -ex "target remote :1234"

adds `vm walk ADDR`, `vm vmalloc`, `vm pkmap`, `vm zones`, `vm frame PFN`,
`vm frameof ADDR`, `vm ps`, `vm cpu`, `vm maps [PID]` and `vm` (a summary).
They are tools/vmdecode.py's commands, the very code behind the Bochs
prompt of `make debug`; only the reader differs: physical memory is read
through the stub in QEMU's physical-memory mode (the Qqemu.PhyMemMode
packet), registers and CR0-CR4 as gdb's registers, and QEMU shows no TLB.
"""
import os
import sys

import gdb


def _root():
    here = globals().get("__file__")
    if here:
        return os.path.dirname(os.path.dirname(os.path.abspath(here)))
    elf = gdb.current_progspace().filename or "build/vmm386.elf"
    return os.path.dirname(os.path.dirname(os.path.abspath(elf)))


ROOT = _root()
sys.path.insert(0, os.path.join(ROOT, "tools"))
import vmdecode  # noqa: E402


class GdbReader:
    """The reader vmdecode needs, over gdb's remote connection to QEMU."""

    def xp(self, paddr, nwords):
        gdb.execute("maintenance packet Qqemu.PhyMemMode:1", to_string=True)
        try:
            data = bytes(gdb.selected_inferior().read_memory(paddr, 4 * nwords))
        except gdb.MemoryError as e:
            raise ValueError(f"physical {paddr:#x}: {e}") from None
        finally:
            gdb.execute("maintenance packet Qqemu.PhyMemMode:0", to_string=True)
        return [int.from_bytes(data[i:i + 4], "little") for i in range(0, len(data), 4)]

    @staticmethod
    def _reg(name):
        return int(gdb.parse_and_eval(f"(unsigned int)${name}")) & 0xFFFFFFFF

    def regs(self):
        out = {n: self._reg(n) for n in ("eax", "ebx", "ecx", "edx", "esi", "edi",
                                         "ebp", "esp", "eip")}
        out["eflags"] = self._reg("eflags")
        return out

    def cregs(self):
        return {n: self._reg(n) for n in ("cr0", "cr2", "cr3", "cr4")}

    def tlb(self, vaddr):
        return None     # QEMU's gdb stub shows no TLB


class VmCommand(gdb.Command):
    """vmm386's VM commands: `vm` alone lists them."""

    def __init__(self):
        super().__init__("vm", gdb.COMMAND_DATA, gdb.COMPLETE_NONE, True)

    def invoke(self, arg, from_tty):
        if not arg.strip():
            print(vmdecode.help_text("vm "))
            return
        _run(arg)


def _run(line):
    symbols = vmdecode.Symbols(os.path.join(ROOT, "build", "vmm386.nm"))
    # gdb's caches would keep memory read in the other mode.
    gdb.execute("set code-cache off", to_string=True)
    gdb.execute("set stack-cache off", to_string=True)
    try:
        print(vmdecode.run(GdbReader(), symbols, line, ROOT))
    except vmdecode.VmError as e:
        raise gdb.GdbError(str(e)) from None


def _subcommand(name, usage, what):
    class Sub(gdb.Command):
        def __init__(self):
            super().__init__(f"vm {name}", gdb.COMMAND_DATA)

        def invoke(self, arg, from_tty):
            _run(f"{name} {arg}")
    Sub.__doc__ = f"{usage}: {what}."
    return Sub()


VmCommand()
for _name, (_fn, _usage, _what) in vmdecode.COMMANDS.items():
    _subcommand(_name, _usage, _what)
