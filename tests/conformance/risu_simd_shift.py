"""risugen.py's generators for the AdvSIMD integer shift-by-immediate (vector and scalar) and three-different groups.

GENERATORS lists (weight, function) pairs; each function takes risugen's Gen and emits
one instruction word with gen.inst(word, comment), drawing every choice from gen.rng.
"""

GENERATORS = []
