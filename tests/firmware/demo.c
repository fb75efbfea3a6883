// The "hello" demo: a short banner about the machine the image runs on.
#include "fw.h"

const char test_name[] = "demo";

void test_main(u64 dtb) {
  u64 midr = sysreg_read(midr_el1);
  printf("Hello from el2sim firmware!\n");
  printf("running at EL%lu, SPSel=%lu\n", current_el(), sysreg_read(spsel));
  printf("MIDR_EL1: 0x%08lx (implementer 0x%02lx, part 0x%03lx, r%lup%lu)\n", midr,
         (midr >> 24) & 0xff, (midr >> 4) & 0xfff, (midr >> 20) & 0xf, midr & 0xf);
  // Linux-style boot passes the device tree in x0; QEMU enters ELF images
  // with x0 = 0 but still places the tree at the base of RAM.
  if (!dtb_valid(dtb)) dtb = 0x40000000;
  printf("device tree at 0x%lx: %s\n", dtb, dtb_valid(dtb) ? "valid (magic d00dfeed)" : "none");
  u64 base, size;
  if (dtb_memory(dtb, &base, &size) == 0)
    printf("memory: base 0x%lx, size %lu MiB\n", base, size >> 20);
  else
    printf("memory: not found in the device tree\n");
  t_true("current_el_is_2", current_el() == 2);
  t_true("dtb_magic", dtb_valid(dtb));
}
