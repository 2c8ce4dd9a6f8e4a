// `memscope pools`: memory pools the program announced through the annotation
// API (memscope_pool_create/alloc/free/destroy). A pool is known by its
// address from create to destroy; a later create at the same address is a new
// pool. Occupancy is the bytes of its blocks in use. One streaming pass;
// memory is bounded by the blocks in use in live pools.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/downsampled_series.h"
#include "analysis/flat_u64_map.h"
#include "trace/event.h"

namespace memscope::analysis {

// Least-squares line through (time, occupancy) after every alloc and free.
class OccupancyTrend {
  public:
    void add(double t_seconds, double bytes);
    std::uint64_t samples() const { return n_; }
    double slope_bytes_per_s() const;  // 0 with fewer than two distinct times
    double mean() const { return n_ == 0 ? 0.0 : sum_y_ / static_cast<double>(n_); }
    double mean_time() const { return n_ == 0 ? 0.0 : sum_t_ / static_cast<double>(n_); }
    double coefficient_of_variation() const;  // population standard deviation / mean

  private:
    std::uint64_t n_ = 0;
    double sum_t_ = 0, sum_y_ = 0, sum_tt_ = 0, sum_ty_ = 0, sum_yy_ = 0;
};

struct Pool {
    std::string name;
    std::uint64_t address = 0;
    std::uint64_t capacity_bytes = 0;
    std::uint64_t create_ns = 0;   // absolute CLOCK_MONOTONIC
    std::uint64_t destroy_ns = 0;  // or the trace's last event when never destroyed
    bool destroyed = false;

    std::uint64_t allocations = 0;
    std::uint64_t frees = 0;
    std::uint64_t allocated_bytes = 0;
    std::uint64_t in_use_bytes = 0;  // at destroy or at the end
    std::uint64_t in_use_blocks = 0;
    std::uint64_t high_water_bytes = 0;
    std::uint64_t high_water_ns = 0;
    std::uint64_t high_water_blocks = 0;
    // Allocations that took occupancy beyond the capacity, and their bytes.
    std::uint64_t overflow_allocations = 0;
    std::uint64_t overflow_bytes = 0;
    std::uint64_t unknown_frees = 0;  // frees of blocks this pool never handed out
    std::uint64_t smallest_block = 0;
    std::uint64_t largest_block = 0;
    // Internal fragmentation at the high-water mark if the pool had fixed slots
    // of its largest block: 1 - in-use bytes / (in-use blocks * largest block).
    double fragmentation_at_high_water = 0.0;

    OccupancyTrend trend;
    DownsampledSeries occupancy{64};  // times relative to the trace start

    double lifetime_s() const;
    double alloc_rate_per_s() const;
    double free_rate_per_s() const;
    // Where the occupancy line reaches the capacity, in seconds after the
    // pool's last moment (0: the line is there already); negative when the
    // trend is not upward or the pool was destroyed (it cannot run out).
    double seconds_to_exhaustion() const;
    // high water x (1 + kHeadroomPerCv x cv), cv the occupancy's coefficient
    // of variation: steady pools need little headroom, bursty ones more.
    std::uint64_t recommended_capacity_bytes() const;
    static constexpr double kHeadroomPerCv = 1.0;
};

class PoolFigures : public trace::EventSink {
  public:
    // start_ns: the trace's start (header.start_monotonic_ns).
    explicit PoolFigures(std::uint64_t start_ns) : start_ns_(start_ns) {}

    void on_event(const trace::Event& e) override;
    // Closes the pools never destroyed at the trace's last event.
    void finish(std::uint64_t end_time_ns);

    const std::vector<Pool>& pools() const { return pools_; }  // in creation order
    // Alloc, free or destroy naming a pool that was never created (or already
    // destroyed).
    std::uint64_t unknown_pool_events() const { return unknown_pool_events_; }

  private:
    struct Block {
        std::uint64_t size = 0;
    };
    struct LivePool {
        std::size_t index = 0;  // into pools_
        FlatU64Map<Block> blocks;
    };

    LivePool* live(std::uint64_t address);
    void occupancy_changed(Pool& pool, std::uint64_t time_ns);
    void close(LivePool& live, std::uint64_t time_ns, bool destroyed);

    std::uint64_t start_ns_;
    std::vector<Pool> pools_;
    std::vector<LivePool> live_;  // few at once; searched linearly
    std::uint64_t unknown_pool_events_ = 0;
};

}  // namespace memscope::analysis
