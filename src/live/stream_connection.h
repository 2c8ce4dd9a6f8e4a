// The client end of a recorder's trace stream (`memscope run --stream ADDR`):
// connects to unix:PATH or tcp:HOST:PORT, waiting for the recorder to start
// listening, and receives bytes with a timeout so a view can keep refreshing.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>

namespace memscope::live {

class StreamError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

class StreamConnection {
  public:
    // Tries to connect until wait has passed, as long as still_worth_waiting()
    // says so (e.g. the program has not exited). Throws StreamError with the
    // reason when the address is malformed or nobody accepts in time.
    static StreamConnection open(const std::string& address, std::chrono::milliseconds wait,
                                 const std::function<bool()>& still_worth_waiting = {});

    StreamConnection(StreamConnection&& other) noexcept;
    StreamConnection& operator=(StreamConnection&&) = delete;
    ~StreamConnection();

    // Waits up to timeout for bytes; returns how many were read (0 when none
    // arrived in time). Once the recorder closes its end, closed() is true.
    std::size_t receive(std::uint8_t* buffer, std::size_t capacity,
                        std::chrono::milliseconds timeout);
    bool closed() const { return closed_; }
    const std::string& address() const { return address_; }

  private:
    StreamConnection(int fd, std::string address) : fd_(fd), address_(std::move(address)) {}

    int fd_ = -1;
    std::string address_;
    bool closed_ = false;
};

// Whether a stream address is acceptable to listen on: empty when it is, else
// the reason (malformed, or not loopback without allow_remote).
std::string stream_address_problem(const std::string& address, bool allow_remote);

}  // namespace memscope::live
