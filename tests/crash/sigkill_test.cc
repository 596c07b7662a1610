// Crash consistency: `asta serve` is killed with SIGKILL again and again in the middle
// of writes, and after every kill the database and the audit chain must show exactly the
// acknowledged changes, whole:
//   - the audit chain verifies (hashes, order, head);
//   - every user whose creation got a 201 exists, with the id and e-mail answered;
//   - every stored user was sent by a client (nothing invented), and its row is whole:
//     the version in display_name equals the one in latin_name and language matches it;
//   - a user's stored version is at least its last acknowledged PATCH and at most the
//     last PATCH sent (one thread patches a given user, with increasing versions);
//   - users and `user.create` entries match one to one; a user has at least as many
//     `user.update` entries as acknowledged PATCHes and at most as many as were sent,
//     their versions increase, and the newest entry's after-state is the stored row;
//   - on SQLite, PRAGMA integrity_check and foreign_key_check are clean.
// After the last kill a restarted server serves acknowledged users, accepts a write and
// stops cleanly, and `asta audit verify` agrees.
//
// The kill delays come from a fixed seed, so a failing run can be replayed; the seed,
// the delays and the counts of each iteration are printed.
#include <gtest/gtest-spi.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/json.h"
#include "modules/audit/audit_log.h"
#include "store/database.h"
#include "tests/crash/child_process.h"
#include "tests/store/test_backends.h"

namespace asta::crash {
namespace {

using std::chrono::milliseconds;
using store::testing::Backend;

constexpr const char* kAdminEmail = "admin@crash.example";
constexpr int kCreatorThreads = 3;
constexpr int kPatcherThreads = 2;
constexpr int kMinKillDelayMs = 100;
constexpr int kMaxKillDelayMs = 600;
constexpr milliseconds kCommandTimeout{60000};
constexpr milliseconds kStartTimeout{30000};

// What the clients sent and what the server acknowledged, for one database.
struct TrackedUser {
  std::int64_t id = 0;
  std::string email;
  int acked_version = 0;  // the newest acknowledged PATCH's version; 0 as created
  int sent_version = 0;   // the newest PATCH's version sent, acknowledged or not
  int acked_patches = 0;
  int sent_patches = 0;
};

struct Ledger {
  std::mutex mu;
  std::set<std::string> sent_emails;          // every e-mail POSTed, answered or not
  std::map<std::int64_t, TrackedUser> users;  // acknowledged creations by id
  std::vector<std::int64_t> order;            // acknowledged ids, in order of answer
};

struct IterationStats {
  std::atomic<int> acked_creates{0};
  std::atomic<int> acked_patches{0};
  std::atomic<int> in_flight{0};
  std::mutex mu;
  std::vector<std::string> unexpected;  // answers or failures that must not happen

