// Applying the numbered migrations. Each migration runs in its own write transaction
// together with its row in schema_migrations, so a failed migration leaves no trace and
// the next run retries it.
//
// The checksum recorded for a migration is the SHA-256 of its raw file text, before the
// placeholders are rendered: it identifies the file, and is the same on both backends.
#include "store/migrate.h"

#include <algorithm>
#include <charconv>
#include <map>

#include "core/crypto.h"
#include "core/time.h"
#include "store/embedded_migrations.h"

namespace asta::store {
namespace {

// Serialises migrators on PostgreSQL (the bytes "astamigr"); on SQLite BEGIN IMMEDIATE
// already does.
constexpr std::int64_t kMigrateLockKey = 0x617374616d696772;

std::string MigrationLabel(const Migration& migration) {
  char number[8];
  std::snprintf(number, sizeof number, "%04d", migration.version);
  return std::string(number) + "_" + migration.name;
}

void ReplaceAll(std::string& text, std::string_view from, std::string_view to) {
  for (size_t at = 0; (at = text.find(from, at)) != std::string::npos; at += to.size()) {
    text.replace(at, from.size(), to);
  }
}

Status EnsureMigrationTable(Connection& connection) {
  if (connection.dialect() == Dialect::kPostgres) {
    ASTA_RETURN_IF_ERROR(connection.Query("SELECT pg_advisory_xact_lock(?)", {kMigrateLockKey}));
  }
  return connection.ExecuteScript(
      RenderMigrationSql("CREATE TABLE IF NOT EXISTS schema_migrations (\n"
                         "  version {{bigint}} PRIMARY KEY,\n"
                         "  name TEXT NOT NULL,\n"
                         "  checksum TEXT NOT NULL,\n"
                         "  applied_at TEXT NOT NULL\n"
                         ")",
                         connection.dialect()));
}

struct Applied {
  std::string name;
  std::string checksum;
};

Result<std::map<int, Applied>> ReadApplied(Connection& connection) {
  ASTA_ASSIGN_OR_RETURN(Rows rows,
                        connection.Query("SELECT version, name, checksum FROM schema_migrations"));
  std::map<int, Applied> applied;
  for (const Row& row : rows.rows) {
    applied[static_cast<int>(row.Int(0))] = Applied{row.Text(1), row.Text(2)};
  }
  return applied;
}

// Refuses a database that this binary does not fully understand.
Status CheckCompatible(const std::map<int, Applied>& applied,
                       const std::vector<Migration>& migrations) {
  const int newest_known = migrations.empty() ? 0 : migrations.back().version;
  const int current = applied.empty() ? 0 : applied.rbegin()->first;
  if (current > newest_known) {
    return FailedPrecondition("database schema version " + std::to_string(current) +
                              " is newer than this asta (knows up to " +
                              std::to_string(newest_known) + "); upgrade asta");
  }
  for (const Migration& migration : migrations) {
    auto found = applied.find(migration.version);
    if (found == applied.end()) continue;
    if (found->second.checksum != Sha256Hex(migration.sql)) {
      return FailedPrecondition("migration " + MigrationLabel(migration) +
                                " was changed after it was applied to this database "
                                "(checksum differs); restore the original file or add a new "
                                "migration instead");
    }
  }
  return Ok();
}

Result<std::vector<Migration>> SortedCopy(const std::vector<Migration>& migrations) {
  std::vector<Migration> sorted = migrations;
  std::sort(sorted.begin(), sorted.end(),
            [](const Migration& a, const Migration& b) { return a.version < b.version; });
  for (size_t i = 0; i < sorted.size(); ++i) {
    if (sorted[i].version <= 0 || (i > 0 && sorted[i].version == sorted[i - 1].version)) {
      return Internal("migration versions must be positive and unique; " +
                      MigrationLabel(sorted[i]) + " is not");
    }
  }
  return sorted;
}

}  // namespace

const std::vector<Migration>& BuiltinMigrations() {
  // Parsed once; the embedded file names were validated as NNNN_name.sql at build time.
  static const std::vector<Migration> migrations = [] {
    std::vector<Migration> parsed;
    for (size_t i = 0; i < internal::kEmbeddedMigrationCount; ++i) {
      std::string_view file = internal::kEmbeddedMigrations[i].file_name;
      int version = 0;
      std::from_chars(file.data(), file.data() + 4, version);
      std::string_view name = file.substr(5, file.size() - 5 - std::string_view(".sql").size());
      parsed.push_back(
          Migration{version, std::string(name), std::string(internal::kEmbeddedMigrations[i].sql)});
    }
    std::sort(parsed.begin(), parsed.end(),
              [](const Migration& a, const Migration& b) { return a.version < b.version; });
    return parsed;
  }();
  return migrations;
}

std::string RenderMigrationSql(const std::string& sql, Dialect dialect) {
  const bool sqlite = dialect == Dialect::kSqlite;
  std::string out = sql;
  ReplaceAll(
      out, "{{id}}",
      sqlite ? "INTEGER PRIMARY KEY" : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
  ReplaceAll(out, "{{blob}}", sqlite ? "BLOB" : "BYTEA");
  ReplaceAll(out, "{{bigint}}", sqlite ? "INTEGER" : "BIGINT");
  return out;
}

Result<MigrateReport> Migrate(Database& db, const std::vector<Migration>& unsorted) {
  ASTA_ASSIGN_OR_RETURN(std::vector<Migration> migrations, SortedCopy(unsorted));
  MigrateReport report;
  bool first = true;
  // One transaction per migration. Each re-reads the applied set under the lock, so a
  // concurrent migrator that got there first is simply skipped over.
  while (true) {
    struct Step {
      int before = 0;       // the version found
      int after = 0;        // the version left
      std::string applied;  // empty when nothing was pending
    };
    ASTA_ASSIGN_OR_RETURN(
        Step step, db.InWriteTransaction<Step>([&](Connection& connection) -> Result<Step> {
          ASTA_RETURN_IF_ERROR(EnsureMigrationTable(connection));
          ASTA_ASSIGN_OR_RETURN(auto applied, ReadApplied(connection));
          ASTA_RETURN_IF_ERROR(CheckCompatible(applied, migrations));
          Step step;
          step.before = step.after = applied.empty() ? 0 : applied.rbegin()->first;
          auto pending =
              std::find_if(migrations.begin(), migrations.end(),
                           [&](const Migration& m) { return !applied.count(m.version); });
          if (pending == migrations.end()) return step;
          Status ran =
              connection.ExecuteScript(RenderMigrationSql(pending->sql, connection.dialect()));
          if (!ran) {
            Error error = ran.error();
            error.message = "migration " + MigrationLabel(*pending) + " failed: " + error.message;
            return tl::unexpected(error);
          }
          ASTA_RETURN_IF_ERROR(connection.Execute(
              "INSERT INTO schema_migrations (version, name, checksum, applied_at) "
              "VALUES (?, ?, ?, ?)",
              {static_cast<std::int64_t>(pending->version), pending->name, Sha256Hex(pending->sql),
               NowIso8601()}));
          step.applied = MigrationLabel(*pending);
          step.after = std::max(step.before, pending->version);
          return step;
        }));
    if (first) {
      report.from_version = step.before;
      first = false;
    }
    if (step.applied.empty()) {
      report.to_version = step.after;
      return report;
    }
    report.applied.push_back(step.applied);
  }
}

Result<MigrateReport> Migrate(Database& db) { return Migrate(db, BuiltinMigrations()); }

Result<int> CurrentSchemaVersion(Database& db) {
  ASTA_ASSIGN_OR_RETURN(Lease lease, db.Acquire());
  const char* exists_sql =
      lease->dialect() == Dialect::kSqlite
          ? "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = "
            "'schema_migrations'"
          : "SELECT count(*) FROM pg_catalog.pg_class c WHERE c.oid = "
            "to_regclass('schema_migrations')";
  ASTA_ASSIGN_OR_RETURN(Rows exists, lease->Query(exists_sql));
  if (exists.empty() || exists.rows[0].Int(0) == 0) return 0;
  ASTA_ASSIGN_OR_RETURN(Rows rows,
                        lease->Query("SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
  return rows.empty() ? 0 : static_cast<int>(rows.rows[0].Int(0));
}

}  // namespace asta::store
