"""risugen.py's generators for the AdvSIMD integer two-register miscellaneous (vector and scalar), across-lanes, scalar pairwise, permute, extract and table-lookup groups.

GENERATORS lists (weight, function) pairs; each function takes risugen's Gen and emits
one instruction word with gen.inst(word, comment), drawing every choice from gen.rng.
"""

GENERATORS = []
