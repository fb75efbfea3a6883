#!/usr/bin/python3
"""Random differential testing: el2sim against qemu-system-aarch64.

For every seed and exception level: generate an image with risugen.py, build it
(clang --target=aarch64-none-elf, ld.lld), run it on el2sim and on QEMU, and
compare the per-block state hashes.  On the first differing block, rebuild the
image with full dumps and print the block's disassembly and every register
that differs.  Fails on any difference, on a non-zero exit or a timeout, or
when QEMU, el2sim or the toolchain is missing (never a skip).

  run_conf.py --el2sim build/bin/el2sim --seeds 1-20 --els 0,1,2 --blocks 200
  run_conf.py --el2sim ... --seeds 7 --els 1 --keep /tmp/conf   # keep the images
"""
import argparse
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
QEMU_ARGS = ["-M", "virt,gic-version=2,virtualization=on", "-cpu", "cortex-a57", "-m", "256M",
             "-nographic", "-monitor", "none", "-nic", "none"]


def parse_seeds(text):
    seeds = []
    for part in text.split(","):
        if "-" in part:
            a, b = part.split("-")
            seeds.extend(range(int(a), int(b) + 1))
        elif part:
            seeds.append(int(part))
    return seeds


def tool(name, *alts):
    for n in (name,) + alts:
        p = shutil.which(n)
        if p:
            return p
    return name  # reported as missing when run


def run(cmd, timeout):
    try:
        p = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout)
    except OSError as e:  # missing, not executable, being rebuilt
        return None, f"cannot execute {cmd[0]}: {e.strerror}"
    except subprocess.TimeoutExpired as e:
        return (e.stdout or b"").decode("utf-8", "replace"), f"timed out after {timeout} s"
    out = p.stdout.decode("utf-8", "replace")
    if p.returncode != 0:
        return out, f"exit status {p.returncode}: {p.stderr.decode('utf-8', 'replace').strip()}"
    return out, None


def build_elf(base, before=(), clang_flags=()):
    """Runs the commands before (those that write base.s), then assembles base.s (clang
    --target=aarch64-none-elf) and links base.elf (ld.lld, link.ld); returns its path.
    A command that fails raises RuntimeError naming it."""
    for cmd in (*before,
                [tool("clang", "clang-14"), "--target=aarch64-none-elf", *clang_flags, "-c",
                 base + ".s", "-o", base + ".o"],
                [tool("ld.lld", "ld.lld-14"), "--no-relax", "-T", os.path.join(HERE, "link.ld"),
                 base + ".o", "-o", base + ".elf"]):
        _, err = run(cmd, 120)
        if err:
            raise RuntimeError(f"{' '.join(cmd)}: {err}")
    return base + ".elf"


def run_both(a, elf):
    """Runs elf on el2sim (with the machine model a.machine) and on QEMU; returns
    ((el2sim output, error), (QEMU output, error))."""
    sim = [a.el2sim, "--kernel", elf]
    if a.machine:
        sim[1:1] = ["--machine", a.machine]
    e_out, e_err = run(sim, a.timeout)
    q_out, q_err = run([a.qemu] + QEMU_ARGS + ["-kernel", elf], a.timeout)
    return (e_out, e_err), (q_out, q_err)


