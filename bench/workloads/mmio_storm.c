// mmio-storm: a guest at EL1 drives a device register block at an IPA that
// stage 2 leaves unmapped, so every load and store is a stage-2 translation
// fault taken to EL2.  The hypervisor decodes the syndrome (ESR_EL2.ISV, SAS,
// SSE, SRT, SF, WnR), finds the register from HPFAR_EL2 and FAR_EL2,
// emulates it (guest_dev.h), writes X[SRT] for loads, steps ELR_EL2 over the
// instruction and ERETs.
#include "bench.h"
#include "guest_dev.h"
#include "mmu.h"

const char test_name[] = "mmio-storm";

#define MMIO_ITERS (350000 / BENCH_SCALE)

static u64 g_regs[4] = {DEV_ID_VALUE, 0, 0, 0};
static u64 g_reads, g_writes;

static u64 dev_read(unsigned reg, unsigned byte, unsigned size) {
  u64 v = g_regs[reg] >> (8 * byte);
  if (reg == DEV_COUNTER) g_regs[DEV_COUNTER]++;
  return size == 8 ? v : v & ((1ull << (8 * size)) - 1);
}

static void dev_write(unsigned reg, unsigned byte, unsigned size, u64 v) {
  u64 mask = size == 8 ? ~0ull : (1ull << (8 * size)) - 1;
  v &= mask;
  if (reg == DEV_SCRATCH)
    g_regs[reg] = (g_regs[reg] & ~(mask << (8 * byte))) | v << (8 * byte);
  else if (reg == DEV_ACCUM)
    g_regs[reg] += v;
}

static struct vcpu* on_dabt(struct vcpu* v, u64 esr, u64 ipa) {
  u32 iss = (u32)esr & 0x1ffffff;
  if ((iss & 0x3c) != FSC_TRANS(0) || !(iss & ISS_ISV) || (ipa & ~0xfffull) != MMIO_IPA)
    hyp_panic("stage-2 abort at 0x%lx ESR_EL2=0x%lx ELR_EL2=0x%lx", ipa, esr, v->elr);
  unsigned size = 1u << ((iss >> 22) & 3), srt = (iss >> 16) & 31;
  unsigned off = (unsigned)(ipa & 0xfff), reg = off / 8, byte = off % 8;
  if (reg >= 4 || byte + size > 8) hyp_panic("bad device access at offset 0x%x", off);
  if (iss & ISS_WNR) {
    dev_write(reg, byte, size, srt == 31 ? 0 : v->x[srt]);
    g_writes++;
  } else {
    u64 val = dev_read(reg, byte, size);
    if ((iss & ISS_SSE) && size < 8) {
      unsigned sh = 64 - 8 * size;
      val = (u64)((s64)(val << sh) >> sh);
    }
    if (!(iss & ISS_SF)) val &= 0xffffffffull;
    if (srt != 31) v->x[srt] = val;
    g_reads++;
  }
  v->elr += 4;
  return v;
}

void test_main(u64 dtb) {
  static struct vcpu vcpu;
  (void)dtb;
  printf("mmio-storm: %u iterations of device accesses from EL1\n", MMIO_ITERS);
  hyp_init();
  vcpu_init(&vcpu, 1, DATA_VA, G_MMIO_STORM, MMIO_ITERS);
  g_hyp_ops.dabt = on_dabt;
  hyp_run(&vcpu);
  t_check("mmio-storm: guest finished", vcpu.done, 1);
  printf("mmio-storm: %lu loads, %lu stores emulated\n", g_reads, g_writes);
  t_check("mmio-storm: guest exits", vcpu.exits, g_reads + g_writes + 1);
  t_check("mmio-storm: device accumulator", g_regs[DEV_ACCUM] != 0, 1);
  report_kernel("mmio-storm", &vcpu.result);
}
