#!/usr/bin/env bash
# Installs the Debian packages memscope needs to build, test and benchmark.
# Idempotent and quiet when everything is already present.
set -euo pipefail
packages=(
  build-essential cmake make pkg-config git
  clang clang-format libclang-rt-14-dev llvm
  libdw-dev libelf-dev elfutils libunwind-dev libzstd-dev
  nlohmann-json3-dev libcli11-dev libfmt-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  heaptrack sqlite3 binutils python3
  zlib1g-dev libsqlite3-dev golang-go
  chromium
  libncurses-dev tmux
)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# The HTML report's front end is bundled with npm packages at build time. A
# node and npm already on PATH (from any source) are used as they are.
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y -q "${missing[@]}" >/tmp/memscope-apt.log 2>&1; then
  $SUDO apt-get update -q >/tmp/memscope-apt-update.log 2>&1 || true
  $SUDO apt-get install -y -q "${missing[@]}" >/tmp/memscope-apt.log 2>&1 || {
    echo "install-deps: apt-get failed, see /tmp/memscope-apt.log" >&2
    tail -20 /tmp/memscope-apt.log >&2
    exit 1
  }
fi
