// UNDEFINED instructions (EC 0x00, ISS 0, IL 1; ELR = the instruction):
// UDF (0x00000000), unallocated top-level encodings, ADD (extended) with
// imm3 > 4, LDR (register) with option UXTB, MSR to a read-only register,
// EL2 registers and EL2 TLBI at EL1, HVC at EL2 with HCR_EL2.HCD=1; at EL2
// and at EL1 (taken to EL1 with HCR_EL2.TGE=0).
#include "exc_test.h"

const char test_name[] = "undef";

static void undef_set(const char* el_name, unsigned el) {
  char name[48];
  u64 a;
  unsigned vec = 0x200;
#define U(tag, ins)                                     \
  do {                                                  \
    a = TRAP_AT(ins);                                   \
    snprintf(name, sizeof name, "%s_%s", el_name, tag); \
    t_check_exc(name, el, vec, ESR(EC_UNKNOWN, 0), a);  \
  } while (0)
  U("udf_0", ".inst 0x00000000");
  U("udf_ffff", ".inst 0x0000ffff");
  U("op0_0001", ".inst 0x02000000");
  U("op0_0011", ".inst 0x06abcdef");
  U("add_ext_imm3_5", ".inst 0x8b225420");     // add x0, x1, w2, uxtw #5
  U("ldr_reg_uxtb", ".inst 0xf8620820");       // ldr x0, [x1, w2, uxtb]
  U("msr_midr", ".inst 0xd5180000");           // msr midr_el1, x0 (read-only)
  U("mrs_dc_zva_as_reg", ".inst 0xd53b7420");  // mrs x0, s3_3_c7_c4_1 (DC ZVA's encoding)
  if (el == 1) {
    U("mrs_hcr_el2", "mrs x9, hcr_el2");
    U("msr_vbar_el2", "msr vbar_el2, xzr");
    U("mrs_sp_el1", "mrs x9, sp_el1");
    U("tlbi_alle2", "tlbi alle2");
  }
}

static u64 at_el1(u64 arg) {
  (void)arg;
  undef_set("el1", 1);
  return 0x1d;
}

void test_main(u64 dtb) {
  (void)dtb;
  t_section("EL2");
  undef_set("el2", 2);
  set_hcr(HCR_DEFAULT | HCR_HCD);
  u64 a = TRAP_AT("hvc #0x5");
  t_check_exc("el2_hvc_hcd", 2, 0x200, ESR(EC_UNKNOWN, 0), a);
  set_hcr(HCR_DEFAULT);
  a = TRAP_AT("hvc #0x5");
  t_check_exc("el2_hvc_no_hcd", 2, 0x200, ESR(EC_HVC64, 5), a + 4);
  t_section("EL1");
  t_check("el1_ret", run_el1(at_el1, 0), 0x1d);
}
