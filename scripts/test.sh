#!/usr/bin/env bash
# Build everything and run the whole test suite: unit tests, CLI tests, firmware
# images differentially against qemu-system-aarch64, the conformance engine; then
# build everything again under AddressSanitizer + UndefinedBehaviorSanitizer and run
# the whole suite once more on that build, the fuzz targets as short coverage-guided
# libFuzzer runs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
ctest --test-dir build --output-on-failure -j "$(nproc)"

# The sanitizer build uses clang: GCC 12's use-after-scope instrumentation reports
# false positives on exceptions caught by Catch2's CHECK_THROWS. It is optimised like
# the main build (the project has no assert()), so el2sim runs every firmware image,
# the QEMU differential and conformance tests and the benchmark smoke runs under the
# sanitizers in about 8 minutes of ctest time on two cores, the libFuzzer runs
# included.
CC=clang CXX=clang++ cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DEL2SIM_SANITIZE=ON -DEL2SIM_FUZZ=ON -DEL2SIM_FIRMWARE=ON \
  -DEL2SIM_UNIT_ONLY=OFF >/dev/null
cmake --build build-asan -j "$(nproc)"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j "$(nproc)"
