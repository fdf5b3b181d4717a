#!/usr/bin/env bash
# Finds the headless browser the end-to-end tests drive (internal/e2e) and
# prints its path. Installs Debian's chromium, and a CJK font so Chinese
# pages render in screenshots, when they are missing (CI runs as root;
# without root it uses sudo when there is one). Set FANBASE_CHROMIUM to use
# another binary.
set -euo pipefail

find_browser() {
  if [ -n "${FANBASE_CHROMIUM:-}" ] && [ -x "$FANBASE_CHROMIUM" ]; then
    echo "$FANBASE_CHROMIUM"; return 0
  fi
  local name
  for name in chromium chromium-browser; do
    command -v "$name" 2>/dev/null && return 0
  done
  return 1
}

has_cjk_font() {
  command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh 2>/dev/null | head -n1)" ]
}

apt_install() {
  local sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq >&2
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "$@" >&2
}

packages=()
find_browser >/dev/null || packages+=(chromium)
has_cjk_font || packages+=(fonts-wqy-microhei fontconfig)
if [ ${#packages[@]} -gt 0 ]; then
  echo "browser.sh: installing ${packages[*]} from Debian's packages" >&2
  apt_install "${packages[@]}"
fi

if ! path=$(find_browser); then
  echo "browser.sh: no chromium after installing it" >&2
  exit 1
fi
echo "$path"