class Runner:
    def __init__(self, a, workdir):
        self.a = a
        self.work = workdir
        self.objdump = tool("llvm-objdump", "llvm-objdump-14")
        self.nm = tool("llvm-nm", "llvm-nm-14")

    def build(self, seed, el, full):
        base = os.path.join(self.work, f"s{seed}_el{el}{'_mmu' if self.a.mmu == 'on' else ''}"
                            f"{'_full' if full else ''}")
        gen = [sys.executable, os.path.join(HERE, "risugen.py"), "--seed", str(seed),
               "--blocks", str(self.a.blocks), "--insns", str(self.a.insns), "--el", str(el),
               "-o", base + ".s"]
        if full:
            gen.append("--full")
        if self.a.hcr_traps:
            gen += ["--hcr-traps", self.a.hcr_traps]
        gen += ["--mmu", self.a.mmu]
        return build_elf(base, [gen], ["-march=armv8-a+crc"])

    def check(self, seed, el):
        """Returns None when both agree, else a report."""
        elf = self.build(seed, el, False)
        (e_out, e_err), (q_out, q_err) = run_both(self.a, elf)
        if q_err or q_out is None:
            return f"seed {seed} el {el}: qemu: {q_err}"
        if "END" not in q_out.splitlines():
            return f"seed {seed} el {el}: qemu output has no END line:\n{q_out[-2000:]}"
        # The image's own alarms (an exception it does not expect): a generator bug.
        alarms = [ln for ln in q_out.splitlines() + (e_out or "").splitlines()
                  if ln.startswith("UNEXPECTED")]
        if alarms:
            return f"seed {seed} el {el}: {alarms[0]}"
        el_lines = (e_out or "").splitlines()
        q_lines = q_out.splitlines()
        first = None
        for i, ql in enumerate(q_lines):
            if i >= len(el_lines) or el_lines[i] != ql:
                first = i
                break
        if first is None and len(el_lines) != len(q_lines):
            first = len(q_lines)
        if first is None and not e_err:
            return None
        head = f"seed {seed} el {el}: " + (f"el2sim: {e_err}; " if e_err else "")
        if e_err and not el_lines:
            return head + "no output"
        if first is None:
            return head + "outputs agree but el2sim failed"
        m = re.match(r"B([0-9a-f]{4}) ", q_lines[first]) if first < len(q_lines) else None
        if not m:
            return (head + f"outputs differ at line {first + 1}:\n  qemu:   "
                    f"{q_lines[first] if first < len(q_lines) else '<eof>'}\n  el2sim: "
                    f"{el_lines[first] if first < len(el_lines) else '<eof>'}")
        blk = int(m.group(1), 16)
        return head + f"first differing block {blk}\n" + self.explain(seed, el, blk)

    def explain(self, seed, el, blk):
        elf = self.build(seed, el, True)
        (e_out, _), (q_out, _) = run_both(self.a, elf)
        report = []
        # Disassembly of the block.
        syms, _ = run([self.nm, elf], 30)
        addr = {}
        for line in (syms or "").splitlines():
            parts = line.split()
            if len(parts) == 3:
                addr[parts[2]] = int(parts[0], 16)
        start, stop = addr.get(f"block_{blk}"), addr.get(f"block_{blk}_end")
        if start is not None and stop is not None:
            dis, _ = run([self.objdump, "-d", "--mattr=+crc",
                          f"--start-address=0x{start:x}", f"--stop-address=0x{stop:x}", elf],
                         30)
            body = [ln for ln in (dis or "").splitlines() if re.match(r"\s*[0-9a-f]+:", ln)]
            report.append(f"block {blk} (0x{start:x}-0x{stop:x}, {elf}):")
            report.extend("  " + ln.strip() for ln in body)

        def state(out, b):
            lines = (out or "").splitlines()
            tag = f"B{b:04x} "
            regs = {}
            for i, ln in enumerate(lines):
                if ln.startswith(tag):
                    for r in lines[i + 1:]:
                        if not r.startswith(" "):
                            break
                        k, v = r.split()
                        regs[k] = v
                    break
            return regs
        names = {"x31": "nzcv (fpsr in bits 63:32)", "e00": "EL1 exc count",
                 "e01": "EL1 last ESR", "e02": "EL1 last ELR", "e03": "EL1 exc hash", "e04": "EL1 last SPSR",
                 "e05": "EL2 exc count", "e06": "EL2 last ESR", "e07": "EL2 last ELR",
                 "e08": "EL2 exc hash", "e09": "EL2 last SPSR",
                 "s": "state hash (scratch hashed after it)"}
        prev_q, prev_e = state(q_out, blk - 1) if blk else {}, state(e_out, blk - 1) if blk else {}
        if prev_q != prev_e:
            report.append("(the full-dump run differs before this block already)")
        sq, se = state(q_out, blk), state(e_out, blk)
        report.append(f"state after block {blk}: register  qemu  el2sim  (before block)")
        for k in sq:
            if sq.get(k) != se.get(k):
                report.append(f"  {k:4} {names.get(k, ''):22} qemu {sq.get(k)}  el2sim "
                              f"{se.get(k)}  before {prev_q.get(k)}")
        if sq == se:
            report.append("  registers agree: the scratch buffer differs")
        return "\n".join(report)


