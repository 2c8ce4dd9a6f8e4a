#include "analysis/call_latency.h"

#include <algorithm>

namespace memscope::analysis {

namespace {

bool faster(const SlowCall& a, const SlowCall& b) {
    return a.duration_ns > b.duration_ns;  // heap order: the fastest kept call on top
}

std::size_t function_of_alloc(const trace::Event& e) {
    const auto f = static_cast<std::size_t>(e.func);
    return f < format::kAllocFuncCount ? f : 0;
}

std::size_t class_of_size(std::uint64_t size) {
    return static_cast<std::size_t>(format::duration_size_class(size));
}

}  // namespace

const char* latency_function_name(std::size_t function) {
    if (function < format::kAllocFuncCount)
        return format::alloc_func_name(static_cast<format::AllocFunc>(function));
    switch (function) {
        case kLatencyFree:
            return "free";
        case kLatencyMmap:
            return "mmap";
        case kLatencyMunmap:
            return "munmap";
        case kLatencyMremap:
            return "mremap";
        default:
            return "unknown";
    }
}

const char* latency_size_class_name(std::size_t size_class) {
    switch (static_cast<format::DurationSizeClass>(size_class)) {
        case format::DurationSizeClass::kTiny:
            return "tiny";
        case format::DurationSizeClass::kSmall:
            return "small";
        case format::DurationSizeClass::kMedium:
            return "medium";
        case format::DurationSizeClass::kLarge:
            return "large";
        default:
            return "unknown";
    }
}

void CallLatency::Sourced::settle() {
    // Compact timing counts every call in the ranges; the calls that also
    // carry their own duration are the slowest ones, so their maximum is exact.
    if (from_ranges.count() > 0) {
        result = from_ranges;
        if (from_events.count() > 0) result.set_exact_max(from_events.max_ns());
    } else {
        result = from_events;
    }
}

CallLatency::CallLatency(std::uint64_t start_ns, bool compact_timing,
                         std::uint64_t slow_threshold_ns)
    : start_ns_(start_ns), compact_(compact_timing), threshold_ns_(slow_threshold_ns) {}

void CallLatency::on_event(const trace::Event& e) {
    switch (e.kind) {
        case trace::EventKind::kAlloc: {
            *live_.insert(e.address).first = LiveBlock{e.size, e.stack};
            timed_call(function_of_alloc(e), class_of_size(e.size), e, e.size, e.stack);
            break;
        }
        case trace::EventKind::kFree: {
            LiveBlock block;
            const bool known = live_.erase(e.address, &block);
            // realloc's free half: the call is timed once, on its allocation half.
            if (e.from_realloc) break;
            const std::size_t cls =
                known ? class_of_size(block.size)
                      : static_cast<std::size_t>(format::DurationSizeClass::kUnknown);
            timed_call(kLatencyFree, cls, e, known ? block.size : 0, known ? block.stack : 0);
            break;
        }
        case trace::EventKind::kMmap:
            // An mremap arrives as its unmapping half, then this mapping half.
            timed_call(e.from_realloc ? kLatencyMremap : kLatencyMmap, class_of_size(e.size), e,
                       e.size, e.stack);
            break;
        case trace::EventKind::kMunmap:
            if (!e.from_realloc) timed_call(kLatencyMunmap, class_of_size(e.size), e, e.size, 0);
            break;
        case trace::EventKind::kCallDurations:
            count_range(e);
            break;
        case trace::EventKind::kRssSample:
            note_rss(e.value);
            break;
        case trace::EventKind::kPressureSample:
            note_pressure(e.value);
            break;
        case trace::EventKind::kCallInside:
            note_inside(e);
            break;
        default:
            break;
    }
}

void CallLatency::timed_call(std::size_t function, std::size_t size_class, const trace::Event& e,
                             std::uint64_t size, trace::StackId stack) {
    const bool heap_call = function <= kLatencyFree;
    // With compact timing a heap call's duration is in the ranges, and its
    // event carries one only when the call was slow. Otherwise every call
    // carries its duration, 0 when it was below the clock's resolution.
    const bool in_ranges = compact_ && heap_call;
    if (!in_ranges) ++calls_[function][size_class];
    LastCall& last = last_call_[e.tid];
    last = LastCall{function, size_class, false, ++calls_seen_};
    if (in_ranges && e.duration_ns == 0) return;
    functions_[function].from_events.add(e.duration_ns);
    // Size classes are the heap's: a mapping call's length is not a request.
    if (heap_call) size_classes_[size_class].from_events.add(e.duration_ns);
    thread(e.tid).from_events.add(e.duration_ns);
    const bool slow = in_ranges || e.duration_ns >= threshold_ns_;
    if (!slow) return;
    last.slow = true;
    SlowCallClass& c = classes_[{function, size_class}];
    if (c.count == 0) {
        c.function = function;
        c.size_class = size_class;
        c.min_size = size;
        c.max_size = size;
    }
    ++c.count;
    c.total_ns += e.duration_ns;
    c.max_ns = std::max(c.max_ns, e.duration_ns);
    c.min_size = std::min(c.min_size, size);
    c.max_size = std::max(c.max_size, size);

    if (slowest_.size() == kSlowestKept && slowest_.front().duration_ns >= e.duration_ns) return;
    SlowCall call;
    call.function = function;
    call.duration_ns = e.duration_ns;
    call.time_ns = relative(e.time_ns);
    call.size = size;
    call.tid = e.tid;
    call.stack = stack;
    call.rss_before_bytes = last_rss_;
    call.stall_total_before_us = last_stall_us_;
    call.id = last.id;
    if (slowest_.size() == kSlowestKept) {
        std::pop_heap(slowest_.begin(), slowest_.end(), faster);
        slowest_.back() = call;
    } else {
        slowest_.push_back(call);
    }
    std::push_heap(slowest_.begin(), slowest_.end(), faster);
}

void CallLatency::count_range(const trace::Event& e) {
    const std::size_t function = e.how == format::kDurationOpFree  ? kLatencyFree
                                 : e.how < format::kAllocFuncCount ? e.how
                                                                   : kLatencyFunctionCount;
    const std::size_t cls = e.size < kLatencySizeClassCount
                                ? static_cast<std::size_t>(e.size)
                                : static_cast<std::size_t>(format::DurationSizeClass::kUnknown);
    if (function == kLatencyFunctionCount || e.value == 0) return;
    functions_[function].from_ranges.add_range(e.duration_ns, e.duration_max_ns, e.value);
    size_classes_[cls].from_ranges.add_range(e.duration_ns, e.duration_max_ns, e.value);
    thread(e.tid).from_ranges.add_range(e.duration_ns, e.duration_max_ns, e.value);
    calls_[function][cls] += e.value;
}

void CallLatency::note_rss(std::uint64_t rss) {
    last_rss_ = rss;
    for (SlowCall& call : slowest_) {
        if (call.rss_after_bytes) continue;
        call.rss_after_bytes = rss;
        // Pressure samples are written when a total moved: the last one seen
        // is the total now.
        if (call.stall_total_before_us && last_stall_us_ &&
            *last_stall_us_ >= *call.stall_total_before_us)
            call.memory_stall_us = *last_stall_us_ - *call.stall_total_before_us;
    }
}

void CallLatency::note_inside(const trace::Event& e) {
    const auto it = last_call_.find(e.tid);
    if (it == last_call_.end() || !it->second.slow) return;
    const LastCall& last = it->second;
    const std::size_t function = e.how == format::kDurationOpFree ? kLatencyFree : e.how;
    // The record follows its call on the same thread; anything else is not its call.
    if (function != last.function) return;
    const bool own_mapping = (e.value & format::kInsideOwnMapping) != 0;
    const auto brk = static_cast<std::int64_t>(e.address);
    SlowCallClass& c = classes_[{last.function, last.size_class}];
    if (own_mapping) ++c.own_mappings;
    if (brk != 0) {
        ++c.brk_moves;
        c.brk_bytes += brk;
    }
    c.minor_faults += e.minor_faults;
    c.major_faults += e.major_faults;
    if (e.arena_heap_delta > 0) {
        ++c.arena_grows;
        c.arena_grown_bytes += static_cast<std::uint64_t>(e.arena_heap_delta);
    } else if (e.arena_heap_delta < 0) {
        ++c.arena_trims;
        c.arena_returned_bytes += static_cast<std::uint64_t>(-e.arena_heap_delta);
    }
    for (SlowCall& call : slowest_) {
        if (call.id != last.id) continue;
        call.own_mapping = own_mapping;
        call.brk_delta = brk;
        call.minor_faults = e.minor_faults;
        call.major_faults = e.major_faults;
        call.arena_heap_delta = e.arena_heap_delta;
    }
}

void CallLatency::note_pressure(std::uint64_t some_us) {
    last_stall_us_ = some_us;
}

void CallLatency::finish() {
    for (Sourced& s : functions_) s.settle();
    for (Sourced& s : size_classes_) s.settle();
    for (auto& [tid, s] : threads_) s.settle();
    for (auto& [key, c] : classes_) c.calls_in_class = calls_[key.first][key.second];
}

std::vector<std::pair<std::uint32_t, const LatencyHistogram*>> CallLatency::threads() const {
    std::vector<std::pair<std::uint32_t, const LatencyHistogram*>> out;
    for (const auto& [tid, s] : threads_)
        if (s.result.count() > 0) out.emplace_back(tid, &s.result);
    return out;
}

std::vector<SlowCall> CallLatency::slowest() const {
    std::vector<SlowCall> out = slowest_;
    std::sort(out.begin(), out.end(), faster);
    return out;
}

std::vector<SlowCallClass> CallLatency::slow_classes() const {
    std::vector<SlowCallClass> out;
    for (const auto& [key, c] : classes_) out.push_back(c);
    std::sort(out.begin(), out.end(), [](const SlowCallClass& a, const SlowCallClass& b) {
        return a.total_ns != b.total_ns ? a.total_ns > b.total_ns : a.count > b.count;
    });
    return out;
}

}  // namespace memscope::analysis
