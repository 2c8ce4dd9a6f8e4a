// Readable names for ELF header fields (e_machine, e_type) as a report shows them.
#pragma once

#include <cstdint>
#include <string>

namespace memscope::binary {

// "x86-64", "ARM", "RISC-V", ...; "machine 1234" for numbers not listed.
std::string machine_name(std::uint16_t e_machine);

// "executable", "position-independent executable", "shared object",
// "relocatable", "core"; "type 0x..." otherwise. ET_DYN is both a library and a
// PIE; only the executable asks for a program interpreter.
std::string file_type_name(std::uint16_t e_type, bool has_interpreter);

}  // namespace memscope::binary
