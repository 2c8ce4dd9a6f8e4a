#include "binary/elf_machine.h"

#include <elf.h>

#include <fmt/format.h>

namespace memscope::binary {

std::string machine_name(std::uint16_t e_machine) {
    // The architectures a firmware or Linux binary is likely built for; the
    // names follow binutils' and readelf's spelling where they are short.
    switch (e_machine) {
        case EM_386:
            return "i386";
        case EM_X86_64:
            return "x86-64";
        case EM_ARM:
            return "ARM";
        case EM_AARCH64:
            return "AArch64";
        case EM_RISCV:
            return "RISC-V";
        case EM_MIPS:
            return "MIPS";
        case EM_PPC:
            return "PowerPC";
        case EM_PPC64:
            return "PowerPC64";
        case EM_S390:
            return "IBM S/390";
        case EM_SPARC:
            return "SPARC";
        case EM_SPARCV9:
            return "SPARC v9";
        case EM_SH:
            return "SuperH";
        case EM_68K:
            return "Motorola 68000";
        case EM_AVR:
            return "Atmel AVR";
        case EM_MSP430:
            return "TI MSP430";
        case EM_XTENSA:
            return "Xtensa";
        case EM_ARCV2:
            return "ARCv2";
        case EM_ARC_COMPACT:
            return "ARCompact";
        case EM_MICROBLAZE:
            return "MicroBlaze";
        case EM_ALTERA_NIOS2:
            return "Nios II";
        case EM_LOONGARCH:
            return "LoongArch";
        case EM_BPF:
            return "BPF";
        case EM_NONE:
            return "none";
        default:
            return fmt::format("machine {}", e_machine);
    }
}

std::string file_type_name(std::uint16_t e_type, bool has_interpreter) {
    switch (e_type) {
        case ET_REL:
            return "relocatable";
        case ET_EXEC:
            return "executable";
        case ET_DYN:
            return has_interpreter ? "position-independent executable" : "shared object";
        case ET_CORE:
            return "core";
        default:
            return fmt::format("type {:#x}", e_type);
    }
}

}  // namespace memscope::binary
