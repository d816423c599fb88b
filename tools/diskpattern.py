#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Known contents for the test disk (ata0-slave), so the kernel and the host
can each check the other's work.

Pattern A ("host"), written by the host before boot:
    bytes 0-3 of sector s: s, little-endian
    byte i >= 4:           (s * 131 + i * 7 + (s >> 8) * 3) & 0xff
Pattern B ("guest"), written by the kernel's tests:
    bytes 0-3 of sector s: s ^ 0x5a5a5a5a, little-endian
    byte i >= 4:           (s * 13 + i * 3 + 0x5a) & 0xff
The kernel computes the same formulas in C (tests/kernel/diskpattern.h); the
two implementations are independent, so agreement means the data really
went through the disk.
"""
import struct

SECTOR = 512


def sector(s, kind):
    """The 512 bytes pattern `kind` ('A' or 'B') puts in sector `s`."""
    if kind == "A":
        head = struct.pack("<I", s & 0xFFFFFFFF)
        body = bytes((s * 131 + i * 7 + (s >> 8) * 3) & 0xFF for i in range(4, SECTOR))
    else:
        head = struct.pack("<I", (s ^ 0x5A5A5A5A) & 0xFFFFFFFF)
        body = bytes((s * 13 + i * 3 + 0x5A) & 0xFF for i in range(4, SECTOR))
    return head + body


def create(path, megs):
    """Write a disk image of `megs` MiB filled with pattern A."""
    sectors = megs * 2048
    with open(path, "wb") as f:
        for s in range(sectors):
            f.write(sector(s, "A"))
    return sectors


def expected(sectors, written):
    """Yield (sector, kind) for a disk of `sectors` where the ranges in
    `written` [(first, count), ...] hold pattern B and the rest pattern A."""
    b = set()
    for first, count in written:
        b.update(range(first, first + count))
    for s in range(sectors):
        yield s, "B" if s in b else "A"


def verify(path, written):
    """Return a list of sectors whose contents differ from what is expected."""
    bad = []
    data = open(path, "rb").read()
    for s, kind in expected(len(data) // SECTOR, written):
        if data[s * SECTOR:(s + 1) * SECTOR] != sector(s, kind):
            bad.append(s)
    return bad
