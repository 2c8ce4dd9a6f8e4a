// Reduces the DWARF call-frame information of one code address (.eh_frame CIE
// + FDE, as the compiler emitted it) to a compact UnwindRule: the CIE's initial
// instructions and then the FDE's are run up to the address, tracking only
// what an x86-64 stack walk needs (the CFA, rbp, the return address).
#pragma once

#include <cstddef>
#include <cstdint>

#include "runtime/unwind/unwind_rule.h"

namespace memscope::unwind {

// x86-64 DWARF register numbers.
inline constexpr std::uint64_t kDwarfRbp = 6;
inline constexpr std::uint64_t kDwarfRsp = 7;
inline constexpr std::uint64_t kDwarfReturnAddress = 16;

// The rule at pc given the FDE that should cover it (an .eh_frame FDE: its CIE
// pointer is relative). kUnknown when pc is outside the FDE, the CIE or FDE
// is malformed, or the rule cannot be expressed compactly.
UnwindRule compile_rule_from_fde(const std::uint8_t* fde, std::uintptr_t pc);

// The rule at pc, found through a module's .eh_frame_hdr.
UnwindRule compile_rule(const std::uint8_t* eh_frame_hdr, std::uintptr_t pc);

}  // namespace memscope::unwind
