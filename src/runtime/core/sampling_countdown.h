// Poisson sampling of allocations by bytes. Each thread counts down a byte
// budget drawn from an exponential distribution with mean `rate`; every
// allocation subtracts its size, and the one that crosses zero is sampled and
// draws a fresh budget. The exponential is memoryless, so an allocation of s
// bytes is sampled with probability 1 - exp(-s / rate) whatever came before:
// the analysis weights a sample by the inverse of that (docs/format.md).
//
// The fast path is one initial-exec TLS subtraction: no clock, no stack, no
// shared cache line. A signal handler that interrupts it at worst perturbs one
// budget, which the memoryless draw makes harmless.
#pragma once

#include <cstddef>
#include <cstdint>

namespace memscope::runtime {

extern __thread std::int64_t tls_bytes_until_sample __attribute__((tls_model("initial-exec")));

// The slow path: seeds the thread's generator on first use, says whether the
// allocation is sampled and draws the next budget when it is.
bool sample_crossing(std::uint64_t size);

inline bool should_sample(std::uint64_t size) {
    const std::int64_t left = tls_bytes_until_sample - static_cast<std::int64_t>(size);
    if (left > 0 && size < (std::uint64_t{1} << 62)) [[likely]] {
        tls_bytes_until_sample = left;
        return false;
    }
    return sample_crossing(size);
}

// -ln(u) for u = (bits >> 11) + 1 over 2^53, a uniform draw in (0, 1], with
// no libm call (libm may not be loaded, and must not be asked to allocate).
double minus_log_uniform(std::uint64_t bits);

// One exponential draw with the given mean, at least 1.
std::int64_t exponential_bytes(std::uint64_t bits, std::uint64_t mean);

// xorshift64* step; the state must not be 0.
std::uint64_t next_random(std::uint64_t& state);

}  // namespace memscope::runtime
