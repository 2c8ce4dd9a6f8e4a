// The address model of column-coded chunks: encoder and decoder run the same
// model over a chunk's events, so most heap addresses travel as small
// references instead of 6 bytes.
// - A free names its block by rank among the chunk's live allocations, newest
//   first (rank 0 = the most recent allocation still live).
// - An allocation names a block freed before it. glibc hands out what its size
//   class freed last (tcache, then the bins), so each size class keeps a ring
//   of its last 256 frees: reference 2r = the free r places back in the ring of
//   the allocation's class (counting entries already taken, so both sides find
//   it in O(1)). Reference 2k + 1 = the free k places back among the last 64
//   frees of any class (a block reused by another class: realloc, splitting).
// State is chunk-local. Memory comes from the caller (the recorder maps it; the
// reader uses vectors), so this header needs no allocator and no libstdc++.
#pragma once

#include <cstdint>
#include <cstring>

#include "format/live_rank_index.h"

namespace memscope::format {

// Allocations a chunk's model tracks; later ones go unpredicted. 1 MiB of row
// records holds at most 131072 allocations (8 bytes each at the least).
inline constexpr std::uint32_t kAddressModelMaxAllocations = kLiveRankMaxSequences;
inline constexpr std::uint32_t kAddressModelRecentFrees = 64;
// Size classes with a ring of their own per chunk (more share the any-class ring).
inline constexpr std::uint32_t kAddressModelClassRings = 512;
inline constexpr std::uint32_t kAddressModelClassSlots = 2 * kAddressModelClassRings;
inline constexpr std::uint32_t kAddressModelClassRingSize = 256;

// A sequence number the model did not hand out (an allocation past its
// capacity, address 0) or a free of a block it does not know live.
inline constexpr std::uint32_t kAddressModelNoSequence = ~0u;

// What the model knows of an allocation, by sequence number.
struct AddressModelAllocation {
    std::uint64_t address;
    std::uint64_t size;
};

struct AddressModelMemory {
    // Open-addressing table of the addresses the chunk allocated (0 = empty)
    // and their latest sequence numbers. Apart, not interleaved: the
    // addresses alone, which every probe reads, stay within 1 MiB.
    std::uint64_t* slot_address = nullptr;
    std::uint32_t* slot_seq = nullptr;
    std::uint32_t slot_capacity = 0;                // power of two >= 2 x tracked allocations
    std::uint64_t* live_words = nullptr;            // kLiveRankWords entries
    AddressModelAllocation* allocations = nullptr;  // kAddressModelMaxAllocations entries
    std::uint64_t* class_key = nullptr;             // kAddressModelClassSlots; 0 = empty
    std::uint32_t* class_ring = nullptr;            // kAddressModelClassSlots: which ring
    std::uint32_t* class_count = nullptr;           // kAddressModelClassRings: frees so far
    std::uint64_t* rings = nullptr;  // kAddressModelClassRings x kAddressModelClassRingSize
    // Optional (the reader's; the recorder maps none): kAddressModelMaxAllocations
    // entries, each allocation's address | (size class / 16) << 48, or 0 when
    // that does not fit (then `allocations` has it). Half the bytes of
    // `allocations`, which a free reads at a rank anywhere in the chunk, so
    // more of them stay in cache: churn decodes 3% faster.
    std::uint64_t* packed_allocations = nullptr;
    // Encoder only (null in a decoder): address -> where its latest free sits,
    // (ring << 32) | free number within the ring's class.
    std::uint64_t* free_address = nullptr;
    std::uint64_t* free_where = nullptr;
    std::uint32_t free_capacity = 0;  // power of two
};

class AddressModel {
  public:
    // slots_needed: a power of two, at most m.slot_capacity, at least twice
    // the allocations the chunk can make (capped by the maximum). Only that
    // part of the table is cleared, so small chunks stay cheap.
    // free_slots_needed: the encoder's free table (0 in a decoder), sized as
    // slots_for(frees + allocations) at most m.free_capacity.
    void reset(const AddressModelMemory& m, std::uint32_t slots_needed,
               std::uint32_t free_slots_needed = 0) {
        m_ = m;
        mask_ = slots_needed - 1;
        std::memset(m_.slot_address, 0, sizeof(std::uint64_t) * slots_needed);
        std::memset(m_.class_key, 0, sizeof(std::uint64_t) * kAddressModelClassSlots);
        free_mask_ =
            free_slots_needed == 0 || m_.free_address == nullptr ? 0 : free_slots_needed - 1;
        free_used_ = 0;
        if (free_mask_ != 0)
            std::memset(m_.free_address, 0, sizeof(std::uint64_t) * free_slots_needed);
        live_.reset(m_.live_words);
        recent_count_ = 0;
        rings_used_ = 0;
    }

