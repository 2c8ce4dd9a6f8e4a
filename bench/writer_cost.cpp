// Writer-thread cost per event: what the recorder's writer does with one full
// 1 MiB event buffer (parse the rows, run the address model, fill the column
// streams, compress them with zstd, write the chunk), measured on rows whose
// addresses come from real glibc malloc/free calls in a churn-like pattern
// (a rolling working set, mostly small sizes). The hook path is measured by
// hook_cost.cpp; this is the other half of the recorder's CPU.
//
// Counters: ns_per_event (CPU time of the whole chunk write / events in it).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "runtime/core/record_encoder.h"
#include "runtime/core/trace_output.h"
#include "support/local_record_stream.h"

namespace {

using memscope::format::AllocFunc;

constexpr std::uint32_t kBufferBytes = 1u << 20;

std::uint64_t next_random(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9e3779b97f4a7c15u);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
    return z ^ (z >> 31);
}

// Fills the stream's buffer to the brim with alloc/free pairs replacing
// random blocks of a working set of `slots` blocks; times advance ~60 ns a
// call with jitter, durations are 20-80 ns, stacks one of 400.
std::uint64_t fill_buffer(memscope::testing::LocalRecordStream& local, std::uint32_t slots,
                          std::uint64_t seed) {
    std::uint64_t random = seed;
    std::vector<void*> blocks(slots, nullptr);
    std::uint64_t ts = 1'000'000;
    std::uint64_t events = 0;
    for (;;) {
        const std::uint64_t r = next_random(random);
        void*& slot = blocks[r % slots];
        const std::size_t size =
            (r >> 20) % 100 < 85 ? 16 * (1 + (r >> 32) % 16) : 1024 + 512 * ((r >> 32) % 15);
        if (slot != nullptr) {
            ts += 40 + (r >> 40) % 40;
            if (!memscope::runtime::put_free(
                    local.stream, ts, reinterpret_cast<std::uintptr_t>(slot), 20 + (r >> 8) % 40))
                break;
            ++events;
            std::free(slot);
        }
        slot = std::malloc(size);
        ts += 40 + (r >> 44) % 40;
        if (!memscope::runtime::put_alloc(
                local.stream, ts, AllocFunc::kMalloc, reinterpret_cast<std::uintptr_t>(slot), size,
                static_cast<std::uint32_t>(1 + (r >> 48) % 400), 20 + (r >> 12) % 60))
            break;
        ++events;
        if (local.pending_bytes() + 64 > kBufferBytes) break;
    }
    for (void* p : blocks) std::free(p);
    return events;
}

void writer_chunk(benchmark::State& state, memscope::format::ColumnSettings settings) {
    char path[] = "/tmp/memscope-writer-cost-XXXXXX";
    const int fd = mkstemp(path);
    if (fd < 0) {
        state.SkipWithError("cannot create a temporary file");
        return;
    }
    close(fd);
    unlink(path);
    memscope::runtime::TraceOutput out;
    if (!memscope::testing::start_test_trace(out, path, settings)) {
        state.SkipWithError("cannot start the trace");
        return;
    }
    const auto slots = static_cast<std::uint32_t>(state.range(0));
    std::uint64_t events = 0;
    std::uint64_t seed = 1;
    for (auto _ : state) {
        state.PauseTiming();
        memscope::testing::LocalRecordStream local(1, 1000, kBufferBytes);
        const std::uint64_t n = fill_buffer(local, slots, seed++);
        state.ResumeTiming();
        if (!local.write_chunk(out)) {
            state.SkipWithError("chunk write failed");
            break;
        }
        events += n;
    }
    unlink(path);
    state.counters["ns_per_event"] = benchmark::Counter(
        static_cast<double>(events), benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void columns_compact(benchmark::State& state) {
    writer_chunk(state, memscope::format::ColumnSettings{});
}
void columns_exact(benchmark::State& state) {
    memscope::format::ColumnSettings s;
    s.timing = memscope::format::ColumnTiming::kExact;
    writer_chunk(state, s);
}
void rows(benchmark::State& state) {
    memscope::format::ColumnSettings s;
    s.column_chunks = false;
    writer_chunk(state, s);
}

// Working sets of 4 Ki and 64 Ki blocks (churn keeps about 4 Ki per thread).
BENCHMARK(columns_compact)->Arg(4096)->Arg(65536)->Unit(benchmark::kMillisecond);
BENCHMARK(columns_exact)->Arg(4096)->Unit(benchmark::kMillisecond);
BENCHMARK(rows)->Arg(4096)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
