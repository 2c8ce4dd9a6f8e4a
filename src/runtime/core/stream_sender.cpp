#include "runtime/core/stream_sender.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/core/clock.h"
#include "runtime/core/recorder_memory.h"
#include "runtime/core/recorder_warning.h"

namespace memscope::runtime {

namespace {

constexpr std::uint64_t kMs = 1000000ull;
constexpr std::size_t kBufferBytes = 256 * 1024;
// One pump sends at most this much, so a client catching up on a long trace
// cannot hold the writer away from the program's buffers for long.
constexpr std::uint64_t kPumpBudgetBytes = 8ull << 20;
constexpr std::uint64_t kAcceptPeriodNs = 50 * kMs;
// A client that takes nothing for this long while data waits is dropped.
constexpr std::uint64_t kStallNs = 5000 * kMs;
// A client that was once up to date and then falls this far behind is dropped:
// it reads, but slower than the program produces events.
constexpr std::uint64_t kMaxLagBytes = 256ull << 20;
// At the end of the trace the client is given the last chunks while it keeps
// taking them, but the program's exit is never held up longer than this.
constexpr std::uint64_t kFinishIdleNs = 200 * kMs;
constexpr std::uint64_t kFinishTotalNs = 1000 * kMs;

bool parse_milliseconds(const char* text, std::uint64_t& ns) {
    if (text == nullptr || *text == '\0') return false;
    std::uint64_t v = 0;
    for (const char* p = text; *p != '\0'; ++p) {
        if (*p < '0' || *p > '9' || v > 86400000ull) return false;
        v = v * 10 + static_cast<std::uint64_t>(*p - '0');
    }
    ns = v * kMs;
    return true;
}

// A socket file left behind by a recorder that died: nobody accepts on it.
bool is_stale_socket(const sockaddr_storage& address, socklen_t length, const char* path) {
    struct stat st;
    if (lstat(path, &st) != 0 || !S_ISSOCK(st.st_mode)) return false;
    const int probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (probe < 0) return false;
    const bool refused = connect(probe, reinterpret_cast<const sockaddr*>(&address), length) != 0 &&
                         errno == ECONNREFUSED;
    close(probe);
    return refused;
}

}  // namespace

void StreamSender::configure_from_environment() {
    if (configured_) return;
    configured_ = true;
    const char* text = getenv("MEMSCOPE_STREAM");
    if (text == nullptr || *text == '\0') return;
    if (const char* problem = parse_stream_address(text, address_); problem != nullptr) {
        warn_line("MEMSCOPE_STREAM=", text, ": ", problem, "; not streaming");
        address_ = StreamAddress();
        return;
    }
    const char* remote = getenv("MEMSCOPE_STREAM_ALLOW_REMOTE");
    allow_remote_ = remote != nullptr && remote[0] == '1' && remote[1] == '\0';
    if (!address_.is_loopback() && !allow_remote_) {
        warn_line("MEMSCOPE_STREAM=", text,
                  ": not a loopback address; not streaming (set MEMSCOPE_STREAM_ALLOW_REMOTE=1 to "
                  "allow it)");
        address_ = StreamAddress();
        return;
    }
    parse_milliseconds(getenv("MEMSCOPE_STREAM_WAIT_MS"), wait_ns_);
}

bool StreamSender::listen(std::uint32_t pid, bool is_root) {
    if (address_.transport == StreamTransport::kNone) return false;
    const bool per_process = address_.transport == StreamTransport::kUnix &&
                             output_pattern_has_pid(address_.unix_pattern);
    if (!per_process && !is_root) return false;
    sockaddr_storage address;
    const socklen_t length = stream_socket_address(address_, pid, address);
    const char* shown = address_.transport == StreamTransport::kUnix
                            ? reinterpret_cast<const sockaddr_un&>(address).sun_path
                            : getenv("MEMSCOPE_STREAM");
    if (length == 0) {
        warn_line("cannot stream to ", shown, ": the socket path is too long; not streaming");
        return false;
    }
    const int family = address_.transport == StreamTransport::kUnix ? AF_UNIX : address_.family;
    const int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        warn_line("cannot stream to ", shown, ": ", strerror(errno), "; not streaming");
        return false;
    }
    const auto* raw = reinterpret_cast<const sockaddr*>(&address);
    int rc = 0;
    if (family == AF_UNIX) {
        rc = bind(fd, raw, length);
        if (rc != 0 && errno == EADDRINUSE && is_stale_socket(address, length, shown)) {
            unlink(shown);
            rc = bind(fd, raw, length);
        }
        // The stream shows the program's command line and memory: owner only.
        if (rc == 0) chmod(shown, 0600);
    } else {
        const int on = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on));
        rc = bind(fd, raw, length);
    }
    if (rc != 0 || ::listen(fd, 4) != 0) {
        const int error = errno;
        close(fd);
        warn_line("cannot stream to ", shown, ": ", strerror(error), "; not streaming");
        return false;
    }
    buffer_ = static_cast<std::uint8_t*>(recorder_map(kBufferBytes));
    if (buffer_ == nullptr) {
        close(fd);
        if (family == AF_UNIX) unlink(shown);
        warn_line("cannot stream to ", shown, ": out of memory; not streaming");
        return false;
    }
    if (family == AF_UNIX) {
        const std::size_t n = strnlen(shown, sizeof(unix_path_) - 1);
        memcpy(unix_path_, shown, n);
        unix_path_[n] = '\0';
    }
    owner_pid_ = pid;
    listener_.adopt(fd);
    return active();
}

