#include "live/live_model.h"

#include <algorithm>

namespace memscope::live {

namespace {

constexpr std::uint64_t kSecondNs = 1'000'000'000;
constexpr std::uint32_t kNoText = ~0u;
const std::string kNoPhase = "-";

}  // namespace

std::uint32_t LiveModel::intern_text(std::string_view text) {
    const std::string key(text);
    const auto [it, added] = text_ids_.emplace(key, static_cast<std::uint32_t>(texts_.size()));
    if (added) texts_.push_back(key);
    return it->second;
}

void LiveModel::add(const std::vector<trace::Event>& events) {
    for (const trace::Event& e : events) {
        switch (e.kind) {
            case trace::EventKind::kAlloc:
            case trace::EventKind::kFree:
            case trace::EventKind::kRssSample:
            case trace::EventKind::kPhaseBegin:
            case trace::EventKind::kPhaseEnd:
                break;
            default:
                continue;  // the view does not show the rest
        }
        const std::uint64_t t = e.time_ns > start_ns_ ? e.time_ns - start_ns_ : 0;
        const std::uint32_t text =
            e.kind == trace::EventKind::kPhaseBegin ? intern_text(e.text) : kNoText;
        const std::uint64_t size = e.kind == trace::EventKind::kRssSample ? e.value : e.size;
        queue_.push_back(Queued{t, next_seq_++, e.kind, e.tid, e.stack, e.address, size, text});
        std::push_heap(queue_.begin(), queue_.end(), Later{});
        newest_time_ns_ = std::max(newest_time_ns_, t);
    }
    while (queue_.size() > kMaxQueued) {
        std::pop_heap(queue_.begin(), queue_.end(), Later{});
        apply(queue_.back());
        queue_.pop_back();
    }
}

void LiveModel::settle(bool everything) {
    const std::uint64_t horizon =
        newest_time_ns_ > kReorderWindowNs ? newest_time_ns_ - kReorderWindowNs : 0;
    while (!queue_.empty() && (everything || queue_.front().time_ns <= horizon)) {
        std::pop_heap(queue_.begin(), queue_.end(), Later{});
        apply(queue_.back());
        queue_.pop_back();
    }
}

void LiveModel::advance_clock(std::uint64_t t) {
    if (t < applied_time_ns_) return;  // a straggler from beyond the window
    applied_time_ns_ = t;
    if (t >= next_sample_ns_) {
        // A gap longer than the ring restarts the samples at this time.
        if ((t - next_sample_ns_) / kSeriesStepNs >= kSeriesPoints)
            next_sample_ns_ = t - t % kSeriesStepNs;
        while (t >= next_sample_ns_) {
            series_.push_back(SeriesPoint{next_sample_ns_, heap_bytes_, rss_bytes_});
            if (series_.size() > kSeriesPoints) series_.pop_front();
            next_sample_ns_ += kSeriesStepNs;
        }
    }
    if (t >= next_second_ns_) {
        // The rate of the second just completed; a quiet gap leaves it at 0.
        const bool gap = t >= next_second_ns_ + kSecondNs;
        allocations_per_second_ = gap ? 0 : allocations_ - allocations_at_second_;
        allocations_at_second_ = allocations_;
        for (auto& [stack, site] : sites_) {
            site.figures.allocations_per_second =
                gap ? 0 : site.figures.allocations - site.allocations_at_second;
            site.allocations_at_second = site.figures.allocations;
        }
        next_second_ns_ = t - t % kSecondNs + kSecondNs;
    }
}

void LiveModel::apply(const Queued& e) {
    advance_clock(e.time_ns);
    switch (e.kind) {
        case trace::EventKind::kAlloc: {
            // An address still live means its free was lost: the old block goes.
            if (auto old = blocks_.find(e.address); old != blocks_.end()) {
                LiveSite& was = sites_[old->second.stack].figures;
                was.live_bytes -= old->second.size;
                was.live_blocks -= 1;
                heap_bytes_ -= old->second.size;
                old->second = Block{e.size, e.stack};
            } else {
                blocks_.emplace(e.address, Block{e.size, e.stack});
            }
            LiveSite& site = sites_[e.stack].figures;
            site.stack = e.stack;
            site.live_bytes += e.size;
            site.live_blocks += 1;
            site.allocations += 1;
            site.allocated_bytes += e.size;
            heap_bytes_ += e.size;
            allocations_ += 1;
            break;
        }
        case trace::EventKind::kFree: {
            const auto it = blocks_.find(e.address);
            if (it == blocks_.end()) break;  // allocated before the recorder saw it
            LiveSite& site = sites_[it->second.stack].figures;
            site.live_bytes -= it->second.size;
            site.live_blocks -= 1;
            heap_bytes_ -= it->second.size;
            blocks_.erase(it);
            break;
        }
        case trace::EventKind::kRssSample:
            rss_bytes_ = e.size;
            break;
        case trace::EventKind::kPhaseBegin:
            phases_.push_back(OpenPhase{e.tid, e.text});
            break;
        case trace::EventKind::kPhaseEnd:
            for (auto it = phases_.rbegin(); it != phases_.rend(); ++it) {
                if (it->tid != e.tid) continue;
                phases_.erase(std::next(it).base());
                break;
            }
            break;
        default:
            break;
    }
}

const std::string& LiveModel::phase() const {
    return phases_.empty() ? kNoPhase : texts_[phases_.back().text];
}

std::vector<LiveSite> LiveModel::top_sites(SiteOrder order, std::size_t n) const {
    std::vector<LiveSite> all;
    all.reserve(sites_.size());
    for (const auto& [stack, site] : sites_) all.push_back(site.figures);
    auto key = [order](const LiveSite& s) {
        switch (order) {
            case SiteOrder::kAllocations:
                return s.allocations;
            case SiteOrder::kRate:
                return s.allocations_per_second;
            case SiteOrder::kLiveBytes:
                break;
        }
        return s.live_bytes;
    };
    const std::size_t shown = std::min(n, all.size());
    std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(shown), all.end(),
                      [&](const LiveSite& a, const LiveSite& b) {
                          if (key(a) != key(b)) return key(a) > key(b);
                          if (a.live_bytes != b.live_bytes) return a.live_bytes > b.live_bytes;
                          return a.stack < b.stack;
                      });
    all.resize(shown);
    return all;
}

}  // namespace memscope::live
