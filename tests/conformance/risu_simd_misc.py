"""risugen.py's generators for the AdvSIMD integer two-register miscellaneous (vector and scalar), across-lanes, scalar pairwise, permute, extract and table-lookup groups.

GENERATORS lists (weight, function) pairs; each function takes risugen's Gen and emits
one instruction word with gen.inst(word, comment), drawing every choice from gen.rng.

Only the integer encodings of these groups are drawn (the FP ones, FCMGT (zero), FABS,
FCVT*, FRINT*, SCVTF, URECPE, FMAXV, FADDP..., are risu_simd_fp.py's). The size/Q (and EXT imm4) values
are drawn from every value one time in eight, the reserved ones (UNDEFINED) included,
otherwise from the allocated ones.
"""

from risu_enc import enc


# Allowed (size, Q) pairs of a vector form, by rule.
def _sizes_q(rule):
    every = [(s, q) for s in range(4) for q in range(2)]
    allowed = {
        "any": every,
        "no_1d": [(s, q) for s, q in every if not (s == 3 and q == 0)],
        "no_d": [(s, q) for s, q in every if s != 3],
        "b": [(0, 0), (0, 1)],
        "bh": [(s, q) for s, q in every if s < 2],
        "across": [(s, q) for s, q in every if s < 2 or (s == 2 and q == 1)],
    }[rule]
    return every, allowed


def _pick_size_q(gen, rule):
    every, allowed = _sizes_q(rule)
    return gen.rng.choice(every if gen.r(0, 7) == 0 else allowed)


# AdvSIMD two-register miscellaneous (vector): (U, opcode, rule, fixed size, name)
MISC_VECTOR = [
    (0, 0b00000, "no_d", None, "REV64"),
    (1, 0b00000, "bh", None, "REV32"),
    (0, 0b00001, "b", None, "REV16"),
    (0, 0b00010, "no_d", None, "SADDLP"),
    (1, 0b00010, "no_d", None, "UADDLP"),
    (0, 0b00011, "no_1d", None, "SUQADD"),
    (1, 0b00011, "no_1d", None, "USQADD"),
    (0, 0b00100, "no_d", None, "CLS"),
    (1, 0b00100, "no_d", None, "CLZ"),
    (0, 0b00101, "b", None, "CNT"),
    (1, 0b00101, "any", 0, "NOT"),
    (1, 0b00101, "any", 1, "RBIT"),
    (0, 0b00110, "no_d", None, "SADALP"),
    (1, 0b00110, "no_d", None, "UADALP"),
    (0, 0b00111, "no_1d", None, "SQABS"),
    (1, 0b00111, "no_1d", None, "SQNEG"),
    (0, 0b01000, "no_1d", None, "CMGT (zero)"),
    (1, 0b01000, "no_1d", None, "CMGE (zero)"),
    (0, 0b01001, "no_1d", None, "CMEQ (zero)"),
    (1, 0b01001, "no_1d", None, "CMLE (zero)"),
    (0, 0b01010, "no_1d", None, "CMLT (zero)"),
    (0, 0b01011, "no_1d", None, "ABS"),
    (1, 0b01011, "no_1d", None, "NEG"),
    (0, 0b10010, "no_d", None, "XTN"),
    (1, 0b10010, "no_d", None, "SQXTUN"),
    (1, 0b10011, "no_d", None, "SHLL"),
    (0, 0b10100, "no_d", None, "SQXTN"),
    (1, 0b10100, "no_d", None, "UQXTN"),
]

# AdvSIMD scalar two-register miscellaneous: (U, opcode, allowed sizes, name)
MISC_SCALAR = [
    (0, 0b00011, (0, 1, 2, 3), "SUQADD"),
    (1, 0b00011, (0, 1, 2, 3), "USQADD"),
    (0, 0b00111, (0, 1, 2, 3), "SQABS"),
    (1, 0b00111, (0, 1, 2, 3), "SQNEG"),
    (0, 0b01000, (3,), "CMGT (zero)"),
    (1, 0b01000, (3,), "CMGE (zero)"),
    (0, 0b01001, (3,), "CMEQ (zero)"),
    (1, 0b01001, (3,), "CMLE (zero)"),
    (0, 0b01010, (3,), "CMLT (zero)"),
    (0, 0b01011, (3,), "ABS"),
    (1, 0b01011, (3,), "NEG"),
    (1, 0b10010, (0, 1, 2), "SQXTUN"),
    (0, 0b10100, (0, 1, 2), "SQXTN"),
    (1, 0b10100, (0, 1, 2), "UQXTN"),
]

