# SPDX-License-Identifier: GPL-2.0-only
"""What `make test` runs: targets, and the boots and host layers of each.

`make test-NAME` runs one target. A Guest is one boot of the kernel under
Bochs: memory size, kernel command line, which checkpoints the oracle
inspects, and patterns the output must contain. A Host layer is a command
that prints KTAP.
"""
import os
from dataclasses import dataclass, field

PY = "/usr/bin/python3"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Debian's busybox was fetched (tools/busybox.sh): make run's image holds it.
HAVE_BUSYBOX = os.path.exists(os.path.join(ROOT, "build", "busybox-root",
                                           "bin", "busybox"))


@dataclass
class Guest:
    name: str
    cmdline: str
    megs: int = 32
    timeout: int = 120
    oracles: tuple = ()
    expect_output: tuple = ()
    expect_failure: str = None    # runner self-tests: the reason to report
    weight: int = 1               # rough cost, to schedule long runs first
    com1_script: tuple = None     # COM1 typed at: ((regex, bytes), ...)
    disk2_mb: int = 0             # attach ata0-slave, filled with pattern A
    disk2_written: tuple = ()     # (first, count) ranges the kernel writes
                                  # pattern B to; checked after the run
    alone: bool = False           # never share the boot with other runs
                                  # (tools/testrun.py shared_boots())
    image: str = None             # another image of build/ (vmm386-run.img:
                                  # with busybox); None: vmm386.img


@dataclass
class Host:
    name: str
    command: list
    weight: int = 1               # rough cost, to schedule long runs first
    expect_failure: str = None    # runner self-tests: the reason to report
    reads_log: tuple = ()         # (target, guest): the layer reads that
                                  # boot's log, waiting for it when the
                                  # same run boots it


@dataclass
class Target:
    doc: str
    host: list = field(default_factory=list)
    guests: list = field(default_factory=list)


def _runner_selftests():
    """Boots that fail on purpose, one way each (kernel/kunit/selftest.c):
    the runner must report every one of them as a failure, for its reason.
    The control boot, identical but for crash=, must be judged clean."""
    cases = [("panic", "kernel panic", 60), ("oops", "unexpected oops", 60),
             ("triple", "triple fault", 60), ("hang", "hang", 8),
             ("badplan", "plan announced", 60), ("poweroff", "plan announced", 60)]
    runs = [Guest(f"crash-{mode}", f"test=lib crash={mode} panic=-1",
                  timeout=timeout, expect_failure=reason, weight=3 if mode == "hang" else 1)
            for mode, reason, timeout in cases]
    runs.append(Guest("control", "test=lib panic=-1", alone=True))
    return runs


def _unit_crash_selftests():
    """Host unit programs that die on purpose (tests/unit/selftest_crash.c):
    each must be judged a failure that names how it died."""
    cases = [("segv", "null pointer"), ("abort", "killed by SIGABRT"),
             ("asan", "AddressSanitizer: heap-buffer-overflow"),
             ("first", "died before its last result")]
    return [Host(f"unit-crash-{mode}",
                 ["env", f"UNIT_CRASH={mode}", PY, "tests/unit/run.py",
                  "--program", "tests/unit/selftest_crash.c"],
                 expect_failure=reason)
            for mode, reason in cases]


# The memory chapters' host unit tests run with their chapter's target.
MM_UNIT = ["test_bootmem", "test_buddy", "test_slab", "test_highmem",
           "test_vmalloc", "test_rbtree", "test_pgwalk", "test_vma"]

# Oracle checkpoints of every boot (bootmem, paging_init, zones come before
# the tests; paging after mem_init).
MM_BOOT_ORACLES = ("bootmem", "paging_init", "zones", "paging")
# Sizes: 32 MiB has no highmem; 1 GiB has 128 MiB of it (896 MiB is the
# most the kernel maps); 2 GiB has 1.1 GiB; 128 MiB with highmem=32M makes
# highmem on a small, fast guest (64 MiB of low memory must remain).
HIGHMEM_SMALL = "highmem=32M"

