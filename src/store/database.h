// The one storage interface of asta. A Database is opened from a URL
// ("sqlite:PATH", "sqlite::memory:", "postgresql://…") and hands out Connections from a
// pool. SQL is written once for both backends with `?` placeholders; values are always
// bound, never spliced into the text. Where the dialects differ, callers ask
// `dialect()`; migrations use the placeholders documented in migrate.h.
//
// Errors: every call returns Result; a constraint violation is kAlreadyExists (unique)
// or kInvalidArgument (foreign key, check, not null), a lost connection or a timeout
// kUnavailable, anything else kInternal. No exception leaves this folder.
//
// Thread-safety: Database is thread-safe. A Connection is used by one thread at a time
// (the one holding the lease). Every Lease must be returned before its Database is
// destroyed.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"

namespace asta::store {

enum class Dialect { kSqlite, kPostgres };

// Bytes for BLOB / BYTEA columns.
struct Blob {
  std::string bytes;
};

// A bound parameter or a column value. monostate is SQL NULL.
using Value = std::variant<std::monostate, std::int64_t, double, std::string, Blob>;

// One result row. Accessors by index are O(1); by name O(columns). Getting a column with
// the wrong type converts where lossless (integer text to integer and back) and returns
// kInternal otherwise; a NULL yields nullopt from the Optional* accessors and kInternal
// from the plain ones.
class Row {
 public:
  Row(std::shared_ptr<const std::vector<std::string>> columns, std::vector<Value> values)
      : columns_(std::move(columns)), values_(std::move(values)) {}

  size_t size() const { return values_.size(); }
  const Value& at(size_t i) const { return values_.at(i); }
  bool IsNull(size_t i) const { return std::holds_alternative<std::monostate>(values_.at(i)); }
  // Index of a column by name, or npos-like -1 when absent.
  int IndexOf(std::string_view name) const;

  // Convenience accessors; they throw nothing. A missing column or a type mismatch
  // returns the fallback ("" / 0) so that callers can read rows in one line; use at()
  // when the distinction matters.
  std::int64_t Int(size_t i) const;
  double Double(size_t i) const;
  std::string Text(size_t i) const;
  std::optional<std::string> OptText(size_t i) const;
  std::optional<std::int64_t> OptInt(size_t i) const;
  std::int64_t Int(std::string_view name) const;
  std::string Text(std::string_view name) const;
  std::optional<std::string> OptText(std::string_view name) const;
  std::optional<std::int64_t> OptInt(std::string_view name) const;

 private:
  std::shared_ptr<const std::vector<std::string>> columns_;
  std::vector<Value> values_;
};

struct Rows {
  std::vector<std::string> columns;
  std::vector<Row> rows;
  bool empty() const { return rows.empty(); }
  size_t size() const { return rows.size(); }
};

class Connection {
 public:
  virtual ~Connection() = default;
  virtual Dialect dialect() const = 0;

  // Runs one statement with `?` placeholders bound to `params` in order and returns its
  // rows (possibly none). Use `RETURNING` to get generated ids on both backends.
  virtual Result<Rows> Query(std::string_view sql, const std::vector<Value>& params = {}) = 0;
  // Runs one statement and returns the number of rows it changed.
  virtual Result<std::int64_t> Execute(std::string_view sql,
                                       const std::vector<Value>& params = {}) = 0;
  // Runs several `;`-separated statements without parameters (migrations, DDL).
  virtual Status ExecuteScript(std::string_view sql) = 0;

  // Transactions. BeginWrite takes the write lock up front on SQLite (BEGIN IMMEDIATE)
  // so that a read-then-write transaction never fails half-way with SQLITE_BUSY; on
  // PostgreSQL it takes a database-wide advisory lock, so on both backends write
  // transactions run one at a time and a read-modify-write loses no update. Begin is a
  // deferred transaction on SQLite and REPEATABLE READ (one snapshot) on PostgreSQL. On
  // PostgreSQL a failed statement aborts the whole transaction: Commit then rolls back
  // and returns kInternal. A lease returned with a transaction open is rolled back.
  virtual Status Begin() = 0;
  virtual Status BeginWrite() = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;
};

// A connection borrowed from the pool; returned when the lease is destroyed. A lease
// whose connection broke is discarded instead of returned.
class Lease {
 public:
  Lease(Connection* connection, std::function<void(Connection*)> release)
      : connection_(connection), release_(std::move(release)) {}
  Lease(Lease&& other) noexcept
      : connection_(std::exchange(other.connection_, nullptr)),
        release_(std::move(other.release_)) {}
  Lease& operator=(Lease&&) = delete;
  Lease(const Lease&) = delete;
  ~Lease() {
    if (connection_ && release_) release_(connection_);
  }
  Connection* operator->() const { return connection_; }
  Connection& operator*() const { return *connection_; }

 private:
  Connection* connection_;
  std::function<void(Connection*)> release_;
};

struct OpenOptions {
  int pool_size = 16;           // connections kept at most
  int busy_timeout_ms = 10000;  // SQLite busy timeout; PostgreSQL statement_timeout 0
};

class Database {
 public:
  virtual ~Database() = default;

  // Opens the database named by `url`: "sqlite:PATH" (the file and its folder are
  // created), "sqlite::memory:" (a new in-memory database, private to the returned
  // Database and served by a single pooled connection), or
  // "postgresql://…"/"postgres://…". InvalidArgument naming "db" for any other URL,
  // Unavailable when the server cannot be reached.
  static Result<std::unique_ptr<Database>> Open(std::string_view url,
                                                const OpenOptions& options = {});

  virtual Dialect dialect() const = 0;
  // The URL with any password masked, for messages.
  virtual std::string DescribeUrl() const = 0;

  // Borrows a connection, waiting up to the busy timeout for one to be free.
  virtual Result<Lease> Acquire() = 0;

  // Runs `body` inside a write transaction on one connection and commits if it returns
  // a value, rolls back if it returns an error (which is passed through).
  template <class T>
  Result<T> InWriteTransaction(const std::function<Result<T>(Connection&)>& body);
  // The same with a read transaction (a consistent snapshot on PostgreSQL).
  template <class T>
  Result<T> InReadTransaction(const std::function<Result<T>(Connection&)>& body);

  // Copies the whole database into `out_path` (SQLite online backup API; pg_dump in the
  // custom format for PostgreSQL). Safe while the database is in use.
  virtual Status Backup(const std::string& out_path) = 0;
  // Replaces the contents of this database with a backup written by Backup(). Nobody
  // else may use the database meanwhile.
  virtual Status Restore(const std::string& in_path) = 0;

 private:
  template <class T>
  Result<T> InTransaction(bool write, const std::function<Result<T>(Connection&)>& body);
};

template <class T>
Result<T> Database::InTransaction(bool write, const std::function<Result<T>(Connection&)>& body) {
  ASTA_ASSIGN_OR_RETURN(Lease lease, Acquire());
  ASTA_RETURN_IF_ERROR(write ? lease->BeginWrite() : lease->Begin());
  Result<T> result = body(*lease);
  if (!result) {
    (void)lease->Rollback();
    return result;
  }
  ASTA_RETURN_IF_ERROR(lease->Commit());
  return result;
}

template <class T>
Result<T> Database::InWriteTransaction(const std::function<Result<T>(Connection&)>& body) {
  return InTransaction<T>(true, body);
}

template <class T>
Result<T> Database::InReadTransaction(const std::function<Result<T>(Connection&)>& body) {
  return InTransaction<T>(false, body);
}

}  // namespace asta::store