  void Unexpected(std::string what) {
    std::lock_guard<std::mutex> lock(mu);
    if (unexpected.size() < 20) unexpected.push_back(std::move(what));
  }
};

// The state of one user row as the tests write it: "名前 v<N>" / "Name v<N>", language
// "en" for odd N, "ja" for even N (and as created, N = 0, the name has no "v").
int VersionOf(const std::string& name, const std::string& prefix) {
  if (name.rfind(prefix + "v", 0) != 0) return 0;
  return std::atoi(name.c_str() + prefix.size() + 1);
}
const char* LanguageOf(int version) { return version % 2 == 1 ? "en" : "ja"; }

Json ParseBody(const std::string& body) {
  return Json::parse(body, nullptr, /*allow_exceptions=*/false);
}

struct LoadContext {
  int port = 0;
  std::string token;
  int iteration = 0;
  Ledger* ledger = nullptr;
  IterationStats* stats = nullptr;
  std::atomic<bool>* killed = nullptr;  // set just before the SIGKILL
  std::atomic<bool>* stop = nullptr;    // set after the server was reaped
};

std::unique_ptr<httplib::Client> MakeClient(const LoadContext& c) {
  auto client = std::make_unique<httplib::Client>("127.0.0.1", c.port);
  client->set_keep_alive(true);
  client->set_connection_timeout(5, 0);
  client->set_read_timeout(30, 0);
  client->set_write_timeout(30, 0);
  client->set_default_headers({{"Authorization", "Bearer " + c.token}});
  return client;
}

// Records a failed request: expected once the kill is under way, a finding before.
// Returns true when the caller should stop (the server is gone).
bool TransportFailed(const LoadContext& c, const std::string& what, httplib::Error error) {
  if (c.killed->load()) return true;
  c.stats->Unexpected(what + " failed before the kill: " + httplib::to_string(error));
  return false;
}

void CreateUsers(const LoadContext& c, int thread) {
  auto client = MakeClient(c);
  for (int n = 0; !c.stop->load(); ++n) {
    std::string tag =
        std::to_string(c.iteration) + "-" + std::to_string(thread) + "-" + std::to_string(n);
    std::string email = "u" + tag + "@crash.example";
    {
      std::lock_guard<std::mutex> lock(c.ledger->mu);
      c.ledger->sent_emails.insert(email);
    }
    Json body = {{"email", email},
                 {"display_name", "名前 " + tag},
                 {"latin_name", "Name " + tag},
                 {"language", "ja"}};
    ++c.stats->in_flight;
    auto res = client->Post("/api/v1/users", body.dump(), "application/json");
    --c.stats->in_flight;
    if (!res) {
      if (TransportFailed(c, "POST " + email, res.error())) return;
      continue;
    }
    Json answer = ParseBody(res->body);
    if (res->status != 201 || !answer.is_object() || !answer.contains("id") ||
        answer.value("email", "") != email) {
      c.stats->Unexpected("POST " + email + ": " + std::to_string(res->status) + " " + res->body);
      continue;
    }
    TrackedUser user;
    user.id = answer["id"].get<std::int64_t>();
    user.email = email;
    std::lock_guard<std::mutex> lock(c.ledger->mu);
    if (!c.ledger->users.emplace(user.id, user).second) {
      c.stats->Unexpected("POST " + email + ": id " + std::to_string(user.id) +
                          " was already given to another acknowledged user");
      continue;
    }
    c.ledger->order.push_back(user.id);
    ++c.stats->acked_creates;
  }
}

// Patcher `thread` owns the acknowledged users at positions thread, thread + P, … of
// ledger->order, so that each user is patched by one thread with increasing versions.
void PatchUsers(const LoadContext& c, int thread) {
  auto client = MakeClient(c);
  for (size_t round = 0; !c.stop->load(); ++round) {
    std::int64_t id = 0;
    int version = 0;
    {
      std::lock_guard<std::mutex> lock(c.ledger->mu);
      const size_t total = c.ledger->order.size();
      const size_t mine = total > static_cast<size_t>(thread)
                              ? (total - thread + kPatcherThreads - 1) / kPatcherThreads
                              : 0;
      if (mine > 0) {
        id = c.ledger->order[thread + kPatcherThreads * (round % mine)];
        TrackedUser& user = c.ledger->users.at(id);
        version = ++user.sent_version;
        ++user.sent_patches;
      }
    }
    if (id == 0) {
      std::this_thread::sleep_for(milliseconds(2));
      continue;
    }
    std::string v = "v" + std::to_string(version);
    Json body = {{"display_name", "名前 " + v},
                 {"latin_name", "Name " + v},
                 {"language", LanguageOf(version)}};
    std::string path = "/api/v1/users/" + std::to_string(id);
    ++c.stats->in_flight;
    auto res = client->Patch(path, body.dump(), "application/json");
    --c.stats->in_flight;
    if (!res) {
      if (TransportFailed(c, "PATCH " + path, res.error())) return;
      continue;
    }
    Json answer = ParseBody(res->body);
    if (res->status != 200 || !answer.is_object() ||
        answer.value("latin_name", "") != "Name " + v) {
      c.stats->Unexpected("PATCH " + path + " " + v + ": " + std::to_string(res->status) + " " +
                          res->body);
      continue;
    }
    std::lock_guard<std::mutex> lock(c.ledger->mu);
    TrackedUser& user = c.ledger->users.at(id);
    user.acked_version = version;
    ++user.acked_patches;
    ++c.stats->acked_patches;
  }
}

std::string Str(const Json& j, const char* key) {
  return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : "";
}

// Checks the database against the ledger (see the top of this file). Opens it directly,
// with no server running.
void CheckDatabase(const std::string& url, Backend backend, Ledger& ledger) {
  auto db = store::Database::Open(url, store::OpenOptions{.pool_size = 2});
  ASSERT_TRUE(db.has_value()) << db.error().ToString();
  auto report = audit::Verify(**db);
  ASSERT_TRUE(report.has_value()) << report.error().ToString();
  EXPECT_TRUE(report->ok) << "audit chain broken at seq " << report->first_broken_seq.value_or(-1)
                          << ": " << report->message;

  auto lease = (*db)->Acquire();
  ASSERT_TRUE(lease.has_value()) << lease.error().ToString();
  store::Connection& conn = **lease;
  if (backend == Backend::kSqliteFile) {
    auto integrity = conn.Query("PRAGMA integrity_check");
    ASSERT_TRUE(integrity.has_value()) << integrity.error().ToString();
    ASSERT_FALSE(integrity->empty());
    EXPECT_EQ(integrity->rows[0].Text(0), "ok");
    auto foreign = conn.Query("PRAGMA foreign_key_check");
    ASSERT_TRUE(foreign.has_value()) << foreign.error().ToString();
    EXPECT_TRUE(foreign->empty()) << foreign->size() << " rows break a foreign key";
  }
  ASSERT_TRUE(conn.Begin().has_value());  // one snapshot for both reads
  auto users =
      conn.Query("SELECT id, email, display_name, latin_name, language FROM users ORDER BY id");
  ASSERT_TRUE(users.has_value()) << users.error().ToString();
  auto entries = conn.Query(
      "SELECT seq, action, entity_id, after_json FROM audit_log "
      "WHERE action IN ('user.create', 'user.update') ORDER BY seq");
  ASSERT_TRUE(entries.has_value()) << entries.error().ToString();
  ASSERT_TRUE(conn.Commit().has_value());

  struct Stored {
    std::string email, display_name, latin_name, language;
  };
  std::map<std::int64_t, Stored> rows;
  for (const auto& r : users->rows) {
    rows[r.Int(0)] = Stored{r.Text(1), r.Text(2), r.Text(3), r.Text(4)};
  }
  std::map<std::int64_t, int> creates;
  std::map<std::int64_t, std::vector<int>> update_versions;
  std::map<std::int64_t, Json> newest_after;
  for (const auto& e : entries->rows) {
    std::int64_t id = std::atoll(e.Text(2).c_str());
    Json after = ParseBody(e.Text(3));
    if (e.Text(1) == "user.create") {
      ++creates[id];
    } else {
      update_versions[id].push_back(VersionOf(Str(after, "latin_name"), "Name "));
    }
    newest_after[id] = after;
  }

  std::lock_guard<std::mutex> lock(ledger.mu);
  int lost = 0;
  for (const auto& [id, user] : ledger.users) {
    auto row = rows.find(id);
    if (row == rows.end() || row->second.email != user.email) {
      if (++lost <= 5)
        ADD_FAILURE() << "acknowledged user " << id << " " << user.email << " is lost";
    }
  }
  EXPECT_EQ(lost, 0) << "of " << ledger.users.size() << " acknowledged users";

  for (const auto& [id, count] : creates) {
    EXPECT_TRUE(rows.count(id)) << "user.create of user " << id << " but no such user";
  }
  int checked = 0;
  for (const auto& [id, row] : rows) {
    SCOPED_TRACE("user " + std::to_string(id) + " " + row.email);
    EXPECT_EQ(creates[id], 1) << "user.create entries";
    if (row.email == kAdminEmail) continue;
    EXPECT_TRUE(ledger.sent_emails.count(row.email)) << "a user no client created";
    // The row is whole: its three fields come from one write.
    const int version = VersionOf(row.latin_name, "Name ");
    EXPECT_EQ(VersionOf(row.display_name, "名前 "), version) << row.display_name;
    EXPECT_EQ(row.language, LanguageOf(version));
    const auto& versions = update_versions[id];
    for (size_t i = 1; i < versions.size(); ++i) {
      EXPECT_LT(versions[i - 1], versions[i]) << "user.update entries out of order";
    }
    EXPECT_EQ(versions.empty() ? 0 : versions.back(), version)
        << "the newest user.update entry is not the stored state";
    const Json& after = newest_after[id];
    EXPECT_EQ(Str(after, "email"), row.email);
    EXPECT_EQ(Str(after, "display_name"), row.display_name);
    EXPECT_EQ(Str(after, "latin_name"), row.latin_name);
    EXPECT_EQ(Str(after, "language"), row.language);
    auto tracked = ledger.users.find(id);
    if (tracked == ledger.users.end()) {
      // Created by a request whose answer was lost in the kill: nobody knew its id.
      EXPECT_EQ(version, 0);
      EXPECT_TRUE(versions.empty());
      continue;
    }
    const TrackedUser& t = tracked->second;
    EXPECT_GE(version, t.acked_version) << "an acknowledged PATCH is lost";
    EXPECT_LE(version, t.sent_version) << "a PATCH nobody sent";
    EXPECT_GE(static_cast<int>(versions.size()), t.acked_patches) << "user.update entries";
    EXPECT_LE(static_cast<int>(versions.size()), t.sent_patches) << "user.update entries";
    ++checked;
    if (::testing::Test::HasFailure()) return;  // one broken user says enough
  }
  EXPECT_EQ(checked, static_cast<int>(ledger.users.size()));
}

// Sanitizer reports in a child's stderr (a report before the kill still gets printed).
void ExpectNoSanitizerReport(const std::string& text) {
  EXPECT_EQ(text.find("runtime error:"), std::string::npos) << text;
  EXPECT_EQ(text.find("ERROR: AddressSanitizer"), std::string::npos) << text;
  EXPECT_EQ(text.find("ERROR: LeakSanitizer"), std::string::npos) << text;
}

class SigkillTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    std::string reason;
    bool must_fail = false;
    if (!store::testing::TestDatabase::Available(GetParam(), &reason, &must_fail)) {
      if (must_fail) FAIL() << reason;
      GTEST_SKIP() << reason;
    }
    std::string error;
    test_db_ = store::testing::TestDatabase::Create(GetParam(), &error);
    ASSERT_NE(test_db_, nullptr) << error;
    url_ = test_db_->url();
  }

