#!/usr/bin/python3
"""Boot Debian's installer (its arm64 kernel and initrd) on el2sim and on QEMU, up to
its first dialog.

usage: linux_installer.py --el2sim EL2SIM --qemu QEMU --machine VIRT_JSON [--work DIR]

The kernel and initrd are those of package debian-installer-12-netboot-arm64 (which
scripts/install-deps.sh installs; missing images fail the test). With 1 GiB of RAM
(the machine model VIRT_JSON with its RAM enlarged) the kernel unpacks the initrd and
runs its /init: busybox's shell scripts, udev, GNU screen, and debconf's newt front
end of the installer, dynamically linked programs whose C library uses AdvSIMD in its
string functions. Both simulators must draw the installer's "Select a language"
dialog on the serial console; each is stopped once it has. The screen is full of
escape sequences and a clock, so the test checks the dialog's text, not the bytes,
and that no program died of SIGILL or SIGSEGV beyond the gaps KNOWN_GAPS lists.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import threading
import time

IMAGES = "/usr/lib/debian-installer/images/12/arm64/text/debian-installer/arm64"
APPEND = "console=ttyAMA0"
# The dialog's text, in the order newt draws it; the last one ends the run.
DIALOG = ["Select a language", "Language:", "English", "<Go Back>",
          "<Tab> moves; <Space> selects; <Enter> activates buttons"]
# el2sim would stop here (exit status 3) if the dialog never came.
MAX_INSNS = 12000000000
TIMEOUT_S = 1200
# What el2sim does not do yet, as (output it leaves, why) pairs: the test fails while the
# text is missing too (then the gap is closed and its line goes). None at present: the
# last, haveged's SIGILL at SCVTF, went with the FP arithmetic.
KNOWN_GAPS = []
ESCAPE = re.compile(rb"\x1b(\[[0-9;?]*[A-Za-z]|\([0-9A-Za-z]|[=>78])")


def fail(msg):
    sys.stderr.write("linux_installer: FAIL: %s\n" % msg)
    sys.exit(1)


def run_to_dialog(cmd, log_path):
    """Run cmd until the dialog's last line shows, it exits, or TIMEOUT_S pass. Returns
    its output with the escape sequences removed, whether the dialog showed, its exit
    status (None when it was stopped) and the seconds it ran."""
    start = time.monotonic()
    raw = bytearray()
    p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.STDOUT)
    timer = threading.Timer(TIMEOUT_S, p.kill)
    timer.start()
    shown = False
    end = DIALOG[-1].encode()
    try:
        while True:
            chunk = os.read(p.stdout.fileno(), 65536)
            if not chunk:
                break
            raw += chunk
            if end in ESCAPE.sub(b"", bytes(raw[-4096:])):
                shown = True
                break
    finally:
        timer.cancel()
        stopped = p.poll() is None
        if stopped:
            p.kill()
        p.wait()
    with open(log_path, "wb") as f:
        f.write(raw)
    text = ESCAPE.sub(b"", bytes(raw)).decode("utf-8", "replace")
    return text, shown, None if stopped else p.returncode, time.monotonic() - start


def check(name, text, shown, status, log, gaps):
    if not shown:
        fail("%s did not draw the installer's first dialog (exit status %s; output in %s)" %
             (name, status, log))
    if "Run /init as init process" not in text:
        fail("%s did not start /init (output in %s)" % (name, log))
    pos = 0
    for what in DIALOG:
        at = text.find(what, pos)
        if at < 0:
            fail("%s's screen lacks %r after the dialog's title (output in %s)" % (name, what, log))
        pos = at
    for gap, why in gaps:
        if gap not in text:
            fail("%s no longer shows a known gap, %s: take it out of KNOWN_GAPS (output in %s)"
                 % (name, why, log))
        text = text.replace(gap, "", 1)
    for bad in ("Kernel panic", "Illegal instruction", "Segmentation fault",
                "undefined instruction"):
        if bad in text:
            fail("%s's output shows %r (output in %s)" % (name, bad, log))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--el2sim", required=True)
    ap.add_argument("--qemu", required=True)
    ap.add_argument("--machine", required=True, help="configs/virt.json")
    ap.add_argument("--work", default="linux_installer.tmp")
    a = ap.parse_args()
    kernel = os.path.join(IMAGES, "linux")
    initrd = os.path.join(IMAGES, "initrd.gz")
    for f in (kernel, initrd):
        if not os.path.isfile(f):
            fail("%s is missing (install debian-installer-12-netboot-arm64: "
                 "scripts/install-deps.sh)" % f)
    os.makedirs(a.work, exist_ok=True)
    with open(a.machine) as f:
        model = json.load(f)
    rams = [r for r in model.get("memory", []) if r.get("type") == "ram"]
    if len(rams) != 1:
        fail("%s: expected one region of type \"ram\" in \"memory\"" % a.machine)
    rams[0]["size"] = "1GiB"
    machine = os.path.join(a.work, "virt-1g.json")
    with open(machine, "w") as f:
        json.dump(model, f, indent=2)

    log = os.path.join(a.work, "el2sim.log")
    text, shown, status, secs = run_to_dialog(
        [a.el2sim, "--machine", machine, "--kernel", kernel, "--initrd", initrd, "--append",
         APPEND, "--max-insns", str(MAX_INSNS)], log)
    check("el2sim", text, shown, status, log, KNOWN_GAPS)
    sim_secs = secs
    log = os.path.join(a.work, "qemu.log")
    text, shown, status, secs = run_to_dialog(
        [a.qemu, "-M", "virt,gic-version=2,virtualization=on", "-cpu", "cortex-a57", "-m", "1G",
         "-nographic", "-monitor", "none", "-nic", "none", "-kernel", kernel, "-initrd", initrd,
         "-append", APPEND], log)
    check("QEMU", text, shown, status, log, [])
    print("linux_installer: el2sim and QEMU both drew the installer's \"Select a language\" "
          "dialog (el2sim in %.0f s, QEMU in %.0f s)" % (sim_secs, secs))


if __name__ == "__main__":
    main()
