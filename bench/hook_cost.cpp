// Microbenchmarks of the recorder's hook path. The same binary runs natively
// and under `memscope run`; bench/hook_cost.py subtracts the medians to get the
// cost the recorder adds to one malloc+free pair at a given stack depth.
#include <benchmark/benchmark.h>

#include <cstdlib>

namespace {

// Recurses to the requested depth so the unwinder walks that many frames.
template <int Depth>
__attribute__((noinline)) void* allocate_at_depth(std::size_t size) {
    if constexpr (Depth <= 1) {
        return std::malloc(size);
    } else {
        void* p = allocate_at_depth<Depth - 1>(size);
        benchmark::DoNotOptimize(p);
        return p;
    }
}

template <int Depth>
void malloc_free_pair(benchmark::State& state) {
    const auto size = static_cast<std::size_t>(state.range(0));
    for (auto _ : state) {
        void* p = allocate_at_depth<Depth>(size);
        benchmark::DoNotOptimize(p);
        std::free(p);
    }
}

}  // namespace

BENCHMARK(malloc_free_pair<1>)->Arg(64);
BENCHMARK(malloc_free_pair<10>)->Arg(64);
BENCHMARK(malloc_free_pair<30>)->Arg(64);

BENCHMARK_MAIN();
