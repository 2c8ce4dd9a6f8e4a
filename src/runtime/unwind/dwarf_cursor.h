// A bounded reader over DWARF call-frame bytes (.eh_frame, .eh_frame_hdr):
// fixed-size little-endian values, LEB128 numbers and DW_EH_PE-encoded
// pointers. Every read checks the end first; a read past it sets a sticky
// failure flag and yields 0, so a parser can run to its end and check ok() once
// instead of testing every step (corrupt CFI must never make the recorder read
// outside the section).
#pragma once

#include <cstdint>
#include <cstring>

namespace memscope::unwind {

// Pointer encodings (DW_EH_PE_*): low nibble = value format, bits 4-6 = what
// the value is relative to, bit 7 = indirect.
enum PointerEncoding : std::uint8_t {
    kPeAbsptr = 0x00,
    kPeUleb128 = 0x01,
    kPeUdata2 = 0x02,
    kPeUdata4 = 0x03,
    kPeUdata8 = 0x04,
    kPeSleb128 = 0x09,
    kPeSdata2 = 0x0a,
    kPeSdata4 = 0x0b,
    kPeSdata8 = 0x0c,
    kPePcrel = 0x10,
    kPeDatarel = 0x30,
    kPeIndirect = 0x80,
    kPeOmit = 0xff,
};

class DwarfCursor {
  public:
    DwarfCursor(const std::uint8_t* begin, const std::uint8_t* end) : pos_(begin), end_(end) {}

    bool ok() const { return ok_; }
    const std::uint8_t* position() const { return pos_; }
    const std::uint8_t* end() const { return end_; }
    bool at_end() const { return pos_ >= end_; }
    void fail() { ok_ = false; }

    void skip(std::uint64_t bytes) {
        if (bytes > static_cast<std::uint64_t>(end_ - pos_)) {
            fail();
            pos_ = end_;
            return;
        }
        pos_ += bytes;
    }

    std::uint8_t u8() { return fixed<std::uint8_t>(); }
    std::uint16_t u16() { return fixed<std::uint16_t>(); }
    std::uint32_t u32() { return fixed<std::uint32_t>(); }
    std::uint64_t u64() { return fixed<std::uint64_t>(); }

    std::uint64_t uleb128() {
        std::uint64_t value = 0;
        unsigned shift = 0;
        for (;;) {
            if (pos_ >= end_) {
                fail();
                return 0;
            }
            const std::uint8_t byte = *pos_++;
            if (shift < 64) value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
            shift += 7;
            if ((byte & 0x80) == 0) return value;
        }
    }

    std::int64_t sleb128() {
        std::uint64_t value = 0;
        unsigned shift = 0;
        std::uint8_t byte = 0;
        do {
            if (pos_ >= end_) {
                fail();
                return 0;
            }
            byte = *pos_++;
            if (shift < 64) value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
            shift += 7;
        } while ((byte & 0x80) != 0);
        if (shift < 64 && (byte & 0x40) != 0) value |= ~std::uint64_t{0} << shift;
        return static_cast<std::int64_t>(value);
    }

    // A DW_EH_PE-encoded pointer. data_base is what kPeDatarel is relative to
    // (.eh_frame_hdr's start there; unused in .eh_frame). Indirect pointers
    // and text/func-relative ones are not needed for unwinding rules and fail.
    std::uint64_t encoded_pointer(std::uint8_t encoding, std::uint64_t data_base = 0) {
        if (encoding == kPeOmit) return 0;
        const auto here = reinterpret_cast<std::uintptr_t>(pos_);
        std::uint64_t value = 0;
        switch (encoding & 0x0f) {
            case kPeAbsptr:
                value = u64();
                break;
            case kPeUleb128:
                value = uleb128();
                break;
            case kPeUdata2:
                value = u16();
                break;
            case kPeUdata4:
                value = u32();
                break;
            case kPeUdata8:
                value = u64();
                break;
            case kPeSleb128:
                value = static_cast<std::uint64_t>(sleb128());
                break;
            case kPeSdata2:
                value = static_cast<std::uint64_t>(std::int64_t{fixed<std::int16_t>()});
                break;
            case kPeSdata4:
                value = static_cast<std::uint64_t>(std::int64_t{fixed<std::int32_t>()});
                break;
            case kPeSdata8:
                value = u64();
                break;
            default:
                fail();
                return 0;
        }
        switch (encoding & 0x70) {
            case 0x00:
                break;
            case kPePcrel:
                value += here;
                break;
            case kPeDatarel:
                value += data_base;
                break;
            default:
                fail();
                return 0;
        }
        if ((encoding & kPeIndirect) != 0) fail();
        return value;
    }

  private:
    template <typename T>
    T fixed() {
        if (static_cast<std::size_t>(end_ - pos_) < sizeof(T)) {
            fail();
            pos_ = end_;
            return 0;
        }
        T value;
        std::memcpy(&value, pos_, sizeof(T));
        pos_ += sizeof(T);
        return value;
    }

    const std::uint8_t* pos_;
    const std::uint8_t* end_;
    bool ok_ = true;
};

}  // namespace memscope::unwind
