#!/usr/bin/python3
"""el2sim benchmark runner.

Runs each workload of bench/workloads.json on el2sim and, in the same session,
on qemu-system-aarch64 (TCG, and TCG with -icount shift=0), checks that every
run exits 0 with the same UART transcript, and reports wall times, MIPS, speed
ratios, host instructions per simulated instruction (callgrind) and the share
of host work spent in the SystemC kernel, plus a sweep of the SystemC quantum
and one of the TLB geometry (on mmu-ptrchase).

    scripts/build.sh && bench/run.py

Writes results.json, results.md and results.svg to --out (bench/results/);
scratch files (stats, callgrind output, machine models) go to <out>/tmp/.
Exit status: 0 when every workload and sweep point passed, 1 when one failed
(the report says which and why), 2 for a bad command line or a missing tool.
See bench/README.md for how each number is computed.
"""
import argparse
import datetime
import html
import json
import math
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections import defaultdict

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_MACHINE = os.path.join(REPO, "configs", "virt.json")

QEMU_ARGS = ["-M", "virt,gic-version=2,virtualization=on", "-cpu", "cortex-a57",
             "-m", "256M", "-nographic", "-semihosting", "-monitor", "none",
             "-nic", "none"]
QEMU_ICOUNT_ARGS = ["-icount", "shift=0"]
# Terminal control sequences QEMU's character backend may emit (as in
# tests/firmware/run_diff.py); stripped from QEMU's transcript only.
ANSI_RE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1bc")
SUMMARY_RE = re.compile(r"^SUMMARY \S+ checks=(\d+) failures=(\d+)$")

# el2sim's exit status when --max-insns is reached.
EXIT_MAX_INSNS = 3

GROUPS = ["integer", "mmu", "hyp", "fp"]
GROUP_TITLES = {
    "integer": "integer: the kernels at EL2, MMU off",
    "mmu": "mmu: the kernels at EL1, stage 1 and stage 2 on",
    "hyp": "hyp: a hypervisor at EL2 with guests at EL1",
    "fp": "fp: floating point and AdvSIMD at EL2, MMU off (no target)",
}

# Performance targets.
TARGET_INTEGER_MIPS = 200.0
TARGET_MMU_MIPS = 150.0
TARGET_IR_PER_INSN = 25.0
TARGET_HYP_FACTOR = 3.0
TARGET_SYSTEMC_SHARE = 0.05

# Quantum sweep: quanta for both sweep workloads; the very large one (the
# model's maximum: the core almost never synchronises) for the integer one.
SWEEP_QUANTA_NS = [1000, 10000, 100000, 1000000]
LARGE_QUANTUM_NS = 1000000000
SWEEP_PREFERRED = {"integer": "sort", "hyp": "vm-switch"}

# TLB sweep: the mmu workload that misses its TLBs most, under other TLB geometries
# (cpus.tlb of configs/virt.json, whose default is the Cortex-A53's), to show what
# its speed owes to the TLB model's misses.
TLB_SWEEP_PREFERRED = "mmu-ptrchase"
TLB_GEOMETRIES = [
    ("cortex-a57", "the Cortex-A57 TRM's: 48-entry ITLB and 32-entry DTLB, fully associative; "
     "1024-entry 4-way L2 TLB",
     {"itlb": {"entries": 48, "ways": 48}, "dtlb": {"entries": 32, "ways": 32},
      "main": {"entries": 1024, "ways": 4}}),
    ("large", "4096-entry 4-way micro-TLBs, 16384-entry 4-way main TLB and IPA cache: "
     "every page the workload uses fits",
     {"itlb": {"entries": 4096, "ways": 4}, "dtlb": {"entries": 4096, "ways": 4},
      "main": {"entries": 16384, "ways": 4}, "ipa": {"entries": 16384, "ways": 4}}),
]

# Functions of these namespaces are SystemC/TLM code even when their object
# file is not libsystemc (inline header code compiled into el2sim).
SYSTEMC_NAMESPACES = ("sc_core::", "sc_dt::", "tlm::", "tlm_utils::", "sc_boost::")

SIMULATORS = [("el2sim", "el2sim"), ("qemu_tcg", "QEMU TCG"),
              ("qemu_icount", "QEMU TCG -icount shift=0")]


def log(msg):
    print(f"[bench] {msg}", file=sys.stderr, flush=True)


def die(msg, status=2):
    print(f"bench/run.py: {msg}", file=sys.stderr)
    sys.exit(status)


# --------------------------------------------------------------------------
# Running processes

class Run:
    """One finished process: exit status, stdout, stderr, wall time and the CPU
    time (user + system) the process and its threads used."""

    def __init__(self, rc, out, err, seconds, cpu_seconds=None):
        self.rc, self.out, self.err = rc, out, err
        self.seconds, self.cpu_seconds = seconds, cpu_seconds

    def problem(self):
        """What went wrong, for a run with a non-zero exit status."""
        lines = [line for line in self.err.splitlines() if line.strip()]
        last = lines[-1] if lines else ""
        return last if self.rc is None else f"exit status {self.rc}: {last}"


def children_cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_timed(cmd, timeout):
    """Runs cmd with stdin from /dev/null; wall time measured around the process,
    CPU time from the resource usage of waited-for children."""
    cpu_start = children_cpu_seconds()
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired as e:
        return Run(None, (e.stdout or b"").decode("utf-8", "replace"),
                   f"timed out after {timeout} s", time.perf_counter() - start)
    except OSError as e:
        return Run(None, "", f"cannot execute {cmd[0]}: {e}", time.perf_counter() - start)
    seconds = time.perf_counter() - start
    return Run(proc.returncode, proc.stdout.decode("utf-8", "replace"),
               proc.stderr.decode("utf-8", "replace"), seconds,
               children_cpu_seconds() - cpu_start)


def command_output(cmd):
    """First line of a command's output, or None if it cannot run."""
    try:
        out = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True,
                             text=True, timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired):
        return None
    lines = out.strip().splitlines()
    return lines[0] if lines else None


# --------------------------------------------------------------------------
# el2sim statistics and callgrind output

def read_stats(path):
    """Instruction and exception counts from an el2sim --stats file."""
    with open(path) as f:
        stats = json.load(f)
    per_el = defaultdict(int)
    exceptions = {}  # taken, by kind ("returns", the ERETs, is counted apart)
    returns = 0
    tlb = {"dtlb_miss": 0, "main_miss": 0, "walks": 0, "walk_refs": 0}
    tlb_keys = {"tlb.dtlb.miss": "dtlb_miss", "tlb.main.miss": "main_miss",
                "walk.count": "walks", "walk.refs": "walk_refs"}
    for key, value in stats.items():
        m = re.match(r"cpu\d+\.(.+)$", key)
        if m and m.group(1) in tlb_keys:
            tlb[tlb_keys[m.group(1)]] += value
        m = re.match(r"cpu\d+\.insns\.(el\d)$", key)
        if m:
            per_el[m.group(1)] += value
        m = re.match(r"cpu\d+\.exceptions\.(.+)$", key)
        if m and m.group(1) == "returns":
            returns += value
        elif m and value:
            exceptions[m.group(1)] = exceptions.get(m.group(1), 0) + value
    return {
        "instructions": stats["sim.instructions"],
        "exceptions": sum(exceptions.values()),
        "exception_returns": returns,
        "instructions_per_el": dict(sorted(per_el.items())),
        "exceptions_by_kind": dict(sorted(exceptions.items())),
        "sim_time_ns": stats.get("sim.time_ns"),
        "tlb": tlb,
    }


