"""risugen.py's generators for the AdvSIMD integer shift-by-immediate (vector and scalar) and three-different groups.

GENERATORS lists (weight, function) pairs; each function takes risugen's Gen and emits
one instruction word with gen.inst(word, comment), drawing every choice from gen.rng.

Every encoding of the groups is drawn with random registers and fields, the reserved
values among them (UNDEFINED on both sides): immh<3>:Q = 10 (vector), immh<3> = 0 for
the 64-bit-only scalar shifts, immh = 1xxx for the narrowing and lengthening shifts,
immh = 0000 in the scalar group and for the vector opcodes that no modified-immediate
encoding takes (RSHRN, SQRSHRUN, SQRSHRN, UQRSHRN), size = 11 (three different), size
00/11 of SQDMLAL/SQDMLSL/SQDMULL and size 01/10 of PMULL. Never generated: the
fixed-point conversions of the shift groups (FP: risu_simd_fp.py's), the rest of the
modified-immediate space (immh = 0000 of the vector group) and PMULL with size = 11
(the 64-bit PMULL of FEAT_PMULL: risu_crypto.py's).
"""

from risu_enc import enc


# Vector shift by immediate: (U, opcode, kind, mnemonic). Kinds: "right" (shift
# 2 * esize - immh:immb), "left" (immh:immb - esize), "narrow" (right shift from
# 2 * esize, immh = 1xxx reserved), "long" (left shift to 2 * esize, immh = 1xxx
# reserved).
VEC_SHIFTS = [
    (0, 0b00000, "right", "sshr"), (1, 0b00000, "right", "ushr"),
    (0, 0b00010, "right", "ssra"), (1, 0b00010, "right", "usra"),
    (0, 0b00100, "right", "srshr"), (1, 0b00100, "right", "urshr"),
    (0, 0b00110, "right", "srsra"), (1, 0b00110, "right", "ursra"),
    (1, 0b01000, "right", "sri"),
    (0, 0b01010, "left", "shl"), (1, 0b01010, "left", "sli"),
    (1, 0b01100, "left", "sqshlu"),
    (0, 0b01110, "left", "sqshl"), (1, 0b01110, "left", "uqshl"),
    (0, 0b10000, "narrow", "shrn"), (1, 0b10000, "narrow", "sqshrun"),
    (0, 0b10001, "narrow", "rshrn"), (1, 0b10001, "narrow", "sqrshrun"),
    (0, 0b10010, "narrow", "sqshrn"), (1, 0b10010, "narrow", "uqshrn"),
    (0, 0b10011, "narrow", "sqrshrn"), (1, 0b10011, "narrow", "uqrshrn"),
    (0, 0b10100, "long", "sshll"), (1, 0b10100, "long", "ushll"),
]
# Opcodes whose immh = 0000 words no modified-immediate encoding takes (o2 = 1).
VEC_IMMH0_UNALLOCATED = (0b10001, 0b10011)

# Scalar shift by immediate: (U, opcode, kind, mnemonic). "right64"/"left64" need
# immh<3> = 1; "left" takes any element size.
SCALAR_SHIFTS = [
    (0, 0b00000, "right64", "sshr"), (1, 0b00000, "right64", "ushr"),
    (0, 0b00010, "right64", "ssra"), (1, 0b00010, "right64", "usra"),
    (0, 0b00100, "right64", "srshr"), (1, 0b00100, "right64", "urshr"),
    (0, 0b00110, "right64", "srsra"), (1, 0b00110, "right64", "ursra"),
    (1, 0b01000, "right64", "sri"),
    (0, 0b01010, "left64", "shl"), (1, 0b01010, "left64", "sli"),
    (1, 0b01100, "left", "sqshlu"),
    (0, 0b01110, "left", "sqshl"), (1, 0b01110, "left", "uqshl"),
    (1, 0b10000, "narrow", "sqshrun"), (1, 0b10001, "narrow", "sqrshrun"),
    (0, 0b10010, "narrow", "sqshrn"), (1, 0b10010, "narrow", "uqshrn"),
    (0, 0b10011, "narrow", "sqrshrn"), (1, 0b10011, "narrow", "uqrshrn"),
]

