// Minimal flattened-device-tree reader: enough to find /memory.
#include "fw.h"

u32 be32(const void* p) {
  const u8* b = p;
  return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

u64 be64(const void* p) { return (u64)be32(p) << 32 | be32((const u8*)p + 4); }

#define FDT_MAGIC 0xd00dfeed
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9

int dtb_valid(u64 dtb) { return dtb && (dtb & 3) == 0 && be32((const void*)dtb) == FDT_MAGIC; }

int dtb_memory(u64 dtb, u64* base, u64* size) {
  if (!dtb_valid(dtb)) return -1;
  const u8* fdt = (const u8*)dtb;
  const u8* p = fdt + be32(fdt + 8);
  const char* strings = (const char*)fdt + be32(fdt + 12);
  int depth = 0, in_memory = 0;
  u32 addr_cells = 2, size_cells = 1;
  for (;;) {
    u32 tok = be32(p);
    p += 4;
    if (tok == FDT_BEGIN_NODE) {
      const char* name = (const char*)p;
      depth++;
      if (depth == 2 && strncmp(name, "memory", 6) == 0 && (name[6] == 0 || name[6] == '@'))
        in_memory = 1;
      p += (strlen(name) + 4) & ~3ul;
    } else if (tok == FDT_END_NODE) {
      if (depth == 2) in_memory = 0;
      depth--;
    } else if (tok == FDT_PROP) {
      u32 len = be32(p);
      const char* pname = strings + be32(p + 4);
      const u8* val = p + 8;
      if (depth == 1 && strcmp(pname, "#address-cells") == 0) addr_cells = be32(val);
      if (depth == 1 && strcmp(pname, "#size-cells") == 0) size_cells = be32(val);
      if (in_memory && strcmp(pname, "reg") == 0) {
        *base = addr_cells == 2 ? be64(val) : be32(val);
        val += 4 * addr_cells;
        *size = size_cells == 2 ? be64(val) : be32(val);
        return 0;
      }
      p = val + ((len + 3) & ~3u);
    } else if (tok == FDT_NOP) {
    } else {
      return -1;
    }
  }
}
