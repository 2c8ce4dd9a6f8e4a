// Decodes one chunk's record stream into typed events, one at a time, straight
// from the decompressed buffer. Records that only feed the side tables (stack
// nodes, modules, thread names) are consumed without producing an event.
#pragma once

#include <cstdint>
#include <string>

#include "format/column_layout.h"
#include "format/file_layout.h"
#include "format/record_types.h"
#include "format/varint.h"
#include "trace/event.h"
#include "trace/trace_tables.h"

namespace memscope::trace {

class ChunkCursor {
  public:
    enum class Status { kEvent, kEnd, kCorrupt };

    ChunkCursor(const std::uint8_t* begin, const std::uint8_t* end,
                const format::ChunkHeader& header, TraceTables tables);

    // Moves to the next event. After kEvent, event() holds it (its text points
    // into the chunk buffer); after kCorrupt, error() says what is wrong.
    Status advance();

    const Event& event() const { return event_; }
    const std::string& error() const { return error_; }

  private:
    Status decode_record(format::RecordType type, format::ByteCursor& in);
    Status corrupt(const char* what);
    void note_module_load(format::ByteCursor& in);
    void note_module_unload(std::uint64_t load_bias);

    format::ByteCursor in_;
    TraceTables tables_;
    std::uint32_t tid_;
    std::uint64_t ts_;
    format::AddressDelta heap_address_;
    std::uint64_t record_index_ = 0;
    Event event_{};
    // The second half of a record that expands into two events (realloc, mremap).
    Event pending_{};
    bool has_pending_ = false;
    std::string error_;
};

}  // namespace memscope::trace
