// Encoding of records into a stream, exactly as src/format/record_types.h lays
// them out: u8 type | varint payload_len | varint ts_delta | fields.
// Hot-path records are "small": their payload is always below 128 bytes, so the
// length is one byte written after the fields.
#pragma once

#include <cstdint>
#include <cstring>

#include "format/record_types.h"
#include "format/varint.h"
#include "runtime/core/record_stream.h"

namespace memscope::runtime {

// Room a small record can need: type, length, at most seven 10-byte varints.
inline constexpr std::uint32_t kSmallRecordRoom = 96;

// Timestamps of one stream never go backwards; a clock step back becomes delta 0.
inline std::uint64_t take_ts_delta(RecordStream& s, std::uint64_t ts) {
    if (ts <= s.last_ts) return 0;
    const std::uint64_t d = ts - s.last_ts;
    s.last_ts = ts;
    return d;
}

class SmallRecord {
  public:
    SmallRecord(std::uint8_t* at, format::RecordType type, RecordStream& stream, std::uint64_t ts)
        : start_(at), p_(at + 2), stream_(stream) {
        at[0] = static_cast<std::uint8_t>(type);
        varint(take_ts_delta(stream, ts));
    }
    void varint(std::uint64_t v) { p_ += format::encode_varint(p_, v); }
    void heap_address(std::uint64_t a) { varint(format::zigzag_encode(stream_.address.encode(a))); }
    std::uint8_t* finish() {
        start_[1] = static_cast<std::uint8_t>(p_ - start_ - 2);
        return p_;
    }

  private:
    std::uint8_t* start_;
    std::uint8_t* p_;
    RecordStream& stream_;
};

// Records with strings: the payload is written after a 3-byte gap and moved
// down once its length is known. Payloads must stay below 2 MiB.
inline constexpr std::uint32_t kLargeRecordOverhead = 4;

class LargeRecord {
  public:
    LargeRecord(std::uint8_t* at, format::RecordType type, RecordStream& stream, std::uint64_t ts)
        : start_(at), payload_(at + kLargeRecordOverhead), p_(payload_) {
        at[0] = static_cast<std::uint8_t>(type);
        varint(take_ts_delta(stream, ts));
    }
    void varint(std::uint64_t v) { p_ += format::encode_varint(p_, v); }
    void bytes(const void* data, std::uint32_t n) {
        varint(n);
        if (n != 0) std::memcpy(p_, data, n);
        p_ += n;
    }
    std::uint8_t* finish() {
        const auto len = static_cast<std::uint32_t>(p_ - payload_);
        std::uint8_t prefix[format::kMaxVarintBytes];
        const std::size_t n = format::encode_varint(prefix, len);
        std::memmove(start_ + 1 + n, payload_, len);
        std::memcpy(start_ + 1, prefix, n);
        return start_ + 1 + n + len;
    }

