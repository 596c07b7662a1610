// Fresh, isolated databases for the store tests, one per test, on each backend:
// an in-memory SQLite database, a SQLite file in a new temporary folder, and a newly
// created PostgreSQL database (dropped afterwards) on the server named by the
// environment variable ASTA_TEST_PG_URL. Without that variable PostgreSQL cases are
// skipped, unless ASTA_REQUIRE_PG=1, when they fail: CI sets it so that the PostgreSQL
// suite cannot silently stop running.
#pragma once

#include <filesystem>
#include <memory>
#include <ostream>
#include <string>

#include "store/database.h"

namespace asta::store::testing {

enum class Backend { kSqliteMemory, kSqliteFile, kPostgres };

std::string BackendName(Backend backend);
// Lets GoogleTest print "Postgres" instead of the enum's bytes.
void PrintTo(Backend backend, std::ostream* out);

// A temporary folder removed with everything in it on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// Owns one fresh database and removes it on destruction.
class TestDatabase {
 public:
  // Whether `backend` can run here. When it cannot, `reason` says why and `must_fail`
  // tells whether that is an error (ASTA_REQUIRE_PG=1) rather than a skip.
  static bool Available(Backend backend, std::string* reason, bool* must_fail);

  // Creates the fresh database; on failure returns nullptr and sets `error`.
  static std::unique_ptr<TestDatabase> Create(Backend backend, std::string* error);
  ~TestDatabase();

  // The URL of the fresh database, for Database::Open; may be opened several times
  // (except sqlite::memory:, which is a new database on every Open).
  const std::string& url() const { return url_; }
  // A folder for files the test writes (backups); removed with the database.
  const std::filesystem::path& dir() const { return dir_.path(); }

 private:
  TestDatabase() = default;

  Backend backend_ = Backend::kSqliteMemory;
  std::string url_;
  std::string pg_admin_url_;
  std::string pg_database_;
  TempDir dir_;
};

// True when an executable named `program` is on PATH.
bool HaveProgram(const std::string& program);

}  // namespace asta::store::testing
