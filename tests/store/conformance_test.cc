// The storage conformance suite: every case runs on each backend (SQLite in memory,
// SQLite file, PostgreSQL), so that code written against store::Database behaves the
// same on all of them.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <limits>
#include <thread>

#include "store/database.h"
#include "store/migrate.h"
#include "tests/store/test_backends.h"

namespace asta::store {
namespace {

using testing::Backend;
using testing::TestDatabase;

class StoreTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    std::string reason;
    bool must_fail = false;
    if (!TestDatabase::Available(GetParam(), &reason, &must_fail)) {
      if (must_fail) FAIL() << reason;
      GTEST_SKIP() << reason;
    }
    std::string error;
    test_db_ = TestDatabase::Create(GetParam(), &error);
    ASSERT_NE(test_db_, nullptr) << error;
    db_ = OpenDb();
    ASSERT_NE(db_, nullptr);
  }

  void TearDown() override {
    db_.reset();
    test_db_.reset();
  }

  std::unique_ptr<Database> OpenDb(const OpenOptions& options = {}) {
    auto db = Database::Open(test_db_->url(), options);
    EXPECT_TRUE(db.has_value()) << (db ? "" : db.error().ToString());
    return db ? std::move(*db) : nullptr;
  }

  std::string Render(const std::string& sql) { return RenderMigrationSql(sql, db_->dialect()); }

  Lease Conn() {
    auto lease = db_->Acquire();
    EXPECT_TRUE(lease.has_value()) << lease.error().ToString();
    return std::move(*lease);
  }

  void Script(const std::string& sql) {
    auto status = Conn()->ExecuteScript(Render(sql));
    ASSERT_TRUE(status.has_value()) << status.error().ToString();
  }

  std::int64_t Count(const std::string& table) {
    auto rows = Conn()->Query("SELECT COUNT(*) FROM " + table);
    EXPECT_TRUE(rows.has_value()) << rows.error().ToString();
    return rows && !rows->empty() ? rows->rows[0].Int(0) : -1;
  }

  bool IsSqliteMemory() const { return GetParam() == Backend::kSqliteMemory; }

  std::unique_ptr<TestDatabase> test_db_;
  std::unique_ptr<Database> db_;
};

TEST_P(StoreTest, ValuesRoundTripWithTheirTypes) {
  Script(
      "CREATE TABLE t (id {{id}}, i {{bigint}}, d DOUBLE PRECISION, s TEXT, b {{blob}}, "
      "n TEXT)");
  const std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
  const std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  const std::string kJapanese = "国際共同研究・アジア科学技術エリア";
  const std::string kArabic = "مرحبا بالعالم";
  const std::string kEmoji = "🔬🧪👩‍🔬";
  const std::string kBytes("\0\x01\xff\0abc\0", 7);
  struct Case {
    std::int64_t i;
    double d;
    std::string s;
    std::string b;
  };
  std::vector<Case> cases = {{kMin, 3.141592653589793, kJapanese, kBytes},
                             {kMax, -1.5e300, kArabic, ""},
                             {0, 0.1, kEmoji, std::string(1, '\0')}};
  Lease c = Conn();
  for (const Case& x : cases) {
    auto inserted = c->Execute("INSERT INTO t (i, d, s, b, n) VALUES (?, ?, ?, ?, ?)",
                               {x.i, x.d, x.s, Blob{x.b}, std::monostate{}});
    ASSERT_TRUE(inserted.has_value()) << inserted.error().ToString();
    EXPECT_EQ(*inserted, 1);
  }
  auto rows = c->Query("SELECT i, d, s, b, n FROM t ORDER BY id");
  ASSERT_TRUE(rows.has_value()) << rows.error().ToString();
  ASSERT_EQ(rows->size(), cases.size());
  EXPECT_EQ(rows->columns, (std::vector<std::string>{"i", "d", "s", "b", "n"}));
  for (size_t k = 0; k < cases.size(); ++k) {
    const Row& row = rows->rows[k];
    ASSERT_TRUE(std::holds_alternative<std::int64_t>(row.at(0)));
    EXPECT_EQ(std::get<std::int64_t>(row.at(0)), cases[k].i);
    ASSERT_TRUE(std::holds_alternative<double>(row.at(1)));
    EXPECT_EQ(std::get<double>(row.at(1)), cases[k].d);
    ASSERT_TRUE(std::holds_alternative<std::string>(row.at(2)));
    EXPECT_EQ(std::get<std::string>(row.at(2)), cases[k].s);
    ASSERT_TRUE(std::holds_alternative<Blob>(row.at(3)));
    EXPECT_EQ(std::get<Blob>(row.at(3)).bytes, cases[k].b);
    EXPECT_TRUE(row.IsNull(4));
    EXPECT_EQ(row.OptText(4), std::nullopt);
    EXPECT_EQ(row.Int("i"), cases[k].i);
    EXPECT_EQ(row.Text("s"), cases[k].s);
  }
}

