"""risugen.py's generators for the AdvSIMD floating-point groups (vector and scalar forms).

GENERATORS lists (weight, function) pairs; each function takes risugen's Gen and emits
one instruction word with gen.inst(word, comment) (sometimes preceded by the set-up of
a special operand), drawing every choice from gen.rng.

Every single- and double-precision encoding of the groups is drawn with random
registers and fields: three same (vector and scalar), two-register miscellaneous
(vector and scalar, FCVTN/FCVTL/FCVTXN included), scalar pairwise, across lanes,
vector and scalar x indexed element, and the fixed-point conversions of (scalar) shift
by immediate. The reserved values are drawn too (UNDEFINED on both sides): sz = 1 with
Q = 0, sz = 0 for FCVTXN, sz = 1 for URECPE/URSQRTE, sz = 1 or Q = 0 for the across-lanes
forms, sz:L = 11 by element, immh = 0001/001x (no 8-bit form, no FP16), immh<3>:Q = 10
and, for FCVTZS/FCVTZU (whose immh = 0000 words no modified-immediate encoding takes),
immh = 0000. Never generated: immh = 0000 of SCVTF/UCVTF (fixed-point), which is MOVI.

One time in four an operation's source register is first loaded with a special value
(zeros, infinities, quiet and signalling NaNs, denormals, values at the integer
conversion limits, rounding ties); g_special loads one on its own, or (one time in
four) writes a random FPCR.{AHP, DN, FZ, RMode}, or (one time in eight) draws an
unallocated word next to the groups: opcode holes, FP16 forms, FMLAL/FMLSL (FEAT_FHM)
and FRINT32*/FRINT64* (FEAT_FRINTTS), UNDEFINED on both sides.
"""

from risu_enc import enc, vregs


# Special single- and double-precision operands.
SPECIAL_S = [
    0x00000000, 0x80000000, 0x7F800000, 0xFF800000, 0x7FC00000, 0xFFC00000, 0x7FC12345,
    0x7F800001, 0xFF812345, 0x7FBFFFFF, 0x00000001, 0x807FFFFF, 0x00800000, 0x80800000,
    0x7F7FFFFF, 0x3F800000, 0xBF800000, 0x3F000000, 0x3FC00000, 0x40200000, 0xC0200000,
    0x4F000000, 0xCF000000, 0x4F800000, 0x5F000000, 0xDF000000, 0x5F800000, 0x477FF000,
    0x477FE000, 0x33800000, 0x33000000, 0x38800000, 0x3F800001, 0x4B800001, 0x7E800000,
    0x00400000, 0x3EFFFFFF,
]
SPECIAL_D = [
    0x0000000000000000, 0x8000000000000000, 0x7FF0000000000000, 0xFFF0000000000000,
    0x7FF8000000000000, 0xFFF8000000000000, 0x7FF8000012345678, 0x7FF0000000000001,
    0xFFF0000123456789, 0x0000000000000001, 0x800FFFFFFFFFFFFF, 0x0010000000000000,
    0x7FEFFFFFFFFFFFFF, 0x3FF0000000000000, 0xBFF0000000000000, 0x3FE0000000000000,
    0x3FF8000000000000, 0x4004000000000000, 0xC004000000000000, 0x41E0000000000000,
    0xC1E0000000000000, 0x41F0000000000000, 0x43E0000000000000, 0xC3E0000000000000,
    0x43F0000000000000, 0x3FF0000000000001, 0x3FF0000010000000, 0x47EFFFFFE0000000,
    0x36A0000000000000, 0x3810000000000000, 0x380FFFFFFFFFFFFF, 0x0008000000000000,
    0x47F0000000000000,
]
# Integers for the conversions to FP.
SPECIAL_I = [0, 1, 0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, 0x01000001, 0x00FFFFFF, 0xFFFFFF00,
             0xFFFFFFFFFFFFFFFF, 0x7FFFFFFFFFFFFFFF, 0x8000000000000000, 0x0020000000000001]


