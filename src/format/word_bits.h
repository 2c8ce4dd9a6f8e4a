// Counting and selecting set bits inside one 64-bit word, for any x86-64.
// The recorder must run on CPUs without POPCNT or BMI2 (and pdep is slow on
// some that have it), so without -mpopcnt these are broadword code: GCC would
// otherwise turn __builtin_popcountll into a libgcc call. No allocator, no
// libstdc++: the recorder's writer uses them.
#pragma once

#include <cstdint>

namespace memscope::format {

namespace word_bits_detail {

inline constexpr std::uint64_t kBytesOfOne = 0x0101010101010101ull;
inline constexpr std::uint64_t kByteHighBits = 0x8080808080808080ull;

// Byte i of the result: set bits in bytes 0..i of x (at most 64, so every
// byte keeps its high bit clear).
inline std::uint64_t byte_prefix_counts(std::uint64_t x) {
    std::uint64_t s = x - ((x >> 1) & 0x5555555555555555ull);
    s = (s & 0x3333333333333333ull) + ((s >> 2) & 0x3333333333333333ull);
    s = (s + (s >> 4)) & 0x0f0f0f0f0f0f0f0full;
    return s * kBytesOfOne;
}

// at[b][k]: position of the k-th set bit of byte b (k below b's popcount).
struct ByteSelectTable {
    std::uint8_t at[256][8];
};

constexpr ByteSelectTable make_byte_select_table() {
    ByteSelectTable t{};
    for (unsigned b = 0; b < 256; ++b) {
        unsigned k = 0;
        for (unsigned bit = 0; bit < 8; ++bit) {
            if ((b >> bit) & 1) t.at[b][k++] = static_cast<std::uint8_t>(bit);
        }
    }
    return t;
}

inline constexpr ByteSelectTable kByteSelect = make_byte_select_table();

// Position of the k-th set bit (from bit 0) given x's byte prefix counts.
inline unsigned select_with_prefix(std::uint64_t x, std::uint64_t prefix, unsigned k) {
    // Bytes whose prefix count is at most k lie below the byte holding the
    // bit; (0x80 | k) - count keeps its high bit exactly when count <= k.
    const std::uint64_t below = ((k * kBytesOfOne | kByteHighBits) - prefix) & kByteHighBits;
    const unsigned shift = 8 * static_cast<unsigned>(((below >> 7) * kBytesOfOne) >> 56);
    const auto before = static_cast<unsigned>(((prefix << 8) >> shift) & 0xff);
    return shift + kByteSelect.at[(x >> shift) & 0xff][k - before];
}

}  // namespace word_bits_detail

inline unsigned popcount64(std::uint64_t x) {
#if defined(__POPCNT__)
    return static_cast<unsigned>(__builtin_popcountll(x));
#else
    return static_cast<unsigned>(word_bits_detail::byte_prefix_counts(x) >> 56);
#endif
}

// Position of the k-th set bit counted from bit 0 (k = 0: the lowest).
// Requires k < popcount64(x).
inline unsigned select_from_low(std::uint64_t x, unsigned k) {
    return word_bits_detail::select_with_prefix(x, word_bits_detail::byte_prefix_counts(x), k);
}

// Position of the k-th set bit counted from bit 63 (k = 0: the highest).
// Requires k < popcount64(x).
inline unsigned select_from_high(std::uint64_t x, unsigned k) {
    const std::uint64_t prefix = word_bits_detail::byte_prefix_counts(x);
    const auto total = static_cast<unsigned>(prefix >> 56);
    return word_bits_detail::select_with_prefix(x, prefix, total - 1 - k);
}

}  // namespace memscope::format
