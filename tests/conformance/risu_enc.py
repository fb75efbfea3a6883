"""The instruction-word encoder and register choice shared by risugen.py and its generator
modules."""


def enc(pattern, **fields):
    """Fill a 32-character pattern (bit 31 first) from named one-letter fields."""
    assert len(pattern) == 32, pattern
    word = 0
    widths = {}
    for ch in pattern:
        if ch not in "01":
            widths[ch] = widths.get(ch, 0) + 1
    pos = dict(widths)
    for ch in pattern:
        word <<= 1
        if ch == "1":
            word |= 1
        elif ch != "0":
            pos[ch] -= 1
            value = fields[ch]
            assert 0 <= value < (1 << widths[ch]), (pattern, ch, value)
            word |= (value >> pos[ch]) & 1
    return word


def vregs(gen):
    """V registers Rd, Rn, Rm, with the destination often one of the sources."""
    d, n, m = gen.r(0, 31), gen.r(0, 31), gen.r(0, 31)
    k = gen.r(0, 5)
    if k == 0:
        n = d
    elif k == 1:
        m = d
    elif k == 2:
        m = n
    return d, n, m
