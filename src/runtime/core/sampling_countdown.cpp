#include "runtime/core/sampling_countdown.h"

#include <time.h>

#include "runtime/core/recording_mode.h"
#include "runtime/core/system_calls.h"

namespace memscope::runtime {

__thread std::int64_t tls_bytes_until_sample __attribute__((tls_model("initial-exec"))) = 0;

namespace {

__thread std::uint64_t tls_random_state __attribute__((tls_model("initial-exec"))) = 0;

constexpr double kLn2 = 0.693147180559945309417;

void seed_thread_generator() {
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    std::uint64_t seed = (std::uint64_t{current_tid()} << 32) ^
                         static_cast<std::uint64_t>(now.tv_nsec) ^
                         (static_cast<std::uint64_t>(now.tv_sec) << 20);
    // splitmix64 finaliser: neighbouring tids and times give unrelated streams.
    seed += 0x9e3779b97f4a7c15ull;
    seed = (seed ^ (seed >> 30)) * 0xbf58476d1ce4e5b9ull;
    seed = (seed ^ (seed >> 27)) * 0x94d049bb133111ebull;
    seed ^= seed >> 31;
    tls_random_state = seed != 0 ? seed : 0x853c49e6748fea9bull;
}

}  // namespace

std::uint64_t next_random(std::uint64_t& state) {
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 0x2545f4914f6cdd1dull;
}

double minus_log_uniform(std::uint64_t bits) {
    const std::uint64_t v = (bits >> 11) + 1;  // in [1, 2^53]
    // v = 2^k * m with m in [1, 2); ln u = (k - 53) ln 2 + ln m.
    const int k = 63 - __builtin_clzll(v);
    const double m = static_cast<double>(v) / static_cast<double>(std::uint64_t{1} << k);
    // ln m = 2 atanh(t), t = (m - 1) / (m + 1) <= 1/3: the series to t^15
    // leaves an error below 1e-9.
    const double t = (m - 1.0) / (m + 1.0);
    const double t2 = t * t;
    const double series =
        1.0 +
        t2 * (1.0 / 3 +
              t2 * (1.0 / 5 +
                    t2 * (1.0 / 7 + t2 * (1.0 / 9 + t2 * (1.0 / 11 + t2 * (1.0 / 13 + t2 / 15))))));
    const double ln_m = 2.0 * t * series;
    const double result = static_cast<double>(53 - k) * kLn2 - ln_m;
    return result > 0.0 ? result : 0.0;
}

std::int64_t exponential_bytes(std::uint64_t bits, std::uint64_t mean) {
    const double draw = minus_log_uniform(bits) * static_cast<double>(mean);
    // -ln u <= 53 ln 2 < 37, so the product fits comfortably for any sane mean.
    const auto bytes = static_cast<std::int64_t>(draw);
    return bytes > 0 ? bytes : 1;
}

bool sample_crossing(std::uint64_t size) {
    const std::uint64_t rate = g_sample_rate_bytes.load(std::memory_order_relaxed);
    if (tls_random_state == 0) {
        // The thread's first allocation: start a budget, then apply this one.
        seed_thread_generator();
        tls_bytes_until_sample = exponential_bytes(next_random(tls_random_state), rate);
        const std::int64_t left = tls_bytes_until_sample - static_cast<std::int64_t>(size);
        if (left > 0 && size < (std::uint64_t{1} << 62)) {
            tls_bytes_until_sample = left;
            return false;
        }
    }
    tls_bytes_until_sample = exponential_bytes(next_random(tls_random_state), rate);
    return true;
}

}  // namespace memscope::runtime
