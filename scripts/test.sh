#!/usr/bin/env bash
# Build everything and run the whole test suite: unit tests, CLI tests, firmware
# images differentially against qemu-system-aarch64, the conformance engine, and
# then the C++ unit tests again under AddressSanitizer + UndefinedBehaviorSanitizer
# together with a short coverage-guided libFuzzer run of each fuzz target.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
ctest --test-dir build --output-on-failure -j "$(nproc)"

# The sanitizer build uses clang: GCC 12's use-after-scope instrumentation reports
# false positives on exceptions caught by Catch2's CHECK_THROWS.
CC=clang CXX=clang++ cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DEL2SIM_SANITIZE=ON -DEL2SIM_FUZZ=ON -DEL2SIM_FIRMWARE=OFF -DEL2SIM_UNIT_ONLY=OFF \
  -DPython3_EXECUTABLE=/usr/bin/python3 >/dev/null
cmake --build build-asan -j "$(nproc)" --target isa_tests mmu_tests gic_tests sim_tests \
  fuzz_decode_exec fuzz_machine_model fuzz_image_loader fuzz_fdt
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
  ctest --test-dir build-asan --output-on-failure -j "$(nproc)" -L "unit|fuzz"
