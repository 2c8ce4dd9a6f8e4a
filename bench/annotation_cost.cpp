// Microbenchmarks of the annotation API (include/memscope/memscope.h). The
// same binary runs natively (every call a no-op after the one-time lookup)
// and under `memscope run` (every call recorded); bench/annotation_cost.py
// prints both.
#include <benchmark/benchmark.h>

#include <memscope/memscope.h>

namespace {

void phase_begin_end(benchmark::State& state) {
    for (auto _ : state) {
        memscope_phase_begin("phase");
        memscope_phase_end();
    }
}

void raii_phase(benchmark::State& state) {
    for (auto _ : state) memscope::Phase phase("phase");
}

void mark(benchmark::State& state) {
    for (auto _ : state) memscope_mark("mark");
}

// A pool alloc records a stack (like malloc); its free does not.
void pool_alloc_free(benchmark::State& state) {
    static char arena[64];
    memscope_pool_create(arena, sizeof arena, "bench");
    for (auto _ : state) {
        memscope_pool_alloc(arena, arena, 16);
        memscope_pool_free(arena, arena);
    }
    memscope_pool_destroy(arena);
}

}  // namespace

BENCHMARK(phase_begin_end);
BENCHMARK(raii_phase);
BENCHMARK(mark);
BENCHMARK(pool_alloc_free);

BENCHMARK_MAIN();
