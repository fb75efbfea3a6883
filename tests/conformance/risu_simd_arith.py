"""risugen.py's generators for the AdvSIMD integer three-same (vector and scalar) and vector-by-element groups.

GENERATORS lists (weight, function) pairs; each function takes risugen's Gen and emits
one instruction word with gen.inst(word, comment), drawing every choice from gen.rng.

Every (U, opcode) pair below is an integer encoding of the group; the sizes and Q are
drawn over all their values, the reserved ones (UNDEFINED) included. The three-same
opcodes 00011 (logical, risugen's g_fp_move) and 11xxx (FP), U=1 opcode 10111, and the
by-element FP, FP16, RDM (SQRDMLAH/SQRDMLSH) and DotProd opcodes are never drawn.
"""

from risu_enc import enc, vregs


# AdvSIMD three same (vector): (U, opcode, mnemonic)
VEC3 = [
    (0, 0b00000, "shadd"), (1, 0b00000, "uhadd"), (0, 0b00001, "sqadd"), (1, 0b00001, "uqadd"),
    (0, 0b00010, "srhadd"), (1, 0b00010, "urhadd"), (0, 0b00100, "shsub"), (1, 0b00100, "uhsub"),
    (0, 0b00101, "sqsub"), (1, 0b00101, "uqsub"), (0, 0b00110, "cmgt"), (1, 0b00110, "cmhi"),
    (0, 0b00111, "cmge"), (1, 0b00111, "cmhs"), (0, 0b01000, "sshl"), (1, 0b01000, "ushl"),
    (0, 0b01001, "sqshl"), (1, 0b01001, "uqshl"), (0, 0b01010, "srshl"), (1, 0b01010, "urshl"),
    (0, 0b01011, "sqrshl"), (1, 0b01011, "uqrshl"), (0, 0b01100, "smax"), (1, 0b01100, "umax"),
    (0, 0b01101, "smin"), (1, 0b01101, "umin"), (0, 0b01110, "sabd"), (1, 0b01110, "uabd"),
    (0, 0b01111, "saba"), (1, 0b01111, "uaba"), (0, 0b10000, "add"), (1, 0b10000, "sub"),
    (0, 0b10001, "cmtst"), (1, 0b10001, "cmeq"), (0, 0b10010, "mla"), (1, 0b10010, "mls"),
    (0, 0b10011, "mul"), (1, 0b10011, "pmul"), (0, 0b10100, "smaxp"), (1, 0b10100, "umaxp"),
    (0, 0b10101, "sminp"), (1, 0b10101, "uminp"), (0, 0b10110, "sqdmulh"),
    (1, 0b10110, "sqrdmulh"), (0, 0b10111, "addp"),
]
# AdvSIMD scalar three same
SCALAR3 = [
    (0, 0b00001, "sqadd"), (1, 0b00001, "uqadd"), (0, 0b00101, "sqsub"), (1, 0b00101, "uqsub"),
    (0, 0b00110, "cmgt"), (1, 0b00110, "cmhi"), (0, 0b00111, "cmge"), (1, 0b00111, "cmhs"),
    (0, 0b01000, "sshl"), (1, 0b01000, "ushl"), (0, 0b01001, "sqshl"), (1, 0b01001, "uqshl"),
    (0, 0b01010, "srshl"), (1, 0b01010, "urshl"), (0, 0b01011, "sqrshl"),
    (1, 0b01011, "uqrshl"), (0, 0b10000, "add"), (1, 0b10000, "sub"), (0, 0b10001, "cmtst"),
    (1, 0b10001, "cmeq"), (0, 0b10110, "sqdmulh"), (1, 0b10110, "sqrdmulh"),
]
# AdvSIMD vector x indexed element (integer)
VEC_ELEM = [
    (1, 0b0000, "mla"), (1, 0b0100, "mls"), (0, 0b1000, "mul"), (0, 0b0010, "smlal"),
    (1, 0b0010, "umlal"), (0, 0b0011, "sqdmlal"), (0, 0b0110, "smlsl"), (1, 0b0110, "umlsl"),
    (0, 0b0111, "sqdmlsl"), (0, 0b1010, "smull"), (1, 0b1010, "umull"), (0, 0b1011, "sqdmull"),
    (0, 0b1100, "sqdmulh"), (0, 0b1101, "sqrdmulh"),
]
# AdvSIMD scalar x indexed element (integer, all U=0)
SCALAR_ELEM = [
    (0, 0b0011, "sqdmlal"), (0, 0b0111, "sqdmlsl"), (0, 0b1011, "sqdmull"),
    (0, 0b1100, "sqdmulh"), (0, 0b1101, "sqrdmulh"),
]


def g_three_same(gen):
    u, op, mn = gen.rng.choice(VEC3)
    d, n, m = vregs(gen)
    w = enc("0qu01110zz1mmmmmooooo1nnnnnddddd", q=gen.r(0, 1), u=u, z=gen.r(0, 3), m=m, o=op,
            n=n, d=d)
    gen.inst(w, f"{mn} (vector)")


def g_scalar_three_same(gen):
    u, op, mn = gen.rng.choice(SCALAR3)
    d, n, m = vregs(gen)
    # size 11 is the only allocated size of several of these: drawn more often
    z = gen.rng.choice([0, 1, 2, 3, 3, 3])
    w = enc("01u11110zz1mmmmmooooo1nnnnnddddd", u=u, z=z, m=m, o=op, n=n, d=d)
    gen.inst(w, f"{mn} (scalar)")


def g_by_element(gen):
    u, op, mn = gen.rng.choice(VEC_ELEM)
    d, n, m = vregs(gen)
    # sizes 01 and 10 are the allocated ones; 00 and 11 are drawn one time in four
    z = gen.rng.choice([0, 1, 1, 1, 2, 2, 2, 3])
    w = enc("0qu01111zzLMmmmmooooH0nnnnnddddd", q=gen.r(0, 1), u=u, z=z, L=gen.r(0, 1),
            M=m >> 4, m=m & 15, o=op, H=gen.r(0, 1), n=n, d=d)
    gen.inst(w, f"{mn} (by element)")


def g_scalar_by_element(gen):
    u, op, mn = gen.rng.choice(SCALAR_ELEM)
    d, n, m = vregs(gen)
    z = gen.rng.choice([0, 1, 1, 1, 2, 2, 2, 3])
    w = enc("01u11111zzLMmmmmooooH0nnnnnddddd", u=u, z=z, L=gen.r(0, 1), M=m >> 4, m=m & 15,
            o=op, H=gen.r(0, 1), n=n, d=d)
    gen.inst(w, f"{mn} (by element, scalar)")


GENERATORS = [
    (3, g_three_same),
    (1, g_scalar_three_same),
    (1, g_by_element),
    (1, g_scalar_by_element),
]
