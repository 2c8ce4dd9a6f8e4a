// C++ allocations are seen once, through malloc/free (or aligned_alloc for
// over-aligned types), and attributed to the function that called new, not
// to operator new. libstdc++ allocates its own emergency pool at start-up,
// so only per-site figures are exact here.
#include <cstdint>
#include <new>

#include "ground_truth.h"

namespace ns {

struct Widget {
    std::uint64_t payload[6];
};

// A non-trivial destructor makes new[] store the element count in a cookie
// in front of the array (Itanium C++ ABI).
struct Tracked {
    Tracked() : data{1} {}
    ~Tracked() { data[0] = 0; }
    char data[24];
};

struct alignas(64) Aligned {
    char data[128];
};

class Factory {
  public:
    __attribute__((noinline)) static Widget* make(int seed) {
        Widget* w = new Widget;
        w->payload[0] = static_cast<std::uint64_t>(seed);
        return w;
    }
};

}  // namespace ns

constexpr int kWidgetCount = 5;
constexpr int kWidgetArrayLength = 10;
constexpr int kTrackedArrayLength = 4;
constexpr std::uint64_t kArrayCookie = sizeof(std::size_t);

ns::Widget* volatile leaked_widget;

__attribute__((noinline)) ns::Widget* make_widget_array() {
    return new ns::Widget[kWidgetArrayLength];
}

__attribute__((noinline)) ns::Tracked* make_tracked_array() {
    return new ns::Tracked[kTrackedArrayLength];
}

__attribute__((noinline)) ns::Aligned* make_aligned() {
    return new ns::Aligned;
}

__attribute__((noinline)) ns::Widget* make_nothrow() {
    return new (std::nothrow) ns::Widget;
}

__attribute__((noinline)) void leak_widget() {
    leaked_widget = new ns::Widget;
}

int main() {
    ns::Widget* widgets[kWidgetCount];
    for (int i = 0; i < kWidgetCount; ++i) widgets[i] = ns::Factory::make(i);
    ns::Widget* array = make_widget_array();
    ns::Tracked* tracked = make_tracked_array();
    ns::Aligned* aligned = make_aligned();
    ns::Widget* nothrow_widget = make_nothrow();
    leak_widget();

    for (ns::Widget* w : widgets) delete w;
    delete[] array;
    delete[] tracked;
    delete aligned;
    delete nothrow_widget;

    GroundTruth gt;
    gt_begin(&gt);
    gt_str(&gt, "program", "cxx_new_delete");
    gt_u64(&gt, "pid", static_cast<std::uint64_t>(getpid()));
    gt_u64(&gt, "factory_calls", kWidgetCount);
    gt_u64(&gt, "factory_bytes", kWidgetCount * sizeof(ns::Widget));
    gt_u64(&gt, "widget_array_bytes", kWidgetArrayLength * sizeof(ns::Widget));
    gt_u64(&gt, "tracked_array_bytes", kTrackedArrayLength * sizeof(ns::Tracked) + kArrayCookie);
    gt_u64(&gt, "aligned_bytes", sizeof(ns::Aligned));
    gt_u64(&gt, "nothrow_bytes", sizeof(ns::Widget));
    gt_u64(&gt, "leaked_widget_bytes", sizeof(ns::Widget));
    gt_u64(&gt, "min_allocation_calls", kWidgetCount + 5);
    gt_u64(&gt, "min_free_calls", kWidgetCount + 4);
    gt_end(&gt);
    return 0;
}
