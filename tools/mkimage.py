#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Build the vmm386 hard-disk image, or rewrite its kernel command line.

Layout, in 512-byte sectors:
  0          boot sector (asm/boot.asm), with the boot info block patched in
  1..        second-stage loader (asm/setup.asm)
  next       the kernel command line (one sector, NUL-terminated)
  next..     the kernel ELF, starting on a 4 KiB boundary
  next..     the initramfs (cpio newc), starting on a 4 KiB boundary
The image is padded with one bounce buffer (the loader reads whole ones)
and then to whole cylinders of 16 heads x 63 sectors, the geometry Bochs
assumes for a flat disk image.
"""
import argparse
import os
import re
import struct
import sys

SECTOR = 512
CYLINDER = 16 * 63 * SECTOR
HERE = os.path.dirname(os.path.abspath(__file__))
BOOTPARAM_H = os.path.join(HERE, "..", "kernel", "include", "bootparam.h")


def bootinfo_offsets():
    """The BI_* offsets, read from the header the loader is built from."""
    text = open(BOOTPARAM_H).read()
    return {m[0]: int(m[1], 0)
            for m in re.findall(r"#define\s+(BI_\w+)\s+(0x[0-9a-fA-F]+|\d+)", text)}


def bounce_sectors():
    """BP_BOUNCE_SECTORS: the loader reads the disk in reads of this many."""
    text = open(BOOTPARAM_H).read()
    return int(re.search(r"#define\s+BP_BOUNCE_SECTORS\s+(\d+)", text).group(1))


def _align(n, a):
    return (n + a - 1) // a * a


def build(boot, loader, kernel, initrd, cmdline):
    """Return the image bytes."""
    bi = bootinfo_offsets()
    if len(boot) != SECTOR or boot[510:] != b"\x55\xaa":
        raise ValueError("boot sector must be 512 bytes ending in 55 aa")
    cmd = cmdline.encode()
    if len(cmd) >= SECTOR:
        raise ValueError(f"command line longer than {SECTOR - 1} bytes")
    img = bytearray(boot)
    loader_lba = 1
    img += loader + b"\0" * (_align(len(loader), SECTOR) - len(loader))
    cmdline_lba = len(img) // SECTOR
    img += cmd + b"\0" * (SECTOR - len(cmd))
    img += b"\0" * (_align(len(img), 4096) - len(img))
    kernel_lba = len(img) // SECTOR
    img += kernel + b"\0" * (_align(len(kernel), 4096) - len(kernel))
    initrd_lba = len(img) // SECTOR
    img += initrd + b"\0" * (_align(len(initrd), 4096) - len(initrd))
    # The loader reads whole bounce buffers, even for the last bytes of the
    # initramfs: the disk must go on for one more after it.
    img += b"\0" * (bounce_sectors() * SECTOR)
    img += b"\0" * (_align(len(img), CYLINDER) - len(img))
    fields = {
        "BI_LOADER_LBA": loader_lba,
        "BI_LOADER_SECTORS": _align(len(loader), SECTOR) // SECTOR,
        "BI_KERNEL_LBA": kernel_lba,
        "BI_KERNEL_SECTORS": _align(len(kernel), SECTOR) // SECTOR,
        "BI_INITRD_LBA": initrd_lba,
        "BI_INITRD_BYTES": len(initrd),
        "BI_CMDLINE_LBA": cmdline_lba,
    }
    if fields["BI_LOADER_SECTORS"] > 127:
        raise ValueError("loader larger than one int 13h read (127 sectors)")
    for name, value in fields.items():
        struct.pack_into("<I", img, bi[name], value)
    return bytes(img)


def set_cmdline(image, cmdline):
    """Return a copy of `image` whose command line sector holds `cmdline`."""
    bi = bootinfo_offsets()
    cmd = cmdline.encode()
    if len(cmd) >= SECTOR:
        raise ValueError(f"command line longer than {SECTOR - 1} bytes")
    lba = struct.unpack_from("<I", image, bi["BI_CMDLINE_LBA"])[0]
    out = bytearray(image)
    out[lba * SECTOR:(lba + 1) * SECTOR] = cmd + b"\0" * (SECTOR - len(cmd))
    return bytes(out)


def get_cmdline(image):
    """The command line stored in `image`."""
    bi = bootinfo_offsets()
    lba = struct.unpack_from("<I", image, bi["BI_CMDLINE_LBA"])[0]
    return image[lba * SECTOR:(lba + 1) * SECTOR].split(b"\0")[0].decode()


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--boot")
    ap.add_argument("--loader")
    ap.add_argument("--kernel")
    ap.add_argument("--initrd")
    ap.add_argument("--cmdline", default="")
    ap.add_argument("--set-cmdline", metavar="IMAGE",
                    help="rewrite the command line of an existing image")
    ap.add_argument("-o", "--output")
    args = ap.parse_args()
    if args.set_cmdline:
        data = open(args.set_cmdline, "rb").read()
        open(args.output or args.set_cmdline, "wb").write(set_cmdline(data, args.cmdline))
        return
    img = build(open(args.boot, "rb").read(), open(args.loader, "rb").read(),
                open(args.kernel, "rb").read(),
                open(args.initrd, "rb").read() if args.initrd else b"",
                args.cmdline)
    open(args.output, "wb").write(img)
    print(f"  IMAGE   {args.output}: {len(img) // 1024} KiB", file=sys.stderr)


if __name__ == "__main__":
    main()
