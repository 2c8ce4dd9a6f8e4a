// Sizes and counts as people write them on a command line: "10MiB", "1.5 GB",
// "4096", "250k". Binary units (KiB, MiB, GiB, TiB) are powers of 1024,
// decimal units (kB, MB, GB, TB) powers of 1000, matching how `memscope`
// prints sizes (binary) and how disk and RAM vendors quote them (decimal).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace memscope::analysis {

// A byte size: a non-negative number (fractions allowed) with an optional unit
// B, KiB, MiB, GiB, TiB, kB, MB, GB, TB (case-insensitive, spaces allowed
// before the unit; "K", "M", "G", "T" alone are binary). The result is
// rounded to the nearest byte. nullopt when the text is not a size or
// overflows 64 bits.
std::optional<std::uint64_t> parse_byte_size(std::string_view text);

// A count: digits, optionally with a decimal suffix k, M or G (1000^n), e.g.
// "5000" or "5k". nullopt when the text is not a count or overflows.
std::optional<std::uint64_t> parse_count(std::string_view text);

}  // namespace memscope::analysis
