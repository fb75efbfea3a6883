// SIMD&FP register-transfer bodies (Arm ARM C7.2).
#include "isa/bits.h"
#include "isa/cpu.h"
#include "isa/decode.h"

namespace isa {}  // namespace isa
