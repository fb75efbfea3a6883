#!/usr/bin/python3
"""el2sim's GDB stub against malformed and unusual remote-protocol traffic.

usage: gdb_protocol.py EL2SIM ELF

Speaks the protocol directly: a bad checksum is refused with '-', malformed and
unknown packets get an error or an empty reply, out-of-range registers and unmapped
memory get errors, and the session still works afterwards: registers and memory
read back what was written, `monitor stats` prints statistics, a breakpoint stops
the core, and 'k' ends the run. Then a core spinning on "b ." is stopped by a Ctrl-C
sent in one segment with the packet that resumed it, and a core asleep in WFI while
the console's input is open and silent is stopped by Ctrl-C too, and killed. Last, a
write watchpoint on the word of an LDXR/STXR loop stops its store exclusive, and
stepping over it as GDB does lets the store succeed. el2sim must not crash or hang on
any of it.
"""
import os
import re
import socket
import subprocess
import sys
import tempfile
import time


def fail(msg):
    sys.exit("gdb_protocol: FAIL: " + msg)


class Remote:
    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port), timeout=30)
        self.buf = b""

    def raw(self, data):
        self.s.sendall(data)

    def _byte(self):
        while not self.buf:
            chunk = self.s.recv(4096)
            if not chunk:
                fail("connection closed by el2sim")
            self.buf += chunk
        b, self.buf = self.buf[:1], self.buf[1:]
        return b

    def ack(self):
        b = self._byte()
        if b not in (b"+", b"-"):
            fail("expected an ack, got %r" % b)
        return b

    def reply(self):
        while self._byte() != b"$":
            pass
        data = b""
        while True:
            b = self._byte()
            if b == b"#":
                break
            data += b
        cs = self._byte() + self._byte()
        if int(cs, 16) != sum(data) & 0xFF:
            fail("bad checksum from el2sim on %r" % data)
        self.raw(b"+")
        return data.decode()

    def cmd(self, text):
        data = text.encode()
        self.raw(b"$" + data + b"#%02x" % (sum(data) & 0xFF))
        if self.ack() != b"+":
            fail("packet %r refused" % text)
        return self.reply()


def monitor(r, command):
    """GDB's `monitor COMMAND`: the text of the 'O' packets before the final OK."""
    r.raw(b"$" + ("qRcmd," + command.encode().hex()).encode() +
          b"#%02x" % (sum(("qRcmd," + command.encode().hex()).encode()) & 0xFF))
    if r.ack() != b"+":
        fail("monitor %r refused" % command)
    text = ""
    while True:
        reply = r.reply()
        if reply == "OK":
            return text
        if not reply.startswith("O"):
            fail("monitor %r: %r" % (command, reply))
        text += bytes.fromhex(reply[1:]).decode()


def continue_then_interrupt(r):
    """Resume the core, send a Ctrl-C a moment later: the stop reply and the PC."""
    r.raw(b"$c#63")
    r.ack()
    time.sleep(0.3)
    r.raw(b"\x03")
    stop = r.reply()
    return stop, int.from_bytes(bytes.fromhex(r.cmd("p20")), "little")


