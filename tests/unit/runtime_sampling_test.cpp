// The sampled mode's recorder side: the exponential countdown's distribution,
// the libm-free logarithm behind it, and the sampled-block set that lets the
// free of an unsampled block return at once.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "runtime/core/sampled_blocks.h"
#include "runtime/core/sampling_countdown.h"

namespace memscope {
namespace {

TEST(RuntimeSampling, MinusLogMatchesLibm) {
    std::uint64_t state = 0x1234567;
    for (int i = 0; i < 100000; ++i) {
        const std::uint64_t bits = runtime::next_random(state);
        const double u =
            static_cast<double>((bits >> 11) + 1) / static_cast<double>(std::uint64_t{1} << 53);
        EXPECT_NEAR(runtime::minus_log_uniform(bits), -std::log(u), 1e-8);
    }
    EXPECT_EQ(runtime::minus_log_uniform(~std::uint64_t{0}), 0.0);         // u = 1
    EXPECT_NEAR(runtime::minus_log_uniform(0), 53 * std::log(2.0), 1e-9);  // u = 2^-53
}

// The mean of n exponential draws has standard error mean / sqrt(n); 6 of
// them (n = 1e6: 0.6%) is a bound a correct generator never crosses.
TEST(RuntimeSampling, CountdownIsExponentialWithTheRateAsMean) {
    constexpr std::uint64_t kRate = 512 * 1024;
    constexpr int kDraws = 1000000;
    std::uint64_t state = 0x9e3779b97f4a7c15ull;
    double sum = 0;
    int above_mean = 0;
    for (int i = 0; i < kDraws; ++i) {
        const auto draw =
            static_cast<double>(runtime::exponential_bytes(runtime::next_random(state), kRate));
        sum += draw;
        above_mean += draw > kRate ? 1 : 0;
    }
    const double mean = sum / kDraws;
    EXPECT_NEAR(mean, kRate, 6.0 * kRate / std::sqrt(kDraws));
    // P(X > mean) = 1/e for an exponential; binomial standard error 0.05%.
    EXPECT_NEAR(static_cast<double>(above_mean) / kDraws, std::exp(-1.0), 0.003);
}

// Over many allocations of one size, the sampled fraction is 1 - exp(-s/R).
TEST(RuntimeSampling, AllocationsAreSampledWithTheirProbability) {
    // The thread's countdown uses the process rate (512 KiB by default).
    constexpr double kRate = 512 * 1024;
    for (const std::uint64_t size : {std::uint64_t{4096}, std::uint64_t{256 * 1024}}) {
        constexpr int kCalls = 400000;
        int sampled = 0;
        for (int i = 0; i < kCalls; ++i) sampled += runtime::should_sample(size) ? 1 : 0;
        const double p = -std::expm1(-static_cast<double>(size) / kRate);
        const double se = std::sqrt(p * (1 - p) / kCalls);
        EXPECT_NEAR(static_cast<double>(sampled) / kCalls, p, 6 * se) << size;
    }
    EXPECT_FALSE(runtime::should_sample(0));
}

TEST(RuntimeSampling, FreeOfAnUnsampledBlockIsNotFound) {
    std::vector<std::uint64_t> blocks;
    for (std::uint64_t i = 1; i <= 1000; ++i) blocks.push_back(0x7f0000000000ull + i * 48);
    for (std::size_t i = 0; i < blocks.size(); i += 2)
        ASSERT_TRUE(runtime::remember_sampled_block(reinterpret_cast<void*>(blocks[i])));
    for (std::size_t i = 0; i < blocks.size(); ++i) {
        const bool sampled = i % 2 == 0;
        EXPECT_EQ(runtime::forget_sampled_block(reinterpret_cast<void*>(blocks[i])), sampled) << i;
    }
    // Forgotten: a second free (the address reused by an unsampled block) is not found.
    for (const std::uint64_t a : blocks)
        EXPECT_FALSE(runtime::forget_sampled_block(reinterpret_cast<void*>(a)));
}

TEST(RuntimeSampling, TableIsSizedFromTheRate) {
    EXPECT_EQ(runtime::sampled_block_buckets(512 * 1024), std::uint64_t{1} << 16);
    EXPECT_EQ(runtime::sampled_block_buckets(64 * 1024), std::uint64_t{1} << 19);
    EXPECT_EQ(runtime::sampled_block_buckets(1), std::uint64_t{1} << 19);      // capped
    EXPECT_EQ(runtime::sampled_block_buckets(std::uint64_t{1} << 40), 4096u);  // floor
}

}  // namespace
}  // namespace memscope
