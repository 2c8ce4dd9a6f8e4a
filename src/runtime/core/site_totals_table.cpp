#include "runtime/core/site_totals_table.h"

#include "runtime/core/recorder_memory.h"

namespace memscope::runtime {

bool SiteTotalsTable::init(std::uint32_t max_stack_ids, Clock clock) {
    sites_ = static_cast<SiteCounters*>(recorder_map(sizeof(SiteCounters) * kMaxSites));
    site_of_stack_ = static_cast<std::atomic<std::uint32_t>*>(
        recorder_map(sizeof(std::atomic<std::uint32_t>) * max_stack_ids));
    if (sites_ == nullptr || site_of_stack_ == nullptr) {
        release();
        return false;
    }
    max_stack_ids_ = max_stack_ids;
    clock_ = clock;
    next_site_.store(1, std::memory_order_relaxed);
    live_bytes_.store(0, std::memory_order_relaxed);
    peak_bytes_.store(0, std::memory_order_relaxed);
    peak_time_ns_.store(0, std::memory_order_relaxed);
    epoch_.store(0, std::memory_order_relaxed);
    return true;
}

void SiteTotalsTable::release() {
    if (sites_ != nullptr) recorder_unmap(sites_, sizeof(SiteCounters) * kMaxSites);
    if (site_of_stack_ != nullptr)
        recorder_unmap(site_of_stack_, sizeof(std::atomic<std::uint32_t>) * max_stack_ids_);
    sites_ = nullptr;
    site_of_stack_ = nullptr;
    max_stack_ids_ = 0;
}

std::uint32_t SiteTotalsTable::site_of(std::uint32_t stack_id) {
    if (stack_id >= max_stack_ids_) return 0;
    std::atomic<std::uint32_t>& slot = site_of_stack_[stack_id];
    std::uint32_t site = slot.load(std::memory_order_acquire);
    if (site != 0) return site;
    const std::uint32_t fresh = next_site_.fetch_add(1, std::memory_order_relaxed);
    if (fresh >= kMaxSites) {
        next_site_.store(kMaxSites, std::memory_order_relaxed);
        return 0;
    }
    sites_[fresh].stack_id.store(stack_id, std::memory_order_relaxed);
    // A thread that loses the race leaves its fresh site empty; empty sites
    // are not written.
    if (slot.compare_exchange_strong(site, fresh, std::memory_order_acq_rel)) return fresh;
    return site;
}

void SiteTotalsTable::sync_with_peak(SiteCounters& s) const {
    const std::uint64_t epoch = epoch_.load(std::memory_order_acquire);
    if (s.peak_epoch.load(std::memory_order_relaxed) == epoch) return;
    s.peak_bytes.store(s.live_bytes.load(std::memory_order_relaxed), std::memory_order_relaxed);
    s.peak_blocks.store(s.live_blocks.load(std::memory_order_relaxed), std::memory_order_relaxed);
    s.peak_epoch.store(epoch, std::memory_order_relaxed);
}

void SiteTotalsTable::add_block(std::uint32_t site, std::uint64_t size) {
    SiteCounters& s = sites_[site];
    sync_with_peak(s);
    s.allocations.fetch_add(1, std::memory_order_relaxed);
    s.allocated_bytes.fetch_add(size, std::memory_order_relaxed);
    s.live_bytes.fetch_add(size, std::memory_order_relaxed);
    s.live_blocks.fetch_add(1, std::memory_order_relaxed);
    const std::uint64_t live = live_bytes_.fetch_add(size, std::memory_order_acq_rel) + size;
    std::uint64_t peak = peak_bytes_.load(std::memory_order_relaxed);
    while (live > peak) {
        if (peak_bytes_.compare_exchange_weak(peak, live, std::memory_order_acq_rel)) {
            epoch_.fetch_add(1, std::memory_order_acq_rel);
            peak_time_ns_.store(clock_(), std::memory_order_relaxed);
            break;
        }
    }
}

void SiteTotalsTable::remove_block(std::uint32_t site, std::uint64_t size, bool free_call,
                                   bool temporary) {
    SiteCounters& s = sites_[site];
    sync_with_peak(s);
    s.live_bytes.fetch_sub(size, std::memory_order_relaxed);
    s.live_blocks.fetch_sub(1, std::memory_order_relaxed);
    if (free_call) s.free_calls.fetch_add(1, std::memory_order_relaxed);
    if (temporary) s.temporary.fetch_add(1, std::memory_order_relaxed);
    live_bytes_.fetch_sub(size, std::memory_order_acq_rel);
}

std::uint32_t SiteTotalsTable::site_count() const {
    const std::uint32_t next = next_site_.load(std::memory_order_acquire);
    return (next > kMaxSites ? kMaxSites : next) - 1;
}

SiteFigures SiteTotalsTable::figures(std::uint32_t site) const {
    const SiteCounters& s = sites_[site];
    SiteFigures f;
    f.stack_id = s.stack_id.load(std::memory_order_relaxed);
    f.allocations = s.allocations.load(std::memory_order_relaxed);
    f.allocated_bytes = s.allocated_bytes.load(std::memory_order_relaxed);
    f.free_calls = s.free_calls.load(std::memory_order_relaxed);
    f.temporary = s.temporary.load(std::memory_order_relaxed);
    f.leaked_bytes = s.live_bytes.load(std::memory_order_relaxed);
    f.leaked_blocks = s.live_blocks.load(std::memory_order_relaxed);
    const bool saved =
        s.peak_epoch.load(std::memory_order_relaxed) == epoch_.load(std::memory_order_acquire);
    f.peak_bytes = saved ? s.peak_bytes.load(std::memory_order_relaxed) : f.leaked_bytes;
    f.peak_blocks = saved ? s.peak_blocks.load(std::memory_order_relaxed) : f.leaked_blocks;
    return f;
}

}  // namespace memscope::runtime
