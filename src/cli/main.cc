// The asta command: the HTTP server and every batch and administration command.
// Each command reads its configuration from --config FILE (INI), then ASTA_* environment
// variables, then its own flags. Errors go to stderr as one sentence; exit status is 0
// on success, 1 when the command failed, 2 for bad usage.
#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "cli/file_commands.h"
#include "core/compressed.h"
#include "core/config.h"
#include "core/countries.h"
#include "core/text.h"
#include "core/time.h"
#include "engines/assign/csv_io.h"
#include "http/server.h"
#include "modules/app.h"
#include "modules/audit/audit_log.h"
#include "modules/demo/demo.h"
#include "modules/network/importers/people.h"
#include "modules/network/importers/ror_dump.h"
#include "modules/programmes/eu_calls.h"
#include "store/migrate.h"

namespace asta::cli {
namespace {

int Fail(const Error& e) {
  std::cerr << "asta: " << e.ToString() << "\n";
  return 1;
}

struct Common {
  std::string config_file;
  std::string db;
};

void AddCommon(CLI::App* cmd, Common& c) {
  cmd->add_option("--config", c.config_file, "configuration file (INI)");
  cmd->add_option("--db", c.db, "database URL: sqlite:PATH or postgresql://…");
}

Result<Config> LoadConfig(const Common& c) {
  Config config;
  if (!c.config_file.empty()) ASTA_RETURN_IF_ERROR(LoadConfigFile(config, c.config_file));
  ASTA_RETURN_IF_ERROR(LoadConfigEnvironment(config));
  if (!c.db.empty()) ASTA_RETURN_IF_ERROR(ApplyConfigValue(config, "db", c.db, "--db"));
  return config;
}

Result<std::unique_ptr<App>> OpenApp(const Common& c) {
  ASTA_ASSIGN_OR_RETURN(Config config, LoadConfig(c));
  return App::Open(config);
}

// Reads a secret from standard input: without echo on a terminal, a line otherwise.
Result<std::string> ReadSecret(const std::string& prompt) {
  std::string line;
  if (isatty(STDIN_FILENO)) {
    std::cerr << prompt << std::flush;
    termios old{};
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    std::getline(std::cin, line);
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::cerr << "\n";
  } else if (!std::getline(std::cin, line)) {
    return InvalidArgument("expected the password on standard input", "password");
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

int RunMigrate(const Common& c) {
  auto config = LoadConfig(c);
  if (!config) return Fail(config.error());
  store::OpenOptions options;
  auto db = store::Database::Open(config->db, options);
  if (!db) return Fail(db.error());
  auto report = store::Migrate(**db);
  if (!report) return Fail(report.error());
  if (report->applied.empty()) {
    std::cout << "schema is up to date at version " << report->to_version << "\n";
  } else {
    for (const auto& name : report->applied) std::cout << "applied " << name << "\n";
    std::cout << "schema now at version " << report->to_version << "\n";
  }
  return 0;
}

int RunDemo(const Common& c, int scale, std::uint64_t seed) {
  auto app = OpenApp(c);
  if (!app) return Fail(app.error());
  demo::DemoOptions options;
  options.scale = scale;
  options.seed = seed;
  auto report = demo::Generate(**app, options);
  if (!report) return Fail(report.error());
  std::cout << "demo data: " << report->ministries << " ministries, " << report->agencies
            << " agencies, " << report->users << " users; " << report->control_categories
            << " control categories, demo-list with " << report->list_entities << " entities, "
            << report->open_hits << " open screening hits; " << report->organizations
            << " organisations, " << report->people << " researcher profiles, "
            << report->programmes << " exchange programmes and " << report->needs
            << " cooperation needs in the network; " << report->calls << " calls with "
            << report->proposals << " proposals\n";
  std::cout << "demo logins (password " << demo::kDemoPassword << "):\n";
  for (const auto& [email, role] : report->logins) {
    std::cout << "  " << email << "  (" << role << ")\n";
  }
  if (!report->reviewer_logins.empty()) {
    std::cout << "  reviewers of the review workflow:";
    for (const auto& email : report->reviewer_logins) std::cout << " " << email;
    std::cout << "\n";
  }
  return 0;
}

struct ServeFlags {
  std::string listen;
  std::string web_root;
  int threads = 0;
  bool no_access_log = false;
};

int RunServe(const Common& c, const ServeFlags& f) {
  http::BlockShutdownSignals();
  auto config = LoadConfig(c);
  if (!config) return Fail(config.error());
  if (!f.listen.empty()) {
    if (auto s = ApplyConfigValue(*config, "listen", f.listen, "--listen"); !s) {
      return Fail(s.error());
    }
  }
  if (!f.web_root.empty()) config->web_root = f.web_root;
  if (f.threads > 0) config->threads = f.threads;
  if (f.no_access_log) config->access_log = false;
  auto listen = ParseListen(config->listen);
  if (!listen) return Fail(listen.error());
  auto app = App::Open(*config);
  if (!app) return Fail(app.error());
  http::ServerOptions options;
  options.host = listen->first;
  options.port = listen->second;
  options.threads = config->threads;
  options.max_body_bytes = config->max_body_bytes;
  options.web_root = config->web_root;
  options.access_log = config->access_log;
  options.cookie_secure = config->cookie_secure;
  options.session_max_age_seconds = config->session_hours * 3600;
  App* raw = app->get();
  http::Server server(options, raw->Routes(), &raw->accounts(),
                      [raw]() { return raw->HealthCheck(); });
  auto port = server.Bind();
  if (!port) return Fail(port.error());
  // Screening of queued people and organisations runs beside the server and stops with
  // the App.
  raw->StartBackgroundWork();
  std::cerr << "asta: serving on http://" << options.host << ":" << *port << " (database "
            << raw->db().DescribeUrl() << ")\n";
  auto status = http::RunUntilSignal(server);
  if (!status) return Fail(status.error());
  std::cerr << "asta: stopped\n";
  return 0;
}

struct UserFlags {
  std::string email, name, latin, language = "en", orcid, role, scope_type, scope_id;
  bool password_stdin = false;
};

int RunUserAdd(const Common& c, const UserFlags& f) {
  auto app = OpenApp(c);
  if (!app) return Fail(app.error());
  accounts::NewUser u;
  u.email = f.email;
  u.display_name = f.name;
  u.latin_name = f.latin.empty() ? f.name : f.latin;
  u.language = f.language;
  if (!f.orcid.empty()) u.orcid = f.orcid;
  if (f.password_stdin) {
    auto pw = ReadSecret("Password: ");
    if (!pw) return Fail(pw.error());
    u.password = *pw;
  }
  auto user = (*app)->accounts().CreateUser(audit::Actor::System("cli"), u);
  if (!user) return Fail(user.error());
  // The new user is screened now; a failure leaves them queued for `asta serve`.
  if (auto screened = (*app)->ProcessScreeningQueue(); !screened) {
    std::cerr << "asta: warning: screening postponed: " << screened.error().ToString() << "\n";
  }
  std::cout << user->ToJson().dump() << "\n";
  return 0;
}

int RunUserPasswd(const Common& c, const UserFlags& f) {
  auto app = OpenApp(c);
  if (!app) return Fail(app.error());
  auto user = (*app)->accounts().FindUserByEmail(f.email);
  if (!user) return Fail(user.error());
  auto pw = ReadSecret("New password: ");
  if (!pw) return Fail(pw.error());
  auto s = (*app)->accounts().SetPassword(audit::Actor::System("cli"), user->id, *pw);
  if (!s) return Fail(s.error());
  std::cout << "password changed for " << user->email << "\n";
  return 0;
}

int RunUserGrant(const Common& c, const UserFlags& f) {
  auto app = OpenApp(c);
  if (!app) return Fail(app.error());
  auto role = api::ParseRole(f.role);
  if (!role) return Fail(role.error());
  auto user = (*app)->accounts().FindUserByEmail(f.email);
  if (!user) return Fail(user.error());
  std::string scope_type = f.scope_type;
  if (scope_type.empty()) scope_type = api::AllowedScopeTypes(*role).front();
  auto grant = (*app)->accounts().GrantRole(audit::Actor::System("cli"), user->id, *role,
                                            scope_type, f.scope_id);
  if (!grant) return Fail(grant.error());
  std::cout << "granted " << api::RoleName(*role) << " (" << scope_type
            << (f.scope_id.empty() ? "" : " " + f.scope_id) << ") to " << user->email << "\n";
  return 0;
}

int RunTokenCreate(const Common& c, const std::string& email, const std::string& name,
                   int expires_days) {
  auto app = OpenApp(c);
  if (!app) return Fail(app.error());
  auto user = (*app)->accounts().FindUserByEmail(email);
  if (!user) return Fail(user.error());
  std::optional<int> expires;
  if (expires_days > 0) expires = expires_days;
  auto token = (*app)->accounts().CreateToken(audit::Actor::System("cli"), user->id, name, expires);
  if (!token) return Fail(token.error());
  if (isatty(STDOUT_FILENO)) {
    std::cerr << "API token for " << user->email << " (shown once; keep it secret):\n";
  }
  std::cout << token->token << "\n";
  return 0;
}

int RunAuditVerify(const Common& c) {
  auto config = LoadConfig(c);
  if (!config) return Fail(config.error());
  auto db = store::Database::Open(config->db);
  if (!db) return Fail(db.error());
  auto report = audit::Verify(**db);
  if (!report) return Fail(report.error());
  std::cout << report->message << "\n";
  return report->ok ? 0 : 1;
}

int RunBackup(const Common& c, const std::string& out) {
  auto config = LoadConfig(c);
  if (!config) return Fail(config.error());
  auto db = store::Database::Open(config->db);
  if (!db) return Fail(db.error());
  auto s = (*db)->Backup(out);
  if (!s) return Fail(s.error());
  std::cout << "backup of " << (*db)->DescribeUrl() << " written to " << out << "\n";
  return 0;
}

int RunRestore(const Common& c, const std::string& in) {
  auto config = LoadConfig(c);
  if (!config) return Fail(config.error());
  if (access(in.c_str(), R_OK) != 0)
    return Fail(Error{ErrorCode::kNotFound, "cannot read " + in, "in"});
  auto db = store::Database::Open(config->db);
  if (!db) return Fail(db.error());
  auto s = (*db)->Restore(in);
  if (!s) return Fail(s.error());
  auto version = store::CurrentSchemaVersion(**db);
  if (!version) return Fail(version.error());
  std::cout << "restored " << in << " into " << (*db)->DescribeUrl() << " (schema version "
            << *version << ")\n";
  return 0;
}

struct ListImportFlags {
  std::string list, format, path;
};

int RunListsImport(const Common& c, const ListImportFlags& f) {
  auto format = compliance::ParseListFormat(f.format, "format");
  if (!format) return Fail(format.error());
  auto app = OpenApp(c);
  if (!app) return Fail(app.error());
  auto report =
      (*app)->compliance().ImportListFile(audit::Actor::System("cli"), f.list, *format, f.path);
  if (!report) return Fail(report.error());
  std::cout << "imported " << report->name << " version " << report->version << ": "
            << report->entities << " entities, " << report->names << " names; added "
            << report->added << ", changed " << report->changed << ", removed " << report->removed
            << "\n";
  // Everyone is screened again against the new version.
  auto screened = (*app)->compliance().ProcessQueue();
  if (!screened) return Fail(screened.error());
  std::cout << "screened " << *screened << " subjects\n";
  return 0;
}

struct ScreenFlags {
  std::string in, out;
  int top = 10;
  double threshold = -1;
};

// One field of a TSV line: tabs and line breaks inside a value would break the format.
std::string TsvField(const std::string& text) {
  std::string out = text;
  for (char& ch : out) {
    if (ch == '\t' || ch == '\n' || ch == '\r') ch = ' ';
  }
  return out;
}

Result<std::vector<compliance::ScreenQuery>> ReadQueries(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return InvalidArgument("cannot read " + path, "in");
  std::vector<compliance::ScreenQuery> queries;
  std::string line;
  size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const std::string where = "line " + std::to_string(number);
    std::vector<std::string> fields;
    size_t start = 0;
    for (;;) {
      size_t tab = line.find('\t', start);
      fields.push_back(
          line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    if (fields.size() < 2 || fields.size() > 4) {
      return InvalidArgument("expected query_id<TAB>name[<TAB>kind[<TAB>country]], found " +
                                 std::to_string(fields.size()) + " field(s)",
                             where);
    }
    compliance::ScreenQuery q;
    auto id = ValidateText(fields[0], where + " query_id", 100);
    if (!id) return tl::unexpected(Error{ErrorCode::kInvalidArgument, id.error().message, where});
    auto name = ValidateText(fields[1], where + " name", 300);
    if (!name) {
      return tl::unexpected(
          Error{ErrorCode::kInvalidArgument, "name " + name.error().message, where});
    }
    q.id = *id;
    q.name = *name;
    if (fields.size() >= 3) {
      std::string kind(Trim(fields[2]));
      if (kind == "organisation") kind = "organization";
      if (!kind.empty() && kind != "person" && kind != "organization" && kind != "any") {
        return InvalidArgument("kind must be person, organization, any or empty", where);
      }
      q.kind = kind == "any" ? "" : kind;
    }
    if (fields.size() == 4 && !Trim(fields[3]).empty()) {
      auto country = NormalizeCountry(Trim(fields[3]), where);
      if (!country) {
        return InvalidArgument("country must be an ISO 3166-1 alpha-2 code", where);
      }
      q.country = *country;
    }
    queries.push_back(std::move(q));
  }
  if (in.bad()) return InvalidArgument("cannot read " + path, "in");
  return queries;
}

int RunScreen(const Common& c, const ScreenFlags& f) {
  auto queries = ReadQueries(f.in);
  if (!queries) return Fail(queries.error());
  auto app = OpenApp(c);
  if (!app) return Fail(app.error());
  compliance::ScreenOptions options;
  options.top = f.top;
  options.explain = false;
  if (f.threshold >= 0) options.threshold = f.threshold;
  const double threshold = options.threshold.value_or(names::DefaultThreshold());
  int threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  auto results = (*app)->compliance().ScreenBatch(*queries, options, threads);
  if (!results) return Fail(results.error());
  // Written beside the target and renamed into place, so a failure leaves nothing.
  const std::string temp = f.out + ".partial";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) return Fail(Error{ErrorCode::kInvalidArgument, "cannot write " + f.out, "out"});
    std::string buffer = "query_id\trank\tscore\talert\tlist\tentity_id\tmatched_name\n";
    char score[32];
    for (size_t i = 0; i < queries->size(); ++i) {
      int rank = 0;
      for (const auto& m : (*results)[i]) {
        std::snprintf(score, sizeof score, "%.4f", m.score);
        buffer += TsvField((*queries)[i].id);
        buffer += '\t';
        buffer += std::to_string(++rank);
        buffer += '\t';
        buffer += score;
        buffer += m.score >= threshold ? "\t1\t" : "\t0\t";
        buffer += TsvField(m.list);
        buffer += '\t';
        buffer += TsvField(m.entity_id);
        buffer += '\t';
        buffer += TsvField(m.matched_name);
        buffer += '\n';
      }
      if (buffer.size() > (1 << 20)) {
        out << buffer;
        buffer.clear();
      }
    }
    out << buffer;
    out.close();
    if (!out) {
      std::filesystem::remove(temp);
      return Fail(Error{ErrorCode::kInternal, "cannot write " + f.out, "out"});
    }
  }
  std::error_code ec;
  std::filesystem::rename(temp, f.out, ec);
  if (ec)
    return Fail(Error{ErrorCode::kInternal, "cannot write " + f.out + ": " + ec.message(), "out"});
  if (isatty(STDERR_FILENO)) {
    std::cerr << "screened " << queries->size() << " queries with " << threads << " threads\n";
  }
  return 0;
}

// ---------------------------------------------------------------------------------
// Review (issue 6): reviewer assignment from files.

struct AssignFlags {
  std::string scores, conflicts, out;
  int k = 3, max_load = 6, min_load = 0;
  std::string bids, bid_bonus, reviewers, proposals, existing, mode = "total";
  bool exclude_not_willing = false, progress = false;
  int max_per_country = 0, outside_countries = 0;
  double move_cost = 0;
  std::uint64_t seed = 0;
};

// The progress line of `asta assign`: on a terminal one line rewritten in place, with
// --progress elsewhere a line per report; otherwise nothing.
class AssignProgress {
 public:
  explicit AssignProgress(bool requested)
      : tty_(isatty(STDERR_FILENO) != 0),
        on_(requested || tty_),
        start_(std::chrono::steady_clock::now()) {}
  double Elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }
  void operator()(assign::Phase phase, std::int64_t done, std::int64_t total) {
    if (!on_) return;
    static constexpr const char* kNames[] = {"reading", "building network", "solving", "writing"};
    char line[160];
    std::snprintf(line, sizeof line, "asta assign: %s %lld/%lld (%.1f s)",
                  kNames[static_cast<int>(phase)], static_cast<long long>(done),
                  static_cast<long long>(total), Elapsed());
    if (tty_) {
      std::cerr << "\r\033[K" << line << std::flush;
      open_ = true;
    } else {
      std::cerr << line << "\n";
    }
  }
  void End() {
    if (open_) std::cerr << "\n";
    open_ = false;
  }

 private:
  bool tty_, on_, open_ = false;
  std::chrono::steady_clock::time_point start_;
};

Result<std::string> ReadOptional(const std::string& path) {
  if (path.empty()) return std::string();
  return ReadFileBytes(path);
}

int RunAssign(const AssignFlags& f) {
  AssignProgress progress(f.progress);
  progress(assign::Phase::kReading, 0, 0);
  auto scores = ReadFileBytes(f.scores);
  if (!scores) return Fail(scores.error());
  auto conflicts = ReadOptional(f.conflicts);
  if (!conflicts) return Fail(conflicts.error());
  auto named = assign::ReadProblem(*scores, *conflicts);
  if (!named) return Fail(named.error());
  assign::Problem& problem = named->problem;
  problem.k = f.k;
  problem.max_load = f.max_load;
  problem.min_load = f.min_load;
  problem.max_per_country = f.max_per_country;
  problem.outside_countries = f.outside_countries;
  problem.move_cost = f.move_cost;
  if (!f.bid_bonus.empty()) {
    double v[4];
    char tail = 0;
    if (std::sscanf(f.bid_bonus.c_str(), "%lf,%lf,%lf,%lf%c", &v[0], &v[1], &v[2], &v[3], &tail) !=
        4) {
      return Fail(Error{ErrorCode::kInvalidArgument,
                        "--bid-bonus must be four numbers: not_willing,neutral,willing,eager",
                        "bid-bonus"});
    }
    problem.bid_bonus.not_willing = v[0];
    problem.bid_bonus.neutral = v[1];
    problem.bid_bonus.willing = v[2];
    problem.bid_bonus.eager = v[3];
  }
  if (f.exclude_not_willing) {
    problem.bid_bonus.not_willing_is = assign::NotWillingIs::kExclusion;
  }
  for (const auto& [path, reader] :
       {std::pair<const std::string&, Status (*)(std::string_view, assign::Named&)>{
            f.bids, assign::ReadBids},
        {f.reviewers, assign::ReadReviewers},
        {f.proposals, assign::ReadProposals}}) {
    if (path.empty()) continue;
    auto bytes = ReadFileBytes(path);
    if (!bytes) return Fail(bytes.error());
    if (auto read = reader(*bytes, *named); !read) return Fail(read.error());
  }
  int unknown_existing = 0;
  if (!f.existing.empty()) {
    auto bytes = ReadFileBytes(f.existing);
    if (!bytes) return Fail(bytes.error());
    auto unknown = assign::ReadExisting(*bytes, *named);
    if (!unknown) return Fail(unknown.error());
    unknown_existing = *unknown;
  }
  const auto pairs = static_cast<std::int64_t>(problem.candidates.size());
  progress(assign::Phase::kReading, pairs, pairs);
  const auto reasons = assign::Explain(problem, named->proposal_ids, named->reviewer_ids);
  if (!reasons.empty()) {
    progress.End();
    std::cerr << "asta: no assignment meets every constraint:\n";
    for (const auto& r : reasons) std::cerr << "  " << r << "\n";
    return 1;
  }
  assign::Options options;
  options.mode = f.mode == "fair" ? assign::Mode::kFair : assign::Mode::kTotal;
  options.seed = f.seed;
  options.progress = [&](const assign::Progress& p) { progress(p.phase, p.done, p.total); };
  auto solved = assign::Solve(problem, options);
  if (!solved) {
    progress.End();
    return Fail(solved.error());
  }
  const auto written = static_cast<std::int64_t>(solved->pairs.size());
  progress(assign::Phase::kWriting, 0, written);
  const std::string temp = f.out + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << assign::WriteAssignment(*named, *solved);
    if (!out) return Fail(Error{ErrorCode::kInternal, "cannot write " + temp, "out"});
  }
  std::error_code ec;
  std::filesystem::rename(temp, f.out, ec);
  if (ec)
    return Fail(Error{ErrorCode::kInternal, "cannot write " + f.out + ": " + ec.message(), "out"});
  progress(assign::Phase::kWriting, written, written);
  progress.End();
  std::cerr << "assigned " << solved->pairs.size() << " reviews to " << problem.proposals
            << " proposals; total affinity " << solved->total << "; lowest proposal total "
            << solved->min_proposal_total << "\n";
  if (!f.existing.empty()) {
    std::cerr << "kept " << solved->kept << " of "
              << problem.existing.size() + static_cast<std::size_t>(unknown_existing)
              << " existing pairs; moved " << solved->dropped.size() + unknown_existing
              << " (move cost " << f.move_cost << ")\n";
  }
  return 0;
}

// ---------------------------------------------------------------------------------
// Programmes and calls (issue 5).

int RunImportEuCalls(const Common& c, const std::string& path) {
  auto bytes = ReadFileBytes(path);
  if (!bytes) return Fail(bytes.error());
  auto topics = programmes::ParseEuCallTopics(*bytes);
  if (!topics) return Fail(topics.error());
  auto app = OpenApp(c);
  if (!app) return Fail(app.error());
  auto report = (*app)->programmes().ImportEuTopics(audit::Actor::System("cli"), *topics);
  if (!report) return Fail(report.error());
  std::cout << "imported EU call topics: " << report->topics << " topics as calls of programme "
            << report->programme_id << "; created " << report->created << ", updated "
            << report->updated << ", unchanged " << report->unchanged << " (" << report->with_budget
            << " with a budget, " << report->two_stage << " two-stage)\n";
  return 0;
}

int RunCallsList(const Common& c, std::int64_t programme) {
  auto app = OpenApp(c);
  if (!app) return Fail(app.error());
  programmes::CallFilter f;
  if (programme > 0) f.programme_id = programme;
  f.limit = 1000;
  for (;;) {
    auto calls = (*app)->programmes().ListCalls(f);
    if (!calls) return Fail(calls.error());
    const bool more = static_cast<int>(calls->size()) > f.limit;
    if (more) calls->resize(f.limit);
    for (const auto& call : *calls) {
      Json funders = Json::array();
      const Json& defs = call.definition["funders"];
      for (std::size_t i = 0; i < call.rules.funders.size(); ++i) {
        const auto& fu = call.rules.funders[i];
        const bool known = defs[i].contains("budget") && !defs[i]["budget"].is_null();
        funders.push_back({{"agency", fu.agency},
                           {"budget", known ? Json(fu.budget) : Json()},
                           {"currency", fu.currency}});
      }
      Json line{{"id", call.id},
                {"title", call.title},
                {"opens", FormatIso8601(call.opens)},
                {"closes", FormatIso8601(call.closes)},
                {"time_zone", call.time_zone},
                {"funders", std::move(funders)},
                {"programme_id", call.programme_id},
                {"stages", call.stages},
                {"source", call.source}};
      std::cout << line.dump() << "\n";
    }
    if (!more) break;
    f.after_id = calls->back().id;
  }
  return 0;
}

// ---------------------------------------------------------------------------------
// The network (issue 4): imports, reindex, search.

struct NetworkImportFlags {
  std::string path;
  bool dry_run = false;
  std::string format;  // people: csv|json|orcid, else from the file name
};

void PrintImport(const std::string& what, const network::ImportReport& r) {
  std::cout << (r.dry_run ? "would import " : "imported ") << what << ": " << r.records
            << " records; " << (r.dry_run ? "would create " : "created ") << r.created << ", "
            << (r.dry_run ? "update " : "updated ") << r.updated << ", unchanged " << r.unchanged
            << "\n";
}

int RunImportRor(const Common& c, const NetworkImportFlags& f) {
  auto records = network::ReadRorDump(f.path);
  if (!records) return Fail(records.error());
  auto app = OpenApp(c);
  if (!app) return Fail(app.error());
  auto report =
      (*app)->network().ImportRor(audit::Actor::System("cli"), *records,
                                  f.dry_run ? network::DryRun::kYes : network::DryRun::kNo);
  if (!report) return Fail(report.error());
  PrintImport("organisations", *report);
  return 0;
}

int RunImportPeople(const Common& c, const NetworkImportFlags& f) {
  std::string format = f.format;
  if (format.empty()) {
    const std::string ext = std::filesystem::path(f.path).extension().string();
    format = ext == ".csv" ? "csv" : "json";
  }
  Result<std::vector<network::PersonRecord>> records;
  if (format == "csv") {
    records = network::ReadPeopleCsv(f.path);
  } else if (format == "json") {
    // asta's own export, or ORCID public records.
    records = network::ReadPeopleJson(f.path);
    if (!records) {
      auto orcid = network::ReadOrcidJson(f.path);
      if (orcid) records = std::move(orcid);
    }
  } else if (format == "orcid") {
    records = network::ReadOrcidJson(f.path);
  } else {
    return Fail(Error{ErrorCode::kInvalidArgument, "must be csv, json or orcid", "format"});
  }
  if (!records) return Fail(records.error());
  auto app = OpenApp(c);
  if (!app) return Fail(app.error());
  auto report =
      (*app)->network().ImportPeople(audit::Actor::System("cli"), *records,
                                     f.dry_run ? network::DryRun::kYes : network::DryRun::kNo);
  if (!report) return Fail(report.error());
  PrintImport("people", *report);
  if (!f.dry_run) {
    auto screened = (*app)->ProcessScreeningQueue();
    if (!screened) return Fail(screened.error());
  }
  return 0;
}

int RunReindex(const Common& c) {
  auto app = OpenApp(c);
  if (!app) return Fail(app.error());
  auto count = (*app)->network().Reindex();
  if (!count) return Fail(count.error());
  std::cout << "indexed " << *count << " people and organisations\n";
  return 0;
}

struct SearchFlags {
  std::string query;
  std::string type;
  int limit = 10;
};

int RunSearch(const Common& c, const SearchFlags& f) {
  search::Query q;
  q.text = f.query;
  q.limit = static_cast<std::size_t>(f.limit);
  if (f.type == "person") {
    q.type = search::DocType::kPerson;
  } else if (f.type == "organization") {
    q.type = search::DocType::kOrganization;
  } else if (!f.type.empty()) {
    return Fail(Error{ErrorCode::kInvalidArgument, "must be person or organization", "type"});
  }
  auto app = OpenApp(c);
  if (!app) return Fail(app.error());
  auto results = (*app)->network().Search(q);
  if (!results) return Fail(results.error());
  for (const auto& h : results->hits) {
    auto colon = h.id.find(':');
    Json line = {{"id", std::stoll(h.id.substr(colon + 1))},
                 {"type", std::string(search::DocTypeName(h.type))},
                 {"name", h.display_name},
                 {"score", h.score}};
    if (!h.ror.empty()) line["ror"] = h.ror;
    std::cout << line.dump() << "\n";
  }
  return 0;
}

int RunConfigCheck(const Common& c, bool connect) {
  auto config = LoadConfig(c);
  if (!config) return Fail(config.error());
  for (const auto& [key, value] : DescribeConfig(*config)) {
    std::cout << key << " = " << value << "\n";
  }
  if (connect) {
    auto db = store::Database::Open(config->db);
    if (!db) return Fail(db.error());
    auto version = store::CurrentSchemaVersion(**db);
    if (!version) return Fail(version.error());
    std::cout << "database reachable, schema version " << *version << "\n";
  }
  std::cout << "configuration is valid\n";
  return 0;
}

}  // namespace

