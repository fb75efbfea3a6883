#!/usr/bin/env bash
# Configure and build el2sim (simulator, firmware images, tests) into build/.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEL2SIM_UNIT_ONLY=OFF \
  >/dev/null
cmake --build build -j "$(nproc)"
