// Every mapping the recorder makes for itself is registered here, so that a
// fork child can drop its parent's buffers and tables at once (they would
// otherwise stay resident in the child, shared copy-on-write, and inflate the
// child's RSS samples).
#pragma once

#include <cstddef>

namespace memscope::runtime {

// Maps zeroed memory; nullptr on failure. Thread-safe, lock-free.
void* recorder_map(std::size_t bytes);
void recorder_unmap(void* address, std::size_t bytes);

// Unmaps everything registered. Only when no other thread can touch it (a fork
// child before it restarts the recorder).
void recorder_unmap_all();

}  // namespace memscope::runtime
