#include "runtime/core/recorder.h"

#include <unistd.h>

#include "runtime/core/event_clock.h"
#include "runtime/core/system_calls.h"

namespace memscope::runtime {

constinit Recorder g_recorder;

bool ensure_recorder_core() {
    Recorder& r = g_recorder;
    std::uint32_t s = r.core.load(std::memory_order_acquire);
    if (s == kCoreReady) return true;
    if (s == kCoreFailed) return false;
    if (s == kCoreNone &&
        r.core.compare_exchange_strong(s, kCoreStarting, std::memory_order_acq_rel)) {
        init_event_clock();
        r.start_ns = event_clock_ns();
        r.page_size = static_cast<std::uint32_t>(getpagesize());
        r.modules.reset();
        const bool ok = r.pool.init() && r.threads.init() && r.stacks.init();
        r.core.store(ok ? kCoreReady : kCoreFailed, std::memory_order_release);
        return ok;
    }
    while ((s = r.core.load(std::memory_order_acquire)) == kCoreStarting) sleep_ns(10000);
    return s == kCoreReady;
}

}  // namespace memscope::runtime
