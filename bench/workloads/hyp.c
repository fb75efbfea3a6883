// A small hypervisor (EL2, MMU off): per-VM stage-2 tables and the guest's
// stage-1 tables, vCPU state, the world switch of the EL1 system registers,
// and the dispatch of guest exits (hyp.S saves and restores the GPRs).
#include "bench.h"
#include "mmu.h"

void t_finish(void) __attribute__((noreturn));
extern u8 hyp_vectors[];
void hyp_enter_first(struct vcpu* v);

struct hyp_ops g_hyp_ops;

#define GUEST_HCR (HCR_RW | HCR_VM | HCR_IMO | HCR_FMO | HCR_AMO)
#define GUEST_SPSR (SPSR_EL1h | SPSR_DAIF)
#define RAM_BASE 0x40000000ull
#define UART_BASE 0x09000000ull

void hyp_panic(const char* fmt, ...) {
  va_list ap;
  printf("FAIL hyp panic: ");
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  printf("\n");
  t_fail("hypervisor");
  t_finish();
}

void hyp_el2_fault_c(u64 kind, u64 esr, u64 elr, u64 far) {
  hyp_panic("exception at EL2 (vector %lu) ESR=0x%lx ELR=0x%lx FAR=0x%lx", kind, esr, elr, far);
}

void hyp_init(void) {
  static const struct pt s2_shape = {.gran_shift = 12, .ia_bits = 39, .start_level = 1, .stage = 2};
  pt_pool_reset();
  sysreg_write(vbar_el2, (u64)hyp_vectors);
  sysreg_write(vtcr_el2, pt_vtcr(&s2_shape));
  isb();
}

// Stage 2 of VM vmid: RAM below the data windows (the image) and the page
// tables as 2 MiB blocks, the UART, and the data window (IPA DATA_VA) in 4K
// pages at data_pa.  Everything else, MMIO_IPA included, is unmapped.
// The guest's stage 1: the low 1 GiB as Device, the image as Normal
// write-back (executable), the data window in 4K pages (execute-never).
void vcpu_init(struct vcpu* v, unsigned vmid, u64 data_pa, u64 job, u64 reps) {
  struct pt s2, s1;
  pt_init(&s2, 2, 12, 39);
  pt_map(&s2, UART_BASE, UART_BASE, 0x200000, 2, S2_DEVICE);
  pt_map(&s2, RAM_BASE, RAM_BASE, DATA_VA - RAM_BASE, 2, S2_NORMAL);
  pt_map(&s2, PT_POOL_BASE, PT_POOL_BASE, PT_POOL_SIZE, 2, S2_NORMAL | PTE_XN);
  pt_map(&s2, DATA_VA, data_pa, DATA_SIZE, 3, S2_NORMAL | PTE_XN);
  pt_init(&s1, 1, 12, 39);
  pt_map(&s1, 0, 0, 1ull << 30, 1, S1_DEVICE | PTE_PXN | PTE_AP_RW_EL1);
  pt_map(&s1, RAM_BASE, RAM_BASE, DATA_VA - RAM_BASE, 2, S1_NORMAL | PTE_AP_RW_EL1 | PTE_UXN);
  pt_map(&s1, DATA_VA, DATA_VA, DATA_SIZE, 3, S1_NORMAL | PTE_AP_RW_EL1 | PTE_UXN | PTE_PXN);

  memset(v, 0, sizeof *v);
  v->id = vmid;
  v->vttbr = s2.root | (u64)vmid << 48;
  v->hcr = GUEST_HCR;
  v->x[0] = job;
  v->x[1] = reps;
  v->x[2] = DATA_VA;
  v->x[3] = DATA_SIZE - GUEST_STACK_SIZE;
  v->x[4] = s1.root | 1ull << 48;  // ASID 1
  v->x[5] = pt_tcr_el1(&s1, 0);
  v->x[6] = MAIR_VALUE;
  v->elr = (u64)guest_start;
  v->spsr = GUEST_SPSR;
  // EL1 state at the guest's reset: MMU off, FP/SIMD not trapped.
  v->sys.sctlr = SCTLR_EL1_DEFAULT;
  v->sys.cpacr = CPACR_FPEN_ALL;
  v->sys.sp_el1 = DATA_VA + DATA_SIZE;
  v->sys.spsr_el1 = GUEST_SPSR;

  // No stale translations for this VMID.
  sysreg_write(vttbr_el2, v->vttbr);
  isb();
  __asm__ volatile("tlbi vmalls12e1\n\tdsb ish\n\tisb" ::: "memory");
}

