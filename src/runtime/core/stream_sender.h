// Streams the trace to one client while it is written (MEMSCOPE_STREAM). The
// stream is the trace file itself: a client gets the file header and every
// chunk written so far, read back from the file, then each new chunk as the
// file grows. Only the file owner calls pump() and finish() (the writer
// thread for every round of work; the exit, exec or fatal-signal path last),
// so there is one sender and no lock. Sends never block: the backlog lives in
// the trace file, and a client that stops reading is dropped, never waited for.
//
// Which processes stream: with %p in a unix path every traced process listens
// on its own socket; otherwise only the root process (the one `memscope run`
// started) does.
#pragma once

#include <cstdint>

#include "runtime/core/owned_descriptor.h"
#include "runtime/core/stream_address.h"

namespace memscope::runtime {

class StreamSender {
  public:
    // Reads MEMSCOPE_STREAM, MEMSCOPE_STREAM_ALLOW_REMOTE and
    // MEMSCOPE_STREAM_WAIT_MS once; warns about a bad address.
    void configure_from_environment();
    // Opens the listening socket for this process (pid); false when this
    // process does not stream or the socket cannot be made (warned once).
    bool listen(std::uint32_t pid, bool is_root);
    // The root process waits up to MEMSCOPE_STREAM_WAIT_MS for its first client
    // before the program runs, so a short program cannot end unseen.
    void wait_for_first_client(bool is_root);

    bool active() const { return listener_.fd() >= 0; }

    // Accepts a waiting client and sends it what trace_path holds beyond what
    // it has, up to file_end, without blocking.
    void pump(const char* trace_path, std::uint64_t file_end, std::uint64_t now_ns);
    // The trace is complete: sends the rest (waiting for the client while it
    // makes progress, a few seconds at most), then closes the sockets and
    // removes the socket file.
    void finish(const char* trace_path, std::uint64_t file_end);
    // In a fork child: forgets the parent's sockets (closing only this
    // process's copies) and its memory, which the child has unmapped.
    void forget_in_child();

  private:
    bool accept_client(const char* trace_path, std::uint64_t now_ns);
    // Sends [sent_, file_end); false once the client is gone.
    bool send_available(std::uint64_t file_end, std::uint64_t now_ns);
    void drop_client(const char* why);
    void refuse_extra_clients();
    bool client_hung_up() const;

    bool configured_ = false;
    bool allow_remote_ = false;
    std::uint64_t wait_ns_ = 0;
    StreamAddress address_{};
    std::uint32_t owner_pid_ = 0;  // the process that made the listener
    char unix_path_[sizeof(sockaddr_un::sun_path)] = {};

    OwnedDescriptor listener_;
    OwnedDescriptor client_;
    OwnedDescriptor trace_;  // read side of the trace file, while a client is connected
    std::uint64_t sent_ = 0;
    std::uint64_t last_progress_ns_ = 0;
    std::uint64_t next_accept_ns_ = 0;
    bool caught_up_ = false;
    std::uint8_t* buffer_ = nullptr;
};

}  // namespace memscope::runtime
