// Bodies of the AdvSIMD integer shift-by-immediate (vector and scalar) and three-different groups.
#include "isa/bits.h"
#include "isa/cpu.h"
#include "isa/decode.h"
#include "isa/simd.h"

namespace isa {}  // namespace isa
