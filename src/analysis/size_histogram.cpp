#include "analysis/size_histogram.h"

#include <bit>

namespace memscope::analysis {

SizeClass size_class_of(std::uint64_t size) {
    if (size <= kTinyMaxBytes) return SizeClass::kTiny;
    if (size <= kSmallMaxBytes) return SizeClass::kSmall;
    if (size <= kMediumMaxBytes) return SizeClass::kMedium;
    return SizeClass::kLarge;
}

const char* size_class_name(SizeClass c) {
    switch (c) {
        case SizeClass::kTiny:
            return "tiny";
        case SizeClass::kSmall:
            return "small";
        case SizeClass::kMedium:
            return "medium";
        case SizeClass::kLarge:
            return "large";
    }
    return "large";
}

std::size_t SizeHistogram::bucket_of(std::uint64_t size) {
    return static_cast<std::size_t>(std::bit_width(size));
}

std::uint64_t SizeHistogram::bucket_floor(std::size_t bucket) {
    return bucket == 0 ? 0 : std::uint64_t{1} << (bucket - 1);
}

void SizeHistogram::add(std::uint64_t size, const SampleWeight& weight) {
    CountAndBytes& b = buckets_[bucket_of(size)];
    b.count += weight.blocks;
    b.bytes += weight.bytes;
    CountAndBytes& c = classes_[static_cast<std::size_t>(size_class_of(size))];
    c.count += weight.blocks;
    c.bytes += weight.bytes;
}

}  // namespace memscope::analysis
