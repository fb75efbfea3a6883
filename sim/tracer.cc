#include "sim/tracer.h"

#include <capstone/capstone.h>

#include <cstdio>
#include <iterator>

#include <fmt/format.h>

namespace sim {

Disassembler::Disassembler() {
  csh h = 0;
  if (cs_open(CS_ARCH_ARM64, CS_MODE_ARM, &h) == CS_ERR_OK) handle_ = h;
}

Disassembler::~Disassembler() {
  if (handle_) {
    csh h = handle_;
    cs_close(&h);
  }
}

bool Disassembler::pc_relative(uint32_t raw) {
  return (raw & 0x7C000000) == 0x14000000 ||  // B, BL
         (raw & 0xFF000010) == 0x54000000 ||  // B.cond
         (raw & 0x7E000000) == 0x34000000 ||  // CBZ, CBNZ
         (raw & 0x7E000000) == 0x36000000 ||  // TBZ, TBNZ
         (raw & 0x1F000000) == 0x10000000 ||  // ADR, ADRP
         (raw & 0x3B000000) == 0x18000000;    // LDR (literal), LDRSW, PRFM (literal)
}

const std::string& Disassembler::disassemble(uint64_t pc, uint32_t raw) {
  auto& cache = pc_relative(raw) ? by_pc_[pc] : by_encoding_;
  auto it = cache.find(raw);
  if (it != cache.end()) return it->second;
  std::string text = "<unknown>";
  if (handle_) {
    cs_insn* insn = nullptr;
    const uint8_t bytes[4] = {static_cast<uint8_t>(raw), static_cast<uint8_t>(raw >> 8),
                              static_cast<uint8_t>(raw >> 16), static_cast<uint8_t>(raw >> 24)};
    if (cs_disasm(handle_, bytes, 4, pc, 1, &insn) == 1) {
      text = insn[0].mnemonic;
      if (insn[0].op_str[0] != '\0') {
        text += ' ';
        text += insn[0].op_str;
      }
      cs_free(insn, 1);
    }
  }
  return cache.emplace(raw, std::move(text)).first->second;
}

void TextTracer::on_insn(const isa::Cpu&, uint64_t pc, uint32_t raw, unsigned el) {
  // (Formatted here and written with stdio, which records a failed write in the stream
  // for whoever closes it, rather than fmt::print, which would throw into the core.)
  fmt::memory_buffer line;
  fmt::format_to(std::back_inserter(line), "{:016x} EL{} {:08x}  {}\n", pc, el, raw,
                 dis_.disassemble(pc, raw));
  std::fwrite(line.data(), 1, line.size(), out_);
}

void TextTracer::on_exception(const isa::Cpu&, const isa::Exception& e, unsigned from_el,
                              unsigned to_el, uint64_t vector) {
  static const char* const kTypes[] = {"Sync", "IRQ", "FIQ", "SError"};
  const uint32_t esr =
      (static_cast<uint32_t>(e.ec) << 26) | (e.il ? 1u << 25 : 0) | (e.iss & 0x1FFFFFF);
  std::string line = fmt::format("exception {} ", kTypes[static_cast<unsigned>(e.type)]);
  if (e.type == isa::ExceptionType::Sync)
    line += fmt::format("EC=0x{:02x} ({}) ", static_cast<unsigned>(e.ec), isa::ec_name(e.ec));
  line += fmt::format("EL{}->EL{} ELR={:016x}", from_el, to_el, e.return_address);
  if (e.type == isa::ExceptionType::Sync) line += fmt::format(" ESR={:08x}", esr);
  if (e.far_valid) line += fmt::format(" FAR={:016x}", e.far);
  if (e.ipa_valid) line += fmt::format(" IPA={:016x}", e.ipa);
  line += fmt::format(" vector={:016x}\n", vector);
  std::fputs(line.c_str(), out_);
}

}  // namespace sim
