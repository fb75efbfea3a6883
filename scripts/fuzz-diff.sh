#!/usr/bin/env bash
# Long random differential runs, el2sim against qemu-system-aarch64 (docs/conformance.md).
#
#   scripts/fuzz-diff.sh                          # seeds 1000-1999, EL0/EL1/EL2
#   SEEDS=1-5000 ELS=1 BLOCKS=500 JOBS=2 scripts/fuzz-diff.sh
#   MMU=on scripts/fuzz-diff.sh                  # the MMU-on variant (risugen.py --mmu on)
#   EL2SIM=build/bin/el2sim KEEP=/tmp/conf scripts/fuzz-diff.sh   # keep the images
#
# Seeds are split over JOBS parallel runners; each failure is reported with the
# first differing block's disassembly and both register states. Exit status 1 if
# any seed differs.
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS=${SEEDS:-1000-1999}
ELS=${ELS:-0,1,2}
MMU=${MMU:-off}
BLOCKS=${BLOCKS:-200}
INSNS=${INSNS:-24}
JOBS=${JOBS:-2}
EL2SIM=${EL2SIM:-build/bin/el2sim}
QEMU=${QEMU:-qemu-system-aarch64}
MACHINE=${MACHINE:-configs/virt.json}
MAXFAIL=${MAXFAIL:-20}
OUT=${OUT:-fuzz-diff-$(date +%Y%m%d-%H%M%S)}
mkdir -p "$OUT"

# Expand "a-b,c,d-e" and deal the seeds round-robin to JOBS lists.
seeds=$(/usr/bin/python3 -c '
import sys
out = []
for part in sys.argv[1].split(","):
    a, _, b = part.partition("-")
    out += range(int(a), int(b or a) + 1)
print(" ".join(map(str, out)))' "$SEEDS")
declare -a lists
i=0
for s in $seeds; do
  j=$((i % JOBS))
  lists[$j]="${lists[$j]:-}${lists[$j]:+,}$s"
  i=$((i + 1))
done
echo "fuzz-diff: $i seeds x ELs $ELS x $BLOCKS blocks x $INSNS instructions, $JOBS jobs, logs in $OUT"
pids=()
for j in $(seq 0 $((JOBS - 1))); do
  [ -n "${lists[$j]:-}" ] || continue
  keep=()
  if [ -n "${KEEP:-}" ]; then keep=(--keep "$KEEP/job$j"); fi
  /usr/bin/python3 tests/conformance/run_conf.py --el2sim "$EL2SIM" --qemu "$QEMU" \
    --machine "$MACHINE" \
    --seeds "${lists[$j]}" --els "$ELS" --blocks "$BLOCKS" --insns "$INSNS" \
    --mmu "$MMU" --max-failures "$MAXFAIL" "${keep[@]}" > "$OUT/job$j.log" 2>&1 &
  pids+=($!)
done
status=0
for p in "${pids[@]}"; do wait "$p" || status=1; done
grep -h "^FAIL" "$OUT"/job*.log || true
grep -h "runs (" "$OUT"/job*.log
exit $status
