#!/bin/sh
# Bad input to el2sim: each case must print exactly one line on stderr naming the
# problem, nothing on stdout, and exit with the documented status.
# usage: cli_errors.sh EL2SIM GUEST_DIR TMPDIR
set -u
EL2SIM=$1
GUESTS=$2
T=$3
rm -rf "$T" && mkdir -p "$T"
failures=0

# expect STATUS EXPECTED_STDERR -- ARGS...
expect() {
  want_status=$1
  want_err=$2
  shift 3
  "$EL2SIM" "$@" </dev/null >"$T/out" 2>"$T/err"
  status=$?
  err=$(cat "$T/err")
  lines=$(wc -l <"$T/err")
  if [ "$status" != "$want_status" ] || [ "$err" != "$want_err" ] || [ "$lines" != 1 ] ||
     [ -s "$T/out" ]; then
    echo "FAIL: el2sim $*"
    echo "  want status $want_status, stderr: $want_err"
    echo "  got  status $status, stderr ($lines lines): $err"
    [ -s "$T/out" ] && echo "  stdout: $(cat "$T/out")"
    failures=$((failures + 1))
  else
    echo "ok: $want_err"
  fi
}

# A tiny valid AArch64 ELF (hello) when the guests are built, else a stand-in.
IMG=$GUESTS/hello.elf
[ -f "$IMG" ] || { printf 'x' >"$T/img.bin"; IMG=$T/img.bin; }

printf '{\n  "name": "bad",\n  "cpus": {}\n  "memory": []\n}\n' >"$T/syntax.json"
expect 1 "el2sim: $T/syntax.json:4:10: JSON syntax error while parsing object - unexpected string literal; expected '}'" \
  -- --machine "$T/syntax.json" --kernel "$IMG"

cat >"$T/typed.json" <<'JSON'
{
  "name": "typed",
  "cpus": {"count": 1},
  "memory": [
    {"name": "ram", "type": "ram", "base": "0x40000000", "size": true}
  ]
}
JSON
expect 1 "el2sim: $T/typed.json: memory[0].size: expected a size (integer or string like \"256MiB\"), got true" \
  -- --machine "$T/typed.json" --kernel "$IMG"

sed 's/"size": true/"size": "1MiB", "sise": 3/' "$T/typed.json" >"$T/typo.json"
expect 1 "el2sim: $T/typo.json: memory[0].sise: unknown key (expected one of: name, type, base, size, latency_ns)" \
  -- --machine "$T/typo.json" --kernel "$IMG"

printf '{"name": 1e999}' >"$T/overflow.json"
expect 1 "el2sim: $T/overflow.json: JSON number overflow parsing '1e999'" \
  -- --machine "$T/overflow.json" --kernel "$IMG"

expect 1 "el2sim: $T/none.json: cannot open: No such file or directory" \
  -- --machine "$T/none.json" --kernel "$IMG"

expect 1 "el2sim: nosuchboard: no such file, and no shipped machine model of that name (shipped: virt, virt-el1)" \
  -- --machine nosuchboard --kernel "$IMG"

expect 1 "el2sim: $T/missing.elf: cannot open: No such file or directory" \
  -- --kernel "$T/missing.elf"

mkdir -p "$T/dir"
expect 1 "el2sim: $T/dir: is a directory, expected a JSON machine model" \
  -- --machine "$T/dir" --kernel "$IMG"
expect 1 "el2sim: $T/dir: is a directory, expected a file" -- --kernel "$T/dir"
expect 1 "el2sim: $T/dir: is a directory, expected a file" -- --kernel "$IMG" --dtb "$T/dir"
expect 1 "el2sim: $T/dir: is a directory, expected a file" -- --kernel "$IMG" --initrd "$T/dir"
expect 1 "el2sim: $T/dir: is a directory, expected a file" -- --bios "$T/dir"
expect 1 "el2sim: $T/dir: cannot open for writing" -- --kernel "$IMG" --stats "$T/dir"
expect 1 "el2sim: $T/dir: cannot open for writing" -- --kernel "$IMG" --trace="$T/dir"

if [ -f "$GUESTS/hello.elf" ]; then
  head -c 100 "$GUESTS/hello.elf" >"$T/truncated.elf"
  expect 1 "el2sim: $T/truncated.elf: truncated: program headers end beyond the file (100 bytes)" \
    -- --kernel "$T/truncated.elf"
fi

if [ -f /bin/true ] && [ "$(head -c 4 /bin/true | od -An -c | tr -d ' ')" = "177ELF" ]; then
  machine=$(od -An -tu2 -j18 -N2 /bin/true | tr -d ' ')
  if [ "$machine" = 62 ]; then
    expect 1 "el2sim: /bin/true: ELF machine 62 (x86-64), expected AArch64 (183)" -- --kernel /bin/true
  fi
