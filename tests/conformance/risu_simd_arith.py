"""risugen.py's generators for the AdvSIMD integer three-same (vector and scalar) and vector-by-element groups.

GENERATORS lists (weight, function) pairs; each function takes risugen's Gen and emits
one instruction word with gen.inst(word, comment), drawing every choice from gen.rng.
"""

GENERATORS = []
