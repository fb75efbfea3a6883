// hvc-storm: a guest at EL1 (stage 1 and stage 2 on) makes millions of
// hypercalls with a few instructions of work between them.  Each one exits to
// EL2, which saves the guest's registers, dispatches on ESR_EL2.EC and the
// function number in x0, computes the result into the saved x0, restores and
// ERETs.
#include "bench.h"
#include "guest_dev.h"

const char test_name[] = "hvc-storm";

#define HVC_CALLS (4000000 / BENCH_SCALE)

static u64 g_calls;

static struct vcpu* on_hvc(struct vcpu* v) {
  if (v->x[0] != HC_MIX) hyp_panic("unknown hypercall 0x%lx", v->x[0]);
  v->x[0] = hc_mix_fn(v->x[1], v->x[2]);
  g_calls++;
  return v;
}

void test_main(u64 dtb) {
  static struct vcpu vcpu;
  (void)dtb;
  printf("hvc-storm: %u hypercalls from EL1\n", HVC_CALLS);
  hyp_init();
  vcpu_init(&vcpu, 1, DATA_VA, G_HVC_STORM, HVC_CALLS);
  g_hyp_ops.hvc = on_hvc;
  hyp_run(&vcpu);
  t_check("hvc-storm: guest finished", vcpu.done, 1);
  t_check("hvc-storm: hypercalls served", g_calls, HVC_CALLS);
  t_check("hvc-storm: guest exits", vcpu.exits, HVC_CALLS + 1);
  report_kernel("hvc-storm", &vcpu.result);
}
