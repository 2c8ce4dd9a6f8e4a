// A one-line progress bar on stderr for work that takes a while (reading a
// large trace). It stays invisible for the first second, so quick commands
// print nothing extra, redraws at most ten times a second, and erases itself
// when done. Only drawn on a terminal: logs and pipes never see it.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace memscope::report {

// "reading trace [#########.........]  45%  12.30 MiB / 27.10 MiB", at most
// width columns (the bar shrinks; below a usable bar only the figures remain).
std::string progress_line(std::string_view label, std::uint64_t done_bytes,
                          std::uint64_t total_bytes, std::size_t width);

class ProgressBar {
  public:
    using Clock = std::chrono::steady_clock;

    // enabled false makes every call a no-op (see wanted_on_stderr()).
    ProgressBar(std::string label, std::uint64_t total_bytes, bool enabled);
    ~ProgressBar();
    ProgressBar(const ProgressBar&) = delete;
    ProgressBar& operator=(const ProgressBar&) = delete;

    // Cheap enough to call often; draws only when due.
    void update(std::uint64_t done_bytes) { update(done_bytes, Clock::now()); }
    // With an explicit time, for tests.
    void update(std::uint64_t done_bytes, Clock::time_point now);
    // Erases the bar if it was drawn. Idempotent.
    void finish();

    bool drawn() const { return drawn_; }

    // stderr is a terminal that can redraw a line (TERM is not "dumb").
    static bool wanted_on_stderr();
    // The same for any file descriptor.
    static bool wanted_on(int fd);

    static constexpr std::chrono::milliseconds kDelay{1000};
    static constexpr std::chrono::milliseconds kRedrawInterval{100};

  private:
    void draw(const std::string& text);

    std::string label_;
    std::uint64_t total_;
    bool enabled_;
    bool drawn_ = false;
    Clock::time_point start_;
    Clock::time_point last_draw_;
};

}  // namespace memscope::report
