// The C++ side of the header: the RAII phase, in a program that links no
// memscope library.
#include <memscope/memscope.h>

#include <cstdio>
#include <memory>

int main() {
    {
        memscope::Phase phase("consumer");
        memscope_mark("consumer-mark");
        auto block = std::make_unique<char[]>(123);
        block[0] = 1;
    }
    std::printf("recording %d\n", memscope_recording());
    return 0;
}
