// Runs the fuzz target without libFuzzer: every file under the given
// directories, plus deterministic damage of each (every cut length on a
// stride, byte flips), so sanitizer builds exercise the reader's error paths.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::vector<std::uint8_t> read_file(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void run(const std::vector<std::uint8_t>& bytes) {
    LLVMFuzzerTestOneInput(bytes.data(), bytes.size());
}

std::size_t replay(const std::vector<std::uint8_t>& seed, std::mt19937& rng) {
    std::size_t runs = 0;
    run(seed);
    ++runs;
    const std::size_t stride = seed.size() / 64 + 1;
    for (std::size_t cut = 0; cut < seed.size(); cut += stride) {
        run(std::vector<std::uint8_t>(seed.begin(), seed.begin() + static_cast<long>(cut)));
        ++runs;
    }
    for (int round = 0; round < 200 && !seed.empty(); ++round) {
        std::vector<std::uint8_t> damaged = seed;
        const int flips = 1 + static_cast<int>(rng() % 4);
        for (int f = 0; f < flips; ++f)
            damaged[rng() % damaged.size()] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
        run(damaged);
        ++runs;
    }
    return runs;
}

}  // namespace

int main(int argc, char** argv) {
    std::mt19937 rng(20240229);
    std::size_t files = 0;
    std::size_t runs = 0;
    for (int i = 1; i < argc; ++i) {
        std::error_code ec;
        for (const auto& entry : std::filesystem::directory_iterator(argv[i], ec)) {
            if (!entry.is_regular_file()) continue;
            runs += replay(read_file(entry.path()), rng);
            ++files;
        }
        if (ec) {
            std::fprintf(stderr, "cannot list %s: %s\n", argv[i], ec.message().c_str());
            return 1;
        }
    }
    if (files == 0) {
        std::fprintf(stderr, "no corpus files found\n");
        return 1;
    }
    std::printf("replayed %zu files as %zu inputs\n", files, runs);
    return 0;
}