def parse_callgrind(path):
    """Total Ir and self Ir per object file and per function of a callgrind.out file.

    Cost lines are attributed to the current ob= and fn=; the cost line that
    follows a calls= line is the inclusive cost of that call and is skipped, so
    every instruction is counted once, in the function that executed it.
    ob/cob and fn/cfn share a name-compression table each ("(id) name"
    defines an id, "(id)" refers to it).
    """
    tables = {"ob": {}, "fn": {}}
    table_of = {"ob": "ob", "cob": "ob", "fn": "fn", "cfn": "fn"}
    positions, ir_index = 1, 0
    summary = None
    by_object = defaultdict(int)
    by_function = defaultdict(int)
    ob = fn = ""
    skip_cost_line = False
    with open(path, errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            if line[0].isdigit() or line[0] in "+-*":
                if skip_cost_line:
                    skip_cost_line = False
                    continue
                fields = line.split()
                if len(fields) > positions + ir_index:
                    cost = int(fields[positions + ir_index])
                    by_object[ob] += cost
                    by_function[(ob, fn)] += cost
                continue
            key, sep, value = line.partition("=")
            if sep and key in table_of:
                m = re.match(r"\((\d+)\)(?: (.*))?$", value)
                table = tables[table_of[key]]
                if m:
                    if m.group(2) is not None:
                        table[m.group(1)] = m.group(2)
                    value = table.get(m.group(1), value)
                if key == "ob":
                    ob = value
                elif key == "fn":
                    fn = value
            elif sep and key == "calls":
                skip_cost_line = True
            elif line.startswith("positions:"):
                positions = len(line.split()[1:])
            elif line.startswith("events:"):
                events = line.split()[1:]
                if "Ir" not in events:
                    raise ValueError(f"{path}: no Ir event")
                ir_index = events.index("Ir")
            elif line.startswith("summary:") or (line.startswith("totals:") and summary is None):
                summary = int(line.split()[1 + ir_index])
    total = sum(by_object.values())
    if summary is not None and summary != total:
        raise ValueError(f"{path}: self costs add up to {total}, summary says {summary}")
    return total, dict(by_object), dict(by_function)


def is_systemc_object(ob):
    return os.path.basename(ob).startswith("libsystemc")


def systemc_cost(by_object, by_function):
    """(Ir in libsystemc*, Ir in libsystemc* plus SystemC/TLM functions elsewhere)."""
    lib = sum(c for ob, c in by_object.items() if is_systemc_object(ob))
    inlined = sum(c for (ob, fn), c in by_function.items()
                  if not is_systemc_object(ob) and fn.startswith(SYSTEMC_NAMESPACES))
    return lib, lib + inlined


# --------------------------------------------------------------------------
# The benchmark

# A run whose wall time exceeds its CPU time by this factor waited for a CPU:
# the host was busy and the wall time is inflated.
BUSY_FACTOR = 1.25


# A run on a host whose neighbours take its caches or its CPU's speed runs slower
# without waiting for a CPU: its CPU time is inflated too. To show when that happened,
# a fixed loop of integer arithmetic is timed (CPU time) before every el2sim run. On
# an undisturbed host it takes the same time each time.
PROBE_ITERATIONS = 300_000
# A probe this many times slower than the run's fastest marks a disturbed host.
PROBE_SLOW_FACTOR = 1.2
MASK64 = (1 << 64) - 1


def host_probe():
    """CPU seconds the fixed loop takes now."""
    start = time.process_time()
    x, acc = 0x9E3779B97F4A7C15, 0
    for _ in range(PROBE_ITERATIONS):
        x ^= (x << 13) & MASK64
        x ^= x >> 7
        x ^= (x << 17) & MASK64
        acc += x & 0xFF
    return time.process_time() - start


def summarize_seconds(seconds):
    """Median, minimum and maximum of times in seconds, or None for none."""
    if not seconds:
        return None
    return {"runs_s": seconds, "median_s": statistics.median(seconds),
            "min_s": min(seconds), "max_s": max(seconds)}


def summarize_times(runs):
    """Wall-time statistics of runs, their CPU times and how many waited for a CPU."""
    times = [r.seconds for r in runs]
    cpu = [r.cpu_seconds for r in runs if r.cpu_seconds is not None]
    return {**summarize_seconds(times),
            "cpu_runs_s": cpu, "cpu_median_s": statistics.median(cpu) if cpu else None,
            "busy_runs": sum(1 for r in runs if r.cpu_seconds is not None
                             and r.seconds > BUSY_FACTOR * r.cpu_seconds)}


def mips(instructions, seconds):
    if not instructions or not seconds:
        return None
    return instructions / seconds / 1e6


def transcript_problem(text):
    """Why a transcript is not a passing one, or None."""
    lines = [line for line in text.splitlines() if line.strip()]
    for line in lines:
        if "FAIL" in line:
            return f"transcript line says FAIL: {line}"
    m = SUMMARY_RE.match(lines[-1]) if lines else None
    if not m:
        return "transcript does not end with a SUMMARY line"
    if int(m.group(2)) != 0:
        return f"transcript: {lines[-1]}"
    return None


class Bench:
    def __init__(self, args, tools):
        self.args = args
        self.el2sim = tools["el2sim"]
        self.qemu = tools.get("qemu")
        self.valgrind = tools.get("valgrind")
        self.scratch = os.path.join(args.out, "tmp")
        self.failures = []
        self.stats_serial = 0
        self.probes = []  # (workload, seconds) of the host probe before each el2sim run

    def fail(self, record, where, msg):
        """Records a failure in the report and in record["failures"] (once: the
        same failure in a later run is not repeated). Returns its text."""
        text = f"{where}: {msg}"
        if text not in self.failures:
            self.failures.append(text)
            log(f"FAILED {text}")
        if record is not None and text not in record["failures"]:
            record["failures"].append(text)
        return text

    def scratch_file(self, name):
        self.stats_serial += 1
        return os.path.join(self.scratch, f"{self.stats_serial:04d}-{name}")

    def el2sim_cmd(self, image, stats, machine=None, extra=()):
        cmd = [self.el2sim, "--kernel", image, "--stats", stats]
        if machine:
            cmd += ["--machine", machine]
        return cmd + list(extra)

    def qemu_cmd(self, image, icount):
        return [self.qemu] + QEMU_ARGS + (QEMU_ICOUNT_ARGS if icount else []) + ["-kernel", image]

    def run_el2sim(self, name, image, machine=None):
        """One el2sim run: (Run, stats or None)."""
        stats_path = self.scratch_file(f"{name}.stats.json")
        self.probes.append((name, host_probe()))
        run = run_timed(self.el2sim_cmd(image, stats_path, machine), self.args.timeout)
        stats = read_stats(stats_path) if os.path.isfile(stats_path) else None
        return run, stats

    # -- wall time, MIPS, transcripts -------------------------------------
    def measure_workload(self, w):
        name, image = w["name"], w["image_path"]
        result = {k: w[k] for k in ("name", "group", "description") if k in w}
        result.update(image=image, failures=[])
        if not os.path.isfile(image):
            self.fail(result, name, f"image {image} not found (build it: scripts/build.sh)")
            return result
        sims = [s for s, _ in SIMULATORS if s == "el2sim" or not self.args.no_qemu]
        runs = {s: [] for s in sims}
        reference = None  # el2sim's first transcript
        first_probe = len(self.probes)
        for i in range(self.args.runs):
            for sim in sims:
                if sim == "el2sim":
                    run, stats = self.run_el2sim(name, image)
                else:
                    run = run_timed(self.qemu_cmd(image, sim == "qemu_icount"), self.args.timeout)
                    run.out = ANSI_RE.sub("", run.out)
                    stats = None
                log(f"{name}: {sim} run {i + 1}/{self.args.runs}: {run.seconds:.3f} s "
                    f"(CPU {run.cpu_seconds or 0:.3f} s), exit {run.rc}")
                where = f"{name} {sim}"
                if run.rc != 0:
                    self.fail(result, where, run.problem())
                if reference is None:
                    reference = run.out
                    problem = transcript_problem(run.out)
                    if problem:
                        self.fail(result, where, problem)
                    result["transcript"] = run.out
                elif run.out != reference:
                    self.fail(result, where, "transcript differs from el2sim's: "
                              + first_difference(reference, run.out))
                if sim == "el2sim":
                    if stats is None:
                        self.fail(result, where, "no statistics written")
                    elif result.get("instructions", stats["instructions"]) != stats["instructions"]:
                        self.fail(result, where, f"{stats['instructions']} instructions, "
                                  f"run 1 had {result['instructions']}")
                    else:
                        result.update(stats)
                runs[sim].append(run)
        result["host_probe"] = summarize_seconds([t for _, t in self.probes[first_probe:]])
        insns = result.get("instructions")
        for sim in sims:
            result[sim] = summarize_times(runs[sim])
            result[sim]["mips"] = mips(insns, result[sim]["median_s"])
        result["el2sim"]["cpu_mips"] = mips(insns, result["el2sim"]["cpu_median_s"])
        el2sim_s = result["el2sim"]["median_s"]
        for sim in sims[1:]:
            result[f"speed_ratio_{sim[5:]}"] = result[sim]["median_s"] / el2sim_s
        if insns:
            result["ns_per_insn"] = el2sim_s / insns * 1e9
            result["steps"] = insns + result["exceptions"]
            result["ns_per_step"] = el2sim_s / result["steps"] * 1e9
        return result

    # -- callgrind -----------------------------------------------------------
    def callgrind_run(self, name, image, n, machine):
        out = self.scratch_file(f"{name}.callgrind.out")
        stats_path = out + ".stats.json"
        cmd = [self.valgrind, "--tool=callgrind", f"--callgrind-out-file={out}"]
        cmd += self.el2sim_cmd(image, stats_path, machine, ["--max-insns", str(n)])
        run = run_timed(cmd, self.args.timeout * 20)
        if run.rc not in (0, EXIT_MAX_INSNS):
            raise RuntimeError(f"callgrind run with --max-insns {n}: {run.problem()}")
        total, by_object, by_function = parse_callgrind(out)
        return read_stats(stats_path)["instructions"], total, by_object, by_function

    def measure_callgrind(self, name, image, total_insns, machine=None):
        """Host instructions per simulated instruction by the difference of two runs."""
        n1, n2 = self.args.callgrind_insns
        adapted = total_insns <= n2
        if adapted:  # a short image: both points inside the run
            n1, n2 = total_insns // 4, total_insns * 3 // 4
        where = f"{name} callgrind" + (f" ({os.path.basename(machine)})" if machine else "")
        log(f"{where}: --max-insns {n1} and {n2}")
        try:
            i1, ir1, obj1, fn1 = self.callgrind_run(name, image, n1, machine)
            i2, ir2, obj2, fn2 = self.callgrind_run(name, image, n2, machine)
        except (RuntimeError, OSError, ValueError, KeyError) as e:
            return {"error": self.fail(None, where, str(e))}
        if i2 <= i1 or ir2 <= ir1:
            return {"error": self.fail(None, where,
                                       f"no progress between the runs ({i1}, {i2} insns)")}
        sc1_lib, sc1_all = systemc_cost(obj1, fn1)
        sc2_lib, sc2_all = systemc_cost(obj2, fn2)
        d_ir = ir2 - ir1
        top = sorted(((fn2.get(k, 0) - fn1.get(k, 0), k) for k in fn2), reverse=True)[:15]
        result = {
            "n1": i1, "n2": i2, "ir1": ir1, "ir2": ir2, "adapted_to_short_image": adapted,
            "ir_per_insn": d_ir / (i2 - i1),
            "ir_per_insn_whole_run": ir2 / i2,
            "systemc_share": (sc2_lib - sc1_lib) / d_ir,
            "systemc_share_incl_inlined": (sc2_all - sc1_all) / d_ir,
            "systemc_share_whole_run": sc2_lib / ir2,
            "top_functions": [{"object": os.path.basename(ob), "function": fn,
                               "ir_per_insn": c / (i2 - i1)} for c, (ob, fn) in top],
        }
        log(f"{where}: {result['ir_per_insn']:.1f} host Ir/insn, SystemC "
            f"{100 * result['systemc_share']:.2f}%")
        return result

    # -- sweeps: the default machine model changed in one respect ---------------
    def machine_variant(self, label, change):
        """A copy of configs/virt.json with change(model) applied, in the scratch folder."""
        with open(DEFAULT_MACHINE) as f:
            model = json.load(f)
        change(model)
        path = os.path.join(self.scratch, f"virt-{label}.json")
        with open(path, "w") as f:
            json.dump(model, f, indent=2)
        return path

    def run_variants(self, w, variants):
        """--runs rounds over variant machines of workload w, each round running every
        variant once in turn, so that a change of host load affects all alike (the
        sweeps compare their points with each other). variants: (machine, label, point)
        triples; each run must print the transcript of the default machine's runs.
        Returns the points."""
        name, image = w["name"], w["image_path"]
        runs = [[] for _ in variants]
        for i in range(self.args.runs):
            for (machine, label, point), kept in zip(variants, runs):
                run, stats = self.run_el2sim(name, image, machine)
                log(f"{name} {label}: run {i + 1}/{self.args.runs}: "
                    f"{run.seconds:.3f} s (CPU {run.cpu_seconds or 0:.3f} s), exit {run.rc}")
                where = f"{name} {label}"
                if run.rc != 0:
                    self.fail(point, where, run.problem())
                elif run.out != w["result"]["transcript"]:
                    self.fail(point, where, "transcript differs from the default model's: "
                              + first_difference(w["result"]["transcript"], run.out))
                if stats:
                    for key in ("instructions", "exceptions", "tlb"):
                        point[key] = stats[key]
                kept.append(run)
        for (_, _, point), kept in zip(variants, runs):
            point["el2sim"] = summarize_times(kept)
            point["mips"] = mips(point.get("instructions"), point["el2sim"]["median_s"])
            point["cpu_mips"] = mips(point.get("instructions"), point["el2sim"]["cpu_median_s"])
        return [point for _, _, point in variants]

    # -- quantum sweep ---------------------------------------------------------
    def sweep_variant(self, w, quantum_ns):
        machine = self.machine_variant(f"quantum-{quantum_ns}",
                                       lambda m: m["cpus"].update(quantum_ns=quantum_ns))
        point = {"workload": w["name"], "quantum_ns": quantum_ns, "failures": []}
        return machine, f"quantum {quantum_ns} ns", point

    # -- TLB sweep -------------------------------------------------------------
    def tlb_variant(self, w, name, description, tlb):
        def change(model):
            for structure, geometry in tlb.items():
                model["cpus"]["tlb"][structure].update(geometry)
        point = {"workload": w["name"], "geometry": name, "description": description,
                 "failures": []}
        return self.machine_variant(f"tlb-{name}", change), f"TLB {name}", point

    def tlb_sweep(self, manifest):
        """The default geometry's numbers (from the workload's own runs), then the others."""
        ok = [w for w in manifest if w["group"] == "mmu" and not w["result"]["failures"]]
        named = [w for w in ok if w["name"] == TLB_SWEEP_PREFERRED]
        if not ok:
            log("TLB sweep: no passing mmu workload, skipped")
            return []
        w = (named or ok)[0]
        r = w["result"]
        default = {"workload": w["name"], "geometry": "default",
                   "description": "configs/virt.json (the Cortex-A53 TRM's: 10-entry micro-TLBs, "
                   "512-entry 4-way main TLB, 64-entry 4-way walk cache and IPA cache)",
                   "failures": [], "el2sim": r["el2sim"], "mips": r["el2sim"]["mips"],
                   "cpu_mips": r["el2sim"]["cpu_mips"], "instructions": r["instructions"],
                   "tlb": r["tlb"]}
        variants = [self.tlb_variant(w, *g) for g in TLB_GEOMETRIES]
        return [default] + self.run_variants(w, variants)

    def sweep(self, manifest):
        """The quantum sweep (and the very large quantum on the integer workload)."""
        points = []
        for group, preferred in SWEEP_PREFERRED.items():
            ok = [w for w in manifest if w["group"] == group and not w["result"]["failures"]]
            named = [w for w in ok if w["name"] == preferred]
            if not ok:
                log(f"quantum sweep: no passing {group} workload, skipped")
                continue
            w = (named or ok)[0]
            quanta = SWEEP_QUANTA_NS + ([LARGE_QUANTUM_NS] if group == "integer" else [])
            variants = [self.sweep_variant(w, q) for q in quanta]
            points += self.run_variants(w, variants)
            for machine, _, point in variants:
                if not self.args.no_callgrind and point.get("instructions"):
                    point["callgrind"] = self.measure_callgrind(w["name"], w["image_path"],
                                                                point["instructions"], machine)
        return points


def first_difference(expected, got):
    a, b = expected.splitlines(), got.splitlines()
    for i, (x, y) in enumerate(zip(a, b), 1):
        if x != y:
            return f"line {i}: expected {x!r}, got {y!r}"
    return f"{len(a)} lines expected, {len(b)} got"


def sync_cost(points, default_quantum):
    """Wall time at the default quantum vs. the very large one (integer workload)."""
    large = [p for p in points if p["quantum_ns"] == LARGE_QUANTUM_NS and not p["failures"]]
    if not large:
        return None
    default = [p for p in points if p["workload"] == large[0]["workload"]
               and p["quantum_ns"] == default_quantum and not p["failures"]]
    if not default:
        return None
    default_t, large_t = default[0]["el2sim"], large[0]["el2sim"]
    result = {"workload": large[0]["workload"], "default_quantum_ns": default_quantum,
              "large_quantum_ns": LARGE_QUANTUM_NS,
              "default_s": default_t["median_s"], "large_s": large_t["median_s"],
              "share": 1 - large_t["median_s"] / default_t["median_s"],
              "share_of_fastest_runs": 1 - large_t["min_s"] / default_t["min_s"],
              "share_cpu_time": None}
    if default_t["cpu_median_s"] and large_t["cpu_median_s"]:
        result["share_cpu_time"] = 1 - large_t["cpu_median_s"] / default_t["cpu_median_s"]
    return result


# --------------------------------------------------------------------------
# Targets

def measured(w, *keys):
    """w[k1][k2]..., or None where a level is missing."""
    for k in keys:
        if not isinstance(w, dict) or w.get(k) is None:
            return None
        w = w[k]
    return w


def worst(workloads, keys, lowest):
    """(value, workload name) of the worst workload by w[keys], or None."""
    values = [(measured(w, *keys), w["name"]) for w in workloads
              if measured(w, *keys) is not None]
    if not values:
        return None
    return min(values) if lowest else max(values)


def median_of(workloads, keys):
    """(median value, "median of N") over the workloads that have w[keys], or None."""
    values = [measured(w, *keys) for w in workloads if measured(w, *keys) is not None]
    if not values:
        return None
    return statistics.median(values), f"median of {len(values)}"


def evaluate_targets(workloads, sweep_sync):
    """Each target: what it asks, the worst measured value and whether it is met."""
    integer = [w for w in workloads if w["group"] == "integer"]
    mmu = [w for w in workloads if w["group"] == "mmu"]
    hyp = [w for w in workloads if w["group"] == "hyp"]
    share = TARGET_SYSTEMC_SHARE
    sync = None
    if sweep_sync and sweep_sync["share_cpu_time"] is not None:
        sync = (sweep_sync["share_cpu_time"], sweep_sync["workload"])
    # (target, required, (value, where) or None, value format, is it met)
    rows = [
        ("integer group: el2sim MIPS, each workload", f">= {TARGET_INTEGER_MIPS:.0f}",
         worst(integer, ("el2sim", "mips"), True), "{:.0f} MIPS",
         lambda v: v >= TARGET_INTEGER_MIPS),
        ("mmu group: el2sim MIPS, each workload", f">= {TARGET_MMU_MIPS:.0f}",
         worst(mmu, ("el2sim", "mips"), True), "{:.0f} MIPS",
         lambda v: v >= TARGET_MMU_MIPS),
        ("integer group: el2sim MIPS, group median", f">= {TARGET_INTEGER_MIPS:.0f}",
         median_of(integer, ("el2sim", "mips")), "{:.0f} MIPS",
         lambda v: v >= TARGET_INTEGER_MIPS),
        ("mmu group: el2sim MIPS, group median", f">= {TARGET_MMU_MIPS:.0f}",
         median_of(mmu, ("el2sim", "mips")), "{:.0f} MIPS",
         lambda v: v >= TARGET_MMU_MIPS),
        ("integer group: host instructions per simulated instruction (callgrind)",
         f"<= {TARGET_IR_PER_INSN:.0f}", worst(integer, ("callgrind", "ir_per_insn"), False),
         "{:.1f}", lambda v: v <= TARGET_IR_PER_INSN),
        ("integer group: host instructions per simulated instruction, group median",
         f"<= {TARGET_IR_PER_INSN:.0f}", median_of(integer, ("callgrind", "ir_per_insn")),
         "{:.1f}", lambda v: v <= TARGET_IR_PER_INSN),
        ("hyp group: ns per step (instruction or exception) / integer median ns per "
         "instruction", f"<= {TARGET_HYP_FACTOR:.0f}x", worst(hyp, ("hyp_factor",), False),
         "{:.2f}x", lambda v: v <= TARGET_HYP_FACTOR),
        ("SystemC kernel share of host instructions at the default quantum (callgrind), "
         "each workload", f"< {100 * share:.0f}%",
         worst(workloads, ("callgrind", "systemc_share"), False), "{:.2%}",
         lambda v: v < share),
        ("SystemC synchronisation share of el2sim's CPU time (default vs 1e9 ns quantum)",
         f"< {100 * share:.0f}%", sync, "{:.2%}", lambda v: v < share),
    ]
    targets = []
    for name, required, found, spec, met in rows:
        target = {"target": name, "required": required, "measured": "not measured", "met": None}
        if found is not None:
            value, where = found
            target.update(value=value, measured=f"{spec.format(value)} ({where})", met=met(value))
        targets.append(target)
    return targets


# --------------------------------------------------------------------------
# Host description

def host_info(tools):
    cpu = None
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    if cpu is None:
        cpu = command_output(["sh", "-c", "lscpu | sed -n 's/^Model name: *//p'"])
    os_name = None
    try:
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    os_name = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    commit = command_output(["git", "-C", REPO, "rev-parse", "--short", "HEAD"])
    if commit and command_output(["git", "-C", REPO, "status", "--porcelain",
                                  "--untracked-files=no"]):
        commit += "-dirty"
    info = {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "load_average_at_start": list(os.getloadavg()),
        "kernel": platform.release(),
        "os": os_name,
        "git_commit": commit,
        "el2sim": tools["el2sim"],
        "el2sim_version": command_output([tools["el2sim"], "--version"]),
    }
    if tools.get("qemu"):
        info["qemu_version"] = command_output([tools["qemu"], "--version"])
    if tools.get("valgrind"):
        info["valgrind_version"] = command_output([tools["valgrind"], "--version"])
    return info


# --------------------------------------------------------------------------
# Reports

def fmt(value, spec="{:.2f}", none="–"):
    return none if value is None else spec.format(value)


def fmt_times(t):
    if not t:
        return "–"
    return f"{t['median_s']:.3f} ({t['min_s']:.3f}–{t['max_s']:.3f})"


def probe_text(probe):
    if not probe:
        return "not run"
    return (f"{probe['median_s'] * 1e3:.0f} ms ({probe['min_s'] * 1e3:.0f}–"
            f"{probe['max_s'] * 1e3:.0f}) over {len(probe['runs_s'])} el2sim runs: "
            "a fixed loop's CPU time before each")


def met_text(met):
    return {True: "met", False: "**not met**", None: "not measured"}[met]


def workload_target(w):
    """(text, met) of the group's per-workload target, or None."""
    m = w.get("el2sim", {}).get("mips")
    if w["group"] == "integer" and m is not None:
        return f"≥{TARGET_INTEGER_MIPS:.0f} MIPS: {met_text(m >= TARGET_INTEGER_MIPS)}"
    if w["group"] == "mmu" and m is not None:
        return f"≥{TARGET_MMU_MIPS:.0f} MIPS: {met_text(m >= TARGET_MMU_MIPS)}"
    if w["group"] == "hyp" and w.get("hyp_factor") is not None:
        return f"≤{TARGET_HYP_FACTOR:.0f}x: {met_text(w['hyp_factor'] <= TARGET_HYP_FACTOR)}"
    return "–"


def write_markdown(path, results):
    host, settings = results["host"], results["settings"]
    out = ["# el2sim benchmark results", ""]
    out += ["| | |", "|---|---|"]
    rows = [("date (UTC)", host["date"]), ("git commit", host["git_commit"]),
            ("el2sim", host["el2sim_version"]), ("QEMU", host.get("qemu_version", "not run")),
            ("valgrind", host.get("valgrind_version", "not run")),
            ("host CPU", f"{host['cpu']}, {host['cores']} cores"),
            ("kernel", f"{host['kernel']} ({host['os']})"),
            ("load average at start / end",
             " / ".join(" ".join(f"{x:.2f}" for x in host[k])
                        for k in ("load_average_at_start", "load_average_at_end"))),
            ("host speed probe", probe_text(host.get("probe"))),
            ("runs per simulator", f"{settings['runs']} (median reported, min–max in brackets)"),
            ("command", f"`{settings['command']}`")]
    out += [f"| {k} | {v} |" for k, v in rows]
    n1, n2 = settings["callgrind_insns"]
    out += ["", "Speed ratios are QEMU's wall time over el2sim's: above 1 el2sim is faster. "
            "QEMU does not count instructions: its MIPS use el2sim's instruction count for "
            "the same image. Host Ir/insn and the SystemC share come from two callgrind runs "
            f"(the difference between --max-insns {n1} and {n2}), so start-up is excluded. "
            "See bench/README.md.", ""]
    all_times = [w[s] for w in results["workloads"] for s, _ in SIMULATORS if s in w]
    all_times += [p["el2sim"] for p in results.get("sweep", [])]
    all_times += [p["el2sim"] for p in results.get("tlb_sweep", []) if p["geometry"] != "default"]
    busy = sum(t["busy_runs"] for t in all_times)
    if busy:
        out += [f"**Host busy**: {busy} of {sum(len(t['runs_s']) for t in all_times)} runs "
                f"waited for a CPU (wall time over {BUSY_FACTOR} times their CPU time): their "
                "wall times and MIPS are inflated. el2sim's CPU time and the callgrind numbers "
                "are not affected.", ""]
    probe = host.get("probe")
    if probe and probe["slow_in"]:
        out += [f"**Host slowed down**: the probe loop took {probe['max_s'] / probe['min_s']:.2f} "
                f"times its fastest time before some runs (more than {probe['slow_factor']} times "
                f"before runs of {', '.join(probe['slow_in'])}). A slower host inflates wall "
                "and CPU times alike, so those workloads' times and MIPS, and the sweeps' "
                "comparisons, read worse than on an undisturbed host; the ratios to QEMU less "
                "so (its runs alternate with el2sim's); the callgrind numbers not at all.", ""]

    out += ["## Targets", "", "| target | required | measured (worst workload) | result |",
            "|---|---|---|---|"]
    for t in results["targets"]:
        out.append(f"| {t['target']} | {t['required']} | {t['measured']} | {met_text(t['met'])} |")
    out.append("")

    workloads = results["workloads"]
    for group in GROUPS:
        ws = [w for w in workloads if w["group"] == group]
        if not ws:
            continue
        out += [f"## {GROUP_TITLES[group]}", ""]
        head = ["workload", "M insns", "el2sim s", "el2sim CPU s", "QEMU TCG s", "QEMU icount s",
                "el2sim MIPS", "el2sim CPU MIPS", "TCG MIPS", "icount MIPS", "vs TCG",
                "vs icount",
                "ns/insn", "host Ir/insn", "SystemC"]
        if group == "hyp":
            head += ["M exceptions", "ns/step", "step / integer insn"]
        head += ["target", "status"]
        out += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for w in ws:
            cg = w.get("callgrind", {})
            row = [w["name"], fmt(w.get("instructions") and w["instructions"] / 1e6, "{:.1f}"),
                   fmt_times(w.get("el2sim")),
                   fmt(w.get("el2sim", {}).get("cpu_median_s"), "{:.3f}"),
                   fmt_times(w.get("qemu_tcg")),
                   fmt_times(w.get("qemu_icount")),
                   fmt(w.get("el2sim", {}).get("mips"), "{:.0f}"),
                   fmt(w.get("el2sim", {}).get("cpu_mips"), "{:.0f}"),
                   fmt(w.get("qemu_tcg", {}).get("mips"), "{:.0f}"),
                   fmt(w.get("qemu_icount", {}).get("mips"), "{:.0f}"),
                   fmt(w.get("speed_ratio_tcg"), "{:.2f}x"),
                   fmt(w.get("speed_ratio_icount"), "{:.2f}x"),
                   fmt(w.get("ns_per_insn")), fmt(cg.get("ir_per_insn"), "{:.1f}"),
                   fmt(cg.get("systemc_share"), "{:.2%}")]
            if group == "hyp":
                row += [fmt(w.get("exceptions") and w["exceptions"] / 1e6, "{:.2f}"),
                        fmt(w.get("ns_per_step")), fmt(w.get("hyp_factor"), "{:.2f}x")]
            row += [workload_target(w), "**FAILED**" if w["failures"] else "ok"]
            out.append("| " + " | ".join(row) + " |")
        out.append("")
        if group == "hyp":
            ref = results.get("integer_median_ns_per_insn")
            out += ["A step is an instruction retired or an exception taken (el2sim's statistics). "
                    "Integer median ns/insn: " + (f"{ref:.2f}." if ref else
                                                  "not measured (no integer workload ran)."), ""]

    out += ["## SystemC kernel cost", ""]
    cg_rows = [w for w in workloads if "callgrind" in w and "error" not in w["callgrind"]]
    if cg_rows:
        out += ["Share of host instructions (callgrind Ir) executed in libsystemc, between the "
                "two --max-insns points; \"with inlined\" adds SystemC/TLM functions compiled "
                "into el2sim; \"whole run\" is the --max-insns N2 run including start-up.", "",
                "| workload | host Ir/insn | Ir/insn whole run | SystemC | with inlined | "
                "whole run |", "|---|---|---|---|---|---|"]
        for w in cg_rows:
            cg = w["callgrind"]
            out.append(f"| {w['name']} | {cg['ir_per_insn']:.1f} | "
                       f"{cg['ir_per_insn_whole_run']:.1f} | {cg['systemc_share']:.2%} | "
                       f"{cg['systemc_share_incl_inlined']:.2%} | "
                       f"{cg['systemc_share_whole_run']:.2%} |")
        out.append("")
    sc = results.get("sync_cost")
    if sc:
        noise = " (negative: below the wall-time noise)" if sc["share"] < 0 else ""
        out += [f"Second way, wall time on {sc['workload']}: {sc['default_s']:.3f} s at the "
                f"default quantum ({sc['default_quantum_ns']} ns), {sc['large_s']:.3f} s at "
                f"{sc['large_quantum_ns']} ns, where the core almost never synchronises: "
                f"synchronisation costs {sc['share']:.2%} of the run{noise}; "
                f"{sc['share_of_fastest_runs']:.2%} comparing the fastest runs, "
                f"{fmt(sc['share_cpu_time'], '{:.2%}', 'not measured')} comparing CPU times.",
                ""]

    points = results.get("sweep", [])
    if points:
        out += ["## Quantum sweep", "",
                "cpus.quantum_ns of configs/virt.json (default "
                f"{results['settings']['default_quantum_ns']} ns); instructions are each "
                "configuration's own count.", "",
                "| workload | quantum ns | M insns | el2sim s | el2sim CPU s | MIPS | CPU MIPS "
                "| host Ir/insn | SystemC | status |",
                "|---|---|---|---|---|---|---|---|---|---|"]
        for p in points:
            cg = p.get("callgrind", {})
            out.append(f"| {p['workload']} | {p['quantum_ns']} | "
                       f"{fmt(p.get('instructions') and p['instructions'] / 1e6, '{:.1f}')} | "
                       f"{fmt_times(p['el2sim'])} | "
                       f"{fmt(p['el2sim']['cpu_median_s'], '{:.3f}')} | "
                       f"{fmt(p.get('mips'), '{:.0f}')} | {fmt(p.get('cpu_mips'), '{:.0f}')} | "
                       f"{fmt(cg.get('ir_per_insn'), '{:.1f}')} | "
                       f"{fmt(cg.get('systemc_share'), '{:.2%}')} | "
                       f"{'**FAILED**' if p['failures'] else 'ok'} |")
        out.append("")

    points = results.get("tlb_sweep", [])
    if points:
        w = points[0]["workload"]
        out += ["## TLB sweep", "",
                f"{w} under other TLB geometries (cpus.tlb of configs/virt.json; the same "
                "transcript each time): what its speed owes to the TLB model's misses. Misses "
                "and walks per thousand instructions, and descriptor reads per walk, from "
                "el2sim's statistics.", "",
                "| geometry | TLBs | M insns | el2sim s | el2sim CPU s | MIPS | CPU MIPS | "
                "dTLB misses | main-TLB misses | walks | reads/walk | status |",
                "|---|---|---|---|---|---|---|---|---|---|---|---|"]
        for p in points:
            insns, tlb = p.get("instructions"), p.get("tlb", {})

            def per_k(key):
                return fmt(insns and key in tlb and 1000 * tlb[key] / insns, "{:.1f}")
            walks = tlb.get("walks")
            refs = fmt(tlb["walk_refs"] / walks if walks and "walk_refs" in tlb else None)
            out.append(f"| {p['geometry']} | {p['description']} | "
                       f"{fmt(insns and insns / 1e6, '{:.1f}')} | {fmt_times(p['el2sim'])} | "
                       f"{fmt(p['el2sim']['cpu_median_s'], '{:.3f}')} | "
                       f"{fmt(p.get('mips'), '{:.0f}')} | {fmt(p.get('cpu_mips'), '{:.0f}')} | "
                       f"{per_k('dtlb_miss')} | {per_k('main_miss')} | {per_k('walks')} | "
                       f"{refs} | {'**FAILED**' if p['failures'] else 'ok'} |")
        out.append("")

    out += ["## Failures", ""]
    out += [f"- {f}" for f in results["failures"]] or ["none"]
    out.append("")
    with open(path, "w") as f:
        f.write("\n".join(out))


def write_svg(path, results):
    """Grouped bar chart of MIPS per workload, log scale, plain SVG."""
    workloads = results["workloads"]
    colors = {"el2sim": "#1f77b4", "qemu_tcg": "#ff7f0e", "qemu_icount": "#2ca02c"}
    values = [w.get(s, {}).get("mips") for w in workloads for s, _ in SIMULATORS]
    values = [v for v in values if v]
    left, right, top, bottom = 80, 30, 70, 130
    plot_h = 320
    group_w = max(66, (640 - left - right) / max(1, len(workloads)))
    bar_w, gap = 16, group_w - 48
    width = round(left + right + group_w * max(1, len(workloads)))
    height = top + plot_h + bottom
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="{width / 2}" y="22" text-anchor="middle" font-size="16">'
           f'Simulated MIPS per workload (median of {results["settings"]["runs"]} runs, '
           f'log scale)</text>']
    if not values:
        svg.append(f'<text x="{width / 2}" y="{top + plot_h / 2}" text-anchor="middle">'
                   'no measurements</text></svg>')
        with open(path, "w") as f:
            f.write("\n".join(svg) + "\n")
        return
    lo = 10 ** math.floor(math.log10(min(values)))
    hi = 10 ** math.ceil(math.log10(max(values)))
    if hi <= lo:
        hi = lo * 10

    def y(v):
        frac = (math.log10(v) - math.log10(lo)) / (math.log10(hi) - math.log10(lo))
        return top + plot_h * (1 - frac)

    # Grid and y axis: a line per 1, 2, 5 x 10^k.
    decade = lo
    while decade <= hi:
        for m in (1, 2, 5):
            v = decade * m
            if v > hi:
                break
            major = m == 1
            svg.append(f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
                       f'stroke="{"#bbb" if major else "#e4e4e4"}"/>')
            svg.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" '
                       f'fill="{"#000" if major else "#777"}">{v:g}</text>')
        decade *= 10
    svg.append(f'<line x1="{left}" x2="{left}" y1="{top}" y2="{top + plot_h}" stroke="black"/>')
    svg.append(f'<line x1="{left}" x2="{width - right}" y1="{top + plot_h}" '
               f'y2="{top + plot_h}" stroke="black"/>')
    svg.append(f'<text transform="translate(22 {top + plot_h / 2}) rotate(-90)" '
               'text-anchor="middle" font-size="13">MIPS (million simulated instructions '
               'per second)</text>')
    svg.append(f'<text x="{left + (width - left - right) / 2}" y="{height - 12}" '
               'text-anchor="middle" font-size="13">workload (group)</text>')

    # Bars, workload labels, group separators.
    prev_group = None
    for i, w in enumerate(workloads):
        x0 = left + i * group_w + gap / 2
        if prev_group is not None and w["group"] != prev_group:
            sx = left + i * group_w
            svg.append(f'<line x1="{sx}" x2="{sx}" y1="{top}" y2="{top + plot_h + 90}" '
                       'stroke="#999" stroke-dasharray="4 3"/>')
        prev_group = w["group"]
        for j, (sim, label) in enumerate(SIMULATORS):
            v = w.get(sim, {}).get("mips")
            if not v:
                continue
            x = x0 + j * bar_w
            svg.append(f'<rect x="{x:.1f}" y="{y(v):.1f}" width="{bar_w - 2}" '
                       f'height="{top + plot_h - y(v):.1f}" fill="{colors[sim]}">'
                       f'<title>{html.escape(w["name"])}, {label}: {v:.0f} MIPS</title></rect>')
        cx = x0 + 1.5 * bar_w
        failed = " (FAILED)" if w["failures"] else ""
        svg.append(f'<text transform="translate({cx:.1f} {top + plot_h + 14}) rotate(-40)" '
                   f'text-anchor="end" fill="{"#c00" if failed else "#000"}">'
                   f'{html.escape(w["name"] + failed)}</text>')
    # Group names under the labels.
    for group in GROUPS:
        idx = [i for i, w in enumerate(workloads) if w["group"] == group]
        if idx:
            cx = left + (idx[0] + idx[-1] + 1) / 2 * group_w
            svg.append(f'<text x="{cx:.1f}" y="{top + plot_h + 95}" text-anchor="middle" '
                       f'font-style="italic">{group}</text>')
    # Legend.
    lx = left
    shown = [(sim, label) for sim, label in SIMULATORS
             if any(w.get(sim, {}).get("mips") for w in workloads)]
    for sim, label in shown:
        svg.append(f'<rect x="{lx}" y="38" width="12" height="12" fill="{colors[sim]}"/>')
        svg.append(f'<text x="{lx + 16}" y="48">{html.escape(label)}</text>')
        lx += 30 + 7 * len(label)
    svg.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(svg) + "\n")


