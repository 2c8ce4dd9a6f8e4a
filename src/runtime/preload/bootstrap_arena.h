// Memory for allocations made while the real allocator is being looked up
// (dlsym may call calloc). A static bump arena: never freed, recognised by
// address so free() and realloc() of its blocks are handled.
#pragma once

#include <cstddef>

namespace memscope::preload {

void* bootstrap_allocate(std::size_t size, std::size_t alignment = 16);
bool bootstrap_owns(const void* p);
std::size_t bootstrap_block_size(const void* p);

}  // namespace memscope::preload
