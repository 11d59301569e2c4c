#!/usr/bin/env bash
# Makes sure the programs some tests drive are installed, installing Debian's packages when
# they are missing:
#   chromium  headless Chromium, for tests/report_html.rs (opens the HTML report, takes
#             screenshots); $RINGBENCH_CHROMIUM may point at another Chromium binary
#   tmux      a pseudo-terminal, for tests/tui.rs (drives the live dashboard of the real binary)
#
# The tests call this script themselves when they do not find their program (as
# tests/compat.rs creates its Python virtualenv), so `cargo test` works on a fresh Debian
# machine; .ci/run calls it up front. Installing needs root (CI runs as root); otherwise it
# prints the command to run and exits 1. Idempotent: with everything present it only checks.
#
# Usage: scripts/system-tools.sh [chromium] [tmux]     (no argument: both)
set -euo pipefail

tools=("$@")
if [ ${#tools[@]} -eq 0 ]; then
    tools=(chromium tmux)
fi

missing=()
for tool in "${tools[@]}"; do
    case "$tool" in
        chromium)
            browser="${RINGBENCH_CHROMIUM:-/usr/bin/chromium}"
            if [ -x "$browser" ]; then
                echo "chromium: $browser"
            elif [ -n "${RINGBENCH_CHROMIUM:-}" ]; then
                echo "chromium: RINGBENCH_CHROMIUM=$RINGBENCH_CHROMIUM is not an executable" \
                    "file; fix the variable or unset it to use Debian's /usr/bin/chromium" >&2
                exit 1
            else
                missing+=(chromium)
            fi
            ;;
        tmux)
            if command -v tmux >/dev/null 2>&1; then
                echo "tmux: $(tmux -V)"
            else
                missing+=(tmux)
            fi
            ;;
        *)
            echo "usage: scripts/system-tools.sh [chromium] [tmux] ('$tool' is not one of them)" >&2
            exit 2
            ;;
    esac
done

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "system-tools: ${missing[*]} missing; installing needs root: run" \
        "'sudo apt-get install ${missing[*]}'" >&2
    exit 1
fi

echo "system-tools: installing Debian's ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# A fresh machine may have no package lists yet; an old list may name versions gone since.
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
