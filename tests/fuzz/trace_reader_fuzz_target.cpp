// libFuzzer entry point for the trace reader: any input, turned into a trace
// file (fuzz_input.h), must either be rejected with TraceError or be read to the
// end (possibly as truncated) without crashing, hanging or reading out of bounds.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fuzz_input.h"
#include "trace/trace_reader.h"

namespace {

// Touches every field so the sanitizers see each value the reader produced,
// and asks the reader what is still to come as the heap replay does: paired
// allocations at every free it did not pair, and whether a thread (its own
// or another) frees the address first at the event's time.
class CheckingSink : public memscope::trace::EventSink {
  public:
    void on_event(const memscope::trace::Event& e) override {
        using memscope::trace::EventKind;
        checksum_ += e.time_ns ^ e.address ^ e.size ^ e.value ^ e.stack ^ e.tid;
        for (const char c : e.text) checksum_ += static_cast<unsigned char>(c);
        if (undelivered_ == nullptr) return;
        if (e.kind == EventKind::kFree && !e.chunk_paired)
            undelivered_->live_at(e.address, [&](const memscope::trace::Event& alloc) {
                checksum_ += alloc.size ^ alloc.stack ^ alloc.tid ^ alloc.time_ns;
            });
        if (e.kind == EventKind::kFree || e.kind == EventKind::kAlloc)
            for (const std::uint32_t tid : {e.tid, e.tid + 1})
                checksum_ += undelivered_->frees_first_at(tid, e.address, e.time_ns) ? 1 : 0;
    }
    void attach_undelivered_events(const memscope::trace::UndeliveredEvents* undelivered) override {
        undelivered_ = undelivered;
    }
    std::uint64_t checksum() const { return checksum_; }

  private:
    std::uint64_t checksum_ = 0;
    const memscope::trace::UndeliveredEvents* undelivered_ = nullptr;
};

// The reader takes a path; an in-memory file avoids touching the disk per input.
int input_fd() {
    static const int fd = static_cast<int>(::memfd_create("memscope-fuzz", MFD_CLOEXEC));
    return fd;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* input, std::size_t input_size) {
    const std::vector<std::uint8_t> file = memscope::fuzzing::trace_file_for(input, input_size);
    const std::uint8_t* data = file.data();
    const std::size_t size = file.size();
    const int fd = input_fd();
    if (fd < 0 || ::ftruncate(fd, 0) != 0) return 0;
    std::size_t written = 0;
    while (written < size) {
        const ssize_t n = ::pwrite(fd, data + written, size - written, static_cast<off_t>(written));
        if (n <= 0) return 0;
        written += static_cast<std::size_t>(n);
    }
    const std::string path = "/proc/self/fd/" + std::to_string(fd);
    try {
        memscope::trace::TraceReader reader(path);
        CheckingSink sink;
        reader.read_events(sink);
        for (const auto& [id, node] : reader.stacks()) {
            volatile std::size_t depth = reader.stack_frames(id).size();
            (void)depth;
            (void)node;
        }
        volatile std::uint64_t keep = sink.checksum() + reader.event_count();
        (void)keep;
    } catch (const memscope::trace::TraceError&) {
        // Rejected input is a valid outcome.
    }
    return 0;
}
