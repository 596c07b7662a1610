// SQLite backend: connections with a per-connection prepared-statement cache, a pool, and
// online backup/restore. See sqlite_database.h for the durability and concurrency choices.
#include "store/sqlite/sqlite_database.h"

#include <sqlite3.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <set>
#include <string_view>
#include <thread>
#include <unordered_map>

#include "store/pool.h"

namespace asta::store::internal {
namespace {

constexpr std::string_view kMemoryUrl = "sqlite::memory:";
// Statements kept prepared per connection. The application issues a bounded set of SQL
// texts, so this only guards against a caller that builds SQL dynamically.
constexpr size_t kStatementCacheLimit = 256;

// The column named by a constraint message such as "UNIQUE constraint failed: users.email"
// when exactly one column is named; empty otherwise. The message never holds values.
std::string ConstraintField(std::string_view message) {
  size_t colon = message.find(": ");
  if (colon == std::string_view::npos) return {};
  std::string_view columns = message.substr(colon + 2);
  if (columns.find(',') != std::string_view::npos) return {};
  size_t dot = columns.rfind('.');
  return std::string(dot == std::string_view::npos ? columns : columns.substr(dot + 1));
}

// Maps an SQLite result code to an asta Error. sqlite3_errmsg names tables, columns and
// constraints but never bound values, so it is safe to pass on.
Error SqliteError(sqlite3* db, int rc) {
  const int extended = db ? sqlite3_extended_errcode(db) : rc;
  std::string message = std::string("sqlite: ") + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (extended) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return Error{ErrorCode::kAlreadyExists, message, ConstraintField(message)};
    case SQLITE_CONSTRAINT_NOTNULL:
      return Error{ErrorCode::kInvalidArgument, message, ConstraintField(message)};
    default:
      break;
  }
  switch (extended & 0xff) {
    case SQLITE_CONSTRAINT:
      return Error{ErrorCode::kInvalidArgument, message, {}};
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Error{ErrorCode::kUnavailable, message, {}};
    default:
      return Error{ErrorCode::kInternal, message, {}};
  }
}

struct StringHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};

bool OnlySeparators(const char* tail) {
  for (; *tail; ++tail) {
    if (*tail != ';' && *tail != ' ' && *tail != '\n' && *tail != '\t' && *tail != '\r') {
      return false;
    }
  }
  return true;
}

// Writers of one process queue here, first come first served, before BEGIN IMMEDIATE:
// SQLite's busy handler would otherwise have them sleep and retry (1, 2, 5 … 100 ms),
// which under concurrent writes costs more in waiting than the writes themselves. Other
// processes on the same file still meet the busy handler.
class WriteGate {
 public:
  // False when the gate did not open within `timeout`.
  bool Enter(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    const std::uint64_t ticket = next_++;
    if (!cv_.wait_for(lock, timeout, [&] { return serving_ == ticket; })) {
      // Give the turn up: whoever holds the next ticket must not wait for this one.
      abandoned_.insert(ticket);
      Advance();
      return false;
    }
    return true;
  }
  void Leave() {
    std::lock_guard lock(mu_);
    ++serving_;
    Advance();
  }

 private:
  // Skips abandoned tickets; wakes the waiters (the one served goes on). Holds mu_.
  void Advance() {
    while (abandoned_.erase(serving_) > 0) ++serving_;
    cv_.notify_all();
  }
  std::mutex mu_;
  std::condition_variable cv_;
  std::uint64_t next_ = 0, serving_ = 0;
  std::set<std::uint64_t> abandoned_;
};

class SqliteConnection final : public PooledConnection {
 public:
  static Result<std::unique_ptr<SqliteConnection>> Open(const std::string& path, bool memory,
                                                        int busy_timeout_ms,
                                                        std::shared_ptr<WriteGate> gate) {
    sqlite3* db = nullptr;
    // NOMUTEX: a connection is used by one thread at a time (the lease holder), so
    // SQLite's own per-connection mutex would only cost time.
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    int rc = sqlite3_open_v2(memory ? ":memory:" : path.c_str(), &db, flags, nullptr);
    auto connection = std::unique_ptr<SqliteConnection>(new SqliteConnection(db));
    connection->gate_ = std::move(gate);
    connection->busy_timeout_ms_ = busy_timeout_ms;
    if (rc != SQLITE_OK) {
      Error error = SqliteError(db, rc);
      return Unavailable("cannot open SQLite database " + path + ": " + error.message);
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, busy_timeout_ms);
    std::string pragmas = "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;";
    if (!memory) pragmas = "PRAGMA journal_mode = WAL; " + pragmas;
    if (auto status = connection->ExecuteScript(pragmas); !status) {
      return Unavailable("cannot configure SQLite database " + path + ": " +
                         status.error().message);
    }
    return connection;
  }