TEST_P(StoreTest, RowAccessorsConvertOnlyWhereLossless) {
  auto rows = Conn()->Query("SELECT ? AS a, ? AS b, ? AS c", {std::int64_t{42}, "17", "x7"});
  ASSERT_TRUE(rows.has_value()) << rows.error().ToString();
  const Row& row = rows->rows.at(0);
  EXPECT_EQ(row.Int("a"), 42);
  EXPECT_EQ(row.Text("a"), "42");
  EXPECT_EQ(row.Int("b"), 17);
  EXPECT_EQ(row.OptInt("c"), std::nullopt);
  EXPECT_EQ(row.Int("c"), 0);
  EXPECT_EQ(row.Int("missing"), 0);
  EXPECT_EQ(row.IndexOf("missing"), -1);
  EXPECT_EQ(row.OptText(99), std::nullopt);
}

TEST_P(StoreTest, HostileStringsAreStoredLiterally) {
  Script("CREATE TABLE t (id {{id}}, s TEXT NOT NULL)");
  const std::vector<std::string> hostile = {"'); DROP TABLE t; --", "?",       "$1",  "\\", "\"x\"",
                                            "' OR '1'='1",          "/* ? */", "a\nb"};
  Lease c = Conn();
  for (const std::string& s : hostile) {
    auto inserted = c->Execute("INSERT INTO t (s) VALUES (?)", {s});
    ASSERT_TRUE(inserted.has_value()) << inserted.error().ToString();
  }
  auto rows = c->Query("SELECT s FROM t ORDER BY id");
  ASSERT_TRUE(rows.has_value()) << rows.error().ToString();
  ASSERT_EQ(rows->size(), hostile.size());
  for (size_t i = 0; i < hostile.size(); ++i) EXPECT_EQ(rows->rows[i].Text(0), hostile[i]);

  // A `?` inside a literal, an identifier or a comment is not a placeholder.
  auto mixed =
      c->Query("SELECT '?' AS \"q?\", ? AS p -- trailing ?\n /* and ? here */", {std::string("v")});
  ASSERT_TRUE(mixed.has_value()) << mixed.error().ToString();
  EXPECT_EQ(mixed->rows.at(0).Text("q?"), "?");
  EXPECT_EQ(mixed->rows.at(0).Text("p"), "v");
}

TEST_P(StoreTest, ReturningGivesGeneratedIds) {
  Script("CREATE TABLE t (id {{id}}, s TEXT)");
  Lease c = Conn();
  for (std::int64_t expected = 1; expected <= 3; ++expected) {
    auto rows = c->Query("INSERT INTO t (s) VALUES (?) RETURNING id", {std::string("x")});
    ASSERT_TRUE(rows.has_value()) << rows.error().ToString();
    ASSERT_EQ(rows->size(), 1u);
    EXPECT_EQ(rows->rows[0].Int("id"), expected);
  }
  auto changed =
      c->Execute("UPDATE t SET s = ? WHERE id >= ?", {std::string("y"), std::int64_t{2}});
  ASSERT_TRUE(changed.has_value()) << changed.error().ToString();
  EXPECT_EQ(*changed, 2);
}

