"""The instruction-word encoder shared by risugen.py and its generator modules."""


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
