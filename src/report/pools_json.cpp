#include <fmt/format.h>

#include "report/pools_view.h"
#include "report/trace_time.h"

namespace memscope::report {

namespace {

using Json = nlohmann::ordered_json;

Json pool_json(const analysis::Pool& p, std::uint64_t start_ns) {
    Json series = Json::array();
    for (const analysis::SeriesPoint& s : p.occupancy.points())
        series.push_back({s.time_ns, s.value});
    const double exhaustion = p.seconds_to_exhaustion();
    return Json{
        {"name", p.name},
        {"address", fmt::format("{:#x}", p.address)},
        {"capacity_bytes", p.capacity_bytes},
        {"high_water_bytes", p.high_water_bytes},
        {"high_water_blocks", p.high_water_blocks},
        {"high_water_ns", since_start(p.high_water_ns, start_ns)},
        {"high_water_utilisation", p.capacity_bytes == 0
                                       ? Json(nullptr)
                                       : Json(static_cast<double>(p.high_water_bytes) /
                                              static_cast<double>(p.capacity_bytes))},
        {"create_ns", since_start(p.create_ns, start_ns)},
        {"destroy_ns", since_start(p.destroy_ns, start_ns)},
        {"destroyed", p.destroyed},
        {"allocations", p.allocations},
        {"frees", p.frees},
        {"allocated_bytes", p.allocated_bytes},
        {"alloc_rate_per_s", p.alloc_rate_per_s()},
        {"free_rate_per_s", p.free_rate_per_s()},
        {"in_use_bytes_at_end", p.in_use_bytes},
        {"in_use_blocks_at_end", p.in_use_blocks},
        {"overflow_allocations", p.overflow_allocations},
        {"overflow_bytes", p.overflow_bytes},
        {"unknown_frees", p.unknown_frees},
        {"smallest_block_bytes", p.smallest_block},
        {"largest_block_bytes", p.largest_block},
        {"fragmentation_at_high_water", p.fragmentation_at_high_water},
        {"occupancy_mean_bytes", p.trend.mean()},
        {"occupancy_cv", p.trend.coefficient_of_variation()},
        {"occupancy_slope_bytes_per_s", p.trend.slope_bytes_per_s()},
        {"trending_up", p.trend.slope_bytes_per_s() > 0.0},
        {"seconds_to_exhaustion", exhaustion >= 0.0 ? Json(exhaustion) : Json(nullptr)},
        {"recommended_capacity_bytes", p.recommended_capacity_bytes()},
        {"occupancy", std::move(series)},
    };
}

}  // namespace

nlohmann::ordered_json pools_json(const PoolsView& view) {
    Json pools = Json::array();
    for (const analysis::Pool& p : view.figures.pools())
        pools.push_back(pool_json(p, view.start_ns));
    return Json{
        {"truncated", view.truncated},
        {"truncation_reason", view.truncation_reason},
        {"pools", std::move(pools)},
        {"unknown_pool_events", view.figures.unknown_pool_events()},
    };
}

}  // namespace memscope::report