# Three different: (U, opcode, size rule, mnemonic). Size rules: "long" (11 reserved),
# "doubling" (00 and 11 reserved), "poly" (00 only; 11 never generated).
THREE_DIFF = [
    (0, 0b0000, "long", "saddl"), (1, 0b0000, "long", "uaddl"),
    (0, 0b0001, "long", "saddw"), (1, 0b0001, "long", "uaddw"),
    (0, 0b0010, "long", "ssubl"), (1, 0b0010, "long", "usubl"),
    (0, 0b0011, "long", "ssubw"), (1, 0b0011, "long", "usubw"),
    (0, 0b0100, "long", "addhn"), (1, 0b0100, "long", "raddhn"),
    (0, 0b0101, "long", "sabal"), (1, 0b0101, "long", "uabal"),
    (0, 0b0110, "long", "subhn"), (1, 0b0110, "long", "rsubhn"),
    (0, 0b0111, "long", "sabdl"), (1, 0b0111, "long", "uabdl"),
    (0, 0b1000, "long", "smlal"), (1, 0b1000, "long", "umlal"),
    (0, 0b1001, "doubling", "sqdmlal"),
    (0, 0b1010, "long", "smlsl"), (1, 0b1010, "long", "umlsl"),
    (0, 0b1011, "doubling", "sqdmlsl"),
    (0, 0b1100, "long", "smull"), (1, 0b1100, "long", "umull"),
    (0, 0b1101, "doubling", "sqdmull"),
    (0, 0b1110, "poly", "pmull"),
]
SCALAR_THREE_DIFF = [(0b1001, "sqdmlal"), (0b1011, "sqdmlsl"), (0b1101, "sqdmull")]


def shift_amount(gen, lo, hi):
    """A shift in [lo, hi], the ends drawn more often than the middle."""
    k = gen.r(0, 7)
    if k == 0:
        return lo
    if k == 1:
        return hi
    return gen.r(lo, hi)


def immhb(gen, esize, right):
    """immh:immb for element size esize (8 to 64) and a random shift."""
    if right:
        return 2 * esize - shift_amount(gen, 1, esize)
    return esize + shift_amount(gen, 0, esize - 1)


def g_vec_shift(gen):
    u, opcode, kind, mn = gen.rng.choice(VEC_SHIFTS)
    q = gen.r(0, 1)
    k = gen.r(0, 15)
    if kind in ("right", "left"):
        esize = 8 << gen.r(0, 3)
        if esize == 64 and k != 0:
            q = 1  # immh<3>:Q = 10 is reserved: drawn one time in 16
        hb = immhb(gen, esize, kind == "right")
    else:
        esize = 8 << gen.r(0, 2)
        hb = immhb(gen, esize, kind == "narrow")
        if k == 0:
            hb = gen.r(64, 127)  # immh = 1xxx: reserved
        elif k == 1 and opcode in VEC_IMMH0_UNALLOCATED:
            hb = gen.r(0, 7)  # immh = 0000 with o2 = 1: unallocated
    w = enc("0qu011110hhhhhhhooooo1nnnnnddddd", q=q, u=u, h=hb, o=opcode,
            n=gen.r(0, 31), d=gen.r(0, 31))
    gen.inst(w, f"{mn}{'2' if q and kind in ('narrow', 'long') else ''} (vector) "
             f"immh:immb={hb:#x} Q={q}")


def g_scalar_shift(gen):
    u, opcode, kind, mn = gen.rng.choice(SCALAR_SHIFTS)
    k = gen.r(0, 15)
    if kind in ("right64", "left64"):
        esize = 64 if k > 1 else 8 << gen.r(0, 2)  # immh<3> = 0: reserved
        hb = immhb(gen, esize, kind == "right64")
    elif kind == "left":
        hb = immhb(gen, 8 << gen.r(0, 3), False)
    else:
        hb = immhb(gen, 8 << gen.r(0, 2), True)
        if k == 1:
            hb = gen.r(64, 127)  # immh = 1xxx: reserved
    if k == 0:
        hb = gen.r(0, 7)  # immh = 0000: unallocated
    w = enc("01u111110hhhhhhhooooo1nnnnnddddd", u=u, h=hb, o=opcode, n=gen.r(0, 31),
            d=gen.r(0, 31))
    gen.inst(w, f"{mn} (scalar) immh:immb={hb:#x}")


def draw_size(gen, rule):
    k = gen.r(0, 15)
    if rule == "poly":
        return 0 if k > 1 else gen.r(1, 2)  # 01/10 reserved; 11: risu_crypto.py
    if rule == "doubling":
        return gen.r(1, 2) if k > 1 else gen.rng.choice([0, 3])
    return gen.r(0, 2) if k > 0 else 3


def g_three_diff(gen):
    u, opcode, rule, mn = gen.rng.choice(THREE_DIFF)
    q = gen.r(0, 1)
    size = draw_size(gen, rule)
    w = enc("0qu01110zz1mmmmmoooo00nnnnnddddd", q=q, u=u, z=size, o=opcode, m=gen.r(0, 31),
            n=gen.r(0, 31), d=gen.r(0, 31))
    gen.inst(w, f"{mn}{'2' if q else ''} size={size}")


def g_scalar_three_diff(gen):
    opcode, mn = gen.rng.choice(SCALAR_THREE_DIFF)
    size = draw_size(gen, "doubling")
    w = enc("01011110zz1mmmmmoooo00nnnnnddddd", z=size, o=opcode, m=gen.r(0, 31),
            n=gen.r(0, 31), d=gen.r(0, 31))
    gen.inst(w, f"{mn} (scalar) size={size}")


GENERATORS = [(2, g_vec_shift), (1, g_scalar_shift), (2, g_three_diff),
              (1, g_scalar_three_diff)]
