// Which unwinder captures allocation stacks (MEMSCOPE_UNWIND, `memscope run
// --unwind`): fast (compiled CFI rules, libunwind for stacks they cannot
// describe), libunwind (unw_backtrace for every stack), or fp (frame pointers,
// which miss the callers of functions built without them).
#pragma once

#include <stdlib.h>

#include <cstdint>
#include <cstring>

namespace memscope::unwind {

enum class UnwinderKind : std::uint8_t { kFast = 0, kLibunwind = 1, kFramePointers = 2 };

inline constexpr UnwinderKind kDefaultUnwinder = UnwinderKind::kFast;

// The kind named "fast", "libunwind" or "fp"; false for anything else.
inline bool parse_unwinder_kind(const char* name, UnwinderKind& kind) {
    if (name == nullptr) return false;
    if (std::strcmp(name, "fast") == 0)
        kind = UnwinderKind::kFast;
    else if (std::strcmp(name, "libunwind") == 0)
        kind = UnwinderKind::kLibunwind;
    else if (std::strcmp(name, "fp") == 0)
        kind = UnwinderKind::kFramePointers;
    else
        return false;
    return true;
}

inline const char* unwinder_kind_name(UnwinderKind kind) {
    switch (kind) {
        case UnwinderKind::kFast:
            return "fast";
        case UnwinderKind::kLibunwind:
            return "libunwind";
        case UnwinderKind::kFramePointers:
            return "fp";
    }
    return "fast";
}

// MEMSCOPE_UNWIND, as `memscope run --unwind` sets it; the default when unset
// or unrecognised.
inline UnwinderKind unwinder_from_environment() {
    UnwinderKind kind = kDefaultUnwinder;
    if (!parse_unwinder_kind(getenv("MEMSCOPE_UNWIND"), kind)) kind = kDefaultUnwinder;
    return kind;
}

}  // namespace memscope::unwind
