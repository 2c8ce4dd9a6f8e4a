// Stress test of the recorder core (no LD_PRELOAD hooks): waves of threads
// record allocations, reallocations and frees with varied, partly shared
// stacks while the writer thread writes; then the trace is decoded with an
// independent decoder and every event is checked: exact counts per thread, the
// exact address/size sequence, every stack rebuilt from its nodes, chunk
// headers consistent, per-thread chunks in time order, no lost events.
// Built with TSan in the tsan preset.
#include <pthread.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "format/record_types.h"
#include "runtime/core/event_clock.h"
#include "runtime/core/event_recording.h"
#include "runtime/core/recorder.h"
#include "runtime/core/session.h"
#include "stress_trace_decoder.h"

namespace {

using memscope::format::AllocFunc;
using memscope::format::RecordType;
using memscope::runtime::CallStack;
using memscope::runtime::event_clock_ns;

struct Config {
    int threads = 32;
    int waves = 2;
    int pairs = 20000;
    std::string directory = ".";
};

enum StackKind { kAllocStack = 0, kReallocStack = 1 };

// Worker w of the whole run (wave * threads + thread); addresses carry it in
// their high bits so events can be attributed whatever tid the thread had.
std::uint64_t worker_base(int worker) {
    return static_cast<std::uint64_t>(worker + 1) << 36;
}
std::uint64_t address_of(int worker, int i, bool second) {
    return worker_base(worker) + static_cast<std::uint64_t>(i) * 32 + (second ? 16 : 0);
}
int worker_of(std::uint64_t address) {
    return static_cast<int>(address >> 36) - 1;
}

// Innermost first; depth 2..7; outer frames shared between workers.
std::vector<std::uint64_t> expected_stack(int worker, int i, StackKind kind) {
    const int depth = 2 + i % 6;
    std::vector<std::uint64_t> ips;
    ips.push_back(0x10000 + kind * 0x100 + static_cast<std::uint64_t>(i % 13));
    for (int k = 1; k < depth; ++k)
        ips.push_back(0x20000 + static_cast<std::uint64_t>(k) * 0x100 +
                      static_cast<std::uint64_t>(worker % 5));
    return ips;
}

struct WorkerArgs {
    int worker;
    int pairs;
};

void* worker_main(void* arg) {
    const auto* w = static_cast<const WorkerArgs*>(arg);
    char name[16];
    std::snprintf(name, sizeof(name), "stress-%d", w->worker);
    memscope::runtime::record_thread_name(name);
    for (int i = 0; i < w->pairs; ++i) {
        const auto a = expected_stack(w->worker, i, kAllocStack);
        const auto r = expected_stack(w->worker, i, kReallocStack);
        const auto first = reinterpret_cast<const void*>(address_of(w->worker, i, false));
        const auto second = reinterpret_cast<const void*>(address_of(w->worker, i, true));
        // One clock read per iteration: TSan makes each one costly.
        const std::uint64_t t = event_clock_ns();
        memscope::runtime::record_alloc(
            AllocFunc::kMalloc, first, static_cast<std::uint64_t>(i) + 1,
            CallStack{a.data(), static_cast<std::uint32_t>(a.size())}, t, t + 1);
        memscope::runtime::record_realloc(
            AllocFunc::kRealloc, first, second, static_cast<std::uint64_t>(i) + 2,
            CallStack{r.data(), static_cast<std::uint32_t>(r.size())}, t + 2, t + 3);
        memscope::runtime::record_free(second, t + 4, t + 5);
    }
    return nullptr;
}

int failures = 0;
void expect(bool ok, const std::string& what) {
    if (ok) return;
    if (++failures <= 20) std::fprintf(stderr, "FAIL: %s\n", what.c_str());
}

struct WorkerSeen {
    int next_alloc = 0, next_realloc = 0, next_free = 0;
};

void check_trace(const Config& config, const std::string& path) {
    memscope::stress::DecodedTrace trace;
    std::string error;
    if (!memscope::stress::decode_trace_file(path, trace, error)) {
        expect(false, "decoding " + path + ": " + error);
        return;
    }
    expect(trace.ended, "the trace has its end chunk");
    expect(trace.fixed.pid == static_cast<std::uint32_t>(getpid()), "header pid");

    std::map<std::uint32_t, std::pair<std::uint32_t, std::uint64_t>> nodes;  // id -> parent, ip
    std::map<std::uint32_t, std::uint64_t> last_ts_of_tid;
    std::uint64_t rss_samples = 0, exits = 0, lost = 0, starts = 0, thread_exits = 0, names = 0;
    for (const auto& chunk : trace.chunks) {
        const std::uint32_t tid = chunk.header.tid;
        auto [it, fresh] = last_ts_of_tid.emplace(tid, 0);
        expect(chunk.records.empty() || chunk.header.t_begin >= it->second,
               "chunks of tid " + std::to_string(tid) + " are in time order");
        if (!chunk.records.empty()) it->second = chunk.header.t_end;
        for (const auto& r : chunk.records) {
            switch (static_cast<RecordType>(r.type)) {
                case RecordType::kStackNode: {
                    const auto id = static_cast<std::uint32_t>(r.fields[0]);
                    expect(nodes
                               .emplace(id, std::make_pair(static_cast<std::uint32_t>(r.fields[1]),
                                                           r.fields[2]))
                               .second,
                           "stack node " + std::to_string(id) + " is written once");
                    break;
                }
                case RecordType::kRssSample:
                    ++rss_samples;
                    break;
                case RecordType::kProcessExit:
                    ++exits;
                    break;
                case RecordType::kLostEvents:
                    lost += r.fields[0];
                    break;
                case RecordType::kThreadStart:
                    ++starts;
                    break;
                case RecordType::kThreadExit:
                    ++thread_exits;
                    break;
                case RecordType::kThreadName:
                    ++names;
                    break;
                default:
                    break;
            }
        }
    }
    const int workers = config.threads * config.waves;
    expect(lost == 0, "no lost events (lost " + std::to_string(lost) + ")");
    expect(exits == 1, "one kProcessExit");
    expect(rss_samples > 0, "RSS samples in the process stream");
    expect(starts == static_cast<std::uint64_t>(workers), "one kThreadStart per worker");
    expect(thread_exits == static_cast<std::uint64_t>(workers), "one kThreadExit per worker");
    expect(names == 2 * static_cast<std::uint64_t>(workers),
           "two kThreadName per worker (/proc at start, then the set name)");

    auto stack_of = [&](std::uint64_t id) {
        std::vector<std::uint64_t> ips;
        while (id != 0 && ips.size() < 100) {
            const auto it = nodes.find(static_cast<std::uint32_t>(id));
            if (it == nodes.end()) {
                ips.push_back(~0ull);
                break;
            }
            ips.push_back(it->second.second);
            id = it->second.first;
        }
        return ips;
    };

    std::vector<WorkerSeen> seen(static_cast<std::size_t>(workers));
    std::uint64_t wrong_stacks = 0;
    for (const auto& chunk : trace.chunks) {
        for (const auto& r : chunk.records) {
            const auto type = static_cast<RecordType>(r.type);
            if (type == RecordType::kAlloc) {
                const int w = worker_of(r.fields[1]);
                if (w < 0 || w >= workers) {
                    expect(false, "alloc address belongs to a worker");
                    continue;
                }
                WorkerSeen& s = seen[static_cast<std::size_t>(w)];
                const int i = s.next_alloc++;
                expect(
                    r.fields[1] == address_of(w, i, false) && r.fields[2] == std::uint64_t(i) + 1,
                    "alloc " + std::to_string(i) + " of worker " + std::to_string(w) +
                        " in order with its address and size");
                if (stack_of(r.fields[3]) != expected_stack(w, i, kAllocStack)) ++wrong_stacks;
            } else if (type == RecordType::kRealloc) {
                const int w = worker_of(r.fields[1]);
                if (w < 0 || w >= workers) {
                    expect(false, "realloc address belongs to a worker");
                    continue;
                }
                WorkerSeen& s = seen[static_cast<std::size_t>(w)];
                const int i = s.next_realloc++;
                expect(r.fields[1] == address_of(w, i, false) &&
                           r.fields[2] == address_of(w, i, true) &&
                           r.fields[3] == std::uint64_t(i) + 2,
                       "realloc " + std::to_string(i) + " of worker " + std::to_string(w));
                if (stack_of(r.fields[4]) != expected_stack(w, i, kReallocStack)) ++wrong_stacks;
            } else if (type == RecordType::kFree) {
                const int w = worker_of(r.fields[0]);
                if (w < 0 || w >= workers) {
                    expect(false, "free address belongs to a worker");
                    continue;
                }
                WorkerSeen& s = seen[static_cast<std::size_t>(w)];
                const int i = s.next_free++;
                expect(r.fields[0] == address_of(w, i, true),
                       "free " + std::to_string(i) + " of worker " + std::to_string(w));
            }
        }
    }
    expect(wrong_stacks == 0, std::to_string(wrong_stacks) + " events with a wrong stack");
    std::uint64_t events = 0;
    for (int w = 0; w < workers; ++w) {
        const WorkerSeen& s = seen[static_cast<std::size_t>(w)];
        expect(s.next_alloc == config.pairs && s.next_realloc == config.pairs &&
                   s.next_free == config.pairs,
               "worker " + std::to_string(w) + ": " + std::to_string(s.next_alloc) + "/" +
                   std::to_string(s.next_realloc) + "/" + std::to_string(s.next_free) +
                   " alloc/realloc/free of " + std::to_string(config.pairs));
        events += static_cast<std::uint64_t>(s.next_alloc + s.next_realloc + s.next_free);
    }
    std::printf(
        "recorder_stress: %d workers, %llu heap events, %zu stack nodes, %zu chunks, %llu "
        "RSS samples\n",
        workers, static_cast<unsigned long long>(events), nodes.size(), trace.chunks.size(),
        static_cast<unsigned long long>(rss_samples));
}

Config parse(int argc, char** argv) {
    Config c;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        if (key == "--threads")
            c.threads = std::atoi(argv[i + 1]);
        else if (key == "--waves")
            c.waves = std::atoi(argv[i + 1]);
        else if (key == "--pairs")
            c.pairs = std::atoi(argv[i + 1]);
        else if (key == "--dir")
            c.directory = argv[i + 1];
    }
    return c;
}

}  // namespace

