#!/bin/sh
# The test guests on el2sim and on QEMU's virt board: same console output and status.
# usage: qemu_diff.sh EL2SIM GUEST_DIR QEMU TMPDIR
set -u
EL2SIM=$1
G=$2
QEMU=$3
T=$4
rm -rf "$T" && mkdir -p "$T"
failures=0

# compare NAME INPUT EL2SIM_MACHINE QEMU_MACHINE_OPTS QEMU_EXTRA
compare() {
  name=$1 input=$2 machine=$3 qmachine=$4 qextra=$5
  printf '%s' "$input" | timeout 30 "$QEMU" -M "$qmachine" -cpu cortex-a57 -m 256M -nographic \
    -nic none $qextra -kernel "$G/$name.elf" >"$T/$name.qemu" 2>/dev/null
  qs=$?
  printf '%s' "$input" | "$EL2SIM" --machine "$machine" --kernel "$G/$name.elf" \
    >"$T/$name.el2sim" 2>/dev/null
  es=$?
  if [ "$qs" != "$es" ] || ! cmp -s "$T/$name.qemu" "$T/$name.el2sim"; then
    echo "FAIL: $name on $machine: qemu status $qs, el2sim status $es"
    diff "$T/$name.qemu" "$T/$name.el2sim"
    failures=$((failures + 1))
  else
    echo "ok: $name on $machine"
  fi
}

V=virt,gic-version=2,virtualization=on
for g in hello psci uart_regs reset; do
  compare "$g" "" virt "$V" ""
  compare "$g" "" virt-el1 "virt,gic-version=2" ""
done
compare echo "abc." virt "$V" ""
compare semihosting "" virt "$V" "-semihosting"

[ "$failures" = 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "el2sim matches QEMU on every guest"
