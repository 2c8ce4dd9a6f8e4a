// A block of encoded records produced by one thread (or by the process stream).
// The producer appends records and publishes how far they are complete with
// `committed` (release); the file owner writes [written, committed) as chunks.
#pragma once

#include <atomic>
#include <cstdint>

namespace memscope::runtime {

inline constexpr std::uint32_t kEventBufferBytes = 1u << 20;

struct EventBuffer {
    std::uint8_t* data = nullptr;
    std::uint32_t capacity = 0;
    std::uint32_t index = 0;  // position in the pool's descriptor array

    std::atomic<std::uint32_t> committed{0};

    // Set by the producer before the buffer becomes visible to the writer.
    std::uint32_t tid = 0;
    std::uint32_t seq = 0;   // per producing thread, 0, 1, 2, ...
    std::uint32_t slot = 0;  // producing thread's registry slot
    bool last_of_thread = false;

    // Owned by whoever owns the trace file: how far chunks have been written,
    // and the timestamp / address-delta chains at that point.
    std::uint32_t written = 0;
    std::uint64_t chain_ts = 0;
    std::uint64_t chain_address = 0;

    EventBuffer* next_full = nullptr;         // link in the full-buffer queue
    std::atomic<std::uint32_t> next_free{0};  // link in the free list (index + 1)

    // Called by the producer when it starts filling the buffer.
    void start(std::uint32_t producer_tid, std::uint32_t producer_slot, std::uint32_t sequence,
               std::uint64_t ts, std::uint64_t address) {
        tid = producer_tid;
        slot = producer_slot;
        seq = sequence;
        last_of_thread = false;
        written = 0;
        chain_ts = ts;
        chain_address = address;
        next_full = nullptr;
        committed.store(0, std::memory_order_relaxed);
    }
};

}  // namespace memscope::runtime
