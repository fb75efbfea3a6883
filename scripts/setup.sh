#!/usr/bin/env bash
# One command on a fresh Debian 12 machine: install what is missing, build, run the demo.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
echo "== el2sim demo: build/bin/el2sim --kernel build/tests/firmware/demo.elf"
build/bin/el2sim --kernel build/tests/firmware/demo.elf
