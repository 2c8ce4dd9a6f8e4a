// Thin wrappers over the system calls the recorder makes for itself. Memory is
// mapped with the raw syscall so the recorder's own mappings never reach its
// mmap hook; none of these allocate.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace memscope::runtime {

// Anonymous read-write private memory; nullptr on failure.
void* map_anonymous(std::size_t bytes);
void unmap_anonymous(void* address, std::size_t bytes);

std::uint32_t current_tid();

// Blocks while *word == expected, at most timeout_ns (0 = no wait).
void futex_wait(std::atomic<std::uint32_t>& word, std::uint32_t expected, std::uint64_t timeout_ns);
void futex_wake_all(std::atomic<std::uint32_t>& word);

void sleep_ns(std::uint64_t ns);

// Writes every byte at offset (positional); false with errno set on failure.
bool write_at(int fd, std::uint64_t offset, const void* first, std::size_t first_len,
              const void* second, std::size_t second_len);

// read() until EOF or the buffer is full; returns the byte count or -1.
long read_whole(int fd, char* buffer, std::size_t capacity);

}  // namespace memscope::runtime