  CommandResult Asta(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), ASTA_BIN);
    return RunCommand(args, input, kCommandTimeout);
  }

  std::unique_ptr<ServerProcess> StartServer() {
    std::string error;
    auto server = ServerProcess::Start(
        {ASTA_BIN, "serve", "--db", url_, "--listen", "127.0.0.1:0", "--no-access-log"},
        kStartTimeout, &error);
    EXPECT_NE(server, nullptr) << error;
    return server;
  }

  // Migrates the fresh database and creates the administrator and its API token.
  void Prepare(std::string* token) {
    auto migrated = Asta({"migrate", "--db", url_});
    ASSERT_EQ(migrated.exit_code, 0) << migrated.Describe();
    auto added = Asta({"user", "add", "--db", url_, "--email", kAdminEmail, "--name", "Crash 管理",
                       "--password-stdin"},
                      "crash-test-password-42\n");
    ASSERT_EQ(added.exit_code, 0) << added.Describe();
    auto granted =
        Asta({"user", "grant", "--db", url_, "--email", kAdminEmail, "--role", "administrator"});
    ASSERT_EQ(granted.exit_code, 0) << granted.Describe();
    auto created =
        Asta({"token", "create", "--db", url_, "--email", kAdminEmail, "--name", "crash"});
    ASSERT_EQ(created.exit_code, 0) << created.Describe();
    *token = created.out.substr(0, created.out.find('\n'));
    ASSERT_EQ(token->rfind("asta_", 0), 0u) << "unexpected token output: " << created.out;
  }

  // Starts a server, lets the client threads write for `delay_ms`, SIGKILLs the server
  // and reaps it. `in_flight` is the number of requests under way at the kill.
  void KillDuringWrites(const std::string& token, int iteration, int delay_ms, Ledger* ledger,
                        int* in_flight) {
    auto server = StartServer();
    ASSERT_NE(server, nullptr);
    IterationStats stats;
    std::atomic<bool> killed{false}, stop{false};
    LoadContext context{server->port(), token, iteration, ledger, &stats, &killed, &stop};
    std::vector<std::thread> clients;
    for (int t = 0; t < kCreatorThreads; ++t) clients.emplace_back(CreateUsers, context, t);
    for (int t = 0; t < kPatcherThreads; ++t) clients.emplace_back(PatchUsers, context, t);

    std::this_thread::sleep_for(milliseconds(delay_ms));
    killed = true;
    *in_flight = stats.in_flight.load();
    const int status = server->SignalAndWait(SIGKILL, milliseconds(10000));
    stop = true;
    for (auto& t : clients) t.join();

    // The server must have been alive until the kill, not crashed on its own.
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << "server " << DescribeWaitStatus(status) << "; stderr: " << server->StderrText();
    ExpectNoSanitizerReport(server->StderrText());
    for (const auto& u : stats.unexpected) ADD_FAILURE() << u;
    std::printf(
        "[ crash    ] iteration %d: killed after %d ms with %d requests in flight; "
        "acknowledged %d creations, %d updates (total users %zu)\n",
        iteration, delay_ms, *in_flight, stats.acked_creates.load(), stats.acked_patches.load(),
        ledger->users.size());
    std::fflush(stdout);
  }

  std::unique_ptr<store::testing::TestDatabase> test_db_;
  std::string url_;
};