def special_value(gen, esize):
    k = gen.r(0, 9)
    if k == 0:
        return gen.rng.choice(SPECIAL_I) & ((1 << esize) - 1)
    if esize == 32:
        v = gen.rng.choice(SPECIAL_S)
    elif esize == 64:
        v = gen.rng.choice(SPECIAL_D)
    else:  # 16: half-precision specials (FCVTL)
        v = gen.rng.choice([0x0000, 0x8000, 0x7C00, 0xFC00, 0x7E00, 0x7D00, 0xFD55, 0x0001,
                            0x03FF, 0x0400, 0x3C00, 0x7BFF, 0x3555])
    if k == 1:  # a neighbour: one ulp away
        v = (v + gen.rng.choice([-1, 1])) & ((1 << esize) - 1)
    return v


def load_special(gen, vreg, esize):
    """V<vreg> (all of its lanes, or one) set to a special value of esize bits."""
    x = gen.reg(zr=False)
    v = special_value(gen, esize)
    gen.set_reg(x, v)
    k = gen.r(0, 3)
    # (scalar register, lanes, arrangement, general register) of the element size
    name, lanes, arr, w = {64: ("d", 2, "2d", "x"), 32: ("s", 4, "4s", "w"),
                           16: ("h", 8, "8h", "w")}[esize]
    if k == 0 and esize != 16:
        gen.emit(f"fmov {name}{vreg}, {w}{x}")
    elif k <= 1:
        gen.emit(f"ins v{vreg}.{name}[{gen.r(0, lanes - 1)}], {w}{x}")
    else:
        gen.emit(f"dup v{vreg}.{arr}, {w}{x}")


def maybe_special(gen, regs, esize):
    """One time in four, one of regs loaded with a special operand first."""
    if gen.r(0, 3) == 0:
        load_special(gen, gen.rng.choice(regs), esize)


# AdvSIMD three same, FP (vector): (U, a, opcode, mnemonic)
VEC3 = [
    (0, 0, 0b11000, "fmaxnm"), (0, 0, 0b11001, "fmla"), (0, 0, 0b11010, "fadd"),
    (0, 0, 0b11011, "fmulx"), (0, 0, 0b11100, "fcmeq"), (0, 0, 0b11110, "fmax"),
    (0, 0, 0b11111, "frecps"), (0, 1, 0b11000, "fminnm"), (0, 1, 0b11001, "fmls"),
    (0, 1, 0b11010, "fsub"), (0, 1, 0b11110, "fmin"), (0, 1, 0b11111, "frsqrts"),
    (1, 0, 0b11000, "fmaxnmp"), (1, 0, 0b11010, "faddp"), (1, 0, 0b11011, "fmul"),
    (1, 0, 0b11100, "fcmge"), (1, 0, 0b11101, "facge"), (1, 0, 0b11110, "fmaxp"),
    (1, 0, 0b11111, "fdiv"), (1, 1, 0b11000, "fminnmp"), (1, 1, 0b11010, "fabd"),
    (1, 1, 0b11100, "fcmgt"), (1, 1, 0b11101, "facgt"), (1, 1, 0b11110, "fminp"),
]
# AdvSIMD scalar three same, FP
SCALAR3 = [
    (0, 0, 0b11011, "fmulx"), (0, 0, 0b11100, "fcmeq"), (0, 0, 0b11111, "frecps"),
    (0, 1, 0b11111, "frsqrts"), (1, 0, 0b11100, "fcmge"), (1, 0, 0b11101, "facge"),
    (1, 1, 0b11010, "fabd"), (1, 1, 0b11100, "fcmgt"), (1, 1, 0b11101, "facgt"),
]
# AdvSIMD two-register miscellaneous, FP: (U, a, opcode, mnemonic, has a scalar form)
MISC = [
    (0, 0, 0b11000, "frintn", False), (0, 0, 0b11001, "frintm", False),
    (0, 1, 0b11000, "frintp", False), (0, 1, 0b11001, "frintz", False),
    (1, 0, 0b11000, "frinta", False), (1, 0, 0b11001, "frintx", False),
    (1, 1, 0b11001, "frinti", False),
    (0, 0, 0b11010, "fcvtns", True), (0, 0, 0b11011, "fcvtms", True),
    (0, 0, 0b11100, "fcvtas", True), (0, 1, 0b11010, "fcvtps", True),
    (0, 1, 0b11011, "fcvtzs", True), (1, 0, 0b11010, "fcvtnu", True),
    (1, 0, 0b11011, "fcvtmu", True), (1, 0, 0b11100, "fcvtau", True),
    (1, 1, 0b11010, "fcvtpu", True), (1, 1, 0b11011, "fcvtzu", True),
    (0, 0, 0b11101, "scvtf", True), (1, 0, 0b11101, "ucvtf", True),
    (0, 1, 0b01100, "fcmgt #0", True), (1, 1, 0b01100, "fcmge #0", True),
    (0, 1, 0b01101, "fcmeq #0", True), (1, 1, 0b01101, "fcmle #0", True),
    (0, 1, 0b01110, "fcmlt #0", True), (0, 1, 0b01111, "fabs", False),
    (1, 1, 0b01111, "fneg", False), (1, 1, 0b11111, "fsqrt", False),
    (0, 1, 0b11101, "frecpe", True), (1, 1, 0b11101, "frsqrte", True),
    (0, 1, 0b11100, "urecpe", False), (1, 1, 0b11100, "ursqrte", False),
    (0, 0, 0b10110, "fcvtn", False), (0, 0, 0b10111, "fcvtl", False),
    (1, 0, 0b10110, "fcvtxn", True),
]
# Scalar-only: FRECPX
SCALAR_ONLY_MISC = [(0, 1, 0b11111, "frecpx")]
# Scalar pairwise (U = 1) and across lanes (U = 1): (a, opcode, mnemonic)
PAIRWISE = [(0, 0b01100, "fmaxnmp"), (0, 0b01101, "faddp"), (0, 0b01111, "fmaxp"),
            (1, 0b01100, "fminnmp"), (1, 0b01111, "fminp")]