  void LeaveGate() {
    if (in_gate_) {
      in_gate_ = false;
      gate_->Leave();
    }
  }

  ~SqliteConnection() override {
    LeaveGate();
    for (auto& [sql, statement] : statements_) sqlite3_finalize(statement);
    sqlite3_close_v2(db_);
  }

  Dialect dialect() const override { return Dialect::kSqlite; }
  sqlite3* handle() const { return db_; }

  Result<Rows> Query(std::string_view sql, const std::vector<Value>& params) override {
    ASTA_ASSIGN_OR_RETURN(sqlite3_stmt * statement, Prepare(sql, params));
    ResetOnExit reset{statement};
    Rows rows;
    const int column_count = sqlite3_column_count(statement);
    rows.columns.reserve(column_count);
    for (int i = 0; i < column_count; ++i) {
      const char* name = sqlite3_column_name(statement, i);
      rows.columns.emplace_back(name ? name : "");
    }
    auto shared_columns = std::make_shared<const std::vector<std::string>>(rows.columns);
    while (true) {
      int rc = sqlite3_step(statement);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return tl::unexpected(SqliteError(db_, rc));
      std::vector<Value> values;
      values.reserve(column_count);
      for (int i = 0; i < column_count; ++i) values.push_back(ReadColumn(statement, i));
      rows.rows.emplace_back(shared_columns, std::move(values));
    }
    return rows;
  }

  Result<std::int64_t> Execute(std::string_view sql, const std::vector<Value>& params) override {
    ASTA_ASSIGN_OR_RETURN(sqlite3_stmt * statement, Prepare(sql, params));
    ResetOnExit reset{statement};
    while (true) {
      int rc = sqlite3_step(statement);
      if (rc == SQLITE_DONE) break;
      if (rc != SQLITE_ROW) return tl::unexpected(SqliteError(db_, rc));
    }
    return static_cast<std::int64_t>(sqlite3_changes64(db_));
  }

  Status ExecuteScript(std::string_view sql) override {
    std::string text(sql);  // sqlite3_exec needs a terminating NUL
    int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return tl::unexpected(SqliteError(db_, rc));
    return Ok();
  }

  Status Begin() override { return Exec("BEGIN"); }
  Status BeginWrite() override {
    if (gate_ && !in_gate_) {
      if (!gate_->Enter(std::chrono::milliseconds(busy_timeout_ms_))) {
        return Unavailable("the database is busy: no turn to write within " +
                           std::to_string(busy_timeout_ms_) + " ms");
      }
      in_gate_ = true;
    }
    Status status = Exec("BEGIN IMMEDIATE");
    if (!status) LeaveGate();
    return status;
  }
  Status Commit() override {
    Status status = Exec("COMMIT");
    if (status || sqlite3_get_autocommit(db_)) LeaveGate();
    return status;
  }
  Status Rollback() override {
    Status status = Exec("ROLLBACK");
    if (sqlite3_get_autocommit(db_)) LeaveGate();
    return status;
  }

  bool broken() const override { return false; }
  void ResetForReuse() override {
    if (!sqlite3_get_autocommit(db_)) (void)Exec("ROLLBACK");
    LeaveGate();
  }

 private:
  // Clears a cached statement after use so that it holds no read lock and no pointers
  // into the caller's parameters (bound with SQLITE_STATIC).
  struct ResetOnExit {
    sqlite3_stmt* statement;
    ~ResetOnExit() {
      sqlite3_reset(statement);
      sqlite3_clear_bindings(statement);
    }
  };

  explicit SqliteConnection(sqlite3* db) : db_(db) {}

  Status Exec(std::string_view sql) {
    auto result = Execute(sql, {});
    if (!result) return tl::unexpected(result.error());
    return Ok();
  }