TEST_P(SigkillTest, KilledWriterLosesNothingAcknowledgedAndLeavesNoPartialChange) {
  const auto started = std::chrono::steady_clock::now();
  const Backend backend = GetParam();
  const int iterations = backend == Backend::kPostgres ? 5 : 8;
  const std::uint32_t seed = 20240917u + static_cast<std::uint32_t>(backend);

  std::string token;
  ASSERT_NO_FATAL_FAILURE(Prepare(&token));

  Ledger ledger;
  std::mt19937 random(seed);
  std::uniform_int_distribution<int> delays(kMinKillDelayMs, kMaxKillDelayMs);
  std::printf("[ crash    ] %s: seed %u, %d iterations\n",
              store::testing::BackendName(backend).c_str(), seed, iterations);
  int kills_with_requests_in_flight = 0;
  for (int iteration = 0; iteration < iterations; ++iteration) {
    SCOPED_TRACE("iteration " + std::to_string(iteration));
    int in_flight = 0;
    ASSERT_NO_FATAL_FAILURE(
        KillDuringWrites(token, iteration, delays(random), &ledger, &in_flight));
    if (in_flight > 0) ++kills_with_requests_in_flight;
    CheckDatabase(url_, backend, ledger);
    if (HasFailure()) return;
  }
  // The test means something only if writes were acknowledged and cut short.
  EXPECT_GE(ledger.users.size(), static_cast<size_t>(iterations));
  EXPECT_GT(kills_with_requests_in_flight, 0);
  int acked_patches = 0;
  for (const auto& [id, user] : ledger.users) acked_patches += user.acked_patches;
  EXPECT_GT(acked_patches, 0);

  // A restarted server serves what was acknowledged and keeps writing.
  {
    auto server = StartServer();
    ASSERT_NE(server, nullptr);
    httplib::Client client("127.0.0.1", server->port());
    client.set_read_timeout(30, 0);
    client.set_default_headers({{"Authorization", "Bearer " + token}});
    for (std::int64_t id : {ledger.order.front(), ledger.order.back()}) {
      const TrackedUser& user = ledger.users.at(id);
      auto res = client.Get("/api/v1/users/" + std::to_string(id));
      ASSERT_TRUE(res) << httplib::to_string(res.error());
      EXPECT_EQ(res->status, 200) << res->body;
      Json body = ParseBody(res->body);
      EXPECT_EQ(Str(body, "email"), user.email);
      EXPECT_GE(VersionOf(Str(body, "latin_name"), "Name "), user.acked_version);
    }
    const std::string email = "after-restart@crash.example";
    ledger.sent_emails.insert(email);
    Json body = {{"email", email},
                 {"display_name", "再起動後"},
                 {"latin_name", "After restart"},
                 {"language", "ja"}};
    auto res = client.Post("/api/v1/users", body.dump(), "application/json");
    ASSERT_TRUE(res) << httplib::to_string(res.error());
    ASSERT_EQ(res->status, 201) << res->body;
    TrackedUser user;
    user.id = ParseBody(res->body).value("id", std::int64_t{0});
    user.email = email;
    ledger.users[user.id] = user;
    client.stop();
    const int status = server->SignalAndWait(SIGTERM, milliseconds(20000));
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
        << "server " << DescribeWaitStatus(status) << "; stderr: " << server->StderrText();
    ExpectNoSanitizerReport(server->StderrText());
  }
  CheckDatabase(url_, backend, ledger);
  auto verified = Asta({"audit", "verify", "--db", url_});
  EXPECT_EQ(verified.exit_code, 0) << verified.Describe();

  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("[ crash    ] %s: %zu users acknowledged, %d updates acknowledged, %.1f s\n",
              store::testing::BackendName(backend).c_str(), ledger.users.size(), acked_patches,
              seconds);
}

