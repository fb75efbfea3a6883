#!/usr/bin/python3
"""Differential runner for the firmware tests.

Runs one firmware image under el2sim and under qemu-system-aarch64 (the
functional reference) and fails if

  * either run exits with a non-zero status or times out,
  * the two transcripts (UART output on stdout) differ (a unified diff is printed),
  * a line of either transcript contains FAIL,
  * the final summary line ("SUMMARY <prog> checks=N failures=0") is missing.

A missing qemu-system-aarch64 or el2sim is a failure, never a skip.

  run_diff.py --el2sim build/bin/el2sim [--machine configs/virt.json] image.elf
  run_diff.py --qemu-only image.elf        # develop a test against QEMU alone

Checks listed in qemu_deviations.txt (QEMU 7.2 known to be architecturally
wrong) are removed from both transcripts before the comparison; el2sim must
still PASS them.
"""
import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys

QEMU_ARGS = ["-M", "virt,gic-version=2,virtualization=on", "-cpu", "cortex-a57",
             "-nographic", "-semihosting", "-monitor", "none", "-nic", "none"]
SUMMARY_RE = re.compile(r"^SUMMARY \S+ checks=(\d+) failures=(\d+)$")
# Terminal control sequences QEMU's character backend may emit (none are
# expected with stdout on a pipe; stripped only from QEMU's output).
ANSI_RE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1bc")


def run(name, cmd, timeout, input_path=None):
    try:
        # Console input comes from a regular file, which both simulators read as a
        # UART receiver would; without one, stdin is empty.
        stdin = open(input_path, "rb") if input_path else subprocess.DEVNULL
        try:
            proc = subprocess.run(cmd, stdin=stdin, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, timeout=timeout)
        finally:
            if input_path:
                stdin.close()
    except OSError as e:  # missing, not executable, being rebuilt
        return None, f"{name}: cannot execute {cmd[0]}: {e.strerror}", ""
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("utf-8", "replace")
        return None, f"{name}: timed out after {timeout} s", out
    out = proc.stdout.decode("utf-8", "replace")
    err = proc.stderr.decode("utf-8", "replace")
    if proc.returncode != 0:
        return None, f"{name}: exit status {proc.returncode}\n{err.strip()}", out
    return out, err, out


def load_deviations(path, prog):
    """Check names whose QEMU result is known wrong (qemu_deviations.txt)."""
    names = {}
    if not os.path.isfile(path):
        return names
    with open(path) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            parts = line.split(None, 2)
            if len(parts) >= 2 and parts[0] == prog:
                names[parts[1]] = parts[2] if len(parts) > 2 else ""
    return names


def drop_deviations(text, names):
    """Removes the lines of the named checks (and their indented detail lines).
    Returns the filtered text and how many of the removed lines said FAIL."""
    out, fails, skipping = [], 0, False
    for line in text.splitlines(keepends=True):
        if skipping and line.startswith("  "):
            continue
        skipping = False
        name = line.split(":", 1)[0]
        if ":" in line and name in names:
            skipping = True
            fails += "FAIL" in line
            continue
        out.append(line)
    return "".join(out), fails


def fix_summary(text, removed_fails):
    """Lowers the failure count of the SUMMARY line by removed_fails."""
    def repl(m):
        return f"SUMMARY {m.group(1)} checks={m.group(2)} failures={int(m.group(3)) - removed_fails}"
    return re.sub(r"^SUMMARY (\S+) checks=(\d+) failures=(\d+)$", repl, text, flags=re.M)


def check_transcript(name, text):
    problems = []
    lines = text.splitlines()
    for i, line in enumerate(lines, 1):
        if "FAIL" in line:
            problems.append(f"{name}: line {i}: {line}")
    nonempty = [l for l in lines if l.strip()]
    m = SUMMARY_RE.match(nonempty[-1]) if nonempty else None
    if not m:
        problems.append(f"{name}: final SUMMARY line missing")
    elif int(m.group(2)) != 0:
        problems.append(f"{name}: {nonempty[-1]}")
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("image")
    ap.add_argument("--el2sim", help="el2sim binary")
    ap.add_argument("--machine", help="machine model for el2sim (ignored if missing)")
    ap.add_argument("--max-insns", type=int, default=0, help="passed to el2sim")
    ap.add_argument("--qemu", default="qemu-system-aarch64")
    ap.add_argument("--memory", default="256M", help="QEMU -m")
    ap.add_argument("--icount", action="store_true",
                    help="QEMU with -icount shift=0: its timers follow its instruction count "
                         "(as el2sim's do) instead of host time, for timer-driven images")
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--input", help="file fed to the UART (stdin) of both runs")
    ap.add_argument("--qemu-only", action="store_true",
                    help="development aid: run and check QEMU alone")
    ap.add_argument("--deviations", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                         "qemu_deviations.txt"),
                    help="allowlist of checks where QEMU is known to be wrong")
    ap.add_argument("-v", "--verbose", action="store_true", help="print the transcripts")
    args = ap.parse_args()

    if not os.path.isfile(args.image):
        print(f"FAILED: image {args.image} not found")
        return 1
    qemu = shutil.which(args.qemu) or args.qemu
    qcmd = [qemu] + QEMU_ARGS + ["-m", args.memory, "-kernel", args.image]
    if args.icount:
        qcmd += ["-icount", "shift=0"]
    problems = []
    prog = os.path.basename(args.image)
    prog = prog[:-4] if prog.endswith(".elf") else prog
    deviations = load_deviations(args.deviations, prog)
    for n, why in sorted(deviations.items()):
        print(f"known QEMU deviation, QEMU's result ignored: {prog}/{n}: {why}")

    qfull = ""
    qout, qerr, qraw = run("qemu", qcmd, args.timeout, args.input)
    if qout is None:
        problems.append(qerr)
        if qraw:
            print("--- qemu output before the failure ---\n" + qraw)
    else:
        qfull = ANSI_RE.sub("", qout)
        qout, removed = drop_deviations(qfull, deviations)
        qout = fix_summary(qout, removed)
        problems += check_transcript("qemu", qout)

    sout = None
    if not args.qemu_only:
        if not args.el2sim:
            problems.append("el2sim: no binary given (--el2sim)")
        else:
            scmd = [args.el2sim, "--kernel", args.image]
            if args.machine and os.path.isfile(args.machine):
                scmd += ["--machine", args.machine]
            if args.max_insns:
                scmd += ["--max-insns", str(args.max_insns)]
            print("el2sim command:", " ".join(scmd))
            sout, serr, sraw = run("el2sim", scmd, args.timeout, args.input)
            if sout is None:
                problems.append(serr)
                if sraw:
                    print("--- el2sim output before the failure ---\n" + sraw)
            else:
                problems += check_transcript("el2sim", sout)  # deviations must PASS here
                sout, _ = drop_deviations(sout, deviations)

    print("qemu command:", " ".join(qcmd))
    if args.verbose or (args.qemu_only and qout is not None):
        print(qfull)
    if qout is not None and sout is not None and qout != sout:
        diff = difflib.unified_diff(qout.splitlines(), sout.splitlines(), "qemu", "el2sim",
                                    lineterm="")
        problems.append("transcripts differ (- qemu, + el2sim):\n" + "\n".join(diff))
    elif args.verbose and sout is not None:
        print("(el2sim transcript identical)")

    if problems:
        print("FAILED:")
        for p in problems:
            print(p)
        return 1
    print("OK:", os.path.basename(args.image), "transcripts identical" if sout is not None
          else "(QEMU only)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