def start(el2sim, image, stdin=subprocess.DEVNULL):
    return subprocess.Popen([el2sim, "--kernel", image, "--gdb", "0"], stdin=stdin,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def port_of(p):
    m = re.search(r"target remote :(\d+)", p.stderr.readline())
    if not m:
        p.kill()
        fail("no port announced")
    return int(m.group(1))


def end(p):
    """el2sim must end with status 0 after 'k'."""
    try:
        status = p.wait(timeout=30)
    except subprocess.TimeoutExpired:
        p.kill()
        fail("el2sim did not end after 'k'")
    if status != 0:
        fail("exit status %d: %s" % (status, p.stderr.read().strip()))


def main():
    el2sim, elf = sys.argv[1], sys.argv[2]
    p = start(el2sim, elf)
    r = Remote(port_of(p))
    checks = 0

    def expect(text, want):
        nonlocal checks
        got = r.cmd(text)
        ok = want(got) if callable(want) else got == want
        if not ok:
            p.kill()
            fail("%r -> %r" % (text, got))
        checks += 1
        return got

    if r.reply() != "S05":  # the stop before the first instruction
        fail("no initial stop")
    r.raw(b"$g#00")  # bad checksum
    if r.ack() != b"-":
        fail("a bad checksum was accepted")
    expect("?", "S05")
    expect("qSupported:multiprocess+;swbreak+", lambda s: "PacketSize=4000" in s)
    xml = expect("qXfer:features:read:target.xml:0,ffff", lambda s: s.startswith("l<?xml"))
    if "org.gnu.gdb.aarch64.fpu" not in xml:
        fail("target.xml lacks the FP/SIMD feature")
    expect("qXfer:features:read:other.xml:0,10", "E00")
    expect("g", lambda s: len(s) == 31 * 16 + 16 + 16 + 8 + 32 * 32 + 8 + 8)
    for bad in ["p", "pzz", "p44", "P1f=12", "Pzz=00", "m", "m40000000", "mzz,4",
                "M40000000,4:zz", "M40000000,8:00", "Z0,zz,4", "Z9,0,4", "qXfer:features:read:target.xml:zz"]:
        expect(bad, lambda s: s == "" or s.startswith("E"))
    expect("X40000000,0:", "")  # binary writes: not served (GDB falls back to M)
    expect("vMustReplyEmpty", "")
    expect("m0,4", lambda s: s.startswith("E") or len(s) == 8)  # flash at 0: mapped
    expect("mffff000000000000,8", "E14")  # no memory there
    expect("m40000000,20000", lambda s: len(s) == 2 * 0x1000)  # clipped to 4 KiB
    expect("P5=8877665544332211", "OK")
    expect("p5", "8877665544332211")
    expect("P22=" + "ab" * 16, "OK")  # v0
    expect("p22", "ab" * 16)
    expect("M40400000,4:deadbeef", "OK")
    expect("m40400000,4", "deadbeef")
    # monitor: console output in 'O' packets, then OK.
    stats = monitor(r, "stats cpu0.insns.el")
    if not re.fullmatch(r"cpu0\.insns\.el0 0\ncpu0\.insns\.el1 0\ncpu0\.insns\.el2 0\n", stats):
        fail("monitor stats: %r" % stats)
    if "unknown monitor command 'bogus'" not in monitor(r, "bogus"):
        fail("monitor bogus")
    checks += 2
    pc = expect("p20", lambda s: len(s) == 16)
    entry = int.from_bytes(bytes.fromhex(pc), "little")
    # A breakpoint four instructions on, then continue.
    expect("Z0,%x,4" % (entry + 16), "OK")
    r.raw(b"$vCont;c#a8")
    r.ack()
    stop = r.reply()
    got = int.from_bytes(bytes.fromhex(r.cmd("p20")), "little")
    if stop != "S05" or got != entry + 16:
        fail("breakpoint: %r at 0x%x" % (stop, got))
    expect("z0,%x,4" % (entry + 16), "OK")
    r.raw(b"$k#6b")
    end(p)
    # A core spinning forever ("b ."), stopped with Ctrl-C, then killed.
    spin = os.path.join(tempfile.mkdtemp(), "spin.bin")
    with open(spin, "wb") as f:
        f.write((0x14000000).to_bytes(4, "little"))
    p = start(el2sim, spin, stdin=subprocess.PIPE)
    r = Remote(port_of(p))
    if r.reply() != "S05":
        fail("no initial stop (spin)")
    r.raw(b"$c#63\x03")  # the Ctrl-C in the same segment as the packet that resumes
    r.ack()
    stop = r.reply()
    pc = int.from_bytes(bytes.fromhex(r.cmd("p20")), "little")
    if stop != "S02" or pc != 0x40080000:
        fail("Ctrl-C: %r at 0x%x" % (stop, pc))
    # A core asleep in WFI after reading the UART, with the console's input open and
    # silent: Ctrl-C still stops it.
    code = b"".join(w.to_bytes(4, "little") for w in
                    (0xD2A12000, 0xB9400001, 0xD503207F, 0x17FFFFFF))  # ldr; wfi; b .-4
    if r.cmd("M40080000,10:" + code.hex()) != "OK":
        fail("could not write the WFI loop")
    stop, pc = continue_then_interrupt(r)
    if stop != "S02" or pc not in (0x4008000c, 0x40080008):
        fail("Ctrl-C in WFI: %r at 0x%x" % (stop, pc))
    r.raw(b"$k#6b")
    end(p)
    # A write watchpoint on the word of an LDXR/STXR increment loop. The store exclusive
    # stops before it clears the monitor, so stepping over it as GDB does (remove, step,
    # insert) makes the store succeed and the loop end; the core then spins on "b .".
    loop = os.path.join(tempfile.mkdtemp(), "excl.bin")
    with open(loop, "wb") as f:
        for w in (0xD2A80109, 0xF2802009,  # mov x9, #0x40080100
                  0xC85F7D2A, 0x9100054A,  # 1: ldxr x10, [x9]; add x10, x10, #1
                  0xC8007D2A, 0x35FFFFA0,  # stxr w0, x10, [x9]; cbnz w0, 1b
                  0x14000000):             # b .
            f.write(w.to_bytes(4, "little"))
    p = start(el2sim, loop)
    r = Remote(port_of(p))
    if r.reply() != "S05":
        fail("no initial stop (exclusive loop)")
    if r.cmd("Z2,40080100,8") != "OK":
        fail("could not set the write watchpoint")
    r.raw(b"$c#63")
    r.ack()
    stop = r.reply()
    pc = int.from_bytes(bytes.fromhex(r.cmd("p20")), "little")
    if not stop.startswith("T05watch:40080100;") or pc != 0x40080010:
        fail("watchpoint on the store exclusive: %r at 0x%x" % (stop, pc))
    if r.cmd("z2,40080100,8") != "OK":
        fail("could not remove the write watchpoint")
    r.raw(b"$s#73")
    r.ack()
    r.reply()
    pc = int.from_bytes(bytes.fromhex(r.cmd("p20")), "little")
    status = int.from_bytes(bytes.fromhex(r.cmd("p0")), "little")
    word = r.cmd("m40080100,8")
    if pc != 0x40080014 or status != 0 or word != "01" + "00" * 7:
        fail("step over the store exclusive: pc 0x%x, status %d, word %s" % (pc, status, word))
    if r.cmd("Z2,40080100,8") != "OK":
        fail("could not set the write watchpoint again")
    stop, pc = continue_then_interrupt(r)
    if stop != "S02" or pc != 0x40080018:
        fail("after the exclusive loop: %r at 0x%x" % (stop, pc))
    checks += 4
    r.raw(b"$k#6b")
    end(p)
    print("gdb_protocol: %d exchanges answered as expected, a breakpoint, a watchpoint and "
          "Ctrl-C stopped the core, 'k' ended the three runs" % checks)


if __name__ == "__main__":
    main()
