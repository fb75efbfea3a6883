// Reporting shared by the workloads (runs at EL2).
#include "bench.h"

void report_kernel(const char* name, const struct kresult* r) {
  char line[64];
  printf("%s: checksum 0x%016lx\n", name, r->checksum);
  snprintf(line, sizeof line, "%s: self-checks", name);
  t_check(line, r->errors, 0);
}
