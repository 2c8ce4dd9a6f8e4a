#include "analysis/pool_figures.h"

#include <algorithm>
#include <cmath>

namespace memscope::analysis {

void OccupancyTrend::add(double t_seconds, double bytes) {
    ++n_;
    sum_t_ += t_seconds;
    sum_y_ += bytes;
    sum_tt_ += t_seconds * t_seconds;
    sum_ty_ += t_seconds * bytes;
    sum_yy_ += bytes * bytes;
}

double OccupancyTrend::slope_bytes_per_s() const {
    const double n = static_cast<double>(n_);
    const double denominator = n * sum_tt_ - sum_t_ * sum_t_;
    if (n_ < 2 || denominator <= 0.0) return 0.0;
    return (n * sum_ty_ - sum_t_ * sum_y_) / denominator;
}

double OccupancyTrend::coefficient_of_variation() const {
    if (n_ == 0 || sum_y_ <= 0.0) return 0.0;
    const double n = static_cast<double>(n_);
    const double m = sum_y_ / n;
    const double variance = std::max(0.0, sum_yy_ / n - m * m);
    return std::sqrt(variance) / m;
}

double Pool::lifetime_s() const {
    return static_cast<double>(destroy_ns > create_ns ? destroy_ns - create_ns : 0) / 1e9;
}

double Pool::alloc_rate_per_s() const {
    const double s = lifetime_s();
    return s > 0.0 ? static_cast<double>(allocations) / s : 0.0;
}

double Pool::free_rate_per_s() const {
    const double s = lifetime_s();
    return s > 0.0 ? static_cast<double>(frees) / s : 0.0;
}

double Pool::seconds_to_exhaustion() const {
    const double slope = trend.slope_bytes_per_s();
    if (destroyed || slope <= 0.0 || trend.samples() < 2) return -1.0;
    // The fitted line at the pool's last moment, then the time it needs to
    // climb to the capacity at its slope.
    const double fitted_now = trend.mean() + slope * (lifetime_s() - trend.mean_time());
    if (fitted_now >= static_cast<double>(capacity_bytes)) return 0.0;
    return (static_cast<double>(capacity_bytes) - fitted_now) / slope;
}

std::uint64_t Pool::recommended_capacity_bytes() const {
    const double cv = trend.coefficient_of_variation();
    return static_cast<std::uint64_t>(
        std::ceil(static_cast<double>(high_water_bytes) * (1.0 + kHeadroomPerCv * cv)));
}

PoolFigures::LivePool* PoolFigures::live(std::uint64_t address) {
    for (LivePool& p : live_)
        if (pools_[p.index].address == address) return &p;
    return nullptr;
}

void PoolFigures::occupancy_changed(Pool& pool, std::uint64_t time_ns) {
    const std::uint64_t since_create = time_ns > pool.create_ns ? time_ns - pool.create_ns : 0;
    pool.trend.add(static_cast<double>(since_create) / 1e9, static_cast<double>(pool.in_use_bytes));
    pool.occupancy.add(time_ns > start_ns_ ? time_ns - start_ns_ : 0, pool.in_use_bytes);
    if (pool.in_use_bytes > pool.high_water_bytes) {
        pool.high_water_bytes = pool.in_use_bytes;
        pool.high_water_blocks = pool.in_use_blocks;
        pool.high_water_ns = time_ns;
    }
}

void PoolFigures::on_event(const trace::Event& e) {
    switch (e.kind) {
        case trace::EventKind::kPoolCreate: {
            // Creating over a live pool: the old one is gone without a destroy.
            if (LivePool* old = live(e.pool)) close(*old, e.time_ns, true);
            Pool pool;
            pool.name = std::string(e.text);
            pool.address = e.pool;
            pool.capacity_bytes = e.size;
            pool.create_ns = e.time_ns;
            pool.occupancy.add(e.time_ns > start_ns_ ? e.time_ns - start_ns_ : 0, 0);
            live_.push_back(LivePool{pools_.size(), {}});
            pools_.push_back(std::move(pool));
            break;
        }
        case trace::EventKind::kPoolAlloc: {
            LivePool* p = live(e.pool);
            if (p == nullptr) {
                ++unknown_pool_events_;
                break;
            }
            Pool& pool = pools_[p->index];
            auto [block, fresh] = p->blocks.insert(e.address);
            if (!fresh) {  // handed out again without a free: the old use ended
                pool.in_use_bytes -= block->size;
                --pool.in_use_blocks;
            }
            block->size = e.size;
            ++pool.allocations;
            pool.allocated_bytes += e.size;
            pool.in_use_bytes += e.size;
            ++pool.in_use_blocks;
            if (pool.allocations == 1 || e.size < pool.smallest_block) pool.smallest_block = e.size;
            pool.largest_block = std::max(pool.largest_block, e.size);
            if (pool.in_use_bytes > pool.capacity_bytes) {
                ++pool.overflow_allocations;
                pool.overflow_bytes += e.size;
            }
            occupancy_changed(pool, e.time_ns);
            break;
        }
        case trace::EventKind::kPoolFree: {
            LivePool* p = live(e.pool);
            if (p == nullptr) {
                ++unknown_pool_events_;
                break;
            }
            Pool& pool = pools_[p->index];
            Block block;
            if (!p->blocks.erase(e.address, &block)) {
                ++pool.unknown_frees;
                break;
            }
            ++pool.frees;
            pool.in_use_bytes -= block.size;
            --pool.in_use_blocks;
            occupancy_changed(pool, e.time_ns);
            break;
        }
        case trace::EventKind::kPoolDestroy: {
            LivePool* p = live(e.pool);
            if (p == nullptr)
                ++unknown_pool_events_;
            else
                close(*p, e.time_ns, true);
            break;
        }
        default:
            break;
    }
}

void PoolFigures::close(LivePool& p, std::uint64_t time_ns, bool destroyed) {
    Pool& pool = pools_[p.index];
    pool.destroy_ns = std::max(time_ns, pool.create_ns);
    pool.destroyed = destroyed;
    if (pool.high_water_blocks != 0 && pool.largest_block != 0)
        pool.fragmentation_at_high_water = 1.0 - static_cast<double>(pool.high_water_bytes) /
                                                     (static_cast<double>(pool.high_water_blocks) *
                                                      static_cast<double>(pool.largest_block));
    const std::size_t index = static_cast<std::size_t>(&p - live_.data());
    live_.erase(live_.begin() + static_cast<std::ptrdiff_t>(index));
}

void PoolFigures::finish(std::uint64_t end_time_ns) {
    while (!live_.empty()) close(live_.front(), end_time_ns, false);
}

}  // namespace memscope::analysis
