// Runs the ELF fuzz target without libFuzzer, so that the sanitizer builds
// exercise the ELF reader's error paths: every file under the given
// directories as it is, cut at many lengths, damaged where the reader looks
// (ELF header, program and section header tables, symbol and string tables),
// and random bytes behind an ELF identification. Deterministic: a failure
// reproduces with the same seeds.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Region {
    std::uint64_t begin = 0;
    std::uint64_t end = 0;
};

// Reads just enough of a well-formed seed to know where its tables are; it
// is independent of libelf on purpose, so that the damage does not follow
// the reader's own view of the file. Damaged or foreign seeds give fewer regions.
class SeedLayout {
  public:
    explicit SeedLayout(const Bytes& bytes) : bytes_(bytes) {
        if (bytes.size() < 16 || bytes[0] != 0x7f || bytes[1] != 'E' || bytes[2] != 'L' ||
            bytes[3] != 'F')
            return;
        wide_ = bytes[4] == 2;
        big_endian_ = bytes[5] == 2;
        const std::uint64_t header_size = wide_ ? 64 : 52;
        add({0, header_size});
        if (bytes.size() < header_size) return;
        const std::uint64_t phoff = wide_ ? word(32, 8) : word(28, 4);
        const std::uint64_t shoff = wide_ ? word(40, 8) : word(32, 4);
        const std::size_t at = wide_ ? 54 : 42;  // e_phentsize, e_phnum, e_shentsize, e_shnum
        const std::uint64_t phentsize = word(at, 2), phnum = word(at + 2, 2);
        const std::uint64_t shentsize = word(at + 4, 2), shnum = word(at + 6, 2);
        add({phoff, phoff + phentsize * phnum});
        add({shoff, shoff + shentsize * shnum});
        if (shentsize < (wide_ ? 64u : 40u)) return;
        for (std::uint64_t i = 0; i < shnum; ++i) {
            const std::uint64_t sh = shoff + i * shentsize;
            if (sh + shentsize > bytes.size()) break;
            const std::uint64_t type = word(sh + 4, 4);
            const std::uint64_t offset = wide_ ? word(sh + 24, 8) : word(sh + 16, 4);
            const std::uint64_t size = wide_ ? word(sh + 32, 8) : word(sh + 20, 4);
            // Symbol tables, their extended indices and every string table.
            if (type == 2 || type == 11 || type == 18 || type == 3) add({offset, offset + size});
        }
    }

    const std::vector<Region>& regions() const { return regions_; }

  private:
    std::uint64_t word(std::uint64_t at, unsigned width) const {
        if (at + width > bytes_.size()) return 0;
        std::uint64_t v = 0;
        for (unsigned i = 0; i < width; ++i) {
            const std::uint64_t b = bytes_[at + (big_endian_ ? i : width - 1 - i)];
            v = v << 8 | b;
        }
        return v;
    }

    void add(Region r) {
        r.end = std::min<std::uint64_t>(r.end, bytes_.size());
        if (r.begin < r.end) regions_.push_back(r);
    }

    const Bytes& bytes_;
    bool wide_ = false;
    bool big_endian_ = false;
    std::vector<Region> regions_;
};

class Replayer {
  public:
    std::size_t runs() const { return runs_; }

    void replay(const Bytes& seed) {
        run(seed);
        cuts(seed);
        const SeedLayout layout(seed);
        for (const Region& r : layout.regions()) damage(seed, r);
        if (!seed.empty()) damage(seed, {0, seed.size()});
    }

    // Whatever follows an identification the reader accepts.
    void garbage() {
        for (int round = 0; round < 1000; ++round) {
            Bytes bytes(static_cast<std::size_t>(rng_() % 4096));
            for (auto& b : bytes) b = static_cast<std::uint8_t>(rng_());
            const std::uint8_t ident[] = {0x7f,
                                          'E',
                                          'L',
                                          'F',
                                          static_cast<std::uint8_t>(1 + round % 2),
                                          static_cast<std::uint8_t>(1 + round / 2 % 2),
                                          1};
            std::copy_n(ident, std::min(sizeof ident, bytes.size()), bytes.begin());
            run(bytes);
        }
    }

  private:
    void run(const Bytes& bytes) {
        LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
        ++runs_;
    }

    // Every length through the headers, then on a stride to the end.
    void cuts(const Bytes& seed) {
        const std::size_t stride = seed.size() / 128 + 1;
        for (std::size_t cut = 0; cut < seed.size(); cut += cut < 128 ? 1 : stride)
            run(Bytes(seed.begin(), seed.begin() + static_cast<std::ptrdiff_t>(cut)));
    }

    // Bit flips, random bytes, and runs of 0x00 or 0xff (counts and offsets
    // at zero or at their maximum are what readers get wrong), inside one region.
    void damage(const Bytes& seed, Region r) {
        const std::uint64_t span = r.end - r.begin;
        for (int round = 0; round < 500; ++round) {
            Bytes damaged = seed;
            const int edits = 1 + static_cast<int>(rng_() % 4);
            for (int e = 0; e < edits; ++e) {
                const std::uint64_t at = r.begin + rng_() % span;
                switch (rng_() % 3) {
                    case 0:
                        damaged[at] ^= static_cast<std::uint8_t>(1u << (rng_() % 8));
                        break;
                    case 1:
                        damaged[at] = static_cast<std::uint8_t>(rng_());
                        break;
                    default: {
                        const std::uint8_t fill = rng_() % 2 == 0 ? 0x00 : 0xff;
                        const std::uint64_t len =
                            std::min<std::uint64_t>(std::uint64_t{1} << (rng_() % 4), r.end - at);
                        std::fill_n(damaged.begin() + static_cast<std::ptrdiff_t>(at), len, fill);
                    }
                }
            }
            run(damaged);
        }
    }

    std::mt19937_64 rng_{20240611};
    std::size_t runs_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
    Replayer replayer;
    std::size_t files = 0;
    for (int i = 1; i < argc; ++i) {
        std::error_code ec;
        std::vector<std::filesystem::path> paths;
        for (const auto& entry : std::filesystem::directory_iterator(argv[i], ec))
            if (entry.is_regular_file()) paths.push_back(entry.path());
        if (ec) {
            std::fprintf(stderr, "cannot list %s: %s\n", argv[i], ec.message().c_str());
            return 1;
        }
        // Directory order differs between file systems; the damage should not.
        std::sort(paths.begin(), paths.end());
        for (const auto& p : paths) {
            replayer.replay(read_file(p));
            ++files;
        }
    }
    if (files == 0) {
        std::fprintf(stderr, "no seed files found\n");
        return 1;
    }
    replayer.garbage();
    std::printf("replayed %zu files as %zu inputs\n", files, replayer.runs());
    return 0;
}
