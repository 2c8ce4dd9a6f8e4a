#include "cli/run_environment.h"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

extern char** environ;

namespace memscope::cli {

namespace {

constexpr const char* kRootPidKey = "MEMSCOPE_ROOT_PID=";
constexpr std::size_t kPidDigits = 20;

bool has_key(const char* entry, const char* key_with_equals) {
    return std::strncmp(entry, key_with_equals, std::strlen(key_with_equals)) == 0;
}

}  // namespace

std::string recorder_library_path() {
    if (const char* forced = std::getenv("MEMSCOPE_LIBRARY"); forced != nullptr && *forced != '\0')
        return forced;
    std::string exe(4096, '\0');
    const ssize_t n = readlink("/proc/self/exe", exe.data(), exe.size() - 1);
    if (n <= 0) return "libmemscope.so";
    exe.resize(static_cast<std::size_t>(n));
    const std::size_t slash = exe.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : exe.substr(0, slash);
    return dir + "/../lib/libmemscope.so";
}

std::vector<std::string> build_child_environment(const RecorderEnvironment& r) {
    static const char* const kReplaced[] = {"LD_PRELOAD=",
                                            "MEMSCOPE_OUTPUT=",
                                            "MEMSCOPE_FORCE=",
                                            "MEMSCOPE_RSS_INTERVAL_MS=",
                                            "MEMSCOPE_MANIFEST=",
                                            "MEMSCOPE_UNWIND=",
                                            "MEMSCOPE_TIMING=",
                                            "MEMSCOPE_MODE=",
                                            "MEMSCOPE_SAMPLE_RATE=",
                                            "MEMSCOPE_STREAM=",
                                            "MEMSCOPE_STREAM_ALLOW_REMOTE=",
                                            "MEMSCOPE_STREAM_WAIT_MS=",
                                            kRootPidKey};
    std::vector<std::string> env;
    std::string preload = r.library;
    for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
        if (has_key(*e, "LD_PRELOAD=")) {
            const char* existing = *e + std::strlen("LD_PRELOAD=");
            if (*existing != '\0') preload += std::string(":") + existing;
        }
        bool replaced = false;
        for (const char* key : kReplaced) replaced = replaced || has_key(*e, key);
        if (!replaced) env.emplace_back(*e);
    }
    env.push_back("LD_PRELOAD=" + preload);
    env.push_back("MEMSCOPE_OUTPUT=" + r.output_pattern);
    if (r.force) env.emplace_back("MEMSCOPE_FORCE=1");
    env.push_back("MEMSCOPE_RSS_INTERVAL_MS=" + std::to_string(r.rss_interval_ms));
    env.push_back("MEMSCOPE_MANIFEST=" + r.manifest);
    env.push_back("MEMSCOPE_UNWIND=" + r.unwind);
    env.push_back("MEMSCOPE_TIMING=" + r.timing);
    env.push_back("MEMSCOPE_MODE=" + r.mode);
    env.push_back("MEMSCOPE_SAMPLE_RATE=" + std::to_string(r.sample_rate_bytes));
    if (!r.stream.empty()) {
        env.push_back("MEMSCOPE_STREAM=" + r.stream);
        if (r.stream_allow_remote) env.emplace_back("MEMSCOPE_STREAM_ALLOW_REMOTE=1");
        env.push_back("MEMSCOPE_STREAM_WAIT_MS=" + std::to_string(r.stream_wait_ms));
    }
    env.push_back(std::string(kRootPidKey) + std::string(kPidDigits, '\0'));
    return env;
}

void set_root_pid(std::string& entry, long pid) {
    char digits[kPidDigits];
    std::size_t n = 0;
    unsigned long v = static_cast<unsigned long>(pid);
    do {
        digits[n++] = static_cast<char>('0' + v % 10);
        v /= 10;
    } while (v != 0 && n < kPidDigits - 1);
    char* out = entry.data() + std::strlen(kRootPidKey);
    while (n > 0) *out++ = digits[--n];
    *out = '\0';
}

}  // namespace memscope::cli
