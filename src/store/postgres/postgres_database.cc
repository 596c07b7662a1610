// PostgreSQL backend. libpqxx exceptions are caught here, in one wrapper (Guard), and
// become Errors; none leaves this file.
#include "store/postgres/postgres_database.h"

#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <pqxx/pqxx>
#include <string_view>

#include "core/config.h"
#include "store/pool.h"
#include "store/postgres/placeholders.h"
#include "store/postgres/process.h"

namespace asta::store::internal {

// A bound parameter as libpq wants it: text, or NULL.
struct PgParam {
  bool null = true;
  std::string text;
};

}  // namespace asta::store::internal

namespace pqxx {
// Lets pqxx::prepare::make_dynamic_params pass a run-time list of PgParams, NULLs
// included (pqxx 6.4 has no string_traits for std::optional).
template <>
struct string_traits<asta::store::internal::PgParam> {
  using Param = asta::store::internal::PgParam;
  static constexpr const char* name() noexcept { return "asta PgParam"; }
  static constexpr bool has_null() noexcept { return true; }
  static bool is_null(const Param& param) { return param.null; }
  static Param null() { return Param{}; }
  static void from_string(const char text[], Param& param) { param = Param{false, text}; }
  static std::string to_string(const Param& param) { return param.text; }
};
}  // namespace pqxx

namespace asta::store::internal {
namespace {

// Key of the advisory lock that serialises write transactions (BeginWrite) on one
// database: the bytes "astawrit".
constexpr std::int64_t kWriteLockKey = 0x6173746177726974;

// PostgreSQL type OIDs (pg_type.h), fixed since the first releases.
constexpr pqxx::oid kBoolOid = 16;
constexpr pqxx::oid kByteaOid = 17;
constexpr pqxx::oid kInt8Oid = 20;
constexpr pqxx::oid kInt2Oid = 21;
constexpr pqxx::oid kInt4Oid = 23;
constexpr pqxx::oid kFloat4Oid = 700;
constexpr pqxx::oid kFloat8Oid = 701;
constexpr pqxx::oid kNumericOid = 1700;

std::string HexEncodeBytea(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out = "\\x";
  out.reserve(2 + bytes.size() * 2);
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 15];
  }
  return out;
}

PgParam ToParam(const Value& value) {
  if (std::holds_alternative<std::monostate>(value)) return PgParam{};
  if (const auto* i = std::get_if<std::int64_t>(&value)) return {false, std::to_string(*i)};
  if (const auto* d = std::get_if<double>(&value)) {
    if (std::isnan(*d)) return {false, "NaN"};
    if (std::isinf(*d)) return {false, *d > 0 ? "Infinity" : "-Infinity"};
    char buffer[32];
    auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof buffer, *d);
    return {false, std::string(buffer, ptr)};
  }
  if (const auto* s = std::get_if<std::string>(&value)) return {false, *s};
  // Hex is bytea's text input format; it survives NUL bytes, which a C string would not.
  return {false, HexEncodeBytea(std::get<Blob>(value).bytes)};
}

Value ReadField(const pqxx::field& field, pqxx::oid type) {
  if (field.is_null()) return std::monostate{};
  std::string_view text(field.c_str(), field.size());
  switch (type) {
    case kInt2Oid:
    case kInt4Oid:
    case kInt8Oid: {
      std::int64_t value = 0;
      std::from_chars(text.data(), text.data() + text.size(), value);
      return value;
    }
    case kBoolOid:
      return static_cast<std::int64_t>(text == "t" ? 1 : 0);
    case kFloat4Oid:
    case kFloat8Oid:
    case kNumericOid:
      // strtod, unlike from_chars, reads PostgreSQL's "Infinity" and "NaN".
      return std::strtod(std::string(text).c_str(), nullptr);
    case kByteaOid:
      return Blob{pqxx::binarystring(field).str()};
    default:
      return std::string(text);
  }
}

