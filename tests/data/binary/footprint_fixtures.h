// Where the ELF footprint reader's test binaries are (tests/data/binary), and
// what binutils' size says about a file, for tests to compare against.
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <sstream>
#include <string>

namespace memscope::binary::test_fixture {

inline std::string data_dir() {
    return MEMSCOPE_TEST_DATA_DIR "/binary";
}
inline std::string host_fixture() {
    return data_dir() + "/footprint_fixture";
}
inline std::string stripped_fixture() {
    return data_dir() + "/stripped/footprint_fixture";
}
inline std::string i386_fixture() {
    return data_dir() + "/footprint_fixture_i386";
}
inline std::string ppc_fixture() {
    return data_dir() + "/footprint_fixture_ppc";
}

// The sizes footprint_fixture.c gives its objects.
constexpr std::uint64_t kBigZero = 123456;
constexpr std::uint64_t kInitialized = 4096;
constexpr std::uint64_t kTable = 10000;
constexpr std::uint64_t kTlsCounter = 25 * 4;
constexpr std::uint64_t kTlsZero = 300;

#ifdef MEMSCOPE_SIZE_PROGRAM
constexpr bool kHaveSize = true;
#else
constexpr bool kHaveSize = false;
#endif

struct BerkeleySizes {
    std::uint64_t text = 0;
    std::uint64_t data = 0;
    std::uint64_t bss = 0;
};

// The first row of `size --format=berkeley path`; nothing when size is not
// installed (see tests/data/binary/CMakeLists.txt) or fails on the file.
inline std::optional<BerkeleySizes> size_says(const std::string& path) {
#ifdef MEMSCOPE_SIZE_PROGRAM
    const std::string command =
        std::string("'") + MEMSCOPE_SIZE_PROGRAM + "' --format=berkeley '" + path + "' 2>/dev/null";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return std::nullopt;
    std::string output;
    std::array<char, 512> buffer{};
    while (std::fgets(buffer.data(), static_cast<int>(buffer.size()), pipe) != nullptr)
        output += buffer.data();
    if (::pclose(pipe) != 0) return std::nullopt;
    std::istringstream lines(output);
    std::string heading;
    BerkeleySizes sizes;
    if (!std::getline(lines, heading) || !(lines >> sizes.text >> sizes.data >> sizes.bss))
        return std::nullopt;
    return sizes;
#else
    (void)path;
    return std::nullopt;
#endif
}

}  // namespace memscope::binary::test_fixture