TEST_P(StoreTest, CommitKeepsAndRollbackDiscards) {
  Script("CREATE TABLE t (id {{id}}, s TEXT)");
  {
    Lease c = Conn();
    ASSERT_TRUE(c->BeginWrite().has_value());
    ASSERT_TRUE(c->Execute("INSERT INTO t (s) VALUES ('a')").has_value());
    ASSERT_TRUE(c->Rollback().has_value());
    EXPECT_EQ(c->Query("SELECT * FROM t")->size(), 0u);
    ASSERT_TRUE(c->Begin().has_value());
    ASSERT_TRUE(c->Execute("INSERT INTO t (s) VALUES ('b')").has_value());
    ASSERT_TRUE(c->Commit().has_value());
  }
  EXPECT_EQ(Count("t"), 1);
}

TEST_P(StoreTest, LeaseReturnedMidTransactionIsRolledBack) {
  Script("CREATE TABLE t (id {{id}}, s TEXT)");
  {
    Lease c = Conn();
    ASSERT_TRUE(c->BeginWrite().has_value());
    ASSERT_TRUE(c->Execute("INSERT INTO t (s) VALUES ('a')").has_value());
  }
  EXPECT_EQ(Count("t"), 0);
  Lease c = Conn();
  EXPECT_TRUE(c->BeginWrite().has_value());
  EXPECT_TRUE(c->Commit().has_value());
}

