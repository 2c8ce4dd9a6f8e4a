// An EventSink that keeps a copy of every event, for tests that check what the
// reader delivered and in which order.
#pragma once

#include <string>
#include <vector>

#include "trace/event.h"

namespace memscope::testing {

struct LoggedEvent {
    trace::Event event;
    std::string text;  // owned copy of event.text
};

class EventLog : public trace::EventSink {
  public:
    void on_event(const trace::Event& e) override {
        LoggedEvent copy{e, std::string(e.text)};
        copy.event.text = {};
        events.push_back(std::move(copy));
    }
    std::vector<LoggedEvent> events;
};

}  // namespace memscope::testing
