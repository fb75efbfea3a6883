// Test harness: checks print "name: value PASS" or "name: value FAIL ...",
// and the program ends with "SUMMARY <prog> checks=N failures=F".
#include "fw.h"

static unsigned n_checks, n_failures;

void t_count_failure(void) { n_failures++; }
int t_failures(void) { return (int)n_failures; }

void t_section(const char* name) { printf("-- %s\n", name); }

int t_check(const char* name, u64 got, u64 expected) {
  n_checks++;
  if (got == expected) {
    printf("%s: 0x%lx PASS\n", name, got);
    return 1;
  }
  n_failures++;
  printf("%s: 0x%lx FAIL expected 0x%lx\n", name, got, expected);
  return 0;
}

int t_check32(const char* name, u64 got, u64 expected) {
  return t_check(name, got & 0xffffffffu, expected & 0xffffffffu);
}

int t_true(const char* name, int cond) {
  n_checks++;
  if (cond) {
    printf("%s: PASS\n", name);
    return 1;
  }
  n_failures++;
  printf("%s: FAIL\n", name);
  return 0;
}

void t_value(const char* name, u64 v) { printf("%s: 0x%lx\n", name, v); }

void t_fail(const char* fmt, ...) {
  va_list ap;
  n_checks++;
  n_failures++;
  printf("FAIL ");
  va_start(ap, fmt);
  vprintf(fmt, ap);
  va_end(ap);
  printf("\n");
}

void tg_begin(struct t_group* g, const char* name) {
  g->name = name;
  g->hash = 0xcbf29ce484222325ull;
  g->n = 0;
  g->fails = 0;
}

void tg_check(struct t_group* g, u64 got, u64 expected, u64 in1, u64 in2) {
  g->hash = (g->hash ^ got) * 0x100000001b3ull;
  g->hash ^= g->hash >> 29;
  if (got != expected) {
    g->fails++;
    printf("FAIL %s[%u] in=0x%lx,0x%lx got 0x%lx expected 0x%lx\n", g->name, g->n, in1, in2, got,
           expected);
  }
  g->n++;
}

void tg_end(struct t_group* g) {
  n_checks++;
  if (g->fails) n_failures++;
  printf("%s: n=%u hash=0x%016lx %s\n", g->name, g->n, g->hash, g->fails ? "FAIL" : "PASS");
}

int t_check_exc(const char* name, unsigned el, unsigned vec, u64 esr, u64 elr) {
  n_checks++;
  unsigned ec = (unsigned)(g_exc.esr >> 26) & 0x3f;
  int ok = g_exc.count == 1 && g_exc.el == el && g_exc.vec == vec && g_exc.esr == esr &&
           g_exc.elr == elr;
  printf("%s: n=%u EL%u vec=0x%03x EC=0x%02x(%s) ISS=0x%07x ELR=%s0x%lx %s\n", name,
         (unsigned)g_exc.count, (unsigned)g_exc.el, (unsigned)g_exc.vec, ec, exc_class_name(ec),
         (unsigned)g_exc.esr & 0x1ffffff, g_exc.elr >= elr ? "+" : "-",
         g_exc.elr >= elr ? g_exc.elr - elr : elr - g_exc.elr, ok ? "PASS" : "FAIL");
  if (!ok) {
    n_failures++;
    printf("  expected n=1 EL%u vec=0x%03x ESR=0x%lx; got ESR=0x%lx\n", el, vec, esr, g_exc.esr);
  }
  return ok;
}

__attribute__((noreturn)) void t_finish(void) {
  printf("SUMMARY %s checks=%u failures=%u\n", test_name, n_checks, n_failures);
  psci_system_off();
}

void fw_main(u64 dtb) {
  printf("== %s ==\n", test_name);
  g_exc_armed = 0;
  test_main(dtb);
  t_finish();
}

u64 t_rand(u64* state) {
  u64 x = *state;
  x ^= x >> 12;
  x ^= x << 25;
  x ^= x >> 27;
  *state = x;
  return x * 0x2545F4914F6CDD1Dull;
}

u64 t_hash(const void* p, unsigned n) {
  const u8* b = p;
  u64 h = 0xcbf29ce484222325ull;
  for (unsigned i = 0; i < n; ++i) h = (h ^ b[i]) * 0x100000001b3ull;
  return h;
}
