// How the reader fuzzer interprets its input. The first byte picks a mode:
//   mode % 4 == 0: the rest is a whole trace file, header and chunks as on disk;
//   odd:  the rest is a record stream, which the harness wraps into a valid
//         trace (header, zstd chunks with correct CRCs), split across
//         1 + (mode >> 1) % 4 thread chunks, so mutations reach the record
//         decoder instead of stopping at a checksum;
//   mode % 4 == 2: the rest is the streams of one column-coded chunk, each a
//         u16 little-endian length and its bytes (compact timing when bit 2
//         of the mode is set), which the harness packs into a valid chunk so
//         that mutations reach the column decoder and its address model.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace memscope::fuzzing {

inline constexpr std::uint8_t kWholeFileMode = 0x00;
inline constexpr std::uint8_t kRecordStreamMode = 0x01;
inline constexpr std::uint8_t kColumnStreamsMode = 0x02;
inline constexpr std::uint8_t kCompactTimingBit = 0x04;

// The trace file the reader should open for this input.
std::vector<std::uint8_t> trace_file_for(const std::uint8_t* data, std::size_t size);

}  // namespace memscope::fuzzing
