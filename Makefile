# SPDX-License-Identifier: GPL-2.0-only
#
# vmm386 - the Linux 2.4 virtual memory manager, re-implemented for reading.
#
#   make            build the disk image build/vmm386.img
#   make run        boot it in Bochs (a window if possible, else the terminal)
#   make debug      Bochs debugger prompt with the kernel's symbols loaded
#   make qemu-gdb   boot it in QEMU, waiting for GDB (source level, VM commands)
#   make test       every test layer; ends with "N passed, N failed"
#   make test-NAME  one layer or suite: test-unit, test-boot, test-runner ...
#   make soak       random VM operations at full scale: SEEDS=N OPS=M
#   make bench      costs in emulated instructions -> build/bench/results.json
#   make bench-linux  the user-level benches on Linux 6.1 too, side by side
#   make book       the Sphinx book under build/book/html (make pdf, make epub)
#   make clean      remove build/
#   make help       every target and variable
#
# The first `make` on a fresh Debian machine installs what it needs
# (tools/deps.sh): as root with apt-get, otherwise it prints the command.

SHELL := /bin/bash
# Compile on every core unless the command line chose its own -j: the
# kernel, its tests and the guest programs are some 150 independent files.
ifeq ($(filter -j%,$(MAKEFLAGS)),)
MAKEFLAGS += -j$(shell nproc)
endif
BUILD := build
PY := /usr/bin/python3
CC := gcc
LD := ld
NASM := nasm
CMDLINE ?= loglevel=7

# ---- kernel compilation ---------------------------------------------------
KCFLAGS := -m32 -march=i686 -std=gnu11 -O2 -g \
	-ffreestanding -fno-builtin -nostdinc \
	-isystem $(shell $(CC) -print-file-name=include) -Ikernel/include \
	-fno-pic -fno-pie -fno-stack-protector -fno-common \
	-fno-omit-frame-pointer -mno-omit-leaf-frame-pointer \
	-fno-asynchronous-unwind-tables \
	-fno-strict-aliasing -fno-tree-loop-distribute-patterns \
	-fno-delete-null-pointer-checks --param=min-pagesize=0 \
	-mno-sse -mno-mmx -mno-80387 -mno-red-zone \
	-Wall -Wextra -Werror -Wno-unused-parameter
KLDFLAGS := -m elf_i386 -T kernel/kernel.ld -z max-page-size=4096 \
	--no-warn-rwx-segments -z noexecstack
NASMFLAGS := -I$(BUILD)/

