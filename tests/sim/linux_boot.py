#!/usr/bin/python3
"""Boot Debian's arm64 Linux kernel on el2sim and on QEMU, and compare the two logs.

usage: linux_boot.py --el2sim EL2SIM --qemu QEMU [--mode MODE] [--kernel IMAGE]
                     [--work DIR]

The kernel is the one Debian's installer boots (package
debian-installer-12-netboot-arm64, which scripts/install-deps.sh installs; a missing
image fails the test). It runs without a root file system to the panic that ends
the boot ("VFS: Unable to mount root fs"): a little over a billion instructions that
set up the MMU, the GIC, the generic timer, PSCI, the PL011 and the PL031, and KVM at
EL2. MODE: "nvhe" (the default) and "protected" start the kernel at EL2 (QEMU's virt
board with virtualization=on, configs/virt.json) with KVM in that mode: nVHE keeps
only KVM's hypervisor at EL2, protected (pKVM) runs the host kernel itself under a
stage-2 translation that EL2 fills on its stage-2 faults; "el1" starts it at EL1,
without EL2 (virtualization=off, configs/virt-el1.json, PSCI over HVC).

The two kernel logs must be the same lines in the same order, timestamps removed,
after taking out the lines listed in DEVIATIONS: the devices of QEMU's board that
el2sim does not model, AArch32, the size of QEMU's device tree, the host clock
(QEMU's PL031) and the place of one line that the console prints when it gets to it.
"""
import argparse
import difflib
import json
import os
import re
import subprocess
import sys
import threading

KERNEL = "/usr/lib/debian-installer/images/12/arm64/text/debian-installer/arm64/linux"
QEMU_ARGS = ["-cpu", "cortex-a57", "-m", "256M", "-nographic", "-monitor", "none", "-nic", "none"]
END = re.compile(r"---\[ end Kernel panic - not syncing: VFS: Unable to mount root fs")
# el2sim runs to this limit (exit status 3), a little past the end of the boot, so that
# the run and its statistics are the same every time.
MAX_INSNS = 1600000000
TIMEOUT_S = 300

# (side, pattern, why): lines of that side ("qemu", "el2sim" or "both") taken out.
DEVIATIONS = [
    ("qemu", r"random: crng init done", "QEMU's device tree has /chosen/rng-seed"),
    ("both", r"NUMA: NODE_DATA \[mem ",
     "placed below the device tree, which QEMU makes 1 MiB long"),
    ("both", r"Memory: \d+K/\d+K available .* reserved",
     "the reserved memory includes the device tree's size"),
    ("qemu", r"GICv2m: ", "QEMU's MSI frame (not modelled)"),
    ("qemu", r"CPU features: detected: 32-bit EL[01] Support", "el2sim has no AArch32"),
    ("qemu", r"Registered setend emulation handler", "el2sim has no AArch32"),
    ("el2sim", r"setend instruction emulation is not supported on this system",
     "el2sim has no AArch32"),
    ("both", r"CPU features: 0x[0-9a-f]+,", "the feature bitmap holds AArch32's bits"),
    ("qemu", r"pl061_gpio ", "QEMU's PL061 GPIO (not modelled)"),
    ("qemu", r"pci-host-generic |pci_bus |pci \d{4}:", "QEMU's PCIe host bridge (not modelled)"),
    ("both", r"rtc-pl031 .*: setting system clock to ",
     "QEMU's PL031 starts at the host's clock, el2sim's at 2024-01-01"),
    ("both", r"audit: type=2000 audit\(",
     "printed when the console thread gets to it: its place varies on QEMU"),
]


def fail(msg):
    sys.stderr.write("linux_boot: FAIL: %s\n" % msg)
    sys.exit(1)


def run_to_end(cmd, log_path, stop_at_end):
    """Run cmd until it exits, TIMEOUT_S pass, or (stop_at_end) a line matches END,
    when it is stopped. Returns its lines, whether one matched END, and its exit
    status (None when it was stopped)."""
    lines = []
    with open(log_path, "w", encoding="utf-8", errors="replace") as log:
        p = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT)
        timer = threading.Timer(TIMEOUT_S, p.kill)
        timer.start()
        reached = False
        stopped = False
        try:
            for raw in p.stdout:
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                log.write(line + "\n")
                lines.append(line)
                if END.search(line):
                    reached = True
                    if stop_at_end:
                        p.kill()
                        stopped = True
                        break
            p.wait()  # (the timer kills it if it does not end)
        finally:
            timer.cancel()
            if p.poll() is None:
                p.kill()
                stopped = True
                p.wait()
    return lines, reached, None if stopped else p.returncode


# Durations the kernel measures with the clock, which on QEMU is the host's.
DURATION = re.compile(r"\b(in|took) \d+ ?(ms|usecs)\b")


def kernel_lines(lines):
    """The kernel's log lines, timestamps and measured durations removed, deviations
    not yet taken out."""
    out = []
    for line in lines:
        m = re.match(r"^\[\s*\d+\.\d+\] (.*)$", line)
        if m:
            out.append(DURATION.sub(r"\1 <time>", m.group(1)))
    return out