TEST_P(StoreTest, InWriteTransactionRollsBackOnError) {
  Script("CREATE TABLE t (id {{id}}, s TEXT)");
  auto failed = db_->InWriteTransaction<int>([](Connection& c) -> Result<int> {
    ASTA_RETURN_IF_ERROR(c.Execute("INSERT INTO t (s) VALUES ('a')"));
    return NotFound("no such thing");
  });
  ASSERT_FALSE(failed.has_value());
  EXPECT_EQ(failed.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(failed.error().message, "no such thing");
  EXPECT_EQ(Count("t"), 0);

  auto ok = db_->InWriteTransaction<std::int64_t>([](Connection& c) -> Result<std::int64_t> {
    ASTA_ASSIGN_OR_RETURN(Rows rows, c.Query("INSERT INTO t (s) VALUES ('b') RETURNING id"));
    return rows.rows.at(0).Int(0);
  });
  ASSERT_TRUE(ok.has_value()) << ok.error().ToString();
  EXPECT_GE(*ok, 1);  // a PostgreSQL sequence does not give back the rolled-back id
  auto read = db_->InReadTransaction<std::int64_t>([](Connection& c) -> Result<std::int64_t> {
    ASTA_ASSIGN_OR_RETURN(Rows rows, c.Query("SELECT COUNT(*) FROM t"));
    return rows.rows.at(0).Int(0);
  });
  ASSERT_TRUE(read.has_value()) << read.error().ToString();
  EXPECT_EQ(*read, 1);
}

TEST_P(StoreTest, FailedStatementFailsTheCommit) {
  Script("CREATE TABLE t (id {{id}}, s TEXT UNIQUE)");
  auto result = db_->InWriteTransaction<int>([](Connection& c) -> Result<int> {
    ASTA_RETURN_IF_ERROR(c.Execute("INSERT INTO t (s) VALUES ('a')"));
    auto duplicate = c.Execute("INSERT INTO t (s) VALUES ('a')");
    EXPECT_FALSE(duplicate.has_value());
    return 1;  // ignores the failure: the transaction must not half-commit silently
  });
  // SQLite keeps the first insert (a failed statement only undoes itself); PostgreSQL
  // aborts the whole transaction. Either way Commit must not claim success for a
  // transaction the server discarded.
  if (db_->dialect() == Dialect::kPostgres) {
    EXPECT_FALSE(result.has_value());
    EXPECT_EQ(Count("t"), 0);
  } else {
    EXPECT_TRUE(result.has_value());
    EXPECT_EQ(Count("t"), 1);
  }
}

TEST_P(StoreTest, ConstraintViolationsMapToErrorCodes) {
  Script(
      "CREATE TABLE parent (id {{id}}, email TEXT NOT NULL UNIQUE);"
      "CREATE TABLE child (id {{id}}, parent_id {{bigint}} NOT NULL REFERENCES parent(id))");
  Lease c = Conn();
  const std::string kSecret = "secret-value-8c1f@example.org";
  ASSERT_TRUE(c->Execute("INSERT INTO parent (email) VALUES (?)", {kSecret}).has_value());

  auto duplicate = c->Execute("INSERT INTO parent (email) VALUES (?)", {kSecret});
  ASSERT_FALSE(duplicate.has_value());
  EXPECT_EQ(duplicate.error().code, ErrorCode::kAlreadyExists) << duplicate.error().ToString();
  EXPECT_EQ(duplicate.error().message.find(kSecret), std::string::npos)
      << duplicate.error().message;

  auto orphan = c->Execute("INSERT INTO child (parent_id) VALUES (?)", {std::int64_t{999}});
  ASSERT_FALSE(orphan.has_value());
  EXPECT_EQ(orphan.error().code, ErrorCode::kInvalidArgument) << orphan.error().ToString();

  auto null = c->Execute("INSERT INTO parent (email) VALUES (?)", {std::monostate{}});
  ASSERT_FALSE(null.has_value());
  EXPECT_EQ(null.error().code, ErrorCode::kInvalidArgument) << null.error().ToString();

  auto bad_type = c->Execute("INSERT INTO child (parent_id) VALUES (?)", {kSecret});
  ASSERT_FALSE(bad_type.has_value());
  EXPECT_EQ(bad_type.error().message.find(kSecret), std::string::npos) << bad_type.error().message;

  auto syntax = c->Query("SELEC 1");
  ASSERT_FALSE(syntax.has_value());
  EXPECT_EQ(syntax.error().code, ErrorCode::kInternal);

  auto arity = c->Query("SELECT ?, ?", {std::int64_t{1}});
  ASSERT_FALSE(arity.has_value());
  EXPECT_EQ(arity.error().code, ErrorCode::kInternal);

  // The connection is still usable after the errors.
  EXPECT_EQ(c->Query("SELECT 1")->size(), 1u);
}

TEST_P(StoreTest, ConcurrentWritersLoseNoUpdates) {
  Script("CREATE TABLE counter (id {{bigint}} PRIMARY KEY, v {{bigint}} NOT NULL)");
  ASSERT_TRUE(Conn()->Execute("INSERT INTO counter (id, v) VALUES (1, 0)").has_value());
  constexpr int kThreads = 8;
  constexpr int kIncrements = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int k = 0; k < kIncrements; ++k) {
        auto done = db_->InWriteTransaction<bool>([](Connection& c) -> Result<bool> {
          ASTA_ASSIGN_OR_RETURN(Rows rows, c.Query("SELECT v FROM counter WHERE id = 1"));
          std::int64_t v = rows.rows.at(0).Int(0);
          ASTA_RETURN_IF_ERROR(c.Execute("UPDATE counter SET v = ? WHERE id = 1", {v + 1}));
          return true;
        });
        if (!done) {
          ++failures;
          ADD_FAILURE() << done.error().ToString();
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  auto rows = Conn()->Query("SELECT v FROM counter WHERE id = 1");
  ASSERT_TRUE(rows.has_value());
  EXPECT_EQ(rows->rows.at(0).Int(0), kThreads * kIncrements);
}

// SQLite writers of one process queue for their turn (first come, first served) rather
// than sleeping in SQLite's busy handler; a writer that waits past the busy timeout gets
// kUnavailable and gives its turn up, so the next writer still writes.
TEST_P(StoreTest, SqliteWritersQueueAndAWriterThatWaitsTooLongGivesUp) {
  if (GetParam() != Backend::kSqliteFile) GTEST_SKIP() << "SQLite file databases only";
  db_.reset();
  auto db = OpenDb(OpenOptions{.pool_size = 4, .busy_timeout_ms = 300});
  ASSERT_NE(db, nullptr);
  {
    auto lease = db->Acquire();
    ASSERT_TRUE(lease);
    ASSERT_TRUE((*lease)->ExecuteScript("CREATE TABLE w (v INTEGER)"));
  }
  auto holder = db->Acquire();
  ASSERT_TRUE(holder);
  ASSERT_TRUE((*holder)->BeginWrite());
  auto start = std::chrono::steady_clock::now();
  auto late = db->InWriteTransaction<bool>([](Connection& c) -> Result<bool> {
    ASTA_RETURN_IF_ERROR(c.Execute("INSERT INTO w (v) VALUES (1)").map([](auto) {}));
    return true;
  });
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kUnavailable);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(250));
  // While the holder still writes, a second waiter is served as soon as it commits.
  std::thread committer([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ASSERT_TRUE((*holder)->Execute("INSERT INTO w (v) VALUES (2)"));
    ASSERT_TRUE((*holder)->Commit());
  });
  auto next = db->InWriteTransaction<bool>([](Connection& c) -> Result<bool> {
    ASTA_RETURN_IF_ERROR(c.Execute("INSERT INTO w (v) VALUES (3)").map([](auto) {}));
    return true;
  });
  committer.join();
  ASSERT_TRUE(next) << next.error().ToString();
  auto lease = db->Acquire();
  ASSERT_TRUE(lease);
  auto rows = (*lease)->Query("SELECT COUNT(*), SUM(v) FROM w");
  ASSERT_TRUE(rows);
  EXPECT_EQ(rows->rows.at(0).Int(0), 2);
  EXPECT_EQ(rows->rows.at(0).Int(1), 5);
}

