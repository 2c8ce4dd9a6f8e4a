#include "support/sample_trace.h"

#include "support/trace_builder.h"

namespace memscope::testing {

// Return addresses: 0xa00/0xa08 inside libmemscope (dropped from stacks),
// 0xb00 operator new, 0xc01 make_buffer with an inlined helper, 0xd00 and 0xd10
// two lines of main, 0xe00 an unsymbolized frame of libfoo.so.
//
// Stacks (innermost first):  13: a00 b00 c01 d00   22: a00 c01 d10
//   31: a00 e00 d00   40: a00 d00   50: a08 b00 c01 d00 (prints like 13)   0: none
//
// Events (t = start + N us):
//   1 alloc 0x1000 1000 s13      2 alloc 0x2000 500 s22     3 alloc 0x3000 64 s31
//   3 mmap 8 pages               4 free 0x3000 (temporary)  5 alloc 0x4000 300 s40
//   -> peak 1800 B at 5 us       6 free 0x1000              6 munmap 2 pages
//   7 alloc 0x5000 200 s0 (tid 2)  8 alloc 0x6000 100 s13   8 lost 3 (tid 2)
//   9 alloc 0x7000 40 s50        10 exit status 0, max RSS 6 MiB; RSS sample 5 MiB at 2
// Totals: 7 allocations, 2204 B, 2 frees, 1 temporary, 5 blocks / 1140 B leaked.
void write_sample_trace(const std::string& path, bool clean_end) {
    constexpr std::uint64_t us = 1000;
    const std::uint64_t t0 = kSampleStart;
    TraceBuilder b;
    b.thread_name(1, t0, "main");
    b.stack_node(1, t0, 10, 0, 0xd00);
    b.stack_node(1, t0, 11, 10, 0xc01);
    b.stack_node(1, t0, 12, 11, 0xb00);
    b.stack_node(1, t0, 13, 12, 0xa00);
    b.stack_node(1, t0, 20, 0, 0xd10);
    b.stack_node(1, t0, 21, 20, 0xc01);
    b.stack_node(1, t0, 22, 21, 0xa00);
    b.stack_node(1, t0, 30, 10, 0xe00);
    b.stack_node(1, t0, 31, 30, 0xa00);
    b.stack_node(1, t0, 40, 10, 0xa00);
    b.stack_node(1, t0, 50, 12, 0xa08);
    b.alloc(1, t0 + 1 * us, 0x1000, 1000, 13);
    b.alloc(1, t0 + 2 * us, 0x2000, 500, 22);
    b.rss(1, t0 + 2 * us, 5 << 20);
    b.alloc(1, t0 + 3 * us, 0x3000, 64, 31);
    b.mmap(1, t0 + 3 * us, 0x7f00'0000'0000, 8 * 4096, 40);
    b.free(1, t0 + 4 * us, 0x3000);
    b.alloc(1, t0 + 5 * us, 0x4000, 300, 40);
    b.free(1, t0 + 6 * us, 0x1000);
    b.munmap(1, t0 + 6 * us, 0x7f00'0000'0000, 2 * 4096);
    b.flush(1);
    b.alloc(2, t0 + 7 * us, 0x5000, 200, 0);
    b.lost_events(2, t0 + 8 * us, 3);
    b.alloc(1, t0 + 8 * us, 0x6000, 100, 13);
    b.alloc(1, t0 + 9 * us, 0x7000, 40, 50);
    b.process_exit(1, t0 + 10 * us, format::ExitHow::kExit, 0, 6 << 20);
    b.write(path, clean_end);
}

FakeFrameSource sample_frames() {
    using F = FakeFrameSource;
    FakeFrameSource s;
    s.add(0xa00, {F::frame("malloc", "", 0, "/opt/memscope/lib/libmemscope.so", 0x1a00)});
    s.add(0xa08, {F::frame("malloc", "", 0, "/opt/memscope/lib/libmemscope.so", 0x1a08)});
    s.add(0xb00, {F::frame("operator new(unsigned long)", "", 0,
                           "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", 0xab00)});
    s.add(0xc01, {F::frame("inlined_helper", "/src/helper.h", 3, "/usr/bin/testapp", 0xc01, true),
                  F::frame("make_buffer", "/src/buffer.cpp", 10, "/usr/bin/testapp", 0xc01)});
    s.add(0xd00, {F::frame("main", "/src/main.cpp", 20, "/usr/bin/testapp", 0xd00)});
    s.add(0xd10, {F::frame("main", "/src/main.cpp", 25, "/usr/bin/testapp", 0xd10)});
    symbols::Frame unknown;
    unknown.module = "/usr/lib/libfoo.so";
    unknown.module_offset = 0x1e00;
    s.add(0xe00, {unknown});
    return s;
}

}  // namespace memscope::testing
