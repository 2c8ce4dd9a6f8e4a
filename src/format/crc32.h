// CRC-32 (IEEE 802.3 polynomial, reflected) guarding the file and chunk headers.
// Payload integrity is covered by the zstd frame checksum.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace memscope::format {

namespace detail {
inline constexpr std::array<std::uint32_t, 256> make_crc32_table() {
    std::array<std::uint32_t, 256> t{};
    for (std::uint32_t i = 0; i < 256; ++i) {
        std::uint32_t c = i;
        for (int k = 0; k < 8; ++k) c = (c & 1) ? (0xEDB88320u ^ (c >> 1)) : (c >> 1);
        t[i] = c;
    }
    return t;
}
inline constexpr auto kCrc32Table = make_crc32_table();
}  // namespace detail

inline std::uint32_t crc32(const void* data, std::size_t len, std::uint32_t seed = 0) {
    const auto* p = static_cast<const std::uint8_t*>(data);
    std::uint32_t c = ~seed;
    for (std::size_t i = 0; i < len; ++i) c = detail::kCrc32Table[(c ^ p[i]) & 0xff] ^ (c >> 8);
    return ~c;
}

}  // namespace memscope::format
