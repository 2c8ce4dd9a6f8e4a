#include "binary/section_accounting.h"

#include <elf.h>

namespace memscope::binary {

namespace {

SectionRole role_of(bool no_bits, std::uint64_t flags) {
    if ((flags & SHF_TLS) != 0)
        return no_bits ? SectionRole::kThreadLocalZeroData : SectionRole::kThreadLocalData;
    if ((flags & SHF_EXECINSTR) != 0) return SectionRole::kCode;
    if (no_bits) return SectionRole::kZeroInitializedData;
    return (flags & SHF_WRITE) != 0 ? SectionRole::kInitializedData : SectionRole::kReadOnlyData;
}

// binutils' size (berkeley_or_gnu_sum) over BFD's view of ELF sections: BFD
// marks a section read-only when SHF_WRITE is clear, code with SHF_EXECINSTR,
// and with contents unless it is SHT_NOBITS. Code or read-only goes to text
// first, so a read-only SHT_NOBITS section counts as text too.
BerkeleyColumn column_of(bool no_bits, std::uint64_t flags) {
    if ((flags & SHF_EXECINSTR) != 0 || (flags & SHF_WRITE) == 0) return BerkeleyColumn::kText;
    return no_bits ? BerkeleyColumn::kBss : BerkeleyColumn::kData;
}

}  // namespace

SectionAccounting account_section(std::uint32_t type, std::uint64_t flags) {
    const bool no_bits = type == SHT_NOBITS;
    SectionAccounting a;
    a.role = role_of(no_bits, flags);
    a.column = column_of(no_bits, flags);
    // Whatever the file holds bytes for has to be stored: code and constants
    // run and are read from flash (execute in place), writable data is copied
    // from there at start-up. Writable sections live in RAM, and so does every
    // section the file reserves without contents, since it is zeroed memory at
    // run time whether or not it is writable.
    a.in_flash = !no_bits;
    a.in_ram = no_bits || (flags & SHF_WRITE) != 0;
    return a;
}

}  // namespace memscope::binary
