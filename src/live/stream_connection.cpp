#include "live/stream_connection.h"

#include <errno.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstring>
#include <thread>
#include <utility>

#include "runtime/core/stream_address.h"

namespace memscope::live {

namespace {

constexpr std::chrono::milliseconds kRetryPeriod{50};

// The recorder is not listening yet (or no longer): worth another try.
bool not_listening_yet(int error) {
    return error == ENOENT || error == ECONNREFUSED || error == EAGAIN;
}

}  // namespace

std::string stream_address_problem(const std::string& address, bool allow_remote) {
    runtime::StreamAddress parsed;
    if (const char* problem = runtime::parse_stream_address(address.c_str(), parsed))
        return address + ": " + problem;
    if (!parsed.is_loopback() && !allow_remote)
        return address +
               " is not a loopback address: the stream would be readable from the network "
               "(add --stream-allow-remote to allow it)";
    return {};
}

StreamConnection StreamConnection::open(const std::string& address, std::chrono::milliseconds wait,
                                        const std::function<bool()>& still_worth_waiting) {
    runtime::StreamAddress parsed;
    if (const char* problem = runtime::parse_stream_address(address.c_str(), parsed))
        throw StreamError(address + ": " + problem);
    if (parsed.transport == runtime::StreamTransport::kUnix &&
        runtime::output_pattern_has_pid(parsed.unix_pattern))
        throw StreamError(address + ": name the socket of one process (%p is for `memscope run`)");
    sockaddr_storage target;
    const socklen_t length = runtime::stream_socket_address(parsed, 0, target);
    if (length == 0) throw StreamError(address + ": the socket path is too long");
    const int family =
        parsed.transport == runtime::StreamTransport::kUnix ? AF_UNIX : parsed.family;
    const auto deadline = std::chrono::steady_clock::now() + wait;
    for (;;) {
        const int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0) throw StreamError(std::string("cannot create a socket: ") + strerror(errno));
        if (connect(fd, reinterpret_cast<const sockaddr*>(&target), length) == 0)
            return StreamConnection(fd, address);
        const int error = errno;
        close(fd);
        const bool give_up = !not_listening_yet(error) ||
                             std::chrono::steady_clock::now() >= deadline ||
                             (still_worth_waiting && !still_worth_waiting());
        if (give_up)
            throw StreamError(
                "cannot connect to " + address + ": " + strerror(error) +
                (not_listening_yet(error) ? " (is a recorder streaming there?)" : ""));
        std::this_thread::sleep_for(kRetryPeriod);
    }
}

StreamConnection::StreamConnection(StreamConnection&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      address_(std::move(other.address_)),
      closed_(other.closed_) {}

StreamConnection::~StreamConnection() {
    if (fd_ >= 0) close(fd_);
}

std::size_t StreamConnection::receive(std::uint8_t* buffer, std::size_t capacity,
                                      std::chrono::milliseconds timeout) {
    if (closed_) {
        std::this_thread::sleep_for(timeout);  // keeps a caller's loop from spinning
        return 0;
    }
    pollfd p{fd_, POLLIN, 0};
    const int ready = poll(&p, 1, static_cast<int>(timeout.count()));
    if (ready <= 0) return 0;
    const ssize_t n = recv(fd_, buffer, capacity, 0);
    if (n > 0) return static_cast<std::size_t>(n);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) return 0;
    closed_ = true;  // orderly close, or a reset: either way the stream is over
    return 0;
}

}  // namespace memscope::live
