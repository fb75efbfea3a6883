#!/usr/bin/python3
"""Boot Debian's u-boot-qemu under el2sim to its prompt and check a few commands.

usage: uboot.py EL2SIM [U_BOOT_BIN] [WORKDIR]

The input is a regular file on stdin, so el2sim delivers it at the same simulated
times on every run (sim/console.h). It starts with newlines: the first stops the
autoboot countdown, the rest only give empty prompts (and cover bytes the UART drops
when U-Boot re-initialises it). Then `version`, `bdinfo`, `md 0x40000000 4`,
`saveenv` of a new variable (erase and program of the CFI flash), `reset`, `printenv`
of it after the reboot, and `poweroff` (PSCI SYSTEM_OFF) ends the run. A missing image
fails the test: scripts/install-deps.sh installs it (package u-boot-qemu).
"""
import os
import re
import subprocess
import sys

# Commands that poll for Ctrl-C (md, saveenv) consume pending input bytes: the spaces
# after them are there to be eaten (the shell skips any left over). The environment
# survives the reset in the simulated flash only: nothing is written to a host file.
PAD = " " * 64
WAKE = "\n" * 24
COMMANDS = (WAKE + "version\nbdinfo\nmd 0x40000000 4\n" + PAD + "setenv el2sim_test bar42\n"
            + "saveenv\n" + PAD + "reset\n" + WAKE + "printenv el2sim_test\n" + PAD
            + "poweroff\n")
MAX_INSNS = "3000000000"


def fail(msg, out=""):
    sys.stdout.write(out)
    sys.stderr.write("uboot: FAIL: %s\n" % msg)
    sys.exit(1)


def main():
    el2sim = sys.argv[1]
    image = sys.argv[2] if len(sys.argv) > 2 else "/usr/lib/u-boot/qemu_arm64/u-boot.bin"
    work = sys.argv[3] if len(sys.argv) > 3 else "uboot.tmp"
    if not os.path.isfile(image):
        fail("%s is missing (install u-boot-qemu: scripts/install-deps.sh)" % image)
    os.makedirs(work, exist_ok=True)
    inp = os.path.join(work, "input.txt")
    with open(inp, "w") as f:
        f.write(COMMANDS)
    with open(inp, "rb") as stdin:
        try:
            p = subprocess.run([el2sim, "--bios", image, "--max-insns", MAX_INSNS],
                               stdin=stdin, capture_output=True, timeout=120)
        except subprocess.TimeoutExpired as e:
            fail("el2sim did not finish in 120 s", (e.stdout or b"").decode("utf-8", "replace"))
    out = p.stdout.decode("utf-8", "replace")
    err = p.stderr.decode("utf-8", "replace")
    with open(os.path.join(work, "transcript.txt"), "w") as f:
        f.write(out)
    transcript = out + err

    checks = [
        (r"U-Boot 2023\.01", "the banner"),
        (r"Flash: 64 MiB", "the CFI flash found by U-Boot"),
        (r"Hit any key to stop autoboot", "the autoboot prompt"),
        (r"=> version\s*\r?\nU-Boot 2023\.01", "`version` prints the version string"),
        (r"=> bdinfo\s*\r?\nboot_params\s*=\s*0x0+\r?\n", "`bdinfo` prints boot_params"),
        (r"-> start\s*=\s*0x0*40000000", "`bdinfo`: DRAM starts at 0x40000000"),
        (r"-> size\s*=\s*0x0*10000000", "`bdinfo`: 256 MiB of DRAM"),
        (r"flashstart\s*=\s*0x0+\r?\n", "`bdinfo`: flash at 0"),
        (r"=> md 0x40000000 4\s*\r?\n40000000: edfe0dd0 ",
         "`md` shows the device tree magic d00dfeed (big-endian) at 0x40000000"),
        (r"Saving Environment to Flash\.\.\.[^\n]*\r?\nErasing Flash\.\.\.", "`saveenv` erases"),
        (r"Writing to Flash\.\.\. done", "`saveenv` programs the flash"),
        (r"resetting \.\.\.", "`reset`"),
        (r"Loading Environment from Flash\.\.\. OK", "the saved environment after the reset"),
        (r"=> printenv el2sim_test\s*\r?\nel2sim_test=bar42", "the variable saved in flash"),
        (r"=>\s+poweroff\s*\r?\npoweroff \.\.\.", "`poweroff` (PSCI SYSTEM_OFF)"),
    ]
    for pattern, what in checks:
        if not re.search(pattern, transcript):
            fail("missing %s (/%s/); exit status %d" % (what, pattern, p.returncode), transcript)
    if p.returncode != 0:
        fail("el2sim exited with status %d after poweroff" % p.returncode, transcript)
    print("uboot: ok (%d bytes of transcript in %s)" % (len(out), work))


if __name__ == "__main__":
    main()