int Main(int argc, char** argv) {
  CLI::App app{"asta — international science and technology cooperation"};
  app.require_subcommand(1);
  Common common;

  auto* migrate = app.add_subcommand("migrate", "apply pending schema migrations");
  AddCommon(migrate, common);

  int scale = 1;
  std::uint64_t seed = demo::DemoOptions{}.seed;
  auto* demo_cmd = app.add_subcommand("demo", "fill an empty database with demo data");
  AddCommon(demo_cmd, common);
  demo_cmd->add_option("--scale", scale, "size multiplier (120 researchers each)")
      ->check(CLI::Range(1, 1000));
  demo_cmd->add_option("--seed", seed, "random seed");

  ServeFlags serve_flags;
  auto* serve = app.add_subcommand("serve", "serve the web UI and the API");
  AddCommon(serve, common);
  serve->add_option("--listen", serve_flags.listen, "HOST:PORT (default 127.0.0.1:8080)");
  serve->add_option("--web-root", serve_flags.web_root, "built web UI folder (web/dist)");
  serve->add_option("--threads", serve_flags.threads, "worker threads")->check(CLI::Range(2, 4096));
  serve->add_flag("--no-access-log", serve_flags.no_access_log, "do not log requests");

  UserFlags uf;
  auto* user = app.add_subcommand("user", "manage accounts");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "create a user");
  AddCommon(user_add, common);
  user_add->add_option("--email", uf.email)->required();
  user_add->add_option("--name", uf.name, "display name as written, any script")->required();
  user_add->add_option("--latin", uf.latin, "Latin-script name (default: --name)");
  user_add->add_option("--language", uf.language, "ja or en");
  user_add->add_option("--orcid", uf.orcid, "ORCID iD");
  user_add->add_flag("--password-stdin", uf.password_stdin, "read a password from standard input");
  auto* user_passwd = user->add_subcommand("passwd", "set a user's password (from stdin)");
  AddCommon(user_passwd, common);
  user_passwd->add_option("--email", uf.email)->required();
  auto* user_grant = user->add_subcommand("grant", "grant a role");
  AddCommon(user_grant, common);
  user_grant->add_option("--email", uf.email)->required();
  user_grant->add_option("--role", uf.role)->required();
  user_grant->add_option("--scope-type", uf.scope_type, "default: the role's first scope type");
  user_grant->add_option("--scope-id", uf.scope_id);

  std::string token_email, token_name;
  int token_days = 0;
  auto* token = app.add_subcommand("token", "API tokens");
  token->require_subcommand(1);
  auto* token_create = token->add_subcommand("create", "create an API token and print it once");
  AddCommon(token_create, common);
  token_create->add_option("--email", token_email)->required();
  token_create->add_option("--name", token_name, "what the token is for")->required();
  token_create->add_option("--expires-days", token_days)->check(CLI::Range(1, 3650));

  auto* audit_cmd = app.add_subcommand("audit", "the audit trail");
  audit_cmd->require_subcommand(1);
  auto* audit_verify = audit_cmd->add_subcommand("verify", "verify the hash chain");
  AddCommon(audit_verify, common);

  std::string backup_out, restore_in;
  auto* backup = app.add_subcommand("backup", "write a consistent copy of the database");
  AddCommon(backup, common);
  backup->add_option("--out", backup_out)->required();
  auto* restore = app.add_subcommand("restore", "replace the database with a backup");
  AddCommon(restore, common);
  restore->add_option("--in", restore_in)->required();

  ListImportFlags lif;
  auto* lists_cmd = app.add_subcommand("lists", "restricted-party lists");
  lists_cmd->require_subcommand(1);
  auto* lists_import = lists_cmd->add_subcommand("import", "import a new version of a list");
  AddCommon(lists_import, common);
  lists_import->add_option("--list", lif.list, "list name: [a-z0-9-]{1,40}")->required();
  lists_import->add_option("--format", lif.format, "un-xml|ofac-csv|meti-xlsx|ftm-json|csv")
      ->required();
  lists_import->add_option("path", lif.path, "the file (a folder for ofac-csv)")->required();

  ScreenFlags sf;
  auto* screen = app.add_subcommand("screen", "screen names from a TSV file against the lists");
  AddCommon(screen, common);
  screen->add_option("--in", sf.in, "QUERIES.tsv: query_id<TAB>name[<TAB>kind[<TAB>country]]")
      ->required();
  screen->add_option("--out", sf.out, "RESULTS.tsv")->required();
  screen->add_option("--top", sf.top, "candidates per query (default 10)")
      ->check(CLI::Range(1, 100));
  screen->add_option("--threshold", sf.threshold, "alert threshold (default: the engine's)")
      ->check(CLI::Range(0.0, 1.0));

  NetworkImportFlags rorf, pf;
  auto* import_cmd = app.add_subcommand("import", "import organisations or people");
  import_cmd->require_subcommand(1);
  auto* import_ror = import_cmd->add_subcommand("ror", "import a ROR data dump");
  AddCommon(import_ror, common);
  import_ror->add_option("path", rorf.path, "the dump: .json, .jsonl, .gz or .zip")->required();
  import_ror->add_flag("--dry-run", rorf.dry_run, "report what would change, change nothing");
  auto* import_people = import_cmd->add_subcommand("people", "import people (CSV or JSON)");
  AddCommon(import_people, common);
  import_people->add_option("path", pf.path, "FILE.csv or FILE.json")->required();
  import_people->add_option("--format", pf.format, "csv|json|orcid (default: by extension)");
  import_people->add_flag("--dry-run", pf.dry_run, "report what would change, change nothing");

  std::string eu_path;
  auto* import_eu =
      import_cmd->add_subcommand("eu-calls", "import EU Funding & Tenders call topics");
  AddCommon(import_eu, common);
  import_eu->add_option("path", eu_path, "the topics: .jsonl or .jsonl.gz")->required();

  std::int64_t calls_programme = 0;
  auto* calls_cmd = app.add_subcommand("calls", "calls for proposals");
  calls_cmd->require_subcommand(1);
  auto* calls_list = calls_cmd->add_subcommand("list", "list calls as JSON lines");
  AddCommon(calls_list, common);
  calls_list->add_option("--programme", calls_programme, "only this programme's calls")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1} << 53));

  AssignFlags af;
  auto* assign_cmd = app.add_subcommand("assign", "assign reviewers optimally (min-cost flow)");
  assign_cmd->add_option("--scores", af.scores, "scores.csv: submission_id,reviewer_id,score")
      ->required();
  assign_cmd->add_option("--k", af.k, "reviewers per submission")
      ->required()
      ->check(CLI::Range(0, 1000));
  assign_cmd->add_option("--max-load", af.max_load, "submissions per reviewer, at most")
      ->required()
      ->check(CLI::Range(0, 100000));
  assign_cmd->add_option("--min-load", af.min_load, "submissions per reviewer, at least")
      ->check(CLI::Range(0, 100000));
  assign_cmd->add_option("--conflicts", af.conflicts, "conflicts.csv: submission_id,reviewer_id");
  assign_cmd->add_option("--out", af.out, "assignment.csv")->required();
  assign_cmd->add_option("--bids", af.bids, "bids.csv: submission_id,reviewer_id,bid (-1..2)");
  assign_cmd->add_option("--bid-bonus", af.bid_bonus,
                         "added to the score per bid: not_willing,neutral,willing,eager "
                         "(default -1,0,0.05,0.1)");
  assign_cmd->add_flag("--exclude-not-willing", af.exclude_not_willing,
                       "a not-willing bid excludes the pair instead of lowering its value");
  assign_cmd->add_option("--reviewers", af.reviewers, "reviewers.csv: reviewer_id,country");
  assign_cmd->add_option("--proposals", af.proposals,
                         "proposals.csv: submission_id,countries (';'-separated)[,k]");
  assign_cmd
      ->add_option("--max-per-country", af.max_per_country,
                   "at most this many reviewers of one country per submission (0: no limit)")
      ->check(CLI::Range(0, 1000));
  assign_cmd
      ->add_option("--outside-countries", af.outside_countries,
                   "at least this many reviewers from outside the applicants' countries")
      ->check(CLI::Range(0, 1000));
  assign_cmd->add_option("--mode", af.mode, "total (default) or fair (max-min, then total)")
      ->check(CLI::IsMember({"total", "fair"}));
  assign_cmd->add_option("--existing", af.existing, "the assignment.csv being revised");
  assign_cmd
      ->add_option("--move-cost", af.move_cost,
                   "value an existing pair must be beaten by to be moved")
      ->check(CLI::Range(0.0, 1e6));
  assign_cmd->add_option("--seed", af.seed, "tie-breaking among equal optima (0: input order)");
  assign_cmd->add_flag("--progress", af.progress,
                       "progress lines on stderr even when not a terminal");

  // Commands with their own file (file_commands.h).
  auto affinity_cmd = AddAffinityCommand(app);
  auto select_cmd = AddSelectCommand(app);

  auto* reindex = app.add_subcommand("reindex", "rebuild the search index from the database");
  AddCommon(reindex, common);

  SearchFlags searchf;
  auto* search_cmd = app.add_subcommand("search", "search people and organisations");
  AddCommon(search_cmd, common);
  search_cmd->add_option("--type", searchf.type, "person|organization");
  search_cmd->add_option("--limit", searchf.limit, "results (default 10)")
      ->check(CLI::Range(1, 200));
  search_cmd->add_option("query", searchf.query, "free text or a name, any script")->required();

  bool connect = false;
  auto* config_cmd = app.add_subcommand("config", "configuration");
  config_cmd->require_subcommand(1);
  auto* config_check = config_cmd->add_subcommand("check", "validate and print the configuration");
  AddCommon(config_check, common);
  config_check->add_flag("--connect", connect, "also open the database");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e) == 0 ? 0 : 2;
  }

  if (migrate->parsed()) return RunMigrate(common);
  if (demo_cmd->parsed()) return RunDemo(common, scale, seed);
  if (serve->parsed()) return RunServe(common, serve_flags);
  if (user_add->parsed()) return RunUserAdd(common, uf);
  if (user_passwd->parsed()) return RunUserPasswd(common, uf);
  if (user_grant->parsed()) return RunUserGrant(common, uf);
  if (token_create->parsed()) return RunTokenCreate(common, token_email, token_name, token_days);
  if (audit_verify->parsed()) return RunAuditVerify(common);
  if (backup->parsed()) return RunBackup(common, backup_out);
  if (restore->parsed()) return RunRestore(common, restore_in);
  if (config_check->parsed()) return RunConfigCheck(common, connect);
  if (lists_import->parsed()) return RunListsImport(common, lif);
  if (screen->parsed()) return RunScreen(common, sf);
  if (import_ror->parsed()) return RunImportRor(common, rorf);
  if (import_people->parsed()) return RunImportPeople(common, pf);
  if (import_eu->parsed()) return RunImportEuCalls(common, eu_path);
  if (calls_list->parsed()) return RunCallsList(common, calls_programme);
  if (assign_cmd->parsed()) return RunAssign(af);
  // Commands with their own file.
  if (affinity_cmd.command->parsed()) return affinity_cmd.run();
  if (select_cmd.command->parsed()) return select_cmd.run();
  if (reindex->parsed()) return RunReindex(common);
  if (search_cmd->parsed()) return RunSearch(common, searchf);
  std::cerr << app.help();
  return 2;
}

}  // namespace asta::cli

int main(int argc, char** argv) { return asta::cli::Main(argc, argv); }