// The first line of a server message without its "ERROR:  " prefix. Later lines (DETAIL)
// quote the offending row, which may hold secrets, so they are dropped.
std::string PrimaryMessage(std::string_view what) {
  std::string_view line = what.substr(0, what.find('\n'));
  for (std::string_view prefix : {"ERROR:  ", "FATAL:  "}) {
    if (line.substr(0, prefix.size()) == prefix) line.remove_prefix(prefix.size());
  }
  return std::string(line);
}

// Data exceptions (class 22) quote the rejected input ("invalid input syntax for type
// integer: \"…\""), which is a bound value, so quoted text is masked.
std::string MaskQuoted(const std::string& message) {
  std::string out;
  bool quoted = false;
  for (char c : message) {
    if (c == '"') {
      out += quoted ? "…\"" : "\"";
      quoted = !quoted;
    } else if (!quoted) {
      out += c;
    }
  }
  return out;
}

class PgConnection final : public PooledConnection {
 public:
  static Result<std::unique_ptr<PooledConnection>> Connect(const std::string& url) {
    try {
      auto connection = std::make_unique<pqxx::connection>(url);
      // Keep NOTICEs ("table … does not exist, skipping") off stderr.
      pqxx::nontransaction setup(*connection);
      setup.exec("SET client_min_messages TO warning");
      return std::unique_ptr<PooledConnection>(new PgConnection(std::move(connection)));
    } catch (const std::exception& e) {
      return Unavailable("cannot connect to " + RedactUrl(url) + ": " + PrimaryMessage(e.what()));
    }
  }

  Dialect dialect() const override { return Dialect::kPostgres; }

  Result<Rows> Query(std::string_view sql, const std::vector<Value>& params) override {
    ASTA_ASSIGN_OR_RETURN(pqxx::result result, Run(sql, params));
    Rows rows;
    const int columns = result.columns();
    std::vector<pqxx::oid> types;
    for (int i = 0; i < columns; ++i) {
      const char* name = result.column_name(i);
      rows.columns.emplace_back(name ? name : "");
      types.push_back(result.column_type(i));
    }
    auto shared_columns = std::make_shared<const std::vector<std::string>>(rows.columns);
    rows.rows.reserve(result.size());
    for (const auto& row : result) {
      std::vector<Value> values;
      values.reserve(columns);
      for (int i = 0; i < columns; ++i) values.push_back(ReadField(row[i], types[i]));
      rows.rows.emplace_back(shared_columns, std::move(values));
    }
    return rows;
  }

  Result<std::int64_t> Execute(std::string_view sql, const std::vector<Value>& params) override {
    ASTA_ASSIGN_OR_RETURN(pqxx::result result, Run(sql, params));
    return static_cast<std::int64_t>(result.affected_rows());
  }

  Status ExecuteScript(std::string_view sql) override {
    // Without parameters libpq sends the simple query protocol, which accepts several
    // statements in one string.
    return Guard([&] {
      pqxx::nontransaction tx(*connection_);
      tx.exec(std::string(sql));
    });
  }

  Status Begin() override { return StartTransaction("BEGIN ISOLATION LEVEL REPEATABLE READ"); }
  Status BeginWrite() override {
    ASTA_RETURN_IF_ERROR(StartTransaction("BEGIN"));
    return ExecuteScript("SELECT pg_advisory_xact_lock(" + std::to_string(kWriteLockKey) + ")");
  }

  Status Commit() override {
    if (!in_transaction_) return Internal("Commit without a transaction");
    if (failed_) {
      // PostgreSQL answers COMMIT of a failed transaction with a silent ROLLBACK; say so.
      (void)Rollback();
      return Internal("transaction rolled back: a statement in it failed");
    }
    Status status = ExecuteScript("COMMIT");
    in_transaction_ = false;
    failed_ = false;
    return status;
  }

  Status Rollback() override {
    Status status = ExecuteScript("ROLLBACK");
    in_transaction_ = false;
    failed_ = false;
    return status;
  }

