#include "gic/gic_module.h"

#include <cstring>

namespace gic {

GicModule::GicModule(sc_core::sc_module_name name, const Config& cfg, sc_core::sc_time latency)
    : sc_module(name),
      dist_socket("dist_socket"),
      cpu_socket("cpu_socket"),
      hyp_socket("hyp_socket"),
      vcpu_socket("vcpu_socket"),
      gic_(cfg),
      latency_(latency) {
  dist_socket.register_b_transport(this, &GicModule::b_transport<Block::Distributor>);
  cpu_socket.register_b_transport(this, &GicModule::b_transport<Block::CpuInterface>);
  hyp_socket.register_b_transport(this, &GicModule::b_transport<Block::Hyp>);
  vcpu_socket.register_b_transport(this, &GicModule::b_transport<Block::VirtualCpu>);
}

uint32_t GicModule::read(Block block, uint32_t offset, unsigned size) {
  if (block == Block::Distributor) return gic_.dist_read(0, offset, size);
  if (size != 4) return 0;
  switch (block) {
    case Block::CpuInterface:
      return gic_.cpu_read(0, offset);
    case Block::Hyp:
      return gic_.hyp_read(0, offset);
    default:
      return gic_.vcpu_read(0, offset);
  }
}

void GicModule::write(Block block, uint32_t offset, unsigned size, uint32_t value) {
  if (block == Block::Distributor) return gic_.dist_write(0, offset, size, value);
  if (size != 4) return;
  switch (block) {
    case Block::CpuInterface:
      return gic_.cpu_write(0, offset, value);
    case Block::Hyp:
      return gic_.hyp_write(0, offset, value);
    default:
      return gic_.vcpu_write(0, offset, value);
  }
}

uint64_t GicModule::block_size(Block block) {
  // IHI 0048B: the distributor's registers end at 0xFFF, GICC's and GICV's at 0x1FFF
  // (GICC_DIR, GICV_DIR at 0x1000), GICH's at 0xFFF (the list registers end at 0x1FC).
  return block == Block::CpuInterface || block == Block::VirtualCpu ? 0x2000 : 0x1000;
}

bool GicModule::access(Block block, tlm::tlm_generic_payload& tx) {
  const unsigned len = tx.get_data_length();
  const uint64_t addr = tx.get_address();
  if (tx.get_byte_enable_ptr() != nullptr || (len != 1 && len != 2 && len != 4 && len != 8) ||
      (addr & (len - 1)) != 0) {
    tx.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    return false;
  }
  if (addr >= block_size(block)) {
    // Past the block, in the rest of the window the machine model maps for it: nothing
    // answers there (QEMU's virt board: an external abort).
    tx.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return false;
  }
  unsigned char* data = tx.get_data_ptr();
  for (unsigned part = 0; part < len; part += 4) {
    const unsigned n = len < 4 ? len : 4;
    const auto offset = static_cast<uint32_t>(addr + part);
    if (tx.is_read()) {
      const uint32_t v = read(block, offset, n);
      std::memcpy(data + part, &v, n);
    } else if (tx.is_write()) {
      uint32_t v = 0;
      std::memcpy(&v, data + part, n);
      write(block, offset, n, v);
    }
  }
  tx.set_response_status(tlm::TLM_OK_RESPONSE);
  return true;
}

}  // namespace gic