ACROSS = [(0, 0b01100, "fmaxnmv"), (0, 0b01111, "fmaxv"), (1, 0b01100, "fminnmv"),
          (1, 0b01111, "fminv")]
# By element: (U, opcode, mnemonic)
ELEM = [(0, 0b0001, "fmla"), (0, 0b0101, "fmls"), (0, 0b1001, "fmul"), (1, 0b1001, "fmulx")]
# Fixed-point conversions: (U, opcode, mnemonic)
FIXED = [(0, 0b11100, "scvtf"), (1, 0b11100, "ucvtf"), (0, 0b11111, "fcvtzs"),
         (1, 0b11111, "fcvtzu")]


def draw_sz_q(gen):
    """sz and Q, the reserved sz = 1, Q = 0 one time in eight."""
    sz = gen.r(0, 1)
    q = 1 if sz and gen.r(0, 7) else gen.r(0, 1)
    return sz, q


def g_three_same(gen):
    d, n, m = vregs(gen)
    if gen.r(0, 3):
        u, a, op, mn = gen.rng.choice(VEC3)
        sz, q = draw_sz_q(gen)
        maybe_special(gen, (n, m, d) if mn in ("fmla", "fmls") else (n, m), 32 << sz)
        w = enc("0qu01110az1mmmmmooooo1nnnnnddddd", q=q, u=u, a=a, z=sz, m=m, o=op, n=n, d=d)
        gen.inst(w, f"{mn} (vector)")
    else:
        u, a, op, mn = gen.rng.choice(SCALAR3)
        sz = gen.r(0, 1)
        maybe_special(gen, (n, m), 32 << sz)
        w = enc("01u11110az1mmmmmooooo1nnnnnddddd", u=u, a=a, z=sz, m=m, o=op, n=n, d=d)
        gen.inst(w, f"{mn} (scalar)")