    static std::uint32_t slots_for(std::uint32_t allocations) {
        if (allocations > kAddressModelMaxAllocations) allocations = kAddressModelMaxAllocations;
        std::uint32_t n = 64;
        while (n < 2 * allocations) n *= 2;
        return n;
    }

    // ---- frees ----
    // seq: the sequence number of the address's live block, if it has one.
    bool find_live(std::uint64_t address, std::uint32_t& seq) const {
        if (address == 0) return false;
        const std::uint32_t i = slot_of(address);
        if (m_.slot_address[i] != address || !live_.is_live(m_.slot_seq[i])) return false;
        seq = m_.slot_seq[i];
        return true;
    }
    // Rank of a live block: live blocks allocated after it.
    std::uint64_t rank_of(std::uint32_t seq) const { return live_.newer_live(seq); }
    // The encoder's (its memory has no packed_allocations, so every size is kept).
    std::uint64_t size_of(std::uint32_t seq) const { return m_.allocations[seq].size; }
    // The free of any address (one the model knows live or not). Returns the
    // freed block's sequence number, or kAddressModelNoSequence.
    std::uint32_t note_free(std::uint64_t address) {
        std::uint32_t seq;
        if (find_live(address, seq)) {
            note_free(address, seq);
            return seq;
        }
        if (address != 0) note_free_of_class(address, 0);
        return kAddressModelNoSequence;
    }
    // The free of the live block find_live found.
    void note_free(std::uint64_t address, std::uint32_t seq) {
        live_.kill(seq);
        std::uint64_t same_address, cls;  // find_live matched address to seq
        allocation_of(seq, same_address, cls);
        note_free_of_class(address, cls);
    }
    // Resolves a free's rank reference and frees that block.
    bool take_live(std::uint64_t rank, std::uint64_t& address) {
        std::uint32_t seq;
        return take_live(rank, address, seq);
    }
    // The same, also telling the block's sequence number.
    bool take_live(std::uint64_t rank, std::uint64_t& address, std::uint32_t& seq) {
        if (rank >= live_.live()) return false;
        seq = live_.seq_of_rank(static_cast<std::uint32_t>(rank));
        std::uint64_t cls;
        allocation_of(seq, address, cls);
        live_.kill(seq);
        note_free_of_class(address, cls);
        return true;
    }