# --------------------------------------------------------------------------
# Command line

def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default=os.path.join(REPO, "build"),
                    help="build directory: el2sim in BUILD/bin, images in BUILD/bench "
                    "(default build)")
    ap.add_argument("--el2sim", help="el2sim binary (default BUILD/bin/el2sim)")
    ap.add_argument("--qemu", default="qemu-system-aarch64", help="QEMU binary")
    ap.add_argument("--runs", type=int, default=5,
                    help="runs per simulator and workload (default 5)")
    ap.add_argument("--only", help="comma-separated workload names")
    ap.add_argument("--manifest", default=os.path.join(REPO, "bench", "workloads.json"),
                    help="workload list (default bench/workloads.json); relative image "
                    "paths are under BUILD/bench")
    ap.add_argument("--out", default=os.path.join(REPO, "bench", "results"),
                    help="output directory (default bench/results)")
    ap.add_argument("--no-qemu", action="store_true", help="el2sim only")
    ap.add_argument("--no-callgrind", action="store_true", help="no callgrind measurements")
    ap.add_argument("--no-sweep", action="store_true", help="no quantum or TLB sweep")
    ap.add_argument("--quick", action="store_true",
                    help="1 run each, callgrind on two workloads only, no sweep")
    ap.add_argument("--smoke", action="store_true",
                    help="use the small smoke images (checks the runner, not el2sim's speed)")
    ap.add_argument("--callgrind-insns", default="2000000,12000000", metavar="N1,N2",
                    help="--max-insns of the two callgrind runs (default 2000000,12000000)")
    ap.add_argument("--timeout", type=float, default=600,
                    help="seconds one run may take (callgrind: 20 times that; default 600)")
    args = ap.parse_args(argv)
    if args.quick:
        args.runs = 1
        args.no_sweep = True
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    try:
        n1, n2 = (int(x) for x in args.callgrind_insns.split(","))
    except ValueError:
        ap.error("--callgrind-insns takes two integers, N1,N2")
    if not 0 < n1 < n2:
        ap.error("--callgrind-insns needs 0 < N1 < N2")
    args.callgrind_insns = (n1, n2)
    args.build = os.path.abspath(args.build)
    args.out = os.path.abspath(args.out)
    return args