def g_misc(gen):
    d, n = gen.r(0, 31), gen.r(0, 31)
    if gen.r(0, 2):
        u, a, op, mn, _ = gen.rng.choice(MISC)
        sz, q = draw_sz_q(gen)
        if mn in ("fcvtn", "fcvtl", "fcvtxn"):
            q = gen.r(0, 1)  # Q is the part: any sz
            if mn == "fcvtxn" and gen.r(0, 7):
                sz = 1  # sz = 0 reserved
            src = (16 << sz) if mn == "fcvtl" else (64 if mn == "fcvtxn" or sz else 32)
        elif mn in ("urecpe", "ursqrte"):
            if gen.r(0, 7):
                sz = 0  # sz = 1 reserved
            src = 32
        else:
            src = 32 << sz
        maybe_special(gen, (n,), src)
        w = enc("0qu01110az10000ooooo10nnnnnddddd", q=q, u=u, a=a, z=sz, o=op, n=n, d=d)
        gen.inst(w, f"{mn} (vector)")
    else:
        choices = [x[:4] for x in MISC if x[4]] + SCALAR_ONLY_MISC
        u, a, op, mn = gen.rng.choice(choices)
        sz = gen.r(0, 1)
        if mn == "fcvtxn" and gen.r(0, 7):
            sz = 1
        maybe_special(gen, (n,), 64 if mn == "fcvtxn" else 32 << sz)
        w = enc("01u11110az10000ooooo10nnnnnddddd", u=u, a=a, z=sz, o=op, n=n, d=d)
        gen.inst(w, f"{mn} (scalar)")


def g_reduce(gen):
    d, n = gen.r(0, 31), gen.r(0, 31)
    if gen.r(0, 1):
        a, op, mn = gen.rng.choice(PAIRWISE)
        sz = gen.r(0, 1)
        maybe_special(gen, (n,), 32 << sz)
        w = enc("01111110az11000ooooo10nnnnnddddd", a=a, z=sz, o=op, n=n, d=d)
        gen.inst(w, f"{mn} (scalar)")
    else:
        a, op, mn = gen.rng.choice(ACROSS)
        sz = 1 if gen.r(0, 7) == 0 else 0
        q = 0 if gen.r(0, 7) == 0 else 1
        maybe_special(gen, (n,), 32)
        w = enc("0q101110az11000ooooo10nnnnnddddd", q=q, a=a, z=sz, o=op, n=n, d=d)
        gen.inst(w, mn)


def g_by_element(gen):
    u, op, mn = gen.rng.choice(ELEM)
    d, n, m = vregs(gen)
    sz, q = draw_sz_q(gen)
    L = gen.r(0, 1) if sz == 0 or gen.r(0, 7) == 0 else 0
    maybe_special(gen, (n, m, d) if mn in ("fmla", "fmls") else (n, m), 32 << sz)
    if gen.r(0, 2):
        w = enc("0qu011111zLMmmmmooooH0nnnnnddddd", q=q, u=u, z=sz, L=L, M=m >> 4, m=m & 15,
                o=op, H=gen.r(0, 1), n=n, d=d)
        gen.inst(w, f"{mn} (by element)")
    else:
        w = enc("01u111111zLMmmmmooooH0nnnnnddddd", u=u, z=sz, L=L, M=m >> 4, m=m & 15, o=op,
                H=gen.r(0, 1), n=n, d=d)
        gen.inst(w, f"{mn} (by element, scalar)")


def g_fixed(gen):
    u, op, mn = gen.rng.choice(FIXED)
    d, n = gen.r(0, 31), gen.r(0, 31)
    k = gen.r(0, 15)
    if k == 0:
        immh = gen.r(1, 3)  # 8-bit or FP16: reserved
    elif k == 1 and op == 0b11111:
        immh = 0  # FCVTZS/FCVTZU: no modified-immediate encoding there
    else:
        immh = gen.r(4, 15)
    esize = 64 if immh & 8 else 32
    maybe_special(gen, (n,), esize)
    immb = gen.r(0, 7)
    if gen.r(0, 2):
        q = gen.r(0, 1) if esize == 32 or gen.r(0, 7) == 0 else 1
        w = enc("0qu011110hhhhbbbooooo1nnnnnddddd", q=q, u=u, h=immh, b=immb, o=op, n=n, d=d)
        gen.inst(w, f"{mn} (vector, fixed-point)")
    else:
        w = enc("01u111110hhhhbbbooooo1nnnnnddddd", u=u, h=immh, b=immb, o=op, n=n, d=d)
        gen.inst(w, f"{mn} (scalar, fixed-point)")


