#include "bench/search/fts5_baseline.h"

#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <system_error>

namespace asta::bench {
namespace {

void Check(sqlite3* db, int rc, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
  }
}

void Exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "?";
    sqlite3_free(err);
    throw std::runtime_error(sql + ": " + msg);
  }
}

sqlite3_stmt* Prepare(sqlite3* db, const std::string& sql) {
  sqlite3_stmt* stmt = nullptr;
  Check(db, sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), sql.c_str());
  return stmt;
}

struct Statement {
  Statement(sqlite3* db, const std::string& sql) : db(db), stmt(Prepare(db, sql)) {}
  ~Statement() { sqlite3_finalize(stmt); }
  void Bind(int i, const std::string& s) {
    Check(db, sqlite3_bind_text(stmt, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT),
          "bind");
  }
  bool Step() {
    const int rc = sqlite3_step(stmt);
    Check(db, rc, "step");
    return rc == SQLITE_ROW;
  }
  std::string Text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt, col));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt, col)))
             : std::string();
  }
  sqlite3* db;
  sqlite3_stmt* stmt;
};

std::size_t CodePoints(const std::string& s) {
  std::size_t n = 0;
  for (const char c : s) n += (static_cast<unsigned char>(c) & 0xc0) != 0x80;
  return n;
}

// Words of the query: split on spaces and on the separators of Japanese and Western
// names (・ 、 , /).
std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  const auto flush = [&] {
    if (!cur.empty()) out.push_back(cur);
    cur.clear();
  };
  for (std::size_t i = 0; i < text.size();) {
    if (text.compare(i, 3, "・") == 0 || text.compare(i, 3, "、") == 0 ||
        text.compare(i, 3, "　") == 0) {
      flush();
      i += 3;
      continue;
    }
    const char c = text[i];
    if (c == ' ' || c == ',' || c == '/' || c == '\t') {
      flush();
    } else {
      cur.push_back(c);
    }
    ++i;
  }
  flush();
  return out;
}

std::string Quote(const std::string& word) {
  std::string out = "\"";
  for (const char c : word) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
  return out;
}

// The MATCH expression (every word of 3+ characters, all required), or "" when no word
// qualifies.
std::string MatchExpr(const std::string& text, const char* column) {
  std::string expr;
  for (const std::string& w : Words(text)) {
    if (CodePoints(w) < 3) continue;
    if (!expr.empty()) expr += " AND ";
    expr += Quote(w);
  }
  if (expr.empty() || column == nullptr) return expr;
  return std::string(column) + " : (" + expr + ")";
}

std::string LikePattern(const std::string& text) {
  std::string out = "%";
  for (const char c : text) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('%');
  return out;
}

std::string Joined(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const std::string& s : v) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

}  // namespace

std::unique_ptr<Fts5Baseline> Fts5Baseline::Create(const std::filesystem::path& file) {
  std::error_code ec;
  std::filesystem::remove(file, ec);
  sqlite3* db = nullptr;
  if (sqlite3_open(file.c_str(), &db) != SQLITE_OK) {
    throw std::runtime_error("cannot open " + file.string());
  }
  auto out = std::unique_ptr<Fts5Baseline>(new Fts5Baseline(db));
  Exec(db,
       "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-1048576;"
       "PRAGMA temp_store=MEMORY;"
       "CREATE TABLE docs(rowid INTEGER PRIMARY KEY, id TEXT, type TEXT, display_name TEXT,"
       " ror TEXT);"
       "CREATE VIRTUAL TABLE fts USING fts5(names, body, tokenize='trigram');"
       "CREATE TABLE facets(doc INTEGER, facet TEXT, value TEXT);");
  out->insert_doc_ = Prepare(db, "INSERT INTO docs VALUES(?1, ?2, ?3, ?4, ?5)");
  out->insert_fts_ = Prepare(db, "INSERT INTO fts(rowid, names, body) VALUES(?1, ?2, ?3)");
  out->insert_facet_ = Prepare(db, "INSERT INTO facets VALUES(?1, ?2, ?3)");
  return out;
}

Fts5Baseline::~Fts5Baseline() {
  sqlite3_finalize(insert_doc_);
  sqlite3_finalize(insert_fts_);
  sqlite3_finalize(insert_facet_);
  sqlite3_close(db_);
}

void Fts5Baseline::BeginLoad() { Exec(db_, "BEGIN"); }

