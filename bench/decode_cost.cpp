// CPU cost of decoding a trace's chunks on one thread, without the merge and
// the analysis: the figure decoder changes move. Decodes every chunk `rounds`
// times and prints the thread CPU time of each round (min and median), so an
// A/B on a busy machine compares the least disturbed rounds.
// Usage: memscope_bench_decode_cost TRACE [ROUNDS]
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "trace/chunk_decoder.h"
#include "trace/trace_file.h"
#include "trace/trace_reader.h"

namespace {

double thread_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

}  // namespace

int main(int argc, char** argv) {
    using namespace memscope::trace;
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s TRACE [ROUNDS]\n", argv[0]);
        return 2;
    }
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 7;
    TraceReader reader(argv[1]);
    TraceFile file(argv[1]);
    ChunkDecoder decoder;
    DecodedChunk out;
    std::vector<double> seconds;
    std::uint64_t events = 0;
    std::uint64_t checksum = 0;
    for (int r = 0; r < rounds; ++r) {
        events = 0;
        checksum = 0;
        const double start = thread_cpu_seconds();
        for (const ChunkIndexEntry& chunk : reader.chunks()) {
            decoder.decode(file, chunk, out);
            events += out.events.size();
            // Keeps the decoded events observable (and checks two builds agree).
            for (const PackedEvent& e : out.events) checksum = checksum * 31 + e.address + e.size;
        }
        seconds.push_back(thread_cpu_seconds() - start);
    }
    std::sort(seconds.begin(), seconds.end());
    std::printf("events %llu checksum %016llx cpu min %.4f s median %.4f s\n",
                static_cast<unsigned long long>(events), static_cast<unsigned long long>(checksum),
                seconds.front(), seconds[seconds.size() / 2]);
    return 0;
}
