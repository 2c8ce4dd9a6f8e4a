#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "support/trace_builder.h"
#include "trace/stream_decoder.h"
#include "trace/trace_reader.h"

namespace {

using memscope::testing::TraceBuilder;
using memscope::testing::TraceHeaderSpec;
using memscope::trace::Event;
using memscope::trace::EventKind;
using memscope::trace::StreamDecoder;
using memscope::trace::TraceError;
using Step = StreamDecoder::Step;

struct Seen {
    std::vector<Step> steps;
    std::vector<Event> events;  // text fields dropped: only kinds and numbers compared
};

// Feeds the bytes piece by piece, decoding after every piece, as a client does.
Seen decode_in_pieces(const std::vector<std::uint8_t>& bytes, std::size_t piece,
                      StreamDecoder& decoder) {
    Seen seen;
    for (std::size_t at = 0; at < bytes.size(); at += piece) {
        decoder.feed(bytes.data() + at, std::min(piece, bytes.size() - at));
        for (Step s = decoder.next(); s != Step::kNeedMore; s = decoder.next()) {
            seen.steps.push_back(s);
            if (s != Step::kChunk) continue;
            for (Event e : decoder.events()) {
                e.text = {};
                seen.events.push_back(e);
            }
        }
    }
    return seen;
}

std::vector<std::uint8_t> two_thread_trace(bool columns) {
    TraceHeaderSpec spec;
    spec.pid = 777;
    TraceBuilder b(spec);
    if (columns) b.column_chunks(memscope::format::ColumnTiming::kExact);
    b.records_per_chunk(3);
    const std::uint64_t t = spec.start_monotonic_ns;
    b.stack_node(1, t + 1, 1, 0, 0x401000);
    for (std::uint64_t i = 0; i < 10; ++i) {
        b.alloc(1, t + 10 + i, 0x10000 + i * 64, 48 + i, 1);
        b.alloc(2, t + 10 + i, 0x20000 + i * 64, 100 + i, 1);
    }
    for (std::uint64_t i = 0; i < 10; ++i) b.free(2, t + 50 + i, 0x10000 + i * 64);
    b.rss(0, t + 60, 8 << 20);
    b.process_exit(0, t + 70, memscope::format::ExitHow::kExit, 0, 9 << 20);
    return b.finish(true);
}

void expect_known_events(const Seen& seen, const StreamDecoder& decoder) {
    EXPECT_EQ(decoder.header().pid, 777u);
    ASSERT_FALSE(seen.steps.empty());
    EXPECT_EQ(seen.steps.front(), Step::kHeader);
    EXPECT_EQ(seen.steps.back(), Step::kEnd);
    std::uint64_t alloc_bytes = 0, allocs = 0, frees = 0, exits = 0;
    for (const Event& e : seen.events) {
        if (e.kind == EventKind::kAlloc) {
            ++allocs;
            alloc_bytes += e.size;
            EXPECT_EQ(e.stack, 1u);
        }
        if (e.kind == EventKind::kFree) {
            ++frees;
            EXPECT_EQ(e.tid, 2u);
        }
        if (e.kind == EventKind::kProcessExit) ++exits;
    }
    EXPECT_EQ(allocs, 20u);
    EXPECT_EQ(alloc_bytes, (48u * 10 + 45) + (100u * 10 + 45));
    EXPECT_EQ(frees, 10u);
    EXPECT_EQ(exits, 1u);
    EXPECT_EQ(decoder.stacks().count(1), 1u);
    EXPECT_EQ(decoder.pending_bytes(), 0u);
}

TEST(StreamDecoder, RowChunksInAnyPieces) {
    const auto bytes = two_thread_trace(false);
    for (std::size_t piece : {std::size_t{1}, std::size_t{7}, std::size_t{72}, bytes.size()}) {
        StreamDecoder decoder("test");
        expect_known_events(decode_in_pieces(bytes, piece, decoder), decoder);
    }
}

TEST(StreamDecoder, ColumnChunksInAnyPieces) {
    const auto bytes = two_thread_trace(true);
    for (std::size_t piece : {std::size_t{1}, std::size_t{13}, bytes.size()}) {
        StreamDecoder decoder("test");
        expect_known_events(decode_in_pieces(bytes, piece, decoder), decoder);
    }
}

TEST(StreamDecoder, StopsAtAnIncompleteChunk) {
    auto bytes = two_thread_trace(false);
    bytes.resize(bytes.size() - 80);  // the end chunk and a bit of the last events chunk
    StreamDecoder decoder("test");
    const Seen seen = decode_in_pieces(bytes, 1000, decoder);
    ASSERT_FALSE(seen.steps.empty());
    EXPECT_EQ(seen.steps.back(), Step::kChunk);
    EXPECT_GT(decoder.pending_bytes(), 0u);
}

TEST(StreamDecoder, ForeignBytesAreNotATrace) {
    StreamDecoder decoder("unix:/x.sock");
    const std::string junk(200, 'x');
    decoder.feed(reinterpret_cast<const std::uint8_t*>(junk.data()), junk.size());
    try {
        decoder.next();
        FAIL() << "junk decoded";
    } catch (const TraceError& e) {
        EXPECT_NE(std::string(e.what()).find("unix:/x.sock is not a memscope trace"),
                  std::string::npos);
    }
}

TEST(StreamDecoder, CorruptChunkHeaderIsAnError) {
    auto bytes = two_thread_trace(false);
    std::uint32_t header_size = 0;  // the fixed header's header_size field
    std::memcpy(&header_size, bytes.data() + 12, sizeof header_size);
    bytes[header_size + 10] ^= 0xff;  // inside the first chunk header, under its CRC
    StreamDecoder decoder("test");
    decoder.feed(bytes.data(), bytes.size());
    EXPECT_EQ(decoder.next(), Step::kHeader);
    EXPECT_THROW(decoder.next(), TraceError);
}

}  // namespace
