#include "live/live_screen.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <vector>

#include <fmt/format.h>

// Functions, not macros: curses' erase(), clear() and move() macros would
// rewrite standard library calls of the same names.
#define NCURSES_NOMACROS 1
#include <curses.h>

#include "live/stream_connection.h"
#include "report/units.h"

namespace memscope::live {

namespace {

constexpr int kHeapChartRows = 6;
constexpr int kRssChartRows = 3;

void put(int row, int col, const std::string& text) {
    if (row >= LINES || col >= COLS) return;
    mvaddnstr(row, col, text.c_str(), COLS - col);
}

// Per column, the largest of the samples it covers, for the last `columns`
// columns; at most one minute of samples.
std::vector<std::uint64_t> chart_columns(const std::deque<SeriesPoint>& series, int columns,
                                         bool rss, std::size_t& samples_per_column) {
    const std::size_t n = series.size();
    samples_per_column = std::max<std::size_t>(1, (n + columns - 1) / columns);
    std::vector<std::uint64_t> out;
    for (std::size_t begin = n % samples_per_column; begin < n; begin += samples_per_column) {
        std::uint64_t top = 0;
        for (std::size_t i = begin; i < std::min(n, begin + samples_per_column); ++i)
            top = std::max(top, rss ? series[i].rss_bytes : series[i].heap_bytes);
        out.push_back(top);
    }
    if (out.size() > static_cast<std::size_t>(columns)) out.erase(out.begin(), out.end() - columns);
    return out;
}

// A bar chart: one column per value, scaled to the largest; a non-zero value
// shows at least one cell.
int draw_chart(int row, const char* name, const std::deque<SeriesPoint>& series, bool rss,
               int rows) {
    const int width = std::max(10, COLS - 2);
    std::size_t per_column = 1;
    const std::vector<std::uint64_t> values = chart_columns(series, width, rss, per_column);
    const std::uint64_t top = values.empty() ? 0 : *std::max_element(values.begin(), values.end());
    const double seconds =
        static_cast<double>(values.size() * per_column * LiveModel::kSeriesStepNs) / 1e9;
    put(row, 0,
        fmt::format("{} over the last {:.1f} s (max {})", name, seconds,
                    report::format_bytes(top)));
    for (std::size_t x = 0; x < values.size(); ++x) {
        int cells = 0;
        if (top > 0 && values[x] > 0)
            cells = std::max(1, static_cast<int>((values[x] * rows + top / 2) / top));
        for (int y = 0; y < cells && y < rows; ++y)
            mvaddch(row + rows - y, 1 + static_cast<int>(x), '#');
    }
    return row + rows + 1;
}

}  // namespace

const char* order_name(SiteOrder order) {
    switch (order) {
        case SiteOrder::kAllocations:
            return "allocations";
        case SiteOrder::kRate:
            return "allocations/s";
        case SiteOrder::kLiveBytes:
            break;
    }
    return "live bytes";
}

LiveScreen::LiveScreen() : screen_(nullptr) {
    if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
        throw StreamError(
            "the live view needs a terminal (use `memscope stream --json` in scripts)");
    SCREEN* screen = newterm(nullptr, stdout, stdin);
    if (screen == nullptr) throw StreamError("cannot start the terminal UI (is TERM set?)");
    screen_ = screen;
    cbreak();
    noecho();
    nodelay(stdscr, TRUE);
    keypad(stdscr, TRUE);
    curs_set(0);
}

LiveScreen::~LiveScreen() {
    endwin();
    delscreen(static_cast<SCREEN*>(screen_));
}

int LiveScreen::read_key() {
    const int key = getch();
    return key == ERR ? -1 : key;
}

void LiveScreen::draw(const LiveModel& model, SiteLabels& labels,
                      const std::unordered_map<trace::StackId, trace::StackNode>& nodes,
                      const ScreenStatus& status) {
    erase();
    attron(A_BOLD);
    put(0, 0, fmt::format("memscope live  {}  [{}]", status.title, status.state));
    attroff(A_BOLD);
    put(1, 0,
        fmt::format("heap {}   rss {}   allocations {}   rate {}/s   phase: {}   t = {:.1f} s",
                    report::format_bytes(model.heap_bytes()),
                    report::format_bytes(model.rss_bytes()),
                    report::format_count(model.allocations()),
                    report::format_count(model.allocations_per_second()), model.phase(),
                    static_cast<double>(model.trace_time_ns()) / 1e9));
    put(2, 0,
        fmt::format("sorted by {}   keys: b live bytes, a allocations, r allocations/s, q quit",
                    order_name(status.order)));
    int row = 3;
    if (!status.note.empty()) put(row++, 0, status.note);
    row = draw_chart(row + 1, "heap", model.series(), false, kHeapChartRows);
    row = draw_chart(row, "rss", model.series(), true, kRssChartRows);
    ++row;
    attron(A_BOLD);
    put(row++, 0,
        fmt::format("{:>12} {:>9} {:>11} {:>13}  {}", "LIVE BYTES", "BLOCKS", "ALLOCATIONS",
                    "ALLOCATIONS/S", "SITE"));
    attroff(A_BOLD);
    const int rows_left = std::max(0, LINES - row);
    for (const LiveSite& site :
         model.top_sites(status.order, static_cast<std::size_t>(rows_left))) {
        put(row++, 0,
            fmt::format("{:>12} {:>9} {:>11} {:>13}  {}", report::format_bytes(site.live_bytes),
                        report::format_count(site.live_blocks),
                        report::format_count(site.allocations),
                        report::format_count(site.allocations_per_second),
                        labels.label(site.stack, nodes)));
    }
    refresh();
}

}  // namespace memscope::live
