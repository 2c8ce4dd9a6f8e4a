#include "runtime/preload/exit_status.h"

#include <atomic>

namespace memscope::preload {

namespace {
std::atomic<int> g_status{0};
}

// What a parent sees with waitpid: the low eight bits.
void note_exit_status(int status) {
    g_status.store(status & 0xff, std::memory_order_relaxed);
}
int exit_status() {
    return g_status.load(std::memory_order_relaxed);
}

}  // namespace memscope::preload
