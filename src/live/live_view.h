// The live view: connects to a recorder's stream, keeps a LiveModel of it and
// redraws the screen every 100 ms until the user presses q.
#pragma once

#include <chrono>
#include <functional>
#include <string>

namespace memscope::live {

struct LiveViewOptions {
    std::string address;  // unix:PATH or tcp:HOST:PORT
    std::chrono::milliseconds connect_wait{10000};
    // While connecting: false once waiting is pointless (the program ended).
    std::function<bool()> still_worth_waiting;
    std::string note;  // shown under the figures (where the program's output goes)
};

// Returns once the user quits. Throws StreamError when it cannot connect or
// there is no terminal.
void run_live_view(const LiveViewOptions& options);

}  // namespace memscope::live