  bool broken() const override { return broken_; }
  void ResetForReuse() override {
    if (in_transaction_) (void)Rollback();
  }

 private:
  explicit PgConnection(std::unique_ptr<pqxx::connection> connection)
      : connection_(std::move(connection)) {}

  Status StartTransaction(const std::string& begin) {
    if (in_transaction_) return Internal("a transaction is already open on this connection");
    ASTA_RETURN_IF_ERROR(ExecuteScript(begin));
    in_transaction_ = true;
    failed_ = false;
    return Ok();
  }

  Result<pqxx::result> Run(std::string_view sql, const std::vector<Value>& params) {
    NumberedSql numbered = NumberPlaceholders(sql);
    if (numbered.parameter_count != static_cast<int>(params.size())) {
      return Internal("postgresql: the statement has " + std::to_string(numbered.parameter_count) +
                      " placeholders but " + std::to_string(params.size()) + " values were given");
    }
    std::vector<PgParam> bound;
    bound.reserve(params.size());
    for (const Value& value : params) bound.push_back(ToParam(value));
    pqxx::result result;
    ASTA_RETURN_IF_ERROR(Guard([&] {
      pqxx::nontransaction tx(*connection_);
      result = tx.exec_params(numbered.sql, pqxx::prepare::make_dynamic_params(bound));
    }));
    return result;
  }

  // Runs `body`, turning any exception into an Error and noting a lost connection.
  template <class F>
  Status Guard(F&& body) {
    if (broken_) return Unavailable("postgresql: the connection was lost");
    try {
      body();
      return Ok();
    } catch (const pqxx::broken_connection& e) {
      broken_ = true;
      return Unavailable("postgresql: connection lost: " + PrimaryMessage(e.what()));
    } catch (const pqxx::sql_error& e) {
      if (in_transaction_) failed_ = true;
      return tl::unexpected(MapSqlError(e));
    } catch (const std::exception& e) {
      if (in_transaction_) failed_ = true;
      CheckOpen();
      return Internal("postgresql: " + PrimaryMessage(e.what()));
    } catch (...) {
      CheckOpen();
      return Internal("postgresql: unknown failure");
    }
  }

  void CheckOpen() {
    try {
      if (!connection_->is_open()) broken_ = true;
    } catch (...) {
      broken_ = true;
    }
  }

  Error MapSqlError(const pqxx::sql_error& e) {
    const std::string& state = e.sqlstate();
    std::string message = PrimaryMessage(e.what());
    if (state.rfind("22", 0) == 0) message = MaskQuoted(message);
    message = "postgresql: " + message + " (SQLSTATE " + state + ")";
    if (state == "23505") return Error{ErrorCode::kAlreadyExists, message, {}};
    if (state.rfind("23", 0) == 0) {
      // A not-null violation names its column ("null value in column \"email\" …").
      std::string field;
      if (state == "23502") {
        size_t start = message.find("column \"");
        size_t end = start == std::string::npos ? start : message.find('"', start + 8);
        if (end != std::string::npos) field = message.substr(start + 8, end - start - 8);
      }
      return Error{ErrorCode::kInvalidArgument, message, field};
    }
    if (state.rfind("08", 0) == 0 || state.rfind("57P", 0) == 0) {
      broken_ = true;
      return Error{ErrorCode::kUnavailable, message, {}};
    }
    // Serialisation failure, deadlock, lock or statement timeout: retrying may succeed.
    if (state == "40001" || state == "40P01" || state == "55P03" || state == "57014") {
      return Error{ErrorCode::kUnavailable, message, {}};
    }
    CheckOpen();
    return Error{ErrorCode::kInternal, message, {}};
  }

  std::unique_ptr<pqxx::connection> connection_;
  bool broken_ = false;
  bool in_transaction_ = false;
  bool failed_ = false;  // a statement failed inside the open transaction
};