  Result<sqlite3_stmt*> Prepare(std::string_view sql, const std::vector<Value>& params) {
    sqlite3_stmt* statement = nullptr;
    if (auto found = statements_.find(sql); found != statements_.end()) {
      statement = found->second;
    } else {
      const char* tail = nullptr;
      int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                  SQLITE_PREPARE_PERSISTENT, &statement, &tail);
      if (rc != SQLITE_OK) return tl::unexpected(SqliteError(db_, rc));
      if (statement == nullptr) return Internal("sqlite: the SQL text holds no statement");
      std::string rest(tail, sql.data() + sql.size() - tail);
      if (!OnlySeparators(rest.c_str())) {
        sqlite3_finalize(statement);
        return Internal("sqlite: Query and Execute run one statement; use ExecuteScript");
      }
      if (statements_.size() >= kStatementCacheLimit) {
        for (auto& [cached_sql, cached] : statements_) sqlite3_finalize(cached);
        statements_.clear();
      }
      statements_.emplace(std::string(sql), statement);
    }
    const int expected = sqlite3_bind_parameter_count(statement);
    if (expected != static_cast<int>(params.size())) {
      return Internal("sqlite: the statement has " + std::to_string(expected) +
                      " placeholders but " + std::to_string(params.size()) + " values were given");
    }
    for (int i = 0; i < expected; ++i) {
      int rc = Bind(statement, i + 1, params[i]);
      if (rc != SQLITE_OK) {
        sqlite3_clear_bindings(statement);
        return tl::unexpected(SqliteError(db_, rc));
      }
    }
    return statement;
  }

  static int Bind(sqlite3_stmt* statement, int index, const Value& value) {
    if (std::holds_alternative<std::monostate>(value)) return sqlite3_bind_null(statement, index);
    if (const auto* i = std::get_if<std::int64_t>(&value)) {
      return sqlite3_bind_int64(statement, index, *i);
    }
    if (const auto* d = std::get_if<double>(&value))
      return sqlite3_bind_double(statement, index, *d);
    if (const auto* s = std::get_if<std::string>(&value)) {
      return sqlite3_bind_text64(statement, index, s->data(), s->size(), SQLITE_STATIC,
                                 SQLITE_UTF8);
    }
    const auto& blob = std::get<Blob>(value);
    // A NULL data pointer would bind SQL NULL, so an empty blob needs its own call.
    if (blob.bytes.empty()) return sqlite3_bind_zeroblob(statement, index, 0);
    return sqlite3_bind_blob64(statement, index, blob.bytes.data(), blob.bytes.size(),
                               SQLITE_STATIC);
  }

  static Value ReadColumn(sqlite3_stmt* statement, int i) {
    switch (sqlite3_column_type(statement, i)) {
      case SQLITE_INTEGER:
        return static_cast<std::int64_t>(sqlite3_column_int64(statement, i));
      case SQLITE_FLOAT:
        return sqlite3_column_double(statement, i);
      case SQLITE_TEXT: {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement, i));
        return std::string(text ? text : "", sqlite3_column_bytes(statement, i));
      }
      case SQLITE_BLOB: {
        const auto* data = static_cast<const char*>(sqlite3_column_blob(statement, i));
        int size = sqlite3_column_bytes(statement, i);
        return Blob{data ? std::string(data, size) : std::string()};
      }
      default:
        return std::monostate{};
    }
  }

  sqlite3* db_;
  std::shared_ptr<WriteGate> gate_;
  bool in_gate_ = false;
  int busy_timeout_ms_ = 0;
  std::unordered_map<std::string, sqlite3_stmt*, StringHash, std::equal_to<>> statements_;
};