class TranscriptGen:
    """What the generators of TranscriptRunner images share: the seed's random numbers
    (r), the assembly lines of the main sequence (lines), one description per access
    (log) and, for each transcript line, the index into log of the access it shows
    (reads). A line starts with line() and ends with report(), which calls the image's
    report routine with the line's number in x1."""

    def __init__(self, seed):
        self.r = random.Random(seed)
        self.lines = []
        self.log = []
        self.reads = []
        self.snippets = []  # EL0 and EL1 code (run_at), placed after the main sequence

    def emit(self, s):
        self.lines.append("    " + s)

    def mov(self, reg, value):
        """MOVZ and MOVKs, not a literal pool: clang 14 lets `ldr x, =v` share a 4-byte
        entry of the same value, and an 8-byte literal may be misaligned (an alignment
        fault with the MMU off, where memory is Device)."""
        bits = 64 if reg.startswith("x") else 32
        value &= (1 << bits) - 1
        self.emit(f"movz {reg}, #0x{value & 0xFFFF:x}")
        for sh in range(16, bits, 16):
            if (value >> sh) & 0xFFFF:
                self.emit(f"movk {reg}, #0x{(value >> sh) & 0xFFFF:x}, lsl #{sh}")

    def run_at(self, el, code):
        """Emits the instructions code to run at EL el: in line at EL2; at EL1 or EL0 as a
        snippet ended by HVC #0x77 (SVC #0x77 at EL0) and entered through at_el1 or at_el0
        (ENTER_LOWER_EL) with its address in x4."""
        if el == 2:
            for ins in code:
                self.emit(ins)
            return
        label = f"snip{len(self.snippets)}"
        body = [f"{label}:"] + ["    " + ins for ins in code]
        body.append("    svc #0x77" if el == 0 else "    hvc #0x77")
        self.snippets.append("\n".join(body))
        self.emit(f"adr x4, {label}")
        self.emit(f"bl at_el{el}")

    def line(self, desc):
        """Starts a transcript line: what it shows, for the report of a difference."""
        self.reads.append(len(self.log))
        self.log.append(desc)

    def report(self):
        """Ends a transcript line."""
        self.mov("x1", len(self.reads) - 1)
        self.emit("bl report")


def report_routine(fields):
    """The assembly of a TranscriptGen image's `report` routine: it prints the line
    number (x1) in four hex digits, then each (register, hex digits) of fields after a
    space (x0 is in x26 by then), and a newline. It keeps its return address in x25;
    the console routines (risugen.CONSOLE) use x9-x15."""
    out = ["report:", "    mov x25, x30", "    mov x26, x0", "    mov x0, x1", "    mov x1, #4",
           "    bl puthex"]
    for reg, digits in fields:
        out += ["    mov w0, #' '", "    bl putc", f"    mov x0, {reg}", f"    mov x1, #{digits}",
                "    bl puthex"]
    out += ["    mov w0, #'\\n'", "    bl putc", "    mov x30, x25", "    ret"]
    return "\n".join(out) + "\n"


# Runs the code at x4 at EL1 (EL1h, at_el1) or EL0 (at_el0), entered from EL2 by ERET
# with every exception masked; the caller's return address waits in x24 for the EL2
# handler that ends the code.
ENTER_LOWER_EL = """at_el1:
    mov x3, #0x3c5
    b 1f
at_el0:
    mov x3, #0x3c0
1:  mov x24, x30
    msr elr_el2, x4
    msr spsr_el2, x3
    isb
    eret
"""


class TranscriptRunner:
    """Builds a generated image, runs it on el2sim and on QEMU and compares their
    transcripts line by line (gic_diff.py, sysreg_diff.py). make_gen(seed) returns the
    seed's generator, a TranscriptGen whose generate() gives the assembly text."""

    def __init__(self, a, work, name, make_gen):
        self.a = a
        self.work = work
        self.name = name
        self.make_gen = make_gen

    def build(self, seed):
        g = self.make_gen(seed)
        base = os.path.join(self.work, f"{self.name}{seed}")
        with open(base + ".s", "w") as f:
            f.write(g.generate())
        return g, build_elf(base)

    def check(self, seed):
        g, elf = self.build(seed)
        (e_out, e_err), (q_out, q_err) = run_both(self.a, elf)
        if q_err or q_out is None:
            return f"seed {seed}: qemu: {q_err}"
        q_lines = q_out.splitlines()
        e_lines = (e_out or "").splitlines()
        if "END" not in q_lines:
            return f"seed {seed}: qemu output has no END line:\n{q_out[-2000:]}"

        def fields(line):  # a transcript line without its number
            return line.split(" ", 1)[-1]
        for i, ql in enumerate(q_lines):
            el = e_lines[i] if i < len(e_lines) else "<eof>"
            if el == ql:
                continue
            if ql == "END" or i >= len(g.reads):
                return f"seed {seed}: outputs differ at line {i + 1}: qemu {ql!r}, el2sim {el!r}"
            at = g.reads[i]
            first = max(0, at - self.a.context)
            rep = [f"seed {seed}: read {i} differs: {g.log[at]}: qemu {fields(ql)}, "
                   f"el2sim {fields(el)}", "  accesses before it:"]
            value = {}  # log index -> the line read, both agreeing before `at`
            for k, line in enumerate(q_lines[:i]):
                value[g.reads[k]] = fields(line)
            rep += [f"    {j:4} {g.log[j]}" + (f" = {value[j]}" if j in value else "")
                    for j in range(first, at)]
            return "\n".join(rep)
        if len(e_lines) != len(q_lines):
            return f"seed {seed}: el2sim printed {len(e_lines) - len(q_lines)} more lines"
        if e_err:
            return f"seed {seed}: el2sim: {e_err}"
        return None


