// The addresses of the sampled blocks that are still live, so that a free can
// tell in one probe whether its block was sampled (and must be recorded) or
// not (and costs nothing more). Lock-free, no malloc: a table of 64-byte
// buckets of 8 addresses, mapped on first use and sized from the sample rate.
// An address lives only in its home bucket, so a lookup reads one cache line
// and a removal simply clears its slot (no tombstones, no probe chains); a
// 32 KiB array of per-group entry counts in front answers most lookups of
// unsampled blocks without touching the table.
// Sized so that a 16 GiB live heap fills buckets to half a sample on average,
// a full bucket is a one-in-millions event; the sample it would have held is
// then dropped and counted as a lost event.
#pragma once

#include <cstdint>

namespace memscope::runtime {

// Adds a freshly sampled block; false when its bucket is full or the table
// cannot be mapped (the caller then records nothing and counts a lost event).
bool remember_sampled_block(const void* block);
// True if the block was sampled (and is now forgotten).
bool forget_sampled_block(const void* block);

// Bucket count for a sample rate: a power of two (tests and docs use it).
std::uint64_t sampled_block_buckets(std::uint64_t sample_rate_bytes);

}  // namespace memscope::runtime