  private:
    std::uint8_t* start_;
    std::uint8_t* payload_;
    std::uint8_t* p_;
};

// ---- typed records -------------------------------------------------------
// Each returns false when the stream had no room (the record is dropped).

inline bool put_alloc(RecordStream& s, std::uint64_t ts, format::AllocFunc func,
                      std::uint64_t address, std::uint64_t size, std::uint32_t stack,
                      std::uint64_t duration) {
    std::uint8_t* at = reserve(s, kSmallRecordRoom);
    if (at == nullptr) return false;
    SmallRecord r(at, format::RecordType::kAlloc, s, ts);
    r.varint(static_cast<std::uint8_t>(func));
    r.heap_address(address);
    r.varint(size);
    r.varint(stack);
    r.varint(duration);
    commit(s, r.finish());
    return true;
}

inline bool put_free(RecordStream& s, std::uint64_t ts, std::uint64_t address,
                     std::uint64_t duration) {
    std::uint8_t* at = reserve(s, kSmallRecordRoom);
    if (at == nullptr) return false;
    SmallRecord r(at, format::RecordType::kFree, s, ts);
    r.heap_address(address);
    r.varint(duration);
    commit(s, r.finish());
    return true;
}

inline bool put_realloc(RecordStream& s, std::uint64_t ts, format::AllocFunc func,
                        std::uint64_t old_address, std::uint64_t new_address, std::uint64_t size,
                        std::uint32_t stack, std::uint64_t duration) {
    std::uint8_t* at = reserve(s, kSmallRecordRoom);
    if (at == nullptr) return false;
    SmallRecord r(at, format::RecordType::kRealloc, s, ts);
    r.varint(static_cast<std::uint8_t>(func));
    r.heap_address(old_address);
    r.heap_address(new_address);
    r.varint(size);
    r.varint(stack);
    r.varint(duration);
    commit(s, r.finish());
    return true;
}

inline bool put_mmap(RecordStream& s, std::uint64_t ts, std::uint64_t address, std::uint64_t length,
                     std::uint32_t prot, std::uint32_t flags, std::uint32_t stack,
                     std::uint64_t duration) {
    std::uint8_t* at = reserve(s, kSmallRecordRoom);
    if (at == nullptr) return false;
    SmallRecord r(at, format::RecordType::kMmap, s, ts);
    r.varint(address);
    r.varint(length);
    r.varint(prot);
    r.varint(flags);
    r.varint(stack);
    r.varint(duration);
    commit(s, r.finish());
    return true;
}

inline bool put_munmap(RecordStream& s, std::uint64_t ts, std::uint64_t address,
                       std::uint64_t length, std::uint64_t duration) {
    std::uint8_t* at = reserve(s, kSmallRecordRoom);
    if (at == nullptr) return false;
    SmallRecord r(at, format::RecordType::kMunmap, s, ts);
    r.varint(address);
    r.varint(length);
    r.varint(duration);
    commit(s, r.finish());
    return true;
}

inline bool put_mremap(RecordStream& s, std::uint64_t ts, std::uint64_t old_address,
                       std::uint64_t old_length, std::uint64_t new_address,
                       std::uint64_t new_length, std::uint32_t stack, std::uint64_t duration) {
    std::uint8_t* at = reserve(s, kSmallRecordRoom);
    if (at == nullptr) return false;
    SmallRecord r(at, format::RecordType::kMremap, s, ts);
    r.varint(old_address);
    r.varint(old_length);
    r.varint(new_address);
    r.varint(new_length);
    r.varint(stack);
    r.varint(duration);
    commit(s, r.finish());
    return true;
}

inline bool put_stack_node(RecordStream& s, std::uint64_t ts, std::uint32_t id,
                           std::uint32_t parent, std::uint64_t ip) {
    std::uint8_t* at = reserve(s, kSmallRecordRoom);
    if (at == nullptr) return false;
    SmallRecord r(at, format::RecordType::kStackNode, s, ts);
    r.varint(id);
    r.varint(parent);
    r.varint(ip);
    commit(s, r.finish());
    return true;
}

// Records whose only fields are up to three integers (thread start/exit, RSS
// sample, fork, lost events, process exit, module unload).
inline bool put_plain(RecordStream& s, format::RecordType type, std::uint64_t ts,
                      std::uint32_t field_count = 0, std::uint64_t a = 0, std::uint64_t b = 0,
                      std::uint64_t c = 0) {
    std::uint8_t* at = reserve(s, kSmallRecordRoom);
    if (at == nullptr) return false;
    SmallRecord r(at, type, s, ts);
    if (field_count > 0) r.varint(a);
    if (field_count > 1) r.varint(b);
    if (field_count > 2) r.varint(c);
    commit(s, r.finish());
    return true;
}

// Records whose only field is one string (thread name, exec path).
inline bool put_text(RecordStream& s, format::RecordType type, std::uint64_t ts, const char* text,
                     std::uint32_t length) {
    if (length > 4096) length = 4096;
    std::uint8_t* at = reserve(s, kLargeRecordOverhead + 2 * format::kMaxVarintBytes + length);
    if (at == nullptr) return false;
    LargeRecord r(at, type, s, ts);
    r.bytes(text, length);
    commit(s, r.finish());
    return true;
}

}  // namespace memscope::runtime