TEST_P(StoreTest, ExhaustedPoolWaitsThenSucceedsOrTimesOut) {
  db_.reset();
  auto db = OpenDb(OpenOptions{.pool_size = 2, .busy_timeout_ms = 400});
  ASSERT_NE(db, nullptr);
  const int size = IsSqliteMemory() ? 1 : 2;  // an in-memory database has one connection
  std::vector<Lease> held;
  for (int i = 0; i < size; ++i) {
    auto lease = db->Acquire();
    ASSERT_TRUE(lease.has_value()) << lease.error().ToString();
    held.push_back(std::move(*lease));
  }
  auto start = std::chrono::steady_clock::now();
  auto timed_out = db->Acquire();
  ASSERT_FALSE(timed_out.has_value());
  EXPECT_EQ(timed_out.error().code, ErrorCode::kUnavailable);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(350));

  std::thread releaser([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    held.pop_back();
  });
  start = std::chrono::steady_clock::now();
  auto waited = db->Acquire();
  releaser.join();
  ASSERT_TRUE(waited.has_value()) << waited.error().ToString();
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(100));
  EXPECT_TRUE((*waited)->Query("SELECT 1").has_value());
}

TEST_P(StoreTest, MigrateAppliesBuiltinsOnceAndIsIdempotent) {
  auto version = CurrentSchemaVersion(*db_);
  ASSERT_TRUE(version.has_value()) << version.error().ToString();
  EXPECT_EQ(*version, 0);

  auto first = Migrate(*db_);
  ASSERT_TRUE(first.has_value()) << first.error().ToString();
  EXPECT_EQ(first->from_version, 0);
  EXPECT_EQ(first->to_version, BuiltinMigrations().back().version);
  ASSERT_FALSE(first->applied.empty());
  EXPECT_EQ(first->applied.front(), "0001_init");
  EXPECT_EQ(Count("audit_head"), 1);

  auto second = Migrate(*db_);
  ASSERT_TRUE(second.has_value()) << second.error().ToString();
  EXPECT_TRUE(second->applied.empty());
  EXPECT_EQ(second->from_version, first->to_version);
  EXPECT_EQ(second->to_version, first->to_version);
  EXPECT_EQ(*CurrentSchemaVersion(*db_), first->to_version);
  EXPECT_EQ(Count("schema_migrations"), static_cast<std::int64_t>(BuiltinMigrations().size()));
}

TEST_P(StoreTest, ConcurrentMigratorsApplyEachMigrationOnce) {
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      if (!Migrate(*db_)) ++failures;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Count("schema_migrations"), static_cast<std::int64_t>(BuiltinMigrations().size()));
}

