#!/usr/bin/env bash
# libFuzzer runs of the fuzz targets (tests/fuzz), built with clang, ASan and UBSan in
# their own build directory (docs/conformance.md).
#
#   scripts/fuzz.sh                      # every target, 10 minutes each
#   TIME=3600 TARGETS="decode_exec" JOBS=2 scripts/fuzz.sh
#
# New inputs go to $BUILD/tests/conformance/fuzz/corpus_<target>; crashes to $OUT/<target>/
# (crash-<sha1>: the input; reproduce with $BUILD/bin/fuzz_<target> FILE).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build-fuzz}
TIME=${TIME:-600}
JOBS=${JOBS:-1}
TARGETS=${TARGETS:-decode_exec machine_model image_loader fdt mmu}
OUT=${OUT:-fuzz-out}
SRC=$PWD
mkdir -p "$BUILD" "$OUT"
BUILD=$(cd "$BUILD" && pwd)
OUT=$(cd "$OUT" && pwd)
if [ ! -f "$BUILD/build.ninja" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$BUILD" -G Ninja -DEL2SIM_FUZZ=ON -DEL2SIM_SANITIZE=ON \
    -DEL2SIM_FIRMWARE=OFF >/dev/null
fi
ninja -C "$BUILD" -j "$(nproc)" $(for t in $TARGETS; do echo "fuzz_$t"; done)
status=0
for t in $TARGETS; do
  mkdir -p "$OUT/$t" "$BUILD/tests/conformance/fuzz/corpus_$t"
  echo "fuzz.sh: $t for $TIME s"
  # From $OUT/$t: with -jobs, libFuzzer writes its fuzz-<job>.log files to the current
  # directory, which must not be the source tree.
  if ! (cd "$OUT/$t" && "$BUILD/bin/fuzz_$t" -max_total_time="$TIME" -jobs="$JOBS" \
      -workers="$JOBS" -rss_limit_mb=2048 -timeout=10 -artifact_prefix="$OUT/$t/" \
      -print_final_stats=1 "$BUILD/tests/conformance/fuzz/corpus_$t" "$SRC/tests/fuzz/corpus/$t"); then
    echo "fuzz.sh: $t found a failure; see $OUT/$t/"
    status=1
  fi
done
exit $status
