#include "report/text_table.h"

#include <algorithm>

namespace memscope::report {

namespace {

// Display width of UTF-8 text: count the bytes that start a code point.
std::size_t display_width(const std::string& s) {
    std::size_t n = 0;
    for (const char c : s)
        if ((static_cast<unsigned char>(c) & 0xc0) != 0x80) ++n;
    return n;
}

}  // namespace

void TextTable::add_row(std::vector<std::string> cells, std::vector<std::string> styled) {
    rows_.push_back(Row{std::move(cells), std::move(styled)});
}

std::string TextTable::render(const std::string& indent) const {
    std::vector<std::size_t> widths(align_.size(), 0);
    for (const Row& r : rows_)
        for (std::size_t i = 0; i < r.cells.size() && i < widths.size(); ++i)
            widths[i] = std::max(widths[i], display_width(r.cells[i]));
    std::string out;
    for (const Row& r : rows_) {
        std::string line = indent;
        for (std::size_t i = 0; i < r.cells.size() && i < widths.size(); ++i) {
            const std::string& shown = i < r.styled.size() ? r.styled[i] : r.cells[i];
            const std::size_t pad = widths[i] - display_width(r.cells[i]);
            const bool last = i + 1 == r.cells.size();
            if (i != 0) line += "  ";
            if (align_[i] == Align::kRight) line.append(pad, ' ');
            line += shown;
            if (align_[i] == Align::kLeft && !last) line.append(pad, ' ');
        }
        // Empty trailing cells would leave padding behind.
        while (!line.empty() && line.back() == ' ') line.pop_back();
        out += line;
        out += '\n';
    }
    return out;
}

}  // namespace memscope::report
