#include "analysis/phase_figures.h"

#include <algorithm>

#include "analysis/allocation_site.h"

namespace memscope::analysis {

double PhaseNameTotals::intensity_bytes_per_s() const {
    // A phase shorter than the trace's time unit still allocated something:
    // one nanosecond keeps it ranked first rather than dividing by zero.
    const double seconds = static_cast<double>(std::max<std::uint64_t>(duration_ns, 1)) / 1e9;
    return static_cast<double>(allocated_bytes) / seconds;
}

PhaseFigures::PhaseFigures(std::uint64_t sample_rate_bytes, std::size_t max_instances,
                           std::size_t max_marks)
    : heap_(SampleWeighting(sample_rate_bytes)),
      max_instances_(max_instances),
      max_marks_(max_marks) {}

void PhaseFigures::on_event(const trace::Event& e) {
    switch (e.kind) {
        case trace::EventKind::kAlloc:
            on_alloc(e);
            break;
        case trace::EventKind::kFree:
            on_free(e);
            break;
        case trace::EventKind::kRssSample:
            rss_bytes_ = e.value;
            has_rss_ = true;
            break;
        case trace::EventKind::kPhaseBegin:
            begin(e);
            break;
        case trace::EventKind::kPhaseEnd:
            end(e.tid, e.time_ns, false);
            break;
        case trace::EventKind::kMark:
            if (marks_.size() < max_marks_)
                marks_.push_back(
                    PhaseMark{std::string(e.text), e.tid, e.time_ns, heap_.totals().live_bytes});
            else
                ++dropped_marks_;
            break;
        default:
            break;
    }
}

std::size_t PhaseFigures::name_index(const std::string& name) {
    const auto [it, fresh] = name_indices_.try_emplace(name, names_.size());
    if (fresh) {
        names_.emplace_back();
        names_.back().name = name;
        name_stacks_.emplace_back();
    }
    return it->second;
}

void PhaseFigures::begin(const trace::Event& e) {
    OpenPhase p;
    std::vector<OpenPhase>& open = open_[e.tid];
    p.instance.name = std::string(e.text);
    p.instance.tid = e.tid;
    p.instance.depth = static_cast<std::uint32_t>(open.size());
    p.instance.begin_ns = e.time_ns;
    p.instance.heap_begin_bytes = heap_.totals().live_bytes;
    p.instance.peak_heap_bytes = p.instance.heap_begin_bytes;
    p.instance.has_rss = has_rss_;
    p.instance.rss_begin_bytes = rss_bytes_;
    p.name_index = name_index(p.instance.name);
    p.begin_seq = seq_;
    p.totals_at_begin = heap_.totals();
    open.push_back(std::move(p));
    ++open_count_;
}

void PhaseFigures::end(std::uint32_t tid, std::uint64_t time_ns, bool open_at_end) {
    const auto it = open_.find(tid);
    if (it == open_.end() || it->second.empty()) return;  // an end without a begin
    OpenPhase p = std::move(it->second.back());
    it->second.pop_back();
    --open_count_;

    PhaseInstance& i = p.instance;
    const HeapTotals& now = heap_.totals();
    const HeapTotals& then = p.totals_at_begin;
    i.end_ns = std::max(time_ns, i.begin_ns);
    i.open_at_end = open_at_end;
    i.heap_end_bytes = now.live_bytes;
    i.allocated_bytes = now.allocated_bytes - then.allocated_bytes;
    i.allocation_calls = now.allocation_calls - then.allocation_calls;
    i.free_calls = now.free_calls - then.free_calls;
    i.temporary_allocations = now.temporary_allocations - then.temporary_allocations;
    i.left_behind_bytes = p.live_allocated;
    i.has_rss = i.has_rss && has_rss_;
    i.rss_end_bytes = rss_bytes_;

    PhaseNameTotals& n = names_[p.name_index];
    ++n.instances;
    n.duration_ns += i.end_ns - i.begin_ns;
    n.allocated_bytes += i.allocated_bytes;
    n.allocation_calls += i.allocation_calls;
    n.temporary_allocations += i.temporary_allocations;
    n.peak_heap_bytes = std::max(n.peak_heap_bytes, i.peak_heap_bytes);
    n.left_behind_bytes += i.left_behind_bytes;

    if (instances_.size() < max_instances_)
        instances_.push_back(std::move(i));
    else
        ++dropped_instances_;
    if (open_count_ == 0 && !tracked_.empty()) tracked_ = FlatU64Map<TrackedBlock>();
}

void PhaseFigures::on_alloc(const trace::Event& e) {
    heap_.on_alloc(e);
    ++seq_;
    if (open_count_ == 0 || e.address == 0) return;
    const std::uint64_t live = heap_.totals().live_bytes;
    const std::uint64_t bytes = heap_.weighting().weigh(e.size, e.address, e.time_ns).bytes;
    const std::uint64_t calls = heap_.weighting().weigh(e.size, e.address, e.time_ns).blocks;
    *tracked_.insert(e.address).first = TrackedBlock{seq_, bytes};
    touched_names_.clear();
    for (auto& [tid, open] : open_) {
        for (OpenPhase& p : open) {
            p.instance.peak_heap_bytes = std::max(p.instance.peak_heap_bytes, live);
            p.live_allocated += bytes;
            // A recursive or repeated name open twice counts the call once.
            if (std::find(touched_names_.begin(), touched_names_.end(), p.name_index) !=
                touched_names_.end())
                continue;
            touched_names_.push_back(p.name_index);
            PhaseStackFigures& s = name_stacks_[p.name_index][e.stack];
            s.stack = e.stack;
            s.allocated_bytes += bytes;
            s.allocations += calls;
        }
    }
}

void PhaseFigures::on_free(const trace::Event& e) {
    TrackedBlock block;
    if (open_count_ != 0 && tracked_.erase(e.address, &block)) {
        for (auto& [tid, open] : open_)
            for (OpenPhase& p : open)
                if (block.seq > p.begin_seq) p.live_allocated -= block.bytes;
    }
    heap_.on_free(e);
}

void PhaseFigures::finish(std::uint64_t end_time_ns) {
    for (auto& [tid, open] : open_)
        while (!open.empty()) end(tid, end_time_ns, true);
    std::stable_sort(
        instances_.begin(), instances_.end(), [](const PhaseInstance& a, const PhaseInstance& b) {
            return a.begin_ns != b.begin_ns ? a.begin_ns < b.begin_ns : a.depth < b.depth;
        });
    for (std::size_t n = 0; n < names_.size(); ++n) {
        std::vector<PhaseStackFigures>& out = names_[n].stacks;
        for (const auto& [id, figures] : name_stacks_[n]) out.push_back(figures);
        std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
            return a.allocated_bytes != b.allocated_bytes ? a.allocated_bytes > b.allocated_bytes
                                                          : a.stack < b.stack;
        });
    }
    derive_transitions();
}

