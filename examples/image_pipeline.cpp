// A small image-processing pipeline with the memory habits real programs have:
// a peak while frames are batched, short-lived scratch buffers, a cache that
// grows by realloc, and a leak in an error path. `make demo` profiles it.
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

namespace {

struct Frame {
    int width;
    int height;
    std::vector<unsigned char> pixels;
};

__attribute__((noinline)) Frame load_frame(int index) {
    Frame f{640, 480, std::vector<unsigned char>(640u * 480u * 3u)};
    std::memset(f.pixels.data(), index & 0xff, f.pixels.size());
    return f;
}

__attribute__((noinline)) unsigned long blur(const Frame& f) {
    // Scratch row buffer, freed right away: a temporary allocation.
    unsigned long sum = 0;
    for (int y = 0; y < f.height; y += 16) {
        auto* row = static_cast<unsigned char*>(std::malloc(static_cast<size_t>(f.width) * 3));
        std::memcpy(row, f.pixels.data() + static_cast<size_t>(y) * f.width * 3,
                    static_cast<size_t>(f.width) * 3);
        sum += row[0];
        std::free(row);
    }
    return sum;
}

struct LabelCache {
    char* data = nullptr;
    size_t size = 0;
    __attribute__((noinline)) void add(const std::string& label) {
        data = static_cast<char*>(std::realloc(data, size + label.size() + 1));
        std::memcpy(data + size, label.c_str(), label.size() + 1);
        size += label.size() + 1;
    }
    ~LabelCache() { std::free(data); }
};

__attribute__((noinline)) char* describe_failure(int index) {
    // Leaked on purpose: the caller forgets the message on the error path.
    auto* msg = static_cast<char*>(std::malloc(256));
    std::memset(msg, 0, 256);
    msg[0] = static_cast<char>('0' + index % 10);
    return msg;
}

}  // namespace

int main() {
    LabelCache cache;
    unsigned long checksum = 0;
    for (int batch = 0; batch < 4; ++batch) {
        std::vector<Frame> frames;
        for (int i = 0; i < 8; ++i) frames.push_back(load_frame(batch * 8 + i));
        for (const auto& f : frames) checksum += blur(f);
        cache.add("batch-" + std::to_string(batch) + "-processed-with-a-long-label");
        if (batch % 2 == 1) {
            char* msg = describe_failure(batch);
            checksum += static_cast<unsigned char>(msg[0]);
        }
    }
    return checksum == 42 ? 1 : 0;
}