# Chapter 8's checkpoints: vmalloc()/vfree() and the purge seen from
# outside, the vmalloc fault, ioremap of the BIOS ROM.
VMALLOC_ORACLES = ("vmalloc_areas", "vfree_areas", "vmap_purge",
                   "vmalloc_fault_before", "vmalloc_fault_after",
                   "ioremap_area", "iounmap_area")
VMALLOC_24 = r"\] vmalloc: Linux 2\.4 vm_struct list, window 0x"
VMALLOC_26 = r"\] vmalloc: Linux 2\.6 vmap_area tree, lazy TLB purging, window 0x"


def _mm_guests(suites, sizes, oracles=MM_BOOT_ORACLES, alone=False):
    """One boot per (memory size, extra options, expected output) running
    `suites`; alone: never sharing the boot with other targets' suites."""
    runs = []
    for megs, extra, *expect in sizes:
        name = "-".join([f"{megs}M"] + extra.split())
        runs.append(Guest(name, f"test={suites} panic=-1 {extra}".strip(),
                          megs=megs, oracles=oracles,
                          expect_output=(r"^# Totals: pass:\d+ fail:0 ",
                                         r"\] Memory: \d+k/\d+k available \(\d+k "
                                         r"kernel code, \d+k reserved, \d+k data, "
                                         r"\d+k highmem\)") + tuple(expect),
                          timeout=240, weight=max(1, megs // 256), alone=alone))
    return runs


# Chapter 10 writes pattern B to these sectors of the second disk.
BOUNCE_WRITTEN = ((4096, 128), (4352, 320), (4800, 3))
HIGHMEM_ORACLES = ("pkmap", "kmap_atomic", "kunmap_atomic")


def _highmem_guests():
    """Chapter 10: the small highmem guest does everything (with
    highmem_debug); 1 GiB and 2 GiB guests run the kmap suite on real
    highmem; a guest without highmem shows kmap() degenerating."""
    runs = []
    for megs, extra, disk in ((128, HIGHMEM_SMALL + " highmem_debug", True),
                              (1024, "", True), (2048, "", False),
                              (32, "", True)):
        name = "-".join([f"{megs}M"] + extra.split())
        suites = "kmap,bounce" if disk else "kmap"
        runs.append(Guest(name, f"test={suites} panic=-1 {extra}".strip(),
                          megs=megs, oracles=HIGHMEM_ORACLES,
                          disk2_mb=4 if disk else 0,
                          disk2_written=BOUNCE_WRITTEN if disk and megs > 32 else (),
                          expect_output=(r"^# Totals: pass:\d+ fail:0 ",),
                          timeout=240, weight=max(1, megs // 256),
                          # kmap leaves pages mapped in the pkmap window
                          # until the next wrap, as Linux does; a suite
                          # after it would see their virtual addresses.
                          alone=True))
    return runs


# What the runner types on COM1 for t_tty (tests/guest/bin/t_tty.c): each
# step once its marker line has ended, so the program is about to read it
# (typed earlier, its echo could land inside the marker's line).
TTY_SCRIPT = (
    (r"@@line@@\r?\n", b"hello\r"),
    (r"@@erase@@\r?\n", b"abX\x7fc\x08d\r"),          # DEL and ^H
    (r"@@kill@@\r?\n", b"junk\x15ok foo\x17\x7f\r"),  # ^U, ^W, DEL
    (r"@@eof@@\r?\n", b"partial\x04\x04"),            # ^D twice
    (r"@@split@@\r?\n", b"abcdefgh\r"),
    (r"@@raw@@\r?\n", b"q\rw"),
    (r"@@intr@@\r?\n", b"\x03"),                       # ^C
    (r"@@susp@@\r?\n", b"\x1a"),                       # ^Z
)
# The echo of that input, as the console showed it.
TTY_ECHO = (r"@@line@@\nhello\n",
            r"@@erase@@\nabX\x08 \x08c\x08 \x08d\n",
            r"@@kill@@\njunk(\x08 \x08){4}ok foo(\x08 \x08){4}\n",
            r"@@raw@@\n *ok \d+ raw, MIN 3",          # no echo in raw mode
            r"@@intr@@\n\^C",
            r"@@susp@@\n\^Z")
# The interactive shell session of ch5's 32 MiB boot (t_shell, last on the
# runner's list): busybox's login shell on the console with the console as
# its controlling terminal, typed at through COM1 as a person would type
# at make run, each line once the prompt (or the line named) has appeared.
# SHELL_ANSWERS are what the console must show: each is an answer the
# shell or a program computed, never the echo of what was typed.
SHELL_PROMPT = r"vmm386:/# "
SHELL_SESSION = tuple((pattern, line.encode()) for pattern, line in (
    (SHELL_PROMPT, "echo hi$((6*7))\r"),
    (SHELL_PROMPT, "ls /\r"),
    (SHELL_PROMPT, "cat /proc/meminfo\r"),
    (SHELL_PROMPT, "m() { set -- $(grep MemFree /proc/meminfo); echo $2; }; a=$(m)\r"),
    (SHELL_PROMPT, "memhog 8 &\r"),
    (r"8 MiB mapped and touched; waiting for a signal\r?\n", "b=$(m); free\r"),
    (SHELL_PROMPT, "kill %1; wait; c=$(m)\r"),
    (SHELL_PROMPT, "echo drop=$(((a-b)/1024))MiB back=$(((c-a+512)/1024))MiB\r"),
    (SHELL_PROMPT, "ps\r"),
    (SHELL_PROMPT, "cat /proc/self/maps\r"),
    (SHELL_PROMPT, "echo c a b | tr ' ' '\\n' | sort | tr '\\n' -; echo\r"),
    (SHELL_PROMPT, "sleep 1 & wait $!; echo waited=$?\r"),
    (SHELL_PROMPT, "sleep 30 &\r"),
    (SHELL_PROMPT, "kill -TSTP %1; sleep 1; jobs\r"),
    (SHELL_PROMPT, "bg %1; jobs\r"),
    (SHELL_PROMPT, "kill %1; wait\r"),
    (SHELL_PROMPT, "sh -c 'echo started; exec cat'\r"),
    (r"\nstarted\r?\n", "\x03"),
    (SHELL_PROMPT, "echo status=$?\r"),
    (SHELL_PROMPT, "xyzzy\r"),
    (SHELL_PROMPT, "cat /dev/zero | head -c 1000000 > /dev/null && echo zeros-done\r"),
    (SHELL_PROMPT, "yes | head -n 3; echo yes-done\r"),
    (SHELL_PROMPT, "/etc/vmm386/not-elf\r"),
    (SHELL_PROMPT, "mount\r"),
    (SHELL_PROMPT, "df /tmp\r"),
    (SHELL_PROMPT, "true\r"),
    (SHELL_PROMPT, "exit\r"),
))
NL = r"\r*\n"
SHELL_ANSWERS = (
    r"\nhi42" + NL + SHELL_PROMPT,
    r"ls /" + NL + r".*\bbin\b.*\bdev\b.*\betc\b.*\bproc\b.*\btmp\b",
    r"cat /proc/meminfo" + NL + r"(.*\n)*?MemTotal: +\d+ kB" + NL + r"MemFree: +\d+ kB",
    # MemFree drops by 8 MiB while memhog holds its pages, and is back
    # (within half a MiB) once it has been killed
    r"\nMem: +\d+ +\d+ +\d+ +\d+ +\d+ +\d+" + NL,
    r"\n\[1\]\+ +Terminated +memhog 8" + NL,
    r"\ndrop=8MiB back=0MiB" + NL,
    # ps: the login shell, and ps itself (a fork of the shell running the
    # applet: busybox shows its name in braces before the command line)
    r"\nPID +USER +COMMAND" + NL + r"(.*\n)*? *\d+ root +-sh" + NL
    + r"(.*\n)*? *\d+ root +\{ps\} -sh" + NL,
    # cat's own text, read-only and executable, mapped from /bin/busybox
    r"cat /proc/self/maps" + NL + r"(.*\n)*?080[0-9a-f]+-[0-9a-f]+ r-xp "
    r"[0-9a-f]+ \d\d:\d\d \d+ +/bin/busybox" + NL,
    r"\na-b-c-" + NL,
    r"\nwaited=0" + NL,
    # job control: SIGTSTP stops the background job (the shell learns it
    # from wait4's WUNTRACED status), bg continues it, kill ends it
    r"\n\[1\]\+ +Stopped +sleep 30" + NL,
    r"\n\[1\] sleep 30" + NL + r"\[1\]\+ +Running +sleep 30" + NL,
    r"\n\[1\]\+ +Terminated +sleep 30" + NL,
    # ^C killed cat (status 128 + SIGINT) and the shell answered after it
    r"\nstarted" + NL + r"\^C(.*\n)*?" + SHELL_PROMPT + r"(\x1b\[6n)?echo "
    r"status=\$\?" + NL + r"status=130" + NL,
    r"\n-sh: xyzzy: not found" + NL,
    r"\nzeros-done" + NL,
    r"\ny" + NL + "y" + NL + "y" + NL + "yes-done" + NL,
    r"\nnot-elf: execve said ENOEXEC, so the shell ran me as a script" + NL,
    # mount reads /proc/mounts; df statfs64()s /tmp, found by its st_dev
    r"\nrootfs on / type rootfs \(ro\)" + NL + r"proc on /proc type proc "
    r"\(rw,nosuid,nodev,noexec\)" + NL + r"tmpfs on /tmp type tmpfs \(rw\)" + NL,
    r"df /tmp" + NL + r"Filesystem +1K-blocks +Used +Available +Use% +Mounted on"
    + NL + r"tmpfs +[1-9]\d* +\d+ +[1-9]\d* +\d+% /tmp" + NL,
    r"\n    ok 1 the interactive shell exited with status 0" + NL,
)

# Chapter 5's random tester at make test's scale: 20,000 operations on the
# small guest and on the 1 GiB guest (128 MiB of highmem), after init's
# usual programs (`make soak` runs it at full scale).
RANDOM_32M = "+t_random:2:20000"
RANDOM_1G = "+t_random:3:20000"
# t_exhaust maps until the map-count limit: a low one keeps that quick.
MAP_LIMIT = "sysctl.vm.max_map_count=4096"

TARGETS = {
    "unit": Target(
        "host unit tests of kernel/lib, compiled with ASan and UBSan",
        host=[Host("unit", [PY, "tests/unit/run.py", "--exclude", *MM_UNIT])]),
    "tools": Target(
        "tests of the host tools (parsers, image and cpio builders, oracle walker)",
        host=[Host("tools", [PY, "tests/runner/run.py"], weight=4)]),
    "book": Target(
        "the book: Doxygen and Sphinx with warnings as errors, coverage of the "
        "headers, no line numbers in prose",
        host=[Host("book", [PY, "tests/book/run.py"], weight=5)]),
    "boot": Target(
        "boot path, KUnit framework, lib, scheduler, traps, keyboard and line "
        "discipline; paging oracle",
        guests=[Guest("32M", "test=boot,kunit,lib,sched,traps,tty panic=-1 bogus_option=1 init=/README",
                      oracles=("paging", "kunit_start"),
                      expect_output=(r"Unknown boot option `bogus_option=1': ignoring",
                                     r"init: /README not run: test= runs the kernel's suites",
                                     r"^# Totals: pass:\d+ fail:0 "),
                      weight=2),
                # console=: COM1 prints (the boot replayed from the banner),
                # the screen does not; bad names and rates are reported.
                Guest("32M-console", "test=kunit panic=-1 console=ttyS0,1234 "
                      "console=ttyS7", oracles=("kunit_start",),
                      expect_output=(r"console=ttyS7: no such console",
                                     r"console=ttyS0,1234: 1234 baud is not "
                                     r"115200 divided by a whole number",
                                     r"^# Totals: pass:\d+ fail:0 "))]),
    "ata": Target(
        "the ata0-slave PIO driver; the host checks the disk afterwards",
        guests=[Guest("32M-disk", "test=ata panic=-1", disk2_mb=4,
                      disk2_written=((2048, 64),),
                      expect_output=(r"ata0-slave: .*, 8192 sectors \(4 MiB\)",)),
                Guest("32M-nodisk", "test=ata panic=-1",
                      expect_output=(r"ata0-slave: no disk",))]),
    "runner": Target(
        "the runner notices panics, oopses, triple faults, hangs, bad plans, "
        "and host unit programs that crash",
        host=_unit_crash_selftests(),
        guests=_runner_selftests()),
    "ch3": Target(
        "Chapter 3, describing physical memory: node, zones, watermarks, mem_map, "
        "zonelists, /proc texts; zone boundaries checked against the e820 model",
        guests=_mm_guests("zones", [
            # loglevel=8 shows the /proc texts mem_init() prints at KERN_DEBUG
            (32, "loglevel=8", r"\] Node 0, zone      DMA +\d+ ",
             r"\] MemTotal: +\d+ kB", r"\]   pages free +\d+"),
            (1024, "", r"\] 127MB HIGHMEM available\.", r"\] 896MB LOWMEM available\."),
            (2048, ""),
            (128, HIGHMEM_SMALL, r"\] 32MB HIGHMEM available\."),
            (1024, "mem=512M", r"\]  user: 0000000000100000 - 0000000020000000 \(usable\)"),
            # a Normal zone of 1024 pages: pages_min clamps to 20
            (32, "mem=20M", r"\] zone\(1\): 1024 pages\."),
            (96, "highmem=64M", r"highmem size 64MB results in smaller than 64MB "
                                r"lowmem, ignoring it\.")])),
    "ch4": Target(
        "Chapter 4, page tables: the direct map, 4 MiB pages or 4 KiB tables "
        "(nopentium), fixmap and pkmap tables, TLB flushes seen in Bochs' TLB; "
        "the page-table walker",
        host=[Host("pgwalk", [PY, "tests/unit/run.py", "test_pgwalk"])],
        guests=_mm_guests("pgtable", [(32, ""), (1024, ""), (2048, ""),
                                      (1024, "nopentium"),
                                      (128, HIGHMEM_SMALL + " mem=nopentium")],
                          oracles=MM_BOOT_ORACLES + ("tlb_stale", "tlb_fresh")) +
        # Address spaces under preemption: new page directories (checked
        # from outside), lazy-TLB references, the vmalloc fault and TLB
        # flushes with a task switch at the worst moment.
        [Guest("32M-mmctx", "test=mmctx panic=-1",
               oracles=MM_BOOT_ORACLES + ("pgd_alloc",),
               expect_output=(r"^# Totals: pass:\d+ fail:0 ",), timeout=240)]),
    "ch6": Target(
        "Chapter 6, the boot memory allocator: bitmap, reservations, packing, "
        "retirement; its bitmap checked against the e820 map from outside",
        host=[Host("bootmem", [PY, "tests/unit/run.py", "test_bootmem"])],
        guests=_mm_guests("bootmem", [(32, ""), (1024, ""), (2048, ""),
                                      (128, HIGHMEM_SMALL)],
                          oracles=MM_BOOT_ORACLES + ("bootmem_retired",))),
    "ch7": Target(
        "Chapter 7, the buddy allocator: every order, splitting and merging, "
        "watermarks and exhaustion, bad frees, GFP zones, task blocks",
        host=[Host("buddy", [PY, "tests/unit/run.py", "test_buddy"])],
        guests=_mm_guests("buddy", [(32, ""), (1024, ""), (2048, ""),
                                    (128, HIGHMEM_SMALL)])),
    "ch8": Target(
        "Chapter 8, non-contiguous memory: vmalloc/vfree and the purge seen "
        "from outside, guard pages, the vmalloc fault, vmap, vread, ioremap, "
        "/proc/vmallocinfo; the 2.4 list and the 2.6 tree",
        host=[Host("vmalloc", [PY, "tests/unit/run.py", "test_vmalloc",
                               "test_rbtree"])],
        guests=_mm_guests("vmalloc", [
            (32, "", VMALLOC_24),
            (32, "vmalloc=2.6", VMALLOC_26),
            # highmem: vmalloc() really gets ZONE_HIGHMEM pages
            (128, HIGHMEM_SMALL, VMALLOC_24, r"\] 32MB HIGHMEM available\."),
            (128, HIGHMEM_SMALL + " vmalloc=2.6", VMALLOC_26)],
            oracles=MM_BOOT_ORACLES + VMALLOC_ORACLES,
            # the vmalloc fault case needs a kernel pgd slot that no
            # other suite has filled yet
            alone=True)),
    "ch9": Target(
        "Chapter 9, the slab allocator: caches, colouring, on/off-slab, per-CPU "
        "arrays, kmalloc and its DMA twins, bad frees; objects checked from outside",
        host=[Host("slab", [PY, "tests/unit/run.py", "test_slab"])],
        guests=_mm_guests("slab", [
            (32, "", r"^# checkpoint: slab .*dma=1"),
            (1024, "", r"^# checkpoint: slab .*dma=1"),
            (2048, "", r"^# checkpoint: slab .*dma=1"),
            (128, HIGHMEM_SMALL, r"\] 32MB HIGHMEM available\.",
             r"^# checkpoint: slab .*dma=1")],
            oracles=MM_BOOT_ORACLES + ("slab",))),
    "ch10": Target(
        "Chapter 10, high memory: kmap and the pkmap window (lazy counts, the "
        "wrap and its TLB flush, sleeping when full), kmap_atomic, bounce "
        "buffers and the emergency pool on the ATA disk; pkmap_count, page "
        "tables, wait queue and TLB checked from outside",
        host=[Host("highmem", [PY, "tests/unit/run.py", "test_highmem"])],
        guests=_highmem_guests()),
    "debugger": Target(
        "the debugger: VM commands at the prompt checked at known checkpoints, "
        "make run's failures and clean-up, plain bochs, the GDB route (QEMU)",
        host=[Host("prompt", [PY, "tests/debugger/run.py"], weight=3)],
        guests=[Guest("vmcmds-32M", "test=vmalloc panic=-1",
                      oracles=("vm:paging", "vm:vmalloc_areas", "vm:vfree_areas"),
                      expect_output=(r"^# Totals: pass:\d+ fail:0 ",),
                      alone=True),    # as Chapter 8's vmalloc runs
                Guest("vmcmds-128M-" + HIGHMEM_SMALL, "test=kmap panic=-1 " + HIGHMEM_SMALL,
                      megs=128, oracles=("vm:paging", "vm:pkmap", "vm:kmap_atomic"),
                      expect_output=(r"^# Totals: pass:\d+ fail:0 ",), timeout=240,
                      alone=True)]),
    "ch5": Target(
        "Chapter 5, user mode: the i386 system-call ABI, processes (fork, "
        "execve, exit, wait), faults as signals; user programs' KTAP under "
        "a user-space runner, user mode checked from outside",
        guests=[Guest(name, f"init=/bin/init panic=-1 {MAP_LIMIT} {extra}".strip(),
                      megs=megs, timeout=480,
                      oracles=("user_mode", "vma", "vma_cow", "filemap",
                               "filemap_text") +
                      (("vm:vma",) if megs == 32 else ()), weight=max(1, megs // 256),
                      com1_script=TTY_SCRIPT + (SHELL_SESSION if shell else ()),
                      image=image,
                      expect_output=(r"^# Totals: pass:\d+ fail:0 ",
                                     r"vmm386: system call 999 not implemented")
                      + TTY_ECHO + (SHELL_ANSWERS if shell else ())
                      + ((r"^# runner: every program, as the command line asked",)
                         if "all" in extra.split() else ()))
                # The 32M boot also runs Debian's busybox (t_busybox: skipped
                # when the build could not fetch it), from the image that
                # holds it: about 6 s more than the plain boot; and then
                # the interactive session (t_shell, SHELL_SESSION).
                for name, megs, extra, image, shell in (
                    ("32M", 32, RANDOM_32M + " +t_busybox +t_shell",
                     "vmm386-run.img", HAVE_BUSYBOX),
                    # "all" reaches init as an argument
                    ("1024M", 1024, "all " + RANDOM_1G, None, False),
                    ("128M-highmem=32M", 128, HIGHMEM_SMALL, None, False))]),
    "mmap": Target(
        "Chapter 5, memory regions and page faults: the region code against "
        "a per-page model on the host (random mmap/munmap/mprotect/mremap/"
        "mlock/madvise/brk sequences, every invariant after every step); in "
        "the kernel, faults through do_page_fault: the zero page, copy-on-"
        "write after dup_mmap, mprotect's ptes, the stack growing, with "
        "highmem user pages too",
        host=[Host("vma", [PY, "tests/unit/run.py", "test_vma"], weight=2)],
        guests=_mm_guests("vma", [(32, ""), (128, HIGHMEM_SMALL)])),
    "linux": Target(
        "real Linux as the reference: Debian's i386 kernel (linux-image-"
        "6.1.0-*-686, fetched once into build/linux) boots in QEMU and runs "
        "the same user programs under the same runner; each program's output "
        "is compared line by line with vmm386's (ch5's 32 MiB boot), "
        "tests/linux/differences.txt lists what may differ and why",
        host=[Host("differential", [PY, "tools/linuxref.py", "test"], weight=3,
                   reads_log=("ch5", "32M"))]),
}

# `make test-chN` for the chapters of the book (book/chNN-*.rst) and topics.
ALIASES = {
    "ch1": "boot",
    "zones": "ch3", "mmzone": "ch3",
    "pgtable": "ch4", "paging": "ch4", "tlb": "ch4",
    "bootmem": "ch6",
    "buddy": "ch7", "page_alloc": "ch7",
    "vmalloc": "ch8", "vmap": "ch8", "ioremap": "ch8",
    "slab": "ch9", "kmalloc": "ch9",
    "highmem": "ch10", "kmap": "ch10", "bounce": "ch10",
    "gdb": "debugger", "vmcmds": "debugger",
    "fault": "mmap", "vma": "mmap",
    "linuxref": "linux", "reference": "linux",
}


@dataclass
class Bench:
    """One boot of `make bench`: bench_* suites on a given machine size."""
    name: str
    cmdline: str
    megs: int = 32
    timeout: int = 600
    disk2_mb: int = 0     # attach ata0-slave (filled with pattern A)


# `make bench`. Besides the "# bench:" lines of the suites, every run reports
# the emulated instructions from reset to the first test (kunit_start).
BENCH = [
    Bench("sched-32M", "test=bench_sched"),
    Bench("slab-32M", "test=bench_slab"),
    Bench("boot-1024M", "test=bench_sched.context_switch", megs=1024),
    # The memory chapters: the boot memory setup grows with memory size.
    Bench("mm-32M", "test=bench_mm"),
    Bench("vma-128M", "test=bench_vma", megs=128),
    Bench("mm-1024M", "test=bench_mm", megs=1024),
    Bench("mm-2048M", "test=bench_mm", megs=2048),
    # Chapter 8: the same suite under each design of vmalloc.
    Bench("vmalloc-2.4-32M", "test=bench_vmalloc"),
    Bench("vmalloc-2.6-32M", "test=bench_vmalloc vmalloc=2.6"),
    # Chapter 10: kmap, kmap_atomic (with and without highmem_debug), bounces.
    Bench("highmem-128M", "test=bench_highmem " + HIGHMEM_SMALL, megs=128,
          disk2_mb=4),
    Bench("highmem-128M-debug", "test=bench_highmem.kmap_atomic_pair "
          + HIGHMEM_SMALL + " highmem_debug", megs=128),
    # Chapter 5's region costs as a process sees them (/bin/bench_regions;
    # the same file runs on Linux 6.1 in make bench-linux).
    Bench("regions-128M", "init=/bin/bench_regions", megs=128),
    # Chapter 5, processes, measured from user space by /bin/bench_proc
    # (rdtsc around N iterations; the same binary runs on Linux, which
    # does not boot in 32 MiB: 128 MiB for both).
    Bench("proc-128M", "init=/bin/bench_proc", megs=128),
]
