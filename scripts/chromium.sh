#!/usr/bin/env bash
# Makes sure a headless Chromium is available for tests/report_html.rs, which opens the HTML
# report in it, takes a screenshot and reads the page title back.
#
# The test looks for $RINGBENCH_CHROMIUM, else /usr/bin/chromium (Debian's `chromium`
# package). This script prints the browser it found; when there is none it installs Debian's
# package with apt-get, but only when running as root and either under CI (CI=true) or when
# asked (`scripts/chromium.sh --install`). Otherwise it says what to run and exits 1.
# Idempotent: with Chromium present it only checks.
#
# Usage: scripts/chromium.sh [--install]
set -euo pipefail

want_install=false
case "${1:-}" in
    --install) want_install=true ;;
    "") ;;
    *) echo "usage: scripts/chromium.sh [--install]" >&2; exit 2 ;;
esac
if [ "${CI:-}" = "true" ]; then
    want_install=true
fi

browser="${RINGBENCH_CHROMIUM:-/usr/bin/chromium}"

if [ -x "$browser" ]; then
    echo "chromium: $browser ($("$browser" --version 2>/dev/null || echo 'version unknown'))"
    exit 0
fi

if [ -n "${RINGBENCH_CHROMIUM:-}" ]; then
    echo "chromium: RINGBENCH_CHROMIUM=$RINGBENCH_CHROMIUM is not an executable file;" \
        "fix the variable or unset it to use Debian's /usr/bin/chromium" >&2
    exit 1
fi

if ! $want_install; then
    echo "chromium: /usr/bin/chromium is missing; install Debian's package with" \
        "'scripts/chromium.sh --install' as root (or 'sudo apt-get install chromium')," \
        "or point RINGBENCH_CHROMIUM at a Chromium binary" >&2
    exit 1
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "chromium: installing needs root: run 'sudo apt-get install chromium'" >&2
    exit 1
fi

echo "chromium: installing Debian's chromium package"
export DEBIAN_FRONTEND=noninteractive
# A fresh machine may have no package lists yet; an old list may name versions gone since.
apt-get update -q
apt-get install -y -q --no-install-recommends chromium
echo "chromium: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
