#include "runtime/core/thread_stream.h"

#include <fcntl.h>
#include <pthread.h>
#include <unistd.h>

#include "runtime/core/event_clock.h"
#include "runtime/core/record_encoder.h"
#include "runtime/core/reentrancy_guard.h"
#include "runtime/core/system_calls.h"

namespace memscope::runtime {

__thread ThreadSlot* tls_thread_slot __attribute__((tls_model("initial-exec"))) = nullptr;

namespace {

// Set when attaching failed, so a thread without a slot does not retry (and
// rescan the registry) on every event.
__thread bool tls_cannot_attach __attribute__((tls_model("initial-exec"))) = false;
// Set once the thread's exit was recorded: events from later TLS destructors
// re-attach it without a second kThreadStart.
__thread bool tls_exited __attribute__((tls_model("initial-exec"))) = false;
// The thread's second stream, used only by signal handlers that interrupt a
// hook while it records (reentrancy_guard.h), and the first stream's slot while
// the second is in use.
__thread ThreadSlot* tls_signal_slot __attribute__((tls_model("initial-exec"))) = nullptr;
__thread ThreadSlot* tls_interrupted_slot __attribute__((tls_model("initial-exec"))) = nullptr;

// Full buffers the writer may lag behind before producers wait for it. Each
// is 1 MiB of resident memory: with threads that allocate faster than the
// writer codes their events (churn: two threads against one writer) the queue
// would otherwise grow for as long as the program runs. 4 keeps the writer
// busy through a burst while bounding what the recorder adds to the RSS.
constexpr std::uint32_t kBacklogLimit = 4;
// A writer that drains nothing for this long is stuck (a full disk that
// blocks, a stopped process): then producers go on and drop events, counted,
// once the backlog reaches kBacklogDropLimit.
constexpr std::uint64_t kBacklogWaitNs = 10ull * 1000000000ull;
constexpr std::uint32_t kBacklogDropLimit = 256;

pthread_key_t g_exit_key;
std::atomic<std::uint32_t> g_exit_key_state{0};  // 0 none, 1 creating, 2 ready, 3 failed

bool ensure_exit_key() {
    std::uint32_t s = g_exit_key_state.load(std::memory_order_acquire);
    if (s == 2) return true;
    if (s == 0 && g_exit_key_state.compare_exchange_strong(s, 1, std::memory_order_acq_rel)) {
        const bool ok = pthread_key_create(&g_exit_key, [](void* slot) {
                            detach_thread(static_cast<ThreadSlot*>(slot));
                        }) == 0;
        g_exit_key_state.store(ok ? 2 : 3, std::memory_order_release);
        return ok;
    }
    while ((s = g_exit_key_state.load(std::memory_order_acquire)) == 1) sleep_ns(10000);
    return s == 2;
}

EventBuffer* next_buffer() {
    Recorder& r = g_recorder;
    if (r.pool.backlog() >= kBacklogLimit && r.writer_running.load(std::memory_order_relaxed)) {
        // Back-pressure: give the writer time rather than grow without bound.
        for (std::uint64_t waited = 0; waited < kBacklogWaitNs; waited += 100000) {
            wake_writer();
            sleep_ns(100000);
            if (r.pool.backlog() < kBacklogLimit ||
                !r.writer_running.load(std::memory_order_relaxed))
                break;
        }
        if (r.pool.backlog() >= kBacklogDropLimit) return nullptr;
    }
    return r.pool.acquire();
}

bool make_room_in_thread_stream(RecordStream& stream, std::uint32_t need) {
    if (need > kEventBufferBytes) return false;
    auto* slot = static_cast<ThreadSlot*>(stream.owner);
    EventBuffer* fresh = next_buffer();
    if (fresh == nullptr) {
        count_lost_event();
        return false;
    }
    EventBuffer* full = stream.buffer;
    fresh->start(slot->tid, slot->index, ++slot->next_seq, stream.last_ts, stream.address.previous);
    stream.buffer = fresh;
    stream.pos = 0;
    // Publish the successor before queueing the full buffer: once the writer has
    // recycled it, `current` must no longer point at it.
    slot->current.store(fresh, std::memory_order_release);
    g_recorder.pool.push_full(full);
    wake_writer();
    return true;
}

// Thread names are at most 15 bytes (TASK_COMM_LEN).
std::uint32_t read_thread_name(std::uint32_t tid, char* name) {
    char path[64] = "/proc/self/task/";
    std::size_t n = 16;
    char digits[12];
    int d = 0;
    do {
        digits[d++] = static_cast<char>('0' + tid % 10);
        tid /= 10;
    } while (tid != 0);
    while (d > 0) path[n++] = digits[--d];
    const char tail[] = "/comm";
    for (char c : tail) path[n++] = c;
    const int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    const long got = read_whole(fd, name, 16);
    close(fd);
    if (got <= 0) return 0;
    std::uint32_t len = static_cast<std::uint32_t>(got);
    while (len > 0 && (name[len - 1] == '\n' || name[len - 1] == '\0')) --len;
    return len;
}

}  // namespace

void wake_writer() {
    g_recorder.wake_word.fetch_add(1, std::memory_order_release);
    futex_wake_all(g_recorder.wake_word);
}

void enter_nested_stream() {
    tls_interrupted_slot = tls_thread_slot;
    tls_thread_slot = tls_signal_slot;
}

void leave_nested_stream() {
    tls_signal_slot = tls_thread_slot;
    tls_thread_slot = tls_interrupted_slot;
    tls_interrupted_slot = nullptr;
}

ThreadSlot* attach_current_thread() {
    // The second stream of a thread: no exit key (the first stream's exit
    // retires both) and no second kThreadStart for the same tid.
    const bool second_stream = tls_nested_active;
    if (tls_cannot_attach && !second_stream) return nullptr;
    RecorderScope scope;  // pthread_setspecific may allocate
    // A failed first stream is not retried on every event; a second stream is.
    auto give_up = [second_stream] {
        if (!second_stream) tls_cannot_attach = true;
        return nullptr;
    };
    if (!ensure_recorder_core() || !ensure_exit_key()) return give_up();
    Recorder& r = g_recorder;
    ThreadSlot* slot = r.threads.claim();
    if (slot == nullptr) {
        count_lost_event();
        return give_up();
    }
    EventBuffer* buffer = r.pool.acquire();
    if (buffer == nullptr) {
        r.threads.release(slot);
        count_lost_event();
        return give_up();
    }
    const std::uint64_t now = event_clock_ns();
    slot->tid = current_tid();
    slot->next_seq = 0;
    slot->stacks.depth = 0;
    RecordStream& s = slot->stream;
    s.buffer = buffer;
    s.pos = 0;
    s.last_ts = now;
    s.address.previous = 0;
    s.make_room = make_room_in_thread_stream;
    s.owner = slot;
    buffer->start(slot->tid, slot->index, 0, now, 0);
    slot->current.store(buffer, std::memory_order_release);
    tls_thread_slot = slot;
    if (second_stream) return slot;
    pthread_setspecific(g_exit_key, slot);

    if (tls_exited) return slot;
    put_plain(s, format::RecordType::kThreadStart, now);
    char name[16];
    const std::uint32_t len = read_thread_name(slot->tid, name);
    if (len != 0) put_text(s, format::RecordType::kThreadName, now, name, len);
    return slot;
}

namespace {

void retire_slot(ThreadSlot* slot) {
    RecordStream& s = slot->stream;
    put_plain(s, format::RecordType::kThreadExit, event_clock_ns());
    EventBuffer* last = s.buffer;
    last->last_of_thread = true;
    s.buffer = nullptr;
    slot->current.store(nullptr, std::memory_order_release);
    slot->status.store(kSlotRetired, std::memory_order_relaxed);
    g_recorder.pool.push_full(last);
}

}  // namespace

void detach_thread(ThreadSlot* slot) {
    if (slot == nullptr) return;
    RecorderScope scope;
    if (tls_thread_slot == slot) tls_thread_slot = nullptr;
    ThreadSlot* second = tls_signal_slot;
    tls_signal_slot = nullptr;
    tls_exited = true;
    Recorder& r = g_recorder;
    if (r.state.load(std::memory_order_relaxed) == kOff) return;
    retire_slot(slot);
    if (second != nullptr && second != slot) retire_slot(second);
    wake_writer();
}

void forget_current_thread() {
    tls_thread_slot = nullptr;
    tls_signal_slot = nullptr;
    tls_interrupted_slot = nullptr;
    tls_cannot_attach = false;
    tls_exited = false;
    if (g_exit_key_state.load(std::memory_order_acquire) == 2)
        pthread_setspecific(g_exit_key, nullptr);
}

}  // namespace memscope::runtime
