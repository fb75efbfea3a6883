"""risugen.py's generators for the Cryptographic Extension (FEAT_AES with FEAT_PMULL,
FEAT_SHA1, FEAT_SHA256), which QEMU's cortex-a57 and el2sim's Cortex-A57 both have.

GENERATORS lists (weight, function) pairs; each function takes risugen's Gen and emits
one instruction word with gen.inst(word, comment) (sometimes a short chain, or preceded
by the set-up of a special operand), drawing every choice from gen.rng.

Every encoding is drawn with random registers, the destination often one of the
sources: AESE, AESD, AESMC, AESIMC (one time in four as the AESE + AESMC or AESD +
AESIMC pair of a round, on one register), SHA1C, SHA1P, SHA1M, SHA1SU0, SHA256H,
SHA256H2, SHA256SU1, SHA1H, SHA1SU1, SHA256SU0 (one time in four as the two-instruction
schedule updates SHA1SU0 + SHA1SU1 and SHA256SU0 + SHA256SU1, or SHA256H + SHA256H2 with
the first's ABCD saved, as a hash loop does) and PMULL/PMULL2 with size = 11 (1Q). One
time in eight a source is first set to all zeros or all ones (the S-box at 0x00 and
0xFF, empty and full carry-less products). g_unallocated draws the words next to the
groups, UNDEFINED on both sides: size != 00 of the AES and SHA groups, the AES opcodes
other than 001xx, the three-register SHA opcode 111 and the two-register SHA opcodes
above 00010.
"""

from risu_enc import enc, vregs

# Cryptographic AES: opcode, mnemonic
AES = [(0b00100, "aese"), (0b00101, "aesd"), (0b00110, "aesmc"), (0b00111, "aesimc")]
# Cryptographic three-register SHA
SHA3 = [(0b000, "sha1c"), (0b001, "sha1p"), (0b010, "sha1m"), (0b011, "sha1su0"),
        (0b100, "sha256h"), (0b101, "sha256h2"), (0b110, "sha256su1")]
# Cryptographic two-register SHA
SHA2 = [(0b00000, "sha1h"), (0b00001, "sha1su1"), (0b00010, "sha256su0")]

AES_PAT = "01001110zz10100ooooo10nnnnnddddd"
SHA3_PAT = "01011110zz0mmmmm0ooo00nnnnnddddd"
SHA2_PAT = "01011110zz10100ooooo10nnnnnddddd"
PMULL_PAT = "0q001110111mmmmm111000nnnnnddddd"


def aes(d, n, op):
    return enc(AES_PAT, z=0, o=op, n=n, d=d)


def sha3(d, n, m, op):
    return enc(SHA3_PAT, z=0, m=m, o=op, n=n, d=d)


def sha2(d, n, op):
    return enc(SHA2_PAT, z=0, o=op, n=n, d=d)


def maybe_special(gen, regs):
    """One time in eight, one of regs set to all zeros or all ones first."""
    if gen.r(0, 7) == 0:
        v = gen.rng.choice(regs)
        gen.emit(f"movi v{v}.2d, #{gen.rng.choice(['0', '0xffffffffffffffff'])}")


def g_aes(gen):
    d, n, _ = vregs(gen)
    maybe_special(gen, (d, n))
    if gen.r(0, 3) == 0:  # a whole round: AESE + AESMC (AESD + AESIMC) on Vd
        dec = gen.r(0, 1)
        gen.inst(aes(d, n, 0b00101 if dec else 0b00100), "aesd" if dec else "aese")
        gen.inst(aes(d, d, 0b00111 if dec else 0b00110), "aesimc" if dec else "aesmc")
        return
    op, mn = gen.rng.choice(AES)
    gen.inst(aes(d, n, op), mn)


def g_sha_three(gen):
    d, n, m = vregs(gen)
    maybe_special(gen, (d, n, m))
    k = gen.r(0, 7)
    if k == 0:  # SHA-1 schedule: SHA1SU0 Vd, Vn, Vm; SHA1SU1 Vd, Va
        gen.inst(sha3(d, n, m, 0b011), "sha1su0")
        gen.inst(sha2(d, gen.r(0, 31), 0b00001), "sha1su1")
    elif k == 1:  # SHA-256 schedule: SHA256SU0 Vd, Vn; SHA256SU1 Vd, Vn, Vm
        gen.inst(sha2(d, gen.r(0, 31), 0b00010), "sha256su0")
        gen.inst(sha3(d, n, m, 0b110), "sha256su1")
    elif k == 2 and len({d, n, m}) == 3:  # SHA-256 rounds: ABCD in Vd, EFGH in Vn
        t = gen.rng.choice([r for r in range(32) if r not in (d, n, m)])
        gen.emit(f"mov v{t}.16b, v{d}.16b")
        gen.inst(sha3(d, n, m, 0b100), "sha256h")
        gen.inst(sha3(n, t, m, 0b101), "sha256h2")
    else:
        op, mn = gen.rng.choice(SHA3)
        gen.inst(sha3(d, n, m, op), mn)


def g_sha_two(gen):
    d, n, _ = vregs(gen)
    maybe_special(gen, (d, n))
    op, mn = gen.rng.choice(SHA2)
    gen.inst(sha2(d, n, op), mn)


def g_pmull(gen):
    d, n, m = vregs(gen)
    maybe_special(gen, (n, m))
    q = gen.r(0, 1)
    gen.inst(enc(PMULL_PAT, q=q, m=m, n=n, d=d), "pmull2 (1q)" if q else "pmull (1q)")


def g_unallocated(gen):
    k = gen.r(0, 5)
    d, n, m = gen.r(0, 31), gen.r(0, 31), gen.r(0, 31)
    if k == 0:  # AES, size != 00
        w = enc(AES_PAT, z=gen.r(1, 3), o=gen.rng.choice(AES)[0], n=n, d=d)
    elif k == 1:  # AES opcodes other than 001xx
        w = enc(AES_PAT, z=0, o=gen.rng.choice([o for o in range(32) if o >> 2 != 1]), n=n,
                d=d)
    elif k == 2:  # three-register SHA, size != 00
        w = enc(SHA3_PAT, z=gen.r(1, 3), m=m, o=gen.r(0, 6), n=n, d=d)
    elif k == 3:  # three-register SHA opcode 111
        w = enc(SHA3_PAT, z=gen.r(0, 3), m=m, o=0b111, n=n, d=d)
    elif k == 4:  # two-register SHA, size != 00
        w = enc(SHA2_PAT, z=gen.r(1, 3), o=gen.r(0, 2), n=n, d=d)
    else:  # two-register SHA opcodes 00011-11111
        w = enc(SHA2_PAT, z=gen.r(0, 3), o=gen.r(3, 31), n=n, d=d)
    gen.inst(w, "unallocated (crypto)")


GENERATORS = [
    (2, g_aes),
    (2, g_sha_three),
    (1, g_sha_two),
    (1, g_pmull),
    (1, g_unallocated),
]
