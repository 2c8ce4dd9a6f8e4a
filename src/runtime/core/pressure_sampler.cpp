#include "runtime/core/pressure_sampler.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstring>

#include "runtime/core/owned_descriptor.h"
#include "runtime/core/record_encoder.h"

namespace memscope::runtime {

namespace {

// Only the writer thread samples, so plain statics suffice.
OwnedDescriptor g_pressure_file;
bool g_pressure_missing = false;
bool g_sampled_once = false;
std::uint64_t g_last_some_us = 0;
std::uint64_t g_last_full_us = 0;

// The number after the next "total=" at or after p; false when there is none.
bool next_total(const char*& p, const char* end, std::uint64_t& value) {
    static constexpr char kKey[] = "total=";
    constexpr std::size_t kKeyLength = sizeof(kKey) - 1;
    for (; p + kKeyLength <= end; ++p) {
        if (std::memcmp(p, kKey, kKeyLength) != 0) continue;
        p += kKeyLength;
        if (p >= end || *p < '0' || *p > '9') return false;
        value = 0;
        while (p < end && *p >= '0' && *p <= '9')
            value = value * 10 + static_cast<std::uint64_t>(*p++ - '0');
        return true;
    }
    return false;
}

}  // namespace

void sample_memory_pressure(RecordStream& stream, std::uint64_t ts) {
    if (g_pressure_missing) return;
    if (!g_pressure_file.still_ours()) {
        g_pressure_file.adopt(open("/proc/pressure/memory", O_RDONLY | O_CLOEXEC));
        if (g_pressure_file.fd() < 0) {
            g_pressure_missing = true;  // no PSI in this kernel, or not readable
            return;
        }
    }
    char text[256];
    const ssize_t n = pread(g_pressure_file.fd(), text, sizeof(text), 0);
    if (n <= 0) return;
    const char* p = text;
    std::uint64_t some_us = 0;
    std::uint64_t full_us = 0;
    if (!next_total(p, text + n, some_us)) return;
    if (!next_total(p, text + n, full_us)) full_us = 0;  // kernels before 5.13 may lack "full"
    if (g_sampled_once && some_us == g_last_some_us && full_us == g_last_full_us) return;
    if (put_plain(stream, format::RecordType::kPressureSample, ts, 2, some_us, full_us)) {
        g_sampled_once = true;
        g_last_some_us = some_us;
        g_last_full_us = full_us;
    }
}

}  // namespace memscope::runtime
