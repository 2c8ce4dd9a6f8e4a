// A program whose allocating functions have names that are markup: the HTML
// report and the SVG flame graph must show them as text. The names reach the
// symbolizer three ways: an assembler label (an ELF symbol, hostile_symbol.cpp),
// a user-defined literal operator (operator"" _kib, with its double quotes)
// and a template instantiated on a type named `script` (make<script>).
// Two threads and a steady churn give the report a timeline, temporaries,
// per-thread figures and leaks to show.
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

// Hidden: a direct call, since GNU as cannot write `"name"@PLT`.
extern "C" __attribute__((visibility("hidden"))) void* hostile_symbol_alloc(std::size_t n) __asm__(
    "\"evil<script>alert(1)</script>&amp;'q'\"");

struct script {
    char bytes[48];
};

template <class T>
__attribute__((noinline)) T* make() {
    return static_cast<T*>(std::calloc(1, sizeof(T)));
}

__attribute__((noinline)) void* operator""_kib(unsigned long long n) {
    return hostile_symbol_alloc(n * 1024);
}

namespace {

__attribute__((noinline)) void churn(int rounds, std::vector<void*>& kept) {
    for (int i = 0; i < rounds; ++i) {
        void* temporary = std::malloc(16 + static_cast<std::size_t>(i % 512));
        std::memset(temporary, 1, 16);
        std::free(temporary);
        if (i % 8 == 0) kept.push_back(make<script>());
        if (kept.size() > 200) {
            for (void* p : kept) std::free(p);
            kept.clear();
        }
    }
}

}  // namespace

int main() {
    void* leaked_symbol = 3_kib;               // leaked on purpose
    script* leaked_template = make<script>();  // leaked on purpose
    std::vector<void*> kept_main;
    std::vector<void*> kept_worker;
    kept_main.reserve(256);
    kept_worker.reserve(256);
    std::thread worker([&] { churn(20000, kept_worker); });
    churn(20000, kept_main);
    worker.join();
    void* big = 64_kib;
    std::free(big);
    for (void* p : kept_main) std::free(p);
    for (void* p : kept_worker) std::free(p);
    return leaked_symbol != nullptr && leaked_template != nullptr ? 0 : 1;
}