int FromHex(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string PercentDecode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size() && FromHex(text[i + 1]) >= 0 &&
        FromHex(text[i + 2]) >= 0) {
      out += static_cast<char>(FromHex(text[i + 1]) * 16 + FromHex(text[i + 2]));
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

class PgDatabase final : public Database {
 public:
  PgDatabase(std::string url, const OpenOptions& options)
      : url_(std::move(url)),
        pool_(options.pool_size, std::chrono::milliseconds(options.busy_timeout_ms),
              [this]() { return PgConnection::Connect(url_); }) {}

  Dialect dialect() const override { return Dialect::kPostgres; }
  std::string DescribeUrl() const override { return RedactUrl(url_); }
  Result<Lease> Acquire() override { return pool_.Acquire(); }

  Status Backup(const std::string& out_path) override {
    return RunTool({"pg_dump", "--format=custom", "--file", out_path}, {});
  }

  Status Restore(const std::string& in_path) override {
    if (access(in_path.c_str(), R_OK) != 0) {
      return NotFound("backup file " + in_path + " does not exist or is unreadable");
    }
    return RunTool({"pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction"},
                   {in_path});
  }

  Status Warm() {
    auto lease = pool_.Acquire();
    if (!lease) return tl::unexpected(lease.error());
    return Ok();
  }

 private:
  // Runs a PostgreSQL client tool against this database: `before` arguments, then
  // --dbname, then `after`. The password goes in PGPASSWORD, not on the command line,
  // where any local user could read it.
  Status RunTool(std::vector<std::string> argv, const std::vector<std::string>& after) {
    auto [url, password] = SplitPassword(url_);
    argv.push_back("--dbname");
    argv.push_back(url);
    argv.insert(argv.end(), after.begin(), after.end());
    std::vector<std::pair<std::string, std::string>> env;
    if (!password.empty()) env.emplace_back("PGPASSWORD", password);
    ASTA_ASSIGN_OR_RETURN(ProcessResult result, RunProcess(argv, env));
    if (result.exit_code == 0) return Ok();
    std::string output = result.error_text;
    // Belt and braces: should a tool ever echo the password, it does not reach the message.
    if (!password.empty()) {
      for (size_t at; (at = output.find(password)) != std::string::npos;) {
        output.replace(at, password.size(), "***");
      }
    }
    while (!output.empty() && (output.back() == '\n' || output.back() == ' ')) output.pop_back();
    return Internal(argv[0] + " failed (exit " + std::to_string(result.exit_code) + ") for " +
                    RedactUrl(url_) + ": " + output);
  }

  const std::string url_;
  ConnectionPool pool_;
};

}  // namespace

std::pair<std::string, std::string> SplitPassword(const std::string& url) {
  size_t scheme = url.find("://");
  if (scheme == std::string::npos) return {url, ""};
  size_t authority_start = scheme + 3;
  size_t authority_end = url.find_first_of("/?", authority_start);
  if (authority_end == std::string::npos) authority_end = url.size();
  std::string_view authority(url.data() + authority_start, authority_end - authority_start);
  size_t at = authority.rfind('@');
  if (at == std::string_view::npos) return {url, ""};
  size_t colon = authority.substr(0, at).find(':');
  if (colon == std::string_view::npos) return {url, ""};
  std::string password = PercentDecode(authority.substr(colon + 1, at - colon - 1));
  std::string stripped = url.substr(0, authority_start + colon) + url.substr(authority_start + at);
  return {stripped, password};
}

Result<std::unique_ptr<Database>> OpenPostgres(const std::string& url, const OpenOptions& options) {
  auto db = std::make_unique<PgDatabase>(url, options);
  // Connect once now, so that a wrong URL or a server that is down is reported at startup.
  ASTA_RETURN_IF_ERROR(db->Warm());
  return std::unique_ptr<Database>(std::move(db));
}

}  // namespace asta::store::internal