def add_runner_args(ap):
    """The options every differential runner here takes (this one, gic_diff.py,
    sysreg_diff.py); parse them with parse_runner_args()."""
    ap.add_argument("--el2sim", required=True)
    ap.add_argument("--machine", default=os.path.join(HERE, "..", "..", "configs", "virt.json"))
    ap.add_argument("--qemu", default="qemu-system-aarch64")
    ap.add_argument("--seeds", default="1-20")
    ap.add_argument("--timeout", type=int, default=60)
    ap.add_argument("--keep", help="directory for the generated images (kept)")
    ap.add_argument("--max-failures", type=int, default=5)


def parse_runner_args(ap):
    """Parses the command line; a missing QEMU or el2sim prints a FAIL line and exits
    with status 1 (a failure, never a skip)."""
    a = ap.parse_args()
    if shutil.which(a.qemu) is None and not os.path.isfile(a.qemu):
        print(f"FAIL: {a.qemu} not found (QEMU is required, never skipped)")
        sys.exit(1)
    if not os.path.isfile(a.el2sim):
        print(f"FAIL: el2sim not found at {a.el2sim}")
        sys.exit(1)
    return a


def transcript_main(doc, name, add_args, make_gen, size):
    """main() of a TranscriptRunner script (gic_diff.py, sysreg_diff.py, mmu_diff.py):
    the runner options and add_args(ap)'s, then each seed's image, made by
    make_gen(args, seed), built, run and compared; size(args) says how large a run is in
    the summary line. Returns the exit status."""
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    add_runner_args(ap)
    add_args(ap)
    a = parse_runner_args(ap)
    cases = ((f"seed {seed}", (seed,)) for seed in parse_seeds(a.seeds))
    runs, failures = campaign(
        a, f"el2sim-{name}-",
        lambda work: TranscriptRunner(a, work, name, lambda seed: make_gen(a, seed)), cases)
    print(f"{runs} runs ({size(a)}), {failures} failed")
    return 1 if failures else 0


def campaign(a, prefix, make_runner, cases):
    """Runs make_runner(work).check(*args) for each (label, args) of cases, in a work
    directory (a.keep, or a temporary one removed at the end), printing an ok or FAIL
    line for each and stopping after a.max_failures failures. Returns (runs, failures)."""
    work = a.keep or tempfile.mkdtemp(prefix=prefix)
    os.makedirs(work, exist_ok=True)
    r = make_runner(work)
    runs = failures = 0
    for label, args in cases:
        runs += 1
        try:
            rep = r.check(*args)
        except RuntimeError as e:
            rep = f"{label}: build failed: {e}"
        if rep:
            failures += 1
            print("FAIL " + rep, flush=True)
            if failures >= a.max_failures:
                break
        else:
            print(f"ok   {label}", flush=True)
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)
    return runs, failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    add_runner_args(ap)
    ap.add_argument("--els", default="0,1,2")
    ap.add_argument("--blocks", type=int, default=200)
    ap.add_argument("--insns", type=int, default=24)
    ap.add_argument("--hcr-traps", default=None)
    ap.add_argument("--mmu", choices=("off", "on"), default="off",
                    help="on: stage-1 translation, stage 2 at EL0/EL1, unaligned and "
                         "page-crossing accesses (risugen.py --mmu on)")
    a = parse_runner_args(ap)
    els = [int(x) for x in a.els.split(",")]
    cases = ((f"seed {seed} el {el}", (seed, el)) for seed in parse_seeds(a.seeds) for el in els)
    runs, failures = campaign(a, "el2sim-conf-", lambda work: Runner(a, work), cases)
    print(f"{runs} runs ({a.blocks} blocks x {a.insns} instructions, MMU {a.mmu}), "
          f"{failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