KSRC := $(sort $(shell find kernel -name '*.c'))
# In-kernel test suites, selected at boot with test=.
TSRC := $(sort $(wildcard tests/kernel/*.c))
KOBJ := $(patsubst %.c,$(BUILD)/%.o,$(KSRC) $(TSRC)) \
	$(BUILD)/asm/head.o $(BUILD)/asm/entry.o

.PHONY: all deps run debug qemu-gdb help test soak bench bench-linux clean book pdf epub FORCE
all: $(BUILD)/vmm386.img $(BUILD)/vmm386-run.img $(BUILD)/vmm386.sym

deps:
	@tools/deps.sh build run

$(BUILD)/.deps-build: tools/deps.sh
	@tools/deps.sh build
	@mkdir -p $(BUILD) && touch $@

$(BUILD)/bootparam.inc: kernel/include/bootparam.h $(BUILD)/.deps-build
	@mkdir -p $(@D)
	@echo "  GEN     $@"
	@sed -n 's/^#define[[:space:]]\+\(B[PI]_[A-Z0-9_]*\)[[:space:]]\+\([^[:space:]]*\).*/%define \1 \2/p' $< > $@

$(BUILD)/%.bin: asm/%.asm $(BUILD)/bootparam.inc
	@echo "  NASM    $@"
	@$(NASM) -f bin $(NASMFLAGS) -o $@ $<

$(BUILD)/asm/%.o: asm/%.asm $(BUILD)/bootparam.inc
	@mkdir -p $(@D)
	@echo "  NASM    $@"
	@$(NASM) -f elf32 -g $(NASMFLAGS) -o $@ $<

$(BUILD)/kernel/%.o: kernel/%.c $(BUILD)/.deps-build
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(KCFLAGS) -MMD -MP -c -o $@ $<

$(BUILD)/tests/kernel/%.o: tests/kernel/%.c $(BUILD)/.deps-build
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(KCFLAGS) -MMD -MP -c -o $@ $<

# Two links: the first with an empty symbol table, the second with the
# table of the first link's symbols (tools/kallsyms.py), then a check that
# no symbol moved.
$(BUILD)/kallsyms0.asm: tools/kallsyms.py
	@mkdir -p $(@D)
	@$(PY) tools/kallsyms.py > $@

$(BUILD)/kallsyms%.o: $(BUILD)/kallsyms%.asm
	@$(NASM) -f elf32 -o $@ $<

$(BUILD)/vmm386.tmp.elf: $(KOBJ) $(BUILD)/kallsyms0.o kernel/kernel.ld
	@echo "  LD      $@"
	@$(LD) $(KLDFLAGS) -o $@ $(KOBJ) $(BUILD)/kallsyms0.o

$(BUILD)/kallsyms1.asm: $(BUILD)/vmm386.tmp.elf tools/kallsyms.py
	@nm -n $< > $(BUILD)/vmm386.tmp.nm
	@$(PY) tools/kallsyms.py $(BUILD)/vmm386.tmp.nm > $@

$(BUILD)/vmm386.elf: $(BUILD)/vmm386.tmp.elf $(BUILD)/kallsyms1.o
	@echo "  LD      $@"
	@$(LD) $(KLDFLAGS) -o $@ $(KOBJ) $(BUILD)/kallsyms1.o
	@nm -n $@ > $(BUILD)/vmm386.nm
	@$(PY) tools/kallsyms.py --verify $(BUILD)/vmm386.tmp.nm $(BUILD)/vmm386.nm

# Symbols for the Bochs debugger's ldsym: "address name" per line.
$(BUILD)/vmm386.sym: $(BUILD)/vmm386.elf
	@nm $< | awk 'NF == 3 && $$2 ~ /[TtWwDdBbRr]/ {print $$1, $$3}' > $@

# ---- user programs ----------------------------------------------------------
# Static i386 Linux ELF executables (ET_EXEC) built with the host compiler:
# no C library but our own (tests/guest/lib), so no i386 glibc is needed,
# and the same files run on a real Linux i386 kernel.
GUEST_CFLAGS := -m32 -march=i686 -std=gnu11 -Os -g \
	-ffreestanding -fno-builtin -nostdinc \
	-isystem $(shell $(CC) -print-file-name=include) -Itests/guest/include \
	-I$(BUILD)/guest/include \
	-fno-pic -fno-pie -fno-stack-protector -fno-asynchronous-unwind-tables \
	-mno-sse -mno-mmx -Wall -Wextra -Werror -Wno-unused-parameter
# The programs go into the initramfs without their debug sections (-S):
# the loader reads the initramfs sector by sector through the BIOS at every
# boot, and the DWARF was two thirds of it (1.4 MB -> 0.45 MB); the
# symbols stay, for nm and readelf.
GUEST_LDFLAGS := -m32 -static -nostdlib -no-pie -Wl,--build-id=none \
	-Wl,-z,noexecstack -Wl,--strip-debug
# The library: crt0.o (the entry point) and libulib.a (the rest), which a
# user's own programs link too (see the README).
GUEST_CRT0 := $(BUILD)/guest/crt0.o
GUEST_LIBA := $(BUILD)/guest/libulib.a
GUEST_LIBOBJ := $(patsubst tests/guest/lib/%.c,$(BUILD)/guest/lib/%.o,\
	$(sort $(wildcard tests/guest/lib/*.c)))
GUEST_PROGS := $(patsubst tests/guest/bin/%.c,$(BUILD)/guest/root/bin/%,\
	$(sort $(wildcard tests/guest/bin/*.c)))

$(BUILD)/guest/lib/%.o: tests/guest/lib/%.c tests/guest/include/ulib.h $(BUILD)/.deps-build
	@mkdir -p $(@D)
	@echo "  CC      $@"
	@$(CC) $(GUEST_CFLAGS) -c -o $@ $<

$(GUEST_CRT0): tests/guest/lib/crt0.S $(BUILD)/.deps-build
	@mkdir -p $(@D)
	@echo "  AS      $@"
	@$(CC) $(GUEST_CFLAGS) -c -o $@ $<

$(GUEST_LIBA): $(GUEST_LIBOBJ)
	@echo "  AR      $@"
	@rm -f $@ && ar rcs $@ $^

# The kernel's implemented system calls, for t_badptr.
GUEST_SYSCALLS := $(BUILD)/guest/include/syscall_list.h
$(GUEST_SYSCALLS): kernel/arch/syscall_table.c kernel/include/unistd_32.h tools/syscall_list.py
	@mkdir -p $(@D)
	@echo "  GEN     $@"
	@$(PY) tools/syscall_list.py $(filter %.c %.h,$^) > $@

$(BUILD)/guest/root/bin/t_badptr: $(GUEST_SYSCALLS)

# Programs for /sbin (tests/guest/sbin): /sbin/init, which make run boots;
# only in make run's image, so that a test image without init= still idles.
GUEST_SBIN := $(patsubst tests/guest/sbin/%.c,$(BUILD)/guest/runroot/sbin/%,\
	$(sort $(wildcard tests/guest/sbin/*.c)))

$(BUILD)/guest/runroot/sbin/%: tests/guest/sbin/%.c $(GUEST_CRT0) $(GUEST_LIBA) tests/guest/include/ulib.h
	@mkdir -p $(@D)
	@echo "  CCLD    $@"
	@$(CC) $(GUEST_CFLAGS) $(GUEST_LDFLAGS) -o $@ $(GUEST_CRT0) $< $(GUEST_LIBA)

$(BUILD)/guest/root/bin/%: tests/guest/bin/%.c $(GUEST_CRT0) $(GUEST_LIBA) tests/guest/include/ulib.h
	@mkdir -p $(@D)
	@echo "  CCLD    $@"
	@$(CC) $(GUEST_CFLAGS) $(GUEST_LDFLAGS) -o $@ $(GUEST_CRT0) $< $(GUEST_LIBA)

# Debian's busybox-static for i386, unmodified (issue 14): fetched once by
# tools/busybox.sh into build/busybox (as root; otherwise it prints the
# commands), then /bin/busybox and a link per applet below. Without it the
# image is built all the same, and `make run` and the busybox tests say so.
# `make busybox` tries the download again.
BUSYBOX_DIR := $(BUILD)/busybox
BUSYBOX_ROOT := $(BUILD)/busybox-root
BUSYBOX_APPLETS := sh ash ls cat echo printf ps free top mount umount \
	uname dmesg env true false test [ head tail wc grep egrep sed awk \
	sort uniq cut tr yes sleep usleep kill killall pwd mkdir rmdir rm cp \
	mv ln touch df du find xargs date uptime id whoami hostname clear \
	reset stty tty more less od hexdump xxd md5sum seq expr basename \
	dirname which time watch pidof nproc sync reboot poweroff halt vi dd \
	cmp diff strings tee stat readlink realpath rev nl fold tac sha256sum \
	timeout setsid
$(BUSYBOX_DIR)/stamp: tools/busybox.sh
	@mkdir -p $(@D)
	@tools/busybox.sh $(BUSYBOX_DIR) || true
	@touch $@

$(BUILD)/busybox-root.stamp: $(BUSYBOX_DIR)/stamp Makefile
	@rm -rf $(BUSYBOX_ROOT) && mkdir -p $(BUSYBOX_ROOT)/bin
	@if [ -x $(BUSYBOX_DIR)/busybox ]; then \
		cp $(BUSYBOX_DIR)/busybox $(BUSYBOX_ROOT)/bin/busybox && \
		for a in $(BUSYBOX_APPLETS); do \
			ln -s busybox "$(BUSYBOX_ROOT)/bin/$$a"; done; \
	fi
	@touch $@

.PHONY: busybox
busybox:
	@rm -f $(BUSYBOX_DIR)/stamp
	@$(MAKE) --no-print-directory $(BUILD)/busybox-root.stamp

# The initramfs: Linux's cpio "newc" format, unpacked by kernel/fs. It holds
# tests/guest/initramfs (/etc and the README), the user programs under /bin
# and, with `make EXTRA=dir`, the files of dir (a user's own programs) at
# the root. Two images: build/vmm386.img for the tests, the book and the
# benches, and build/vmm386-run.img for make run and make debug, whose
# initramfs adds busybox and its applet links (2.5 MB that the loader would
# otherwise read at each of the test suite's boots).
EXTRA ?=
EXTRA_FILES := $(if $(EXTRA),$(shell find $(EXTRA) -type f))
INITRD_DEPS := tools/cpio.py $(shell find tests/guest/initramfs -type f) \
	$(GUEST_PROGS) $(GUEST_SBIN) $(EXTRA_FILES) $(BUILD)/extra.stamp
$(BUILD)/initrd.cpio: $(INITRD_DEPS)
	@mkdir -p $(@D)
	@$(PY) tools/cpio.py -o $@ tests/guest/initramfs $(BUILD)/guest/root $(EXTRA)

$(BUILD)/initrd-run.cpio: $(INITRD_DEPS) $(BUILD)/busybox-root.stamp
	@mkdir -p $(@D)
	@$(PY) tools/cpio.py -o $@ tests/guest/initramfs $(BUSYBOX_ROOT) \
		$(BUILD)/guest/root $(BUILD)/guest/runroot $(EXTRA)

# Rebuild the archive when EXTRA names another directory.
$(BUILD)/extra.stamp: FORCE
	@mkdir -p $(@D)
	@echo "$(abspath $(EXTRA))" | cmp -s - $@ || echo "$(abspath $(EXTRA))" > $@

$(BUILD)/vmm386.img: $(BUILD)/boot.bin $(BUILD)/setup.bin $(BUILD)/vmm386.elf \
		$(BUILD)/initrd.cpio tools/mkimage.py
	@$(PY) tools/mkimage.py --boot $(BUILD)/boot.bin \
		--loader $(BUILD)/setup.bin --kernel $(BUILD)/vmm386.elf \
		--initrd $(BUILD)/initrd.cpio --cmdline "$(CMDLINE)" -o $@

$(BUILD)/vmm386-run.img: $(BUILD)/boot.bin $(BUILD)/setup.bin $(BUILD)/vmm386.elf \
		$(BUILD)/initrd-run.cpio tools/mkimage.py
	@$(PY) tools/mkimage.py --boot $(BUILD)/boot.bin \
		--loader $(BUILD)/setup.bin --kernel $(BUILD)/vmm386.elf \
		--initrd $(BUILD)/initrd-run.cpio --cmdline "$(CMDLINE)" -o $@

-include $(shell find $(BUILD)/kernel $(BUILD)/tests -name '*.d' 2>/dev/null)

# ---- running ----------------------------------------------------------------
# KCMDLINE (or CMDLINE given on make's command line) replaces, for this boot
# only, the command line built into the image; MEGS is the memory in MiB.
RUN_CMDLINE = $(or $(KCMDLINE),$(if $(filter command line,$(origin CMDLINE)),$(CMDLINE)))
RUN_ARGS = --image $(BUILD)/vmm386-run.img --symbols $(BUILD)/vmm386.sym \
	$(if $(RUN_CMDLINE),--cmdline "$(RUN_CMDLINE)") $(if $(MEGS),--megs "$(MEGS)")

run: all
	@tools/deps.sh run
	@$(PY) tools/bochs.py run $(RUN_ARGS)

debug: all
	@tools/deps.sh run
	@$(PY) tools/bochs.py debug $(RUN_ARGS)

# QEMU with its gdb stub on GDBPORT (1234), stopped before the first
# instruction; it prints the gdb command line to attach with.
qemu-gdb: all
	@tools/deps.sh gdb
	@$(PY) tools/qemu_gdb.py $(if $(GDBPORT),--port "$(GDBPORT)") \
		$(if $(RUN_CMDLINE),--cmdline "$(RUN_CMDLINE)") $(if $(MEGS),--megs "$(MEGS)")

help:
	@echo "vmm386 targets:"
	@echo "  make                build build/vmm386.img (kernel, loader, initramfs)"
	@echo "  make run            boot in Bochs to busybox's shell; type there (Ctrl-C is"
	@echo "                      the guest's); Ctrl-] gives the debugger prompt, q quits"
	@echo "  make debug          boot to the Bochs debugger prompt, symbols loaded;"
	@echo "                      'help' there lists the VM commands (walk, zones, ps ...)"
	@echo "  make qemu-gdb       boot in QEMU waiting for gdb; prints how to attach"
	@echo "  make test           every test layer; the last line reads N passed, N failed"
	@echo "  make test-NAME      one target or topic (tools/testrun.py --list says what):"
	@$(PY) tools/testrun.py --names
	@echo "  make soak           the random VM tester at full scale (SEEDS=4 OPS=250000)"
	@echo "  make bench          costs in emulated instructions -> build/bench/results.json"
	@echo "  make bench-linux    the user-level benches on Debian's Linux 6.1 in the same"
	@echo "                      Bochs, side by side (book/linux-bench.json for the book)"
	@echo "  make book           the book as HTML (build/book/html); make pdf, make epub"
	@echo "  make deps           install the Debian packages for building and running"
	@echo "  make clean          remove build/"
	@echo "variables:"
	@echo "  KCMDLINE='...'      kernel command line for run, debug, qemu-gdb (CMDLINE= too);"
	@echo "                      e.g. KCMDLINE='test=boot' or 'loglevel=8 vmalloc=2.6'"
	@echo "  MEGS=N              guest memory in MiB for run, debug, qemu-gdb (8 to 3072; 32)"
	@echo "  GDBPORT=N           qemu-gdb's gdb stub port (1234)"
	@echo "  BENCH_ARGS='...'    bench: run names (see tests/targets.py BENCH), --twice"

# ---- testing ----------------------------------------------------------------
test: all
	@tools/deps.sh run book gdb
	@$(PY) tools/testrun.py

test-%: all
	@tools/deps.sh run book gdb
	@$(PY) tools/testrun.py $*

# Chapter 5's random tester at full scale: SEEDS seeds (from 100), each
# for OPS operations on a 32 MiB and a 1 GiB guest (tools/soak.py).
SEEDS ?= 4
OPS ?= 250000
soak: all
	@tools/deps.sh run
	@$(PY) tools/soak.py --seeds $(SEEDS) --ops $(OPS)

# ---- measuring ------------------------------------------------------------------
bench: all
	@tools/deps.sh run
	@$(PY) tools/bench.py $(BENCH_ARGS)

# The user-level benches on Debian's Linux 6.1 in the same Bochs, side by
# side with vmm386's (tools/linuxbench.py; cached in build/linux/bench).
bench-linux: all
	@tools/deps.sh run gdb linux
	@$(PY) tools/linuxbench.py $(BENCH_ARGS)

# ---- the book ---------------------------------------------------------------------
# Doxygen XML, then Sphinx, strictly and from a fresh environment; Bochs
# transcripts and bench results are cached by content under build/.
# See docs/BOOK.md.
book: all
	@tools/deps.sh run book
	@$(PY) tools/book.py html

epub: all
	@tools/deps.sh run book
	@$(PY) tools/book.py epub

pdf: all
	@tools/deps.sh run book pdf
	@$(PY) tools/book.py pdf

clean:
	rm -rf $(BUILD)