    // ---- allocations ----
    bool recent_free_reference(std::uint64_t address, std::uint64_t size,
                               std::uint64_t& reference) const {
        std::uint64_t where;
        // Never freed in this chunk (or the encoder's table was full): no scan.
        if (!find_free(address, where)) return false;
        const std::uint32_t ring = ring_of(size_class(size));
        if (ring != kNoRing && (where >> 32) == ring) {
            const auto number = static_cast<std::uint32_t>(where);
            const std::uint32_t back = m_.class_count[ring] - 1 - number;
            if (back < kAddressModelClassRingSize && ring_slot(ring, number) == address) {
                reference = 2 * static_cast<std::uint64_t>(back);
                return true;
            }
        }
        const std::uint32_t depth = recent_depth();
        for (std::uint32_t k = 0; k < depth; ++k) {
            if (recent_address_[(recent_count_ - 1 - k) % kAddressModelRecentFrees] == address) {
                reference = 2 * static_cast<std::uint64_t>(k) + 1;
                return true;
            }
        }
        return false;
    }
    // Resolves a reference and takes that free out of the model.
    bool take_recent_free(std::uint64_t reference, std::uint64_t size, std::uint64_t& address) {
        if ((reference & 1) == 0) {
            const std::uint32_t ring = ring_of(size_class(size));
            const std::uint64_t back = reference >> 1;
            if (ring == kNoRing || back >= kAddressModelClassRingSize ||
                back >= m_.class_count[ring])
                return false;
            const auto number = static_cast<std::uint32_t>(m_.class_count[ring] - 1 - back);
            address = ring_slot(ring, number);
            if (address == 0) return false;  // taken before
            ring_slot(ring, number) = 0;
            return true;
        }
        const std::uint64_t k = reference >> 1;
        if (k >= recent_depth()) return false;
        const auto pos =
            static_cast<std::uint32_t>((recent_count_ - 1 - k) % kAddressModelRecentFrees);
        address = recent_address_[pos];
        if (address == 0) return false;  // taken before
        recent_address_[pos] = 0;
        // The same free waits in its class ring too: take it there as well.
        const std::uint32_t ring = recent_class_[pos] == 0 ? kNoRing : ring_of(recent_class_[pos]);
        if (ring != kNoRing) {
            const std::uint32_t n = m_.class_count[ring];
            const std::uint32_t depth =
                n < kAddressModelClassRingSize ? n : kAddressModelClassRingSize;
            for (std::uint32_t back = 0; back < depth; ++back) {
                std::uint64_t& slot = ring_slot(ring, n - 1 - back);
                if (slot == address) {
                    slot = 0;
                    break;
                }
            }
        }
        return true;
    }
    // Returns the allocation's sequence number, or kAddressModelNoSequence
    // when the model does not track it.
    std::uint32_t note_alloc(std::uint64_t address, std::uint64_t size) {
        if (address == 0) return kAddressModelNoSequence;
        const std::uint32_t i = slot_of(address);
        // Live already: a free the recorder never saw.
        if (m_.slot_address[i] == address && live_.is_live(m_.slot_seq[i]))
            live_.kill(m_.slot_seq[i]);
        const std::uint32_t seq = live_.count();
        if (seq == kAddressModelMaxAllocations || seq * 2 > mask_) return kAddressModelNoSequence;
        live_.push();
        store_allocation(seq, address, size);
        m_.slot_address[i] = address;
        m_.slot_seq[i] = seq;
        return seq;
    }

    // glibc's chunk size for a request, which decides its tcache bin.
    static std::uint64_t size_class(std::uint64_t size) {
        const std::uint64_t chunk = (size + 8 + 15) & ~std::uint64_t{15};
        return chunk < 32 ? 32 : chunk;
    }

  private:
    static constexpr std::uint32_t kNoRing = ~0u;
    static constexpr std::uint64_t kNoRingWhere = ~0ull;  // freed, class unknown
    static constexpr std::uint64_t kPackedAddressMask = (std::uint64_t{1} << 48) - 1;
    // Classes are multiples of 16 and at least 32: class / 16 is never 0.
    static constexpr std::uint64_t kPackedClassLimit = std::uint64_t{16} << 16;

    void store_allocation(std::uint32_t seq, std::uint64_t address, std::uint64_t size) {
        if (m_.packed_allocations != nullptr) {
            const std::uint64_t cls = size_class(size);
            if (address <= kPackedAddressMask && cls < kPackedClassLimit) {
                m_.packed_allocations[seq] = address | (cls / 16) << 48;
                return;
            }
            m_.packed_allocations[seq] = 0;
        }
        m_.allocations[seq] = {address, size};
    }
    void allocation_of(std::uint32_t seq, std::uint64_t& address, std::uint64_t& cls) const {
        if (m_.packed_allocations != nullptr) {
            const std::uint64_t packed = m_.packed_allocations[seq];
            if (packed != 0) {
                address = packed & kPackedAddressMask;
                cls = (packed >> 48) * 16;
                return;
            }
        }
        address = m_.allocations[seq].address;
        cls = size_class(m_.allocations[seq].size);
    }

    // The any-class list is a ring too: a taken entry leaves a hole.
    std::uint32_t recent_depth() const {
        return recent_count_ < kAddressModelRecentFrees ? recent_count_ : kAddressModelRecentFrees;
    }

