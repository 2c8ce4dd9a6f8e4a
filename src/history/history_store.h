// The run history: one row per trace added, with the figures `summary` gives,
// in a SQLite database (schema in docs/history.md). Several processes may add
// to one database at once; SQLite serialises the writers.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace memscope::history {

// Input that is not a usable history: a missing database when one is read, a
// file that is not SQLite or has another schema, a failed write.
class HistoryError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

struct HistoryRun {
    std::int64_t id = 0;          // assigned by add()
    std::int64_t added_at_s = 0;  // Unix time the run was added
    std::string label;            // free text, e.g. a commit or version
    std::string trace_path;       // absolute path of the trace when added
    std::string program;          // executable path from the trace header
    std::vector<std::string> command_line;
    std::uint64_t pid = 0;
    std::int64_t recorded_at_ns = 0;  // Unix time the recorder started
    std::uint64_t duration_ns = 0;
    bool truncated = false;
    std::uint64_t peak_heap_bytes = 0;
    std::uint64_t peak_rss_bytes = 0;
    std::uint64_t leaked_bytes = 0;
    std::uint64_t leaked_blocks = 0;
    std::uint64_t allocation_calls = 0;
    std::uint64_t allocated_bytes = 0;
    std::uint64_t free_calls = 0;
    std::uint64_t temporary_allocations = 0;
};

class HistoryStore {
  public:
    enum class Mode { kReadOnly, kCreate };

    // kCreate makes the database (and its directory) when missing; kReadOnly
    // throws HistoryError when the file does not exist.
    HistoryStore(const std::string& path, Mode mode);
    ~HistoryStore();
    HistoryStore(const HistoryStore&) = delete;
    HistoryStore& operator=(const HistoryStore&) = delete;

    // Stores run (its id is ignored) and returns the new id.
    std::int64_t add(const HistoryRun& run);

    // Every run in the order added; only those of one program when given
    // (matched against the full executable path or its file name).
    std::vector<HistoryRun> runs(const std::optional<std::string>& program = std::nullopt) const;

    const std::string& path() const { return path_; }

  private:
    struct Db;
    std::string path_;
    std::unique_ptr<Db> db_;
};

// The file name of a program path: "/usr/bin/app" -> "app".
std::string program_name(const std::string& program);

}  // namespace memscope::history
