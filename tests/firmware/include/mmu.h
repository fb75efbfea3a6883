// Page-table builders for the MMU firmware tests (progs/mmu_*.c): stage 1
// (EL1&0 and EL2 regimes) and stage 2, 4K and 64K granules (VMSAv8-64,
// Arm ARM D8).  Tables come from a pool in RAM outside the image; all
// descriptors are written with the MMU of the writer off or through an
// identity map, so PA == the address the C code uses.
#ifndef EL2SIM_FW_MMU_H
#define EL2SIM_FW_MMU_H
#include "fw.h"

// Physical memory the MMU tests use (RAM is 0x40000000..0x4fffffff).
#define PT_POOL_BASE 0x48000000ull  // translation tables (4 MiB)
#define PT_POOL_SIZE 0x00400000ull
#define TEST_PAGES 0x49000000ull  // test data pages (2 MiB)

// Descriptor bits (stage 1 and stage 2)
#define PTE_VALID 1ull
#define PTE_TYPE_TABLE 3ull  // table descriptor (levels 0-2) and page (level 3)
#define PTE_TYPE_BLOCK 1ull
#define PTE_ATTRIDX(i) ((u64)(i) << 2)
#define PTE_AP_RW_EL1 (0ull << 6)  // AP[2:1] = 00: EL1 RW, EL0 none
#define PTE_AP_RW_ALL (1ull << 6)  //           01: EL1 RW, EL0 RW
#define PTE_AP_RO_EL1 (2ull << 6)  //           10: EL1 RO, EL0 none
#define PTE_AP_RO_ALL (3ull << 6)  //           11: EL1 RO, EL0 RO
#define PTE_EL2_RW (1ull << 6)     // EL2 regime: AP[1] is RES1, AP[2] = 0
#define PTE_EL2_RO (3ull << 6)     //                              AP[2] = 1
#define PTE_SH_INNER (3ull << 8)
#define PTE_AF (1ull << 10)
#define PTE_NG (1ull << 11)
#define PTE_PXN (1ull << 53)
#define PTE_UXN (1ull << 54)  // XN in the EL2 regime and at stage 2
#define PTE_XN PTE_UXN
// Stage 2
#define S2_MEMATTR_DEVICE (0x0ull << 2)  // Device-nGnRnE
#define S2_MEMATTR_NORMAL (0xFull << 2)  // Normal, Outer/Inner Write-Back
#define S2AP_NONE (0ull << 6)
#define S2AP_RO (1ull << 6)
#define S2AP_WO (2ull << 6)
#define S2AP_RW (3ull << 6)

// MAIR indices used by every program: 0 Device-nGnRnE, 1 Normal WB, 2 Normal NC
#define MAIR_VALUE 0x000044FF00ull
#define ATTR_DEVICE 0
#define ATTR_NORMAL 1
#define ATTR_NC 2

// Common leaf attributes
#define S1_NORMAL (PTE_ATTRIDX(ATTR_NORMAL) | PTE_SH_INNER | PTE_AF)
#define S1_DEVICE (PTE_ATTRIDX(ATTR_DEVICE) | PTE_AF | PTE_XN)  // (PXN is RES0 at EL2)
#define S2_NORMAL (S2_MEMATTR_NORMAL | PTE_SH_INNER | PTE_AF | S2AP_RW)
#define S2_DEVICE (S2_MEMATTR_DEVICE | PTE_AF | S2AP_RW | PTE_XN)

// Fault status codes (DFSC/IFSC, PAR_EL1.FST), Arm ARM D13.2.37
#define FSC_ADDR_SIZE(l) (0x00u + (l))
#define FSC_TRANS(l) (0x04u + (l))
#define FSC_ACCESS(l) (0x08u + (l))
#define FSC_PERM(l) (0x0Cu + (l))
#define FSC_ALIGN 0x21u

// Data/instruction abort ISS fields
#define ISS_ISV (1u << 24)
#define ISS_SAS(s) ((u32)(s) << 22)
#define ISS_SSE (1u << 21)
#define ISS_SRT(r) ((u32)(r) << 16)
#define ISS_SF (1u << 15)
#define ISS_AR (1u << 14)
#define ISS_S1PTW (1u << 7)
#define ISS_WNR (1u << 6)
#define ISS_LOW_MASK 0x3FFFu  // ISS[13:0]: what a stage-1 abort defines here

// A set of translation tables for one regime/stage.
struct pt {
  u64 root;             // PA of the root table
  unsigned gran_shift;  // 12 (4K) or 16 (64K)
  unsigned ia_bits;     // input address size: 64 - TxSZ
  unsigned start_level;
  unsigned stage;  // 1 or 2
};