# AdvSIMD across lanes: (U, opcode, name)
ACROSS = [
    (0, 0b00011, "SADDLV"), (1, 0b00011, "UADDLV"), (0, 0b01010, "SMAXV"),
    (1, 0b01010, "UMAXV"), (0, 0b11010, "SMINV"), (1, 0b11010, "UMINV"),
    (0, 0b11011, "ADDV"),
]

PERMUTE = [(0b001, "UZP1"), (0b010, "TRN1"), (0b011, "ZIP1"), (0b101, "UZP2"),
           (0b110, "TRN2"), (0b111, "ZIP2")]


def g_misc_vector(gen):
    u, opcode, rule, fixed, name = gen.rng.choice(MISC_VECTOR)
    size, q = _pick_size_q(gen, rule)
    if fixed is not None:
        size = fixed
    w = enc("0qu01110zz10000ooooo10nnnnnddddd", q=q, u=u, z=size, o=opcode,
            n=gen.r(0, 31), d=gen.r(0, 31))
    gen.inst(w, f"{name} (vector) size={size} Q={q}")


def g_misc_scalar(gen):
    u, opcode, sizes, name = gen.rng.choice(MISC_SCALAR)
    size = gen.r(0, 3) if gen.r(0, 7) == 0 else gen.rng.choice(sizes)
    w = enc("01u11110zz10000ooooo10nnnnnddddd", u=u, z=size, o=opcode,
            n=gen.r(0, 31), d=gen.r(0, 31))
    gen.inst(w, f"{name} (scalar) size={size}")


def g_across(gen):
    u, opcode, name = gen.rng.choice(ACROSS)
    size, q = _pick_size_q(gen, "across")
    w = enc("0qu01110zz11000ooooo10nnnnnddddd", q=q, u=u, z=size, o=opcode,
            n=gen.r(0, 31), d=gen.r(0, 31))
    gen.inst(w, f"{name} size={size} Q={q}")


def g_permute(gen):
    opcode, name = gen.rng.choice(PERMUTE)
    size, q = _pick_size_q(gen, "no_1d")
    w = enc("0q001110zz0mmmmm0ooo10nnnnnddddd", q=q, z=size, o=opcode, m=gen.r(0, 31),
            n=gen.r(0, 31), d=gen.r(0, 31))
    gen.inst(w, f"{name} size={size} Q={q}")


def g_ext_tbl_addp(gen):
    k = gen.r(0, 4)
    n, m, d = gen.r(0, 31), gen.r(0, 31), gen.r(0, 31)
    if k <= 1:  # EXT; Q = 0 with imm4<3> = 1 reserved
        q = gen.r(0, 1)
        imm4 = gen.r(0, 15) if q or gen.r(0, 7) == 0 else gen.r(0, 7)
        w = enc("0q101110000mmmmm0iiii0nnnnnddddd", q=q, m=m, i=imm4, n=n, d=d)
        gen.inst(w, f"EXT Q={q} imm4={imm4}")
    elif k <= 3:  # TBL/TBX with 1-4 table registers (Vn + i modulo 32)
        q, length, op = gen.r(0, 1), gen.r(0, 3), gen.r(0, 1)
        w = enc("0q001110000mmmmm0llo00nnnnnddddd", q=q, m=m, l=length, o=op, n=n, d=d)
        gen.inst(w, f"{'TBX' if op else 'TBL'} Q={q} len={length + 1}")
    else:  # ADDP (scalar): size 11 only
        size = gen.r(0, 3) if gen.r(0, 7) == 0 else 3
        w = enc("01011110zz110001101110nnnnnddddd", z=size, n=n, d=d)
        gen.inst(w, f"ADDP (scalar) size={size}")


GENERATORS = [(2, g_misc_vector), (1, g_misc_scalar), (1, g_across), (1, g_permute),
              (1, g_ext_tbl_addp)]