TEST_P(StoreTest, MigrateRefusesANewerSchema) {
  ASSERT_TRUE(Migrate(*db_).has_value());
  // One past the newest migration this build knows (it grows with every module).
  const int future = BuiltinMigrations().back().version + 1;
  ASSERT_TRUE(Conn()
                  ->Execute("INSERT INTO schema_migrations (version, name, checksum, applied_at) "
                            "VALUES (?, 'future', 'x', '2030-01-01T00:00:00Z')",
                            {std::int64_t{future}})
                  .has_value());
  EXPECT_EQ(*CurrentSchemaVersion(*db_), future);
  auto refused = Migrate(*db_);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(refused.error().message.find("database schema version " + std::to_string(future) +
                                         " is newer than this asta"),
            std::string::npos)
      << refused.error().message;
}

TEST_P(StoreTest, MigrateRefusesAChangedMigration) {
  std::vector<Migration> original = {{1, "one", "CREATE TABLE a (x {{bigint}});"}};
  ASSERT_TRUE(Migrate(*db_, original).has_value());
  std::vector<Migration> edited = {{1, "one", "CREATE TABLE a (x {{bigint}}, y TEXT);"}};
  auto refused = Migrate(*db_, edited);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(refused.error().message.find("checksum"), std::string::npos);
}

TEST_P(StoreTest, FailedMigrationLeavesNoTrace) {
  std::vector<Migration> migrations = {
      {1, "one", "CREATE TABLE a (x {{bigint}});"},
      {2, "two", "CREATE TABLE b (x {{bigint}}); INSERT INTO no_such_table VALUES (1);"}};
  auto failed = Migrate(*db_, migrations);
  ASSERT_FALSE(failed.has_value());
  EXPECT_NE(failed.error().message.find("0002_two"), std::string::npos);
  EXPECT_EQ(*CurrentSchemaVersion(*db_), 1);
  EXPECT_FALSE(Conn()->Query("SELECT * FROM b").has_value());  // its DDL was rolled back
  migrations[1].sql = "CREATE TABLE b (x {{bigint}});";
  auto retried = Migrate(*db_, migrations);
  ASSERT_TRUE(retried.has_value()) << retried.error().ToString();
  EXPECT_EQ(retried->from_version, 1);
  EXPECT_EQ(retried->to_version, 2);
  EXPECT_EQ(retried->applied, std::vector<std::string>{"0002_two"});
}

TEST_P(StoreTest, BackupAndRestoreRoundTrip) {
  if (db_->dialect() == Dialect::kPostgres &&
      !(testing::HaveProgram("pg_dump") && testing::HaveProgram("pg_restore"))) {
    GTEST_SKIP() << "pg_dump/pg_restore are not installed";
  }
  ASSERT_TRUE(Migrate(*db_).has_value());
  Script("CREATE TABLE t (id {{id}}, s TEXT, b {{blob}})");
  const std::string kBytes("\0\x01\xfe", 3);
  ASSERT_TRUE(
      Conn()->Execute("INSERT INTO t (s, b) VALUES (?, ?)", {"日本", Blob{kBytes}}).has_value());
  const std::string backup = (test_db_->dir() / "asta.backup").string();
  // Writing twice checks that an existing backup file is replaced.
  ASSERT_TRUE(db_->Backup(backup).has_value());
  auto backed_up = db_->Backup(backup);
  ASSERT_TRUE(backed_up.has_value()) << backed_up.error().ToString();

  {
    // Released before Restore, which needs a connection (an in-memory pool has one).
    Lease c = Conn();
    ASSERT_TRUE(c->Execute("INSERT INTO t (s) VALUES ('after backup')").has_value());
    ASSERT_TRUE(c->Execute("DELETE FROM t WHERE s = ?", {"日本"}).has_value());
    ASSERT_TRUE(c->ExecuteScript("DROP TABLE audit_head").has_value());
  }

  auto restored = db_->Restore(backup);
  ASSERT_TRUE(restored.has_value()) << restored.error().ToString();
  auto rows = Conn()->Query("SELECT s, b FROM t ORDER BY id");
  ASSERT_TRUE(rows.has_value()) << rows.error().ToString();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->rows[0].Text(0), "日本");
  EXPECT_EQ(std::get<Blob>(rows->rows[0].at(1)).bytes, kBytes);
  EXPECT_EQ(Count("audit_head"), 1);
  EXPECT_EQ(*CurrentSchemaVersion(*db_), BuiltinMigrations().back().version);

  auto missing = db_->Restore((test_db_->dir() / "no-such-file").string());
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

