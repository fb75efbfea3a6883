#!/usr/bin/env bash
# Install the Debian bookworm packages el2sim needs, only those that are missing.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build pkg-config
  clang lld llvm clang-format libclang-rt-14-dev
  libsystemc-dev libcapstone-dev libfmt-dev catch2 pybind11-dev nlohmann-json3-dev
  libfdt-dev device-tree-compiler
  python3 python3-dev python3-pytest
  qemu-system-arm u-boot-qemu valgrind gdb-multiarch
  debian-installer-12-netboot-arm64
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends "${missing[@]}"
