// Runs the call-graph fuzz target without libFuzzer, so that the sanitizer
// builds exercise the .ci reader's error paths: every seed as it is, cut at
// every length, with bytes replaced by the characters its grammar turns on
// (quotes, braces, colons, backslashes, newlines, digits), and soups of its
// tokens. Deterministic: a failure reproduces with the same seeds.
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

void run(const std::string& text) {
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> seeds;
    for (int i = 1; i < argc; ++i) {
        std::vector<std::filesystem::path> files;
        for (const auto& entry : std::filesystem::directory_iterator(argv[i]))
            if (entry.is_regular_file()) files.push_back(entry.path());
        std::sort(files.begin(), files.end());
        for (const auto& file : files) {
            std::ifstream in(file, std::ios::binary);
            seeds.emplace_back(std::istreambuf_iterator<char>(in),
                               std::istreambuf_iterator<char>());
        }
    }
    if (seeds.empty()) {
        std::fprintf(stderr, "callgraph replay: no seeds in the given directories\n");
        return 1;
    }
    const std::string grammar = "\"{}:\\\n 0123456789bytes(static)dynamic,bounded";
    const char* tokens[] = {"graph: {",
                            "node: {",
                            "edge: {",
                            "}",
                            "title: \"f\"",
                            "title: \"g\"",
                            "label: \"f\\nx.c:1:1\\n16 bytes (static)\"",
                            "label: \"g\\nx.c:2:1\\n99999999999999999999 bytes (dynamic)\"",
                            "sourcename: \"f\"",
                            "targetname: \"g\"",
                            "targetname: \"f\"",
                            "title: \"__indirect_call\"",
                            "shape : ellipse",
                            "\"",
                            "\\"};
    std::mt19937_64 random(20261122);
    std::size_t inputs = 0;
    for (const std::string& seed : seeds) {
        run(seed);
        for (std::size_t cut = 0; cut < seed.size(); ++cut, ++inputs) run(seed.substr(0, cut));
        for (int round = 0; round < 2000; ++round, ++inputs) {
            std::string damaged = seed;
            const int changes = 1 + static_cast<int>(random() % 4);
            for (int c = 0; c < changes && !damaged.empty(); ++c)
                damaged[random() % damaged.size()] = grammar[random() % grammar.size()];
            run(damaged);
        }
    }
    for (int round = 0; round < 3000; ++round, ++inputs) {
        std::string soup;
        const int n = static_cast<int>(random() % 40);
        for (int i = 0; i < n; ++i) soup += std::string(tokens[random() % std::size(tokens)]) + " ";
        run(soup);
    }
    std::printf("callgraph replay: %zu inputs from %zu seeds\n", inputs, seeds.size());
    return 0;
}
