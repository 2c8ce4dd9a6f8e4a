// The binary search table of a module's .eh_frame_hdr (the PT_GNU_EH_FRAME
// segment, mapped by the loader): sorted (initial location, FDE address) pairs
// that lead from a code address to the FDE describing it without scanning
// .eh_frame.
#pragma once

#include <cstddef>
#include <cstdint>

namespace memscope::unwind {

// The FDE whose initial location is the greatest one <= pc, or nullptr when
// the table is missing, uses an encoding other than the datarel sdata4 every
// linker emits, or starts after pc. The caller checks pc against the FDE's
// range. hdr_size bounds the reads (SIZE_MAX: trust the table's own count, as
// for a segment the loader mapped).
const std::uint8_t* find_fde(const std::uint8_t* eh_frame_hdr, std::size_t hdr_size,
                             std::uintptr_t pc);

}  // namespace memscope::unwind