def find_tools(args):
    """Paths of el2sim, QEMU and valgrind; a missing one is an error (exit 2)."""
    el2sim = args.el2sim or os.path.join(args.build, "bin", "el2sim")
    if not (os.path.isfile(el2sim) and os.access(el2sim, os.X_OK)):
        die(f"el2sim not found at {el2sim}: build it with scripts/build.sh or pass --el2sim PATH")
    tools = {"el2sim": os.path.abspath(el2sim)}
    needed = []
    if not args.no_qemu:
        needed.append(("qemu", args.qemu, "qemu-system-arm"))
    if not args.no_callgrind:
        needed.append(("valgrind", "valgrind", "valgrind"))
    for key, program, package in needed:
        path = shutil.which(program)
        if not path:
            die(f"{program} not found: install the Debian package {package} "
                "(scripts/install-deps.sh)")
        tools[key] = path
    return tools


def load_manifest(args):
    try:
        with open(args.manifest) as f:
            workloads = json.load(f)["workloads"]
    except (OSError, ValueError, KeyError) as e:
        die(f"cannot read the workload list {args.manifest}: {e}")
    for w in workloads:
        missing = [k for k in ("name", "group", "image") if k not in w]
        if missing or w["group"] not in GROUPS:
            die(f"{args.manifest}: bad workload entry {w}: needs name, image and a group "
                f"of {', '.join(GROUPS)}")
        image = w.get("smoke_image", w["image"]) if args.smoke else w["image"]
        w["image_path"] = os.path.join(args.build, "bench", image)  # absolute paths stay
    if args.only:
        names = [n.strip() for n in args.only.split(",") if n.strip()]
        known = {w["name"] for w in workloads}
        unknown = [n for n in names if n not in known]
        if unknown:
            die(f"--only: unknown workload {', '.join(unknown)} "
                f"(known: {', '.join(sorted(known))})")
        workloads = [w for w in workloads if w["name"] in names]
    return workloads