INSTANTIATE_TEST_SUITE_P(Backends, SigkillTest,
                         ::testing::Values(Backend::kSqliteFile, Backend::kPostgres),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return store::testing::BackendName(info.param);
                         });

// The checks above must be able to fail: a negative control that damages a database the
// way a broken commit path would (an acknowledged user missing, an acknowledged PATCH
// rolled back, a row changed without its audit entry) and expects CheckDatabase to
// notice each, although the audit chain itself still verifies.
class CheckerSelfTest : public SigkillTest {
 protected:
  // The failure messages CheckDatabase reports, collected instead of failing the test.
  std::string FailuresOfCheck(Ledger& ledger) {
    ::testing::TestPartResultArray failures;
    {
      ::testing::ScopedFakeTestPartResultReporter reporter(
          ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &failures);
      CheckDatabase(url_, GetParam(), ledger);
    }
    std::string all;
    for (int i = 0; i < failures.size(); ++i) {
      all += failures.GetTestPartResult(i).message();
      all += "\n";
    }
    return all;
  }

  void Execute(const std::string& sql, const std::vector<store::Value>& params) {
    auto db = store::Database::Open(url_, store::OpenOptions{.pool_size = 1});
    ASSERT_TRUE(db.has_value()) << db.error().ToString();
    auto lease = (*db)->Acquire();
    ASSERT_TRUE(lease.has_value()) << lease.error().ToString();
    auto changed = (*lease)->Execute(sql, params);
    ASSERT_TRUE(changed.has_value()) << changed.error().ToString();
    ASSERT_EQ(*changed, 1) << sql;
  }
};