fi

# Inputs that do not end, or that are larger than where they go, are refused once
# they pass the limit (pipes and character devices are read like files); a regular
# file that is too large is refused by its size, unread. (A machine with 16 MiB of RAM
# keeps the endless reads short.)
sed 's/"size": "256MiB"/"size": "16MiB"/' "$(dirname "$0")/../../configs/virt.json" >"$T/small.json"
expect 1 "el2sim: /dev/zero: more than 16777216 bytes (the size of the machine's RAM)" \
  -- --machine "$T/small.json" --kernel "$IMG" --initrd /dev/zero
expect 1 "el2sim: /dev/zero: more than 16777216 bytes (the size of the machine's RAM)" \
  -- --machine "$T/small.json" --kernel "$IMG" --dtb /dev/zero
expect 1 "el2sim: /dev/zero: more than 16777216 bytes (a machine model is at most 16 MiB)" \
  -- --machine /dev/zero --kernel "$IMG"
truncate -s 1073741825 "$T/big.bin"
expect 1 "el2sim: $T/big.bin: more than 1073741824 bytes (a kernel image is at most 1 GiB)" \
  -- --kernel "$T/big.bin"
truncate -s 67108865 "$T/big.bin"
expect 1 "el2sim: $T/big.bin: more than 67108864 bytes (the size of flash \"flash0\", where --bios goes)" \
  -- --bios "$T/big.bin"
rm -f "$T/big.bin"

: >"$T/empty.bin"
expect 1 "el2sim: $T/empty.bin: empty image" -- --kernel "$T/empty.bin"

printf 'not a device tree, but long enough to have a header at all....' >"$T/bad.dtb"
expect 1 "el2sim: $T/bad.dtb: not a valid device tree blob: FDT_ERR_BADMAGIC" \
  -- --kernel "$IMG" --dtb "$T/bad.dtb"

expect 1 "el2sim: nothing to run: give --kernel or --bios" --
expect 2 "el2sim: unknown option '--bogus' (see --help)" -- --bogus
expect 2 "el2sim: option --kernel needs an argument" -- --kernel
expect 2 "el2sim: --max-insns: expected a positive integer, got 'lots'" -- --kernel "$IMG" --max-insns lots
expect 2 "el2sim: --gdb: expected a TCP port from 0 to 65535, got '70000'" -- --kernel "$IMG" --gdb 70000
expect 2 "el2sim: unexpected argument 'image.elf' (images are given with --kernel or --bios)" -- image.elf

"$EL2SIM" --help >"$T/help" 2>&1 && grep -q -- "--kernel IMAGE" "$T/help" || {
  echo "FAIL: --help"
  failures=$((failures + 1))
}
"$EL2SIM" --version | grep -q "^el2sim " || {
  echo "FAIL: --version"
  failures=$((failures + 1))
}

# A memory larger than the host can reserve (200 TiB: more than a host with 4-level
# page tables has address space) is refused with a line naming the region; a host that
# can reserve it runs the model instead. Either way nothing crashes.
sed 's/"size": "256MiB"/"size": "200TiB"/' "$(dirname "$0")/../../configs/virt.json" >"$T/huge.json"
"$EL2SIM" --machine "$T/huge.json" --kernel "$IMG" --max-insns 1000 </dev/null >"$T/out" 2>"$T/err"
status=$?
last=$(tail -n 1 "$T/err")
want="el2sim: $T/huge.json: memory[2].size: 219902325555200 bytes for \"ram\", more than the host can reserve"
if { [ "$status" = 1 ] && [ "$last" = "$want" ]; } || [ "$status" = 3 ] || [ "$status" = 0 ]; then
  echo "ok: 200 TiB of RAM: status $status, $last"
else
  echo "FAIL: 200 TiB of RAM: status $status, stderr: $(cat "$T/err")"
  failures=$((failures + 1))
fi

# A statistics or trace file that cannot be written in full (a full disk) fails the
# run with exit status 1 and a last line naming it, after the run's own last line.
if [ -w /dev/full ] && [ -f "$GUESTS/hello.elf" ]; then
  for opt in "--stats /dev/full" "--trace=/dev/full"; do
    # shellcheck disable=SC2086 # (the option and its file are two words, or one)
    "$EL2SIM" --kernel "$IMG" --max-insns 1000 $opt </dev/null >"$T/out" 2>"$T/err"
    status=$?
    last=$(tail -n 1 "$T/err")
    if [ "$status" = 1 ] && [ "$last" = "el2sim: /dev/full: write error: No space left on device" ]; then
      echo "ok: $opt: $last"
    else
      echo "FAIL: el2sim $opt: status $status, last line: $last"
      failures=$((failures + 1))
    fi
  done
fi

[ "$failures" = 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "all CLI error cases passed"
