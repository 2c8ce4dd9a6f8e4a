// Allocation sizes: a log2 histogram (bucket i holds sizes in [2^(i-1), 2^i),
// bucket 0 holds size 0) and four size classes a reader can act on: tiny
// blocks drown in allocator overhead, large ones go to mmap.
#pragma once

#include <array>
#include <cstdint>

#include "analysis/sample_weight.h"

namespace memscope::analysis {

struct CountAndBytes {
    std::uint64_t count = 0;
    std::uint64_t bytes = 0;
};

enum class SizeClass : std::uint8_t { kTiny, kSmall, kMedium, kLarge };
inline constexpr std::size_t kSizeClassCount = 4;

// Inclusive upper bounds of tiny, small and medium; large is everything above.
inline constexpr std::uint64_t kTinyMaxBytes = 64;
inline constexpr std::uint64_t kSmallMaxBytes = 1024;
inline constexpr std::uint64_t kMediumMaxBytes = 64 * 1024;

SizeClass size_class_of(std::uint64_t size);
const char* size_class_name(SizeClass c);

class SizeHistogram {
  public:
    static constexpr std::size_t kBuckets = 65;

    void add(std::uint64_t size) { add(size, SampleWeight{size, 1}); }
    // A sampled allocation counts as the calls and bytes it stands for.
    void add(std::uint64_t size, const SampleWeight& weight);

    // Bucket of a size: 0 for 0, else the bit width of the size.
    static std::size_t bucket_of(std::uint64_t size);
    // Smallest size of a bucket (0, 1, 2, 4, ...).
    static std::uint64_t bucket_floor(std::size_t bucket);

    const std::array<CountAndBytes, kBuckets>& buckets() const { return buckets_; }
    const std::array<CountAndBytes, kSizeClassCount>& classes() const { return classes_; }

  private:
    std::array<CountAndBytes, kBuckets> buckets_{};
    std::array<CountAndBytes, kSizeClassCount> classes_{};
};

}  // namespace memscope::analysis