def without_deviations(lines, side):
    pats = [re.compile(p) for s, p, _ in DEVIATIONS if s in (side, "both")]
    return [l for l in lines if not any(p.search(l) for p in pats)]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--el2sim", required=True)
    ap.add_argument("--qemu", required=True)
    ap.add_argument("--mode", choices=["nvhe", "protected", "el1"], default="nvhe")
    ap.add_argument("--kernel", default=KERNEL)
    ap.add_argument("--work", default="linux_boot.tmp")
    a = ap.parse_args()
    if not os.path.isfile(a.kernel):
        fail("%s is missing (install debian-installer-12-netboot-arm64: "
             "scripts/install-deps.sh)" % a.kernel)
    os.makedirs(a.work, exist_ok=True)
    el2 = a.mode != "el1"
    append = "console=ttyAMA0 earlycon=pl011,0x09000000 nokaslr"
    if el2:
        append += " kvm-arm.mode=" + a.mode
    machine = "virt" if el2 else "virt-el1"
    qemu_machine = "virt,gic-version=2" + (",virtualization=on" if el2 else "")
    stats = os.path.join(a.work, "stats-%s.json" % a.mode)
    if os.path.exists(stats):
        os.remove(stats)
    sim, sim_end, sim_status = run_to_end([a.el2sim, "--machine", machine, "--kernel", a.kernel,
                               "--append", append,
                               "--max-insns", str(MAX_INSNS), "--stats", stats],
                              os.path.join(a.work, "el2sim-%s.log" % a.mode), False)
    if not sim_end:
        fail("el2sim did not reach the end of the boot (log in %s)" % a.work)
    if sim_status != 3:
        fail("el2sim ended with status %s, not 3 (the instruction limit; log in %s)" %
             (sim_status, a.work))
    qemu, qemu_end, _ = run_to_end([a.qemu, "-M", qemu_machine] + QEMU_ARGS +
                                ["-kernel", a.kernel, "-append", append],
                                os.path.join(a.work, "qemu-%s.log" % a.mode), True)
    if not qemu_end:
        fail("QEMU did not reach the end of the boot (log in %s)" % a.work)

    ours = kernel_lines(sim)
    theirs = kernel_lines(qemu)
    ready = {"nvhe": "kvm [1]: Hyp mode initialized successfully",
             "protected": "kvm [1]: Protected nVHE mode initialized successfully",
             "el1": "kvm [1]: HYP mode not available"}[a.mode]
    for what in ("Booting Linux on physical CPU 0x0000000000 [0x411fd070]",
                 "psci: PSCIv1.1 detected in firmware.",
                 # The kernel deactivates interrupts apart from EOI only when at EL2.
                 "GIC: Using split EOI/Deactivate mode" if el2 else "Root IRQ handler: gic_handle_irq",
                 # At EL2 the kernel uses the physical timer, at EL1 the virtual one.
                 "arch_timer: cp15 timer(s) running at 62.50MHz (%s)." % ("phys" if el2 else "virt"),
                 "CPU: All CPU(s) started at EL%d" % (2 if el2 else 1), ready,
                 "rtc-pl031 9010000.pl031: registered as rtc0"):
        if not any(what in l for l in ours):
            fail("el2sim's log lacks %r" % what)
    a_lines = without_deviations(theirs, "qemu")
    b_lines = without_deviations(ours, "el2sim")
    if a_lines != b_lines:
        diff = difflib.unified_diff(a_lines, b_lines, "qemu", "el2sim", lineterm="", n=2)
        sys.stdout.write("\n".join(diff) + "\n")
        fail("the kernel logs differ (mode %s; logs in %s)" % (a.mode, a.work))

    # The run itself: KVM's code ran at EL2, and under pKVM the host took stage-2 faults
    # there (its memory is mapped on demand).
    with open(stats) as f:
        s = json.load(f)
    if el2 != (s.get("cpu0.insns.el2", 0) > 0):
        fail("%d instructions ran at EL2" % s.get("cpu0.insns.el2", 0))
    s2_faults = (s.get("cpu0.exceptions.sync.DataAbortLower.el2", 0) +
                 s.get("cpu0.exceptions.sync.InsnAbortLower.el2", 0))
    if a.mode == "protected" and s2_faults == 0:
        fail("pKVM: the host took no stage-2 fault at EL2")
    print("linux_boot %s: %d log lines the same on el2sim and QEMU (%d of QEMU's and %d of "
          "el2sim's taken out as deviations); %d instructions, %d at EL2, %d stage-2 aborts "
          "taken to EL2" % (a.mode, len(b_lines), len(theirs) - len(a_lines),
                            len(ours) - len(b_lines), s.get("sim.instructions", 0),
                            s.get("cpu0.insns.el2", 0), s2_faults))


if __name__ == "__main__":
    main()
