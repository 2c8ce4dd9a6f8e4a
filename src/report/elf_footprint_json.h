// A binary's static memory footprint (binary::ElfFootprint) for machines.
// Sizes are bytes, addresses hexadecimal strings as in the other reports.
#pragma once

#include <nlohmann/json.hpp>

#include "binary/elf_footprint.h"

namespace memscope::report {

nlohmann::ordered_json elf_footprint_json(const binary::ElfFootprint& fp);

}  // namespace memscope::report
