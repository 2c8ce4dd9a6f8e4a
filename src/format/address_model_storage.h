// Vector-backed memory for an AddressModel, for code that may allocate: the
// reader and tests. (The recorder maps its own; it must not include this.)
#pragma once

#include <cstdint>
#include <vector>

#include "format/address_model.h"

namespace memscope::format {

class AddressModelStorage {
  public:
    // with_free_table: the encoder's address -> ring table (a decoder has none).
    explicit AddressModelStorage(bool with_free_table) : with_free_table_(with_free_table) {}

    // Memory for a model whose reset() asks for up to `slots` slots; grows as needed.
    AddressModelMemory memory(std::uint32_t slots) {
        if (live_words_.empty()) {
            live_words_.resize(kLiveRankWords);
            allocations_.resize(kAddressModelMaxAllocations);
            class_key_.resize(kAddressModelClassSlots);
            class_ring_.resize(kAddressModelClassSlots);
            class_count_.resize(kAddressModelClassRings);
            rings_.resize(std::size_t{kAddressModelClassRings} * kAddressModelClassRingSize);
            if (!with_free_table_) packed_allocations_.resize(kAddressModelMaxAllocations);
        }
        if (slot_address_.size() < slots) {
            slot_address_.resize(slots);
            slot_seq_.resize(slots);
            if (with_free_table_) {
                free_address_.resize(slots);
                free_where_.resize(slots);
            }
        }
        AddressModelMemory m;
        m.slot_address = slot_address_.data();
        m.slot_seq = slot_seq_.data();
        m.slot_capacity = static_cast<std::uint32_t>(slot_address_.size());
        m.live_words = live_words_.data();
        m.allocations = allocations_.data();
        m.class_key = class_key_.data();
        m.class_ring = class_ring_.data();
        m.class_count = class_count_.data();
        m.rings = rings_.data();
        // A decoder's: the encoder reads sizes back (size_of).
        if (!with_free_table_) m.packed_allocations = packed_allocations_.data();
        if (with_free_table_) {
            m.free_address = free_address_.data();
            m.free_where = free_where_.data();
            m.free_capacity = static_cast<std::uint32_t>(free_address_.size());
        }
        return m;
    }

  private:
    bool with_free_table_;
    std::vector<std::uint64_t> slot_address_;
    std::vector<std::uint32_t> slot_seq_;
    std::vector<std::uint64_t> live_words_;
    std::vector<AddressModelAllocation> allocations_;
    std::vector<std::uint64_t> class_key_;
    std::vector<std::uint32_t> class_ring_;
    std::vector<std::uint32_t> class_count_;
    std::vector<std::uint64_t> rings_;
    std::vector<std::uint64_t> packed_allocations_;
    std::vector<std::uint64_t> free_address_;
    std::vector<std::uint64_t> free_where_;
};

}  // namespace memscope::format
