// Aligned columns for text reports. Cells are measured before anything is
// printed, so every column is as wide as its widest cell.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace memscope::report {

class TextTable {
  public:
    enum class Align { kLeft, kRight };

    explicit TextTable(std::vector<Align> columns) : align_(std::move(columns)) {}

    // styled[i], when given, replaces cell i on output (same text plus escapes).
    void add_row(std::vector<std::string> cells, std::vector<std::string> styled = {});

    // Rows joined by newlines, each prefixed with indent, without trailing blanks.
    std::string render(const std::string& indent = "") const;

  private:
    struct Row {
        std::vector<std::string> cells;
        std::vector<std::string> styled;
    };
    std::vector<Align> align_;
    std::vector<Row> rows_;
};

}  // namespace memscope::report
