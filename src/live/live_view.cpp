#include "live/live_view.h"

#include <fmt/format.h>

#include <memory>
#include <vector>

#include "live/live_model.h"
#include "live/live_screen.h"
#include "live/site_labels.h"
#include "live/stream_connection.h"
#include "trace/stream_decoder.h"
#include "trace/trace_reader.h"

namespace memscope::live {

namespace {

using Clock = std::chrono::steady_clock;

constexpr auto kRefreshPeriod = std::chrono::milliseconds(100);
constexpr auto kReceiveWait = std::chrono::milliseconds(20);
// No bytes for this long: whatever was sent has arrived, apply it all.
constexpr auto kQuietPeriod = std::chrono::milliseconds(300);
constexpr std::size_t kReceiveBytes = 1 << 20;
constexpr auto kExecFollowWait = std::chrono::milliseconds(2000);

std::string base_name(const std::string& path) {
    const std::size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

std::string exit_text(const trace::Event& e) {
    switch (static_cast<format::ExitHow>(e.how)) {
        case format::ExitHow::kExit:
            return fmt::format("finished: exit status {}", e.value);
        case format::ExitHow::kSignal:
            return fmt::format("finished: killed by signal {}", e.value);
        case format::ExitHow::kExec:
            return "finished: the program exec'd another image";
    }
    return "finished";
}

// The stream's side of the view: bytes in, model and status out.
class StreamFeed {
  public:
    explicit StreamFeed(const std::string& address) : decoder_(address) {}

    // Decodes every complete chunk in bytes.
    void take(const std::uint8_t* bytes, std::size_t n, SiteLabels& labels, ScreenStatus& status) {
        if (broken_) return;
        decoder_.feed(bytes, n);
        try {
            for (;;) {
                const trace::StreamDecoder::Step step = decoder_.next();
                if (step == trace::StreamDecoder::Step::kNeedMore) return;
                if (step == trace::StreamDecoder::Step::kHeader) {
                    const trace::TraceHeader& h = decoder_.header();
                    model_ = std::make_unique<LiveModel>(h.start_monotonic_ns);
                    status.title = fmt::format("{} (pid {})", base_name(h.executable), h.pid);
                    status.state = "running";
                } else if (step == trace::StreamDecoder::Step::kEnd) {
                    ended_ = true;
                    if (exit_.empty()) exit_ = "finished";
                    status.state = exit_;
                } else {
                    for (const trace::Event& e : decoder_.events())
                        if (e.kind == trace::EventKind::kProcessExit) {
                            exit_ = exit_text(e);
                            exec_ = e.how == static_cast<std::uint8_t>(format::ExitHow::kExec);
                        }
                    model_->add(decoder_.events());
                    labels.update_modules(decoder_.modules());
                }
            }
        } catch (const trace::TraceError& e) {
            broken_ = true;
            status.state = std::string("stream unreadable: ") + e.what();
        }
    }

    bool ended() const { return ended_ || broken_; }
    // The program replaced its image; the new one streams at the same address
    // when that address names it by pid (as --live's does).
    bool ended_by_exec() const { return ended_ && exec_; }
    void stop_following() { exec_ = false; }
    LiveModel* model() const { return model_.get(); }
    const trace::StreamDecoder& decoder() const { return decoder_; }

  private:
    trace::StreamDecoder decoder_;
    std::unique_ptr<LiveModel> model_;
    std::string exit_;
    bool ended_ = false;
    bool exec_ = false;
    bool broken_ = false;
};

// Reconnects to the exec'd image's stream; the old image's view stays when
// the new image does not stream there.
void follow_exec(const LiveViewOptions& options, std::unique_ptr<StreamConnection>& connection,
                 std::unique_ptr<StreamFeed>& feed, ScreenStatus& status) {
    try {
        auto next = std::make_unique<StreamConnection>(
            StreamConnection::open(options.address, kExecFollowWait, options.still_worth_waiting));
        connection = std::move(next);
        feed = std::make_unique<StreamFeed>(options.address);
        status.state = "following the exec'd image";
    } catch (const StreamError&) {
        feed->stop_following();
        status.state = "finished: exec'd an image that does not stream here";
    }
}

void apply_key(int key, ScreenStatus& status, bool& quit) {
    switch (key) {
        case 'q':
        case 'Q':
            quit = true;
            break;
        case 'b':
            status.order = SiteOrder::kLiveBytes;
            break;
        case 'a':
            status.order = SiteOrder::kAllocations;
            break;
        case 'r':
            status.order = SiteOrder::kRate;
            break;
        default:
            break;
    }
}

}  // namespace

void run_live_view(const LiveViewOptions& options) {
    auto connection = std::make_unique<StreamConnection>(
        StreamConnection::open(options.address, options.connect_wait, options.still_worth_waiting));
    LiveScreen screen;
    SiteLabels labels;
    auto feed = std::make_unique<StreamFeed>(options.address);
    ScreenStatus status;
    status.title = options.address;
    status.state = "waiting for the trace header";
    status.note = options.note;
    std::vector<std::uint8_t> buffer(kReceiveBytes);
    auto last_data = Clock::now();
    auto next_draw = Clock::now();
    bool quit = false;
    while (!quit) {
        const std::size_t n = connection->receive(buffer.data(), buffer.size(), kReceiveWait);
        const auto now = Clock::now();
        if (n > 0) {
            feed->take(buffer.data(), n, labels, status);
            last_data = now;
        }
        if (feed->ended_by_exec()) follow_exec(options, connection, feed, status);
        if (connection->closed() && !feed->ended())
            status.state = "stream closed before the trace ended";
        for (int key = screen.read_key(); key >= 0; key = screen.read_key())
            apply_key(key, status, quit);
        if (now < next_draw && !quit) continue;
        next_draw = now + kRefreshPeriod;
        LiveModel* model = feed->model();
        if (model == nullptr) {
            screen.draw(LiveModel(0), labels, feed->decoder().stacks(), status);
            continue;
        }
        model->settle(feed->ended() || connection->closed() || now - last_data >= kQuietPeriod);
        screen.draw(*model, labels, feed->decoder().stacks(), status);
    }
}

}  // namespace memscope::live
