// Durability: a transaction that SQLite reported committed must survive the process
// being killed straight afterwards (SIGKILL: no destructors, no flushing).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/database.h"
#include "tests/store/test_backends.h"

namespace asta::store {
namespace {

TEST(SqliteCrashTest, CommittedRowsSurviveSigkill) {
  testing::TempDir dir;
  const std::string url = "sqlite:" + (dir.path() / "crash.db").string();
  {
    auto db = Database::Open(url);
    ASSERT_TRUE(db.has_value()) << db.error().ToString();
    auto lease = (*db)->Acquire();
    ASSERT_TRUE((*lease)->ExecuteScript("CREATE TABLE t (v INTEGER)").has_value());
  }
  constexpr int kRows = 50;
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The child commits row by row, then dies without any cleanup.
    auto db = Database::Open(url);
    if (!db) _exit(3);
    auto lease = (*db)->Acquire();
    if (!lease) _exit(4);
    for (int i = 0; i < kRows; ++i) {
      if (!(*lease)->BeginWrite()) _exit(5);
      if (!(*lease)->Execute("INSERT INTO t (v) VALUES (?)", {std::int64_t{i}})) _exit(6);
      if (!(*lease)->Commit()) _exit(7);
    }
    kill(getpid(), SIGKILL);
    _exit(8);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(status)) << "child exited with " << WEXITSTATUS(status);
  ASSERT_EQ(WTERMSIG(status), SIGKILL);

  auto db = Database::Open(url);
  ASSERT_TRUE(db.has_value()) << db.error().ToString();
  auto lease = (*db)->Acquire();
  auto rows = (*lease)->Query("SELECT COUNT(*), SUM(v) FROM t");
  ASSERT_TRUE(rows.has_value()) << rows.error().ToString();
  EXPECT_EQ(rows->rows.at(0).Int(0), kRows);
  EXPECT_EQ(rows->rows.at(0).Int(1), kRows * (kRows - 1) / 2);
}

}  // namespace
}  // namespace asta::store