void StreamSender::wait_for_first_client(bool is_root) {
    if (!is_root || wait_ns_ == 0 || !active()) return;
    pollfd p{listener_.fd(), POLLIN, 0};
    const std::uint64_t deadline = monotonic_ns() + wait_ns_;
    for (;;) {
        const std::uint64_t now = monotonic_ns();
        if (now >= deadline) return;
        const int rc = poll(&p, 1, static_cast<int>((deadline - now) / kMs) + 1);
        if (rc > 0 || (rc < 0 && errno != EINTR)) return;
    }
}

bool StreamSender::accept_client(const char* trace_path, std::uint64_t now_ns) {
    const int fd = accept4(listener_.fd(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return false;
    const int file = open(trace_path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (file < 0) {
        close(fd);
        return false;
    }
    client_.adopt(fd);
    trace_.adopt(file);
    if (client_.fd() < 0 || trace_.fd() < 0) {
        drop_client(nullptr);
        return false;
    }
    sent_ = 0;
    last_progress_ns_ = now_ns;
    caught_up_ = false;
    return true;
}

bool StreamSender::client_hung_up() const {
    pollfd p{client_.fd(), POLLRDHUP, 0};
    return poll(&p, 1, 0) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR | POLLNVAL)) != 0;
}

void StreamSender::refuse_extra_clients() {
    for (;;) {
        const int fd = accept4(listener_.fd(), nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) return;
        close(fd);  // one client at a time: the latecomer sees the stream end at once
    }
}

void StreamSender::drop_client(const char* why) {
    if (why != nullptr)
        warn_line("stream client ", why, "; disconnected it (the trace file has every event)");
    client_.close_if_ours();
    trace_.close_if_ours();
}

bool StreamSender::send_available(std::uint64_t file_end, std::uint64_t now_ns) {
    std::uint64_t budget = kPumpBudgetBytes;
    while (sent_ < file_end && budget > 0) {
        std::uint64_t want = file_end - sent_;
        if (want > kBufferBytes) want = kBufferBytes;
        const ssize_t got = pread(trace_.fd(), buffer_, want, static_cast<off_t>(sent_));
        if (got <= 0) break;  // the file was cut back (a failed exec): nothing more yet
        const ssize_t put =
            send(client_.fd(), buffer_, static_cast<std::size_t>(got), MSG_DONTWAIT | MSG_NOSIGNAL);
        if (put < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) break;
            drop_client(nullptr);  // the client went away: a viewer that quit
            return false;
        }
        sent_ += static_cast<std::uint64_t>(put);
        budget -=
            static_cast<std::uint64_t>(put) < budget ? static_cast<std::uint64_t>(put) : budget;
        last_progress_ns_ = now_ns;
        if (put < got) break;  // the socket buffer is full
    }
    if (sent_ >= file_end) {
        caught_up_ = true;
        last_progress_ns_ = now_ns;
        return true;
    }
    if (now_ns - last_progress_ns_ > kStallNs) {
        drop_client("stopped reading for 5 s");
        return false;
    }
    if (caught_up_ && file_end - sent_ > kMaxLagBytes) {
        drop_client("fell more than 256 MiB behind the trace");
        return false;
    }
    return true;
}

void StreamSender::pump(const char* trace_path, std::uint64_t file_end, std::uint64_t now_ns) {
    if (!active()) return;
    if (now_ns >= next_accept_ns_) {
        next_accept_ns_ = now_ns + kAcceptPeriodNs;
        if (!listener_.still_ours()) {
            // The program closed our descriptor: streaming ends, recording goes on.
            drop_client(nullptr);
            listener_ = OwnedDescriptor();
            return;
        }
        // A viewer that quit while nothing was sent is noticed here, so the
        // next one is not turned away.
        if (client_.fd() >= 0 && client_hung_up()) drop_client(nullptr);
        if (client_.fd() >= 0)
            refuse_extra_clients();
        else if (!accept_client(trace_path, now_ns))
            return;
    }
    if (client_.fd() < 0) return;
    if (!client_.still_ours() || !trace_.still_ours()) {
        client_ = OwnedDescriptor();
        trace_ = OwnedDescriptor();
        return;
    }
    send_available(file_end, now_ns);
}

void StreamSender::finish(const char* trace_path, std::uint64_t file_end) {
    if (!active()) return;
    const std::uint64_t start = monotonic_ns();
    if (client_.fd() < 0 && listener_.still_ours()) accept_client(trace_path, start);
    const char* why = nullptr;
    while (client_.fd() >= 0 && client_.still_ours() && trace_.still_ours()) {
        const std::uint64_t now = monotonic_ns();
        if (!send_available(file_end, now) || sent_ >= file_end) break;
        if (now - start > kFinishTotalNs || now - last_progress_ns_ > kFinishIdleNs) {
            why = "could not take the end of the trace within 1 s";
            break;
        }
        pollfd p{client_.fd(), POLLOUT, 0};
        poll(&p, 1, 50);
    }
    drop_client(why);
    listener_.close_if_ours();
    if (unix_path_[0] != '\0' && static_cast<std::uint32_t>(getpid()) == owner_pid_)
        unlink(unix_path_);
    unix_path_[0] = '\0';
}

void StreamSender::forget_in_child() {
    client_.close_if_ours();
    trace_.close_if_ours();
    listener_.close_if_ours();
    unix_path_[0] = '\0';  // the parent's socket file stays the parent's
    owner_pid_ = 0;
    buffer_ = nullptr;  // unmapped with the rest of the recorder's memory
    sent_ = 0;
    next_accept_ns_ = 0;
}

}  // namespace memscope::runtime
