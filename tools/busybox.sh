#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# busybox.sh OUTDIR - Debian bookworm's busybox-static for i386, unpacked.
#
# vmm386 runs Debian's own binary, unmodified: the package is fetched with
# apt-get download (the i386 architecture added to dpkg first), unpacked
# with dpkg-deb -x under OUTDIR/pkg, and the executable copied to
# OUTDIR/busybox. Nothing is fetched again once OUTDIR/busybox exists.
# As root the commands are run; otherwise they are printed. Either way a
# failure is not an error of the build: the initramfs is made without
# busybox, `make run` says so, and the busybox tests report themselves
# skipped. The exit status is 0 if OUTDIR/busybox exists afterwards, 1 if
# not.
set -uo pipefail

out=${1:?usage: busybox.sh OUTDIR}
pkg=busybox-static:i386
[[ -x "$out/busybox" ]] && exit 0
mkdir -p "$out"

say() { echo "busybox.sh: $*" >&2; }

commands=(
	"dpkg --add-architecture i386"
	"apt-get update"
	"(cd $out && apt-get download $pkg)"
)

if [[ $(id -u) -ne 0 ]] &&
	! dpkg --print-foreign-architectures | grep -qx i386; then
	say "Debian's $pkg is not here and fetching it needs root."
	say "As root, run:"
	for c in "${commands[@]}"; do say "    $c"; done
	say "then make again. Building without busybox."
	exit 1
fi

fetch() {
	if ! dpkg --print-foreign-architectures | grep -qx i386; then
		dpkg --add-architecture i386 || return 1
		apt-get update -qq >&2 || true
	fi
	if ! (cd "$out" && apt-get download -qq "$pkg" >&2 2>/dev/null); then
		# The package lists may predate the i386 architecture.
		[[ $(id -u) -eq 0 ]] && apt-get update -qq >&2
		(cd "$out" && apt-get download -qq "$pkg" >&2) || return 1
	fi
}

say "fetching Debian's $pkg (once; cached in $out)"
if ! fetch; then
	say "could not download $pkg (no network or no Debian repository?)."
	say "The commands were:"
	for c in "${commands[@]}"; do say "    $c"; done
	say "Building without busybox; its tests will be reported skipped."
	exit 1
fi
deb=$(ls -t "$out"/busybox-static_*_i386.deb 2>/dev/null | head -n 1)
rm -rf "$out/pkg"
if [[ -z "$deb" ]] || ! dpkg-deb -x "$deb" "$out/pkg" ||
	[[ ! -f "$out/pkg/bin/busybox" ]]; then
	say "$deb did not unpack to bin/busybox. Building without busybox."
	exit 1
fi
cp "$out/pkg/bin/busybox" "$out/busybox.tmp" && mv "$out/busybox.tmp" "$out/busybox"
say "$(dpkg-deb -f "$deb" Package Version | tr '\n' ' ')-> $out/busybox"
exit 0