// Copies `from` into `to` with the online backup API, retrying while another connection
// holds a conflicting lock, up to `timeout`.
Status CopyDatabase(sqlite3* to, sqlite3* from, std::chrono::milliseconds timeout) {
  sqlite3_backup* backup = sqlite3_backup_init(to, "main", from, "main");
  if (backup == nullptr) return tl::unexpected(SqliteError(to, sqlite3_errcode(to)));
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int rc;
  while (true) {
    rc = sqlite3_backup_step(backup, -1);
    if (rc == SQLITE_DONE) break;
    if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      continue;
    }
    break;
  }
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    Error error = SqliteError(to, rc);
    error.message = "sqlite backup: " + std::string(sqlite3_errstr(rc));
    return tl::unexpected(error);
  }
  return Ok();
}

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, bool memory, const OpenOptions& options)
      : path_(std::move(path)),
        memory_(memory),
        busy_timeout_(options.busy_timeout_ms),
        pool_(memory ? 1 : options.pool_size, busy_timeout_, [this]() { return Connect(); }) {}

  Dialect dialect() const override { return Dialect::kSqlite; }
  std::string DescribeUrl() const override {
    return memory_ ? std::string(kMemoryUrl) : "sqlite:" + path_;
  }
  Result<Lease> Acquire() override { return pool_.Acquire(); }

  Status Backup(const std::string& out_path) override {
    ASTA_ASSIGN_OR_RETURN(Lease lease, Acquire());
    std::error_code ignored;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
      std::filesystem::remove(out_path + suffix, ignored);
    }
    sqlite3* out = nullptr;
    int rc = sqlite3_open_v2(out_path.c_str(), &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                             nullptr);
    if (rc != SQLITE_OK) {
      sqlite3_close_v2(out);
      return Unavailable("cannot create backup file " + out_path + ": " + sqlite3_errstr(rc));
    }
    Status copied = CopyDatabase(out, Handle(lease), busy_timeout_);
    rc = sqlite3_close_v2(out);
    if (!copied) return copied;
    if (rc != SQLITE_OK) return Internal("cannot close backup file " + out_path);
    return Ok();
  }

  Status Restore(const std::string& in_path) override {
    std::error_code error;
    if (!std::filesystem::is_regular_file(in_path, error)) {
      return NotFound("backup file " + in_path + " does not exist");
    }
    sqlite3* in = nullptr;
    int rc = sqlite3_open_v2(in_path.c_str(), &in, SQLITE_OPEN_READONLY, nullptr);
    if (rc != SQLITE_OK) {
      sqlite3_close_v2(in);
      return Unavailable("cannot open backup file " + in_path + ": " + sqlite3_errstr(rc));
    }
    auto lease = Acquire();
    Status copied = lease ? CopyDatabase(Handle(*lease), in, busy_timeout_)
                          : Status(tl::unexpected(lease.error()));
    sqlite3_close_v2(in);
    return copied;
  }

  Status Warm() {
    auto lease = pool_.Acquire();
    if (!lease) return tl::unexpected(lease.error());
    return Ok();
  }

 private:
  static sqlite3* Handle(const Lease& lease) {
    return static_cast<SqliteConnection*>(&*lease)->handle();
  }

  Result<std::unique_ptr<PooledConnection>> Connect() {
    auto connection = SqliteConnection::Open(path_, memory_, busy_timeout_ms(), gate_);
    if (!connection) return tl::unexpected(connection.error());
    return std::unique_ptr<PooledConnection>(std::move(*connection));
  }
  int busy_timeout_ms() const { return static_cast<int>(busy_timeout_.count()); }

  const std::string path_;
  const bool memory_;
  const std::chrono::milliseconds busy_timeout_;
  const std::shared_ptr<WriteGate> gate_ = std::make_shared<WriteGate>();
  ConnectionPool pool_;
};

}  // namespace

Result<std::unique_ptr<Database>> OpenSqliteFile(const std::string& path,
                                                 const OpenOptions& options) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) {
    std::error_code error;
    std::filesystem::create_directories(parent, error);
    if (error) {
      return InvalidArgument(
          "cannot create the folder " + parent.string() + " for the database: " + error.message(),
          "db");
    }
  }
  auto db = std::make_unique<SqliteDatabase>(path, false, options);
  // Opening one connection now reports a bad path at startup rather than at first use,
  // and switches the file to WAL before any concurrent use.
  ASTA_RETURN_IF_ERROR(db->Warm());
  return std::unique_ptr<Database>(std::move(db));
}

Result<std::unique_ptr<Database>> OpenSqliteMemory(const OpenOptions& options) {
  auto db = std::make_unique<SqliteDatabase>(std::string(), true, options);
  // The one connection is the database: create it now and keep it for good.
  ASTA_RETURN_IF_ERROR(db->Warm());
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace asta::store::internal
