// The benchmark's baseline: SQLite FTS5 with the trigram tokenizer over the same
// documents, queried the way an application without a search engine would. One table
// `fts(names, body)` (trigram, case-folded; body = English and Japanese text), a table of
// stored fields and a table of facet values indexed by (facet, value, doc).
//
// Queries: every word of 3+ characters, quoted, all required (FTS5's implicit AND);
// names restricted to the names column; ranked by bm25 with the names column weighted
// 10. A query with no word of 3+ characters (a two-character Chinese name) falls back to
// LIKE '%text%' on the column. Faceted queries put the matches (with their bm25) in a
// temporary table, then read the top hits, the total and the facet counts (GROUP BY)
// from it.
#pragma once

#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "engines/search/search.h"

struct sqlite3;
struct sqlite3_stmt;

namespace asta::bench {

struct BaselineResult {
  std::vector<std::string> display_names;  // best first
  std::size_t total = 0;                   // faceted queries only
  std::map<std::string, std::map<std::string, std::size_t>> facet_counts;
};

class Fts5Baseline {
 public:
  // Creates a new database file (replacing one that exists).
  static std::unique_ptr<Fts5Baseline> Create(const std::filesystem::path& file);
  ~Fts5Baseline();

  // Loading: one transaction around every Add, then the facet indexes and FTS5's
  // 'optimize' (merging its segments, as a bulk load should).
  void BeginLoad();
  void Add(const search::Document& doc);
  void EndLoad();

  // A read-only connection for one thread.
  class Reader {
   public:
    explicit Reader(const std::filesystem::path& file);
    ~Reader();
    BaselineResult Name(const std::string& text, std::size_t limit);
    BaselineResult Text(const std::string& text, std::size_t limit);
    BaselineResult Faceted(const std::string& text,
                           const std::map<std::string, std::vector<std::string>>& filters,
                           const std::vector<std::string>& facets, std::size_t limit);

   private:
    BaselineResult Ranked(const std::string& text, const char* column, std::size_t limit);
    sqlite3* db_ = nullptr;
  };

 private:
  explicit Fts5Baseline(sqlite3* db) : db_(db) {}
  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_doc_ = nullptr;
  sqlite3_stmt* insert_fts_ = nullptr;
  sqlite3_stmt* insert_facet_ = nullptr;
  long long next_rowid_ = 1;
};

}  // namespace asta::bench
