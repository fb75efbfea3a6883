// The GICv2 as a SystemC/TLM-2.0 target: four register blocks (distributor, CPU
// interface, GICH, GICV), each on its own target socket that the router maps at the
// machine model's addresses, served by the plain register logic of gic::Gicv2.
//
// The distributor takes 1-, 2- and 4-byte accesses (byte access where IHI 0048B
// allows it: IPRIORITYR, ITARGETSR, CPENDSGIR, SPENDSGIR; QEMU also allows it for
// the bit registers, and so does this model). The CPU interfaces take word accesses;
// other widths read as zero and are ignored. An 8-byte access is split in two words.
// An access past a block's registers (the distributor's and GICH's 4 KiB, GICC's and
// GICV's 8 KiB) gets an address error, whatever window the machine model maps.
// Every access comes from CPU 0: the platform runs one core.
#pragma once

#include <cstdint>

#include <tlm_utils/simple_target_socket.h>
#include <systemc>
#include <tlm>

#include "gic/gicv2.h"

namespace gic {

class GicModule : public sc_core::sc_module {
 public:
  enum class Block : uint8_t { Distributor, CpuInterface, Hyp, VirtualCpu };

  tlm_utils::simple_target_socket<GicModule> dist_socket;
  tlm_utils::simple_target_socket<GicModule> cpu_socket;
  // Without the virtualization extensions GICH and GICV stay unbound.
  tlm_utils::simple_target_socket_optional<GicModule> hyp_socket;
  tlm_utils::simple_target_socket_optional<GicModule> vcpu_socket;

  GicModule(sc_core::sc_module_name name, const Config& cfg, sc_core::sc_time latency);

  Gicv2& gic() { return gic_; }
  const Gicv2& gic() const { return gic_; }

  // Serve one access to a block (also used by tests without sockets). Returns false
  // for a malformed access (misaligned, bad length, byte enables: a burst error) and
  // for one past the block's registers (an address error).
  bool access(Block block, tlm::tlm_generic_payload& tx);
  // The size of a block's register space; the window the router maps may be larger.
  static uint64_t block_size(Block block);

 private:
  template <Block kBlock>
  void b_transport(tlm::tlm_generic_payload& tx, sc_core::sc_time& delay) {
    access(kBlock, tx);
    delay += latency_;
  }
  uint32_t read(Block block, uint32_t offset, unsigned size);
  void write(Block block, uint32_t offset, unsigned size, uint32_t value);

  Gicv2 gic_;
  sc_core::sc_time latency_;
};

}  // namespace gic