void Fts5Baseline::Add(const search::Document& doc) {
  const long long rowid = next_rowid_++;
  const auto text = [](sqlite3_stmt* s, int i, const std::string& v) {
    sqlite3_bind_text(s, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  };
  const auto run = [&](sqlite3_stmt* s) {
    Check(db_, sqlite3_step(s), "insert");
    sqlite3_reset(s);
  };
  sqlite3_bind_int64(insert_doc_, 1, rowid);
  text(insert_doc_, 2, doc.id);
  text(insert_doc_, 3, std::string(search::DocTypeName(doc.type)));
  text(insert_doc_, 4, doc.display_name);
  text(insert_doc_, 5, doc.ror);
  run(insert_doc_);

  std::string body = Joined(doc.text_en, "\n");
  if (!doc.text_ja.empty()) {
    body.push_back('\n');
    body.append(Joined(doc.text_ja, "\n"));
  }
  sqlite3_bind_int64(insert_fts_, 1, rowid);
  text(insert_fts_, 2, Joined(doc.names, " ; "));
  text(insert_fts_, 3, body);
  run(insert_fts_);

  for (const auto& [facet, values] : doc.facets) {
    for (const std::string& v : values) {
      sqlite3_bind_int64(insert_facet_, 1, rowid);
      text(insert_facet_, 2, facet);
      text(insert_facet_, 3, v);
      run(insert_facet_);
    }
  }
}

void Fts5Baseline::EndLoad() {
  Exec(db_, "COMMIT");
  Exec(db_,
       "CREATE INDEX facets_by_value ON facets(facet, value, doc);"
       "CREATE INDEX facets_by_doc ON facets(doc, facet, value);"
       "INSERT INTO fts(fts) VALUES('optimize');"
       "ANALYZE;");
}

Fts5Baseline::Reader::Reader(const std::filesystem::path& file) {
  if (sqlite3_open_v2(file.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) !=
      SQLITE_OK) {
    throw std::runtime_error("cannot open " + file.string());
  }
  Exec(db_,
       "PRAGMA cache_size=-262144; PRAGMA temp_store=MEMORY; PRAGMA query_only=0;"
       "CREATE TEMP TABLE m(rowid INTEGER PRIMARY KEY, s REAL);");
}

Fts5Baseline::Reader::~Reader() { sqlite3_close(db_); }

BaselineResult Fts5Baseline::Reader::Ranked(const std::string& text, const char* column,
                                            std::size_t limit) {
  BaselineResult out;
  const std::string expr = MatchExpr(text, column);
  if (!expr.empty()) {
    Statement s(db_,
                "SELECT d.display_name FROM (SELECT rowid, bm25(fts, 10.0, 1.0) AS s FROM fts"
                " WHERE fts MATCH ?1 ORDER BY s LIMIT " +
                    std::to_string(limit) + ") m JOIN docs d ON d.rowid = m.rowid ORDER BY m.s");
    s.Bind(1, expr);
    while (s.Step()) out.display_names.push_back(s.Text(0));
    return out;
  }
  Statement s(db_, std::string("SELECT d.display_name FROM fts JOIN docs d ON d.rowid = fts.rowid"
                               " WHERE fts.") +
                       (column ? column : "body") + " LIKE ?1 ESCAPE '\\' LIMIT " +
                       std::to_string(limit));
  s.Bind(1, LikePattern(text));
  while (s.Step()) out.display_names.push_back(s.Text(0));
  return out;
}

BaselineResult Fts5Baseline::Reader::Name(const std::string& text, std::size_t limit) {
  return Ranked(text, "names", limit);
}

BaselineResult Fts5Baseline::Reader::Text(const std::string& text, std::size_t limit) {
  return Ranked(text, nullptr, limit);
}

BaselineResult Fts5Baseline::Reader::Faceted(
    const std::string& text, const std::map<std::string, std::vector<std::string>>& filters,
    const std::vector<std::string>& facets, std::size_t limit) {
  BaselineResult out;
  Exec(db_, "DELETE FROM m");
  // The text matches first (materialised, so SQLite cannot turn the plan around and
  // probe FTS5 once per facet row), then the filters as IN lists over the facet index.
  std::string where = "1";
  std::vector<std::string> binds{MatchExpr(text, nullptr)};
  if (binds[0].empty()) return out;
  for (const auto& [facet, values] : filters) {
    where += " AND rowid IN (SELECT doc FROM facets WHERE facet = ?" +
             std::to_string(binds.size() + 1) + " AND value IN (";
    binds.push_back(facet);
    for (std::size_t i = 0; i < values.size(); ++i) {
      where += (i ? ", ?" : "?") + std::to_string(binds.size() + 1);
      binds.push_back(values[i]);
    }
    where += "))";
  }
  {
    Statement s(db_,
                "WITH hits AS MATERIALIZED (SELECT rowid, bm25(fts, 10.0, 1.0) AS s FROM fts"
                " WHERE fts MATCH ?1) INSERT INTO m SELECT rowid, s FROM hits WHERE " +
                    where);
    for (std::size_t i = 0; i < binds.size(); ++i) s.Bind(static_cast<int>(i + 1), binds[i]);
    s.Step();
    out.total = static_cast<std::size_t>(sqlite3_changes(db_));
  }
  {
    Statement s(db_,
                "SELECT d.display_name FROM m JOIN docs d ON d.rowid = m.rowid ORDER BY m.s"
                " LIMIT " +
                    std::to_string(limit));
    while (s.Step()) out.display_names.push_back(s.Text(0));
  }
  if (!facets.empty()) {
    std::string in;
    for (std::size_t i = 0; i < facets.size(); ++i) in += (i ? ", ?" : "?") + std::to_string(i + 1);
    Statement s(db_,
                "SELECT f.facet, f.value, count(*) FROM m JOIN facets f ON f.doc = m.rowid"
                " WHERE f.facet IN (" +
                    in + ") GROUP BY f.facet, f.value");
    for (std::size_t i = 0; i < facets.size(); ++i) s.Bind(static_cast<int>(i + 1), facets[i]);
    while (s.Step()) {
      out.facet_counts[s.Text(0)][s.Text(1)] =
          static_cast<std::size_t>(sqlite3_column_int64(s.stmt, 2));
    }
  }
  return out;
}

}  // namespace asta::bench