void pt_pool_reset(void);
u64 pt_alloc(unsigned gran_shift);  // a zeroed, granule-aligned table
void pt_init(struct pt* t, unsigned stage, unsigned gran_shift, unsigned ia_bits);
// Stage 2 with an explicit start level: the root is 2^n concatenated tables
// when ia_bits needs them (Arm ARM D8.2.6), aligned to their total size.
void pt_init_s2(struct pt* t, unsigned gran_shift, unsigned ia_bits, unsigned start_level);
unsigned pt_level_shift(const struct pt* t, unsigned level);  // bits one entry maps
// The descriptor slot for va at level; creates the tables above it.
volatile u64* pt_slot(struct pt* t, u64 va, unsigned level);
// Leaf descriptors (blocks at level < 3, pages at level 3) for [va, va+size).
void pt_map(struct pt* t, u64 va, u64 pa, u64 size, unsigned level, u64 attrs);
// TCR_ELx / VTCR_EL2 fields of the table set: T0SZ, TG0 (and SL0 for stage 2).
// Walks are Non-cacheable (IRGN/ORGN 0), SH = Inner; TCR PS/IPS = 40 bits,
// VTCR_EL2.PS = 44 bits.
u64 pt_tcr_el2(const struct pt* t);                        // TCR_EL2 (RES1 bits 31, 23 included)
u64 pt_vtcr(const struct pt* t);                           // VTCR_EL2 (RES1 bit 31 included)
u64 pt_tcr_el1(const struct pt* t0, const struct pt* t1);  // t1 may be 0 (EPD1=1)

// Barriers and TLB maintenance
#define dsb_ish() __asm__ volatile("dsb ish" ::: "memory")
#define tlbi(op) __asm__ volatile("tlbi " #op ::: "memory")
#define tlbi_x(op, v) __asm__ volatile("tlbi " #op ", %0" ::"r"((u64)(v)) : "memory")
static inline void tlb_sync(void) { __asm__ volatile("dsb ish\n\tisb" ::: "memory"); }

// AT: returns PAR_EL1 after the translation.
#define AT(op, va)                                              \
  ({                                                            \
    u64 p_;                                                     \
    __asm__ volatile("at " #op ", %1\n\tisb\n\tmrs %0, par_el1" \
                     : "=r"(p_)                                 \
                     : "r"((u64)(va))                           \
                     : "memory");                               \
    p_;                                                         \
  })
// The architecturally defined parts of PAR_EL1: success -> PA[47:12] (F = 0);
// fault -> F, FST, PTW, S and the RES1 bit 11.
static inline u64 par_defined(u64 par) {
  return (par & 1) ? (par & 0xFFFull) : (par & 0x0000FFFFFFFFF000ull);
}
#define PAR_FAULT(fst, ptw, s2) \
  (1ull | ((u64)(fst) << 1) | ((u64)(ptw) << 8) | ((u64)(s2) << 9) | (1ull << 11))

// Enables the EL2 stage 1 with table set t (MAIR_VALUE, SCTLR_EL2.M = 1, C = I = 0).
void mmu_el2_on(const struct pt* t);
void mmu_el2_off(void);
// HCR_EL2 = RW (| VM): stage 2 on or off for EL1&0.
static inline void set_hcr_vm(int on) {
  sysreg_write(hcr_el2, HCR_RW | (on ? HCR_VM : 0));
  isb();
}

// 32-bit access helpers that the compiler cannot merge or split.
static inline u32 rd32(u64 a) {
  u32 v;
  __asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(a) : "memory");
  return v;
}
static inline void wr32(u64 a, u32 v) {
  __asm__ volatile("str %w0, [%1]" ::"r"(v), "r"(a) : "memory");
}
static inline u64 rd64(u64 a) {
  u64 v;
  __asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(a) : "memory");
  return v;
}
static inline void wr64(u64 a, u64 v) {
  __asm__ volatile("str %0, [%1]" ::"r"(v), "r"(a) : "memory");
}
// A stage-1 abort: one exception at el/vec with class ec, IL = 1, ISS[13:0] =
// iss_low (ISS[24:14] is not checked), ELR and FAR as given.
int t_check_abort(const char* name, unsigned el, unsigned vec, unsigned ec, u32 iss_low, u64 elr,
                  u64 far);
// BLR to va with exceptions armed; an instruction abort returns to the caller
// (ELR := X30) unless a hook is installed, which must do that itself.  Returns X0 (0 when the code
// did not run).
u64 call_at(u64 va);
// Writes "mov w0, #imm16; ret" at pa and synchronises the instruction side.
void put_code(u64 pa, u32 imm16);
#endif