    static std::uint32_t class_home(std::uint64_t cls) {
        return static_cast<std::uint32_t>((cls * 0x9e3779b97f4a7c15ull) >> 54) &
               (kAddressModelClassSlots - 1);
    }
    std::uint32_t ring_of(std::uint64_t cls) const {
        for (std::uint32_t i = class_home(cls);; i = (i + 1) & (kAddressModelClassSlots - 1)) {
            if (m_.class_key[i] == 0) return kNoRing;
            if (m_.class_key[i] == cls) return m_.class_ring[i];
        }
    }
    // The class's ring, given one if the chunk has rings left.
    std::uint32_t ring_for_free(std::uint64_t cls) {
        std::uint32_t i = class_home(cls);
        for (;; i = (i + 1) & (kAddressModelClassSlots - 1)) {
            if (m_.class_key[i] == cls) return m_.class_ring[i];
            if (m_.class_key[i] == 0) break;
        }
        if (rings_used_ == kAddressModelClassRings) return kNoRing;
        m_.class_key[i] = cls;
        m_.class_ring[i] = rings_used_;
        m_.class_count[rings_used_] = 0;
        return rings_used_++;
    }
    // cls 0: the class is unknown (a block the chunk did not see allocated).
    void note_free_of_class(std::uint64_t address, std::uint64_t cls) {
        if (cls != 0) {
            note_class_free(address, cls);
        } else {
            remember_free(address, kNoRingWhere);
        }
        const std::uint32_t slot = recent_count_++ % kAddressModelRecentFrees;
        recent_address_[slot] = address;
        recent_class_[slot] = cls;
    }

    std::uint64_t& ring_slot(std::uint32_t ring, std::uint32_t number) const {
        return m_.rings[static_cast<std::uint64_t>(ring) * kAddressModelClassRingSize +
                        number % kAddressModelClassRingSize];
    }
    void note_class_free(std::uint64_t address, std::uint64_t cls) {
        const std::uint32_t ring = ring_for_free(cls);
        if (ring == kNoRing) return;
        const std::uint32_t number = m_.class_count[ring]++;
        ring_slot(ring, number) = address;
        remember_free(address, (static_cast<std::uint64_t>(ring) << 32) | number);
    }

    // The encoder's table of where each freed address sits in its ring.
    std::uint32_t free_home(std::uint64_t address) const {
        return static_cast<std::uint32_t>(((address >> 4) * 0x9e3779b97f4a7c15ull) >> 40) &
               free_mask_;
    }
    void remember_free(std::uint64_t address, std::uint64_t where) {
        if (free_mask_ == 0) return;
        std::uint32_t i = free_home(address);
        for (;; i = (i + 1) & free_mask_) {
            if (m_.free_address[i] == address) {
                m_.free_where[i] = where;
                return;
            }
            if (m_.free_address[i] == 0) break;
        }
        if (2 * (free_used_ + 1) > free_mask_) return;  // full: later frees go unpredicted
        ++free_used_;
        m_.free_address[i] = address;
        m_.free_where[i] = where;
    }
    bool find_free(std::uint64_t address, std::uint64_t& where) const {
        if (free_mask_ == 0) return false;
        for (std::uint32_t i = free_home(address);; i = (i + 1) & free_mask_) {
            if (m_.free_address[i] == 0) return false;
            if (m_.free_address[i] == address) {
                where = m_.free_where[i];
                return true;
            }
        }
    }

    std::uint32_t home(std::uint64_t address) const {
        return static_cast<std::uint32_t>(((address >> 4) * 0x9e3779b97f4a7c15ull) >> 40) & mask_;
    }
    // The slot holding address, or the empty one where it would go. The table
    // keeps every address the chunk allocated, with its latest sequence number
    // (live or not: the live bits say), so frees never touch it. It holds at
    // most one entry per sequence number, so it stays at most half full.
    std::uint32_t slot_of(std::uint64_t address) const {
        std::uint32_t i = home(address);
        while (m_.slot_address[i] != 0 && m_.slot_address[i] != address) i = (i + 1) & mask_;
        return i;
    }

    AddressModelMemory m_{};
    std::uint32_t mask_ = 0;
    LiveRankIndex live_;
    std::uint32_t free_mask_ = 0;
    std::uint32_t free_used_ = 0;
    std::uint32_t rings_used_ = 0;
    std::uint32_t recent_count_ = 0;
    std::uint64_t recent_address_[kAddressModelRecentFrees] = {};
    std::uint64_t recent_class_[kAddressModelRecentFrees] = {};
};

}  // namespace memscope::format
