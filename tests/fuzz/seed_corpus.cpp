// Writes the reader fuzzer's seed corpus: small valid traces covering every
// record type, several threads and chunks, and the usual kinds of damage.
#include <cstdio>
#include <filesystem>
#include <string>

#include "fuzz_input.h"
#include "support/column_chunk_writer.h"
#include "support/trace_builder.h"

namespace {

using memscope::format::AllocFunc;
using memscope::format::ColumnTiming;
using memscope::format::ExitHow;
using memscope::testing::TraceBuilder;

constexpr std::uint64_t kT0 = 1'000'000'000;

TraceBuilder every_record_type() {
    TraceBuilder b;
    b.thread_start(1, kT0).thread_name(1, kT0, "main");
    b.module_load(1, kT0 + 1, 0x5555'0000'0000, {{0, 0x2000}, {0x2000, 0x1000}},
                  std::string("\x12\x34\x56\x78", 4), "/usr/bin/app");
    b.stack_node(1, kT0 + 2, 1, 0, 0x5555'0000'1000).stack_node(1, kT0 + 2, 2, 1, 0x5555'0000'1100);
    b.alloc(1, kT0 + 3, 0x1000, 64, 2, AllocFunc::kCalloc, 30);
    b.realloc(1, kT0 + 4, 0x1000, 0x2000, 128, 2, 12);
    b.mmap(1, kT0 + 5, 0x7f00'0000'0000, 1 << 20, 1);
    b.mremap(1, kT0 + 6, 0x7f00'0000'0000, 1 << 20, 0x7f10'0000'0000, 2 << 20, 1);
    b.munmap(1, kT0 + 7, 0x7f10'0000'0000, 4096);
    b.rss(1, kT0 + 8, 3 << 20).mark(1, kT0 + 8, "phase-a").fork(1, kT0 + 9, 4343);
    b.raw_record(1, kT0 + 9, 14, {1, 2, 3, 4, 5});          // smaps sample
    b.raw_record(1, kT0 + 9, 15, {3, 'i', 'o', 'n'});       // phase begin
    b.raw_record(1, kT0 + 9, 16, {});                       // phase end
    b.raw_record(1, kT0 + 9, 18, {7, 100, 1, 'p'});         // pool create
    b.raw_record(1, kT0 + 9, 19, {7, 16, 8, 2});            // pool alloc
    b.raw_record(1, kT0 + 9, 20, {7, 16});                  // pool free
    b.raw_record(1, kT0 + 9, 21, {7});                      // pool destroy
    b.raw_record(1, kT0 + 9, 22, {0, 64, 32, 2, 5});        // GPU alloc
    b.raw_record(1, kT0 + 9, 23, {0, 64, 5});               // GPU free
    b.raw_record(1, kT0 + 9, 24, {1, 64, 32, 3, 9, 2});     // MPI buffer
    b.raw_record(1, kT0 + 9, 25, {0, 0x88, 0x27, 2});       // latency outlier
    b.raw_record(1, kT0 + 9, 27, {4, '/', 'b', 'i', 'n'});  // exec
    b.raw_record(1, kT0 + 9, 99, {1, 2, 3});                // unknown type
    b.free(1, kT0 + 10, 0x2000).lost_events(1, kT0 + 10, 2);
    b.module_unload(1, kT0 + 11, 0x5555'0000'0000).thread_exit(1, kT0 + 12);
    b.process_exit(1, kT0 + 13, ExitHow::kSignal, 11, 4 << 20);
    return b;
}

TraceBuilder threads_and_chunks() {
    TraceBuilder b;
    b.records_per_chunk(5);
    for (std::uint64_t i = 0; i < 120; ++i) {
        const auto tid = static_cast<std::uint32_t>(1 + i % 4);
        b.alloc(tid, kT0 + i * 10, 0x10000 + i * 48, 16 + i, static_cast<std::uint32_t>(i % 3));
        if (i % 3 == 2) b.free(tid, kT0 + i * 10 + 5, 0x10000 + i * 48);
    }
    return b;
}

// An aggregate-mode trace: stack nodes, then the run's totals and one record
// per allocation stack in the process stream.
TraceBuilder aggregate_run() {
    memscope::testing::TraceHeaderSpec spec;
    spec.mode = memscope::format::RecordMode::kAggregate;
    TraceBuilder b(spec);
    b.thread_start(1, kT0).stack_node(1, kT0 + 1, 1, 0, 0x5555'0000'1000);
    b.stack_node(1, kT0 + 1, 2, 1, 0x5555'0000'1100).thread_exit(1, kT0 + 2);
    b.raw_record(0, kT0 + 3, 32, {100, 3, 1, 2});                     // run totals
    b.raw_record(0, kT0 + 3, 31, {2, 10, 100, 9, 3, 100, 7, 30, 1});  // site totals
    b.raw_record(0, kT0 + 3, 31, {1, 5, 50, 5, 0, 0, 0, 0, 0});
    b.process_exit(0, kT0 + 4, ExitHow::kExit, 0, 4 << 20);
    return b;
}

// Seeds carry the mode byte of fuzz_input.h.
void write(const std::filesystem::path& dir, const char* name, std::uint8_t mode,
           const std::vector<std::uint8_t>& bytes) {
    std::vector<std::uint8_t> seed = {mode};
    seed.insert(seed.end(), bytes.begin(), bytes.end());
    memscope::testing::write_bytes((dir / name).string(), seed);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s OUTPUT_DIR\n", argv[0]);
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    std::filesystem::create_directories(dir);
    using memscope::fuzzing::kRecordStreamMode;
    using memscope::fuzzing::kWholeFileMode;
    write(dir, "empty_trace", kWholeFileMode, TraceBuilder().finish());
    write(dir, "every_record_type", kWholeFileMode, every_record_type().finish());
    write(dir, "threads_and_chunks", kWholeFileMode, threads_and_chunks().finish());
    write(dir, "aggregate_run", kWholeFileMode, aggregate_run().finish());
    write(dir, "no_end_marker", kWholeFileMode, threads_and_chunks().finish(false));
    auto cut = threads_and_chunks().finish(false);
    cut.resize(cut.size() - 7);
    write(dir, "cut_mid_chunk", kWholeFileMode, cut);
    // Record streams, wrapped by the harness into one and into three thread chunks.
    const auto records = every_record_type().pending_records(1);
    write(dir, "records_one_chunk", kRecordStreamMode, records);
    write(dir, "records_three_chunks", kRecordStreamMode | (2 << 1), records);
    // Column-coded chunks, as whole files and as streams the harness packs.
    write(dir, "columns_exact", kWholeFileMode,
          threads_and_chunks().column_chunks(ColumnTiming::kExact).finish());
    write(dir, "columns_compact", kWholeFileMode,
          every_record_type().column_chunks(ColumnTiming::kCompact).finish());
    for (const ColumnTiming timing : {ColumnTiming::kExact, ColumnTiming::kCompact}) {
        memscope::testing::EncodedColumns columns;
        memscope::format::ColumnSettings settings;
        settings.timing = timing;
        if (!memscope::testing::encode_rows_as_columns(records, kT0 - 7, 0x5500'0000'0000, 3,
                                                       settings, columns))
            return 1;
        std::vector<std::uint8_t> packed;
        for (const auto& stream : columns.streams) {
            packed.push_back(static_cast<std::uint8_t>(stream.size()));
            packed.push_back(static_cast<std::uint8_t>(stream.size() >> 8));
            packed.insert(packed.end(), stream.begin(), stream.end());
        }
        const bool compact = timing == ColumnTiming::kCompact;
        write(dir, compact ? "column_streams_compact" : "column_streams_exact",
              memscope::fuzzing::kColumnStreamsMode |
                  (compact ? memscope::fuzzing::kCompactTimingBit : 0),
              packed);
    }
    return 0;
}