TEST_P(StoreTest, LostConnectionIsUnavailableAndDiscarded) {
  if (db_->dialect() != Dialect::kPostgres) GTEST_SKIP() << "only a server connection can be lost";
  {
    Lease victim = Conn();
    auto pid = victim->Query("SELECT pg_backend_pid()");
    ASSERT_TRUE(pid.has_value()) << pid.error().ToString();
    {
      // A second database object, so that its connection is not the pooled victim.
      auto killer = OpenDb(OpenOptions{.pool_size = 1});
      ASSERT_NE(killer, nullptr);
      auto lease = killer->Acquire();
      ASSERT_TRUE(lease.has_value());
      auto killed = (*lease)->Query("SELECT pg_terminate_backend(?)", {pid->rows.at(0).Int(0)});
      ASSERT_TRUE(killed.has_value()) << killed.error().ToString();
    }
    auto lost = victim->Query("SELECT 1");
    ASSERT_FALSE(lost.has_value());
    EXPECT_EQ(lost.error().code, ErrorCode::kUnavailable) << lost.error().ToString();
  }
  // The broken connection was not put back: the next lease works.
  auto rows = Conn()->Query("SELECT 1");
  ASSERT_TRUE(rows.has_value()) << rows.error().ToString();
}

TEST_P(StoreTest, DescribeUrlHidesThePassword) {
  std::string described = db_->DescribeUrl();
  EXPECT_FALSE(described.empty());
  if (db_->dialect() == Dialect::kPostgres) {
    std::string url = test_db_->url();
    size_t at = url.find('@');
    size_t colon = url.find(':', url.find("://") + 3);
    if (at != std::string::npos && colon < at) {
      std::string password = url.substr(colon + 1, at - colon - 1);
      EXPECT_EQ(described.find(":" + password + "@"), std::string::npos) << described;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest,
                         ::testing::Values(Backend::kSqliteMemory, Backend::kSqliteFile,
                                           Backend::kPostgres),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return testing::BackendName(info.param);
                         });

TEST(OpenTest, RejectsUnknownUrlsNamingTheField) {
  for (const char* url : {"mysql://root:hunter2@db/asta", "", "sqlite:", "file.db"}) {
    auto db = Database::Open(url);
    ASSERT_FALSE(db.has_value()) << url;
    EXPECT_EQ(db.error().code, ErrorCode::kInvalidArgument) << url;
    EXPECT_EQ(db.error().field, "db") << url;
    EXPECT_EQ(db.error().message.find("hunter2"), std::string::npos);
  }
}

TEST(OpenTest, SqliteCreatesTheFolder) {
  testing::TempDir dir;
  auto path = dir.path() / "a" / "b" / "asta.db";
  auto db = Database::Open("sqlite:" + path.string());
  ASSERT_TRUE(db.has_value()) << db.error().ToString();
  EXPECT_TRUE(std::filesystem::exists(path));
  EXPECT_EQ((*db)->DescribeUrl(), "sqlite:" + path.string());
  auto lease = (*db)->Acquire();
  ASSERT_TRUE(lease.has_value());
  auto mode = (*lease)->Query("PRAGMA journal_mode");
  ASSERT_TRUE(mode.has_value());
  EXPECT_EQ(mode->rows.at(0).Text(0), "wal");
  auto sync = (*lease)->Query("PRAGMA synchronous");
  EXPECT_EQ(sync->rows.at(0).Int(0), 2);  // FULL
  auto fk = (*lease)->Query("PRAGMA foreign_keys");
  EXPECT_EQ(fk->rows.at(0).Int(0), 1);
}

TEST(OpenTest, UnreachablePostgresIsUnavailable) {
  auto db = Database::Open("postgresql://nobody:hunter2@127.0.0.1:1/none?connect_timeout=2");
  ASSERT_FALSE(db.has_value());
  EXPECT_EQ(db.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(db.error().message.find("hunter2"), std::string::npos) << db.error().message;
}

}  // namespace
}  // namespace asta::store
