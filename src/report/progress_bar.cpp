#include "report/progress_bar.h"

#include <fmt/format.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "report/units.h"

namespace memscope::report {

namespace {

constexpr std::size_t kDefaultWidth = 80;
constexpr std::size_t kMinBar = 10;

std::size_t terminal_width() {
    winsize ws{};
    if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) return ws.ws_col;
    return kDefaultWidth;
}

void write_stderr(const std::string& text) {
    // A failed write of a progress bar is not worth reporting.
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(STDERR_FILENO, text.data() + done, text.size() - done);
        if (n <= 0) return;
        done += static_cast<std::size_t>(n);
    }
}

}  // namespace

std::string progress_line(std::string_view label, std::uint64_t done_bytes,
                          std::uint64_t total_bytes, std::size_t width) {
    const std::uint64_t done = std::min(done_bytes, total_bytes);
    const double fraction =
        total_bytes == 0 ? 1.0 : static_cast<double>(done) / static_cast<double>(total_bytes);
    const std::string figures = fmt::format("{:3.0f}%  {} / {}", fraction * 100.0,
                                            format_bytes(done), format_bytes(total_bytes));
    // label, space, [bar], two spaces, figures; one column spare so the
    // cursor never wraps onto the next line.
    const std::size_t fixed = label.size() + 1 + 2 + 2 + figures.size() + 1;
    if (width < fixed + kMinBar) return fmt::format("{} {}", label, figures);
    const std::size_t bar = std::min<std::size_t>(width - fixed, 40);
    const auto filled = static_cast<std::size_t>(fraction * static_cast<double>(bar));
    return fmt::format("{} [{}{}]  {}", label, std::string(filled, '#'),
                       std::string(bar - filled, '.'), figures);
}

ProgressBar::ProgressBar(std::string label, std::uint64_t total_bytes, bool enabled)
    : label_(std::move(label)), total_(total_bytes), enabled_(enabled), start_(Clock::now()) {}

ProgressBar::~ProgressBar() {
    finish();
}

bool ProgressBar::wanted_on_stderr() {
    return wanted_on(STDERR_FILENO);
}

bool ProgressBar::wanted_on(int fd) {
    if (::isatty(fd) != 1) return false;
    const char* term = std::getenv("TERM");
    return term == nullptr || std::strcmp(term, "dumb") != 0;
}

void ProgressBar::update(std::uint64_t done_bytes, Clock::time_point now) {
    if (!enabled_ || now - start_ < kDelay) return;
    if (drawn_ && now - last_draw_ < kRedrawInterval) return;
    last_draw_ = now;
    draw(progress_line(label_, done_bytes, total_, terminal_width()));
}

void ProgressBar::draw(const std::string& text) {
    // \r returns to the start of the line, \x1b[K clears what a longer
    // previous line left behind.
    write_stderr("\r" + text + "\x1b[K");
    drawn_ = true;
}

void ProgressBar::finish() {
    if (!drawn_) return;
    write_stderr("\r\x1b[K");
    drawn_ = false;
}

}  // namespace memscope::report
