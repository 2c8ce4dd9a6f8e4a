#include "history/history_store.h"

#include <sqlite3.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <system_error>

namespace memscope::history {

namespace {

constexpr int kSchemaVersion = 1;
constexpr int kBusyTimeoutMs = 10'000;  // another process adding a run

// docs/history.md describes this table; change both together and bump
// kSchemaVersion.
constexpr const char* kCreateSchema = R"sql(
CREATE TABLE IF NOT EXISTS runs (
  id                    INTEGER PRIMARY KEY AUTOINCREMENT,
  added_at              INTEGER NOT NULL,
  label                 TEXT    NOT NULL DEFAULT '',
  trace_path            TEXT    NOT NULL,
  program               TEXT    NOT NULL,
  command_line          TEXT    NOT NULL,
  pid                   INTEGER NOT NULL,
  recorded_at_ns        INTEGER NOT NULL,
  duration_ns           INTEGER NOT NULL,
  truncated             INTEGER NOT NULL,
  peak_heap_bytes       INTEGER NOT NULL,
  peak_rss_bytes        INTEGER NOT NULL,
  leaked_bytes          INTEGER NOT NULL,
  leaked_blocks         INTEGER NOT NULL,
  allocation_calls      INTEGER NOT NULL,
  allocated_bytes       INTEGER NOT NULL,
  free_calls            INTEGER NOT NULL,
  temporary_allocations INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS runs_by_program ON runs (program);
)sql";

constexpr const char* kColumns =
    "id, added_at, label, trace_path, program, command_line, pid, recorded_at_ns, duration_ns, "
    "truncated, peak_heap_bytes, peak_rss_bytes, leaked_bytes, leaked_blocks, allocation_calls, "
    "allocated_bytes, free_calls, temporary_allocations";

// SQLite integers are signed 64-bit; figures never come near 2^63.
std::int64_t as_sql(std::uint64_t v) {
    return static_cast<std::int64_t>(v);
}
std::uint64_t from_sql(std::int64_t v) {
    return v < 0 ? 0 : static_cast<std::uint64_t>(v);
}

}  // namespace

struct HistoryStore::Db {
    sqlite3* handle = nullptr;
    ~Db() { sqlite3_close(handle); }

    [[noreturn]] void fail(const std::string& what) const {
        throw HistoryError(what + ": " + (handle ? sqlite3_errmsg(handle) : "out of memory"));
    }