TEST_P(CheckerSelfTest, DamagedDatabasesFailTheChecks) {
  std::string token;
  ASSERT_NO_FATAL_FAILURE(Prepare(&token));
  Ledger ledger;
  // Writes until two users are acknowledged, one of them with an acknowledged PATCH.
  std::int64_t patched = 0;
  for (int iteration = 0; iteration < 10 && patched == 0; ++iteration) {
    int in_flight = 0;
    ASSERT_NO_FATAL_FAILURE(
        KillDuringWrites(token, iteration, kMaxKillDelayMs, &ledger, &in_flight));
    for (const auto& [id, user] : ledger.users) {
      if (user.acked_version > 0) patched = id;
    }
  }
  ASSERT_NE(patched, 0) << "no PATCH was acknowledged";
  ASSERT_GE(ledger.users.size(), 2u);
  ASSERT_EQ(FailuresOfCheck(ledger), "") << "the undamaged database must pass";
  const TrackedUser patched_user = ledger.users.at(patched);
  std::int64_t other = ledger.order.front() != patched ? ledger.order.front() : ledger.order.back();

  // The acknowledged PATCH rolled back, with its audit entry kept.
  auto db = store::Database::Open(url_);
  ASSERT_TRUE(db.has_value());
  auto row =
      (*(*db)->Acquire())
          ->Query("SELECT display_name, latin_name, language FROM users WHERE id = ?", {patched});
  ASSERT_TRUE(row.has_value() && row->size() == 1u);
  const std::string display = row->rows[0].Text(0), latin = row->rows[0].Text(1),
                    language = row->rows[0].Text(2);
  db->reset();
  ASSERT_NO_FATAL_FAILURE(
      Execute("UPDATE users SET display_name = '名前 x', latin_name = 'Name x', language = 'ja' "
              "WHERE id = ?",
              {patched}));
  std::string failures = FailuresOfCheck(ledger);
  EXPECT_NE(failures.find("an acknowledged PATCH is lost"), std::string::npos) << failures;
  EXPECT_NE(failures.find("the newest user.update entry is not the stored state"),
            std::string::npos)
      << failures;

  // A torn row: one field of a PATCH that nobody sent, and no audit entry for it.
  ASSERT_NO_FATAL_FAILURE(Execute(
      "UPDATE users SET display_name = ?, latin_name = ?, language = ? WHERE id = ?",
      {display, "Name v" + std::to_string(patched_user.sent_version + 1), language, patched}));
  failures = FailuresOfCheck(ledger);
  EXPECT_NE(failures.find("a PATCH nobody sent"), std::string::npos) << failures;
  EXPECT_NE(failures.find(display), std::string::npos) << failures;

  ASSERT_NO_FATAL_FAILURE(
      Execute("UPDATE users SET display_name = ?, latin_name = ?, language = ? WHERE id = ?",
              {display, latin, language, patched}));
  ASSERT_EQ(FailuresOfCheck(ledger), "") << "the repaired database must pass";

  // An acknowledged user lost.
  ASSERT_NO_FATAL_FAILURE(Execute("DELETE FROM users WHERE id = ?", {other}));
  failures = FailuresOfCheck(ledger);
  EXPECT_NE(failures.find("is lost"), std::string::npos) << failures;
  EXPECT_NE(failures.find("but no such user"), std::string::npos) << failures;
}

INSTANTIATE_TEST_SUITE_P(Sqlite, CheckerSelfTest, ::testing::Values(Backend::kSqliteFile),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return store::testing::BackendName(info.param);
                         });

}  // namespace
}  // namespace asta::crash