int main(int argc, char** argv) {
    const Config config = parse(argc, argv);
    auto& settings = memscope::runtime::g_recorder.settings;
    const std::string pattern = config.directory + "/recorder_stress.%p.mst";
    std::snprintf(settings.output_pattern, sizeof(settings.output_pattern), "%s", pattern.c_str());
    settings.is_root = true;
    settings.force = true;
    settings.rss_interval_ms = 1;
    settings.scan_modules = false;
    if (!memscope::runtime::start_session(settings)) {
        std::fprintf(stderr, "FAIL: the session did not start\n");
        return 1;
    }
    for (int wave = 0; wave < config.waves; ++wave) {
        std::vector<pthread_t> threads(static_cast<std::size_t>(config.threads));
        std::vector<WorkerArgs> args(static_cast<std::size_t>(config.threads));
        for (int t = 0; t < config.threads; ++t) {
            args[static_cast<std::size_t>(t)] = WorkerArgs{wave * config.threads + t, config.pairs};
            pthread_create(&threads[static_cast<std::size_t>(t)], nullptr, worker_main,
                           &args[static_cast<std::size_t>(t)]);
        }
        for (pthread_t& t : threads) pthread_join(t, nullptr);
    }
    memscope::runtime::finish_session(memscope::format::ExitHow::kExit, 0, 30ull * 1000000000ull);

    char path[4096];
    std::snprintf(path, sizeof(path), "%s/recorder_stress.%d.mst", config.directory.c_str(),
                  static_cast<int>(getpid()));
    check_trace(config, path);
    if (failures == 0) {
        unlink(path);
        std::printf("recorder_stress: OK\n");
        return 0;
    }
    std::fprintf(stderr, "recorder_stress: %d failures (trace kept at %s)\n", failures, path);
    return 1;
}
