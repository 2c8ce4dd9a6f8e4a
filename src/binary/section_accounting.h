// Where an allocated section's bytes count: its role, its column in `size`'s
// Berkeley output, and whether it takes flash, RAM or both. Decided from the
// section's type and flags only, so that custom section names count right.
#pragma once

#include <cstdint>

#include "binary/elf_footprint.h"

namespace memscope::binary {

enum class BerkeleyColumn { kText, kData, kBss };

struct SectionAccounting {
    SectionRole role = SectionRole::kCode;
    BerkeleyColumn column = BerkeleyColumn::kText;
    bool in_flash = false;
    bool in_ram = false;
};

// For a section with SHF_ALLOC; sections without it take no memory at all.
SectionAccounting account_section(std::uint32_t type, std::uint64_t flags);

}  // namespace memscope::binary