void PhaseFigures::derive_transitions() {
    std::map<std::uint32_t, std::size_t> last_outer;  // per thread, into instances_
    for (std::size_t i = 0; i < instances_.size(); ++i) {
        const PhaseInstance& to = instances_[i];
        if (to.depth != 0) continue;
        const auto [it, first] = last_outer.try_emplace(to.tid, i);
        if (!first) {
            const PhaseInstance& from = instances_[it->second];
            PhaseTransition t;
            t.from = it->second;
            t.to = i;
            t.gap_ns = to.begin_ns > from.end_ns ? to.begin_ns - from.end_ns : 0;
            t.heap_change = static_cast<std::int64_t>(to.heap_begin_bytes) -
                            static_cast<std::int64_t>(from.heap_end_bytes);
            t.left_behind_bytes = from.left_behind_bytes;
            transitions_.push_back(t);
            it->second = i;
        }
    }
}

std::vector<const PhaseNameTotals*> PhaseFigures::names_by_intensity() const {
    std::vector<const PhaseNameTotals*> out;
    for (const PhaseNameTotals& n : names_) out.push_back(&n);
    std::sort(out.begin(), out.end(), [](const PhaseNameTotals* a, const PhaseNameTotals* b) {
        const double x = a->intensity_bytes_per_s();
        const double y = b->intensity_bytes_per_s();
        return x != y ? x > y : a->name < b->name;
    });
    return out;
}

std::vector<PhaseSite> top_phase_sites(const PhaseNameTotals& phase, StackSymbolizer& stacks,
                                       std::size_t limit) {
    std::vector<PhaseSite> sites;
    std::unordered_map<std::string, std::size_t> by_location;
    for (const PhaseStackFigures& s : phase.stacks) {
        const ResolvedFrame* frame = site_frame(stacks.stack(s.stack));
        std::string location = site_location(frame);
        const auto [it, fresh] = by_location.try_emplace(location, sites.size());
        if (fresh) {
            PhaseSite site;
            site.location = std::move(location);
            if (frame != nullptr) {
                site.function = frame->symbol.function;
                site.file = frame->symbol.file;
                site.line = frame->symbol.line;
            }
            sites.push_back(std::move(site));
        }
        sites[it->second].allocated_bytes += s.allocated_bytes;
        sites[it->second].allocations += s.allocations;
    }
    std::sort(sites.begin(), sites.end(), [](const PhaseSite& a, const PhaseSite& b) {
        return a.allocated_bytes != b.allocated_bytes ? a.allocated_bytes > b.allocated_bytes
                                                      : a.location < b.location;
    });
    if (sites.size() > limit) sites.resize(limit);
    return sites;
}

}  // namespace memscope::analysis