# Unallocated words around the groups (UNDEFINED on both sides: no FEAT_FP16, FHM or
# FRINTTS): (pattern, fixed fields, comment).
HOLES = [
    ("0qu01110az1mmmmmooooo1nnnnnddddd", [(0, 0, 0b11101), (0, 1, 0b11011), (0, 1, 0b11100),
                                          (0, 1, 0b11101), (1, 0, 0b11001), (1, 1, 0b11001),
                                          (1, 1, 0b11011), (1, 1, 0b11111)], "three same"),
    ("01u11110az1mmmmmooooo1nnnnnddddd", [(0, 0, 0b11000), (0, 0, 0b11010), (1, 0, 0b11011),
                                          (1, 1, 0b11110), (0, 1, 0b11100)], "scalar three same"),
    ("0qu01110az10000ooooo10nnnnnddddd", [(0, 0, 0b11110), (0, 0, 0b11111), (1, 0, 0b11110),
                                          (1, 0, 0b11111), (1, 1, 0b11000), (0, 1, 0b11111),
                                          (1, 1, 0b01110)], "two-register misc"),
    ("01u11110az10000ooooo10nnnnnddddd", [(0, 0, 0b11000), (1, 1, 0b11111), (0, 1, 0b01111),
                                          (1, 0, 0b10111)], "scalar two-register misc"),
]
# FP16 forms (FEAT_FP16): three same, two-register misc, across lanes and scalar
# pairwise with U = 0, by element with size = 00: (pattern, opcodes, comment).
FP16 = [
    ("0qu01110a10mmmmm00ooo1nnnnnddddd", range(8), "FP16 three same"),
    ("0qu01110a111100ooooo10nnnnnddddd", [0b01100, 0b01101, 0b01111, 0b11000, 0b11010,
                                          0b11101], "FP16 two-register misc"),
    ("0q001110a011000ooooo10nnnnnddddd", [0b01100, 0b01111], "FP16 across lanes"),
    ("01011110a011000ooooo10nnnnnddddd", [0b01100, 0b01101, 0b01111], "FP16 scalar pairwise"),
    ("0qu0111100LMmmmmooooH0nnnnnddddd", [0b0001, 0b0101, 0b1001], "FP16 by element"),
]


def g_unallocated(gen):
    if gen.r(0, 1):
        pat, fields, what = gen.rng.choice(HOLES)
        u, a, op = gen.rng.choice(fields)
    else:
        pat, ops, what = gen.rng.choice(FP16)
        u, a, op = gen.r(0, 1), gen.r(0, 1), gen.rng.choice(ops)
    m = gen.r(0, 31)
    f = dict(q=gen.r(0, 1), u=u, a=a, z=gen.r(0, 1), o=op, m=m, n=gen.r(0, 31),
             d=gen.r(0, 31), L=gen.r(0, 1), M=m >> 4, H=gen.r(0, 1))
    if "M" in pat:
        f["m"] = m & 15
    w = enc(pat, **{k: v for k, v in f.items() if k in pat})
    gen.inst(w, f"unallocated ({what})")


def g_special(gen):
    k = gen.r(0, 7)
    if k < 2:
        x = gen.reg(zr=False)
        gen.set_reg(x, gen.rng.getrandbits(64) & 0x07C00000)  # AHP, DN, FZ, RMode
        gen.emit(f"msr fpcr, x{x}")
    elif k == 2:
        g_unallocated(gen)
    else:
        load_special(gen, gen.r(0, 31), gen.rng.choice([32, 32, 64, 64, 16]))


GENERATORS = [
    (2, g_three_same),
    (2, g_misc),
    (1, g_reduce),
    (1, g_by_element),
    (1, g_fixed),
    (1, g_special),
]
