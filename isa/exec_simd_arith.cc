// Bodies of the AdvSIMD integer three-same (vector and scalar) and vector-by-element groups.
#include "isa/bits.h"
#include "isa/cpu.h"
#include "isa/decode.h"
#include "isa/simd.h"

namespace isa {}  // namespace isa
