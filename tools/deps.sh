#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
#
# deps.sh GROUP... - make sure the Debian packages a step needs are there.
#
# Groups: build (compile the kernel and the image), run (Bochs), book
# (Doxygen, Sphinx, Breathe, graphviz, matplotlib), pdf (LaTeX), x (a Bochs
# window), gdb (QEMU and GDB: make qemu-gdb; QEMU also boots the reference
# Linux kernel of make test-linux), linux (make bench-linux: a bootable CD
# for the reference kernel under Bochs). As root, missing packages are
# installed with apt-get, non-interactively; otherwise the exact command is
# printed and we stop.
set -euo pipefail

declare -A PKGS=(
	[build]="make gcc binutils nasm python3"
	[run]="bochs bochs-term bochsbios vgabios"
	[book]="doxygen python3-sphinx python3-breathe graphviz python3-matplotlib furo"
	[pdf]="latexmk texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended tex-gyre"
	[x]="bochs-x"
	[gdb]="qemu-system-x86 gdb"
	[linux]="isolinux syslinux-common xorriso"
)

wanted=()
for group in "$@"; do
	if [[ -z "${PKGS[$group]+x}" ]]; then
		echo "deps.sh: unknown group '$group'" >&2
		exit 2
	fi
	wanted+=(${PKGS[$group]})
done
# One dpkg-query for all of them: each call reads dpkg's whole status
# file, and make test, make run and the debugger's tests ask often.
installed=$'\n'$(dpkg-query -W -f='${Package} ${Status}\n' "${wanted[@]}" 2>/dev/null || true)$'\n'
missing=()
for pkg in "${wanted[@]}"; do
	[[ "$installed" == *$'\n'"$pkg install ok installed"$'\n'* ]] || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

cmd="apt-get install -y --no-install-recommends ${missing[*]}"
if [[ $(id -u) -ne 0 ]]; then
	echo "vmm386 needs these Debian packages: ${missing[*]}" >&2
	echo "Install them as root with:" >&2
	echo "    apt-get update && $cmd" >&2
	exit 1
fi
echo "  DEPS    installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# One index that fails to download (bookworm-security's i386 lists do at
# times, once make test-linux has added the i386 architecture) leaves the
# others usable: apt-get install says so if a package is really missing.
apt-get update -qq >&2 || echo "  DEPS    apt-get update failed in part; trying the install anyway" >&2
apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
