#!/bin/sh
# End-to-end runs of el2sim with tiny guests: output, exit status, messages, trace and
# statistics format, determinism.
# usage: e2e.sh EL2SIM GUEST_DIR TMPDIR
set -u
EL2SIM=$1
G=$2
T=$3
rm -rf "$T" && mkdir -p "$T"
failures=0

fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}

# run NAME WANT_STATUS WANT_STDOUT WANT_STDERR STDIN -- ARGS...
run() {
  name=$1 want_status=$2 want_out=$3 want_err=$4 input=$5
  shift 6
  printf '%s' "$input" | "$EL2SIM" "$@" >"$T/$name.out" 2>"$T/$name.err"
  status=$?
  out=$(cat "$T/$name.out")
  err=$(cat "$T/$name.err")
  if [ "$status" != "$want_status" ] || [ "$out" != "$want_out" ] || [ "$err" != "$want_err" ]; then
    fail "$name (el2sim $*)"
    echo "  want status $want_status, stdout: $want_out"
    echo "       stderr: $want_err"
    echo "  got  status $status, stdout: $out"
    echo "       stderr: $err"
  else
    echo "ok: $name"
  fi
}

run hello 0 "hello" "" "" -- --kernel "$G/hello.elf"
run hello-el1 0 "hello" "" "" -- --machine virt-el1 --kernel "$G/hello.elf"
run hello-raw 0 "hello" "" "" -- --kernel "$G/hello.bin"
run hello-bios 0 "hello" "" "" -- --bios "$G/hello_flash.bin"
run psci 0 "0000000000010001
0000000000000000
ffffffffffffffff
0000000000000000
0000000000000002
0000000000000000
fffffffffffffffe
fffffffffffffffc
fffffffffffffffe
ffffffffffffffff
ffffffffffffffff
done" "" "" -- --kernel "$G/psci.elf"
run psci-el1 0 "$(cat "$T/psci.out")" "" "" -- --machine virt-el1 --kernel "$G/psci.elf"
run semihosting 7 "text" "semi !" "" -- --kernel "$G/semihosting.elf"
run wfi 4 "waiting" "el2sim: deadlock: WFI at pc 0x0000000040080014 (EL2) with no possible wake-up event" "" \
  -- --kernel "$G/wfi.elf"
# The same after reading the UART, with the host's input at its end (a pipe closed at
# once): no byte can wake the core either.
run wfi-input-ended 4 "waiting" \
  "el2sim: deadlock: WFI at pc 0x0000000040080018 (EL2) with no possible wake-up event" "" \
  -- --kernel "$G/wfi_input.elf"
run max-insns 3 "" "el2sim: instruction limit 100000 reached" "" -- --kernel "$G/loop.elf" --max-insns 100000
# A fault loop (HLT is UNDEFINED without semihosting; the vectors in empty flash are
# UDF) retires nothing but still ends at the step limit.
run fault-loop 3 "" "el2sim: instruction limit 100000 reached" "" \
  -- --kernel "$G/semihosting.elf" --no-semihosting --max-insns 100000
run echo 0 "HELLO, WORLD" "" "hello, world." -- --kernel "$G/echo.elf"
run reset 0 "0000000000000001
0000000000000002" "" "" -- --kernel "$G/reset.elf"
run uart-regs 0 "0000000000000011
0000000000000010
0000000000000014
000000000000000d
00000000000000b1
0000000000000090
0000000000000300
0000000000000012
0000000000000020" "" "" -- --kernel "$G/uart_regs.elf"

# Trace: one line per instruction (PC, EL, encoding, disassembly).
"$EL2SIM" --kernel "$G/hello.elf" --trace="$T/trace1.txt" --stats "$T/stats1.json" </dev/null >/dev/null 2>&1
first=$(head -n 1 "$T/trace1.txt")
[ "$first" = "0000000040080000 EL2 d2a1201c  movz x28, #0x900, lsl #16" ] || fail "trace first line: $first"
grep -q "^0000000040080014 EL2 d2b08000  movz x0, #0x8400, lsl #16$" "$T/trace1.txt" || fail "trace movz line"

# Statistics: stable names, and they add up.
for key in '"sim.time_ns"' '"sim.instructions"' '"cpu0.cycles"' '"cpu0.insns.el2"' \
           '"cpu0.psci.calls": 1'; do
  grep -q "$key" "$T/stats1.json" || fail "stats: no $key"
done

grep -q '"host\.' "$T/stats1.json" && fail "stats: host (non-deterministic) figures present"

# Determinism: same inputs, same trace and statistics, byte for byte.
"$EL2SIM" --kernel "$G/hello.elf" --trace="$T/trace2.txt" --stats "$T/stats2.json" </dev/null >/dev/null 2>&1
cmp -s "$T/trace1.txt" "$T/trace2.txt" || fail "trace differs between runs"
cmp -s "$T/stats1.json" "$T/stats2.json" || fail "statistics differ between runs"

[ "$failures" = 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "all end-to-end cases passed"
