// How the reader fuzzer interprets its input. The first byte picks a mode:
//   even: the rest is a whole trace file, header and chunks as on disk;
//   odd:  the rest is a record stream, which the harness wraps into a valid
//         trace (header, zstd chunks with correct CRCs), split across
//         1 + (mode >> 1) % 4 thread chunks, so mutations reach the record
//         decoder instead of stopping at a checksum.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace memscope::fuzzing {

inline constexpr std::uint8_t kWholeFileMode = 0x00;
inline constexpr std::uint8_t kRecordStreamMode = 0x01;

// The trace file the reader should open for this input.
std::vector<std::uint8_t> trace_file_for(const std::uint8_t* data, std::size_t size);

}  // namespace memscope::fuzzing
