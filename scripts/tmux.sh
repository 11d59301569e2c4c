#!/usr/bin/env bash
# Makes sure tmux is available for tests/tui.rs, which runs the real binary's dashboard in a
# tmux pseudo-terminal (new-session with a fixed size, send-keys, capture-pane).
#
# With tmux present it only prints its version. Otherwise it installs Debian's `tmux`
# package with apt-get when run as root under CI (CI=true) or with --install, and else says
# what to run and exits 1.
#
# Usage: scripts/tmux.sh [--install]
set -euo pipefail

if command -v tmux >/dev/null 2>&1; then
    echo "tmux: $(tmux -V)"
    exit 0
fi
if [ "${CI:-}" != "true" ] && [ "${1:-}" != "--install" ]; then
    echo "tmux: not found; run 'scripts/tmux.sh --install' as root (or 'sudo apt-get install tmux')" >&2
    exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "tmux: installing needs root: run 'sudo apt-get install tmux'" >&2
    exit 1
fi
# A fresh machine may have no package lists yet.
DEBIAN_FRONTEND=noninteractive apt-get update -q
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends tmux
echo "tmux: $(tmux -V)"