def callgrind_selection(workloads, quick):
    """Workloads measured under callgrind: all, or for --quick two: the sweep's
    (sort, vm-switch) where selected, else the first of other groups, else any."""
    if not quick:
        return workloads
    preferred = list(SWEEP_PREFERRED.values())
    ranked = sorted(workloads, key=lambda w: (w["name"] not in preferred, w["group"] != "hyp"))
    chosen = []
    for w in ranked:
        if not any(c["group"] == w["group"] for c in chosen):
            chosen.append(w)
    chosen += [w for w in workloads if w not in chosen]
    return sorted(chosen[:2], key=workloads.index)


def main(argv):
    args = parse_args(argv)
    tools = find_tools(args)
    manifest = load_manifest(args)
    if not manifest:
        die("no workloads to run")
    with open(DEFAULT_MACHINE) as f:
        default_quantum = json.load(f)["cpus"].get("quantum_ns", 10000)
    os.makedirs(args.out, exist_ok=True)
    bench = Bench(args, tools)
    shutil.rmtree(bench.scratch, ignore_errors=True)
    os.makedirs(bench.scratch)
    host = host_info(tools)
    log(f"{len(manifest)} workloads, {args.runs} runs each; el2sim {tools['el2sim']}")
    start = time.perf_counter()

    workloads = []
    for w in manifest:
        result = bench.measure_workload(w)
        workloads.append(result)
        w["result"] = result
    # Hypervisor path: ns per step relative to the integer group's median ns per instruction.
    int_ns = [w["ns_per_insn"] for w in workloads if w["group"] == "integer" and "ns_per_insn" in w]
    int_median = statistics.median(int_ns) if int_ns else None
    for w in workloads:
        if w["group"] == "hyp" and int_median and "ns_per_step" in w:
            w["hyp_factor"] = w["ns_per_step"] / int_median

    if not args.no_callgrind:
        for w in callgrind_selection(manifest, args.quick):
            r = w["result"]
            if r.get("instructions"):
                r["callgrind"] = bench.measure_callgrind(w["name"], w["image_path"],
                                                         r["instructions"])

    sweep = [] if args.no_sweep else bench.sweep(manifest)
    tlb_sweep = [] if args.no_sweep else bench.tlb_sweep(manifest)
    sync = sync_cost(sweep, default_quantum)

    host["load_average_at_end"] = list(os.getloadavg())
    host["probe"] = summarize_seconds([t for _, t in bench.probes])
    if host["probe"]:
        limit = PROBE_SLOW_FACTOR * host["probe"]["min_s"]
        host["probe"]["slow_factor"] = PROBE_SLOW_FACTOR
        host["probe"]["slow_in"] = sorted({name for name, t in bench.probes if t > limit})
    results = {
        "host": host,
        "settings": {
            "command": " ".join(["bench/run.py"] + argv),
            "runs": args.runs, "quick": args.quick, "smoke_images": args.smoke,
            "manifest": args.manifest,
            "callgrind_insns": list(args.callgrind_insns),
            "default_quantum_ns": default_quantum,
            "el2sim_command": "el2sim --kernel IMAGE --stats STATS.json",
            "qemu_command": " ".join(["qemu-system-aarch64"] + QEMU_ARGS + ["-kernel", "IMAGE"]),
            "qemu_icount_command": " ".join(["qemu-system-aarch64"] + QEMU_ARGS
                                            + QEMU_ICOUNT_ARGS + ["-kernel", "IMAGE"]),
            "qemu_mips_note": "QEMU does not count instructions: its MIPS use el2sim's "
                              "instruction count for the same image",
        },
        "workloads": workloads,
        "integer_median_ns_per_insn": int_median,
        "sweep": sweep,
        "sync_cost": sync,
        "tlb_sweep": tlb_sweep,
        "failures": bench.failures,
        "elapsed_s": time.perf_counter() - start,
    }
    results["targets"] = evaluate_targets(workloads, sync)
    with open(os.path.join(args.out, "results.json"), "w") as f:
        json.dump(results, f, indent=2)
        f.write("\n")
    write_markdown(os.path.join(args.out, "results.md"), results)
    write_svg(os.path.join(args.out, "results.svg"), results)
    log(f"done in {results['elapsed_s']:.0f} s: {args.out}/results.{{json,md,svg}}")
    if bench.failures:
        log(f"{len(bench.failures)} failure(s):")
        for f in bench.failures:
            log(f"  {f}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
