// Names for the live view's sites ("make_buffer at app.c:42 <- main"), found
// by a background thread so that a slow first lookup (loading a large
// module's debug info) never holds up a refresh: until a stack is resolved
// its label is its return address in hex. Each stack is resolved once.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "symbols/symbolizer.h"
#include "trace/event.h"

namespace memscope::live {

class SiteLabels {
  public:
    SiteLabels();
    ~SiteLabels();
    SiteLabels(const SiteLabels&) = delete;
    SiteLabels& operator=(const SiteLabels&) = delete;

    // The module map grew (the program loaded a library): later lookups use it.
    void update_modules(const std::vector<trace::Module>& modules);
    // The stack's label, or a placeholder while the lookup is pending.
    std::string label(trace::StackId stack,
                      const std::unordered_map<trace::StackId, trace::StackNode>& nodes);

  private:
    struct Request {
        trace::StackId stack;
        std::vector<std::uint64_t> ips;  // innermost first
    };
    void work();
    std::string describe(symbols::Symbolizer& symbolizer, const std::vector<std::uint64_t>& ips);

    std::mutex mutex_;
    std::condition_variable wake_;
    bool stop_ = false;
    std::vector<trace::Module> modules_;  // guarded; copied by the worker when changed
    std::uint64_t modules_version_ = 0;
    std::deque<Request> requests_;
    std::unordered_map<trace::StackId, std::string> labels_;  // resolved, or requested ("")
    std::thread worker_;
};

}  // namespace memscope::live
