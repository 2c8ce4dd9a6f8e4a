#include "symbols/symbol_cache_file.h"

#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

#include "format/crc32.h"

namespace memscope::symbols {

namespace {

// File layout, all integers little-endian:
//   magic "memscope-symbols" | u32 version | u32 key length | key
//   | u32 entry count | entries | u32 CRC-32 of every byte before it
//   entry := u64 entry key | u32 frame count | frames
//   frame := u32 length | function | u32 length | file | u32 line | u8 inlined
constexpr char kMagic[] = "memscope-symbols";
constexpr std::size_t kMagicSize = sizeof(kMagic) - 1;
constexpr std::uint32_t kVersion = 1;

class Writer {
  public:
    void u8(std::uint8_t v) { bytes_.push_back(static_cast<char>(v)); }
    void u32(std::uint32_t v) {
        for (int i = 0; i < 4; ++i) u8(static_cast<std::uint8_t>(v >> (8 * i)));
    }
    void u64(std::uint64_t v) {
        for (int i = 0; i < 8; ++i) u8(static_cast<std::uint8_t>(v >> (8 * i)));
    }
    void text(const std::string& s) {
        u32(static_cast<std::uint32_t>(s.size()));
        bytes_ += s;
    }
    void raw(const char* p, std::size_t n) { bytes_.append(p, n); }
    const std::string& bytes() const { return bytes_; }

  private:
    std::string bytes_;
};

// Bounds-checked: any read past the end sets failed() and returns 0.
class Reader {
  public:
    Reader(const std::uint8_t* p, std::size_t n) : p_(p), end_(p + n) {}
    std::uint8_t u8() { return static_cast<std::uint8_t>(little_endian(1)); }
    std::uint32_t u32() { return static_cast<std::uint32_t>(little_endian(4)); }
    std::uint64_t u64() { return little_endian(8); }
    bool text(std::string& out) {
        const std::uint32_t n = u32();
        if (failed_ || n > remaining()) return fail();
        out.assign(reinterpret_cast<const char*>(p_), n);
        p_ += n;
        return true;
    }
    bool skip_equal(const char* s, std::size_t n) {
        if (n > remaining() || std::memcmp(p_, s, n) != 0) return fail();
        p_ += n;
        return true;
    }
    std::size_t remaining() const { return static_cast<std::size_t>(end_ - p_); }
    bool failed() const { return failed_; }

  private:
    std::uint64_t little_endian(unsigned width) {
        if (width > remaining()) {
            fail();
            return 0;
        }
        std::uint64_t v = 0;
        for (unsigned i = 0; i < width; ++i) v |= static_cast<std::uint64_t>(p_[i]) << (8 * i);
        p_ += width;
        return v;
    }
    bool fail() {
        failed_ = true;
        p_ = end_;
        return false;
    }

    const std::uint8_t* p_;
    const std::uint8_t* end_;
    bool failed_ = false;
};

// Smallest encoding of a frame and of an entry: bounds counts read from a
// damaged file before anything is allocated for them.
constexpr std::size_t kMinFrameBytes = 4 + 4 + 4 + 1;
constexpr std::size_t kMinEntryBytes = 8 + 4;

std::optional<ModuleSymbols> parse(const std::vector<std::uint8_t>& bytes, const std::string& key) {
    if (bytes.size() < kMagicSize + 4 + 4) return std::nullopt;
    const std::size_t body = bytes.size() - 4;
    Reader crc_field(bytes.data() + body, 4);
    if (crc_field.u32() != format::crc32(bytes.data(), body)) return std::nullopt;

    Reader in(bytes.data(), body);
    if (!in.skip_equal(kMagic, kMagicSize) || in.u32() != kVersion) return std::nullopt;
    std::string stored_key;
    if (!in.text(stored_key) || stored_key != key) return std::nullopt;
    const std::uint32_t count = in.u32();
    if (in.failed() || count > in.remaining() / kMinEntryBytes) return std::nullopt;
    ModuleSymbols entries;
    entries.reserve(count);
    for (std::uint32_t i = 0; i < count; ++i) {
        const std::uint64_t entry_key = in.u64();
        const std::uint32_t frames = in.u32();
        if (in.failed() || frames == 0 || frames > in.remaining() / kMinFrameBytes)
            return std::nullopt;
        std::vector<Frame> resolved(frames);
        for (Frame& f : resolved) {
            if (!in.text(f.function) || !in.text(f.file)) return std::nullopt;
            f.line = in.u32();
            const std::uint8_t inlined = in.u8();
            if (in.failed() || inlined > 1) return std::nullopt;
            f.inlined = inlined == 1;
        }
        entries[entry_key] = std::move(resolved);
    }
    if (in.remaining() != 0) return std::nullopt;
    return entries;
}

}  // namespace

std::optional<ModuleSymbols> read_symbol_cache_file(const std::string& path,
                                                    const std::string& key) {
    std::ifstream file(path, std::ios::binary);
    if (!file) return std::nullopt;
    const std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(file)),
                                          std::istreambuf_iterator<char>());
    if (file.bad()) return std::nullopt;
    return parse(bytes, key);
}

bool write_symbol_cache_file(const std::string& path, const std::string& key,
                             const ModuleSymbols& entries) {
    Writer out;
    out.raw(kMagic, kMagicSize);
    out.u32(kVersion);
    out.text(key);
    out.u32(static_cast<std::uint32_t>(entries.size()));
    for (const auto& [entry_key, frames] : entries) {
        out.u64(entry_key);
        out.u32(static_cast<std::uint32_t>(frames.size()));
        for (const Frame& f : frames) {
            out.text(f.function);
            out.text(f.file);
            out.u32(f.line);
            out.u8(f.inlined ? 1 : 0);
        }
    }
    out.u32(format::crc32(out.bytes().data(), out.bytes().size()));

    // Unique among processes (pid) and among writers in this one (counter).
    static std::atomic<unsigned> counter{0};
    const std::string temporary =
        path + ".tmp." + std::to_string(getpid()) + "." + std::to_string(counter.fetch_add(1));
    {
        std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
        file.write(out.bytes().data(), static_cast<std::streamsize>(out.bytes().size()));
        file.close();
        if (!file) {
            std::remove(temporary.c_str());
            return false;
        }
    }
    if (std::rename(temporary.c_str(), path.c_str()) != 0) {
        std::remove(temporary.c_str());
        return false;
    }
    return true;
}

}  // namespace memscope::symbols
