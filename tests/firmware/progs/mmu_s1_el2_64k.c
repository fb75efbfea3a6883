// mmu_s1_el2 with the 64K granule: 42-bit VA (T0SZ = 22), start level 2,
// 512M level-2 blocks, 64K pages.  (The 16K granule is not implemented by the
// Cortex-A57 model: ID_AA64MMFR0_EL1.TGran16 = 0.)
#define GRAN_SHIFT 16
#define TEST_NAME "mmu_s1_el2_64k"
#include "mmu_s1_el2.c"