// Saves the EL1 context of the running vCPU.
void vcpu_put(struct vcpu* v) {
  struct el1_sysregs* s = &v->sys;
  s->sctlr = sysreg_read(sctlr_el1);
  s->ttbr0 = sysreg_read(ttbr0_el1);
  s->ttbr1 = sysreg_read(ttbr1_el1);
  s->tcr = sysreg_read(tcr_el1);
  s->mair = sysreg_read(mair_el1);
  s->amair = sysreg_read(amair_el1);
  s->vbar = sysreg_read(vbar_el1);
  s->contextidr = sysreg_read(contextidr_el1);
  s->tpidr_el1 = sysreg_read(tpidr_el1);
  s->tpidr_el0 = sysreg_read(tpidr_el0);
  s->tpidrro_el0 = sysreg_read(tpidrro_el0);
  s->sp_el0 = sysreg_read(sp_el0);
  s->sp_el1 = sysreg_read(sp_el1);
  s->elr_el1 = sysreg_read(elr_el1);
  s->spsr_el1 = sysreg_read(spsr_el1);
  s->esr = sysreg_read(esr_el1);
  s->far = sysreg_read(far_el1);
  s->afsr0 = sysreg_read(afsr0_el1);
  s->afsr1 = sysreg_read(afsr1_el1);
  s->par = sysreg_read(par_el1);
  s->cpacr = sysreg_read(cpacr_el1);
  s->cntkctl = sysreg_read(cntkctl_el1);
  s->csselr = sysreg_read(csselr_el1);
  s->cntv_ctl = sysreg_read(cntv_ctl_el0);
  s->cntv_cval = sysreg_read(cntv_cval_el0);
  sysreg_write(cntv_ctl_el0, 0);  // the outgoing guest's timer must not fire
}

// Loads v's EL1 context and its stage 2 (VMID-tagged: no TLB maintenance).
void vcpu_load(struct vcpu* v) {
  const struct el1_sysregs* s = &v->sys;
  sysreg_write(sctlr_el1, s->sctlr);
  sysreg_write(ttbr0_el1, s->ttbr0);
  sysreg_write(ttbr1_el1, s->ttbr1);
  sysreg_write(tcr_el1, s->tcr);
  sysreg_write(mair_el1, s->mair);
  sysreg_write(amair_el1, s->amair);
  sysreg_write(vbar_el1, s->vbar);
  sysreg_write(contextidr_el1, s->contextidr);
  sysreg_write(tpidr_el1, s->tpidr_el1);
  sysreg_write(tpidr_el0, s->tpidr_el0);
  sysreg_write(tpidrro_el0, s->tpidrro_el0);
  sysreg_write(sp_el0, s->sp_el0);
  sysreg_write(sp_el1, s->sp_el1);
  sysreg_write(elr_el1, s->elr_el1);
  sysreg_write(spsr_el1, s->spsr_el1);
  sysreg_write(esr_el1, s->esr);
  sysreg_write(far_el1, s->far);
  sysreg_write(afsr0_el1, s->afsr0);
  sysreg_write(afsr1_el1, s->afsr1);
  sysreg_write(par_el1, s->par);
  sysreg_write(cpacr_el1, s->cpacr);
  sysreg_write(cntkctl_el1, s->cntkctl);
  sysreg_write(csselr_el1, s->csselr);
  sysreg_write(cntv_cval_el0, s->cntv_cval);
  sysreg_write(cntv_ctl_el0, s->cntv_ctl);
  sysreg_write(vttbr_el2, v->vttbr);
  sysreg_write(hcr_el2, v->hcr);
  isb();
}

void hyp_run(struct vcpu* v) {
  vcpu_load(v);
  hyp_enter_first(v);
  sysreg_write(hcr_el2, HCR_DEFAULT);  // back to the host: stage 2 off
  isb();
}

// Called by hyp.S for every exit from a guest.
struct vcpu* hyp_handle(struct vcpu* v, u64 reason) {
  v->exits++;
  if (reason == EXIT_IRQ && g_hyp_ops.irq) return g_hyp_ops.irq(v);
  u64 esr = sysreg_read(esr_el2);
  unsigned ec = (unsigned)(esr >> 26) & 0x3f;
  if (reason == EXIT_SYNC && ec == EC_HVC64) {
    switch (v->x[0]) {
      case HC_DONE:
        v->done = 1;
        v->result.checksum = v->x[1];
        v->result.errors = v->x[2];
        return g_hyp_ops.done ? g_hyp_ops.done(v) : 0;
      case HC_PANIC:
        hyp_panic("guest %u: exception at EL1: ESR_EL1=0x%lx ELR_EL1=0x%lx FAR_EL1=0x%lx", v->id,
                  v->x[1], v->x[2], v->x[3]);
      default:
        if (g_hyp_ops.hvc) return g_hyp_ops.hvc(v);
        v->x[0] = ~0ull;  // SMCCC NOT_SUPPORTED
        return v;
    }
  }
  if (reason == EXIT_SYNC && ec == EC_DABT_LOW && g_hyp_ops.dabt) {
    u64 ipa = (sysreg_read(hpfar_el2) >> 4) << 12 | (sysreg_read(far_el2) & 0xfff);
    return g_hyp_ops.dabt(v, esr, ipa);
  }
  hyp_panic("guest %u: unhandled exit %lu ESR_EL2=0x%lx ELR_EL2=0x%lx FAR_EL2=0x%lx", v->id, reason,
            esr, v->elr, sysreg_read(far_el2));
}

void run_kernel_in_guest(unsigned id, u64 reps, struct kresult* r) {
  static struct vcpu vcpu;
  hyp_init();
  vcpu_init(&vcpu, 1, DATA_VA, id, reps);
  hyp_run(&vcpu);
  if (!vcpu.done) hyp_panic("guest %u did not finish", vcpu.id);
  *r = vcpu.result;
}
