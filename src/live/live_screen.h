// The live view's terminal screen (ncurses): a header with the current
// figures, heap and RSS bar charts over the last seconds, and the top sites.
// Owns the terminal from construction to destruction.
#pragma once

#include <string>
#include <unordered_map>

#include "live/live_model.h"
#include "live/site_labels.h"
#include "trace/event.h"

namespace memscope::live {

struct ScreenStatus {
    std::string title;  // "gt_app (pid 1234)"
    std::string state;  // "running", "finished: exit status 0", ...
    std::string note;   // where the program's own output goes, if elsewhere
    SiteOrder order = SiteOrder::kLiveBytes;
};

class LiveScreen {
  public:
    // Throws StreamError when there is no terminal to draw on.
    LiveScreen();
    ~LiveScreen();
    LiveScreen(const LiveScreen&) = delete;
    LiveScreen& operator=(const LiveScreen&) = delete;

    // A key pressed since the last call, or -1.
    int read_key();
    void draw(const LiveModel& model, SiteLabels& labels,
              const std::unordered_map<trace::StackId, trace::StackNode>& nodes,
              const ScreenStatus& status);

  private:
    void* screen_;  // SCREEN*, kept opaque so curses.h and its macros stay out of headers
};

const char* order_name(SiteOrder order);

}  // namespace memscope::live
