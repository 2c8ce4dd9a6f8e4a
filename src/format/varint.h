// LEB128 variable-length integers, shared by the recorder (encoding, hot path)
// and the reader (decoding, must survive arbitrary bytes).
#pragma once

#include <cstddef>
#include <cstdint>

namespace memscope::format {

inline constexpr std::size_t kMaxVarintBytes = 10;

// Writes v at out; returns the byte count (1..10). out must have 10 bytes of room.
inline std::size_t encode_varint(std::uint8_t* out, std::uint64_t v) {
    std::size_t n = 0;
    while (v >= 0x80) {
        out[n++] = static_cast<std::uint8_t>(v) | 0x80;
        v >>= 7;
    }
    out[n++] = static_cast<std::uint8_t>(v);
    return n;
}

inline constexpr std::uint64_t zigzag_encode(std::int64_t v) {
    return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}

inline constexpr std::int64_t zigzag_decode(std::uint64_t v) {
    return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
}

// Bounds-checked decoding cursor. Any read past the end, or an over-long
// varint, sets failed() and returns 0; callers check once per record.
class ByteCursor {
  public:
    ByteCursor(const std::uint8_t* begin, const std::uint8_t* end) : p_(begin), end_(end) {}

    std::uint64_t varint() {
        // Most fields fit in one byte.
        if (p_ < end_ && *p_ < 0x80) return *p_++;
        std::uint64_t v = 0;
        for (unsigned shift = 0; shift < 64; shift += 7) {
            if (p_ >= end_) {
                failed_ = true;
                return 0;
            }
            const std::uint8_t b = *p_++;
            v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return v;
        }
        failed_ = true;
        return 0;
    }

    std::int64_t svarint() { return zigzag_decode(varint()); }

    std::uint8_t byte() {
        if (p_ >= end_) {
            failed_ = true;
            return 0;
        }
        return *p_++;
    }

    // Returns a pointer to n bytes and advances, or nullptr (and failed()) if short.
    const std::uint8_t* bytes(std::size_t n) {
        if (static_cast<std::size_t>(end_ - p_) < n) {
            failed_ = true;
            p_ = end_;
            return nullptr;
        }
        const std::uint8_t* r = p_;
        p_ += n;
        return r;
    }

    const std::uint8_t* position() const { return p_; }
    std::size_t remaining() const { return static_cast<std::size_t>(end_ - p_); }
    bool at_end() const { return p_ >= end_; }
    bool failed() const { return failed_; }

  private:
    const std::uint8_t* p_;
    const std::uint8_t* end_;
    bool failed_ = false;
};

}  // namespace memscope::format
