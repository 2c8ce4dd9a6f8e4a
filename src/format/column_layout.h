// Layout of a column-coded events chunk (ChunkFlags::kChunkColumns), shared by
// the recorder's writer (column_encoder.h) and the reader. docs/format.md is
// the spec. The recorder's threads still append row records (record_types.h)
// to their buffers; the writer turns a range of rows into columns, because
// fields of one kind side by side compress far better than mixed rows.
//
//   payload := u8 layout_version | u8 time_shift | u8 timing | u8 address_width
//              | varint outlier_threshold_ns | u8 stream_count
//              | stream_count x (varint raw_size, varint packed_size)
//              | packed streams, in order (each one zstd frame, or nothing when empty)
#pragma once

#include <cstdint>

namespace memscope::format {

inline constexpr std::uint8_t kColumnLayoutVersion = 1;

enum ColumnStream : std::uint8_t {
    kStreamKinds = 0,          // one kind byte per event (see pack_kind)
    kStreamTsLead,             // timestamp delta in time units, split varint (compact
                               // timing: a realloc has a second one for its new block)
    kStreamTsTail,             //
    kStreamRefLead,            // predicted addresses: AddressModel references, split varint
    kStreamRefTail,            //
    kStreamAddress,            // unpredicted heap addresses, address_width bytes little-endian
    kStreamSizeLead,           // requested sizes, split varint
    kStreamSizeTail,           //
    kStreamStackLead,          // stack ids, split varint
    kStreamStackTail,          //
    kStreamDurations,          // exact timing: every duration (split varint lead here,
                               // tail in kStreamDurationTail); compact timing: outliers as
                               // (varint event-index delta, varint duration_ns) pairs
    kStreamDurationTail,       //
    kStreamDurationHistogram,  // compact timing: (varint key delta, varint count) pairs
    kStreamOtherRecords,       // every other record: u8 type | varint len | payload without ts
    kColumnStreamCount
};

// How a chunk keeps time.
enum class ColumnTiming : std::uint8_t {
    // Timestamps in ns, every call's duration: decodes to the rows exactly.
    kExact = 0,
    // Timestamps in units of 2^time_shift ns, rounded down (see below);
    // durations below
    // the outlier threshold only as per-chunk histograms, above it exactly.
    kCompact = 1,
};

// Unpredicted heap addresses: x86-64 user space fits in 48 bits (a chunk with
// a wider address is written as rows instead).
inline constexpr unsigned kColumnAddressWidth = 6;

inline constexpr std::uint8_t kCompactTimeShift = 10;  // 1024 ns
inline constexpr std::uint64_t kDefaultOutlierThresholdNs = 10'000;

// The kind byte: bits 0-1 kind, bits 2-5 AllocFunc (alloc, realloc), bit 6 the
// realloc's new address is predicted, bit 7 the (first) address is predicted.
enum class ColumnKind : std::uint8_t { kOther = 0, kAlloc = 1, kFree = 2, kRealloc = 3 };
inline constexpr std::uint8_t kKindMask = 0x03;
inline constexpr unsigned kKindFuncShift = 2;
inline constexpr std::uint8_t kKindFuncMask = 0x0f;
inline constexpr std::uint8_t kKindSecondPredicted = 0x40;
inline constexpr std::uint8_t kKindFirstPredicted = 0x80;

inline constexpr std::uint8_t pack_kind(ColumnKind kind, std::uint8_t func, bool first_predicted,
                                        bool second_predicted) {
    return static_cast<std::uint8_t>(static_cast<std::uint8_t>(kind) |
                                     ((func & kKindFuncMask) << kKindFuncShift) |
                                     (second_predicted ? kKindSecondPredicted : 0) |
                                     (first_predicted ? kKindFirstPredicted : 0));
}
inline constexpr ColumnKind kind_of(std::uint8_t b) {
    return static_cast<ColumnKind>(b & kKindMask);
}
inline constexpr std::uint8_t func_of(std::uint8_t b) {
    return (b >> kKindFuncShift) & kKindFuncMask;
}

// Compact timing rounds every time down to its unit. Rounding keeps order
// (t1 < t2 gives unit(t1) <= unit(t2)), so a block freed on one thread and
// handed out again on another replays in order as long as the reader breaks
// timestamp ties with frees first. The other hand-over, allocated on one
// thread and freed on another within one unit, ties the wrong way; the heap
// replay pairs such a free with the allocation that follows it. A realloc's
// new block appears at unit(start + duration), written as a second ts delta.

// ---- call-duration histograms (compact timing) ------------------------------
// Log-linear buckets: exact below 32 ns, then 16 buckets per power of two
// (bucket width <= 1/16 of its lower bound).
inline constexpr std::uint32_t kDurationBucketCount = 976;
inline constexpr unsigned kDurationMantissaBits = 4;

inline std::uint32_t duration_bucket(std::uint64_t ns) {
    constexpr std::uint64_t kExactLimit = 1u << (kDurationMantissaBits + 1);
    if (ns < kExactLimit) return static_cast<std::uint32_t>(ns);
    const int top = 63 - __builtin_clzll(ns);
    const int e = top - static_cast<int>(kDurationMantissaBits);
    const std::uint64_t m = (ns >> e) - (1u << kDurationMantissaBits);
    return static_cast<std::uint32_t>(kExactLimit + static_cast<std::uint64_t>(e - 1) * 16 + m);
}
inline std::uint64_t duration_bucket_low(std::uint32_t code) {
    if (code < 32) return code;
    const std::uint32_t c = code - 32;
    const unsigned e = c / 16 + 1;
    const std::uint64_t m = c % 16;
    return (16 + m) << e;
}
// Exclusive upper bound; saturates for the top bucket.
inline std::uint64_t duration_bucket_high(std::uint32_t code) {
    if (code < 32) return code + 1u;
    const unsigned e = (code - 32) / 16 + 1;
    const std::uint64_t low = duration_bucket_low(code);
    const std::uint64_t width = std::uint64_t{1} << e;
    return low > ~std::uint64_t{0} - width ? ~std::uint64_t{0} : low + width;
}

// Which call a histogram counts: AllocFunc values 0..8, then free.
inline constexpr std::uint8_t kDurationOpFree = 9;
inline constexpr std::uint8_t kDurationOpCount = 10;

// Size classes of the histograms (the report's): tiny <= 64 B, small <= 1 KiB,
// medium <= 64 KiB, large above; unknown for a free whose block the chunk did
// not see allocated.
enum class DurationSizeClass : std::uint8_t {
    kTiny = 0,
    kSmall = 1,
    kMedium = 2,
    kLarge = 3,
    kUnknown = 4
};
inline constexpr std::uint8_t kDurationSizeClassCount = 5;
inline constexpr DurationSizeClass duration_size_class(std::uint64_t size) {
    return size <= 64          ? DurationSizeClass::kTiny
           : size <= 1024      ? DurationSizeClass::kSmall
           : size <= 64 * 1024 ? DurationSizeClass::kMedium
                               : DurationSizeClass::kLarge;
}

inline constexpr std::uint32_t kDurationHistogramKeys =
    kDurationOpCount * kDurationSizeClassCount * kDurationBucketCount;
inline constexpr std::uint32_t duration_key(std::uint8_t op, DurationSizeClass cls,
                                            std::uint32_t bucket) {
    return (static_cast<std::uint32_t>(op) * kDurationSizeClassCount +
            static_cast<std::uint32_t>(cls)) *
               kDurationBucketCount +
           bucket;
}

}  // namespace memscope::format
