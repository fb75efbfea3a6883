#!/usr/bin/python3
"""Determinism: two runs of the same image give byte-identical --trace output and
--stats JSON (and UART transcripts).

  determinism.py --el2sim build/bin/el2sim [--machine configs/virt.json] IMAGE.elf...
  determinism.py --el2sim ... --risu-seed 3     # also a generated conformance image
"""
import argparse
import filecmp
import os
import shutil
import subprocess
import sys
import tempfile

from run_conf import build_elf

HERE = os.path.dirname(os.path.abspath(__file__))


def build_risu(seed, el, work):
    base = os.path.join(work, f"risu_s{seed}_el{el}")
    return build_elf(base, [[sys.executable, os.path.join(HERE, "risugen.py"), "--seed",
                             str(seed), "--blocks", "50", "--el", str(el), "-o", base + ".s"]],
                     ["-march=armv8-a+crc"])


def run_once(a, image, work, tag):
    trace = os.path.join(work, f"{tag}.trace")
    stats = os.path.join(work, f"{tag}.stats.json")
    cmd = [a.el2sim, "--kernel", image, f"--trace={trace}", "--stats", stats]
    if a.machine and os.path.isfile(a.machine):
        cmd[1:1] = ["--machine", a.machine]
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=a.timeout)
    return p.returncode, p.stdout, trace, stats


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--el2sim", required=True)
    ap.add_argument("--machine", default=os.path.join(HERE, "..", "..", "configs", "virt.json"))
    ap.add_argument("--risu-seed", type=int, action="append", default=[])
    ap.add_argument("--timeout", type=int, default=120)
    ap.add_argument("images", nargs="*")
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="el2sim-det-")
    failures = 0
    try:
        images = list(a.images)
        for seed in a.risu_seed:
            images += [build_risu(seed, el, work) for el in (0, 1, 2)]
        if not images:
            print("FAIL: no image to run")
            return 1
        for i, image in enumerate(images):
            if not os.path.isfile(image):
                print(f"FAIL {image}: missing")
                failures += 1
                continue
            r1 = run_once(a, image, work, f"{i}a")
            r2 = run_once(a, image, work, f"{i}b")
            problems = []
            if r1[0] != 0 or r2[0] != 0:
                problems.append(f"exit status {r1[0]} / {r2[0]}")
            if r1[1] != r2[1]:
                problems.append("UART transcripts differ")
            for what, f1, f2 in (("trace", r1[2], r2[2]), ("stats", r1[3], r2[3])):
                if not (os.path.isfile(f1) and os.path.isfile(f2)):
                    problems.append(f"no {what} file")
                elif not filecmp.cmp(f1, f2, shallow=False):
                    problems.append(f"{what} differs ({f1} vs {f2})")
                elif os.path.getsize(f1) == 0:
                    problems.append(f"{what} is empty")
            if problems:
                failures += 1
                print(f"FAIL {image}: " + "; ".join(problems))
            else:
                print(f"ok   {image}: trace {os.path.getsize(r1[2])} bytes, stats "
                      f"{os.path.getsize(r1[3])} bytes identical")
    finally:
        if failures == 0:
            shutil.rmtree(work, ignore_errors=True)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
