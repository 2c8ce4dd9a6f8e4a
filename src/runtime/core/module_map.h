// The loaded objects of the process, as kModuleLoad / kModuleUnload records:
// load bias, PT_LOAD segments, GNU build-id read from the PT_NOTE in memory,
// path. A scan compares dl_iterate_phdr's list with the objects already
// reported and emits only the difference.
//
// Scans happen at session start, after dlclose, and when a new stack node has an
// instruction pointer outside every known code segment while the loader's
// load/unload counters moved (so a dlopen'ed object is reported before the
// first stack that needs it, without wrapping dlopen -- wrapping it would make
// the recorder, not the real caller, the object whose RUNPATH dlopen searches).
#pragma once

#include <atomic>
#include <cstdint>

#include "runtime/core/record_stream.h"

struct dl_phdr_info;

namespace memscope::runtime {

class ModuleMap {
  public:
    static constexpr std::uint32_t kMaxModules = 1024;
    static constexpr std::uint32_t kMaxCodeRanges = 2048;

    // Forgets every object (new session, fork child).
    void reset();

    // Reports what changed since the last scan. wait=false gives up at once if
    // another thread is scanning (never blocks a hook behind the loader lock).
    void scan(RecordStream& stream, std::uint64_t ts, bool wait);

    // A new instruction pointer: scan if it is outside all known code and the
    // loader's counters say something was loaded or unloaded since.
    void note_new_ip(RecordStream& stream, std::uint64_t ip, std::uint64_t ts);

  private:
    struct Known {
        std::uint64_t base;
        const void* phdr;
        bool seen;
    };
    struct CodeRange {
        std::uint64_t begin;
        std::uint64_t end;
        std::uint64_t base;
    };

    bool lock(bool wait);
    void unlock() { busy_.store(false, std::memory_order_release); }
    bool in_code(std::uint64_t ip) const;
    bool loader_changed();
    void scan_locked(RecordStream& stream, std::uint64_t ts);
    void forget(std::uint32_t index);

    static int visit(::dl_phdr_info* info, std::size_t size, void* context);
    static int peek_counters(::dl_phdr_info* info, std::size_t size, void* context);

    std::atomic<bool> busy_{false};
    Known known_[kMaxModules] = {};
    std::uint32_t known_count_ = 0;
    CodeRange code_[kMaxCodeRanges] = {};
    std::uint32_t code_count_ = 0;
    std::uint64_t adds_ = 0;
    std::uint64_t subs_ = 0;
    char executable_[4096] = {};

    // During a scan.
    RecordStream* stream_ = nullptr;
    std::uint64_t ts_ = 0;
};

}  // namespace memscope::runtime
