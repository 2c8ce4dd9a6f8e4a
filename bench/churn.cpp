// Allocation churn: two threads make about 4 million allocator calls between
// them (malloc/free, new/delete, some realloc), with mixed sizes, stacks about
// ten frames deep along many distinct paths, a rolling working set, a few
// long-lived blocks, and a burst at the end that sets the peak.
// Deterministic: every thread draws from its own seeded generator, so the
// same calls happen on every run.
//
// Usage: memscope_bench_churn [allocations_per_thread]
#include <barrier>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <thread>
#include <vector>

namespace {

constexpr int kThreads = 2;
constexpr long kDefaultAllocationsPerThread = 2'000'000;
constexpr std::size_t kMallocSlots = 3072;
constexpr std::size_t kNewSlots = 1024;
constexpr std::uint64_t kLongLivedOneIn = 1000;
constexpr int kBurstBlocks = 512;
constexpr std::size_t kBurstBlockSize = 64 * 1024;

class SplitMix64 {
  public:
    explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9e3779b97f4a7c15u);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
        return z ^ (z >> 31);
    }

  private:
    std::uint64_t state_;
};

struct Worker {
    explicit Worker(std::uint64_t seed)
        : random(seed), malloc_slots(kMallocSlots), new_slots(kNewSlots) {}

    SplitMix64 random;
    std::vector<void*> malloc_slots;  // working set from malloc/realloc
    std::vector<char*> new_slots;     // working set from new[]
    std::vector<void*> long_lived;    // kept until the end
    long allocations = 0;
    std::uint64_t checksum = 0;
};

// Mostly small blocks, some medium, a few large: roughly what a C++ service
// or a compiler does. Sizes come in steps (38 in all) rather than spread
// byte by byte: heaptrack 1.4's heaptrack_interpret runs out of memory on
// this workload when (size, stack) pairs number in the hundreds of
// thousands, and it must finish for the comparison to mean anything.
std::size_t pick_size(std::uint64_t r) {
    const std::uint64_t bucket = r % 100;
    if (bucket < 80) return 16 * (1 + (r >> 8) % 16);
    if (bucket < 98) return 1024 + 512 * ((r >> 8) % 15);
    return 65536 + 32768 * ((r >> 8) % 7);
}

// The leaf: replace one block of a working set. A quarter of the calls use
// new[]/delete[]; of the malloc ones, one in 16 grows its block with realloc
// and one in kLongLivedOneIn moves it to the long-lived list.
__attribute__((noinline)) void churn_step(Worker& w) {
    const std::uint64_t r = w.random.next();
    const std::size_t size = pick_size(r >> 12);
    ++w.allocations;
    w.checksum += size;

    if ((r >> 50) % 4 == 0) {
        char*& slot = w.new_slots[r % kNewSlots];
        delete[] slot;
        slot = new char[size];
        slot[0] = static_cast<char>(r);
        return;
    }
    void*& slot = w.malloc_slots[r % kMallocSlots];
    if (slot != nullptr && (r >> 40) % 16 == 0) {
        void* grown = std::realloc(slot, size + 64);
        if (grown != nullptr) slot = grown;
    } else {
        if (slot != nullptr && (r >> 44) % kLongLivedOneIn == 0) {
            w.long_lived.push_back(slot);  // the vector's own growth is part of the workload
        } else {
            std::free(slot);
        }
        slot = std::malloc(size);
    }
    static_cast<char*>(slot)[0] = static_cast<char>(r);
}

// Eight levels, each choosing one of two functions from the random stream,
// so the stacks are ten or so frames deep along 256 distinct paths.
template <int Level>
__attribute__((noinline)) void descend_left(Worker& w);
template <int Level>
__attribute__((noinline)) void descend_right(Worker& w);

template <int Level>
void descend(Worker& w) {
    if constexpr (Level == 0) {
        churn_step(w);
    } else {
        if ((w.random.next() >> Level) & 1) {
            descend_left<Level - 1>(w);
        } else {
            descend_right<Level - 1>(w);
        }
    }
}

template <int Level>
void descend_left(Worker& w) {
    descend<Level>(w);
    w.checksum ^= Level;  // work after the call keeps the frame (no tail call)
}

template <int Level>
void descend_right(Worker& w) {
    descend<Level>(w);
    w.checksum += Level;
}

// The threads meet, each puts a 32 MiB burst on top of its working set, and
// they meet again before letting go. The process's peak heap is then both
// working sets as they stand at the meeting (each the result of its own
// thread's fixed sequence) plus both bursts, however the threads were
// scheduled: the same peak on every run and under every profiler.
__attribute__((noinline)) void hold_burst(std::barrier<>& meeting) {
    std::vector<void*> burst(kBurstBlocks);
    meeting.arrive_and_wait();
    for (void*& block : burst) {
        block = std::malloc(kBurstBlockSize);
        static_cast<char*>(block)[0] = 1;
    }
    meeting.arrive_and_wait();
    for (void* block : burst) std::free(block);
}

__attribute__((noinline)) void run_worker(Worker& w, long allocations, std::barrier<>& meeting) {
    while (w.allocations < allocations) descend<8>(w);
    hold_burst(meeting);
    for (void* block : w.malloc_slots) std::free(block);
    for (char* block : w.new_slots) delete[] block;
    for (void* block : w.long_lived) std::free(block);
}

}  // namespace

int main(int argc, char** argv) {
    long per_thread = kDefaultAllocationsPerThread;
    if (argc > 1) per_thread = std::strtol(argv[1], nullptr, 10);
    if (per_thread <= 0) {
        std::fprintf(stderr, "usage: %s [allocations_per_thread]\n", argv[0]);
        return 2;
    }

    std::vector<Worker> workers;
    workers.reserve(kThreads);
    for (int t = 0; t < kThreads; ++t) workers.emplace_back(0x6d656d73636f7065u + t);
    std::vector<std::thread> threads;
    threads.reserve(kThreads);
    std::barrier meeting(kThreads);
    for (Worker& w : workers) {
        threads.emplace_back(run_worker, std::ref(w), per_thread, std::ref(meeting));
    }
    for (std::thread& t : threads) t.join();

    std::uint64_t checksum = 0;
    long total = 0;
    for (const Worker& w : workers) {
        checksum += w.checksum;
        total += w.allocations;
    }
    std::fprintf(stderr, "churn: %ld allocations, checksum %llx\n", total,
                 static_cast<unsigned long long>(checksum));
    return 0;
}
