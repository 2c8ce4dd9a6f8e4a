#include "runtime/unwind/eh_frame_hdr.h"

#include <cstring>

#include "runtime/unwind/dwarf_cursor.h"

namespace memscope::unwind {

namespace {

constexpr std::uint8_t kTableEncoding = kPeDatarel | kPeSdata4;

struct TableEntry {
    std::int32_t initial_location;  // relative to the header's start
    std::int32_t fde;               // likewise
};

}  // namespace

const std::uint8_t* find_fde(const std::uint8_t* hdr, std::size_t hdr_size, std::uintptr_t pc) {
    if (hdr == nullptr) return nullptr;
    const std::uint8_t* limit =
        hdr_size == SIZE_MAX ? reinterpret_cast<const std::uint8_t*>(UINTPTR_MAX) : hdr + hdr_size;
    DwarfCursor cursor(hdr, limit);
    const auto base = reinterpret_cast<std::uintptr_t>(hdr);
    const std::uint8_t version = cursor.u8();
    const std::uint8_t eh_frame_ptr_encoding = cursor.u8();
    const std::uint8_t count_encoding = cursor.u8();
    const std::uint8_t table_encoding = cursor.u8();
    if (!cursor.ok() || version != 1 || table_encoding != kTableEncoding ||
        count_encoding == kPeOmit)
        return nullptr;
    cursor.encoded_pointer(eh_frame_ptr_encoding, base);
    const std::uint64_t count = cursor.encoded_pointer(count_encoding, base);
    if (!cursor.ok() || count == 0) return nullptr;
    const std::uint8_t* table = cursor.position();
    if (count > static_cast<std::uint64_t>(limit - table) / sizeof(TableEntry)) return nullptr;

    // The last entry whose initial location is <= pc.
    const auto location_of = [&](std::uint64_t i) {
        TableEntry entry;
        std::memcpy(&entry, table + i * sizeof(TableEntry), sizeof(entry));
        return entry;
    };
    std::uint64_t low = 0;
    std::uint64_t high = count;
    while (high - low > 1) {
        const std::uint64_t mid = low + (high - low) / 2;
        if (base + static_cast<std::intptr_t>(location_of(mid).initial_location) <= pc)
            low = mid;
        else
            high = mid;
    }
    const TableEntry found = location_of(low);
    if (base + static_cast<std::intptr_t>(found.initial_location) > pc) return nullptr;
    return reinterpret_cast<const std::uint8_t*>(base + static_cast<std::intptr_t>(found.fde));
}

}  // namespace memscope::unwind
