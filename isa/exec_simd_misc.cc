// Bodies of the AdvSIMD integer two-register miscellaneous (vector and scalar), across-lanes,
// scalar pairwise, permute, extract and table-lookup groups.
#include "isa/bits.h"
#include "isa/cpu.h"
#include "isa/decode.h"
#include "isa/simd.h"

namespace isa {}  // namespace isa
