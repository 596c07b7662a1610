// The `?` → `$n` rewriting for PostgreSQL, and the URL password split used for pg_dump.
#include "store/postgres/placeholders.h"

#include <gtest/gtest.h>

#include "store/postgres/postgres_database.h"

namespace asta::store::internal {
namespace {

struct Case {
  const char* in;
  const char* out;
  int count;
};

TEST(NumberPlaceholdersTest, SkipsLiteralsIdentifiersAndComments) {
  const Case cases[] = {
      {"SELECT ?", "SELECT $1", 1},
      {"INSERT INTO t (a, b) VALUES (?, ?)", "INSERT INTO t (a, b) VALUES ($1, $2)", 2},
      {"SELECT '?', ?", "SELECT '?', $1", 1},
      {"SELECT 'it''s ?', ?", "SELECT 'it''s ?', $1", 1},
      {"SELECT E'\\'?', ?", "SELECT E'\\'?', $1", 1},
      {"SELECT \"odd?name\" FROM t WHERE x = ?", "SELECT \"odd?name\" FROM t WHERE x = $1", 1},
      {"SELECT ? -- why?\n, ?", "SELECT $1 -- why?\n, $2", 2},
      {"SELECT /* a /* nested ? */ ? */ ?", "SELECT /* a /* nested ? */ ? */ $1", 1},
      {"SELECT $$ ? $$, $tag$ ? $tag$, ?", "SELECT $$ ? $$, $tag$ ? $tag$, $1", 1},
      {"SELECT 'unterminated ?", "SELECT 'unterminated ?", 0},
      {"SELECT a?b", "SELECT a$1b", 1},
      {"", "", 0},
  };
  for (const Case& c : cases) {
    NumberedSql numbered = NumberPlaceholders(c.in);
    EXPECT_EQ(numbered.sql, c.out) << c.in;
    EXPECT_EQ(numbered.parameter_count, c.count) << c.in;
  }
}

TEST(SplitPasswordTest, MovesThePasswordOutOfTheUrl) {
  auto [url, password] = SplitPassword("postgresql://asta:s%40cret@db.example:5432/asta?x=1");
  EXPECT_EQ(url, "postgresql://asta@db.example:5432/asta?x=1");
  EXPECT_EQ(password, "s@cret");
  auto [plain, none] = SplitPassword("postgres://asta@db/asta");
  EXPECT_EQ(plain, "postgres://asta@db/asta");
  EXPECT_EQ(none, "");
  auto [bare, nothing] = SplitPassword("postgresql:///asta");
  EXPECT_EQ(bare, "postgresql:///asta");
  EXPECT_EQ(nothing, "");
}

}  // namespace
}  // namespace asta::store::internal