    void exec(const char* sql, const std::string& what) const {
        char* message = nullptr;
        if (sqlite3_exec(handle, sql, nullptr, nullptr, &message) != SQLITE_OK) {
            const std::string text = message ? message : "unknown error";
            sqlite3_free(message);
            throw HistoryError(what + ": " + text);
        }
    }
};

namespace {

class Statement {
  public:
    Statement(sqlite3* db, const std::string& sql) : db_(db) {
        if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK)
            throw HistoryError(std::string("history database: ") + sqlite3_errmsg(db));
    }
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    void bind(int index, std::int64_t v) { sqlite3_bind_int64(stmt_, index, v); }
    void bind(int index, const std::string& v) {
        sqlite3_bind_text(stmt_, index, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    }

    // True while rows come; false when done.
    bool step() {
        const int rc = sqlite3_step(stmt_);
        if (rc == SQLITE_ROW) return true;
        if (rc == SQLITE_DONE) return false;
        throw HistoryError(std::string("history database: ") + sqlite3_errmsg(db_));
    }

    std::int64_t integer(int column) const { return sqlite3_column_int64(stmt_, column); }
    std::string text(int column) const {
        const auto* p = sqlite3_column_text(stmt_, column);
        return p ? std::string(reinterpret_cast<const char*>(p),
                               static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
                 : std::string();
    }

  private:
    sqlite3* db_;
    sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace

std::string program_name(const std::string& program) {
    const auto slash = program.rfind('/');
    return slash == std::string::npos ? program : program.substr(slash + 1);
}

HistoryStore::HistoryStore(const std::string& path, Mode mode)
    : path_(path), db_(std::make_unique<Db>()) {
    if (path.empty()) throw HistoryError("no history database: set --db, XDG_DATA_HOME or HOME");
    std::error_code ec;
    if (mode == Mode::kReadOnly && !std::filesystem::exists(path, ec))
        throw HistoryError("no history database at " + path +
                           " (add runs with `memscope history add TRACE`)");
    if (mode == Mode::kCreate) {
        const auto dir = std::filesystem::path(path).parent_path();
        if (!dir.empty()) std::filesystem::create_directories(dir, ec);
        if (ec) throw HistoryError("cannot create " + dir.string() + ": " + ec.message());
    }
    const int flags =
        mode == Mode::kCreate ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE : SQLITE_OPEN_READONLY;
    if (sqlite3_open_v2(path.c_str(), &db_->handle, flags, nullptr) != SQLITE_OK)
        db_->fail("cannot open history database " + path);
    sqlite3_busy_timeout(db_->handle, kBusyTimeoutMs);

    // Reading user_version is the first access: a file that is not SQLite fails here.
    std::int64_t found = 0;
    try {
        Statement version(db_->handle, "PRAGMA user_version");
        version.step();
        found = version.integer(0);
    } catch (const HistoryError&) {
        throw HistoryError(path + " is not a memscope history database (" +
                           sqlite3_errmsg(db_->handle) + ")");
    }
    if (found > kSchemaVersion)
        throw HistoryError(path + " was written by a newer memscope (schema " +
                           std::to_string(found) + ")");
    if (mode == Mode::kCreate && found < kSchemaVersion) {
        db_->exec(kCreateSchema, "cannot create the history schema in " + path);
        db_->exec(("PRAGMA user_version = " + std::to_string(kSchemaVersion)).c_str(),
                  "cannot set the history schema version in " + path);
    } else if (found != kSchemaVersion) {
        throw HistoryError(path + " is not a memscope history database");
    }
}

HistoryStore::~HistoryStore() = default;

std::int64_t HistoryStore::add(const HistoryRun& run) {
    Statement insert(db_->handle, std::string("INSERT INTO runs (") + kColumns +
                                      ") VALUES (NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                                      "?, ?, ?)");
    int i = 1;
    insert.bind(i++, run.added_at_s);
    insert.bind(i++, run.label);
    insert.bind(i++, run.trace_path);
    insert.bind(i++, run.program);
    insert.bind(i++, nlohmann::json(run.command_line)
                         .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    insert.bind(i++, as_sql(run.pid));
    insert.bind(i++, run.recorded_at_ns);
    insert.bind(i++, as_sql(run.duration_ns));
    insert.bind(i++, std::int64_t{run.truncated ? 1 : 0});
    insert.bind(i++, as_sql(run.peak_heap_bytes));
    insert.bind(i++, as_sql(run.peak_rss_bytes));
    insert.bind(i++, as_sql(run.leaked_bytes));
    insert.bind(i++, as_sql(run.leaked_blocks));
    insert.bind(i++, as_sql(run.allocation_calls));
    insert.bind(i++, as_sql(run.allocated_bytes));
    insert.bind(i++, as_sql(run.free_calls));
    insert.bind(i++, as_sql(run.temporary_allocations));
    insert.step();
    return sqlite3_last_insert_rowid(db_->handle);
}

std::vector<HistoryRun> HistoryStore::runs(const std::optional<std::string>& program) const {
    Statement select(db_->handle, std::string("SELECT ") + kColumns + " FROM runs ORDER BY id");
    std::vector<HistoryRun> out;
    while (select.step()) {
        HistoryRun r;
        int c = 0;
        r.id = select.integer(c++);
        r.added_at_s = select.integer(c++);
        r.label = select.text(c++);
        r.trace_path = select.text(c++);
        r.program = select.text(c++);
        const auto command_line = nlohmann::json::parse(select.text(c++), nullptr, false);
        if (command_line.is_array())
            for (const auto& arg : command_line)
                if (arg.is_string()) r.command_line.push_back(arg.get<std::string>());
        r.pid = from_sql(select.integer(c++));
        r.recorded_at_ns = select.integer(c++);
        r.duration_ns = from_sql(select.integer(c++));
        r.truncated = select.integer(c++) != 0;
        r.peak_heap_bytes = from_sql(select.integer(c++));
        r.peak_rss_bytes = from_sql(select.integer(c++));
        r.leaked_bytes = from_sql(select.integer(c++));
        r.leaked_blocks = from_sql(select.integer(c++));
        r.allocation_calls = from_sql(select.integer(c++));
        r.allocated_bytes = from_sql(select.integer(c++));
        r.free_calls = from_sql(select.integer(c++));
        r.temporary_allocations = from_sql(select.integer(c++));
        if (program && r.program != *program && program_name(r.program) != *program) continue;
        out.push_back(std::move(r));
    }
    return out;
}

}  // namespace memscope::history
