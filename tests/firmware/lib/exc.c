// C side of the exception vectors: records every exception in g_exc, serves
// the runtime's own HVC/SVC #0xFFFF / #0xFFFE calls, lets a test hook decide,
// and otherwise applies a default policy that resumes after the faulting
// instruction.  An exception that no test armed is a failure.
#include "fw.h"

volatile struct exc_record g_exc;
volatile u64 g_exc_armed;
volatile exc_hook_fn g_exc_hook;

void el_return(u64 result) __attribute__((noreturn));
void t_finish(void) __attribute__((noreturn));
void t_count_failure(void);

#define SVC_RETURN 0xFFFF      // lower EL -> EL2: return from el_call
#define HVC_CLEAR_VIRQ 0xFFFE  // EL1 -> EL2: clear HCR_EL2.{VI,VF,VSE}

void exc_reset(void) {
  g_exc.count = 0;
  g_exc.el = ~0ull;
  g_exc.vec = ~0ull;
  g_exc.esr = ~0ull;
  g_exc.elr = ~0ull;
  g_exc.spsr = ~0ull;
  g_exc.far = ~0ull;
  g_exc_armed = 1;
}

void exc_disarm(void) { g_exc_armed = 0; }

const char* exc_class_name(unsigned ec) {
  switch (ec) {
    case 0x00:
      return "UNKNOWN";
    case 0x01:
      return "WFx";
    case 0x07:
      return "FP_ACCESS";
    case 0x0E:
      return "ILLEGAL_STATE";
    case 0x15:
      return "SVC64";
    case 0x16:
      return "HVC64";
    case 0x17:
      return "SMC64";
    case 0x18:
      return "SYSREG";
    case 0x20:
      return "IABT_LOWER";
    case 0x21:
      return "IABT_CUR";
    case 0x22:
      return "PC_ALIGN";
    case 0x24:
      return "DABT_LOWER";
    case 0x25:
      return "DABT_CUR";
    case 0x26:
      return "SP_ALIGN";
    case 0x2C:
      return "FP_EXC64";
    case 0x2F:
      return "SERROR";
    case 0x3C:
      return "BRK64";
    default:
      return "?";
  }
}

static const char* vec_name(unsigned vec) {
  static const char* const src[4] = {"cur_sp0", "cur_spx", "lower64", "lower32"};
  static const char* const kind[4] = {"sync", "irq", "fiq", "serror"};
  static char buf[24];
  snprintf(buf, sizeof buf, "%s_%s", src[(vec >> 9) & 3], kind[(vec >> 7) & 3]);
  return buf;
}

void exc_print(const char* tag) {
  unsigned ec = (unsigned)(g_exc.esr >> 26) & 0x3f;
  printf("%s: EL%u vec=0x%03x(%s) EC=0x%02x(%s) IL=%u ISS=0x%07x\n", tag, (unsigned)g_exc.el,
         (unsigned)g_exc.vec, vec_name((unsigned)g_exc.vec), ec, exc_class_name(ec),
         (unsigned)(g_exc.esr >> 25) & 1, (unsigned)g_exc.esr & 0x1ffffff);
}

static void clear_virq_from_el1(void) {
  register u64 x0 __asm__("x0") = 0;
  __asm__ volatile("hvc #0xfffe" : "+r"(x0)::"memory");
}

void exc_dispatch(struct exc_frame* f, u64 el, u64 vec) {
  unsigned ec = (unsigned)(f->esr >> 26) & 0x3f;
  unsigned iss = (unsigned)f->esr & 0x1ffffff;
  int sync = (vec & 0x180) == 0;

  if (sync && el == 2 && (ec == EC_HVC64 || ec == EC_SVC64) && iss == SVC_RETURN)
    el_return(f->x[0]);
  if (sync && el == 2 && ec == EC_HVC64 && iss == HVC_CLEAR_VIRQ) {
    sysreg_write(hcr_el2, sysreg_read(hcr_el2) & ~(HCR_VI | HCR_VF | HCR_VSE));
    isb();
    return;
  }
  if (sync && el == 1 && ec == EC_SVC64 && iss == SVC_RETURN) {
    register u64 x0 __asm__("x0") = f->x[0];
    __asm__ volatile("hvc #0xffff" ::"r"(x0) : "memory");
  }

  g_exc.count++;
  g_exc.el = el;
  g_exc.vec = vec;
  g_exc.esr = f->esr;
  g_exc.elr = f->elr;
  g_exc.spsr = f->spsr;
  g_exc.far = f->far;

  exc_hook_fn hook = g_exc_hook;
  if (hook && hook(f, (unsigned)el, (unsigned)vec)) return;

  if (!g_exc_armed || g_exc.count > 64) {
    exc_print("unexpected exception");
    printf("  ELR=0x%lx SPSR=0x%lx\n", f->elr, f->spsr);
    t_count_failure();
    printf("FAIL unexpected exception\n");
    t_finish();
  }

  if (!sync) {
    if (el == 1) clear_virq_from_el1();
    return;
  }
  switch (ec) {
    case EC_SVC64:
    case EC_HVC64:
      break;  // preferred return address is the next instruction
    case EC_PC_ALIGN:
      f->elr = f->x[30];  // tests branch to odd addresses with BLR
      break;
    case EC_ILLEGAL:
      f->spsr &= ~SPSR_IL;  // re-execute the instruction with PSTATE.IL clear
      break;
    default:
      f->elr += 4;  // skip the faulting/trapped instruction
      break;
  }
}
