#include "tests/store/test_backends.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <random>
#include <sstream>

namespace asta::store::testing {
namespace {

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

// The URL with its database (the path) replaced by `database`, the query kept.
std::string WithDatabase(const std::string& url, const std::string& database) {
  size_t scheme = url.find("://");
  size_t slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  size_t query = url.find('?', scheme == std::string::npos ? 0 : scheme + 3);
  std::string base = url.substr(0, std::min(slash, query));
  std::string rest = query == std::string::npos ? "" : url.substr(query);
  return base + "/" + database + rest;
}

std::string UniqueName() {
  static std::atomic<int> counter{0};
  std::random_device random;
  std::ostringstream name;
  name << "asta_t_" << getpid() << "_" << counter++ << "_" << std::hex << random();
  return name.str();
}

}  // namespace

std::string BackendName(Backend backend) {
  switch (backend) {
    case Backend::kSqliteMemory:
      return "SqliteMemory";
    case Backend::kSqliteFile:
      return "SqliteFile";
    case Backend::kPostgres:
      return "Postgres";
  }
  return "Unknown";
}

void PrintTo(Backend backend, std::ostream* out) { *out << BackendName(backend); }

TempDir::TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "asta-store-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) std::abort();
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

bool TestDatabase::Available(Backend backend, std::string* reason, bool* must_fail) {
  *must_fail = false;
  if (backend != Backend::kPostgres || !Env("ASTA_TEST_PG_URL").empty()) return true;
  *must_fail = Env("ASTA_REQUIRE_PG") == "1";
  *reason =
      "PostgreSQL tests need ASTA_TEST_PG_URL=postgresql://USER:PASSWORD@HOST/DB (a role "
      "that may create databases)";
  if (*must_fail) *reason += "; ASTA_REQUIRE_PG=1 makes its absence a failure";
  return false;
}

std::unique_ptr<TestDatabase> TestDatabase::Create(Backend backend, std::string* error) {
  std::unique_ptr<TestDatabase> test(new TestDatabase());
  test->backend_ = backend;
  switch (backend) {
    case Backend::kSqliteMemory:
      test->url_ = "sqlite::memory:";
      return test;
    case Backend::kSqliteFile:
      test->url_ = "sqlite:" + (test->dir() / "data" / "asta.db").string();
      return test;
    case Backend::kPostgres:
      break;
  }
  test->pg_admin_url_ = Env("ASTA_TEST_PG_URL");
  auto admin = Database::Open(test->pg_admin_url_, OpenOptions{.pool_size = 1});
  if (!admin) {
    *error = "cannot reach ASTA_TEST_PG_URL: " + admin.error().ToString();
    return nullptr;
  }
  auto lease = (*admin)->Acquire();
  if (!lease) {
    *error = lease.error().ToString();
    return nullptr;
  }
  std::string name = UniqueName();
  // CREATE DATABASE cannot take parameters; the name is generated, not user input.
  if (auto created = (*lease)->ExecuteScript("CREATE DATABASE " + name); !created) {
    *error = "cannot create a test database: " + created.error().ToString();
    return nullptr;
  }
  test->pg_database_ = name;
  test->url_ = WithDatabase(test->pg_admin_url_, name);
  return test;
}

TestDatabase::~TestDatabase() {
  if (pg_database_.empty()) return;
  auto admin = Database::Open(pg_admin_url_, OpenOptions{.pool_size = 1});
  if (!admin) return;
  if (auto lease = (*admin)->Acquire()) {
    (void)(*lease)->ExecuteScript("DROP DATABASE IF EXISTS " + pg_database_ + " WITH (FORCE)");
  }
}

bool HaveProgram(const std::string& program) {
  std::string path = Env("PATH");
  std::stringstream folders(path);
  for (std::string folder; std::getline(folders, folder, ':');) {
    if (!folder.empty() && access((folder + "/" + program).c_str(), X_OK) == 0) return true;
  }
  return false;
}

}  // namespace asta::store::testing
