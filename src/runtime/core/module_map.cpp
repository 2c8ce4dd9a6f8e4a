#include "runtime/core/module_map.h"

#include "runtime/core/reentrancy_guard.h"

#include <elf.h>
#include <link.h>
#include <unistd.h>

#include <cstring>

#include "format/record_types.h"
#include "runtime/core/record_encoder.h"
#include "runtime/core/system_calls.h"

namespace memscope::runtime {

namespace {

constexpr std::uint32_t kMaxBuildIdBytes = 64;
constexpr std::uint32_t kMaxSegments = 64;

// The GNU build-id note of an object, found in its PT_NOTE segments in memory.
std::uint32_t find_build_id(const dl_phdr_info* info, const std::uint8_t** out) {
    for (int i = 0; i < info->dlpi_phnum; ++i) {
        const ElfW(Phdr)& ph = info->dlpi_phdr[i];
        if (ph.p_type != PT_NOTE) continue;
        const std::uint64_t align = ph.p_align == 8 ? 8 : 4;
        auto* p = reinterpret_cast<const std::uint8_t*>(info->dlpi_addr + ph.p_vaddr);
        const std::uint8_t* end = p + ph.p_memsz;
        while (p + sizeof(ElfW(Nhdr)) <= end) {
            ElfW(Nhdr) note;
            std::memcpy(&note, p, sizeof(note));
            const std::uint8_t* name = p + sizeof(note);
            const std::uint64_t name_room = (note.n_namesz + align - 1) & ~(align - 1);
            const std::uint8_t* desc = name + name_room;
            const std::uint64_t desc_room = (note.n_descsz + align - 1) & ~(align - 1);
            if (desc + note.n_descsz > end) break;
            if (note.n_type == NT_GNU_BUILD_ID && note.n_namesz == 4 &&
                std::memcmp(name, "GNU", 4) == 0 && note.n_descsz <= kMaxBuildIdBytes) {
                *out = desc;
                return note.n_descsz;
            }
            p = desc + desc_room;
        }
    }
    return 0;
}

}  // namespace

void ModuleMap::reset() {
    busy_.store(false, std::memory_order_relaxed);
    known_count_ = 0;
    code_count_ = 0;
    adds_ = 0;
    subs_ = 0;
    const ssize_t n = readlink("/proc/self/exe", executable_, sizeof(executable_) - 1);
    executable_[n > 0 ? n : 0] = '\0';
}

bool ModuleMap::lock(bool wait) {
    for (int spins = 0;; ++spins) {
        bool expected = false;
        if (busy_.compare_exchange_weak(expected, true, std::memory_order_acquire,
                                        std::memory_order_relaxed))
            return true;
        if (!wait || spins > 200000) return false;
        if (spins > 100) sleep_ns(10000);
    }
}

bool ModuleMap::in_code(std::uint64_t ip) const {
    for (std::uint32_t i = 0; i < code_count_; ++i)
        if (ip >= code_[i].begin && ip < code_[i].end) return true;
    return false;
}

int ModuleMap::peek_counters(dl_phdr_info* info, std::size_t size, void* context) {
    auto* counters = static_cast<std::uint64_t*>(context);
    if (size >= offsetof(dl_phdr_info, dlpi_subs) + sizeof(info->dlpi_subs)) {
        counters[0] = info->dlpi_adds;
        counters[1] = info->dlpi_subs;
    }
    return 1;  // the counters are the same in every entry
}

bool ModuleMap::loader_changed() {
    std::uint64_t counters[2] = {adds_ + 1, subs_};  // "changed" if they cannot be read
    dl_iterate_phdr(peek_counters, counters);
    return counters[0] != adds_ || counters[1] != subs_;
}

void ModuleMap::scan(RecordStream& stream, std::uint64_t ts, bool wait) {
    InternalWork internal;  // the loader and file reads are not program work
    if (!lock(wait)) return;
    scan_locked(stream, ts);
    unlock();
}

void ModuleMap::note_new_ip(RecordStream& stream, std::uint64_t ip, std::uint64_t ts) {
    InternalWork internal;
    if (!lock(false)) return;
    if (!in_code(ip) && loader_changed()) scan_locked(stream, ts);
    unlock();
}

void ModuleMap::forget(std::uint32_t index) {
    const std::uint64_t base = known_[index].base;
    known_[index] = known_[--known_count_];
    for (std::uint32_t i = 0; i < code_count_;) {
        if (code_[i].base == base)
            code_[i] = code_[--code_count_];
        else
            ++i;
    }
}

void ModuleMap::scan_locked(RecordStream& stream, std::uint64_t ts) {
    for (std::uint32_t i = 0; i < known_count_; ++i) known_[i].seen = false;
    stream_ = &stream;
    ts_ = ts;
    dl_iterate_phdr(visit, this);
    for (std::uint32_t i = 0; i < known_count_;) {
        if (known_[i].seen) {
            ++i;
            continue;
        }
        put_plain(stream, format::RecordType::kModuleUnload, ts, 1, known_[i].base);
        forget(i);
    }
    stream_ = nullptr;
}

int ModuleMap::visit(dl_phdr_info* info, std::size_t size, void* context) {
    auto* self = static_cast<ModuleMap*>(context);
    if (size >= offsetof(dl_phdr_info, dlpi_subs) + sizeof(info->dlpi_subs)) {
        self->adds_ = info->dlpi_adds;
        self->subs_ = info->dlpi_subs;
    }
    for (std::uint32_t i = 0; i < self->known_count_; ++i) {
        if (self->known_[i].base == info->dlpi_addr && self->known_[i].phdr == info->dlpi_phdr) {
            self->known_[i].seen = true;
            return 0;
        }
    }
    const char* path = info->dlpi_name;
    // The main program is listed without a name.
    if (path == nullptr || path[0] == '\0') path = self->executable_;
    const std::uint8_t* build_id = nullptr;
    const std::uint32_t build_id_length = find_build_id(info, &build_id);
    std::uint32_t segments = 0;
    for (int i = 0; i < info->dlpi_phnum; ++i)
        if (info->dlpi_phdr[i].p_type == PT_LOAD) ++segments;
    if (segments > kMaxSegments) segments = kMaxSegments;
    const auto path_length = static_cast<std::uint32_t>(std::strlen(path));
    const std::uint32_t room = kLargeRecordOverhead + 6 * format::kMaxVarintBytes +
                               segments * 2 * format::kMaxVarintBytes + build_id_length +
                               path_length;
    std::uint8_t* at = reserve(*self->stream_, room);
    if (at == nullptr) return 0;
    LargeRecord r(at, format::RecordType::kModuleLoad, *self->stream_, self->ts_);
    r.varint(info->dlpi_addr);
    r.varint(segments);
    std::uint32_t written = 0;
    for (int i = 0; i < info->dlpi_phnum && written < segments; ++i) {
        const ElfW(Phdr)& ph = info->dlpi_phdr[i];
        if (ph.p_type != PT_LOAD) continue;
        r.varint(ph.p_vaddr);
        r.varint(ph.p_memsz);
        ++written;
    }
    r.bytes(build_id, build_id_length);
    r.bytes(path, path_length);
    commit(*self->stream_, r.finish());

    if (self->known_count_ < kMaxModules) {
        self->known_[self->known_count_++] = Known{info->dlpi_addr, info->dlpi_phdr, true};
        for (int i = 0; i < info->dlpi_phnum; ++i) {
            const ElfW(Phdr)& ph = info->dlpi_phdr[i];
            if (ph.p_type != PT_LOAD || (ph.p_flags & PF_X) == 0) continue;
            if (self->code_count_ >= kMaxCodeRanges) break;
            self->code_[self->code_count_++] =
                CodeRange{info->dlpi_addr + ph.p_vaddr, info->dlpi_addr + ph.p_vaddr + ph.p_memsz,
                          info->dlpi_addr};
        }
    }
    return 0;
}

}  // namespace memscope::runtime
