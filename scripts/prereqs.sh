#!/usr/bin/env bash
# Makes sure the system programs Dipper needs are present. Installs what is missing with
# apt-get when this is Debian/Ubuntu and we are root (or have passwordless sudo); otherwise
# stops and prints the exact install command.
# Usage: scripts/prereqs.sh run|test
set -euo pipefail

mode="${1:-run}"
declare -A pkg_for=([redis-server]=redis-server [redis-cli]=redis-tools [prometheus]=prometheus [chromium]=chromium [cjk-font]=fonts-wqy-zenhei)
needed=(redis-server redis-cli)
# The alerting tests query a real Prometheus started by the test harness.
# The browser tests drive Debian's Chromium with playwright-core; a CJK font lets their
# screenshots of the Chinese console show characters instead of boxes.
[ "$mode" = "test" ] && needed+=(prometheus chromium cjk-font)

# A font is not a program: it is present when fontconfig knows a font covering Chinese.
has_cjk_font() { command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh family)" ]; }

missing_pkgs=()
for bin in "${needed[@]}"; do
  if [ "$bin" = "cjk-font" ]; then
    has_cjk_font || missing_pkgs+=("${pkg_for[$bin]}")
    continue
  fi
  command -v "$bin" >/dev/null 2>&1 || missing_pkgs+=("${pkg_for[$bin]}")
done

node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "dipper: Node.js 20 or newer is required (found: $(node --version 2>/dev/null || echo none))." >&2
  exit 1
fi

[ "${#missing_pkgs[@]}" -eq 0 ] && exit 0

# De-duplicate package names.
mapfile -t missing_pkgs < <(printf '%s\n' "${missing_pkgs[@]}" | sort -u)
install_cmd="apt-get install -y ${missing_pkgs[*]}"

if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo"; else sudo="none"; fi
  fi
  if [ "$sudo" != "none" ]; then
    echo "dipper: installing ${missing_pkgs[*]} (needed for '$mode') ..." >&2
    $sudo apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing_pkgs[@]}" >&2
    exit 0
  fi
  echo "dipper: missing ${missing_pkgs[*]}. Install with: sudo $install_cmd" >&2
  exit 1
fi

if [ "$(uname)" = "Darwin" ]; then
  echo "dipper: missing redis-server. Install with: brew install redis" >&2
else
  echo "dipper: missing ${missing_pkgs[*]}. Install Redis 6.2+ with your package manager," \
    "e.g. on Debian/Ubuntu: sudo $install_cmd" >&2
fi
exit 1
