#!/bin/bash
# SPDX-License-Identifier: GPL-2.0-only
# shot.sh PAGE.html OUT.png [WIDTHxHEIGHT] - render a book page with
# headless Chromium (Debian package `chromium`), to look at it.
set -euo pipefail
page=$(realpath "$1"); out=$(realpath -m "$2"); size=${3:-1280x2400}
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars \
	--disable-background-networking --disable-component-update --no-first-run \
	--user-data-dir="$profile" --window-size="${size/x/,}" \
	--screenshot="$out" "file://$page${4:-}" >/dev/null 2>&1
echo "$out"
