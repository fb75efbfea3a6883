#!/usr/bin/python3
"""Debug the same firmware image with gdb-multiarch on el2sim (--gdb) and on QEMU
(-gdb ... -S), with the same GDB script, and compare what GDB prints.

usage: gdb_diff.py --el2sim EL2SIM --qemu QEMU --gdb GDB --work DIR ELF

The script stops at the reset state, at a write watchpoint and a read watchpoint, (CPSR without its flags: NZCV are UNKNOWN at
reset; QEMU sets Z, el2sim clears them all) and at breakpoints, reads registers (general,
SP, PC, CPSR, SIMD&FP, FPSR/FPCR) and memory, single-steps, finishes a function,
writes a register and memory that the program no longer needs (x17, v31,
the free stack below SP) and reads them back, sets a temporary breakpoint in a
loop, and lets the program run to its end, when GDB learns the exit status. GDB's
output must be the same line for line, once the port numbers and the way the two
stubs name the inferior are made the same. A missing gdb-multiarch or QEMU fails the
test (scripts/install-deps.sh installs both).
"""
import argparse
import os
import re
import socket
import subprocess
import sys
import time

TIMEOUT_S = 120

SCRIPT = """\
set pagination off
set confirm off
set width 0
target remote :{port}
p/x $pc
p/x $cpsr & 0x0fffffff
p/x $sp
break test_main
continue
p/x $pc
info symbol $pc
watch crc_table[255]
continue
p/x $pc
p/x crc_table[255]
delete 2
break crc32_buf
continue
bt 1
p/x $x0
p/x $x1
p/x $lr
stepi
stepi
stepi
p/x $pc
x/4xw $pc
x/2i $pc
finish
p/x $x0
p/x $sp
p/x $fpcr
p/x $fpsr
p $v0.d.u
p $v1.s.u
set $x17 = 0x1234
p/x $x17
set $v31.d.u[1] = 0x1122334455667788
p/x $v31.d.u
p/x $v31.b.u
x/2gx $sp - 64
set {{unsigned long}}($sp - 64) = 0xfeedface
x/2gx $sp - 64
delete
tbreak udivx
continue
p/x $x1
p/x $x2
p/x $cpsr
rwatch rng_state
continue
p/x $pc
p/x rng_state
delete
continue
"""


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def normalise(text, port):
    out = []
    for line in text.splitlines():
        line = line.replace(":%d" % port, ":PORT")
        line = re.sub(r"\[Inferior 1 \(.*?\) exited", "[Inferior 1 exited", line)
        line = re.sub(r"\[(New |Switching to )?Thread [^\]]*\]", "", line)
        if line.strip():
            out.append(line)
    return out


def run(cmd, port, gdb, elf, log, wait_for=None):
    """Start the simulator, attach GDB with the script, return GDB's lines."""
    with open(log + ".sim", "w") as sim_log:
        sim = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=sim_log,
                               stderr=subprocess.PIPE, text=True)
        if wait_for:  # el2sim says where it listens
            line = sim.stderr.readline()
            m = re.search(r"target remote :(\d+)", line)
            if not m:
                sim.kill()
                sys.exit("gdb_diff: FAIL: el2sim did not announce its GDB port: %r" % line)
            port = int(m.group(1))
        else:  # QEMU: until the port takes connections
            deadline = time.time() + 20
            while time.time() < deadline:
                with socket.socket() as s:
                    if s.connect_ex(("127.0.0.1", port)) == 0:
                        break
                time.sleep(0.1)
        script = log + ".gdb"
        with open(script, "w") as f:
            f.write(SCRIPT.format(port=port))
        try:
            g = subprocess.run([gdb, "-batch", "-nx", elf, "-x", script],
                               stdin=subprocess.DEVNULL, capture_output=True, text=True,
                               timeout=TIMEOUT_S)
        except subprocess.TimeoutExpired:
            sim.kill()
            sys.exit("gdb_diff: FAIL: GDB did not finish in %d s (%s)" % (TIMEOUT_S, cmd[0]))
        try:
            status = sim.wait(timeout=30)
        except subprocess.TimeoutExpired:
            sim.kill()
            sys.exit("gdb_diff: FAIL: %s did not end after GDB's session" % cmd[0])
        err = sim.stderr.read()
    text = g.stdout + g.stderr
    with open(log, "w") as f:
        f.write(text)
    return normalise(text, port), status, err


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--el2sim", required=True)
    ap.add_argument("--qemu", required=True)
    ap.add_argument("--gdb", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("elf")
    a = ap.parse_args()
    os.makedirs(a.work, exist_ok=True)
    for tool in (a.gdb, a.qemu):
        if subprocess.run(["sh", "-c", "command -v " + tool], capture_output=True).returncode:
            sys.exit("gdb_diff: FAIL: %s not found (scripts/install-deps.sh installs it)" % tool)

    el2sim, el2sim_status, el2sim_err = run(
        [a.el2sim, "--kernel", a.elf, "--gdb", "0"], 0, a.gdb, a.elf,
        os.path.join(a.work, "el2sim.log"), wait_for=True)
    port = free_port()
    qemu, qemu_status, _ = run(
        [a.qemu, "-M", "virt,gic-version=2,virtualization=on", "-cpu", "cortex-a57",
         "-nographic", "-semihosting", "-monitor", "none", "-nic", "none", "-m", "256M",
         "-kernel", a.elf, "-gdb", "tcp:127.0.0.1:%d" % port, "-S"], port, a.gdb, a.elf,
        os.path.join(a.work, "qemu.log"))

    if el2sim != qemu:
        sys.stdout.writelines(l + "\n" for l in
                              __import__("difflib").unified_diff(qemu, el2sim, "qemu", "el2sim",
                                                                 lineterm=""))
        sys.exit("gdb_diff: FAIL: GDB's output differs (logs in %s)" % a.work)
    if el2sim_status != 0 or qemu_status != 0:
        sys.exit("gdb_diff: FAIL: exit status el2sim %d, QEMU %d; el2sim said: %s" %
                 (el2sim_status, qemu_status, el2sim_err.strip()))
    needed = ["Breakpoint 1, test_main", "New value = 755167117", "Breakpoint 3.2, crc32_buf",
              "0x1122334455667788", "0x00000000feedface", "Temporary breakpoint 4, udivx",
              "Hardware read watchpoint 5: rng_state", "exited normally"]
    missing = [n for n in needed if not any(n in l for l in el2sim)]
    if missing:
        sys.exit("gdb_diff: FAIL: the session did not get as far as %s" % missing)
    print("gdb_diff: %d lines of GDB output the same on el2sim and QEMU" % len(el2sim))


if __name__ == "__main__":
    main()
