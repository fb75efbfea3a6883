"""risugen.py's generators for the scalar floating-point data-processing groups.

GENERATORS lists (weight, function) pairs; each function takes risugen's Gen and emits
one instruction (or a short set-up and one instruction), drawing every choice from
gen.rng.

ftype is drawn over all four values: 00 and 01 (single, double) most often, 11 (half
precision: FEAT_FP16, UNDEFINED on a Cortex-A57 except as FCVT's source or destination)
and 10 (reserved) now and then. The operands are V registers of random bits (mostly
normal numbers of any exponent) and, through g_special, the values where the rules are
(risu_simd_fp.load_special: zeros, infinities, quiet and signalling NaNs, denormals, the
largest and smallest normals, ties, integer range limits); g_special also writes
FPCR's rounding mode, FZ, DN and AHP.
The zero forms of FCMP/FCMPE have Rm = 0 (other values are CONSTRAINED UNPREDICTABLE).
"""

from risu_enc import enc, vregs
from risu_simd_fp import SPECIAL_I, load_special

FTYPES = [0, 0, 0, 1, 1, 1, 3, 2]


def g_two_source(gen):
    # FMUL FDIV FADD FSUB FMAX FMIN FMAXNM FMINNM FNMUL; now and then an unallocated opcode
    op = gen.r(0, 8) if gen.r(0, 15) else gen.r(9, 15)
    d, n, m = vregs(gen)
    t = gen.rng.choice(FTYPES)
    gen.inst(enc("00011110tt1mmmmmoooo10nnnnnddddd", t=t, m=m, o=op, n=n, d=d), "fp 2-source")


def g_three_source(gen):
    d, n, m = vregs(gen)
    a = gen.r(0, 31)
    t = gen.rng.choice(FTYPES)
    gen.inst(enc("00011111ttAmmmmmBaaaaannnnnddddd", t=t, A=gen.r(0, 1), m=m, B=gen.r(0, 1),
                 a=a, n=n, d=d), "fmadd/fmsub/fnmadd/fnmsub")


def g_one_source(gen):
    # FABS FNEG FSQRT; FCVT to single, double, (reserved), half; FRINTN/P/M/Z/A/(101)/X/I
    op = gen.rng.choice([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15])
    d, n, _ = vregs(gen)
    t = gen.rng.choice(FTYPES)
    gen.inst(enc("00011110tt1oooooo10000nnnnnddddd", t=t, o=op, n=n, d=d), "fp 1-source")


def g_compare(gen):
    _, n, m = vregs(gen)
    t = gen.rng.choice(FTYPES)
    zero, e = gen.r(0, 1), gen.r(0, 1)
    gen.inst(enc("00011110tt1mmmmm001000nnnnnEZ000", t=t, m=0 if zero else m, n=n, Z=zero, E=e),
             "fcmp/fcmpe")


def g_cond_compare(gen):
    _, n, m = vregs(gen)
    t = gen.rng.choice(FTYPES)
    gen.inst(enc("00011110tt1mmmmmcccc01nnnnnEvvvv", t=t, m=m, c=gen.r(0, 15), n=n,
                 E=gen.r(0, 1), v=gen.r(0, 15)), "fccmp/fccmpe")


def g_cond_select(gen):
    d, n, m = vregs(gen)
    t = gen.rng.choice(FTYPES)
    gen.inst(enc("00011110tt1mmmmmcccc11nnnnnddddd", t=t, m=m, c=gen.r(0, 15), n=n, d=d), "fcsel")


def g_int_convert(gen):
    # (rmode, opcode): FCVT{N,P,M,Z}{S,U}, FCVTA{S,U}, SCVTF, UCVTF
    r, o = gen.rng.choice([(0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1), (3, 0), (3, 1),
                           (0, 4), (0, 5), (0, 2), (0, 3)])
    t = gen.rng.choice(FTYPES)
    n = gen.reg()
    if o in (2, 3) and n != 31 and gen.r(0, 3) == 0:  # SCVTF/UCVTF of an integer limit
        gen.set_reg(n, gen.rng.choice(SPECIAL_I))
    gen.inst(enc("s0011110tt1rrooo000000nnnnnddddd", s=gen.r(0, 1), t=t, r=r, o=o, n=n,
                 d=gen.r(0, 31) if o in (2, 3) else gen.reg()), "fp <-> integer")


def g_fixed_convert(gen):
    # SCVTF, UCVTF (rmode 00, opcode 01x), FCVTZS, FCVTZU (rmode 11, opcode 00x)
    r, o = gen.rng.choice([(0, 2), (0, 3), (3, 0), (3, 1)])
    t = gen.rng.choice(FTYPES)
    s = gen.r(0, 1)
    # fbits = 64 - scale; the 32-bit forms' scale below 32 (fbits > 32) is UNDEFINED
    scale = gen.r(0, 63) if s or gen.r(0, 7) == 0 else gen.r(32, 63)
    gen.inst(enc("s0011110tt0rroooccccccnnnnnddddd",
                 s=s, t=t, r=r, o=o,
                 c=scale, n=gen.reg(), d=gen.r(0, 31) if o in (2, 3) else gen.reg()),
             "fp <-> fixed-point")


def g_special(gen):
    """A special value (risu_simd_fp's) into a V register; one time in four an FPCR write."""
    if gen.r(0, 3) == 0:
        x = gen.reg(zr=False)
        gen.set_reg(x, gen.rng.getrandbits(64) & 0x07C00000)  # AHP, DN, FZ, RMode
        gen.emit(f"msr fpcr, x{x}")
    else:
        load_special(gen, gen.r(0, 31), gen.rng.choice([32, 64, 16]))


GENERATORS = [
    (2, g_two_source),
    (1, g_three_source),
    (1, g_one_source),
    (1, g_compare),
    (1, g_cond_compare),
    (1, g_cond_select),
    (1, g_int_convert),
    (1, g_fixed_convert),
    (3, g_special),
]
