// A binary's static memory footprint (binary::ElfFootprint) for people: the
// flash and RAM totals, what `size` prints, the sections and the largest
// symbols, in aligned columns.
#pragma once

#include <string>

#include "binary/elf_footprint.h"
#include "report/text_style.h"

namespace memscope::report {

std::string elf_footprint_text(const binary::ElfFootprint& fp, const TextStyle& style);

}  // namespace memscope::report
