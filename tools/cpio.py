#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0-only
"""Write and read cpio archives in the "newc" format, Linux's initramfs format.

Each member is a 110-byte ASCII header ("070701" and 13 eight-digit hex
fields), the NUL-terminated name padded to 4 bytes, then the data padded to
4 bytes. The archive ends with a member named "TRAILER!!!".
"""
import argparse
import os
import stat
import sys

MAGIC = b"070701"
FIELDS = ("ino", "mode", "uid", "gid", "nlink", "mtime", "filesize",
          "devmajor", "devminor", "rdevmajor", "rdevminor", "namesize", "check")


def _pad4(n):
    return (4 - n % 4) % 4


def member(name, data=b"", mode=stat.S_IFREG | 0o644, ino=0, rdev=(0, 0)):
    """Return the bytes of one newc member; `rdev` is the (major, minor)
    of a device node (Linux's initramfs needs /dev/console)."""
    bname = name.encode() + b"\0"
    values = dict.fromkeys(FIELDS, 0)
    values.update(ino=ino, mode=mode, nlink=1, filesize=len(data),
                  namesize=len(bname), rdevmajor=rdev[0], rdevminor=rdev[1])
    header = MAGIC + b"".join(b"%08X" % values[f] for f in FIELDS)
    out = header + bname + b"\0" * _pad4(len(header) + len(bname))
    return out + data + b"\0" * _pad4(len(data))


def pack(files):
    """files: list of (archive name, bytes, mode). Returns the archive."""
    out = b"".join(member(n, d, m, i + 1) for i, (n, d, m) in enumerate(files))
    return out + member("TRAILER!!!", mode=0)


def unpack(blob):
    """Return [(name, mode, data)] for the members of a newc archive."""
    pos, members = 0, []
    while True:
        if blob[pos:pos + 6] != MAGIC:
            raise ValueError(f"bad cpio magic at offset {pos}")
        vals = {f: int(blob[pos + 6 + 8 * i:pos + 14 + 8 * i], 16)
                for i, f in enumerate(FIELDS)}
        npos = pos + 110
        name = blob[npos:npos + vals["namesize"] - 1].decode()
        dpos = npos + vals["namesize"]
        dpos += _pad4(dpos)
        if name == "TRAILER!!!":
            return members
        data = blob[dpos:dpos + vals["filesize"]]
        members.append((name, vals["mode"], data))
        pos = dpos + vals["filesize"] + _pad4(vals["filesize"])


def collect(roots):
    """[(archive name, bytes, mode)] of every regular file and symbolic
    link under the directories `roots`, sorted by name; a file of a later
    root replaces the same path of an earlier one (how `make EXTRA=dir`
    adds a user's programs on top of the project's). A symbolic link is
    archived as Linux's cpio does it: mode S_IFLNK, its target as data
    (busybox's applet links, /bin/sh -> busybox)."""
    found = {}
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames.sort()
            for fn in sorted(filenames):
                path = os.path.join(dirpath, fn)
                rel = os.path.relpath(path, root)
                if os.path.islink(path):
                    found[rel] = (rel, os.readlink(path).encode(),
                                  stat.S_IFLNK | 0o777)
                    continue
                mode = stat.S_IFREG | (os.stat(path).st_mode & 0o777)
                with open(path, "rb") as f:
                    found[rel] = (rel, f.read(), mode)
    return [found[k] for k in sorted(found)]


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-o", "--output", required=True)
    ap.add_argument("roots", nargs="+", metavar="root",
                    help="directories whose files become the archive; a "
                         "file of a later one replaces the same path of an earlier one")
    args = ap.parse_args()
    files = collect(args.roots)
    with open(args.output, "wb") as f:
        f.write(pack(files))
    print(f"  CPIO    {args.output}: {len(files)} files", file=sys.stderr)


if __name__ == "__main__":
    main()
